#include "fixtures.hpp"

#include <cordon/geo/polygon_ops.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <tuple>

using namespace cordon::geo;

namespace {

Polygon box_polygon(double x0, double y0, double x1, double y1) {
    return cordon::test::rect(x0, y0, x1, y1).front();
}

} // namespace

TEST(PolygonOps, VoronoiCellsHoldTheirSitesAndTileTheBox) {
    std::mt19937_64 rng(1);
    std::uniform_real_distribution<double> u(0, 100);
    std::vector<Point> sites;
    for (int i = 0; i < 200; ++i)
        sites.push_back({u(rng), u(rng)});
    sites.push_back(sites[3]); // a duplicate: no cell of its own
    const Box clip{-50, -50, 150, 150};
    const auto cells = voronoi_cells(sites, clip);
    ASSERT_EQ(cells.size(), sites.size());
    double total = 0;
    for (std::size_t i = 0; i + 1 < sites.size(); ++i) {
        ASSERT_FALSE(cells[i].rings.empty()) << i;
        EXPECT_TRUE(contains(cells[i], sites[i])) << i;
        total += area(MultiPolygon{cells[i]});
    }
    EXPECT_TRUE(cells.back().rings.empty());
    EXPECT_NEAR(total, 200.0 * 200.0, 1e-6 * 40000);
    // Dissolving them all gives the box back as one polygon without holes.
    std::vector<const Polygon*> all;
    for (const auto& c : cells)
        if (!c.rings.empty()) all.push_back(&c);
    const MultiPolygon whole = dissolve_cells(all);
    ASSERT_EQ(whole.size(), 1u);
    EXPECT_EQ(whole[0].rings.size(), 1u);
    EXPECT_NEAR(area(whole), 40000, 1e-6);
    EXPECT_TRUE(is_valid(whole));
}

TEST(PolygonOps, VoronoiCellsInStripsAreExact) {
    // Enough sites for the strip path (more than 2 × 8000), with clusters and a sparse corner
    // so some cells are wide and must be computed again from a larger region; duplicates too.
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(0, 2000), v(0, 60);
    std::vector<Point> sites;
    for (int i = 0; i < 18000; ++i)
        sites.push_back({u(rng), u(rng) * 0.9});
    for (int i = 0; i < 20; ++i)
        sites.push_back({1900 + v(rng), 1900 + v(rng)});
    sites.push_back(sites[10]);
    sites.push_back(sites[12345]);
    const Box clip{-300, -300, 2300, 2300};
    const auto cells = voronoi_cells(sites, clip, 8000);
    ASSERT_EQ(cells.size(), sites.size());
    double total = 0;
    std::vector<const Polygon*> all;
    for (std::size_t i = 0; i + 2 < sites.size(); ++i) {
        ASSERT_FALSE(cells[i].rings.empty()) << i;
        ASSERT_TRUE(contains(cells[i], sites[i])) << i;
        total += area(MultiPolygon{cells[i]});
        all.push_back(&cells[i]);
    }
    EXPECT_TRUE(cells[sites.size() - 1].rings.empty());
    EXPECT_TRUE(cells[sites.size() - 2].rings.empty());
    EXPECT_NEAR(total, 2600.0 * 2600.0, 1e-6 * 2600.0 * 2600.0);
    // Cells from different strips share their vertices exactly: one polygon, no holes.
    const MultiPolygon whole = dissolve_cells(all);
    ASSERT_EQ(whole.size(), 1u);
    EXPECT_EQ(whole[0].rings.size(), 1u);
    // And every cell is the one of a single big diagram, vertex for vertex.
    const auto single = voronoi_cells(sites, clip, sites.size());
    ASSERT_EQ(single.size(), cells.size());
    for (std::size_t i = 0; i < cells.size(); ++i) {
        ASSERT_EQ(cells[i].rings.size(), single[i].rings.size()) << i;
        if (cells[i].rings.empty()) continue;
        auto a = cells[i].rings[0], b = single[i].rings[0];
        a.pop_back(), b.pop_back(); // the closing vertex; the start may differ
        auto less = [](const Point& p, const Point& q) {
            return std::tie(p.x, p.y) < std::tie(q.x, q.y);
        };
        std::sort(a.begin(), a.end(), less);
        std::sort(b.begin(), b.end(), less);
        ASSERT_EQ(a, b) << "cell " << i;
    }
}

