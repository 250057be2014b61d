#include <cordon/planner/road_network.hpp>
#include <cordon/planner/routes.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

using namespace cordon;
using namespace cordon::planner;

TEST(Routes, TourIsAPermutationWithinTwoPercentOfTheOptimum) {
    // Stated margin: on random instances of up to 8 stops the tour is within 2 % of the exact
    // optimum found by enumerating every order.
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> coord(0, 1000);
    double worst = 0;
    for (int trial = 0; trial < 200; ++trial) {
        const std::size_t n = 2 + rng() % 7;
        std::vector<geo::Point> p(n);
        for (auto& q : p)
            q = {coord(rng), coord(rng)};
        std::vector<std::vector<double>> d(n, std::vector<double>(n));
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j)
                d[i][j] = geo::distance(p[i], p[j]);
        const Tour t = solve_tour(d);
        std::vector<std::size_t> sorted = t.order;
        std::sort(sorted.begin(), sorted.end());
        for (std::size_t i = 0; i < n; ++i)
            ASSERT_EQ(sorted[i], i);
        EXPECT_EQ(t.order.front(), 0u);
        EXPECT_NEAR(t.length, tour_length(d, t.order), 1e-9);
        std::vector<std::size_t> perm(n - 1);
        for (std::size_t i = 0; i + 1 < n; ++i)
            perm[i] = i + 1;
        double best = 1e300;
        do {
            std::vector<std::size_t> order{0};
            order.insert(order.end(), perm.begin(), perm.end());
            best = std::min(best, tour_length(d, order));
        } while (std::next_permutation(perm.begin(), perm.end()));
        EXPECT_LE(t.length, best * 1.02 + 1e-9) << "trial " << trial;
        worst = std::max(worst, t.length / best);
    }
    RecordProperty("worst_ratio", std::to_string(worst));
}

TEST(Routes, ZoneRouteWalksTheStreetsPastEveryDoor) {
    // A ladder of streets; a zone of four buildings along the bottom street.
    std::vector<geo::Road> roads;
    auto add = [&](geo::LineString line) {
        geo::Road r;
        r.id = static_cast<geo::Id>(roads.size() + 1);
        r.cls = "residential";
        r.geom = std::move(line);
        roads.push_back(r);
    };
    add({{0, 0}, {300, 0}});
    add({{0, 100}, {300, 100}});
    add({{0, 0}, {0, 100}});
    add({{300, 0}, {300, 100}});
    geo::District d;
    SilentProgress progress;
    d.network = build_network(roads, {}, progress).network;
    d.zones.push_back({1, "一组", "", 0, 0, std::nullopt, {}});
    for (double x : {50.0, 120.0, 200.0, 260.0}) {
        geo::Building b;
        b.id = static_cast<geo::Id>(d.buildings.size() + 1);
        b.zone_id = 1;
        b.geom = {
            geo::Polygon{{{{x - 5, -15}, {x + 5, -15}, {x + 5, -5}, {x - 5, -5}, {x - 5, -15}}}}};
        d.buildings.push_back(b);
    }
    const auto report = plan_routes(d, {}, progress);
    ASSERT_EQ(d.routes.size(), 1u);
    const geo::Route& r = d.routes[0];
    // Doors at x = 50, 120, 200, 260 on the bottom street: out and back is 2 × 210 m.
    EXPECT_NEAR(r.length_m, 420, 1e-6);
    EXPECT_NEAR(r.minutes, 420 / (4000.0 / 60), 1e-6);
    EXPECT_EQ(r.geom.front(), r.geom.back()); // a closed walk
    for (const auto& p : r.geom)
        EXPECT_NEAR(p.y, 0, 1e-9); // it stays on the bottom street
    for (double x : {50.0, 120.0, 200.0, 260.0})
        EXPECT_TRUE(std::any_of(r.geom.begin(), r.geom.end(),
                                [&](const geo::Point& p) { return std::abs(p.x - x) < 1e-9; }));
    EXPECT_NEAR(d.zones[0].route_length, 420, 1e-6);
    EXPECT_EQ(report["routes"][0]["stops"], 4);
}

TEST(Routes, AZoneBehindOneDoorIsReportedWithoutAWalk) {
    std::vector<geo::Road> roads(1);
    roads[0].id = 1;
    roads[0].cls = "residential";
    roads[0].geom = {{0, 0}, {300, 0}};
    geo::District d;
    SilentProgress progress;
    d.network = build_network(roads, {}, progress).network;
    d.zones.push_back({1, "一组", "", 0, 0, std::nullopt, {}});
    d.zones.push_back({2, "二组", "", 0, 0, std::nullopt, {}});
    auto building = [&](double x, geo::Id zone) {
        geo::Building b;
        b.id = static_cast<geo::Id>(d.buildings.size() + 1);
        b.zone_id = zone;
        b.geom = {
            geo::Polygon{{{{x - 5, -15}, {x + 5, -15}, {x + 5, -5}, {x - 5, -5}, {x - 5, -15}}}}};
        d.buildings.push_back(b);
    };
    building(150, 1); // zone 1: one building, one door
    building(40, 2);  // zone 2: two doors 200 m apart
    building(240, 2);
    const auto report = plan_routes(d, {}, progress);
    ASSERT_EQ(report["routes"].size(), 2u);
    EXPECT_EQ(report["routes"][0]["stops"], 1);
    EXPECT_EQ(report["routes"][0]["length_m"], 0);
    EXPECT_TRUE(report["routes"][0].contains("note"));
    EXPECT_FALSE(report["routes"][1].contains("note"));
    ASSERT_EQ(d.routes.size(), 1u); // only zone 2 has a walk to draw
    EXPECT_EQ(d.routes[0].zone_id, 2);
    EXPECT_NEAR(d.routes[0].length_m, 400, 1e-6);
    EXPECT_EQ(d.zones[0].route_length, 0);
}
