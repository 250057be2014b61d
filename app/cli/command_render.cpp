#include "args.hpp"
#include "commands.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/project_store.hpp>
#include <cordon/render/map_renderer.hpp>
#include <cordon/render/view.hpp>

#include <iostream>

namespace cordon::cli {

int command_render(const Argv& argv) {
    const Args args(argv, {"output", "size", "scale", "centre"}, {"network", "no-labels"});
    const std::string project = args.one_positional("PROJECT");
    const std::string output = args.required("output");
    int width = 1600, height = 1200;
    if (auto size = args.get("size")) {
        if (std::sscanf(size->c_str(), "%dx%d", &width, &height) != 2 || width < 16 ||
            height < 16 || width > 20000 || height > 20000)
            throw InputError("--size " + *size +
                             ": write WxH, e.g. 1600x1200 (16 to 20000 pixels)");
    }
    const geo::District district = geo::read_project(project);
    render::View view = render::View::fit(district.focus_extent(), width, height);
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
    render::write_png(district, view, output, width, height, options);
    std::cout << "Wrote " << output << " (" << width << "x" << height
              << ", 1:" << static_cast<long long>(view.scale_denominator()) << ")\n";
    return 0;
}

} // namespace cordon::cli
