#include <cordon/geo/error.hpp>
#include <cordon/planner/routes.hpp>
#include <cordon/planner/tour.hpp>
#include <cordon/planner/walk_graph.hpp>

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/dijkstra_shortest_paths_no_color_map.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

namespace cordon::planner {

namespace {

/// An arc of a zone's part of the walk graph, pointing at the full graph's edge for its line.
struct Arc {
    double length = 0;
    const WalkGraph::EdgeData* data = nullptr;
};
using Csr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, Arc>;

/// Thrown by the search visitor once every stop it waits for is settled.
struct Settled {};

/// The part of the walk graph a zone's tour needs: every vertex within a margin of the box
/// round the zone's stops, as a compact graph (memory in proportion to the zone).
class ZoneGraph {
public:
    /// `scratch` holds -1 for every vertex of the full graph and is left so.
    ZoneGraph(const WalkGraph& full, const std::vector<std::size_t>& stops,
              std::vector<std::int32_t>& scratch)
        : full_(full) {
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
                scratch[v] = static_cast<std::int32_t>(global_.size());
                global_.push_back(v);
            }
        }
        std::vector<std::pair<std::size_t, std::size_t>> ends;
        std::vector<Arc> arcs;
        const auto& g = full.graph();
        for (std::size_t u = 0; u < global_.size(); ++u)
            for (auto [it, end] = boost::out_edges(global_[u], g); it != end; ++it) {
                const std::int32_t w = scratch[boost::target(*it, g)];
                if (w < 0) continue;
                ends.emplace_back(u, static_cast<std::size_t>(w));
                arcs.push_back({g[*it].length, &g[*it]});
            }
        graph_ =
            Csr(boost::edges_are_sorted, ends.begin(), ends.end(), arcs.begin(), global_.size());
        local_.resize(stops.size());
        for (std::size_t i = 0; i < stops.size(); ++i)
            local_[i] = static_cast<std::size_t>(scratch[stops[i]]);
        for (std::size_t v : global_)
            scratch[v] = -1;
        distance_.resize(global_.size());
        predecessor_.resize(global_.size());
        arc_.resize(global_.size());
        waiting_.assign(global_.size(), 0);
    }

    /// Distances from stop `from` to the stops in `to` (global vertices: `stops[to[k]]`),
    /// searching until all of them are settled; unreachable ones stay WalkGraph::unreachable.
    void search(std::size_t from, const std::vector<std::size_t>& to, std::vector<double>& out) {
        std::size_t remaining = 0;
        for (std::size_t k : to)
            if (!waiting_[local_[k]]) waiting_[local_[k]] = 1, ++remaining;
        run(local_[from], remaining);
        out.resize(to.size());
        for (std::size_t k = 0; k < to.size(); ++k) {
            out[k] = distance_[local_[to[k]]];
            waiting_[local_[to[k]]] = 0;
        }
    }

    /// The walk along the streets from stop `from` to stop `to` (empty if they are not joined
    /// within the zone's part).
    geo::LineString path(std::size_t from, std::size_t to) {
        const std::size_t target = local_[to], source = local_[from];
        waiting_[target] = 1;
        run(source, 1);
        waiting_[target] = 0;
        if (distance_[target] == WalkGraph::unreachable) return {};
        std::vector<std::size_t> chain{target};
        while (chain.back() != source)
            chain.push_back(predecessor_[chain.back()]);
        geo::LineString line{full_.position(global_[source])};
        for (std::size_t k = chain.size() - 1; k > 0; --k) {
            const std::size_t a = chain[k], b = chain[k - 1];
            geo::LineString piece = arc_[b]->geom; // from the lower full-graph vertex
            if (global_[a] > global_[b]) std::reverse(piece.begin(), piece.end());
            line.insert(line.end(), piece.begin() + 1, piece.end());
        }
        return line;
    }

private:
    struct Visitor : boost::default_dijkstra_visitor {
        ZoneGraph* zone;
        std::size_t* remaining;
        void examine_vertex(std::size_t u, const Csr&) const {
            if (zone->waiting_[u] && --*remaining == 0) throw Settled{};
        }
        void edge_relaxed(Csr::edge_descriptor e, const Csr& g) const {
            zone->arc_[boost::target(e, g)] = g[e].data;
        }
    };

