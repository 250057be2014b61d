// cordon-cli plan classify|gates|zones|routes|staffing|all PROJECT [options]

#include "args.hpp"
#include "commands.hpp"
#include "side_output.hpp"
#include "terminal_progress.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/planner/staffing.hpp>
#include <cordon/session/parameters.hpp>
#include <cordon/session/plan.hpp>
#include <cordon/session/project.hpp>

#include <cmath>
#include <iostream>

namespace cordon::cli {

namespace {

/// The zones whose rounds do not fit a shift, with the teams they need.
void summarise_workload(const nlohmann::json& w) {
    if (!w.contains("over_shift")) return;
    const auto& over = w["over_shift"];
    std::cout << "  workload: " << w["rounds_per_day"] << " rounds a day in one shift of "
              << w["shift_hours"].get<double>() << " h: ";
    if (over.empty()) {
        std::cout << "every zone fits one team's shift\n";
        return;
    }
    std::cout << over.size() << " of " << w["zones"].size() << " zones do not fit\n";
    for (const auto& z : over)
        std::cout << "    " << z["name"].get<std::string>() << ": " << z["route_minutes"]
                  << " min a round, " << z["minutes_per_day"] << " min a day, needs " << z["teams"]
                  << " teams\n";
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
        const auto assumed = f.value("compounds_assumed", nlohmann::json::array());
        if (!assumed.empty())
            std::cout << "  " << assumed.size() << " compounds of unknown mode planned as "
                      << assumed[0]["mode"].get<std::string>()
                      << " by --unknown-mode, marked as assumed (compounds.mode_assumed)\n";
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
        summarise_workload(f.value("workload", nlohmann::json::object()));
    } else if (step == "staffing" && f.contains("district")) {
        std::cout << "  people per day: " << f["district"]["people_per_day"] << "\n";
        if (f.contains("hourly"))
            std::cout << "  on duty at the busiest hour (" << f["hourly"]["peak_hour"]
                      << ":00): " << f["hourly"]["peak_people"]
                      << " people; crew-hours a day: " << f["hourly"]["crew_hours_per_day"] << "\n";
        for (const auto& s : f["shortfall"])
            std::cout << "  short of " << s["short"] << " " << s["pool"].get<std::string>() << "\n";
        if (f.contains("workload") && !f["workload"]["over_shift"].empty())
            std::cout << "  patrol teams: " << f["district"]["duties"]["patrol_teams"]
                      << " people, with more teams for the " << f["workload"]["over_shift"].size()
                      << " zones whose rounds do not fit a shift\n";
    }
}

std::string plan_help(const std::string& step) {
    std::string out = "Usage: cordon-cli plan " + step +
                      " PROJECT [options] [--json FILE]\n\n"
                      "Runs " +
                      (step == "all" ? std::string("every step of the patrol plan in order")
                                     : "the " + step + " step of the patrol plan") +
                      " on the project\nand saves it there. Steps that need the buildings' "
                      "classification run it first when\nthey have none (or when a classify "
                      "option is given).\n";
    // The step's own options first, then the others the patrol steps take.
    std::vector<std::string> order{step};
    for (const std::string& s : session::plan_steps)
        if (s != step) order.push_back(s);
    if (step == "all") order.erase(order.begin());
    for (const std::string& s : order)
        out += "\n" + s + ":\n" + params_help(session::step_params(s));
    out += "\n  --json FILE\n      the step's figures as JSON ('-' for stdout)\n";
    if (step == "staffing" || step == "all")
        out +=
            "  --hourly FILE\n      people on duty per hour of the day by pool, and crew-hours a "
            "day, as CSV\n      ('-' for stdout)\n";
    return out;
}

} // namespace

int plan_patrol_step(const std::string& step, const Argv& argv) {
    const std::vector<session::Param>& params = session::step_params("all");
    std::set<std::string> options{"json", "hourly"}, flags{"help"};
    add_options(params, options, flags);
    const Args args(argv, options, flags);
    if (args.flag("help")) {
        std::cout << plan_help(step);
        return 0;
    }
    const std::string project = args.one_positional("PROJECT");
    if (args.get("zones") && args.get("capacity"))
        throw InputError("give --zones K or --capacity HOUSEHOLDS, not both");
    if (args.get("hourly") && step != "staffing" && step != "all")
        throw InputError("--hourly: the people on duty per hour come from plan staffing (or all)");
    session::PlanParams plan;
    read_params(args, params, plan);
    SideOutput json(args.get("json"));
    SideOutput hourly(args.get("hourly"));
    TerminalProgress progress;
    const nlohmann::json figures = session::run_step(
        project, step, session::plan_parameters(step, plan),
        [&](geo::District& d) {
            nlohmann::json f = session::run_plan_step(d, step, plan, progress);
            json.write(f.dump(2) + "\n"); // before the project is saved
            if (args.get("hourly"))
                hourly.write(planner::hourly_staffing_csv(step == "all" ? f["staffing"] : f));
            return f;
        },
        progress);
    json.commit();
    hourly.commit();
    std::cout << "plan " << step << ": done, saved in " << project << "\n";
    if (step == "all")
        for (const auto& s : session::plan_steps)
            summarise(s, figures[s]);
    else
        summarise(step, figures);
    return 0;
}

} // namespace cordon::cli
