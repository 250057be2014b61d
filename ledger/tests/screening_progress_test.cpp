// The screening per building and day by day (issue 14, item 5: the app's map colours and its
// chart of progress), on a hand-made district: counted as screening_report counts.

#include <cordon/ledger/screening.hpp>

#include <gtest/gtest.h>

namespace cordon::ledger {

namespace {

/// Two buildings: 1 with households a, b, c; 2 with d; e on none (unmatched).
geo::District district() {
    geo::District d;
    for (geo::Id id = 1; id <= 2; ++id) {
        geo::Building b;
        b.id = id;
        d.buildings.push_back(b);
    }
    const std::pair<const char*, std::optional<geo::Id>> homes[] = {
        {"a", 1}, {"b", 1}, {"c", 1}, {"d", 2}, {"e", std::nullopt}};
    for (const auto& [key, building] : homes) {
        geo::Household h;
        h.id = static_cast<geo::Id>(d.households.size() + 1);
        h.key = key;
        h.building_id = building;
        d.households.push_back(h);
    }
    const std::tuple<const char*, const char*, const char*> visits[] = {
        {"a", "2026-12-02", "met"},     {"b", "2026-12-01", "not_met"},
        {"b", "2026-12-02", "away"},    {"d", "2026-12-01", "vacant"},
        {"e", "2026-12-01", "refused"}, {"a", "2026-12-01", "not_met"}};
    for (const auto& [key, date, result] : visits) {
        geo::Visit v;
        v.id = static_cast<geo::Id>(d.visits.size() + 1);
        v.household_key = key;
        v.date = date;
        v.result = result;
        d.visits.push_back(v);
    }
    return d;
}

} // namespace

TEST(ScreeningProgress, PerBuildingByLatestVisit) {
    const geo::District d = district();
    const auto all = screening_by_building(d, "");
    ASSERT_EQ(all.size(), 2u);
    const ScreeningCounts& one = all.at(1);
    EXPECT_EQ(one.households, 3);
    EXPECT_EQ(one.visited, 2);
    EXPECT_EQ(one.met, 1);         // a: met on the 2nd
    EXPECT_EQ(one.not_yet_met, 1); // b: away
    EXPECT_EQ(all.at(2).vacant, 1);
    const auto first = screening_by_building(d, "2026-12-01");
    EXPECT_EQ(first.at(1).met, 0);
    EXPECT_EQ(first.at(1).not_yet_met, 2); // a and b not met on the 1st
}

TEST(ScreeningProgress, DayByDayAsTheReportSaysIt) {
    const geo::District d = district();
    const auto days = progress_by_day(d);
    ASSERT_EQ(days.size(), 2u);
    for (const auto& [date, c] : days) {
        const ScreeningCounts r = screening_report(d, date).district;
        EXPECT_EQ(c.households, r.households) << date;
        EXPECT_EQ(c.visited, r.visited) << date;
        EXPECT_EQ(c.met, r.met) << date;
        EXPECT_EQ(c.not_yet_met, r.not_yet_met) << date;
        EXPECT_EQ(c.vacant, r.vacant) << date;
    }
    EXPECT_EQ(days[0].first, "2026-12-01");
    EXPECT_EQ(days[0].second.visited, 4); // a, b, d, e
    EXPECT_EQ(days[1].second.met, 1);
    EXPECT_TRUE(progress_by_day(geo::District{}).empty());
}

} // namespace cordon::ledger
