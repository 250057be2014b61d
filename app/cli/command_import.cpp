#include "args.hpp"
#include "commands.hpp"
#include "side_output.hpp"
#include "terminal_progress.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/import_setup.hpp>
#include <cordon/session/project.hpp>

#include <cmath>
#include <iostream>
#include <optional>
#include <sstream>

namespace cordon::cli {

namespace {

/// One line on stderr per feature the import dropped, with its id and the reason, the first
/// `shown` of them, then how many more the JSON report lists.
void print_dropped(const nlohmann::json& report, const std::optional<std::string>& json,
                   std::size_t shown = 20) {
    std::size_t printed = 0, more = 0;
    for (const auto& [role, layer] : report["layers"].items()) {
        if (!layer.contains("dropped_because")) continue;
        for (const auto& [reason, dropped] : layer["dropped_because"].items())
            for (const auto& id : dropped["ids"]) {
                if (printed == shown) {
                    ++more;
                    continue;
                }
                std::cerr << "cordon-cli import: dropped " << role << " " << id.get<std::string>()
                          << ": " << reason << "\n";
                ++printed;
            }
    }
    if (more > 0)
        std::cerr << "cordon-cli import: ... and " << more << " more dropped, see "
                  << (json ? *json : std::string("--json")) << "\n";
}

} // namespace

int command_import(const Argv& argv) {
    const Args args(argv, {"output", "source-crs", "encoding", "map", "field", "mapping", "json",
                           "crs", "snap", "gate-tolerance", "floor-area", "floors"});
    geo::ImportArguments arguments; // the New Project wizard makes the same (geo/import_setup)
    arguments.sources = args.positional();
    arguments.mapping = args.all("mapping");
    arguments.maps = args.all("map");
    arguments.fields = args.all("field");
    arguments.source_crs = args.get("source-crs");
    arguments.crs = args.get("crs");
    arguments.encoding = args.get("encoding");
    geo::ImportOptions options = geo::import_options(arguments);
    auto number = [&](const char* name, double& target, double max, bool whole = false) {
        if (auto v = args.positive(name, max, whole)) target = *v;
    };
    planner::NetworkParams network;
    number("snap", network.snap_tolerance, 100);
    number("gate-tolerance", options.gate_tolerance, 1000);
    number("floor-area", options.households.floor_area_per_household, 100000);
    double floors = options.households.default_floors;
    number("floors", floors, 200, true);
    options.households.default_floors = static_cast<int>(floors);
    const std::string output = args.required("output");

    SideOutput json(args.get("json"));
    TerminalProgress progress;
    const nlohmann::json report =
        session::import_project(options, network, output, progress, [&](const nlohmann::json& r) {
            json.write(r.dump(2) + "\n"); // before the project is written
        });
    json.commit();

    // A short human summary on stdout.
    std::cout << "Imported into " << output << " (" << report["project_crs"].get<std::string>()
              << ")\n";
    for (const auto& [role, l] : report["layers"].items())
        std::cout << "  " << role << ": " << l["imported"] << " imported of " << l["read"]
                  << " read, " << l["repaired"] << " repaired, " << l["dropped"] << " dropped\n";
    for (const auto& source : report["sources"])
        for (const auto& warning : source.value("warnings", nlohmann::json::array()))
            std::cerr << "cordon-cli import: warning: "
                      << cli_message(geo::param_text_from_json(warning)) << "\n";
    print_dropped(report, args.get("json"));
    // What is left for the planner to look at (nothing is assumed silently).
    const auto& checks = report["checks"];
    const auto& est = checks["households_estimated"];
    std::cout << "  to check: " << checks["gates_on_no_compound"]["count"]
              << " gates on no compound, " << checks["compounds_without_gate"]["count"]
              << " compounds with no gate, " << checks["compounds_unknown_mode"]["count"]
              << " compounds of unknown mode, households estimated for " << est["count"] << " of "
              << est["of"] << " buildings (cordon-cli select PROJECT LAYER --where "
              << "EXPRESSION lists them; the expressions are in the JSON report's \"checks\")\n";
    const auto& n = report["network"];
    std::cout << "  road network: " << n["nodes"] << " nodes, " << n["edges"] << " edges, "
              << n["length_km"] << " km, " << n["components"]["count"] << " connected components ("
              << n["drivable_components"]["count"] << " drivable, "
              << n["walkable_components"]["count"] << " walkable)\n";
    return 0;
}

} // namespace cordon::cli
