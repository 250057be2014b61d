// A mode the planner picks for compounds of unknown mode is marked as assumed: counted apart,
// unknown again when no mode is picked, and the planner's own word replaces it.

#include "fixtures.hpp"

#include <cordon/session/edit.hpp>
#include <cordon/session/plan.hpp>
#include <cordon/session/scenario.hpp>

#include <gtest/gtest.h>

using namespace cordon;

namespace {

/// Three compounds with a home each: one closed in the data, two of unknown mode.
geo::District district() {
    geo::District d;
    d.meta.srid = 32648;
    test::add_compound(d, test::rect(0, 0, 100, 100), "锦绣花园", geo::CompoundMode::closed);
    test::add_compound(d, test::rect(200, 0, 300, 100), "玉林院", geo::CompoundMode::unknown);
    test::add_compound(d, test::rect(400, 0, 500, 100), "", geo::CompoundMode::unknown);
    for (double x : {50.0, 250.0, 450.0})
        test::add_building(d, test::rect(x - 8, 42, x + 8, 58), 20).category = "residential";
    return d;
}

std::size_t count(const nlohmann::json& figures, const char* key) {
    return figures.value(key, nlohmann::json::array()).size();
}

} // namespace

TEST(ModeAssumed, APickedModeIsMarkedCountedAndUnknownAgainWhenNoneIsPicked) {
    geo::District d = district();
    SilentProgress progress;
    session::PlanParams p;
    p.classify.unknown_compounds_as = geo::CompoundMode::closed;
    const auto report = session::run_plan_step(d, "classify", p, progress);
    ASSERT_EQ(report["compounds_assumed"].size(), 2u);
    EXPECT_EQ(report["compounds_assumed"][0]["id"], 2);
    EXPECT_EQ(report["compounds_assumed"][0]["mode"], "closed");
    EXPECT_FALSE(d.compounds[0].mode_assumed); // the data's word
    EXPECT_TRUE(d.compounds[1].mode_assumed);
    EXPECT_TRUE(d.compounds[2].mode_assumed);
    EXPECT_EQ(d.compounds[1].mode, geo::CompoundMode::closed);
    EXPECT_EQ(d.buildings[1].control, "closed");
    auto f = session::plan_figures(d);
    EXPECT_EQ(count(f, "compounds_mode_assumed"), 2u);
    EXPECT_EQ(count(f, "compounds_unknown_mode"), 0u);

    // Another pick replaces the assumption; the data's closed compound keeps its mode.
    p.classify.unknown_compounds_as = geo::CompoundMode::guarded;
    session::run_plan_step(d, "classify", p, progress);
    EXPECT_EQ(d.compounds[1].mode, geo::CompoundMode::guarded);
    EXPECT_TRUE(d.compounds[1].mode_assumed);
    EXPECT_EQ(d.compounds[0].mode, geo::CompoundMode::closed);

    // No pick: the assumed ones are unknown again, and left out of the plan.
    p.classify.unknown_compounds_as.reset();
    const auto again = session::run_plan_step(d, "classify", p, progress);
    EXPECT_TRUE(again["compounds_assumed"].empty());
    EXPECT_EQ(again["compounds_unknown"].size(), 2u);
    EXPECT_EQ(d.compounds[1].mode, geo::CompoundMode::unknown);
    EXPECT_FALSE(d.compounds[1].mode_assumed);
    EXPECT_EQ(d.buildings[1].control, "unknown");
    f = session::plan_figures(d);
    EXPECT_EQ(count(f, "compounds_mode_assumed"), 0u);
    EXPECT_EQ(count(f, "compounds_unknown_mode"), 2u);
    EXPECT_EQ(d.compounds[0].mode, geo::CompoundMode::closed);
}

TEST(ModeAssumed, ThePlannersWordReplacesAnAssumptionAndUndoBringsItBack) {
    geo::District d = district();
    SilentProgress progress;
    session::PlanParams p;
    p.classify.unknown_compounds_as = geo::CompoundMode::closed;
    session::run_plan_step(d, "classify", p, progress);
    const session::Scenario before = session::capture_scenario(d, "assumed");

    // The planner says compound 2 is closed: the same mode, now theirs.
    const session::Edit undo =
        session::apply_edit(d, session::SetCompoundMode{2, geo::CompoundMode::closed, {}});
    EXPECT_FALSE(d.compounds[1].mode_assumed);
    EXPECT_EQ(count(session::plan_figures(d), "compounds_mode_assumed"), 1u);
    // ... and a classify with the pick keeps their word.
    session::run_plan_step(d, "classify", p, progress);
    EXPECT_FALSE(d.compounds[1].mode_assumed);
    EXPECT_TRUE(d.compounds[2].mode_assumed);

    session::apply_edit(d, undo);
    EXPECT_TRUE(d.compounds[1].mode_assumed);
    EXPECT_EQ(d.compounds[1].mode, geo::CompoundMode::closed);
    // The inverse says so in its JSON (the history and the autosave journal keep it).
    const auto j = session::edit_to_json(undo);
    EXPECT_EQ(j.value("assumed", false), true);
    const session::Edit back = session::edit_from_json(j);
    EXPECT_TRUE(std::get<session::SetCompoundMode>(back).assumed);

    // A scenario keeps which modes were assumed.
    session::apply_edit(d, session::SetCompoundMode{3, geo::CompoundMode::patrol, {}});
    EXPECT_FALSE(d.compounds[2].mode_assumed);
    session::restore_scenario(d, before);
    EXPECT_EQ(d.compounds[2].mode, geo::CompoundMode::closed);
    EXPECT_TRUE(d.compounds[2].mode_assumed);
}
