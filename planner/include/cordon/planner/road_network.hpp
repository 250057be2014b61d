#pragma once
// The routable road network: roads noded at shared vertices and true crossings (never where
// a bridge or tunnel passes over or under), snapped within a tolerance, split into edges.

#include <cordon/geo/district.hpp>
#include <cordon/geo/progress.hpp>

#include <nlohmann/json.hpp>

#include <vector>

namespace cordon::planner {

struct NetworkParams {
    double snap_tolerance = 0.5; ///< metres: nodes closer than this are one node
};

/// Connected components of one view of the network (all roads, walkable or drivable ones).
struct ComponentSummary {
    std::size_t count = 0;
    std::vector<std::size_t> nodes_per_component; ///< largest first
    std::vector<double> metres_per_component;     ///< same order
};

struct NetworkReport {
    std::size_t nodes = 0;
    std::size_t edges = 0;
    double length_m = 0;
    std::size_t shared_vertices = 0;      ///< junctions at vertices shared by roads (OSM nodes)
    std::size_t crossings_noded = 0;      ///< at-grade crossings without a shared vertex, noded
    std::size_t crossings_kept_apart = 0; ///< crossings with a bridge, tunnel or other layer
    std::size_t endpoints_snapped = 0;    ///< road ends joined to a road within the tolerance
    ComponentSummary all, walkable, drivable;

    nlohmann::json to_json() const;
};

struct BuiltNetwork {
    geo::Network network;
    NetworkReport report;
};

/// Builds the network from the roads (coordinates in metres). Edge i has id i + 1; each
/// node and edge carries the number of its connected component (1 = largest).
BuiltNetwork build_network(const std::vector<geo::Road>& roads, const NetworkParams& params,
                           Progress& progress);

/// Connected components of the edges that pass `keep` (Boost.Graph).
ComponentSummary components(const geo::Network& network, bool (*keep)(const geo::NetworkEdge&));

} // namespace cordon::planner
