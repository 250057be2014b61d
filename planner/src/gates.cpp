#include <cordon/geo/polygon_index.hpp>
#include <cordon/planner/gates.hpp>
#include <cordon/planner/walk_graph.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

namespace cordon::planner {

namespace {

/// Calls visit(subset) for every subset of {0..n-1} of size k, in lexicographic order.
template <typename F> void for_each_subset(std::size_t n, std::size_t k, F&& visit) {
    std::vector<std::size_t> s(k);
    for (std::size_t i = 0; i < k; ++i)
        s[i] = i;
    for (;;) {
        visit(s);
        std::size_t i = k;
        while (i > 0 && s[i - 1] == n - k + i - 1)
            --i;
        if (i == 0) return;
        ++s[i - 1];
        for (std::size_t j = i; j < k; ++j)
            s[j] = s[j - 1] + 1;
    }
}

std::string ids_text(const std::vector<geo::Id>& ids) {
    std::ostringstream out;
    for (std::size_t i = 0; i < ids.size() && i < 8; ++i)
        out << (i ? ", " : "") << ids[i];
    if (ids.size() > 8) out << " and " << ids.size() - 8 << " more";
    return out.str();
}

std::string gate_label(const geo::Gate& g) {
    return g.name.empty() ? "gate " + std::to_string(g.id) : g.name;
}

} // namespace

GateChoice choose_gates(const std::vector<std::vector<double>>& walk,
                        const std::vector<bool>& vehicle, const GateParams& params) {
    const std::size_t gates = walk.size();
    const std::size_t buildings = gates ? walk.front().size() : 0;
    GateChoice best;
    std::vector<bool> coverable(buildings, false);
    for (std::size_t b = 0; b < buildings; ++b) {
        for (std::size_t g = 0; g < gates; ++g)
            coverable[b] = coverable[b] || walk[g][b] <= params.max_walk;
        if (!coverable[b]) best.too_far.push_back(b);
    }
    if (gates == 0) return best;
    const bool has_vehicle = std::find(vehicle.begin(), vehicle.end(), true) != vehicle.end();
    const std::size_t min_open = params.second_exit && gates >= 2 ? 2 : 1;

    auto evaluate = [&](const std::vector<std::size_t>& open, double& total) {
        if (params.keep_vehicle_gate && has_vehicle &&
            std::none_of(open.begin(), open.end(), [&](std::size_t g) { return vehicle[g]; }))
            return false;
        total = 0;
        for (std::size_t b = 0; b < buildings; ++b) {
            double nearest = std::numeric_limits<double>::infinity();
            for (std::size_t g : open)
                nearest = std::min(nearest, walk[g][b]);
            if (coverable[b] && nearest > params.max_walk) return false;
            // Buildings beyond every gate still count their walk, so the nearest one opens.
            total += std::isfinite(nearest) ? nearest : 1e12;
        }
        return true;
    };

    if (gates <= params.exact_limit) {
        for (std::size_t k = min_open; k <= gates; ++k) {
            bool found = false;
            for_each_subset(gates, k, [&](const std::vector<std::size_t>& open) {
                double total = 0;
                if (evaluate(open, total) && (!found || total < best.total_walk - 1e-9)) {
                    found = true;
                    best.open = open;
                    best.total_walk = total;
                }
            });
            if (found) return best;
        }
        return best;
    }
    // Too many gates to enumerate: greedy set cover, then the vehicle gate.
    best.exact = false;
    std::vector<std::size_t> open;
    std::vector<bool> covered(buildings, false);
    for (std::size_t b = 0; b < buildings; ++b)
        covered[b] = !coverable[b];
    while (std::find(covered.begin(), covered.end(), false) != covered.end() ||
           open.size() < min_open) {
        std::size_t pick = gates, gain_best = 0;
        for (std::size_t g = 0; g < gates; ++g) {
            if (std::find(open.begin(), open.end(), g) != open.end()) continue;
            std::size_t gain = 0;
            for (std::size_t b = 0; b < buildings; ++b)
                gain += !covered[b] && walk[g][b] <= params.max_walk;
            if (pick == gates || gain > gain_best) pick = g, gain_best = gain;
        }
        if (pick == gates) break;
        open.push_back(pick);
        for (std::size_t b = 0; b < buildings; ++b)
            covered[b] = covered[b] || walk[pick][b] <= params.max_walk;
    }
    if (params.keep_vehicle_gate && has_vehicle &&
        std::none_of(open.begin(), open.end(), [&](std::size_t g) { return vehicle[g]; }))
        open.push_back(static_cast<std::size_t>(std::find(vehicle.begin(), vehicle.end(), true) -
                                                vehicle.begin()));
    std::sort(open.begin(), open.end());
    double total = 0;
    evaluate(open, total);
    best.open = open;
    best.total_walk = total;
    return best;
}

namespace {

/// One walking graph with every gate and every building of a closed compound attached:
/// places are the gates first, then the buildings' centres.
struct GateGraph {
    std::map<geo::Id, std::vector<std::size_t>> gates_of, buildings_of;
    std::vector<geo::Point> places;
    std::size_t first_building = 0;
};

GateGraph gate_places(const geo::District& district) {
    GateGraph g;
    for (std::size_t i = 0; i < district.gates.size(); ++i)
        if (district.gates[i].compound_id) g.gates_of[*district.gates[i].compound_id].push_back(i);
    for (std::size_t i = 0; i < district.buildings.size(); ++i)
        if (district.buildings[i].compound_id)
            g.buildings_of[*district.buildings[i].compound_id].push_back(i);
    for (const auto& gate : district.gates)
        g.places.push_back(gate.pos);
    for (const auto& b : district.buildings)
        g.places.push_back(geo::bounds(b.geom).centre());
    g.first_building = district.gates.size();
    return g;
}

/// Inner paths: does any walkable network node lie inside the compound?
bool has_inner_paths(const geo::District& district, const geo::Compound& c) {
    const geo::PolygonIndex outline({&c.geom});
    bool inner_paths = false;
    for (const auto& e : district.network.edges) {
        if (!e.walkable) continue;
        for (const geo::Point& p : {e.geom.front(), e.geom.back()})
            inner_paths = inner_paths || !outline.containing(p).empty();
        if (inner_paths) break;
    }
    return inner_paths;
}

/// The walk from each of a compound's gates to each of its buildings: along the paths when
/// it has inner paths, else in a straight line; and which gates take vehicles.
struct CompoundWalks {
    std::vector<std::vector<double>> walk;
    std::vector<bool> vehicle;
};

CompoundWalks compound_walks(const geo::District& district, const WalkGraph& graph,
                             const GateGraph& places, const std::vector<std::size_t>& gate_ids,
                             const std::vector<std::size_t>& building_ids, bool inner_paths) {
    CompoundWalks w;
    w.walk.assign(gate_ids.size(), std::vector<double>(building_ids.size()));
    for (std::size_t gi = 0; gi < gate_ids.size(); ++gi) {
        const auto& gate = district.gates[gate_ids[gi]];
        w.vehicle.push_back(gate.kind != geo::GateKind::pedestrian);
        std::vector<double> d;
        if (inner_paths) d = graph.distances({graph.places()[gate_ids[gi]].vertex});
        for (std::size_t bi = 0; bi < building_ids.size(); ++bi) {
            const std::size_t b = building_ids[bi];
            w.walk[gi][bi] =
                inner_paths ? d[graph.places()[places.first_building + b].vertex]
                            : geo::distance(gate.pos, places.places[places.first_building + b]);
        }
    }
    return w;
}

/// Each gate of a compound decided, with its reason: which buildings an open gate serves,
/// and where a closed gate's go. Adds the decisions to `plan` and counts them.
void decide_compound_gates(const geo::District& district, const GateParams& params,
                           const std::vector<std::size_t>& gate_ids,
                           const std::vector<std::size_t>& building_ids, const CompoundWalks& w,
                           const GateChoice& choice, GatePlan& plan, std::size_t& open_total,
                           std::size_t& closed_total) {
    const auto& walk = w.walk;
    const auto& vehicle = w.vehicle;
    std::vector<std::vector<geo::Id>> served(gate_ids.size());
    std::vector<double> farthest(gate_ids.size(), 0);
    for (std::size_t bi = 0; bi < building_ids.size(); ++bi) {
        std::size_t nearest = choice.open.front();
        for (std::size_t g : choice.open)
            if (walk[g][bi] < walk[nearest][bi]) nearest = g;
        served[nearest].push_back(district.buildings[building_ids[bi]].id);
        farthest[nearest] = std::max(farthest[nearest], walk[nearest][bi]);
    }
    const std::size_t first_vehicle =
        static_cast<std::size_t>(std::find_if(choice.open.begin(), choice.open.end(),
                                              [&](std::size_t g) { return vehicle[g]; }) -
                                 choice.open.begin());
    for (std::size_t gi = 0; gi < gate_ids.size(); ++gi) {
        const bool open =
            std::find(choice.open.begin(), choice.open.end(), gi) != choice.open.end();
        std::ostringstream why;
        if (open) {
            why << "open: nearest open gate for " << served[gi].size() << " buildings";
            if (!served[gi].empty())
                why << " (" << ids_text(served[gi]) << "; farthest " << std::lround(farthest[gi])
                    << " m)";
            if (vehicle[gi] && first_vehicle < choice.open.size() &&
                choice.open[first_vehicle] == gi && params.keep_vehicle_gate)
                why << "; the compound's vehicle gate";
        } else {
            // The open gate that takes over most of the buildings nearest to this one.
            std::size_t other = choice.open.front();
            double reach = 0;
            for (std::size_t bi = 0; bi < building_ids.size(); ++bi) {
                std::size_t nearest = choice.open.front();
                for (std::size_t g : choice.open)
                    if (walk[g][bi] < walk[nearest][bi]) nearest = g;
                reach = std::max(reach, walk[nearest][bi]);
            }
            for (std::size_t g : choice.open)
                if (served[g].size() > served[other].size()) other = g;
            why << "closed: every building is within " << std::lround(reach)
                << " m of an open gate (limit " << std::lround(params.max_walk) << " m), e.g. "
                << gate_label(district.gates[gate_ids[other]]);
        }
        plan.gates.push_back({district.gates[gate_ids[gi]].id,
                              open ? geo::GateState::open : geo::GateState::closed,
                              open ? params.crew_closed : 0, why.str()});
        (open ? open_total : closed_total) += 1;
    }
}

} // namespace

GatePlan plan_gates(const geo::District& district, const GateParams& params, Progress& progress) {
    GatePlan plan;
    GateGraph places = gate_places(district);
    const WalkGraph graph(district.network, Mode::walk, places.places, params.search_radius);

    nlohmann::json report;
    report["parameters"] = {{"max_walk_m", params.max_walk},
                            {"keep_vehicle_gate", params.keep_vehicle_gate},
                            {"second_exit", params.second_exit}};
    std::size_t open_total = 0, closed_total = 0, compounds_done = 0;
    report["compounds"] = nlohmann::json::array();
    for (const auto& c : district.compounds) {
        progress.report("reducing gates", compounds_done++, district.compounds.size());
        if (c.mode != geo::CompoundMode::closed && c.mode != geo::CompoundMode::guarded) continue;
        const auto& gate_ids = places.gates_of[c.id];
        const auto& building_ids = places.buildings_of[c.id];
        nlohmann::json cj{{"id", c.id},
                          {"name", c.name},
                          {"mode", geo::to_string(c.mode)},
                          {"gates", gate_ids.size()},
                          {"buildings", building_ids.size()}};
        if (gate_ids.empty()) {
            cj["problem"] = "needs at least one gate: the compound has no gate in the data";
            report["compounds"].push_back(cj);
            continue;
        }
        if (c.mode == geo::CompoundMode::guarded) {
            for (std::size_t g : gate_ids)
                plan.gates.push_back(
                    {district.gates[g].id, geo::GateState::open, params.crew_guarded,
                     "open: guarded courtyard, every gate staffed around the clock"});
            open_total += gate_ids.size();
            cj["open"] = gate_ids.size();
            report["compounds"].push_back(cj);
            continue;
        }
        const bool inner_paths = has_inner_paths(district, c);
        const CompoundWalks walks =
            compound_walks(district, graph, places, gate_ids, building_ids, inner_paths);
        if (!inner_paths)
            cj["straight_line"] = "no walkable paths inside the compound: straight-line distances";
        const GateChoice choice = choose_gates(walks.walk, walks.vehicle, params);
        if (!choice.exact)
            cj["greedy"] =
                "more than " + std::to_string(params.exact_limit) + " gates: greedy choice";
        decide_compound_gates(district, params, gate_ids, building_ids, walks, choice, plan,
                              open_total, closed_total);
        cj["open"] = choice.open.size();
        cj["total_walk_m"] = std::round(choice.total_walk);
        if (!choice.too_far.empty()) {
            std::vector<geo::Id> ids;
            for (std::size_t bi : choice.too_far)
                ids.push_back(district.buildings[building_ids[bi]].id);
            cj["too_far"] = "buildings " + ids_text(ids) + " are farther than " +
                            std::to_string(std::lround(params.max_walk)) + " m from every gate";
        }
        report["compounds"].push_back(cj);
    }
    report["gates_open"] = open_total;
    report["gates_closed"] = closed_total;
    progress.report("reducing gates", 1.0);
    plan.report = std::move(report);
    return plan;
}

void apply_gates(geo::District& district, const GatePlan& plan) {
    std::map<geo::Id, const GateDecision*> decided;
    for (const GateDecision& g : plan.gates)
        decided[g.id] = &g;
    for (geo::Gate& gate : district.gates)
        if (const auto it = decided.find(gate.id); it != decided.end()) {
            gate.state = it->second->state;
            gate.crew = it->second->crew;
            gate.reason = it->second->reason;
        }
}

} // namespace cordon::planner
