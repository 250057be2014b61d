// session::staffing_params: the hand-over's staffing table uses the parameters the project
// was last planned with.

#include <cordon/session/plan.hpp>

#include <gtest/gtest.h>

using namespace cordon;

TEST(StaffingParams, DefaultsWithoutAStaffingStep) {
    geo::District d;
    d.meta.history.push_back({"", "import", "", "{}"});
    d.meta.history.push_back({"", "zones", R"({"zones": {"zones": 8}})", "{}"});
    const planner::StaffingParams p = session::staffing_params(d);
    const planner::StaffingParams defaults;
    EXPECT_EQ(p.shift_hours, defaults.shift_hours);
    EXPECT_EQ(p.patrol_team_size, defaults.patrol_team_size);
    EXPECT_TRUE(p.available.empty());
}

TEST(StaffingParams, TheNewestStaffingParametersWin) {
    session::PlanParams older;
    older.staffing.patrol_team_size = 4;
    session::PlanParams newer;
    newer.staffing.shift_hours = 12;
    newer.staffing.patrol_team_size = 5;
    newer.staffing.patrol_rounds_per_day = 3;
    newer.staffing.available["volunteers"] = 40;
    geo::District d;
    d.meta.history.push_back({"", "all", session::plan_parameters("all", older).dump(), "{}"});
    d.meta.history.push_back(
        {"", "staffing", session::plan_parameters("staffing", newer).dump(), "{}"});
    // A later step without staffing parameters, and one that cannot be read, change nothing.
    d.meta.history.push_back({"", "checkpoints", R"({"budget": 3})", "{}"});
    d.meta.history.push_back({"", "zones", "not json", "{}"});
    const planner::StaffingParams p = session::staffing_params(d);
    EXPECT_EQ(p.shift_hours, 12);
    EXPECT_EQ(p.patrol_team_size, 5);
    EXPECT_EQ(p.patrol_rounds_per_day, 3);
    EXPECT_EQ(p.available.at("volunteers"), 40);
}

TEST(StaffingParams, OutOfRangeValuesKeepTheDefaults) {
    geo::District d;
    d.meta.history.push_back(
        {"", "staffing", R"({"staffing": {"shift_hours": 0, "patrol_team_size": -2}})", "{}"});
    const planner::StaffingParams p = session::staffing_params(d);
    EXPECT_EQ(p.shift_hours, planner::StaffingParams{}.shift_hours);
    EXPECT_EQ(p.patrol_team_size, planner::StaffingParams{}.patrol_team_size);
}
