#include "attribute_edit.hpp"

#include "json_ids.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/household_tally.hpp>
#include <cordon/geo/json_read.hpp>
#include <cordon/planner/classify.hpp>
#include <cordon/planner/periods.hpp>
#include <cordon/planner/staffing.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace cordon::session {

namespace {

constexpr const char* k_homes_by_hand = "homes_by_hand";
const std::string k_homes_where = "table 'parameters', row 'homes_by_hand', column 'value'";
constexpr double k_max_households = 100000; ///< in one building
constexpr int k_max_floors = 300;
constexpr std::size_t k_max_text = 1000; ///< characters (bytes) of a name or category

const std::map<std::string, std::vector<std::string>>& fields_by_layer() {
    static const std::map<std::string, std::vector<std::string>> fields{
        {"buildings", {"name", "number", "address", "category", "households", "floors"}},
        {"checkpoints", {"hours", "periods", "crew"}},
        {"compounds", {"name", "manager"}},
        {"gates", {"name"}},
        {"zones", {"name", "team"}}};
    return fields;
}

bool numeric(const std::string& field) {
    return field == "households" || field == "floors" || field == "crew";
}

std::string feature_word(const std::string& layer, bool many) {
    std::string word = layer; // "buildings"
    if (!many && !word.empty()) word.pop_back();
    return word;
}

template <class T> T& find(std::vector<T>& features, geo::Id id, const std::string& layer) {
    auto it =
        std::find_if(features.begin(), features.end(), [&](const T& f) { return f.id == id; });
    if (it == features.end())
        throw InputError(feature_word(layer, false) + " " + std::to_string(id) +
                         ": no such feature");
    return *it;
}

/// The value as text for a text field, refused naming `what` when it is not one.
std::string text_value(const nlohmann::json& v, const std::string& what) {
    if (!v.is_string()) throw InputError(what + ": " + geo::json_excerpt(v, 40) + " is not text");
    std::string s = v.get<std::string>();
    if (s.size() > k_max_text)
        throw InputError(what + ": longer than " + std::to_string(k_max_text) + " bytes");
    return s;
}

double number_value(const nlohmann::json& v, const std::string& what, double max, bool whole) {
    if (!v.is_number())
        throw InputError(what + ": " + geo::json_excerpt(v, 40) + " is not a number");
    const double x = v.get<double>();
    if (!std::isfinite(x) || x < 0 || x > max || (whole && x != std::floor(x)))
        throw InputError(what + ": " + geo::json_excerpt(v, 40) + " must be a " +
                         (whole ? "whole " : "") + "number from 0 to " +
                         std::to_string(static_cast<long long>(max)));
    return x;
}

nlohmann::json homes_table(const geo::District& d) {
    const auto it = d.meta.parameters.find(k_homes_by_hand);
    if (it == d.meta.parameters.end() || it->second.empty()) return nlohmann::json::object();
    nlohmann::json j = geo::parse_json_bounded(it->second, k_homes_where);
    if (!j.is_object())
        throw InputError(k_homes_where + ": not a JSON object of buildings and true or false");
    for (const auto& [key, home] : j.items()) {
        id_from_key(key, k_homes_where);
        if (!home.is_boolean())
            throw InputError(k_homes_where + ": building " + key + ": " +
                             geo::json_excerpt(home, 40) + " is not true or false");
    }
    return j;
}

void store_homes_table(geo::District& d, const nlohmann::json& table) {
    if (table.empty())
        d.meta.parameters.erase(k_homes_by_hand);
    else
        d.meta.parameters[k_homes_by_hand] = table.dump();
}

/// The control of a home in this building's place: its compound's mode, patrol outside.
std::string home_control(const geo::District& d, const geo::Building& b) {
    std::optional<geo::CompoundMode> mode;
    if (b.compound_id)
        for (const auto& c : d.compounds)
            if (c.id == *b.compound_id) mode = c.mode;
    planner::ClassifyParams params;
    params.homes_by_hand[b.id] = true;
    return planner::to_string(planner::control_of(b, mode, params));
}

/// A checkpoint's schedule: `hours`, `periods` (which then decide the hours and the crew) or
/// `crew`. The inverse of a periods edit restores all three ({"periods", "hours", "crew"}).
void set_schedule(geo::Checkpoint& c, const SetAttribute& e, const std::string& what,
                  SetAttribute& inverse) {
    if (e.field == "crew") {
        inverse.value = c.crew;
        c.crew = static_cast<int>(number_value(e.value, what, planner::k_max_period_crew, true));
        return;
    }
    if (e.field == "hours") {
        std::string hours = text_value(e.value, what);
        if (const std::string problem = planner::hours_problem(hours); !problem.empty())
            throw InputError(what + ": " + problem);
        if (!c.periods.empty())
            if (const std::string gap =
                    planner::periods_cover_problem(planner::parse_periods(c.periods), hours);
                !gap.empty())
                throw InputError(what + ": '" + hours + "' does not fit the checkpoint's periods " +
                                 c.periods + ": " + gap);
        inverse.value = c.hours;
        c.hours = std::move(hours);
        return;
    }
    inverse.value = {{"periods", c.periods}, {"hours", c.hours}, {"crew", c.crew}};
    if (e.value.is_object()) { // an undo
        const std::string periods = text_value(e.value.value("periods", nlohmann::json()), what);
        const std::string hours = text_value(e.value.value("hours", nlohmann::json()), what);
        const double crew = number_value(e.value.value("crew", nlohmann::json()), what,
                                         planner::k_max_period_crew, true);
        if (const std::string problem = planner::periods_problem(periods); !problem.empty())
            throw InputError(what + ": " + problem);
        c.periods = periods;
        c.hours = hours;
        c.crew = static_cast<int>(crew);
        return;
    }
    std::vector<planner::Period> periods;
    try {
        periods = planner::parse_periods(text_value(e.value, what));
    } catch (const InputError& error) {
        throw InputError(what + ": " + error.what());
    }
    c.periods = planner::periods_text(periods);
    if (periods.empty()) return; // the crew for all of the hours again
    c.hours = planner::periods_hours(periods);
    c.crew = planner::largest_crew(periods);
}

std::string value_text(const nlohmann::json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number()) {
        const double x = v.get<double>();
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.10g", x);
        return buf;
    }
    return v.dump();
}

} // namespace

