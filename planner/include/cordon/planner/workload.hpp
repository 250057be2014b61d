#pragma once
// Patrol workload in time: each zone's route minutes beside the team's shift. A zone's team
// works one shift a day and walks the zone's route `rounds` times in it; a zone whose rounds
// take longer than a shift needs more teams, as many as hold its rounds.

#include <cordon/geo/district.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cordon::planner {

struct ZoneWorkload {
    geo::Id zone_id = 0;
    std::string name;
    bool routed = false;        ///< the zone has a route (else no minutes and one team)
    double route_minutes = 0;   ///< one round of the zone's route
    double minutes_per_day = 0; ///< rounds × route_minutes
    /// Teams whose shifts hold the day's rounds: whole rounds per shift when a round fits a
    /// shift (⌈rounds ÷ ⌊shift ÷ round⌋⌉), else ⌈rounds × round ÷ shift⌉ (the route shared out).
    int teams = 1;
    bool fits = true; ///< all the day's rounds fit one shift (teams == 1)
};

/// Every zone's workload in the zones' order, for shifts of `shift_hours` (1–24) and
/// `rounds` (1–24) rounds of the route a day. Throws InputError when either is out of range.
std::vector<ZoneWorkload> zone_workloads(const geo::District& district, double shift_hours,
                                         int rounds);

/// The same as the plan's report: {"shift_hours", "rounds_per_day", "zones": [{"id", "name",
/// "route_minutes", "minutes_per_day", "teams", "fits"}], "over_shift": [the zones that do not
/// fit, with the same fields]}; zones without a route are listed with null minutes.
nlohmann::json workload_report(const geo::District& district, double shift_hours, int rounds);

} // namespace cordon::planner
