// Planning on real counts (issue 14, item 3) on a hand-made district: the register's
// households replace their buildings' estimates, and go back when no row names them.

#include <cordon/geo/household_tally.hpp>
#include <cordon/ledger/register_counts.hpp>

#include <gtest/gtest.h>

namespace cordon::ledger {

namespace {

/// Three homes with estimated households (10, 20 and 30; 2.5 residents each), the first two in
/// zone 1, the third in zone 2, and a shop with none.
geo::District district() {
    geo::District d;
    for (geo::Id id = 1; id <= 4; ++id) {
        geo::Building b;
        b.id = id;
        b.source_id = "way/" + std::to_string(id);
        b.households = id == 4 ? 0 : 10.0 * static_cast<double>(id);
        b.residents = b.households * 2.5;
        b.households_estimated = true;
        b.control = "patrol";
        b.zone_id = id <= 2 ? 1 : 2;
        d.buildings.push_back(b);
    }
    d.zones.push_back({1, "1", "", 30, 0, std::nullopt, {}, 2});
    d.zones.push_back({2, "2", "", 30, 0, std::nullopt, {}, 2});
    return d;
}

geo::Household household(geo::Id id, std::optional<geo::Id> building,
                         std::optional<std::int64_t> members, bool vacant = false) {
    geo::Household h;
    h.id = id;
    h.key = "h" + std::to_string(id);
    h.building_id = building;
    h.members = members;
    h.vacant = vacant;
    return h;
}

} // namespace

TEST(RegisterCounts, RegisteredHouseholdsReplaceTheEstimate) {
    geo::District d = district();
    // Building 1: three households (3 and 1 members, one vacant with 0); building 2: one
    // whose members are not given; one household on no building.
    d.households = {household(1, 1, 3), household(2, 1, 1), household(3, 1, 0, true),
                    household(4, 2, std::nullopt), household(5, std::nullopt, 4)};
    const nlohmann::json f = apply_register_counts(d);

    const geo::Building& b1 = d.buildings[0];
    EXPECT_TRUE(b1.registered);
    EXPECT_FALSE(b1.households_estimated);
    EXPECT_DOUBLE_EQ(b1.households, 3);
    EXPECT_EQ(b1.vacant_homes, 1);
    EXPECT_DOUBLE_EQ(b1.residents, 4);
    EXPECT_DOUBLE_EQ(b1.imported_households, 10);
    EXPECT_DOUBLE_EQ(b1.imported_residents, 25);
    EXPECT_TRUE(b1.imported_estimated);
    // Members not given: the mean of the occupied households that give them, (3 + 1) / 2.
    const geo::Building& b2 = d.buildings[1];
    EXPECT_DOUBLE_EQ(b2.households, 1);
    EXPECT_DOUBLE_EQ(b2.residents, 2);
    EXPECT_EQ(f["members_not_given"], 1);
    // No row names building 3: it keeps its estimate, counted apart.
    const geo::Building& b3 = d.buildings[2];
    EXPECT_FALSE(b3.registered);
    EXPECT_TRUE(b3.households_estimated);
    EXPECT_DOUBLE_EQ(b3.households, 30);

    EXPECT_EQ(f["registered"]["buildings"], 2);
    EXPECT_EQ(f["registered"]["households"], 4);
    EXPECT_EQ(f["registered"]["vacant"], 1);
    EXPECT_EQ(f["registered"]["residents"], 6);
    EXPECT_EQ(f["estimated"]["buildings"], 1); // the shop has no homes
    EXPECT_EQ(f["estimated"]["households"], 30);
    EXPECT_EQ(f["households"], 34);
    // The zones' households are their buildings' again.
    EXPECT_DOUBLE_EQ(d.zones[0].households, 4);
    EXPECT_DOUBLE_EQ(d.zones[1].households, 30);
    EXPECT_EQ(f["zones_recounted"], 1); // zone 2's building kept its estimate
}

TEST(RegisterCounts, ABuildingNoRowNamesAnyMoreGoesBackToItsEstimate) {
    geo::District d = district();
    d.households = {household(1, 1, 2), household(2, 2, 5)};
    apply_register_counts(d);
    ASSERT_DOUBLE_EQ(d.buildings[0].households, 1);
    // The next register names building 2 only, twice.
    d.households = {household(1, 2, 2), household(2, 2, 5)};
    apply_register_counts(d);
    EXPECT_FALSE(d.buildings[0].registered);
    EXPECT_TRUE(d.buildings[0].households_estimated);
    EXPECT_DOUBLE_EQ(d.buildings[0].households, 10);
    EXPECT_DOUBLE_EQ(d.buildings[0].residents, 25);
    EXPECT_DOUBLE_EQ(d.buildings[1].households, 2);
    EXPECT_DOUBLE_EQ(d.buildings[1].residents, 7);
    // Its estimate was kept from before the first register, not taken from the register.
    EXPECT_DOUBLE_EQ(d.buildings[1].imported_households, 20);
    EXPECT_DOUBLE_EQ(d.zones[0].households, 12);
    // No register at all: every building as imported.
    d.households.clear();
    const nlohmann::json f = apply_register_counts(d);
    for (const auto& b : d.buildings) {
        EXPECT_FALSE(b.registered);
        EXPECT_DOUBLE_EQ(b.households, b.id == 4 ? 0 : 10.0 * static_cast<double>(b.id));
    }
    EXPECT_EQ(f["registered"]["buildings"], 0);
    EXPECT_EQ(f["estimated"]["households"], 60);
}

} // namespace cordon::ledger
