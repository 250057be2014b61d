// Reading one layer of any GDAL source in a role, with the planner's field mapping.

#include "import_detail.hpp"
#include "ogr_geometry.hpp"

#include <cordon/geo/crs.hpp>
#include <cordon/geo/error.hpp>
#include <cordon/geo/import_setup.hpp>
#include <cordon/geo/road_classes.hpp>

#include <algorithm>
#include <cctype>
#include <map>

namespace cordon::geo::detail {

namespace {

std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

/// Field names tried, case-insensitively, for each attribute when the planner maps none.
const std::map<std::string, std::vector<std::string>>& default_fields() {
    static const std::map<std::string, std::vector<std::string>> fields{
        {"id", {"id", "osm_id", "code", "编号", "bh"}},
        {"name", {"name", "名称", "mc", "xqmc", "小区名称", "name_zh"}},
        {"code", {"code", "编码", "代码", "dm"}},
        {"mode", {"mode", "control", "管控模式", "模式"}},
        {"manager", {"manager", "property", "物业", "物业公司", "管理单位"}},
        {"households", {"households", "hh", "户数", "hs", "building_flats", "flats"}},
        {"residents", {"residents", "population", "人口", "人数", "rk"}},
        {"floors", {"floors", "levels", "building_levels", "building:levels", "层数", "cs"}},
        {"category", {"category", "building", "type", "类别", "类型", "lx"}},
        {"address", {"address", "addr", "地址", "dz"}},
        {"class", {"class", "highway", "fclass", "type", "等级", "dj"}},
        {"oneway", {"oneway", "单行"}},
        {"walkable", {"walkable", "foot"}},
        {"drivable", {"drivable", "motor_vehicle"}},
        {"bridge", {"bridge", "桥梁"}},
        {"tunnel", {"tunnel", "隧道"}},
        {"layer", {"layer"}},
        {"kind", {"kind", "type", "类型"}},
        {"state", {"state", "status", "状态"}},
        {"crew", {"crew", "人员", "人数"}},
        {"hours", {"hours", "时段"}},
        {"compound", {"compound", "小区"}},
    };
    return fields;
}

/// Where each attribute of a role is found in a layer.
class FieldMap {
public:
    FieldMap(OGRFeatureDefn& defn, const std::string& role, const ImportOptions& options,
             const std::string& where) {
        for (const std::string& attribute : role_attributes(role)) {
            const auto mapped = options.fields.find(role + "." + attribute);
            if (mapped != options.fields.end()) {
                const int i = defn.GetFieldIndex(mapped->second.c_str());
                if (i < 0)
                    throw InputError(where + ": no field '" + mapped->second + "' (mapped to " +
                                     role + "." + attribute + "; fields: " + field_list(defn) +
                                     ")");
                index_[attribute] = i;
                continue;
            }
            std::vector<std::string> names;
            for (int i = 0; i < defn.GetFieldCount(); ++i)
                names.emplace_back(defn.GetFieldDefn(i)->GetNameRef());
            if (const auto field = detect_field(attribute, names))
                index_[attribute] = defn.GetFieldIndex(field->c_str());
        }
    }
    int operator[](const std::string& attribute) const {
        auto it = index_.find(attribute);
        return it == index_.end() ? -1 : it->second;
    }
    static std::string field_list(OGRFeatureDefn& defn) {
        std::string out;
        for (int i = 0; i < defn.GetFieldCount(); ++i)
            out += (i ? ", " : "") + std::string(defn.GetFieldDefn(i)->GetNameRef());
        return out.empty() ? "none" : out;
    }

private:
    std::map<std::string, int> index_;
};

CompoundMode mode_from(const std::string& text) {
    const std::string t = lower(text);
    if (t == "closed" || t.find("封闭") != std::string::npos || t.find("物业") != std::string::npos)
        return CompoundMode::closed;
    if (t == "guarded" || t.find("值守") != std::string::npos ||
        t.find("自治") != std::string::npos)
        return CompoundMode::guarded;
    if (t == "patrol" || t.find("巡查") != std::string::npos || t.find("散居") != std::string::npos)
        return CompoundMode::patrol;
    return CompoundMode::unknown;
}

GateKind gate_kind(const std::string& text) {
    const std::string t = lower(text);
    if (t == "pedestrian" || t.find("人行") != std::string::npos) return GateKind::pedestrian;
    if (t == "vehicle" || t.find("车行") != std::string::npos) return GateKind::vehicle;
    return GateKind::both;
}

} // namespace

void read_layer(OGRLayer& layer, const std::string& role, const std::string& path,
                const ImportOptions& options, Collector& out, SourceReport& source,
                Progress& progress) {
    const std::string layer_name = layer.GetName();
    const std::string where = path + ": layer '" + layer_name + "'";
    const FieldMap fields(*layer.GetLayerDefn(), role, options, where);

    // Coordinates: the planner's --source-crs wins over what the file says.
    std::optional<Reprojector> reprojector;
    const auto wgs = wgs84();
    if (!options.source_crs.empty()) {
        const CrsSpec spec = parse_crs(options.source_crs, "--source-crs");
        OGRSpatialReference srs;
        if (spec.kind == CrsSpec::Kind::proj) {
            srs.SetFromUserInput(spec.definition.c_str());
            srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        }
        reprojector.emplace(&srs, spec.kind, wgs);
        source.crs = options.source_crs + " (--source-crs)";
    } else if (const OGRSpatialReference* srs = layer.GetSpatialRef()) {
        OGRSpatialReference copy(*srs);
        copy.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        reprojector.emplace(&copy, CrsSpec::Kind::proj, wgs);
        const char* name = srs->GetName();
        source.crs = name ? name : "(unnamed CRS)";
    } else {
        throw InputError(
            where + " has no CRS; say which with --source-crs (e.g. EPSG:4326, EPSG:4490, gcj02)");
    }
    const LayerContext ctx{path, layer_name, &*reprojector};
    source.layers.push_back(layer_name + " → " + role);

    LayerReport& report = out.layer(role);
    QuietGdalErrors gdal_errors;
    const GIntBig total = layer.GetFeatureCount(FALSE);
    std::size_t done = 0;
    layer.ResetReading();
    for (OGRFeatureUniquePtr f(layer.GetNextFeature()); f; f.reset(layer.GetNextFeature())) {
        if (++done % 1024 == 0)
            progress.report("reading " + path, done,
                            total > 0 ? static_cast<std::size_t>(total) : done);
        ++source.features;
        ++report.read;
        const int id_field = fields["id"];
        const std::string id = id_field >= 0 && !field_text(*f, id_field).empty()
                                   ? field_text(*f, id_field)
                                   : layer_name + "#" + std::to_string(f->GetFID());
        OGRGeometry* g = f->GetGeometryRef();
        if (!g || g->IsEmpty()) {
            out.drop(role, id, "no geometry");
            continue;
        }
        auto text = [&](const char* attribute) { return field_text(*f, fields[attribute]); };
        auto number = [&](const char* attribute) { return field_number(*f, fields[attribute]); };
        auto flag = [&](const char* attribute) { return field_flag(*f, fields[attribute]); };

        if (role == "buildings" || role == "compounds" || role == "communities" ||
            role == "zones") {
            MultiPolygon geom = to_multipolygon(*g);
            if (geom.empty()) {
                out.drop(role, id,
                         "not a polygon (" +
                             std::string(OGRGeometryTypeToName(g->getGeometryType())) + ")");
                continue;
            }
            to_wgs84(geom, ctx, id);
            if (role == "buildings") {
                Building b;
                b.source_id = id;
                b.name = text("name");
                b.address = text("address");
                b.category = text("category");
                b.households = number("households").value_or(-1);
                b.residents = number("residents").value_or(0);
                if (const auto floors = number("floors"); floors && *floors >= 1)
                    b.floors = static_cast<int>(*floors);
                b.geom = std::move(geom);
                out.district.buildings.push_back(std::move(b));
            } else if (role == "compounds") {
                Compound c;
                c.source_id = id;
                c.name = text("name");
                c.manager = text("manager");
                c.mode = mode_from(text("mode"));
                if (fields["mode"] >= 0 && c.mode == CompoundMode::unknown && !text("mode").empty())
                    report.notes["mode value not understood, left unknown: " + text("mode")]
                        .push_back(id);
                c.geom = std::move(geom);
                out.district.compounds.push_back(std::move(c));
            } else {
                Community c;
                c.source_id = id;
                c.name = text("name");
                c.code = text("code");
                c.geom = std::move(geom);
                out.district.communities.push_back(std::move(c));
            }
        } else if (role == "roads") {
            std::vector<LineString> lines = to_linestrings(*g);
            if (lines.empty()) {
                out.drop(role, id, "not a line");
                continue;
            }
            const std::string cls = text("class").empty() ? "road" : text("class");
            const auto rule = road_class_rule(cls);
            if (!rule) {
                out.drop(role, id, "class " + cls + " is not a usable road");
                continue;
            }
            for (std::size_t part = 0; part < lines.size(); ++part) {
                if (lines[part].size() < 2) continue;
                Road r;
                r.source_id = lines.size() > 1 ? id + "." + std::to_string(part + 1) : id;
                r.name = text("name");
                r.cls = cls;
                r.oneway = flag("oneway").value_or(false);
                r.walkable = flag("walkable").value_or(rule->walkable);
                r.drivable = flag("drivable").value_or(rule->drivable);
                r.bridge = flag("bridge").value_or(false);
                r.tunnel = flag("tunnel").value_or(false);
                r.layer = static_cast<int>(number("layer").value_or(0));
                r.geom = std::move(lines[part]);
                to_wgs84(r.geom, ctx, id);
                out.district.roads.push_back(std::move(r));
            }
            if (lines.size() > 1) report.notes["multi-line split into parts"].push_back(id);
        } else if (role == "gates" || role == "checkpoints") {
            std::vector<Point> points = to_points(*g);
            if (points.empty()) {
                out.drop(role, id, "not a point");
                continue;
            }
            to_wgs84(points.front(), ctx, id);
            if (role == "gates") {
                Gate gate;
                gate.source_id = id;
                gate.name = text("name");
                gate.kind = gate_kind(text("kind"));
                gate.state = lower(text("state")) == "closed" || text("state") == "关闭"
                                 ? GateState::closed
                                 : GateState::open;
                gate.crew = static_cast<int>(number("crew").value_or(0));
                gate.pos = points.front();
                out.district.gates.push_back(std::move(gate));
            } else {
                Checkpoint c;
                c.kind = lower(text("kind")) == "registration" ? CheckpointKind::registration
                                                               : CheckpointKind::vehicle;
                c.hours = text("hours");
                c.crew = static_cast<int>(number("crew").value_or(0));
                c.reason = "imported from " + path;
                c.pos = points.front();
                out.district.checkpoints.push_back(std::move(c));
            }
        }
    }
    if (!gdal_errors.failure().empty())
        throw InputError(where + ": damaged or truncated, reading stopped after " +
                         std::to_string(done) + " features (" + gdal_errors.failure() + ")");
}

} // namespace cordon::geo::detail

namespace cordon::geo {

std::optional<std::string> detect_field(const std::string& attribute,
                                        const std::vector<std::string>& fields) {
    const auto candidates = detail::default_fields().find(attribute);
    if (candidates == detail::default_fields().end()) return std::nullopt;
    for (const std::string& name : candidates->second)
        for (const std::string& field : fields)
            if (detail::lower(field) == detail::lower(name)) return field;
    return std::nullopt;
}

} // namespace cordon::geo