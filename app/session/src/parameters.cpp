#include <cordon/planner/periods.hpp>
#include <cordon/planner/staffing.hpp>
#include <cordon/session/parameters.hpp>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <sstream>

namespace cordon::session {

namespace {

using nlohmann::json;

/// "0.5", "24", "100000", "1e+15".
std::string number_text(double x) {
    std::ostringstream out;
    out << std::setprecision(15) << x;
    return out.str();
}

/// The texts of a comma-separated list, empty ones dropped.
std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        if (!item.empty()) out.push_back(item);
    return out;
}

std::string join(const std::vector<std::string>& items, const std::string& last) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i)
        out += (i == 0 ? "" : i + 1 == items.size() ? " " + last + " " : ", ") + items[i];
    return out;
}

// How each kind of parameter sits in PlanParams.

template <class T> Param number(T PlanParams::*group, double T::*field, double scale = 1) {
    Param p;
    p.type = ParamType::number;
    p.get = [=](const PlanParams& pp) { return json((pp.*group).*field * scale); };
    p.set = [=](PlanParams& pp, const json& v) { (pp.*group).*field = v.get<double>() / scale; };
    return p;
}

template <class T> Param whole(T PlanParams::*group, int T::*field) {
    Param p;
    p.type = ParamType::whole;
    p.get = [=](const PlanParams& pp) { return json((pp.*group).*field); };
    p.set = [=](PlanParams& pp, const json& v) {
        (pp.*group).*field = static_cast<int>(v.get<double>());
    };
    return p;
}

template <class T> Param flag(T PlanParams::*group, bool T::*field) {
    Param p;
    p.type = ParamType::flag;
    p.get = [=](const PlanParams& pp) { return json((pp.*group).*field); };
    p.set = [=](PlanParams& pp, const json& v) { (pp.*group).*field = v.get<bool>(); };
    return p;
}

Param choice(std::vector<std::string> choices, std::function<json(const PlanParams&)> get,
             std::function<void(PlanParams&, const std::string&)> set_text) {
    Param p;
    p.type = ParamType::choice;
    p.fallback = choices.front();
    for (const std::string& c : choices)
        p.value_name += (p.value_name.empty() ? "" : "|") + c;
    p.choices = std::move(choices);
    p.get = std::move(get);
    p.set = [set_text = std::move(set_text)](PlanParams& pp, const json& v) {
        set_text(pp, v.get<std::string>());
    };
    return p;
}

Param texts(std::vector<std::string> CheckpointOptions::*field) {
    Param p;
    p.type = ParamType::texts;
    p.get = [=](const PlanParams& pp) { return json(pp.checkpoints.*field); };
    p.set = [=](PlanParams& pp, const json& v) {
        pp.checkpoints.*field =
            v.is_null() ? std::vector<std::string>{} : v.get<std::vector<std::string>>();
    };
    return p;
}

Param& describe(Param& p, std::string step, std::string name, std::string unit,
                std::string label_en, std::string label_zh, std::string help) {
    p.step = std::move(step);
    p.name = std::move(name);
    p.unit = std::move(unit);
    p.label_en = std::move(label_en);
    p.label_zh = std::move(label_zh);
    p.help = std::move(help);
    return p;
}

Param& range(Param& p, double min, double max, json fallback, double increment = 1,
             int digits = 0) {
    p.min = min;
    p.max = max;
    p.fallback = std::move(fallback);
    p.increment = increment;
    p.digits = digits;
    return p;
}

