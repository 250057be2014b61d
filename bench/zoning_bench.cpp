// cordon-zoning-bench: Cordon's patrol zoning against METIS (gpmetis) and plain k-means on
// the same buildings and the same adjacency graph (network Voronoi neighbours of the doors),
// all measured by the same functions (planner/zoning_problem.hpp). One method per run, so
// the peak memory (getrusage) is the method's own. Prints one JSON line.
//
//   cordon-zoning-bench (--project FILE | --generate N) --method cordon|cordon-grown|kmeans|metis
//       --zones K
//       [--seed S] [--workdir DIR] [--ground]
//
// cordon-grown: Cordon's zoning without the power-cell start (zones grown on the streets, as
// before), for the comparison.
// --ground: also checks the outlines on the ground (ground_check: parts, overlaps, distance
// to the zone's own buildings and streets).
//
// --generate N: a street grid (100 m blocks, 2 × 2 buildings per block, jittered) with N
// buildings of 1–60 households, no communities.

#include <cordon/geo/polygon_index.hpp>
#include <cordon/geo/polygon_ops.hpp>
#include <cordon/geo/project_store.hpp>
#include <cordon/planner/road_network.hpp>
#include <cordon/planner/zoning.hpp>
#include <cordon/planner/zoning_problem.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <sys/resource.h>

using namespace cordon;
using Clock = std::chrono::steady_clock;

namespace {
/// CPU seconds of the whole process (all its threads).
double cpu_now() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}
} // namespace

namespace {

geo::District generate(std::size_t n, std::uint64_t seed, std::vector<geo::Id>& ids) {
    geo::District d;
    const int side = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n) / 4)));
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> jitter(-6, 6);
    std::uniform_int_distribution<int> hh(1, 60);
    const double s = 100;
    for (int i = 0; i <= side; ++i) {
        geo::Road v, h;
        v.id = static_cast<geo::Id>(d.roads.size() + 1);
        v.cls = "residential";
        v.geom = {{i * s, 0}, {i * s, side * s}};
        d.roads.push_back(v);
        h.id = static_cast<geo::Id>(d.roads.size() + 1);
        h.cls = "residential";
        h.geom = {{0, i * s}, {side * s, i * s}};
        d.roads.push_back(h);
    }
    for (int i = 0; i < side && d.buildings.size() < n; ++i)
        for (int j = 0; j < side && d.buildings.size() < n; ++j)
            for (double fx : {0.27, 0.73})
                for (double fy : {0.27, 0.73}) {
                    if (d.buildings.size() >= n) break;
                    geo::Building b;
                    b.id = static_cast<geo::Id>(d.buildings.size() + 1);
                    const geo::Point c{(i + fx) * s + jitter(rng), (j + fy) * s + jitter(rng)};
                    b.geom = {geo::Polygon{{{{c.x - 8, c.y - 6},
                                             {c.x + 8, c.y - 6},
                                             {c.x + 8, c.y + 6},
                                             {c.x - 8, c.y + 6},
                                             {c.x - 8, c.y - 6}}}}};
                    b.households = hh(rng);
                    d.buildings.push_back(b);
                    ids.push_back(b.id);
                }
    SilentProgress progress;
    d.network = planner::build_network(d.roads, {}, progress).network;
    return d;
}

