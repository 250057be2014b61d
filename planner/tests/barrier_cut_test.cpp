// Staffed or barred (issue 15): the mixed-integer plan against brute force over every choice of
// open / staffed / barred on small networks, a hand-drawn area whose answer is worked out by
// hand, and the parameters' range checks.

#include "fixtures.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/param_error.hpp>
#include <cordon/planner/barrier_cut.hpp>
#include <cordon/planner/checkpoints.hpp>

#include <gtest/gtest.h>

#include <random>

using namespace cordon;
using namespace cordon::planner;

namespace {

struct Best {
    bool found = false;
    std::int64_t cost = 0;
    std::size_t barriers = 0;
};

// Every choice of open / staffed / barred (barred only where allowed) on the segments not given.
Best brute_force(const BarrierProblem& p, const ProtectedPieces& pieces) {
    std::vector<std::size_t> free;
    for (std::size_t s = 0; s < p.segments.size(); ++s)
        if (!p.segments[s].given && !p.segments[s].keep_open) free.push_back(s);
    std::vector<RoadChoice> choice(p.segments.size(), RoadChoice::open);
    Best best;
    std::size_t total = 1;
    for (std::size_t i = 0; i < free.size(); ++i)
        total *= 3;
    for (std::size_t code = 0; code < total; ++code) {
        std::size_t c = code;
        bool allowed = true;
        for (std::size_t s : free) {
            choice[s] = static_cast<RoadChoice>(c % 3);
            c /= 3;
            if (choice[s] == RoadChoice::barred && !p.segments[s].barrable) allowed = false;
        }
        if (!allowed) continue;
        const BarrierCheck check = check_barrier_plan(p, pieces, choice);
        if (!check.keeps) continue;
        if (!best.found ||
            std::tie(check.cost, check.barriers) < std::tie(best.cost, best.barriers))
            best = {true, check.cost, check.barriers};
    }
    return best;
}

// The plain minimum cut, every cut segment staffed: the seed plan_checkpoints gives.
std::optional<std::vector<RoadChoice>> min_cut_seed(const BarrierProblem& p) {
    std::vector<CutArc> arcs = p.arcs;
    for (CutArc& a : arcs) {
        const BarrierSegment& s = p.segments[a.tag];
        a.capacity = s.keep_open ? uncuttable : s.given ? 0 : s.cost;
    }
    const CutResult cut = minimum_cut(p.node_count, arcs, p.sources, p.sinks);
    if (!cut.feasible) return std::nullopt;
    std::vector<RoadChoice> seed(p.segments.size(), RoadChoice::open);
    for (std::size_t a : cut.arcs)
        if (!p.segments[arcs[a].tag].given) seed[arcs[a].tag] = RoadChoice::staffed;
    return seed;
}

BarrierProblem random_problem(std::mt19937& rng) {
    BarrierProblem p;
    p.node_count = std::uniform_int_distribution<std::size_t>(5, 8)(rng);
    p.sources = {0};
    if (rng() % 3 == 0) p.sources.push_back(1);
    p.sinks = {p.node_count - 1, p.node_count - 2};
    const std::size_t m = std::uniform_int_distribution<std::size_t>(4, 8)(rng);
    std::uniform_int_distribution<std::size_t> node(0, p.node_count - 1);
    for (std::size_t i = 0; i < m; ++i) {
        const std::size_t a = node(rng), b = node(rng);
        if (a == b) continue;
        BarrierSegment s;
        s.cost = std::uniform_int_distribution<std::int64_t>(2, 5)(rng);
        s.barrable = rng() % 2 == 0;
        s.keep_open = rng() % 17 == 0;
        if (rng() % 19 == 0) s.given = rng() % 2 ? RoadChoice::staffed : RoadChoice::barred;
        s.length = std::uniform_int_distribution<int>(100, 1500)(rng);
        const std::size_t tag = p.segments.size();
        p.segments.push_back(s);
        p.arcs.push_back({a, b, 0, tag});
        if (rng() % 4 != 0) p.arcs.push_back({b, a, 0, tag}); // a one-way street otherwise
    }
    p.min_staffed = 1 + static_cast<int>(rng() % 2);
    p.access_m = std::uniform_int_distribution<int>(300, 3000)(rng);
    return p;
}

} // namespace

