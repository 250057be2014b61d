#pragma once
// Where the map is looked at from: a centre in project metres and a scale.

#include <cordon/geo/geometry.hpp>

namespace cordon::render {

/// Device units per inch of a screen or image (CSS pixels) and of a PDF/PS/SVG surface (points).
inline constexpr double k_pixels_per_inch = 96.0;
inline constexpr double k_points_per_inch = 72.0;

/// A view of the map: the world point shown at the centre of the drawing area, and the scale
/// in metres of the project CRS per device unit (a pixel on screen and in PNGs, a point in PDFs).
/// The world's y axis points north (up); the device's y axis points down.
struct View {
    geo::Point centre;
    double scale = 1.0; ///< metres per device unit; always > 0

    /// The view that shows all of `world` inside a `width` x `height` drawing area, keeping
    /// `margin` device units free on every side. An empty box gives a 1 m/unit view at (0, 0).
    static View fit(const geo::Box& world, double width, double height, double margin = 16);

    /// World point → device point, for a drawing area of `width` x `height` device units.
    geo::Point to_device(geo::Point world, double width, double height) const;
    /// Device point → world point (the inverse of to_device).
    geo::Point to_world(geo::Point device, double width, double height) const;
    /// The part of the world a `width` x `height` drawing area shows.
    geo::Box world_box(double width, double height) const;

    /// This view zoomed by `factor` (> 1 zooms in) keeping the world point under the device
    /// point `anchor` where it is on screen.
    View zoomed(double factor, geo::Point anchor, double width, double height) const;
    /// This view moved so that the map follows a drag of (`dx`, `dy`) device units.
    View panned(double dx, double dy) const;

    /// The representative fraction N of "1:N" when the device has `units_per_inch` units per
    /// inch (96 for screens and PNGs, 72 for PDFs).
    double scale_denominator(double units_per_inch = k_pixels_per_inch) const;
};

} // namespace cordon::render
