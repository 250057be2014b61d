#include "fixtures.hpp"
#include "temp_dir.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/project_store.hpp>
#include <cordon/session/edit.hpp>
#include <cordon/session/plan.hpp>
#include <cordon/session/undo.hpp>

#include <gtest/gtest.h>

using namespace cordon;

namespace {

/// One zone of three homes (10, 20, 30 households) and a shop the data calls a home (493
/// households, category "yes"), a guarded courtyard 幸福院 with one home, a compound 锦绣花园.
geo::District district() {
    geo::District d;
    d.meta.srid = 32648;
    for (int i = 0; i < 4; ++i) {
        geo::Building& b = test::add_building(d, test::rect(30.0 * i, 0, 30.0 * i + 20, 20),
                                              i < 3 ? 10.0 * (i + 1) : 493);
        b.category = i < 3 ? "apartments" : "yes";
        b.name = i < 3 ? "Block " + std::to_string(i + 1) : "Hypermarket";
        b.households_estimated = true;
        b.control = "patrol";
        b.zone_id = 1;
    }
    geo::Zone z;
    z.id = 1;
    z.name = "Z1";
    z.households = 553;
    z.buildings = 4;
    d.zones.push_back(z);
    const char* names[] = {"幸福院", "锦绣花园"};
    for (int c = 0; c < 2; ++c) {
        geo::Compound k;
        k.id = c + 1;
        k.name = names[c];
        k.mode = geo::CompoundMode::unknown;
        k.geom = test::rect(200.0 + 100 * c, 0, 280.0 + 100 * c, 80);
        d.compounds.push_back(k);
        geo::Building& b =
            test::add_building(d, test::rect(210.0 + 100 * c, 10, 230.0 + 100 * c, 30), 40);
        b.category = "residential";
        b.compound_id = k.id;
        b.control = "unknown";
    }
    return d;
}

/// Why the edits file `edits` is refused on the project at `path` ("(accepted)" when it is not).
std::string refusal(const std::string& path, const std::string& edits) {
    SilentProgress progress;
    try {
        session::edit_project(path, nlohmann::json::parse(edits), progress, "edits.json");
    } catch (const InputError& e) {
        return std::string(e.what());
    }
    return std::string("(accepted)");
}

double zone_households(const nlohmann::json& figures) {
    return figures["zones"][0]["households"].get<double>();
}

} // namespace

TEST(AttributeEdit, HouseholdsAndNotAHomeChangeTheZoneAndUndoInOneStep) {
    geo::District d = district();
    session::UndoStack undo;
    EXPECT_DOUBLE_EQ(zone_households(session::plan_figures(d)), 553);
    // The attribute form on the shop: households 0 and not a home, one step.
    undo.apply(d, std::vector<session::Edit>{
                      session::SetAttribute{"buildings", 4, "households", 0, std::nullopt},
                      session::SetHome{4, false, std::nullopt}});
    EXPECT_EQ(undo.undo_label(), "set households of building 4 to 0; mark building 4 not a home");
    const geo::Building& shop = d.buildings[3];
    EXPECT_EQ(shop.households, 0);
    EXPECT_FALSE(shop.households_estimated); // said by the planner
    EXPECT_EQ(shop.control, "not_home");
    EXPECT_FALSE(shop.zone_id);
    EXPECT_DOUBLE_EQ(d.zones[0].households, 60);
    EXPECT_EQ(d.zones[0].buildings, 3);
    EXPECT_DOUBLE_EQ(zone_households(session::plan_figures(d)), 60);
    EXPECT_EQ(session::homes_by_hand(d), (std::map<geo::Id, bool>{{4, false}}));

    undo.undo(d);
    EXPECT_EQ(d.buildings[3].households, 493);
    EXPECT_TRUE(d.buildings[3].households_estimated);
    EXPECT_EQ(d.buildings[3].control, "patrol");
    EXPECT_EQ(d.buildings[3].zone_id, 1);
    EXPECT_DOUBLE_EQ(d.zones[0].households, 553);
    EXPECT_TRUE(session::homes_by_hand(d).empty());
    undo.redo(d);
    EXPECT_EQ(d.buildings[3].control, "not_home");
    EXPECT_DOUBLE_EQ(d.zones[0].households, 60);
}

