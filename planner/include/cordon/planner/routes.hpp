#pragma once
// Patrol routes: per zone, a closed walk on the walkable network from the team's base past
// every building door (shortest-path distances, a TSP tour improved by 2-opt and Or-opt).

#include <cordon/geo/district.hpp>
#include <cordon/geo/progress.hpp>

#include <nlohmann/json.hpp>

#include <vector>

namespace cordon::planner {

struct RouteParams {
    double walking_speed_kmh = 4.0; ///< patrol walking pace, stops not counted
    double search_radius = 250;     ///< metres from a door to the walkable network
};

/// Replaces the routes layer: one route per zone through the doors of the zone's buildings
/// (buildings' zone_id), and sets each zone's route_length.
nlohmann::json plan_routes(geo::District& district, const RouteParams& params, Progress& progress);

/// A closed tour over a symmetric distance matrix, starting and ending at stop 0: nearest
/// neighbour, then 2-opt and Or-opt moves until none improves. `order` starts with 0.
struct Tour {
    std::vector<std::size_t> order;
    double length = 0;
};
Tour solve_tour(const std::vector<std::vector<double>>& distance);
double tour_length(const std::vector<std::vector<double>>& distance,
                   const std::vector<std::size_t>& order);

} // namespace cordon::planner
