#pragma once
// Shared pieces of the import (import*.cpp, osm_rules.cpp). Private to cordon_geo.

#include "gdal_handles.hpp"
#include "reproject.hpp"

#include <cordon/geo/import.hpp>

#include <ogrsf_frmts.h>

#include <optional>
#include <string>
#include <vector>

namespace cordon::geo::detail {

/// Features read so far, in WGS 84 lon/lat, with the report being written.
struct Collector {
    District district;
    ImportReport report;

    LayerReport& layer(const std::string& role) { return report.layers[role]; }
    void drop(const std::string& role, const std::string& id, const std::string& reason) {
        auto& l = layer(role);
        ++l.dropped;
        l.dropped_ids[reason].push_back(id);
    }
};

/// A source's layer being read: where it comes from and how to reproject it.
struct LayerContext {
    std::string file;
    std::string layer;
    const Reprojector* to_wgs84 = nullptr;

    std::string where(const std::string& feature_id) const {
        return file + ": layer '" + layer + "' feature " + feature_id;
    }
};

/// Reprojects to WGS 84 and checks the result is on Earth; throws InputError naming the
/// feature otherwise.
void to_wgs84(std::vector<Point>& points, const LayerContext& ctx, const std::string& id);
void to_wgs84(MultiPolygon& polygons, const LayerContext& ctx, const std::string& id);
void to_wgs84(Point& point, const LayerContext& ctx, const std::string& id);

/// A Shapefile (.shp or .dbf), whose text encoding the planner may have to say.
bool is_shapefile(const std::string& path);

/// Open options of a source that is not a Shapefile: the OSM driver's rules (Cordon's) and
/// the CSV driver's coordinate columns; other drivers ignore them.
std::vector<std::string> source_open_options();

/// Opens a GDAL vector dataset; throws InputError naming the file.
GDALDatasetUniquePtr open_vector(const std::string& path,
                                 const std::vector<std::string>& open_options);

/// Reads an OSM extract with Cordon's built-in rules into `out`.
void read_osm(GDALDataset& dataset, const std::string& path, const ImportOptions& options,
              Collector& out, SourceReport& source, Progress& progress);

/// Reads one layer of any GDAL source as `role`, with the planner's field mapping.
void read_layer(OGRLayer& layer, const std::string& role, const std::string& path,
                const ImportOptions& options, Collector& out, SourceReport& source,
                Progress& progress);

/// Text of a field (empty when unset or absent).
std::string field_text(OGRFeature& feature, int index);
/// Number from a field, when set and numeric.
std::optional<double> field_number(OGRFeature& feature, int index);
/// yes/true/1/是 → true, no/false/0/否 → false.
std::optional<bool> field_flag(OGRFeature& feature, int index);

} // namespace cordon::geo::detail