std::vector<Param> classify_params() {
    Param unknown = choice(
        {"unknown", "closed", "guarded", "patrol"},
        [](const PlanParams& p) {
            return json(p.classify.unknown_compounds_as
                            ? geo::to_string(*p.classify.unknown_compounds_as)
                            : "unknown");
        },
        [](PlanParams& p, const std::string& v) {
            p.classify.unknown_compounds_as =
                v == "unknown" ? std::nullopt
                               : std::optional<geo::CompoundMode>(geo::compound_mode_from(v, v));
            p.reclassify = true;
        });
    describe(unknown, "classify", "unknown_mode", "", "Compounds of unknown mode", "模式未定的小区",
             "The control mode given to compounds whose source says nothing");
    unknown.choice_labels_en = {"leave out", "closed", "guarded", "patrol"};
    unknown.choice_labels_zh = {"不纳入", "封闭式", "值守式", "巡查式"};
    unknown.suggested = "unknown"; // the planner picks a mode; none is assumed unasked
    Param untyped = choice(
        {"home", "not-home"},
        [](const PlanParams& p) {
            return json(p.classify.untyped_outside_compounds_are_homes ? "home" : "not-home");
        },
        [](PlanParams& p, const std::string& v) {
            p.classify.untyped_outside_compounds_are_homes = v == "home";
            p.reclassify = true;
        });
    describe(untyped, "classify", "untyped_outside", "", "Untyped buildings outside compounds",
             "小区外未注明类型的建筑",
             "Whether buildings of no type outside compounds count as homes");
    untyped.choice_labels_en = {"homes", "not homes"};
    untyped.choice_labels_zh = {"算作住宅", "不算住宅"};
    return {unknown, untyped};
}

std::vector<Param> gates_params() {
    Param walk = number(&PlanParams::gates, &planner::GateParams::max_walk);
    describe(walk, "gates", "gate_distance", "m", "Walk to an open gate", "到开放出入口的步行距离",
             "Every building's door stays within this walking distance of an open gate");
    range(walk, 1, 100000, 300, 10);
    Param vehicle = flag(&PlanParams::gates, &planner::GateParams::keep_vehicle_gate);
    describe(vehicle, "gates", "vehicle_gate", "", "Keep a vehicle gate open", "保留一个车辆出入口",
             "Keep at least one vehicle gate open where a compound has one");
    vehicle.fallback = true;
    Param second = flag(&PlanParams::gates, &planner::GateParams::second_exit);
    describe(second, "gates", "second_exit", "", "Keep a second exit", "保留第二个出口",
             "Keep at least two gates open where a compound has two (fire codes)");
    second.fallback = false;
    Param crew = whole(&PlanParams::gates, &planner::GateParams::crew_closed);
    describe(crew, "gates", "gate_crew", "people", "Crew per open gate", "每个开放出入口的人数",
             "Staff per open gate and shift in closed compounds");
    range(crew, 1, 100, 2);
    Param guard = whole(&PlanParams::gates, &planner::GateParams::crew_guarded);
    describe(guard, "gates", "guard_crew", "people", "Crew per guarded gate",
             "每个值守出入口的人数", "Staff per gate and shift in guarded courtyards");
    range(guard, 1, 100, 1);
    return {walk, vehicle, second, crew, guard};
}

