#include <cordon/geo/household_tally.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>
#include <vector>

namespace cordon::geo {

void HouseholdTally::add(const Building& b) {
    households += b.households;
    residents += b.residents;
    if (b.registered) {
        ++registered_buildings;
        registered_households += b.households;
        vacant_homes += static_cast<std::size_t>(std::max(0, b.vacant_homes));
        registered_residents += b.residents;
    } else if (b.households > 0 && b.households_estimated) {
        ++estimated_buildings;
        estimated_households += b.households;
    } else if (b.households > 0) {
        ++given_buildings;
        given_households += b.households;
    }
}

HouseholdTally tally_households(const District& district) {
    HouseholdTally t;
    for (const auto& b : district.buildings)
        t.add(b);
    return t;
}

nlohmann::json to_json(const HouseholdTally& t) {
    return {{"households", std::round(t.households)},
            {"residents", std::round(t.residents)},
            {"registered",
             {{"buildings", t.registered_buildings},
              {"households", std::round(t.registered_households)},
              {"vacant", t.vacant_homes},
              {"residents", std::round(t.registered_residents)}}},
            {"estimated",
             {{"buildings", t.estimated_buildings},
              {"households", std::round(t.estimated_households)}}},
            {"given",
             {{"buildings", t.given_buildings}, {"households", std::round(t.given_households)}}}};
}

std::vector<std::string> household_categories(const District& d) {
    std::vector<std::string> list;
    if (const auto it = d.meta.parameters.find(k_household_categories);
        it != d.meta.parameters.end()) {
        const auto j = nlohmann::json::parse(it->second, nullptr, false);
        if (j.is_array())
            for (const auto& c : j)
                if (c.is_string()) list.push_back(c.get<std::string>());
    }
    return list;
}

nlohmann::json category_counts(const District& d) {
    const std::vector<std::string> list = household_categories(d);
    // Every category named, in the list's order, then the others by name.
    std::map<std::string, std::size_t> others;
    for (const auto& h : d.households)
        if (std::find(list.begin(), list.end(), h.category) == list.end()) others[h.category];
    std::vector<std::string> order = list;
    for (const auto& [c, unused] : others)
        order.push_back(c);
    std::unordered_map<std::string, std::size_t> slot;
    for (std::size_t i = 0; i < order.size(); ++i)
        slot[order[i]] = i;

    using Counts = std::vector<double>;
    Counts district(order.size(), 0);
    std::map<Id, Counts> zones;
    std::map<std::string, Counts> communities;
    std::unordered_map<Id, Id> zone_of; // building → zone
    for (const auto& b : d.buildings)
        if (b.zone_id) zone_of[b.id] = *b.zone_id;
    for (const auto& h : d.households) {
        const std::size_t i = slot.at(h.category);
        district[i] += 1;
        auto& c = communities[h.community];
        c.resize(order.size(), 0);
        c[i] += 1;
        if (!h.building_id) continue;
        if (const auto z = zone_of.find(*h.building_id); z != zone_of.end()) {
            auto& zc = zones[z->second];
            zc.resize(order.size(), 0);
            zc[i] += 1;
        }
    }
    const auto counts = [&](const Counts& n) {
        nlohmann::json out = nlohmann::json::array();
        for (std::size_t i = 0; i < order.size(); ++i)
            out.push_back({{"category", order[i]},
                           {"households", i < n.size() ? n[i] : 0.0},
                           {"listed", i < list.size()}});
        return out;
    };
    nlohmann::json out = {{"list", list},
                          {"district", nlohmann::json::array()},
                          {"zones", nlohmann::json::array()},
                          {"communities", nlohmann::json::array()}};
    if (d.households.empty()) return out;
    out["district"] = counts(district);
    for (const auto& z : d.zones)
        out["zones"].push_back(
            {{"id", z.id}, {"name", z.name}, {"categories", counts(zones[z.id])}});
    for (const auto& [name, n] : communities)
        out["communities"].push_back({{"name", name}, {"categories", counts(n)}});
    return out;
}

void recount_zones(District& d, const std::set<Id>& zones) {
    std::map<Id, std::pair<double, int>> sums;
    for (const auto& b : d.buildings)
        if (b.zone_id && zones.count(*b.zone_id) && (b.control.empty() || b.control == "patrol")) {
            sums[*b.zone_id].first += b.households;
            sums[*b.zone_id].second += 1;
        }
    for (auto& z : d.zones)
        if (zones.count(z.id)) {
            z.households = sums[z.id].first;
            z.buildings = sums[z.id].second;
        }
}

} // namespace cordon::geo
