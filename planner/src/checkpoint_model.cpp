#include "checkpoint_model.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/line_overlay.hpp>
#include <cordon/geo/polygon_ops.hpp>
#include <cordon/geo/road_classes.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
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

// A dead end this close to the edge of the data (the hull of the network) is a road the
// extract cut: traffic comes along it from beyond the data.
constexpr double k_data_edge_m = 30.0;

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

namespace {

// Builds the Model of one checkpoint plan phase by phase, in the order build() calls them.
class ModelBuilder {
public:
    ModelBuilder(const geo::District& d, const CheckpointParams& params, const AreaGeometry& area)
        : m_d(d), m_params(params), m_area(area), m_net(d.network),
          m_compact(d.network.nodes.size(), no_index) {
        for (const auto& r : d.roads)
            m_roads[r.id] = &r;
    }

    Model build() {
        collect_drivable();
        assign_roles();
        for (std::size_t i : m_drivable)
            split_edge(i);
        m_m.passing_roads = m_passing_roads.size();
        collect_terminals();
        attach_manual_checkpoints();
        add_arcs();
        place_households();
        return std::move(m_m);
    }

private:
    bool passing(const geo::NetworkEdge& e) const {
        auto it = m_roads.find(e.road_id);
        return it != m_roads.end() && passes_under_or_over(*it->second);
    }

    // The compact number of network node `id`, numbering it on first use.
    std::size_t node(geo::Id id) {
        const auto i = static_cast<std::size_t>(id - 1);
        if (id < 1 || i >= m_net.nodes.size())
            throw Error("network edge refers to node " + std::to_string(id) +
                        ", which does not exist");
        if (m_compact[i] == no_index) {
            m_compact[i] = m_m.net_node.size();
            m_m.net_node.push_back(i);
            m_m.pos.push_back(m_net.nodes[i].pos);
        }
        return m_compact[i];
    }

    // The drivable edges that are not closed, their junctions, and which of those a surface
    // road meets.
    void collect_drivable() {
        for (std::size_t i = 0; i < m_net.edges.size(); ++i) {
            const geo::NetworkEdge& e = m_net.edges[i];
            if (!edge_drivable(e, m_params) || m_params.closed_roads.count(e.road_id)) continue;
            m_drivable.push_back(i);
            const std::size_t a = node(e.from), b = node(e.to);
            m_surface.resize(m_m.pos.size(), 0);
            if (!passing(e)) m_surface[a] = m_surface[b] = 1;
        }
        m_surface.resize(m_m.pos.size(), 0);
        for (const auto& n : m_net.nodes)
            if (m_area.contains(n.pos)) ++m_m.inside_nodes_network;
    }

    // The role of point p by straight-line distance to the area (box first: most nodes are
    // far away); `dist` receives that distance.
    char role_at(geo::Point p, double& dist) const {
        const geo::Box& box = m_area.bounds();
        const double bx = std::max({box.minx - p.x, 0.0, p.x - box.maxx});
        const double by = std::max({box.miny - p.y, 0.0, p.y - box.maxy});
        const double bd = std::hypot(bx, by);
        dist = bd > m_params.margin ? bd : m_area.distance(p);
        if (dist == 0 && m_area.contains(p)) return Model::inside;
        if (m_params.margin == 0 || dist > m_params.margin) return Model::outside;
        return Model::ring;
    }

    // Roles of the junctions. A junction inside that only tunnels or bridges reach is passed
    // under or over: free, neither protected nor a source.
    void assign_roles() {
        const std::size_t junctions = m_m.pos.size();
        m_m.role.assign(junctions, Model::ring);
        m_m.area_distance.assign(junctions, 0);
        for (std::size_t v = 0; v < junctions; ++v) {
            m_m.role[v] = role_at(m_m.pos[v], m_m.area_distance[v]);
            if (m_m.role[v] == Model::inside && !m_surface[v]) {
                m_m.role[v] = Model::ring;
                ++m_m.passing_junctions;
            }
        }
        mark_data_edge(junctions);
        m_reach = m_params.margin > 0 ? geo::buffer(m_params.area.polygons, m_params.margin, 8)
                                      : geo::MultiPolygon{};
        m_inside.emplace(m_params.area.polygons);
        m_within.emplace(m_params.margin > 0 ? m_reach : m_params.area.polygons);
    }

