// JSON from files and projects that is hostile or careless (issue 20): nested 100,000 deep,
// ids that are not whole numbers in range, coordinates far outside the district, keys that are
// not ids. Each must end in an InputError naming where it came from, with the district as it
// was; none may crash.

#include "errors.hpp"
#include "fixtures.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/session/edit.hpp>
#include <cordon/session/plan.hpp>
#include <cordon/session/scenario.hpp>

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <variant>

using namespace cordon;

namespace {

/// A compound with one gate, a building in zone 1, one road and one checkpoint, all within
/// (0, 0)–(400, 100).
geo::District district() {
    geo::District d;
    d.meta.srid = 32648;
    test::add_compound(d, test::rect(0, 0, 100, 100));
    geo::Gate g;
    g.id = 1;
    g.compound_id = 1;
    g.pos = {0, 50};
    d.gates.push_back(g);
    geo::Building b;
    b.id = 1;
    b.households = 10;
    b.control = "patrol";
    b.zone_id = 1;
    b.geom = test::rect(200, 0, 220, 20);
    d.buildings.push_back(b);
    geo::Zone z;
    z.id = 1;
    d.zones.push_back(z);
    geo::Road r;
    r.id = 7;
    r.cls = "residential";
    r.geom = {{0, -10}, {400, -10}};
    d.roads.push_back(r);
    geo::Checkpoint k;
    k.id = 1;
    k.pos = {300, -10};
    k.hours = "24 h";
    d.checkpoints.push_back(k);
    return d;
}

std::string nested(std::size_t depth) {
    return std::string(depth, '[') + std::string(depth, ']');
}

using test::error_of;

#define EXPECT_CONTAINS(text, part)                                                                \
    EXPECT_NE(std::string(text).find(part), std::string::npos) << (text)

session::Edit edit(const std::string& text) {
    return session::edit_from_json(nlohmann::json::parse(text));
}

} // namespace

TEST(HostileJson, EditIdsMustBeWholeNumbersInRange) {
    // 1.9 was gate 1; 1e30 was reported as gate -9223372036854775808; 2^64-1 as gate -1.
    EXPECT_CONTAINS(error_of([] { edit(R"({"edit":"gate","id":1.9,"state":"closed"})"); }),
                    "id 1.9 is not a whole number");
    EXPECT_CONTAINS(error_of([] { edit(R"({"edit":"gate","id":1e30,"state":"closed"})"); }),
                    "id 1e+30 is out of range (ids are whole numbers from 1 to "
                    "9223372036854775807)");
    EXPECT_CONTAINS(
        error_of([] { edit(R"({"edit":"gate","id":18446744073709551615,"state":"closed"})"); }),
        "id 18446744073709551615 is out of range");
    EXPECT_CONTAINS(error_of([] { edit(R"({"edit":"road","id":-1})"); }), "id -1 is out of range");
    EXPECT_CONTAINS(error_of([] { edit(R"({"edit":"road","id":"7"})"); }),
                    "id \"7\" is not a number");
    EXPECT_CONTAINS(error_of([] { edit(R"({"edit":"buildings","ids":[1, 2.5],"zone":1})"); }),
                    "id 2.5 is not a whole number");
    EXPECT_CONTAINS(error_of([] { edit(R"({"edit":"buildings","moves":[[1, 1e19]]})"); }),
                    "id 1e+19 is out of range");
    EXPECT_CONTAINS(error_of([] { edit(R"({"edit":"buildings","ids":5,"zone":1})"); }),
                    "\"ids\" is not a JSON array");
    // The message names the edit.
    EXPECT_CONTAINS(error_of([] { edit(R"({"edit":"gate","id":1.9,"state":"closed"})"); }),
                    R"(edit {"edit":"gate","id":1.9,"state":"closed"}: )");

    // The largest id and whole floats are ids; 0 means "the next free id" for a new checkpoint.
    EXPECT_EQ(std::get<session::SetGateState>(
                  edit(R"({"edit":"gate","id":9223372036854775807,"state":"closed"})"))
                  .gate,
              9223372036854775807);
    EXPECT_EQ(std::get<session::SetRoadClosed>(edit(R"({"edit":"road","id":7.0})")).road, 7);
    EXPECT_EQ(
        std::get<session::AddCheckpoint>(edit(R"({"edit":"add_checkpoint","id":0,"x":10,"y":10})"))
            .checkpoint.id,
        0);
}

