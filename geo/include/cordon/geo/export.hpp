#pragma once
// Export: any layer of a project to the files other agencies open (ArcGIS, QGIS, Google Earth).

#include <cordon/geo/progress.hpp>
#include <cordon/geo/text_encoding.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cordon::geo {

struct ExportOptions {
    std::string layer;  ///< a project table: buildings, compounds, roads, gates, network_edges…
    std::string format; ///< shp, gpkg, kml, geojson, csv
    std::string output; ///< file to write (for shp: the .shp; sidecar files go beside it)
    TextEncoding encoding = TextEncoding::utf8; ///< Shapefile text encoding (.cpg written)
    std::string crs; ///< empty: the project CRS; "EPSG:N", "gcj02" or "bd09"
};

/// The formats export writes, as `--format` names them.
const std::vector<std::string>& export_formats();

/// Writes the layer; all or nothing (an existing output is replaced only when the new one
/// is complete). Returns a report: features, fields (with the Shapefile name mapping), CRS.
nlohmann::json export_layer(const std::string& project, const ExportOptions& options,
                            Progress& progress);

} // namespace cordon::geo