std::vector<int> kmeans(const planner::ZoningProblem& p, int k, std::uint64_t seed) {
    const std::size_t n = p.units();
    std::mt19937_64 rng(seed);
    std::vector<geo::Point> c;
    std::vector<double> d(n, 1e300);
    c.push_back(p.position[rng() % n]);
    for (int i = 1; i < k; ++i) { // k-means++
        double total = 0;
        for (std::size_t u = 0; u < n; ++u) {
            const double dx = p.position[u].x - c.back().x, dy = p.position[u].y - c.back().y;
            d[u] = std::min(d[u], dx * dx + dy * dy);
            total += d[u];
        }
        double r = std::uniform_real_distribution<double>(0, total)(rng);
        std::size_t pick = 0;
        for (; pick + 1 < n && (r -= d[pick]) > 0; ++pick) {
        }
        c.push_back(p.position[pick]);
    }
    std::vector<int> label(n, 0);
    // Lloyd iterations on a grid of centres (nearest centre by a grid search would be faster;
    // plain loops keep the baseline plain).
    for (int it = 0; it < 20; ++it) {
        for (std::size_t u = 0; u < n; ++u) {
            double best = 1e300;
            for (int z = 0; z < k; ++z) {
                const double dx = p.position[u].x - c[static_cast<std::size_t>(z)].x,
                             dy = p.position[u].y - c[static_cast<std::size_t>(z)].y;
                if (dx * dx + dy * dy < best) best = dx * dx + dy * dy, label[u] = z;
            }
        }
        std::vector<double> sx(static_cast<std::size_t>(k), 0), sy(static_cast<std::size_t>(k), 0),
            sw(static_cast<std::size_t>(k), 0);
        for (std::size_t u = 0; u < n; ++u) {
            const auto z = static_cast<std::size_t>(label[u]);
            const double w = p.weight[u] + 1e-6;
            sx[z] += w * p.position[u].x, sy[z] += w * p.position[u].y, sw[z] += w;
        }
        for (std::size_t z = 0; z < c.size(); ++z)
            if (sw[z] > 0) c[z] = {sx[z] / sw[z], sy[z] / sw[z]};
    }
    return label;
}

std::vector<int> metis(const planner::ZoningProblem& p, int k, const std::string& dir,
                       double& seconds) {
    const std::string graph = dir + "/zoning.graph";
    {
        std::ofstream out(graph);
        std::size_t edges = 0;
        for (const auto& nb : p.neighbours)
            edges += nb.size();
        out << p.units() << " " << edges / 2 << " 010\n";
        for (std::size_t u = 0; u < p.units(); ++u) {
            out << static_cast<long long>(std::llround(p.weight[u]));
            for (const auto& l : p.neighbours[u])
                out << " " << l.unit + 1;
            out << "\n";
        }
    }
    const std::string cmd = "gpmetis -contig -ufactor=50 " + graph + " " + std::to_string(k) +
                            " > " + dir + "/gpmetis.log 2>&1";
    const auto t0 = Clock::now();
    const int rc = std::system(cmd.c_str());
    seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    if (rc != 0) { // -contig is refused on disconnected graphs: run without it
        const std::string plain = "gpmetis -ufactor=50 " + graph + " " + std::to_string(k) +
                                  " >> " + dir + "/gpmetis.log 2>&1";
        const auto t1 = Clock::now();
        if (std::system(plain.c_str()) != 0)
            throw std::runtime_error("gpmetis failed: see " + dir + "/gpmetis.log");
        seconds = std::chrono::duration<double>(Clock::now() - t1).count();
    }
    std::ifstream in(graph + ".part." + std::to_string(k));
    std::vector<int> label(p.units());
    for (auto& l : label)
        in >> l;
    return label;
}

