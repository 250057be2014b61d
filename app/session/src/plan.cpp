#include <cordon/geo/error.hpp>
#include <cordon/geo/json_read.hpp>
#include <cordon/planner/checkpoint_area.hpp>
#include <cordon/planner/workload.hpp>
#include <cordon/session/edit.hpp>
#include <cordon/session/parameters.hpp>
#include <cordon/session/plan.hpp>
#include <cordon/session/zone_numbers.hpp>

#include <algorithm>
#include <map>

namespace cordon::session {

namespace {

nlohmann::json classify(geo::District& d, const PlanParams& p, Progress& progress) {
    planner::ClassifyParams params = p.classify;
    params.homes_by_hand = homes_by_hand(d); // the planner's word over the categories
    planner::Classification c = planner::classify(d, params, progress);
    planner::apply_classification(d, c);
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
    const std::vector<geo::Zone> before_zones = std::move(d.zones);
    const std::vector<geo::Building> before_buildings = d.buildings;
    d.zones = std::move(z.zones);
    std::map<geo::Id, geo::Id> zone_of(z.assignment.begin(), z.assignment.end());
    for (auto& b : d.buildings) {
        auto it = zone_of.find(b.id);
        b.zone_id = it == zone_of.end() ? std::nullopt : std::optional<geo::Id>(it->second);
    }
    // A zone that keeps most of its households keeps its number, name and team.
    z.report["numbers"] = keep_zone_numbers(before_zones, before_buildings, d, &z.report);
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
    if (step == "checkpoints") {
        const planner::CheckpointPlan plan = plan_checkpoints(d, p.checkpoints, progress);
        planner::apply_checkpoints(d, plan);
        return plan.report;
    }
    if (std::find(plan_steps.begin(), plan_steps.end(), step) == plan_steps.end()) {
        std::string names;
        for (const auto& s : plan_steps)
            names += s + ", ";
        throw InputError("plan " + step + ": unknown step (steps: " + names + "all, checkpoints)");
    }
    nlohmann::json out;
    if (step != "classify" && step != "staffing" && (p.reclassify || !classified(d)))
        out["classified_first"] = classify(d, p, progress);
    if (step == "classify") return classify(d, p, progress);
    if (step == "gates") {
        const planner::GatePlan gates = planner::plan_gates(d, p.gates, progress);
        planner::apply_gates(d, gates);
        out.update(gates.report);
    }
    if (step == "zones") out.update(zones(d, p, progress));
    if (step == "routes") {
        if (d.zones.empty())
            throw InputError(
                "plan routes: the project has no patrol zones yet; run 'plan zones' first");
        planner::RoutePlan routes = planner::route_patrols(d, p.routes, progress);
        out.update(routes.report);
        planner::apply_routes(d, std::move(routes));
        out["workload"] =
            planner::workload_report(d, p.staffing.shift_hours, p.staffing.patrol_rounds_per_day);
    }
    if (step == "staffing") out.update(planner::plan_staffing(d, p.staffing));
    return out;
}

planner::CheckpointPlan plan_checkpoints(const geo::District& d, const CheckpointOptions& o,
                                         Progress& progress) {
    planner::CheckpointParams p = o.plan;
    p.area = planner::resolve_area(d, o.area, progress);
    if (!o.costs.empty()) {
        std::set<std::string> classes;
        for (const auto& e : d.network.edges)
            classes.insert(e.cls);
        p.costs = planner::read_checkpoint_costs(o.costs, classes);
    }
    for (const auto& r : o.close)
        for (geo::Id id : planner::resolve_roads(d, r, "close"))
            p.closed_roads.insert(id);
    for (const auto& r : o.keep_open)
        for (geo::Id id : planner::resolve_roads(d, r, "keep_open"))
            p.keep_open_roads.insert(id);
    for (geo::Id id : p.closed_roads)
        if (p.keep_open_roads.count(id))
            throw ParamError("close", "",
                             "road " + std::to_string(id) + " is also to be kept open");
    // Roads closed by hand carry no traffic either, unless they are to be kept open.
    for (geo::Id id : closed_roads(d))
        if (!p.keep_open_roads.count(id)) p.closed_roads.insert(id);
    return planner::plan_checkpoints(d, p, progress);
}

void record_step(geo::District& d, const std::string& step, const nlohmann::json& parameters,
                 const nlohmann::json& figures) {
    d.meta.history.push_back({"", step, parameters.dump(), figures.dump()});
    d.meta.parameters[step] = parameters.dump();
}

nlohmann::json choke_points_geojson(const geo::District& d) {
    std::vector<planner::ChokePoint> points;
    for (const geo::ChokePointSite& s : d.choke_points) {
        planner::ChokePoint c;
        c.kind = s.kind == "bridge" ? planner::ChokePoint::Kind::bridge
                                    : planner::ChokePoint::Kind::articulation;
        c.pos = s.pos;
        c.road_id = s.road_id;
        c.node_id = s.node_id;
        c.road_name = s.road_name;
        c.cls = s.cls;
        c.cut_off_nodes = static_cast<std::size_t>(s.cut_off_nodes);
        c.cut_off_km = s.cut_off_km;
        c.cut_off_households = s.cut_off_households;
        c.cut_off_protected = static_cast<std::size_t>(s.cut_off_protected);
        c.reason = s.reason;
        points.push_back(std::move(c));
    }
    return planner::choke_points_geojson(points, d.meta.srid);
}

nlohmann::json plan_parameters(const std::string& step, const PlanParams& p) {
    nlohmann::json j;
    if (step == "checkpoints") {
        // Every parameter by its name, typed as the descriptions give it.
        j = nlohmann::json::object();
        for (const Param& param : step_params(step))
            if (nlohmann::json v = param.get(p); !v.is_null()) j[param.name] = std::move(v);
        return j;
    }
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
        j["zones"] = {{"balance_target", p.zoning.balance_target},
                      {"seed", p.zoning.seed},
                      {"balance_by",
                       p.zoning.balance_by == planner::BalanceBy::walk ? "walk" : "households"}};
        if (p.zoning.zones) j["zones"]["zones"] = *p.zoning.zones;
        if (p.zoning.capacity) j["zones"]["capacity"] = *p.zoning.capacity;
    }
    if (want("routes"))
        j["routes"] = {{"walking_speed_kmh", p.routes.walking_speed_kmh},
                       {"effort", p.routes.effort},
                       {"shift_hours", p.staffing.shift_hours},
                       {"patrol_rounds_per_day", p.staffing.patrol_rounds_per_day}};
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
        // Values the parameters do not take (a hand-edited project) keep the defaults.
        auto valid = [&](const char* key, const char* param) {
            if (!s.contains(key)) return false;
            try {
                validate(find_param("staffing", param), s[key]);
                return true;
            } catch (const ParamError&) {
                return false;
            }
        };
        if (valid("shift_hours", "shift_hours")) p.shift_hours = s["shift_hours"].get<double>();
        if (valid("patrol_team_size", "team_size"))
            p.patrol_team_size = s["patrol_team_size"].get<int>();
        if (valid("patrol_rounds_per_day", "rounds"))
            p.patrol_rounds_per_day = s["patrol_rounds_per_day"].get<int>();
        if (s.contains("available") && s["available"].is_object())
            for (const auto& [pool, n] : s["available"].items())
                if (n.is_number_integer() && n.get<int>() >= 0) p.available[pool] = n.get<int>();
        break;
    }
    return p;
}

} // namespace cordon::session
