#include <cordon/geo/error.hpp>
#include <cordon/planner/checkpoint_graph.hpp>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/biconnected_components.hpp>
#include <boost/graph/boykov_kolmogorov_max_flow.hpp>
#include <boost/graph/push_relabel_max_flow.hpp>

#include <algorithm>
#include <deque>
#include <map>
#include <numeric>
#include <tuple>
#include <unordered_map>

namespace cordon::planner {

namespace {

using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
struct FlowVertex {
    boost::default_color_type color{};
    std::int64_t distance = 0;
    Traits::edge_descriptor pred;
};
struct FlowEdge {
    std::int64_t capacity = 0;
    std::int64_t residual = 0;
    Traits::edge_descriptor reverse;
};
using FlowGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, FlowVertex, FlowEdge>;

// A path from a source to a sink over uncuttable arcs only: breadth-first from all sources.
// Only the uncuttable arcs are looked at (usually none or a few), so this costs nothing like a
// pass over the whole network when the free region is small.
std::vector<std::size_t> uncuttable_path(const std::vector<CutArc>& arcs,
                                         const std::vector<char>& role) {
    std::vector<std::size_t> out; // uncuttable arcs, sorted by tail
    for (std::size_t i = 0; i < arcs.size(); ++i)
        if (arcs[i].capacity == uncuttable && role[arcs[i].to] != 1) out.push_back(i);
    if (out.empty()) return {};
    std::sort(out.begin(), out.end(), [&arcs](std::size_t a, std::size_t b) {
        return std::tie(arcs[a].from, a) < std::tie(arcs[b].from, b);
    });
    constexpr std::size_t none = no_index;
    std::unordered_map<std::size_t, std::size_t> via; // reached node → arc it was reached by
    std::deque<std::size_t> queue;
    for (std::size_t a : out) {
        const std::size_t u = arcs[a].from;
        if (role[u] == 1 && via.try_emplace(u, none).second) queue.push_back(u);
    }
    while (!queue.empty()) {
        const std::size_t u = queue.front();
        queue.pop_front();
        if (role[u] == 2) {
            std::vector<std::size_t> path;
            for (std::size_t v = u; via.at(v) != none; v = arcs[via.at(v)].from)
                path.push_back(via.at(v));
            std::reverse(path.begin(), path.end());
            return path;
        }
        auto first =
            std::lower_bound(out.begin(), out.end(), u,
                             [&arcs](std::size_t a, std::size_t v) { return arcs[a].from < v; });
        for (auto it = first; it != out.end() && arcs[*it].from == u; ++it) {
            const std::size_t v = arcs[*it].to;
            if (via.try_emplace(v, *it).second) queue.push_back(v);
        }
    }
    return {};
}

} // namespace

CutResult minimum_cut(std::size_t n, const std::vector<CutArc>& arcs,
                      const std::vector<std::size_t>& sources,
                      const std::vector<std::size_t>& sinks, MaxFlowAlgorithm algorithm) {
    // role: 0 free, 1 source, 2 sink
    std::vector<char> role(n, 0);
    for (std::size_t s : sources) {
        if (s >= n) throw Error("minimum_cut: source node out of range");
        role[s] = 1;
    }
    for (std::size_t t : sinks) {
        if (t >= n) throw Error("minimum_cut: sink node out of range");
        if (role[t] == 1) throw Error("minimum_cut: a node is both a source and a sink");
        role[t] = 2;
    }
    std::int64_t finite = 0;
    for (const CutArc& a : arcs) {
        if (a.from >= n || a.to >= n) throw Error("minimum_cut: arc node out of range");
        if (a.capacity < 0 && a.capacity != uncuttable)
            throw Error("minimum_cut: negative capacity");
        if (a.capacity > 0) finite += a.capacity;
    }

    CutResult result;
    result.sink_side.assign(n, false);
    if (sources.empty() || sinks.empty()) {
        for (std::size_t v = 0; v < n; ++v)
            result.sink_side[v] = role[v] == 2;
        return result;
    }
    result.blocking_path = uncuttable_path(arcs, role);
    if (!result.blocking_path.empty()) {
        result.feasible = false;
        return result;
    }

    // Sources collapse into the super source S, sinks into the super sink T; only the free
    // nodes stay. Arcs into a source or out of a sink never lie on a simple source–sink path.
    const std::int64_t inf = finite + 1;
    std::vector<std::size_t> vertex_of(n, 0);
    std::size_t free_count = 0;
    for (std::size_t v = 0; v < n; ++v)
        if (role[v] == 0) vertex_of[v] = 2 + free_count++;
    const std::size_t S = 0, T = 1;
    for (std::size_t v = 0; v < n; ++v)
        if (role[v] != 0) vertex_of[v] = role[v] == 1 ? S : T;

    FlowGraph g(2 + free_count);
    auto add = [&g](std::size_t u, std::size_t v, std::int64_t cap) {
        const auto e = boost::add_edge(u, v, g).first;
        const auto r = boost::add_edge(v, u, g).first;
        g[e].capacity = cap;
        g[r].capacity = 0;
        g[e].reverse = r;
        g[r].reverse = e;
    };
    std::int64_t direct = 0; // arcs straight from a source to a sink: always cut
    for (const CutArc& a : arcs) {
        const std::size_t u = vertex_of[a.from], v = vertex_of[a.to];
        if (role[a.to] == 1 || role[a.from] == 2) continue;
        if (u == S && v == T) {
            direct += a.capacity; // feasible, so not uncuttable
            continue;
        }
        if (a.capacity == 0) continue;
        add(u, v, a.capacity == uncuttable ? inf : a.capacity);
    }

    std::int64_t flow = 0;
    if (free_count > 0 || boost::num_edges(g) > 0) {
        if (algorithm == MaxFlowAlgorithm::boykov_kolmogorov)
            flow = boost::boykov_kolmogorov_max_flow(
                g, boost::get(&FlowEdge::capacity, g), boost::get(&FlowEdge::residual, g),
                boost::get(&FlowEdge::reverse, g), boost::get(&FlowVertex::pred, g),
                boost::get(&FlowVertex::color, g), boost::get(&FlowVertex::distance, g),
                boost::get(boost::vertex_index, g), S, T);
        else
            flow = boost::push_relabel_max_flow(
                g, S, T, boost::get(&FlowEdge::capacity, g), boost::get(&FlowEdge::residual, g),
                boost::get(&FlowEdge::reverse, g), boost::get(boost::vertex_index, g));
    }

    // Sink side: every vertex that can still reach T in the residual graph. An arc u→v has
    // residual capacity when it is not saturated; its reverse arc v→u is stored at v.
    std::vector<char> reaches_t(boost::num_vertices(g), 0);
    std::vector<std::size_t> stack{T};
    reaches_t[T] = 1;
    while (!stack.empty()) {
        const std::size_t v = stack.back();
        stack.pop_back();
        for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
            const std::size_t u = boost::target(*it, g);
            if (reaches_t[u]) continue;
            if (g[g[*it].reverse].residual > 0) { // u → v has room left
                reaches_t[u] = 1;
                stack.push_back(u);
            }
        }
    }
    for (std::size_t v = 0; v < n; ++v)
        result.sink_side[v] = reaches_t[vertex_of[v]] != 0;
    for (std::size_t i = 0; i < arcs.size(); ++i) {
        const CutArc& a = arcs[i];
        if (role[a.to] == 1 || role[a.from] == 2) continue;
        if (!result.sink_side[a.from] && result.sink_side[a.to]) {
            result.arcs.push_back(i);
            result.value += a.capacity;
        }
    }
    if (result.value != flow + direct)
        throw Error("minimum_cut: cut value differs from the maximum flow");
    return result;
}

