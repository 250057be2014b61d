#include "mip.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/planner/barrier_cut.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <queue>
#include <set>
#include <sstream>

namespace cordon::planner {

namespace {

constexpr double k_inf = std::numeric_limits<double>::infinity();

/// Arcs out of and into each node.
struct Adjacency {
    std::vector<std::vector<std::size_t>> out, in;
    explicit Adjacency(const BarrierProblem& p) : out(p.node_count), in(p.node_count) {
        for (std::size_t a = 0; a < p.arcs.size(); ++a) {
            if (p.arcs[a].from == p.arcs[a].to) continue;
            out[p.arcs[a].from].push_back(a);
            in[p.arcs[a].to].push_back(a);
        }
    }
};

/// Nodes the sources reach over the arcs `usable` allows.
std::vector<char> reached(const BarrierProblem& p, const Adjacency& adj,
                          const std::function<bool(std::size_t)>& usable) {
    std::vector<char> seen(p.node_count, 0);
    std::vector<std::size_t> stack;
    for (std::size_t s : p.sources)
        if (!seen[s]) {
            seen[s] = 1;
            stack.push_back(s);
        }
    while (!stack.empty()) {
        const std::size_t u = stack.back();
        stack.pop_back();
        for (std::size_t a : adj.out[u]) {
            const std::size_t v = p.arcs[a].to;
            if (!seen[v] && usable(a)) {
                seen[v] = 1;
                stack.push_back(v);
            }
        }
    }
    return seen;
}

/// Metres from the nearest of `starts` (forward) or to `start` (backward, over arcs reversed),
/// over the arcs `usable` allows, no farther than `limit`.
std::vector<double> distances(const BarrierProblem& p, const Adjacency& adj,
                              const std::vector<std::size_t>& starts, bool backward, double limit,
                              const std::function<bool(std::size_t)>& usable) {
    std::vector<double> dist(p.node_count, k_inf);
    using Item = std::pair<double, std::size_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
    for (std::size_t s : starts) {
        dist[s] = 0;
        queue.emplace(0, s);
    }
    while (!queue.empty()) {
        const auto [d, u] = queue.top();
        queue.pop();
        if (d > dist[u]) continue;
        for (std::size_t a : backward ? adj.in[u] : adj.out[u]) {
            if (!usable(a)) continue;
            const std::size_t v = backward ? p.arcs[a].from : p.arcs[a].to;
            const double nd = d + p.segments[p.arcs[a].tag].length;
            if (nd < dist[v] && nd <= limit) {
                dist[v] = nd;
                queue.emplace(nd, v);
            }
        }
    }
    return dist;
}

/// Routes from the sources into `sinks` with no segment in common over the arcs `usable` allows.
std::int64_t routes_in(const BarrierProblem& p, const std::vector<std::size_t>& sinks,
                       const std::function<bool(std::size_t)>& usable) {
    if (p.sources.empty() || sinks.empty()) return 0;
    std::vector<CutArc> arcs;
    for (std::size_t a = 0; a < p.arcs.size(); ++a)
        if (usable(a) && p.arcs[a].from != p.arcs[a].to)
            arcs.push_back({p.arcs[a].from, p.arcs[a].to, 1, a});
    return minimum_cut(p.node_count, arcs, p.sources, sinks).value;
}

RoadChoice choice_of(const BarrierProblem& p, const std::vector<RoadChoice>& c, std::size_t s) {
    return p.segments[s].given ? *p.segments[s].given : c[s];
}

} // namespace

ProtectedPieces protected_pieces(const BarrierProblem& p) {
    ProtectedPieces out;
    const Adjacency adj(p);
    // Pieces of the network, roads taken either way.
    std::vector<std::size_t> comp(p.node_count, no_index);
    std::size_t count = 0;
    for (std::size_t v = 0; v < p.node_count; ++v) {
        if (comp[v] != no_index) continue;
        std::vector<std::size_t> stack{v};
        comp[v] = count;
        while (!stack.empty()) {
            const std::size_t u = stack.back();
            stack.pop_back();
            for (const auto* list : {&adj.out[u], &adj.in[u]})
                for (std::size_t a : *list) {
                    const std::size_t w = p.arcs[a].from == u ? p.arcs[a].to : p.arcs[a].from;
                    if (comp[w] == no_index) {
                        comp[w] = count;
                        stack.push_back(w);
                    }
                }
        }
        ++count;
    }
    const std::vector<char> reach = reached(p, adj, [](std::size_t) { return true; });
    std::map<std::size_t, std::size_t> piece_of_comp;
    for (std::size_t s : p.sinks) {
        if (!reach[s]) {
            out.unreachable_sinks.push_back(s);
            continue;
        }
        auto [it, fresh] = piece_of_comp.try_emplace(comp[s], out.sinks.size());
        if (fresh) out.sinks.emplace_back();
        out.sinks[it->second].push_back(s);
    }
    out.piece_of_node.assign(p.node_count, no_index);
    for (std::size_t v = 0; v < p.node_count; ++v)
        if (auto it = piece_of_comp.find(comp[v]); it != piece_of_comp.end())
            out.piece_of_node[v] = it->second;
    for (const auto& sinks : out.sinks)
        out.ways_in.push_back(routes_in(p, sinks, [](std::size_t) { return true; }));
    return out;
}

BarrierCheck check_barrier_plan(const BarrierProblem& p, const ProtectedPieces& pieces,
                                const std::vector<RoadChoice>& choice) {
    BarrierCheck c;
    const Adjacency adj(p);
    auto is = [&](std::size_t a, RoadChoice r) { return choice_of(p, choice, p.arcs[a].tag) == r; };
    const std::vector<char> free =
        reached(p, adj, [&](std::size_t a) { return is(a, RoadChoice::open); });
    c.cordon = std::none_of(p.sinks.begin(), p.sinks.end(), [&](std::size_t s) { return free[s]; });
    std::vector<std::size_t> heads;
    for (std::size_t a = 0; a < p.arcs.size(); ++a)
        if (is(a, RoadChoice::staffed) && free[p.arcs[a].from] && !free[p.arcs[a].to]) {
            c.entries.push_back(a);
            heads.push_back(p.arcs[a].to);
        }
    const auto unbarred = [&](std::size_t a) { return !is(a, RoadChoice::barred); };
    const std::vector<double> dist = distances(p, adj, heads, false, k_inf, unbarred);
    c.keeps = c.cordon;
    for (std::size_t s : p.sinks)
        c.access_m.push_back(dist[s]);
    for (const auto& sinks : pieces.sinks) {
        c.ways_in.push_back(routes_in(p, sinks, unbarred));
        c.keeps = c.keeps && c.ways_in.back() >= p.min_staffed;
        for (std::size_t s : sinks)
            c.keeps = c.keeps && dist[s] <= p.access_m + 1e-6;
    }
    for (std::size_t s = 0; s < p.segments.size(); ++s) {
        if (p.segments[s].given) continue;
        if (choice[s] == RoadChoice::staffed) c.cost += p.segments[s].cost;
        if (choice[s] == RoadChoice::barred) ++c.barriers;
    }
    return c;
}

namespace {

/// The mixed-integer model and the rounds that add the access conditions a solution breaks.
class BarrierSearch {
public:
    BarrierSearch(const BarrierProblem& p, const ProtectedPieces& pieces)
        : m_p(p), m_pieces(pieces), m_adj(p), m_role(p.node_count, 0), m_y(p.node_count, -1),
          m_t(p.segments.size(), -1), m_b(p.segments.size(), -1), m_seg_arcs(p.segments.size()) {
        for (std::size_t a = 0; a < p.arcs.size(); ++a)
            m_seg_arcs[p.arcs[a].tag].push_back(a);
        for (std::size_t s : p.sources)
            m_role[s] = 1;
        for (std::size_t s : p.sinks)
            m_role[s] = 2;
        m_kept.assign(p.node_count, 0);
        for (const auto& sinks : pieces.sinks)
            for (std::size_t s : sinks)
                m_kept[s] = 1;
        build();
    }

