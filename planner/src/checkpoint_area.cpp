#include <cordon/geo/error.hpp>
#include <cordon/geo/import.hpp>
#include <cordon/geo/param_error.hpp>
#include <cordon/geo/polygon_ops.hpp>
#include <cordon/geo/wkt.hpp>
#include <cordon/planner/checkpoint_area.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>

namespace cordon::planner {

namespace {

double box_distance(geo::Point p, const geo::Box& b) {
    const double dx = std::max({b.minx - p.x, 0.0, p.x - b.maxx});
    const double dy = std::max({b.miny - p.y, 0.0, p.y - b.maxy});
    return std::hypot(dx, dy);
}

template <typename Feature>
void add_named(const std::vector<Feature>& features, const std::string& kind,
               const std::string& name, ProtectedArea& area) {
    std::size_t found = 0;
    for (const Feature& f : features) {
        bool match = f.name == name || std::to_string(f.id) == name;
        if constexpr (requires { f.code; }) match = match || (!f.code.empty() && f.code == name);
        if (!match) continue;
        area.polygons.insert(area.polygons.end(), f.geom.begin(), f.geom.end());
        ++found;
    }
    if (found > 0) return;
    // Suggest the names that contain the text, or share its first character.
    std::vector<std::string> close;
    for (const Feature& f : features)
        if (!f.name.empty() &&
            (f.name.find(name) != std::string::npos || name.find(f.name) != std::string::npos))
            close.push_back(f.name);
    if (close.empty())
        for (const Feature& f : features)
            if (!f.name.empty() && !name.empty() && f.name.compare(0, 1, name, 0, 1) == 0)
                close.push_back(f.name);
    std::sort(close.begin(), close.end());
    close.erase(std::unique(close.begin(), close.end()), close.end());
    std::string hint;
    for (std::size_t i = 0; i < close.size() && i < 8; ++i)
        hint += (i ? ", " : "") + close[i];
    throw ParamError("area", kind + ":" + name,
                     "the project has no " + kind + " of that name (" +
                         std::to_string(features.size()) + " " + kind +
                         (features.size() == 1 ? "" : "s") +
                         (hint.empty() ? "" : "; did you mean " + hint + "?") + ")");
}

// The convex hull of footprints (every vertex), as one polygon; empty for fewer than three
// points not on a line.
geo::MultiPolygon footprints_hull(const std::vector<const geo::Building*>& buildings) {
    std::vector<geo::Point> points;
    for (const geo::Building* b : buildings)
        for (const geo::Polygon& poly : b->geom)
            if (!poly.rings.empty())
                points.insert(points.end(), poly.rings[0].begin(), poly.rings[0].end());
    geo::Polygon hull = geo::convex_hull(points);
    if (hull.rings.empty()) return {};
    return {std::move(hull)};
}

template <typename Feature>
void add_by_ids(const std::vector<Feature>& features, const std::string& spec,
                const std::set<geo::Id>& ids, ProtectedArea& area) {
    std::set<geo::Id> found;
    for (const Feature& f : features)
        if (ids.count(f.id)) {
            area.polygons.insert(area.polygons.end(), f.geom.begin(), f.geom.end());
            found.insert(f.id);
        }
    for (geo::Id id : ids)
        if (!found.count(id))
            throw ParamError("area", spec, "the layer has no feature " + std::to_string(id));
}

// `ids:LAYER:1,2,3`.
void add_ids(const geo::District& d, const std::string& spec, ProtectedArea& area) {
    const auto colon = spec.find(':', 4);
    if (colon == std::string::npos)
        throw ParamError("area", spec,
                         "write ids:LAYER:ID,ID,... (layers: communities, "
                         "compounds, zones, buildings)");
    std::string layer = spec.substr(4, colon - 4);
    std::set<geo::Id> ids;
    std::string list = spec.substr(colon + 1) + ",";
    std::size_t start = 0;
    for (std::size_t comma; (comma = list.find(',', start)) != std::string::npos;
         start = comma + 1) {
        const std::string item = list.substr(start, comma - start);
        char* end = nullptr;
        const long long v = std::strtoll(item.c_str(), &end, 10);
        if (item.empty() || *end != '\0' || v < 1)
            throw ParamError("area", spec, "'" + item + "' is not a feature id (1 or more)");
        ids.insert(static_cast<geo::Id>(v));
    }
    if (layer == "community" || layer == "compound" || layer == "zone" || layer == "building")
        layer += "s";
    if (layer == "communities")
        add_by_ids(d.communities, spec, ids, area);
    else if (layer == "compounds")
        add_by_ids(d.compounds, spec, ids, area);
    else if (layer == "zones")
        add_by_ids(d.zones, spec, ids, area);
    else if (layer == "buildings") {
        std::vector<const geo::Building*> chosen;
        for (const auto& b : d.buildings)
            if (ids.count(b.id)) chosen.push_back(&b);
        for (geo::Id id : ids)
            if (std::none_of(chosen.begin(), chosen.end(),
                             [id](const geo::Building* b) { return b->id == id; }))
                throw ParamError("area", spec, "the layer has no feature " + std::to_string(id));
        geo::MultiPolygon hull = footprints_hull(chosen);
        if (hull.empty())
            throw ParamError("area", spec,
                             "the buildings enclose no area (fewer than three "
                             "corners, or all on one line)");
        area.polygons.insert(area.polygons.end(), hull.begin(), hull.end());
        area.note += std::string(area.note.empty() ? "" : "; ") + "the convex hull of the " +
                     std::to_string(ids.size()) + " chosen buildings";
    } else
        throw ParamError("area", spec,
                         "unknown layer '" + layer +
                             "' (layers: communities, compounds, zones, buildings)");
}

} // namespace

AreaGeometry::AreaGeometry(const geo::MultiPolygon& polygons) {
    for (const geo::Polygon& polygon : polygons) {
        Part part;
        for (const geo::Ring& ring : polygon.rings)
            for (std::size_t i = 0; i + 1 < ring.size(); ++i)
                part.box.expand(ring[i]);
        if (part.box.empty()) continue; // no edge
        part.polygon = polygon;
        m_bounds.expand(part.box);
        m_parts.push_back(std::move(part));
    }
}

bool AreaGeometry::contains(geo::Point p) const {
    for (const Part& part : m_parts)
        if (part.box.contains(p) && geo::contains(part.polygon, p)) return true;
    return false;
}

double AreaGeometry::boundary_distance(geo::Point p) const {
    double best = std::numeric_limits<double>::infinity();
    for (const Part& part : m_parts) {
        if (box_distance(p, part.box) >= best) continue;
        for (const geo::Ring& ring : part.polygon.rings)
            for (std::size_t i = 0; i + 1 < ring.size(); ++i)
                best = std::min(best, geo::segment_distance(p, ring[i], ring[i + 1]));
    }
    return best;
}

double AreaGeometry::distance(geo::Point p) const {
    return contains(p) ? 0.0 : boundary_distance(p);
}

geo::Point area_centroid(const geo::MultiPolygon& polygons) {
    const geo::Ring* best = nullptr;
    double best_area = -1;
    for (const geo::Polygon& polygon : polygons) {
        if (polygon.rings.empty()) continue;
        const double a = std::abs(geo::area(geo::MultiPolygon{geo::Polygon{{polygon.rings[0]}}}));
        if (a > best_area) {
            best_area = a;
            best = &polygon.rings[0];
        }
    }
    if (!best || best->empty()) return {};
    const geo::Ring& r = *best;
    double a2 = 0, cx = 0, cy = 0;
    for (std::size_t i = 0; i + 1 < r.size(); ++i) {
        // relative to the first vertex, so large UTM coordinates keep their precision
        const double x0 = r[i].x - r[0].x, y0 = r[i].y - r[0].y, x1 = r[i + 1].x - r[0].x,
                     y1 = r[i + 1].y - r[0].y;
        const double c = x0 * y1 - x1 * y0;
        a2 += c;
        cx += (x0 + x1) * c;
        cy += (y0 + y1) * c;
    }
    if (std::abs(a2) < 1e-9) {
        geo::Point m;
        for (const geo::Point& p : r) {
            m.x += p.x / static_cast<double>(r.size());
            m.y += p.y / static_cast<double>(r.size());
        }
        return m;
    }
    return {r[0].x + cx / (3 * a2), r[0].y + cy / (3 * a2)};
}

std::set<geo::Id> resolve_roads(const geo::District& district, const std::string& spec,
                                const std::string& option) {
    std::set<geo::Id> ids;
    std::string text = spec;
    bool by_id = false, by_name = false;
    if (text.rfind("id:", 0) == 0) {
        text = text.substr(3);
        by_id = true;
    } else if (text.rfind("name:", 0) == 0) {
        text = text.substr(5);
        by_name = true;
    }
    const bool numeric =
        !text.empty() &&
        std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
    if (by_id && !numeric) throw ParamError(option, spec, "write id:NUMBER");
    for (const geo::Road& r : district.roads) {
        if (!by_name && numeric && std::to_string(r.id) == text) ids.insert(r.id);
        if (!by_id && !r.name.empty() && r.name == text) ids.insert(r.id);
    }
    if (ids.empty())
        throw ParamError(option, spec,
                         std::string("the project has no road ") +
                             (numeric && !by_name ? "with that id" : "of that name"));
    return ids;
}

ProtectedArea resolve_area(const geo::District& district, const std::vector<std::string>& specs,
                           Progress& progress) {
    if (specs.empty())
        throw ParamError("area", "",
                         "is needed: community:NAME, compound:NAME, zone:NAME, ids:LAYER:ID,..., "
                         "wkt:POLYGON((X Y,...)), district or a polygon FILE");
    ProtectedArea area;
    for (const std::string& spec : specs) {
        const auto colon = spec.find(':');
        const std::string kind = colon == std::string::npos ? spec : spec.substr(0, colon);
        const std::string name = colon == std::string::npos ? "" : spec.substr(colon + 1);
        if (kind == "ids") {
            add_ids(district, spec, area);
        } else if (kind == "wkt") {
            // A polygon drawn on the map, in the project CRS.
            try {
                const geo::MultiPolygon drawn = geo::polygons_from_wkt(name);
                area.polygons.insert(area.polygons.end(), drawn.begin(), drawn.end());
            } catch (const InputError& e) {
                throw ParamError("area", spec.size() > 40 ? spec.substr(0, 37) + "..." : spec,
                                 e.what());
            }
        } else if (kind == "community" || kind == "compound" || kind == "zone") {
            if (name.empty()) throw ParamError("area", spec, "write " + kind + ":NAME");
            if (kind == "community") add_named(district.communities, kind, name, area);
            if (kind == "compound") add_named(district.compounds, kind, name, area);
            if (kind == "zone") add_named(district.zones, kind, name, area);
        } else if (spec == "district") {
            if (!district.boundary.empty()) {
                for (const auto& b : district.boundary)
                    area.polygons.insert(area.polygons.end(), b.geom.begin(), b.geom.end());
            } else {
                // No boundary: the hull of where people live, never the bounding box (whose
                // straight edges would get the checkpoints).
                std::vector<const geo::Building*> all;
                for (const auto& b : district.buildings)
                    all.push_back(&b);
                geo::MultiPolygon hull = footprints_hull(all);
                if (hull.empty())
                    throw ParamError("area", "district",
                                     "the project has no district boundary (import one in the "
                                     "district role) and too few buildings to enclose an area");
                area.polygons.insert(area.polygons.end(), hull.begin(), hull.end());
                area.note += std::string(area.note.empty() ? "" : "; ") +
                             "the project has no district boundary (import one in the district "
                             "role): the district is the convex hull of its " +
                             std::to_string(all.size()) + " buildings";
            }
        } else {
            // A polygon file: read through the importer as communities, straight into the
            // project CRS.
            geo::ImportOptions options;
            geo::LayerMap map;
            map.role = "communities";
            const auto last = spec.rfind(':');
            map.file = spec;
            std::error_code ec;
            if (last != std::string::npos && last > 1 && !std::filesystem::exists(spec, ec)) {
                map.file = spec.substr(0, last);
                map.layer = spec.substr(last + 1);
            }
            options.maps.push_back(map);
            options.project_crs = "EPSG:" + std::to_string(district.meta.srid);
            if (district.meta.srid == 0) throw ParamError("area", spec, "the project has no CRS");
            geo::Imported imported = geo::import_district(options, progress);
            std::size_t n = 0;
            for (auto& c : imported.district.communities) {
                area.polygons.insert(area.polygons.end(), c.geom.begin(), c.geom.end());
                ++n;
            }
            if (n == 0) throw ParamError("area", spec, "the file holds no polygons");
        }
        const bool file = kind != "community" && kind != "compound" && kind != "zone" &&
                          kind != "ids" && kind != "wkt" && spec != "district";
        const std::string label =
            file ? std::filesystem::path(spec.substr(0, spec.find(':', 2))).stem().string()
            : kind == "wkt" ? std::string("drawn polygon")
            : name.empty()  ? spec
                            : name;
        area.name += (area.name.empty() ? "" : " + ") + label;
    }
    if (area.polygons.empty()) throw ParamError("area", "", "the named features have no polygons");
    return area;
}

} // namespace cordon::planner
