#include "zone_graph.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/planner/road_network.hpp>
#include <cordon/planner/routes.hpp>
#include <cordon/planner/tour.hpp>
#include <cordon/planner/walk_graph.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
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

namespace {

/// Straight-line distances between points, as the tour solver's matrix.
DistanceMatrix matrix_of(const std::vector<geo::Point>& p) {
    DistanceMatrix d(p.size());
    for (std::size_t i = 0; i < p.size(); ++i)
        for (std::size_t j = i + 1; j < p.size(); ++j)
            d.set(i, j, static_cast<float>(geo::distance(p[i], p[j])));
    return d;
}

bool is_permutation_of_all(const std::vector<std::size_t>& order, std::size_t n) {
    std::vector<std::size_t> sorted = order;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i = 0; i < sorted.size(); ++i)
        if (sorted[i] != i) return false;
    return sorted.size() == n;
}

} // namespace

TEST(Tour, FindsTheOptimumOnAGrid) {
    // 10 × 10 points 10 m apart, shuffled: the shortest closed tour is 100 steps of 10 m
    // (an even grid has a Hamiltonian cycle of unit steps, and no tour is shorter).
    std::vector<geo::Point> p;
    for (int x = 0; x < 10; ++x)
        for (int y = 0; y < 10; ++y)
            p.push_back({x * 10.0, y * 10.0});
    std::mt19937 rng(3);
    std::shuffle(p.begin(), p.end(), rng);
    const DistanceMatrix d = matrix_of(p);
    TourOptions options;
    options.first = 17;
    const Tour t = solve_tour(d, options);
    ASSERT_TRUE(is_permutation_of_all(t.order, p.size()));
    EXPECT_EQ(t.order.front(), 17u);
    EXPECT_NEAR(t.length, 1000, 1e-3);
    EXPECT_NEAR(t.length, tour_length(d, t.order), 1e-9);
}

TEST(Tour, SameSeedSameTourAndTheSearchBeatsTheLocalOptimum) {
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> coord(0, 1000);
    std::vector<geo::Point> p(400);
    for (auto& q : p)
        q = {coord(rng), coord(rng)};
    const DistanceMatrix d = matrix_of(p);
    TourOptions options;
    options.seed = 42;
    const Tour a = solve_tour(d, options), b = solve_tour(d, options);
    EXPECT_EQ(a.order, b.order);
    ASSERT_TRUE(is_permutation_of_all(a.order, p.size()));
    options.effort = 0; // the local search alone
    const Tour local = solve_tour(d, options);
    ASSERT_TRUE(is_permutation_of_all(local.order, p.size()));
    EXPECT_LT(a.length, local.length);
    // The random uniform TSP: the optimal tour of n points in a square of area A is close
    // to 0.7124 √(n A) (Beardwood–Halton–Hammersley constant, finite-n boundary effect makes
    // it a little longer); a tour more than 8 % above that is a poor one.
    EXPECT_LT(a.length, 1.08 * 0.7124 * std::sqrt(400.0 * 1000 * 1000));
}

TEST(Tour, AStopRequestReturnsAWholeTour) {
    std::mt19937 rng(9);
    std::uniform_real_distribution<double> coord(0, 1000);
    std::vector<geo::Point> p(300);
    for (auto& q : p)
        q = {coord(rng), coord(rng)};
    std::atomic<bool> stop{true};
    TourOptions options;
    options.effort = 1000;
    options.stop = &stop;
    const Tour t = solve_tour(matrix_of(p), options);
    EXPECT_TRUE(is_permutation_of_all(t.order, p.size()));
}

