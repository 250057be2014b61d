#include "fixtures.hpp"
#include "temp_dir.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/project_store.hpp>
#include <cordon/session/autosave.hpp>
#include <cordon/session/edit.hpp>
#include <cordon/session/scenario.hpp>
#include <cordon/session/undo.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

using namespace cordon;

namespace {

/// Two zones of two scattered buildings each, a closed compound with two gates, one road.
geo::District district() {
    geo::District d;
    d.meta.srid = 32648;
    test::add_compound(d, test::rect(0, 0, 100, 100), "锦绣花园");
    for (int i = 0; i < 2; ++i)
        test::add_gate(d, {i * 100.0, 50}, 1);
    for (int i = 0; i < 5; ++i) {
        geo::Building& b =
            test::add_building(d, test::rect(200 + 30 * i, 0, 220 + 30 * i, 20), 10 * (i + 1));
        b.control = i < 4 ? "patrol" : "closed";
        if (i < 4) b.zone_id = i < 2 ? 1 : 2;
        if (i == 4) b.compound_id = 1;
    }
    for (int z = 1; z <= 2; ++z) {
        geo::Zone zone;
        zone.id = z;
        zone.name = "Z" + std::to_string(z);
        d.zones.push_back(zone);
    }
    geo::Road r;
    r.id = 7;
    r.cls = "residential";
    r.geom = {{0, -10}, {400, -10}};
    d.roads.push_back(r);
    d.network.edges.push_back({1, 1, 2, 7, "residential", 400, true, true, false, 1, r.geom});
    return d;
}

} // namespace

TEST(Edit, GateToggleAndUndoRestoreTheFigures) {
    geo::District d = district();
    session::UndoStack undo;
    EXPECT_EQ(session::plan_figures(d)["gates"]["open"], 2);
    undo.apply(d, session::SetGateState{1, geo::GateState::closed, {}});
    undo.apply(d, session::SetGateState{2, geo::GateState::closed, {}});
    auto f = session::plan_figures(d);
    EXPECT_EQ(f["gates"]["open"], 0);
    ASSERT_EQ(f["compounds_without_open_gate"].size(), 1u);
    // A closed compound with no gate at all is counted too; one of unknown mode is not, it
    // is counted as such.
    geo::District more = d;
    geo::Compound gateless = more.compounds[0];
    gateless.id = 2;
    more.compounds.push_back(gateless);
    gateless.id = 3;
    gateless.mode = geo::CompoundMode::unknown;
    more.compounds.push_back(gateless);
    const auto g = session::plan_figures(more);
    ASSERT_EQ(g["compounds_without_open_gate"].size(), 2u);
    EXPECT_EQ(g["compounds_without_open_gate"][1]["id"], 2);
    EXPECT_EQ(g["compounds_without_open_gate"][1]["gates"], 0);
    ASSERT_EQ(g["compounds_unknown_mode"].size(), 1u);
    EXPECT_EQ(g["compounds_unknown_mode"][0]["id"], 3);
    EXPECT_TRUE(undo.modified());
    EXPECT_EQ(undo.undo_label(), "close gate 2");
    undo.undo(d);
    undo.undo(d);
    EXPECT_EQ(d.gates[0].state, geo::GateState::open);
    EXPECT_EQ(d.gates[0].reason, "");
    EXPECT_FALSE(undo.modified());
    undo.redo(d);
    EXPECT_EQ(d.gates[0].state, geo::GateState::closed);
}

TEST(Edit, MovingBuildingsUpdatesZoneWorkloads) {
    geo::District d = district();
    session::UndoStack undo;
    auto f = session::plan_figures(d);
    EXPECT_EQ(f["zones"][0]["households"], 30);
    EXPECT_EQ(f["zones"][1]["households"], 70);
    undo.apply(d, session::MoveBuildings::to({3}, 1));
    f = session::plan_figures(d);
    EXPECT_EQ(f["zones"][0]["households"], 60);
    EXPECT_EQ(f["zones"][1]["households"], 40);
    EXPECT_EQ(d.zones[0].households, 60);
    EXPECT_EQ(d.zones[0].buildings, 3);
    undo.undo(d);
    EXPECT_EQ(d.buildings[2].zone_id, 2);
    EXPECT_EQ(d.zones[0].households, 30);
    EXPECT_THROW(undo.apply(d, session::MoveBuildings::to({3}, 9)), InputError);
    EXPECT_THROW(undo.apply(d, session::MoveBuildings::to({99}, 1)), InputError);
    EXPECT_EQ(d.buildings[2].zone_id, 2);
}

TEST(Edit, CompoundModeChangesItsBuildingsAndUndoes) {
    geo::District d = district();
    session::UndoStack undo;
    undo.apply(d, session::SetCompoundMode{1, geo::CompoundMode::guarded, {}});
    EXPECT_EQ(d.buildings[4].control, "guarded");
    undo.undo(d);
    EXPECT_EQ(d.buildings[4].control, "closed");
    EXPECT_EQ(d.compounds[0].mode, geo::CompoundMode::closed);
}

