#include <cordon/geo/error.hpp>
#include <cordon/planner/periods.hpp>

#include <gtest/gtest.h>

#include <array>
#include <numeric>

using namespace cordon;
using namespace cordon::planner;

namespace {

std::string error_of(const std::string& text) {
    try {
        parse_periods(text);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(Periods, ReadTheDistrictsImportantTimes) {
    const auto p = parse_periods("07:00-10:00=3, 17:00-23:00=3,23:00-07:00=1");
    ASSERT_EQ(p.size(), 3u);
    EXPECT_EQ(p[0].start, 7 * 60);
    EXPECT_EQ(p[0].end, 10 * 60);
    EXPECT_EQ(p[0].crew, 3);
    EXPECT_EQ(minutes(p[2]), 8 * 60); // past midnight
    EXPECT_EQ(periods_text(p), "07:00-10:00=3,17:00-23:00=3,23:00-07:00=1");
    EXPECT_DOUBLE_EQ(crew_hours(p), 3 * 3 + 6 * 3 + 8 * 1);
    EXPECT_EQ(largest_crew(p), 3);
    EXPECT_EQ(periods_hours(p), "17:00-10:00"); // 17-23, 23-07 and 07-10 touch
    EXPECT_EQ(periods_hours(parse_periods("07:00-10:00=3,17:00-23:00=2")),
              "07:00-10:00,17:00-23:00");
    EXPECT_EQ(periods_hours(parse_periods("22:00-02:00=1,05:00-06:00=1")),
              "05:00-06:00,22:00-02:00");
    EXPECT_DOUBLE_EQ(people_per_day(p, 8), 3 + 3 + 1);
    EXPECT_DOUBLE_EQ(people_per_day(p, 4), 3 + 3 * 2 + 1 * 2);
    EXPECT_EQ(periods_hours(parse_periods("0-12=2,12:00-24:00=1")), "24 h");
    EXPECT_EQ(parse_periods("").size(), 0u);
    EXPECT_EQ(minutes(parse_periods("0:00-0:00=1")[0]), 24 * 60);
}

TEST(Periods, CrewByHourCountsPartsOfAnHour) {
    const auto by_hour = crew_by_hour(parse_periods("07:30-09:00=2,23:00-01:00=1"));
    const std::array<double, 24> expected{1, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0,
                                          0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    for (int h = 0; h < 24; ++h) {
        SCOPED_TRACE(h);
        EXPECT_DOUBLE_EQ(by_hour[h], expected[h]);
    }
    EXPECT_DOUBLE_EQ(std::accumulate(by_hour.begin(), by_hour.end(), 0.0), 5);
}

TEST(Periods, BadPeriodsAreNamed) {
    EXPECT_NE(error_of("07:00-10:00=3,09:00-11:00=2").find("07:00-10:00 and 09:00-11:00 overlap"),
              std::string::npos);
    EXPECT_NE(error_of("22:00-08:00=1,06:00-07:00=1").find("overlap (from 06:00)"),
              std::string::npos);
    EXPECT_NE(error_of("07:00-10:00=0").find("crew '0' must be a whole number from 1 to 100"),
              std::string::npos);
    EXPECT_NE(error_of("07:00-10:00=101").find("from 1 to 100"), std::string::npos);
    EXPECT_NE(error_of("07:00-10:00=2.5").find("crew '2.5'"), std::string::npos);
    EXPECT_NE(error_of("07:00-10:00").find("RANGE=CREW"), std::string::npos);
    EXPECT_NE(error_of("07:00-25:00=1").find("hour 25 is past 24"), std::string::npos);
    EXPECT_NE(error_of("morning=1").find("'morning' is not a time range"), std::string::npos);
    EXPECT_NE(error_of("07:00-10:00x=1").find("not a time range"), std::string::npos);
    EXPECT_EQ(periods_problem("07:00-10:00=3"), "");
    EXPECT_NE(periods_problem("07:00-10:00=0"), "");
}

TEST(Periods, AGapWhere24HoursAreAskedIsNamed) {
    const auto p = parse_periods("07:00-10:00=3,17:00-23:00=3,23:00-07:00=1");
    EXPECT_EQ(periods_cover_problem(p, "24 h"), "10:00-17:00 has no crew, but the hours are 24 h");
    EXPECT_EQ(periods_cover_problem(p, ""), "10:00-17:00 has no crew, but the hours are 24 h");
    EXPECT_EQ(periods_cover_problem(parse_periods("0-10=1,10-24=2"), "24 h"), "");
    EXPECT_EQ(periods_cover_problem(parse_periods("07:00-12:00=1,12:00-22:00=2"), "07:00-22:00"),
              "");
    EXPECT_EQ(periods_cover_problem(parse_periods("05:00-12:00=1,12:00-22:00=2"), "07:00-22:00"),
              "05:00-07:00 is outside the hours 07:00-22:00");
    EXPECT_EQ(periods_cover_problem(parse_periods("07:00-12:00=1,13:00-22:00=2"), "07:00-22:00"),
              "12:00-13:00 has no crew, but the hours are 07:00-22:00");
    EXPECT_EQ(periods_cover_problem(parse_periods("22:00-02:00=1,03:00-06:00=1"), "22:00-06:00"),
              "02:00-03:00 has no crew, but the hours are 22:00-06:00");
}

TEST(Periods, HoursAsPeriods) {
    const auto day = hours_periods("24 h", 3);
    ASSERT_EQ(day.size(), 1u);
    EXPECT_EQ(minutes(day[0]), 24 * 60);
    EXPECT_EQ(day[0].crew, 3);
    const auto two = hours_periods("07:00-10:00,17:00-07:00", 2);
    ASSERT_EQ(two.size(), 2u);
    EXPECT_DOUBLE_EQ(crew_hours(two), 2 * (3 + 14));
    EXPECT_EQ(minutes(hours_periods("7-25", 1)[0]), 24 * 60); // out of the clock: all day
}
