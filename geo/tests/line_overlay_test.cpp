// Stretches of lines inside polygons, against stretches worked out by hand.

#include <cordon/geo/line_overlay.hpp>

#include <gtest/gtest.h>

#include <cmath>

using namespace cordon::geo;

namespace {

MultiPolygon square(double x0, double y0, double x1, double y1) {
    return {Polygon{{Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}};
}

} // namespace

TEST(LineOverlay, StretchesInsideAndOutside) {
    const LineOverlay area(square(0, 0, 100, 100));
    // Straight through: in at 50 m, out at 150 m.
    auto in = area.inside({{-50, 50}, {150, 50}});
    ASSERT_EQ(in.size(), 1u);
    EXPECT_NEAR(in[0].from, 50, 1e-9);
    EXPECT_NEAR(in[0].to, 150, 1e-9);
    auto out = area.outside({{-50, 50}, {150, 50}});
    ASSERT_EQ(out.size(), 2u);
    EXPECT_NEAR(out[0].to, 50, 1e-9);
    EXPECT_NEAR(out[1].from, 150, 1e-9);
    EXPECT_NEAR(out[1].to, 200, 1e-9);
    // Through a corner, over a bend: (-20, 60) → (60, 140) is inside from (0, 80) to (20, 100).
    in = area.inside({{-20, 60}, {20, 100}, {60, 140}});
    ASSERT_EQ(in.size(), 1u);
    EXPECT_NEAR(in[0].from, 20 * std::sqrt(2.0), 1e-9);
    EXPECT_NEAR(in[0].to, 40 * std::sqrt(2.0), 1e-9);
    // In, out and in again; wholly inside; wholly outside; along the edge only.
    in = area.inside({{50, 50}, {150, 50}, {150, 80}, {50, 80}});
    ASSERT_EQ(in.size(), 2u);
    EXPECT_NEAR(in[0].to, 50, 1e-9);
    EXPECT_NEAR(in[1].from, 180, 1e-9);
    EXPECT_NEAR(in[1].to, 230, 1e-9);
    in = area.inside({{10, 10}, {90, 90}});
    ASSERT_EQ(in.size(), 1u);
    EXPECT_NEAR(in[0].to, 80 * std::sqrt(2.0), 1e-9);
    EXPECT_TRUE(area.inside({{200, 200}, {300, 300}}).empty());
    EXPECT_TRUE(area.inside({{-10, 0}, {-10, 100}}).empty());
    // Two overlapping squares count as one area: one stretch, not two.
    MultiPolygon two = square(0, 0, 100, 100);
    two.push_back(square(50, 0, 150, 100)[0]);
    in = LineOverlay(two).inside({{-50, 50}, {250, 50}});
    ASSERT_EQ(in.size(), 1u);
    EXPECT_NEAR(in[0].from, 50, 1e-9);
    EXPECT_NEAR(in[0].to, 200, 1e-9);
}

TEST(LineOverlay, SubLine) {
    const LineString line{{0, 0}, {100, 0}, {100, 100}};
    const LineString part = sub_line(line, 50, 150);
    ASSERT_EQ(part.size(), 3u);
    EXPECT_EQ(part[0].x, 50);
    EXPECT_EQ(part[1].x, 100);
    EXPECT_EQ(part[1].y, 0);
    EXPECT_EQ(part[2].y, 50);
    EXPECT_NEAR(length(part), 100, 1e-9);
    EXPECT_NEAR(length(sub_line(line, 0, 1000)), 200, 1e-9);
}
