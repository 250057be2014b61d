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

    explicit SegmentGrid(std::vector<Segment> segments) : segments_(std::move(segments)) {
        if (segments_.empty()) return;
        geo::Box box;
        for (const Segment& s : segments_)
            box.expand(s.a), box.expand(s.b);
        x0_ = box.minx, y0_ = box.miny;
        // About one segment per cell, and no more cells than a few per segment.
        const double n = static_cast<double>(segments_.size());
        cell_ = std::max(1.0, std::sqrt(std::max(box.width() * box.height(), 1.0) / n));
        const double most = 4 * n + 1024;
        while (true) {
            nx_ = static_cast<std::size_t>(box.width() / cell_) + 1;
            ny_ = static_cast<std::size_t>(box.height() / cell_) + 1;
            if (static_cast<double>(nx_) * static_cast<double>(ny_) <= most) break;
            cell_ *= 1.5;
        }
        offset_.assign(nx_ * ny_ + 1, 0);
        auto each_cell = [&](const Segment& s, auto&& f) {
            const long long ax = column(std::min(s.a.x, s.b.x)),
                            bx = column(std::max(s.a.x, s.b.x));
            const long long ay = row(std::min(s.a.y, s.b.y)), by = row(std::max(s.a.y, s.b.y));
            for (long long y = ay; y <= by; ++y)
                for (long long x = ax; x <= bx; ++x)
                    f(static_cast<std::size_t>(y) * nx_ + static_cast<std::size_t>(x));
        };
        for (const Segment& s : segments_)
            each_cell(s, [&](std::size_t c) { ++offset_[c + 1]; });
        for (std::size_t c = 1; c < offset_.size(); ++c)
            offset_[c] += offset_[c - 1];
        entries_.resize(offset_.back());
        std::vector<std::size_t> fill(offset_.begin(), offset_.end() - 1);
        for (std::uint32_t i = 0; i < segments_.size(); ++i)
            each_cell(segments_[i], [&](std::size_t c) { entries_[fill[c]++] = i; });
    }

    const std::vector<Segment>& segments() const { return segments_; }

    /// The segment nearest to `p` closer than `radius` (ties: the first segment), as its index
    /// with the foot's fraction and point and the squared distance; false if none. Rings of
    /// cells around p's cell are searched until no unsearched cell can hold a nearer segment.
    bool nearest(Point p, double radius, std::uint32_t& found, double& t_found, Point& at_found,
                 double& d2_found) const {
        if (segments_.empty()) return false;
        const long long cx = raw_column(p.x), cy = raw_row(p.y);
        const auto last_x = static_cast<long long>(nx_) - 1,
                   last_y = static_cast<long long>(ny_) - 1;
        double best = radius * radius;
        bool any = false;
        auto visit = [&](long long x, long long y) {
            if (x < 0 || y < 0 || x > last_x || y > last_y) return;
            const std::size_t c = static_cast<std::size_t>(y) * nx_ + static_cast<std::size_t>(x);
            for (std::size_t k = offset_[c]; k < offset_[c + 1]; ++k) {
                const std::uint32_t i = entries_[k];
                const Segment& s = segments_[i];
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
            const double beyond = (static_cast<double>(r) - 1e-6) * cell_;
            if (beyond >= radius || (r > 0 && any && best < beyond * beyond)) break;
        }
        if (any) d2_found = best;
        return any;
    }

private:
    long long raw_column(double x) const {
        return static_cast<long long>(std::floor((x - x0_) / cell_));
    }
    long long raw_row(double y) const {
        return static_cast<long long>(std::floor((y - y0_) / cell_));
    }
    long long column(double x) const {
        return std::clamp(raw_column(x), 0LL, static_cast<long long>(nx_) - 1);
    }
    long long row(double y) const {
        return std::clamp(raw_row(y), 0LL, static_cast<long long>(ny_) - 1);
    }

    std::vector<Segment> segments_;
    double x0_ = 0, y0_ = 0, cell_ = 1;
    std::size_t nx_ = 0, ny_ = 0;
    std::vector<std::size_t> offset_;
    std::vector<std::uint32_t> entries_;
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
    places_.resize(places.size());
    std::vector<std::size_t> unattached;
    for (std::size_t p = 0; p < places.size(); ++p) {
        std::uint32_t s = 0;
        double t = 0, d2 = 0;
        Point at;
        if (grid.nearest(places[p], search_radius, s, t, at, d2)) {
            const auto& seg = grid.segments()[s];
            feet[seg.edge].push_back(Foot{p, seg.index, t, at});
            places_[p].gap = std::sqrt(d2);
        } else {
            unattached.push_back(p);
        }
    }

    // Vertices: the network's nodes, then the feet (edge by edge), then the unattached places.
    positions_.reserve(network.nodes.size() + places.size());
    for (const auto& n : network.nodes)
        positions_.push_back(n.pos);
    graph_ = Graph(network.nodes.size() + places.size());
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
            boost::add_edge(from, to, data, graph_);
            line = {line.back()};
            from = to;
        };
        for (std::size_t i = 0; i + 1 < edge.geom.size(); ++i) {
            for (; k < f.size() && f[k].segment == i; ++k) {
                line.push_back(f[k].at);
                const std::size_t v = next_vertex++;
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
        const std::size_t v = next_vertex++;
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
