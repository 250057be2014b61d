#include <cordon/ledger/chinese_text.hpp>
#include <cordon/ledger/normalise.hpp>

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace cordon::ledger {

TEST(ChineseText, NumeralsToDigits) {
    EXPECT_EQ(numerals_to_digits("十二栋"), "12栋");
    EXPECT_EQ(numerals_to_digits("三单元"), "3单元");
    EXPECT_EQ(numerals_to_digits("二十"), "20");
    EXPECT_EQ(numerals_to_digits("十"), "10");
    EXPECT_EQ(numerals_to_digits("一百零五号"), "105号");
    EXPECT_EQ(numerals_to_digits("五〇一"), "501");
    EXPECT_EQ(numerals_to_digits("两栋"), "2栋");
    EXPECT_EQ(numerals_to_digits("锦绣东方"), "锦绣东方");
}

TEST(ChineseText, ChineseNumberRoundTrips) {
    EXPECT_EQ(chinese_number(1), "一");
    EXPECT_EQ(chinese_number(12), "十二");
    EXPECT_EQ(chinese_number(20), "二十");
    EXPECT_EQ(chinese_number(105), "一百零五");
    EXPECT_EQ(chinese_number(110), "一百一十");
    for (int n = 1; n < 3000; ++n)
        ASSERT_EQ(numerals_to_digits(chinese_number(n)), std::to_string(n)) << chinese_number(n);
}

TEST(ChineseText, HalfWidth) {
    EXPECT_EQ(half_width("１２号楼（Ａ座）"), "12号楼(A座)");
    EXPECT_EQ(half_width("华星路　16号"), "华星路 16号");
}

TEST(ChineseText, TraditionalAndSimplified) {
    const ScriptConverter simplified(ScriptConverter::Direction::to_simplified);
    const ScriptConverter traditional(ScriptConverter::Direction::to_traditional);
    EXPECT_EQ(simplified("3號樓"), "3号楼");
    EXPECT_EQ(simplified("12棟"), "12栋");
    EXPECT_EQ(traditional("锦绣东方"), "錦繡東方");
    EXPECT_EQ(simplified("abc"), "abc");
}

TEST(Normaliser, CompoundNames) {
    const Normaliser n;
    const std::string key = n.compound("锦绣东方");
    EXPECT_EQ(n.compound("锦绣东方小区"), key);
    EXPECT_EQ(n.compound("锦绣东方花园小区"), key);
    EXPECT_EQ(n.compound("锦绣 东方 院落"), key);
    EXPECT_EQ(n.compound("錦繡東方一期"), key);
    EXPECT_EQ(n.compound("锦绣东方(二期)"), n.compound("锦绣东方（二期）"));
    EXPECT_NE(n.compound("锦绣东方(二期)"), key); // another phase is another compound
    EXPECT_EQ(n.compound("白莲小区二号院"), n.compound("白莲小区2号院落"));
    EXPECT_EQ(n.compound("万科·金域蓝湾"), n.compound("万科金域蓝湾"));
    EXPECT_EQ(n.compound("花园"), "花园"); // nothing would be left
}

TEST(Normaliser, BuildingNumbers) {
    const Normaliser n;
    for (const char* s : {"12", "12栋", "12幢", "12号楼", "12座", "十二栋", "１２號樓", "12棟",
                          "第12栋", "012", "12#"})
        EXPECT_EQ(n.building_number(s), "12") << s;
    EXPECT_EQ(n.building_number("A座"), "a");
    EXPECT_EQ(n.building_number(""), "");
    EXPECT_NE(n.building_number("1栋"), n.building_number("11栋"));
}

TEST(Normaliser, Doors) {
    const Normaliser n;
    auto d = n.door("华星路 16号");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->road, "华星路");
    EXPECT_EQ(d->number, "16");
    d = n.door("成都市金牛区華星路１６號3单元501");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->road, "成都市金牛区华星路");
    EXPECT_EQ(d->number, "16");
    d = n.door("一环路 70号");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->road, "1环路");
    EXPECT_EQ(d->number, "70");
    d = n.door("沙湾路 25");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->number, "25");
    EXPECT_FALSE(n.door("华星路"));
    EXPECT_FALSE(n.door("16号"));
}

TEST(Normaliser, PreparedTextsNormaliseAsOneByOne) {
    // Traditional phrases (乾燥 → 干燥 only as a phrase), numerals, widths, marks, a text twice,
    // ASCII, an empty one and one with a line break (left to text()).
    const std::vector<std::string> texts{
        "錦繡東方（二期）", "乾燥花園",         "乾隆花園",   "十二號樓", "１２幢",
        "華星路 16號",      "錦繡東方（二期）", "abc 12",     "",         "兩棟",
        "第三座",           "一\n二",           "幸福裡小區", "金沙府",   "紅牌樓新村"};
    const Normaliser one_by_one;
    const Normaliser prepared;
    std::vector<std::string_view> views(texts.begin(), texts.end());
    prepared.prepare(views);
    for (const auto& t : texts) {
        EXPECT_EQ(prepared.text(t), one_by_one.text(t)) << t;
        EXPECT_EQ(prepared.compound(t), one_by_one.compound(t)) << t;
        EXPECT_EQ(prepared.building_number(t), one_by_one.building_number(t)) << t;
    }
    EXPECT_EQ(prepared.text("乾燥花園"), "干燥花园");
    EXPECT_EQ(prepared.text("錦繡東方（二期）"), "锦绣东方2期");
    EXPECT_EQ(prepared.building_number("十二號樓"), "12");
}

} // namespace cordon::ledger