TEST(AttributeEdit, ClassifyHonoursThePlannersWordOnHomes) {
    geo::District d = district();
    session::apply_edits(d, {session::SetHome{4, false, std::nullopt}});
    SilentProgress progress;
    session::PlanParams p;
    session::run_plan_step(d, "classify", p, progress);
    EXPECT_EQ(d.buildings[3].control, "not_home"); // category "yes" would make it a home
    EXPECT_EQ(d.buildings[0].control, "patrol");
    // And back: a home again, classified as one.
    session::apply_edits(d, {session::SetHome{4, true, std::nullopt}});
    EXPECT_EQ(d.buildings[3].control, "patrol");
    d.buildings[3].category = "retail";
    session::run_plan_step(d, "classify", p, progress);
    EXPECT_EQ(d.buildings[3].control, "patrol"); // the planner's word over the category
}

TEST(AttributeEdit, BadValuesAreRefusedNamingTheFeatureAndField) {
    geo::District d = district();
    auto message = [&](const session::Edit& e) {
        try {
            session::apply_edits(d, {e});
        } catch (const InputError& err) {
            return std::string(err.what());
        }
        return std::string("(accepted)");
    };
    EXPECT_EQ(message(session::SetAttribute{"buildings", 1, "households", -3, {}}),
              "building 1: households: -3 must be a number from 0 to 100000");
    EXPECT_EQ(message(session::SetAttribute{"buildings", 1, "floors", 2.5, {}}),
              "building 1: floors: 2.5 must be a whole number from 0 to 300");
    EXPECT_EQ(message(session::SetAttribute{"buildings", 1, "name", 5, {}}),
              "building 1: name: 5 is not text");
    EXPECT_EQ(message(session::SetAttribute{"buildings", 1, "colour", "red", {}}),
              "building 1: colour: not a field to set (name, number, address, category, "
              "households, floors)");
    EXPECT_EQ(message(session::SetAttribute{"buildings", 99, "name", "x", {}}),
              "building 99: no such feature");
    EXPECT_EQ(d.buildings[0].households, 10); // nothing changed
}

TEST(AttributeEdit, JsonEditsSelectByExpressionAndAreaInTheProject) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    geo::write_project(district(), path, progress);
    std::vector<std::string> said;
    const auto figures = session::edit_project(path, nlohmann::json::parse(R"([
            {"edit": "set-attribute", "layer": "compounds", "where": "name LIKE '%院%'",
             "field": "mode", "value": "guarded"},
            {"edit": "set-attribute", "layer": "buildings", "where": "name = 'Hypermarket'",
             "field": "households", "value": "0"},
            {"edit": "set-home", "inside": [[85, -5], [115, -5], [115, 25], [85, 25]],
             "home": false},
            {"edit": "set-attribute", "layer": "buildings", "ids": [1, 2], "field": "floors",
             "value": 6}
        ])"),
                                               progress, "edits.json", {}, &said);
    EXPECT_EQ(said, (std::vector<std::string>{
                        "set compound 1 to guarded", "set households of building 4 to 0",
                        "mark building 4 not a home", "set floors of 2 buildings to 6"}));
    EXPECT_DOUBLE_EQ(zone_households(figures), 60);
    const geo::District after = geo::read_project(path);
    EXPECT_EQ(after.compounds[0].mode, geo::CompoundMode::guarded);
    EXPECT_EQ(after.compounds[1].mode, geo::CompoundMode::unknown);
    EXPECT_EQ(after.buildings[4].control, "guarded");
    EXPECT_EQ(after.buildings[3].households, 0);
    EXPECT_EQ(after.buildings[3].control, "not_home");
    EXPECT_EQ(after.buildings[0].floors, 6);
    EXPECT_EQ(session::homes_by_hand(after), (std::map<geo::Id, bool>{{4, false}}));

    // An expression that cannot be read, or selects nothing: refused, the project as it was.
    auto refused = [&](const std::string& edits) { return refusal(path, edits); };
    EXPECT_NE(refused(R"([{"edit":"compound","where":"nme LIKE 'x'","mode":"patrol"}])")
                  .find("edits.json: edit 1: compounds: the expression \"nme LIKE 'x'\" cannot "
                        "be read: no such column: nme"),
              std::string::npos);
    EXPECT_EQ(refused(R"([{"edit":"compound","where":"name = 'none'","mode":"patrol"}])"),
              "edits.json: edit 1: \"name = 'none'\" selects no compounds");
    EXPECT_EQ(geo::read_project(path).compounds[0].mode, geo::CompoundMode::guarded);
}

