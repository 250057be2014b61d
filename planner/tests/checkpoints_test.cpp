// Checkpoint planning on hand-drawn networks with known answers, random networks against
// brute force over road segments, and bad input.

#include "fixtures.hpp"
#include "temp_dir.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/param_error.hpp>
#include <cordon/geo/wkt.hpp>
#include <cordon/planner/checkpoint_area.hpp>
#include <cordon/planner/checkpoints.hpp>

#include <gtest/gtest.h>

#include <deque>
#include <random>

using namespace cordon;
using namespace cordon::planner;

namespace {

struct Drawn {
    geo::District d;
    /// A node at (x, y); returns its id.
    geo::Id node(double x, double y) {
        geo::NetworkNode n;
        n.id = static_cast<geo::Id>(d.network.nodes.size() + 1);
        n.pos = {x, y};
        d.network.nodes.push_back(n);
        return n.id;
    }
    /// A road (one network edge) from a to b; returns the road id.
    geo::Id road(geo::Id a, geo::Id b, const std::string& cls = "residential", bool oneway = false,
                 const std::string& name = "", std::vector<geo::Point> via = {}) {
        geo::Road r;
        r.id = static_cast<geo::Id>(d.roads.size() + 1);
        r.name = name.empty() ? "road " + std::to_string(r.id) : name;
        r.cls = cls;
        r.oneway = oneway;
        r.geom.push_back(d.network.nodes[static_cast<std::size_t>(a - 1)].pos);
        r.geom.insert(r.geom.end(), via.begin(), via.end());
        r.geom.push_back(d.network.nodes[static_cast<std::size_t>(b - 1)].pos);
        geo::NetworkEdge e;
        e.id = static_cast<geo::Id>(d.network.edges.size() + 1);
        e.from = a;
        e.to = b;
        e.road_id = r.id;
        e.cls = cls;
        e.oneway = oneway;
        e.geom = r.geom;
        e.length = geo::length(r.geom);
        d.network.edges.push_back(e);
        d.roads.push_back(r);
        return r.id;
    }
};

// A hand-made network is the whole world: its dead ends are dead ends, not roads cut by the
// edge of an extract.
CheckpointParams params_for(const geo::MultiPolygon& area, double margin) {
    CheckpointParams p;
    p.area = {"test area", area, ""};
    p.margin = margin;
    p.open_data_edge = false;
    return p;
}

CheckpointPlan plan(const geo::District& d, const CheckpointParams& p) {
    SilentProgress quiet;
    return plan_checkpoints(d, p, quiet);
}

std::set<geo::Id> roads_of(const CheckpointPlan& plan) {
    std::set<geo::Id> ids;
    for (const auto& c : plan.checkpoints)
        ids.insert(c.road_id.value_or(0));
    return ids;
}

// The island: a protected square with five roads leading out of it to a hub, and the hub
// joined to the mainland by one bridge.
struct Island : Drawn {
    geo::Id bridge = 0;
    std::vector<geo::Id> spokes;
    Island() {
        const geo::Id inside = node(50, 50);
        const geo::Id hub = node(200, 50);
        for (int i = 0; i < 5; ++i) {
            const geo::Id r = node(130, 10 + 20 * i);
            spokes.push_back(road(inside, r));
            road(r, hub);
        }
        const geo::Id shore = node(500, 50);
        bridge = road(hub, shore, "primary", false, "The Bridge");
        const geo::Id far1 = node(900, 50), far2 = node(500, 500);
        road(shore, far1, "primary");
        road(shore, far2);
        road(far1, far2);
        geo::Building b;
        b.id = 1;
        b.households = 40;
        b.geom = test::rect(40, 40, 60, 60);
        d.buildings.push_back(b);
        geo::Building ring_home;
        ring_home.id = 2;
        ring_home.households = 12;
        ring_home.geom = test::rect(195, 55, 205, 65);
        d.buildings.push_back(ring_home);
    }
};

} // namespace

TEST(Checkpoints, OneBridgeInTheMarginReplacesFiveBoundaryRoads) {
    Island is;
    const CheckpointPlan p = plan(is.d, params_for(test::rect(0, 0, 100, 100), 300));
    ASSERT_EQ(p.checkpoints.size(), 1u);
    EXPECT_EQ(*p.checkpoints[0].road_id, is.bridge);
    EXPECT_EQ(p.checkpoints[0].crew, 5); // primary
    EXPECT_EQ(p.report["outcome"], "cordon");
    EXPECT_EQ(p.report["boundary"]["checkpoints"], 5);
    EXPECT_EQ(p.report["boundary"]["crew"], 10);
    EXPECT_EQ(p.report["boundary"]["saved_checkpoints"], 4);
    EXPECT_EQ(p.report["boundary"]["saved_crew"], 5);
    // The cordon encloses the hub's household beyond the area.
    EXPECT_EQ(p.report["enclosed_beyond_area"]["households"], 12);
    EXPECT_EQ(p.report["protected"]["households"], 40);
    EXPECT_NE(p.checkpoints[0].reason.find("The Bridge"), std::string::npos);
    EXPECT_NE(p.checkpoints[0].reason.find("natural choke point"), std::string::npos);
    EXPECT_TRUE(is_planned_checkpoint(p.checkpoints[0]));
    // The bridge is reported as a natural choke point cutting off the area.
    bool found = false;
    for (const auto& c : p.choke_points)
        if (c.kind == ChokePoint::Kind::bridge && c.road_id == is.bridge) {
            found = true;
            EXPECT_EQ(c.cut_off_protected, 1u);
            EXPECT_EQ(c.cut_off_households, 52);
        }
    EXPECT_TRUE(found);

    // Fewest checkpoints: the same single bridge; on the boundary: the five spokes.
    CheckpointParams fewest = params_for(test::rect(0, 0, 100, 100), 300);
    fewest.objective = CheckpointObjective::fewest;
    EXPECT_EQ(roads_of(plan(is.d, fewest)), std::set<geo::Id>{is.bridge});
    const CheckpointPlan boundary = plan(is.d, params_for(test::rect(0, 0, 100, 100), 0));
    EXPECT_EQ(roads_of(boundary), std::set<geo::Id>(is.spokes.begin(), is.spokes.end()));
}

