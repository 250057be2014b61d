#include <cordon/geo/error.hpp>
#include <cordon/geo/polygon_index.hpp>
#include <cordon/planner/staffing.hpp>
#include <cordon/planner/workload.hpp>

#include <cmath>
#include <optional>
#include <sstream>

namespace cordon::planner {

namespace {

/// A time range "H[:MM]-H[:MM]" (spaces around the numbers allowed), its numbers as written.
struct TimeRange {
    long long h1 = 0, m1 = 0, h2 = 0, m2 = 0;
};

std::optional<TimeRange> parse_time_range(const std::string& text) {
    std::size_t i = 0;
    const auto spaces = [&] {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
            ++i;
    };
    // A whole number of at most 9 digits (more is out of any range: 10^9).
    const auto number = [&](long long& out) {
        spaces();
        const std::size_t start = i;
        out = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            if (i - start < 10) out = out * 10 + (text[i] - '0');
            ++i;
        }
        if (i - start > 9) out = 1000000000;
        return i > start;
    };
    const auto time = [&](long long& h, long long& m) {
        if (!number(h)) return false;
        m = 0;
        spaces();
        if (i < text.size() && text[i] == ':') {
            ++i;
            return number(m);
        }
        return true;
    };
    TimeRange r;
    if (!time(r.h1, r.m1)) return std::nullopt;
    spaces();
    if (i >= text.size() || text[i] != '-') return std::nullopt;
    ++i;
    if (!time(r.h2, r.m2)) return std::nullopt;
    return r;
}

std::string time_problem(long long h, long long m) {
    if (h > 24) return "hour " + std::to_string(h) + " is past 24";
    if (m > 59) return "minute " + std::to_string(m) + " is past 59";
    if (h == 24 && m > 0) {
        const std::string mm = (m < 10 ? "0" : "") + std::to_string(m);
        return "24:" + mm + " is past midnight (0:" + mm + ")";
    }
    return {};
}

} // namespace

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

nlohmann::json plan_staffing(const geo::District& d, const StaffingParams& params) {
    // The front-ends check their own input; this guards the arithmetic below (24 ÷ 0, ...).
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

    for (const auto& g : d.gates) {
        if (!g.compound_id || g.state != geo::GateState::open || !compounds.count(*g.compound_id))
            continue;
        const geo::Compound& c = *compounds[*g.compound_id];
        if (c.mode != geo::CompoundMode::closed && c.mode != geo::CompoundMode::guarded) continue;
        const bool closed = c.mode == geo::CompoundMode::closed;
        const double people = std::max(g.crew, 1) * shifts;
        const std::string where = name_of(c.community_id);
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
    for (const auto& c : d.checkpoints) {
        const double people = (c.crew > 0 ? c.crew : params.checkpoint_crew) *
                              std::ceil(hours_per_day(c.hours) / params.shift_hours);
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
    report["district"] = {
        {"need", district_need}, {"duties", district_duty}, {"people_per_day", total}};
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
    return report;
}

} // namespace cordon::planner
