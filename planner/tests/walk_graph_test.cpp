#include <cordon/planner/road_network.hpp>
#include <cordon/planner/walk_graph.hpp>

#include <gtest/gtest.h>

using namespace cordon;
using namespace cordon::planner;
using geo::Point;

namespace {

/// A plus-shaped street network: four 100 m arms from (0, 0); the east arm is drive-only.
geo::Network plus() {
    std::vector<geo::Road> roads;
    const std::vector<Point> ends{{100, 0}, {-100, 0}, {0, 100}, {0, -100}};
    for (std::size_t i = 0; i < ends.size(); ++i) {
        geo::Road r;
        r.id = static_cast<geo::Id>(i + 1);
        r.cls = "residential";
        r.geom = {{0, 0}, ends[i]};
        r.walkable = i != 0;
        roads.push_back(r);
    }
    SilentProgress progress;
    return build_network(roads, {}, progress).network;
}

} // namespace

TEST(WalkGraph, PlacesAttachToTheNearestUsableEdge) {
    // A door 5 m north of the west arm at x = -40; one 10 m east of the north arm at y = 60;
    // one near the drive-only east arm, which walking cannot use.
    const WalkGraph g(plus(), Mode::walk, {{-40, 5}, {10, 60}, {50, 3}}, 250);
    ASSERT_EQ(g.places().size(), 3u);
    EXPECT_NEAR(g.places()[0].gap, 5, 1e-9);
    EXPECT_EQ(g.position(g.places()[0].vertex), (Point{-40, 0}));
    EXPECT_NEAR(g.places()[1].gap, 10, 1e-9);
    // The east arm is not walkable: the third place hangs on the nearest walkable street,
    // the north arm at (0, 3), 50 m away (the west arm's end at the origin is 50.09 m).
    EXPECT_EQ(g.position(g.places()[2].vertex), (Point{0, 3}));
    EXPECT_NEAR(g.places()[2].gap, 50, 1e-9);
    const auto d = g.distances({g.places()[0].vertex});
    EXPECT_NEAR(d[g.places()[1].vertex], 40 + 60, 1e-9);
    EXPECT_EQ(g.piece_count(), 2); // the east arm's far node stands alone
}

TEST(WalkGraph, NearestSourceAndPathAlongTheStreets) {
    const WalkGraph g(plus(), Mode::walk, {{-90, 1}, {0, 90}, {-10, 1}}, 250);
    std::vector<int> nearest;
    const auto d = g.distances({g.places()[0].vertex, g.places()[1].vertex}, &nearest);
    EXPECT_NEAR(d[g.places()[2].vertex], 80, 1e-9); // -10 is 80 m from -90, 100 m from (0, 90)
    EXPECT_EQ(nearest[g.places()[2].vertex], 0);
    const geo::LineString line = g.path(g.places()[0].vertex, g.places()[1].vertex);
    ASSERT_GE(line.size(), 3u);
    EXPECT_EQ(line.front(), (Point{-90, 0}));
    EXPECT_EQ(line.back(), (Point{0, 90}));
    EXPECT_NEAR(geo::length(line), 180, 1e-9);
}

TEST(WalkGraph, PlaceFarFromAnyStreetIsFlagged) {
    const WalkGraph g(plus(), Mode::walk, {{-50, 400}}, 100);
    EXPECT_FALSE(g.places()[0].on_network);
    EXPECT_NEAR(g.places()[0].gap, geo::distance({-50, 400}, {0, 100}), 1e-9);
    const auto d = g.distances({0});
    EXPECT_LT(d[g.places()[0].vertex], WalkGraph::unreachable);
}

TEST(WalkGraph, UnreachableIsInfinityAndHasNoPath) {
    // Two separate streets: a place on each.
    std::vector<geo::Road> roads(2);
    roads[0].id = 1, roads[0].cls = "residential", roads[0].geom = {{0, 0}, {100, 0}};
    roads[1].id = 2, roads[1].cls = "residential", roads[1].geom = {{0, 500}, {100, 500}};
    SilentProgress progress;
    const WalkGraph g(build_network(roads, {}, progress).network, Mode::walk, {{50, 5}, {50, 495}});
    const auto t = g.tree(g.places()[0].vertex);
    EXPECT_EQ(t.distance[g.places()[1].vertex], WalkGraph::unreachable);
    EXPECT_TRUE(g.path(t, g.places()[1].vertex).empty());
    EXPECT_EQ(g.distances({g.places()[0].vertex})[g.places()[1].vertex], WalkGraph::unreachable);
}