    // Ways in from beyond the data's edge: where the extract cut a road, traffic comes from
    // there wherever it lies, inside the margin or the area too. Such a place is a drivable
    // dead end (one road of any kind meets it) on the hull of the network, or the end of a
    // main road (tertiary and above: they do not end, the extract ends them) beyond the area,
    // which finds the cuts of an extract clipped by a polygon that is not convex (a country's
    // border); inside the area such an end is the data's own (a road being built).
    void mark_data_edge(std::size_t junctions) {
        if (!m_params.open_data_edge || m_net.nodes.size() < 3) return;
        std::vector<int> degree(m_net.nodes.size(), 0);
        std::vector<char> main_end(m_net.nodes.size(), 0);
        static const std::set<std::string> main_classes{"motorway", "trunk", "primary", "secondary",
                                                        "tertiary"};
        for (const geo::NetworkEdge& e : m_net.edges)
            if (e.from != e.to) {
                ++degree[static_cast<std::size_t>(e.from - 1)];
                ++degree[static_cast<std::size_t>(e.to - 1)];
                if (main_classes.count(e.cls))
                    main_end[static_cast<std::size_t>(e.from - 1)] =
                        main_end[static_cast<std::size_t>(e.to - 1)] = 1;
            }
        std::vector<geo::Point> points;
        points.reserve(m_net.nodes.size());
        for (const auto& n : m_net.nodes)
            points.push_back(n.pos);
        geo::Polygon hull = geo::convex_hull(points);
        if (hull.rings.empty()) return;
        const AreaGeometry edge(geo::MultiPolygon{std::move(hull)});
        for (std::size_t v = 0; v < junctions; ++v) {
            if (m_m.role[v] == Model::outside || degree[m_m.net_node[v]] != 1) continue;
            const bool cut_main_road = main_end[m_m.net_node[v]] && m_m.role[v] == Model::ring;
            if (!cut_main_road && edge.boundary_distance(m_m.pos[v]) > k_data_edge_m) continue;
            m_m.role[v] = Model::outside;
            ++m_m.edge_entries;
        }
    }

    std::size_t add_node(geo::Point p, char role) {
        m_m.pos.push_back(p);
        m_m.net_node.push_back(no_index);
        m_m.role.push_back(role);
        double dist = 0;
        role_at(p, dist);
        m_m.area_distance.push_back(role == Model::inside ? 0.0 : dist);
        return m_m.pos.size() - 1;
    }

    // Where drivable edge s is split: where a surface road enters the area between junctions
    // that are not protected, or runs beyond the margin between junctions within it.
    std::vector<SplitPoint> split_points(const geo::NetworkEdge& e, const Model::Seg& s,
                                         double total) {
        std::vector<SplitPoint> split;
        auto at_end = [&](const geo::Stretch& st, char role) {
            return (st.from < k_at_end_m && m_m.role[s.a] == role) ||
                   (st.to > total - k_at_end_m && m_m.role[s.b] == role);
        };
        const bool under_or_over = passing(e);
        for (const geo::Stretch& st : m_inside->inside(e.geom)) {
            if (st.to - st.from < k_min_stretch_m) continue;
            if (under_or_over) {
                // Passes under or over, unless it leads to a protected junction (a ramp).
                if (m_m.role[s.a] != Model::inside && m_m.role[s.b] != Model::inside)
                    m_passing_roads.insert(e.road_id);
                continue;
            }
            if (!at_end(st, Model::inside)) split.push_back({(st.from + st.to) / 2, Model::inside});
        }
        if (!under_or_over && (m_m.role[s.a] != Model::outside || m_m.role[s.b] != Model::outside))
            for (const geo::Stretch& st : m_within->outside(e.geom))
                if (st.to - st.from >= k_min_stretch_m && !at_end(st, Model::outside))
                    split.push_back({(st.from + st.to) / 2, Model::outside});
        std::sort(split.begin(), split.end(),
                  [](const SplitPoint& x, const SplitPoint& y) { return x.along < y.along; });
        return split;
    }

