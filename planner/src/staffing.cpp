#include "time_range.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/polygon_index.hpp>
#include <cordon/planner/periods.hpp>
#include <cordon/planner/staffing.hpp>
#include <cordon/planner/workload.hpp>

#include <array>
#include <cmath>
#include <iomanip>
#include <optional>
#include <sstream>

namespace cordon::planner {

using detail::parse_time_range;
using detail::time_problem;

std::string hours_problem(const std::string& hours) {
    const auto r = parse_time_range(hours);
    if (!r) return {};
    std::string problem = time_problem(r->h1, r->m1);
    if (problem.empty()) problem = time_problem(r->h2, r->m2);
    return problem.empty() ? problem : "'" + hours + "': " + problem + " (write e.g. 07:00-22:00)";
}

double hours_per_day(const std::string& hours) {
    const auto r = parse_time_range(hours);
    if (!r || !hours_problem(hours).empty()) return 24;
    double span = static_cast<double>(r->h2 * 60 + r->m2 - (r->h1 * 60 + r->m1)) / 60.0;
    // Past midnight; "24:00-0:00" (span -24) is the whole day too.
    while (span <= 0)
        span += 24;
    return span;
}

namespace {

/// People on duty per hour by pool, the peak of each against the people it has a day.
nlohmann::json hourly_report(const std::map<std::string, std::array<double, 24>>& on_duty,
                             const std::map<std::string, double>& crew_hours_of,
                             const std::map<std::string, int>& available) {
    nlohmann::json out;
    std::array<double, 24> total{};
    double all_crew_hours = 0;
    for (const auto& [pool, row] : on_duty) {
        int peak = 0;
        for (int h = 0; h < 24; ++h) {
            total[h] += row[h];
            if (row[h] > row[peak]) peak = h;
        }
        nlohmann::json j{{"people", row},
                         {"crew_hours_per_day", crew_hours_of.at(pool)},
                         {"peak_hour", peak},
                         {"peak_people", row[peak]}};
        if (const auto it = available.find(pool); it != available.end()) {
            j["available_per_day"] = it->second;
            j["short_at_peak"] = std::max(0.0, row[peak] - it->second);
        }
        out["pools"][pool] = j;
        all_crew_hours += crew_hours_of.at(pool);
    }
    int peak = 0;
    for (int h = 0; h < 24; ++h)
        if (total[h] > total[peak]) peak = h;
    out["people"] = total;
    out["peak_hour"] = peak;
    out["peak_people"] = total[peak];
    out["crew_hours_per_day"] = all_crew_hours;
    out["note"] = "people on duty in each hour of the day (hour 0 = 00:00-01:00); gates "
                  "around the clock, checkpoints by their periods or hours; patrol teams are "
                  "not counted by hour";
    return out;
}

// The front-ends check their own input; this guards plan_staffing's arithmetic (24 ÷ 0, ...).
void check_staffing_params(const StaffingParams& params) {
    const auto out_of_range = [](const std::string& name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            std::ostringstream text;
            text << "staffing: " << name << " " << value << " is out of range (" << min << " to "
                 << max << ")";
            throw InputError(text.str());
        }
    };
    out_of_range("shift_hours", params.shift_hours, 1, 24);
    out_of_range("patrol_team_size", params.patrol_team_size, 1, 100);
    out_of_range("patrol_rounds_per_day", params.patrol_rounds_per_day, 1, 24);
    out_of_range("checkpoint_crew", params.checkpoint_crew, 1, 100);
    for (const auto& [pool, people] : params.available)
        out_of_range("available " + pool, people, 0, 1e7);
}

} // namespace

