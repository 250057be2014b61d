// Benchmark of the cheapest cordon (issue 3): Cordon's plan_checkpoints and its minimum cut on
// generated road grids and on real projects, writing the very same cut problem as an edge
// list for networkx (bench/checkpoints_networkx.py). See bench/checkpoints.md.
//
//   cordon-bench-checkpoints grid NODES EDGES_OUT
//   cordon-bench-checkpoints project PROJECT AREA MARGIN EDGES_OUT
//
// Prints one JSON line: sizes, cut value, seconds (median of 3), peak memory.

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

template <typename F> double median_seconds(F&& f, int reps = 3) {
    std::vector<double> t;
    for (int i = 0; i < reps; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        t.push_back(seconds_since(t0));
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

// The cut problem with sources contracted to "s" and sinks to "t", parallel arcs merged
// (networkx's DiGraph holds one arc per pair), arcs into s or out of t dropped: the same
// minimum cut. Uncuttable arcs get no capacity attribute (infinite in networkx).
void write_edges(const CutProblem& p, const std::string& path) {
    std::vector<char> role(p.node_count, 0);
    for (auto s : p.sources)
        role[s] = 1;
    for (auto t : p.sinks)
        role[t] = 2;
    auto name = [&](std::size_t v) {
        return role[v] == 1   ? std::string("s")
               : role[v] == 2 ? std::string("t")
                              : std::to_string(v);
    };
    std::map<std::pair<std::string, std::string>, std::int64_t> merged;
    for (const auto& a : p.arcs) {
        if (role[a.to] == 1 || role[a.from] == 2 || a.capacity == 0) continue;
        auto& c = merged[{name(a.from), name(a.to)}];
        if (c == uncuttable || a.capacity == uncuttable)
            c = uncuttable;
        else
            c += a.capacity;
    }
    std::ofstream out(path);
    for (const auto& [ends, c] : merged)
        out << ends.first << ' ' << ends.second << ' '
            << (c == uncuttable ? std::string("inf") : std::to_string(c)) << '\n';
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
    j["plan_s"] = median_seconds([&] { plan = plan_checkpoints(d, params, quiet); });
    j["cut_value"] = plan.report["cordon"]["cut_value"];
    j["checkpoints"] = plan.report["cordon"]["checkpoints"];
    j["network_nodes"] = d.network.nodes.size();
    j["network_edges"] = d.network.edges.size();
    j["protected_nodes"] = plan.report["network"]["protected_nodes"];
    j["free_nodes"] = plan.report["network"]["free_nodes_in_margin"];
    const CutProblem p = checkpoint_cut_problem(d, params);
    CutResult bk, pr;
    j["cut_bk_s"] = median_seconds([&] {
        bk = minimum_cut(p.node_count, p.arcs, p.sources, p.sinks,
                         MaxFlowAlgorithm::boykov_kolmogorov);
    });
    j["cut_pr_s"] = median_seconds([&] {
        pr = minimum_cut(p.node_count, p.arcs, p.sources, p.sinks, MaxFlowAlgorithm::push_relabel);
    });
    if (bk.value != pr.value || bk.value != plan.report["cordon"]["cut_value"].get<std::int64_t>())
        throw Error("the two max-flow algorithms disagree");
    write_edges(p, edges_out);
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
                  {geo::Polygon{{geo::Ring{{a0, a0}, {a1, a0}, {a1, a1}, {a0, a1}, {a0, a0}}}}}};
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
