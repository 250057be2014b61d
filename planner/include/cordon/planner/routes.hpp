#pragma once
// Patrol routes: per zone, a closed walk on the walkable network from the team's base past
// every building door: shortest-path distances between the zone's doors on the zone's part of
// the network, then a tour through them (tour.hpp). Zones are planned in parallel.

#include <cordon/geo/district.hpp>
#include <cordon/geo/progress.hpp>
#include <cordon/planner/tour.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace cordon::planner {

struct RouteParams {
    double walking_speed_kmh = 4.0; ///< patrol walking pace, stops not counted
    double search_radius = 250;     ///< metres from a door to the walkable network
    double effort = 10;             ///< tour search per stop (TourOptions::effort)
    std::uint64_t seed = 1;         ///< tour search seed (mixed with each zone's doors)
    std::size_t threads = 0;        ///< zones planned at once; 0: one per core
    /// Benchmarks: another tour solver on the same distances (its order is turned to start at
    /// the base); empty: solve_tour.
    std::function<std::vector<std::size_t>(const DistanceMatrix&)> tour_solver;
};

struct RoutePlan {
    std::vector<geo::Route> routes;         ///< one per zone with a walk, ids from 1
    std::map<geo::Id, double> route_length; ///< zone → metres, for every zone with a door
    nlohmann::json report;
};

class WalkGraph;

/// The walks route_patrols plans, for groups of buildings that are not (yet) a district's
/// zones: what balancing zones by walking time measures. The walk network is built once.
class PatrolWalks {
public:
    PatrolWalks(const geo::District& district, const RouteParams& params);
    ~PatrolWalks();
    PatrolWalks(const PatrolWalks&) = delete;
    PatrolWalks& operator=(const PatrolWalks&) = delete;
    /// Per group (indexes into the district's buildings; group i walked as zone id i + 1) the
    /// metres of the closed walk from its base past every door, 0 for a single door.
    std::vector<double> lengths(const std::vector<std::vector<std::size_t>>& buildings,
                                Progress& progress) const;

private:
    std::unique_ptr<WalkGraph> m_graph;
    RouteParams m_params;
};

/// One route per zone through the doors of the zone's buildings (buildings' zone_id).
RoutePlan route_patrols(const geo::District& district, const RouteParams& params,
                        Progress& progress);
/// Replaces the routes layer by the plan's and sets the zones' route_length.
void apply_routes(geo::District& district, RoutePlan plan);
/// Both: routes the patrols and applies them; returns the report.
nlohmann::json plan_routes(geo::District& district, const RouteParams& params, Progress& progress);

} // namespace cordon::planner
