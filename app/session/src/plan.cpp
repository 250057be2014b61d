#include <cordon/geo/error.hpp>
#include <cordon/geo/json_read.hpp>
#include <cordon/session/plan.hpp>

#include <algorithm>
#include <map>

namespace cordon::session {

namespace {

nlohmann::json classify(geo::District& d, const PlanParams& p, Progress& progress) {
    planner::Classification c = planner::classify(d, p.classify, progress);
    for (std::size_t i = 0; i < d.buildings.size(); ++i)
        d.buildings[i].control = planner::to_string(c.control[i]);
    return c.report;
}

bool classified(const geo::District& d) {
    return !d.buildings.empty() &&
           std::all_of(d.buildings.begin(), d.buildings.end(),
                       [](const geo::Building& b) { return !b.control.empty(); });
}

nlohmann::json zones(geo::District& d, const PlanParams& p, Progress& progress) {
    std::vector<geo::Id> scattered;
    for (const auto& b : d.buildings)
        if (b.control == "patrol") scattered.push_back(b.id);
    planner::ZoningResult z = planner::zone_patrols(d, scattered, p.zoning, progress);
    d.zones = std::move(z.zones);
    std::map<geo::Id, geo::Id> zone_of(z.assignment.begin(), z.assignment.end());
    for (auto& b : d.buildings) {
        auto it = zone_of.find(b.id);
        b.zone_id = it == zone_of.end() ? std::nullopt : std::optional<geo::Id>(it->second);
    }
    d.routes.clear(); // routes of the old zones no longer hold
    return z.report;
}

} // namespace

nlohmann::json run_plan_step(geo::District& d, const std::string& step, const PlanParams& p,
                             Progress& progress) {
    if (step == "all") {
        nlohmann::json out;
        PlanParams once = p;
        once.reclassify = false; // classify runs first anyway
        for (const std::string& s : plan_steps)
            out[s] = run_plan_step(d, s, once, progress);
        return out;
    }
    if (std::find(plan_steps.begin(), plan_steps.end(), step) == plan_steps.end()) {
        std::string names;
        for (const auto& s : plan_steps)
            names += s + ", ";
        throw InputError("plan " + step + ": unknown step (steps: " + names + "all)");
    }
    nlohmann::json out;
    if (step != "classify" && step != "staffing" && (p.reclassify || !classified(d)))
        out["classified_first"] = classify(d, p, progress);
    if (step == "classify") return classify(d, p, progress);
    if (step == "gates") out.update(planner::reduce_gates(d, p.gates, progress));
    if (step == "zones") out.update(zones(d, p, progress));
    if (step == "routes") {
        if (d.zones.empty())
            throw InputError(
                "plan routes: the project has no patrol zones yet; run 'plan zones' first");
        out.update(planner::plan_routes(d, p.routes, progress));
    }
    if (step == "staffing") out.update(planner::plan_staffing(d, p.staffing));
    return out;
}

nlohmann::json plan_parameters(const std::string& step, const PlanParams& p) {
    nlohmann::json j;
    auto want = [&](const char* s) { return step == "all" || step == s; };
    if (want("classify")) {
        j["classify"] = {
            {"home_categories", p.classify.home_categories},
            {"untyped_outside_compounds_are_homes", p.classify.untyped_outside_compounds_are_homes},
            {"unknown_compounds_as", p.classify.unknown_compounds_as
                                         ? geo::to_string(*p.classify.unknown_compounds_as)
                                         : "unknown"}};
    }
    if (want("gates"))
        j["gates"] = {{"max_walk_m", p.gates.max_walk},
                      {"keep_vehicle_gate", p.gates.keep_vehicle_gate},
                      {"second_exit", p.gates.second_exit},
                      {"crew_closed", p.gates.crew_closed},
                      {"crew_guarded", p.gates.crew_guarded}};
    if (want("zones")) {
        j["zones"] = {{"balance_target", p.zoning.balance_target}, {"seed", p.zoning.seed}};
        if (p.zoning.zones) j["zones"]["zones"] = *p.zoning.zones;
        if (p.zoning.capacity) j["zones"]["capacity"] = *p.zoning.capacity;
    }
    if (want("routes"))
        j["routes"] = {{"walking_speed_kmh", p.routes.walking_speed_kmh},
                       {"effort", p.routes.effort}};
    if (want("staffing"))
        j["staffing"] = {{"shift_hours", p.staffing.shift_hours},
                         {"patrol_team_size", p.staffing.patrol_team_size},
                         {"patrol_rounds_per_day", p.staffing.patrol_rounds_per_day},
                         {"available", p.staffing.available}};
    return j;
}

planner::StaffingParams staffing_params(const geo::District& district) {
    planner::StaffingParams p;
    const auto& history = district.meta.history;
    for (auto entry = history.rbegin(); entry != history.rend(); ++entry) {
        // An entry that cannot be read (not JSON, nested too deep, too long: a hand-edited
        // project) is passed over like one without staffing; the parse is bounded, so even a
        // hostile one cannot crash.
        nlohmann::json j;
        try {
            j = geo::parse_json_bounded(entry->parameters, "history");
        } catch (const InputError&) {
            continue;
        }
        if (!j.is_object() || !j.contains("staffing") || !j["staffing"].is_object()) continue;
        const nlohmann::json& s = j["staffing"];
        // Values out of the CLI's ranges (a hand-edited project) keep the defaults.
        if (s.contains("shift_hours") && s["shift_hours"].is_number()) {
            const double h = s["shift_hours"].get<double>();
            if (h >= 1 && h <= 24) p.shift_hours = h;
        }
        if (s.contains("patrol_team_size") && s["patrol_team_size"].is_number_integer()) {
            const int n = s["patrol_team_size"].get<int>();
            if (n >= 1 && n <= 100) p.patrol_team_size = n;
        }
        if (s.contains("patrol_rounds_per_day") && s["patrol_rounds_per_day"].is_number_integer()) {
            const int n = s["patrol_rounds_per_day"].get<int>();
            if (n >= 1 && n <= 24) p.patrol_rounds_per_day = n;
        }
        if (s.contains("available") && s["available"].is_object())
            for (const auto& [pool, n] : s["available"].items())
                if (n.is_number_integer() && n.get<int>() >= 0) p.available[pool] = n.get<int>();
        break;
    }
    return p;
}

} // namespace cordon::session