nlohmann::json plan_staffing(const geo::District& d, const StaffingParams& params) {
    check_staffing_params(params);
    const double shifts = std::ceil(24.0 / params.shift_hours);
    // Need per community (name) and pool.
    std::map<std::string, std::map<std::string, double>> need;
    std::map<std::string, std::map<std::string, double>> duty; // community → duty → people
    std::map<geo::Id, std::string> community_name;
    for (const auto& c : d.communities)
        community_name[c.id] = c.name;
    auto name_of = [&](std::optional<geo::Id> id) {
        return id && community_name.count(*id) ? community_name[*id] : std::string("(district)");
    };
    std::map<geo::Id, const geo::Compound*> compounds;
    for (const auto& c : d.compounds)
        compounds[c.id] = &c;
    // People on duty per hour of the day, by pool (gates around the clock, checkpoints by
    // their periods or hours; patrol teams walk at times the plan does not set).
    std::map<std::string, std::array<double, 24>> on_duty;
    std::map<std::string, double> crew_hours_of;
    const auto add_hours = [&](const std::string& pool, const std::vector<Period>& periods) {
        const std::array<double, 24> by_hour = crew_by_hour(periods);
        auto& row = on_duty[pool];
        for (int h = 0; h < 24; ++h)
            row[h] += by_hour[h];
        crew_hours_of[pool] += crew_hours(periods);
    };

    for (const auto& g : d.gates) {
        if (!g.compound_id || g.state != geo::GateState::open || !compounds.count(*g.compound_id))
            continue;
        const geo::Compound& c = *compounds[*g.compound_id];
        if (c.mode != geo::CompoundMode::closed && c.mode != geo::CompoundMode::guarded) continue;
        const bool closed = c.mode == geo::CompoundMode::closed;
        const double people = std::max(g.crew, 1) * shifts;
        const std::string where = name_of(c.community_id);
        add_hours(closed ? "property" : "volunteers", {{0, 24 * 60, std::max(g.crew, 1)}});
        need[where][closed ? "property" : "volunteers"] += people;
        duty[where][closed ? "closed_compound_gates" : "guarded_courtyard_gates"] += people;
    }
    // Each zone's team walks its rounds in one shift; a zone whose rounds take longer needs
    // as many teams as hold them (workload.hpp).
    const std::vector<ZoneWorkload> loads =
        zone_workloads(d, params.shift_hours, params.patrol_rounds_per_day);
    for (std::size_t i = 0; i < d.zones.size(); ++i) {
        const std::string where = name_of(d.zones[i].community_id);
        const double teams = loads[i].teams;
        need[where]["social_workers"] += teams;
        need[where]["volunteers"] += teams * std::max(0, params.patrol_team_size - 1);
        duty[where]["patrol_teams"] += teams * params.patrol_team_size;
    }
    std::size_t barriers = 0;
    for (const auto& c : d.checkpoints) {
        if (c.kind == geo::CheckpointKind::barrier) {
            ++barriers; // a road closed by a barrier needs no one
            continue;
        }
        std::vector<Period> periods;
        try {
            periods = c.periods.empty()
                          ? hours_periods(c.hours, c.crew > 0 ? c.crew : params.checkpoint_crew)
                          : parse_periods(c.periods);
        } catch (const InputError& e) {
            throw InputError("checkpoint " + std::to_string(c.id) + ": periods: " + e.what());
        }
        add_hours("staff", periods);
        const double people = people_per_day(periods, params.shift_hours);
        need["(district)"]["staff"] += people;
        duty["(district)"]["checkpoints"] += people;
    }

    nlohmann::json report;
    report["rule"] = {
        {"shift_hours", params.shift_hours},
        {"shifts_per_day", shifts},
        {"patrol_team_size", params.patrol_team_size},
        {"patrol_rounds_per_day", params.patrol_rounds_per_day},
        {"pools", "closed-compound gates: property companies; guarded-courtyard gates: volunteers; "
                  "patrol teams: one social worker and volunteers; checkpoints: district staff"},
        {"patrol", "a zone's team walks its route patrol_rounds_per_day times in one shift; a "
                   "zone whose rounds do not fit a shift needs more teams (workload)"}};
    report["workload"] = workload_report(d, params.shift_hours, params.patrol_rounds_per_day);
    std::map<std::string, double> district_need, district_duty;
    for (const auto& [where, pools] : need) {
        for (const auto& [pool, n] : pools)
            district_need[pool] += n;
        report["communities"][where]["need"] = pools;
        report["communities"][where]["duties"] = duty[where];
    }
    for (const auto& [where, duties] : duty)
        for (const auto& [name, n] : duties)
            district_duty[name] += n;
    double total = 0;
    for (const auto& [pool, n] : district_need)
        total += n;
    report["district"] = {{"need", district_need},
                          {"duties", district_duty},
                          {"people_per_day", total},
                          {"barriers_unstaffed", barriers}};
    nlohmann::json shortfall = nlohmann::json::array();
    for (const std::string& pool : staff_pools) {
        const double n = district_need.count(pool) ? district_need[pool] : 0;
        auto it = params.available.find(pool);
        if (it == params.available.end()) {
            report["district"]["available"][pool] = nullptr;
            continue;
        }
        report["district"]["available"][pool] = it->second;
        if (n > it->second)
            shortfall.push_back({{"pool", pool},
                                 {"need", n},
                                 {"available", it->second},
                                 {"short", n - it->second}});
    }
    report["shortfall"] = shortfall;
    report["hourly"] = hourly_report(on_duty, crew_hours_of, params.available);
    return report;
}

std::string hourly_staffing_csv(const nlohmann::json& report) {
    const auto number = [](double x) {
        std::ostringstream out;
        out << std::setprecision(10) << x;
        return out.str();
    };
    const auto two = [](int n) { return (n < 10 ? "0" : "") + std::to_string(n); };
    std::vector<std::string> pools;
    const nlohmann::json hourly = report.value("hourly", nlohmann::json::object());
    for (const std::string& pool : staff_pools)
        if (hourly.contains("pools") && hourly["pools"].contains(pool)) pools.push_back(pool);
    std::string out = "\xEF\xBB\xBF"; // BOM: Excel then reads the file as UTF-8
    out += "hour,from,to";
    for (const auto& pool : pools)
        out += "," + pool;
    out += ",total\n";
    for (int h = 0; h < 24; ++h) {
        out += std::to_string(h) + "," + two(h) + ":00," + two(h + 1) + ":00";
        double total = 0;
        for (const auto& pool : pools) {
            const double x = hourly["pools"][pool]["people"][h].get<double>();
            total += x;
            out += "," + number(x);
        }
        out += "," + number(total) + "\n";
    }
    out += "crew_hours_per_day,00:00,24:00";
    double total = 0;
    for (const auto& pool : pools) {
        const double x = hourly["pools"][pool]["crew_hours_per_day"].get<double>();
        total += x;
        out += "," + number(x);
    }
    return out + "," + number(total) + "\n";
}

} // namespace cordon::planner
