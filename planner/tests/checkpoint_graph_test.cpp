// The graph algorithms of checkpoint planning against brute force on many small random cases.

#include <cordon/geo/error.hpp>
#include <cordon/planner/checkpoint_graph.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <random>
#include <set>

using namespace cordon::planner;

namespace {

// Whether any sink is reachable from any source over the arcs not in `removed`.
bool connected(std::size_t n, const std::vector<CutArc>& arcs, const std::vector<bool>& removed,
               const std::vector<std::size_t>& sources, const std::vector<std::size_t>& sinks) {
    std::vector<char> seen(n, 0);
    std::deque<std::size_t> q;
    for (auto s : sources) {
        seen[s] = 1;
        q.push_back(s);
    }
    while (!q.empty()) {
        auto u = q.front();
        q.pop_front();
        for (std::size_t i = 0; i < arcs.size(); ++i)
            if (!removed[i] && arcs[i].from == u && !seen[arcs[i].to]) {
                seen[arcs[i].to] = 1;
                q.push_back(arcs[i].to);
            }
    }
    return std::any_of(sinks.begin(), sinks.end(), [&](std::size_t t) { return seen[t] != 0; });
}

struct Instance {
    std::size_t n = 0;
    std::vector<CutArc> arcs;
    std::vector<std::size_t> sources, sinks;
};

Instance random_instance(std::mt19937& rng) {
    Instance in;
    in.n = std::uniform_int_distribution<std::size_t>(4, 9)(rng);
    const std::size_t m = std::uniform_int_distribution<std::size_t>(3, 13)(rng);
    std::uniform_int_distribution<std::size_t> node(0, in.n - 1);
    std::uniform_int_distribution<int> cap(0, 6);
    for (std::size_t i = 0; i < m; ++i) {
        const int c = cap(rng);
        in.arcs.push_back({node(rng), node(rng), c == 0 ? uncuttable : c, i});
    }
    std::vector<std::size_t> order(in.n);
    for (std::size_t i = 0; i < in.n; ++i)
        order[i] = i;
    std::shuffle(order.begin(), order.end(), rng);
    const std::size_t s = std::uniform_int_distribution<std::size_t>(1, 2)(rng);
    const std::size_t t = std::uniform_int_distribution<std::size_t>(1, 2)(rng);
    in.sources.assign(order.begin(), order.begin() + static_cast<long>(s));
    in.sinks.assign(order.begin() + static_cast<long>(s), order.begin() + static_cast<long>(s + t));
    return in;
}

// Cheapest set of cuttable arcs that disconnects, or -1 when none does.
std::int64_t brute_force_cut(const Instance& in) {
    std::int64_t best = -1;
    const std::size_t m = in.arcs.size();
    for (std::size_t mask = 0; mask < (std::size_t{1} << m); ++mask) {
        std::vector<bool> removed(m, false);
        std::int64_t cost = 0;
        bool ok = true;
        for (std::size_t i = 0; i < m; ++i)
            if (mask >> i & 1) {
                if (in.arcs[i].capacity == uncuttable) ok = false;
                removed[i] = true;
                cost += in.arcs[i].capacity;
            }
        if (!ok || (best >= 0 && cost >= best)) continue;
        if (!connected(in.n, in.arcs, removed, in.sources, in.sinks)) best = cost;
    }
    return best;
}

} // namespace

