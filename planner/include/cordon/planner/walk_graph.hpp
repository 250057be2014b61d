#pragma once
// The road network as a weighted graph with places attached to it: each building door or
// gate becomes a vertex on the nearest usable edge, so distances between doors are real
// distances along the streets. Shared by gate reduction, patrol zoning and routes.

#include <cordon/geo/district.hpp>

#include <boost/graph/adjacency_list.hpp>

#include <limits>
#include <optional>
#include <vector>

namespace cordon::planner {

/// Which edges of the network a graph uses.
enum class Mode { walk, drive };

/// A place attached to the graph.
struct Attachment {
    std::size_t vertex = 0; ///< the place's own vertex
    double gap = 0;         ///< straight-line metres from the place to its vertex
    bool on_network = true; ///< false: no usable edge within the search radius, joined to the
                            ///< nearest vertex by a straight line (flagged in reports)
};

class WalkGraph {
public:
    struct EdgeData {
        double length = 0;
        geo::LineString geom; ///< drawn from the lower-numbered vertex to the higher one
    };
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS,
                                        boost::no_property, EdgeData>;
    using Vertex = Graph::vertex_descriptor;
    static constexpr double unreachable = std::numeric_limits<double>::infinity();

    /// The graph of the network's walkable (or drivable, ignoring direction) edges, with
    /// `places` attached to the nearest such edge within `search_radius` metres.
    WalkGraph(const geo::Network& network, Mode mode, const std::vector<geo::Point>& places,
              double search_radius = 250.0);

    const Graph& graph() const { return m_graph; }
    std::size_t vertex_count() const { return boost::num_vertices(m_graph); }
    geo::Point position(std::size_t vertex) const { return m_positions[vertex]; }
    const std::vector<Attachment>& places() const { return m_places; }
    /// The connected piece of the graph a vertex belongs to (0-based).
    int piece(std::size_t vertex) const { return m_pieces[vertex]; }
    int piece_count() const { return m_piece_count; }

    /// Shortest distances from several sources at once; `nearest`, when given, receives the
    /// index (into `sources`) of the closest source for every vertex (-1 if unreachable).
    std::vector<double> distances(const std::vector<std::size_t>& sources,
                                  std::vector<int>* nearest = nullptr) const;
    /// Shortest paths from one vertex to all others.
    struct Tree {
        std::size_t source = 0;
        std::vector<double> distance;
        std::vector<std::size_t> predecessor;
    };
    Tree tree(std::size_t source) const;
    /// The shortest path from the tree's source to `to` as a line along the streets (empty
    /// if unreachable).
    geo::LineString path(const Tree& tree, std::size_t to) const;
    geo::LineString path(std::size_t from, std::size_t to) const { return path(tree(from), to); }

private:
    Graph m_graph;
    std::vector<geo::Point> m_positions;
    std::vector<Attachment> m_places;
    std::vector<int> m_pieces;
    int m_piece_count = 0;
};

} // namespace cordon::planner
