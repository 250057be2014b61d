#pragma once
// Export: any layer of a project to the files other agencies open (ArcGIS, QGIS, Google Earth).

#include <cordon/geo/progress.hpp>
#include <cordon/geo/text_encoding.hpp>

#include <nlohmann/json.hpp>

#include <functional>
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

/// Writes the layer; all or nothing: the output is written beside the target, checked
/// (every byte written, GDAL closed it without error, a Shapefile's files as long as their
/// headers say) and only then put in place; an earlier output stays as it was on any failure.
/// A path that cannot be written, or a write that fails (a full disk), throws InputError
/// naming the path and the system's reason. `before_commit`, when given, gets the report
/// once the output is complete and before it is put in place (a caller's side outputs); if
/// it throws, nothing is put in place. Returns a report: features, fields (with the
/// Shapefile name mapping), CRS.
nlohmann::json export_layer(const std::string& project, const ExportOptions& options,
                            Progress& progress,
                            const std::function<void(const nlohmann::json&)>& before_commit = {});

} // namespace cordon::geo