    void run(std::size_t source, std::size_t remaining) {
        if (remaining == 0) return;
        Visitor visitor;
        visitor.zone = this;
        visitor.remaining = &remaining;
        try {
            boost::dijkstra_shortest_paths_no_color_map(
                graph_, source,
                boost::predecessor_map(predecessor_.data())
                    .distance_map(distance_.data())
                    .weight_map(boost::get(&Arc::length, graph_))
                    .distance_inf(WalkGraph::unreachable)
                    .visitor(visitor));
        } catch (const Settled&) {
        }
    }

    const WalkGraph& full_;
    std::vector<std::size_t> global_; ///< full-graph vertex of each local vertex
    std::vector<std::size_t> local_;  ///< local vertex of each stop
    Csr graph_;
    std::vector<double> distance_;
    std::vector<std::size_t> predecessor_;
    std::vector<const WalkGraph::EdgeData*> arc_; ///< the arc each vertex was reached by
    std::vector<char> waiting_;
};

/// One zone's route and its line of the report.
struct ZoneResult {
    geo::Route route;
    nlohmann::json report;
    bool has_route = false;
};

ZoneResult plan_zone(const WalkGraph& graph, const geo::Zone& zone,
                     const std::vector<std::size_t>& buildings, const RouteParams& params,
                     std::vector<std::int32_t>& scratch, const std::atomic<bool>& stop) {
    ZoneResult out;
    // The zone's stops: distinct door vertices, west to east (see below).
    std::vector<std::size_t> stops;
    std::size_t off_network = 0;
    for (std::size_t b : buildings) {
        stops.push_back(graph.places()[b].vertex);
        off_network += graph.places()[b].on_network ? 0 : 1;
    }
    std::sort(stops.begin(), stops.end());
    stops.erase(std::unique(stops.begin(), stops.end()), stops.end());
    std::stable_sort(stops.begin(), stops.end(), [&](std::size_t a, std::size_t b) {
        return graph.position(a).x < graph.position(b).x;
    });
    const std::size_t n = stops.size();

    // Distances between every two stops. From stop i only the stops after it are needed
    // (walking is symmetric); west to east, the later searches stay in the east of the zone.
    ZoneGraph part(graph, stops, scratch);
    DistanceMatrix d(n);
    std::vector<std::size_t> later;
    std::vector<double> found;
    std::size_t unreachable = 0, wide = 0;
    for (std::size_t i = 0; i + 1 < n; ++i) {
        if (stop.load(std::memory_order_relaxed)) return out;
        later.resize(n - i - 1);
        for (std::size_t j = i + 1; j < n; ++j)
            later[j - i - 1] = j;
        part.search(i, later, found);
        std::vector<double> full; // the full graph, for stops joined only outside the part
        for (std::size_t j = i + 1; j < n; ++j) {
            double x = found[j - i - 1];
            if (x == WalkGraph::unreachable && graph.piece(stops[i]) == graph.piece(stops[j])) {
                if (full.empty()) full = graph.distances({stops[i]}), ++wide;
                x = full[stops[j]];
            }
            // Stops on separate pieces of the walkable network (the zoning joins such
            // pieces) are linked by a straight line, flagged in the report.
            if (x == WalkGraph::unreachable) {
                ++unreachable;
                x = geo::distance(graph.position(stops[i]), graph.position(stops[j]));
            }
            d.set(i, j, static_cast<float>(x));
        }
    }
    // Base: the most central stop (least total walk to every other).
    std::size_t base = 0;
    double best = -1;
    for (std::size_t i = 0; i < n; ++i) {
        double sum = 0;
        const float* row = d.row(i);
        for (std::size_t j = 0; j < n; ++j)
            sum += row[j];
        if (best < 0 || sum < best) best = sum, base = i;
    }
    TourOptions options;
    options.effort = params.effort;
    options.seed = params.seed ^ (static_cast<std::uint64_t>(zone.id) * 0x9e3779b97f4a7c15ULL);
    options.first = base;
    options.stop = &stop;
    const Tour tour = solve_tour(d, options);
    if (stop.load(std::memory_order_relaxed)) return out;

    geo::Route& route = out.route;
    route.zone_id = zone.id;
    route.geom = {graph.position(stops[base])};
    for (std::size_t k = 0; k < n && n > 1; ++k) {
        const std::size_t from = tour.order[k], to = tour.order[(k + 1) % n];
        geo::LineString leg = part.path(from, to);
        if (leg.empty() && graph.piece(stops[from]) == graph.piece(stops[to]))
            leg = graph.path(stops[from], stops[to]);
        if (leg.empty()) leg = {graph.position(stops[from]), graph.position(stops[to])};
        route.geom.insert(route.geom.end(), leg.begin() + 1, leg.end());
    }
    route.length_m = geo::length(route.geom);
    route.minutes = route.length_m / (params.walking_speed_kmh * 1000.0 / 60.0);
    out.report = {{"zone", zone.name.empty() ? std::to_string(zone.id) : zone.name},
                  {"stops", n},
                  {"length_m", std::round(route.length_m)},
                  {"minutes", std::round(route.minutes)}};
    if (off_network) out.report["doors_off_network"] = off_network;
    if (unreachable)
        out.report["straight_links"] =
            "stops on separate pieces of the walkable network, linked by a straight line";
    if (wide) out.report["wide_searches"] = wide;
    // Every building of the zone behind one door: the team's base is that door and there
    // is no walk to draw (a line needs two points); the report says so.
    if (n == 1) out.report["note"] = "one door: the team is based at it, no walk";
    out.has_route = route.geom.size() >= 2;
    return out;
}

} // namespace

