#include <cordon/planner/walk_graph.hpp>

#include <boost/graph/connected_components.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace cordon::planner {

using geo::Point;

namespace {

/// Where a place meets an edge: on segment `segment` at fraction `t`.
struct Foot {
    std::size_t place;
    std::size_t segment;
    double t;
    Point at;
};

/// The usable edges' segments on a uniform grid (flat arrays: per cell, the indices of the
/// segments whose bounding box meets it), for nearest-segment queries ring by ring.
class SegmentGrid {
public:
    struct Segment {
        std::size_t edge, index; ///< network edge and segment within its geometry
        Point a, b;
    };

    explicit SegmentGrid(std::vector<Segment> segments) : m_segments(std::move(segments)) {
        if (m_segments.empty()) return;
        geo::Box box;
        for (const Segment& s : m_segments)
            box.expand(s.a), box.expand(s.b);
        m_x0 = box.minx, m_y0 = box.miny;
        // About one segment per cell, and no more cells than a few per segment.
        const double n = static_cast<double>(m_segments.size());
        m_cell = std::max(1.0, std::sqrt(std::max(box.width() * box.height(), 1.0) / n));
        const double most = 4 * n + 1024;
        while (true) {
            m_nx = static_cast<std::size_t>(box.width() / m_cell) + 1;
            m_ny = static_cast<std::size_t>(box.height() / m_cell) + 1;
            if (static_cast<double>(m_nx) * static_cast<double>(m_ny) <= most) break;
            m_cell *= 1.5;
        }
        m_offset.assign(m_nx * m_ny + 1, 0);
        auto each_cell = [&](const Segment& s, auto&& f) {
            const long long ax = column(std::min(s.a.x, s.b.x)),
                            bx = column(std::max(s.a.x, s.b.x));
            const long long ay = row(std::min(s.a.y, s.b.y)), by = row(std::max(s.a.y, s.b.y));
            for (long long y = ay; y <= by; ++y)
                for (long long x = ax; x <= bx; ++x)
                    f(static_cast<std::size_t>(y) * m_nx + static_cast<std::size_t>(x));
        };
        for (const Segment& s : m_segments)
            each_cell(s, [&](std::size_t c) { ++m_offset[c + 1]; });
        for (std::size_t c = 1; c < m_offset.size(); ++c)
            m_offset[c] += m_offset[c - 1];
        m_entries.resize(m_offset.back());
        std::vector<std::size_t> fill(m_offset.begin(), m_offset.end() - 1);
        for (std::uint32_t i = 0; i < m_segments.size(); ++i)
            each_cell(m_segments[i], [&](std::size_t c) { m_entries[fill[c]++] = i; });
    }

    const std::vector<Segment>& segments() const { return m_segments; }

    /// The segment nearest to `p` closer than `radius` (ties: the first segment), as its index
    /// with the foot's fraction and point and the squared distance; false if none. Rings of
    /// cells around p's cell are searched until no unsearched cell can hold a nearer segment.
    bool nearest(Point p, double radius, std::uint32_t& found, double& t_found, Point& at_found,
                 double& d2_found) const {
        if (m_segments.empty()) return false;
        const long long cx = raw_column(p.x), cy = raw_row(p.y);
        const auto last_x = static_cast<long long>(m_nx) - 1,
                   last_y = static_cast<long long>(m_ny) - 1;
        double best = radius * radius;
        bool any = false;
        auto visit = [&](long long x, long long y) {
            if (x < 0 || y < 0 || x > last_x || y > last_y) return;
            const std::size_t c = static_cast<std::size_t>(y) * m_nx + static_cast<std::size_t>(x);
            for (std::size_t k = m_offset[c]; k < m_offset[c + 1]; ++k) {
                const std::uint32_t i = m_entries[k];
                const Segment& s = m_segments[i];
                const auto [t, at] = geo::project_onto_segment(p, s.a, s.b);
                const double d2 = (at.x - p.x) * (at.x - p.x) + (at.y - p.y) * (at.y - p.y);
                if (d2 < best || (any && d2 == best && i < found)) {
                    best = d2, any = true;
                    found = i, t_found = t, at_found = at;
                }
            }
        };
        // Cells off the grid hold nothing, so the rings need not go beyond it.
        const long long reach =
            std::max({std::abs(cx), std::abs(last_x - cx), std::abs(cy), std::abs(last_y - cy)});
        for (long long r = 0; r <= reach; ++r) {
            const long long x0 = std::max(cx - r, 0LL), x1 = std::min(cx + r, last_x);
            const long long y0 = std::max(cy - r + 1, 0LL), y1 = std::min(cy + r - 1, last_y);
            for (long long x = x0; x <= x1; ++x) {
                visit(x, cy - r);
                if (r > 0) visit(x, cy + r);
            }
            if (r > 0)
                for (long long y = y0; y <= y1; ++y)
                    visit(cx - r, y), visit(cx + r, y);
            // Every segment not yet seen is farther than r cells from p (its nearest point
            // lies in a cell outside the rings), so more than r * cell metres away.
            const double beyond = (static_cast<double>(r) - 1e-6) * m_cell;
            if (beyond >= radius || (r > 0 && any && best < beyond * beyond)) break;
        }
        if (any) d2_found = best;
        return any;
    }

private:
    long long raw_column(double x) const {
        return static_cast<long long>(std::floor((x - m_x0) / m_cell));
    }
    long long raw_row(double y) const {
        return static_cast<long long>(std::floor((y - m_y0) / m_cell));
    }
    long long column(double x) const {
        return std::clamp(raw_column(x), 0LL, static_cast<long long>(m_nx) - 1);
    }
    long long row(double y) const {
        return std::clamp(raw_row(y), 0LL, static_cast<long long>(m_ny) - 1);
    }

