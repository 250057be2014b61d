#include "fixtures.hpp"
#include "temp_dir.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/project_store.hpp>
#include <cordon/planner/road_network.hpp>
#include <cordon/session/plan.hpp>
#include <cordon/session/project.hpp>

#include <gtest/gtest.h>

using namespace cordon;

namespace {

/// A closed compound 200 × 200 m with a path through it, three gates and four buildings;
/// two scattered buildings and a shop outside it.
geo::District district() {
    geo::District d;
    d.meta.srid = 32648;
    test::add_compound(d, test::rect(0, 0, 200, 200), "锦绣花园");
    test::add_road(d, {{-100, -20}, {400, -20}}); // street south of the compound
    test::add_road(d, {{100, -20}, {100, 220}});  // path through the compound
    test::add_road(d, {{-100, 220}, {400, 220}}); // street north
    SilentProgress progress;
    d.network = planner::build_network(d.roads, {}, progress).network;
    test::add_gate(d, {100, 0}, 1).kind = geo::GateKind::both;         // south gate, on the path
    test::add_gate(d, {100, 200}, 1).kind = geo::GateKind::pedestrian; // north gate
    test::add_gate(d, {0, 100}, 1).kind = geo::GateKind::pedestrian;   // west gate, off the paths
    auto building = [&](double x, double y, const char* category) {
        test::add_building(d, test::rect(x - 8, y - 8, x + 8, y + 8), 20).category = category;
    };
    building(90, 40, "apartments");
    building(110, 80, "apartments");
    building(90, 120, "yes");
    building(110, 160, "residential");
    building(300, -40, "yes");        // scattered
    building(320, -40, "house");      // scattered
    building(340, -40, "commercial"); // not a home
    return d;
}

} // namespace

TEST(PlanSteps, ClassifyThenGatesKeepsTheFewestGates) {
    geo::District d = district();
    SilentProgress progress;
    session::PlanParams p;
    p.gates.max_walk = 250;
    const auto figures = session::run_plan_step(d, "gates", p, progress);
    EXPECT_TRUE(figures.contains("classified_first"));
    EXPECT_EQ(d.buildings[0].control, "closed");
    EXPECT_EQ(d.buildings[4].control, "patrol");
    EXPECT_EQ(d.buildings[6].control, "not_home");
    // Every building is within 250 m of the south gate along the path, and it is the vehicle
    // gate: it alone stays open.
    EXPECT_EQ(d.gates[0].state, geo::GateState::open);
    EXPECT_EQ(d.gates[1].state, geo::GateState::closed);
    EXPECT_EQ(d.gates[2].state, geo::GateState::closed);
    EXPECT_NE(d.gates[1].reason.find("closed:"), std::string::npos);
    EXPECT_EQ(figures["gates_open"], 1);
    // A tighter walk: the north gate opens too (building at y = 160 is 180 m from the south
    // gate along the path, 40 m from the north one).
    p.gates.max_walk = 150;
    session::run_plan_step(d, "gates", p, progress);
    EXPECT_EQ(d.gates[1].state, geo::GateState::open);
}

TEST(PlanSteps, RunStepRecordsHistoryAndAFailedStepChangesNothing) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    geo::write_project(district(), path, progress);
    session::PlanParams p;
    session::run_step(
        path, "classify", session::plan_parameters("classify", p),
        [&](geo::District& d) { return session::run_plan_step(d, "classify", p, progress); },
        progress);
    const geo::District after = geo::read_project(path);
    ASSERT_EQ(after.meta.history.size(), 1u);
    EXPECT_EQ(after.meta.history[0].step, "classify");
    EXPECT_EQ(after.buildings[4].control, "patrol");
    EXPECT_TRUE(after.meta.parameters.count("classify"));

    const std::string before = test::read_file(path);
    EXPECT_THROW(
        session::run_step(
            path, "routes", {},
            [&](geo::District& d) { return session::run_plan_step(d, "routes", p, progress); },
            progress),
        InputError); // no zones yet
    EXPECT_EQ(test::read_file(path), before);
}

TEST(PlanSteps, StaffingCountsTheOpenGates) {
    geo::District d = district();
    SilentProgress progress;
    session::PlanParams p;
    p.gates.max_walk = 250;
    session::run_plan_step(d, "gates", p, progress);
    const auto s = session::run_plan_step(d, "staffing", p, progress);
    EXPECT_EQ(s["district"]["need"]["property"], 2 * 3); // one open gate, crew 2, 3 shifts
}
