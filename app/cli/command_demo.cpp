#include "args.hpp"
#include "commands.hpp"
#include "terminal_progress.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/export.hpp>
#include <cordon/geo/project_store.hpp>
#include <cordon/render/map_renderer.hpp>
#include <cordon/session/project.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace fs = std::filesystem;

namespace cordon::cli {

namespace {
/// The bundled sample: $CORDON_DATA_DIR, the installed data folder, or the source tree's.
std::string sample_source() {
    std::vector<fs::path> candidates;
    if (const char* env = std::getenv("CORDON_DATA_DIR")) candidates.emplace_back(env);
    candidates.emplace_back(CORDON_INSTALL_DATA_DIR);
    candidates.emplace_back(CORDON_SOURCE_DATA_DIR);
    for (const auto& dir : candidates) {
        const fs::path p = dir / "chengdu" / "chengdu.osm";
        std::error_code ec;
        if (fs::exists(p, ec)) return p.string();
    }
    throw InputError("the sample district (chengdu/chengdu.osm) is in none of: $CORDON_DATA_DIR, " +
                     std::string(CORDON_INSTALL_DATA_DIR) + ", " + CORDON_SOURCE_DATA_DIR);
}
} // namespace

int command_demo(const Argv& argv) {
    const Args args(argv, {"output", "source"});
    const fs::path dir = args.get("output").value_or("cordon-sample");
    const std::string source = args.get("source").value_or(sample_source());
    fs::create_directories(dir);
    const std::string project = (dir / "chengdu.cordon").string();

    TerminalProgress progress;
    geo::ImportOptions options;
    options.sources = {source};
    const nlohmann::json report = session::import_project(options, {}, project, progress);
    write_text((dir / "import-report.json").string(), report.dump(2) + "\n");

    const geo::District district = geo::read_project(project);
    const std::string png = (dir / "map.png").string();
    render::write_png(district, render::View::fit(district.focus_extent(), 2000, 1600), png, 2000,
                      1600);

    std::vector<std::string> exported;
    for (const auto& [layer, format, ext] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"compounds", "shp", ".shp"},
             {"buildings", "gpkg", ".gpkg"},
             {"roads", "geojson", ".geojson"},
             {"gates", "kml", ".kml"},
             {"buildings", "csv", ".csv"}}) {
        geo::ExportOptions e;
        e.layer = layer;
        e.format = format;
        e.output = (dir / (layer + ext)).string();
        e.encoding = geo::TextEncoding::gbk;
        geo::export_layer(project, e, progress);
        exported.push_back(e.output);
    }
    std::cout << "Cordon sample district (central Chengdu, © OpenStreetMap contributors, ODbL)\n"
              << "  project:        " << fs::absolute(project).string() << "\n"
              << "  import report:  " << fs::absolute(dir / "import-report.json").string() << "\n"
              << "  map:            " << fs::absolute(png).string() << "\n";
    for (const auto& e : exported)
        std::cout << "  export:         " << fs::absolute(e).string() << "\n";
    std::cout << "  " << district.buildings.size() << " buildings, " << district.compounds.size()
              << " compounds, " << district.roads.size() << " roads, " << district.gates.size()
              << " gates; road network " << district.network.nodes.size() << " nodes, "
              << district.network.edges.size() << " edges\n";
    return 0;
}

} // namespace cordon::cli