/// Zones on real ground, checked independently of how the outlines are drawn: outline parts,
/// the largest overlap of two zones, and the largest distance from an outline (points every
/// 5 m along every ring) to the zone's own ground: its buildings' footprints, their links to
/// their doors (centroid to the point where it is attached; off the network, to the nearest
/// vertex of the walkable graph, as the walk graph joins it), the straight joins between
/// pieces of the network that link two of its units, and the streets inside its outline
/// (roads in pieces of at most 5 m, a piece the zone's when its middle is inside).
/// Distances are searched up to `cell` metres (a grid of that cell size); farther reads `cell`.
nlohmann::json ground_check(const geo::District& d, const planner::ZoningProblem& p,
                            const std::vector<int>& label, int k,
                            const std::vector<geo::MultiPolygon>& outlines) {
    constexpr double cell = 100, step = 5;
    struct Seg {
        geo::Point a, b;
        int zone;
    };
    std::map<std::pair<long, long>, std::vector<Seg>> grid;
    auto key = [&](geo::Point q) {
        return std::pair{static_cast<long>(std::floor(q.x / cell)),
                         static_cast<long>(std::floor(q.y / cell))};
    };
    auto add = [&](geo::Point a, geo::Point b, int z) {
        const double len = geo::distance(a, b);
        const int n = std::max(1, static_cast<int>(std::ceil(len / step)));
        for (int j = 0; j < n; ++j) {
            const geo::Point s = geo::interpolate(a, b, static_cast<double>(j) / n),
                             e = geo::interpolate(a, b, static_cast<double>(j + 1) / n);
            grid[key(s)].push_back({s, e, z});
        }
    };
    for (std::size_t i = 0; i < p.building_ids.size(); ++i) {
        const int z = label[p.unit_of[i]];
        const auto& g = d.buildings[p.building_index[i]].geom;
        for (const auto& poly : g)
            for (const auto& ring : poly.rings)
                for (std::size_t j = 0; j + 1 < ring.size(); ++j)
                    add(ring[j], ring[j + 1], z);
        add(p.centroid[i], p.door[i], z);
        // Off the network: joined by a straight line to the nearest vertex of the walkable
        // graph (a node, a building's door, or an earlier building off the network).
        if (!p.on_network[i]) {
            geo::Point best = p.centroid[i];
            double best_d = 1e300;
            auto consider = [&](geo::Point v) {
                const double dv = geo::distance(v, p.centroid[i]);
                if (dv > 0 && dv < best_d) best_d = dv, best = v;
            };
            for (const auto& e : d.network.edges)
                if (e.walkable) consider(e.geom.front()), consider(e.geom.back());
            for (std::size_t j = 0; j < p.building_ids.size(); ++j)
                if (p.on_network[j] || j < i) consider(p.door[j]);
            add(p.centroid[i], best, z);
        }
    }
    std::vector<const geo::MultiPolygon*> zone_polys;
    for (const auto& o : outlines)
        zone_polys.push_back(&o);
    const geo::PolygonIndex index(zone_polys);
    for (const auto& r : d.roads)
        for (std::size_t j = 0; j + 1 < r.geom.size(); ++j) {
            const double len = geo::distance(r.geom[j], r.geom[j + 1]);
            const int n = std::max(1, static_cast<int>(std::ceil(len / step)));
            for (int m = 0; m < n; ++m) {
                const geo::Point s = geo::interpolate(r.geom[j], r.geom[j + 1],
                                                      static_cast<double>(m) / n),
                                 e = geo::interpolate(r.geom[j], r.geom[j + 1],
                                                      static_cast<double>(m + 1) / n);
                for (std::size_t z : index.containing(geo::interpolate(s, e, 0.5)))
                    grid[key(s)].push_back({s, e, static_cast<int>(z)});
            }
        }
    // The straight joins between pieces of the walkable network (join_small_pieces), which
    // the zoning walks like streets.
    for (std::uint32_t u = 0; u < p.units(); ++u)
        for (const auto& l : p.neighbours[u])
            if (l.join && l.unit > u && label[u] == label[l.unit])
                add(p.position[u], p.position[l.unit], label[u]);
    int one_polygon = 0;
    double worst = 0, worst_overlap = 0;
    for (int z = 0; z < k; ++z) {
        const auto& o = outlines[static_cast<std::size_t>(z)];
        one_polygon += o.size() == 1;
        for (int w = z + 1; w < k; ++w)
            if (geo::bounds(o).intersects(geo::bounds(outlines[static_cast<std::size_t>(w)])))
                worst_overlap = std::max(
                    worst_overlap,
                    geo::area(geo::intersection(o, outlines[static_cast<std::size_t>(w)])));
        for (const auto& poly : o)
            for (const auto& ring : poly.rings)
                for (std::size_t j = 0; j + 1 < ring.size(); ++j) {
                    const double len = geo::distance(ring[j], ring[j + 1]);
                    const int n = std::max(1, static_cast<int>(std::ceil(len / step)));
                    for (int m = 0; m < n; ++m) {
                        const geo::Point q =
                            geo::interpolate(ring[j], ring[j + 1], static_cast<double>(m) / n);
                        double dq = cell;
                        const auto [cx, cy] = key(q);
                        for (long x = cx - 1; x <= cx + 1; ++x)
                            for (long y = cy - 1; y <= cy + 1; ++y) {
                                auto it = grid.find({x, y});
                                if (it == grid.end()) continue;
                                for (const Seg& sg : it->second)
                                    if (sg.zone == z)
                                        dq = std::min(dq, geo::segment_distance(q, sg.a, sg.b));
                            }
                        worst = std::max(worst, dq);
                    }
                }
    }
    return {{"share_one_polygon", static_cast<double>(one_polygon) / k},
            {"largest_overlap_m2", worst_overlap},
            {"largest_distance_to_own_ground_m", worst}};
}

} // namespace