TEST(Edit, ASelectionIsEditedInOneStepAndUndoneInOne) {
    geo::District d = district();
    for (geo::Id id : {2, 3}) { // two more closed compounds, with a building each
        geo::Compound c = d.compounds[0];
        c.id = id;
        c.geom = test::rect(0, 200.0 * static_cast<double>(id), 100,
                            200.0 * static_cast<double>(id) + 100);
        d.compounds.push_back(c);
        geo::Building& b = test::add_building(d,
                                              test::rect(10, 200.0 * static_cast<double>(id) + 10,
                                                         30, 200.0 * static_cast<double>(id) + 30),
                                              5);
        b.control = "closed";
        b.compound_id = id;
    }
    session::UndoStack undo;
    std::vector<session::Edit> edits;
    for (geo::Id id : {1, 2, 3})
        edits.push_back(session::SetCompoundMode{id, geo::CompoundMode::patrol, {}});
    undo.apply(d, edits);
    EXPECT_EQ(undo.size(), 1u);
    EXPECT_EQ(undo.undo_label(), "set 3 compounds to patrol");
    for (const auto& c : d.compounds)
        EXPECT_EQ(c.mode, geo::CompoundMode::patrol) << "compound " << c.id;
    for (const auto& b : d.buildings)
        if (b.compound_id) {
            EXPECT_EQ(b.control, "patrol") << "building " << b.id;
        }
    undo.undo(d);
    for (const auto& c : d.compounds)
        EXPECT_EQ(c.mode, geo::CompoundMode::closed) << "compound " << c.id;
    for (const auto& b : d.buildings)
        if (b.compound_id) {
            EXPECT_EQ(b.control, "closed") << "building " << b.id;
        }
    undo.redo(d);
    EXPECT_EQ(d.compounds[2].mode, geo::CompoundMode::patrol);
    undo.undo(d);

    // All or nothing: compound 99 does not exist, so 1 and 2 are left as they were.
    edits.push_back(session::SetCompoundMode{99, geo::CompoundMode::patrol, {}});
    EXPECT_THROW(undo.apply(d, edits), InputError);
    EXPECT_EQ(undo.size(), 1u);
    for (const auto& c : d.compounds)
        EXPECT_EQ(c.mode, geo::CompoundMode::closed) << "compound " << c.id;

    // Gates and roads in one step each; the labels count them.
    undo.apply(d, {session::SetGateState{1, geo::GateState::closed, {}},
                   session::SetGateState{2, geo::GateState::closed, {}}});
    EXPECT_EQ(undo.undo_label(), "close 2 gates");
    EXPECT_EQ(session::plan_figures(d)["gates"]["open"], 0);
    undo.undo(d);
    EXPECT_EQ(session::plan_figures(d)["gates"]["open"], 2);
}

TEST(Edit, JsonEditsTakeIdLists) {
    const auto groups = session::edit_groups_from_json(
        nlohmann::json::parse(R"([{"edit":"compound","ids":[3,4,5],"mode":"patrol"},
                                  {"edit":"gate","id":7,"state":"open"}])"),
        "edits.json");
    ASSERT_EQ(groups.size(), 2u);
    ASSERT_EQ(groups[0].size(), 3u);
    EXPECT_EQ(std::get<session::SetCompoundMode>(groups[0][2]).compound, 5);
    EXPECT_EQ(session::describe(groups[0]), "set 3 compounds to patrol");
    EXPECT_EQ(session::describe(groups[1]), "open gate 7");
    EXPECT_EQ(session::edits_from_json(
                  nlohmann::json::parse(R"([{"edit":"road","ids":[1,2],"closed":true}])"), "e")
                  .size(),
              2u);
    for (const char* bad : {R"({"edit":"gate","ids":[],"state":"open"})",
                            R"({"edit":"gate","ids":[1],"id":1,"state":"open"})",
                            R"({"edit":"gate","ids":"1","state":"open"})",
                            R"({"edit":"gate","ids":[1.5],"state":"open"})"})
        EXPECT_THROW(session::edit_groups_from_json(nlohmann::json::parse(bad), "e"), InputError)
            << bad;
}

TEST(Edit, CheckpointsAddMoveDeleteAndUndo) {
    geo::District d = district();
    session::UndoStack undo;
    geo::Checkpoint c;
    c.pos = {10, 10};
    undo.apply(d, session::AddCheckpoint{c});
    ASSERT_EQ(d.checkpoints.size(), 1u);
    EXPECT_EQ(d.checkpoints[0].id, 1);
    undo.apply(d, session::MoveCheckpoint{1, {20, 30}});
    undo.apply(d, session::DeleteCheckpoint{1});
    EXPECT_TRUE(d.checkpoints.empty());
    undo.undo(d);
    ASSERT_EQ(d.checkpoints.size(), 1u);
    EXPECT_EQ(d.checkpoints[0].pos.y, 30);
    undo.undo(d);
    EXPECT_EQ(d.checkpoints[0].pos.y, 10);
    undo.undo(d);
    EXPECT_TRUE(d.checkpoints.empty());
    undo.redo(d);
    EXPECT_EQ(d.checkpoints.size(), 1u);
}