TEST(Checkpoints, ApplyReplacesTheChokePointAndProtectedAreaLayers) {
    Island is;
    const auto area = test::rect(0, 0, 100, 100);
    CheckpointParams all = params_for(area, 300);
    all.choke_min_households = 0; // the hub cuts off 40 households: list it too
    apply_checkpoints(is.d, plan(is.d, all));
    // The island (the area's node, the five spoke ends and the hub: 7 nodes, the ten spoke
    // roads, both homes) hangs on the bridge; the hub is the junction it hangs on.
    double spokes_km = 0;
    for (const auto& r : is.d.roads)
        if (r.id != is.bridge && r.cls == "residential" && r.geom.front().x < 300)
            spokes_km += geo::length(r.geom) / 1000;
    const geo::ChokePointSite* bridge = nullptr;
    const geo::ChokePointSite* hub = nullptr;
    for (std::size_t i = 0; i < is.d.choke_points.size(); ++i) {
        const auto& c = is.d.choke_points[i];
        EXPECT_EQ(c.id, static_cast<geo::Id>(i + 1));
        if (c.kind == "bridge" && c.road_id == is.bridge) bridge = &c;
        if (c.kind == "articulation" && c.node_id == 2) hub = &c;
    }
    ASSERT_NE(bridge, nullptr);
    EXPECT_EQ(bridge->road_name, "The Bridge");
    EXPECT_EQ(bridge->cls, "primary");
    EXPECT_FALSE(bridge->node_id);
    EXPECT_EQ(bridge->cut_off_nodes, 7);
    EXPECT_EQ(bridge->cut_off_protected, 1);
    EXPECT_DOUBLE_EQ(bridge->cut_off_households, 52);
    EXPECT_NEAR(bridge->cut_off_km, spokes_km, 1e-9);
    EXPECT_NEAR(bridge->pos.x, 350, 1e-9);
    EXPECT_NEAR(bridge->pos.y, 50, 1e-9);
    EXPECT_EQ(bridge->reason.rfind("Bridge of the drivable network: ", 0), 0u) << bridge->reason;
    EXPECT_NE(bridge->reason.find("7 road nodes"), std::string::npos) << bridge->reason;
    ASSERT_NE(hub, nullptr);
    EXPECT_FALSE(hub->road_id);
    EXPECT_NEAR(hub->pos.x, 200, 1e-9);
    EXPECT_NE(hub->reason.find("The Bridge"), std::string::npos) << hub->reason;
    ASSERT_EQ(is.d.cordon_areas.size(), 1u);
    EXPECT_EQ(is.d.cordon_areas[0].name, "test area");
    EXPECT_DOUBLE_EQ(is.d.cordon_areas[0].margin_m, 300);
    ASSERT_EQ(is.d.cordon_areas[0].geom.size(), 1u);
    EXPECT_EQ(is.d.cordon_areas[0].geom[0].rings, area[0].rings);

    // Running again replaces both layers.
    const auto smaller = test::rect(0, 0, 60, 100);
    CheckpointParams again = params_for(smaller, 0);
    again.choke_points = false;
    apply_checkpoints(is.d, plan(is.d, again));
    EXPECT_TRUE(is.d.choke_points.empty());
    ASSERT_EQ(is.d.cordon_areas.size(), 1u);
    EXPECT_EQ(is.d.cordon_areas[0].geom.at(0).rings, smaller[0].rings);
    EXPECT_DOUBLE_EQ(is.d.cordon_areas[0].margin_m, 0);
}

TEST(Checkpoints, OnlyChokePointsThatCutOffEnoughAreListed) {
    // The bridge cuts off the island's 40 households and the hub's 12 (52); the hub cuts off
    // the 40 behind it (its own 12 stay with it).
    Island is;
    const auto area = test::rect(0, 0, 100, 100);
    auto listed = [&](double least) {
        CheckpointParams p = params_for(area, 300);
        p.choke_min_households = least;
        return plan(is.d, p);
    };
    const CheckpointPlan all = listed(0);
    const std::size_t found = all.choke_points.size();
    ASSERT_GE(found, 2u);
    // Ranked by households: the bridge first.
    EXPECT_EQ(all.choke_points[0].road_id, is.bridge);
    EXPECT_DOUBLE_EQ(all.choke_points[1].cut_off_households, 40);
    const CheckpointPlan fifty = listed(50); // the default
    ASSERT_EQ(fifty.choke_points.size(), 1u);
    EXPECT_EQ(fifty.choke_points[0].road_id, is.bridge);
    EXPECT_EQ(fifty.report["choke_points"]["listed"], 1);
    EXPECT_EQ(fifty.report["choke_points"]["below_threshold"], found - 1);
    // The totals stay whatever is listed.
    EXPECT_EQ(fifty.report["choke_points"]["bridges"], all.report["choke_points"]["bridges"]);
    EXPECT_EQ(fifty.report["choke_points"]["articulation_points"],
              all.report["choke_points"]["articulation_points"]);
    EXPECT_EQ(fifty.report["choke_points"]["points"].size(), 1u);
    // The checkpoint on the bridge still says it is a natural choke point.
    EXPECT_NE(fifty.checkpoints.at(0).reason.find("natural choke point"), std::string::npos);
    const CheckpointPlan none = listed(53);
    EXPECT_TRUE(none.choke_points.empty());
    EXPECT_EQ(none.report["choke_points"]["below_threshold"], found);
    CheckpointParams bad = params_for(area, 300);
    bad.choke_min_households = -1;
    EXPECT_THROW(plan(is.d, bad), InputError);
}

