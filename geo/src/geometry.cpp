#include <cordon/geo/geometry.hpp>

#include <algorithm>
#include <cmath>

namespace cordon::geo {

void Box::expand(Point p) {
    minx = std::min(minx, p.x);
    miny = std::min(miny, p.y);
    maxx = std::max(maxx, p.x);
    maxy = std::max(maxy, p.y);
}

void Box::expand(const Box& b) {
    if (b.empty()) return;
    expand(Point{b.minx, b.miny});
    expand(Point{b.maxx, b.maxy});
}

bool Box::intersects(const Box& b) const {
    return !empty() && !b.empty() && minx <= b.maxx && b.minx <= maxx && miny <= b.maxy &&
           b.miny <= maxy;
}

bool Box::contains(Point p) const {
    return p.x >= minx && p.x <= maxx && p.y >= miny && p.y <= maxy;
}

Box bounds(const LineString& line) {
    Box box;
    for (const Point& p : line)
        box.expand(p);
    return box;
}

Box bounds(const MultiPolygon& polygons) {
    Box box;
    for (const Polygon& polygon : polygons)
        if (!polygon.rings.empty()) box.expand(bounds(polygon.rings.front()));
    return box;
}

double distance(Point a, Point b) {
    return std::hypot(a.x - b.x, a.y - b.y);
}

double length(const LineString& line) {
    double total = 0;
    for (std::size_t i = 1; i < line.size(); ++i)
        total += distance(line[i - 1], line[i]);
    return total;
}

double signed_area(const Ring& ring) {
    double twice = 0;
    for (std::size_t i = 1; i < ring.size(); ++i)
        twice += ring[i - 1].x * ring[i].y - ring[i].x * ring[i - 1].y;
    return twice / 2;
}

double area(const MultiPolygon& polygons) {
    double total = 0;
    for (const Polygon& polygon : polygons)
        for (std::size_t i = 0; i < polygon.rings.size(); ++i)
            total += (i == 0 ? 1 : -1) * std::abs(signed_area(polygon.rings[i]));
    return total;
}

double segment_distance(Point p, Point a, Point b) {
    return distance(p, project_onto_segment(p, a, b).at);
}

Point point_along(const LineString& line, double d) {
    if (line.empty()) return {};
    d = std::max(d, 0.0);
    double run = 0;
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
        const double len = distance(line[i], line[i + 1]);
        if (run + len >= d && len > 0) return interpolate(line[i], line[i + 1], (d - run) / len);
        run += len;
    }
    return line.back();
}

} // namespace cordon::geo