std::vector<Param> zones_params() {
    Param zones;
    zones.type = ParamType::whole;
    zones.get = [](const PlanParams& p) { return p.zoning.zones ? json(*p.zoning.zones) : json(); };
    zones.set = [](PlanParams& p, const json& v) {
        p.zoning.zones =
            v.is_null() ? std::nullopt : std::optional<int>(static_cast<int>(v.get<double>()));
    };
    describe(zones, "zones", "zones", "zones", "Patrol zones", "巡查片区",
             "How many patrol zones (or give the team capacity instead)");
    range(zones, 1, 10000000, json());
    zones.value_name = "K";
    zones.suggested = 8;
    Param capacity;
    capacity.type = ParamType::number;
    capacity.get = [](const PlanParams& p) {
        return p.zoning.capacity ? json(*p.zoning.capacity) : json();
    };
    capacity.set = [](PlanParams& p, const json& v) {
        p.zoning.capacity = v.is_null() ? std::nullopt : std::optional<double>(v.get<double>());
    };
    describe(capacity, "zones", "capacity", "households", "Team capacity", "队伍能力",
             "Households one patrol team can look after: the fewest zones that keep within it");
    range(capacity, 1, 1e9, json(), 10);
    capacity.value_name = "HOUSEHOLDS";
    capacity.suggested = 400;
    Param balance = number(&PlanParams::zoning, &planner::ZoningParams::balance_target, 100);
    describe(balance, "zones", "balance", "%", "Balance target", "均衡目标",
             "Largest deviation of a zone's workload from the mean");
    range(balance, 0, 100, 5);
    balance.value_name = "PERCENT";
    Param seed;
    seed.type = ParamType::whole;
    seed.get = [](const PlanParams& p) { return json(p.zoning.seed); };
    seed.set = [](PlanParams& p, const json& v) {
        p.zoning.seed = static_cast<std::uint64_t>(v.get<double>());
    };
    describe(seed, "zones", "seed", "", "Random seed", "随机种子",
             "The same seed gives the same zones");
    range(seed, 0, 1e15, 1);
    Param by = choice(
        {"households", "walk"},
        [](const PlanParams& p) {
            return json(p.zoning.balance_by == planner::BalanceBy::walk ? "walk" : "households");
        },
        [](PlanParams& p, const std::string& v) {
            p.zoning.balance_by =
                v == "walk" ? planner::BalanceBy::walk : planner::BalanceBy::households;
        });
    describe(by, "zones", "balance_by", "", "Balance zones by", "片区均衡依据",
             "What the zones are balanced by: households, or walking time (each zone's patrol "
             "route; needs a number of zones)");
    by.choice_labels_en = {"households", "walking time"};
    by.choice_labels_zh = {"户数", "步行时间"};
    return {zones, capacity, balance, seed, by};
}

std::vector<Param> routes_params() {
    Param speed = number(&PlanParams::routes, &planner::RouteParams::walking_speed_kmh);
    describe(speed, "routes", "speed", "km/h", "Walking speed", "步行速度",
             "Patrol walking pace, stops not counted");
    range(speed, 0.5, 30, 4, 0.5, 1);
    speed.value_name = "KMH";
    Param effort = number(&PlanParams::routes, &planner::RouteParams::effort);
    describe(effort, "routes", "route_effort", "", "Route search effort", "路线搜索力度",
             "Double-bridge kicks per door after the local search, each kept only if the tour "
             "gets no longer; the same value gives the same routes");
    range(effort, 0, 1000, 10);
    return {speed, effort};
}

std::vector<Param> staffing_params() {
    Param shift = number(&PlanParams::staffing, &planner::StaffingParams::shift_hours);
    describe(shift, "staffing", "shift_hours", "h", "Shift length", "班次时长",
             "A gate, checkpoint or patrol team's shift");
    range(shift, 1, 24, 8);
    shift.value_name = "H";
    Param rounds = whole(&PlanParams::staffing, &planner::StaffingParams::patrol_rounds_per_day);
    describe(rounds, "staffing", "rounds", "rounds", "Patrol rounds a day", "每日巡查圈数",
             "Times a zone's team walks its route in its shift; zones whose rounds do not fit "
             "a shift need more teams");
    range(rounds, 1, 24, 2);
    Param team = whole(&PlanParams::staffing, &planner::StaffingParams::patrol_team_size);
    describe(team, "staffing", "team_size", "people", "Patrol team size", "巡查队人数",
             "One social worker and resident volunteers");
    range(team, 1, 100, 3);
    Param available;
    available.type = ParamType::texts;
    describe(available, "staffing", "available", "", "People available", "可用人数",
             "People available per day in one pool: property, volunteers, social_workers or "
             "staff");
    available.value_name = "POOL=N";
    available.check = [](const Param& p, const std::string& text) {
        const auto eq = text.find('=');
        const std::string pool = text.substr(0, eq);
        if (eq == std::string::npos ||
            std::find(planner::staff_pools.begin(), planner::staff_pools.end(), pool) ==
                planner::staff_pools.end())
            throw ParamError(
                p.name, text,
                "write POOL=N with POOL one of property, volunteers, social_workers, staff");
        const std::string n = text.substr(eq + 1);
        const bool digits =
            !n.empty() && n.size() <= 8 &&
            std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!digits || std::stoi(n) > 10000000)
            throw ParamError(p.name, text, "N must be a whole number from 0 to 10000000");
    };
    available.get = [](const PlanParams& p) {
        json out = json::array();
        for (const auto& [pool, n] : p.staffing.available)
            out.push_back(pool + "=" + std::to_string(n));
        return out;
    };
    available.set = [](PlanParams& p, const json& v) {
        p.staffing.available.clear();
        if (v.is_array())
            for (const auto& item : v) {
                const std::string text = item.get<std::string>();
                const auto eq = text.find('=');
                p.staffing.available[text.substr(0, eq)] = std::stoi(text.substr(eq + 1));
            }
    };
    return {shift, rounds, team, available};
}

