#include "attribute_edit.hpp"
#include "json_ids.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/household_tally.hpp>
#include <cordon/geo/json_read.hpp>
#include <cordon/geo/select.hpp>
#include <cordon/session/edit.hpp>
#include <cordon/session/project.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

namespace cordon::session {

namespace {

constexpr const char* k_closed_roads = "closed_roads";
const std::string k_closed_roads_where = "table 'parameters', row 'closed_roads', column 'value'";

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

/// The closed roads kept in the project: {"ID": {"walkable": bool, "drivable": bool}}, the
/// flags the road had before it was closed. Anything else is refused naming the row and key.
nlohmann::json closed_road_table(const geo::District& d) {
    const auto it = d.meta.parameters.find(k_closed_roads);
    if (it == d.meta.parameters.end() || it->second.empty()) return nlohmann::json::object();
    const std::string& where = k_closed_roads_where;
    nlohmann::json j = geo::parse_json_bounded(it->second, where);
    if (!j.is_object()) throw InputError(where + ": not a JSON object of closed roads by id");
    for (const auto& [key, flags] : j.items()) {
        id_from_key(key, where);
        const std::string road = where + ": road " + key;
        if (!flags.is_object())
            throw InputError(road + ": expected {\"walkable\": …, \"drivable\": …}, not " +
                             geo::json_excerpt(flags, 40));
        for (const char* flag : {"walkable", "drivable"})
            if (flags.contains(flag) && !flags[flag].is_boolean())
                throw InputError(road + ": \"" + flag + "\" is " +
                                 geo::json_excerpt(flags[flag], 40) + ", not true or false");
    }
    return j;
}

/// Checkpoints go on the district: a position more than this far outside the extent of its
/// features (metres) is a mistake (or a hostile file), and would make the exports unreadable.
constexpr double k_checkpoint_margin_m = 2000;

std::string coordinate_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

void check_position(const geo::District& d, geo::Point p, const std::string& what) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y))
        throw InputError(what + ": the position (" + coordinate_text(p.x) + ", " +
                         coordinate_text(p.y) + ") is not a pair of finite numbers");
    const geo::Box box = d.extent();
    if (box.empty()) return;
    const double m = k_checkpoint_margin_m;
    if (p.x < box.minx - m || p.x > box.maxx + m || p.y < box.miny - m || p.y > box.maxy + m)
        throw InputError(what + ": the position (" + coordinate_text(p.x) + ", " +
                         coordinate_text(p.y) + ") lies more than 2 km outside the project (" +
                         coordinate_text(box.minx) + ", " + coordinate_text(box.miny) + " to " +
                         coordinate_text(box.maxx) + ", " + coordinate_text(box.maxy) + ")");
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
        SetCompoundMode inverse{c.id, c.mode, {}, c.mode_assumed};
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
        c.mode_assumed = e.assumed;
        geo::recount_zones(d, zones);
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
        geo::recount_zones(d, touched);
        return inverse;
    }

    Edit operator()(const AddCheckpoint& e) const {
        geo::Checkpoint c = e.checkpoint;
        check_position(d, c.pos, c.id ? "checkpoint " + std::to_string(c.id) : "new checkpoint");
        if (c.id == 0) {
            geo::Id next = 0;
            for (const auto& k : d.checkpoints)
                next = std::max(next, k.id);
            if (next == std::numeric_limits<geo::Id>::max())
                throw InputError("new checkpoint: no id is left above " + std::to_string(next));
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
        check_position(d, e.pos, "checkpoint " + std::to_string(c.id));
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

    Edit operator()(const SetAttribute& e) const { return detail::apply_attribute(d, e); }
    Edit operator()(const SetHome& e) const { return detail::apply_home(d, e); }
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
    std::string operator()(const SetAttribute& e) const { return detail::describe_attribute(e); }
    std::string operator()(const SetHome& e) const { return detail::describe_home(e); }
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
        if (e.assumed) j["assumed"] = true;
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
    nlohmann::json operator()(const SetAttribute& e) const { return detail::attribute_to_json(e); }
    nlohmann::json operator()(const SetHome& e) const { return detail::home_to_json(e); }
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

std::vector<Edit> apply_edits(geo::District& district, const std::vector<Edit>& edits) {
    std::vector<Edit> inverses;
    inverses.reserve(edits.size());
    try {
        for (const Edit& e : edits)
            inverses.push_back(apply_edit(district, e));
    } catch (...) {
        for (auto it = inverses.rbegin(); it != inverses.rend(); ++it)
            apply_edit(district, *it);
        throw;
    }
    std::reverse(inverses.begin(), inverses.end());
    return inverses;
}

std::string describe(const Edit& edit) {
    return std::visit(Describer{}, edit);
}

namespace {

/// Whether every edit is a `T` and says the same as the first (`same`).
template <class T, class Same> bool all_alike(const std::vector<Edit>& edits, Same same) {
    const T* first = std::get_if<T>(&edits.front());
    return first != nullptr && std::all_of(edits.begin(), edits.end(), [&](const Edit& e) {
               const T* t = std::get_if<T>(&e);
               return t != nullptr && same(*first, *t);
           });
}

} // namespace

std::string describe(const std::vector<Edit>& edits) {
    if (edits.empty()) return "no change";
    if (edits.size() == 1) return describe(edits.front());
    const std::string n = std::to_string(edits.size());
    if (all_alike<SetGateState>(edits, [](auto& a, auto& b) { return a.state == b.state; }))
        return std::string(std::get<SetGateState>(edits[0]).state == geo::GateState::open
                               ? "open "
                               : "close ") +
               n + " gates";
    if (all_alike<SetCompoundMode>(edits, [](auto& a, auto& b) { return a.mode == b.mode; }))
        return "set " + n + " compounds to " +
               geo::to_string(std::get<SetCompoundMode>(edits[0]).mode);
    if (all_alike<SetRoadClosed>(edits, [](auto& a, auto& b) { return a.closed == b.closed; }))
        return std::string(std::get<SetRoadClosed>(edits[0]).closed ? "close " : "reopen ") + n +
               " roads";
    if (all_alike<DeleteCheckpoint>(edits, [](auto&, auto&) { return true; }))
        return "delete " + n + " checkpoints";
    if (std::string text = detail::describe_many(edits); !text.empty()) return text;
    std::string text = describe(edits[0]) + "; " + describe(edits[1]);
    if (edits.size() > 2) text += " and " + std::to_string(edits.size() - 2) + " more";
    return text;
}

nlohmann::json edit_to_json(const Edit& edit) {
    return std::visit(ToJson{}, edit);
}

namespace {

double coordinate_from(const nlohmann::json& j, const char* key, const std::string& what) {
    const nlohmann::json& v = j.at(key);
    if (!v.is_number())
        throw InputError(what + ": " + key + " " + geo::json_excerpt(v, 40) + " is not a number");
    const double x = v.get<double>();
    if (!std::isfinite(x)) throw InputError(what + ": " + key + " is not a finite number");
    return x;
}

std::optional<geo::Id> zone_from(const nlohmann::json& v, const std::string& what) {
    return v.is_null() ? std::nullopt : std::optional<geo::Id>(id_from_json(v, what));
}

const nlohmann::json& array_at(const nlohmann::json& j, const char* key, const std::string& what) {
    const nlohmann::json& v = j.at(key);
    if (!v.is_array()) throw InputError(what + ": \"" + key + "\" is not a JSON array");
    return v;
}

} // namespace

Edit edit_from_json(const nlohmann::json& j) {
    const std::string what = "edit " + geo::json_excerpt(j);
    try {
        if (!j.is_object()) throw InputError(what + ": expected a JSON object");
        const std::string kind = j.at("edit").get<std::string>();
        if (kind == "gate")
            return SetGateState{id_from_json(j.at("id"), what),
                                geo::gate_state_from(j.at("state").get<std::string>(), what),
                                j.contains("reason")
                                    ? std::optional<std::string>(j["reason"].get<std::string>())
                                    : std::nullopt};
        if (kind == "compound") {
            SetCompoundMode e{id_from_json(j.at("id"), what),
                              geo::compound_mode_from(j.at("mode").get<std::string>(), what),
                              {}};
            if (j.contains("controls"))
                for (const auto& c : array_at(j, "controls", what))
                    e.controls.emplace_back(id_from_json(c.at(0), what),
                                            c.at(1).get<std::string>());
            e.assumed = j.value("assumed", false);
            return e;
        }
        if (kind == "buildings") {
            MoveBuildings e;
            if (j.contains("moves")) {
                for (const auto& m : array_at(j, "moves", what))
                    e.moves.emplace_back(id_from_json(m.at(0), what), zone_from(m.at(1), what));
            } else {
                std::vector<geo::Id> ids;
                for (const auto& id : array_at(j, "ids", what))
                    ids.push_back(id_from_json(id, what));
                e = MoveBuildings::to(ids, zone_from(j.at("zone"), what));
            }
            return e;
        }
        if (kind == "add_checkpoint") {
            geo::Checkpoint c;
            c.id = j.contains("id") ? id_from_json(j["id"], what, 0) : 0;
            c.kind = geo::checkpoint_kind_from(j.value("kind", std::string("vehicle")), what);
            c.pos = {coordinate_from(j, "x", what), coordinate_from(j, "y", what)};
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
                c.road_id = id_from_json(j["road_id"], what);
            return AddCheckpoint{c};
        }
        if (kind == "move_checkpoint")
            return MoveCheckpoint{id_from_json(j.at("id"), what),
                                  {coordinate_from(j, "x", what), coordinate_from(j, "y", what)}};
        if (kind == "delete_checkpoint") return DeleteCheckpoint{id_from_json(j.at("id"), what)};
        if (kind == "road")
            return SetRoadClosed{id_from_json(j.at("id"), what), j.value("closed", true)};
        if (kind == "set-attribute") {
            if (j.value("layer", "") == "compounds" && j.value("field", "") == "mode")
                return SetCompoundMode{
                    id_from_json(j.at("id"), what),
                    geo::compound_mode_from(j.at("value").get<std::string>(), what),
                    {}};
            return detail::attribute_from_json(j, what);
        }
        if (kind == "set-home") return detail::home_from_json(j, what);
        throw InputError(what + ": unknown edit '" + kind +
                         "' (gate, compound, buildings, add_checkpoint, move_checkpoint, "
                         "delete_checkpoint, road, set-attribute, set-home)");
    } catch (const nlohmann::json::exception& e) {
        std::string reason = e.what();
        if (const auto tag = reason.find("] "); reason.front() == '[' && tag != std::string::npos)
            reason.erase(0, tag + 2);
        throw InputError(what + ": " + reason);
    }
}

std::vector<Edit> edit_group_from_json(const nlohmann::json& j) {
    if (!j.is_object() || !j.contains("ids")) return {edit_from_json(j)};
    const std::string what = "edit " + geo::json_excerpt(j);
    const std::string kind = j.value("edit", nlohmann::json()).is_string()
                                 ? j["edit"].get<std::string>()
                                 : std::string();
    if (kind != "gate" && kind != "compound" && kind != "road" && kind != "delete_checkpoint" &&
        kind != "set-attribute" && kind != "set-home")
        return {edit_from_json(j)}; // "buildings" reads its own ids
    if (j.contains("id")) throw InputError(what + ": give \"id\" or \"ids\", not both");
    const nlohmann::json& ids = array_at(j, "ids", what);
    if (ids.empty()) throw InputError(what + ": \"ids\" names no feature");
    std::vector<Edit> group;
    for (const auto& id : ids) {
        nlohmann::json one = j;
        one.erase("ids");
        one["id"] = id;
        group.push_back(edit_from_json(one));
    }
    return group;
}

std::vector<std::vector<Edit>> edit_groups_from_json(const nlohmann::json& edits,
                                                     const std::string& what) {
    if (!edits.is_array() && !edits.is_object())
        throw InputError(what + ": expected a JSON array of edits (or one edit)");
    if (edits.is_object()) return {edit_group_from_json(edits)};
    std::vector<std::vector<Edit>> groups;
    for (std::size_t i = 0; i < edits.size(); ++i) {
        try {
            groups.push_back(edit_group_from_json(edits[i]));
        } catch (const InputError& e) {
            throw InputError(what + ": edit " + std::to_string(i + 1) + ": " + e.what());
        }
    }
    return groups;
}

std::vector<Edit> edits_from_json(const nlohmann::json& edits, const std::string& what) {
    std::vector<Edit> list;
    for (auto& group : edit_groups_from_json(edits, what))
        list.insert(list.end(), group.begin(), group.end());
    return list;
}

std::vector<geo::Id> closed_roads(const geo::District& district) {
    std::vector<geo::Id> ids;
    const nlohmann::json table = closed_road_table(district);
    for (const auto& [key, value] : table.items())
        ids.push_back(id_from_key(key, k_closed_roads_where));
    std::sort(ids.begin(), ids.end());
    return ids;
}

nlohmann::json plan_figures(const geo::District& d, const planner::StaffingParams& staffing) {
    nlohmann::json f;
    std::map<geo::Id, std::pair<double, int>> zone_sums;
    std::map<geo::Id, geo::HouseholdTally> zone_tally; // where the zone's households come from
    double unzoned_households = 0;
    int unzoned = 0;
    for (const auto& b : d.buildings) {
        const bool patrol = b.control.empty() || b.control == "patrol";
        if (!patrol) continue;
        if (b.zone_id) {
            zone_sums[*b.zone_id].first += b.households;
            zone_sums[*b.zone_id].second += 1;
            zone_tally[*b.zone_id].add(b);
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
                         {"deviation", dev},
                         {"sources", geo::to_json(zone_tally[z.id])}});
    }
    f["zones"] = zones;
    f["zone_mean_households"] = mean;
    f["zone_max_deviation"] = largest_dev;
    f["unzoned_patrol_buildings"] = unzoned;
    f["unzoned_patrol_households"] = unzoned_households;
    f["households"] = geo::to_json(geo::tally_households(d));
    f["categories"] = geo::category_counts(d);

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
    // Closed and guarded compounds nobody can leave: every gate closed, or no gate at all.
    nlohmann::json shut = nlohmann::json::array(), unknown = nlohmann::json::array(),
                   assumed = nlohmann::json::array();
    for (const auto& c : d.compounds) {
        if ((c.mode == geo::CompoundMode::closed || c.mode == geo::CompoundMode::guarded) &&
            open_gates[c.id] == 0)
            shut.push_back({{"id", c.id}, {"name", c.name}, {"gates", all_gates[c.id]}});
        if (c.mode == geo::CompoundMode::unknown)
            unknown.push_back({{"id", c.id}, {"name", c.name}});
        else if (c.mode_assumed)
            assumed.push_back({{"id", c.id}, {"name", c.name}, {"mode", geo::to_string(c.mode)}});
    }
    f["compounds_without_open_gate"] = shut;
    f["compounds_unknown_mode"] = unknown;
    f["compounds_mode_assumed"] = assumed;

    int crew = 0;
    std::size_t staffed = 0, barriers = 0;
    for (const auto& c : d.checkpoints) {
        if (c.kind == geo::CheckpointKind::barrier) {
            ++barriers; // closed by a barrier: no crew
            continue;
        }
        ++staffed;
        crew += c.crew > 0 ? c.crew : staffing.checkpoint_crew;
    }
    f["checkpoints"] = {{"count", staffed}, {"crew_on_duty", crew}, {"barriers", barriers}};
    f["closed_roads"] = closed_roads(d).size();
    const nlohmann::json s = planner::plan_staffing(d, staffing);
    f["staffing"] = s.contains("district") ? s["district"] : nlohmann::json::object();
    f["workload"] = s.contains("workload") ? s["workload"] : nlohmann::json::object();
    // People on duty per hour of the day (the 24-hour chart), as plan staffing --hourly.
    f["staffing_by_hour"] = s.contains("hourly") ? s["hourly"] : nlohmann::json::object();
    return f;
}

nlohmann::json edit_project(const std::string& path, const nlohmann::json& edits,
                            Progress& progress, const std::string& source,
                            const std::function<void(const nlohmann::json&)>& before_save,
                            std::vector<std::string>* described) {
    if (!edits.is_array()) throw InputError(source + ": write a JSON array of edits");
    // Edits that name their features are read before the project is touched; those that
    // select them by expression or area once it is open.
    for (std::size_t i = 0; i < edits.size(); ++i) {
        if (names_a_selection(edits[i])) continue;
        try {
            edit_group_from_json(edits[i]);
        } catch (const InputError& e) {
            throw InputError(source + ": edit " + std::to_string(i + 1) + ": " + e.what());
        }
    }
    return run_step(
        path, "edit", edits,
        [&](geo::District& d) {
            const auto list = edit_groups_from_json(resolve_selections(edits, d, source), source);
            for (std::size_t i = 0; i < list.size(); ++i) {
                try {
                    apply_edits(d, list[i]);
                } catch (const InputError& e) {
                    throw InputError(source + ": edit " + std::to_string(i + 1) + ": " + e.what());
                }
                if (described) described->push_back(describe(list[i]));
            }
            nlohmann::json figures = plan_figures(d);
            if (before_save) before_save(figures);
            return figures;
        },
        progress);
}

} // namespace cordon::session
