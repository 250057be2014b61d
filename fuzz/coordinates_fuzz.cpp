// libFuzzer harness: the GCJ-02 / BD-09 conversions (geo/include/cordon/geo/chinese_shift.hpp)
// on any pair of doubles, NaN, infinities and huge values included. Nothing may crash or hang;
// finite points well inside China must round-trip as the header promises (< 1e-7 degrees; we
// allow 1e-6).

#include <cordon/geo/chinese_shift.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace cordon::geo;
    if (size < 2 * sizeof(double)) return 0;
    double lon = 0, lat = 0;
    std::memcpy(&lon, data, sizeof lon);
    std::memcpy(&lat, data + sizeof lon, sizeof lat);
    const Point p{lon, lat};
    volatile double sink = 0;
    for (Point q : {wgs84_to_gcj02(p), gcj02_to_wgs84(p), gcj02_to_bd09(p), bd09_to_gcj02(p),
                    wgs84_to_bd09(p), bd09_to_wgs84(p)})
        sink = sink + q.x + q.y;
    (void)in_china(p);

    const bool deep_inside = std::isfinite(lon) && std::isfinite(lat) && lon > 73.0 &&
                             lon < 136.8 && lat > 1.9 && lat < 54.8;
    if (deep_inside) {
        auto near = [](Point a, Point b) {
            return std::fabs(a.x - b.x) < 1e-6 && std::fabs(a.y - b.y) < 1e-6;
        };
        if (!near(gcj02_to_wgs84(wgs84_to_gcj02(p)), p)) __builtin_trap();
        if (!near(bd09_to_gcj02(gcj02_to_bd09(p)), p)) __builtin_trap();
        if (!near(bd09_to_wgs84(wgs84_to_bd09(p)), p)) __builtin_trap();
    }
    return 0;
}