Param checkpoint_area() {
    Param area = texts(&CheckpointOptions::area);
    describe(
        area, "checkpoints", "area", "", "Checkpoint area", "卡口保护区域",
        "The area whose road entrances get checkpoints: community:NAME, compound:NAME, "
        "zone:NAME, ids:LAYER:ID,... (features of communities, compounds, zones or "
        "buildings by id, as a selection names them), wkt:POLYGON((X Y,...)) (a polygon in the "
        "project's CRS, as drawn on the map), district (the district boundary, or "
        "without one the hull of the buildings), or a polygon file FILE[:LAYER] in any "
        "GDAL format and CRS; several give their union");
    area.value_name = "AREA";
    area.required = true;
    area.suggested = json::array({"district"});
    area.check = [](const Param& p, const std::string& text) {
        if (text.empty()) throw ParamError(p.name, "''", "name an area");
    };
    return area;
}

Param checkpoint_margin() {
    Param margin;
    margin.type = ParamType::number;
    margin.get = [](const PlanParams& p) { return json(p.checkpoints.plan.margin); };
    margin.set = [](PlanParams& p, const json& v) { p.checkpoints.plan.margin = v.get<double>(); };
    describe(margin, "checkpoints", "margin", "m", "Checkpoint margin", "卡口外延距离",
             "Metres beyond the area from which traffic comes; the cordon may move out to real "
             "choke points");
    range(margin, 0, 100000, 300, 50);
    margin.value_name = "M";
    return margin;
}

Param checkpoint_objective() {
    Param objective = choice(
        {"crew", "fewest"},
        [](const PlanParams& p) { return json(planner::to_string(p.checkpoints.plan.objective)); },
        [](PlanParams& p, const std::string& v) {
            p.checkpoints.plan.objective = v == "crew" ? planner::CheckpointObjective::crew
                                                       : planner::CheckpointObjective::fewest;
        });
    describe(objective, "checkpoints", "objective", "", "Objective", "优化目标",
             "crew: the least total crew; fewest: the fewest checkpoints");
    objective.choice_labels_en = {"least crew", "fewest checkpoints"};
    objective.choice_labels_zh = {"人力最少", "卡口最少"};
    return objective;
}

Param checkpoint_direction() {
    Param direction = choice(
        {"inbound", "both"},
        [](const PlanParams& p) { return json(planner::to_string(p.checkpoints.plan.direction)); },
        [](PlanParams& p, const std::string& v) {
            p.checkpoints.plan.direction = v == "inbound" ? planner::CheckpointDirection::inbound
                                                          : planner::CheckpointDirection::both;
        });
    describe(direction, "checkpoints", "direction", "", "Traffic", "拦截方向",
             "inbound: traffic entering the area (one-way streets respected); both: entering "
             "and leaving (one-way streets count both ways)");
    direction.choice_labels_en = {"entering", "entering and leaving"};
    direction.choice_labels_zh = {"进入", "进出"};
    return direction;
}