std::vector<std::string> editable_fields(const std::string& layer) {
    const auto it = fields_by_layer().find(layer);
    return it == fields_by_layer().end() ? std::vector<std::string>{} : it->second;
}

std::vector<Edit> attribute_edits(const std::string& layer, const std::vector<geo::Id>& ids,
                                  const std::vector<std::pair<std::string, std::string>>& fields) {
    std::vector<Edit> edits;
    for (const auto& [field, value] : fields) {
        nlohmann::json j;
        if (field == "home") {
            if (layer != "buildings") throw InputError("home: only buildings are homes");
            const bool yes = value == "yes" || value == "true" || value == "1";
            if (!yes && value != "no" && value != "false" && value != "0")
                throw InputError("home: '" + value + "' is neither yes nor no");
            j = {{"edit", "set-home"}, {"home", yes}};
        } else {
            j = {{"edit", "set-attribute"}, {"layer", layer}, {"field", field}, {"value", value}};
        }
        for (geo::Id id : ids) {
            j["id"] = id;
            Edit e = edit_from_json(j);
            if (auto* a = std::get_if<SetAttribute>(&e);
                a && numeric(a->field) && !a->value.is_number())
                throw InputError(field + ": '" + value + "' is not a number");
            edits.push_back(std::move(e));
        }
    }
    return edits;
}

std::map<geo::Id, bool> homes_by_hand(const geo::District& district) {
    std::map<geo::Id, bool> homes;
    const nlohmann::json table = homes_table(district);
    for (const auto& [key, home] : table.items())
        homes[id_from_key(key, k_homes_where)] = home.get<bool>();
    return homes;
}