namespace {

geo::Road road(geo::Id id, geo::LineString line) {
    geo::Road r;
    r.id = id;
    r.cls = "residential";
    r.geom = std::move(line);
    return r;
}

geo::Building building_at(geo::Id id, double x, double y, geo::Id zone) {
    geo::Building b;
    b.id = id;
    b.zone_id = zone;
    b.geom = {geo::Polygon{
        {{{x - 5, y - 5}, {x + 5, y - 5}, {x + 5, y + 5}, {x - 5, y + 5}, {x - 5, y - 5}}}}};
    return b;
}

/// A 6 × 6 street grid of 100 m blocks with `doors` buildings at random (seed) along its
/// east-west streets, in 9 zones of 2 × 2 blocks (ids 1..9).
geo::District grid_of_nine_zones(int doors, unsigned seed) {
    std::vector<geo::Road> roads;
    for (int i = 0; i <= 6; ++i) {
        roads.push_back(
            road(static_cast<geo::Id>(roads.size() + 1), {{0, i * 100.0}, {600, i * 100.0}}));
        roads.push_back(
            road(static_cast<geo::Id>(roads.size() + 1), {{i * 100.0, 0}, {i * 100.0, 600}}));
    }
    geo::District d;
    SilentProgress progress;
    d.network = build_network(roads, {}, progress).network;
    for (geo::Id z = 1; z <= 9; ++z)
        d.zones.push_back({z, "", "", 0, 0, std::nullopt, {}});
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> coord(5, 595);
    for (geo::Id id = 1; id <= doors; ++id) {
        const double x = coord(rng), y = std::round(coord(rng) / 100) * 100 + 12;
        const geo::Id zone = static_cast<geo::Id>(1 + std::min(2.0, std::floor(x / 200)) +
                                                  3 * std::min(2.0, std::floor(y / 200)));
        d.buildings.push_back(building_at(id, x, y, zone));
    }
    return d;
}

/// Cancels at the second report.
class CancelSoon final : public Progress {
public:
    bool cancel_requested() const override { return m_calls > 0; }

protected:
    void on_progress(std::string_view, double) override { ++m_calls; }

private:
    int m_calls = 0;
};

} // namespace

TEST(Routes, APathFarOutsideTheZoneIsFoundOnTheWholeNetwork) {
    // Two dead-end streets 100 m apart, joined only by a loop 2 km to the south: the zone's
    // two doors are 2 × 2000 + 100 + 2 × 50 m apart on foot, far beyond the zone's margin.
    std::vector<geo::Road> roads{road(1, {{0, 0}, {0, -2000}}), road(2, {{100, 0}, {100, -2000}}),
                                 road(3, {{0, -2000}, {100, -2000}})};
    geo::District d;
    SilentProgress progress;
    d.network = build_network(roads, {}, progress).network;
    d.zones.push_back({1, "一组", "", 0, 0, std::nullopt, {}});
    d.buildings = {building_at(1, -10, -50, 1), building_at(2, 110, -50, 1)};
    const auto report = plan_routes(d, {}, progress);
    ASSERT_EQ(d.routes.size(), 1u);
    const double one_way = 1950 + 100 + 1950;
    EXPECT_NEAR(d.routes[0].length_m, 2 * one_way, 1e-6);
    EXPECT_FALSE(report["routes"][0].contains("straight_links"));
    EXPECT_GE(report["routes"][0]["wide_searches"].get<int>(), 1);
}

TEST(Routes, DoorsOnSeparatePiecesAreLinkedStraightAndFlagged) {
    std::vector<geo::Road> roads{road(1, {{0, 0}, {100, 0}}), road(2, {{300, 0}, {400, 0}})};
    geo::District d;
    SilentProgress progress;
    d.network = build_network(roads, {}, progress).network;
    d.zones.push_back({1, "一组", "", 0, 0, std::nullopt, {}});
    d.buildings = {building_at(1, 50, -10, 1), building_at(2, 350, -10, 1)};
    const auto report = plan_routes(d, {}, progress);
    ASSERT_EQ(d.routes.size(), 1u);
    EXPECT_NEAR(d.routes[0].length_m, 2 * 300, 1e-6); // there and back in a straight line
    EXPECT_TRUE(report["routes"][0].contains("straight_links"));
}