Param checkpoint_budget() {
    Param budget;
    budget.type = ParamType::whole;
    budget.get = [](const PlanParams& p) {
        return p.checkpoints.plan.budget ? json(*p.checkpoints.plan.budget) : json();
    };
    budget.set = [](PlanParams& p, const json& v) {
        p.checkpoints.plan.budget =
            v.is_null() ? std::nullopt : std::optional<int>(static_cast<int>(v.get<double>()));
    };
    describe(budget, "checkpoints", "budget", "checkpoints", "Checkpoint budget", "卡口数量上限",
             "Only this many checkpoints can be staffed: place the K that intercept the most "
             "traffic into the area (greedy, within 1 - 1/e of the best K)");
    range(budget, 1, 100000, json());
    budget.value_name = "K";
    return budget;
}

Param checkpoint_costs() {
    Param costs;
    costs.type = ParamType::text;
    costs.get = [](const PlanParams& p) {
        return p.checkpoints.costs.empty() ? json() : json(p.checkpoints.costs);
    };
    costs.set = [](PlanParams& p, const json& v) {
        p.checkpoints.costs = v.is_null() ? "" : v.get<std::string>();
    };
    describe(costs, "checkpoints", "costs", "", "Crew per road class", "各道路等级卡口人数",
             "Crew per road class: lines CLASS = CREW (or CLASS,CREW, or JSON); 'other' for "
             "classes not named. Defaults: motorway/trunk 6, primary 5, secondary 4, tertiary 3, "
             "others 2");
    costs.value_name = "FILE";
    return costs;
}

Param checkpoint_drivable() {
    Param drivable;
    drivable.type = ParamType::text;
    drivable.get = [](const PlanParams& p) {
        std::string out;
        for (const auto& c : p.checkpoints.plan.drivable_classes)
            out += (out.empty() ? "" : ",") + c;
        return out.empty() ? json() : json(out);
    };
    drivable.set = [](PlanParams& p, const json& v) {
        p.checkpoints.plan.drivable_classes.clear();
        if (!v.is_null())
            for (const auto& c : split_list(v.get<std::string>()))
                p.checkpoints.plan.drivable_classes.insert(c);
    };
    drivable.check = [](const Param& p, const std::string& text) {
        if (split_list(text).empty())
            throw ParamError(p.name, text, "name road classes, e.g. primary,secondary");
    };
    describe(drivable, "checkpoints", "drivable", "", "Drivable road classes", "可通车道路等级",
             "Road classes that count as drivable (default: the project's drivable flag, from "
             "the road class and access tags)");
    drivable.value_name = "CLASS,...";
    return drivable;
}

Param checkpoint_close() {
    Param close = texts(&CheckpointOptions::close);
    describe(close, "checkpoints", "close", "", "Closed roads", "封闭道路",
             "A road that carries no traffic: ID, id:ID, name:NAME or NAME (roads closed by hand "
             "count too)");
    close.value_name = "ROAD";
    return close;
}

Param checkpoint_keep_open() {
    Param keep_open = texts(&CheckpointOptions::keep_open);
    describe(keep_open, "checkpoints", "keep_open", "", "Roads kept open", "保持畅通的道路",
             "A road that must stay free of checkpoints (an ambulance route)");
    keep_open.value_name = "ROAD";
    return keep_open;
}

