#include "errors.hpp"
#include "temp_dir.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/json_read.hpp>

#include <gtest/gtest.h>

#include <string>

using namespace cordon;
using geo::parse_json_bounded;

namespace {

std::string nested_arrays(std::size_t depth) {
    return std::string(depth, '[') + std::string(depth, ']');
}

std::string nested_objects(std::size_t depth) {
    std::string text;
    for (std::size_t i = 0; i < depth; ++i)
        text += "{\"a\":";
    text += "1";
    return text + std::string(depth, '}');
}

using test::error_of;

} // namespace

TEST(JsonRead, ParsesOrdinaryJson) {
    const auto j = parse_json_bounded(R"({"a": [1, 2.5, "x", null, true], "b": {}})", "t");
    EXPECT_EQ(j["a"][1].get<double>(), 2.5);
    EXPECT_EQ(j["a"][2].get<std::string>(), "x");
    EXPECT_TRUE(j["b"].is_object());
}

TEST(JsonRead, NestingUpToTheLimitIsRead) {
    geo::JsonLimits limits;
    limits.max_depth = 64;
    EXPECT_TRUE(parse_json_bounded(nested_arrays(64), "t", limits).is_array());
    EXPECT_TRUE(parse_json_bounded(nested_objects(64), "t", limits).is_object());
    EXPECT_NE(error_of([&] { parse_json_bounded(nested_arrays(65), "t", limits); }), "");
    EXPECT_NE(error_of([&] { parse_json_bounded(nested_objects(65), "t", limits); }), "");
}

TEST(JsonRead, DeepNestingIsRefusedWhileParsingNamingTheSource) {
    // 100,000 levels: building (then destroying or printing) such a value overflows the stack.
    for (const std::string& text : {nested_arrays(100000), nested_objects(100000),
                                    std::string(1000000, '[') /* never closed */}) {
        const std::string message = error_of([&] {
            parse_json_bounded(text, "table 'parameters', row 'scenario:evil', column 'value'");
        });
        EXPECT_EQ(message, "table 'parameters', row 'scenario:evil', column 'value': JSON nested "
                           "more than 64 levels deep (arrays and objects inside each other)");
    }
}

TEST(JsonRead, SizeLimit) {
    geo::JsonLimits limits;
    limits.max_bytes = 10;
    EXPECT_EQ(parse_json_bounded("[1,2,3,4]", "t", limits).size(), 4u); // 9 bytes
    EXPECT_EQ(error_of([&] { parse_json_bounded("[1,2,3,4,5]", "t", limits); }),
              "t: 11 bytes of JSON; at most 10 bytes is read");
}

TEST(JsonRead, BadJsonAndHugeNumbersNameTheSource) {
    const std::string overflow = error_of([] { parse_json_bounded("[1e400]", "c.json"); });
    EXPECT_EQ(overflow.rfind("c.json: not valid JSON (", 0), 0u) << overflow;
    EXPECT_NE(overflow.find("1e400"), std::string::npos) << overflow;
    const std::string syntax = error_of([] { parse_json_bounded("{\"a\": nope}", "c.json"); });
    EXPECT_EQ(syntax.rfind("c.json: not valid JSON (parse error at line 1, column", 0), 0u)
        << syntax;
    // A huge bad token is not copied whole into the message.
    const std::string long_token = "\"" + std::string(1000000, 'x'); // never closed
    EXPECT_LT(error_of([&] { parse_json_bounded(long_token, "c.json"); }).size(), 400u);
}

TEST(JsonRead, Files) {
    test::TempDir dir;
    test::write_file(dir / "ok.json", R"([{"edit": "gate"}])");
    EXPECT_EQ(geo::read_json_file(dir / "ok.json")[0]["edit"].get<std::string>(), "gate");

    test::write_file(dir / "deep.json", nested_arrays(50000));
    EXPECT_EQ(error_of([&] { geo::read_json_file(dir / "deep.json"); }),
              dir / "deep.json" +
                  ": JSON nested more than 64 levels deep (arrays and objects inside each other)");

    EXPECT_EQ(error_of([&] { geo::read_json_file(dir / "missing.json"); }),
              dir / "missing.json" + ": cannot read the file (No such file or directory)");
    EXPECT_EQ(error_of([&] { geo::read_json_file(dir.path().string()); }),
              dir.path().string() + ": is a folder, not a JSON file");

    // Too large: refused from its size, before reading.
    geo::JsonLimits small;
    small.max_bytes = 1000;
    test::write_file(dir / "big.json", "[" + std::string(2000, ' ') + "]");
    EXPECT_EQ(error_of([&] { geo::read_json_file(dir / "big.json", small); }),
              dir / "big.json" + ": 2002 bytes of JSON; at most 1000 bytes is read");
}

TEST(JsonRead, Excerpt) {
    const nlohmann::json j = {{"name", std::string(500, 'x')}};
    const std::string e = geo::json_excerpt(j, 50);
    EXPECT_EQ(e, R"({"name":")" + std::string(50 - 9, 'x') + "…");
    EXPECT_EQ(geo::json_excerpt(nlohmann::json(1.5)), "1.5");
    // Never cut inside a UTF-8 character: "玉" is 3 bytes.
    const std::string cut = geo::json_excerpt(nlohmann::json("玉玉玉玉"), 5);
    EXPECT_EQ(cut, "\"玉…");
}