TEST(Checkpoints, CrewObjectiveTakesCheaperRoadsThanFewest) {
    // Inside ← one primary road (crew 5) ← junction ← three residential roads (crew 6 together)
    // ← outside: fewest takes the primary road, crew takes... the primary too (5 < 6); with
    // a trunk (6) against two residential roads (4) the two objectives differ.
    Drawn d;
    const geo::Id in = d.node(50, 50), j = d.node(200, 50);
    const geo::Id trunk = d.road(in, j, "trunk");
    std::set<geo::Id> minor;
    for (int i = 0; i < 2; ++i) {
        const geo::Id o = d.node(800, 50 + 100 * i);
        minor.insert(d.road(j, o));
    }
    CheckpointParams p = params_for(test::rect(0, 0, 100, 100), 300);
    EXPECT_EQ(roads_of(plan(d.d, p)), minor);
    p.objective = CheckpointObjective::fewest;
    EXPECT_EQ(roads_of(plan(d.d, p)), std::set<geo::Id>{trunk});
}

TEST(Checkpoints, TwoParallelRoadsBothNeedACheckpoint) {
    Drawn d;
    const geo::Id in = d.node(50, 50), out = d.node(600, 50);
    const geo::Id a = d.road(in, out, "residential", false, "north", {{300, 120}});
    const geo::Id b = d.road(in, out, "residential", false, "south", {{300, -20}});
    const CheckpointPlan p = plan(d.d, params_for(test::rect(0, 0, 100, 100), 300));
    EXPECT_EQ(roads_of(p), (std::set<geo::Id>{a, b}));
    // Parallel roads are no bridge.
    for (const auto& c : p.choke_points)
        EXPECT_NE(c.kind, ChokePoint::Kind::bridge);
}

TEST(Checkpoints, OneWayStreetLeavingNeedsNoCheckpointInbound) {
    Drawn d;
    const geo::Id in = d.node(50, 50);
    const geo::Id two_way = d.road(in, d.node(50, 600));
    const geo::Id out_only = d.road(in, d.node(600, 50), "residential", true); // drawn outwards
    const CheckpointPlan inbound = plan(d.d, params_for(test::rect(0, 0, 100, 100), 100));
    EXPECT_EQ(roads_of(inbound), std::set<geo::Id>{two_way});
    CheckpointParams both = params_for(test::rect(0, 0, 100, 100), 100);
    both.direction = CheckpointDirection::both;
    EXPECT_EQ(roads_of(plan(d.d, both)), (std::set<geo::Id>{two_way, out_only}));
    // A one-way street drawn inwards does need one.
    Drawn e;
    const geo::Id in2 = e.node(50, 50);
    const geo::Id into = e.road(e.node(600, 50), in2, "residential", true);
    EXPECT_EQ(roads_of(plan(e.d, params_for(test::rect(0, 0, 100, 100), 100))),
              std::set<geo::Id>{into});
}

TEST(Checkpoints, MarginZeroCutsExactlyTheBoundaryCrossings) {
    // A 7 × 7 grid, 100 m apart, the area holding the middle 3 × 3 nodes.
    Drawn d;
    for (int y = 0; y < 7; ++y)
        for (int x = 0; x < 7; ++x)
            d.node(x * 100.0, y * 100.0);
    auto id = [](int x, int y) { return static_cast<geo::Id>(y * 7 + x + 1); };
    for (int y = 0; y < 7; ++y)
        for (int x = 0; x < 7; ++x) {
            if (x + 1 < 7) d.road(id(x, y), id(x + 1, y), (y % 3 == 0) ? "primary" : "residential");
            if (y + 1 < 7)
                d.road(id(x, y), id(x, y + 1), (x % 2 == 0) ? "tertiary" : "residential");
        }
    const auto area = test::rect(150, 150, 450, 450);
    const AreaGeometry geom(area);
    std::set<geo::Id> crossings;
    for (const auto& e : d.d.network.edges) {
        const bool a = geom.contains(d.d.network.nodes[static_cast<std::size_t>(e.from - 1)].pos);
        const bool b = geom.contains(d.d.network.nodes[static_cast<std::size_t>(e.to - 1)].pos);
        if (a != b) crossings.insert(e.road_id);
    }
    ASSERT_EQ(crossings.size(), 12u);
    const CheckpointPlan p = plan(d.d, params_for(area, 0));
    EXPECT_EQ(roads_of(p), crossings);
    // Every new checkpoint sits on its road, at the edge of the area.
    for (const auto& c : p.checkpoints)
        EXPECT_LT(geom.boundary_distance(c.pos), 51.0);
}

