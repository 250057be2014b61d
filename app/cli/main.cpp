// cordon-cli: the headless twin of the desktop app.

#include "args.hpp"
#include "commands.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/pg_store.hpp>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <new>
#include <system_error>
#include <vector>

namespace {

const char* usage = R"(Cordon — district planning for epidemic control (command line)

Usage: cordon-cli COMMAND [ARGS]

Commands:
  import SOURCE... -o PROJECT [--source-crs CRS|gcj02|bd09] [--encoding gbk|utf8]
         [--map ROLE=FILE[:LAYER]]... [--field ROLE.ATTRIBUTE=FIELD]... [--mapping FILE]
         [--crs EPSG:N] [--snap M] [--gate-tolerance M] [--floor-area M2] [--floors N]
         [--json FILE]
      Read OpenStreetMap extracts or any GDAL vector source into a new project file.
      Roles: communities compounds buildings gates roads checkpoints.
  info PROJECT [--json]
      Layers, counts, CRS, extent and sources of a project.
  export PROJECT --layer NAME --format shp|gpkg|kml|geojson|csv -o OUT
         [--encoding gbk|utf8] [--crs EPSG:N|gcj02|bd09] [--json FILE]
      Write a layer for other agencies.
  render PROJECT -o MAP.png [--size WxH|WxHmm] [--dpi N] [--extent MINX,MINY,MAXX,MAXY |
         --zone NAME|ID] [--scale N] [--centre X,Y] [--network] [--no-labels] [--no-basemap]
         [--layers LIST|none]
      Draw the project's map to a PNG (size at 96 dpi or on paper; --dpi 300 for print), the
      basemaps under it; --layers: only these layers (communities,buildings,...,labels).
  plan classify|gates|zones|routes|staffing|all PROJECT [--zones K | --capacity HOUSEHOLDS]
         [--gate-distance M] [--second-exit] [--no-vehicle-gate] [--gate-crew N] [--guard-crew N]
         [--unknown-mode closed|guarded|patrol] [--untyped-outside home|not-home]
         [--balance PERCENT] [--seed N] [--speed KMH] [--route-effort N] [--shift-hours H]
         [--rounds N] [--team-size N] [--available POOL=N]... [--json FILE]
      Run a step of the patrol plan (all: every step in order) and save it in the project.
  plan checkpoints PROJECT --area FILE|community:NAME|compound:NAME [--margin M] [--budget K] ...
      Place vehicle checkpoints on choke-point roads (see cordon-cli plan checkpoints --help).
  edit PROJECT --edits FILE.json [--json FILE]
      Apply the desktop app's edits (a JSON array, e.g. [{"edit":"gate","id":12,"state":"closed"}])
      and save them, all or nothing. Edits take id lists ("ids": [3, 4, 5]) or select their
      features: "where": "name LIKE '%院%'", "inside_zone": 3, "inside_community": 1,
      "inside": [[x, y], ...]. set-attribute ("layer", "field", "value": name, number,
      address, category, households, floors; compounds' mode, name, manager) and set-home
      ("home": false) are the attribute form's edits.
  select PROJECT LAYER --where EXPRESSION | --inside-zone ID | --inside-community ID
         [--fields] [--json FILE]
      The ids of the features selected: an SQL condition over the layer's fields (--fields
      lists them), or those inside a zone or community.
  scenario save|restore|delete PROJECT NAME | list PROJECT | compare PROJECT A B [--json FILE]
      Keep named plans in the project and compare two.
  basemap add PROJECT SOURCE [--name N] [--opacity P] [--grey] [--source-crs CRS|gcj02|bd09]
         [--attribution TEXT] | list PROJECT | set PROJECT NAME ... | remove PROJECT NAME
      Pictures of the ground under the plan: orthophotos, scanned maps, MBTiles (see basemap
      --help).
  print PROJECT -o ATLAS.pdf [--paper A4|A3] [--orientation portrait|landscape] [--lang zh|en]
         [--zones NAME|ID[,...]] [--title TEXT] [--json FILE]
      The printed patrol atlas: an overview page and one page per zone (see print --help).
  handover PROJECT -o FOLDER|FILE.zip [--encoding gbk|utf8] [--crs CRS] [--no-atlas] ...
      The package for other agencies: atlas, every plan layer as Shapefile, GeoPackage, KML
      and CSV, staffing tables, a contents file (see handover --help).
  households import PROJECT FILE [--sheet NAME] [--encoding gbk|utf8] [--column ROLE=COLUMN]...
         [--categories FILE] [--keep-personal] [--json FILE] |
         match PROJECT --household KEY --building ID |
         list PROJECT [--unmatched | --vacant] -o FILE.csv|xlsx
      The household ledger: a community register matched to the buildings (see households
      --help).
  screening import PROJECT FILE [--column ROLE=COLUMN]... | report PROJECT [--as-of DATE]
         -o FILE.xlsx|csv [--lang zh|en] [--json FILE]
      The door-to-door screening: visits appended, progress per zone and community, the
      households not yet met (see screening --help).
  publish PROJECT postgresql://[USER@]HOST[:PORT]/DB [--schema NAME] [--replace]
      Copy a project into a schema of a PostgreSQL/PostGIS database, shared by many planners.
      Every command takes postgresql://…/DB?schema=NAME where it takes a PROJECT; edits
      never overwrite a change made meanwhile (exit 2, naming who made it). Passwords come
      from PGPASSFILE, PGSERVICE, PGPASSWORD or the URL, and are never shown.
  demo [-o DIR] [--source FILE]
      Import the bundled Chengdu sample, render and export it; says where the outputs are.

Exit codes: 0 done, 1 failed, 2 bad input or an output that cannot be written (the
message names the file, layer or field and the system's reason), 130 cancelled. A command
that fails changes nothing: outputs are written beside their targets and put in place only
when complete, after the project is saved.
)";

/// "plan zones", "export": the command and, for plan and scenario, its step.
std::string command_name(int argc, char** argv) {
    std::string name = argv[1];
    if ((name == "plan" || name == "scenario" || name == "basemap") && argc > 2 &&
        argv[2][0] != '-')
        name += std::string(" ") + argv[2];
    return name;
}

} // namespace