TEST(Routes, ZonesInParallelGiveTheSameRoutesAsOneAtATime) {
    // A 6 × 6 street grid, 100 m blocks, 180 doors in 9 zones.
    geo::District d = grid_of_nine_zones(180, 7);
    SilentProgress progress;
    geo::District one = d, many = d;
    RouteParams params;
    params.threads = 1;
    const auto a = plan_routes(one, params, progress);
    params.threads = 4;
    const auto b = plan_routes(many, params, progress);
    EXPECT_EQ(a, b);
    ASSERT_EQ(one.routes.size(), 9u);
    ASSERT_EQ(many.routes.size(), 9u);
    for (std::size_t i = 0; i < 9; ++i) {
        EXPECT_EQ(one.routes[i].zone_id, static_cast<geo::Id>(i + 1));
        EXPECT_EQ(one.routes[i].geom, many.routes[i].geom);
        EXPECT_EQ(one.routes[i].geom.front(), one.routes[i].geom.back());
        EXPECT_EQ(one.zones[i].route_length, one.routes[i].length_m);
    }

    // A cancel stops every thread and leaves the routes as they were.
    CancelSoon cancel;
    EXPECT_THROW(plan_routes(many, params, cancel), Cancelled);
    ASSERT_EQ(many.routes.size(), 9u);
    EXPECT_EQ(many.routes[0].geom, one.routes[0].geom);
}

TEST(Routes, AZoneIsWalkedTheSameWayWhateverItsNumber) {
    // The 9 zones of a grid numbered 1..9, then in reverse as 109..101: each zone's doors get
    // the same walk (the tour's seed comes from the doors, so the walks zoning by walking time
    // measures are the routes plan routes draws).
    geo::District d = grid_of_nine_zones(270, 11);
    SilentProgress progress;
    geo::District renumbered = d;
    for (auto& z : renumbered.zones)
        z.id = 110 - z.id;
    for (auto& b : renumbered.buildings)
        b.zone_id = 110 - *b.zone_id;
    plan_routes(d, {}, progress);
    plan_routes(renumbered, {}, progress);
    ASSERT_EQ(d.routes.size(), 9u);
    ASSERT_EQ(renumbered.routes.size(), 9u);
    for (const geo::Route& r : d.routes) {
        const auto same =
            std::find_if(renumbered.routes.begin(), renumbered.routes.end(),
                         [&](const geo::Route& o) { return o.zone_id == 110 - r.zone_id; });
        ASSERT_NE(same, renumbered.routes.end());
        EXPECT_EQ(same->geom, r.geom) << "zone " << r.zone_id;
    }
}

TEST(Routes, DoorDistancesAreTheShortestWalks) {
    // A street grid with gaps, diagonals, a loop and a ring of its own; doors at random.
    // The zone's distances (searched between the ends of the streets' chains) must be the
    // shortest walks of the whole graph.
    std::mt19937 rng(21);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<geo::Road> roads;
    auto add = [&](geo::LineString line) {
        roads.push_back(road(static_cast<geo::Id>(roads.size() + 1), std::move(line)));
    };
    for (int i = 0; i < 8; ++i)
        for (int j = 0; j < 8; ++j) {
            const double x = i * 80.0, y = j * 80.0;
            if (i < 7 && u(rng) < 0.8) add({{x, y}, {x + 80, y}});
            if (j < 7 && u(rng) < 0.8) add({{x, y}, {x, y + 80}});
            if (i < 7 && j < 7 && u(rng) < 0.15) add({{x, y}, {x + 40, y + 30}, {x + 80, y + 80}});
        }
    add({{560, 560}, {620, 560}, {620, 620}, {560, 560}}); // a loop back to a crossing
    add({{700, 0}, {760, 0}, {760, 60}, {700, 0}});        // a ring on its own
    geo::District d;
    SilentProgress progress;
    d.network = build_network(roads, {}, progress).network;
    std::vector<geo::Point> doors;
    for (int k = 0; k < 120; ++k)
        doors.push_back({u(rng) * 770, u(rng) * 640});
    const WalkGraph graph(d.network, Mode::walk, doors);
    std::vector<std::size_t> stops;
    for (const auto& a : graph.places())
        stops.push_back(a.vertex);
    std::sort(stops.begin(), stops.end());
    stops.erase(std::unique(stops.begin(), stops.end()), stops.end());
    std::vector<std::int32_t> scratch(graph.vertex_count(), -1);
    const ZoneGraph part(graph, stops, scratch);
    DistanceMatrix m(stops.size());
    std::atomic<bool> stop{false};
    part.stop_distances(m, stop);
    EXPECT_TRUE(std::all_of(scratch.begin(), scratch.end(), [](int v) { return v == -1; }));
    std::size_t joined = 0;
    for (std::size_t i = 0; i < stops.size(); ++i) {
        const auto tree = graph.tree(stops[i]);
        for (std::size_t j = 0; j < stops.size(); ++j) {
            if (i == j) continue;
            const double want = tree.distance[stops[j]];
            if (want == WalkGraph::unreachable) {
                EXPECT_EQ(m(i, j), WalkGraph::unreachable) << i << " " << j;
            } else {
                ++joined;
                EXPECT_NEAR(m(i, j), want, 1e-3 * std::max(1.0, want)) << i << " " << j;
            }
        }
        // The walk drawn between two stops is as long as their distance.
        Search search(part.graph());
        const std::size_t j = (i * 7 + 3) % stops.size();
        if (j != i && tree.distance[stops[j]] != WalkGraph::unreachable) {
            EXPECT_NEAR(geo::length(part.path(i, j, search)), tree.distance[stops[j]], 1e-6);
        }
    }
    EXPECT_GT(joined, stops.size() * stops.size() / 2); // most pairs are joined
}