TEST(MinimumCut, EqualsBruteForceAndBothAlgorithmsAgree) {
    std::mt19937 rng(20240601);
    int infeasible = 0, zero = 0;
    for (int round = 0; round < 600; ++round) {
        const Instance in = random_instance(rng);
        const std::int64_t expected = brute_force_cut(in);
        const CutResult bk =
            minimum_cut(in.n, in.arcs, in.sources, in.sinks, MaxFlowAlgorithm::boykov_kolmogorov);
        const CutResult pr =
            minimum_cut(in.n, in.arcs, in.sources, in.sinks, MaxFlowAlgorithm::push_relabel);
        ASSERT_EQ(bk.feasible, expected >= 0) << "round " << round;
        ASSERT_EQ(pr.feasible, bk.feasible) << "round " << round;
        if (!bk.feasible) {
            ++infeasible;
            // The blocking path really runs from a source to a sink over uncuttable arcs.
            ASSERT_FALSE(bk.blocking_path.empty());
            EXPECT_TRUE(std::count(in.sources.begin(), in.sources.end(),
                                   in.arcs[bk.blocking_path.front()].from));
            EXPECT_TRUE(
                std::count(in.sinks.begin(), in.sinks.end(), in.arcs[bk.blocking_path.back()].to));
            for (std::size_t i = 0; i < bk.blocking_path.size(); ++i) {
                EXPECT_EQ(in.arcs[bk.blocking_path[i]].capacity, uncuttable);
                if (i > 0) {
                    EXPECT_EQ(in.arcs[bk.blocking_path[i - 1]].to,
                              in.arcs[bk.blocking_path[i]].from);
                }
            }
            continue;
        }
        zero += expected == 0 ? 1 : 0;
        EXPECT_EQ(bk.value, expected) << "round " << round;
        EXPECT_EQ(pr.value, expected) << "round " << round;
        for (const CutResult* r : {&bk, &pr}) {
            std::vector<bool> removed(in.arcs.size(), false);
            std::int64_t sum = 0;
            for (std::size_t a : r->arcs) {
                removed[a] = true;
                sum += in.arcs[a].capacity;
                EXPECT_NE(in.arcs[a].capacity, uncuttable);
            }
            EXPECT_EQ(sum, r->value);
            EXPECT_FALSE(connected(in.n, in.arcs, removed, in.sources, in.sinks))
                << "round " << round;
            for (auto t : in.sinks)
                EXPECT_TRUE(r->sink_side[t]);
            for (auto s : in.sources)
                EXPECT_FALSE(r->sink_side[s]);
        }
        // Same minimal sink side whichever algorithm found the flow.
        EXPECT_EQ(bk.sink_side, pr.sink_side) << "round " << round;
    }
    EXPECT_GT(infeasible, 10); // the generator does reach these cases
    EXPECT_GT(zero, 10);
}

TEST(MinimumCut, TakesTheCutNearestTheSinks) {
    // s -> a -> b -> t, all capacity 1: three minimum cuts; the one into t is taken.
    const std::vector<CutArc> arcs{{0, 1, 1, 0}, {1, 2, 1, 1}, {2, 3, 1, 2}};
    const CutResult r = minimum_cut(4, arcs, {0}, {3});
    ASSERT_EQ(r.arcs.size(), 1u);
    EXPECT_EQ(r.arcs[0], 2u);
}

TEST(MinimumCut, RejectsBadNodes) {
    EXPECT_THROW(minimum_cut(2, {{0, 5, 1, 0}}, {0}, {1}), cordon::Error);
    EXPECT_THROW(minimum_cut(2, {{0, 1, 1, 0}}, {0}, {0}), cordon::Error);
    EXPECT_THROW(minimum_cut(2, {{0, 1, -7, 0}}, {0}, {1}), cordon::Error);
}

namespace {

std::size_t pieces(std::size_t n, const std::vector<std::pair<std::size_t, std::size_t>>& edges,
                   std::size_t skip_edge, std::size_t skip_node) {
    std::vector<std::size_t> parent(n);
    for (std::size_t i = 0; i < n; ++i)
        parent[i] = i;
    auto find = [&](std::size_t x) {
        while (parent[x] != x)
            x = parent[x] = parent[parent[x]];
        return x;
    };
    for (std::size_t i = 0; i < edges.size(); ++i) {
        if (i == skip_edge || edges[i].first == skip_node || edges[i].second == skip_node) continue;
        parent[find(edges[i].first)] = find(edges[i].second);
    }
    std::set<std::size_t> roots;
    for (std::size_t v = 0; v < n; ++v)
        if (v != skip_node) roots.insert(find(v));
    return roots.size();
}

} // namespace

