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
        {"number",
         {"number", "楼栋号", "栋号", "楼号", "ldh", "building_number", "addr:housenumber",
          "addr_housenumber", "housenumber"}},
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
                m_index[attribute] = i;
                continue;
            }
            std::vector<std::string> names;
            for (int i = 0; i < defn.GetFieldCount(); ++i)
                names.emplace_back(defn.GetFieldDefn(i)->GetNameRef());
            if (const auto field = detect_field(attribute, names))
                m_index[attribute] = defn.GetFieldIndex(field->c_str());
        }
    }
    int operator[](const std::string& attribute) const {
        auto it = m_index.find(attribute);
        return it == m_index.end() ? -1 : it->second;
    }
    static std::string field_list(OGRFeatureDefn& defn) {
        std::string out;
        for (int i = 0; i < defn.GetFieldCount(); ++i)
            out += (i ? ", " : "") + std::string(defn.GetFieldDefn(i)->GetNameRef());
        return out.empty() ? "none" : out;
    }

private:
    std::map<std::string, int> m_index;
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

/// One feature of a layer being read in a role: its id, fields and geometry, and where it goes.
class FeatureIn {
public:
    FeatureIn(OGRFeature& feature, const OGRGeometry& geometry, const std::string& id,
              const FieldMap& fields, const LayerContext& ctx, const std::string& role,
              Collector& out)
        : m_feature(feature), m_geometry(geometry), m_id(id), m_fields(fields), m_ctx(ctx),
          m_role(role), m_out(out) {}

    const std::string& id() const { return m_id; }
    const LayerContext& context() const { return m_ctx; }
    District& district() const { return m_out.district; }
    LayerReport& report() const { return m_out.layer(m_role); }

    std::string text(const char* attribute) const {
        return field_text(m_feature, m_fields[attribute]);
    }
    std::optional<double> number(const char* attribute) const {
        return field_number(m_feature, m_fields[attribute]);
    }
    std::optional<bool> flag(const char* attribute) const {
        return field_flag(m_feature, m_fields[attribute]);
    }
    bool mapped(const char* attribute) const { return m_fields[attribute] >= 0; }

    /// Leaves the feature out, with the reason in the report.
    void drop(const std::string& reason) const { m_out.drop(m_role, m_id, reason); }

    /// The polygons, in WGS 84; none (the feature dropped) when the geometry has none.
    MultiPolygon polygons() const {
        MultiPolygon geom = to_multipolygon(m_geometry);
        if (geom.empty())
            drop("not a polygon (" +
                 std::string(OGRGeometryTypeToName(m_geometry.getGeometryType())) + ")");
        else
            to_wgs84(geom, m_ctx, m_id);
        return geom;
    }
    /// The polygons, in WGS 84; throws InputError naming the file, layer and feature when the
    /// geometry has none.
    MultiPolygon polygons_or_throw(const std::string& why) const {
        MultiPolygon geom = to_multipolygon(m_geometry);
        if (geom.empty())
            throw InputError(m_ctx.where(m_id) + ": " + why + ", not a " +
                             OGRGeometryTypeToName(m_geometry.getGeometryType()));
        to_wgs84(geom, m_ctx, m_id);
        return geom;
    }
    /// The lines, in the source CRS; none (the feature dropped) when the geometry has none.
    std::vector<LineString> lines() const {
        std::vector<LineString> lines = to_linestrings(m_geometry);
        if (lines.empty()) drop("not a line");
        return lines;
    }
    /// The (first) point, in WGS 84; none (the feature dropped) when the geometry has none.
    std::optional<Point> point() const {
        std::vector<Point> points = to_points(m_geometry);
        if (points.empty()) {
            drop("not a point");
            return std::nullopt;
        }
        to_wgs84(points.front(), m_ctx, m_id);
        return points.front();
    }

private:
    OGRFeature& m_feature;
    const OGRGeometry& m_geometry;
    const std::string& m_id;
    const FieldMap& m_fields;
    const LayerContext& m_ctx;
    const std::string& m_role;
    Collector& m_out;
};

