#include <cordon/planner/road_network.hpp>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace cordon::planner {

using geo::Point;

namespace {

struct PointHash {
    std::size_t operator()(const Point& p) const {
        return std::hash<double>()(p.x) * 1000003u ^ std::hash<double>()(p.y);
    }
};

/// Grid cell of a point, for neighbourhood searches.
struct Cell {
    long long x, y;
    bool operator==(const Cell&) const = default;
};
struct CellHash {
    std::size_t operator()(const Cell& c) const {
        return std::hash<long long>()(c.x) * 1000003u ^ std::hash<long long>()(c.y);
    }
};
Cell cell_of(Point p, double size) {
    return {static_cast<long long>(std::floor(p.x / size)),
            static_cast<long long>(std::floor(p.y / size))};
}

/// Nodes merged within a tolerance: the first point seen in a neighbourhood names the node.
class NodeSnapper {
public:
    explicit NodeSnapper(double tolerance) : m_tol(std::max(tolerance, 1e-9)) {}
    geo::Id node(Point p, std::vector<geo::NetworkNode>& nodes) {
        const Cell c = cell_of(p, m_tol);
        for (long long dx = -1; dx <= 1; ++dx)
            for (long long dy = -1; dy <= 1; ++dy) {
                auto it = m_grid.find({c.x + dx, c.y + dy});
                if (it == m_grid.end()) continue;
                for (geo::Id id : it->second)
                    if (geo::distance(nodes[static_cast<std::size_t>(id - 1)].pos, p) <= m_tol)
                        return id;
            }
        nodes.push_back({static_cast<geo::Id>(nodes.size() + 1), 0, p});
        m_grid[c].push_back(nodes.back().id);
        return nodes.back().id;
    }

private:
    double m_tol;
    std::unordered_map<Cell, std::vector<geo::Id>, CellHash> m_grid;
};

struct SegmentRef {
    std::size_t road;
    std::size_t index; ///< segment from vertex index to index + 1
};

/// A point to split a road at: on segment `segment`, at fraction `t` along it.
struct Split {
    std::size_t segment;
    double t;
    Point p;
};

bool at_grade_together(const geo::Road& a, const geo::Road& b) {
    return a.layer == b.layer && a.bridge == b.bridge && a.tunnel == b.tunnel && !a.bridge &&
           !a.tunnel;
}

/// Proper intersection of segments p1p2 and q1q2 (not at their ends): fractions along each.
bool cross(Point p1, Point p2, Point q1, Point q2, double& t, double& u) {
    const double rx = p2.x - p1.x, ry = p2.y - p1.y, sx = q2.x - q1.x, sy = q2.y - q1.y;
    const double denom = rx * sy - ry * sx;
    if (std::abs(denom) < 1e-12) return false;
    const double qpx = q1.x - p1.x, qpy = q1.y - p1.y;
    t = (qpx * sy - qpy * sx) / denom;
    u = (qpx * ry - qpy * rx) / denom;
    const double eps = 1e-9;
    return t > eps && t < 1 - eps && u > eps && u < 1 - eps;
}

using PointUses = std::unordered_map<Point, std::size_t, PointHash>;
using SegmentGrid = std::unordered_map<Cell, std::vector<SegmentRef>, CellHash>;
constexpr double k_grid_cell = 100.0;

// Every road segment in each grid cell its box (grown by the tolerance) meets.
SegmentGrid segment_grid(const std::vector<geo::Road>& roads, double tol) {
    SegmentGrid grid;
    for (std::size_t r = 0; r < roads.size(); ++r) {
        const auto& g = roads[r].geom;
        for (std::size_t i = 0; i + 1 < g.size(); ++i) {
            geo::Box b;
            b.expand(g[i]);
            b.expand(g[i + 1]);
            const Cell lo = cell_of({b.minx - tol, b.miny - tol}, k_grid_cell),
                       hi = cell_of({b.maxx + tol, b.maxy + tol}, k_grid_cell);
            for (long long x = lo.x; x <= hi.x; ++x)
                for (long long y = lo.y; y <= hi.y; ++y)
                    grid[{x, y}].push_back({r, i});
        }
    }
    return grid;
}

// Crossings without a shared vertex: split both roads there when they meet at grade.
void node_crossings(const std::vector<geo::Road>& roads, const SegmentGrid& grid,
                    std::vector<std::vector<Split>>& splits, NetworkReport& report,
                    Progress& progress) {
    std::size_t cells_done = 0;
    for (const auto& [key, segments] : grid) {
        if (++cells_done % 512 == 0) progress.report("noding roads", cells_done, grid.size());
        for (std::size_t a = 0; a < segments.size(); ++a)
            for (std::size_t b = a + 1; b < segments.size(); ++b) {
                const SegmentRef sa = segments[a], sb = segments[b];
                if (sa.road == sb.road) continue; // a road crossing itself is not a junction
                const auto& ra = roads[sa.road];
                const auto& rb = roads[sb.road];
                const Point p1 = ra.geom[sa.index], p2 = ra.geom[sa.index + 1];
                const Point q1 = rb.geom[sb.index], q2 = rb.geom[sb.index + 1];
                double t = 0, u = 0;
                if (cross(p1, p2, q1, q2, t, u)) {
                    const Point x = geo::interpolate(p1, p2, t);
                    // Count each crossing once: in the cell that holds the crossing point.
                    if (!(cell_of(x, k_grid_cell) == key)) continue;
                    if (at_grade_together(ra, rb)) {
                        splits[sa.road].push_back({sa.index, t, x});
                        splits[sb.road].push_back({sb.index, u, x});
                        ++report.crossings_noded;
                    } else {
                        ++report.crossings_kept_apart;
                    }
                }
            }
    }
}

// Dangling ends within the tolerance of another road's segment join it there.
void snap_dangling_ends(const std::vector<geo::Road>& roads, const SegmentGrid& grid, double tol,
                        PointUses& uses, std::vector<std::vector<Split>>& splits,
                        NetworkReport& report) {
    for (std::size_t r = 0; r < roads.size(); ++r) {
        const auto& g = roads[r].geom;
        if (g.size() < 2) continue;
        for (const Point end : {g.front(), g.back()}) {
            if (uses[end] > 1) continue;
            auto it = grid.find(cell_of(end, k_grid_cell));
            if (it == grid.end()) continue;
            for (const SegmentRef s : it->second) {
                if (s.road == r) continue;
                const auto& other = roads[s.road];
                if (other.layer != roads[r].layer) continue;
                const Point a = other.geom[s.index], b = other.geom[s.index + 1];
                const auto [t, x] = geo::project_onto_segment(end, a, b);
                if (geo::distance(x, end) <= tol && t > 0 && t < 1) {
                    splits[s.road].push_back({s.index, t, x});
                    ++report.endpoints_snapped;
                    break;
                }
            }
        }
    }
}

// Walk each road, cutting an edge at every junction (shared vertex, split point or end).
void cut_edges(const std::vector<geo::Road>& roads, PointUses& uses,
               std::vector<std::vector<Split>>& splits, double tol, BuiltNetwork& out) {
    NetworkReport& report = out.report;
    NodeSnapper snapper(tol);
    std::unordered_map<Point, bool, PointHash> counted_shared;
    for (std::size_t r = 0; r < roads.size(); ++r) {
        const geo::Road& road = roads[r];
        if (road.geom.size() < 2) continue;
        auto& s = splits[r];
        std::sort(s.begin(), s.end(), [](const Split& a, const Split& b) {
            return a.segment != b.segment ? a.segment < b.segment : a.t < b.t;
        });
        // The road's points, each marked whether it is a junction.
        std::vector<std::pair<Point, bool>> pts;
        std::size_t k = 0;
        for (std::size_t i = 0; i < road.geom.size(); ++i) {
            const Point p = road.geom[i];
            const bool shared = uses[p] > 1;
            if (shared && i > 0 && i + 1 < road.geom.size() && !counted_shared[p]) {
                counted_shared[p] = true;
                ++report.shared_vertices;
            }
            pts.push_back({p, i == 0 || i + 1 == road.geom.size() || shared});
            for (; k < s.size() && s[k].segment == i; ++k)
                pts.push_back({s[k].p, true});
        }
        geo::LineString current{pts.front().first};
        geo::Id from = snapper.node(pts.front().first, out.network.nodes);
        for (std::size_t i = 1; i < pts.size(); ++i) {
            if (!(pts[i].first == current.back())) current.push_back(pts[i].first);
            if (!pts[i].second) continue;
            const geo::Id to = snapper.node(pts[i].first, out.network.nodes);
            const double len = geo::length(current);
            if (!(to == from && len <= tol) && current.size() >= 2) {
                geo::NetworkEdge e;
                e.id = static_cast<geo::Id>(out.network.edges.size() + 1);
                e.from = from;
                e.to = to;
                e.road_id = road.id;
                e.cls = road.cls;
                e.length = len;
                e.walkable = road.walkable;
                e.drivable = road.drivable;
                e.oneway = road.oneway;
                e.geom = current;
                out.network.edges.push_back(std::move(e));
            }
            current = {pts[i].first};
            from = to;
        }
    }
}

// Components, largest first; every node and edge learns its own.
void number_components(geo::Network& network) {
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
    Graph graph(network.nodes.size());
    for (const auto& e : network.edges)
        boost::add_edge(static_cast<std::size_t>(e.from - 1), static_cast<std::size_t>(e.to - 1),
                        graph);
    std::vector<int> component(network.nodes.size());
    const int count =
        network.nodes.empty() ? 0 : boost::connected_components(graph, component.data());
    std::vector<std::size_t> size(static_cast<std::size_t>(count));
    for (int c : component)
        ++size[static_cast<std::size_t>(c)];
    std::vector<int> order(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i)
        order[static_cast<std::size_t>(i)] = i;
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return size[static_cast<std::size_t>(a)] > size[static_cast<std::size_t>(b)];
    });
    std::vector<int> rank(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i)
        rank[static_cast<std::size_t>(order[static_cast<std::size_t>(i)])] = i + 1;
    for (auto& n : network.nodes)
        n.component = rank[static_cast<std::size_t>(component[static_cast<std::size_t>(n.id - 1)])];
    for (auto& e : network.edges)
        e.component = network.nodes[static_cast<std::size_t>(e.from - 1)].component;
}

} // namespace

