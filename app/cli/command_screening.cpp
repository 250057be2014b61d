// cordon-cli screening: the door-to-door visits and the households not yet met (issue 14).

#include "args.hpp"
#include "commands.hpp"
#include "sheet_options.hpp"
#include "side_output.hpp"
#include "terminal_progress.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/output_file.hpp>
#include <cordon/geo/project_store.hpp>
#include <cordon/ledger/dates.hpp>
#include <cordon/ledger/screening.hpp>
#include <cordon/render/table_report.hpp>
#include <cordon/session/project.hpp>

#include <cctype>
#include <filesystem>
#include <iostream>

namespace cordon::cli {

namespace {

const char* screening_usage = R"(Usage:
  cordon-cli screening import PROJECT FILE [--sheet NAME] [--encoding gbk|utf8]
             [--column ROLE=COLUMN]... [--json FILE]
      Append the visits of a sheet (XLSX, XLS, ODS or CSV) to the project. Each row names its
      household by the register's key (role household) or by building + unit + room (with
      compound or community when the sheet has them), the date of the visit and its result:
      已见面 met, 未见面 not met, 空置 vacant, 外出 away, 拒绝 refused; a note is kept.
      A household's latest visit is its status. Roles: household community compound building
      unit room date result note (guessed from the headers). One bad row refuses the file.
  cordon-cli screening report PROJECT [--as-of DATE] -o FILE.xlsx|FILE.csv|FILE.pdf
             [--lang zh|en] [--json FILE]
      Progress per zone and per community (households, visited, met, not yet met, vacant, %)
      as of DATE (default: every visit), the households not yet met per community (latest
      visit not met, away or refused) and visits per day: one sheet each in an XLSX, one after
      another in a CSV or a PDF (A4, to print). Headers in Chinese (default) or English. No
      names, ID numbers or phones are written.
)";

void print_counts(const char* what, const nlohmann::json& c) {
    std::cout << "  " << what << ": " << c["households"] << " households, visited " << c["visited"]
              << " (" << c["visited_pct"] << " %), met " << c["met"] << " (" << c["met_pct"]
              << " %), not yet met " << c["not_yet_met"] << ", vacant " << c["vacant"] << "\n";
}

int screening_import(const Argv& argv) {
    const Args args(argv, {"sheet", "encoding", "column", "json"});
    const auto& pos = args.positional();
    if (pos.size() != 2) throw InputError("screening import needs PROJECT and FILE");
    const std::string project = pos[0], file = pos[1];
    const ledger::RegisterOptions options = sheet_options(args);
    nlohmann::json parameters = {{"file", file}};
    if (!options.columns.empty()) parameters["columns"] = options.columns;
    SideOutput json(args.get("json"));
    TerminalProgress progress;
    const nlohmann::json r = session::run_step(
        project, "screening import", parameters,
        [&](geo::District& d) {
            nlohmann::json f = ledger::import_visits(d, file, options, progress);
            json.write(f.dump(2) + "\n");
            return f;
        },
        progress);
    json.commit();
    for (const auto& w : r["warnings"])
        std::cerr << "warning: " << w.get<std::string>() << "\n";
    std::cout << "Visits " << file << ": " << r["visits_added"] << " added (" << r["visits_total"]
              << " in the project)";
    for (const auto& [result, n] : r["per_result"].items())
        std::cout << ", " << result << " " << n;
    std::cout << "\nSaved in " << project << "\n";
    return 0;
}

bool ends_with_pdf(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    for (char& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".pdf";
}

/// The report's tables as a PDF to print: a title, what and as of when, the tables.
void write_pdf(const std::vector<ledger::NamedTable>& tables, const ledger::ScreeningReport& r,
               const std::string& project, const std::string& out, bool zh) {
    render::TableReport pdf;
    pdf.title = zh ? "入户排查进度" : "Door-to-door screening";
    const std::string name = std::filesystem::path(project).stem().string();
    pdf.subtitle = name + (zh ? "，截至 " : ", as of ") +
                   (r.as_of.empty() ? (zh ? "最近一次走访" : "the latest visit") : r.as_of);
    for (const auto& t : tables)
        pdf.tables.push_back({t.name, t.table.columns, t.table.rows});
    render::write_table_report(pdf, out, zh ? render::Language::zh : render::Language::en);
}

int screening_report(const Argv& argv) {
    const Args args(argv, {"as-of", "output", "lang", "json"});
    const std::string project = args.one_positional("PROJECT");
    const std::string out = args.required("output");
    std::string as_of;
    if (const auto date = args.get("as-of")) {
        const auto iso = ledger::iso_date(*date);
        if (!iso) throw InputError("--as-of " + *date + ": not a date (write 2026-12-07)");
        as_of = *iso;
    }
    const std::string lang = args.get("lang").value_or("zh");
    if (lang != "zh" && lang != "en") throw InputError("--lang " + lang + ": write zh or en");
    geo::check_output_path(out);
    SideOutput json(args.get("json"));
    const geo::District d = geo::read_project(project);
    const ledger::ScreeningReport report = ledger::screening_report(d, as_of);
    const nlohmann::json j = ledger::to_json(report);
    json.write(j.dump(2) + "\n");
    const auto tables = ledger::screening_tables(report, lang == "zh");
    if (ends_with_pdf(out))
        write_pdf(tables, report, project, out, lang == "zh");
    else
        ledger::write_tables(tables, out);
    json.commit();
    std::cout << "Screening as of " << (as_of.empty() ? "the latest visit" : as_of) << "\n";
    print_counts("district", j["district"]);
    for (const auto& z : j["zones"])
        print_counts(("zone " + z["zone"].get<std::string>()).c_str(), z);
    for (const auto& c : j["communities"])
        print_counts(c["community"].get<std::string>().c_str(), c);
    std::cout << j["not_yet_met"].size() << " households not yet met; written to " << out << "\n";
    return 0;
}

} // namespace

int command_screening(const Argv& argv) {
    if (argv.empty() || argv[0] == "--help" || argv[0] == "-h") {
        std::cout << screening_usage;
        return argv.empty() ? 2 : 0;
    }
    const Argv rest(argv.begin() + 1, argv.end());
    if (argv[0] == "import") return screening_import(rest);
    if (argv[0] == "report") return screening_report(rest);
    throw InputError("screening " + argv[0] + ": unknown action (import, report)");
}

} // namespace cordon::cli
