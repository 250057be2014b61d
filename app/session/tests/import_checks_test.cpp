#include "fixtures.hpp"

#include <cordon/geo/select.hpp>
#include <cordon/session/import_checks.hpp>

#include <gtest/gtest.h>

using namespace cordon;

TEST(ImportChecks, CountAndNameWhatIsLeftToCheckAndTheirExpressionsSelectThem) {
    geo::District d;
    for (int c = 1; c <= 4; ++c) {
        geo::Compound k;
        k.id = c;
        k.mode = c == 4 ? geo::CompoundMode::closed : geo::CompoundMode::unknown;
        k.geom = test::rect(100.0 * c, 0, 100.0 * c + 50, 50);
        d.compounds.push_back(k);
    }
    test::add_gate(d, {100, 25}, 1);
    test::add_gate(d, {300, 25}, 3);
    test::add_gate(d, {900, 25}, 1).compound_id.reset(); // on no compound
    for (int i = 0; i < 5; ++i)
        test::add_building(d, test::rect(10.0 * i, 200, 10.0 * i + 8, 208), 3 + i)
            .households_estimated = i < 3;
    const nlohmann::json c = session::import_checks(d);
    EXPECT_EQ(c["gates_on_no_compound"]["ids"], nlohmann::json({3}));
    EXPECT_EQ(c["compounds_without_gate"]["ids"], nlohmann::json({2, 4}));
    EXPECT_EQ(c["compounds_unknown_mode"]["ids"], nlohmann::json({1, 2, 3}));
    EXPECT_EQ(c["households_estimated"]["count"], 3);
    EXPECT_EQ(c["households_estimated"]["of"], 5);
    EXPECT_DOUBLE_EQ(c["households_estimated"]["households"].get<double>(), 3 + 4 + 5);
    // The click-through: each expression selects exactly those features.
    for (const char* key :
         {"gates_on_no_compound", "compounds_without_gate", "compounds_unknown_mode"})
        EXPECT_EQ(nlohmann::json(geo::select_where(d, c[key]["layer"], c[key]["select"])),
                  c[key]["ids"])
            << key;
    EXPECT_EQ(geo::select_where(d, "buildings", c["households_estimated"]["select"]),
              (std::vector<geo::Id>{1, 2, 3}));
}
