// cordon-cli basemap add|list|set|remove: the pictures of the ground under the plan (issue 18).

#include "args.hpp"
#include "commands.hpp"
#include "side_output.hpp"
#include "terminal_progress.hpp"
#include "tile_basemap.hpp"

#include <cordon/geo/basemap.hpp>
#include <cordon/geo/basemap_raster.hpp>
#include <cordon/geo/error.hpp>
#include <cordon/session/project.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

namespace cordon::cli {

namespace {

const char* basemap_usage =
    R"(Usage: cordon-cli basemap add PROJECT SOURCE [--name N] [--opacity P] [--grey]
         [--source-crs CRS|gcj02|bd09] [--attribution TEXT] [--order N] [--hidden]
       cordon-cli basemap list PROJECT [--json]
       cordon-cli basemap set PROJECT NAME [--opacity P] [--grey | --colour] [--name NEW]
         [--source-crs CRS|gcj02|bd09] [--attribution TEXT] [--order N] [--hidden | --shown]
       cordon-cli basemap remove PROJECT NAME
       cordon-cli basemap fetch PROJECT NAME --extent district|zone:NAME --zoom Z1-Z2
         -o FILE.mbtiles [--max-connections N] [--rate R]

Basemaps are pictures of the ground drawn under the plan, on screen, in render PNGs and on
the atlas pages: an orthophoto or a scanned map as GeoTIFF/COG, MBTiles, GeoPackage tiles or
any raster GDAL reads, in any CRS (reprojected to the project's on the fly). The project keeps
each one's source and settings, never its pixels (keep the file where it is: its absolute path
is stored).