Param checkpoint_hours() {
    Param hours;
    hours.type = ParamType::text;
    hours.get = [](const PlanParams& p) {
        return p.checkpoints.plan.hours.empty() ? json() : json(p.checkpoints.plan.hours);
    };
    hours.set = [](PlanParams& p, const json& v) {
        p.checkpoints.plan.hours = v.is_null() ? "" : v.get<std::string>();
    };
    hours.check = [](const Param& p, const std::string& text) {
        const std::string problem = planner::hours_problem(text);
        if (problem.empty()) return;
        const std::string quoted = "'" + text + "'";
        throw ParamError(p.name, quoted,
                         problem.substr(std::min(problem.size(), quoted.size() + 2)));
    };
    describe(hours, "checkpoints", "hours", "", "Checkpoint hours", "卡口值守时间",
             "Hours written on the new checkpoints, e.g. 07:00-22:00 or 24 h (default: the "
             "hours of the periods, or 24 h); with periods, they must cover these hours "
             "exactly");
    hours.value_name = "TEXT";
    return hours;
}

Param checkpoint_periods() {
    Param periods;
    periods.type = ParamType::text;
    periods.get = [](const PlanParams& p) {
        return p.checkpoints.plan.periods.empty() ? json() : json(p.checkpoints.plan.periods);
    };
    periods.set = [](PlanParams& p, const json& v) {
        p.checkpoints.plan.periods = v.is_null() ? "" : v.get<std::string>();
    };
    periods.check = [](const Param& p, const std::string& text) {
        if (const std::string problem = planner::periods_problem(text); !problem.empty())
            throw ParamError(p.name, "", problem);
        if (planner::parse_periods(text).empty())
            throw ParamError(p.name, "''", "name at least one period, e.g. 07:00-22:00=3");
    };
    describe(periods, "checkpoints", "periods", "", "Checkpoint periods and crews",
             "卡口值守时段与人数",
             "Periods of the day with the crew of every new checkpoint in each, e.g. "
             "07:00-10:00=3,17:00-23:00=3,23:00-07:00=1 (crews 1 to 100, periods must not "
             "overlap); staffing then counts people per hour from them. Default: the crew of "
             "the road class for all hours");
    periods.value_name = "RANGE=CREW,...";
    return periods;
}

Param checkpoint_algorithm() {
    Param algorithm = choice(
        {"bk", "push-relabel"},
        [](const PlanParams& p) {
            return json(p.checkpoints.plan.algorithm == planner::MaxFlowAlgorithm::push_relabel
                            ? "push-relabel"
                            : "bk");
        },
        [](PlanParams& p, const std::string& v) {
            p.checkpoints.plan.algorithm = v == "bk" ? planner::MaxFlowAlgorithm::boykov_kolmogorov
                                                     : planner::MaxFlowAlgorithm::push_relabel;
        });
    describe(algorithm, "checkpoints", "algorithm", "", "Minimum cut algorithm", "最小割算法",
             "bk (Boykov-Kolmogorov) or push-relabel");
    algorithm.choice_labels_en = {"Boykov-Kolmogorov", "push-relabel"};
    algorithm.choice_labels_zh = {"BK 算法", "推流重标算法"};
    return algorithm;
}

Param checkpoint_choke_min() {
    Param choke_min;
    choke_min.type = ParamType::number;
    choke_min.get = [](const PlanParams& p) {
        return json(p.checkpoints.plan.choke_min_households);
    };
    choke_min.set = [](PlanParams& p, const json& v) {
        p.checkpoints.plan.choke_min_households = v.get<double>();
    };
    describe(choke_min, "checkpoints", "choke_min_households", "households",
             "Choke points: least households cut off", "咽喉点最少切断户数",
             "A natural choke point is listed (map, layer) only when what it cuts off holds at "
             "least this many households or protected points; the rest are only counted");
    range(choke_min, 0, 1000000, 50, 10);
    choke_min.value_name = "N";
    return choke_min;
}

// Staffed or barred (issue 15): the barrier parameters of the checkpoint step.
template <class V> Param barrier_param(ParamType type, V planner::BarrierParams::*field) {
    Param p;
    p.type = type;
    p.get = [=](const PlanParams& pp) { return json(pp.checkpoints.plan.barriers.*field); };
    p.set = [=](PlanParams& pp, const json& v) {
        pp.checkpoints.plan.barriers.*field = v.get<V>();
    };
    return p;
}

