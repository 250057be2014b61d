// The small geometry primitives every layer shares (projection onto a segment, interpolation
// along a line, point in ring), on hand-made cases whose answers are worked out by hand.

#include <cordon/geo/geometry.hpp>
#include <cordon/geo/polygon_ops.hpp>

#include <gtest/gtest.h>

using namespace cordon::geo;

TEST(Geometry, InterpolateRunsFromOneEndToTheOther) {
    EXPECT_EQ(interpolate({1, 2}, {5, 10}, 0), (Point{1, 2}));
    EXPECT_EQ(interpolate({1, 2}, {5, 10}, 1), (Point{5, 10}));
    EXPECT_EQ(interpolate({1, 2}, {5, 10}, 0.25), (Point{2, 4}));
}

TEST(Geometry, ProjectionOntoASegmentFallsInsideItOrOnTheNearerEnd) {
    // Segment (0,0)–(10,0): a point above its middle projects straight down.
    SegmentProjection s = project_onto_segment({4, 3}, {0, 0}, {10, 0});
    EXPECT_DOUBLE_EQ(s.t, 0.4);
    EXPECT_EQ(s.at, (Point{4, 0}));
    // Beyond either end: clamped to that end.
    s = project_onto_segment({-5, 2}, {0, 0}, {10, 0});
    EXPECT_EQ(s.t, 0);
    EXPECT_EQ(s.at, (Point{0, 0}));
    s = project_onto_segment({13, -4}, {0, 0}, {10, 0});
    EXPECT_EQ(s.t, 1);
    EXPECT_EQ(s.at, (Point{10, 0}));
    // A slanted segment (0,0)–(4,4): (4,0) projects onto its middle (2,2).
    s = project_onto_segment({4, 0}, {0, 0}, {4, 4});
    EXPECT_DOUBLE_EQ(s.t, 0.5);
    EXPECT_DOUBLE_EQ(s.at.x, 2);
    EXPECT_DOUBLE_EQ(s.at.y, 2);
    // A segment of no length: its one point.
    s = project_onto_segment({3, 4}, {1, 1}, {1, 1});
    EXPECT_EQ(s.t, 0);
    EXPECT_EQ(s.at, (Point{1, 1}));
}

TEST(Geometry, SegmentDistanceIsToTheNearestPointOfTheSegment) {
    EXPECT_DOUBLE_EQ(segment_distance({4, 3}, {0, 0}, {10, 0}), 3);   // above the middle
    EXPECT_DOUBLE_EQ(segment_distance({13, -4}, {0, 0}, {10, 0}), 5); // 3-4-5 past the end
    EXPECT_DOUBLE_EQ(segment_distance({-3, 4}, {0, 0}, {0, 0}), 5);   // no length: to the point
    EXPECT_DOUBLE_EQ(segment_distance({6, 0}, {0, 0}, {10, 0}), 0);   // on it
}

TEST(Geometry, PointAlongALineWalksItsSegmentsInOrder) {
    // An L: 10 m east, then 20 m north.
    const LineString l{{0, 0}, {10, 0}, {10, 20}};
    EXPECT_EQ(point_along(l, 0), (Point{0, 0}));
    EXPECT_EQ(point_along(l, 4), (Point{4, 0}));
    EXPECT_EQ(point_along(l, 10), (Point{10, 0}));
    EXPECT_EQ(point_along(l, 15), (Point{10, 5}));
    EXPECT_EQ(point_along(l, 30), (Point{10, 20}));
    // Clamped to its ends.
    EXPECT_EQ(point_along(l, -3), (Point{0, 0}));
    EXPECT_EQ(point_along(l, 31), (Point{10, 20}));
    // A repeated vertex (a segment of no length) is stepped over.
    const LineString r{{0, 0}, {0, 0}, {0, 8}};
    EXPECT_EQ(point_along(r, 2), (Point{0, 2}));
    // Degenerate lines.
    EXPECT_EQ(point_along(LineString{}, 5), (Point{}));
    EXPECT_EQ(point_along(LineString{{7, 7}}, 5), (Point{7, 7}));
    EXPECT_EQ(point_along(LineString{{7, 7}, {7, 7}}, 0), (Point{7, 7}));
}

TEST(Geometry, RingContainsByTheEvenOddRule) {
    // A U-shaped ring: a 30 × 30 square with a 10 m wide notch cut from the top middle.
    const Ring u{{0, 0},   {30, 0},  {30, 30}, {20, 30}, {20, 10},
                 {10, 10}, {10, 30}, {0, 30},  {0, 0}};
    EXPECT_TRUE(ring_contains(u, {5, 5}));
    EXPECT_TRUE(ring_contains(u, {5, 25}));   // left arm
    EXPECT_TRUE(ring_contains(u, {25, 25}));  // right arm
    EXPECT_FALSE(ring_contains(u, {15, 20})); // in the notch
    EXPECT_FALSE(ring_contains(u, {-1, 5}));
    EXPECT_FALSE(ring_contains(u, {31, 15}));
    EXPECT_FALSE(ring_contains(u, {15, -0.5}));
    // The same ring clockwise gives the same answers.
    const Ring cw(u.rbegin(), u.rend());
    EXPECT_TRUE(ring_contains(cw, {25, 25}));
    EXPECT_FALSE(ring_contains(cw, {15, 20}));
    // No ring: nothing inside.
    EXPECT_FALSE(ring_contains(Ring{}, {0, 0}));
}
