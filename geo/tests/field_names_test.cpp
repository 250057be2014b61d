#include <cordon/geo/error.hpp>
#include <cordon/geo/field_names.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cordon::geo {
namespace {

using Names = std::vector<std::string>;

void expect_all_fit(const Names& names, TextEncoding target) {
    for (const auto& name : names)
        EXPECT_LE(encoded_size(name, target), 10u) << name;
}

TEST(FieldNames, EncodedSize) {
    EXPECT_EQ(encoded_size("", TextEncoding::utf8), 0u);
    EXPECT_EQ(encoded_size("households", TextEncoding::utf8), 10u);
    EXPECT_EQ(encoded_size("households", TextEncoding::gbk), 10u);
    EXPECT_EQ(encoded_size("小区", TextEncoding::utf8), 6u);
    EXPECT_EQ(encoded_size("小区", TextEncoding::gbk), 4u);
    EXPECT_EQ(encoded_size("面积m2", TextEncoding::utf8), 8u);
    EXPECT_EQ(encoded_size("面积m2", TextEncoding::gbk), 6u);
    EXPECT_THROW(encoded_size("bad\xFF", TextEncoding::utf8), Error);
    EXPECT_THROW(encoded_size("bad\xFF", TextEncoding::gbk), Error);
    EXPECT_THROW(encoded_size("😀", TextEncoding::gbk), Error);
}

TEST(FieldNames, ShortNamesAreKept) {
    const Names names{"id", "name", "households", "小区", "面积m2"};
    EXPECT_EQ(fit_field_names(names, TextEncoding::utf8), names);
    EXPECT_EQ(fit_field_names(names, TextEncoding::gbk), names);
    EXPECT_EQ(fit_field_names({}, TextEncoding::utf8), Names{});
}

TEST(FieldNames, LongAsciiNamesAreCut) {
    const Names fitted =
        fit_field_names({"households_estimated", "population"}, TextEncoding::utf8);
    EXPECT_EQ(fitted, (Names{"households", "population"}));
}

TEST(FieldNames, AsciiCollisionsGetNumberedSuffixes) {
    const Names names{"households_estimated",
                      "households_total",
                      "households_2020",
                      "HOUSEHOLDS",
                      "id",
                      "ID",
                      "Id"};
    const Names expected{"households", "househol_2", "househol_3", "HOUSEHOL_4",
                         "id",         "ID_2",       "Id_3"};
    EXPECT_EQ(fit_field_names(names, TextEncoding::utf8), expected);
    EXPECT_EQ(fit_field_names(names, TextEncoding::gbk), expected);
}

TEST(FieldNames, SuffixesSkipNamesAlreadyTaken) {
    // An earlier name already holds "househol_2", so the collision moves on to "_3"; a later
    // "househol_2" then collides in turn.
    const Names fitted = fit_field_names({"househol_2", "households", "households_x", "househol_2"},
                                         TextEncoding::utf8);
    EXPECT_EQ(fitted, (Names{"househol_2", "households", "househol_3", "househol_4"}));
}

TEST(FieldNames, ChineseNamesAreCutAtWholeCharacters) {
    // 3 bytes per character in UTF-8: 3 fit (9 bytes); 2 in GBK: 5 fit (10 bytes).
    EXPECT_EQ(fit_field_names({"小区名称物业公司"}, TextEncoding::utf8), Names{"小区名"});
    EXPECT_EQ(fit_field_names({"小区名称物业公司"}, TextEncoding::gbk), Names{"小区名称物"});
}

TEST(FieldNames, ChineseCollisions) {
    const Names names{"小区名称物业公司", "小区名称物业类型", "小区名称物业电话", "小区名"};
    const Names utf8 = fit_field_names(names, TextEncoding::utf8);
    EXPECT_EQ(utf8, (Names{"小区名", "小区_2", "小区_3", "小区_4"}));
    expect_all_fit(utf8, TextEncoding::utf8);

    const Names gbk = fit_field_names(names, TextEncoding::gbk);
    EXPECT_EQ(gbk, (Names{"小区名称物", "小区名称_2", "小区名称_3", "小区名"}));
    expect_all_fit(gbk, TextEncoding::gbk);
}

TEST(FieldNames, MixedNames) {
    // UTF-8: "area" (4) + 面积 (6) = 10 bytes; one more byte does not fit.
    // GBK: "area" (4) + 面积 (4) + "m2" (2) = 10 bytes, so it fits whole.
    const Names names{"area面积m2", "a面积面积面积", "area面积_total", "人口pop_2020"};
    const Names utf8 = fit_field_names(names, TextEncoding::utf8);
    EXPECT_EQ(utf8, (Names{"area面积", "a面积面", "area面_2", "人口pop_"}));
    expect_all_fit(utf8, TextEncoding::utf8);

    const Names gbk = fit_field_names(names, TextEncoding::gbk);
    EXPECT_EQ(gbk, (Names{"area面积m2", "a面积面积", "area面积_t", "人口pop_20"}));
    expect_all_fit(gbk, TextEncoding::gbk);
}

TEST(FieldNames, NeverCutsACharacterInHalf) {
    // "abcdefghi" + 小: 9 + 3 bytes in UTF-8, so 小 is dropped whole rather than split.
    const Names utf8 = fit_field_names({"abcdefghi小", "abcdefghi小区"}, TextEncoding::utf8);
    EXPECT_EQ(utf8, (Names{"abcdefghi", "abcdefgh_2"}));
    // In GBK, "abcdefghi" + 小 takes 11 bytes: the same.
    const Names gbk = fit_field_names({"abcdefghi小", "abcdefgh小"}, TextEncoding::gbk);
    EXPECT_EQ(gbk, (Names{"abcdefghi", "abcdefgh小"}));
    // The suffix shortening also drops whole characters: 小区名 (9) + "_2" > 10 → 小区 + "_2".
    for (const auto& name : fit_field_names({"小区名称", "小区名称"}, TextEncoding::utf8))
        EXPECT_TRUE(is_valid_utf8(name)) << name;
}

TEST(FieldNames, BadNamesAreInputErrors) {
    EXPECT_THROW(fit_field_names({"ok", "bad\xFF"}, TextEncoding::utf8), InputError);
    try {
        fit_field_names({"ok", "名称😀"}, TextEncoding::gbk);
        FAIL() << "expected an InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("field name 2 \"名称😀\""), std::string::npos)
            << e.what();
    }
    // An emoji is fine in a UTF-8 Shapefile.
    EXPECT_EQ(fit_field_names({"名称😀"}, TextEncoding::utf8), Names{"名称😀"});
}

} // namespace
} // namespace cordon::geo
