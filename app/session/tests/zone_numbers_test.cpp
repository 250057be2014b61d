// Stable zone numbers: a re-run keeps the number of a zone that keeps most of its households.

#include "fixtures.hpp"

#include <cordon/session/zone_numbers.hpp>

#include <gtest/gtest.h>

#include <map>

using namespace cordon;

namespace {

geo::Zone zone(geo::Id id, const std::string& name, const std::string& team) {
    geo::Zone z;
    z.id = id;
    z.name = name;
    z.team = team;
    return z;
}

geo::Building building(geo::Id id, double households, std::optional<geo::Id> zone_id) {
    geo::Building b;
    b.id = id;
    b.households = households;
    b.zone_id = zone_id;
    return b;
}

} // namespace

TEST(ZoneNumbers, AZoneKeepingMostOfItsHouseholdsKeepsItsNumberNameAndTeam) {
    // Before: zone 1 = A B C D, zone 2 = E F, zone 3 (named by the planner 老城) = G H.
    const std::vector<geo::Zone> before = {
        zone(1, "片区 1", "巡查组 1"), zone(2, "片区 2", "巡查组 2"), zone(3, "老城", "张三组")};
    const std::vector<geo::Building> old_buildings = {
        building(1, 10, 1), building(2, 10, 1), building(3, 10, 1),
        building(4, 10, 1), building(5, 10, 2), building(6, 10, 2),
        building(7, 10, 3), building(8, 10, 3), building(9, 10, std::nullopt)};
    // After, as the planner numbers them: 1 = G H (all of old 3), 2 = A B C E (3/4 of old 1,
    // half of old 2), 3 = D F (half of old 2: not most), 4 = the new building I.
    geo::District after;
    after.zones = {zone(1, "片区 1", "巡查组 1"), zone(2, "片区 2", "巡查组 2"),
                   zone(3, "片区 3", "巡查组 3"), zone(4, "片区 4", "巡查组 4")};
    after.buildings = {building(1, 10, 2), building(2, 10, 2), building(3, 10, 2),
                       building(4, 10, 3), building(5, 10, 2), building(6, 10, 3),
                       building(7, 10, 1), building(8, 10, 1), building(9, 10, 4)};
    nlohmann::json report = {{"per_zone", nlohmann::json::array()}};
    for (int i = 1; i <= 4; ++i)
        report["per_zone"].push_back({{"zone", i}, {"name", "片区 " + std::to_string(i)}});
    const auto r = session::keep_zone_numbers(before, old_buildings, after, &report);
    EXPECT_EQ(r["kept"], 2);
    EXPECT_EQ(r["new"], 2);
    ASSERT_EQ(after.zones.size(), 4u);
    // Sorted by number: 1 (A B C E, was planner's 2), 2 (D F, fresh: the smallest free
    // number), 3 (G H, the old 老城 with its team), 4 (I).
    EXPECT_EQ(after.zones[0].id, 1);
    EXPECT_EQ(after.zones[0].name, "片区 1");
    EXPECT_EQ(after.zones[1].id, 2);
    EXPECT_EQ(after.zones[1].name, "片区 2"); // the planner's "片区 3" renumbered
    EXPECT_EQ(after.zones[1].team, "巡查组 2");
    EXPECT_EQ(after.zones[2].id, 3);
    EXPECT_EQ(after.zones[2].name, "老城");
    EXPECT_EQ(after.zones[2].team, "张三组");
    EXPECT_EQ(after.zones[3].id, 4);
    const std::vector<geo::Id> want = {1, 1, 1, 2, 1, 2, 3, 3, 4};
    for (std::size_t i = 0; i < want.size(); ++i)
        EXPECT_EQ(after.buildings[i].zone_id, want[i]) << "building " << i + 1;
    // The report follows, in number order.
    ASSERT_EQ(report["per_zone"].size(), 4u);
    EXPECT_EQ(report["per_zone"][0]["zone"], 1);
    EXPECT_EQ(report["per_zone"][2]["zone"], 3);
    EXPECT_EQ(report["per_zone"][2]["name"], "老城");

    // The rule, checked pair by pair: every new zone holding more than half of an old zone's
    // households has that zone's number.
    std::map<geo::Id, double> old_total;
    std::map<std::pair<geo::Id, geo::Id>, double> shared;
    for (std::size_t i = 0; i < old_buildings.size(); ++i) {
        if (!old_buildings[i].zone_id) continue;
        old_total[*old_buildings[i].zone_id] += old_buildings[i].households;
        shared[{*after.buildings[i].zone_id, *old_buildings[i].zone_id}] +=
            old_buildings[i].households;
    }
    for (const auto& [key, h] : shared) {
        if (h > old_total[key.second] / 2) {
            EXPECT_EQ(key.first, key.second);
        }
    }
}

TEST(ZoneNumbers, TheSameZoningAgainChangesNothing) {
    const std::vector<geo::Zone> before = {zone(1, "片区 1", "甲"), zone(2, "片区 2", "乙")};
    const std::vector<geo::Building> old_buildings = {building(1, 5, 1), building(2, 7, 2)};
    geo::District after;
    // The planner numbers them the other way round.
    after.zones = {zone(1, "片区 1", "巡查组 1"), zone(2, "片区 2", "巡查组 2")};
    after.buildings = {building(1, 5, 2), building(2, 7, 1)};
    const auto r = session::keep_zone_numbers(before, old_buildings, after);
    EXPECT_EQ(r["kept"], 2);
    EXPECT_EQ(after.buildings[0].zone_id, 1);
    EXPECT_EQ(after.buildings[1].zone_id, 2);
    EXPECT_EQ(after.zones[0].team, "甲");
    EXPECT_EQ(after.zones[1].team, "乙");
}