TEST(Checkpoints, HandPlacedCheckpointsStayAndCountAsStaffed) {
    Island is;
    geo::Checkpoint manual;
    manual.id = 7;
    manual.road_id = is.spokes[0];
    manual.pos = {90, 20};
    manual.crew = 3;
    is.d.checkpoints.push_back(manual);
    // On the boundary only four spokes are left to staff.
    const CheckpointPlan p = plan(is.d, params_for(test::rect(0, 0, 100, 100), 0));
    EXPECT_EQ(p.checkpoints.size(), 4u);
    EXPECT_EQ(p.report["cordon"]["hand_placed_kept_in_cordon"], 1);
    EXPECT_FALSE(roads_of(p).count(is.spokes[0]));
    // Applying the plan keeps the hand-placed checkpoint and replaces Cordon's own.
    apply_checkpoints(is.d, p);
    ASSERT_EQ(is.d.checkpoints.size(), 5u);
    apply_checkpoints(is.d, plan(is.d, params_for(test::rect(0, 0, 100, 100), 300)));
    ASSERT_EQ(is.d.checkpoints.size(), 2u);
    EXPECT_EQ(is.d.checkpoints[0].id, 7);
    EXPECT_GT(is.d.checkpoints[1].id, 7);
    // Who placed each is written down; the field wins over the reason's prefix.
    EXPECT_EQ(is.d.checkpoints[0].placed_by, geo::k_placed_by_planner);
    EXPECT_EQ(is.d.checkpoints[1].placed_by, geo::k_placed_by_cordon);
    geo::Checkpoint renamed = is.d.checkpoints[1]; // Cordon's, its reason edited
    renamed.reason = "moved to the bridge head";
    EXPECT_TRUE(is_planned_checkpoint(renamed));
    geo::Checkpoint adopted = is.d.checkpoints[1]; // taken over by the planner
    adopted.placed_by = geo::k_placed_by_planner;
    EXPECT_FALSE(is_planned_checkpoint(adopted));
    geo::Checkpoint old_project = is.d.checkpoints[1]; // from before the field: the prefix
    old_project.placed_by.clear();
    EXPECT_TRUE(is_planned_checkpoint(old_project));
    old_project.reason = "placed by hand";
    EXPECT_FALSE(is_planned_checkpoint(old_project));
}

TEST(Checkpoints, ClosedAndKeepOpenRoads) {
    Island is;
    CheckpointParams p = params_for(test::rect(0, 0, 100, 100), 300);
    // The bridge must stay open: the cordon falls back to the five spokes.
    p.keep_open_roads = {is.bridge};
    EXPECT_EQ(roads_of(plan(is.d, p)), std::set<geo::Id>(is.spokes.begin(), is.spokes.end()));
    // Closing the bridge cuts the area off: nothing to staff.
    p.keep_open_roads.clear();
    p.closed_roads = {is.bridge};
    const CheckpointPlan closed = plan(is.d, p);
    EXPECT_EQ(closed.report["outcome"], "already_cut_off");
    EXPECT_TRUE(closed.checkpoints.empty());
}

TEST(Checkpoints, EveryBoundaryRoadKeptOpenIsInfeasibleAndNamed) {
    Island is;
    CheckpointParams p = params_for(test::rect(0, 0, 100, 100), 0);
    p.keep_open_roads.insert(is.spokes.begin(), is.spokes.end());
    try {
        plan(is.d, p);
        FAIL() << "expected an error";
    } catch (const InputError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("no cordon is possible"), std::string::npos) << what;
        EXPECT_NE(what.find("road " + std::to_string(is.spokes[0])), std::string::npos) << what;
    }
}

TEST(Checkpoints, AreaWithoutANetworkNodeIsAnError) {
    Island is;
    try {
        plan(is.d, params_for(test::rect(1000, 1000, 1100, 1100), 300));
        FAIL() << "expected an error";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("nothing to protect"), std::string::npos) << e.what();
    }
    CheckpointParams bad = params_for(test::rect(0, 0, 100, 100), -5);
    EXPECT_THROW(plan(is.d, bad), InputError);
    bad = params_for(test::rect(0, 0, 100, 100), 300);
    bad.closed_roads = {999};
    EXPECT_THROW(plan(is.d, bad), InputError);
    bad = params_for(test::rect(0, 0, 100, 100), 300);
    bad.budget = 0;
    EXPECT_THROW(plan(is.d, bad), InputError);
}

TEST(Checkpoints, NetworkInSeveralPieces) {
    Island is;
    // A second piece inside the area with no way in at all, and a third far away.
    const geo::Id a = is.node(20, 80), b = is.node(30, 90);
    is.road(a, b);
    is.road(is.node(5000, 5000), is.node(5100, 5000));
    const CheckpointPlan p = plan(is.d, params_for(test::rect(0, 0, 100, 100), 300));
    EXPECT_EQ(roads_of(p), std::set<geo::Id>{is.bridge});
    EXPECT_EQ(p.report["network"]["pieces"], 3);
    EXPECT_EQ(p.report["network"]["pieces_with_protected_nodes"], 2);
    EXPECT_EQ(p.report["network"]["protected_pieces_without_way_in"], 1);
}

TEST(Checkpoints, NothingBeyondTheMargin) {
    Island is;
    const CheckpointPlan p = plan(is.d, params_for(test::rect(0, 0, 100, 100), 5000));
    EXPECT_EQ(p.report["outcome"], "nothing_outside");
    EXPECT_TRUE(p.checkpoints.empty());
}

