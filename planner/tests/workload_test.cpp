// Route minutes beside the team's shift (issue 13, item 4): hand-made zones whose routes
// take known minutes.

#include <cordon/geo/error.hpp>
#include <cordon/planner/staffing.hpp>
#include <cordon/planner/workload.hpp>

#include <gtest/gtest.h>

#include <cmath>

using namespace cordon;
using namespace cordon::planner;

namespace {

/// Zones 1–4: routes of 200, 300 and 600 minutes, and zone 4 without a route.
geo::District district() {
    geo::District d;
    for (geo::Id id = 1; id <= 4; ++id) {
        geo::Zone z;
        z.id = id;
        z.name = "片区 " + std::to_string(id);
        d.zones.push_back(z);
    }
    const double minutes[] = {200, 300, 600};
    for (geo::Id id = 1; id <= 3; ++id) {
        geo::Route r;
        r.id = id;
        r.zone_id = id;
        r.minutes = minutes[id - 1];
        r.length_m = r.minutes / 60 * 4000;
        d.routes.push_back(r);
    }
    return d;
}

} // namespace

TEST(Workload, ZonesWhoseRoundsDoNotFitAShiftNeedMoreTeams) {
    // An 8-hour shift (480 min), two rounds a day.
    const auto w = zone_workloads(district(), 8, 2);
    ASSERT_EQ(w.size(), 4u);
    // 2 × 200 = 400 min: both rounds in one shift.
    EXPECT_TRUE(w[0].fits);
    EXPECT_EQ(w[0].teams, 1);
    EXPECT_DOUBLE_EQ(w[0].minutes_per_day, 400);
    // 300 min: cannot be walked twice in a shift; one round each, two teams.
    EXPECT_FALSE(w[1].fits);
    EXPECT_EQ(w[1].teams, 2);
    EXPECT_DOUBLE_EQ(w[1].minutes_per_day, 600);
    // 600 min: not even one round fits; 1,200 minutes a day shared out: ⌈1200 ÷ 480⌉ = 3.
    EXPECT_FALSE(w[2].fits);
    EXPECT_EQ(w[2].teams, 3);
    // No route: nothing to walk, one team.
    EXPECT_FALSE(w[3].routed);
    EXPECT_TRUE(w[3].fits);
    EXPECT_EQ(w[3].teams, 1);
    // Three rounds: 3 × 200 = 600 > 480, two rounds a shift, so two teams.
    EXPECT_EQ(zone_workloads(district(), 8, 3)[0].teams, 2);
    // A 10-hour shift holds both 300-minute rounds.
    EXPECT_TRUE(zone_workloads(district(), 10, 2)[1].fits);
}

TEST(Workload, ReportNamesTheZonesOverAShift) {
    const nlohmann::json r = workload_report(district(), 8, 2);
    EXPECT_EQ(r["shift_hours"], 8);
    EXPECT_EQ(r["rounds_per_day"], 2);
    ASSERT_EQ(r["zones"].size(), 4u);
    EXPECT_TRUE(r["zones"][3]["route_minutes"].is_null());
    ASSERT_EQ(r["over_shift"].size(), 2u);
    EXPECT_EQ(r["over_shift"][0]["name"], "片区 2");
    EXPECT_EQ(r["over_shift"][0]["teams"], 2);
    EXPECT_EQ(r["over_shift"][0]["route_minutes"], 300);
    EXPECT_EQ(r["over_shift"][1]["name"], "片区 3");
    EXPECT_EQ(r["over_shift"][1]["teams"], 3);
}

TEST(Workload, StaffingCountsTheTeamsTheZonesNeed) {
    StaffingParams params; // 8 h, 2 rounds, teams of 3
    const nlohmann::json r = plan_staffing(district(), params);
    // 1 + 2 + 3 + 1 teams, each one social worker and two volunteers.
    EXPECT_EQ(r["district"]["need"]["social_workers"], 7);
    EXPECT_EQ(r["district"]["need"]["volunteers"], 14);
    EXPECT_EQ(r["workload"]["over_shift"].size(), 2u);
}

TEST(Workload, OutOfRangeIsRefused) {
    EXPECT_THROW(zone_workloads(district(), 0.5, 2), InputError);
    EXPECT_THROW(zone_workloads(district(), 8, 0), InputError);
    EXPECT_THROW(zone_workloads(district(), 8, 25), InputError);
    EXPECT_THROW(zone_workloads(district(), std::nan(""), 2), InputError);
}
