#pragma once
// Staffing: how many people each part of the plan needs per day — gate shifts in closed
// compounds and guarded courtyards, patrol teams, checkpoint crews — against the people
// available, per community and for the district, with the shortfall named.

#include <cordon/geo/district.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace cordon::planner {

/// Who does what (documented in the README): gates of closed compounds are staffed by the
/// property companies, gates of guarded courtyards by resident volunteers, each patrol team
/// is one social worker with volunteers, checkpoints by district staff.
inline const std::vector<std::string> staff_pools{"property", "volunteers", "social_workers",
                                                  "staff"};

struct StaffingParams {
    double shift_hours = 8;   ///< a gate or checkpoint shift; 24 h ÷ this = shifts per day
    int patrol_team_size = 3; ///< one social worker and volunteers
    /// Rounds of its route a zone's team walks a day, all in its one shift (workload.hpp);
    /// a zone whose rounds do not fit a shift needs more teams.
    int patrol_rounds_per_day = 2;
    int checkpoint_crew = 3;              ///< crew of a checkpoint without one of its own
    std::map<std::string, int> available; ///< pool → people available per day (absent: not given)
};

nlohmann::json plan_staffing(const geo::District& district, const StaffingParams& params);

/// The staffing report's people on duty per hour as CSV (UTF-8 with a BOM): a row per hour
/// "hour,from,to,POOL...,total" (hour 0 = 00:00–01:00) and a last row "crew_hours_per_day"
/// with each column's sum.
std::string hourly_staffing_csv(const nlohmann::json& report);

/// Hours a day from "07-22" or "7:00-22:00" (wrapping past midnight allowed); empty or
/// unreadable text, and a range out of the clock (see hours_problem), means around the clock
/// (24). Always more than 0 and at most 24.
double hours_per_day(const std::string& hours);

/// What is wrong with checkpoint hours, or empty when they are fine: a time range
/// ("HH-HH", "HH:MM-HH:MM") must have hours 0–24 (24 only as 24:00) and minutes 0–59. Text
/// without a time range ("24 h", empty) is fine: it means around the clock.
std::string hours_problem(const std::string& hours);

} // namespace cordon::planner
