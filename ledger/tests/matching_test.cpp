// Matching on a hand-made district: every rule, the variants registers write, ambiguity and
// the reasons given for what is not matched.

#include "fixtures.hpp"

#include <cordon/ledger/matching.hpp>
#include <cordon/ledger/personal.hpp>

#include <gtest/gtest.h>

namespace cordon::ledger {

namespace {

using test::square;

/// Two compounds named alike (锦绣东方 and its 二期), one twice (幸福里 in two places), and
/// scattered buildings with addresses.
geo::District district() {
    geo::District d;
    auto compound = [&](geo::Id id, const char* name, double x) {
        geo::Compound c;
        c.id = id;
        c.name = name;
        c.geom = square(x, 0, 100);
        d.compounds.push_back(c);
    };
    compound(1, "锦绣东方小区", 0);
    compound(2, "锦绣东方(二期)", 200);
    compound(3, "幸福里", 400);
    compound(4, "幸福里", 600);
    compound(5, "錦繡花園", 800); // a district written in Traditional script
    auto building = [&](geo::Id id, double x, double y, const char* number,
                        const char* address = "") {
        geo::Building b;
        b.id = id;
        b.source_id = "way/" + std::to_string(1000 + id);
        b.number = number;
        b.address = address;
        b.geom = square(x, y, 10);
        d.buildings.push_back(b);
    };
    building(1, 10, 10, "1");
    building(2, 30, 10, "2栋");
    building(3, 50, 10, "12号楼");
    building(4, 210, 10, "1"); // 锦绣东方二期 1栋
    building(5, 410, 10, "1"); // 幸福里 1 (first)
    building(6, 610, 10, "1"); // 幸福里 1 (second)
    building(7, 630, 10, "2"); // 幸福里 2 (only the second has one)
    building(8, 810, 10, "3號樓");
    building(9, 1000, 10, "", "华星路 16号");
    building(10, 1100, 10, "", "人民北路 16号");
    building(11, 1200, 10, "", "华星路 18号");
    return d;
}

geo::Household row(const char* compound, const char* building, const char* address = "",
                   const char* code = "") {
    geo::Household h;
    h.compound = compound;
    h.building = building;
    h.address = address;
    h.code = code;
    return h;
}

} // namespace

TEST(Matching, CompoundAndNumberInEveryVariant) {
    const geo::District d = district();
    const Matcher m(d);
    const std::vector<std::pair<geo::Household, geo::Id>> cases{
        {row("锦绣东方", "1栋"), 1},
        {row("锦绣东方小区", "一栋"), 1},
        {row("锦绣 东方 院落", "1幢"), 1},
        {row("錦繡東方一期", "1號樓"), 1},
        {row("锦绣东方花园", "１座"), 1},
        {row("锦绣东方", "2"), 2},
        {row("锦绣东方", "十二栋"), 3},
        {row("锦绣东方", "12棟"), 3},
        {row("锦绣东方（二期）", "1栋"), 4},
        {row("锦绣东方 (二期)小区", "一号楼"), 4},
        {row("幸福里", "2栋"), 7},
        // Simplified register, Traditional district, and the other way round.
        {row("锦绣花园", "3号楼"), 8},
        {row("錦繡花園", "三棟"), 8},
    };
    for (const auto& [h, id] : cases) {
        const MatchResult r = m.match(h);
        ASSERT_TRUE(r.building) << h.compound << " " << h.building << ": " << r.reason;
        EXPECT_EQ(*r.building, id) << h.compound << " " << h.building;
        EXPECT_EQ(r.rule, k_rule_compound);
    }
}

TEST(Matching, AmbiguousIsNeverGuessed) {
    const geo::District d = district();
    const Matcher m(d);
    const MatchResult r = m.match(row("幸福里小区", "1栋"));
    EXPECT_FALSE(r.building);
    EXPECT_TRUE(r.ambiguous);
    EXPECT_NE(r.reason.find("2 buildings fit"), std::string::npos) << r.reason;
    EXPECT_NE(r.reason.find("5, 6"), std::string::npos) << r.reason;
}

TEST(Matching, UnmatchedSaysWhy) {
    const geo::District d = district();
    const Matcher m(d);
    MatchResult r = m.match(row("和平苑", "1栋"));
    EXPECT_FALSE(r.building);
    EXPECT_FALSE(r.ambiguous);
    EXPECT_NE(r.reason.find("no compound is called '和平苑'"), std::string::npos) << r.reason;
    r = m.match(row("锦绣东方", "9栋"));
    EXPECT_FALSE(r.building);
    EXPECT_NE(r.reason.find("has no building '9栋'"), std::string::npos) << r.reason;
    r = m.match(row("锦绣东方", ""));
    EXPECT_FALSE(r.building);
    EXPECT_NE(r.reason.find("no building number"), std::string::npos) << r.reason;
    r = m.match(row("", "", "华星路 99号"));
    EXPECT_FALSE(r.building);
    EXPECT_NE(r.reason.find("no building at"), std::string::npos) << r.reason;
    r = m.match(row("", ""));
    EXPECT_FALSE(r.building);
    EXPECT_EQ(r.reason, "names no compound, building, address or code");
}

TEST(Matching, RoadAndDoor) {
    const geo::District d = district();
    const Matcher m(d);
    for (const char* address :
         {"华星路16号", "成都市金牛区华星路１６號", "華星路 16 号 3单元501"}) {
        const MatchResult r = m.match(row("", "", address));
        ASSERT_TRUE(r.building) << address << ": " << r.reason;
        EXPECT_EQ(*r.building, 9) << address;
        EXPECT_EQ(r.rule, k_rule_door);
    }
    const MatchResult other = m.match(row("", "", "人民北路16号"));
    ASSERT_TRUE(other.building);
    EXPECT_EQ(*other.building, 10);
}

TEST(Matching, TheLongestRoadAnAddressEndsWith) {
    // 北路 16号 and 人民北路 16号 are two doors: 人民北路16号 is the second only, 北路16号 the
    // first only, and 成都市北路16号 (a city before the road) the first.
    geo::District d = district();
    geo::Building b;
    b.id = 12;
    b.source_id = "way/1012";
    b.address = "北路 16号";
    b.geom = square(1300, 10, 10);
    d.buildings.push_back(b);
    const Matcher m(d);
    const auto building_of = [&](const char* address) {
        const MatchResult r = m.match(row("", "", address));
        EXPECT_FALSE(r.ambiguous) << address << ": " << r.reason;
        return r.building.value_or(0);
    };
    EXPECT_EQ(building_of("人民北路16号"), 10);
    EXPECT_EQ(building_of("成都市金牛区人民北路 16 号"), 10);
    EXPECT_EQ(building_of("北路16号"), 12);
    EXPECT_EQ(building_of("成都市北路16号"), 12);
}

TEST(Matching, CodeFirstThenAddressText) {
    const geo::District d = district();
    const Matcher m(d);
    MatchResult r = m.match(row("幸福里", "1栋", "", "way/1007"));
    ASSERT_TRUE(r.building);
    EXPECT_EQ(*r.building, 7);
    EXPECT_EQ(r.rule, k_rule_code);
    r = m.match(row("", "", "", "１００３"));
    ASSERT_TRUE(r.building);
    EXPECT_EQ(*r.building, 3);
    // A code that names nothing falls through to the next rule.
    r = m.match(row("锦绣东方", "2栋", "", "way/999"));
    ASSERT_TRUE(r.building);
    EXPECT_EQ(*r.building, 2);
    EXPECT_EQ(r.rule, k_rule_compound);
    r = m.match(row("", "", "金牛区锦绣东方小区12栋3单元"));
    ASSERT_TRUE(r.building) << r.reason;
    EXPECT_EQ(*r.building, 3);
    EXPECT_EQ(r.rule, k_rule_address);
}

TEST(Personal, Masks) {
    EXPECT_EQ(mask_name("张小明"), "张*明");
    EXPECT_EQ(mask_name("王五"), "王*");
    EXPECT_EQ(mask_name("欧阳小明"), "欧**明");
    EXPECT_EQ(mask_id_number("510106199001011234"), "5101**********1234");
    EXPECT_EQ(mask_phone("13812345678"), "138****5678");
    EXPECT_EQ(mask_phone(""), "");
}

} // namespace cordon::ledger