TEST(Routes, AZoneOfFiveThousandDoorsIsWalked) {
    // A 1 km square of 50 m blocks and one zone of 5,000 buildings 12 m off its streets.
    std::vector<geo::Road> roads;
    for (int i = 0; i <= 20; ++i) {
        roads.push_back(
            road(static_cast<geo::Id>(roads.size() + 1), {{0, i * 50.0}, {1000, i * 50.0}}));
        roads.push_back(
            road(static_cast<geo::Id>(roads.size() + 1), {{i * 50.0, 0}, {i * 50.0, 1000}}));
    }
    geo::District d;
    SilentProgress progress;
    d.network = build_network(roads, {}, progress).network;
    d.zones.push_back({1, "一组", "", 0, 0, std::nullopt, {}});
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> along(2, 998);
    std::uniform_int_distribution<int> street(0, 19);
    for (geo::Id id = 1; id <= 5000; ++id)
        d.buildings.push_back(building_at(id, along(rng), street(rng) * 50.0 + 12, 1));
    const auto report = plan_routes(d, {}, progress);
    ASSERT_EQ(d.routes.size(), 1u);
    EXPECT_EQ(report["routes"][0]["stops"], 5000);
    const geo::Route& r = d.routes[0];
    EXPECT_EQ(r.geom.front(), r.geom.back());
    EXPECT_NEAR(r.length_m, geo::length(r.geom), 1e-6);
    // Every door is on the walk: no building's centre is farther from the line than its
    // street (12 m) plus its half-diagonal.
    std::size_t off = 0;
    for (const auto& b : d.buildings) {
        const geo::Point c{(b.geom[0].rings[0][0].x + b.geom[0].rings[0][2].x) / 2,
                           (b.geom[0].rings[0][0].y + b.geom[0].rings[0][2].y) / 2};
        double nearest = 1e300;
        for (std::size_t i = 1; i < r.geom.size(); ++i)
            nearest = std::min(nearest, geo::segment_distance(c, r.geom[i - 1], r.geom[i]));
        if (nearest > 12 + 5 * std::sqrt(2.0) + 1e-6) ++off;
    }
    EXPECT_EQ(off, 0u);
    // The doors face 20 streets of 1 km: the walk is at least one pass along each of them
    // (less their few unused metres) and no more than the whole grid walked twice.
    EXPECT_GT(r.length_m, 20 * 990);
    EXPECT_LT(r.length_m, 2 * 42 * 1000);
    EXPECT_FALSE(report["routes"][0].contains("straight_links"));
}
