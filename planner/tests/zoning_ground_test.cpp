// Zones on real ground: a district whose streets run around a lake and along a bay. Every zone
// is one polygon, no two overlap, and no point of an outline lies farther than the reach
// (planner::zone_reach) from a building, door link or street of its own zone: nothing over the
// lake, the bay or the sea beyond what the houses and streets at their shores bring.

#include "fixtures.hpp"

#include <cordon/geo/polygon_ops.hpp>
#include <cordon/planner/road_network.hpp>
#include <cordon/planner/zoning.hpp>
#include <cordon/planner/zoning_problem.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

using namespace cordon;
using namespace cordon::planner;
using geo::Point;

namespace {

/// Streets in a "C" 900 m across: west, north and south streets, and the east street in two
/// dead ends (y 0–300 and 600–900) with a bay 300 m wide between them open to the sea in the
/// east. A lake fills the middle (x, y 200–700: no street, no house). Houses every 40 m on both
/// sides of every street, 15 m from it, but none on the sea side of the east street.
geo::District lake_and_bay() {
    geo::District d;
    const std::vector<geo::LineString> streets = {{{0, 0}, {0, 900}},
                                                  {{0, 900}, {900, 900}},
                                                  {{0, 0}, {900, 0}},
                                                  {{900, 0}, {900, 300}},
                                                  {{900, 600}, {900, 900}}};
    for (const auto& s : streets)
        test::add_road(d, s);
    int n = 0;
    for (const auto& s : streets) {
        const Point a = s[0], b = s[1];
        const double len = geo::distance(a, b);
        const double ux = (b.x - a.x) / len, uy = (b.y - a.y) / len;
        for (double t = 20; t < len; t += 40)
            for (double side : {-15.0, 15.0}) {
                const Point c{a.x + ux * t - uy * side, a.y + uy * t + ux * side};
                if (c.x > 900) continue; // the sea
                test::add_building(d, test::rect(c.x - 5, c.y - 5, c.x + 5, c.y + 5),
                                   10 + (n++ % 7));
            }
    }
    SilentProgress progress;
    d.network = build_network(d.roads, {}, progress).network;
    return d;
}

double distance_to_polygon(Point q, const geo::MultiPolygon& m) {
    double best = 1e300;
    for (const auto& poly : m) {
        if (geo::contains(poly, q)) return 0;
        for (const auto& ring : poly.rings)
            for (std::size_t i = 0; i + 1 < ring.size(); ++i)
                best = std::min(best, geo::segment_distance(q, ring[i], ring[i + 1]));
    }
    return best;
}

/// Points every `step` metres along every ring of `m` (and its vertices).
std::vector<Point> boundary_points(const geo::MultiPolygon& m, double step) {
    std::vector<Point> out;
    for (const auto& poly : m)
        for (const auto& ring : poly.rings)
            for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
                const double len = geo::distance(ring[i], ring[i + 1]);
                const int parts = std::max(1, static_cast<int>(std::ceil(len / step)));
                for (int j = 0; j < parts; ++j)
                    out.push_back(
                        geo::interpolate(ring[i], ring[i + 1], static_cast<double>(j) / parts));
            }
    return out;
}

/// The nearest point of the streets to `c` (where a house's door is).
Point door_of(const geo::District& d, Point c) {
    Point best = c;
    double best_d = 1e300;
    for (const auto& r : d.roads)
        for (std::size_t i = 0; i + 1 < r.geom.size(); ++i) {
            const auto pr = geo::project_onto_segment(c, r.geom[i], r.geom[i + 1]);
            const double dd = geo::distance(c, pr.at);
            if (dd < best_d) best_d = dd, best = pr.at;
        }
    return best;
}

} // namespace

TEST(ZonesOnRealGround, AroundALakeAndABayEveryZoneIsOnePolygonWithinReachOfItsOwnGround) {
    const geo::District d = lake_and_bay();
    const std::vector<geo::Id> ids = test::building_ids(d);
    // The streets sampled every 2 m: a zone's streets are those inside its outline.
    std::vector<Point> street_points;
    for (const auto& r : d.roads)
        for (std::size_t i = 0; i + 1 < r.geom.size(); ++i) {
            const double len = geo::distance(r.geom[i], r.geom[i + 1]);
            for (double t = 0; t <= len; t += 2)
                street_points.push_back(geo::interpolate(r.geom[i], r.geom[i + 1], t / len));
        }
    std::map<geo::Id, const geo::Building*> building;
    for (const auto& b : d.buildings)
        building[b.id] = &b;
    for (int k : {2, 3, 5, 8}) {
        SCOPED_TRACE("zones: " + std::to_string(k));
        ZoningParams params;
        params.zones = k;
        SilentProgress progress;
        const ZoningResult r = zone_patrols(d, ids, params, progress);
        ASSERT_EQ(static_cast<int>(r.zones.size()), k);
        EXPECT_EQ(r.report["contiguity"]["share_contiguous"].get<double>(), 1.0);
        EXPECT_LE(r.report["balance"]["largest_deviation"].get<double>(),
                  std::max(0.05, r.report["balance"]["floor"].get<double>()) + 1e-9);
        std::map<geo::Id, std::vector<geo::Id>> members;
        for (const auto& [b, z] : r.assignment)
            members[z].push_back(b);
        for (std::size_t a = 0; a < r.zones.size(); ++a) {
            const geo::Zone& zone = r.zones[a];
            SCOPED_TRACE("zone " + std::to_string(zone.id));
            EXPECT_EQ(zone.geom.size(), 1u) << "one polygon";
            EXPECT_TRUE(geo::is_valid(zone.geom));
            for (std::size_t b = a + 1; b < r.zones.size(); ++b)
                EXPECT_LT(geo::area(geo::intersection(zone.geom, r.zones[b].geom)), 1.0)
                    << "overlaps zone " << r.zones[b].id;
            // Nothing in the middle of the lake or out in the bay.
            for (Point wet : {Point{450, 450}, Point{1000, 450}, Point{800, 450}})
                for (const auto& poly : zone.geom)
                    EXPECT_FALSE(geo::contains(poly, wet)) << wet.x << "," << wet.y;
            // Its own ground: footprints, door links, streets inside the outline.
            std::vector<std::pair<Point, Point>> links;
            geo::MultiPolygon footprints;
            for (geo::Id id : members[zone.id]) {
                const auto& g = building[id]->geom;
                footprints.insert(footprints.end(), g.begin(), g.end());
                const Point c = geo::bounds(g).centre();
                links.emplace_back(c, door_of(d, c));
            }
            std::vector<Point> own_streets;
            for (const Point& s : street_points)
                for (const auto& poly : zone.geom)
                    if (geo::contains(poly, s)) {
                        own_streets.push_back(s);
                        break;
                    }
            double worst = 0;
            for (const Point& q : boundary_points(zone.geom, 5)) {
                double dq = distance_to_polygon(q, footprints);
                for (const auto& [c, door] : links)
                    dq = std::min(dq, geo::segment_distance(q, c, door));
                for (const Point& s : own_streets)
                    dq = std::min(dq, geo::distance(q, s));
                worst = std::max(worst, dq);
            }
            // 2 m: the street samples' spacing.
            EXPECT_LE(worst, zone_reach + 2) << "an outline point that far from its own ground";
            EXPECT_GT(worst, zone_reach - 5) << "the reach is used (not cut short)";
        }
    }
}