    BarrierResult run(const std::vector<RoadChoice>& seed, const BarrierSolveOptions& options,
                      Progress& progress) {
        using clock = std::chrono::steady_clock;
        const auto started = clock::now();
        auto elapsed = [&] {
            return std::chrono::duration<double>(clock::now() - started).count();
        };
        BarrierResult r;
        r.weight = m_weight;
        std::optional<std::vector<RoadChoice>> best;
        double best_objective = k_inf;
        auto offer = [&](const std::vector<RoadChoice>& choice) {
            const BarrierCheck c = check_barrier_plan(m_p, m_pieces, choice);
            if (!c.keeps) return false;
            const double obj =
                static_cast<double>(c.cost) * m_weight + static_cast<double>(c.barriers);
            if (obj < best_objective) {
                best_objective = obj;
                best = choice;
            }
            return true;
        };
        r.seeded = offer(seed);
        double bound = -k_inf;
        std::string status = "time_limit";
        if (m_mip.vars() == 0 && offer(decode({}))) { // no way in to choose on
            status = "optimal";
            bound = best_objective;
        }
        while (status != "optimal") {
            const double left = options.seconds - elapsed();
            if (left <= 0.01) break;
            progress.report("checkpoints: staffed or barred, round " + std::to_string(r.rounds + 1),
                            std::min(0.99, elapsed() / options.seconds));
            const Mip::Result res =
                m_mip.solve(left, options.gap, start_values(best ? *best : seed));
            ++r.rounds;
            r.nodes += res.nodes;
            r.variables = m_mip.vars();
            r.constraints = m_mip.rows();
            if (res.status == Mip::Result::infeasible) {
                if (best) { // cannot happen: every condition added holds for a plan that keeps
                    status = "optimal";
                    bound = best_objective;
                    break;
                }
                std::ostringstream km;
                km << m_p.access_m / 1000;
                throw InputError(
                    "no choice of staffed and barred roads keeps every protected "
                    "piece with " +
                    std::to_string(m_p.min_staffed) +
                    " staffed ways in and every protected point within " + km.str() +
                    " km of one; ask for fewer staffed ways in or a longer access distance");
            }
            if (res.status == Mip::Result::no_solution) {
                bound = std::max(bound, res.bound);
                break;
            }
            bound = std::max(bound, res.bound);
            const std::vector<RoadChoice> choice = decode(res.x);
            if (offer(choice)) {
                status = res.status == Mip::Result::optimal ? "optimal"
                         : res.gap_reached                  ? "gap"
                                                            : "time_limit";
                break;
            }
            // Only the access is added in rounds: a plan that breaks anything else is a bug.
            if (add_access_cuts(choice) == 0)
                throw Error("staffed or barred: the solver's plan breaks a condition of the "
                            "model itself");
            offer(repaired(choice));
        }
        if (!best)
            throw InputError("no plan keeping the access and the staffed ways in was found within "
                             "the time limit of " +
                             std::to_string(static_cast<long long>(options.seconds)) +
                             " s; allow more time");
        r.choice = *best;
        const BarrierCheck c = check_barrier_plan(m_p, m_pieces, r.choice);
        r.cost = c.cost;
        r.barriers = c.barriers;
        r.objective = best_objective;
        if (status == "optimal") bound = std::max(bound, best_objective);
        r.bound = std::min(std::max(bound, 0.0), best_objective);
        // Cost × weight + barriers ≥ bound, barriers < weight.
        r.cost_bound = static_cast<std::int64_t>(
            std::max(0.0, std::ceil((r.bound - (m_weight - 1)) / m_weight - 1e-9)));
        r.cost_bound = std::min(r.cost_bound, r.cost);
        r.gap = best_objective > 0 ? (best_objective - r.bound) / best_objective : 0;
        r.status = status;
        r.seconds = elapsed();
        return r;
    }

private:
    bool fixed_open(std::size_t s) const {
        return m_p.segments[s].keep_open && !m_p.segments[s].given;
    }

