#include <cordon/planner/walk_graph.hpp>

#include <boost/graph/connected_components.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace cordon::planner {

using geo::Point;

namespace {

struct Cell {
    long long x, y;
    bool operator==(const Cell&) const = default;
};
struct CellHash {
    std::size_t operator()(const Cell& c) const {
        return std::hash<long long>()(c.x) * 1000003u ^ std::hash<long long>()(c.y);
    }
};

/// Where a place meets an edge: on segment `segment` at fraction `t`.
struct Foot {
    std::size_t place;
    std::size_t segment;
    double t;
    Point at;
};

double project(Point a, Point b, Point p) {
    const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
    if (len2 == 0) return 0;
    return std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0);
}

} // namespace

WalkGraph::WalkGraph(const geo::Network& network, Mode mode, const std::vector<Point>& places,
                     double search_radius) {
    const auto usable = [&](const geo::NetworkEdge& e) {
        return mode == Mode::walk ? e.walkable : e.drivable;
    };
    for (const auto& n : network.nodes)
        positions_.push_back(n.pos);
    graph_ = Graph(positions_.size());

    // Index the usable edges' segments on a grid, and find each place's nearest one.
    const double cell = std::max(search_radius, 1.0);
    auto cell_of = [&](Point p) {
        return Cell{static_cast<long long>(std::floor(p.x / cell)),
                    static_cast<long long>(std::floor(p.y / cell))};
    };
    std::unordered_map<Cell, std::vector<std::pair<std::size_t, std::size_t>>, CellHash> grid;
    for (std::size_t e = 0; e < network.edges.size(); ++e) {
        if (!usable(network.edges[e])) continue;
        const auto& g = network.edges[e].geom;
        for (std::size_t i = 0; i + 1 < g.size(); ++i) {
            const Cell a = cell_of(g[i]), b = cell_of(g[i + 1]);
            for (long long x = std::min(a.x, b.x); x <= std::max(a.x, b.x); ++x)
                for (long long y = std::min(a.y, b.y); y <= std::max(a.y, b.y); ++y)
                    grid[{x, y}].push_back({e, i});
        }
    }
    std::vector<std::vector<Foot>> feet(network.edges.size());
    places_.resize(places.size());
    std::vector<std::size_t> unattached;
    for (std::size_t p = 0; p < places.size(); ++p) {
        const Cell c = cell_of(places[p]);
        double best = search_radius;
        std::optional<std::pair<std::size_t, Foot>> found;
        for (long long dx = -1; dx <= 1; ++dx)
            for (long long dy = -1; dy <= 1; ++dy) {
                auto it = grid.find({c.x + dx, c.y + dy});
                if (it == grid.end()) continue;
                for (const auto& [e, i] : it->second) {
                    const auto& g = network.edges[e].geom;
                    const double t = project(g[i], g[i + 1], places[p]);
                    const Point at{g[i].x + (g[i + 1].x - g[i].x) * t,
                                   g[i].y + (g[i + 1].y - g[i].y) * t};
                    const double d = geo::distance(at, places[p]);
                    if (d < best) {
                        best = d;
                        found = {e, Foot{p, i, t, at}};
                    }
                }
            }
        if (found) {
            feet[found->first].push_back(found->second);
            places_[p].gap = best;
        } else {
            unattached.push_back(p);
        }
    }

    // Add edges, split at the places' feet.
    for (std::size_t e = 0; e < network.edges.size(); ++e) {
        const auto& edge = network.edges[e];
        if (!usable(edge)) continue;
        auto& f = feet[e];
        std::sort(f.begin(), f.end(), [](const Foot& a, const Foot& b) {
            return a.segment != b.segment ? a.segment < b.segment : a.t < b.t;
        });
        std::size_t from = static_cast<std::size_t>(edge.from - 1);
        geo::LineString line{edge.geom.front()};
        std::size_t k = 0;
        auto close = [&](std::size_t to) {
            EdgeData data{geo::length(line), line};
            if (from > to) std::reverse(data.geom.begin(), data.geom.end());
            boost::add_edge(from, to, data, graph_);
            line = {line.back()};
            from = to;
        };
        for (std::size_t i = 0; i + 1 < edge.geom.size(); ++i) {
            for (; k < f.size() && f[k].segment == i; ++k) {
                line.push_back(f[k].at);
                const std::size_t v = boost::add_vertex(graph_);
                positions_.push_back(f[k].at);
                places_[f[k].place].vertex = v;
                close(v);
            }
            line.push_back(edge.geom[i + 1]);
        }
        close(static_cast<std::size_t>(edge.to - 1));
    }

    // Places with no usable edge nearby: a vertex of their own, joined by a straight line to
    // the nearest vertex (flagged: not on the network).
    for (std::size_t p : unattached) {
        std::size_t nearest = 0;
        double best = unreachable;
        for (std::size_t v = 0; v < positions_.size(); ++v) {
            if (boost::degree(v, graph_) == 0) continue;
            const double d = geo::distance(positions_[v], places[p]);
            if (d < best) best = d, nearest = v;
        }
        const std::size_t v = boost::add_vertex(graph_);
        positions_.push_back(places[p]);
        places_[p] = {v, best == unreachable ? 0 : best, false};
        if (best != unreachable) {
            EdgeData data{best, {places[p], positions_[nearest]}};
            if (v > nearest) std::reverse(data.geom.begin(), data.geom.end());
            boost::add_edge(nearest, v, data, graph_);
        }
    }

    pieces_.resize(boost::num_vertices(graph_));
    piece_count_ = pieces_.empty() ? 0 : boost::connected_components(graph_, pieces_.data());
}

