#pragma once
// The graph algorithms behind checkpoint planning, on plain numbered graphs so they can be
// tested against brute force: the minimum cut (Boost.Graph max-flow), natural choke points
// (bridges and articulation points, Boost biconnected components) and the greedy choice of
// k checkpoints that intercept the most traffic (weighted coverage, a submodular objective).

#include <cstdint>
#include <limits>
#include <vector>

namespace cordon::planner {

/// "No node" / "no edge".
inline constexpr std::size_t no_index = std::numeric_limits<std::size_t>::max();

/// Which Boost.Graph max-flow algorithm solves a cut; both give the same cut value.
enum class MaxFlowAlgorithm { boykov_kolmogorov, push_relabel };

/// One arc of a cut problem: traffic can go from `from` to `to`; cutting it costs `capacity`.
struct CutArc {
    std::size_t from = 0;
    std::size_t to = 0;
    std::int64_t capacity = 0; ///< cost of cutting; `uncuttable` for arcs that may not be cut
    std::size_t tag = 0;       ///< caller's label (the road segment), reported back in the cut
};

/// Capacity of an arc that may not be cut (a road that must stay free of checkpoints).
inline constexpr std::int64_t uncuttable = -1;

struct CutResult {
    /// False when every way of separating sources from sinks would cut an uncuttable arc.
    bool feasible = true;
    std::int64_t value = 0;        ///< total capacity of the cut arcs
    std::vector<std::size_t> arcs; ///< indices (into the arcs given) of the cut arcs, ascending
    /// Per node: true when it lies on the sinks' side. Of all minimum cuts this is the one
    /// with the smallest sink side (the cut closest to the sinks).
    std::vector<bool> sink_side;
    /// When infeasible: indices of arcs on one path from a source to a sink that uses only
    /// uncuttable arcs (and arcs out of sources / into sinks), in path order.
    std::vector<std::size_t> blocking_path;
};

/// Minimum cut separating every `source` node from every `sink` node in a directed graph of
/// `node_count` nodes: the cheapest set of arcs whose removal leaves no directed path from a
/// source to a sink. Sources and sinks must be disjoint. An undirected road is two arcs
/// with the same tag. Throws Error when a node index is out of range or a node is both.
CutResult minimum_cut(std::size_t node_count, const std::vector<CutArc>& arcs,
                      const std::vector<std::size_t>& sources,
                      const std::vector<std::size_t>& sinks,
                      MaxFlowAlgorithm algorithm = MaxFlowAlgorithm::boykov_kolmogorov);

/// Bridges and articulation points of an undirected multigraph.
struct ChokePointSet {
    std::vector<std::size_t> bridges;      ///< indices of edges whose removal splits their piece
    std::vector<std::size_t> articulation; ///< nodes whose removal splits their piece, ascending
};

/// Edges are node pairs; parallel edges are never bridges, self-loops are ignored.
ChokePointSet natural_choke_points(std::size_t node_count,
                                   const std::vector<std::pair<std::size_t, std::size_t>>& edges);

/// The parts a connected piece falls into when one node or one edge is taken out: the parts
/// cut away from the main (largest) part, found by growing one search per part in turns and
/// stopping when only one is still growing, so the cost is about the size of the small parts.
struct SplitParts {
    std::vector<std::size_t> nodes;                ///< node count of each part cut away
    std::vector<double> weight;                    ///< sum of node weights of each part cut away
    std::vector<std::vector<std::size_t>> members; ///< the nodes of each part cut away
};
/// Parts around node `removed_node` or edge `removed_edge` (pass `no_index` for the other).
/// `adjacency[v]` lists (neighbour, edge index) pairs; `node_weight` may be empty.
SplitParts
split_parts(const std::vector<std::vector<std::pair<std::size_t, std::size_t>>>& adjacency,
            const std::vector<double>& node_weight, std::size_t removed_node,
            std::size_t removed_edge);

/// One origin–destination flow along a fixed path: intercepted when any of its items
/// (road segments) carries a checkpoint.
struct CoveragePath {
    double weight = 0;
    std::vector<std::size_t> items;
};

/// One step of the greedy choice.
struct GreedyStep {
    std::size_t item = 0; ///< chosen item
    double gain = 0;      ///< weight newly intercepted by it
    double covered = 0;   ///< weight intercepted by the first k items (with the preselected)
    /// A proven upper bound on what the best k items could intercept (with the preselected):
    /// min over the greedy's sets S_i of F(S_i) + the sum of the k largest marginal gains at S_i
    /// (F is submodular, so OPT_k ≤ F(S_i ∪ OPT_k) ≤ that sum).
    double upper_bound = 0;
};

/// Greedy maximum coverage: up to `k_max` items, each the one adding the most uncovered
/// weight (ties: lower `tie_cost`, then lower index), among items with `allowed[i]`; the
/// `preselected` items are taken first and not counted in k. Stops early when nothing more
/// can be gained. F(S) = weight of the paths with an item in S is monotone submodular, so
/// the first k steps intercept at least (1 − 1/e) ≈ 63 % of the best k items (Nemhauser,
/// Wolsey & Fisher 1978).
std::vector<GreedyStep> greedy_cover(const std::vector<CoveragePath>& paths, std::size_t item_count,
                                     std::size_t k_max, const std::vector<bool>& allowed,
                                     const std::vector<double>& tie_cost,
                                     const std::vector<std::size_t>& preselected = {});

/// Weight of the paths intercepted by `items` (the objective the greedy maximises).
double covered_weight(const std::vector<CoveragePath>& paths,
                      const std::vector<std::size_t>& items);

} // namespace cordon::planner