    // y: per free node, on the sinks' side; t, b: per segment, staffed, barred; g: flow that
    // shows every node on the sources' side is reached over open segments; f: per protected
    // piece, `min_staffed` routes in with no segment in common and none barred.
    void build() {
        const BarrierProblem& p = m_p;
        std::size_t barrable = 0;
        for (std::size_t s = 0; s < p.segments.size(); ++s)
            barrable += p.segments[s].barrable && !p.segments[s].given ? 1 : 0;
        m_weight = static_cast<double>(barrable + 1);
        // Arcs that matter: not out of a sink, not into a source.
        for (std::size_t a = 0; a < p.arcs.size(); ++a) {
            const CutArc& arc = p.arcs[a];
            if (arc.from == arc.to || m_role[arc.from] == 2 || m_role[arc.to] == 1) continue;
            m_arcs.push_back(a);
            for (std::size_t v : {arc.from, arc.to})
                if (m_role[v] == 0 && m_y[v] < 0) m_y[v] = m_mip.add_var(0, 1, 0, true);
            const std::size_t s = arc.tag;
            if (m_t[s] >= 0) continue;
            const BarrierSegment& seg = p.segments[s];
            const bool staffed = seg.given == RoadChoice::staffed;
            const bool barred = seg.given == RoadChoice::barred;
            const double open_only = fixed_open(s) ? 0.0 : 1.0;
            m_t[s] = m_mip.add_var(staffed ? 1 : 0, staffed ? 1 : (barred ? 0 : open_only),
                                   seg.given ? 0 : m_weight * static_cast<double>(seg.cost), true);
            m_b[s] = m_mip.add_var(barred ? 1 : 0,
                                   barred ? 1 : (seg.given || !seg.barrable ? 0 : open_only),
                                   seg.given ? 0 : 1, true);
            m_mip.add_row({{m_t[s], 1}, {m_b[s], 1}}, -k_inf, 1);
        }
        // Cordon: an arc from the sources' side to the sinks' side is staffed or barred.
        for (std::size_t a : m_arcs) {
            const CutArc& arc = p.arcs[a];
            Terms row{{m_t[arc.tag], 1}, {m_b[arc.tag], 1}};
            double rhs = 0; // t + b − y_to + y_from ≥ 0
            if (m_role[arc.to] == 2)
                rhs += 1;
            else
                row.push_back({m_y[arc.to], -1});
            if (m_role[arc.from] == 0) row.push_back({m_y[arc.from], 1});
            m_mip.add_row(row, rhs, k_inf);
        }
        // Reached: one unit to every free node on the sources' side, over open segments.
        const double big = static_cast<double>(p.node_count);
        std::vector<Terms> balance(p.node_count);
        for (std::size_t a : m_arcs) {
            const CutArc& arc = p.arcs[a];
            if (m_role[arc.to] != 0) continue;
            const int g = m_mip.add_var(0, big, 0, false);
            m_mip.add_row({{g, 1}, {m_t[arc.tag], big}, {m_b[arc.tag], big}}, -k_inf, big);
            balance[arc.to].push_back({g, 1});
            if (m_role[arc.from] == 0) balance[arc.from].push_back({g, -1});
        }
        for (std::size_t v = 0; v < p.node_count; ++v)
            if (m_y[v] >= 0) {
                balance[v].push_back({m_y[v], 1});
                m_mip.add_row(balance[v], 1, 1);
            }
        // Ways in: per piece, min_staffed units from the sources to its sinks, one per segment.
        if (p.min_staffed > 0) {
            std::vector<Terms> flow(p.node_count), into(m_pieces.sinks.size());
            std::map<std::size_t, Terms> per_segment;
            for (std::size_t a : m_arcs) {
                const CutArc& arc = p.arcs[a];
                const std::size_t piece = m_pieces.piece_of_node[arc.from];
                if (piece == no_index) continue;
                const int f = m_mip.add_var(0, 1, 0, false);
                per_segment[arc.tag].push_back({f, 1});
                if (m_role[arc.to] == 2) into[piece].push_back({f, 1});
                if (m_role[arc.to] == 0) flow[arc.to].push_back({f, 1});
                if (m_role[arc.from] == 0) flow[arc.from].push_back({f, -1});
            }
            for (auto& [s, row] : per_segment) {
                row.push_back({m_b[s], 1});
                m_mip.add_row(row, -k_inf, 1);
            }
            for (std::size_t v = 0; v < p.node_count; ++v)
                if (!flow[v].empty()) m_mip.add_row(flow[v], 0, 0);
            for (const Terms& row : into)
                m_mip.add_row(row, static_cast<double>(p.min_staffed), k_inf);
        }
    }

