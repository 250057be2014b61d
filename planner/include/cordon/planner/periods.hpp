#pragma once
// A checkpoint's schedule: periods of the day, each with its crew ("07:00-10:00=3,
// 17:00-23:00=3,23:00-07:00=1"), and what they add up to per hour of the day.

#include <array>
#include <string>
#include <vector>

namespace cordon::planner {

inline constexpr int k_max_period_crew = 100; ///< people at one checkpoint in one period

/// One period: from `start` to `end`, minutes after midnight (0–1439 and 1–1440); an `end`
/// not after `start` runs past midnight.
struct Period {
    int start = 0;
    int end = 0;
    int crew = 0;
};

/// Minutes the period lasts (1–1440).
int minutes(const Period& p);

/// The periods of "RANGE=CREW,..." (RANGE as in hours_problem: "07:00-10:00", "7-10"), in the
/// order written; empty text gives none. Throws InputError saying what is wrong (a range out
/// of the clock, no "=CREW", a crew not a whole number from 1 to k_max_period_crew, periods
/// that overlap), quoting the text but naming no option (the caller adds its name).
std::vector<Period> parse_periods(const std::string& text);

/// What is wrong with the periods text, or empty when it reads (see parse_periods).
std::string periods_problem(const std::string& text);

/// "07:00-10:00=3,17:00-23:00=3,23:00-07:00=1": the periods written the one way.
std::string periods_text(const std::vector<Period>& periods);

/// The hours the periods cover, as checkpoint hours: "24 h" when they cover the day, else
/// their spans joined by commas, touching periods merged ("07:00-10:00,17:00-07:00").
std::string periods_hours(const std::vector<Period>& periods);

/// Where the periods do not cover the hours asked ("24 h", "", or a range "07:00-22:00"):
/// empty when they cover them exactly, else "07:00-10:00 has no crew" (a gap) or
/// "05:00-07:00 is outside the hours 07:00-22:00".
std::string periods_cover_problem(const std::vector<Period>& periods, const std::string& hours);

/// Checkpoint hours as periods with `crew`: each range of "07:00-10:00,17:00-07:00"; text
/// without a readable range ("24 h", empty) or with one out of the clock is the whole day.
std::vector<Period> hours_periods(const std::string& hours, int crew);

/// People on duty in each hour of the day (hour 0 = 00:00–01:00), a period that covers
/// part of an hour counting for that part.
std::array<double, 24> crew_by_hour(const std::vector<Period>& periods);

/// Crew-hours a day: Σ crew × hours.
double crew_hours(const std::vector<Period>& periods);

/// The largest crew of any period (0 without periods).
int largest_crew(const std::vector<Period>& periods);

/// People a day who staff the periods in shifts of `shift_hours`: each period needs its crew
/// ⌈hours ÷ shift_hours⌉ times.
double people_per_day(const std::vector<Period>& periods, double shift_hours);

} // namespace cordon::planner
