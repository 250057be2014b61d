// Zone outlines: the incremental redraw (only the zones that changed) must give exactly what
// a full drawing gives, and compounds are cut out all at once unless that splits a zone.

#include "fixtures.hpp"

#include <cordon/geo/polygon_ops.hpp>
#include <cordon/planner/road_network.hpp>
#include <cordon/planner/zoning_problem.hpp>

#include <gtest/gtest.h>

#include <random>

using namespace cordon;
using namespace cordon::planner;
using geo::Point;

namespace {

/// `n` × `n` blocks of 100 m with 2 × 2 jittered buildings each, streets between them.
geo::District grid_district(int n, std::uint64_t seed) {
    geo::District d;
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> jitter(-4, 4);
    for (int i = 0; i <= n; ++i) {
        test::add_road(d, {{i * 100.0, 0}, {i * 100.0, n * 100.0}});
        test::add_road(d, {{0, i * 100.0}, {n * 100.0, i * 100.0}});
    }
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            for (double fx : {0.27, 0.73})
                for (double fy : {0.27, 0.73}) {
                    const Point c{(i + fx) * 100 + jitter(rng), (j + fy) * 100 + jitter(rng)};
                    test::add_building(d, test::rect(c.x - 5, c.y - 5, c.x + 5, c.y + 5), 10);
                }
    SilentProgress progress;
    d.network = build_network(d.roads, {}, progress).network;
    return d;
}

/// Both lists hold the same regions: same parts, same area, no area outside each other.
void expect_same_outlines(const std::vector<geo::MultiPolygon>& a,
                          const std::vector<geo::MultiPolygon>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t z = 0; z < a.size(); ++z) {
        SCOPED_TRACE("zone " + std::to_string(z));
        EXPECT_EQ(a[z].size(), b[z].size());
        EXPECT_NEAR(geo::area(a[z]), geo::area(b[z]), 1e-6);
        EXPECT_LT(geo::area(geo::difference(a[z], b[z])), 1e-6);
        EXPECT_LT(geo::area(geo::difference(b[z], a[z])), 1e-6);
    }
}

} // namespace

TEST(ZoneOutlines, RedrawingTheChangedZonesEqualsDrawingAll) {
    geo::District d = grid_district(6, 3);
    // Two communities side by side, and compounds holding none of the zoned buildings, inside
    // blocks (cut out; two of them in one zone, cut out together).
    d.communities.push_back({1, "", "west", "", test::rect(-20, -20, 300, 620)});
    d.communities.push_back({2, "", "east", "", test::rect(300, -20, 620, 620)});
    d.compounds.push_back(
        {1, "", "", geo::CompoundMode::closed, "", {}, test::rect(140, 140, 160, 160)});
    d.compounds.push_back(
        {2, "", "", geo::CompoundMode::closed, "", {}, test::rect(440, 340, 460, 360)});
    d.compounds.push_back(
        {3, "", "", geo::CompoundMode::closed, "", {}, test::rect(40, 40, 60, 60)});
    SilentProgress progress;
    const ZoningProblem p = build_zoning_problem(d, test::building_ids(d), 250, progress);
    // Four zones: west and east, each split at y = 300.
    std::vector<int> zone_of(p.units());
    for (std::uint32_t u = 0; u < p.units(); ++u)
        zone_of[u] = (p.position[u].x > 300 ? 2 : 0) + (p.position[u].y > 300 ? 1 : 0);
    const ZoneOutliner outliner(d, p);
    ZoneOutliner::Drawing drawing;
    const auto first = outliner(zone_of, 4, &drawing);
    for (const auto& o : first)
        ASSERT_FALSE(o.empty());
    // The compounds are cut out of the outlines.
    for (const auto& o : first)
        for (const auto& c : d.compounds)
            EXPECT_LT(geo::area(geo::intersection(o, c.geom)), 1e-6) << "compound " << c.id;

    // Move the west community's block row 2–3 (y 200–300) from zone 0 to zone 1.
    std::vector<int> moved = zone_of;
    std::vector<char> changed(4, 0);
    for (std::uint32_t u = 0; u < p.units(); ++u)
        if (zone_of[u] == 0 && p.position[u].y > 200) moved[u] = 1, changed[0] = changed[1] = 1;
    ASSERT_TRUE(changed[0]);
    const auto redrawn = outliner.redraw(moved, 4, changed, drawing);
    const auto full = outliner(moved, 4);
    expect_same_outlines(redrawn, full);
    // And the moved zones did change (the test would not notice a redraw that does nothing).
    EXPECT_GT(geo::area(geo::difference(full[1], first[1])), 1000);
    // Unchanged zones come from the drawing as they were.
    expect_same_outlines({redrawn[2], redrawn[3]}, {first[2], first[3]});

    // Again, now emptying zone 3 into zone 2 of the east community.
    std::vector<int> again = moved;
    std::vector<char> changed2(4, 0);
    for (std::uint32_t u = 0; u < p.units(); ++u)
        if (again[u] == 3) again[u] = 2, changed2[2] = changed2[3] = 1;
    const auto redrawn2 = outliner.redraw(again, 4, changed2, drawing);
    const auto full2 = outliner(again, 4);
    expect_same_outlines(redrawn2, full2);
    EXPECT_TRUE(redrawn2[3].empty());
}

TEST(ZoneOutlines, ACompoundThatWouldSplitAZoneStaysInIt) {
    // A compound across the whole district (and the outlines' 60 m reach beyond it) between
    // rows 1 and 2: cutting it out of a zone that spans both sides would split the zone, so it
    // stays; a small one is cut.
    geo::District d = grid_district(4, 5);
    d.compounds.push_back(
        {1, "", "", geo::CompoundMode::closed, "", {}, test::rect(-100, 185, 500, 215)});
    d.compounds.push_back(
        {2, "", "", geo::CompoundMode::closed, "", {}, test::rect(40, 340, 60, 360)});
    SilentProgress progress;
    const ZoningProblem p = build_zoning_problem(d, test::building_ids(d), 250, progress);
    std::vector<int> zone_of(p.units(), 0); // one zone
    const auto outlines = zone_outlines(d, p, zone_of, 1);
    ASSERT_EQ(outlines.size(), 1u);
    EXPECT_EQ(outlines[0].size(), 1u);
    EXPECT_GT(geo::area(geo::intersection(outlines[0], d.compounds[0].geom)), 1000);
    EXPECT_LT(geo::area(geo::intersection(outlines[0], d.compounds[1].geom)), 1e-6);
}
