#include <cordon/planner/routes.hpp>
#include <cordon/planner/walk_graph.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace cordon::planner {

double tour_length(const std::vector<std::vector<double>>& d,
                   const std::vector<std::size_t>& order) {
    double total = 0;
    for (std::size_t i = 0; i < order.size(); ++i)
        total += d[order[i]][order[(i + 1) % order.size()]];
    return total;
}

Tour solve_tour(const std::vector<std::vector<double>>& d) {
    const std::size_t n = d.size();
    Tour t;
    if (n == 0) return t;
    // Nearest neighbour from the base.
    std::vector<bool> seen(n, false);
    t.order.push_back(0);
    seen[0] = true;
    for (std::size_t step = 1; step < n; ++step) {
        const std::size_t from = t.order.back();
        std::size_t next = n;
        for (std::size_t j = 0; j < n; ++j)
            if (!seen[j] && (next == n || d[from][j] < d[from][next])) next = j;
        seen[next] = true;
        t.order.push_back(next);
    }
    auto at = [&](std::size_t i) { return t.order[i % n]; };
    // A move must gain more than rounding: relative to the tour's length.
    double scale = 0;
    for (const auto& row : d)
        for (double x : row)
            scale = std::max(scale, x);
    const double eps = 1e-12 * std::max(1.0, scale * static_cast<double>(n));
    std::size_t passes = 0;
    for (bool improved = n > 3; improved && passes < 100 * n; ++passes) {
        improved = false;
        // 2-opt: reverse order[i+1..j].
        for (std::size_t i = 0; i + 2 < n; ++i)
            for (std::size_t j = i + 2; j < n; ++j) {
                const double delta = d[at(i)][at(j)] + d[at(i + 1)][at(j + 1)] -
                                     d[at(i)][at(i + 1)] - d[at(j)][at(j + 1)];
                if (delta < -eps) {
                    std::reverse(t.order.begin() + static_cast<long>(i + 1),
                                 t.order.begin() + static_cast<long>(j + 1));
                    improved = true;
                }
            }
        // Or-opt: move a run of 1-3 stops (never the base) elsewhere, either way round.
        for (std::size_t len = 1; len <= 3 && !improved; ++len)
            for (std::size_t i = 1; i + len <= n && !improved; ++i) {
                const std::size_t a = at(i - 1), s = at(i), e = at(i + len - 1), b = at(i + len);
                const double removed = d[a][s] + d[e][b] - d[a][b];
                for (std::size_t j = 0; j < n && !improved; ++j) {
                    if (j + 1 >= i && j < i + len) continue; // the gap must lie outside the run
                    const std::size_t p = at(j), q = at(j + 1);
                    for (bool reversed : {false, true}) {
                        const std::size_t first = reversed ? e : s, last = reversed ? s : e;
                        const double added = d[p][first] + d[last][q] - d[p][q];
                        if (added - removed < -eps) {
                            std::vector<std::size_t> run(t.order.begin() + static_cast<long>(i),
                                                         t.order.begin() +
                                                             static_cast<long>(i + len));
                            if (reversed) std::reverse(run.begin(), run.end());
                            std::vector<std::size_t> rest;
                            for (std::size_t k = 0; k < n; ++k)
                                if (k < i || k >= i + len) rest.push_back(t.order[k]);
                            // Insert after p in `rest`.
                            const auto pos = std::find(rest.begin(), rest.end(), p) + 1;
                            rest.insert(pos, run.begin(), run.end());
                            t.order = rest;
                            improved = true;
                            break;
                        }
                    }
                }
            }
    }
    // Keep the base first.
    std::rotate(t.order.begin(), std::find(t.order.begin(), t.order.end(), 0), t.order.end());
    t.length = tour_length(d, t.order);
    return t;
}

