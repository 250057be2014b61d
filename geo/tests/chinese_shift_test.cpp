#include <cordon/geo/chinese_shift.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace cordon::geo {
namespace {

constexpr double degree_tolerance = 1e-6;

// Great-circle distance in metres (haversine on the mean Earth radius).
double haversine_m(Point a, Point b) {
    constexpr double earth_radius = 6371008.8;
    constexpr double rad = std::numbers::pi / 180.0;
    const double dlat = (b.y - a.y) * rad;
    const double dlon = (b.x - a.x) * rad;
    const double h =
        std::sin(dlat / 2) * std::sin(dlat / 2) +
        std::cos(a.y * rad) * std::cos(b.y * rad) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2 * earth_radius * std::asin(std::sqrt(h));
}

void expect_near(Point actual, Point expected, double tolerance = degree_tolerance) {
    EXPECT_NEAR(actual.x, expected.x, tolerance) << "longitude";
    EXPECT_NEAR(actual.y, expected.y, tolerance) << "latitude";
}

struct PublishedPair {
    const char* where;
    Point from;
    Point to;
};

// WGS-84 → GCJ-02 pairs.
//  - Shanghai, Shenzhen, Beijing: googollee/eviltransform, c/test.c and go/transform_test.go
//    (given there as lat, lng; swapped to lon, lat here).
//  - Beijing 116.404, 39.915: wandergis/coordtransform, test/app.js ("wgs84togcj02").
//  - Wuhan 114.363089, 30.517411: feiquan123/coordtransform-go, coordtransform_test.go
//    ("expWGS84toGCJ02").
const PublishedPair wgs_to_gcj_pairs[] = {
    {"eviltransform shanghai", {121.5272106, 31.1774276}, {121.531541859215, 31.17530398364597}},
    {"eviltransform shenzhen", {113.912316, 22.543847}, {113.9171764808363, 22.540796131694766}},
    {"eviltransform beijing", {116.377817, 39.911954}, {116.38404722455657, 39.91334545536069}},
    {"wandergis beijing", {116.404, 39.915}, {116.41024449916938, 39.91640428150164}},
    {"coordtransform-go wuhan", {114.363089, 30.517411}, {114.36861383019243, 30.515078352018758}},
};

// GCJ-02 → BD-09 pairs.
//  - wandergis/coordtransform, test/app.js ("gcj02tobd09").
//  - feiquan123/coordtransform-go, coordtransform_test.go ("expGCJ02toBD09").
const PublishedPair gcj_to_bd_pairs[] = {
    {"wandergis beijing", {116.404, 39.915}, {116.41036949371029, 39.92133699351021}},
    {"coordtransform-go wuhan", {114.363089, 30.517411}, {114.36951652929112, 30.523754384540837}},
};

// WGS-84 → BD-09: feiquan123/coordtransform-go, coordtransform_test.go ("expWGS84toBD09").
const PublishedPair wgs_to_bd_pairs[] = {
    {"coordtransform-go wuhan", {114.363089, 30.517411}, {114.3750500836037, 30.521392123098003}},
};

TEST(ChineseShift, WgsToGcjMatchesPublishedPairs) {
    for (const auto& pair : wgs_to_gcj_pairs) {
        SCOPED_TRACE(pair.where);
        expect_near(wgs84_to_gcj02(pair.from), pair.to);
    }
}

TEST(ChineseShift, GcjToWgsInvertsPublishedPairs) {
    for (const auto& pair : wgs_to_gcj_pairs) {
        SCOPED_TRACE(pair.where);
        expect_near(gcj02_to_wgs84(pair.to), pair.from);
    }
}

TEST(ChineseShift, GcjToBdMatchesPublishedPairs) {
    for (const auto& pair : gcj_to_bd_pairs) {
        SCOPED_TRACE(pair.where);
        expect_near(gcj02_to_bd09(pair.from), pair.to);
        expect_near(bd09_to_gcj02(pair.to), pair.from);
    }
}

TEST(ChineseShift, WgsToBdMatchesPublishedPairs) {
    for (const auto& pair : wgs_to_bd_pairs) {
        SCOPED_TRACE(pair.where);
        expect_near(wgs84_to_bd09(pair.from), pair.to);
        expect_near(bd09_to_wgs84(pair.to), pair.from);
    }
}

// wandergis/coordtransform, test/app.js, publishes the one-step approximate inverses of
// 116.404, 39.915: gcj02towgs84 = 116.39775550083061, 39.91359571849836 and bd09togcj02 =
// 116.39762729119315, 39.90865673957631. Ours are exact, so they agree only to metres, and
// ours map back onto the input where the approximations do not.
TEST(ChineseShift, ExactInversesBeatTheOneStepApproximation) {
    const Point input{116.404, 39.915};
    const Point approx_wgs{116.39775550083061, 39.91359571849836};
    const Point approx_gcj{116.39762729119315, 39.90865673957631};

    const Point wgs = gcj02_to_wgs84(input);
    EXPECT_LT(haversine_m(wgs, approx_wgs), 5.0);
    EXPECT_LT(haversine_m(wgs84_to_gcj02(wgs), input), 0.01);
    EXPECT_GT(haversine_m(wgs84_to_gcj02(approx_wgs), input), 0.01);

    const Point gcj = bd09_to_gcj02(input);
    EXPECT_LT(haversine_m(gcj, approx_gcj), 5.0);
    EXPECT_LT(haversine_m(gcj02_to_bd09(gcj), input), 0.01);
}

TEST(ChineseShift, ChengduIsShiftedByHundredsOfMetres) {
    const Point chengdu{104.06, 30.67};
    ASSERT_TRUE(in_china(chengdu));
    const double shift = haversine_m(chengdu, wgs84_to_gcj02(chengdu));
    EXPECT_GT(shift, 100.0);
    EXPECT_LT(shift, 1000.0);
}

TEST(ChineseShift, RoundTripsOverChinaWithinHalfAMetre) {
    std::vector<Point> points{{104.06, 30.67}}; // Chengdu
    for (double lon = 74.0; lon <= 135.0; lon += 1.5)
        for (double lat = 18.0; lat <= 53.5; lat += 1.25)
            points.push_back({lon, lat});

    double worst_gcj = 0;
    double worst_bd = 0;
    for (const Point wgs : points) {
        SCOPED_TRACE(testing::Message() << wgs.x << ", " << wgs.y);
        const double via_gcj = haversine_m(gcj02_to_wgs84(wgs84_to_gcj02(wgs)), wgs);
        const double via_bd = haversine_m(bd09_to_wgs84(wgs84_to_bd09(wgs)), wgs);
        EXPECT_LT(via_gcj, 0.5);
        EXPECT_LT(via_bd, 0.5);
        worst_gcj = std::max(worst_gcj, via_gcj);
        worst_bd = std::max(worst_bd, via_bd);
    }
    // The iteration goes to 1e-10 degrees, far below the half-metre the task needs.
    EXPECT_LT(worst_gcj, 1e-3);
    EXPECT_LT(worst_bd, 1e-3);
}

TEST(ChineseShift, InChinaIsARoughBox) {
    EXPECT_TRUE(in_china({104.06, 30.67}));   // Chengdu
    EXPECT_TRUE(in_china({116.404, 39.915})); // Beijing
    EXPECT_FALSE(in_china({2.35, 48.86}));    // Paris
    EXPECT_FALSE(in_china({-74.0, 40.7}));    // New York
    EXPECT_FALSE(in_china({151.2, -33.9}));   // Sydney
    EXPECT_FALSE(in_china({104.0, 60.0}));    // Siberia, north of the box
}

TEST(ChineseShift, PointsOutsideChinaAreUnchanged) {
    const Point outside[] = {
        {2.35, 48.86}, {-74.0, 40.7}, {151.2, -33.9}, {104.0, 60.0}, {0.0, 0.0}};
    for (const Point p : outside) {
        SCOPED_TRACE(testing::Message() << p.x << ", " << p.y);
        EXPECT_EQ(wgs84_to_gcj02(p), p);
        EXPECT_EQ(gcj02_to_wgs84(p), p);
    }
}

TEST(ChineseShift, BdShiftAppliesEverywhere) {
    // As in the published algorithm, BD-09 = GCJ-02 + Baidu's own shift, also abroad.
    const Point paris{2.35, 48.86};
    const Point bd = wgs84_to_bd09(paris);
    EXPECT_NE(bd, paris);
    expect_near(bd09_to_wgs84(bd), paris, 1e-9);
}

} // namespace
} // namespace cordon::geo
