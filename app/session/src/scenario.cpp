#include "json_ids.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/json_read.hpp>
#include <cordon/session/edit.hpp>
#include <cordon/session/scenario.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <optional>
#include <set>

namespace cordon::session {

namespace {

const std::string k_prefix = "scenario:";

std::string now_utc() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

nlohmann::json checkpoint_json(const geo::Checkpoint& c) {
    return edit_to_json(AddCheckpoint{c});
}

/// Numbers worth a row in the comparison, flattened from plan_figures().
std::vector<std::pair<std::string, double>> figure_rows(const nlohmann::json& f) {
    std::vector<std::pair<std::string, double>> rows;
    auto num = [&](const std::string& name, const nlohmann::json& v) {
        if (v.is_number()) rows.emplace_back(name, v.get<double>());
    };
    if (f.contains("zones")) num("zones", nlohmann::json(f["zones"].size()));
    if (f.contains("zone_mean_households")) num("zone_mean_households", f["zone_mean_households"]);
    if (f.contains("zone_max_deviation")) num("zone_max_deviation", f["zone_max_deviation"]);
    if (f.contains("unzoned_patrol_buildings"))
        num("unzoned_patrol_buildings", f["unzoned_patrol_buildings"]);
    if (f.contains("gates")) {
        num("gates_open", f["gates"].value("open", nlohmann::json()));
        num("gates_closed", f["gates"].value("closed", nlohmann::json()));
    }
    for (const char* key : {"compounds_without_open_gate", "compounds_mode_assumed"})
        if (f.contains(key) && f[key].is_array()) num(key, nlohmann::json(f[key].size()));
    if (f.contains("checkpoints")) {
        num("checkpoints", f["checkpoints"].value("count", nlohmann::json()));
        num("checkpoint_crew_on_duty", f["checkpoints"].value("crew_on_duty", nlohmann::json()));
    }
    num("closed_roads", f.value("closed_roads", nlohmann::json()));
    if (f.contains("staffing") && f["staffing"].contains("people_per_day"))
        num("people_per_day", f["staffing"]["people_per_day"]);
    return rows;
}

/// A number from a figures member, 0 when absent or not a number (figures are read as stored).
double number_in(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}

/// The zones of both scenarios by number: their names, households and buildings in each, and
/// how many of the first's buildings the second keeps in the zone of the same number.
nlohmann::json zone_rows(const Scenario& a, const Scenario& b) {
    struct Side {
        std::string name;
        double households = 0, buildings = 0;
    };
    std::map<geo::Id, std::pair<std::optional<Side>, std::optional<Side>>> zones;
    auto read = [&](const Scenario& s, bool first) {
        const auto it = s.figures.find("zones");
        if (it == s.figures.end() || !it->is_array()) return;
        for (const auto& z : *it) {
            if (!z.is_object() || !z.contains("id") || !z["id"].is_number_integer()) continue;
            Side side{z.value("name", nlohmann::json()).is_string() ? z["name"].get<std::string>()
                                                                    : std::string(),
                      number_in(z, "households"), number_in(z, "buildings")};
            auto& both = zones[z["id"].get<geo::Id>()];
            (first ? both.first : both.second) = side;
        }
    };
    read(a, true);
    read(b, false);
    const nlohmann::json none = nlohmann::json::object();
    const nlohmann::json za = a.state.value("building_zones", none),
                         zb = b.state.value("building_zones", none);
    std::map<geo::Id, int> kept;
    for (const auto& [building, zone] : za.items())
        if (const auto other = zb.find(building); other != zb.end() && *other == zone)
            if (zone.is_number_integer()) ++kept[zone.get<geo::Id>()];
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& [id, both] : zones) {
        nlohmann::json row{{"id", id}, {"buildings_kept", kept[id]}};
        for (const auto& [side, key] : {std::pair{&both.first, "a"}, std::pair{&both.second, "b"}})
            row[key] = *side ? nlohmann::json{{"name", (*side)->name},
                                              {"households", (*side)->households},
                                              {"buildings", (*side)->buildings}}
                             : nlohmann::json();
        rows.push_back(row);
    }
    return rows;
}

} // namespace

