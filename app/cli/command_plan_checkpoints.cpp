// cordon-cli plan checkpoints: the cheapest cordon of checkpoints around a protected area,
// the natural choke points near it, and the best k when staff are short.

#include "args.hpp"
#include "commands.hpp"
#include "side_output.hpp"
#include "terminal_progress.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/planner/checkpoint_area.hpp>
#include <cordon/planner/checkpoints.hpp>
#include <cordon/planner/staffing.hpp>
#include <cordon/session/project.hpp>

#include <cmath>
#include <iostream>
#include <sstream>

namespace cordon::cli {

namespace {

const char* k_usage = R"(Usage: cordon-cli plan checkpoints PROJECT --area AREA [--area AREA]...
         [--margin M] [--objective crew|fewest] [--direction inbound|both] [--budget K]
         [--costs FILE] [--drivable CLASS,...] [--close ROAD]... [--keep-open ROAD]...
         [--hours TEXT] [--algorithm bk|push-relabel] [--choke-points FILE.geojson]
         [--json FILE] [--dry-run]

Places vehicle checkpoints on the drivable roads so that every way into AREA from beyond
the margin passes one, at the least total crew, and writes them to the project's
checkpoints layer (checkpoints placed by hand stay and count as already staffed), the
natural choke points near the area to its choke_points layer and the area to cordon_areas.

