#include "geometry_util.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace cordon::render::detail {

namespace {

double ring_area(const geo::Ring& ring) {
    double sum = 0;
    for (std::size_t i = 1; i < ring.size(); ++i)
        sum += ring[i - 1].x * ring[i].y - ring[i].x * ring[i - 1].y;
    return sum / 2;
}

geo::Point ring_centroid(const geo::Ring& ring) {
    double a = 0, cx = 0, cy = 0;
    for (std::size_t i = 1; i < ring.size(); ++i) {
        const double cross = ring[i - 1].x * ring[i].y - ring[i].x * ring[i - 1].y;
        a += cross;
        cx += (ring[i - 1].x + ring[i].x) * cross;
        cy += (ring[i - 1].y + ring[i].y) * cross;
    }
    if (std::abs(a) < 1e-12) {
        geo::Box box = geo::bounds(geo::LineString(ring));
        return box.centre();
    }
    return {cx / (3 * a), cy / (3 * a)};
}

/// The widest inside interval of `polygon` on the line y = `y`: {x0, x1}, or x0 > x1 if none.
std::pair<double, double> widest_interval(const geo::Polygon& polygon, double y) {
    std::vector<double> xs;
    for (const auto& ring : polygon.rings)
        for (std::size_t i = 1; i < ring.size(); ++i) {
            const geo::Point a = ring[i - 1], b = ring[i];
            if ((a.y <= y) != (b.y <= y)) xs.push_back(a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x));
        }
    std::sort(xs.begin(), xs.end());
    std::pair<double, double> best{1, 0};
    for (std::size_t i = 0; i + 1 < xs.size(); i += 2)
        if (xs[i + 1] - xs[i] > best.second - best.first) best = {xs[i], xs[i + 1]};
    return best;
}

} // namespace

std::optional<LabelPoint> label_point(const geo::MultiPolygon& polygons, double tolerance) {
    const geo::Polygon* largest = nullptr;
    double largest_area = -1;
    for (const auto& polygon : polygons) {
        if (polygon.rings.empty() || polygon.rings.front().size() < 4) continue;
        const double a = std::abs(ring_area(polygon.rings.front()));
        if (a > largest_area) {
            largest_area = a;
            largest = &polygon;
        }
    }
    if (largest == nullptr) return std::nullopt;
    const geo::Point centroid = ring_centroid(largest->rings.front());
    const geo::Box box = geo::bounds(geo::LineString(largest->rings.front()));
    std::optional<LabelPoint> best;
    double best_score = 0;
    // Scan lines through the centroid (preferred) and across the middle of the polygon.
    const double lines[] = {centroid.y, box.miny + box.height() * 0.5,
                            box.miny + box.height() * 0.35, box.miny + box.height() * 0.65};
    for (std::size_t i = 0; i < std::size(lines); ++i) {
        // Nudge off vertices so that a scan line never passes exactly through one.
        const double y = lines[i] + tolerance * 1e-3;
        const auto [x0, x1] = widest_interval(*largest, y);
        if (x0 > x1) continue;
        const double score = (x1 - x0) * (i == 0 ? 1.25 : 1.0);
        if (!best || score > best_score) {
            best = LabelPoint{{(x0 + x1) / 2, y}, x1 - x0};
            best_score = score;
        }
    }
    if (!best) best = LabelPoint{box.centre(), box.width()};
    return best;
}

std::vector<std::vector<geo::Point>> clip_line(const std::vector<geo::Point>& line, geo::Point lo,
                                               geo::Point hi) {
    std::vector<std::vector<geo::Point>> parts;
    bool open = false;
    for (std::size_t i = 1; i < line.size(); ++i) {
        const geo::Point a = line[i - 1], b = line[i];
        const double dx = b.x - a.x, dy = b.y - a.y;
        double t0 = 0, t1 = 1;
        const double p[] = {-dx, dx, -dy, dy};
        const double q[] = {a.x - lo.x, hi.x - a.x, a.y - lo.y, hi.y - a.y};
        bool inside = true;
        for (int k = 0; k < 4 && inside; ++k) {
            if (p[k] == 0) {
                if (q[k] < 0) inside = false;
                continue;
            }
            const double t = q[k] / p[k];
            if (p[k] < 0)
                t0 = std::max(t0, t);
            else
                t1 = std::min(t1, t);
            if (t0 > t1) inside = false;
        }
        if (!inside) {
            open = false;
            continue;
        }
        const geo::Point c{a.x + t0 * dx, a.y + t0 * dy}, d{a.x + t1 * dx, a.y + t1 * dy};
        if (!open || t0 > 0) {
            parts.push_back({c});
        }
        parts.back().push_back(d);
        open = t1 >= 1;
    }
    return parts;
}

std::optional<StraightRun> longest_straight_run(const std::vector<geo::Point>& line, geo::Point lo,
                                                geo::Point hi, double max_turn) {
    std::optional<StraightRun> best;
    auto turn = [](double a, double b) {
        double d = std::abs(a - b);
        return d > std::numbers::pi ? 2 * std::numbers::pi - d : d;
    };
    for (const auto& part : clip_line(line, lo, hi)) {
        std::size_t start = 0;
        double direction = 0;
        for (std::size_t i = 1; i < part.size(); ++i) {
            const double a = std::atan2(part[i].y - part[i - 1].y, part[i].x - part[i - 1].x);
            if (i - 1 == start) {
                direction = a;
            } else if (turn(a, direction) > max_turn) {
                start = i - 1;
                direction = a;
            }
            const geo::Point s = part[start], e = part[i];
            const double length = std::hypot(e.x - s.x, e.y - s.y);
            if (!best || length > best->length) {
                double angle = std::atan2(e.y - s.y, e.x - s.x);
                if (angle > std::numbers::pi / 2) angle -= std::numbers::pi;
                if (angle <= -std::numbers::pi / 2) angle += std::numbers::pi;
                best = StraightRun{{(s.x + e.x) / 2, (s.y + e.y) / 2}, angle, length};
            }
        }
    }
    return best;
}

} // namespace cordon::render::detail