nlohmann::json Scenario::to_json() const {
    return {{"name", name}, {"created", created}, {"figures", figures}, {"state", state}};
}

namespace {

/// j[key] when it is there, else `fallback`; a member of another type than `fallback`'s is
/// refused naming `what`.
nlohmann::json member(const nlohmann::json& j, const char* key, nlohmann::json fallback,
                      const std::string& what) {
    const auto it = j.find(key);
    if (it == j.end()) return fallback;
    if (it->type() != fallback.type())
        throw InputError(what + ": \"" + key + "\" is " + geo::json_excerpt(*it, 40) + ", not " +
                         (fallback.is_object()   ? "a JSON object"
                          : fallback.is_array()  ? "a JSON array"
                          : fallback.is_string() ? "text"
                                                 : "of the expected type"));
    return *it;
}

} // namespace

Scenario Scenario::from_json(const nlohmann::json& j, const std::string& what) {
    if (!j.is_object()) throw InputError(what + ": not a JSON object");
    Scenario s;
    s.name = member(j, "name", "", what).get<std::string>();
    s.created = member(j, "created", "", what).get<std::string>();
    s.figures = member(j, "figures", nlohmann::json::object(), what);
    // The figures read by comparisons and the scenario list.
    for (const char* key : {"gates", "checkpoints", "staffing"})
        member(s.figures, key, nlohmann::json::object(), what + ": figures");
    if (const auto st = s.figures.find("staffing"); st != s.figures.end())
        if (const auto p = st->find("people_per_day"); p != st->end() && !p->is_number())
            throw InputError(what + ": figures: staffing: \"people_per_day\" is not a number");

    // The plan's choices, each checked as restoring and comparing read it.
    s.state = member(j, "state", nlohmann::json::object(), what);
    const std::string in_state = what + ": state";
    for (const char* key : {"gates", "compounds", "building_zones"}) {
        const std::string where = in_state + ": " + key;
        const nlohmann::json by_id = member(s.state, key, nlohmann::json::object(), in_state);
        for (const auto& [id, v] : by_id.items()) {
            id_from_key(id, where);
            const std::string at = where + " " + id;
            if (std::string(key) == "building_zones") {
                id_from_json(v, at);
            } else if (!v.is_string()) {
                throw InputError(at + ": " + geo::json_excerpt(v, 40) + " is not text");
            } else if (std::string(key) == "gates") {
                geo::gate_state_from(v.get<std::string>(), at);
            } else {
                geo::compound_mode_from(v.get<std::string>(), at);
            }
        }
    }
    const nlohmann::json checkpoints =
        member(s.state, "checkpoints", nlohmann::json::array(), in_state);
    for (std::size_t i = 0; i < checkpoints.size(); ++i) {
        const std::string at = in_state + ": checkpoint " + std::to_string(i + 1);
        Edit e;
        try {
            e = edit_from_json(checkpoints[i]);
        } catch (const InputError& error) {
            throw InputError(at + ": " + error.what());
        }
        if (!std::holds_alternative<AddCheckpoint>(e))
            throw InputError(at + ": not a checkpoint (\"edit\": \"add_checkpoint\")");
    }
    for (const char* key : {"closed_roads", "compounds_assumed"})
        for (const auto& id : member(s.state, key, nlohmann::json::array(), in_state))
            id_from_json(id, in_state + ": " + key);
    return s;
}