TEST(BarrierCut, RandomNetworksMatchBruteForceOverEveryChoice) {
    std::mt19937 rng(4242);
    int solved = 0, with_barriers = 0, impossible = 0;
    for (int round = 0; round < 800; ++round) {
        const BarrierProblem p = random_problem(rng);
        const ProtectedPieces pieces = protected_pieces(p);
        // More staffed ways in than there are is refused before solving (plan_checkpoints).
        bool enough = true;
        for (std::int64_t w : pieces.ways_in)
            enough = enough && (w == 0 || w >= p.min_staffed);
        if (!enough) continue;
        const auto seed = min_cut_seed(p);
        if (!seed) continue;
        const Best best = brute_force(p, pieces);
        SilentProgress quiet;
        if (!best.found) {
            EXPECT_THROW(solve_barrier_cut(p, pieces, *seed, {30, 0}, quiet), InputError)
                << "round " << round;
            ++impossible;
            continue;
        }
        const BarrierResult r = solve_barrier_cut(p, pieces, *seed, {30, 0}, quiet);
        EXPECT_EQ(r.status, "optimal") << "round " << round;
        EXPECT_EQ(r.cost, best.cost) << "round " << round;
        EXPECT_EQ(r.barriers, best.barriers) << "round " << round;
        EXPECT_TRUE(check_barrier_plan(p, pieces, r.choice).keeps) << "round " << round;
        EXPECT_EQ(r.gap, 0) << "round " << round;
        ++solved;
        with_barriers += best.barriers > 0 ? 1 : 0;
    }
    // Enough cases of each kind for the comparison to mean something.
    EXPECT_GT(solved, 400);
    EXPECT_GT(with_barriers, 50);
    EXPECT_GT(impossible, 20);
}

namespace {

// A 2 km square with four roads in: a primary from the north, residential roads from the west,
// east and south, each to an inner junction 100 m inside the edge; the inner junctions meet at
// the centre (900 m each), and diagonals join north–east and west–south (1273 m). A primary ring
// road well outside joins the four outer ends.
struct FourRoadsIn {
    geo::District d;
    geo::Id node(double x, double y) {
        geo::NetworkNode n;
        n.id = static_cast<geo::Id>(d.network.nodes.size() + 1);
        n.pos = {x, y};
        d.network.nodes.push_back(n);
        return n.id;
    }
    geo::Id road(geo::Id a, geo::Id b, const std::string& cls) {
        geo::Road r;
        r.id = static_cast<geo::Id>(d.roads.size() + 1);
        r.name = "road " + std::to_string(r.id);
        r.cls = cls;
        r.geom = {d.network.nodes[static_cast<std::size_t>(a - 1)].pos,
                  d.network.nodes[static_cast<std::size_t>(b - 1)].pos};
        geo::NetworkEdge e;
        e.id = static_cast<geo::Id>(d.network.edges.size() + 1);
        e.from = a;
        e.to = b;
        e.road_id = r.id;
        e.cls = cls;
        e.geom = r.geom;
        e.length = geo::length(r.geom);
        d.network.edges.push_back(e);
        d.roads.push_back(r);
        return r.id;
    }
    geo::Id north = 0, west = 0, east = 0, south = 0;
    FourRoadsIn() {
        const geo::Id c = node(1000, 1000), n = node(1000, 1900), w = node(100, 1000),
                      e = node(1900, 1000), s = node(1000, 100);
        const geo::Id n2 = node(1000, 2100), w2 = node(-100, 1000), e2 = node(2100, 1000),
                      s2 = node(1000, -100);
        north = road(n2, n, "primary");
        west = road(w2, w, "residential");
        east = road(e2, e, "residential");
        south = road(s2, s, "residential");
        for (geo::Id inner : {n, w, e, s})
            road(inner, c, "residential");
        road(n, e, "residential");
        road(w, s, "residential");
        const geo::Id ne = node(2500, 2500), se = node(2500, -500), sw = node(-500, -500),
                      nw = node(-500, 2500);
        for (auto [a, b] : {std::pair{n2, ne},
                            {ne, e2},
                            {e2, se},
                            {se, s2},
                            {s2, sw},
                            {sw, w2},
                            {w2, nw},
                            {nw, n2}})
            road(a, b, "primary");
    }
    CheckpointPlan plan(bool barriers, int min_staffed, double access_km) const {
        CheckpointParams p;
        p.area = {"square", test::rect(0, 0, 2000, 2000), ""};
        p.margin = 0;
        p.barriers.enabled = barriers;
        p.barriers.min_staffed = min_staffed;
        p.barriers.access_km = access_km;
        SilentProgress quiet;
        return plan_checkpoints(d, p, quiet);
    }
};

std::map<geo::Id, geo::CheckpointKind> kinds(const CheckpointPlan& plan) {
    std::map<geo::Id, geo::CheckpointKind> out;
    for (const auto& c : plan.checkpoints)
        out[*c.road_id] = c.kind;
    return out;
}

} // namespace

