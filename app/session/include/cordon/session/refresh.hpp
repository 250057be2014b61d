#pragma once
// After hand edits move buildings between zones, the zones' figures are recounted at once
// (apply_edit) but their outlines and routes no longer fit. These calls redraw them from the
// buildings' zones as they are, without zoning again; the GUI runs them off the UI thread.

#include <cordon/geo/district.hpp>
#include <cordon/geo/progress.hpp>
#include <cordon/planner/routes.hpp>
#include <cordon/planner/zoning.hpp>

#include <nlohmann/json.hpp>

#include <set>
#include <vector>

namespace cordon::session {

/// The zones a hand move of `buildings` to `to` changes: the zones they leave and `to`.
std::set<geo::Id> zones_touched_by_move(const geo::District& district,
                                        const std::vector<geo::Id>& buildings,
                                        std::optional<geo::Id> to);

/// Draws every zone's outline again from the buildings' zones as they are now, the way
/// zone_patrols draws them for its own assignment (planner::ZoneOutliner over the same
/// problem: patrol buildings in the district's order), and updates each zone's area and
/// compactness. Outlines stay a partition, so every zone is redrawn; a zone whose buildings
/// did not change keeps its outline. Returns the ids of the zones whose outline changed.
/// Buildings that share a door but were put in different zones count for the zone of most of
/// them. Throws InputError when the district has no zones or no zoned patrol building;
/// Cancelled when `progress` asks to stop.
std::vector<geo::Id> refresh_zone_outlines(geo::District& district,
                                           const planner::ZoningParams& params, Progress& progress);

/// Plans the routes of `zones` again (planner::plan_routes on those zones only) and puts
/// them in place of theirs, with each zone's route_length; other zones' routes stay as they
/// are. Returns plan_routes' report for those zones. Throws like plan_routes.
nlohmann::json refresh_zone_routes(geo::District& district, const std::set<geo::Id>& zones,
                                   const planner::RouteParams& params, Progress& progress);

} // namespace cordon::session
