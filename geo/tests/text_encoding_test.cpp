#include <cordon/geo/error.hpp>
#include <cordon/geo/text_encoding.hpp>

#include <gtest/gtest.h>

#include <string>

namespace cordon::geo {
namespace {

// GBK bytes, checked against glibc `iconv -t CP936`.
const std::string gbk_xiaoqu = "\xD0\xA1\xC7\xF8";                      // 小区
const std::string gbk_chengdushi = "\xB3\xC9\xB6\xBC\xCA\xD0";          // 成都市
const std::string gbk_wuye_gongsi = "\xCE\xEF\xD2\xB5\xB9\xAB\xCB\xBE"; // 物业公司

std::string error_message(auto&& call) {
    try {
        call();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no exception)";
}

TEST(TextEncoding, Utf8CharSize) {
    EXPECT_EQ(utf8_char_size(""), 0u);
    EXPECT_EQ(utf8_char_size("a"), 1u);
    EXPECT_EQ(utf8_char_size("é"), 2u);
    EXPECT_EQ(utf8_char_size("小区"), 3u);
    EXPECT_EQ(utf8_char_size("😀"), 4u);
    EXPECT_EQ(utf8_char_size("\x80"), 0u);             // stray continuation byte
    EXPECT_EQ(utf8_char_size("\xC0\xAF"), 0u);         // overlong '/'
    EXPECT_EQ(utf8_char_size("\xE0\x80\xAF"), 0u);     // overlong '/'
    EXPECT_EQ(utf8_char_size("\xED\xA0\x80"), 0u);     // surrogate U+D800
    EXPECT_EQ(utf8_char_size("\xF4\x90\x80\x80"), 0u); // U+110000
    EXPECT_EQ(utf8_char_size("\xE5\xB0"), 0u);         // truncated 小
    EXPECT_EQ(utf8_char_size("\xFF"), 0u);
}

TEST(TextEncoding, IsValidUtf8) {
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_TRUE(is_valid_utf8("households"));
    EXPECT_TRUE(is_valid_utf8("小区名称 area_m2 😀"));
    EXPECT_FALSE(is_valid_utf8(gbk_xiaoqu));
    EXPECT_FALSE(is_valid_utf8(gbk_chengdushi));
    EXPECT_FALSE(is_valid_utf8("ok\xE5\xB0")); // cut in the middle of 小
}

TEST(TextEncoding, IsValidGbk) {
    EXPECT_TRUE(is_valid_gbk(""));
    EXPECT_TRUE(is_valid_gbk("households"));
    EXPECT_TRUE(is_valid_gbk(gbk_xiaoqu));
    EXPECT_TRUE(is_valid_gbk("No.3 " + gbk_wuye_gongsi));
    EXPECT_TRUE(is_valid_gbk("\x80")); // the euro sign, CP936 only
    EXPECT_FALSE(is_valid_gbk(gbk_xiaoqu + "\xFF"));
    EXPECT_FALSE(is_valid_gbk(gbk_xiaoqu.substr(0, 3))); // truncated 区
    EXPECT_FALSE(is_valid_gbk("€"));                     // UTF-8 E2 82 AC: AC is cut off
}

TEST(TextEncoding, GbkToUtf8) {
    EXPECT_EQ(gbk_to_utf8(gbk_xiaoqu), "小区");
    EXPECT_EQ(gbk_to_utf8(gbk_chengdushi), "成都市");
    EXPECT_EQ(gbk_to_utf8("No.3 " + gbk_wuye_gongsi), "No.3 物业公司");
    EXPECT_EQ(gbk_to_utf8(""), "");
    EXPECT_EQ(gbk_to_utf8("\x94\x39\xFC\x36"), "😀"); // a four-byte GB18030 sequence
    EXPECT_EQ(gbk_to_utf8("\x80"), "€");             // CP936's euro sign, not in GB18030
}

TEST(TextEncoding, Utf8ToGbk) {
    EXPECT_EQ(utf8_to_gbk("小区"), gbk_xiaoqu);
    EXPECT_EQ(utf8_to_gbk("成都市"), gbk_chengdushi);
    EXPECT_EQ(utf8_to_gbk("households"), "households");
    EXPECT_EQ(utf8_to_gbk(""), "");
    EXPECT_EQ(utf8_to_gbk("€"), "\x80");
}

TEST(TextEncoding, RoundTrips) {
    for (const std::string text : {"小区名称", "成都市武侯区 No.12", "物业公司 (A/B) €5", "·—"}) {
        SCOPED_TRACE(text);
        EXPECT_EQ(gbk_to_utf8(utf8_to_gbk(text)), text);
    }
    const std::string long_text(5000, 'x');
    EXPECT_EQ(gbk_to_utf8(utf8_to_gbk(long_text + "小区")), long_text + "小区");
}

TEST(TextEncoding, UnencodableCharacterIsNamed) {
    EXPECT_THROW(utf8_to_gbk("笑😀"), Error);
    const std::string message = error_message([] { utf8_to_gbk("笑😀"); });
    EXPECT_NE(message.find("U+1F600"), std::string::npos) << message;
    EXPECT_NE(message.find("byte 3"), std::string::npos) << message;
}

TEST(TextEncoding, InvalidInputIsNamed) {
    const std::string bad_utf8 = error_message([] { utf8_to_gbk("ab\xFF"); });
    EXPECT_NE(bad_utf8.find("not valid UTF-8"), std::string::npos) << bad_utf8;
    EXPECT_NE(bad_utf8.find("0xFF"), std::string::npos) << bad_utf8;

    const std::string bad_gbk = error_message([] { gbk_to_utf8(gbk_xiaoqu + "\xFF"); });
    EXPECT_NE(bad_gbk.find("not valid GBK"), std::string::npos) << bad_gbk;
    EXPECT_NE(bad_gbk.find("offset 4"), std::string::npos) << bad_gbk;

    EXPECT_THROW(gbk_to_utf8(gbk_xiaoqu.substr(0, 3)), Error); // truncated 区
}

TEST(TextEncoding, DetectsUtf8) {
    EXPECT_EQ(detect_encoding({}), TextEncoding::utf8);
    EXPECT_EQ(detect_encoding({"", "households", "42"}), TextEncoding::utf8);
    EXPECT_EQ(detect_encoding({"小区", "成都市", "No.3"}), TextEncoding::utf8);
}

TEST(TextEncoding, DetectsGbk) {
    EXPECT_EQ(detect_encoding({gbk_xiaoqu}), TextEncoding::gbk);
    // Mixed ASCII and GBK samples, as in a typical attribute table.
    EXPECT_EQ(detect_encoding({"", "12", "A-3", gbk_chengdushi, gbk_wuye_gongsi}),
              TextEncoding::gbk);
}

TEST(TextEncoding, DetectRejectsTextThatIsNeither) {
    EXPECT_THROW(detect_encoding({"abc", "\xFF\xFE"}), InputError);
    // Sample 0 is GBK, sample 1 is UTF-8 "€" (E2 82 AC), which is not GBK: a mixed file.
    EXPECT_THROW(detect_encoding({gbk_xiaoqu, "€"}), InputError);
    const std::string message = error_message([] { detect_encoding({gbk_xiaoqu, "€"}); });
    EXPECT_NE(message.find("sample 0 is not UTF-8"), std::string::npos) << message;
    EXPECT_NE(message.find("sample 1 is not GBK"), std::string::npos) << message;
}

TEST(TextEncoding, EncodingFromName) {
    for (const char* name : {"utf8", "utf-8", "UTF-8", "Utf-8", " UTF-8\r\n", "65001"})
        EXPECT_EQ(encoding_from_name(name), TextEncoding::utf8) << name;
    for (const char* name : {"gbk", "GBK", "gb18030", "GB2312", "cp936", "CP936", "936", "936\n"})
        EXPECT_EQ(encoding_from_name(name), TextEncoding::gbk) << name;
    for (const char* name : {"", "latin1", "ISO-8859-1", "big5", "utf16", "9360"})
        EXPECT_EQ(encoding_from_name(name), std::nullopt) << name;
}

TEST(TextEncoding, GdalEncodingName) {
    EXPECT_STREQ(gdal_encoding_name(TextEncoding::utf8), "UTF-8");
    EXPECT_STREQ(gdal_encoding_name(TextEncoding::gbk), "CP936");
    // What GDAL writes must parse back (GDAL puts the name into the .cpg file).
    EXPECT_EQ(encoding_from_name(gdal_encoding_name(TextEncoding::gbk)), TextEncoding::gbk);
    EXPECT_EQ(encoding_from_name(gdal_encoding_name(TextEncoding::utf8)), TextEncoding::utf8);
}

} // namespace
} // namespace cordon::geo