TEST(BarrierCut, FourRoadsInStaffedOrBarredByHand) {
    const FourRoadsIn f;
    using K = geo::CheckpointKind;
    // Without barriers: all four staffed, 5 + 2 + 2 + 2.
    EXPECT_EQ(f.plan(false, 2, 3).report["placed"]["crew"], 11);
    // One staffed way in, access 2 km: the primary (it cannot be barred) reaches every point
    // within 1.8 km; the three residential roads are barred.
    CheckpointPlan one = f.plan(true, 1, 2);
    EXPECT_EQ(one.report["barriers"]["crew"], 5);
    EXPECT_EQ(one.report["barriers"]["barriers"], 3);
    EXPECT_EQ(one.report["barriers"]["status"], "optimal");
    EXPECT_EQ(kinds(one), (std::map<geo::Id, K>{{f.north, K::vehicle},
                                                {f.west, K::barrier},
                                                {f.east, K::barrier},
                                                {f.south, K::barrier}}));
    for (const auto& c : one.checkpoints)
        EXPECT_EQ(c.crew, c.kind == K::barrier ? 0 : 5);
    // Two staffed ways in: the primary and one residential road, two barriers.
    const CheckpointPlan two = f.plan(true, 2, 2);
    EXPECT_EQ(two.report["barriers"]["crew"], 7);
    EXPECT_EQ(two.report["barriers"]["barriers"], 2);
    EXPECT_EQ(two.report["barriers"]["without_barriers"]["crew"], 11);
    // Access 1.5 km: west and south are 1.8 km from the north gate, so the west or the south
    // road is staffed (each reaches the other over the diagonal, 1.27 km); east is reached
    // over the north-east diagonal.
    const CheckpointPlan near = f.plan(true, 1, 1.5);
    EXPECT_EQ(near.report["barriers"]["crew"], 7);
    EXPECT_EQ(near.report["barriers"]["barriers"], 2);
    const auto k = kinds(near);
    EXPECT_EQ(k.at(f.north), K::vehicle);
    EXPECT_EQ(k.at(f.east), K::barrier);
    EXPECT_NE(k.at(f.west), k.at(f.south));
    EXPECT_LE(near.report["barriers"]["farthest_access_m"].get<double>(), 1500);
    // The time limit and the gap are in the report.
    EXPECT_EQ(near.report["barriers"]["time_limit_s"], 30.0);
    EXPECT_EQ(near.report["barriers"]["gap"], 0.0);
    // Access 0.5 km: the centre is 900 m from every way in.
    EXPECT_THROW(f.plan(true, 1, 0.5), InputError);
}

TEST(BarrierCut, ParametersOutOfRangeAreNamed) {
    const FourRoadsIn f;
    const auto refused = [](const BarrierParams& b, const std::string& name) {
        try {
            check_barrier_params(b);
            ADD_FAILURE() << name << " was accepted";
        } catch (const ParamError& e) {
            EXPECT_EQ(e.param(), name);
        }
    };
    BarrierParams b;
    b.min_staffed = 0;
    refused(b, "min_staffed");
    b = {};
    b.access_km = -1;
    refused(b, "access_km");
    b = {};
    b.time_limit_s = 0;
    refused(b, "time_limit");
    b = {};
    b.gap_percent = 101;
    refused(b, "gap");
    b = {};
    b.max_class = "footway";
    refused(b, "barrier_max_class");
    // Five staffed ways in where there are four.
    try {
        f.plan(true, 5, 3);
        ADD_FAILURE() << "min_staffed 5 was accepted";
    } catch (const ParamError& e) {
        EXPECT_EQ(e.param(), "min_staffed");
        EXPECT_NE(std::string(e.what()).find("only 4 ways in"), std::string::npos) << e.what();
    }
}

// A barrier placed by hand closes its road: the plain cordon leaves it out, and the plan with
// barriers keeps it as it is and counts it as no crew.
TEST(BarrierCut, ABarrierPlacedByHandClosesItsRoad) {
    FourRoadsIn f;
    geo::Checkpoint hand;
    hand.id = 1;
    hand.road_id = f.east;
    hand.kind = geo::CheckpointKind::barrier;
    hand.placed_by = geo::k_placed_by_planner;
    hand.pos = {1950, 1000};
    f.d.checkpoints.push_back(hand);
    EXPECT_EQ(f.plan(false, 2, 3).report["placed"]["crew"], 9); // north 5, west 2, south 2
    const CheckpointPlan p = f.plan(true, 1, 2);
    EXPECT_EQ(p.report["barriers"]["crew"], 5);
    EXPECT_EQ(p.report["barriers"]["barriers"], 2); // west and south; east was there
    EXPECT_EQ(kinds(p).count(f.east), 0u);
}
