#include <cordon/geo/household_tally.hpp>
#include <cordon/ledger/register_counts.hpp>

#include <set>
#include <unordered_map>

namespace cordon::ledger {

namespace {

struct BuildingSums {
    int households = 0;
    int vacant = 0;
    double members = 0;
    int members_not_given = 0; ///< occupied households whose members the register omits
};

} // namespace

nlohmann::json apply_register_counts(geo::District& d) {
    std::unordered_map<geo::Id, BuildingSums> sums;
    double stated_members = 0;
    int stated = 0, not_given = 0;
    for (const auto& h : d.households) {
        if (!h.building_id) continue;
        BuildingSums& s = sums[*h.building_id];
        ++s.households;
        if (h.vacant) {
            ++s.vacant;
        } else if (h.members) {
            s.members += static_cast<double>(*h.members);
            stated_members += static_cast<double>(*h.members);
            ++stated;
        } else {
            ++s.members_not_given;
            ++not_given;
        }
    }
    const double mean_members = stated ? stated_members / stated : 0;
    std::set<geo::Id> zones;
    for (auto& b : d.buildings) {
        const auto s = sums.find(b.id);
        const bool was_registered = b.registered;
        if (s == sums.end()) {
            if (!was_registered) continue;
            b.households = b.imported_households;
            b.residents = b.imported_residents;
            b.households_estimated = b.imported_estimated;
            b.registered = false;
            b.vacant_homes = 0;
        } else {
            if (!was_registered) { // what the import gave, to go back to
                b.imported_households = b.households;
                b.imported_residents = b.residents;
                b.imported_estimated = b.households_estimated;
            }
            const BuildingSums& n = s->second;
            // Without any members in the register, the building's own ratio stands in.
            const double per_household =
                stated ? mean_members
                       : (b.imported_households > 0 ? b.imported_residents / b.imported_households
                                                    : 0);
            b.households = n.households;
            b.residents = n.members + n.members_not_given * per_household;
            b.households_estimated = false;
            b.registered = true;
            b.vacant_homes = n.vacant;
        }
        if (b.zone_id) zones.insert(*b.zone_id);
    }
    geo::recount_zones(d, zones);
    nlohmann::json out = geo::to_json(geo::tally_households(d));
    out["members_not_given"] = not_given;
    out["zones_recounted"] = zones.size();
    return out;
}

} // namespace cordon::ledger