BuiltNetwork build_network(const std::vector<geo::Road>& roads, const NetworkParams& params,
                           Progress& progress) {
    BuiltNetwork out;
    NetworkReport& report = out.report;
    const double tol = params.snap_tolerance;

    // 1. Vertices shared by two roads (or twice by one) are junctions: OSM's shared nodes.
    PointUses uses;
    for (const geo::Road& r : roads)
        for (const Point& p : r.geom)
            ++uses[p];

    // 2. Crossings without a shared vertex, and road ends that stop just short of a road.
    const SegmentGrid grid = segment_grid(roads, tol);
    std::vector<std::vector<Split>> splits(roads.size());
    node_crossings(roads, grid, splits, report, progress);
    snap_dangling_ends(roads, grid, tol, uses, splits, report);

    // 3. Edges between junctions; 4. their components.
    cut_edges(roads, uses, splits, tol, out);
    number_components(out.network);

    report.nodes = out.network.nodes.size();
    report.edges = out.network.edges.size();
    for (const auto& e : out.network.edges)
        report.length_m += e.length;
    report.all = components(out.network, [](const geo::NetworkEdge&) { return true; });
    report.walkable = components(out.network, [](const geo::NetworkEdge& e) { return e.walkable; });
    report.drivable = components(out.network, [](const geo::NetworkEdge& e) { return e.drivable; });
    progress.report("noding roads", 1.0);
    return out;
}

