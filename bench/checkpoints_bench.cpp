// Benchmark of the cheapest cordon (issue 3): Cordon's plan_checkpoints and its minimum cut on
// generated road grids and on real projects, writing the very same cut problem as an edge
// list for networkx (bench/checkpoints_networkx.py). See bench/checkpoints.md.
//
//   cordon-bench-checkpoints grid NODES EDGES_OUT
//   cordon-bench-checkpoints project PROJECT AREA MARGIN EDGES_OUT
//
// Prints one JSON line: sizes, cut value, seconds per call (calls repeated until a loop takes
// 0.1 s, median of 3 loops), peak memory.

#include <cordon/geo/error.hpp>
#include <cordon/geo/project_store.hpp>
#include <cordon/planner/checkpoint_area.hpp>
#include <cordon/planner/checkpoints.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sys/resource.h>

using namespace cordon;
using namespace cordon::planner;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Seconds per call of `f`: calls repeated until a loop has taken at least `min_loop`
// seconds (sub-millisecond calls are too noisy to time one at a time), median of `loops` loops.
template <typename F> double seconds_per_call(F&& f, double min_loop = 0.1, int loops = 3) {
    std::vector<double> t;
    for (int i = 0; i < loops; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        std::size_t calls = 0;
        double elapsed = 0;
        do {
            f();
            ++calls;
            elapsed = seconds_since(t0);
        } while (elapsed < min_loop);
        t.push_back(elapsed / static_cast<double>(calls));
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

double peak_mb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;
}

// A street grid: side × side nodes 100 m apart; every 10th line primary, every 5th secondary,
// the rest residential; one street in 8 is one-way, one in 30 is missing (a real grid has gaps).
geo::District grid(std::size_t nodes) {
    const auto side = static_cast<std::size_t>(std::lround(std::sqrt(static_cast<double>(nodes))));
    geo::District d;
    d.meta.srid = 32648;
    d.network.nodes.reserve(side * side);
    for (std::size_t y = 0; y < side; ++y)
        for (std::size_t x = 0; x < side; ++x) {
            geo::NetworkNode n;
            n.id = static_cast<geo::Id>(d.network.nodes.size() + 1);
            n.pos = {static_cast<double>(x) * 100.0, static_cast<double>(y) * 100.0};
            d.network.nodes.push_back(n);
        }
    std::mt19937 rng(42);
    std::uniform_int_distribution<int> dice(0, 239);
    auto cls = [](std::size_t line) {
        return line % 10 == 0 ? "primary" : line % 5 == 0 ? "secondary" : "residential";
    };
    d.network.edges.reserve(2 * side * side);
    auto add = [&](std::size_t a, std::size_t b, const char* c) {
        const int r = dice(rng);
        if (r < 8) return; // missing
        geo::NetworkEdge e;
        e.id = static_cast<geo::Id>(d.network.edges.size() + 1);
        e.from = static_cast<geo::Id>(a + 1);
        e.to = static_cast<geo::Id>(b + 1);
        if (r % 8 == 1) std::swap(e.from, e.to);
        e.oneway = r % 8 == 1;
        e.road_id = e.id;
        e.cls = c;
        e.length = 100;
        e.geom = {d.network.nodes[a].pos, d.network.nodes[b].pos};
        d.network.edges.push_back(std::move(e));
    };
    for (std::size_t y = 0; y < side; ++y)
        for (std::size_t x = 0; x < side; ++x) {
            if (x + 1 < side) add(y * side + x, y * side + x + 1, cls(y));
            if (y + 1 < side) add(y * side + x, (y + 1) * side + x, cls(x));
        }
    return d;
}

// The cut problem as networkx gets it: sources contracted to one node "s" (0), sinks to "t"
// (1), the free nodes that some arc touches numbered from 2 in order, parallel arcs merged
// (networkx's DiGraph holds one arc per pair), arcs into s, out of t or of capacity 0 dropped:
// the same minimum cut. Uncuttable arcs stay uncuttable (no capacity attribute in networkx,
// which means infinite). `name[v]` is the node's name in the edge list.
struct ContractedProblem {
    CutProblem problem;
    std::vector<std::string> name;
};

ContractedProblem contract(const CutProblem& p) {
    std::vector<char> role(p.node_count, 0);
    for (auto s : p.sources)
        role[s] = 1;
    for (auto t : p.sinks)
        role[t] = 2;
    std::map<std::size_t, std::size_t> free_number; // original → contracted, in original order
    for (const auto& a : p.arcs) {
        if (role[a.to] == 1 || role[a.from] == 2 || a.capacity == 0) continue;
        for (std::size_t v : {a.from, a.to})
            if (role[v] == 0) free_number.emplace(v, 0);
    }
    ContractedProblem c;
    c.name = {"s", "t"};
    for (auto& [v, number] : free_number) {
        number = c.name.size();
        c.name.push_back(std::to_string(v));
    }
    auto node = [&](std::size_t v) {
        return role[v] == 1 ? std::size_t{0} : role[v] == 2 ? std::size_t{1} : free_number.at(v);
    };
    std::map<std::pair<std::string, std::string>, CutArc> merged; // in the edge list's order
    for (const auto& a : p.arcs) {
        if (role[a.to] == 1 || role[a.from] == 2 || a.capacity == 0) continue;
        const std::size_t u = node(a.from), v = node(a.to);
        auto [it, fresh] = merged.try_emplace({c.name[u], c.name[v]}, CutArc{u, v, 0, 0});
        std::int64_t& cap = it->second.capacity;
        if (cap == uncuttable || a.capacity == uncuttable)
            cap = uncuttable;
        else
            cap += a.capacity;
    }
    c.problem.node_count = c.name.size();
    c.problem.sources = {0};
    c.problem.sinks = {1};
    for (auto& [ends, arc] : merged) {
        arc.tag = c.problem.arcs.size();
        c.problem.arcs.push_back(arc);
    }
    return c;
}

// The contracted problem as an edge list for networkx: lines "u v capacity", "inf" when
// uncuttable.
void write_edges(const ContractedProblem& c, const std::string& path) {
    std::ofstream out(path);
    for (const CutArc& a : c.problem.arcs)
        out << c.name[a.from] << ' ' << c.name[a.to] << ' '
            << (a.capacity == uncuttable ? std::string("inf") : std::to_string(a.capacity)) << '\n';
    if (!out) throw Error(path + ": cannot write");
}

nlohmann::json run(const geo::District& d, CheckpointParams params, const std::string& edges_out,
                   bool full) {
    nlohmann::json j;
    SilentProgress quiet;
    params.choke_points = full;
    params.compare_boundary = false;
    params.traffic = full;
    CheckpointPlan plan;
    j["plan_s"] = seconds_per_call([&] { plan = plan_checkpoints(d, params, quiet); });
    j["cut_value"] = plan.report["cordon"]["cut_value"];
    j["checkpoints"] = plan.report["cordon"]["checkpoints"];
    j["network_nodes"] = d.network.nodes.size();
    j["network_edges"] = d.network.edges.size();
    j["protected_nodes"] = plan.report["network"]["protected_nodes"];
    j["free_nodes"] = plan.report["network"]["free_nodes_in_margin"];
    const CutProblem p = checkpoint_cut_problem(d, params);
    const ContractedProblem c = contract(p);
    j["contracted_nodes"] = c.problem.node_count;
    j["contracted_arcs"] = c.problem.arcs.size();
    // The same graph networkx gets: minimum_cut on the contracted problem.
    CutResult bk, pr, whole_bk, whole_pr;
    j["cut_bk_s"] = seconds_per_call([&] {
        bk = minimum_cut(c.problem.node_count, c.problem.arcs, c.problem.sources, c.problem.sinks,
                         MaxFlowAlgorithm::boykov_kolmogorov);
    });
    j["cut_pr_s"] = seconds_per_call([&] {
        pr = minimum_cut(c.problem.node_count, c.problem.arcs, c.problem.sources, c.problem.sinks,
                         MaxFlowAlgorithm::push_relabel);
    });
    // What plan_checkpoints runs: the whole uncontracted problem (every network node numbered,
    // minimum_cut contracts it itself).
    j["whole_bk_s"] = seconds_per_call([&] {
        whole_bk = minimum_cut(p.node_count, p.arcs, p.sources, p.sinks,
                               MaxFlowAlgorithm::boykov_kolmogorov);
    });
    j["whole_pr_s"] = seconds_per_call([&] {
        whole_pr =
            minimum_cut(p.node_count, p.arcs, p.sources, p.sinks, MaxFlowAlgorithm::push_relabel);
    });
    const auto planned = plan.report["cordon"]["cut_value"].get<std::int64_t>();
    for (const CutResult* r : {&bk, &pr, &whole_bk, &whole_pr})
        if (r->value != planned)
            throw Error("the cut values disagree: " + std::to_string(r->value) + " against " +
                        std::to_string(planned) + " from plan_checkpoints");
    write_edges(c, edges_out);
    j["peak_mb"] = peak_mb();
    return j;
}

} // namespace