std::vector<Param> barrier_params() {
    Param on = barrier_param(ParamType::flag, &planner::BarrierParams::enabled);
    describe(on, "checkpoints", "barriers", "", "Close minor roads with barriers",
             "次要道路设路障封闭",
             "The cordon may close minor roads with a physical barrier instead of staffing "
             "them, keeping min-staffed staffed ways in and every protected point within "
             "access-km of one; solved as a mixed-integer model (COIN-OR CBC) seeded by the "
             "minimum cut");
    on.fallback = false;
    Param max_class = choice(
        {"tertiary", "secondary", "primary", "trunk", "motorway"},
        [](const PlanParams& p) { return json(p.checkpoints.plan.barriers.max_class); },
        [](PlanParams& p, const std::string& v) { p.checkpoints.plan.barriers.max_class = v; });
    describe(max_class, "checkpoints", "barrier_max_class", "", "Barriers on roads below",
             "路障限于低于此等级的道路",
             "Barriers may close roads of classes below this one (tertiary: unclassified, "
             "residential, service and the like); this class and above are staffed");
    max_class.choice_labels_en = {"tertiary", "secondary", "primary", "trunk", "motorway"};
    max_class.choice_labels_zh = {"三级道路", "二级道路", "一级道路", "干线道路", "高速公路"};
    Param min_staffed = barrier_param(ParamType::whole, &planner::BarrierParams::min_staffed);
    describe(min_staffed, "checkpoints", "min_staffed", "ways in", "Staffed ways in, at least",
             "至少保留的值守入口",
             "With barriers: each protected piece keeps at least N routes in with no road in "
             "common, each through a staffed checkpoint and none through a barrier");
    range(min_staffed, 1, 100, 2);
    min_staffed.value_name = "N";
    Param access = barrier_param(ParamType::number, &planner::BarrierParams::access_km);
    describe(access, "checkpoints", "access_km", "km", "Access from a staffed way in",
             "距值守入口的最远车程",
             "With barriers: every protected point stays within this distance of a staffed way "
             "in along drivable roads (ambulances, supplies)");
    range(access, 0.05, 1000, 3, 0.5, 2);
    access.value_name = "KM";
    Param limit = barrier_param(ParamType::number, &planner::BarrierParams::time_limit_s);
    describe(limit, "checkpoints", "time_limit", "s", "Solver time limit", "求解时间上限",
             "With barriers: the mixed-integer search stops after this many seconds with the "
             "best plan found and its gap to the lower bound");
    range(limit, 1, 86400, 30, 10);
    limit.value_name = "S";
    Param gap = barrier_param(ParamType::number, &planner::BarrierParams::gap_percent);
    describe(gap, "checkpoints", "gap", "%", "Solver gap", "求解容许差距",
             "With barriers: stop as soon as the plan is within this percentage of the lower "
             "bound (0: search until proven best or the time limit)");
    range(gap, 0, 100, 0, 0.5, 1);
    gap.value_name = "PCT";
    return {on, max_class, min_staffed, access, limit, gap};
}

std::vector<Param> checkpoint_params() {
    std::vector<Param> all{checkpoint_area(),      checkpoint_margin(),    checkpoint_budget(),
                           checkpoint_objective(), checkpoint_direction(), checkpoint_costs(),
                           checkpoint_drivable(),  checkpoint_close(),     checkpoint_keep_open(),
                           checkpoint_hours(),     checkpoint_periods(),   checkpoint_algorithm(),
                           checkpoint_choke_min()};
    for (Param& p : barrier_params())
        all.push_back(std::move(p));
    return all;
}

const std::map<std::string, std::vector<Param>>& all_params() {
    static const std::map<std::string, std::vector<Param>> params = [] {
        std::map<std::string, std::vector<Param>> m{
            {"classify", classify_params()}, {"gates", gates_params()},
            {"zones", zones_params()},       {"routes", routes_params()},
            {"staffing", staffing_params()}, {"checkpoints", checkpoint_params()}};
        std::vector<Param>& all = m["all"];
        for (const std::string& s : plan_steps)
            all.insert(all.end(), m[s].begin(), m[s].end());
        return m;
    }();
    return params;
}

