#pragma once
// Plain geometry values that the planner and the renderer work on. GEOS and OGR
// geometries are converted to and from these at the edges (geos_geometry.hpp, ogr_geometry.hpp).

#include <algorithm>
#include <limits>
#include <vector>

namespace cordon::geo {

struct Point {
    double x = 0;
    double y = 0;
    friend bool operator==(const Point&, const Point&) = default;
};

using LineString = std::vector<Point>;
/// A closed ring: the first and last points are equal.
using Ring = std::vector<Point>;

struct Polygon {
    std::vector<Ring> rings; ///< rings[0] is the exterior, the rest are holes
};

using MultiPolygon = std::vector<Polygon>;

struct Box {
    double minx = std::numeric_limits<double>::infinity();
    double miny = std::numeric_limits<double>::infinity();
    double maxx = -std::numeric_limits<double>::infinity();
    double maxy = -std::numeric_limits<double>::infinity();

    bool empty() const { return minx > maxx || miny > maxy; }
    double width() const { return empty() ? 0 : maxx - minx; }
    double height() const { return empty() ? 0 : maxy - miny; }
    Point centre() const { return {(minx + maxx) / 2, (miny + maxy) / 2}; }
    void expand(Point p);
    void expand(const Box& b);
    bool intersects(const Box& b) const;
    bool contains(Point p) const;
};

Box bounds(const LineString& line);
Box bounds(const MultiPolygon& polygons);

double distance(Point a, Point b);
double length(const LineString& line);
/// Area of a closed ring (first point repeated last): positive when it runs counter-clockwise
/// (x east, y north), negative when clockwise.
double signed_area(const Ring& ring);
/// Planar area (exterior minus holes) of polygons in a metric CRS.
double area(const MultiPolygon& polygons);

/// The point at fraction `t` of the way from `a` to `b` (`a` at 0, `b` at 1).
inline Point interpolate(Point a, Point b, double t) {
    return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
}

/// Where a point projects onto a segment: `t` is the fraction of the way along it
/// (0 ≤ t ≤ 1), `at` the nearest point of the segment.
struct SegmentProjection {
    double t = 0;
    Point at;
};

/// The point of segment `a`–`b` nearest to `p` (`a` itself when the segment has no length).
/// Inline: the walk and road graphs call it in their innermost loops.
inline SegmentProjection project_onto_segment(Point p, Point a, Point b) {
    const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
    const double t =
        len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0;
    return {t, interpolate(a, b, t)};
}

/// Distance from `p` to the nearest point of segment `a`–`b`.
double segment_distance(Point p, Point a, Point b);

/// The point `d` metres along `line` from its first point: the first point for d ≤ 0, the
/// last beyond its length, {} for an empty line.
Point point_along(const LineString& line, double d);

} // namespace cordon::geo
