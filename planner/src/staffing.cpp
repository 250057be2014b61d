#include <cordon/geo/polygon_index.hpp>
#include <cordon/planner/staffing.hpp>

#include <cmath>
#include <cstdio>

namespace cordon::planner {

double hours_per_day(const std::string& hours) {
    int h1 = 0, m1 = 0, h2 = 0, m2 = 0;
    if (std::sscanf(hours.c_str(), "%d:%d-%d:%d", &h1, &m1, &h2, &m2) != 4) {
        m1 = m2 = 0;
        if (std::sscanf(hours.c_str(), "%d-%d", &h1, &h2) != 2) return 24;
    }
    if (h1 < 0 || h1 > 24 || h2 < 0 || h2 > 24) return 24;
    double span = (h2 + m2 / 60.0) - (h1 + m1 / 60.0);
    if (span <= 0) span += 24;
    return span;
}

nlohmann::json plan_staffing(const geo::District& d, const StaffingParams& params) {
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
    for (const auto& z : d.zones) {
        const std::string where = name_of(z.community_id);
        const double rounds = params.patrol_rounds_per_day;
        need[where]["social_workers"] += rounds;
        need[where]["volunteers"] += rounds * std::max(0, params.patrol_team_size - 1);
        duty[where]["patrol_teams"] += rounds * params.patrol_team_size;
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
                  "patrol teams: one social worker and volunteers; checkpoints: district staff"}};
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
