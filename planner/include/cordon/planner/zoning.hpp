#pragma once
// Patrol zoning (分片包干): scattered buildings divided into zones that are balanced in
// households, contiguous along walkable streets, compact, and never cross a community
// boundary or a gap in the walkable network. See README "Patrol zones" for the method.

#include <cordon/geo/district.hpp>
#include <cordon/geo/progress.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace cordon::planner {

/// What zones are balanced by: households, or walking time (each zone's patrol route as
/// route_patrols walks it).
enum class BalanceBy { households, walk };

struct ZoningParams {
    std::optional<int> zones;       ///< k given, or
    std::optional<double> capacity; ///< the fewest zones whose households each fit this capacity
    double balance_target = 0.05;   ///< largest deviation from the mean workload
    /// Walk: zones balanced by their routes' length (needs `zones`, not `capacity`); the
    /// report gives each zone's route metres and their largest deviation.
    BalanceBy balance_by = BalanceBy::households;
    /// Zones start from balanced power cells (compact); false: grown on the streets from
    /// their seeds, the method before (kept for benchmarks).
    bool power_cells = true;
    std::uint64_t seed = 1;     ///< deterministic for a given seed
    double search_radius = 250; ///< metres from a building to the walkable network
};

struct ZoningResult {
    /// id 1..k, name, team, households, community_id, geom (one polygon per zone unless the
    /// streets join a zone across another one, e.g. at a bridge; never overlapping)
    std::vector<geo::Zone> zones;
    /// (building id, zone id) for every scattered building, in the order given
    std::vector<std::pair<geo::Id, geo::Id>> assignment;
    /// balance (largest deviation, the floor and what forces it), compactness (Polsby-Popper,
    /// area / convex hull), contiguity, how zones were shared among communities and network
    /// pieces, buildings off the network, per-zone figures
    nlohmann::json report;
};

/// Divides `scattered_buildings` (ids in `district.buildings`) into patrol zones.
/// Exactly one of params.zones and params.capacity must be set.
/// Throws InputError (naming the thing) when: no buildings are given; an id is unknown or
/// repeated; zones < 1, or more zones than buildings (or than units: buildings sharing a
/// door count once), or fewer zones than communities holding scattered buildings; capacity
/// is not positive or smaller than one building's households (the building is named); the
/// district has no walkable road. Throws Cancelled when `progress` asks to stop.
ZoningResult zone_patrols(const geo::District& district,
                          const std::vector<geo::Id>& scattered_buildings,
                          const ZoningParams& params, Progress& progress);

} // namespace cordon::planner