TEST(Checkpoints, BudgetPlacesTheRoadsThatInterceptTheMost) {
    // Inside: two homes. Three entries: a primary road to the big home, two residential
    // roads to the small one.
    Drawn d;
    const geo::Id big = d.node(20, 50), small = d.node(80, 50);
    d.road(big, small);
    const geo::Id main_road = d.road(d.node(-500, 50), big, "primary");
    d.road(d.node(500, 0), small);
    d.road(d.node(500, 100), small);
    for (auto [x, hh] : {std::pair{20.0, 100.0}, std::pair{80.0, 10.0}}) {
        geo::Building b;
        b.id = static_cast<geo::Id>(d.d.buildings.size() + 1);
        b.households = hh;
        b.geom = test::rect(x - 5, 45, x + 5, 55);
        d.d.buildings.push_back(b);
    }
    CheckpointParams p = params_for(test::rect(0, 0, 100, 100), 0);
    p.budget = 1;
    const CheckpointPlan one = plan(d.d, p);
    EXPECT_EQ(roads_of(one), std::set<geo::Id>{main_road});
    EXPECT_EQ(one.report["cordon"]["checkpoints"], 3);
    const auto& curve = one.report["traffic"]["curve"];
    ASSERT_EQ(curve.size(), 3u);
    EXPECT_NEAR(curve[2]["share"].get<double>(), 1.0, 1e-9);
    EXPECT_NEAR(one.report["traffic"]["cordon_share"].get<double>(), 1.0, 1e-9);
    double last = 0;
    for (const auto& s : curve) {
        EXPECT_GE(s["share"].get<double>(), last);
        EXPECT_GE(s["best_possible_share_at_most"].get<double>() + 1e-9, s["share"].get<double>());
        last = s["share"].get<double>();
    }
    // A budget as large as the cordon places the cordon.
    p.budget = 5;
    EXPECT_EQ(plan(d.d, p).checkpoints.size(), 3u);
}

// The protected network is the surface inside the area (issue 15).
TEST(CheckpointGround, ATunnelUnderTheAreaWithNoWayOffAddsNoCheckpoint) {
    // One surface road into the area; a tunnel passes under it with a junction of two tunnel
    // roads deep under the area. The old model protected that junction: 3 checkpoints.
    Drawn d;
    const geo::Id home = d.node(50, 50);
    const geo::Id street = d.road(home, d.node(200, 50));
    const geo::Id junction = d.node(50, 30);
    const geo::Id west = d.road(d.node(-150, 30), junction, "primary");
    const geo::Id east = d.road(junction, d.node(250, 30), "primary");
    for (geo::Id r : {west, east})
        d.d.roads[static_cast<std::size_t>(r - 1)].tunnel = true;
    const auto area = test::rect(0, 0, 100, 100);
    const CheckpointPlan p = plan(d.d, params_for(area, 0));
    EXPECT_EQ(roads_of(p), std::set<geo::Id>{street});
    EXPECT_EQ(p.checkpoints.size(), 1u);
    EXPECT_EQ(p.report["ground"]["passing_roads"], 2);
    EXPECT_EQ(p.report["ground"]["passing_junctions"], 1);
    // The junction of the two tunnels is not protected: only the home's node is.
    const CutProblem problem = checkpoint_cut_problem(d.d, params_for(area, 0));
    ASSERT_EQ(problem.sinks.size(), 1u);
    EXPECT_EQ(p.report["network"]["protected_nodes"], 1);

    // A bridge passes over just the same.
    for (geo::Id r : {west, east}) {
        d.d.roads[static_cast<std::size_t>(r - 1)].tunnel = false;
        d.d.roads[static_cast<std::size_t>(r - 1)].bridge = true;
    }
    EXPECT_EQ(roads_of(plan(d.d, params_for(area, 0))), std::set<geo::Id>{street});

    // A ramp off the tunnel inside the area makes its junction a way in: the tunnel from each
    // side now needs a checkpoint.
    for (geo::Id r : {west, east}) {
        d.d.roads[static_cast<std::size_t>(r - 1)].bridge = false;
        d.d.roads[static_cast<std::size_t>(r - 1)].tunnel = true;
    }
    const geo::Id ramp = d.road(junction, d.node(60, 60), "primary_link");
    const CheckpointPlan with_ramp = plan(d.d, params_for(area, 0));
    EXPECT_EQ(roads_of(with_ramp), (std::set<geo::Id>{street, west, east}));
    EXPECT_FALSE(roads_of(with_ramp).count(ramp));
    EXPECT_EQ(with_ramp.report["ground"]["passing_junctions"], 0);
}

TEST(CheckpointGround, ARoadThroughACornerGetsACheckpointOnEachSide) {
    // The area's corner: a road from (-20, 60) to (60, 140) runs inside it from (0, 80) to
    // (20, 100), 28 m, with both junctions outside. The old model saw no protected point on
    // it: 1 checkpoint (the street), with the corner road left open.
    Drawn d;
    const geo::Id home = d.node(50, 50);
    const geo::Id street = d.road(home, d.node(200, 50));
    const geo::Id corner = d.road(d.node(-20, 60), d.node(60, 140));
    const auto area = test::rect(0, 0, 100, 100);
    const CheckpointPlan p = plan(d.d, params_for(area, 0));
    EXPECT_EQ(roads_of(p), (std::set<geo::Id>{street, corner}));
    ASSERT_EQ(p.checkpoints.size(), 3u); // the corner road from both its ends
    EXPECT_EQ(p.report["ground"]["crossing_points"], 1);
    const AreaGeometry geom(area);
    for (const auto& c : p.checkpoints)
        if (c.road_id == corner) {
            EXPECT_FALSE(geom.contains(c.pos));
            EXPECT_LT(geom.boundary_distance(c.pos), 6.0); // 5 m before the road enters
        }
    // The corner alone is something to protect, even with no junction inside.
    Drawn only;
    const geo::Id lone = only.road(only.node(-20, 60), only.node(60, 140));
    const CheckpointPlan q = plan(only.d, params_for(area, 0));
    EXPECT_EQ(roads_of(q), std::set<geo::Id>{lone});
    EXPECT_EQ(q.checkpoints.size(), 2u);
    // A tunnel through the corner is not.
    only.d.roads[0].tunnel = true;
    EXPECT_THROW(plan(only.d, params_for(area, 0)), InputError);
}