  --area AREA        community:NAME, compound:NAME, zone:NAME, district, or a polygon file
                     FILE[:LAYER] in any GDAL format and CRS; repeat for a union
  --margin M         metres beyond the area from where traffic comes (default 300); roads
                     nearer than that are free, so the cordon may sit on real choke points;
                     0 puts it on the boundary
  --objective        crew: least total crew (default); fewest: fewest checkpoints
  --direction        inbound: traffic entering (one-way streets respected, default);
                     both: entering and leaving (one-way streets count both ways)
  --budget K         only K checkpoints can be staffed: place the K that intercept the most
                     traffic into the area (greedy, within 1 - 1/e of the best K)
  --costs FILE       crew per road class: lines CLASS = CREW (or CLASS,CREW, or JSON);
                     'other' for classes not named. Defaults: motorway/trunk 6, primary 5,
                     secondary 4, tertiary 3, others 2
  --drivable LIST    road classes that count as drivable (default: the project's drivable
                     flag, from the road class and access tags)
  --close ROAD       a road that carries no traffic: ID, id:ID, name:NAME or NAME
  --keep-open ROAD   a road that must stay free of checkpoints (an ambulance route)
  --hours TEXT       hours written on the new checkpoints (default "24 h")
  --algorithm        bk (Boykov-Kolmogorov, default) or push-relabel
  --choke-points F   also write the natural choke points (bridges, articulation points),
                     which go to the project's choke_points layer, as GeoJSON
  --json FILE        the full report, every checkpoint with its reason ('-' for stdout)
  --dry-run          plan and report, leave the project as it is
)";

planner::CheckpointParams parse(const Args& args, const geo::District& district,
                                Progress& progress) {
    planner::CheckpointParams p;
    p.area = planner::resolve_area(district, args.all("area"), progress);
    auto number = [](const std::string& option, const std::string& text) {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0' || !std::isfinite(v))
            throw InputError(option + " " + text + ": write a number");
        return v;
    };
    if (auto m = args.get("margin")) {
        p.margin = number("--margin", *m);
        if (p.margin < 0 || p.margin > 100000)
            throw InputError("--margin " + *m + ": write metres from 0 to 100000");
    }
    if (auto o = args.get("objective"))
        p.objective = planner::checkpoint_objective_from(*o, "--objective");
    if (auto d = args.get("direction"))
        p.direction = planner::checkpoint_direction_from(*d, "--direction");
    if (auto b = args.get("budget")) {
        const double k = number("--budget", *b);
        if (k < 1 || k != std::floor(k) || k > 100000)
            throw InputError("--budget " + *b + ": write a whole number, 1 or more");
        p.budget = static_cast<int>(k);
    }
    if (auto c = args.get("costs")) {
        std::set<std::string> classes;
        for (const auto& e : district.network.edges)
            classes.insert(e.cls);
        p.costs = planner::read_checkpoint_costs(*c, classes);
    }
    if (auto d = args.get("drivable")) {
        std::stringstream in(*d);
        std::string cls;
        while (std::getline(in, cls, ','))
            if (!cls.empty()) p.drivable_classes.insert(cls);
        if (p.drivable_classes.empty())
            throw InputError("--drivable " + *d + ": name road classes, e.g. primary,secondary");
    }
    for (const auto& r : args.all("close"))
        for (geo::Id id : planner::resolve_roads(district, r, "--close"))
            p.closed_roads.insert(id);
    for (const auto& r : args.all("keep-open"))
        for (geo::Id id : planner::resolve_roads(district, r, "--keep-open"))
            p.keep_open_roads.insert(id);
    for (geo::Id id : p.closed_roads)
        if (p.keep_open_roads.count(id))
            throw InputError("road " + std::to_string(id) +
                             " is named by both --close and --keep-open");
    if (auto h = args.get("hours")) p.hours = *h;
    if (auto a = args.get("algorithm")) {
        if (*a == "bk")
            p.algorithm = planner::MaxFlowAlgorithm::boykov_kolmogorov;
        else if (*a == "push-relabel")
            p.algorithm = planner::MaxFlowAlgorithm::push_relabel;
        else
            throw InputError("--algorithm " + *a + ": write bk or push-relabel");
    }
    return p;
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
    const Args args(argv,
                    {"area", "margin", "objective", "direction", "budget", "costs", "drivable",
                     "close", "keep-open", "hours", "algorithm", "choke-points", "json"},
                    {"dry-run", "help"});
    if (args.flag("help")) {
        std::cout << k_usage;
        return 0;
    }
    const std::string project = args.one_positional("PROJECT");
    if (args.all("area").empty())
        throw InputError("missing --area (community:NAME, compound:NAME, zone:NAME, district or a "
                         "polygon FILE)");
    if (auto h = args.get("hours"); h && !planner::hours_problem(*h).empty())
        throw InputError("--hours " + planner::hours_problem(*h));
    TerminalProgress progress;

    nlohmann::json parameters = nlohmann::json::object();
    for (const char* name :
         {"margin", "objective", "direction", "budget", "costs", "drivable", "hours", "algorithm"})
        if (auto v = args.get(name)) parameters[name] = *v;
    parameters["area"] = args.all("area");
    parameters["close"] = args.all("close");
    parameters["keep-open"] = args.all("keep-open");

    SideOutput choke_points(args.get("choke-points")), json(args.get("json"));
    planner::CheckpointPlan plan;
    auto step = [&](geo::District& district) {
        const planner::CheckpointParams params = parse(args, district, progress);
        plan = planner::plan_checkpoints(district, params, progress);
        planner::apply_checkpoints(district, plan);
        // Written before the project is saved, put in place after.
        choke_points.write(
            planner::choke_points_geojson(plan.choke_points, district.meta.srid).dump(1) + "\n");
        json.write(plan.report.dump(2) + "\n");
        return plan.report;
    };
    if (args.flag("dry-run")) {
        geo::District district = session::open_project(project, progress);
        step(district);
    } else {
        session::run_step(project, "checkpoints", parameters, step, progress);
    }
    choke_points.commit();
    json.commit();
    if (args.get("json").value_or("") != "-") {
        std::cout << summary(plan.report);
        std::cout << (args.flag("dry-run")
                          ? "Dry run: the project was not changed\n"
                          : "Wrote " + std::to_string(plan.checkpoints.size()) +
                                " checkpoints and " + std::to_string(plan.choke_points.size()) +
                                " natural choke points to " + project + "\n");
    }
    return 0;
}

} // namespace cordon::cli
