#include "checkpoint_model.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/line_overlay.hpp>
#include <cordon/geo/polygon_ops.hpp>
#include <cordon/geo/road_classes.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace cordon::planner {

double line_distance(geo::Point p, const geo::LineString& line) {
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i + 1 < line.size(); ++i)
        best = std::min(best, geo::segment_distance(p, line[i], line[i + 1]));
    if (line.size() == 1) best = geo::distance(p, line[0]);
    return best;
}

PointGrid::PointGrid(const std::vector<geo::Point>& points, double cell)
    : m_points(points), m_cell(cell) {
    for (std::size_t i = 0; i < points.size(); ++i)
        m_cells[key(cell_of(points[i].x), cell_of(points[i].y))].push_back(i);
}

std::size_t PointGrid::nearest(geo::Point p) const {
    if (m_points.empty()) return no_index;
    const long cx = cell_of(p.x), cy = cell_of(p.y);
    std::size_t best = no_index;
    double best_d = std::numeric_limits<double>::infinity();
    for (long r = 0;; ++r) {
        for (long x = cx - r; x <= cx + r; ++x)
            for (long y = cy - r; y <= cy + r; ++y) {
                if (std::max(std::labs(x - cx), std::labs(y - cy)) != r) continue;
                auto it = m_cells.find(key(x, y));
                if (it == m_cells.end()) continue;
                for (std::size_t i : it->second) {
                    const double d = geo::distance(p, m_points[i]);
                    if (d < best_d || (d == best_d && i < best)) {
                        best_d = d;
                        best = i;
                    }
                }
            }
        if (best != no_index && best_d <= static_cast<double>(r) * m_cell) return best;
        if (r > 100000) return best;
    }
}

long PointGrid::cell_of(double v) const {
    return static_cast<long>(std::floor(v / m_cell));
}

long long PointGrid::key(long x, long y) {
    return (static_cast<long long>(x) << 32) ^ (y & 0xffffffffLL);
}

geo::Point building_point(const geo::Building& b) {
    return area_centroid(b.geom);
}

bool passes_under_or_over(const geo::Road& road) {
    return road.tunnel || road.bridge;
}

namespace {

bool edge_drivable(const geo::NetworkEdge& e, const CheckpointParams& params) {
    if (params.drivable_classes.empty()) return e.drivable;
    if (!params.drivable_classes.count(e.cls)) return false;
    // A road of a drivable class the import marked undrivable was closed by its tags.
    const auto rule = geo::road_class_rule(e.cls);
    return !(rule && rule->drivable && !e.drivable);
}

// Stretches shorter than this (a road grazing the area's edge) add no point.
constexpr double k_min_stretch_m = 1.0;
// A stretch this close to an end of its road reaches that end's junction.
constexpr double k_at_end_m = 0.5;

// Where one drivable edge is cut into parts: distance along it and the role of the point.
struct SplitPoint {
    double along = 0;
    char role = Model::ring;
};

} // namespace

