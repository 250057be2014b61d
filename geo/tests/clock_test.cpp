#include <cordon/geo/clock.hpp>

#include <gtest/gtest.h>

#include <ctime>
#include <regex>

using namespace cordon::geo;

TEST(Clock, LocalTimeIsWrittenInTheGivenFormat) {
    const std::string day = local_time_text("%Y-%m-%d");
    EXPECT_TRUE(std::regex_match(day, std::regex(R"(\d{4}-\d{2}-\d{2})"))) << day;
    EXPECT_TRUE(std::regex_match(local_time_text("%Y-%m-%d %H:%M"),
                                 std::regex(R"(\d{4}-\d{2}-\d{2} \d{2}:\d{2})")));
    // The year is this year, in local time (read before and after, in case the year turns).
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    const int year = std::stoi(local_time_text("%Y"));
    EXPECT_GE(year, local.tm_year + 1900);
    EXPECT_LE(year, local.tm_year + 1901);
    EXPECT_EQ(local_time_text(""), "");
}
