#pragma once
// Import: district data from OpenStreetMap extracts or any GDAL vector source into the
// project's layers, in the project's metric CRS, with a report of what happened to every
// feature.

#include <cordon/geo/district.hpp>
#include <cordon/geo/param_text.hpp>
#include <cordon/geo/progress.hpp>
#include <cordon/geo/text_encoding.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cordon::geo {

/// The layer roles a source layer can play.
inline const std::vector<std::string> import_roles{
    "communities", "compounds", "buildings", "gates", "roads", "checkpoints", "district"};

/// The import's parameters as its errors and messages name them (ParamError, ParamText); the
/// front ends say them their own way (cordon-cli its options, the New Project wizard its fields).
namespace import_param {
inline const std::string mapping = "mapping";       ///< a mapping file (read_mapping_file)
inline const std::string map = "map";               ///< ROLE=FILE[:LAYER] (parse_layer_map)
inline const std::string field = "field";           ///< ROLE.ATTRIBUTE=FIELD (parse_field_map)
inline const std::string encoding = "encoding";     ///< gbk or utf8: a Shapefile's text
inline const std::string source_crs = "source_crs"; ///< the CRS the sources' coordinates are in
inline const std::string crs = "crs";               ///< the project's CRS, EPSG:N
} // namespace import_param

/// `ROLE=FILE[:LAYER]` (the parameter map): this layer of this file holds this role.
struct LayerMap {
    std::string role;
    std::string file;
    std::string layer; ///< empty: the file's only layer, or the one named like the role
};

/// How households are estimated for buildings whose source gives none (documented in README).
struct HouseholdRule {
    double floor_area_per_household = 100.0; ///< m² of gross floor area per household
    int default_floors = 6;                  ///< floors of a building with no levels
    int default_house_floors = 2;            ///< floors of building=house/detached/...
    double persons_per_household = 2.62;     ///< China 2020 census average household size
};

struct ImportOptions {
    std::vector<std::string> sources; ///< files given positionally
    std::vector<LayerMap> maps;
    std::map<std::string, std::string> fields; ///< "buildings.households" → source field name
    std::string source_crs;                    ///< override: PROJ text, "gcj02" or "bd09"
    std::optional<TextEncoding> encoding;      ///< override for Shapefile text
    std::string project_crs;                   ///< "EPSG:N"; empty: UTM zone of the centre
    HouseholdRule households;
    double gate_tolerance = 10.0; ///< metres from a compound boundary for a gate to belong to it
};

/// Reads a mapping file: lines `ROLE = FILE[:LAYER]` and `ROLE.ATTRIBUTE = FIELD`, '#'
/// comments; relative paths are relative to the mapping file. Adds to `options`.
void read_mapping_file(const std::string& path, ImportOptions& options);
/// Parses one `ROLE=FILE[:LAYER]` (the parameter map) and one `ROLE.ATTRIBUTE=FIELD` (field);
/// \throws ParamError naming the parameter.
LayerMap parse_layer_map(const std::string& text);
std::pair<std::string, std::string> parse_field_map(const std::string& text);
/// The attributes each role reads, e.g. buildings: name, households, floors...
const std::vector<std::string>& role_attributes(const std::string& role);

/// What happened to the features of one role.
struct LayerReport {
    std::size_t read = 0;
    std::size_t imported = 0;
    std::size_t repaired = 0;
    std::size_t dropped = 0;
    std::size_t estimated = 0; ///< buildings whose households were estimated
    std::map<std::string, std::vector<std::string>> dropped_ids;  ///< reason → feature ids
    std::map<std::string, std::vector<std::string>> repaired_ids; ///< reason → feature ids
    std::map<std::string, std::vector<std::string>> notes;        ///< reason → feature ids
};

/// One source file: how it was read and which of its features no role took.
struct SourceReport {
    std::string path;
    std::string driver;
    std::string encoding;
    std::string crs;
    std::vector<std::string> layers; ///< "layer → role"
    std::size_t features = 0;
    std::map<std::string, std::vector<std::string>> left_out; ///< reason → feature ids
    /// What the planner should check, e.g. a .cpg that names the wrong encoding.
    std::vector<ParamText> warnings;
};

/// A warning of the report in JSON: {"message": in the libraries' words, "texts": [...],
/// "params": [{"param", "value"}...]} (ParamText), and back (a plain string reads as words).
nlohmann::json to_json(const ParamText& text);
ParamText param_text_from_json(const nlohmann::json& json);

struct ImportReport {
    std::string project_crs;
    std::vector<SourceReport> sources;
    std::map<std::string, LayerReport> layers; ///< role → report
    HouseholdRule households;

    nlohmann::json to_json() const;
};

struct Imported {
    District district;
    ImportReport report;
};

/// Reads every source; throws InputError naming the file, layer, feature or field at fault
/// (ParamError or ParamTextError when a parameter is wrong or would put it right).
Imported import_district(const ImportOptions& options, Progress& progress);

} // namespace cordon::geo