TEST(HostileJson, EditsOfAFileNameTheFileAndTheEdit) {
    const auto edits = nlohmann::json::parse(
        R"([{"edit":"road","id":7}, {"edit":"gate","id":1.9,"state":"closed"}])");
    EXPECT_CONTAINS(error_of([&] { session::edits_from_json(edits, "e.json"); }),
                    "e.json: edit 2: edit {\"edit\":\"gate\"");
    EXPECT_CONTAINS(error_of([] { session::edits_from_json(nlohmann::json(3), "e.json"); }),
                    "e.json: expected a JSON array of edits");
}

TEST(HostileJson, CheckpointsFarOutsideTheDistrictAreRefused) {
    geo::District d = district();
    const geo::District before = d;
    // x 1e308 was accepted, and KML then wrote 0.0,inf.
    const std::string far = error_of(
        [&] { session::apply_edit(d, edit(R"({"edit":"add_checkpoint","x":1e308,"y":0})")); });
    EXPECT_CONTAINS(far, "new checkpoint: the position (1e+308, 0) lies more than 2 km outside "
                         "the project (0, -10 to 400, 100)");
    EXPECT_CONTAINS(error_of([&] {
                        session::apply_edit(d, edit(R"({"edit":"move_checkpoint","id":1,"x":0,)"
                                                    R"("y":-2100})"));
                    }),
                    "checkpoint 1: the position (0, -2100) lies more than 2 km outside");
    EXPECT_EQ(d.checkpoints.size(), 1u);
    EXPECT_EQ(d.checkpoints[0].pos.y, before.checkpoints[0].pos.y);
    // Non-finite positions built in code (the GUI) are refused too.
    EXPECT_CONTAINS(error_of([&] {
                        geo::Checkpoint c;
                        c.pos = {std::numeric_limits<double>::infinity(), 0};
                        session::apply_edit(d, session::AddCheckpoint{c});
                    }),
                    "is not a pair of finite numbers");
    // Within the margin is fine.
    session::apply_edit(d, edit(R"({"edit":"add_checkpoint","x":-1990,"y":2090})"));
    EXPECT_EQ(d.checkpoints.size(), 2u);
    // A non-finite number cannot come from a JSON text at all.
    EXPECT_THROW(nlohmann::json::parse(R"({"x": 1e400})"), nlohmann::json::exception);
}

TEST(HostileJson, ClosedRoadsKeysMustBeIds) {
    geo::District d = district();
    d.meta.parameters["closed_roads"] = R"({"abc": {"walkable": true, "drivable": true}})";
    // It was "failed: stoll".
    const std::string expected = "table 'parameters', row 'closed_roads', column 'value': key "
                                 "\"abc\" is not an id (a whole number from 1)";
    EXPECT_EQ(error_of([&] { session::closed_roads(d); }), expected);
    EXPECT_EQ(error_of([&] { session::plan_figures(d); }), expected);
    EXPECT_EQ(error_of([&] { session::apply_edit(d, session::SetRoadClosed{7, true}); }), expected);
    EXPECT_EQ(d.meta.parameters["closed_roads"],
              R"({"abc": {"walkable": true, "drivable": true}})");

    d.meta.parameters["closed_roads"] = R"({"7": {"walkable": "yes"}})";
    EXPECT_CONTAINS(error_of([&] {
                        session::apply_edit(d, session::SetRoadClosed{7, false});
                    }),
                    "row 'closed_roads', column 'value': road 7: \"walkable\" is \"yes\", not "
                    "true or false");
    d.meta.parameters["closed_roads"] = R"([7])";
    EXPECT_CONTAINS(error_of([&] { session::closed_roads(d); }),
                    "not a JSON object of closed roads by id");
    d.meta.parameters["closed_roads"] = nested(100000);
    EXPECT_EQ(error_of([&] { session::closed_roads(d); }),
              "table 'parameters', row 'closed_roads', column 'value': JSON nested more than 64 "
              "levels deep (arrays and objects inside each other)");
}

