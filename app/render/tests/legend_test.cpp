// The legend has an entry for every class the renderer draws, taken from the style table.

#include <cordon/render/decorations.hpp>
#include <cordon/render/style.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

using namespace cordon;
using namespace cordon::render;

namespace {

/// Drawn the same: rank, widths, colours and dashes.
bool alike(const RoadStyle& a, const RoadStyle& b) {
    auto same = [](const Rgba& x, const Rgba& y) {
        return x.r == y.r && x.g == y.g && x.b == y.b && x.a == y.a;
    };
    return a.rank == b.rank && a.width_m == b.width_m && a.max_px == b.max_px &&
           same(a.fill, b.fill) && same(a.casing, b.casing) && a.dash == b.dash;
}

geo::District roads_of(const std::vector<std::string>& classes) {
    geo::District d;
    for (const auto& cls : classes) {
        geo::Road r;
        r.id = static_cast<geo::Id>(d.roads.size() + 1);
        r.cls = cls;
        r.geom = {{0, 0}, {100, 0}};
        d.roads.push_back(r);
    }
    return d;
}

} // namespace

TEST(Legend, EveryRoadClassOfTheStyleTableHasAnEntryDrawnInItsStyle) {
    const auto classes = styled_road_classes();
    ASSERT_GE(classes.size(), 20u);
    for (const auto& cls : classes) {
        const auto lines = legend_lines(LegendOptions::for_district(roads_of({cls})));
        int roads = 0;
        for (const auto& line : lines) {
            if (line.road_class.empty()) continue;
            ++roads;
            EXPECT_TRUE(alike(road_style(line.road_class), road_style(cls)))
                << cls << " is listed as " << line.en << " (" << line.road_class << ")";
        }
        EXPECT_EQ(roads, 1) << cls;
    }
}

TEST(Legend, EachStyleDrawnHasItsOwnName) {
    const auto lines = legend_lines(LegendOptions::for_district(roads_of(styled_road_classes())));
    // The distinct styles of the table.
    std::vector<std::string> styles;
    for (const auto& cls : styled_road_classes())
        if (std::none_of(styles.begin(), styles.end(), [&](const std::string& s) {
                return alike(road_style(s), road_style(cls));
            }))
            styles.push_back(cls);
    std::vector<std::string> named;
    std::set<std::string> en, zh;
    for (const auto& line : lines) {
        EXPECT_TRUE(en.insert(line.en).second) << "two entries read " << line.en;
        EXPECT_TRUE(zh.insert(line.zh).second) << "two entries read " << line.zh;
        if (!line.road_class.empty()) named.push_back(line.road_class);
    }
    EXPECT_EQ(named.size(), styles.size()); // every style drawn, once
    for (const auto& s : styles)
        EXPECT_EQ(std::count_if(
                      named.begin(), named.end(),
                      [&](const std::string& n) { return alike(road_style(n), road_style(s)); }),
                  1)
            << s;
    // Motorway and trunk (pink and salmon with a red edge) are named, not mistaken for the
    // closed compound (no compound entry when there are no compounds).
    EXPECT_TRUE(en.count("Motorway"));
    EXPECT_TRUE(en.count("Trunk road"));
    EXPECT_TRUE(zh.count("高速公路"));
    EXPECT_FALSE(en.count("Closed compound"));
}

TEST(Legend, AnUnknownClassIsListedAsTheStyleItIsDrawnWith) {
    const auto lines = legend_lines(LegendOptions::for_district(roads_of({"raceway"})));
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_TRUE(alike(road_style(lines[0].road_class), road_style("raceway")));
    EXPECT_EQ(lines[0].en, "Minor road");
}

TEST(Legend, EveryCompoundModeGateStateAndCheckpointKindIsListed) {
    const auto lines = legend_lines(LegendOptions{});
    std::set<std::string> en;
    for (const auto& line : lines)
        en.insert(line.en);
    for (const char* e : {"Closed compound", "Guarded courtyard", "Patrol (scattered)",
                          "Mode not set", "Open gate", "Closed gate", "Vehicle checkpoint",
                          "Registration point", "Patrol zone", "Patrol route", "Building"})
        EXPECT_TRUE(en.count(e)) << e;
}
