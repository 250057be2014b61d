#include <cordon/planner/staffing.hpp>

#include <gtest/gtest.h>

using namespace cordon;
using namespace cordon::planner;

TEST(Staffing, HoursPerDay) {
    EXPECT_DOUBLE_EQ(hours_per_day("07-22"), 15);
    EXPECT_DOUBLE_EQ(hours_per_day("7:30-22:00"), 14.5);
    EXPECT_DOUBLE_EQ(hours_per_day("22-06"), 8); // past midnight
    EXPECT_DOUBLE_EQ(hours_per_day(""), 24);
    EXPECT_DOUBLE_EQ(hours_per_day("all day"), 24);
    EXPECT_DOUBLE_EQ(hours_per_day("24 h"), 24);
    EXPECT_DOUBLE_EQ(hours_per_day("7:00-22"), 15);
    EXPECT_DOUBLE_EQ(hours_per_day("0:00-24:00"), 24);
    EXPECT_DOUBLE_EQ(hours_per_day("23:30 - 0:00"), 0.5);
    EXPECT_DOUBLE_EQ(hours_per_day("24:00-0:00"), 24); // found by fuzz_hours: it gave 0 h
    EXPECT_DOUBLE_EQ(hours_per_day("24-0"), 24);
}

TEST(Staffing, HoursOutOfTheClockAreNamedAndCountAsAllDay) {
    for (const std::string ok : {"07-22", "7:30-22:00", "0:00-24:00", "24 h", "", "all day"}) {
        SCOPED_TRACE(ok);
        EXPECT_EQ(hours_problem(ok), "");
    }
    EXPECT_NE(hours_problem("07:99-22:00").find("minute 99 is past 59"), std::string::npos);
    EXPECT_NE(hours_problem("07:00-22:60").find("minute 60"), std::string::npos);
    EXPECT_NE(hours_problem("7-25").find("hour 25 is past 24"), std::string::npos);
    EXPECT_NE(hours_problem("24:30-06:00").find("24:30 is past midnight"), std::string::npos);
    EXPECT_NE(hours_problem("0-99999999999999999999").find("past 24"), std::string::npos);
    EXPECT_NE(hours_problem("07:99-22:00").find("'07:99-22:00'"), std::string::npos);
    // Before the range check these gave 8.65 h, -0.5 h and 166 h.
    for (const std::string bad :
         {"07:99-16:00", "24:30-00:00", "00:00-00:9999", "7-25", "0-99999999999999999999"}) {
        SCOPED_TRACE(bad);
        EXPECT_DOUBLE_EQ(hours_per_day(bad), 24);
    }
}

TEST(Staffing, CountsEveryDutyAndNamesTheShortfall) {
    geo::District d;
    d.communities.push_back({1, "", "玉林", "", {}});
    geo::Compound closed;
    closed.id = 1;
    closed.mode = geo::CompoundMode::closed;
    closed.community_id = 1;
    geo::Compound guarded = closed;
    guarded.id = 2;
    guarded.mode = geo::CompoundMode::guarded;
    d.compounds = {closed, guarded};
    auto gate = [&](geo::Id id, geo::Id compound, geo::GateState state, int crew) {
        geo::Gate g;
        g.id = id;
        g.compound_id = compound;
        g.state = state;
        g.crew = crew;
        d.gates.push_back(g);
    };
    gate(1, 1, geo::GateState::open, 2);   // 2 × 3 shifts = 6 property staff
    gate(2, 1, geo::GateState::closed, 0); // closed: nobody
    gate(3, 2, geo::GateState::open, 1);   // 1 × 3 = 3 volunteers
    gate(4, 2, geo::GateState::open, 1);   // 3 more
    // One team (1 social worker + 2 volunteers) walks both rounds in its shift: the zone has
    // no route, so nothing says they do not fit (workload_test has zones that do not).
    d.zones.push_back({1, "一组", "", 100, 0, 1, {}});
    d.checkpoints.push_back(
        {1, std::nullopt, geo::CheckpointKind::vehicle, "07-22", 4, "", {}}); // 4 × 2 shifts
    StaffingParams params;
    params.available = {{"volunteers", 5}, {"staff", 10}};
    const auto r = plan_staffing(d, params);
    EXPECT_EQ(r["district"]["need"]["property"], 6);
    EXPECT_EQ(r["district"]["need"]["volunteers"], 3 + 3 + 2);
    EXPECT_EQ(r["district"]["need"]["social_workers"], 1);
    EXPECT_EQ(r["district"]["need"]["staff"], 8);
    EXPECT_EQ(r["district"]["people_per_day"], 6 + 8 + 1 + 8);
    EXPECT_EQ(r["communities"]["玉林"]["duties"]["guarded_courtyard_gates"], 6);
    ASSERT_EQ(r["shortfall"].size(), 1u);
    EXPECT_EQ(r["shortfall"][0]["pool"], "volunteers");
    EXPECT_EQ(r["shortfall"][0]["short"], 3);
}