/// The range check, naming the value as `text`.
void check_number(const Param& p, double x, const std::string& text) {
    // NaN fails both comparisons, so it is refused here too.
    if (!(x >= p.min && x <= p.max))
        throw ParamError(p.name, text,
                         "must be between " + number_text(p.min) + " and " + number_text(p.max));
    if (p.type == ParamType::whole && x != std::floor(x))
        throw ParamError(p.name, text, "must be a whole number");
}

void check_choice(const Param& p, const std::string& text) {
    if (std::find(p.choices.begin(), p.choices.end(), text) == p.choices.end())
        throw ParamError(p.name, text, "write " + join(p.choices, "or"));
}

} // namespace

const std::vector<Param>& step_params(const std::string& step) {
    const auto& all = all_params();
    const auto it = all.find(step);
    if (it == all.end()) throw InputError("plan " + step + ": unknown step");
    return it->second;
}

const Param& find_param(const std::string& step, const std::string& name) {
    for (const Param& p : step_params(step))
        if (p.name == name) return p;
    throw InputError("plan " + step + ": no parameter '" + name + "'");
}

std::optional<double> parse_number(const std::string& text) {
    try {
        std::size_t used = 0;
        const double value = std::stod(text, &used);
        if (used == text.size()) return value;
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

json read_value(const Param& p, const std::string& text) {
    switch (p.type) {
    case ParamType::number:
    case ParamType::whole: {
        const auto x = parse_number(text);
        if (!x) throw ParamError(p.name, text, "not a number");
        check_number(p, *x, text);
        return *x;
    }
    case ParamType::choice:
        check_choice(p, text);
        return text;
    case ParamType::flag:
        return true;
    case ParamType::text:
    case ParamType::texts:
        if (p.check) p.check(p, text);
        return p.type == ParamType::text ? json(text) : json::array({text});
    }
    return json();
}

void validate(const Param& p, const json& value) {
    if (value.is_null()) {
        if (p.required) throw ParamError(p.name, "", "is needed");
        return;
    }
    switch (p.type) {
    case ParamType::number:
    case ParamType::whole:
        if (!value.is_number()) throw ParamError(p.name, value_text(value), "not a number");
        check_number(p, value.get<double>(), value_text(value));
        return;
    case ParamType::choice:
        if (!value.is_string()) throw ParamError(p.name, value_text(value), "not a choice");
        check_choice(p, value.get<std::string>());
        return;
    case ParamType::flag:
        if (!value.is_boolean()) throw ParamError(p.name, value_text(value), "write on or off");
        return;
    case ParamType::text:
        if (!value.is_string()) throw ParamError(p.name, value_text(value), "not a text");
        if (p.check) p.check(p, value.get<std::string>());
        return;
    case ParamType::texts:
        if (!value.is_array()) throw ParamError(p.name, value_text(value), "not a list");
        for (const json& item : value) {
            if (!item.is_string()) throw ParamError(p.name, value_text(item), "not a text");
            if (p.check) p.check(p, item.get<std::string>());
        }
        if (p.required && value.empty()) throw ParamError(p.name, "", "is needed");
        return;
    }
}

void set_value(PlanParams& params, const Param& param, const json& value) {
    validate(param, value);
    param.set(params, value.is_null() ? param.fallback : value);
}

std::string value_text(const json& value) {
    if (value.is_number()) return number_text(value.get<double>());
    if (value.is_string()) return value.get<std::string>();
    if (value.is_array()) {
        std::string out;
        for (const json& item : value)
            out += (out.empty() ? "" : ", ") + value_text(item);
        return out;
    }
    return value.dump();
}

} // namespace cordon::session
