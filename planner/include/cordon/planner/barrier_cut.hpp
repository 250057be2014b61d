#pragma once
// Staffed or barred (issue 15): the cordon of a minimum cut in which a minor road may be closed
// by a physical barrier instead of a crew, on plain numbered graphs so that tests can enumerate
// every choice. A choice of open / staffed / barred per road segment keeps the area when
//   - cordon: no way leads from a source to a sink over open segments;
//   - ways in: each protected piece (a connected piece of the network, roads taken either way,
//     holding sinks that traffic from the sources can reach) can be reached from the sources
//     along at least `min_staffed` routes with no segment in common and none through a
//     barrier, so each passes its own staffed checkpoint;
//   - access: every such sink lies within `access_m` (along segments that are not barred,
//     one-way respected) of a staffed way in: a staffed segment whose outer end the sources
//     reach over open segments and whose inner end they do not.
// Of those, the plan with the least staffing cost, then the fewest barriers.

#include <cordon/geo/progress.hpp>
#include <cordon/planner/checkpoint_graph.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cordon::planner {

enum class RoadChoice : char { open, staffed, barred };

struct BarrierSegment {
    std::int64_t cost = 1;           ///< what staffing it costs (crew, or 1 per checkpoint)
    bool barrable = false;           ///< a barrier may close it (a road of a minor class)
    bool keep_open = false;          ///< must stay free of checkpoints and barriers
    std::optional<RoadChoice> given; ///< staffed or barred by hand already (costs nothing)
    double length = 0;               ///< metres
};

struct BarrierProblem {
    std::size_t node_count = 0;
    std::vector<BarrierSegment> segments;
    std::vector<CutArc> arcs; ///< traffic may go from → to along segment `tag` (capacity unused)
    std::vector<std::size_t> sources, sinks;
    int min_staffed = 2;
    double access_m = 3000;
};

/// The protected pieces and how many ways in each has when nothing is barred (the most routes
/// from the sources with no segment in common: an upper bound on `min_staffed`).
struct ProtectedPieces {
    std::vector<std::size_t> piece_of_node;      ///< no_index: in no protected piece
    std::vector<std::vector<std::size_t>> sinks; ///< per piece: its reachable sinks
    std::vector<std::int64_t> ways_in;           ///< per piece
    std::vector<std::size_t> unreachable_sinks;  ///< sinks no source reaches at all
};
ProtectedPieces protected_pieces(const BarrierProblem& problem);

/// What a choice keeps, measured directly (breadth-first search, Dijkstra, maximum flow).
struct BarrierCheck {
    bool cordon = false;
    std::vector<std::int64_t> ways_in; ///< per protected piece, with the barriers in place
    std::vector<double> access_m;      ///< per sink: metres from the nearest staffed way in
                                       ///< (infinity: none reaches it)
    std::vector<std::size_t> entries;  ///< arcs (indices) that are staffed ways in
    std::int64_t cost = 0;             ///< staffing cost of the segments not given
    std::size_t barriers = 0;          ///< barriers placed (not given)
    bool keeps = false;                ///< cordon, ways in and access all hold
};
BarrierCheck check_barrier_plan(const BarrierProblem& problem, const ProtectedPieces& pieces,
                                const std::vector<RoadChoice>& choice);

struct BarrierSolveOptions {
    double seconds = 30; ///< time limit for the whole search
    double gap = 0;      ///< stop when the relative gap to the lower bound is this small
};

struct BarrierResult {
    std::vector<RoadChoice> choice; ///< per segment
    /// "optimal" (proven), "gap" (stopped within the gap asked for) or "time_limit".
    std::string status;
    std::int64_t cost = 0;
    std::size_t barriers = 0;
    double objective = 0;        ///< cost × weight + barriers: crew first, barriers second
    double bound = 0;            ///< proven lower bound on the objective
    double weight = 1;           ///< what one unit of cost weighs in the objective
    std::int64_t cost_bound = 0; ///< proven lower bound on the cost
    double gap = 0;              ///< (objective − bound) / objective
    std::size_t rounds = 0;      ///< solver runs (access conditions are added as they are broken)
    std::size_t nodes = 0;       ///< branch-and-bound nodes, all rounds
    std::size_t variables = 0, constraints = 0; ///< of the last round's model
    double seconds = 0;
    bool seeded = false; ///< the seed kept the area and started the search
};

/// The best choice by a mixed-integer model (COIN-OR CBC) seeded by `seed` (one choice per
/// segment; the plain minimum cut, every cut segment staffed). Throws InputError when no
/// choice keeps the area, or when none was found within the time limit.
BarrierResult solve_barrier_cut(const BarrierProblem& problem, const ProtectedPieces& pieces,
                                const std::vector<RoadChoice>& seed,
                                const BarrierSolveOptions& options, Progress& progress);

} // namespace cordon::planner