TEST(CheckpointGround, ARoadLoopingBeyondTheMarginBringsTrafficIn) {
    // Every junction lies within the 50 m margin, but one road loops out to x = 300 and back:
    // traffic comes from there. The old model saw nothing beyond the margin: no checkpoint.
    Drawn d;
    const geo::Id home = d.node(50, 50);
    const geo::Id near1 = d.node(120, 50), near2 = d.node(130, 80);
    d.road(home, near1);
    const geo::Id loop = d.road(near1, near2, "residential", false, "loop", {{300, 50}, {300, 80}});
    const CheckpointPlan p = plan(d.d, params_for(test::rect(0, 0, 100, 100), 50));
    EXPECT_EQ(p.report["outcome"], "cordon");
    EXPECT_EQ(p.report["ground"]["entry_points"], 1);
    EXPECT_EQ(p.checkpoints.size(), 1u);
    // With no loop the area has no traffic from beyond the margin.
    d.d.roads[static_cast<std::size_t>(loop - 1)].geom = {{120, 50}, {130, 80}};
    d.d.network.edges[static_cast<std::size_t>(loop - 1)].geom = {{120, 50}, {130, 80}};
    EXPECT_EQ(plan(d.d, params_for(test::rect(0, 0, 100, 100), 50)).report["outcome"],
              "nothing_outside");
}

TEST(CheckpointGround, ARoadCutByTheDataEdgeBringsTrafficIn) {
    // An extract: a grid of streets whose east road runs to the edge of the data, 150 m from
    // the area, inside the 300 m margin. Nothing lies beyond the margin, yet the cut road
    // carries traffic from beyond the data. The old model (and a network that is the whole
    // world) saw nothing to cut.
    Drawn d;
    const geo::Id a = d.node(0, 0), b = d.node(100, 0), c = d.node(100, 100), e = d.node(0, 100);
    d.road(a, b);
    d.road(b, c);
    d.road(c, e);
    d.road(e, a);
    const geo::Id cut = d.road(b, d.node(250, 50), "primary", false, "cut by the extract");
    d.road(a, d.node(50, 50)); // a lane ending inside the data: a real dead end
    CheckpointParams p = params_for(test::rect(-10, -10, 110, 110), 300);
    EXPECT_EQ(plan(d.d, p).report["outcome"], "nothing_outside");
    p.open_data_edge = true;
    const CheckpointPlan open = plan(d.d, p);
    EXPECT_EQ(open.report["outcome"], "cordon");
    EXPECT_EQ(roads_of(open), std::set<geo::Id>{cut});
    EXPECT_GE(open.report["ground"]["edge_entries"].get<int>(), 1);
}

TEST(CheckpointGround, AMainRoadEndingBeyondTheAreaWasCutByTheExtract) {
    // A country clipped by its border: the data's hull reaches far out (tracks north and south),
    // so the end of the primary road 150 m east of the area lies inside the hull. Main roads do
    // not end: the extract ended it, and traffic comes along it. A lane ending there is a
    // lane.
    Drawn d;
    const geo::Id a = d.node(0, 0), b = d.node(100, 0), c = d.node(100, 100), e = d.node(0, 100);
    d.road(a, b);
    d.road(b, c);
    d.road(c, e);
    d.road(e, a);
    d.road(e, d.node(300, 2000), "track");
    d.road(a, d.node(300, -2000), "track");
    const geo::Id lane = d.road(c, d.node(250, 100));
    CheckpointParams p = params_for(test::rect(-10, -10, 110, 110), 300);
    p.open_data_edge = true;
    const CheckpointPlan plain = plan(d.d, p);
    EXPECT_EQ(plain.report["ground"]["edge_entries"], 0); // the tracks end beyond the margin
    const geo::Id main = d.road(b, d.node(250, 30), "primary", false, "cut by the border");
    const CheckpointPlan cut = plan(d.d, p);
    EXPECT_EQ(cut.report["ground"]["edge_entries"], 1);
    EXPECT_TRUE(roads_of(cut).count(main));
    EXPECT_FALSE(roads_of(cut).count(lane));
}

namespace {

// Brute force: the cheapest set of road segments whose removal leaves no drivable path
// from a source to a sink of the same cut problem.
std::int64_t brute_force(const CutProblem& problem, std::size_t segments) {
    std::int64_t best = -1;
    for (std::size_t mask = 0; mask < (std::size_t{1} << segments); ++mask) {
        std::int64_t cost = 0;
        bool ok = true;
        std::vector<std::int64_t> seg_cost(segments, 0);
        for (const auto& a : problem.arcs)
            seg_cost[a.tag] = a.capacity;
        for (std::size_t s = 0; s < segments; ++s)
            if (mask >> s & 1) {
                if (seg_cost[s] == uncuttable) ok = false;
                cost += seg_cost[s];
            }
        if (!ok || (best >= 0 && cost >= best)) continue;
        std::vector<char> seen(problem.node_count, 0);
        std::deque<std::size_t> q;
        for (auto s : problem.sources) {
            seen[s] = 1;
            q.push_back(s);
        }
        while (!q.empty()) {
            auto u = q.front();
            q.pop_front();
            for (const auto& a : problem.arcs)
                if (a.from == u && !(mask >> a.tag & 1) && !seen[a.to]) {
                    seen[a.to] = 1;
                    q.push_back(a.to);
                }
        }
        bool reached = false;
        for (auto t : problem.sinks)
            reached = reached || seen[t];
        if (!reached) best = cost;
    }
    return best;
}

} // namespace