Model build_model(const geo::District& d, const CheckpointParams& params,
                  const AreaGeometry& area) {
    Model m;
    const auto& net = d.network;
    std::unordered_map<geo::Id, const geo::Road*> roads;
    for (const auto& r : d.roads)
        roads[r.id] = &r;
    auto passing = [&](const geo::NetworkEdge& e) {
        auto it = roads.find(e.road_id);
        return it != roads.end() && passes_under_or_over(*it->second);
    };

    std::vector<std::size_t> compact(net.nodes.size(), no_index);
    auto node = [&](geo::Id id) {
        const auto i = static_cast<std::size_t>(id - 1);
        if (id < 1 || i >= net.nodes.size())
            throw Error("network edge refers to node " + std::to_string(id) +
                        ", which does not exist");
        if (compact[i] == no_index) {
            compact[i] = m.net_node.size();
            m.net_node.push_back(i);
            m.pos.push_back(net.nodes[i].pos);
        }
        return compact[i];
    };
    std::vector<std::size_t> drivable;
    std::vector<char> surface; // per compact node: a surface road meets it
    for (std::size_t i = 0; i < net.edges.size(); ++i) {
        const geo::NetworkEdge& e = net.edges[i];
        if (!edge_drivable(e, params) || params.closed_roads.count(e.road_id)) continue;
        drivable.push_back(i);
        const std::size_t a = node(e.from), b = node(e.to);
        surface.resize(m.pos.size(), 0);
        if (!passing(e)) surface[a] = surface[b] = 1;
    }
    surface.resize(m.pos.size(), 0);
    for (const auto& n : net.nodes)
        if (area.contains(n.pos)) ++m.inside_nodes_network;

    // Roles of the junctions by straight-line distance to the area (boxes first: most nodes
    // are far away). A junction inside that only tunnels or bridges reach is passed under or
    // over: free, neither protected nor a source.
    const geo::Box& box = area.bounds();
    auto role_at = [&](geo::Point p, double& dist) {
        const double bx = std::max({box.minx - p.x, 0.0, p.x - box.maxx});
        const double by = std::max({box.miny - p.y, 0.0, p.y - box.maxy});
        const double bd = std::hypot(bx, by);
        dist = bd > params.margin ? bd : area.distance(p);
        if (dist == 0 && area.contains(p)) return Model::inside;
        if (params.margin == 0 || dist > params.margin) return Model::outside;
        return Model::ring;
    };
    const std::size_t junctions = m.pos.size();
    m.role.assign(junctions, Model::ring);
    m.area_distance.assign(junctions, 0);
    for (std::size_t v = 0; v < junctions; ++v) {
        m.role[v] = role_at(m.pos[v], m.area_distance[v]);
        if (m.role[v] == Model::inside && !surface[v]) {
            m.role[v] = Model::ring;
            ++m.passing_junctions;
        }
    }

    // Every drivable edge, split where a surface road enters the area between junctions that
    // are not protected, or runs beyond the margin between junctions within it.
    const geo::LineOverlay inside(params.area.polygons);
    const geo::MultiPolygon reach = params.margin > 0
                                        ? geo::buffer(params.area.polygons, params.margin, 8)
                                        : geo::MultiPolygon{};
    const geo::LineOverlay within(params.margin > 0 ? reach : params.area.polygons);
    std::set<geo::Id> passing_roads;
    auto add_node = [&](geo::Point p, char role) {
        m.pos.push_back(p);
        m.net_node.push_back(no_index);
        m.role.push_back(role);
        double dist = 0;
        role_at(p, dist);
        m.area_distance.push_back(role == Model::inside ? 0.0 : dist);
        return m.pos.size() - 1;
    };
    for (std::size_t i : drivable) {
        const geo::NetworkEdge& e = net.edges[i];
        Model::Seg s;
        s.edge = i;
        s.a = compact[static_cast<std::size_t>(e.from - 1)];
        s.b = compact[static_cast<std::size_t>(e.to - 1)];
        s.oneway = e.oneway;
        s.crew = params.costs.of(e.cls);
        s.cost = params.objective == CheckpointObjective::fewest ? 1 : s.crew;
        s.keep_open = params.keep_open_roads.count(e.road_id) > 0;
        s.length = e.length;

        std::vector<SplitPoint> split;
        const double total = geo::length(e.geom);
        auto at_end = [&](const geo::Stretch& st, char role) {
            return (st.from < k_at_end_m && m.role[s.a] == role) ||
                   (st.to > total - k_at_end_m && m.role[s.b] == role);
        };
        const bool under_or_over = passing(e);
        for (const geo::Stretch& st : inside.inside(e.geom)) {
            if (st.to - st.from < k_min_stretch_m) continue;
            if (under_or_over) {
                // Passes under or over, unless it leads to a protected junction (a ramp).
                if (m.role[s.a] != Model::inside && m.role[s.b] != Model::inside)
                    passing_roads.insert(e.road_id);
                continue;
            }
            if (!at_end(st, Model::inside)) split.push_back({(st.from + st.to) / 2, Model::inside});
        }
        if (!under_or_over && (m.role[s.a] != Model::outside || m.role[s.b] != Model::outside))
            for (const geo::Stretch& st : within.outside(e.geom))
                if (st.to - st.from >= k_min_stretch_m && !at_end(st, Model::outside))
                    split.push_back({(st.from + st.to) / 2, Model::outside});
        if (split.empty() || total <= 0) {
            m.segs.push_back(s);
            continue;
        }
        std::sort(split.begin(), split.end(),
                  [](const SplitPoint& x, const SplitPoint& y) { return x.along < y.along; });
        std::size_t from = s.a;
        double from_at = 0;
        for (std::size_t k = 0; k <= split.size(); ++k) {
            const bool last = k == split.size();
            const double to_at = last ? total : split[k].along;
            std::size_t to = s.b;
            if (!last) {
                to = add_node(geo::point_along(e.geom, to_at), split[k].role);
                ++(split[k].role == Model::inside ? m.crossing_points : m.entry_points);
            }
            Model::Seg part = s;
            part.a = from;
            part.b = to;
            part.piece = m.pieces.size();
            m.pieces.push_back(geo::sub_line(e.geom, from_at, to_at));
            part.length = e.length * (to_at - from_at) / total;
            m.segs.push_back(part);
            from = to;
            from_at = to_at;
        }
    }
    m.passing_roads = passing_roads.size();
    const std::size_t n = m.pos.size();
    for (std::size_t v = 0; v < n; ++v) {
        if (m.role[v] == Model::outside) m.sources.push_back(v);
        if (m.role[v] == Model::inside) m.sinks.push_back(v);
    }
    // Hand-placed checkpoints: already staffed, so their segment costs nothing to cut.
    for (const geo::Checkpoint& c : d.checkpoints) {
        if (is_planned_checkpoint(c)) continue;
        std::size_t best = no_index;
        double best_d = std::numeric_limits<double>::infinity();
        for (int pass = 0; pass < 2 && best == no_index; ++pass)
            for (std::size_t s = 0; s < m.segs.size(); ++s) {
                const geo::NetworkEdge& e = net.edges[m.segs[s].edge];
                if (pass == 0 && (!c.road_id || e.road_id != *c.road_id)) continue;
                const double dist = line_distance(c.pos, m.geom(d, s));
                if (dist < best_d && dist <= (pass == 0 ? 100.0 : 30.0)) {
                    best_d = dist;
                    best = s;
                }
            }
        if (best == no_index) {
            m.manual_loose.push_back(c.id);
            continue;
        }
        m.segs[best].manual = true;
        m.manual_ids.push_back(c.id);
    }

    // Inbound: traffic goes from→to, and back unless one-way. Both: a checkpoint watches the
    // whole road, so every road is two arcs whatever its one-way sign says.
    for (std::size_t s = 0; s < m.segs.size(); ++s) {
        const Model::Seg& g = m.segs[s];
        if (g.a == g.b) continue;
        const std::int64_t cap = g.manual ? 0 : g.keep_open ? uncuttable : g.cost;
        m.arcs.push_back({g.a, g.b, cap, s});
        if (!g.oneway || params.direction == CheckpointDirection::both)
            m.arcs.push_back({g.b, g.a, cap, s});
    }

    // Households at their nearest drivable node.
    m.households.assign(n, 0);
    bool any = false;
    for (const auto& b : d.buildings)
        any = any || b.households > 0;
    if (any && n > 0) {
        const PointGrid grid(m.pos, 100.0);
        for (const auto& b : d.buildings) {
            if (b.households <= 0) continue;
            const std::size_t v = grid.nearest(building_point(b));
            if (v != no_index) m.households[v] += b.households;
        }
    }
    return m;
}

} // namespace cordon::planner
