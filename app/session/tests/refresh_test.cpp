#include "fixtures.hpp"

#include <cordon/planner/road_network.hpp>
#include <cordon/planner/routes.hpp>
#include <cordon/session/edit.hpp>
#include <cordon/session/refresh.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

using namespace cordon;

namespace {

/// A ladder of streets (y = 0 and y = 100, joined at x = 0 and x = 300) and three zones:
/// zone 1 has buildings below the bottom street at x = 50, 90 and 120, zone 2 at x = 200 and 260,
/// zone 3 above the top street at x = 100 and 200. A door is the building's centre on the
/// nearest street: (x, 0) or (x, 100).
geo::District ladder() {
    std::vector<geo::Road> roads;
    test::add_road(roads, {{0, 0}, {300, 0}});
    test::add_road(roads, {{0, 100}, {300, 100}});
    test::add_road(roads, {{0, 0}, {0, 100}});
    test::add_road(roads, {{300, 0}, {300, 100}});
    geo::District d;
    d.meta.srid = 32648;
    SilentProgress progress;
    d.network = planner::build_network(roads, {}, progress).network;
    d.roads = roads;
    for (geo::Id z = 1; z <= 3; ++z)
        d.zones.push_back({z, "Z" + std::to_string(z), "", 0, 0, std::nullopt, {}});
    auto building = [&](double x, bool above, geo::Id zone) {
        const double y0 = above ? 105 : -15, y1 = above ? 115 : -5;
        geo::Building& b = test::add_building(d, test::rect(x - 5, y0, x + 5, y1), 10);
        b.zone_id = zone;
        b.control = "patrol";
    };
    building(50, false, 1);
    building(90, false, 1);
    building(120, false, 1);
    building(200, false, 2);
    building(260, false, 2);
    building(100, true, 3);
    building(200, true, 3);
    return d;
}

const geo::Route& route_of(const geo::District& d, geo::Id zone) {
    const auto it = std::find_if(d.routes.begin(), d.routes.end(),
                                 [&](const geo::Route& r) { return r.zone_id == zone; });
    EXPECT_NE(it, d.routes.end()) << "zone " << zone;
    return *it;
}

/// Whether the route walks through the door of every building of its zone.
void expect_every_door(const geo::District& d, geo::Id zone) {
    const geo::Route& r = route_of(d, zone);
    for (const auto& b : d.buildings) {
        if (b.zone_id != zone) continue;
        const geo::Point c = geo::bounds(b.geom).centre();
        const geo::Point door{c.x, c.y > 50 ? 100.0 : 0.0};
        EXPECT_TRUE(std::any_of(r.geom.begin(), r.geom.end(),
                                [&](const geo::Point& p) {
                                    return std::abs(p.x - door.x) < 1e-9 &&
                                           std::abs(p.y - door.y) < 1e-9;
                                }))
            << "zone " << zone << " misses the door of building " << b.id << " at (" << door.x
            << ", " << door.y << ")";
    }
    EXPECT_EQ(r.geom.front(), r.geom.back()); // a closed walk
}

} // namespace

TEST(RefreshZoneRoutes, EditedZonesPassEveryDoorAndTheOthersStayAsTheyWere) {
    geo::District d = ladder();
    SilentProgress progress;
    planner::plan_routes(d, {}, progress);
    ASSERT_EQ(d.routes.size(), 3u);
    const geo::Route zone3_before = route_of(d, 3);
    const double zone1_before = route_of(d, 1).length_m;
    // Doors at 50 and 120 on the bottom street: out and back from the first, 2 × 70 m.
    EXPECT_NEAR(zone1_before, 140, 1e-6);

    // The building at x = 120 (id 3) moves from zone 1 to zone 2.
    const auto touched = session::zones_touched_by_move(d, {3}, geo::Id{2});
    EXPECT_EQ(touched, (std::set<geo::Id>{1, 2}));
    session::apply_edit(d, session::MoveBuildings::to({3}, 2));
    ASSERT_EQ(d.buildings[2].zone_id, geo::Id{2});
    const auto report = session::refresh_zone_routes(d, touched, {}, progress);
    EXPECT_EQ(report["routes"].size(), 2u);

    ASSERT_EQ(d.routes.size(), 3u);
    expect_every_door(d, 1);
    expect_every_door(d, 2);
    expect_every_door(d, 3);
    // Zone 1 walks from 50 to 90 and back now, zone 2 from 120 to 260 and back.
    EXPECT_NEAR(route_of(d, 1).length_m, 80, 1e-6);
    EXPECT_NEAR(route_of(d, 2).length_m, 280, 1e-6);
    for (const auto& z : d.zones)
        EXPECT_NEAR(z.route_length, route_of(d, z.id).length_m, 1e-9) << "zone " << z.id;

    // Zone 3 was not touched: its route is the same, id and all.
    const geo::Route& zone3 = route_of(d, 3);
    EXPECT_EQ(zone3.id, zone3_before.id);
    EXPECT_EQ(zone3.geom, zone3_before.geom);
    EXPECT_EQ(zone3.length_m, zone3_before.length_m);

    // The same routes as planning every zone again, and ids stay unique, sorted by zone.
    geo::District full = d;
    planner::plan_routes(full, {}, progress);
    for (geo::Id z : {1, 2, 3}) {
        EXPECT_EQ(route_of(d, z).geom, route_of(full, z).geom) << "zone " << z;
        EXPECT_NEAR(route_of(d, z).length_m, route_of(full, z).length_m, 1e-9);
    }
    std::set<geo::Id> ids;
    for (const auto& r : d.routes)
        ids.insert(r.id);
    EXPECT_EQ(ids.size(), d.routes.size());
    EXPECT_TRUE(std::is_sorted(d.routes.begin(), d.routes.end(),
                               [](const auto& a, const auto& b) { return a.zone_id < b.zone_id; }));
}

TEST(RefreshZoneRoutes, NoZonesChangesNothing) {
    geo::District d = ladder();
    SilentProgress progress;
    planner::plan_routes(d, {}, progress);
    const std::vector<geo::Route> before = d.routes;
    session::refresh_zone_routes(d, {}, {}, progress);
    ASSERT_EQ(d.routes.size(), before.size());
    for (std::size_t i = 0; i < before.size(); ++i) {
        EXPECT_EQ(d.routes[i].id, before[i].id);
        EXPECT_EQ(d.routes[i].geom, before[i].geom);
    }
}
