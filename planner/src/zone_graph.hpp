#pragma once
// A patrol zone's part of the walk graph: the vertices within a margin of the zone's doors as
// a compact graph, the distances between its doors and the walks between them (routes.cpp).

#include <cordon/planner/tour.hpp>
#include <cordon/planner/walk_graph.hpp>

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <atomic>
#include <cstdint>
#include <vector>

namespace cordon::planner {

/// An arc of a zone's part of the walk graph, pointing at the full graph's edge for its line.
struct Arc {
    double length = 0;
    const WalkGraph::EdgeData* data = nullptr;
};
using Csr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, Arc>;

/// Dijkstra on a compact graph from one vertex until the vertices marked `waiting` are
/// settled (or every reachable one is).
class Search {
    const Csr& m_g;

public:
    explicit Search(const Csr& g)
        : m_g(g), distance(boost::num_vertices(g)), predecessor(distance.size()),
          arc(distance.size()), waiting(distance.size(), 0) {}

    /// Searches from `source` until `waited` vertices marked in `waiting` are settled.
    void run(std::size_t source, std::size_t waited);

    std::vector<double> distance;
    std::vector<std::size_t> predecessor;
    std::vector<const WalkGraph::EdgeData*> arc; ///< the arc each vertex was reached by
    std::vector<char> waiting;

private:
    struct Settled {}; ///< thrown once every vertex waited for is settled
    struct Visitor : boost::default_dijkstra_visitor {
        Search* search;
        std::size_t* remaining;
        void examine_vertex(std::size_t u, const Csr&) const {
            if (search->waiting[u] && --*remaining == 0) throw Settled{};
        }
        void edge_relaxed(Csr::edge_descriptor e, const Csr& g) const {
            search->arc[boost::target(e, g)] = g[e].data;
        }
    };
};

/// The part of the walk graph a zone's tour needs: every vertex within a margin of the box
/// round the zone's stops, as a compact graph (memory in proportion to the zone).
class ZoneGraph {
public:
    /// `scratch` holds -1 for every vertex of the full graph and is left so.
    ZoneGraph(const WalkGraph& full, const std::vector<std::size_t>& stops,
              std::vector<std::int32_t>& scratch);

    /// The distance between every two stops within the part (WalkGraph::unreachable when
    /// they are not joined in it). Doors lie inside chains of vertices of degree 2 between
    /// junctions; the shortest paths are searched between the chains' ends only, and a stop's
    /// distance to another is the best of its ways out of its chain to the other's (or along
    /// their common chain).
    void stop_distances(DistanceMatrix& out, const std::atomic<bool>& stop) const;

    /// The walk along the streets from stop `from` to stop `to` (empty if they are not joined
    /// within the zone's part).
    geo::LineString path(std::size_t from, std::size_t to, Search& search) const;

    const Csr& graph() const { return m_graph; }

private:
    const WalkGraph& m_full;
    std::vector<std::size_t> m_global; ///< full-graph vertex of each local vertex
    std::vector<std::size_t> m_local;  ///< local vertex of each stop
    Csr m_graph;
};

} // namespace cordon::planner
