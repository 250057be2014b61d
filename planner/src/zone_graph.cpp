#include "zone_graph.hpp"

#include <boost/graph/dijkstra_shortest_paths_no_color_map.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

namespace cordon::planner {

namespace {

constexpr std::uint32_t none = ~0U;

/// A chain of vertices of degree 2 between junctions `a` and `b`.
struct Chain {
    std::size_t a, b;
    double length;
};

/// A compact graph's junctions (degree other than 2, or on a loop) and the chains between
/// them: the chain of each vertex inside one and how far along it the vertex lies.
struct Chains {
    std::vector<char> junction;
    std::vector<Chain> chains;
    std::vector<std::uint32_t> chain_of;
    std::vector<double> offset;
};

Chains find_chains(const Csr& graph) {
    const std::size_t nv = boost::num_vertices(graph);
    Chains c;
    c.junction.assign(nv, 0);
    c.chain_of.assign(nv, none);
    c.offset.assign(nv, 0);
    auto& junction = c.junction;
    auto& chains = c.chains;
    auto& chain_of = c.chain_of;
    auto& offset = c.offset;
    for (std::size_t v = 0; v < nv; ++v) {
        junction[v] = boost::out_degree(v, graph) != 2;
        for (auto [it, end] = boost::out_edges(v, graph); it != end; ++it)
            if (boost::target(*it, graph) == v) junction[v] = 1; // a loop
    }
    // Walks from junction a along arc e to the next junction.
    auto walk = [&](std::size_t a, Csr::edge_descriptor e) {
        std::size_t v = boost::target(e, graph);
        if (!junction[v] && chain_of[v] != none) return; // walked from its other end
        double along = graph[e].length;
        const WalkGraph::EdgeData* came = graph[e].data;
        const auto ci = static_cast<std::uint32_t>(chains.size());
        while (!junction[v]) {
            chain_of[v] = ci, offset[v] = along;
            auto [it, end] = boost::out_edges(v, graph);
            if (graph[*it].data == came) ++it; // the other arc, not the way back
            along += graph[*it].length;
            came = graph[*it].data;
            v = boost::target(*it, graph);
        }
        if (v == a && along == graph[e].length) return;                 // a loop without doors
        if (chain_of[boost::target(e, graph)] == none && v < a) return; // taken from v
        chains.push_back({a, v, along});
    };
    for (std::size_t v = 0; v < nv; ++v)
        if (junction[v])
            for (auto [it, end] = boost::out_edges(v, graph); it != end; ++it)
                walk(v, *it);
    for (std::size_t v = 0; v < nv; ++v) // rings without any junction
        if (!junction[v] && chain_of[v] == none) {
            junction[v] = 1;
            for (auto [it, end] = boost::out_edges(v, graph); it != end; ++it)
                walk(v, *it);
        }
    return c;
}

/// The junctions' graph: one edge per chain; `index` numbers the junctions in it.
struct Junctions {
    std::vector<std::uint32_t> index;
    std::size_t count = 0;
    Csr graph;
};

Junctions junction_graph(const Chains& chains) {
    const std::size_t nv = chains.junction.size();
    Junctions j;
    j.index.assign(nv, none);
    for (std::size_t v = 0; v < nv; ++v)
        if (chains.junction[v]) j.index[v] = static_cast<std::uint32_t>(j.count++);
    std::vector<std::pair<std::size_t, std::size_t>> links;
    std::vector<Arc> weights;
    for (const Chain& c : chains.chains) {
        if (c.a == c.b) continue;
        links.emplace_back(j.index[c.a], j.index[c.b]);
        links.emplace_back(j.index[c.b], j.index[c.a]);
        weights.push_back({c.length, nullptr});
        weights.push_back({c.length, nullptr});
    }
    j.graph = Csr(boost::edges_are_unsorted_multi_pass, links.begin(), links.end(), weights.begin(),
                  j.count);
    return j;
}

/// A stop's way out of its chain: to one of the ends stops lead to.
struct Way {
    std::uint32_t end; ///< index into StopWays::ends
    double length;
};

/// Each stop's ways out: to each end of its chain (or the junction it is); `ends` are the
/// junction vertices (of the junctions' graph) stops lead to.
struct StopWays {
    std::vector<std::array<Way, 2>> ways;
    std::vector<std::size_t> ends;
};

StopWays stop_ways(const std::vector<std::size_t>& stops, const Chains& chains,
                   const Junctions& junctions) {
    StopWays s;
    s.ways.resize(stops.size());
    std::vector<std::uint32_t> end_of(junctions.count, none);
    auto end_index = [&](std::size_t v) {
        const std::uint32_t j = junctions.index[v];
        if (end_of[j] == none)
            end_of[j] = static_cast<std::uint32_t>(s.ends.size()), s.ends.push_back(j);
        return end_of[j];
    };
    for (std::size_t k = 0; k < stops.size(); ++k) {
        const std::size_t v = stops[k];
        if (chains.junction[v]) {
            const std::uint32_t e = end_index(v);
            s.ways[k] = {Way{e, 0}, Way{e, 0}};
        } else {
            const Chain& c = chains.chains[chains.chain_of[v]];
            s.ways[k] = {Way{end_index(c.a), chains.offset[v]},
                         Way{end_index(c.b), c.length - chains.offset[v]}};
        }
    }
    return s;
}

} // namespace

void Search::run(std::size_t source, std::size_t waited) {
    if (waited == 0) return;
    Visitor visitor;
    visitor.search = this;
    visitor.remaining = &waited;
    try {
        boost::dijkstra_shortest_paths_no_color_map(m_g, source,
                                                    boost::predecessor_map(predecessor.data())
                                                        .distance_map(distance.data())
                                                        .weight_map(boost::get(&Arc::length, m_g))
                                                        .distance_inf(WalkGraph::unreachable)
                                                        .visitor(visitor));
    } catch (const Settled&) {
    }
}

ZoneGraph::ZoneGraph(const WalkGraph& full, const std::vector<std::size_t>& stops,
                     std::vector<std::int32_t>& scratch)
    : m_full(full) {
    geo::Box box;
    for (std::size_t s : stops)
        box.expand(full.position(s));
    // Shortest paths between a zone's doors seldom stray far beyond the zone; those that
    // do are found on the full graph (wide_searches).
    const double margin = std::max(500.0, 0.5 * std::max(box.width(), box.height()));
    for (std::size_t v = 0; v < full.vertex_count(); ++v) {
        const geo::Point p = full.position(v);
        if (p.x >= box.minx - margin && p.x <= box.maxx + margin && p.y >= box.miny - margin &&
            p.y <= box.maxy + margin) {
            scratch[v] = static_cast<std::int32_t>(m_global.size());
            m_global.push_back(v);
        }
    }
    std::vector<std::pair<std::size_t, std::size_t>> ends;
    std::vector<Arc> arcs;
    const auto& g = full.graph();
    for (std::size_t u = 0; u < m_global.size(); ++u)
        for (auto [it, end] = boost::out_edges(m_global[u], g); it != end; ++it) {
            const std::int32_t w = scratch[boost::target(*it, g)];
            if (w < 0) continue;
            ends.emplace_back(u, static_cast<std::size_t>(w));
            arcs.push_back({g[*it].length, &g[*it]});
        }
    m_graph = Csr(boost::edges_are_sorted, ends.begin(), ends.end(), arcs.begin(), m_global.size());
    m_local.resize(stops.size());
    for (std::size_t i = 0; i < stops.size(); ++i)
        m_local[i] = static_cast<std::size_t>(scratch[stops[i]]);
    for (std::size_t v : m_global)
        scratch[v] = -1;
}

void ZoneGraph::stop_distances(DistanceMatrix& out, const std::atomic<bool>& stop) const {
    const std::size_t nv = m_global.size();
    const Chains chains = find_chains(m_graph);
    const Junctions junctions = junction_graph(chains);
    const StopWays stops = stop_ways(m_local, chains, junctions);
    const auto& ends = stops.ends;

    // Distances between the ends; from each only to those after it (walking is
    // symmetric), west to east so the later searches stay in the east.
    std::vector<std::uint32_t> order(ends.size());
    std::iota(order.begin(), order.end(), 0);
    std::vector<double> x(junctions.count);
    for (std::size_t v = 0; v < nv; ++v)
        if (chains.junction[v]) x[junctions.index[v]] = m_full.position(m_global[v]).x;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return x[ends[a]] < x[ends[b]]; });
    const std::size_t m = ends.size();
    std::vector<double> between(m * m, WalkGraph::unreachable);
    Search search(junctions.graph);
    for (std::size_t i = 0; i < m; ++i) {
        if (stop.load(std::memory_order_relaxed)) return;
        std::size_t waited = 0;
        for (std::size_t j = i + 1; j < m; ++j)
            search.waiting[ends[order[j]]] = 1, ++waited;
        search.run(ends[order[i]], waited);
        const std::uint32_t a = order[i];
        between[a * m + a] = 0;
        for (std::size_t j = i + 1; j < m; ++j) {
            const std::uint32_t b = order[j];
            search.waiting[ends[b]] = 0;
            between[a * m + b] = between[b * m + a] = search.distance[ends[b]];
        }
    }

    // A stop's distance to another: the best of its ways out to the other's, or along their
    // common chain.
    const std::size_t n = m_local.size();
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) {
            double d = WalkGraph::unreachable;
            for (const Way& p : stops.ways[i])
                for (const Way& q : stops.ways[j])
                    d = std::min(d, p.length + between[p.end * m + q.end] + q.length);
            const std::size_t u = m_local[i], v = m_local[j];
            if (!chains.junction[u] && !chains.junction[v] &&
                chains.chain_of[u] == chains.chain_of[v])
                d = std::min(d, std::abs(chains.offset[u] - chains.offset[v]));
            out.set(i, j, static_cast<float>(d));
        }
}

geo::LineString ZoneGraph::path(std::size_t from, std::size_t to, Search& search) const {
    const std::size_t target = m_local[to], source = m_local[from];
    search.waiting[target] = 1;
    search.run(source, 1);
    search.waiting[target] = 0;
    if (search.distance[target] == WalkGraph::unreachable) return {};
    std::vector<std::size_t> chain{target};
    while (chain.back() != source)
        chain.push_back(search.predecessor[chain.back()]);
    geo::LineString line{m_full.position(m_global[source])};
    for (std::size_t k = chain.size() - 1; k > 0; --k) {
        const std::size_t a = chain[k], b = chain[k - 1];
        geo::LineString piece = search.arc[b]->geom; // from the lower full-graph vertex
        if (m_global[a] > m_global[b]) std::reverse(piece.begin(), piece.end());
        line.insert(line.end(), piece.begin() + 1, piece.end());
    }
    return line;
}

} // namespace cordon::planner
