#include "args.hpp"
#include "commands.hpp"
#include "terminal_progress.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/render/map_renderer.hpp>
#include <cordon/render/view.hpp>
#include <cordon/session/project.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

namespace cordon::cli {

namespace {

/// --size WxH in reference pixels (1/96 inch), or WxHmm in millimetres of paper.
void parse_size(const std::string& text, double& width, double& height) {
    double w = 0, h = 0;
    char unit[4] = {};
    const int n = std::sscanf(text.c_str(), "%lfx%lf%3s", &w, &h, unit);
    const std::string u = n == 3 ? unit : "";
    if (n < 2 || (n == 3 && u != "mm" && u != "px") || !(w > 0) || !(h > 0))
        throw InputError("--size " + text +
                         ": write WxH in pixels at 96 dpi (e.g. 1600x1200) or WxHmm in "
                         "millimetres (e.g. 297x210mm)");
    if (u == "mm") w *= render::k_pixels_per_inch / 25.4, h *= render::k_pixels_per_inch / 25.4;
    width = w;
    height = h;
    if (width < 16 || height < 16 || width > 20000 || height > 20000)
        throw InputError("--size " + text + ": 16 to 20000 pixels at 96 dpi a side");
}

/// What --zone NAME|ID shows: the zone's outline, its buildings and its route.
geo::Box zone_box(const geo::District& district, const std::string& wanted) {
    for (const auto& z : district.zones) {
        if (z.name != wanted && std::to_string(z.id) != wanted) continue;
        geo::Box box = geo::bounds(z.geom);
        for (const auto& b : district.buildings)
            if (b.zone_id && *b.zone_id == z.id) box.expand(geo::bounds(b.geom));
        for (const auto& r : district.routes)
            if (r.zone_id == z.id) box.expand(geo::bounds(r.geom));
        return box;
    }
    std::string known;
    for (const auto& z : district.zones)
        known += (known.empty() ? "" : ", ") + z.name + " (" + std::to_string(z.id) + ")";
    throw InputError(
        "--zone: no zone '" + wanted + "'" +
        (known.empty() ? std::string("; the project has no zones yet") : "; zones: " + known));
}

/// --layers LIST: the layers drawn ("none": only the background and the basemaps).
void read_layers(const std::string& list, render::RenderOptions& options) {
    const std::pair<const char*, bool render::RenderOptions::*> names[] = {
        {"communities", &render::RenderOptions::communities},
        {"compounds", &render::RenderOptions::compounds},
        {"buildings", &render::RenderOptions::buildings},
        {"roads", &render::RenderOptions::roads},
        {"district", &render::RenderOptions::district},
        {"zones", &render::RenderOptions::zones},
        {"routes", &render::RenderOptions::routes},
        {"gates", &render::RenderOptions::gates},
        {"checkpoints", &render::RenderOptions::checkpoints},
    };
    for (const auto& [name, member] : names)
        options.*member = false;
    options.labels = false;
    std::stringstream s(list);
    for (std::string name; std::getline(s, name, ',');) {
        if (name.empty() || name == "none") continue;
        if (name == "labels") {
            options.labels = true;
            continue;
        }
        bool known = false;
        for (const auto& [n, member] : names)
            if (name == n) options.*member = known = true;
        if (!known)
            throw InputError("--layers " + list + ": no layer '" + name +
                             "' (communities, compounds, buildings, roads, district, zones, "
                             "routes, gates, checkpoints, labels, or none)");
    }
}

} // namespace

int command_render(const Argv& argv) {
    const Args args(argv, {"output", "size", "dpi", "scale", "centre", "extent", "zone", "layers"},
                    {"network", "no-labels", "no-basemap"});
    const std::string project = args.one_positional("PROJECT");
    const std::string output = args.required("output");
    double width = 1600, height = 1200;
    if (auto size = args.get("size")) parse_size(*size, width, height);
    double dpi = render::k_pixels_per_inch;
    if (auto text = args.get("dpi")) {
        if (std::sscanf(text->c_str(), "%lf", &dpi) != 1 || !(dpi >= 24) || dpi > 1200)
            throw InputError("--dpi " + *text + ": write dots per inch, 24 to 1200");
    }
    if (args.get("extent") && args.get("zone"))
        throw InputError("--extent and --zone both choose the view: give one");
    TerminalProgress progress;
    const geo::District district = session::open_project(project, progress);
    geo::Box world = district.focus_extent();
    if (auto extent = args.get("extent")) {
        geo::Box box;
        if (std::sscanf(extent->c_str(), "%lf,%lf,%lf,%lf", &box.minx, &box.miny, &box.maxx,
                        &box.maxy) != 4 ||
            !(box.maxx > box.minx) || !(box.maxy > box.miny))
            throw InputError("--extent " + *extent +
                             ": write MINX,MINY,MAXX,MAXY in project metres (see cordon-cli info)");
        world = box;
    }
    if (auto zone = args.get("zone")) world = zone_box(district, *zone);
    render::View view = render::View::fit(world, width, height);
    if (auto centre = args.get("centre")) {
        if (std::sscanf(centre->c_str(), "%lf,%lf", &view.centre.x, &view.centre.y) != 2)
            throw InputError("--centre " + *centre + ": write X,Y in project metres");
    }
    if (auto scale = args.get("scale")) {
        double n = 0;
        if (std::sscanf(scale->c_str(), "%lf", &n) != 1 || n <= 0)
            throw InputError("--scale " + *scale + ": write the N of 1:N");
        view.scale = n / view.scale_denominator(render::k_pixels_per_inch) * view.scale;
    }
    render::RenderOptions options;
    options.network = args.flag("network");
    options.labels = !args.flag("no-labels");
    options.routes_full = args.get("zone").has_value(); // a zone's map, like its atlas page
    if (auto layers = args.get("layers")) read_layers(*layers, options);
    if (args.flag("no-labels")) options.labels = false;
    options.basemaps = !args.flag("no-basemap");
    render::RenderStats stats;
    const render::ImageSize pixels =
        render::write_png(district, view, output, width, height, options, dpi, &stats);
    for (const auto& warning : stats.warnings)
        std::cerr << "cordon-cli render: warning: " << warning << "\n";
    std::cout << "Wrote " << output << " (" << pixels.width << "x" << pixels.height << " pixels, "
              << dpi << " dpi, 1:" << static_cast<long long>(view.scale_denominator()) << ")\n";
    return 0;
}

} // namespace cordon::cli