    std::vector<Segment> m_segments;
    double m_x0 = 0, m_y0 = 0, m_cell = 1;
    std::size_t m_nx = 0, m_ny = 0;
    std::vector<std::size_t> m_offset;
    std::vector<std::uint32_t> m_entries;
};

} // namespace

WalkGraph::WalkGraph(const geo::Network& network, Mode mode, const std::vector<Point>& places,
                     double search_radius) {
    const auto usable = [&](const geo::NetworkEdge& e) {
        return mode == Mode::walk ? e.walkable : e.drivable;
    };

    // Index the usable edges' segments on a grid, and find each place's nearest one.
    std::vector<SegmentGrid::Segment> segments;
    for (std::size_t e = 0; e < network.edges.size(); ++e) {
        if (!usable(network.edges[e])) continue;
        const auto& g = network.edges[e].geom;
        for (std::size_t i = 0; i + 1 < g.size(); ++i)
            segments.push_back({e, i, g[i], g[i + 1]});
    }
    const SegmentGrid grid(std::move(segments));
    std::vector<std::vector<Foot>> feet(network.edges.size());
    m_places.resize(places.size());
    std::vector<std::size_t> unattached;
    for (std::size_t p = 0; p < places.size(); ++p) {
        std::uint32_t s = 0;
        double t = 0, d2 = 0;
        Point at;
        if (grid.nearest(places[p], search_radius, s, t, at, d2)) {
            const auto& seg = grid.segments()[s];
            feet[seg.edge].push_back(Foot{p, seg.index, t, at});
            m_places[p].gap = std::sqrt(d2);
        } else {
            unattached.push_back(p);
        }
    }

    // Vertices: the network's nodes, then the feet (edge by edge), then the unattached places.
    m_positions.reserve(network.nodes.size() + places.size());
    for (const auto& n : network.nodes)
        m_positions.push_back(n.pos);
    m_graph = Graph(network.nodes.size() + places.size());
    std::size_t next_vertex = network.nodes.size();

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
            boost::add_edge(from, to, data, m_graph);
            line = {line.back()};
            from = to;
        };
        for (std::size_t i = 0; i + 1 < edge.geom.size(); ++i) {
            for (; k < f.size() && f[k].segment == i; ++k) {
                line.push_back(f[k].at);
                const std::size_t v = next_vertex++;
                m_positions.push_back(f[k].at);
                m_places[f[k].place].vertex = v;
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
        for (std::size_t v = 0; v < m_positions.size(); ++v) {
            if (boost::degree(v, m_graph) == 0) continue;
            const double d = geo::distance(m_positions[v], places[p]);
            if (d < best) best = d, nearest = v;
        }
        const std::size_t v = next_vertex++;
        m_positions.push_back(places[p]);
        m_places[p] = {v, best == unreachable ? 0 : best, false};
        if (best != unreachable) {
            EdgeData data{best, {places[p], m_positions[nearest]}};
            if (v > nearest) std::reverse(data.geom.begin(), data.geom.end());
            boost::add_edge(nearest, v, data, m_graph);
        }
    }

    m_pieces.resize(boost::num_vertices(m_graph));
    m_piece_count = m_pieces.empty() ? 0 : boost::connected_components(m_graph, m_pieces.data());
}

std::vector<double> WalkGraph::distances(const std::vector<std::size_t>& sources,
                                         std::vector<int>* nearest) const {
    const std::size_t n = boost::num_vertices(m_graph);
    std::vector<double> dist(n, unreachable);
    std::vector<std::size_t> pred(n);
    if (sources.empty()) {
        if (nearest) nearest->assign(n, -1);
        return dist;
    }
    boost::dijkstra_shortest_paths(m_graph, sources.begin(), sources.end(), pred.data(),
                                   dist.data(), boost::get(&EdgeData::length, m_graph),
                                   boost::get(boost::vertex_index, m_graph), std::less<double>(),
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
    const std::size_t n = boost::num_vertices(m_graph);
    Tree t{source, std::vector<double>(n, unreachable), std::vector<std::size_t>(n)};
    boost::dijkstra_shortest_paths(m_graph, source,
                                   boost::predecessor_map(t.predecessor.data())
                                       .distance_map(t.distance.data())
                                       .distance_inf(unreachable)
                                       .weight_map(boost::get(&EdgeData::length, m_graph)));
    return t;
}

geo::LineString WalkGraph::path(const Tree& t, std::size_t to) const {
    if (t.distance[to] == unreachable) return {};
    geo::LineString out{m_positions[to]};
    for (std::size_t v = to; v != t.source; v = t.predecessor[v]) {
        const std::size_t u = t.predecessor[v];
        // The lightest edge between u and v is the one the path used.
        const EdgeData* best = nullptr;
        for (auto [it, end] = boost::out_edges(u, m_graph); it != end; ++it)
            if (boost::target(*it, m_graph) == v && (!best || m_graph[*it].length < best->length))
                best = &m_graph[*it];
        geo::LineString piece = best->geom;                  // from min(u,v) to max(u,v)
        if (u < v) std::reverse(piece.begin(), piece.end()); // we walk v → u
        out.insert(out.end(), piece.begin() + 1, piece.end());
    }
    std::reverse(out.begin(), out.end());
    return out;
}

} // namespace cordon::planner
