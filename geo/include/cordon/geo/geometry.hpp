#pragma once
// Plain geometry values that the planner and the renderer work on. GEOS and OGR
// geometries are converted to and from these at the edges (geos_geometry.hpp, ogr_geometry.hpp).

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

} // namespace cordon::geo
