#include "zone_graph.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/planner/routes.hpp>
#include <cordon/planner/tour.hpp>
#include <cordon/planner/walk_graph.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <map>
#include <mutex>
#include <numeric>
#include <thread>

namespace cordon::planner {

namespace {

/// The tour search's seed for one zone: the plan's seed mixed with the zone's doors (network
/// vertices), so the same doors are walked the same way whatever the zone's number (balancing
/// zones by walking time walks them before they are numbered).
std::uint64_t doors_seed(std::uint64_t seed, const std::vector<std::size_t>& stops) {
    std::uint64_t h = seed;
    for (std::size_t s : stops) {
        h = (h ^ static_cast<std::uint64_t>(s)) + 0x9e3779b97f4a7c15ULL;
        h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
        h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
        h ^= h >> 31;
    }
    return h;
}

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
    // The zone's stops: distinct door vertices.
    std::vector<std::size_t> stops;
    std::size_t off_network = 0;
    for (std::size_t b : buildings) {
        stops.push_back(graph.places()[b].vertex);
        off_network += graph.places()[b].on_network ? 0 : 1;
    }
    std::sort(stops.begin(), stops.end());
    stops.erase(std::unique(stops.begin(), stops.end()), stops.end());
    const std::size_t n = stops.size();

    // Distances between every two stops, on the zone's part of the network; stops joined
    // only outside it are searched on the whole network.
    const ZoneGraph part(graph, stops, scratch);
    DistanceMatrix d(n);
    part.stop_distances(d, stop);
    if (stop.load(std::memory_order_relaxed)) return out;
    std::size_t unreachable = 0, wide = 0;
    for (std::size_t i = 0; i + 1 < n; ++i) {
        std::vector<double> full;
        for (std::size_t j = i + 1; j < n; ++j) {
            if (d(i, j) != WalkGraph::unreachable) continue;
            double x = WalkGraph::unreachable;
            if (graph.piece(stops[i]) == graph.piece(stops[j])) {
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
    options.seed = doors_seed(params.seed, stops);
    options.first = base;
    options.stop = &stop;
    Tour tour;
    if (params.tour_solver) {
        tour.order = params.tour_solver(d);
        std::rotate(tour.order.begin(), std::find(tour.order.begin(), tour.order.end(), base),
                    tour.order.end());
    } else {
        tour = solve_tour(d, options);
    }
    if (stop.load(std::memory_order_relaxed)) return out;

    geo::Route& route = out.route;
    route.zone_id = zone.id;
    route.geom = {graph.position(stops[base])};
    Search search(part.graph());
    for (std::size_t k = 0; k < n && n > 1; ++k) {
        const std::size_t from = tour.order[k], to = tour.order[(k + 1) % n];
        geo::LineString leg = part.path(from, to, search);
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

/// Every zone's route (zones[z] through the doors of buildings[z], indexes into the district's
/// buildings), planned in parallel: each thread takes the next zone, largest first, until none
/// is left; this thread reports progress and passes a cancel on to the others.
std::vector<ZoneResult> plan_zones(const WalkGraph& graph, const std::vector<geo::Zone>& zones,
                                   const std::vector<std::vector<std::size_t>>& buildings,
                                   const RouteParams& params, Progress& progress) {
    std::vector<std::size_t> todo;
    for (std::size_t z = 0; z < zones.size(); ++z)
        if (!buildings[z].empty()) todo.push_back(z);
    std::stable_sort(todo.begin(), todo.end(), [&](std::size_t a, std::size_t b) {
        return buildings[a].size() > buildings[b].size();
    });
    std::vector<ZoneResult> results(zones.size());
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::condition_variable changed;
    std::size_t done = 0;
    std::exception_ptr failure;
    auto work = [&] {
        std::vector<std::int32_t> scratch(graph.vertex_count(), -1);
        for (std::size_t k; !stop && (k = next++) < todo.size();) {
            try {
                results[todo[k]] =
                    plan_zone(graph, zones[todo[k]], buildings[todo[k]], params, scratch, stop);
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
    return results;
}

/// The doors of every building, as routes see them.
std::vector<geo::Point> doors_of(const geo::District& district) {
    std::vector<geo::Point> doors;
    for (const auto& b : district.buildings)
        doors.push_back(geo::bounds(b.geom).centre());
    return doors;
}

} // namespace

PatrolWalks::PatrolWalks(const geo::District& district, const RouteParams& params)
    : m_graph(std::make_unique<WalkGraph>(district.network, Mode::walk, doors_of(district),
                                          params.search_radius)),
      m_params(params) {}

PatrolWalks::~PatrolWalks() = default;

std::vector<double> PatrolWalks::lengths(const std::vector<std::vector<std::size_t>>& buildings,
                                         Progress& progress) const {
    std::vector<geo::Zone> zones(buildings.size());
    for (std::size_t z = 0; z < zones.size(); ++z)
        zones[z].id = static_cast<geo::Id>(z + 1);
    const std::vector<ZoneResult> results =
        plan_zones(*m_graph, zones, buildings, m_params, progress);
    std::vector<double> out;
    for (const ZoneResult& r : results)
        out.push_back(r.has_route ? r.route.length_m : 0);
    return out;
}

RoutePlan route_patrols(const geo::District& district, const RouteParams& params,
                        Progress& progress) {
    progress.report("routing patrols", 0.0);
    const WalkGraph graph(district.network, Mode::walk, doors_of(district), params.search_radius);
    std::map<geo::Id, std::vector<std::size_t>> members;
    for (std::size_t i = 0; i < district.buildings.size(); ++i)
        if (district.buildings[i].zone_id) members[*district.buildings[i].zone_id].push_back(i);
    std::vector<std::vector<std::size_t>> buildings;
    for (const auto& zone : district.zones)
        buildings.push_back(members[zone.id]);
    std::vector<ZoneResult> results =
        plan_zones(graph, district.zones, buildings, params, progress);
    progress.report("routing patrols", 1.0); // a cancel now still leaves the district as it was

    RoutePlan plan;
    plan.report["walking_speed_kmh"] = params.walking_speed_kmh;
    plan.report["routes"] = nlohmann::json::array();
    for (std::size_t z = 0; z < district.zones.size(); ++z) {
        ZoneResult& r = results[z];
        if (r.report.is_null()) continue;
        plan.route_length[district.zones[z].id] = r.has_route ? r.route.length_m : 0;
        plan.report["routes"].push_back(std::move(r.report));
        if (r.has_route) {
            r.route.id = static_cast<geo::Id>(plan.routes.size() + 1);
            plan.routes.push_back(std::move(r.route));
        }
    }
    double total = 0;
    for (const auto& r : plan.routes)
        total += r.length_m;
    plan.report["total_km"] = std::round(total / 10) / 100;
    return plan;
}

void apply_routes(geo::District& district, RoutePlan plan) {
    district.routes = std::move(plan.routes);
    for (auto& zone : district.zones)
        if (const auto it = plan.route_length.find(zone.id); it != plan.route_length.end())
            zone.route_length = it->second;
}

nlohmann::json plan_routes(geo::District& district, const RouteParams& params, Progress& progress) {
    RoutePlan plan = route_patrols(district, params, progress);
    nlohmann::json report = std::move(plan.report);
    apply_routes(district, std::move(plan));
    return report;
}

} // namespace cordon::planner
