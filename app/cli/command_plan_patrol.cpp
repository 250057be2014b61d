// cordon-cli plan classify|gates|zones|routes|staffing|all PROJECT [options]

#include "args.hpp"
#include "commands.hpp"
#include "side_output.hpp"
#include "terminal_progress.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/session/plan.hpp>
#include <cordon/session/project.hpp>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace cordon::cli {

namespace {

/// Text for a bound in a message: "0.5", "24", "100000".
std::string bound_text(double x) {
    std::ostringstream out;
    out << std::setprecision(15) << x;
    return out.str();
}

/// The value of --NAME, or `fallback` when it is not given; a number from `min` to `max`
/// (a whole one when `whole`), else an InputError naming the option.
double number(const Args& args, const std::string& name, double fallback, double min, double max,
              bool whole = false) {
    const auto value = args.number(name);
    if (!value) return fallback;
    const double x = *value;
    const auto v = args.get(name);
    // NaN fails both comparisons, so it is refused here too.
    if (!(x >= min && x <= max))
        throw InputError("--" + name + " " + *v + ": must be between " + bound_text(min) + " and " +
                         bound_text(max));
    if (whole && x != std::floor(x))
        throw InputError("--" + name + " " + *v + ": must be a whole number");
    return x;
}

int whole_number(const Args& args, const std::string& name, int fallback, int min, int max) {
    return static_cast<int>(number(args, name, fallback, min, max, true));
}

session::PlanParams parse(const Args& args) {
    session::PlanParams p;
    if (auto mode = args.get("unknown-mode")) {
        if (*mode != "unknown")
            p.classify.unknown_compounds_as = geo::compound_mode_from(*mode, "--unknown-mode");
    }
    if (auto u = args.get("untyped-outside")) {
        if (*u != "home" && *u != "not-home")
            throw InputError("--untyped-outside " + *u + ": write home or not-home");
        p.classify.untyped_outside_compounds_are_homes = *u == "home";
    }
    p.reclassify = args.get("unknown-mode") || args.get("untyped-outside");
    p.gates.max_walk = number(args, "gate-distance", p.gates.max_walk, 1, 100000);
    p.gates.second_exit = args.flag("second-exit");
    p.gates.keep_vehicle_gate = !args.flag("no-vehicle-gate");
    p.gates.crew_closed = whole_number(args, "gate-crew", p.gates.crew_closed, 1, 100);
    p.gates.crew_guarded = whole_number(args, "guard-crew", p.gates.crew_guarded, 1, 100);
    if (args.get("zones") && args.get("capacity"))
        throw InputError("give --zones K or --capacity HOUSEHOLDS, not both");
    if (args.get("zones")) p.zoning.zones = whole_number(args, "zones", 1, 1, 10000000);
    if (args.get("capacity")) p.zoning.capacity = number(args, "capacity", 1, 1, 1e9);
    p.zoning.balance_target = number(args, "balance", p.zoning.balance_target * 100, 0, 100) / 100;
    p.zoning.seed = static_cast<std::uint64_t>(
        number(args, "seed", static_cast<double>(p.zoning.seed), 0, 1e15, true));
    p.routes.walking_speed_kmh = number(args, "speed", p.routes.walking_speed_kmh, 0.5, 30);
    p.routes.effort = number(args, "route-effort", p.routes.effort, 0, 1000);
    p.staffing.shift_hours = number(args, "shift-hours", p.staffing.shift_hours, 1, 24);
    p.staffing.patrol_team_size =
        whole_number(args, "team-size", p.staffing.patrol_team_size, 1, 100);
    for (const std::string& a : args.all("available")) {
        const auto eq = a.find('=');
        const std::string pool = a.substr(0, eq);
        if (eq == std::string::npos ||
            std::find(planner::staff_pools.begin(), planner::staff_pools.end(), pool) ==
                planner::staff_pools.end())
            throw InputError(
                "--available " + a +
                ": write POOL=N with POOL one of property, volunteers, social_workers, staff");
        const std::string n = a.substr(eq + 1);
        const bool digits =
            !n.empty() && n.size() <= 8 &&
            std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!digits || std::stoi(n) > 10000000)
            throw InputError("--available " + a + ": N must be a whole number from 0 to 10000000");
        p.staffing.available[pool] = std::stoi(n);
    }
    return p;
}

void summarise(const std::string& step, const nlohmann::json& f) {
    if (step == "classify" && f.contains("district")) {
        std::cout << "  buildings by control:";
        for (const auto& [mode, t] : f["district"].items())
            std::cout << " " << mode << " " << t["buildings"] << " (" << t["households"]
                      << " households)";
        std::cout << "\n";
        if (!f["compounds_unknown"].empty())
            std::cout << "  " << f["compounds_unknown"].size()
                      << " compounds of unknown mode (see --unknown-mode)\n";
    } else if (step == "gates" && f.contains("gates_open")) {
        std::cout << "  gates: " << f["gates_open"] << " open, " << f["gates_closed"]
                  << " closed\n";
    } else if (step == "zones" && f.contains("zones")) {
        std::cout << "  zones: " << f["zones"] << " for " << f["buildings"] << " buildings";
        if (f.contains("balance") && f["balance"].contains("largest_deviation"))
            std::cout << ", largest deviation from the mean workload "
                      << std::round(f["balance"]["largest_deviation"].get<double>() * 1000) / 10
                      << " %";
        std::cout << "\n";
    } else if (step == "routes" && f.contains("total_km")) {
        std::cout << "  routes: " << f["routes"].size() << ", " << f["total_km"] << " km in all\n";
    } else if (step == "staffing" && f.contains("district")) {
        std::cout << "  people per day: " << f["district"]["people_per_day"] << "\n";
        for (const auto& s : f["shortfall"])
            std::cout << "  short of " << s["short"] << " " << s["pool"].get<std::string>() << "\n";
    }
}

} // namespace

int plan_patrol_step(const std::string& step, const Argv& argv) {
    const Args args(argv,
                    {"json", "unknown-mode", "untyped-outside", "gate-distance", "gate-crew",
                     "guard-crew", "zones", "capacity", "balance", "seed", "speed", "route-effort",
                     "shift-hours", "team-size", "available"},
                    {"second-exit", "no-vehicle-gate"});
    const std::string project = args.one_positional("PROJECT");
    const session::PlanParams params = parse(args);
    SideOutput json(args.get("json"));
    TerminalProgress progress;
    const nlohmann::json figures = session::run_step(
        project, step, session::plan_parameters(step, params),
        [&](geo::District& d) {
            nlohmann::json f = session::run_plan_step(d, step, params, progress);
            json.write(f.dump(2) + "\n"); // before the project is saved
            return f;
        },
        progress);
    json.commit();
    std::cout << "plan " << step << ": done, saved in " << project << "\n";
    if (step == "all")
        for (const auto& s : session::plan_steps)
            summarise(s, figures[s]);
    else
        summarise(step, figures);
    return 0;
}

} // namespace cordon::cli