TEST(Checkpoints, RandomNetworksMatchBruteForceOverSegments) {
    std::mt19937 rng(31337);
    const std::vector<std::string> classes{"primary", "secondary", "tertiary", "residential",
                                           "service"};
    int solved = 0;
    for (int round = 0; round < 250; ++round) {
        Drawn d;
        const int n = std::uniform_int_distribution<int>(4, 9)(rng);
        std::uniform_real_distribution<double> coord(-400, 500);
        for (int i = 0; i < n; ++i)
            d.node(coord(rng), coord(rng));
        d.node(50, 50); // at least one node inside
        const int m = std::uniform_int_distribution<int>(4, 13)(rng);
        std::uniform_int_distribution<geo::Id> pick(1, n + 1);
        for (int i = 0; i < m; ++i) {
            const geo::Id a = pick(rng), b = pick(rng);
            if (a == b) continue;
            d.road(a, b, classes[static_cast<std::size_t>(i) % classes.size()],
                   std::uniform_int_distribution<int>(0, 3)(rng) == 0);
        }
        CheckpointParams p = params_for(test::rect(0, 0, 120, 120),
                                        std::uniform_int_distribution<int>(0, 2)(rng) * 100.0);
        p.direction = round % 2 ? CheckpointDirection::both : CheckpointDirection::inbound;
        p.objective = round % 3 ? CheckpointObjective::crew : CheckpointObjective::fewest;
        if (round % 5 == 0 && !d.d.roads.empty()) p.keep_open_roads = {d.d.roads.front().id};
        const CutProblem problem = checkpoint_cut_problem(d.d, p);
        // Roads crossing the area's or margin's edge are split: one bit per part.
        std::size_t segments = 0;
        for (const auto& a : problem.arcs)
            segments = std::max(segments, a.tag + 1);
        if (segments > 18) continue;
        const std::int64_t expected = brute_force(problem, segments);
        SilentProgress quiet;
        if (expected < 0) {
            EXPECT_THROW(plan_checkpoints(d.d, p, quiet), InputError) << "round " << round;
            continue;
        }
        CheckpointPlan got;
        try {
            got = plan_checkpoints(d.d, p, quiet);
        } catch (const InputError& e) {
            // only the "no node inside" case may throw here
            EXPECT_TRUE(problem.sinks.empty()) << "round " << round << ": " << e.what();
            continue;
        }
        ++solved;
        EXPECT_EQ(got.report["cordon"]["cut_value"].get<std::int64_t>(), expected)
            << "round " << round;
        std::int64_t cost = 0;
        for (const auto& c : got.checkpoints)
            cost += p.objective == CheckpointObjective::fewest
                        ? 1
                        : p.costs.of(d.d.roads[static_cast<std::size_t>(*c.road_id - 1)].cls);
        EXPECT_EQ(cost, expected) << "round " << round;
        // Both algorithms give the same value.
        p.algorithm = MaxFlowAlgorithm::push_relabel;
        EXPECT_EQ(plan_checkpoints(d.d, p, quiet).report["cordon"]["cut_value"].get<std::int64_t>(),
                  expected);
    }
    EXPECT_GT(solved, 100);
}

TEST(CheckpointCosts, FileFormatsAndErrors) {
    test::TempDir dir;
    const std::string ok = dir / "costs.txt";
    test::write_file(ok, "# crew per class\nprimary = 7\nresidential,1\nother = 3\n");
    const CheckpointCosts c = read_checkpoint_costs(ok, {});
    EXPECT_EQ(c.of("primary"), 7);
    EXPECT_EQ(c.of("residential"), 1);
    EXPECT_EQ(c.of("secondary"), 4);
    EXPECT_EQ(c.of("whatever"), 3);
    const std::string json = dir / "costs.json";
    test::write_file(json, R"({"tertiary": 9, "my_class": 2})");
    EXPECT_EQ(read_checkpoint_costs(json, {"my_class"}).of("tertiary"), 9);
    try {
        read_checkpoint_costs(json, {});
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("unknown road class 'my_class'"), std::string::npos)
            << e.what();
    }
    const std::string negative = dir / "neg.txt";
    test::write_file(negative, "primary = -2\n");
    try {
        read_checkpoint_costs(negative, {});
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find(":1: crew of 'primary' is '-2'"), std::string::npos)
            << e.what();
    }
    test::write_file(negative, "primary = 2.5\n");
    EXPECT_THROW(read_checkpoint_costs(negative, {}), InputError);
    test::write_file(negative, "primary\n");
    EXPECT_THROW(read_checkpoint_costs(negative, {}), InputError);
    EXPECT_THROW(read_checkpoint_costs(dir / "missing.txt", {}), InputError);
}