int main(int argc, char** argv) try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 3 && args[0] == "grid") {
        const auto t0 = std::chrono::steady_clock::now();
        const geo::District d = grid(std::stoul(args[1]));
        const double build = seconds_since(t0);
        const double width = d.network.nodes.back().pos.x;
        CheckpointParams p;
        const double a0 = width * 0.35, a1 = width * 0.65;
        p.area = {"centre",
                  {geo::Polygon{{geo::Ring{{a0, a0}, {a1, a0}, {a1, a1}, {a0, a1}, {a0, a0}}}}},
                  ""};
        p.margin = width * 0.1;
        nlohmann::json j = run(d, p, args[2], false);
        j["case"] = "grid " + args[1];
        j["generate_s"] = build;
        std::cout << j.dump() << std::endl;
        return 0;
    }
    if (args.size() == 5 && args[0] == "project") {
        const geo::District d = geo::read_project(args[1]);
        SilentProgress quiet;
        CheckpointParams p;
        p.area = resolve_area(d, {args[2]}, quiet);
        p.margin = std::stod(args[3]);
        nlohmann::json j = run(d, p, args[4], true);
        j["case"] = args[1] + " " + args[2];
        std::cout << j.dump() << std::endl;
        return 0;
    }
    std::cerr << "usage: cordon-bench-checkpoints grid NODES EDGES_OUT\n"
                 "       cordon-bench-checkpoints project PROJECT AREA MARGIN EDGES_OUT\n";
    return 2;
} catch (const std::exception& e) {
    std::cerr << "cordon-bench-checkpoints: " << e.what() << "\n";
    return 1;
}