int main(int argc, char** argv) {
    std::string project, method = "cordon", dir = "/tmp";
    std::size_t generate_n = 0;
    int k = 8;
    std::uint64_t seed = 1;
    bool ground = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--project")
            project = next();
        else if (a == "--generate")
            generate_n = std::stoull(next());
        else if (a == "--method")
            method = next();
        else if (a == "--zones")
            k = std::stoi(next());
        else if (a == "--seed")
            seed = std::stoull(next());
        else if (a == "--workdir")
            dir = next();
        else if (a == "--ground")
            ground = true;
    }
    try {
        std::vector<geo::Id> ids;
        geo::District d;
        if (!project.empty()) {
            d = geo::read_project(project);
            std::vector<const geo::MultiPolygon*> compounds;
            for (const auto& c : d.compounds)
                compounds.push_back(&c.geom);
            const geo::PolygonIndex index(compounds);
            for (const auto& b : d.buildings)
                if (b.households > 0 && !b.geom.empty() &&
                    index.containing(geo::bounds(b.geom).centre()).empty())
                    ids.push_back(b.id);
        } else {
            d = generate(generate_n, seed, ids);
        }
        SilentProgress progress;
        nlohmann::json out = {{"method", method}, {"buildings", ids.size()}, {"zones", k}};
        std::vector<int> label;
        double seconds = 0;
        planner::ZoningProblem p;
        if (method == "cordon" || method == "cordon-grown") {
            planner::ZoningParams params;
            params.power_cells = method == "cordon";
            params.zones = k;
            params.seed = seed;
            const auto t0 = Clock::now();
            const double c0 = cpu_now();
            const auto r = planner::zone_patrols(d, ids, params, progress);
            seconds = std::chrono::duration<double>(Clock::now() - t0).count();
            out["cpu_seconds"] = cpu_now() - c0;
            p = planner::build_zoning_problem(d, ids, params.search_radius, progress);
            planner::join_small_pieces(p, p.total_weight / k / 2);
            std::map<geo::Id, geo::Id> zone_of(r.assignment.begin(), r.assignment.end());
            label.resize(p.units());
            for (std::size_t i = 0; i < p.building_ids.size(); ++i)
                label[p.unit_of[i]] = static_cast<int>(zone_of[p.building_ids[i]] - 1);
        } else {
            p = planner::build_zoning_problem(d, ids, 250, progress);
            planner::join_small_pieces(p, p.total_weight / k / 2);
            const auto t0 = Clock::now();
            if (method == "kmeans")
                label = kmeans(p, k, seed);
            else
                label = metis(p, k, dir, seconds);
            if (method == "kmeans")
                seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        }
        const auto outlines = planner::zone_outlines(d, p, label, k);
        const auto q = planner::evaluate_zoning(p, label, k, &outlines);
        rusage self{}, children{};
        getrusage(RUSAGE_SELF, &self);
        getrusage(RUSAGE_CHILDREN, &children);
        out["units"] = p.units();
        std::uint64_t hash = 1469598103934665603ULL; // FNV-1a of the labels: same zones, same hash
        for (int l : label)
            hash = (hash ^ static_cast<std::uint64_t>(l)) * 1099511628211ULL;
        out["labels_hash"] = hash;
        out["largest_deviation"] = q.largest_deviation;
        out["floor"] = q.floor;
        out["share_contiguous"] = q.share_contiguous;
        out["mean_polsby_popper"] = q.mean_polsby_popper;
        out["mean_hull_ratio"] = q.mean_hull_ratio;
        out["mean_building_hull_polsby_popper"] = q.mean_building_hull_pp;
        out["building_hull_polsby_popper"] = q.building_hull_pp;
        out["households"] = q.households;
        if (ground) out["ground"] = ground_check(d, p, label, k, outlines);
        int one_polygon = 0;
        for (int parts : q.outline_parts)
            one_polygon += parts == 1;
        out["share_one_polygon"] = static_cast<double>(one_polygon) / k;
        out["seconds"] = seconds;
        out["peak_mib"] = (method == "metis" ? children.ru_maxrss : self.ru_maxrss) / 1024.0;
        std::cout << out.dump() << std::endl;
    } catch (const std::exception& e) {
        std::cerr << "cordon-zoning-bench: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