TEST(AttributeEdit, CheckpointPeriodsAreSetPerCheckpointAndUndone) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    geo::District d = district();
    for (geo::Id id : {1, 2}) {
        geo::Checkpoint c;
        c.id = id;
        c.hours = "24 h";
        c.crew = 4;
        c.pos = {500.0 + 10 * id, 0};
        d.checkpoints.push_back(c);
    }
    SilentProgress progress;
    geo::write_project(d, path, progress);
    std::vector<std::string> said;
    session::edit_project(path, nlohmann::json::parse(R"([
            {"edit": "set-attribute", "layer": "checkpoints", "ids": [1, 2], "field": "periods",
             "value": "07:00-10:00=3, 17:00-23:00=3,23:00-07:00=1"},
            {"edit": "set-attribute", "layer": "checkpoints", "id": 2, "field": "periods",
             "value": "00:00-12:00=2,12:00-24:00=5"}
        ])"),
                          progress, "edits.json", {}, &said);
    const geo::District after = geo::read_project(path);
    EXPECT_EQ(after.checkpoints[0].periods, "07:00-10:00=3,17:00-23:00=3,23:00-07:00=1");
    EXPECT_EQ(after.checkpoints[0].hours, "17:00-10:00");
    EXPECT_EQ(after.checkpoints[0].crew, 3);
    EXPECT_EQ(after.checkpoints[1].periods, "00:00-12:00=2,12:00-24:00=5");
    EXPECT_EQ(after.checkpoints[1].hours, "24 h");
    EXPECT_EQ(after.checkpoints[1].crew, 5);

    // Overlapping periods, a crew out of range, hours that leave a period out: refused, the
    // project as it was.
    auto refused = [&](const std::string& edits) { return refusal(path, edits); };
    const std::string before = test::read_file(path);
    EXPECT_NE(refused(R"([{"edit":"set-attribute","layer":"checkpoints","id":1,
                          "field":"periods","value":"07:00-10:00=3,09:00-12:00=1"}])")
                  .find("checkpoint 1: periods: periods 07:00-10:00 and 09:00-12:00 overlap"),
              std::string::npos);
    EXPECT_NE(refused(R"([{"edit":"set-attribute","layer":"checkpoints","id":1,
                          "field":"periods","value":"07:00-10:00=300"}])")
                  .find("crew '300' must be a whole number from 1 to 100"),
              std::string::npos);
    EXPECT_NE(refused(R"([{"edit":"set-attribute","layer":"checkpoints","id":1,
                          "field":"hours","value":"07:00-22:00"}])")
                  .find("does not fit the checkpoint's periods"),
              std::string::npos);
    EXPECT_EQ(test::read_file(path), before);

    // Undone in one step: periods, hours and crew as they were.
    geo::District e = d;
    session::UndoStack undo;
    undo.apply(e, std::vector<session::Edit>{
                      session::SetAttribute{"checkpoints", 1, "periods", "22:00-06:00=2", {}}});
    EXPECT_EQ(e.checkpoints[0].hours, "22:00-06:00");
    EXPECT_EQ(e.checkpoints[0].crew, 2);
    undo.undo(e);
    EXPECT_EQ(e.checkpoints[0].periods, "");
    EXPECT_EQ(e.checkpoints[0].hours, "24 h");
    EXPECT_EQ(e.checkpoints[0].crew, 4);
}