Scenario capture_scenario(const geo::District& d, const std::string& name) {
    if (name.empty()) throw InputError("a scenario needs a name");
    Scenario s;
    s.name = name;
    s.created = now_utc();
    s.figures = plan_figures(d);
    nlohmann::json gates = nlohmann::json::object(), modes = nlohmann::json::object(),
                   zones = nlohmann::json::object(), checkpoints = nlohmann::json::array(),
                   assumed = nlohmann::json::array();
    for (const auto& g : d.gates)
        gates[std::to_string(g.id)] = geo::to_string(g.state);
    for (const auto& c : d.compounds) {
        modes[std::to_string(c.id)] = geo::to_string(c.mode);
        if (c.mode_assumed) assumed.push_back(c.id);
    }
    for (const auto& b : d.buildings)
        if (b.zone_id) zones[std::to_string(b.id)] = *b.zone_id;
    for (const auto& c : d.checkpoints)
        checkpoints.push_back(checkpoint_json(c));
    s.state = {{"gates", gates},
               {"compounds", modes},
               {"building_zones", zones},
               {"checkpoints", checkpoints},
               {"closed_roads", closed_roads(d)},
               {"compounds_assumed", assumed}};
    return s;
}

void save_scenario(geo::District& d, const Scenario& s) {
    if (s.name.empty()) throw InputError("a scenario needs a name");
    d.meta.parameters[k_prefix + s.name] = s.to_json().dump();
}

std::vector<Scenario> list_scenarios(const geo::District& d) {
    std::vector<Scenario> out;
    for (const auto& [key, value] : d.meta.parameters) {
        if (key.rfind(k_prefix, 0) != 0) continue;
        const std::string where = "table 'parameters', row '" + key + "', column 'value'";
        out.push_back(Scenario::from_json(geo::parse_json_bounded(value, where), where));
    }
    return out;
}

std::optional<Scenario> find_scenario(const geo::District& d, const std::string& name) {
    for (auto& s : list_scenarios(d))
        if (s.name == name) return s;
    return std::nullopt;
}

bool remove_scenario(geo::District& d, const std::string& name) {
    return d.meta.parameters.erase(k_prefix + name) > 0;
}

void restore_scenario(geo::District& d, const Scenario& s) {
    // The state as Scenario::from_json checked it: members absent or of the right type.
    const std::string what = "scenario " + s.name;
    const nlohmann::json none = nlohmann::json::object();
    const nlohmann::json gates = s.state.value("gates", none),
                         modes = s.state.value("compounds", none),
                         zones = s.state.value("building_zones", none);
    for (auto& g : d.gates)
        if (auto it = gates.find(std::to_string(g.id)); it != gates.end())
            g.state = geo::gate_state_from(it->get<std::string>(), what);
    std::set<geo::Id> assumed;
    for (const auto& id : s.state.value("compounds_assumed", nlohmann::json::array()))
        assumed.insert(id_from_json(id, what));
    for (auto& c : d.compounds)
        if (auto it = modes.find(std::to_string(c.id)); it != modes.end()) {
            const auto mode = geo::compound_mode_from(it->get<std::string>(), what);
            const bool was_assumed = assumed.count(c.id) > 0;
            if (mode != c.mode || was_assumed != c.mode_assumed)
                apply_edit(d, SetCompoundMode{c.id, mode, {}, was_assumed});
        }
    std::set<geo::Id> zone_ids;
    for (const auto& z : d.zones)
        zone_ids.insert(z.id);
    MoveBuildings moves;
    for (const auto& b : d.buildings) {
        std::optional<geo::Id> zone;
        if (auto it = zones.find(std::to_string(b.id)); it != zones.end())
            if (const geo::Id z = id_from_json(*it, what); zone_ids.count(z)) zone = z;
        if (zone != b.zone_id) moves.moves.emplace_back(b.id, zone);
    }
    if (!moves.moves.empty()) apply_edit(d, moves);
    d.checkpoints.clear();
    for (const auto& c : s.state.value("checkpoints", nlohmann::json::array()))
        apply_edit(d, edit_from_json(c));
    std::vector<geo::Id> wanted;
    for (const auto& id : s.state.value("closed_roads", nlohmann::json::array()))
        wanted.push_back(id_from_json(id, what));
    for (geo::Id id : closed_roads(d))
        if (std::find(wanted.begin(), wanted.end(), id) == wanted.end())
            apply_edit(d, SetRoadClosed{id, false});
    for (geo::Id id : wanted)
        apply_edit(d, SetRoadClosed{id, true});
}