nlohmann::json plan_routes(geo::District& district, const RouteParams& params, Progress& progress) {
    progress.report("routing patrols", 0.0);
    std::vector<geo::Point> doors;
    for (const auto& b : district.buildings)
        doors.push_back(geo::bounds(b.geom).centre());
    const WalkGraph graph(district.network, Mode::walk, doors, params.search_radius);
    std::map<geo::Id, std::vector<std::size_t>> members;
    for (std::size_t i = 0; i < district.buildings.size(); ++i)
        if (district.buildings[i].zone_id) members[*district.buildings[i].zone_id].push_back(i);

    // Zones with doors, largest first so the threads finish together.
    std::vector<std::size_t> todo;
    for (std::size_t z = 0; z < district.zones.size(); ++z)
        if (!members[district.zones[z].id].empty()) todo.push_back(z);
    std::stable_sort(todo.begin(), todo.end(), [&](std::size_t a, std::size_t b) {
        return members[district.zones[a].id].size() > members[district.zones[b].id].size();
    });

    // Zones are independent: each thread takes the next zone until none is left. This
    // thread reports progress and passes a cancel on to the others.
    std::vector<ZoneResult> results(district.zones.size());
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::condition_variable changed;
    std::size_t done = 0;
    std::exception_ptr failure;
    auto work = [&] {
        std::vector<std::int32_t> scratch(graph.vertex_count(), -1);
        for (std::size_t k; !stop && (k = next++) < todo.size();) {
            const geo::Zone& zone = district.zones[todo[k]];
            try {
                results[todo[k]] =
                    plan_zone(graph, zone, members.at(zone.id), params, scratch, stop);
            } catch (...) {
                std::lock_guard lock(mutex);
                if (!failure) failure = std::current_exception();
                stop = true;
            }
            std::lock_guard lock(mutex);
            ++done;
            changed.notify_all();
        }
    };
    const std::size_t cores =
        params.threads ? params.threads : std::max(1U, std::thread::hardware_concurrency());
    {
        struct Pool {
            std::vector<std::thread> threads;
            std::atomic<bool>& stop;
            ~Pool() {
                stop = true; // a cancel (report throws) stops the others at their next check
                for (auto& t : threads)
                    t.join();
            }
        } pool{{}, stop};
        for (std::size_t t = 0; t < std::min(cores, todo.size()); ++t)
            pool.threads.emplace_back(work);
        std::unique_lock lock(mutex);
        while (done < todo.size() && !failure) {
            lock.unlock();
            progress.report("routing patrols", done, todo.size());
            lock.lock();
            changed.wait_for(lock, std::chrono::milliseconds(100));
        }
    }
    if (failure) std::rethrow_exception(failure);
    progress.report("routing patrols", 1.0); // a cancel now still leaves the district as it was

    district.routes.clear();
    nlohmann::json report;
    report["walking_speed_kmh"] = params.walking_speed_kmh;
    report["routes"] = nlohmann::json::array();
    for (std::size_t z = 0; z < district.zones.size(); ++z) {
        ZoneResult& r = results[z];
        if (r.report.is_null()) continue;
        district.zones[z].route_length = r.has_route ? r.route.length_m : 0;
        report["routes"].push_back(std::move(r.report));
        if (r.has_route) {
            r.route.id = static_cast<geo::Id>(district.routes.size() + 1);
            district.routes.push_back(std::move(r.route));
        }
    }
    double total = 0;
    for (const auto& r : district.routes)
        total += r.length_m;
    report["total_km"] = std::round(total / 10) / 100;
    return report;
}

} // namespace cordon::planner
