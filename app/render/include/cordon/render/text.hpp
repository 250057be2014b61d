#pragma once
// Text sizes that work on every cairo surface: screen, PNG and PDF.

#include <cairo.h>

namespace cordon::render {

/// Device units per reference pixel (1/96 inch) on `cr`'s target surface: 72/96 on PDF, PS
/// and SVG surfaces, whose unit is the point, and 1 on image, screen and recording surfaces.
double device_px(cairo_t* cr);

/// Font size in device units of a map label whose nominal size is `base_px` reference pixels,
/// for a view of `scale` metres per device unit on a device with `px` units per reference
/// pixel. Labels grow a little when zoomed in past 1 m/px and shrink a little at overview
/// scales, within 0.85x..1.3x of the nominal size, so the same physical map at the same
/// physical scale gets the same label sizes on screen and on paper.
double text_size(double base_px, double scale, double px = 1.0);

} // namespace cordon::render
