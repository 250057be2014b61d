#include "fixtures.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/select.hpp>

#include <gtest/gtest.h>

#include <random>
#include <string>

using namespace cordon;
using cordon::test::rect;

namespace {

/// A row of 20 buildings 10 m apart: every third a courtyard building (名 …院), households
/// 0..19, even ones apartments, odd ones shops (retail); compounds around each group of 5.
geo::District sample() {
    geo::District d;
    for (int i = 0; i < 20; ++i) {
        geo::Building& b = test::add_building(d, rect(i * 10, 0, i * 10 + 8, 8), i);
        b.name = i % 3 == 0 ? "幸福院 " + std::to_string(i) : "Block " + std::to_string(i);
        b.category = i % 2 == 0 ? "apartments" : "retail";
        b.control = i % 2 == 0 ? "patrol" : "not_home";
        b.floors = i;
        if (i < 10) b.zone_id = 1 + i / 5;
        b.compound_id = 1 + i / 5;
    }
    for (int c = 0; c < 4; ++c) {
        geo::Compound k;
        k.id = c + 1;
        k.name = c % 2 == 0 ? "东院" : "West court";
        k.mode = c == 3 ? geo::CompoundMode::unknown : geo::CompoundMode::closed;
        k.geom = rect(c * 50 - 1, -1, c * 50 + 49, 9);
        d.compounds.push_back(k);
    }
    test::add_gate(d, {5, -1}, 1).state = geo::GateState::closed;
    test::add_gate(d, {55, -1}, 2);
    test::add_road(d, {{0, -20}, {100, -20}}, "primary").name = "一环路";
    test::add_road(d, {{0, 20}, {30, 20}}, "service");
    return d;
}

/// What the expression should select, worked out by hand over the buildings.
template <class Pred> std::vector<geo::Id> buildings_where(const geo::District& d, Pred p) {
    std::vector<geo::Id> ids;
    for (const auto& b : d.buildings)
        if (p(b)) ids.push_back(b.id);
    return ids;
}

} // namespace

TEST(Select, ExpressionsOverBuildingsAgreeWithTheSameConditionInCpp) {
    const geo::District d = sample();
    using B = geo::Building;
    EXPECT_EQ(
        geo::select_where(d, "buildings", "name LIKE '%院%'"),
        buildings_where(d, [](const B& b) { return b.name.find("院") != std::string::npos; }));
    EXPECT_EQ(geo::select_where(d, "buildings", "households >= 10 AND category = 'apartments'"),
              buildings_where(
                  d, [](const B& b) { return b.households >= 10 && b.category == "apartments"; }));
    EXPECT_EQ(geo::select_where(d, "buildings", "id IN (2, 4, 99) OR NOT home AND floors > 15"),
              buildings_where(d, [](const B& b) {
                  return b.id == 2 || b.id == 4 || (b.control == "not_home" && b.floors > 15);
              }));
    EXPECT_EQ(
        geo::select_where(d, "buildings", "zone_id IS NULL AND lower(name) LIKE 'BLOCK%'"),
        buildings_where(d, [](const B& b) { return !b.zone_id && b.name.rfind("Block", 0) == 0; }));
    EXPECT_EQ(geo::select_where(d, "buildings", "area_m2 BETWEEN 63 AND 65").size(), 20u);
    EXPECT_TRUE(geo::select_where(d, "buildings", "0").empty());
}

TEST(Select, ExpressionsOverTheOtherLayers) {
    const geo::District d = sample();
    EXPECT_EQ(geo::select_where(d, "compounds", "name LIKE '%院%' AND mode = 'closed'"),
              (std::vector<geo::Id>{1, 3}));
    // households of the compound's homes: compound 2 holds buildings 5..9, homes 6 and 8
    EXPECT_EQ(geo::select_where(d, "compounds", "households = 14 AND buildings = 2"),
              (std::vector<geo::Id>{2}));
    EXPECT_EQ(geo::select_where(d, "gates", "state = 'closed'"), (std::vector<geo::Id>{1}));
    EXPECT_EQ(geo::select_where(d, "roads", "class = 'primary' AND length_m > 99"),
              (std::vector<geo::Id>{1}));
    EXPECT_TRUE(geo::select_where(d, "zones", "households > 0").empty()); // no zones
}

TEST(Select, ABadExpressionIsRefusedNamingTheLayerAndWhy) {
    const geo::District d = sample();
    auto message = [&](const std::string& layer, const std::string& expression) {
        try {
            geo::select_where(d, layer, expression);
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("(accepted)");
    };
    EXPECT_NE(message("buildings", "nme = 'x'").find("buildings: the expression \"nme = 'x'\""),
              std::string::npos);
    EXPECT_NE(message("buildings", "nme = 'x'").find("no such column: nme"), std::string::npos);
    EXPECT_NE(message("buildings", "   ").find("empty"), std::string::npos);
    EXPECT_NE(message("parks", "1").find("no layer 'parks'"), std::string::npos);
    // Nothing but the layer's own table, read in one SELECT: no other statements, no
    // subqueries (a recursive one would never end), no schema.
    EXPECT_NE(message("buildings", "1); DELETE FROM t; --").find("more than one"),
              std::string::npos);
    EXPECT_NE(message("buildings", "id IN (SELECT id FROM t)").find("only read"),
              std::string::npos);
    EXPECT_NE(
        message("buildings", "1) UNION SELECT name FROM sqlite_master --").find("cannot be read"),
        std::string::npos);
    EXPECT_NE(message("buildings", "load_extension('x')"), "(accepted)");
}

TEST(Select, InsideAnAreaAgreesWithBruteForce) {
    geo::District d = sample();
    // A triangle over part of the row: buildings by their centroid, gates by position,
    // roads by the middle point.
    const geo::MultiPolygon tri{
        geo::Polygon{{geo::Ring{{-5, -30}, {120, -30}, {-5, 40}, {-5, -30}}}}};
    std::vector<geo::Id> expected;
    for (const auto& b : d.buildings) {
        const double cx = b.geom[0].rings[0][0].x + 4, cy = 4;
        // inside the triangle: x >= -5, y >= -30 and below the hypotenuse
        if (cx > -5 && cy > -30 && (cx + 5) / 125 + (cy + 30) / 70 < 1) expected.push_back(b.id);
    }
    ASSERT_FALSE(expected.empty());
    ASSERT_LT(expected.size(), d.buildings.size());
    EXPECT_EQ(geo::select_inside(d, "buildings", tri), expected);
    EXPECT_EQ(geo::select_inside(d, "gates", tri), (std::vector<geo::Id>{1, 2}));
    EXPECT_EQ(geo::select_inside(d, "roads", tri), (std::vector<geo::Id>{1, 2}));
    EXPECT_EQ(geo::select_inside(d, "compounds", tri), (std::vector<geo::Id>{1}));

    // A zone's outline as the area.
    geo::Zone z;
    z.id = 7;
    z.geom = rect(15, -5, 45, 20);
    d.zones.push_back(z);
    EXPECT_EQ(geo::select_inside(d, "buildings", geo::zone_outline(d, 7)),
              (std::vector<geo::Id>{3, 4, 5}));
    EXPECT_THROW(geo::zone_outline(d, 8), InputError);
    EXPECT_THROW(geo::community_outline(d, 1), InputError);
}