    using Terms = std::vector<std::pair<int, double>>;

    std::vector<RoadChoice> decode(const std::vector<double>& x) const {
        std::vector<RoadChoice> c(m_p.segments.size(), RoadChoice::open);
        for (std::size_t s = 0; s < c.size(); ++s) {
            if (m_t[s] >= 0 && x[static_cast<std::size_t>(m_t[s])] > 0.5)
                c[s] = RoadChoice::staffed;
            if (m_b[s] >= 0 && x[static_cast<std::size_t>(m_b[s])] > 0.5) c[s] = RoadChoice::barred;
            if (m_p.segments[s].given) c[s] = *m_p.segments[s].given;
        }
        return c;
    }

    // The whole-number variables of a plan, to start the solver from.
    std::vector<std::pair<int, double>> start_values(const std::vector<RoadChoice>& choice) const {
        std::vector<std::pair<int, double>> out;
        for (std::size_t s = 0; s < choice.size(); ++s)
            if (m_t[s] >= 0) {
                const RoadChoice c = choice_of(m_p, choice, s);
                out.push_back({m_t[s], c == RoadChoice::staffed ? 1.0 : 0.0});
                out.push_back({m_b[s], c == RoadChoice::barred ? 1.0 : 0.0});
            }
        const std::vector<char> free = reached(m_p, m_adj, [&](std::size_t a) {
            return choice_of(m_p, choice, m_p.arcs[a].tag) == RoadChoice::open;
        });
        for (std::size_t v = 0; v < m_p.node_count; ++v)
            if (m_y[v] >= 0) out.push_back({m_y[v], free[v] ? 0.0 : 1.0});
        return out;
    }

