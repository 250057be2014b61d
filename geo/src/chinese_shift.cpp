#include <cordon/geo/chinese_shift.hpp>

#include <cmath>
#include <numbers>

namespace cordon::geo {
namespace {

constexpr double pi = std::numbers::pi;
constexpr double krasovsky_a = 6378245.0;
constexpr double krasovsky_ee = 0.00669342162296594323;
constexpr double bd_x_pi = pi * 3000.0 / 180.0;

constexpr double inverse_tolerance = 1e-10; // degrees
constexpr int inverse_max_iterations = 50;

// The GCJ-02 offset polynomials, in metres-like units, of x = lon - 105 and y = lat - 35.
double raw_lat_offset(double x, double y) {
    double r =
        -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
    r += (20.0 * std::sin(6.0 * x * pi) + 20.0 * std::sin(2.0 * x * pi)) * 2.0 / 3.0;
    r += (20.0 * std::sin(y * pi) + 40.0 * std::sin(y / 3.0 * pi)) * 2.0 / 3.0;
    r += (160.0 * std::sin(y / 12.0 * pi) + 320.0 * std::sin(y / 30.0 * pi)) * 2.0 / 3.0;
    return r;
}

double raw_lon_offset(double x, double y) {
    double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
    r += (20.0 * std::sin(6.0 * x * pi) + 20.0 * std::sin(2.0 * x * pi)) * 2.0 / 3.0;
    r += (20.0 * std::sin(x * pi) + 40.0 * std::sin(x / 3.0 * pi)) * 2.0 / 3.0;
    r += (150.0 * std::sin(x / 12.0 * pi) + 300.0 * std::sin(x / 30.0 * pi)) * 2.0 / 3.0;
    return r;
}

// The GCJ-02 offset in degrees at a WGS-84 point: the raw offsets scaled by the radii of
// curvature of the Krasovsky ellipsoid.
Point gcj_offset(Point wgs) {
    const double x = wgs.x - 105.0;
    const double y = wgs.y - 35.0;
    const double lat = wgs.y / 180.0 * pi;
    const double s = std::sin(lat);
    const double w2 = 1.0 - krasovsky_ee * s * s;
    const double w = std::sqrt(w2);
    const double meridian_radius = krasovsky_a * (1.0 - krasovsky_ee) / (w2 * w);
    const double normal_radius = krasovsky_a / w;
    return {raw_lon_offset(x, y) * 180.0 / (normal_radius * std::cos(lat) * pi),
            raw_lat_offset(x, y) * 180.0 / (meridian_radius * pi)};
}

// Solves forward(p) == target by fixed-point iteration from `start`. Both shifts are the
// identity plus a small, slowly varying offset, so each step shrinks the error by a factor
// of several hundred; a handful of steps reach the tolerance.
template <typename Forward> Point invert(Forward forward, Point target, Point start) {
    Point p = start;
    for (int i = 0; i < inverse_max_iterations; ++i) {
        const Point image = forward(p);
        const double dx = image.x - target.x;
        const double dy = image.y - target.y;
        p = {p.x - dx, p.y - dy};
        if (std::abs(dx) < inverse_tolerance && std::abs(dy) < inverse_tolerance) break;
    }
    return p;
}

} // namespace

bool in_china(Point p) {
    return p.x >= 72.004 && p.x <= 137.8347 && p.y >= 0.8293 && p.y <= 55.8271;
}

Point wgs84_to_gcj02(Point wgs) {
    if (!in_china(wgs)) return wgs;
    const Point d = gcj_offset(wgs);
    return {wgs.x + d.x, wgs.y + d.y};
}

Point gcj02_to_wgs84(Point gcj) {
    if (!in_china(gcj)) return gcj;
    const Point d = gcj_offset(gcj); // the one-step approximation is the starting point
    return invert(wgs84_to_gcj02, gcj, {gcj.x - d.x, gcj.y - d.y});
}

Point gcj02_to_bd09(Point gcj) {
    const double z = std::hypot(gcj.x, gcj.y) + 0.00002 * std::sin(gcj.y * bd_x_pi);
    const double theta = std::atan2(gcj.y, gcj.x) + 0.000003 * std::cos(gcj.x * bd_x_pi);
    return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

Point bd09_to_gcj02(Point bd) {
    return invert(gcj02_to_bd09, bd, {bd.x - 0.0065, bd.y - 0.006});
}

Point wgs84_to_bd09(Point wgs) {
    return gcj02_to_bd09(wgs84_to_gcj02(wgs));
}

Point bd09_to_wgs84(Point bd) {
    return gcj02_to_wgs84(bd09_to_gcj02(bd));
}

} // namespace cordon::geo
