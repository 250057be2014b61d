// Cordon's built-in OpenStreetMap rules: which OSM features become buildings, compounds,
// roads and gates, and why the rest are left out.

#include "import_detail.hpp"
#include "ogr_geometry.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/road_classes.hpp>

#include <algorithm>
#include <array>
#include <set>

namespace cordon::geo::detail {

namespace {

/// Field access by name for one OSM feature (fields missing from the layer read as empty).
class Tags {
public:
    explicit Tags(OGRFeature& f) : m_f(f) {}
    std::string operator[](const char* key) const {
        const int i = m_f.GetFieldIndex(key);
        return i < 0 ? std::string() : field_text(m_f, i);
    }
    /// The first of the usual "what is this" keys that is set, as "key=value".
    std::string main_tag() const {
        static const std::array keys{"building", "landuse", "highway",  "barrier",  "entrance",
                                     "amenity",  "leisure", "natural",  "waterway", "railway",
                                     "shop",     "office",  "tourism",  "man_made", "historic",
                                     "boundary", "place",   "power",    "aeroway",  "military",
                                     "sport",    "type",    "aerialway"};
        for (const char* key : keys) {
            const std::string v = (*this)[key];
            if (!v.empty()) return std::string(key) + "=" + v;
        }
        return "no tag Cordon reads";
    }
    /// The key of main_tag(): what kind of thing this is, for grouping the left-out.
    std::string main_key() const {
        const std::string tag = main_tag();
        return tag.substr(0, tag.find('='));
    }

private:
    OGRFeature& m_f;
};

std::string osm_id(OGRFeature& f, const std::string& layer) {
    const int way = f.GetFieldIndex("osm_way_id");
    if (way >= 0 && f.IsFieldSetAndNotNull(way)) return "way/" + field_text(f, way);
    const int id = f.GetFieldIndex("osm_id");
    const std::string value = id >= 0 ? field_text(f, id) : std::to_string(f.GetFID());
    if (layer == "points") return "node/" + value;
    if (layer == "lines") return "way/" + value;
    return "relation/" + value;
}

bool is_yes(const std::string& v) {
    return v == "yes" || v == "true" || v == "1";
}
bool is_no(const std::string& v) {
    return v == "no" || v == "false" || v == "0";
}

void read_building(OGRFeature& f, const Tags& tags, const std::string& id, const LayerContext& ctx,
                   Collector& out) {
    auto& report = out.layer("buildings");
    ++report.read;
    Building b;
    b.source_id = id;
    b.name = tags["name"];
    b.category = tags["building"];
    const std::string street = tags["addr_street"], number = tags["addr_housenumber"];
    b.address = street + (street.empty() || number.empty() ? "" : " ") + number;
    b.number = number;
    if (OGRGeometry* g = f.GetGeometryRef()) b.geom = to_multipolygon(*g);
    if (b.geom.empty()) return out.drop("buildings", id, "no polygon geometry");
    if (const auto levels = field_number(f, f.GetFieldIndex("building_levels"));
        levels && *levels >= 1)
        b.floors = static_cast<int>(*levels);
    if (const auto flats = field_number(f, f.GetFieldIndex("building_flats")); flats && *flats >= 0)
        b.households = *flats;
    else
        b.households = -1; // estimated later, from area and floors
    to_wgs84(b.geom, ctx, id);
    out.district.buildings.push_back(std::move(b));
}

void read_compound(OGRFeature& f, const Tags& tags, const std::string& id, const LayerContext& ctx,
                   Collector& out) {
    auto& report = out.layer("compounds");
    ++report.read;
    Compound c;
    c.source_id = id;
    c.name = tags["name"];
    if (c.name.empty()) return out.drop("compounds", id, "landuse=residential without a name");
    if (OGRGeometry* g = f.GetGeometryRef()) c.geom = to_multipolygon(*g);
    if (c.geom.empty()) return out.drop("compounds", id, "no polygon geometry");
    to_wgs84(c.geom, ctx, id);
    out.district.compounds.push_back(std::move(c));
}

void read_road(OGRFeature& f, const Tags& tags, const std::string& id, const LayerContext& ctx,
               Collector& out) {
    auto& report = out.layer("roads");
    ++report.read;
    const std::string cls = tags["highway"];
    const auto rule = road_class_rule(cls);
    if (!rule) return out.drop("roads", id, "highway=" + cls + " is not a usable road");
    OGRGeometry* g = f.GetGeometryRef();
    std::vector<LineString> lines = g ? to_linestrings(*g) : std::vector<LineString>{};
    if (lines.empty() || lines.front().size() < 2) return out.drop("roads", id, "no line geometry");
    Road r;
    r.source_id = id;
    r.name = tags["name"];
    r.cls = cls;
    r.geom = std::move(lines.front());
    const std::string oneway = tags["oneway"];
    r.oneway =
        is_yes(oneway) || oneway == "-1" || tags["junction"] == "roundabout" || cls == "motorway";
    if (oneway == "-1") std::reverse(r.geom.begin(), r.geom.end());
    if (is_no(oneway)) r.oneway = false;
    r.bridge = !tags["bridge"].empty() && !is_no(tags["bridge"]);
    r.tunnel = !tags["tunnel"].empty() && !is_no(tags["tunnel"]);
    try {
        r.layer = tags["layer"].empty() ? 0 : std::stoi(tags["layer"]);
    } catch (const std::exception&) {
        r.layer = 0;
    }
    const std::string access = tags["access"], foot = tags["foot"];
    const std::string motor =
        tags["motor_vehicle"].empty() ? tags["vehicle"] : tags["motor_vehicle"];
    r.drivable = rule->drivable && !is_no(motor) && !(access == "no" && motor.empty());
    r.walkable = (rule->walkable && !is_no(foot)) || foot == "yes" || foot == "designated";
    if (!r.drivable && !r.walkable)
        return out.drop("roads", id, "neither drivable nor walkable (access tags)");
    to_wgs84(r.geom, ctx, id);
    out.district.roads.push_back(std::move(r));
}

void read_gate(OGRFeature& f, const Tags& tags, const std::string& id, const LayerContext& ctx,
               Collector& out) {
    auto& report = out.layer("gates");
    ++report.read;
    OGRGeometry* g = f.GetGeometryRef();
    std::vector<Point> points = g ? to_points(*g) : std::vector<Point>{};
    if (points.empty()) return out.drop("gates", id, "no point geometry");
    Gate gate;
    gate.source_id = id;
    gate.name = tags["name"];
    const std::string barrier = tags["barrier"];
    gate.kind = barrier == "lift_gate" ? GateKind::vehicle
                : barrier.empty()      ? GateKind::pedestrian // entrance=*
                                       : GateKind::both;
    if (is_no(tags["motor_vehicle"]) || is_no(tags["vehicle"])) gate.kind = GateKind::pedestrian;
    if (is_no(tags["foot"])) gate.kind = GateKind::vehicle;
    gate.state =
        tags["access"] == "no" || tags["access"] == "private" ? GateState::closed : GateState::open;
    gate.pos = points.front();
    to_wgs84(gate.pos, ctx, id);
    out.district.gates.push_back(std::move(gate));
}

} // namespace

void read_osm(GDALDataset& dataset, const std::string& path, const ImportOptions& options,
              Collector& out, SourceReport& source, Progress& progress) {
    const auto wgs = wgs84();
    const Reprojector identity(&wgs, CrsSpec::Kind::proj, wgs);
    static const std::set<std::string> gate_barriers{
        "gate", "lift_gate", "swing_gate", "sliding_gate", "turnstile", "full-height_turnstile"};
    QuietGdalErrors gdal_errors;
    dataset.ResetReading();
    OGRLayer* layer = nullptr;
    double fraction = 0;
    for (;;) {
        OGRFeatureUniquePtr f(dataset.GetNextFeature(&layer, &fraction, nullptr, nullptr));
        if (!f) break;
        progress.report("reading " + path, fraction);
        ++source.features;
        const std::string layer_name = layer ? layer->GetName() : "";
        const Tags tags(*f);
        const std::string id = osm_id(*f, layer_name);
        const LayerContext ctx{path, layer_name, &identity};
        if (layer_name == "multipolygons") {
            const std::string building = tags["building"];
            if (!building.empty() && building != "no") {
                read_building(*f, tags, id, ctx, out);
            } else if (tags["landuse"] == "residential") {
                read_compound(*f, tags, id, ctx, out);
            } else {
                source.left_out["area, not a building or residential area: " + tags.main_key()]
                    .push_back(id);
            }
        } else if (layer_name == "lines") {
            if (!tags["highway"].empty())
                read_road(*f, tags, id, ctx, out);
            else
                source.left_out["line, not a road: " + tags.main_key()].push_back(id);
        } else if (layer_name == "points") {
            const std::string barrier = tags["barrier"];
            if (gate_barriers.count(barrier) ||
                (!tags["entrance"].empty() && tags["entrance"] != "no"))
                read_gate(*f, tags, id, ctx, out);
            else if (!barrier.empty())
                source.left_out["point, barrier=" + barrier + " is not a gate"].push_back(id);
            else
                source.left_out["point, not a gate: " + tags.main_key()].push_back(id);
        } else {
            source.left_out[layer_name + ": relation or multi-line, not a district feature"]
                .push_back(id);
        }
    }
    if (!gdal_errors.failure().empty())
        throw InputError(path + ": damaged or truncated OpenStreetMap file (" +
                         gdal_errors.failure() + ")");
    const bool buildings_elsewhere =
        std::any_of(options.maps.begin(), options.maps.end(),
                    [](const LayerMap& m) { return m.role == "buildings"; });
    if (out.district.buildings.empty() && !buildings_elsewhere)
        throw InputError(path +
                         ": the OpenStreetMap file holds no buildings (no building=* areas)");
}

} // namespace cordon::geo::detail
