#pragma once
// Where lines run inside a set of polygons: the stretches of a road inside a protected area
// or beyond a margin around it. GEOS (prepared once, so many lines are cheap to test).

#include <cordon/geo/geometry.hpp>

#include <memory>
#include <utility>
#include <vector>

namespace cordon::geo {

/// A stretch of a line: metres along it from its first point.
struct Stretch {
    double from = 0;
    double to = 0;
};

class LineOverlay {
public:
    /// `polygons` in the lines' CRS; overlapping polygons count as their union.
    explicit LineOverlay(const MultiPolygon& polygons);
    ~LineOverlay();
    LineOverlay(const LineOverlay&) = delete;
    LineOverlay& operator=(const LineOverlay&) = delete;

    /// The stretches of `line` inside the polygons, in order along the line, those that touch
    /// merged; a line that only touches the boundary has none. Throws cordon::Error when
    /// GEOS fails.
    std::vector<Stretch> inside(const LineString& line) const;
    /// The stretches of `line` outside the polygons (the complement of inside()).
    std::vector<Stretch> outside(const LineString& line) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// The part of `line` from `from` to `to` metres along it (clamped to the line; a single
/// point repeated when they meet).
LineString sub_line(const LineString& line, double from, double to);

} // namespace cordon::geo
