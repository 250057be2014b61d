#include <cordon/session/zone_numbers.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>

namespace cordon::session {

namespace {

/// "片区 3" -> "片区 7", "锦江 片区 3" -> "锦江 片区 7", "巡查组 3" -> "巡查组 7": a trailing
/// number after `word` replaced; other text (a planner's own name) as it is.
std::string renumbered(const std::string& text, const std::string& word, geo::Id id) {
    const auto at = text.rfind(word + " ");
    if (at == std::string::npos) return text;
    const std::string tail = text.substr(at + word.size() + 1);
    if (tail.empty() ||
        !std::all_of(tail.begin(), tail.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return text;
    return text.substr(0, at + word.size() + 1) + std::to_string(id);
}

} // namespace

nlohmann::json keep_zone_numbers(const std::vector<geo::Zone>& before_zones,
                                 const std::vector<geo::Building>& before_buildings,
                                 geo::District& after, nlohmann::json* report) {
    std::map<geo::Id, geo::Id> old_zone; // building -> old zone
    for (const auto& b : before_buildings)
        if (b.zone_id) old_zone[b.id] = *b.zone_id;
    // Households each old zone had, and each (new, old) pair shares; buildings count when an
    // old zone had no households.
    std::map<geo::Id, double> old_households, old_buildings;
    for (const auto& b : before_buildings)
        if (b.zone_id) old_households[*b.zone_id] += b.households, old_buildings[*b.zone_id] += 1;
    std::map<std::pair<geo::Id, geo::Id>, std::pair<double, double>> shared; // (new, old)
    for (const auto& b : after.buildings) {
        if (!b.zone_id) continue;
        const auto it = old_zone.find(b.id);
        if (it == old_zone.end()) continue;
        auto& s = shared[{*b.zone_id, it->second}];
        s.first += b.households;
        s.second += 1;
    }
    // Largest share first; an old zone's number goes to the new zone with more than half of it.
    std::vector<std::tuple<double, geo::Id, geo::Id>> pairs; // (fraction of old, new, old)
    for (const auto& [key, s] : shared) {
        const auto [n, o] = key;
        const double fraction = old_households[o] > 0 ? s.first / old_households[o]
                                                      : s.second / std::max(1.0, old_buildings[o]);
        if (fraction > 0.5) pairs.emplace_back(fraction, n, o);
    }
    std::sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) {
        return std::get<0>(a) != std::get<0>(b) ? std::get<0>(a) > std::get<0>(b)
                                                : std::get<1>(a) < std::get<1>(b);
    });
    std::map<geo::Id, geo::Id> new_id; // new zone's planner id -> its number
    std::set<geo::Id> taken;
    for (const auto& [fraction, n, o] : pairs)
        if (!new_id.count(n) && !taken.count(o)) new_id[n] = o, taken.insert(o);
    std::map<geo::Id, const geo::Zone*> old_by_id;
    for (const auto& z : before_zones)
        old_by_id[z.id] = &z;
    geo::Id next = 1;
    int kept = 0, fresh = 0;
    std::map<geo::Id, std::tuple<geo::Id, std::string, std::string>> renamed; // by planner id
    for (auto& z : after.zones) {
        const geo::Id planner_id = z.id;
        const auto match = new_id.find(planner_id);
        if (match != new_id.end()) {
            z.id = match->second;
            const auto old = old_by_id.find(z.id);
            if (old != old_by_id.end()) z.name = old->second->name, z.team = old->second->team;
            ++kept;
        } else {
            while (taken.count(next))
                ++next;
            z.id = next;
            taken.insert(next);
            z.name = renumbered(z.name, "片区", z.id);
            z.team = renumbered(z.team, "巡查组", z.id);
            ++fresh;
        }
        renamed[planner_id] = {z.id, z.name, z.team};
    }
    for (auto& b : after.buildings)
        if (b.zone_id) {
            const auto it = renamed.find(*b.zone_id);
            if (it != renamed.end()) b.zone_id = std::get<0>(it->second);
        }
    std::sort(after.zones.begin(), after.zones.end(),
              [](const geo::Zone& a, const geo::Zone& b) { return a.id < b.id; });
    if (report != nullptr && report->contains("per_zone") && (*report)["per_zone"].is_array()) {
        for (auto& entry : (*report)["per_zone"]) {
            if (!entry.contains("zone") || !entry["zone"].is_number_integer()) continue;
            const auto it = renamed.find(entry["zone"].get<geo::Id>());
            if (it == renamed.end()) continue;
            entry["zone"] = std::get<0>(it->second);
            entry["name"] = std::get<1>(it->second);
            entry["team"] = std::get<2>(it->second);
        }
        std::sort((*report)["per_zone"].begin(), (*report)["per_zone"].end(),
                  [](const nlohmann::json& a, const nlohmann::json& b) {
                      return a.value("zone", 0) < b.value("zone", 0);
                  });
    }
    return {{"kept", kept}, {"new", fresh}};
}

} // namespace cordon::session