TEST(HostileJson, DeepScenarioRowsAreRefusedNamingTheRow) {
    geo::District d = district();
    session::save_scenario(d, session::capture_scenario(d, "good"));
    // 100,000 deep: `scenario list|compare|restore` crashed on this.
    for (const std::string& deep :
         {nested(100000), R"({"name":"evil","state":)" + nested(100000) + "}"}) {
        d.meta.parameters["scenario:evil"] = deep;
        const std::string expected =
            "table 'parameters', row 'scenario:evil', column 'value': JSON nested more than 64 "
            "levels deep (arrays and objects inside each other)";
        EXPECT_EQ(error_of([&] { session::list_scenarios(d); }), expected);
        EXPECT_EQ(error_of([&] { session::find_scenario(d, "good"); }), expected);
    }
    // Removing it needs no reading.
    EXPECT_TRUE(session::remove_scenario(d, "evil"));
    EXPECT_EQ(session::list_scenarios(d).size(), 1u);
}

TEST(HostileJson, ScenarioMembersOfTheWrongShapeAreRefused) {
    geo::District d = district();
    const std::string row = "table 'parameters', row 'scenario:x', column 'value'";
    auto refused = [&](const std::string& text) {
        d.meta.parameters["scenario:x"] = text;
        return error_of([&] { session::list_scenarios(d); });
    };
    EXPECT_EQ(refused("[]"), row + ": not a JSON object");
    EXPECT_EQ(refused(R"({"name": 5})"), row + ": \"name\" is 5, not text");
    EXPECT_EQ(refused(R"({"state": {"gates": {"abc": "open"}}})"),
              row + ": state: gates: key \"abc\" is not an id (a whole number from 1)");
    EXPECT_CONTAINS(refused(R"({"state": {"gates": {"1": "ajar"}}})"), row + ": state: gates 1");
    EXPECT_EQ(refused(R"({"state": {"gates": {"1": 5}}})"),
              row + ": state: gates 1: 5 is not text");
    EXPECT_CONTAINS(refused(R"({"state": {"building_zones": {"1": 1.5}}})"),
                    row + ": state: building_zones 1: id 1.5 is not a whole number");
    EXPECT_CONTAINS(refused(R"({"state": {"checkpoints": [{"edit":"delete_checkpoint","id":1}]}})"),
                    row + ": state: checkpoint 1: not a checkpoint");
    EXPECT_CONTAINS(refused(R"({"state": {"checkpoints": [{"edit":"add_checkpoint","x":"a"}]}})"),
                    row + ": state: checkpoint 1: edit");
    EXPECT_CONTAINS(refused(R"({"state": {"closed_roads": [1e30]}})"),
                    row + ": state: closed_roads: id 1e+30 is out of range");
    EXPECT_EQ(refused(R"({"figures": {"gates": 3}})"),
              row + ": figures: \"gates\" is 3, not a JSON object");
    EXPECT_EQ(refused(R"({"figures": {"staffing": {"people_per_day": "many"}}})"),
              row + ": figures: staffing: \"people_per_day\" is not a number");
    EXPECT_EQ(refused("{"), row + ": not valid JSON (parse error at line 1, column 2: syntax "
                                  "error while parsing object key - unexpected end of input; "
                                  "expected string literal)");

    // Members left out are fine: restoring such a scenario changes nothing it does not name.
    d.meta.parameters["scenario:x"] = R"({"name": "x", "state": {"gates": {"1": "closed"}}})";
    const geo::District before = d;
    session::restore_scenario(d, *session::find_scenario(d, "x"));
    EXPECT_EQ(d.gates[0].state, geo::GateState::closed);
    EXPECT_EQ(d.buildings[0].zone_id, std::nullopt); // no zone named for it
    EXPECT_TRUE(d.checkpoints.empty());              // the scenario has none
    const auto cmp = session::compare_scenarios(*session::find_scenario(d, "x"),
                                                session::capture_scenario(before, "before"));
    EXPECT_EQ(cmp["differences"]["gates"].size(), 1u);
}

TEST(HostileJson, DeepHistoryParametersArePassedOver) {
    geo::District d = district();
    d.meta.history.push_back({"", "staffing", R"({"staffing": {"shift_hours": 12}})", "{}"});
    d.meta.history.push_back({"", "zones", nested(100000), "{}"});
    EXPECT_EQ(session::staffing_params(d).shift_hours, 12);
}
