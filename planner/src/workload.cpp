#include <cordon/geo/error.hpp>
#include <cordon/planner/workload.hpp>

#include <cmath>
#include <sstream>
#include <unordered_map>

namespace cordon::planner {

std::vector<ZoneWorkload> zone_workloads(const geo::District& d, double shift_hours, int rounds) {
    if (!(shift_hours >= 1 && shift_hours <= 24) || rounds < 1 || rounds > 24) {
        std::ostringstream text;
        text << "patrol workload: shift of " << shift_hours << " h and " << rounds
             << " rounds a day: the shift must be 1 to 24 h, the rounds 1 to 24";
        throw InputError(text.str());
    }
    std::unordered_map<geo::Id, const geo::Route*> routes;
    for (const auto& r : d.routes)
        routes[r.zone_id] = &r;
    const double shift = shift_hours * 60;
    std::vector<ZoneWorkload> out;
    out.reserve(d.zones.size());
    for (const auto& z : d.zones) {
        ZoneWorkload w;
        w.zone_id = z.id;
        w.name = z.name;
        const auto found = routes.find(z.id);
        if (found != routes.end() && std::isfinite(found->second->minutes) &&
            found->second->minutes > 0) {
            w.routed = true;
            w.route_minutes = found->second->minutes;
            w.minutes_per_day = rounds * w.route_minutes;
            const double per_shift = std::floor(shift / w.route_minutes);
            const double teams = per_shift >= 1 ? std::ceil(rounds / per_shift)
                                                : std::ceil(w.minutes_per_day / shift);
            w.teams = static_cast<int>(std::min(teams, 1e6));
            w.fits = w.teams <= 1;
        } else if (found != routes.end()) {
            w.routed = true; // a route of no length: nothing to walk
        }
        out.push_back(std::move(w));
    }
    return out;
}

nlohmann::json workload_report(const geo::District& d, double shift_hours, int rounds) {
    nlohmann::json zones = nlohmann::json::array(), over = nlohmann::json::array();
    for (const ZoneWorkload& w : zone_workloads(d, shift_hours, rounds)) {
        nlohmann::json z = {{"id", w.zone_id},          {"name", w.name},
                            {"route_minutes", nullptr}, {"minutes_per_day", nullptr},
                            {"teams", w.teams},         {"fits", w.fits}};
        if (w.routed) {
            z["route_minutes"] = std::round(w.route_minutes * 10) / 10;
            z["minutes_per_day"] = std::round(w.minutes_per_day * 10) / 10;
        }
        if (!w.fits) over.push_back(z);
        zones.push_back(std::move(z));
    }
    return {{"shift_hours", shift_hours},
            {"rounds_per_day", rounds},
            {"zones", zones},
            {"over_shift", over}};
}

} // namespace cordon::planner
