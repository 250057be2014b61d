#pragma once
// Setting up an import before it runs, as the desktop app's New Project wizard does: the
// layers of the source files and the roles and fields the import would give them, the
// planner's choices turned into the import's parameters and ImportOptions (one path for both
// front-ends), and previews (first rows in an encoding, features in a CRS).

#include <cordon/geo/geometry.hpp>
#include <cordon/geo/import.hpp>
#include <cordon/geo/text_encoding.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cordon::geo {

/// Role of an OSM extract read with Cordon's built-in OpenStreetMap rules (the whole file).
inline const std::string osm_rules_role = "osm";
/// Role of a layer the import leaves out.
inline const std::string ignore_role = "ignore";

/// One layer of a source file.
struct SourceLayer {
    std::string file;
    std::string layer;
    std::string geometry;            ///< e.g. "Polygon", "Line String", "Point"
    std::size_t features = 0;        ///< as the driver counts them (may be 0 when unknown)
    std::vector<std::string> fields; ///< field names, decoded as the import reads them
    std::string crs;                 ///< the layer's CRS name; empty when it has none
    bool osm = false;                ///< a layer of an OSM extract
    std::string role;                ///< the role the import gives it when not told
};

/// The role the import gives a layer named like this when the planner does not say
/// ("buildings", "小区" → compounds…), if any.
std::optional<std::string> guess_layer_role(const std::string& layer_name);

/// The field of `fields` that the import reads `attribute` from when the planner maps none
/// (e.g. households ← "户数"), if any.
std::optional<std::string> detect_field(const std::string& attribute,
                                        const std::vector<std::string>& fields);

/// How the import reads a source's text: the encoding chosen (the parameter encoding), else a
/// Shapefile's .cpg, else detected from its bytes; other formats are UTF-8. `problem` is why
/// the import would refuse the file (e.g. "x.shp: layer 'x' feature x#1, field 'NAME': not
/// valid UTF-8 text (encoding utf8)…", naming the parameter apart), empty when it reads;
/// `encoding` is then still the best reading for a preview.
struct SourceEncoding {
    TextEncoding encoding = TextEncoding::utf8;
    std::string how; ///< e.g. "CP936 (detected)", "CP936 (chosen)", as the report's encoding
    std::vector<ParamText> warnings;
    ParamText problem;
};
SourceEncoding source_encoding(const std::string& path, std::optional<TextEncoding> encoding);

/// Every layer of each file, the role the import gives it (an OSM extract's layers:
/// osm_rules_role) and its field names in the encoding the import would use (`encoding`: the
/// one chosen). \throws InputError naming a file that is not a readable vector file.
std::vector<SourceLayer> list_source_layers(const std::vector<std::string>& files,
                                            std::optional<TextEncoding> encoding);

/// The first rows of a layer with the text decoded in `encoding` (Shapefiles; other formats
/// are UTF-8 whatever it says): bytes that are not valid in it show as U+FFFD or as the
/// wrong characters, as the planner would see them.
struct PreviewRows {
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
    std::string encoding; ///< what was applied: "UTF-8" or "GBK"
    ParamText problem;    ///< why the import would refuse this text, empty when it reads
};
PreviewRows preview_rows(const std::string& file, const std::string& layer,
                         std::optional<TextEncoding> encoding, std::size_t max_rows);

/// The first features of a layer in WGS 84 longitude/latitude, converted from `source_crs`
/// (empty: as the layer says; else as the parameter source_crs: "gcj02", "bd09", "EPSG:4490"…).
struct PreviewShapes {
    std::vector<std::vector<Point>> lines; ///< polygon rings and lines
    std::vector<Point> points;
    Box extent;        ///< of lines and points
    ParamText problem; ///< e.g. the layer has no CRS; then nothing is read
};
PreviewShapes preview_shapes(const std::string& file, const std::string& layer,
                             const std::string& source_crs, std::size_t max_features);

/// Fits `box` into a width × height pixel area with `margin` pixels around, keeping the
/// aspect ratio (y up): pixel() maps a longitude/latitude (or any x/y) to pixels.
struct PreviewFrame {
    double scale = 1, x0 = 0, y0 = 0, width = 0, height = 0;
    PreviewFrame(const Box& box, double w, double h, double margin);
    Point pixel(Point p) const { return {x0 + p.x * scale, y0 - p.y * scale}; }
};

/// The planner's choices for one layer.
struct LayerChoice {
    std::string file;
    std::string layer;
    bool osm = false;
    std::string role;                          ///< an import role, osm_rules_role or ignore_role
    std::map<std::string, std::string> fields; ///< attribute → field chosen (empty: detected)
    std::vector<std::string> source_fields;    ///< the layer's fields (SourceLayer::fields)
};

/// Everything the New Project wizard asks.
struct ImportChoices {
    std::vector<std::string> files;
    std::vector<LayerChoice> layers;
    std::string encoding;   ///< "" detect, "utf8" or "gbk"
    std::string source_crs; ///< "" as the data says, else the CRS of the sources
};

/// Choices with every layer in the role the import gives it by itself.
ImportChoices default_choices(const std::vector<std::string>& files,
                              const std::vector<SourceLayer>& layers);

/// Sets the role of layer `name` (LAYER, or FILE:LAYER with FILE its path, file name or stem
/// when several files have the layer). An OSM extract is read either with the built-in rules (all
/// its layers osm_rules_role) or layer by layer: setting one layer to osm_rules_role sets all of
/// the file's layers to it, and giving one a role turns the file's others that were osm_rules_role
/// to ignore_role. \throws InputError for an unknown layer or role.
void set_layer_role(ImportChoices& choices, const std::string& name, const std::string& role);

/// The import's parameters as text, which make its ImportOptions: what `cordon-cli import`
/// reads from its command line and the New Project wizard makes of its choices.
struct ImportArguments {
    std::vector<std::string> sources; ///< files read whole (OSM rules, or layers named by role)
    std::vector<std::string> mapping; ///< import_param::mapping: mapping files
    std::vector<std::string> maps;    ///< import_param::map: ROLE=FILE[:LAYER]
    std::vector<std::string> fields;  ///< import_param::field: ROLE.ATTRIBUTE=FIELD
    std::optional<std::string> source_crs, crs, encoding;

    /// Every parameter given, in order (mapping, map, field, encoding, source_crs, crs), each
    /// value apart: what a front end writes out as its own command (cordon-cli's options).
    std::vector<ParamMention> params() const;
};

/// ImportOptions from the import's parameters: what the CLI does with its arguments, and what
/// the wizard does with its choices (through import_arguments). \throws ParamError naming the
/// parameter, InputError for a mapping file.
ImportOptions import_options(const ImportArguments& arguments);

/// The import's parameters for the planner's choices: OSM extracts read by the built-in rules
/// as sources, every other layer with a role as a map ROLE=FILE:LAYER, field choices as
/// field ROLE.ATTRIBUTE=FIELD. \throws InputError when two layers of one role map an
/// attribute to different fields, or nothing is left to import.
ImportArguments import_arguments(const ImportChoices& choices);

} // namespace cordon::geo
