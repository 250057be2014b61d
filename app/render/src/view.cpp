#include <cordon/render/view.hpp>

#include <algorithm>
#include <cmath>

namespace cordon::render {

namespace {
constexpr double k_metres_per_inch = 0.0254;
} // namespace

View View::fit(const geo::Box& world, double width, double height, double margin) {
    View view;
    if (world.empty()) return view;
    view.centre = world.centre();
    const double usable_w = std::max(1.0, width - 2 * margin);
    const double usable_h = std::max(1.0, height - 2 * margin);
    const double scale = std::max(world.width() / usable_w, world.height() / usable_h);
    // A single point or a degenerate box: show about 100 m around it.
    view.scale = scale > 0 ? scale : 100.0 / std::max(usable_w, usable_h);
    return view;
}

geo::Point View::to_device(geo::Point world, double width, double height) const {
    return {(world.x - centre.x) / scale + width / 2, (centre.y - world.y) / scale + height / 2};
}

geo::Point View::to_world(geo::Point device, double width, double height) const {
    return {centre.x + (device.x - width / 2) * scale, centre.y - (device.y - height / 2) * scale};
}

geo::Box View::world_box(double width, double height) const {
    geo::Box box;
    box.expand(to_world({0, 0}, width, height));
    box.expand(to_world({width, height}, width, height));
    return box;
}

View View::zoomed(double factor, geo::Point anchor, double width, double height) const {
    const geo::Point fixed = to_world(anchor, width, height);
    View view = *this;
    view.scale = scale / factor;
    // Keep `fixed` under `anchor`: centre = fixed - (anchor - middle) * new scale.
    view.centre = {fixed.x - (anchor.x - width / 2) * view.scale,
                   fixed.y + (anchor.y - height / 2) * view.scale};
    return view;
}

View View::panned(double dx, double dy) const {
    View view = *this;
    view.centre = {centre.x - dx * scale, centre.y + dy * scale};
    return view;
}

double View::scale_denominator(double units_per_inch) const {
    return scale * units_per_inch / k_metres_per_inch;
}

} // namespace cordon::render