TEST(NaturalChokePoints, EqualBruteForce) {
    std::mt19937 rng(7);
    for (int round = 0; round < 400; ++round) {
        const std::size_t n = std::uniform_int_distribution<std::size_t>(2, 10)(rng);
        const std::size_t m = std::uniform_int_distribution<std::size_t>(1, 14)(rng);
        std::uniform_int_distribution<std::size_t> node(0, n - 1);
        std::vector<std::pair<std::size_t, std::size_t>> edges;
        for (std::size_t i = 0; i < m; ++i)
            edges.emplace_back(node(rng), node(rng));
        const ChokePointSet got = natural_choke_points(n, edges);
        const std::size_t base = pieces(n, edges, no_index, no_index);
        std::vector<std::size_t> bridges, articulation;
        for (std::size_t e = 0; e < m; ++e)
            if (pieces(n, edges, e, no_index) > base) bridges.push_back(e);
        for (std::size_t v = 0; v < n; ++v) {
            // removing v loses v itself: a cut vertex leaves more pieces than before among the rest
            std::size_t isolated = 1;
            for (const auto& [a, b] : edges)
                if ((a == v) != (b == v)) isolated = 0;
            if (pieces(n, edges, no_index, v) > base - isolated) articulation.push_back(v);
        }
        EXPECT_EQ(got.bridges, bridges) << "round " << round;
        EXPECT_EQ(got.articulation, articulation) << "round " << round;

        // split_parts agrees with removing the bridge and counting.
        std::vector<std::vector<std::pair<std::size_t, std::size_t>>> adj(n);
        for (std::size_t e = 0; e < m; ++e) {
            adj[edges[e].first].emplace_back(edges[e].second, e);
            if (edges[e].first != edges[e].second)
                adj[edges[e].second].emplace_back(edges[e].first, e);
        }
        std::vector<double> w(n, 1.0);
        for (std::size_t e : bridges) {
            const SplitParts parts = split_parts(adj, w, no_index, e);
            ASSERT_EQ(parts.nodes.size(), 1u) << "round " << round;
            EXPECT_DOUBLE_EQ(parts.weight[0], static_cast<double>(parts.nodes[0]));
            // the part cut away holds exactly one end of the bridge and no edge back across
            const std::set<std::size_t> part(parts.members[0].begin(), parts.members[0].end());
            EXPECT_NE(part.count(edges[e].first), part.count(edges[e].second));
            for (std::size_t f = 0; f < m; ++f)
                if (f != e) {
                    EXPECT_EQ(part.count(edges[f].first), part.count(edges[f].second));
                }
        }
    }
}

TEST(GreedyCover, WithinItsBoundOfTheBruteForceOptimum) {
    std::mt19937 rng(99);
    const double guarantee = 1 - 1 / std::exp(1.0);
    for (int round = 0; round < 300; ++round) {
        const std::size_t items = std::uniform_int_distribution<std::size_t>(3, 10)(rng);
        const std::size_t count = std::uniform_int_distribution<std::size_t>(2, 14)(rng);
        std::vector<CoveragePath> paths(count);
        for (auto& p : paths) {
            p.weight = std::uniform_real_distribution<double>(0.5, 10)(rng);
            const std::size_t len = std::uniform_int_distribution<std::size_t>(1, 4)(rng);
            for (std::size_t i = 0; i < len; ++i)
                p.items.push_back(std::uniform_int_distribution<std::size_t>(0, items - 1)(rng));
        }
        std::vector<bool> allowed(items, true);
        allowed[0] = round % 3 != 0;
        const std::vector<double> tie(items, 1);
        const auto steps = greedy_cover(paths, items, 4, allowed, tie);
        for (std::size_t k = 1; k <= steps.size(); ++k) {
            double opt = 0;
            for (std::size_t mask = 0; mask < (std::size_t{1} << items); ++mask) {
                if (static_cast<std::size_t>(__builtin_popcountll(mask)) != k) continue;
                std::vector<std::size_t> set;
                bool ok = true;
                for (std::size_t i = 0; i < items; ++i)
                    if (mask >> i & 1) {
                        ok = ok && allowed[i];
                        set.push_back(i);
                    }
                if (ok) opt = std::max(opt, covered_weight(paths, set));
            }
            std::vector<std::size_t> chosen;
            for (std::size_t i = 0; i < k; ++i)
                chosen.push_back(steps[i].item);
            EXPECT_NEAR(steps[k - 1].covered, covered_weight(paths, chosen), 1e-9);
            EXPECT_GE(steps[k - 1].covered + 1e-9, guarantee * opt)
                << "round " << round << " k " << k;
            EXPECT_GE(steps[k - 1].upper_bound + 1e-9, opt) << "round " << round << " k " << k;
            EXPECT_TRUE(allowed[steps[k - 1].item]);
        }
    }
}

TEST(GreedyCover, PreselectedItemsCountFirst) {
    const std::vector<CoveragePath> paths{{5, {0}}, {3, {1}}, {1, {2}}};
    const auto steps = greedy_cover(paths, 3, 2, {true, true, true}, {1, 1, 1}, {0});
    ASSERT_EQ(steps.size(), 2u);
    EXPECT_EQ(steps[0].item, 1u);
    EXPECT_DOUBLE_EQ(steps[0].covered, 8);
    EXPECT_EQ(steps[1].item, 2u);
    EXPECT_DOUBLE_EQ(steps[1].covered, 9);
}
