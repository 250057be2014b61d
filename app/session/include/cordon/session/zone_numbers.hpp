#pragma once
// Stable zone numbers across re-runs of `plan zones`: a zone that keeps most of its households
// keeps its number, name and team, so "zone 1" stays the same patch from one run (and one
// scenario) to the next.

#include <cordon/geo/district.hpp>

#include <nlohmann/json.hpp>

#include <vector>

namespace cordon::session {

/// Renumbers the zones of `after` (a new zoning of the buildings: zones and buildings'
/// zone_id) against `before` (the zones and assignment it replaces). A new zone holding more
/// than half of an old zone's households (its buildings by count when it had none) takes the
/// old zone's id, name and team; the other new zones take the smallest free ids, and names
/// and teams of the planner's pattern ("片区 N", "巡查组 N") are renumbered with them. Zones
/// come out sorted by id; buildings' zone_id and the zoning report's "per_zone" entries ("zone",
/// "name", "team") follow. Returns {"kept": n, "new": m}.
nlohmann::json keep_zone_numbers(const std::vector<geo::Zone>& before_zones,
                                 const std::vector<geo::Building>& before_buildings,
                                 geo::District& after, nlohmann::json* report = nullptr);

} // namespace cordon::session