void read_building(const FeatureIn& in) {
    MultiPolygon geom = in.polygons();
    if (geom.empty()) return;
    Building b;
    b.source_id = in.id();
    b.name = in.text("name");
    b.address = in.text("address");
    b.number = in.text("number");
    b.category = in.text("category");
    b.households = in.number("households").value_or(-1);
    b.residents = in.number("residents").value_or(0);
    if (const auto floors = in.number("floors"); floors && *floors >= 1)
        b.floors = static_cast<int>(*floors);
    b.geom = std::move(geom);
    in.district().buildings.push_back(std::move(b));
}

void read_compound(const FeatureIn& in) {
    MultiPolygon geom = in.polygons();
    if (geom.empty()) return;
    Compound c;
    c.source_id = in.id();
    c.name = in.text("name");
    c.manager = in.text("manager");
    c.mode = mode_from(in.text("mode"));
    if (in.mapped("mode") && c.mode == CompoundMode::unknown && !in.text("mode").empty())
        in.report().notes["mode value not understood, left unknown: " + in.text("mode")].push_back(
            in.id());
    c.geom = std::move(geom);
    in.district().compounds.push_back(std::move(c));
}

void read_community(const FeatureIn& in) {
    MultiPolygon geom = in.polygons();
    if (geom.empty()) return;
    Community c;
    c.source_id = in.id();
    c.name = in.text("name");
    c.code = in.text("code");
    c.geom = std::move(geom);
    in.district().communities.push_back(std::move(c));
}

// The district's boundary is what "the whole district" means: a feature that is not a polygon
// is refused, not dropped, so that the district is never quietly something else.
void read_district(const FeatureIn& in) {
    MultiPolygon geom = in.polygons_or_throw("a district boundary must be a polygon");
    DistrictBoundary b;
    b.source_id = in.id();
    b.name = in.text("name");
    b.code = in.text("code");
    b.geom = std::move(geom);
    in.district().boundary.push_back(std::move(b));
}

void read_road(const FeatureIn& in) {
    std::vector<LineString> lines = in.lines();
    if (lines.empty()) return;
    const std::string cls = in.text("class").empty() ? "road" : in.text("class");
    const auto rule = road_class_rule(cls);
    if (!rule) return in.drop("class " + cls + " is not a usable road");
    for (std::size_t part = 0; part < lines.size(); ++part) {
        if (lines[part].size() < 2) continue;
        Road r;
        r.source_id = lines.size() > 1 ? in.id() + "." + std::to_string(part + 1) : in.id();
        r.name = in.text("name");
        r.cls = cls;
        r.oneway = in.flag("oneway").value_or(false);
        r.walkable = in.flag("walkable").value_or(rule->walkable);
        r.drivable = in.flag("drivable").value_or(rule->drivable);
        r.bridge = in.flag("bridge").value_or(false);
        r.tunnel = in.flag("tunnel").value_or(false);
        r.layer = static_cast<int>(in.number("layer").value_or(0));
        r.geom = std::move(lines[part]);
        to_wgs84(r.geom, in.context(), in.id());
        in.district().roads.push_back(std::move(r));
    }
    if (lines.size() > 1) in.report().notes["multi-line split into parts"].push_back(in.id());
}

void read_gate(const FeatureIn& in) {
    const auto point = in.point();
    if (!point) return;
    Gate gate;
    gate.source_id = in.id();
    gate.name = in.text("name");
    gate.kind = gate_kind(in.text("kind"));
    gate.state = lower(in.text("state")) == "closed" || in.text("state") == "关闭"
                     ? GateState::closed
                     : GateState::open;
    gate.crew = static_cast<int>(in.number("crew").value_or(0));
    gate.pos = *point;
    in.district().gates.push_back(std::move(gate));
}

void read_checkpoint(const FeatureIn& in) {
    const auto point = in.point();
    if (!point) return;
    Checkpoint c;
    const std::string kind = lower(in.text("kind"));
    c.kind = kind == "registration" ? CheckpointKind::registration
             : kind == "barrier"    ? CheckpointKind::barrier
                                    : CheckpointKind::vehicle;
    c.hours = in.text("hours");
    c.crew = static_cast<int>(in.number("crew").value_or(0));
    c.reason = "imported from " + in.context().file;
    c.pos = *point;
    in.district().checkpoints.push_back(std::move(c));
}

