#include "args.hpp"
#include "commands.hpp"
#include "side_output.hpp"
#include "terminal_progress.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/project_store.hpp>
#include <cordon/render/atlas.hpp>
#include <cordon/session/edit.hpp>
#include <cordon/session/handover.hpp>
#include <cordon/session/plan.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace cordon::cli {

namespace {

const char* handover_usage = R"(Usage: cordon-cli handover PROJECT -o FOLDER|FILE.zip
         [--encoding gbk|utf8] [--crs EPSG:N|gcj02|bd09] [--no-atlas]
         [--paper A4|A3] [--orientation portrait|landscape] [--lang zh|en] [--json FILE]

Writes the hand-over package for other agencies: atlas.pdf (as cordon-cli print), every
plan layer (communities, compounds, buildings, gates, roads, checkpoints, zones, routes) as
Shapefile (shp/, GBK by default, UTF-8 with --encoding utf8), GeoPackage (gpkg/), KML (kml/)
and CSV (csv/), staffing.csv, CONTENTS.txt and contents.json. Empty layers are left out and
listed. A folder that exists must hold an earlier package; it is replaced when the new one
is complete.
)";

} // namespace

int command_handover(const Argv& argv) {
    for (const auto& a : argv)
        if (a == "--help" || a == "-h") {
            std::cout << handover_usage;
            return 0;
        }
    const Args args(argv, {"output", "encoding", "crs", "paper", "orientation", "lang", "json"},
                    {"no-atlas"});
    const std::string project = args.one_positional("PROJECT");
    session::HandoverOptions options;
    options.output = args.required("output");
    if (auto enc = args.get("encoding")) {
        auto e = geo::encoding_from_name(*enc);
        if (!e) throw InputError("--encoding " + *enc + ": write gbk or utf8");
        options.shapefile_encoding = *e;
    }
    if (auto crs = args.get("crs")) options.crs = *crs;
    render::AtlasOptions atlas;
    if (auto paper = args.get("paper")) {
        if (*paper != "A4" && *paper != "a4" && *paper != "A3" && *paper != "a3")
            throw InputError("--paper " + *paper + ": write A4 or A3");
        atlas.paper = (*paper == "A3" || *paper == "a3") ? render::Paper::a3 : render::Paper::a4;
    }
    if (auto o = args.get("orientation")) {
        if (*o != "portrait" && *o != "landscape")
            throw InputError("--orientation " + *o + ": write portrait or landscape");
        atlas.landscape = *o == "landscape";
    }
    if (auto lang = args.get("lang")) {
        if (*lang != "zh" && *lang != "en" && *lang != "zh_CN")
            throw InputError("--lang " + *lang + ": write zh or en");
        atlas.language = *lang == "en" ? render::Language::en : render::Language::zh;
        options.language = *lang == "en" ? "en" : "zh";
    }
    atlas.plan_name = std::filesystem::path(project).filename().string();
    if (const char* font = std::getenv("CORDON_ATLAS_FONT")) atlas.font_family = font;
    if (!args.flag("no-atlas")) {
        render::require_font(atlas.font_family); // before anything is written
        options.write_atlas = [&](const std::string& path) {
            const geo::District district = geo::read_project(project);
            const nlohmann::json figures =
                session::plan_figures(district, session::staffing_params(district));
            atlas.figures = render::atlas_figures(figures, atlas.language);
            atlas.staffing =
                render::staffing_by_hour(figures.value("staffing_by_hour", nlohmann::json()));
            const render::AtlasReport r = render::write_atlas(district, path, atlas);
            for (const auto& warning : r.warnings) // a basemap left out of the pages
                std::cerr << "cordon-cli handover: warning: " << warning << "\n";
            return std::to_string(r.pages) + " pages, overview and " +
                   std::to_string(r.zones.size()) + " zones";
        };
    }
    SideOutput json(args.get("json"));
    TerminalProgress progress;
    const nlohmann::json report = session::write_handover(
        project, options, progress, [&](const nlohmann::json& r) { json.write(r.dump(2) + "\n"); });
    json.commit();
    std::cout << "Wrote the hand-over package " << options.output << ": "
              << report["file_count"].get<std::size_t>() << " files";
    if (!report["empty_layers"].empty())
        std::cout << "; empty layers left out: " << report["empty_layers"].dump();
    std::cout << "\n";
    return 0;
}

} // namespace cordon::cli
