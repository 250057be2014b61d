// cordon-cli households: community registers put on the district's buildings (issue 14).

#include "args.hpp"
#include "commands.hpp"
#include "sheet_options.hpp"
#include "side_output.hpp"
#include "terminal_progress.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/number_text.hpp>
#include <cordon/geo/output_file.hpp>
#include <cordon/geo/project_store.hpp>
#include <cordon/ledger/categories.hpp>
#include <cordon/ledger/ledger.hpp>
#include <cordon/session/project.hpp>

#include <future>
#include <iostream>

namespace cordon::cli {

namespace {

const char* households_usage = R"(Usage:
  cordon-cli households import PROJECT FILE [--sheet NAME] [--encoding gbk|utf8]
             [--column ROLE=COLUMN]... [--categories FILE] [--keep-personal] [--json FILE]
      Read a household register (XLSX, XLS, ODS or CSV) and match every row to a building:
      by the building's code, compound + building number, road + door number, or the
      address text. Replaces the register imported before; manual matches are kept.
      Roles: household community grid compound building building_code unit room address
      category members vacant registered name id_number phone (guessed from the headers;
      --column ROLE= leaves a guessed role unused).
      Names, ID numbers and phones are not stored unless --keep-personal (then masked).
      --categories FILE: the household categories to count under, one a line (default:
      the project's list, else 安置房租住户 商品房住户 自建房住户 出租房住户).
  cordon-cli households match PROJECT --household KEY --building ID [--json FILE]
      Match a household to a building (its id or source id) by hand; kept for later imports.
  cordon-cli households list PROJECT [--unmatched | --vacant] -o FILE.csv|FILE.xlsx
      One row per household: key, building matched, rule, or why ambiguous or unmatched;
      --unmatched: those on no building; --vacant: the homes the register says are empty.
The households matched to a building replace its estimate (vacant homes count as households
with no residents); buildings no row names keep the estimate and are counted apart.
)";

/// "estimated: 312 buildings, 4,180 households" and the register's part of the figures.
void print_buildings(const nlohmann::json& b) {
    const auto& reg = b["registered"];
    std::cout << "  on the buildings: " << geo::thousands(b["households"].get<double>())
              << " households, " << geo::thousands(b["residents"].get<double>())
              << " residents\n    registered: " << geo::thousands(reg["buildings"].get<double>())
              << " buildings, " << geo::thousands(reg["households"].get<double>())
              << " households (" << geo::thousands(reg["vacant"].get<double>()) << " vacant), "
              << geo::thousands(reg["residents"].get<double>()) << " residents";
    if (b.value("members_not_given", 0) > 0)
        std::cout << " (" << geo::thousands(b["members_not_given"].get<double>())
                  << " households without members counted at the register's mean)";
    std::cout << "\n    estimated: " << geo::thousands(b["estimated"]["buildings"].get<double>())
              << " buildings, " << geo::thousands(b["estimated"]["households"].get<double>())
              << " households\n";
    if (b["given"]["buildings"].get<double>() > 0)
        std::cout << "    from the source: "
                  << geo::thousands(b["given"]["buildings"].get<double>()) << " buildings, "
                  << geo::thousands(b["given"]["households"].get<double>()) << " households\n";
    if (b.value("zones_recounted", 0) > 0)
        std::cout << "    " << b["zones_recounted"]
                  << " zone(s) recounted; plan zones again to balance them on these counts\n";
}

void print_figures(const nlohmann::json& r) {
    std::cout << "  households " << r["households"] << ": matched " << r["matched_total"] << " ("
              << r["match_rate"] << " %)";
    for (const auto& [rule, n] : r["matched"].items())
        std::cout << ", " << rule << " " << n;
    std::cout << "; ambiguous " << r["ambiguous"] << ", unmatched " << r["unmatched"] << "; vacant "
              << r["vacant"] << "\n";
    if (r.contains("per_community"))
        for (const auto& [name, f] : r["per_community"].items())
            std::cout << "    " << name << ": " << f["households"] << " households, matched "
                      << f["matched_total"] << " (" << f["match_rate"] << " %), ambiguous "
                      << f["ambiguous"] << ", unmatched " << f["unmatched"] << "\n";
}

/// "安置房租住户 120, 商品房住户 80, …" of a category_counts() list.
std::string category_line(const nlohmann::json& counts) {
    std::string out;
    for (const auto& c : counts) {
        const std::string name = c["category"].get<std::string>();
        out += (out.empty() ? "" : ", ") + (name.empty() ? std::string("(none)") : name) + " " +
               geo::thousands(c["households"].get<double>());
    }
    return out;
}

void print_categories(const nlohmann::json& c) {
    if (c["district"].empty()) return;
    std::cout << "  categories: " << category_line(c["district"]) << "\n";
    for (const auto& community : c["communities"])
        std::cout << "    " << community["name"].get<std::string>() << ": "
                  << category_line(community["categories"]) << "\n";
    for (const auto& zone : c["zones"])
        std::cout << "    zone " << zone["name"].get<std::string>() << ": "
                  << category_line(zone["categories"]) << "\n";
}

int households_import(const Argv& argv) {
    const Args args(argv, {"sheet", "encoding", "column", "categories", "json"}, {"keep-personal"});
    const auto& pos = args.positional();
    if (pos.size() != 2) throw InputError("households import needs PROJECT and FILE");
    const std::string project = pos[0], file = pos[1];
    ledger::ImportRegisterOptions options;
    options.read = sheet_options(args);
    options.keep_personal = args.flag("keep-personal");
    if (const auto list = args.get("categories"))
        options.categories = ledger::read_categories(*list);
    const nlohmann::json parameters = ledger::import_parameters(file, options);
    SideOutput json(args.get("json"));
    TerminalProgress progress;
    // The register read (GDAL, GBK) while the project is opened; its errors come out of the
    // step, before anything is saved. Waited for whatever happens.
    std::future<ledger::RegisterTable> reading =
        std::async(std::launch::async, [&] { return ledger::read_register(file, options.read); });
    const nlohmann::json report = session::run_step(
        project, "households import", parameters,
        [&](geo::District& d) {
            nlohmann::json r = ledger::import_register(
                d, file, [&] { return reading.get(); }, options, progress);
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
    print_buildings(report["buildings"]);
    print_categories(report["categories"]);
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
              << " register row(s) now on it; kept for later imports.\n";
    print_buildings(r["buildings"]);
    std::cout << "Saved in " << project << "\n";
    return 0;
}

int households_list(const Argv& argv) {
    const Args args(argv, {"output"}, {"unmatched", "vacant"});
    const std::string project = args.one_positional("PROJECT");
    const std::string out = args.required("output");
    geo::check_output_path(out);
    const geo::District d = geo::read_project(project);
    if (args.flag("unmatched") && args.flag("vacant"))
        throw InputError("households list: give --unmatched or --vacant, not both");
    const auto listing =
        ledger::list_households(d, args.flag("unmatched") ? ledger::ListFilter::unmatched
                                   : args.flag("vacant")  ? ledger::ListFilter::vacant
                                                          : ledger::ListFilter::all);
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
