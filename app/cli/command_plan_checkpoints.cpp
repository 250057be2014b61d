// cordon-cli plan checkpoints: the cheapest cordon of checkpoints around a protected area,
// the natural choke points near it, and the best k when staff are short.

#include "args.hpp"
#include "commands.hpp"
#include "side_output.hpp"
#include "terminal_progress.hpp"

#include <cordon/session/parameters.hpp>
#include <cordon/session/plan.hpp>
#include <cordon/session/project.hpp>

#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace cordon::cli {

namespace {

std::string usage() {
    return "Usage: cordon-cli plan checkpoints PROJECT --area AREA [--area AREA]... [options]\n"
           "         [--choke-points FILE.geojson] [--json FILE] [--dry-run]\n\n"
           "Places vehicle checkpoints on the drivable roads so that every way into AREA from "
           "beyond\nthe margin passes one, at the least total crew, and writes them to the "
           "project's\ncheckpoints layer (checkpoints placed by hand stay and count as already "
           "staffed), the\nnatural choke points near the area to its choke_points layer and the "
           "area to cordon_areas.\nRoads closed by hand in the project carry no traffic.\n\n" +
           params_help(session::step_params("checkpoints")) +
           "  --choke-points FILE\n"
           "      also write the natural choke points (bridges, articulation points), which go "
           "to the\n      project's choke_points layer, as GeoJSON\n"
           "  --json FILE\n"
           "      the full report, every checkpoint with its reason ('-' for stdout)\n"
           "  --dry-run\n"
           "      plan and report, leave the project as it is\n";
}

std::string count(const nlohmann::json& n, const std::string& one, const std::string& many) {
    const long long v = n.get<long long>();
    return std::to_string(v) + " " + (v == 1 || v == -1 ? one : many);
}

std::string summary(const nlohmann::json& r) {
    std::ostringstream out;
    const std::string area = r["area"]["name"].get<std::string>();
    const std::string outcome = r["outcome"].get<std::string>();
    out << "Checkpoints for " << area << " (margin " << r["parameters"]["margin_m"].get<double>()
        << " m, " << r["parameters"]["objective"].get<std::string>() << ", "
        << r["parameters"]["direction"].get<std::string>() << ")\n";
    if (outcome != "cordon") {
        out << "  " << r["summary"].get<std::string>() << "\n";
    } else {
        out << "  cordon: " << count(r["cordon"]["checkpoints"], "checkpoint", "checkpoints")
            << ", " << r["cordon"]["crew"] << " crew";
        if (r["cordon"]["hand_placed_kept_in_cordon"].get<int>() > 0)
            out << " (+ " << r["cordon"]["hand_placed_kept_in_cordon"] << " placed by hand)";
        if (!r["checkpoints"].empty() && r["checkpoints"][0].contains("periods") &&
            r.contains("placed"))
            out << " by road class; by their periods " << r["placed"]["crew"]
                << " at most on duty at once";
        out << "\n";
        if (r.contains("boundary") && r["boundary"].contains("checkpoints"))
            out << "  on the boundary it would take "
                << count(r["boundary"]["checkpoints"], "checkpoint", "checkpoints") << ", "
                << r["boundary"]["crew"] << " crew: the choke points save "
                << count(r["boundary"]["saved_checkpoints"], "checkpoint", "checkpoints") << ", "
                << r["boundary"]["saved_crew"] << " crew\n";
        const auto& e = r["enclosed_beyond_area"];
        out << "  encloses beyond the area: " << count(e["road_nodes"], "road node", "road nodes")
            << ", " << count(e["buildings"], "building", "buildings") << ", "
            << count(e["households"], "household", "households") << "\n";
    }
    if (r.contains("barriers")) {
        const auto& b = r["barriers"];
        out << "  staffed or barred: "
            << count(b["staffed"], "staffed checkpoint", "staffed checkpoints") << ", " << b["crew"]
            << " crew, " << count(b["barriers"], "barrier", "barriers") << " (without barriers "
            << b["without_barriers"]["crew"] << " crew); " << b["status_text"].get<std::string>()
            << " after " << std::fixed << std::setprecision(1) << b["seconds"].get<double>()
            << " s of " << b["time_limit_s"].get<double>() << " s, gap " << std::setprecision(2)
            << b["gap_percent"].get<double>() << " % to the lower bound (crew at least "
            << b["cost_lower_bound"] << ")\n";
        out.unsetf(std::ios::fixed);
        out << std::setprecision(6);
        out << "  every protected piece keeps " << b["min_staffed"]
            << " staffed ways in; farthest protected point "
            << b["farthest_access_m"].get<double>() / 1000 << " km from one (at most "
            << b["access_km"] << " km)\n";
    }
    if (r.contains("choke_points"))
        out << "  natural choke points near the area: " << r["choke_points"]["bridges"]
            << " bridges, " << r["choke_points"]["articulation_points"] << " articulation points\n";
    if (r.contains("budget")) {
        const auto& b = r["budget"];
        out << "  budget " << b["k"] << ": placed " << b["placed"] << ", intercepting "
            << std::lround(b["share"].get<double>() * 100) << " % of the modelled traffic";
        if (b.contains("best_possible_share_at_most"))
            out << " (the best " << b["k"] << " could intercept at most "
                << std::lround(b["best_possible_share_at_most"].get<double>() * 100) << " %)";
        out << "\n";
    }
    if (r.contains("traffic") && !r["traffic"]["curve"].empty()) {
        out << "  share of traffic intercepted by the best k (greedy):";
        for (const auto& s : r["traffic"]["curve"])
            out << " " << s["k"] << ":" << std::lround(s["share"].get<double>() * 100) << "%";
        out << "\n";
    }
    for (const auto& c : r["checkpoints"])
        out << "  - " << c["reason"].get<std::string>() << "\n";
    return out.str();
}

} // namespace

int plan_checkpoints(const Argv& argv) {
    const std::vector<session::Param>& params = session::step_params("checkpoints");
    std::set<std::string> options{"choke-points", "json"}, flags{"dry-run", "help"};
    add_options(params, options, flags);
    const Args args(argv, options, flags);
    if (args.flag("help")) {
        std::cout << usage();
        return 0;
    }
    const std::string project = args.one_positional("PROJECT");
    session::PlanParams plan;
    read_params(args, params, plan);
    TerminalProgress progress;

    SideOutput choke_points(args.get("choke-points")), json(args.get("json"));
    nlohmann::json report;
    std::size_t choke_point_count = 0;
    auto step = [&](geo::District& district) {
        report = session::run_plan_step(district, "checkpoints", plan, progress);
        choke_point_count = district.choke_points.size();
        // Written before the project is saved, put in place after.
        if (args.get("choke-points"))
            choke_points.write(session::choke_points_geojson(district).dump(1) + "\n");
        json.write(report.dump(2) + "\n");
        return report;
    };
    if (args.flag("dry-run")) {
        geo::District district = session::open_project(project, progress);
        step(district);
    } else {
        session::run_step(project, "checkpoints", session::plan_parameters("checkpoints", plan),
                          step, progress);
    }
    choke_points.commit();
    json.commit();
    if (args.get("json").value_or("") != "-") {
        const std::size_t placed =
            report.contains("checkpoints") ? report["checkpoints"].size() : 0;
        std::cout << summary(report);
        std::cout << (args.flag("dry-run")
                          ? "Dry run: the project was not changed\n"
                          : "Wrote " + std::to_string(placed) + " checkpoints and " +
                                std::to_string(choke_point_count) + " natural choke points to " +
                                project + "\n");
    }
    return 0;
}

} // namespace cordon::cli