    // Drivable edge i as one segment, or as its parts between the split points.
    void split_edge(std::size_t i) {
        const geo::NetworkEdge& e = m_net.edges[i];
        Model::Seg s;
        s.edge = i;
        s.a = m_compact[static_cast<std::size_t>(e.from - 1)];
        s.b = m_compact[static_cast<std::size_t>(e.to - 1)];
        s.oneway = e.oneway;
        s.crew = m_params.costs.of(e.cls);
        s.cost = m_params.objective == CheckpointObjective::fewest ? 1 : s.crew;
        s.keep_open = m_params.keep_open_roads.count(e.road_id) > 0;
        s.length = e.length;

        const double total = geo::length(e.geom);
        const std::vector<SplitPoint> split = split_points(e, s, total);
        if (split.empty() || total <= 0) {
            m_m.segs.push_back(s);
            return;
        }
        std::size_t from = s.a;
        double from_at = 0;
        for (std::size_t k = 0; k <= split.size(); ++k) {
            const bool last = k == split.size();
            const double to_at = last ? total : split[k].along;
            std::size_t to = s.b;
            if (!last) {
                to = add_node(geo::point_along(e.geom, to_at), split[k].role);
                ++(split[k].role == Model::inside ? m_m.crossing_points : m_m.entry_points);
            }
            Model::Seg part = s;
            part.a = from;
            part.b = to;
            part.piece = m_m.pieces.size();
            m_m.pieces.push_back(geo::sub_line(e.geom, from_at, to_at));
            part.length = e.length * (to_at - from_at) / total;
            m_m.segs.push_back(part);
            from = to;
            from_at = to_at;
        }
    }

    void collect_terminals() {
        for (std::size_t v = 0; v < m_m.pos.size(); ++v) {
            if (m_m.role[v] == Model::outside) m_m.sources.push_back(v);
            if (m_m.role[v] == Model::inside) m_m.sinks.push_back(v);
        }
    }

    // Hand-placed checkpoints: already staffed, so their segment costs nothing to cut.
    void attach_manual_checkpoints() {
        for (const geo::Checkpoint& c : m_d.checkpoints) {
            if (is_planned_checkpoint(c)) continue;
            std::size_t best = no_index;
            double best_d = std::numeric_limits<double>::infinity();
            for (int pass = 0; pass < 2 && best == no_index; ++pass)
                for (std::size_t s = 0; s < m_m.segs.size(); ++s) {
                    const geo::NetworkEdge& e = m_net.edges[m_m.segs[s].edge];
                    if (pass == 0 && (!c.road_id || e.road_id != *c.road_id)) continue;
                    const double dist = line_distance(c.pos, m_m.geom(m_d, s));
                    if (dist < best_d && dist <= (pass == 0 ? 100.0 : 30.0)) {
                        best_d = dist;
                        best = s;
                    }
                }
            if (best == no_index) {
                m_m.manual_loose.push_back(c.id);
                continue;
            }
            m_m.segs[best].manual = true;
            if (c.kind == geo::CheckpointKind::barrier) m_m.segs[best].manual_barrier = true;
            m_m.manual_ids.push_back(c.id);
        }
    }

    // Inbound: traffic goes from→to, and back unless one-way. Both: a checkpoint watches the
    // whole road, so every road is two arcs whatever its one-way sign says.
    void add_arcs() {
        for (std::size_t s = 0; s < m_m.segs.size(); ++s) {
            const Model::Seg& g = m_m.segs[s];
            if (g.a == g.b) continue;
            const std::int64_t cap = g.manual ? 0 : g.keep_open ? uncuttable : g.cost;
            m_m.arcs.push_back({g.a, g.b, cap, s});
            if (!g.oneway || m_params.direction == CheckpointDirection::both)
                m_m.arcs.push_back({g.b, g.a, cap, s});
        }
    }

    // Households at their nearest drivable node.
    void place_households() {
        const std::size_t n = m_m.pos.size();
        m_m.households.assign(n, 0);
        const bool any = std::any_of(m_d.buildings.begin(), m_d.buildings.end(),
                                     [](const geo::Building& b) { return b.households > 0; });
        if (!any || n == 0) return;
        const PointGrid grid(m_m.pos, 100.0);
        for (const auto& b : m_d.buildings) {
            if (b.households <= 0) continue;
            const std::size_t v = grid.nearest(building_point(b));
            if (v != no_index) m_m.households[v] += b.households;
        }
    }

    const geo::District& m_d;
    const CheckpointParams& m_params;
    const AreaGeometry& m_area;
    const geo::Network& m_net;
    std::unordered_map<geo::Id, const geo::Road*> m_roads;
    std::vector<std::size_t> m_compact;  // network node → compact node, or no_index
    std::vector<std::size_t> m_drivable; // edges the plan may use
    std::vector<char> m_surface;         // per compact node: a surface road meets it
    geo::MultiPolygon m_reach;           // the area grown by the margin
    std::optional<geo::LineOverlay> m_inside, m_within;
    std::set<geo::Id> m_passing_roads;
    Model m_m;
};

} // namespace

Model build_model(const geo::District& d, const CheckpointParams& params,
                  const AreaGeometry& area) {
    return ModelBuilder(d, params, area).build();
}

} // namespace cordon::planner
