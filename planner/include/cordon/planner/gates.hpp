#pragma once
// Gate reduction for closed (property-managed) compounds: the fewest open gates that keep
// every building's door within a walking distance of an open gate; guarded courtyards keep
// every gate open and staffed around the clock.

#include <cordon/geo/district.hpp>
#include <cordon/geo/progress.hpp>

#include <nlohmann/json.hpp>

namespace cordon::planner {

struct GateParams {
    double max_walk = 300;         ///< D: metres from a building's door to an open gate
    bool keep_vehicle_gate = true; ///< keep at least one vehicle gate where the compound has one
    bool second_exit = false;     ///< keep at least two open gates where there are two (fire codes)
    int crew_closed = 2;          ///< staff per open gate and shift, closed compounds
    int crew_guarded = 1;         ///< staff per gate and shift, guarded courtyards
    double search_radius = 250;   ///< metres from a door or gate to the walkable network
    std::size_t exact_limit = 20; ///< compounds with more gates are solved greedily (reported)
};

/// What becomes of one gate.
struct GateDecision {
    geo::Id id = 0;
    geo::GateState state = geo::GateState::open;
    int crew = 0;
    std::string reason;
};

struct GatePlan {
    std::vector<GateDecision> gates; ///< every gate of a closed or guarded compound
    nlohmann::json report;           ///< per compound, and the gates open and closed
};

/// Opens or closes every gate of closed compounds and opens every gate of guarded ones, with
/// a reason per gate and a report per compound. Uses the buildings' compound_id (classify).
GatePlan plan_gates(const geo::District& district, const GateParams& params, Progress& progress);

/// Sets the gates' state, crew and reason as the plan decided (gates by id).
void apply_gates(geo::District& district, const GatePlan& plan);

/// The choice for one compound, exposed for tests: `walk[g][b]` is the distance from gate g
/// to building b; returns the open gates (ascending) or nothing when no choice covers the
/// coverable buildings. `vehicle[g]` says gate g lets vehicles through.
struct GateChoice {
    std::vector<std::size_t> open;
    double total_walk = 0;            ///< sum over buildings of the walk to the nearest open gate
    std::vector<std::size_t> too_far; ///< buildings farther than D from every gate
    bool exact = true;
};
GateChoice choose_gates(const std::vector<std::vector<double>>& walk,
                        const std::vector<bool>& vehicle, const GateParams& params);

} // namespace cordon::planner
