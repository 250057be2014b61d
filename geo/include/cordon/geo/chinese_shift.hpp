#pragma once
// The Chinese "shifted" coordinate systems that PROJ lacks: GCJ-02 (the national "Mars
// coordinates" of Gaode/AMap, Tencent and Google Maps in China) and BD-09 (Baidu). Both are
// longitude/latitude in degrees; Point{x = lon, y = lat}.
//
// The forward shifts follow the standard published algorithm (Krasovsky 1940 ellipsoid,
// a = 6378245 m, e^2 = 0.00669342162296594323; BD-09 with x_pi = pi * 3000 / 180). The
// inverses are exact: they iterate the forward shift until it reproduces the input to
// better than 1e-9 degrees, instead of the common one-step approximation (metres off).

#include <cordon/geo/geometry.hpp>

namespace cordon::geo {

/// The rough bounding box where GCJ-02 is shifted (lon 72.004..137.8347, lat 0.8293..55.8271,
/// the box of the published algorithm). It also covers neighbours of China; outside it,
/// GCJ-02 equals WGS-84.
bool in_china(Point lon_lat);

/// WGS-84 → GCJ-02. Points outside in_china() are returned unchanged.
Point wgs84_to_gcj02(Point wgs);
/// GCJ-02 → WGS-84, the exact inverse of wgs84_to_gcj02 (to < 1e-7 degrees). Points
/// outside in_china() are returned unchanged.
Point gcj02_to_wgs84(Point gcj);

/// GCJ-02 → BD-09. Like the published algorithm, the BD-09 shift applies everywhere.
Point gcj02_to_bd09(Point gcj);
/// BD-09 → GCJ-02, the exact inverse of gcj02_to_bd09 (to < 1e-7 degrees).
Point bd09_to_gcj02(Point bd);

/// WGS-84 → BD-09: wgs84_to_gcj02, then gcj02_to_bd09.
Point wgs84_to_bd09(Point wgs);
/// BD-09 → WGS-84: bd09_to_gcj02, then gcj02_to_wgs84.
Point bd09_to_wgs84(Point bd);

} // namespace cordon::geo