    // The staffed-way-in indicator of arc a (made on first use): staffed, tail on the sources'
    // side, head on the sinks' side.
    int entry(std::size_t a) {
        if (auto it = m_entry.find(a); it != m_entry.end()) return it->second;
        const CutArc& arc = m_p.arcs[a];
        const int e = m_mip.add_var(0, 1, 0, false);
        m_mip.add_row({{e, 1}, {m_t[arc.tag], -1}}, -k_inf, 0);
        if (m_role[arc.from] == 0) m_mip.add_row({{e, 1}, {m_y[arc.from], 1}}, -k_inf, 1);
        if (m_role[arc.to] == 0) m_mip.add_row({{e, 1}, {m_y[arc.to], -1}}, -k_inf, 0);
        m_entry[a] = e;
        return e;
    }

    // Arcs that could be a staffed way in within reach of sink `sink` with the barriers `bars`
    // in place: the sources reach their tail over segments not barred, and their head lies
    // within access_m of the sink.
    std::vector<std::size_t> near_entries(std::size_t sink,
                                          const std::set<std::size_t>& bars) const {
        const auto usable = [&](std::size_t a) {
            const std::size_t s = m_p.arcs[a].tag;
            return !bars.count(s) && m_p.segments[s].given != RoadChoice::barred;
        };
        const std::vector<char> reach = reached(m_p, m_adj, usable);
        const std::vector<double> to_sink =
            distances(m_p, m_adj, {sink}, true, m_p.access_m, usable);
        std::vector<std::size_t> out;
        for (std::size_t a : m_arcs) {
            const CutArc& arc = m_p.arcs[a];
            if (m_t[arc.tag] < 0 || fixed_open(arc.tag) || bars.count(arc.tag) ||
                m_p.segments[arc.tag].given == RoadChoice::barred)
                continue;
            if (reach[arc.from] && to_sink[arc.to] <= m_p.access_m + 1e-6) out.push_back(a);
        }
        return out;
    }

