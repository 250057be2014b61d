// Zones balanced by walking time (ZoningParams::balance_by = walk), checked by walking the
// zones with route_patrols, independently of what the zoning reports.

#include "fixtures.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/planner/road_network.hpp>
#include <cordon/planner/routes.hpp>
#include <cordon/planner/zoning.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

using namespace cordon;
using namespace cordon::planner;

namespace {

geo::MultiPolygon square(geo::Point c, double half) {
    return test::rect(c.x - half, c.y - half, c.x + half, c.y + half);
}

/// A dense quarter (a 6 × 6 grid of 50 m blocks, 144 buildings of 10 households) and, from
/// its east side, a lane 5 km long with a house of 29 households every 100 m (50 houses): the
/// same households on both, but the lane takes far longer to walk.
geo::District quarter_and_lane() {
    geo::District d;
    const double s = 50;
    for (int i = 0; i <= 6; ++i) {
        test::add_road(d, {{i * s, 0}, {i * s, 6 * s}});
        test::add_road(d, {{0, i * s}, {6 * s, i * s}});
    }
    for (int i = 0; i < 6; ++i)
        for (int j = 0; j < 6; ++j)
            for (double fx : {0.3, 0.7})
                for (double fy : {0.3, 0.7})
                    test::add_building(
                        d, square({(i + fx) * s + j * 0.7, (j + fy) * s + i * 0.3}, 4), 10);
    test::add_road(d, {{6 * s, 3 * s}, {6 * s + 5000, 3 * s}});
    for (int h = 0; h < 50; ++h)
        test::add_building(d, square({6 * s + 50 + 100 * h, 3 * s + 15}, 5), 29);
    SilentProgress progress;
    d.network = build_network(d.roads, {}, progress).network;
    return d;
}

/// The zoning applied to the district, then each zone's route as plan routes walks it, in the
/// order of the zones' ids.
std::vector<double> walked(geo::District d, const ZoningResult& r) {
    std::map<geo::Id, geo::Id> zone_of(r.assignment.begin(), r.assignment.end());
    for (auto& b : d.buildings)
        b.zone_id = zone_of.at(b.id);
    d.zones = r.zones;
    SilentProgress progress;
    const RoutePlan plan = route_patrols(d, RouteParams{}, progress);
    std::vector<double> out;
    for (const auto& [zone, metres] : plan.route_length)
        out.push_back(metres);
    return out;
}

/// How much longer the longest walk is than the shortest: 0.1 for 10 %.
double spread(const std::vector<double>& x) {
    return *std::max_element(x.begin(), x.end()) / *std::min_element(x.begin(), x.end()) - 1;
}

} // namespace

TEST(ZoningByWalk, ZonesWalkAboutAsLongAsEachOther) {
    const geo::District d = quarter_and_lane();
    const auto ids = test::building_ids(d);
    SilentProgress progress;
    for (int zones : {2, 3, 4}) {
        ZoningParams params;
        params.zones = zones;
        const ZoningResult by_households = zone_patrols(d, ids, params, progress);
        params.balance_by = BalanceBy::walk;
        const ZoningResult by_walk = zone_patrols(d, ids, params, progress);
        const auto households_walks = walked(d, by_households);
        const auto walks = walked(d, by_walk);
        ASSERT_EQ(walks.size(), static_cast<std::size_t>(zones));
        // Balanced by households, the lane's zone walks far longer than the quarter's.
        EXPECT_GT(spread(households_walks), 0.5) << zones << " zones";
        // Balanced by walking, every zone's route is within 10 % of the others'.
        EXPECT_LE(spread(walks), 0.10) << zones << " zones";
        EXPECT_EQ(by_walk.report.at("parameters").at("balance_by"), "walk");
        const auto& balance = by_walk.report.at("walk_balance");
        EXPECT_TRUE(balance.at("target_met").get<bool>()) << balance.dump();
        EXPECT_EQ(by_walk.report.at("per_zone").size(), static_cast<std::size_t>(zones));
        // The report's walks are the routes plan routes walks, zone by zone.
        for (std::size_t z = 0; z < by_walk.report.at("per_zone").size(); ++z) {
            const auto& row = by_walk.report.at("per_zone")[z];
            EXPECT_TRUE(row["contiguous"].get<bool>());
            EXPECT_NEAR(row["route_m"].get<double>(), walks[z], 0.5) << "zone " << z + 1; // whole m
        }
    }
}

TEST(ZoningByWalk, ACapacityIsRefused) {
    const geo::District d = quarter_and_lane();
    ZoningParams params;
    params.capacity = 500;
    params.balance_by = BalanceBy::walk;
    SilentProgress progress;
    EXPECT_THROW(zone_patrols(d, test::building_ids(d), params, progress), InputError);
}