ChokePointSet natural_choke_points(std::size_t n,
                                   const std::vector<std::pair<std::size_t, std::size_t>>& edges) {
    // Boost's biconnected_components takes a simple graph: parallel edges are merged first
    // (a pair of parallel roads is never a bridge), self-loops dropped.
    std::map<std::pair<std::size_t, std::size_t>, std::vector<std::size_t>> simple;
    for (std::size_t i = 0; i < edges.size(); ++i) {
        auto [a, b] = edges[i];
        if (a >= n || b >= n) throw Error("natural_choke_points: node out of range");
        if (a == b) continue;
        if (a > b) std::swap(a, b);
        simple[{a, b}].push_back(i);
    }
    using Graph =
        boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                              boost::property<boost::edge_index_t, std::size_t>>;
    Graph g(n);
    std::vector<const std::vector<std::size_t>*> originals;
    for (const auto& [ab, ids] : simple) {
        boost::add_edge(ab.first, ab.second, originals.size(), g);
        originals.push_back(&ids);
    }
    std::vector<std::size_t> component(originals.size(), 0);
    auto component_map =
        boost::make_iterator_property_map(component.begin(), boost::get(boost::edge_index, g));
    ChokePointSet out;
    const auto [count, it] =
        boost::biconnected_components(g, component_map, std::back_inserter(out.articulation));
    (void)it;
    std::vector<std::size_t> size(count, 0);
    for (std::size_t c : component)
        ++size[c];
    for (std::size_t e = 0; e < originals.size(); ++e)
        if (size[component[e]] == 1 && originals[e]->size() == 1)
            out.bridges.push_back(originals[e]->front());
    std::sort(out.bridges.begin(), out.bridges.end());
    std::sort(out.articulation.begin(), out.articulation.end());
    return out;
}

