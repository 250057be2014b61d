#pragma once
// Patrol routes: per zone, a closed walk on the walkable network from the team's base past
// every building door: shortest-path distances between the zone's doors on the zone's part of
// the network, then a tour through them (tour.hpp). Zones are planned in parallel.

#include <cordon/geo/district.hpp>
#include <cordon/geo/progress.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>

namespace cordon::planner {

struct RouteParams {
    double walking_speed_kmh = 4.0; ///< patrol walking pace, stops not counted
    double search_radius = 250;     ///< metres from a door to the walkable network
    double effort = 10;             ///< tour search per stop (TourOptions::effort)
    std::uint64_t seed = 1;         ///< tour search seed (mixed with each zone's id)
    std::size_t threads = 0;        ///< zones planned at once; 0: one per core
};

/// Replaces the routes layer: one route per zone through the doors of the zone's buildings
/// (buildings' zone_id), and sets each zone's route_length.
nlohmann::json plan_routes(geo::District& district, const RouteParams& params, Progress& progress);

} // namespace cordon::planner
