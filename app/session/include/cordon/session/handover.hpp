#pragma once
// The hand-over package for other agencies: the printed atlas, every plan layer as
// Shapefile (GBK by default), GeoPackage, KML and CSV, the staffing tables as CSV and a short
// contents file, in a folder or a ZIP archive.

#include <cordon/geo/progress.hpp>
#include <cordon/geo/text_encoding.hpp>
#include <cordon/planner/staffing.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cordon::session {

/// The layers a package holds, in this order.
inline const std::vector<std::string> handover_layers{
    "district",    "communities",  "compounds",    "buildings", "gates", "roads",
    "checkpoints", "choke_points", "cordon_areas", "zones",     "routes"};

/// The layer formats a package holds, as geo::export_layer names them.
inline const std::vector<std::string> handover_formats{"shp", "gpkg", "kml", "csv"};

struct HandoverOptions {
    /// A folder (made; an existing one is replaced only when it holds an earlier package),
    /// or a file ending in .zip.
    std::string output;
    geo::TextEncoding shapefile_encoding = geo::TextEncoding::gbk;
    std::string crs; ///< layers' CRS: empty for the project's, "EPSG:N", "gcj02" or "bd09"
    /// The staffing table's parameters; empty: those the project was last planned with
    /// (session::staffing_params).
    std::optional<planner::StaffingParams> staffing;
    /// Writes the atlas PDF at the path it is given and returns a line about it for the
    /// contents file ("11 pages: overview and 8 zones"); empty: the package has no atlas.
    std::function<std::string(const std::string& path)> write_atlas;
    std::string language = "zh"; ///< of the contents file: zh (with English) or en
};

/// Writes the package; all or nothing: it is made beside the target and put in place (an
/// earlier package swapped out) only when complete. Returns a report: every file with its
/// layer, format and feature count, the layers left out because they are empty, where it
/// was written. Throws InputError naming the output when it cannot be written.
/// `before_commit`, when given, gets the report before the package is put in place.
nlohmann::json write_handover(const std::string& project, const HandoverOptions& options,
                              Progress& progress,
                              const std::function<void(const nlohmann::json&)>& before_commit = {});

/// Writes `files` (paths relative to `root`) into a ZIP archive at `zip` (stored, not
/// compressed; UTF-8 names). Throws InputError naming `zip` when it cannot be written.
void write_zip(const std::string& root, const std::vector<std::string>& files,
               const std::string& zip);

} // namespace cordon::session
