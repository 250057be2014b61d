#include <cordon/render/text.hpp>

#include <algorithm>
#include <cmath>

namespace cordon::render {

double device_px(cairo_t* cr) {
    switch (cairo_surface_get_type(cairo_get_target(cr))) {
    case CAIRO_SURFACE_TYPE_PDF:
    case CAIRO_SURFACE_TYPE_PS:
    case CAIRO_SURFACE_TYPE_SVG:
        return 72.0 / 96.0;
    default:
        return 1.0;
    }
}

double text_size(double base_px, double scale, double px) {
    // Metres per reference pixel, whatever the device unit is: metres per device unit times
    // device units per reference pixel.
    const double metres_per_px = std::max(1e-9, scale * px);
    const double factor = std::clamp(1.0 - 0.15 * std::log2(metres_per_px), 0.85, 1.3);
    return base_px * factor * px;
}

} // namespace cordon::render