    // For each sink the plan leaves too far from a staffed way in (the farthest first, a few
    // per round): the barriers B that keep it so, fewest first, and the condition "lift one of
    // B, or staff a way in that reaches the sink with B in place".
    std::size_t add_access_cuts(const std::vector<RoadChoice>& choice) {
        const BarrierCheck c = check_barrier_plan(m_p, m_pieces, choice);
        const std::set<std::size_t> entries(c.entries.begin(), c.entries.end());
        std::vector<std::pair<double, std::size_t>> far;
        for (std::size_t i = 0; i < m_p.sinks.size(); ++i) {
            const std::size_t sink = m_p.sinks[i];
            if (!m_kept[sink]) continue;
            if (c.access_m[i] > m_p.access_m + 1e-6) far.push_back({c.access_m[i], sink});
        }
        std::sort(far.rbegin(), far.rend());
        std::set<std::size_t> bars;
        for (std::size_t s = 0; s < choice.size(); ++s)
            if (choice[s] == RoadChoice::barred && !m_p.segments[s].given) bars.insert(s);
        const auto kept_far = [&](std::size_t sink, const std::set<std::size_t>& b) {
            for (std::size_t a : near_entries(sink, b))
                if (entries.count(a)) return false;
            return true;
        };
        std::size_t added = 0;
        std::set<std::vector<std::size_t>> seen;
        for (const auto& [d, sink] : far) {
            if (added >= 12) break;
            // Barriers that matter, fewest: first those near the sink, then one at a time.
            std::set<std::size_t> b;
            const std::vector<double> from_sink =
                distances(m_p, m_adj, {sink}, true, m_p.access_m, [](std::size_t) { return true; });
            for (std::size_t s : bars)
                for (std::size_t a : m_seg_arcs[s])
                    if (from_sink[m_p.arcs[a].to] <= m_p.access_m ||
                        from_sink[m_p.arcs[a].from] <= m_p.access_m)
                        b.insert(s);
            if (!kept_far(sink, b)) b = bars;
            const std::vector<std::size_t> order(b.begin(), b.end());
            for (std::size_t s : order) {
                std::set<std::size_t> fewer = b;
                fewer.erase(s);
                if (kept_far(sink, fewer)) b = std::move(fewer);
            }
            const std::vector<std::size_t> near = near_entries(sink, b);
            std::vector<std::size_t> key(b.begin(), b.end());
            key.push_back(no_index);
            key.insert(key.end(), near.begin(), near.end());
            if (!seen.insert(key).second) continue;
            Terms row;
            for (std::size_t s : b)
                row.push_back({m_b[s], -1});
            for (std::size_t a : near)
                row.push_back({entry(a), 1});
            m_mip.add_row(row, 1 - static_cast<double>(b.size()), k_inf);
            ++added;
        }
        return added;
    }

    // A plan that keeps the access, made from one that does not: the barriers within reach of
    // the sinks left too far are staffed instead, then, if that is not enough, all of them.
    std::vector<RoadChoice> repaired(std::vector<RoadChoice> choice) const {
        const BarrierCheck c = check_barrier_plan(m_p, m_pieces, choice);
        std::vector<std::size_t> far;
        for (std::size_t i = 0; i < m_p.sinks.size(); ++i)
            if (c.access_m[i] > m_p.access_m + 1e-6 && m_kept[m_p.sinks[i]])
                far.push_back(m_p.sinks[i]);
        const std::vector<double> from_far =
            distances(m_p, m_adj, far, true, m_p.access_m, [](std::size_t) { return true; });
        for (std::size_t a = 0; a < m_p.arcs.size(); ++a) {
            const std::size_t s = m_p.arcs[a].tag;
            if (choice[s] == RoadChoice::barred && !m_p.segments[s].given &&
                from_far[m_p.arcs[a].to] <= m_p.access_m)
                choice[s] = RoadChoice::staffed;
        }
        if (check_barrier_plan(m_p, m_pieces, choice).keeps) return choice;
        for (std::size_t s = 0; s < choice.size(); ++s)
            if (choice[s] == RoadChoice::barred && !m_p.segments[s].given)
                choice[s] = RoadChoice::staffed;
        return choice;
    }

    const BarrierProblem& m_p;
    const ProtectedPieces& m_pieces;
    Adjacency m_adj;
    std::vector<char> m_role; // 0 free, 1 source, 2 sink
    std::vector<char> m_kept; // sinks whose access and ways in are kept (the sources reach them)
    Mip m_mip;
    std::vector<int> m_y, m_t, m_b;
    std::vector<std::size_t> m_arcs;                  // arcs in the model
    std::vector<std::vector<std::size_t>> m_seg_arcs; // arcs of each segment
    std::map<std::size_t, int> m_entry;
    double m_weight = 1;
};

} // namespace

BarrierResult solve_barrier_cut(const BarrierProblem& problem, const ProtectedPieces& pieces,
                                const std::vector<RoadChoice>& seed,
                                const BarrierSolveOptions& options, Progress& progress) {
    if (seed.size() != problem.segments.size())
        throw Error("solve_barrier_cut: the seed has " + std::to_string(seed.size()) +
                    " choices for " + std::to_string(problem.segments.size()) + " segments");
    return BarrierSearch(problem, pieces).run(seed, options, progress);
}

} // namespace cordon::planner