SplitParts
split_parts(const std::vector<std::vector<std::pair<std::size_t, std::size_t>>>& adjacency,
            const std::vector<double>& node_weight, std::size_t removed_node,
            std::size_t removed_edge) {
    std::vector<std::size_t> starts;
    if (removed_node != no_index) {
        for (auto [w, e] : adjacency[removed_node])
            if (w != removed_node) starts.push_back(w);
    } else {
        for (std::size_t v = 0; v < adjacency.size() && starts.size() < 2; ++v)
            for (auto [w, e] : adjacency[v])
                if (e == removed_edge) {
                    starts = {v, w};
                    break;
                }
    }
    std::sort(starts.begin(), starts.end());
    starts.erase(std::unique(starts.begin(), starts.end()), starts.end());

    struct Part {
        std::vector<std::size_t> queue; // every member, in visiting order; head marks the frontier
        std::size_t head = 0;
        double weight = 0;
        bool done = false;
        bool merged = false;
    };
    std::vector<Part> parts(starts.size());
    std::vector<std::size_t> parent(starts.size());
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&parent](std::size_t p) {
        while (parent[p] != p)
            p = parent[p] = parent[parent[p]];
        return p;
    };
    std::unordered_map<std::size_t, std::size_t> owner;
    for (std::size_t p = 0; p < starts.size(); ++p) {
        owner[starts[p]] = p;
        parts[p].queue.push_back(starts[p]);
        parts[p].weight = node_weight.empty() ? 0 : node_weight[starts[p]];
    }
    auto active = [&parts]() {
        std::size_t n = 0;
        for (const Part& p : parts)
            n += (!p.done && !p.merged) ? 1 : 0;
        return n;
    };
    while (active() > 1) {
        for (std::size_t p = 0; p < parts.size(); ++p) {
            if (parts[p].done || parts[p].merged) continue;
            if (parts[p].head == parts[p].queue.size()) {
                parts[p].done = true;
                continue;
            }
            const std::size_t u = parts[p].queue[parts[p].head++];
            for (auto [w, e] : adjacency[u]) {
                if (e == removed_edge || w == removed_node) continue;
                auto [slot, fresh] = owner.try_emplace(w, p);
                if (fresh) {
                    parts[p].queue.push_back(w);
                    if (!node_weight.empty()) parts[p].weight += node_weight[w];
                    continue;
                }
                const std::size_t q = find(slot->second);
                if (q == p) continue;
                // Two searches met: one part. The other's members and frontier join this one.
                Part& other = parts[q];
                parts[p].queue.insert(parts[p].queue.end(),
                                      other.queue.begin() + static_cast<long>(other.head),
                                      other.queue.end());
                std::vector<std::size_t> visited(
                    other.queue.begin(), other.queue.begin() + static_cast<long>(other.head));
                // keep the frontier contiguous: visited members go before the head
                parts[p].queue.insert(parts[p].queue.begin() + static_cast<long>(parts[p].head),
                                      visited.begin(), visited.end());
                parts[p].head += visited.size();
                parts[p].weight += other.weight;
                parts[p].done = false;
                other.merged = true;
                other.queue.clear();
                parent[q] = p;
            }
        }
    }
    // The part still growing (or, when all finished together, the largest) is the main one
    // and is left out; the others are complete.
    std::size_t main = no_index;
    for (std::size_t p = 0; p < parts.size(); ++p)
        if (!parts[p].merged && !parts[p].done) main = p;
    if (main == no_index)
        for (std::size_t p = 0; p < parts.size(); ++p)
            if (!parts[p].merged &&
                (main == no_index || parts[p].queue.size() > parts[main].queue.size()))
                main = p;
    SplitParts out;
    for (std::size_t p = 0; p < parts.size(); ++p) {
        if (parts[p].merged || p == main) continue;
        out.nodes.push_back(parts[p].queue.size());
        out.weight.push_back(parts[p].weight);
        out.members.push_back(std::move(parts[p].queue));
    }
    return out;
}