TEST(PolygonOps, VoronoiCellsOfAGridOfCocircularSites) {
    // Street-like sites: every 4 m along the lines of a 100 m grid, so four sites share a
    // circle everywhere. Every cell holds its site and the cells tile the box exactly.
    std::vector<Point> sites;
    for (int i = 0; i <= 10; ++i)
        for (int j = 0; j < 250; ++j) {
            sites.push_back({i * 100.0, j * 4.0});
            if (j % 25 != 0) sites.push_back({j * 4.0, i * 100.0});
        }
    const Box clip{-50, -50, 1050, 1050};
    const auto cells = voronoi_cells(sites, clip);
    double total = 0;
    std::vector<const Polygon*> all;
    for (std::size_t i = 0; i < sites.size(); ++i) {
        ASSERT_FALSE(cells[i].rings.empty()) << i;
        ASSERT_TRUE(contains(cells[i], sites[i])) << i;
        total += area(MultiPolygon{cells[i]});
        all.push_back(&cells[i]);
    }
    EXPECT_NEAR(total, 1100.0 * 1100.0, 1e-6 * 1100.0 * 1100.0);
    const MultiPolygon whole = dissolve_cells(all);
    ASSERT_EQ(whole.size(), 1u);
    EXPECT_EQ(whole[0].rings.size(), 1u);
}

TEST(PolygonOps, DissolveKeepsHolesAndPinches) {
    // A 3 × 3 ring of unit squares around an empty middle: one polygon with one hole.
    std::vector<Polygon> squares;
    for (int x = 0; x < 3; ++x)
        for (int y = 0; y < 3; ++y)
            if (x != 1 || y != 1) squares.push_back(box_polygon(x, y, x + 1, y + 1));
    std::vector<const Polygon*> cells;
    for (const auto& s : squares)
        cells.push_back(&s);
    const MultiPolygon ring = dissolve_cells(cells);
    ASSERT_EQ(ring.size(), 1u);
    EXPECT_EQ(ring[0].rings.size(), 2u);
    EXPECT_NEAR(area(ring), 8, 1e-12);
    EXPECT_TRUE(is_valid(ring));
    // Two squares touching at a corner: two polygons, valid together.
    const Polygon a = box_polygon(0, 0, 1, 1), b = box_polygon(1, 1, 2, 2);
    const MultiPolygon pinch = dissolve_cells({&a, &b});
    EXPECT_EQ(pinch.size(), 2u);
    EXPECT_TRUE(is_valid(pinch));
}

TEST(PolygonOps, MeasuresAndOverlay) {
    const MultiPolygon sq{box_polygon(0, 0, 10, 10)};
    EXPECT_NEAR(perimeter(sq), 40, 1e-12);
    EXPECT_NEAR(polsby_popper(sq), std::numbers::pi / 4, 1e-12);
    EXPECT_NEAR(hull_ratio(sq), 1, 1e-12);
    const MultiPolygon l = {
        Polygon{{{{0, 0}, {10, 0}, {10, 5}, {5, 5}, {5, 10}, {0, 10}, {0, 0}}}}};
    EXPECT_NEAR(hull_ratio(l), 75.0 / 87.5, 1e-12);
    const MultiPolygon other{box_polygon(5, 5, 15, 15)};
    EXPECT_NEAR(area(intersection(sq, other)), 25, 1e-9);
    EXPECT_NEAR(area(difference(sq, other)), 75, 1e-9);
    EXPECT_NEAR(area(unite({&sq, &other})), 175, 1e-9);
    EXPECT_GT(area(buffer(sq, 1)), 100 + 40);
    EXPECT_NEAR(area(MultiPolygon{convex_hull(l)}), 87.5, 1e-9);
    // Counter-clockwise positive, clockwise negative; area() ignores which way rings run.
    EXPECT_NEAR(signed_area(sq[0].rings[0]), 100, 1e-12);
    Ring cw = sq[0].rings[0];
    std::reverse(cw.begin(), cw.end());
    EXPECT_NEAR(signed_area(cw), -100, 1e-12);
    EXPECT_NEAR(area(MultiPolygon{Polygon{{cw}}}), 100, 1e-12);
}

// Cut to a box: what lies inside, the box's edges closing the cut; wholly inside, unchanged;
// wholly outside, nothing.
TEST(PolygonOps, ClipToBox) {
    const MultiPolygon l = {
        Polygon{{{{0, 0}, {10, 0}, {10, 5}, {5, 5}, {5, 10}, {0, 10}, {0, 0}}}}};
    const MultiPolygon cut = clip_to_box(l, {-1, -1, 11, 3});
    EXPECT_NEAR(area(cut), 30, 1e-9);
    const MultiPolygon corner = clip_to_box(l, {2, 2, 8, 8});
    EXPECT_NEAR(area(corner), 6 * 3 + 3 * 3, 1e-9); // 2..8 x 2..5 and 2..5 x 5..8
    EXPECT_NEAR(area(clip_to_box(l, {-5, -5, 20, 20})), 75, 1e-9);
    EXPECT_TRUE(clip_to_box(l, {20, 20, 30, 30}).empty());
    const MultiPolygon apart = clip_to_box(l, {6, -1, 11, 11}); // the foot only
    EXPECT_NEAR(area(apart), 4 * 5, 1e-9);
}