TEST(Edit, ClosedRoadsLoseTheirFlagsAndGetThemBack) {
    geo::District d = district();
    d.roads[0].drivable = false; // a footway
    d.network.edges[0].drivable = false;
    session::UndoStack undo;
    undo.apply(d, session::SetRoadClosed{7, true});
    EXPECT_FALSE(d.roads[0].walkable);
    EXPECT_FALSE(d.network.edges[0].walkable);
    EXPECT_EQ(session::closed_roads(d), std::vector<geo::Id>{7});
    undo.undo(d);
    EXPECT_TRUE(d.roads[0].walkable);
    EXPECT_FALSE(d.roads[0].drivable);
    EXPECT_TRUE(session::closed_roads(d).empty());
}

TEST(Edit, JsonRoundTripAndProjectEdits) {
    const session::Edit e = session::MoveBuildings::to({1, 2}, 2);
    EXPECT_EQ(session::edit_to_json(session::edit_from_json(session::edit_to_json(e))),
              session::edit_to_json(e));
    EXPECT_THROW(session::edit_from_json({{"edit", "teleport"}}), InputError);

    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    geo::write_project(district(), path, progress);
    const auto f = session::edit_project(
        path,
        nlohmann::json::parse(
            R"([{"edit":"gate","id":1,"state":"closed"},{"edit":"buildings","ids":[1],"zone":2}])"),
        progress);
    EXPECT_EQ(f["gates"]["closed"], 1);
    const geo::District after = geo::read_project(path);
    EXPECT_EQ(after.gates[0].state, geo::GateState::closed);
    EXPECT_EQ(after.buildings[0].zone_id, 2);
    EXPECT_EQ(after.meta.history.back().step, "edit");
}

TEST(Edit, PlanRunsUndoAsSnapshots) {
    geo::District d = district();
    session::UndoStack undo;
    geo::District before = d;
    d.zones.clear();
    undo.record(std::move(before), "plan zones");
    undo.undo(d);
    EXPECT_EQ(d.zones.size(), 2u);
    undo.redo(d);
    EXPECT_TRUE(d.zones.empty());
}

TEST(Scenario, SavedComparedAndRestored) {
    geo::District d = district();
    session::save_scenario(d, session::capture_scenario(d, "A"));
    session::apply_edit(d, session::SetGateState{1, geo::GateState::closed, {}});
    session::apply_edit(d, session::MoveBuildings::to({1}, 2));
    session::save_scenario(d, session::capture_scenario(d, "B"));
    ASSERT_EQ(session::list_scenarios(d).size(), 2u);
    const auto cmp = session::compare_scenarios(*session::find_scenario(d, "A"),
                                                *session::find_scenario(d, "B"));
    EXPECT_EQ(cmp["differences"]["gates"].size(), 1u);
    ASSERT_EQ(cmp["differences"]["buildings"].size(), 1u);
    EXPECT_EQ(cmp["differences"]["buildings"][0]["id"], 1);
    bool gates_row = false;
    for (const auto& row : cmp["figures"])
        if (row["figure"] == "gates_open") {
            gates_row = true;
            EXPECT_EQ(row["difference"], -1);
        }
    EXPECT_TRUE(gates_row);
    // Zone by zone, by number: building 1 (10 households) left zone 1 for zone 2.
    ASSERT_EQ(cmp["zones"].size(), 2u);
    const auto& z1 = cmp["zones"][0];
    EXPECT_EQ(z1["id"], 1);
    EXPECT_EQ(z1["a"]["name"], "Z1");
    EXPECT_EQ(z1["b"]["name"], "Z1");
    EXPECT_EQ(z1["a"]["households"], 30);
    EXPECT_EQ(z1["b"]["households"], 20);
    EXPECT_EQ(z1["a"]["buildings"], 2);
    EXPECT_EQ(z1["b"]["buildings"], 1);
    EXPECT_EQ(z1["buildings_kept"], 1);
    EXPECT_EQ(cmp["zones"][1]["b"]["households"], 80);
    EXPECT_EQ(cmp["zones"][1]["buildings_kept"], 2);
    session::restore_scenario(d, *session::find_scenario(d, "A"));
    EXPECT_EQ(d.gates[0].state, geo::GateState::open);
    EXPECT_EQ(d.buildings[0].zone_id, 1);
    EXPECT_TRUE(session::remove_scenario(d, "A"));
    EXPECT_FALSE(session::find_scenario(d, "A"));
}

TEST(Autosave, WrittenFoundAndDiscarded) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    geo::write_project(district(), path, progress);
    EXPECT_FALSE(session::find_recovery(path));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    geo::District d = district();
    d.gates[0].state = geo::GateState::closed;
    const std::string copy = session::write_autosave(d, path, progress);
    ASSERT_TRUE(session::find_recovery(path));
    EXPECT_EQ(*session::find_recovery(path), copy);
    EXPECT_EQ(geo::read_project(copy).gates[0].state, geo::GateState::closed);
    session::discard_autosave(path);
    EXPECT_FALSE(session::find_recovery(path));
}