std::vector<GreedyStep> greedy_cover(const std::vector<CoveragePath>& paths, std::size_t item_count,
                                     std::size_t k_max, const std::vector<bool>& allowed,
                                     const std::vector<double>& tie_cost,
                                     const std::vector<std::size_t>& preselected) {
    // Each path's distinct items, and the paths of each item.
    std::vector<std::vector<std::size_t>> path_items(paths.size());
    std::vector<std::vector<std::size_t>> item_paths(item_count);
    std::vector<double> gain(item_count, 0);
    for (std::size_t p = 0; p < paths.size(); ++p) {
        std::vector<std::size_t>& items = path_items[p];
        items = paths[p].items;
        std::sort(items.begin(), items.end());
        items.erase(std::unique(items.begin(), items.end()), items.end());
        for (std::size_t i : items) {
            if (i >= item_count) throw Error("greedy_cover: item out of range");
            item_paths[i].push_back(p);
            gain[i] += paths[p].weight;
        }
    }
    std::vector<char> covered(paths.size(), 0), chosen(item_count, 0);
    double total_covered = 0;
    auto take = [&](std::size_t item) {
        chosen[item] = 1;
        for (std::size_t p : item_paths[item]) {
            if (covered[p]) continue;
            covered[p] = 1;
            total_covered += paths[p].weight;
            for (std::size_t other : path_items[p])
                gain[other] -= paths[p].weight;
        }
    };
    for (std::size_t i : preselected)
        if (i < item_count && !chosen[i]) take(i);

    const double eps = 1e-9 * std::max(1.0, std::accumulate(paths.begin(), paths.end(), 0.0,
                                                            [](double s, const CoveragePath& p) {
                                                                return s + p.weight;
                                                            }));
    std::vector<double> bound(k_max + 1, std::numeric_limits<double>::infinity());
    auto tighten_bounds = [&]() {
        std::vector<double> g;
        for (std::size_t i = 0; i < item_count; ++i)
            if (allowed[i] && !chosen[i] && gain[i] > eps) g.push_back(gain[i]);
        std::sort(g.begin(), g.end(), std::greater<>());
        double sum = total_covered;
        for (std::size_t k = 1; k <= k_max; ++k) {
            if (k - 1 < g.size()) sum += g[k - 1];
            bound[k] = std::min(bound[k], sum);
        }
    };
    std::vector<GreedyStep> steps;
    tighten_bounds();
    while (steps.size() < k_max) {
        std::size_t best = no_index;
        for (std::size_t i = 0; i < item_count; ++i) {
            if (!allowed[i] || chosen[i] || gain[i] <= eps) continue;
            if (best == no_index || gain[i] > gain[best] + eps ||
                (gain[i] > gain[best] - eps && tie_cost[i] < tie_cost[best]))
                best = i;
        }
        if (best == no_index) break;
        const double g = gain[best];
        take(best);
        steps.push_back({best, g, total_covered, 0});
        tighten_bounds();
    }
    for (std::size_t k = 1; k <= steps.size(); ++k)
        steps[k - 1].upper_bound = std::max(bound[k], steps[k - 1].covered);
    return steps;
}

double covered_weight(const std::vector<CoveragePath>& paths,
                      const std::vector<std::size_t>& items) {
    double sum = 0;
    for (const CoveragePath& p : paths) {
        const bool hit = std::any_of(p.items.begin(), p.items.end(), [&items](std::size_t i) {
            return std::find(items.begin(), items.end(), i) != items.end();
        });
        if (hit) sum += p.weight;
    }
    return sum;
}

} // namespace cordon::planner
