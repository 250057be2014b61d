#include <cordon/geo/error.hpp>
#include <cordon/planner/zoning_problem.hpp>
#include <cordon/session/refresh.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace cordon::session {

std::set<geo::Id> zones_touched_by_move(const geo::District& district,
                                        const std::vector<geo::Id>& buildings,
                                        std::optional<geo::Id> to) {
    std::set<geo::Id> touched;
    const std::set<geo::Id> moved(buildings.begin(), buildings.end());
    for (const auto& b : district.buildings)
        if (b.zone_id && moved.count(b.id) && b.zone_id != to) touched.insert(*b.zone_id);
    if (to && !touched.empty()) touched.insert(*to);
    return touched;
}

namespace {

bool same_outline(const geo::MultiPolygon& a, const geo::MultiPolygon& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].rings.size() != b[i].rings.size()) return false;
        for (std::size_t r = 0; r < a[i].rings.size(); ++r)
            if (a[i].rings[r] != b[i].rings[r]) return false;
    }
    return true;
}

} // namespace

std::vector<geo::Id> refresh_zone_outlines(geo::District& district,
                                           const planner::ZoningParams& params,
                                           Progress& progress) {
    if (district.zones.empty())
        throw InputError("refresh outlines: the project has no patrol zones yet");
    std::map<geo::Id, int> index_of;
    for (std::size_t i = 0; i < district.zones.size(); ++i)
        index_of[district.zones[i].id] = static_cast<int>(i);
    // The problem zone_patrols solved: the patrol buildings, in the district's order (those a
    // hand edit took out of every zone are left out).
    std::vector<geo::Id> scattered;
    std::map<geo::Id, int> zone_of_building;
    for (const auto& b : district.buildings)
        if (b.control == "patrol" && b.zone_id && index_of.count(*b.zone_id)) {
            scattered.push_back(b.id);
            zone_of_building[b.id] = index_of[*b.zone_id];
        }
    if (scattered.empty()) throw InputError("refresh outlines: no patrol building is in a zone");
    progress.report("refreshing outlines", 0.05);
    const planner::ZoningProblem p =
        planner::build_zoning_problem(district, scattered, params.search_radius, progress);
    const int k = static_cast<int>(district.zones.size());
    std::vector<int> zone_of_unit(p.units(), 0);
    for (std::size_t u = 0; u < p.units(); ++u) {
        std::map<int, int> votes;
        for (std::uint32_t i : p.buildings_of[u])
            ++votes[zone_of_building[p.building_ids[i]]];
        zone_of_unit[u] = std::max_element(votes.begin(), votes.end(), [](auto& a, auto& b) {
                              return a.second < b.second;
                          })->first;
    }
    progress.report("refreshing outlines", 0.6);
    const auto outlines = planner::zone_outlines(district, p, zone_of_unit, k);
    const planner::ZoningQuality q = planner::evaluate_zoning(p, zone_of_unit, k, &outlines);
    std::vector<geo::Id> changed;
    for (std::size_t i = 0; i < district.zones.size(); ++i) {
        geo::Zone& z = district.zones[i];
        if (same_outline(z.geom, outlines[i])) continue;
        changed.push_back(z.id);
        z.geom = outlines[i];
        z.area_m2 = geo::area(z.geom);
        if (i < q.polsby_popper.size()) z.polsby_popper = q.polsby_popper[i];
        if (i < q.hull_ratio.size()) z.hull_ratio = q.hull_ratio[i];
    }
    progress.report("refreshing outlines", 1.0);
    return changed;
}

nlohmann::json refresh_zone_routes(geo::District& district, const std::set<geo::Id>& zones,
                                   const planner::RouteParams& params, Progress& progress) {
    geo::District part = district; // plan_routes replaces every route: plan only these zones
    part.zones.erase(std::remove_if(part.zones.begin(), part.zones.end(),
                                    [&](const geo::Zone& z) { return !zones.count(z.id); }),
                     part.zones.end());
    const nlohmann::json report = planner::plan_routes(part, params, progress);
    district.routes.erase(
        std::remove_if(district.routes.begin(), district.routes.end(),
                       [&](const geo::Route& r) { return zones.count(r.zone_id); }),
        district.routes.end());
    geo::Id next = 0;
    for (const auto& r : district.routes)
        next = std::max(next, r.id);
    for (auto& r : part.routes) {
        r.id = ++next;
        district.routes.push_back(std::move(r));
    }
    std::sort(district.routes.begin(), district.routes.end(),
              [](const geo::Route& a, const geo::Route& b) { return a.zone_id < b.zone_id; });
    for (auto& z : district.zones)
        if (zones.count(z.id)) {
            z.route_length = 0;
            for (const auto& pz : part.zones)
                if (pz.id == z.id) z.route_length = pz.route_length;
        }
    return report;
}

} // namespace cordon::session