  --name N             what the basemap is called (default: the file's name)
  --opacity P          0 (invisible) to 1 (opaque; default)
  --grey               drawn in grey scale, so that the plan's colours stay readable
  --source-crs CRS     the raster's CRS when it declares none or a wrong one (EPSG:4544, a
                       WKT or PROJ string); gcj02 or bd09: a raster in the shifted coordinates
                       of Chinese web maps, put back on true coordinates
  --attribution TEXT   printed on the atlas pages that show the basemap
  --order N            drawing order among the basemaps: lower first (default: on top)
  --hidden             kept in the project but not drawn

A SOURCE may be a tile service: an XYZ URL template (https://host/{z}/{x}/{y}.png), a WMTS
GetTile URL with {TileMatrix}, {TileRow}, {TileCol} (天地图's _w layers), or wms:URL with
LAYERS=... (web-mercator tiles only). Write {key} where a key goes; a URL given with its key
(tk=, key=, token=...) has it taken out and kept in the user's keys file ($CORDON_KEYS_FILE,
else ~/.config/cordon/keys: NAME = KEY), never in the project ($CORDON_BASEMAP_KEY_NAME also
works). add asks the service for one tile first: a 404, no answer, a refused key or a tile
that is not an image is exit 2. Tiles are cached per user (~/.cache/cordon/tiles) and drawn
from there when the service does not answer; CORDON_OFFLINE=1 reads only the cache.

fetch stores the tiles of the district (or of one patrol zone) at zoom levels Z1-Z2 once, in
an MBTiles file to add as a basemap and print from offline. It works in FILE.mbtiles.part and
renames it when every tile is there: an interrupted or failed run keeps the part file and the
same command goes on from there (tiles there are not asked again).
  --max-connections N  requests at once (default 2, at most 16)
  --rate R             requests per second at most (default 10; 0: no limit); answers 429
                       and 5xx are retried after Retry-After or a growing wait
)";

std::string fixed(double v, int digits) {
    std::ostringstream out;
    out.setf(std::ios::fixed);
    out.precision(digits);
    out << v;
    return out.str();
}

nlohmann::json to_json(const geo::Basemap& b) {
    return {{"id", b.id},
            {"name", b.name},
            {"source", b.source},
            {"source_crs", b.source_crs},
            {"opacity", b.opacity},
            {"grey", b.grey},
            {"attribution", b.attribution},
            {"order", b.order},
            {"visible", b.visible}};
}

/// The settings given on the command line, over `b`.
void read_settings(const Args& args, geo::Basemap& b) {
    if (auto n = args.get("name")) b.name = *n;
    if (auto o = args.number("opacity")) b.opacity = *o;
    if (args.flag("grey") && args.flag("colour"))
        throw InputError("--grey and --colour contradict each other: give one");
    if (args.flag("grey")) b.grey = true;
    if (args.flag("colour")) b.grey = false;
    if (auto c = args.get("source-crs")) b.source_crs = *c;
    if (auto a = args.get("attribution")) b.attribution = *a;
    if (auto o = args.number("order")) {
        if (*o != static_cast<int>(*o) || *o < -1000000 || *o > 1000000)
            throw InputError("--order " + *args.get("order") + ": a whole number");
        b.order = static_cast<int>(*o);
    }
    if (args.flag("hidden") && args.flag("shown"))
        throw InputError("--hidden and --shown contradict each other: give one");
    if (args.flag("hidden")) b.visible = false;
    if (args.flag("shown")) b.visible = true;
}

/// "GTiff 2400x2400, 3 bands, 4 overviews, CGCS2000 / ...; 0.25 m pixels".
std::string describe(const geo::BasemapInfo& info) {
    return info.driver + " " + std::to_string(info.width) + "x" + std::to_string(info.height) +
           ", " + std::to_string(info.bands) + (info.bands == 1 ? " band" : " bands") + ", " +
           std::to_string(info.overviews) + (info.overviews == 1 ? " overview" : " overviews") +
           ", " + info.crs_name + "; " + fixed(info.pixel_m, info.pixel_m < 10 ? 2 : 0) +
           " m pixels";
}

/// Warns when the basemap lies wholly outside the district (a wrong CRS, a forgotten shift).
void warn_if_elsewhere(const geo::District& d, const geo::Basemap& b,
                       const geo::BasemapInfo& info) {
    const geo::Box district = d.extent();
    if (district.empty() || info.extent.intersects(district)) return;
    std::cerr << "cordon-cli basemap: warning: basemap '" << b.name
              << "' lies wholly outside the district (its extent " << fixed(info.extent.minx, 0)
              << "," << fixed(info.extent.miny, 0) << "," << fixed(info.extent.maxx, 0) << ","
              << fixed(info.extent.maxy, 0) << " in project metres); is --source-crs right?\n";
}

} // namespace

int command_basemap(const Argv& argv) {
    for (const auto& a : argv)
        if (a == "--help" || a == "-h") {
            std::cout << basemap_usage;
            return 0;
        }
    if (!argv.empty() && argv[0] == "fetch")
        return basemap_fetch(Argv(argv.begin() + 1, argv.end())); // command_basemap_fetch.cpp
    const Args args(argv, {"name", "opacity", "source-crs", "attribution", "order"},
                    {"grey", "colour", "hidden", "shown", "json"});
    const auto& pos = args.positional();
    if (pos.size() < 2)
        throw InputError("basemap needs an action and a PROJECT: add|list|set|remove (see "
                         "cordon-cli basemap --help)");
    const std::string action = pos[0], project = pos[1];
    TerminalProgress progress;
    if (action == "list") {
        if (pos.size() != 2) throw InputError("basemap list takes only the PROJECT");
        const geo::District d = session::open_project(project, progress);
        nlohmann::json out = nlohmann::json::array();
        for (const auto& b : d.basemaps)
            out.push_back(to_json(b));
        if (args.flag("json")) {
            std::cout << out.dump(2) << "\n";
            return 0;
        }
        if (d.basemaps.empty()) std::cout << "No basemaps in " << project << "\n";
        for (const auto& b : d.basemaps)
            std::cout << b.order << "  " << b.name << "  " << b.source
                      << (b.source_crs.empty() ? "" : "  source CRS " + b.source_crs)
                      << "  opacity " << fixed(b.opacity, 2) << (b.grey ? "  grey" : "")
                      << (b.visible ? "" : "  hidden")
                      << (b.attribution.empty() ? "" : "  \"" + b.attribution + "\"") << "\n";
        return 0;
    }
    if (action == "add") {
        if (pos.size() != 3) throw InputError("basemap add needs a PROJECT and a SOURCE");
        geo::Basemap b;
        b.source = pos[2];
        // A tile service's key goes to the user's keys file, never into the project.
        const std::string key = take_tile_key(b.source);
        if (!geo::is_basemap_url(b.source) && b.source.rfind("/vsi", 0) != 0)
            b.source = std::filesystem::absolute(b.source).lexically_normal().string();
        b.name = geo::basemap_name_from_source(pos[2]);
        read_settings(args, b);
        geo::check_basemap_settings(b);
        geo::BasemapInfo info;
        const nlohmann::json figures = session::run_step(
            project, "basemap add", to_json(b),
            [&](geo::District& d) {
                probe_tile_basemap(b, d, key); // one tile from a service: 404, refused key...
                info = geo::inspect_basemap(b, d.meta.srid);
                const geo::Basemap& added = geo::add_basemap(d.basemaps, b);
                b = added;
                warn_if_elsewhere(d, b, info);
                return nlohmann::json{{"name", b.name}, {"id", b.id}, {"driver", info.driver}};
            },
            progress);
        keep_tile_key(b.name, key);
        std::cout << "Added basemap '" << b.name << "' (" << describe(info) << ") to " << project
                  << "\n";
        return 0;
    }
    if (action == "set" || action == "remove") {
        if (pos.size() != 3)
            throw InputError("basemap " + action + " needs a PROJECT and a basemap NAME");
        const std::string name = pos[2];
        std::string said;
        session::run_step(
            project, "basemap " + action, {{"name", name}},
            [&](geo::District& d) {
                if (action == "remove") {
                    const geo::Basemap gone = geo::remove_basemap(d.basemaps, name);
                    said = "Removed basemap '" + gone.name + "' from " + project;
                    return nlohmann::json{{"removed", gone.name}};
                }
                geo::Basemap& b = geo::find_basemap(d.basemaps, name);
                geo::Basemap changed = b;
                read_settings(args, changed);
                geo::check_basemap_settings(changed);
                for (const auto& other : d.basemaps)
                    if (&other != &b && other.name == changed.name)
                        throw InputError("basemap '" + changed.name +
                                         "': the project has a basemap of that name already");
                if (changed.source_crs != b.source_crs)
                    (void)geo::inspect_basemap(changed, d.meta.srid);
                b = changed;
                said = "Basemap '" + b.name + "': opacity " + fixed(b.opacity, 2) +
                       (b.grey ? ", grey" : ", colour") + (b.visible ? "" : ", hidden") +
                       ", order " + std::to_string(b.order);
                return to_json(b);
            },
            progress);
        std::cout << said << "\n";
        return 0;
    }
    throw InputError("basemap " + action + ": write add, list, set or remove");
}

} // namespace cordon::cli