TEST(CheckpointArea, NamedAreasAndRoads) {
    Island is;
    geo::Community c;
    c.id = 1;
    c.name = "玉林社区";
    c.code = "510107001";
    c.geom = test::rect(0, 0, 100, 100);
    is.d.communities.push_back(c);
    SilentProgress quiet;
    EXPECT_EQ(resolve_area(is.d, {"community:玉林社区"}, quiet).polygons.size(), 1u);
    EXPECT_EQ(resolve_area(is.d, {"community:510107001"}, quiet).polygons.size(), 1u);
    // The whole district is its boundary (the district layer), not its communities.
    is.d.boundary.push_back({1, "", "武侯区", "510107", test::rect(-50, -50, 400, 300)});
    const ProtectedArea whole = resolve_area(is.d, {"district"}, quiet);
    ASSERT_EQ(whole.polygons.size(), 1u);
    EXPECT_EQ(whole.polygons[0].rings, test::rect(-50, -50, 400, 300)[0].rings);
    EXPECT_TRUE(whole.note.empty()) << whole.note;
    try {
        resolve_area(is.d, {"community:玉林"}, quiet);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("did you mean 玉林社区"), std::string::npos)
            << e.what();
    }
    EXPECT_THROW(resolve_area(is.d, {}, quiet), InputError);
    EXPECT_THROW(resolve_area(is.d, {"/no/such/file.geojson"}, quiet), InputError);
    EXPECT_EQ(resolve_roads(is.d, "The Bridge", "close"), std::set<geo::Id>{is.bridge});
    EXPECT_EQ(resolve_roads(is.d, std::to_string(is.bridge), "close"),
              std::set<geo::Id>{is.bridge});
    EXPECT_THROW(resolve_roads(is.d, "No Such Street", "close"), InputError);

    const AreaGeometry g(test::rect(0, 0, 100, 100));
    EXPECT_TRUE(g.contains({50, 50}));
    EXPECT_FALSE(g.contains({150, 50}));
    EXPECT_DOUBLE_EQ(g.distance({150, 50}), 50);
    EXPECT_DOUBLE_EQ(g.distance({50, 50}), 0);
}

TEST(CheckpointArea, TheDistrictWithoutBoundaryIsTheHullOfTheBuildingsNotTheBox) {
    // Three buildings in an L: the bounding box's far corner (190, 190) holds no one.
    Island is;
    is.d.buildings.clear();
    for (auto [x, y] : {std::pair{0.0, 0.0}, std::pair{180.0, 0.0}, std::pair{0.0, 180.0}}) {
        geo::Building b;
        b.id = static_cast<geo::Id>(is.d.buildings.size() + 1);
        b.geom = test::rect(x, y, x + 10, y + 10);
        is.d.buildings.push_back(b);
    }
    SilentProgress quiet;
    const ProtectedArea a = resolve_area(is.d, {"district"}, quiet);
    const AreaGeometry g(a.polygons);
    EXPECT_TRUE(g.contains({50, 50}));
    EXPECT_FALSE(g.contains({150, 150})); // inside the box, outside the hull
    // The box less its empty corner, the triangle (190, 10), (190, 190), (10, 190).
    EXPECT_NEAR(geo::area(a.polygons), 190.0 * 190.0 - 180.0 * 180.0 / 2, 1e-6);
    EXPECT_NE(a.note.find("no district boundary"), std::string::npos) << a.note;
}

TEST(CheckpointArea, FeaturesByIdAsASelectionNamesThem) {
    Island is;
    for (int i = 0; i < 3; ++i) {
        geo::Compound c;
        c.id = i + 1;
        c.name = "compound " + std::to_string(i + 1);
        c.geom = test::rect(100.0 * i, 0, 100.0 * i + 50, 50);
        is.d.compounds.push_back(c);
    }
    SilentProgress quiet;
    const ProtectedArea two = resolve_area(is.d, {"ids:compounds:1,3"}, quiet);
    ASSERT_EQ(two.polygons.size(), 2u);
    EXPECT_DOUBLE_EQ(geo::area(two.polygons), 2 * 50.0 * 50.0);
    const AreaGeometry g(two.polygons);
    EXPECT_TRUE(g.contains({225, 25}));
    EXPECT_FALSE(g.contains({125, 25}));
    EXPECT_EQ(resolve_area(is.d, {"ids:compound:2"}, quiet).polygons.size(), 1u);
    // Buildings (the island's home at 40–60 and the hub's at 195–205 × 55–65): the hull of
    // their footprints, which holds the ground between them.
    const ProtectedArea hull = resolve_area(is.d, {"ids:buildings:1,2"}, quiet);
    EXPECT_TRUE(AreaGeometry(hull.polygons).contains({120, 55}));
    EXPECT_FALSE(AreaGeometry(hull.polygons).contains({120, 30}));
    for (const std::string bad : {"ids:compounds:4", "ids:compounds:1,x", "ids:roads:1",
                                  "ids:compounds", "ids:buildings:7"})
        EXPECT_THROW(resolve_area(is.d, {bad}, quiet), InputError) << bad;
    try {
        resolve_area(is.d, {"ids:compounds:1,9"}, quiet);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("no feature 9"), std::string::npos) << e.what();
    }
}

TEST(CheckpointArea, APolygonDrawnOnTheMapIsNamedAsWkt) {
    Island is;
    SilentProgress quiet;
    const ProtectedArea drawn =
        resolve_area(is.d, {"wkt:" + geo::to_wkt(test::rect(10, 20, 110, 70))}, quiet);
    ASSERT_EQ(drawn.polygons.size(), 1u);
    EXPECT_NEAR(geo::area(drawn.polygons), 100.0 * 50.0, 1e-6);
    EXPECT_EQ(drawn.name, "drawn polygon");
    EXPECT_TRUE(AreaGeometry(drawn.polygons).contains({60, 40}));
    for (const std::string bad : {"wkt:", "wkt:POLYGON((0 0,1 1", "wkt:LINESTRING(0 0,10 10)"})
        try {
            resolve_area(is.d, {bad}, quiet);
            ADD_FAILURE() << bad << " taken";
        } catch (const ParamError& e) {
            EXPECT_EQ(e.param(), "area") << bad;
        }
}