namespace detail {

Edit apply_attribute(geo::District& d, const SetAttribute& e) {
    const auto fields = editable_fields(e.layer);
    if (fields.empty())
        throw InputError("no attributes to set on layer '" + e.layer +
                         "' (buildings, checkpoints, compounds, gates, zones)");
    const std::string what =
        feature_word(e.layer, false) + " " + std::to_string(e.id) + ": " + e.field;
    if (std::find(fields.begin(), fields.end(), e.field) == fields.end()) {
        std::string list;
        for (const auto& f : fields)
            list += (list.empty() ? "" : ", ") + f;
        throw InputError(what + ": not a field to set (" + list + ")");
    }
    SetAttribute inverse{e.layer, e.id, e.field, {}, std::nullopt};
    auto set_text = [&](std::string& field) {
        std::string value = text_value(e.value, what);
        inverse.value = field;
        field = std::move(value);
    };
    if (e.layer == "buildings") {
        geo::Building& b = find(d.buildings, e.id, e.layer);
        if (e.field == "households") {
            const double h = number_value(e.value, what, k_max_households, false);
            inverse.value = b.households;
            inverse.estimated = b.households_estimated;
            b.households = h;
            b.households_estimated = e.estimated.value_or(false);
            if (b.zone_id) geo::recount_zones(d, {*b.zone_id});
        } else if (e.field == "floors") {
            const double f = number_value(e.value, what, k_max_floors, true);
            inverse.value = b.floors;
            inverse.estimated = b.floors_estimated;
            b.floors = static_cast<int>(f);
            b.floors_estimated = e.estimated.value_or(false);
        } else if (e.field == "name") {
            set_text(b.name);
        } else if (e.field == "number") {
            set_text(b.number);
        } else if (e.field == "address") {
            set_text(b.address);
        } else {
            set_text(b.category);
        }
    } else if (e.layer == "compounds") {
        geo::Compound& c = find(d.compounds, e.id, e.layer);
        set_text(e.field == "name" ? c.name : c.manager);
    } else if (e.layer == "gates") {
        set_text(find(d.gates, e.id, e.layer).name);
    } else if (e.layer == "checkpoints") {
        set_schedule(find(d.checkpoints, e.id, e.layer), e, what, inverse);
    } else {
        geo::Zone& z = find(d.zones, e.id, e.layer);
        set_text(e.field == "name" ? z.name : z.team);
    }
    return inverse;
}

Edit apply_home(geo::District& d, const SetHome& e) {
    geo::Building& b = find(d.buildings, e.building, "buildings");
    nlohmann::json table = homes_table(d);
    const std::string key = std::to_string(b.id);
    SetHome::Before before{b.control, b.zone_id,
                           table.contains(key) ? std::optional<bool>(table[key].get<bool>())
                                               : std::nullopt};
    std::set<geo::Id> zones;
    if (b.zone_id) zones.insert(*b.zone_id);
    std::optional<bool> word = e.home;
    if (e.restore) {
        b.control = e.restore->control;
        b.zone_id = e.restore->zone;
        word = e.restore->by_hand;
    } else if (!e.home) {
        b.control = "not_home";
        b.zone_id.reset(); // a building that is no home belongs to no patrol zone
    } else if (b.control.empty() || b.control == "not_home") {
        b.control = home_control(d, b);
    }
    if (b.zone_id) zones.insert(*b.zone_id);
    if (word)
        table[key] = *word;
    else
        table.erase(key);
    store_homes_table(d, table);
    geo::recount_zones(d, zones);
    return SetHome{b.id, before.control != "not_home", before};
}

std::string describe_attribute(const SetAttribute& e) {
    return "set " + e.field + " of " + feature_word(e.layer, false) + " " + std::to_string(e.id) +
           " to " + value_text(e.value);
}

std::string describe_home(const SetHome& e) {
    return "mark building " + std::to_string(e.building) + (e.home ? " a home" : " not a home");
}

std::string describe_many(const std::vector<Edit>& edits) {
    const std::string n = std::to_string(edits.size());
    if (const auto* first = std::get_if<SetAttribute>(&edits.front())) {
        const bool alike = std::all_of(edits.begin(), edits.end(), [&](const Edit& e) {
            const auto* a = std::get_if<SetAttribute>(&e);
            return a && a->layer == first->layer && a->field == first->field &&
                   a->value == first->value;
        });
        if (alike)
            return "set " + first->field + " of " + n + " " + feature_word(first->layer, true) +
                   " to " + value_text(first->value);
    }
    if (const auto* first = std::get_if<SetHome>(&edits.front())) {
        const bool alike = std::all_of(edits.begin(), edits.end(), [&](const Edit& e) {
            const auto* h = std::get_if<SetHome>(&e);
            return h && h->home == first->home;
        });
        if (alike) return "mark " + n + " buildings" + (first->home ? " homes" : " not homes");
    }
    return {};
}

nlohmann::json attribute_to_json(const SetAttribute& e) {
    nlohmann::json j{{"edit", "set-attribute"},
                     {"layer", e.layer},
                     {"id", e.id},
                     {"field", e.field},
                     {"value", e.value}};
    if (e.estimated) j["estimated"] = *e.estimated;
    return j;
}

nlohmann::json home_to_json(const SetHome& e) {
    nlohmann::json j{{"edit", "set-home"}, {"id", e.building}, {"home", e.home}};
    if (e.restore) {
        j["restore"] = {
            {"control", e.restore->control},
            {"zone", e.restore->zone ? nlohmann::json(*e.restore->zone) : nlohmann::json()},
            {"by_hand",
             e.restore->by_hand ? nlohmann::json(*e.restore->by_hand) : nlohmann::json()}};
    }
    return j;
}

SetAttribute attribute_from_json(const nlohmann::json& j, const std::string& what) {
    SetAttribute e;
    e.layer = j.at("layer").get<std::string>();
    e.id = id_from_json(j.at("id"), what);
    e.field = j.at("field").get<std::string>();
    if (!j.contains("value")) throw InputError(what + ": no \"value\" to set");
    e.value = j["value"];
    if (numeric(e.field) && e.value.is_string()) { // "0" from a form or a CSV
        try {
            std::size_t used = 0;
            const double x = std::stod(e.value.get<std::string>(), &used);
            if (used == e.value.get<std::string>().size()) e.value = x;
        } catch (const std::exception&) {
        }
    }
    if (j.contains("estimated")) e.estimated = j["estimated"].get<bool>();
    return e;
}

SetHome home_from_json(const nlohmann::json& j, const std::string& what) {
    SetHome e{id_from_json(j.at("id"), what), j.at("home").get<bool>(), std::nullopt};
    if (j.contains("restore")) {
        const nlohmann::json& r = j["restore"];
        SetHome::Before b;
        b.control = r.at("control").get<std::string>();
        if (!r.at("zone").is_null()) b.zone = id_from_json(r["zone"], what);
        if (!r.at("by_hand").is_null()) b.by_hand = r["by_hand"].get<bool>();
        e.restore = b;
    }
    return e;
}

} // namespace detail

} // namespace cordon::session