nlohmann::json compare_scenarios(const Scenario& a, const Scenario& b) {
    nlohmann::json out;
    out["a"] = a.name;
    out["b"] = b.name;
    const auto ra = figure_rows(a.figures), rb = figure_rows(b.figures);
    std::map<std::string, double> mb(rb.begin(), rb.end());
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& [name, va] : ra) {
        const auto it = mb.find(name);
        if (it == mb.end()) continue;
        rows.push_back(
            {{"figure", name}, {"a", va}, {"b", it->second}, {"difference", it->second - va}});
    }
    out["figures"] = rows;
    out["zones"] = zone_rows(a, b);

    auto diff_map = [](const nlohmann::json& x, const nlohmann::json& y) {
        nlohmann::json d = nlohmann::json::array();
        std::set<std::string> keys;
        for (const auto& [k, v] : x.items())
            keys.insert(k);
        for (const auto& [k, v] : y.items())
            keys.insert(k);
        for (const auto& k : keys) {
            const nlohmann::json va = x.contains(k) ? x[k] : nlohmann::json();
            const nlohmann::json vb = y.contains(k) ? y[k] : nlohmann::json();
            if (va != vb) d.push_back({{"id", id_from_key(k, "scenario")}, {"a", va}, {"b", vb}});
        }
        return d;
    };
    const nlohmann::json empty = nlohmann::json::object();
    nlohmann::json diff;
    diff["gates"] = diff_map(a.state.value("gates", empty), b.state.value("gates", empty));
    diff["compounds"] =
        diff_map(a.state.value("compounds", empty), b.state.value("compounds", empty));
    diff["buildings"] =
        diff_map(a.state.value("building_zones", empty), b.state.value("building_zones", empty));
    auto checkpoint_keys = [](const nlohmann::json& list) {
        std::map<std::string, nlohmann::json> keys;
        for (const auto& c : list) {
            nlohmann::json k = c;
            k.erase("id");
            keys[k.dump()] = c;
        }
        return keys;
    };
    const auto ca = checkpoint_keys(a.state.value("checkpoints", nlohmann::json::array()));
    const auto cb = checkpoint_keys(b.state.value("checkpoints", nlohmann::json::array()));
    diff["checkpoints_only_in_a"] = nlohmann::json::array();
    diff["checkpoints_only_in_b"] = nlohmann::json::array();
    for (const auto& [k, c] : ca)
        if (!cb.count(k)) diff["checkpoints_only_in_a"].push_back(c);
    for (const auto& [k, c] : cb)
        if (!ca.count(k)) diff["checkpoints_only_in_b"].push_back(c);
    auto road_ids = [](const Scenario& s) {
        std::vector<geo::Id> ids;
        for (const auto& id : s.state.value("closed_roads", nlohmann::json::array()))
            ids.push_back(id_from_json(id, "scenario " + s.name));
        return ids;
    };
    const auto xa = road_ids(a), xb = road_ids(b);
    nlohmann::json roads = nlohmann::json::array();
    for (geo::Id id : xa)
        if (std::find(xb.begin(), xb.end(), id) == xb.end())
            roads.push_back({{"id", id}, {"closed_in", "a"}});
    for (geo::Id id : xb)
        if (std::find(xa.begin(), xa.end(), id) == xa.end())
            roads.push_back({{"id", id}, {"closed_in", "b"}});
    diff["roads"] = roads;
    out["differences"] = diff;
    return out;
}

} // namespace cordon::session
