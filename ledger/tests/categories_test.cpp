// The household files (categories) and the results of a screening visit, as registers and
// visit sheets write them.

#include "temp_dir.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/household_tally.hpp>
#include <cordon/geo/text_encoding.hpp>
#include <cordon/ledger/categories.hpp>
#include <cordon/ledger/screening.hpp>

#include <gtest/gtest.h>

namespace cordon::ledger {

TEST(Categories, RegisterTextNamesAListCategory) {
    const Normaliser n;
    const auto& list = default_categories();
    ASSERT_EQ(list.size(), 4u);
    EXPECT_EQ(list[0], "安置房租住户");
    EXPECT_EQ(list[1], "商品房住户");
    EXPECT_EQ(list_category(n, list, "商品房住户"), std::optional<std::string>("商品房住户"));
    EXPECT_EQ(list_category(n, list, "商品房"), std::optional<std::string>("商品房住户"));
    EXPECT_EQ(list_category(n, list, " 商品房户 "), std::optional<std::string>("商品房住户"));
    EXPECT_EQ(list_category(n, list, "安置房租住戶"), std::optional<std::string>("安置房租住户"));
    EXPECT_EQ(list_category(n, list, "廉租房"), std::nullopt);
    EXPECT_EQ(list_category(n, list, ""), std::nullopt);
}

TEST(Categories, AListFromAFile) {
    test::TempDir dir;
    const std::string path = dir / "categories.txt";
    test::write_file(path,
                     geo::utf8_to_gbk("# 本社区的档案\n安置房租住户\n\n商品房住户\n廉租房住户\n"));
    EXPECT_EQ(read_categories(path),
              (std::vector<std::string>{"安置房租住户", "商品房住户", "廉租房住户"}));
    test::write_file(path, "商品房住户\n安置房租住户\n商品房住户\n");
    try {
        read_categories(path);
        FAIL() << "a category named twice was taken";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("categories.txt, line 3: '商品房住户' is named twice"),
                  std::string::npos)
            << e.what();
    }
    test::write_file(path, "# nothing\n\n");
    EXPECT_THROW(read_categories(path), InputError);
    EXPECT_THROW(read_categories(dir / "missing.txt"), InputError);
}

TEST(Categories, CountedPerZoneCommunityAndDistrict) {
    geo::District d;
    d.meta.parameters[geo::k_household_categories] = R"(["安置房租住户", "商品房住户"])";
    for (geo::Id id = 1; id <= 2; ++id) {
        geo::Building b;
        b.id = id;
        b.zone_id = id;
        d.buildings.push_back(b);
        d.zones.push_back({id, "片区" + std::to_string(id), "", 0, 0, std::nullopt, {}, 1});
    }
    auto add = [&](const char* community, const char* category, std::optional<geo::Id> b) {
        geo::Household h;
        h.community = community;
        h.category = category;
        h.building_id = b;
        d.households.push_back(h);
    };
    add("玉林社区", "商品房住户", 1);
    add("玉林社区", "商品房住户", 2);
    add("玉林社区", "廉租房", 2);
    add("芳草社区", "安置房租住户", 1);
    add("芳草社区", "", std::nullopt);
    const nlohmann::json c = geo::category_counts(d);
    // The list's order, then the others by name ("" first).
    ASSERT_EQ(c["district"].size(), 4u);
    const auto n = [](const nlohmann::json& list, const std::string& name) {
        for (const auto& x : list)
            if (x["category"] == name) return x["households"].get<double>();
        return -1.0;
    };
    EXPECT_EQ(c["district"][0]["category"], "安置房租住户");
    EXPECT_EQ(c["district"][1]["category"], "商品房住户");
    EXPECT_TRUE(c["district"][1]["listed"].get<bool>());
    EXPECT_FALSE(c["district"][2]["listed"].get<bool>());
    EXPECT_EQ(n(c["district"], "商品房住户"), 2);
    EXPECT_EQ(n(c["district"], "廉租房"), 1);
    EXPECT_EQ(n(c["district"], ""), 1);
    ASSERT_EQ(c["zones"].size(), 2u);
    EXPECT_EQ(n(c["zones"][0]["categories"], "商品房住户"), 1);
    EXPECT_EQ(n(c["zones"][0]["categories"], "安置房租住户"), 1);
    EXPECT_EQ(n(c["zones"][1]["categories"], "廉租房"), 1);
    ASSERT_EQ(c["communities"].size(), 2u);
    for (const auto& community : c["communities"])
        if (community["name"] == "芳草社区") {
            EXPECT_EQ(n(community["categories"], "安置房租住户"), 1);
            EXPECT_EQ(n(community["categories"], ""), 1);
            EXPECT_EQ(n(community["categories"], "商品房住户"), 0);
        }
}

TEST(Screening, ResultsInChineseAndEnglish) {
    EXPECT_EQ(visit_result_from("已见面"), std::optional<std::string>("met"));
    EXPECT_EQ(visit_result_from("Met"), std::optional<std::string>("met"));
    EXPECT_EQ(visit_result_from("未见面"), std::optional<std::string>("not_met"));
    EXPECT_EQ(visit_result_from("not met"), std::optional<std::string>("not_met"));
    EXPECT_EQ(visit_result_from("NOT_MET"), std::optional<std::string>("not_met"));
    EXPECT_EQ(visit_result_from("空置"), std::optional<std::string>("vacant"));
    EXPECT_EQ(visit_result_from("外出"), std::optional<std::string>("away"));
    EXPECT_EQ(visit_result_from("拒绝"), std::optional<std::string>("refused"));
    EXPECT_EQ(visit_result_from("ｍｅｔ"), std::optional<std::string>("met"));
    EXPECT_EQ(visit_result_from("见过了"), std::nullopt);
    EXPECT_EQ(visit_result_from(""), std::nullopt);
}

TEST(Screening, TheLatestVisitIsTheStatus) {
    geo::District d;
    for (const char* key : {"a", "b", "c", "d"}) {
        geo::Household h;
        h.key = key;
        h.community = "玉林社区";
        d.households.push_back(h);
    }
    d.visits = {{1, "a", "2026-12-01", "not_met", "", "v1.csv", 2},
                {2, "a", "2026-12-02", "met", "", "v2.csv", 2},
                {3, "b", "2026-12-02", "away", "", "v2.csv", 3},
                {4, "c", "2026-12-01", "vacant", "", "v1.csv", 3}};
    ScreeningReport r = screening_report(d, "");
    EXPECT_EQ(r.district.households, 4);
    EXPECT_EQ(r.district.visited, 3);
    EXPECT_EQ(r.district.met, 1);
    EXPECT_EQ(r.district.not_yet_met, 1);
    EXPECT_EQ(r.district.vacant, 1);
    ASSERT_EQ(r.not_yet_met.size(), 1u);
    EXPECT_EQ(r.not_yet_met[0].key, "b");
    // As of the first day: a was not met yet, b not visited.
    r = screening_report(d, "2026-12-01");
    EXPECT_EQ(r.district.visited, 2);
    EXPECT_EQ(r.district.met, 0);
    ASSERT_EQ(r.not_yet_met.size(), 1u);
    EXPECT_EQ(r.not_yet_met[0].key, "a");
    EXPECT_EQ(r.not_yet_met[0].last_result, "not_met");
    ASSERT_EQ(r.visits_per_day.size(), 1u);
    EXPECT_EQ(r.visits_per_day[0], (std::pair<std::string, int>{"2026-12-01", 2}));
}

} // namespace cordon::ledger
