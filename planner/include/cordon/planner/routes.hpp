#pragma once
// Patrol routes: per zone, a closed walk on the walkable network from the team's base past
// every building door: shortest-path distances between the zone's doors on the zone's part of
// the network, then a tour through them (tour.hpp). Zones are planned in parallel.

#include <cordon/geo/district.hpp>
#include <cordon/geo/progress.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace cordon::planner {

struct RouteParams {
    double walking_speed_kmh = 4.0; ///< patrol walking pace, stops not counted
    double search_radius = 250;     ///< metres from a door to the walkable network
    double effort = 10;             ///< tour search per stop (TourOptions::effort)
    std::uint64_t seed = 1;         ///< tour search seed (mixed with each zone's id)
    std::size_t threads = 0;        ///< zones planned at once; 0: one per core
};

struct RoutePlan {
    std::vector<geo::Route> routes;         ///< one per zone with a walk, ids from 1
    std::map<geo::Id, double> route_length; ///< zone → metres, for every zone with a door
    nlohmann::json report;
};

/// One route per zone through the doors of the zone's buildings (buildings' zone_id).
RoutePlan route_patrols(const geo::District& district, const RouteParams& params,
                        Progress& progress);
/// Replaces the routes layer by the plan's and sets the zones' route_length.
void apply_routes(geo::District& district, RoutePlan plan);
/// Both: routes the patrols and applies them; returns the report.
nlohmann::json plan_routes(geo::District& district, const RouteParams& params, Progress& progress);

} // namespace cordon::planner