std::vector<double> WalkGraph::distances(const std::vector<std::size_t>& sources,
                                         std::vector<int>* nearest) const {
    const std::size_t n = boost::num_vertices(graph_);
    std::vector<double> dist(n, unreachable);
    std::vector<std::size_t> pred(n);
    if (sources.empty()) {
        if (nearest) nearest->assign(n, -1);
        return dist;
    }
    boost::dijkstra_shortest_paths(graph_, sources.begin(), sources.end(), pred.data(), dist.data(),
                                   boost::get(&EdgeData::length, graph_),
                                   boost::get(boost::vertex_index, graph_), std::less<double>(),
                                   boost::closed_plus<double>(unreachable), unreachable, 0.0,
                                   boost::default_dijkstra_visitor());
    if (nearest) {
        // Follow each vertex's predecessors to the root of its shortest-path tree.
        nearest->assign(n, -1);
        std::vector<int> source_index(n, -1);
        for (std::size_t i = 0; i < sources.size(); ++i)
            if (source_index[sources[i]] < 0) source_index[sources[i]] = static_cast<int>(i);
        std::vector<std::size_t> order(n);
        for (std::size_t v = 0; v < n; ++v)
            order[v] = v;
        std::sort(order.begin(), order.end(),
                  [&](std::size_t a, std::size_t b) { return dist[a] < dist[b]; });
        for (std::size_t v : order) {
            if (dist[v] == unreachable) continue;
            (*nearest)[v] =
                source_index[v] >= 0 && dist[v] == 0 ? source_index[v] : (*nearest)[pred[v]];
        }
    }
    return dist;
}

WalkGraph::Tree WalkGraph::tree(std::size_t source) const {
    const std::size_t n = boost::num_vertices(graph_);
    Tree t{source, std::vector<double>(n, unreachable), std::vector<std::size_t>(n)};
    boost::dijkstra_shortest_paths(graph_, source,
                                   boost::predecessor_map(t.predecessor.data())
                                       .distance_map(t.distance.data())
                                       .distance_inf(unreachable)
                                       .weight_map(boost::get(&EdgeData::length, graph_)));
    return t;
}

geo::LineString WalkGraph::path(const Tree& t, std::size_t to) const {
    if (t.distance[to] == unreachable) return {};
    geo::LineString out{positions_[to]};
    for (std::size_t v = to; v != t.source; v = t.predecessor[v]) {
        const std::size_t u = t.predecessor[v];
        // The lightest edge between u and v is the one the path used.
        const EdgeData* best = nullptr;
        for (auto [it, end] = boost::out_edges(u, graph_); it != end; ++it)
            if (boost::target(*it, graph_) == v && (!best || graph_[*it].length < best->length))
                best = &graph_[*it];
        geo::LineString piece = best->geom;                  // from min(u,v) to max(u,v)
        if (u < v) std::reverse(piece.begin(), piece.end()); // we walk v → u
        out.insert(out.end(), piece.begin() + 1, piece.end());
    }
    std::reverse(out.begin(), out.end());
    return out;
}

} // namespace cordon::planner
