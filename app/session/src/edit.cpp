#include <cordon/geo/error.hpp>
#include <cordon/session/edit.hpp>
#include <cordon/session/project.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace cordon::session {

namespace {

constexpr const char* k_closed_roads = "closed_roads";

template <class T> T& find_feature(std::vector<T>& features, geo::Id id, const char* what) {
    auto it =
        std::find_if(features.begin(), features.end(), [&](const T& f) { return f.id == id; });
    if (it == features.end())
        throw InputError(std::string(what) + " " + std::to_string(id) + ": no such feature");
    return *it;
}

std::string control_for(geo::CompoundMode mode) {
    switch (mode) {
    case geo::CompoundMode::closed:
        return "closed";
    case geo::CompoundMode::guarded:
        return "guarded";
    case geo::CompoundMode::patrol:
        return "patrol";
    case geo::CompoundMode::unknown:
        break;
    }
    return "unknown";
}

nlohmann::json closed_road_table(const geo::District& d) {
    const auto it = d.meta.parameters.find(k_closed_roads);
    if (it == d.meta.parameters.end() || it->second.empty()) return nlohmann::json::object();
    nlohmann::json j = nlohmann::json::parse(it->second, nullptr, false);
    return j.is_object() ? j : nlohmann::json::object();
}

void set_road_flags(geo::District& d, geo::Id road, bool walkable, bool drivable) {
    geo::Road& r = find_feature(d.roads, road, "road");
    r.walkable = walkable;
    r.drivable = drivable;
    for (auto& e : d.network.edges)
        if (e.road_id == road) {
            e.walkable = walkable;
            e.drivable = drivable;
        }
}

/// Households and buildings of the zones from the buildings that are in them.
void recount_zones(geo::District& d, const std::set<geo::Id>& zones) {
    std::map<geo::Id, std::pair<double, int>> sums;
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

struct Applier {
    geo::District& d;

    Edit operator()(const SetGateState& e) const {
        geo::Gate& g = find_feature(d.gates, e.gate, "gate");
        SetGateState inverse{g.id, g.state, g.reason};
        g.state = e.state;
        g.reason = e.reason ? *e.reason : std::string("set by hand: ") + geo::to_string(e.state);
        return inverse;
    }

    Edit operator()(const SetCompoundMode& e) const {
        geo::Compound& c = find_feature(d.compounds, e.compound, "compound");
        SetCompoundMode inverse{c.id, c.mode, {}};
        std::map<geo::Id, std::string> exact(e.controls.begin(), e.controls.end());
        std::set<geo::Id> zones;
        for (auto& b : d.buildings) {
            if (b.compound_id != c.id) continue;
            inverse.controls.emplace_back(b.id, b.control);
            if (b.zone_id) zones.insert(*b.zone_id);
            if (auto it = exact.find(b.id); it != exact.end())
                b.control = it->second;
            else if (!b.control.empty() && b.control != "not_home")
                b.control = control_for(e.mode);
        }
        c.mode = e.mode;
        recount_zones(d, zones);
        return inverse;
    }

    Edit operator()(const MoveBuildings& e) const {
        std::set<geo::Id> zone_ids;
        for (const auto& z : d.zones)
            zone_ids.insert(z.id);
        for (const auto& [id, zone] : e.moves) {
            find_feature(d.buildings, id, "building");
            if (zone && !zone_ids.count(*zone))
                throw InputError("zone " + std::to_string(*zone) + ": no such zone");
        }
        std::map<geo::Id, geo::Building*> by_id;
        for (auto& b : d.buildings)
            by_id[b.id] = &b;
        MoveBuildings inverse;
        std::set<geo::Id> touched;
        for (const auto& [id, zone] : e.moves) {
            geo::Building& b = *by_id[id];
            inverse.moves.emplace_back(id, b.zone_id);
            if (b.zone_id) touched.insert(*b.zone_id);
            if (zone) touched.insert(*zone);
            b.zone_id = zone;
        }
        std::reverse(inverse.moves.begin(), inverse.moves.end()); // a building named twice
        recount_zones(d, touched);
        return inverse;
    }

    Edit operator()(const AddCheckpoint& e) const {
        geo::Checkpoint c = e.checkpoint;
        if (c.id == 0) {
            geo::Id next = 0;
            for (const auto& k : d.checkpoints)
                next = std::max(next, k.id);
            c.id = next + 1;
        } else if (std::any_of(d.checkpoints.begin(), d.checkpoints.end(),
                               [&](const geo::Checkpoint& k) { return k.id == c.id; })) {
            throw InputError("checkpoint " + std::to_string(c.id) + ": the id is taken");
        }
        if (c.reason.empty()) c.reason = "placed by hand";
        d.checkpoints.push_back(c);
        return DeleteCheckpoint{c.id};
    }

    Edit operator()(const MoveCheckpoint& e) const {
        geo::Checkpoint& c = find_feature(d.checkpoints, e.checkpoint, "checkpoint");
        MoveCheckpoint inverse{c.id, c.pos};
        c.pos = e.pos;
        return inverse;
    }

    Edit operator()(const DeleteCheckpoint& e) const {
        geo::Checkpoint& c = find_feature(d.checkpoints, e.checkpoint, "checkpoint");
        AddCheckpoint inverse{c};
        d.checkpoints.erase(d.checkpoints.begin() + (&c - d.checkpoints.data()));
        return inverse;
    }

    Edit operator()(const SetRoadClosed& e) const {
        geo::Road& r = find_feature(d.roads, e.road, "road");
        nlohmann::json table = closed_road_table(d);
        const std::string key = std::to_string(r.id);
        const bool was_closed = table.contains(key);
        if (e.closed && !was_closed) {
            table[key] = {{"walkable", r.walkable}, {"drivable", r.drivable}};
            set_road_flags(d, r.id, false, false);
        } else if (!e.closed && was_closed) {
            set_road_flags(d, r.id, table[key].value("walkable", true),
                           table[key].value("drivable", true));
            table.erase(key);
        }
        if (table.empty())
            d.meta.parameters.erase(k_closed_roads);
        else
            d.meta.parameters[k_closed_roads] = table.dump();
        return SetRoadClosed{r.id, was_closed};
    }
};

struct Describer {
    std::string operator()(const SetGateState& e) const {
        return std::string(e.state == geo::GateState::open ? "open" : "close") + " gate " +
               std::to_string(e.gate);
    }
    std::string operator()(const SetCompoundMode& e) const {
        return "set compound " + std::to_string(e.compound) + " to " + geo::to_string(e.mode);
    }
    std::string operator()(const MoveBuildings& e) const {
        if (e.moves.empty()) return "move no buildings";
        const auto& zone = e.moves.front().second;
        const std::string where = zone ? "zone " + std::to_string(*zone) : std::string("no zone");
        if (e.moves.size() == 1)
            return "move building " + std::to_string(e.moves.front().first) + " to " + where;
        return "move " + std::to_string(e.moves.size()) + " buildings to " + where;
    }
    std::string operator()(const AddCheckpoint& e) const {
        return std::string("add a ") + geo::to_string(e.checkpoint.kind) + " checkpoint";
    }
    std::string operator()(const MoveCheckpoint& e) const {
        return "move checkpoint " + std::to_string(e.checkpoint);
    }
    std::string operator()(const DeleteCheckpoint& e) const {
        return "delete checkpoint " + std::to_string(e.checkpoint);
    }
    std::string operator()(const SetRoadClosed& e) const {
        return std::string(e.closed ? "close" : "reopen") + " road " + std::to_string(e.road);
    }
};

struct ToJson {
    nlohmann::json operator()(const SetGateState& e) const {
        nlohmann::json j{{"edit", "gate"}, {"id", e.gate}, {"state", geo::to_string(e.state)}};
        if (e.reason) j["reason"] = *e.reason;
        return j;
    }
    nlohmann::json operator()(const SetCompoundMode& e) const {
        nlohmann::json j{
            {"edit", "compound"}, {"id", e.compound}, {"mode", geo::to_string(e.mode)}};
        for (const auto& [id, control] : e.controls)
            j["controls"].push_back({id, control});
        return j;
    }
    nlohmann::json operator()(const MoveBuildings& e) const {
        nlohmann::json moves = nlohmann::json::array();
        for (const auto& [id, zone] : e.moves)
            moves.push_back({id, zone ? nlohmann::json(*zone) : nlohmann::json()});
        return {{"edit", "buildings"}, {"moves", moves}};
    }
    nlohmann::json operator()(const AddCheckpoint& e) const {
        const geo::Checkpoint& c = e.checkpoint;
        nlohmann::json j{{"edit", "add_checkpoint"},
                         {"id", c.id},
                         {"kind", geo::to_string(c.kind)},
                         {"x", c.pos.x},
                         {"y", c.pos.y},
                         {"hours", c.hours},
                         {"crew", c.crew},
                         {"reason", c.reason}};
        if (c.road_id) j["road_id"] = *c.road_id;
        return j;
    }
    nlohmann::json operator()(const MoveCheckpoint& e) const {
        return {{"edit", "move_checkpoint"}, {"id", e.checkpoint}, {"x", e.pos.x}, {"y", e.pos.y}};
    }
    nlohmann::json operator()(const DeleteCheckpoint& e) const {
        return {{"edit", "delete_checkpoint"}, {"id", e.checkpoint}};
    }
    nlohmann::json operator()(const SetRoadClosed& e) const {
        return {{"edit", "road"}, {"id", e.road}, {"closed", e.closed}};
    }
};

} // namespace

MoveBuildings MoveBuildings::to(const std::vector<geo::Id>& buildings,
                                std::optional<geo::Id> zone) {
    MoveBuildings m;
    for (geo::Id id : buildings)
        m.moves.emplace_back(id, zone);
    return m;
}

Edit apply_edit(geo::District& district, const Edit& edit) {
    return std::visit(Applier{district}, edit);
}

std::string describe(const Edit& edit) {
    return std::visit(Describer{}, edit);
}

nlohmann::json edit_to_json(const Edit& edit) {
    return std::visit(ToJson{}, edit);
}

Edit edit_from_json(const nlohmann::json& j) {
    try {
        const std::string kind = j.at("edit").get<std::string>();
        const std::string what = "edit " + j.dump();
        if (kind == "gate")
            return SetGateState{j.at("id").get<geo::Id>(),
                                geo::gate_state_from(j.at("state").get<std::string>(), what),
                                j.contains("reason")
                                    ? std::optional<std::string>(j["reason"].get<std::string>())
                                    : std::nullopt};
        if (kind == "compound") {
            SetCompoundMode e{j.at("id").get<geo::Id>(),
                              geo::compound_mode_from(j.at("mode").get<std::string>(), what),
                              {}};
            if (j.contains("controls"))
                for (const auto& c : j["controls"])
                    e.controls.emplace_back(c.at(0).get<geo::Id>(), c.at(1).get<std::string>());
            return e;
        }
        if (kind == "buildings") {
            MoveBuildings e;
            if (j.contains("moves")) {
                for (const auto& m : j["moves"])
                    e.moves.emplace_back(m.at(0).get<geo::Id>(),
                                         m.at(1).is_null()
                                             ? std::nullopt
                                             : std::optional<geo::Id>(m.at(1).get<geo::Id>()));
            } else {
                const auto zone = j.at("zone");
                e = MoveBuildings::to(j.at("ids").get<std::vector<geo::Id>>(),
                                      zone.is_null() ? std::nullopt
                                                     : std::optional<geo::Id>(zone.get<geo::Id>()));
            }
            return e;
        }
        if (kind == "add_checkpoint") {
            geo::Checkpoint c;
            c.id = j.value("id", geo::Id{0});
            c.kind = geo::checkpoint_kind_from(j.value("kind", std::string("vehicle")), what);
            c.pos = {j.at("x").get<double>(), j.at("y").get<double>()};
            c.hours = j.value("hours", std::string("24 h"));
            if (const std::string problem = planner::hours_problem(c.hours); !problem.empty())
                throw InputError(what + ": hours " + problem);
            const double crew = j.value("crew", 0.0);
            if (!(crew >= 0 && crew <= 100) || crew != std::floor(crew))
                throw InputError(what + ": crew " + j.value("crew", nlohmann::json()).dump() +
                                 " must be a whole number from 0 to 100 (0: the default crew)");
            c.crew = static_cast<int>(crew);
            c.reason = j.value("reason", std::string());
            if (j.contains("road_id") && !j["road_id"].is_null())
                c.road_id = j["road_id"].get<geo::Id>();
            return AddCheckpoint{c};
        }
        if (kind == "move_checkpoint")
            return MoveCheckpoint{j.at("id").get<geo::Id>(),
                                  {j.at("x").get<double>(), j.at("y").get<double>()}};
        if (kind == "delete_checkpoint") return DeleteCheckpoint{j.at("id").get<geo::Id>()};
        if (kind == "road")
            return SetRoadClosed{j.at("id").get<geo::Id>(), j.value("closed", true)};
        throw InputError(what + ": unknown edit '" + kind +
                         "' (gate, compound, buildings, add_checkpoint, move_checkpoint, "
                         "delete_checkpoint, road)");
    } catch (const nlohmann::json::exception& e) {
        throw InputError("edit " + j.dump() + ": " + e.what());
    }
}

std::vector<geo::Id> closed_roads(const geo::District& district) {
    std::vector<geo::Id> ids;
    const nlohmann::json table = closed_road_table(district);
    for (const auto& [key, value] : table.items())
        ids.push_back(std::stoll(key));
    std::sort(ids.begin(), ids.end());
    return ids;
}

nlohmann::json plan_figures(const geo::District& d, const planner::StaffingParams& staffing) {
    nlohmann::json f;
    std::map<geo::Id, std::pair<double, int>> zone_sums;
    double unzoned_households = 0;
    int unzoned = 0;
    for (const auto& b : d.buildings) {
        const bool patrol = b.control.empty() || b.control == "patrol";
        if (!patrol) continue;
        if (b.zone_id) {
            zone_sums[*b.zone_id].first += b.households;
            zone_sums[*b.zone_id].second += 1;
        } else if (b.control == "patrol") {
            ++unzoned;
            unzoned_households += b.households;
        }
    }
    nlohmann::json zones = nlohmann::json::array();
    double total = 0, largest_dev = 0;
    for (const auto& z : d.zones)
        total += zone_sums[z.id].first;
    const double mean = d.zones.empty() ? 0 : total / static_cast<double>(d.zones.size());
    for (const auto& z : d.zones) {
        const auto [households, buildings] = zone_sums[z.id];
        const double dev = mean > 0 ? (households - mean) / mean : 0;
        largest_dev = std::max(largest_dev, std::abs(dev));
        zones.push_back({{"id", z.id},
                         {"name", z.name},
                         {"households", households},
                         {"buildings", buildings},
                         {"deviation", dev}});
    }
    f["zones"] = zones;
    f["zone_mean_households"] = mean;
    f["zone_max_deviation"] = largest_dev;
    f["unzoned_patrol_buildings"] = unzoned;
    f["unzoned_patrol_households"] = unzoned_households;

    std::map<geo::Id, int> open_gates, all_gates;
    int open = 0, closed = 0;
    for (const auto& g : d.gates) {
        (g.state == geo::GateState::open ? open : closed) += 1;
        if (g.compound_id) {
            all_gates[*g.compound_id] += 1;
            if (g.state == geo::GateState::open) open_gates[*g.compound_id] += 1;
        }
    }
    f["gates"] = {{"open", open}, {"closed", closed}};
    nlohmann::json shut = nlohmann::json::array();
    for (const auto& c : d.compounds)
        if ((c.mode == geo::CompoundMode::closed || c.mode == geo::CompoundMode::guarded) &&
            all_gates[c.id] > 0 && open_gates[c.id] == 0)
            shut.push_back({{"id", c.id}, {"name", c.name}});
    f["compounds_without_open_gate"] = shut;

    int crew = 0;
    for (const auto& c : d.checkpoints)
        crew += c.crew > 0 ? c.crew : staffing.checkpoint_crew;
    f["checkpoints"] = {{"count", d.checkpoints.size()}, {"crew_on_duty", crew}};
    f["closed_roads"] = closed_roads(d).size();
    const nlohmann::json s = planner::plan_staffing(d, staffing);
    f["staffing"] = s.contains("district") ? s["district"] : nlohmann::json::object();
    return f;
}

nlohmann::json edit_project(const std::string& path, const nlohmann::json& edits,
                            Progress& progress) {
    if (!edits.is_array()) throw InputError("edits: write a JSON array of edits");
    std::vector<Edit> list;
    for (const auto& e : edits)
        list.push_back(edit_from_json(e));
    return run_step(
        path, "edit", edits,
        [&](geo::District& d) {
            for (const Edit& e : list)
                apply_edit(d, e);
            return plan_figures(d);
        },
        progress);
}

} // namespace cordon::session
