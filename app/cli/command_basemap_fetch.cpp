// cordon-cli basemap fetch: a tile service's tiles of the district (or one zone), stored once
// in an MBTiles file for offline work (issue 18, item 3).

#include "args.hpp"
#include "commands.hpp"
#include "terminal_progress.hpp"
#include "tile_basemap.hpp"

#include <cordon/geo/basemap.hpp>
#include <cordon/geo/chinese_shift.hpp>
#include <cordon/geo/crs.hpp>
#include <cordon/geo/tile_service.hpp>
#include <cordon/session/project.hpp>

#include <cstdio>
#include <iostream>

namespace cordon::cli {

namespace {

/// The part of the project to fetch, in project metres: the district's boundary (else its
/// buildings), or a zone's outline and buildings.
geo::Box fetch_box(const geo::District& district, const std::string& extent) {
    geo::Box box;
    if (extent == "district") {
        for (const auto& b : district.boundary)
            box.expand(geo::bounds(b.geom));
        if (box.empty())
            for (const auto& b : district.buildings)
                box.expand(geo::bounds(b.geom));
        if (box.empty()) box = district.extent();
        if (box.empty()) throw InputError("--extent district: the project holds no features");
        return box;
    }
    if (extent.rfind("zone:", 0) != 0)
        throw InputError("--extent " + extent + ": write district or zone:NAME");
    const std::string wanted = extent.substr(5);
    for (const auto& z : district.zones) {
        if (z.name != wanted && std::to_string(z.id) != wanted) continue;
        box = geo::bounds(z.geom);
        for (const auto& b : district.buildings)
            if (b.zone_id && *b.zone_id == z.id) box.expand(geo::bounds(b.geom));
        return box;
    }
    std::string known;
    for (const auto& z : district.zones)
        known += (known.empty() ? "" : ", ") + z.name + " (" + std::to_string(z.id) + ")";
    throw InputError(
        "--extent " + extent + ": no zone '" + wanted + "'" +
        (known.empty() ? std::string("; the project has no zones yet") : "; zones: " + known));
}

/// The box in the service's longitude/latitude (shifted for a GCJ-02 or BD-09 service), with
/// a margin of 100 m so that the edge's tiles are whole.
geo::LonLatBox service_box(geo::Box box, int srid, const std::string& source_crs) {
    box.minx -= 100, box.miny -= 100, box.maxx += 100, box.maxy += 100;
    geo::LonLatBox out{180, 90, -180, -90};
    for (int i = 0; i <= 4; ++i)
        for (int j = 0; j <= 4; ++j) {
            geo::Point p = geo::lon_lat(
                {box.minx + box.width() * i / 4, box.miny + box.height() * j / 4}, srid);
            if (source_crs == "gcj02") p = geo::wgs84_to_gcj02(p);
            if (source_crs == "bd09") p = geo::wgs84_to_bd09(p);
            out.west = std::min(out.west, p.x), out.east = std::max(out.east, p.x);
            out.south = std::min(out.south, p.y), out.north = std::max(out.north, p.y);
        }
    return out;
}

std::pair<int, int> zoom_range(const std::string& text) {
    int a = -1, b = -1;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%d-%d%c", &a, &b, &tail) != 2) {
        if (std::sscanf(text.c_str(), "%d%c", &a, &tail) != 1)
            throw InputError("--zoom " + text + ": write Z1-Z2 (e.g. 15-17) or one level");
        b = a;
    }
    if (a < 0 || b > 22 || a > b)
        throw InputError("--zoom " + text + ": levels 0 to 22, the first not above the last");
    return {a, b};
}

} // namespace

std::string take_tile_key(std::string& source) {
    if (!geo::is_tile_service(source)) return {};
    geo::SplitUrl split = geo::split_key(source);
    source = split.source;
    return split.key;
}

