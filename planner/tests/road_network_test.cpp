#include <cordon/planner/road_network.hpp>

#include <gtest/gtest.h>

#include <random>

using namespace cordon;
using namespace cordon::planner;
using geo::Point;
using geo::Road;

namespace {

Road road(geo::Id id, std::vector<Point> line, bool bridge = false, int layer = 0) {
    Road r;
    r.id = id;
    r.cls = "residential";
    r.geom = std::move(line);
    r.bridge = bridge;
    r.layer = layer;
    return r;
}

BuiltNetwork build(const std::vector<Road>& roads, double tol = 0.5) {
    SilentProgress progress;
    return build_network(roads, {tol}, progress);
}

} // namespace

TEST(RoadNetwork, AtGradeCrossingIsNoded) {
    //   |
    // --+--     two roads crossing without a shared vertex: one junction, four edges
    //   |
    const auto n = build({road(1, {{0, 50}, {100, 50}}), road(2, {{50, 0}, {50, 100}})});
    EXPECT_EQ(n.report.nodes, 5u);
    EXPECT_EQ(n.report.edges, 4u);
    EXPECT_EQ(n.report.crossings_noded, 1u);
    EXPECT_EQ(n.report.all.count, 1u);
    for (const auto& e : n.network.edges)
        EXPECT_NEAR(e.length, 50, 1e-9);
}

TEST(RoadNetwork, BridgeCrossingIsNotAJunction) {
    const auto n = build({road(1, {{0, 50}, {100, 50}}), road(2, {{50, 0}, {50, 100}}, true, 1)});
    EXPECT_EQ(n.report.nodes, 4u);
    EXPECT_EQ(n.report.edges, 2u);
    EXPECT_EQ(n.report.crossings_kept_apart, 1u);
    EXPECT_EQ(n.report.all.count, 2u); // the bridge does not connect to the road below
}

TEST(RoadNetwork, SharedVertexIsAJunction) {
    // Like two OSM ways sharing node (50, 50) in the middle of both.
    const auto n =
        build({road(1, {{0, 50}, {50, 50}, {100, 50}}), road(2, {{50, 0}, {50, 50}, {50, 100}})});
    EXPECT_EQ(n.report.nodes, 5u);
    EXPECT_EQ(n.report.edges, 4u);
    EXPECT_EQ(n.report.shared_vertices, 1u);
    EXPECT_EQ(n.report.crossings_noded, 0u);
}

TEST(RoadNetwork, EndsWithinToleranceAreSnapped) {
    // A side street stopping 0.3 m short of the main road, and one 5 m short.
    const auto n = build({road(1, {{0, 0}, {100, 0}}), road(2, {{40, 0.3}, {40, 50}}),
                          road(3, {{70, 5}, {70, 50}})});
    EXPECT_EQ(n.report.endpoints_snapped, 1u);
    EXPECT_EQ(n.report.all.count, 2u); // road 3 stays apart
    EXPECT_EQ(n.report.edges, 4u);     // main road split at x = 40
}

TEST(RoadNetwork, OnewayAndAttributesCarryOver) {
    Road r = road(7, {{0, 0}, {10, 0}, {20, 0}});
    r.oneway = true;
    r.drivable = false;
    const auto n = build({r, road(8, {{10, -10}, {10, 0}})});
    ASSERT_EQ(n.report.edges, 3u);
    for (const auto& e : n.network.edges) {
        if (e.road_id != 7) continue;
        EXPECT_TRUE(e.oneway);
        EXPECT_FALSE(e.drivable);
        EXPECT_LT(n.network.nodes[e.from - 1].pos.x,
                  n.network.nodes[e.to - 1].pos.x); // direction kept
    }
    EXPECT_EQ(n.report.drivable.count, 1u); // only road 8
}

TEST(RoadNetwork, RandomGridsKeepLengthAndNodeEveryCrossing) {
    // Property: for k horizontal and m vertical at-grade streets spanning a square, the
    // network has k·m crossings, k·(m+1) + m·(k+1) edges, and the total length is kept.
    std::mt19937 rng(42);
    for (int trial = 0; trial < 20; ++trial) {
        const int k = 1 + static_cast<int>(rng() % 6), m = 1 + static_cast<int>(rng() % 6);
        std::uniform_real_distribution<double> pos(1, 999);
        std::vector<Road> roads;
        std::vector<double> ys, xs;
        for (int i = 0; i < k; ++i)
            ys.push_back(pos(rng));
        for (int j = 0; j < m; ++j)
            xs.push_back(pos(rng));
        double total = 0;
        geo::Id id = 1;
        for (double y : ys) {
            roads.push_back(road(id++, {{0, y}, {1000, y}}));
            total += 1000;
        }
        for (double x : xs) {
            roads.push_back(road(id++, {{x, 0}, {x, 1000}}));
            total += 1000;
        }
        const auto n = build(roads);
        EXPECT_EQ(n.report.crossings_noded, static_cast<std::size_t>(k * m));
        EXPECT_EQ(n.report.edges, static_cast<std::size_t>(k * (m + 1) + m * (k + 1)));
        EXPECT_NEAR(n.report.length_m, total, 1e-6);
        EXPECT_EQ(n.report.all.count, 1u);
        for (const auto& e : n.network.edges) {
            EXPECT_EQ(e.geom.front(), n.network.nodes[e.from - 1].pos);
            EXPECT_EQ(e.geom.back(), n.network.nodes[e.to - 1].pos);
        }
    }
}
