#include <cordon/gui/document.hpp>
#include <cordon/session/scenario.hpp>

#include <gtest/gtest.h>

using namespace cordon;
using gui::Document;
using gui::StaleZones;

namespace {

/// A district of three gates (1 and 2 open, 3 closed), one compound and one road.
Document three_gates() {
    Document doc;
    doc.path = "test.cordon";
    geo::District& d = *doc.district;
    d.meta.srid = 32648;
    geo::Compound c;
    c.id = 1;
    c.mode = geo::CompoundMode::closed;
    d.compounds.push_back(c);
    for (int i = 1; i <= 3; ++i) {
        geo::Gate g;
        g.id = i;
        g.compound_id = 1;
        g.pos = {i * 10.0, 0};
        g.state = i == 3 ? geo::GateState::closed : geo::GateState::open;
        d.gates.push_back(g);
    }
    doc.Opened();
    doc.Changed();
    return doc;
}

geo::GateState state_of(const Document& doc, geo::Id gate) {
    for (const auto& g : doc.district->gates)
        if (g.id == gate) return g.state;
    ADD_FAILURE() << "no gate " << gate;
    return geo::GateState::open;
}

} // namespace

TEST(Document, EditsGoThroughUndoAndTellTheListeners) {
    Document doc = three_gates();
    int told = 0;
    doc.listeners.push_back([&] { ++told; });
    EXPECT_FALSE(doc.undo.modified());
    doc.Apply(session::SetGateState{2, geo::GateState::closed, std::nullopt});
    EXPECT_EQ(state_of(doc, 2), geo::GateState::closed);
    EXPECT_EQ(told, 1);
    EXPECT_TRUE(doc.undo.modified());
    EXPECT_EQ(doc.undo.undo_label(), "close gate 2");
    EXPECT_EQ(doc.figures["gates"]["open"], 1);
    doc.Undo();
    EXPECT_EQ(state_of(doc, 2), geo::GateState::open);
    EXPECT_EQ(doc.figures["gates"]["open"], 2);
    EXPECT_FALSE(doc.undo.modified());
    doc.Redo();
    EXPECT_EQ(state_of(doc, 2), geo::GateState::closed);
    EXPECT_EQ(told, 3);
}

TEST(Document, AFailedEditChangesNothing) {
    Document doc = three_gates();
    EXPECT_ANY_THROW(doc.Apply(session::SetGateState{99, geo::GateState::closed, std::nullopt}));
    EXPECT_FALSE(doc.undo.can_undo());
    EXPECT_EQ(doc.figures["gates"]["open"], 2);
}

TEST(Document, StaleZonesFollowUndoAndPlanningZonesClearsThem) {
    Document doc = three_gates();
    geo::District edited = *doc.district;
    doc.Replace(edited, "refresh zones", StaleZones{{7}, {7}});
    EXPECT_EQ(doc.stale.outlines, std::set<geo::Id>{7});
    doc.Replace(edited, "plan routes"); // routes planned again, outlines still stale
    EXPECT_EQ(doc.stale.outlines, std::set<geo::Id>{7});
    EXPECT_TRUE(doc.stale.routes.empty());
    doc.Replace(edited, "plan zones");
    EXPECT_TRUE(doc.stale.empty());
    doc.Undo();
    EXPECT_EQ(doc.stale.outlines, std::set<geo::Id>{7});
    EXPECT_TRUE(doc.stale.routes.empty());
    doc.Undo();
    EXPECT_EQ(doc.stale.routes, std::set<geo::Id>{7});
    doc.Undo();
    EXPECT_TRUE(doc.stale.empty());
}

TEST(Document, ReadScenarios) {
    Document doc = three_gates();
    std::string error = "left from before";
    EXPECT_TRUE(gui::ReadScenarios(*doc.district, &error).empty());
    EXPECT_EQ(error, "");
    session::save_scenario(*doc.district, session::capture_scenario(*doc.district, "A"));
    const auto list = gui::ReadScenarios(*doc.district, &error);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].name, "A");
    EXPECT_EQ(list[0].state["gates"]["3"], "closed");
    EXPECT_EQ(error, "");
}

TEST(FeatureLayer, KeysRoundTrip) {
    for (gui::FeatureLayer l : gui::k_feature_layers) {
        gui::FeatureLayer back = gui::FeatureLayer::communities;
        ASSERT_TRUE(gui::layer_from_key(gui::layer_key(l), back)) << gui::layer_key(l);
        EXPECT_EQ(back, l);
    }
    gui::FeatureLayer unchanged = gui::FeatureLayer::gates;
    EXPECT_FALSE(gui::layer_from_key("households", unchanged));
    EXPECT_EQ(unchanged, gui::FeatureLayer::gates);
}
