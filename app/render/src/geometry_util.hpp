#pragma once
// Geometry helpers for label placement, in world or device coordinates.

#include <cordon/geo/geometry.hpp>

#include <optional>
#include <vector>

namespace cordon::render::detail {

/// A point inside a polygon to centre its label on, and the width of the inside around it.
struct LabelPoint {
    geo::Point point;
    double room = 0; ///< length of the horizontal inside interval through `point`
};

/// A label point for the largest polygon of `polygons`: the middle of the widest horizontal
/// interval inside it, on a few scan lines near its centroid. Nothing for empty input.
std::optional<LabelPoint> label_point(const geo::MultiPolygon& polygons, double tolerance);

/// A nearly straight piece of a line to put text along.
struct StraightRun {
    geo::Point middle;
    double angle = 0; ///< radians, turned so the text reads left to right (-pi/2, pi/2]
    double length = 0;
};

/// The longest run of `line` (device coordinates) inside the rectangle [`lo`, `hi`] whose
/// segments all turn less than `max_turn` radians from its first segment.
std::optional<StraightRun> longest_straight_run(const std::vector<geo::Point>& line, geo::Point lo,
                                                geo::Point hi, double max_turn);

/// The parts of `line` inside the rectangle [`lo`, `hi`] (Liang-Barsky clipping).
std::vector<std::vector<geo::Point>> clip_line(const std::vector<geo::Point>& line, geo::Point lo,
                                               geo::Point hi);

} // namespace cordon::render::detail
