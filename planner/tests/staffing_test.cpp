#include <cordon/geo/error.hpp>
#include <cordon/planner/staffing.hpp>

#include <gtest/gtest.h>

#include <array>
#include <sstream>

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

TEST(Staffing, PeoplePerHourEqualAHandCount) {
    geo::District d;
    geo::Compound closed;
    closed.id = 1;
    closed.mode = geo::CompoundMode::closed;
    d.compounds = {closed};
    geo::Gate g;
    g.id = 1;
    g.compound_id = 1;
    g.state = geo::GateState::open;
    g.crew = 2;
    d.gates.push_back(g);
    geo::Checkpoint a; // the district's important times
    a.id = 1;
    a.hours = "17:00-10:00";
    a.crew = 3;
    a.periods = "07:00-10:00=3,17:00-23:00=3,23:00-07:00=1";
    geo::Checkpoint b; // half of hour 8 and half of hour 9
    b.id = 2;
    b.hours = "08:30-09:30";
    b.crew = 2;
    geo::Checkpoint c; // around the clock with the default crew (3)
    c.id = 3;
    c.hours = "24 h";
    d.checkpoints = {a, b, c};
    StaffingParams params;
    params.available = {{"staff", 6}};
    const nlohmann::json s = plan_staffing(d, params);
    const nlohmann::json& hourly = s.at("hourly");

    // By hand: a 1 (0-6), 3 (7-9), 0 (10-16), 3 (17-22), 1 (23); b 1 in hours 8 and 9; c 3.
    std::array<double, 24> staff{};
    for (int h = 0; h < 24; ++h)
        staff[h] = 3 +
                   (h < 7 || h == 23                 ? 1
                    : h < 10 || (h >= 17 && h <= 22) ? 3
                                                     : 0) +
                   (h == 8 || h == 9 ? 1 : 0);
    EXPECT_DOUBLE_EQ(staff[8], 7);
    EXPECT_DOUBLE_EQ(staff[12], 3);
    for (int h = 0; h < 24; ++h) {
        SCOPED_TRACE(h);
        EXPECT_DOUBLE_EQ(hourly["pools"]["staff"]["people"][h].get<double>(), staff[h]);
        EXPECT_DOUBLE_EQ(hourly["pools"]["property"]["people"][h].get<double>(), 2);
        EXPECT_DOUBLE_EQ(hourly["people"][h].get<double>(), staff[h] + 2);
    }
    EXPECT_DOUBLE_EQ(hourly["pools"]["staff"]["crew_hours_per_day"].get<double>(), 35 + 2 + 72);
    EXPECT_DOUBLE_EQ(hourly["pools"]["property"]["crew_hours_per_day"].get<double>(), 48);
    EXPECT_DOUBLE_EQ(hourly["crew_hours_per_day"].get<double>(), 109 + 48);
    EXPECT_EQ(hourly["pools"]["staff"]["peak_hour"].get<int>(), 8);
    EXPECT_DOUBLE_EQ(hourly["pools"]["staff"]["short_at_peak"].get<double>(), 1);
    // People a day in shifts of 8 h: a 3 + 3 + 1, b 2, c 3 × 3.
    EXPECT_DOUBLE_EQ(s["district"]["need"]["staff"].get<double>(), 7 + 2 + 9);
    EXPECT_DOUBLE_EQ(s["district"]["available"]["staff"].get<double>(), 6);
    ASSERT_EQ(s["shortfall"].size(), 1u);
    EXPECT_DOUBLE_EQ(s["shortfall"][0]["short"].get<double>(), 18 - 6);

    // The CSV says the same, read back row by row.
    std::istringstream csv(hourly_staffing_csv(s));
    std::string line;
    std::getline(csv, line);
    EXPECT_EQ(line, "\xEF\xBB\xBFhour,from,to,property,staff,total");
    for (int h = 0; h < 24; ++h) {
        ASSERT_TRUE(std::getline(csv, line));
        std::istringstream row(line);
        std::string hour, from, to, property, people, total;
        std::getline(row, hour, ',');
        std::getline(row, from, ',');
        std::getline(row, to, ',');
        std::getline(row, property, ',');
        std::getline(row, people, ',');
        std::getline(row, total, ',');
        EXPECT_EQ(std::stoi(hour), h);
        EXPECT_DOUBLE_EQ(std::stod(property), 2);
        EXPECT_DOUBLE_EQ(std::stod(people), staff[h]);
        EXPECT_DOUBLE_EQ(std::stod(total), staff[h] + 2);
    }
    ASSERT_TRUE(std::getline(csv, line));
    EXPECT_EQ(line, "crew_hours_per_day,00:00,24:00,48,109,157");
}

TEST(Staffing, UnreadablePeriodsOfACheckpointAreNamed) {
    geo::District d;
    geo::Checkpoint c;
    c.id = 7;
    c.periods = "07:00-10:00=3,09:00-12:00=1";
    d.checkpoints = {c};
    try {
        plan_staffing(d, StaffingParams{});
        FAIL() << "overlapping periods were taken";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("checkpoint 7: periods"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("overlap"), std::string::npos);
    }
}