nlohmann::json plan_routes(geo::District& district, const RouteParams& params, Progress& progress) {
    std::vector<geo::Point> doors;
    for (const auto& b : district.buildings)
        doors.push_back(geo::bounds(b.geom).centre());
    const WalkGraph graph(district.network, Mode::walk, doors, params.search_radius);
    std::map<geo::Id, std::vector<std::size_t>> members;
    for (std::size_t i = 0; i < district.buildings.size(); ++i)
        if (district.buildings[i].zone_id) members[*district.buildings[i].zone_id].push_back(i);

    district.routes.clear();
    nlohmann::json report;
    report["walking_speed_kmh"] = params.walking_speed_kmh;
    report["routes"] = nlohmann::json::array();
    std::size_t done = 0;
    for (auto& zone : district.zones) {
        progress.report("routing patrols", done++, district.zones.size());
        // The zone's stops: distinct door vertices.
        std::vector<std::size_t> stops;
        std::size_t off_network = 0;
        for (std::size_t b : members[zone.id]) {
            stops.push_back(graph.places()[b].vertex);
            off_network += graph.places()[b].on_network ? 0 : 1;
        }
        std::sort(stops.begin(), stops.end());
        stops.erase(std::unique(stops.begin(), stops.end()), stops.end());
        if (stops.empty()) continue;
        std::vector<WalkGraph::Tree> trees;
        for (std::size_t s : stops)
            trees.push_back(graph.tree(s));
        // Stops on separate pieces of the walkable network (the zoning joins such pieces)
        // are linked by a straight line, flagged in the report.
        std::vector<std::vector<double>> d(stops.size(), std::vector<double>(stops.size()));
        std::size_t unreachable = 0;
        for (std::size_t i = 0; i < stops.size(); ++i)
            for (std::size_t j = 0; j < stops.size(); ++j) {
                d[i][j] = trees[i].distance[stops[j]];
                if (d[i][j] == WalkGraph::unreachable) {
                    ++unreachable;
                    d[i][j] = geo::distance(graph.position(stops[i]), graph.position(stops[j]));
                }
            }
        // Base: the most central stop (least total walk to every other).
        std::size_t base = 0;
        double best = -1;
        for (std::size_t i = 0; i < stops.size(); ++i) {
            double sum = 0;
            for (double x : d[i])
                sum += x;
            if (best < 0 || sum < best) best = sum, base = i;
        }
        // Put the base first for the tour solver.
        std::vector<std::size_t> index(stops.size());
        for (std::size_t i = 0; i < index.size(); ++i)
            index[i] = i;
        std::swap(index[0], index[base]);
        std::vector<std::vector<double>> db(stops.size(), std::vector<double>(stops.size()));
        for (std::size_t i = 0; i < stops.size(); ++i)
            for (std::size_t j = 0; j < stops.size(); ++j)
                db[i][j] = d[index[i]][index[j]];
        const Tour tour = solve_tour(db);
        geo::Route route;
        route.id = static_cast<geo::Id>(district.routes.size() + 1);
        route.zone_id = zone.id;
        route.geom = {graph.position(stops[index[tour.order.front()]])};
        for (std::size_t k = 0; k < tour.order.size(); ++k) {
            const std::size_t from = index[tour.order[k]],
                              to = index[tour.order[(k + 1) % tour.order.size()]];
            geo::LineString leg = graph.path(trees[from], stops[to]);
            if (leg.empty()) leg = {graph.position(stops[from]), graph.position(stops[to])};
            if (leg.size() > 1) route.geom.insert(route.geom.end(), leg.begin() + 1, leg.end());
        }
        route.length_m = geo::length(route.geom);
        route.minutes = route.length_m / (params.walking_speed_kmh * 1000.0 / 60.0);
        zone.route_length = route.length_m;
        nlohmann::json rj{{"zone", zone.name.empty() ? std::to_string(zone.id) : zone.name},
                          {"stops", stops.size()},
                          {"length_m", std::round(route.length_m)},
                          {"minutes", std::round(route.minutes)}};
        if (off_network) rj["doors_off_network"] = off_network;
        if (unreachable)
            rj["straight_links"] =
                "stops on separate pieces of the walkable network, linked by a straight line";
        // Every building of the zone behind one door: the team's base is that door and there
        // is no walk to draw (a line needs two points); the report says so.
        if (stops.size() == 1) rj["note"] = "one door: the team is based at it, no walk";
        report["routes"].push_back(rj);
        if (route.geom.size() >= 2) district.routes.push_back(std::move(route));
    }
    double total = 0;
    for (const auto& r : district.routes)
        total += r.length_m;
    report["total_km"] = std::round(total / 10) / 100;
    progress.report("routing patrols", 1.0);
    return report;
}

} // namespace cordon::planner