ComponentSummary components(const geo::Network& network, bool (*keep)(const geo::NetworkEdge&)) {
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
    Graph graph(network.nodes.size());
    std::vector<bool> touched(network.nodes.size());
    for (const auto& e : network.edges) {
        if (!keep(e)) continue;
        const auto a = static_cast<std::size_t>(e.from - 1), b = static_cast<std::size_t>(e.to - 1);
        boost::add_edge(a, b, graph);
        touched[a] = touched[b] = true;
    }
    std::vector<int> component(network.nodes.size());
    const int count =
        network.nodes.empty() ? 0 : boost::connected_components(graph, component.data());
    std::vector<std::size_t> nodes(static_cast<std::size_t>(count));
    std::vector<double> metres(static_cast<std::size_t>(count));
    std::vector<bool> used(static_cast<std::size_t>(count));
    for (std::size_t i = 0; i < component.size(); ++i)
        if (touched[i]) {
            ++nodes[static_cast<std::size_t>(component[i])];
            used[static_cast<std::size_t>(component[i])] = true;
        }
    for (const auto& e : network.edges)
        if (keep(e))
            metres[static_cast<std::size_t>(component[static_cast<std::size_t>(e.from - 1)])] +=
                e.length;
    ComponentSummary out;
    std::vector<std::pair<std::size_t, double>> parts;
    for (std::size_t c = 0; c < used.size(); ++c)
        if (used[c]) parts.push_back({nodes[c], metres[c]});
    std::sort(parts.begin(), parts.end(),
              [](const auto& a, const auto& b) { return a.second > b.second; });
    out.count = parts.size();
    for (const auto& [n, m] : parts) {
        out.nodes_per_component.push_back(n);
        out.metres_per_component.push_back(m);
    }
    return out;
}

nlohmann::json NetworkReport::to_json() const {
    auto summary = [](const ComponentSummary& c) {
        const std::size_t shown = std::min<std::size_t>(c.nodes_per_component.size(), 10);
        nlohmann::json largest = nlohmann::json::array();
        for (std::size_t i = 0; i < shown; ++i)
            largest.push_back({{"nodes", c.nodes_per_component[i]},
                               {"length_m", std::round(c.metres_per_component[i])}});
        return nlohmann::json{{"count", c.count}, {"largest", largest}};
    };
    return {{"nodes", nodes},
            {"edges", edges},
            {"length_km", std::round(length_m / 10.0) / 100.0},
            {"junctions_at_shared_vertices", shared_vertices},
            {"crossings_noded", crossings_noded},
            {"crossings_kept_apart_bridge_tunnel_layer", crossings_kept_apart},
            {"endpoints_snapped", endpoints_snapped},
            {"components", summary(all)},
            {"walkable_components", summary(walkable)},
            {"drivable_components", summary(drivable)}};
}

} // namespace cordon::planner