void probe_tile_basemap(const geo::Basemap& basemap, const geo::District& district,
                        const std::string& given_key) {
    if (!geo::is_tile_service(basemap.source)) return;
    const geo::TileService service = geo::parse_tile_service(basemap.source);
    std::string key = given_key;
    if (key.empty()) {
        if (auto found = geo::find_key(basemap.name)) key = *found;
    } else {
        // This run reads the service with the key given (inspect_basemap, render) before it
        // is kept in the keys file.
        geo::set_key_lookup([name = basemap.name, key](std::string_view asked) {
            return asked == name ? std::optional<std::string>(key) : std::nullopt;
        });
    }
    if (service.needs_key() && key.empty())
        throw InputError("basemap '" + basemap.name + "' needs a key: keep it in " +
                         geo::keys_file_path() + " (a line '" + basemap.name +
                         " = KEY'), or give the URL with its key once");
    geo::Box box = district.focus_extent();
    if (box.empty()) box = district.extent();
    if (box.empty()) return; // nothing to place a tile by
    const geo::LonLatBox lonlat = service_box(box, district.meta.srid, basemap.source_crs);
    geo::probe_tile_service(service, key, (lonlat.west + lonlat.east) / 2,
                            (lonlat.south + lonlat.north) / 2, 15,
                            "basemap '" + basemap.name + "'");
}

void keep_tile_key(const std::string& name, const std::string& key) {
    if (key.empty()) return;
    geo::store_key(name, key);
    std::cout << "The key of basemap '" << name << "' is kept in " << geo::keys_file_path()
              << ", not in the project\n";
}

int basemap_fetch(const Argv& argv) {
    const Args args(argv, {"extent", "zoom", "output", "max-connections", "rate"});
    if (args.positional().size() != 2)
        throw InputError("basemap fetch: give PROJECT and the basemap's NAME (see basemap --help)");
    const std::string project = args.positional()[0];
    const std::string name = args.positional()[1];
    const std::string target = args.required("output");
    const auto [z0, z1] = zoom_range(args.required("zoom"));
    TerminalProgress progress;
    geo::District district = session::open_project(project, progress);
    geo::Basemap& basemap = geo::find_basemap(district.basemaps, name);
    if (!geo::is_tile_service(basemap.source))
        throw InputError("basemap '" + basemap.name + "' is a file (" + basemap.source +
                         "); fetch stores the tiles of a tile service");
    const geo::TileService service = geo::parse_tile_service(basemap.source);

    geo::FetchOptions options;
    options.name = basemap.name;
    options.attribution = basemap.attribution;
    options.min_zoom = z0;
    options.max_zoom = z1;
    if (auto found = geo::find_key(basemap.name)) options.key = *found;
    if (service.needs_key() && options.key.empty())
        throw InputError("basemap '" + basemap.name + "' needs a key: keep it in " +
                         geo::keys_file_path() + " (a line '" + basemap.name +
                         " = KEY') or in $CORDON_BASEMAP_KEY_NAME");
    if (auto n = args.positive("max-connections", 16, true))
        options.max_connections = static_cast<int>(*n);
    if (auto r = args.number("rate")) {
        if (*r < 0 || *r > 1000)
            throw InputError("--rate: requests per second, 0 (no limit) to 1000");
        options.max_rate = *r;
    }
    const std::string extent = args.get("extent").value_or("district");
    options.box = service_box(fetch_box(district, extent), district.meta.srid, basemap.source_crs);
    const std::uint64_t tiles = geo::count_tiles(options.box, z0, z1);
    if (tiles > 2'000'000)
        throw InputError("--zoom " + args.required("zoom") + ": " + std::to_string(tiles) +
                         " tiles are too many for one fetch; choose fewer levels or a zone");
    const geo::FetchReport r = geo::fetch_tiles(service, options, target, progress);
    char line[512];
    std::snprintf(line, sizeof line,
                  "%s: %llu tiles at zoom %d-%d (%llu fetched, %.1f MB; %llu already there; %llu "
                  "the service does not have; %llu retried) in %.1f s\n",
                  target.c_str(), static_cast<unsigned long long>(r.tiles), z0, z1,
                  static_cast<unsigned long long>(r.fetched), static_cast<double>(r.bytes) / 1e6,
                  static_cast<unsigned long long>(r.kept),
                  static_cast<unsigned long long>(r.missing),
                  static_cast<unsigned long long>(r.retried), r.seconds);
    std::cout << line;
    return 0;
}

} // namespace cordon::cli
