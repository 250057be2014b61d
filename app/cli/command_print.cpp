#include "args.hpp"
#include "commands.hpp"
#include "side_output.hpp"
#include "terminal_progress.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/pg_store.hpp>
#include <cordon/render/atlas.hpp>
#include <cordon/session/edit.hpp>
#include <cordon/session/plan.hpp>
#include <cordon/session/project.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>

namespace cordon::cli {

namespace {

const char* print_usage = R"(Usage: cordon-cli print PROJECT -o ATLAS.pdf [--paper A4|A3]
         [--orientation portrait|landscape] [--lang zh|en] [--zones NAME|ID[,...]]...
         [--title TEXT] [--plan-name TEXT] [--date TEXT] [--threads N] [--json FILE]
         [--no-basemap | --basemap-as-set] [--basemap-dpi N]

Writes the printed patrol atlas: an overview page of the district (zones, compounds by
control mode, gates, checkpoints, the plan's figures and a table of zones), then one page
per patrol zone (its map at a round 1:N scale, the numbered buildings, the route with its
direction and start, gates and checkpoints, legend, scale bar, north arrow, team and leader
fields, the building list, continued on extra pages when long). Text is set in WenQuanYi
Micro Hei (Debian package fonts-wqy-microhei), embedded in the PDF.

The zones' pages are drawn on all cores at once (at least 4 pages each) and joined in page
order into one PDF; --threads N draws on N threads (1: one).

The project's basemaps (cordon-cli basemap add) are drawn under the maps in a light grey, so
that the plan's colours read over them, at 100 dpi, with their attribution in the map's
corner; --basemap-as-set draws them with their own opacity and colours, --basemap-dpi N at
another resolution (72 to 600), --no-basemap leaves them out.
)";

} // namespace

int command_print(const Argv& argv) {
    for (const auto& a : argv)
        if (a == "--help" || a == "-h") {
            std::cout << print_usage;
            return 0;
        }
    const Args args(argv,
                    {"output", "paper", "orientation", "lang", "zones", "title", "plan-name",
                     "date", "threads", "json", "basemap-dpi"},
                    {"no-basemap", "basemap-as-set"});
    const std::string project = args.one_positional("PROJECT");
    const std::string output = args.required("output");
    render::AtlasOptions options;
    if (auto paper = args.get("paper")) {
        if (*paper == "A4" || *paper == "a4")
            options.paper = render::Paper::a4;
        else if (*paper == "A3" || *paper == "a3")
            options.paper = render::Paper::a3;
        else
            throw InputError("--paper " + *paper + ": write A4 or A3");
    }
    if (auto o = args.get("orientation")) {
        if (*o != "portrait" && *o != "landscape")
            throw InputError("--orientation " + *o + ": write portrait or landscape");
        options.landscape = *o == "landscape";
    }
    if (auto lang = args.get("lang")) {
        if (*lang != "zh" && *lang != "en" && *lang != "zh_CN")
            throw InputError("--lang " + *lang + ": write zh or en");
        options.language = *lang == "en" ? render::Language::en : render::Language::zh;
    }
    for (const auto& list : args.all("zones")) {
        std::stringstream s(list);
        for (std::string name; std::getline(s, name, ',');)
            if (!name.empty()) options.zones.push_back(name);
    }
    if (auto t = args.get("title")) options.title = *t;
    if (auto d = args.get("date")) options.date = *d;
    if (auto n = args.positive("threads", 256, true)) options.threads = static_cast<int>(*n);
    options.basemaps = !args.flag("no-basemap");
    options.basemap_faded = !args.flag("basemap-as-set");
    if (auto dpi = args.number("basemap-dpi")) {
        if (!(*dpi >= 72 && *dpi <= 600))
            throw InputError("--basemap-dpi " + *args.get("basemap-dpi") + ": 72 to 600");
        options.basemap_dpi = *dpi;
    }
    options.plan_name = args.get("plan-name")
                            .value_or(geo::is_database_url(project)
                                          ? geo::url_schema(project)
                                          : std::filesystem::path(project).filename().string());
    // A way for tests to ask for a font that is not there (the missing-font message).
    if (const char* font = std::getenv("CORDON_ATLAS_FONT")) options.font_family = font;

    TerminalProgress progress;
    const geo::District district = session::open_project(project, progress);
    const nlohmann::json figures =
        session::plan_figures(district, session::staffing_params(district));
    options.figures = render::atlas_figures(figures, options.language);
    options.staffing =
        render::staffing_by_hour(figures.value("staffing_by_hour", nlohmann::json()));
    SideOutput json(args.get("json"));
    const render::AtlasReport report =
        render::write_atlas(district, output, options, [&](const render::AtlasReport& r) {
            nlohmann::json j = render::atlas_report_json(r);
            j["output"] = output;
            json.write(j.dump(2) + "\n"); // before the atlas is put in place
        });

    for (const auto& warning : report.warnings)
        std::cerr << "cordon-cli print: warning: " << warning << "\n";
    const bool zh = options.language == render::Language::zh;
    std::cout << "Wrote " << output << ": " << report.pages << " pages (overview"
              << (report.overview_pages > 1
                      ? " with " + std::to_string(report.overview_pages - 1) + " continuation pages"
                      : std::string())
              << ", " << report.zones.size() << " zones), "
              << (options.paper == render::Paper::a3 ? "A3 " : "A4 ")
              << (options.landscape ? "landscape" : "portrait") << ", " << (zh ? "zh" : "en")
              << ", " << report.seconds << " s\n";
    if (district.zones.empty())
        std::cout << "No patrol zones yet: the atlas has the overview page only. Run "
                     "cordon-cli plan zones "
                  << project << " first.\n";
    for (const auto& z : report.zones) {
        std::cout << "  page " << z.first_page << ": " << z.name
                  << ", 1:" << static_cast<long long>(z.scale_denominator) << ", " << z.buildings
                  << " buildings";
        if (z.pages > 1) std::cout << ", list continues on " << z.pages - 1 << " more pages";
        if (z.numbers_skipped > 0)
            std::cout << ", " << z.numbers_skipped
                      << " numbers found no free place and overlap others on the map";
        std::cout << "\n";
    }
    json.commit();
    return 0;
}

} // namespace cordon::cli