/// A layer role: the attributes the planner can map to fields, the layer names that suggest
/// it, and how a feature of such a layer becomes a feature of the district. A new role is one
/// more row here (and its name in import_roles).
struct Role {
    std::string name;
    std::vector<std::string> attributes;
    std::vector<std::string> layer_names; ///< lower case; a layer whose name holds one
    void (*read)(const FeatureIn&);
};

/// The roles, in the order layer names are tried.
const std::vector<Role>& roles() {
    static const std::vector<Role> table{
        {"buildings",
         {"id", "name", "address", "category", "households", "residents", "floors", "number"},
         {"buildings", "building", "建筑", "楼栋", "房屋"},
         read_building},
        {"compounds",
         {"id", "name", "mode", "manager"},
         {"compounds", "compound", "residential_areas", "小区", "院落"},
         read_compound},
        {"communities",
         {"id", "name", "code"},
         {"communities", "community", "社区"},
         read_community},
        {"roads",
         {"id", "name", "class", "oneway", "walkable", "drivable", "bridge", "tunnel", "layer"},
         {"roads", "road", "streets", "道路"},
         read_road},
        {"gates",
         {"id", "name", "kind", "state", "crew"},
         {"gates", "gate", "gates_entrances", "entrances", "出入口", "大门"},
         read_gate},
        {"checkpoints",
         {"id", "kind", "hours", "crew"},
         {"checkpoints", "checkpoint", "卡口", "检查点"},
         read_checkpoint},
        // Last: "boundary" and "district" are also parts of other layers' names.
        {"district",
         {"id", "name", "code"},
         {"行政区划", "行政区", "district", "boundary"},
         read_district},
    };
    return table;
}

/// The role named; throws InputError listing the roles otherwise.
const Role& role_named(const std::string& name) {
    for (const Role& r : roles())
        if (r.name == name) return r;
    std::string names;
    for (const auto& r : import_roles)
        names += (names.empty() ? "" : ", ") + r;
    throw InputError("unknown layer role '" + name + "' (roles: " + names + ")");
}

} // namespace

void read_layer(OGRLayer& layer, const std::string& role, const std::string& path,
                const ImportOptions& options, Collector& out, SourceReport& source,
                Progress& progress) {
    const Role& reader = role_named(role);
    const std::string layer_name = layer.GetName();
    const std::string where = path + ": layer '" + layer_name + "'";
    const FieldMap fields(*layer.GetLayerDefn(), role, options, where);

    // Coordinates: the CRS the planner chose wins over what the file says.
    std::optional<Reprojector> reprojector;
    const auto wgs = wgs84();
    if (!options.source_crs.empty()) {
        const CrsSpec spec = parse_crs(options.source_crs, import_param::source_crs);
        OGRSpatialReference srs;
        if (spec.kind == CrsSpec::Kind::proj) {
            srs.SetFromUserInput(spec.definition.c_str());
            srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        }
        reprojector.emplace(&srs, spec.kind, wgs);
        source.crs = options.source_crs + " (chosen)";
    } else if (const OGRSpatialReference* srs = layer.GetSpatialRef()) {
        OGRSpatialReference copy(*srs);
        copy.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        reprojector.emplace(&copy, CrsSpec::Kind::proj, wgs);
        const char* name = srs->GetName();
        source.crs = name ? name : "(unnamed CRS)";
    } else {
        throw ParamTextError(ParamText() << where + " has no CRS; say which with "
                                         << ParamMention{import_param::source_crs, ""}
                                         << " (e.g. EPSG:4326, EPSG:4490, gcj02)");
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
        reader.read(FeatureIn(*f, *g, id, fields, ctx, role, out));
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

const std::vector<std::string>& role_attributes(const std::string& role) {
    return detail::role_named(role).attributes;
}

std::optional<std::string> guess_layer_role(const std::string& layer_name) {
    const std::string name = detail::lower(layer_name);
    for (const detail::Role& role : detail::roles())
        for (const std::string& candidate : role.layer_names)
            if (name.find(candidate) != std::string::npos) return role.name;
    return std::nullopt;
}

} // namespace cordon::geo
