// Setting up an import: layers, roles and fields of the sources, the planner's choices as the
// import's parameters, previews of rows and features.

#include "import_detail.hpp"
#include "ogr_geometry.hpp"

#include <cordon/geo/crs.hpp>
#include <cordon/geo/error.hpp>
#include <cordon/geo/import_setup.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace fs = std::filesystem;

namespace cordon::geo {

namespace {

GDALDatasetUniquePtr open_raw(const std::string& file) {
    detail::ensure_gdal();
    // Shapefile text as raw bytes (decoded here), other formats as their drivers give it.
    return detail::open_vector(file, detail::is_shapefile(file)
                                         ? std::vector<std::string>{"ENCODING="}
                                         : detail::source_open_options());
}

OGRLayer& layer_of(GDALDataset& ds, const std::string& file, const std::string& name) {
    OGRLayer* layer = name.empty() ? ds.GetLayer(0) : ds.GetLayerByName(name.c_str());
    if (!layer) throw InputError(file + ": no layer '" + name + "'");
    return *layer;
}

const char* encoding_label(TextEncoding e) {
    return e == TextEncoding::utf8 ? "UTF-8" : "GBK";
}

bool is_role(const std::string& role) {
    return std::find(import_roles.begin(), import_roles.end(), role) != import_roles.end();
}

/// `FILE:LAYER` names FILE by its path, its file name or its stem; plain `LAYER` any file.
bool names_layer(const LayerChoice& c, const std::string& name) {
    const auto colon = name.rfind(':');
    if (colon == std::string::npos) return c.layer == name;
    const std::string file = name.substr(0, colon);
    const fs::path p(c.file);
    return c.layer == name.substr(colon + 1) &&
           (c.file == file || p.filename().string() == file || p.stem().string() == file);
}

} // namespace

std::vector<SourceLayer> list_source_layers(const std::vector<std::string>& files,
                                            std::optional<TextEncoding> encoding) {
    std::vector<SourceLayer> out;
    for (const std::string& file : files) {
        const TextEncoding text = source_encoding(file, encoding).encoding;
        auto ds = open_raw(file);
        detail::QuietGdalErrors quiet;
        const bool osm = std::string(ds->GetDriverName()) == "OSM";
        for (int i = 0; i < ds->GetLayerCount(); ++i) {
            OGRLayer* layer = ds->GetLayer(i);
            SourceLayer l;
            l.file = file;
            l.layer = layer->GetName();
            l.geometry = OGRGeometryTypeToName(wkbFlatten(layer->GetGeomType()));
            const GIntBig count = osm ? -1 : layer->GetFeatureCount(TRUE);
            l.features = count > 0 ? static_cast<std::size_t>(count) : 0;
            OGRFeatureDefn* defn = layer->GetLayerDefn();
            for (int f = 0; f < defn->GetFieldCount(); ++f)
                l.fields.push_back(decode_lossy(defn->GetFieldDefn(f)->GetNameRef(), text));
            if (const OGRSpatialReference* srs = layer->GetSpatialRef())
                l.crs = srs->GetName() ? srs->GetName() : "(unnamed CRS)";
            l.osm = osm;
            l.role = osm ? osm_rules_role : guess_layer_role(l.layer).value_or(ignore_role);
            out.push_back(std::move(l));
        }
    }
    return out;
}

PreviewRows preview_rows(const std::string& file, const std::string& layer_name,
                         std::optional<TextEncoding> encoding, std::size_t max_rows) {
    PreviewRows out;
    TextEncoding text = TextEncoding::utf8;
    if (detail::is_shapefile(file)) {
        const SourceEncoding chosen = source_encoding(file, encoding);
        text = chosen.encoding;
        out.problem = chosen.problem;
    }
    out.encoding = encoding_label(text);
    auto ds = open_raw(file);
    detail::QuietGdalErrors quiet;
    OGRLayer& layer = layer_of(*ds, file, layer_name);
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    for (int f = 0; f < defn->GetFieldCount(); ++f)
        out.columns.push_back(decode_lossy(defn->GetFieldDefn(f)->GetNameRef(), text));
    layer.ResetReading();
    for (OGRFeatureUniquePtr f(layer.GetNextFeature()); f && out.rows.size() < max_rows;
         f.reset(layer.GetNextFeature())) {
        std::vector<std::string> row;
        for (int i = 0; i < defn->GetFieldCount(); ++i)
            row.push_back(decode_lossy(detail::field_text(*f, i), text));
        out.rows.push_back(std::move(row));
    }
    return out;
}

PreviewShapes preview_shapes(const std::string& file, const std::string& layer_name,
                             const std::string& source_crs, std::size_t max_features) {
    PreviewShapes out;
    auto ds = open_raw(file);
    detail::QuietGdalErrors quiet;
    OGRLayer& layer = layer_of(*ds, file, layer_name);
    // The same choice of source CRS as the import's (read_layer).
    std::optional<detail::Reprojector> to_wgs84;
    const auto wgs = detail::wgs84();
    try {
        if (!source_crs.empty()) {
            const CrsSpec spec = parse_crs(source_crs, import_param::source_crs);
            OGRSpatialReference srs;
            if (spec.kind == CrsSpec::Kind::proj) {
                srs.SetFromUserInput(spec.definition.c_str());
                srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
            }
            to_wgs84.emplace(&srs, spec.kind, wgs);
        } else if (const OGRSpatialReference* srs = layer.GetSpatialRef()) {
            OGRSpatialReference copy(*srs);
            copy.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
            to_wgs84.emplace(&copy, CrsSpec::Kind::proj, wgs);
        } else {
            out.problem << file + ": layer '" + layer.GetName() + "' has no CRS; say which with "
                        << ParamMention{import_param::source_crs, ""};
            return out;
        }
    } catch (const ParamError& e) {
        out.problem = param_text(e);
        return out;
    } catch (const std::exception& e) {
        out.problem << e.what();
        return out;
    }
    const auto is_the_crs_right = [&] {
        out.problem << "; is the source CRS right? (" << ParamMention{import_param::source_crs, ""}
                    << ")";
    };
    auto add_line = [&](std::vector<Point> line) {
        if (!to_wgs84->apply(line)) {
            if (out.problem.empty()) {
                out.problem << "some coordinates cannot be converted to WGS 84";
                is_the_crs_right();
            }
            return;
        }
        for (const Point& p : line)
            out.extent.expand(p);
        out.lines.push_back(std::move(line));
    };
    std::size_t read = 0;
    layer.ResetReading();
    for (OGRFeatureUniquePtr f(layer.GetNextFeature()); f && read < max_features;
         f.reset(layer.GetNextFeature())) {
        const OGRGeometry* g = f->GetGeometryRef();
        if (!g || g->IsEmpty()) continue;
        ++read;
        for (Polygon& polygon : detail::to_multipolygon(*g))
            for (Ring& ring : polygon.rings)
                add_line(std::move(ring));
        if (wkbFlatten(g->getGeometryType()) == wkbLineString ||
            wkbFlatten(g->getGeometryType()) == wkbMultiLineString)
            for (LineString& line : detail::to_linestrings(*g))
                add_line(std::move(line));
        if (wkbFlatten(g->getGeometryType()) == wkbPoint ||
            wkbFlatten(g->getGeometryType()) == wkbMultiPoint)
            for (Point p : detail::to_points(*g))
                if (to_wgs84->apply(p)) {
                    out.extent.expand(p);
                    out.points.push_back(p);
                }
    }
    if (!out.extent.empty() && (out.extent.minx < -180 || out.extent.maxx > 180 ||
                                out.extent.miny < -90 || out.extent.maxy > 90)) {
        out.problem = ParamText() << "coordinates out of range after conversion to WGS 84";
        is_the_crs_right();
    }
    return out;
}

PreviewFrame::PreviewFrame(const Box& box, double w, double h, double margin)
    : width(w), height(h) {
    if (box.empty()) return;
    const double sx = box.width() > 0 ? (w - 2 * margin) / box.width() : 0;
    const double sy = box.height() > 0 ? (h - 2 * margin) / box.height() : 0;
    scale = sx > 0 && sy > 0 ? std::min(sx, sy) : std::max({sx, sy, 1.0});
    const Point c = box.centre();
    x0 = w / 2 - c.x * scale;
    y0 = h / 2 + c.y * scale;
}

ImportChoices default_choices(const std::vector<std::string>& files,
                              const std::vector<SourceLayer>& layers) {
    ImportChoices choices;
    choices.files = files;
    for (const SourceLayer& l : layers)
        choices.layers.push_back({l.file, l.layer, l.osm, l.role, {}, l.fields});
    return choices;
}

void set_layer_role(ImportChoices& choices, const std::string& name, const std::string& role) {
    if (!is_role(role) && role != osm_rules_role && role != ignore_role)
        role_attributes(role); // throws naming the roles
    std::vector<LayerChoice*> found;
    for (LayerChoice& c : choices.layers)
        if (names_layer(c, name)) found.push_back(&c);
    if (found.empty()) throw InputError("no layer '" + name + "' in the sources");
    if (found.size() > 1)
        throw InputError("several sources have a layer '" + name + "': write FILE:LAYER");
    LayerChoice& chosen = *found.front();
    if (role == osm_rules_role && !chosen.osm)
        throw InputError("layer '" + name +
                         "' is not in an OpenStreetMap extract: the OSM rules cannot read it");
    chosen.role = role;
    for (LayerChoice& c : choices.layers) {
        if (&c == &chosen || c.file != chosen.file) continue;
        if (role == osm_rules_role)
            c.role = osm_rules_role;
        else if (is_role(role) && c.role == osm_rules_role)
            c.role = ignore_role;
    }
}

std::vector<ParamMention> ImportArguments::params() const {
    std::vector<ParamMention> out;
    auto add = [&](const std::string& param, const std::vector<std::string>& values) {
        for (const std::string& v : values)
            out.push_back({param, v});
    };
    add(import_param::mapping, mapping);
    add(import_param::map, maps);
    add(import_param::field, fields);
    if (encoding) add(import_param::encoding, {*encoding});
    if (source_crs) add(import_param::source_crs, {*source_crs});
    if (crs) add(import_param::crs, {*crs});
    return out;
}

ImportOptions import_options(const ImportArguments& arguments) {
    ImportOptions options;
    options.sources = arguments.sources;
    for (const auto& file : arguments.mapping)
        read_mapping_file(file, options);
    for (const auto& m : arguments.maps)
        options.maps.push_back(parse_layer_map(m));
    for (const auto& f : arguments.fields)
        options.fields.insert(parse_field_map(f));
    if (arguments.source_crs) options.source_crs = *arguments.source_crs;
    if (arguments.crs) options.project_crs = *arguments.crs;
    if (arguments.encoding) {
        options.encoding = encoding_from_name(*arguments.encoding);
        if (!options.encoding)
            throw ParamError(import_param::encoding, *arguments.encoding, "write gbk or utf8");
    }
    return options;
}

ImportArguments import_arguments(const ImportChoices& choices) {
    ImportArguments a;
    std::vector<const LayerChoice*> mapped;
    for (const std::string& file : choices.files) {
        bool osm_rules = false;
        for (const LayerChoice& c : choices.layers)
            osm_rules = osm_rules || (c.file == file && c.role == osm_rules_role);
        if (osm_rules) {
            a.sources.push_back(file);
            continue;
        }
        for (const LayerChoice& c : choices.layers)
            if (c.file == file && is_role(c.role)) {
                a.maps.push_back(c.role + "=" + c.file + ":" + c.layer);
                mapped.push_back(&c);
            }
    }
    if (a.sources.empty() && a.maps.empty())
        throw InputError("nothing to import: give at least one layer a role");

    // A field mapping holds for every layer of its role: written where a layer's choice differs
    // from what the import finds by itself, and then every layer of the role must agree.
    auto effective = [](const LayerChoice& c, const std::string& attribute) {
        const auto chosen = c.fields.find(attribute);
        if (chosen != c.fields.end() && !chosen->second.empty()) return chosen->second;
        return detect_field(attribute, c.source_fields).value_or("");
    };
    for (const std::string& role : import_roles)
        for (const std::string& attribute : role_attributes(role)) {
            std::vector<std::string> fields;
            bool differs = false;
            for (const LayerChoice* c : mapped)
                if (c->role == role) {
                    fields.push_back(effective(*c, attribute));
                    differs = differs || fields.back() !=
                                             detect_field(attribute, c->source_fields).value_or("");
                }
            if (!differs) continue;
            for (const std::string& f : fields)
                if (f != fields.front())
                    throw InputError("two " + role + " layers read " + attribute +
                                     " from different fields ('" + fields.front() + "', '" + f +
                                     "'): a field mapping holds for every layer of a role");
            if (!fields.front().empty())
                a.fields.push_back(role + "." + attribute + "=" + fields.front());
        }
    if (!choices.encoding.empty()) a.encoding = choices.encoding;
    if (!choices.source_crs.empty()) a.source_crs = choices.source_crs;
    return a;
}

} // namespace cordon::geo