int main(int argc, char** argv) {
    using namespace cordon::cli;
    const std::map<std::string, std::function<int(const Argv&)>> commands{
        {"import", command_import},       {"info", command_info},
        {"export", command_export},       {"render", command_render},
        {"demo", command_demo},           {"plan", command_plan},
        {"print", command_print},         {"handover", command_handover},
        {"edit", command_edit},           {"select", command_select},
        {"scenario", command_scenario},   {"households", command_households},
        {"screening", command_screening}, {"basemap", command_basemap},
        {"publish", command_publish},
    };
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") ||
        !std::strcmp(argv[1], "help")) {
        std::cout << usage;
        return argc < 2 ? 2 : 0;
    }
    if (!std::strcmp(argv[1], "--version")) {
        std::cout << "cordon-cli " << CORDON_VERSION << "\n";
        return 0;
    }
    const auto command = commands.find(argv[1]);
    if (command == commands.end()) {
        std::cerr << "cordon-cli: unknown command '" << argv[1] << "' (see cordon-cli --help)\n";
        return 2;
    }
    // Past a file-size limit, a write fails with "File too large" (reported, outputs left as
    // they were) instead of the process being killed mid-way.
    std::signal(SIGXFSZ, SIG_IGN);
    // A password in a database URL goes to libpq through PGPASSWORD, and the URL goes on
    // without it: no output or message of any command can show it.
    static std::vector<std::string> kept;
    kept.reserve(static_cast<std::size_t>(argc));
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (!cordon::geo::is_database_url(arg)) continue;
        const std::string password = cordon::geo::url_password(arg);
        if (password.empty()) continue;
        ::setenv("PGPASSWORD", password.c_str(), 1);
        kept.push_back(cordon::geo::url_without_password(arg));
        argv[i] = kept.back().data();
    }
    const auto out_of_memory = [&] {
        std::cerr << "cordon-cli " << argv[1] << ": out of memory while running "
                  << command_name(argc, argv)
                  << "; the project is unchanged and no file was written\n";
        return 1;
    };
    try {
        return command->second(Argv(argv + 2, argv + argc));
    } catch (const std::bad_alloc&) {
        return out_of_memory();
    } catch (const cordon::Cancelled&) {
        std::cerr << "\ncordon-cli: cancelled; nothing was written\n";
        return 130;
    } catch (const cordon::ParamError& e) {
        std::cerr << "cordon-cli " << argv[1] << ": error: " << cli_message(e) << "\n";
        return 2;
    } catch (const cordon::ParamTextError& e) {
        std::cerr << "cordon-cli " << argv[1] << ": error: " << cli_message(e.text()) << "\n";
        return 2;
    } catch (const cordon::InputError& e) {
        std::cerr << "cordon-cli " << argv[1] << ": error: " << e.what() << "\n";
        return 2;
    } catch (const std::filesystem::filesystem_error& e) {
        // A path that cannot be read or written: the system's reason, with the path.
        std::cerr << "cordon-cli " << argv[1] << ": error: " << e.path1().string() << ": "
                  << e.code().message() << "\n";
        return 2;
    } catch (const std::system_error& e) {
        // A thread that cannot be started (its stack cannot be mapped) is memory too.
        if (e.code() == std::errc::resource_unavailable_try_again) return out_of_memory();
        std::cerr << "cordon-cli " << argv[1] << ": failed: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "cordon-cli " << argv[1] << ": failed: " << e.what() << "\n";
        return 1;
    }
}
