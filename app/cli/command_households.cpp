// cordon-cli households: community registers put on the district's buildings (issue 14).

#include "args.hpp"
#include "commands.hpp"
#include "side_output.hpp"
#include "terminal_progress.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/output_file.hpp>
#include <cordon/geo/project_store.hpp>
#include <cordon/ledger/ledger.hpp>
#include <cordon/session/project.hpp>

#include <iostream>

namespace cordon::cli {

namespace {

const char* households_usage = R"(Usage:
  cordon-cli households import PROJECT FILE [--sheet NAME] [--encoding gbk|utf8]
             [--column ROLE=COLUMN]... [--keep-personal] [--json FILE]
      Read a household register (XLSX, XLS, ODS or CSV) and match every row to a building:
      by the building's code, compound + building number, road + door number, or the
      address text. Replaces the register imported before; manual matches are kept.
      Roles: household community grid compound building building_code unit room address
      category members vacant registered name id_number phone (guessed from the headers).
      Names, ID numbers and phones are not stored unless --keep-personal (then masked).
  cordon-cli households match PROJECT --household KEY --building ID [--json FILE]
      Match a household to a building (its id or source id) by hand; kept for later imports.
  cordon-cli households list PROJECT [--unmatched] -o FILE.csv|FILE.xlsx
      One row per household: key, building matched, rule, or why ambiguous or unmatched.
)";

void print_figures(const nlohmann::json& r) {
    std::cout << "  households " << r["households"] << ": matched " << r["matched_total"] << " ("
              << r["match_rate"] << " %)";
    for (const auto& [rule, n] : r["matched"].items())
        std::cout << ", " << rule << " " << n;
    std::cout << "; ambiguous " << r["ambiguous"] << ", unmatched " << r["unmatched"] << "\n";
    if (r.contains("per_community"))
        for (const auto& [name, f] : r["per_community"].items())
            std::cout << "    " << name << ": " << f["households"] << " households, matched "
                      << f["matched_total"] << " (" << f["match_rate"] << " %), ambiguous "
                      << f["ambiguous"] << ", unmatched " << f["unmatched"] << "\n";
}

int households_import(const Argv& argv) {
    const Args args(argv, {"sheet", "encoding", "column", "json"}, {"keep-personal"});
    const auto& pos = args.positional();
    if (pos.size() != 2) throw InputError("households import needs PROJECT and FILE");
    const std::string project = pos[0], file = pos[1];
    ledger::ImportRegisterOptions options;
    options.read.sheet = args.get("sheet").value_or("");
    if (auto enc = args.get("encoding")) {
        auto e = geo::encoding_from_name(*enc);
        if (!e) throw InputError("--encoding " + *enc + ": write gbk or utf8");
        options.read.encoding = *e;
    }
    for (const std::string& c : args.all("column")) {
        const auto eq = c.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == c.size())
            throw InputError("--column " + c + ": write ROLE=COLUMN");
        options.read.columns[c.substr(0, eq)] = c.substr(eq + 1);
    }
    options.keep_personal = args.flag("keep-personal");
    nlohmann::json parameters = {{"file", file}, {"keep_personal", options.keep_personal}};
    if (!options.read.sheet.empty()) parameters["sheet"] = options.read.sheet;
    if (args.get("encoding")) parameters["encoding"] = *args.get("encoding");
    if (!options.read.columns.empty()) parameters["columns"] = options.read.columns;
    SideOutput json(args.get("json"));
    TerminalProgress progress;
    const nlohmann::json report = session::run_step(
        project, "households import", parameters,
        [&](geo::District& d) {
            nlohmann::json r = ledger::import_register(d, file, options, progress);
            json.write(r.dump(2) + "\n"); // before the project is saved
            return r;
        },
        progress);
    json.commit();
    for (const auto& w : report["warnings"])
        std::cerr << "warning: " << w.get<std::string>() << "\n";
    if (report["warnings_total"].get<std::size_t>() > report["warnings"].size())
        std::cerr << "warning: … and "
                  << report["warnings_total"].get<std::size_t>() - report["warnings"].size()
                  << " more\n";
    std::cout << "Register " << file;
    if (report.contains("sheet"))
        std::cout << ", sheet '" << report["sheet"].get<std::string>() << "'";
    std::cout << " (" << report["encoding"].get<std::string>() << "): header in row "
              << report["header_row"];
    if (!report["skipped_rows"].empty())
        std::cout << ", rows above it skipped: " << report["skipped_rows"].dump();
    std::cout << "\n  " << report["rows"] << " rows, " << report["duplicates"]
              << " repeated and left out; personal data "
              << report["personal_data"].get<std::string>() << "\n";
    print_figures(report);
    std::cout << "Saved in " << project << "\n";
    return 0;
}

int households_match(const Argv& argv) {
    const Args args(argv, {"household", "building", "json"});
    const std::string project = args.one_positional("PROJECT");
    const std::string key = args.required("household"), building = args.required("building");
    SideOutput json(args.get("json"));
    TerminalProgress progress;
    const nlohmann::json r = session::run_step(
        project, "households match", {{"household", key}, {"building", building}},
        [&](geo::District& d) {
            nlohmann::json f = ledger::match_household(d, key, building);
            json.write(f.dump(2) + "\n");
            return f;
        },
        progress);
    json.commit();
    std::cout << "Household " << key << " matched to building " << r["building_id"] << " ("
              << r["building_source_id"].get<std::string>() << "); " << r["households"]
              << " register row(s) now on it; kept for later imports. Saved in " << project << "\n";
    return 0;
}

int households_list(const Argv& argv) {
    const Args args(argv, {"output"}, {"unmatched"});
    const std::string project = args.one_positional("PROJECT");
    const std::string out = args.required("output");
    geo::check_output_path(out);
    const geo::District d = geo::read_project(project);
    const auto listing = ledger::list_households(d, args.flag("unmatched"));
    ledger::write_listing(listing, out);
    std::cout << listing.rows.size() << " households written to " << out << "\n";
    return 0;
}

} // namespace

int command_households(const Argv& argv) {
    if (argv.empty() || argv[0] == "--help" || argv[0] == "-h") {
        std::cout << households_usage;
        return argv.empty() ? 2 : 0;
    }
    const Argv rest(argv.begin() + 1, argv.end());
    if (argv[0] == "import") return households_import(rest);
    if (argv[0] == "match") return households_match(rest);
    if (argv[0] == "list") return households_list(rest);
    throw InputError("households " + argv[0] + ": unknown action (import, match, list)");
}

} // namespace cordon::cli
