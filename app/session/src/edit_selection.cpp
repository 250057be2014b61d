// Edits that select their features by expression or area ("where", "inside_zone",
// "inside_community", "inside"), worked out on the project as it is.

#include "json_ids.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/json_read.hpp>
#include <cordon/geo/select.hpp>
#include <cordon/session/edit.hpp>

#include <cmath>

namespace cordon::session {

namespace {

const char* const k_selection_keys[] = {"where", "inside_zone", "inside_community", "inside"};

/// The layer an edit of `kind` applies to (empty: it selects nothing).
std::string layer_of(const nlohmann::json& edit) {
    const std::string kind = edit.value("edit", nlohmann::json()).is_string()
                                 ? edit["edit"].get<std::string>()
                                 : std::string();
    if (kind == "gate") return "gates";
    if (kind == "compound") return "compounds";
    if (kind == "road") return "roads";
    if (kind == "delete_checkpoint") return "checkpoints";
    if (kind == "set-home" || kind == "buildings") return "buildings";
    if (kind == "set-attribute" && edit.value("layer", nlohmann::json()).is_string())
        return edit["layer"].get<std::string>();
    return {};
}

geo::MultiPolygon polygon_from(const nlohmann::json& ring, const std::string& what) {
    if (!ring.is_array() || ring.size() < 3)
        throw InputError(what + ": \"inside\" must list at least 3 points [x, y]");
    geo::Ring r;
    for (const auto& p : ring) {
        if (!p.is_array() || p.size() != 2 || !p[0].is_number() || !p[1].is_number())
            throw InputError(what + ": \"inside\": " + geo::json_excerpt(p, 40) +
                             " is not a point [x, y]");
        const geo::Point pt{p[0].get<double>(), p[1].get<double>()};
        if (!std::isfinite(pt.x) || !std::isfinite(pt.y))
            throw InputError(what + ": \"inside\": a point is not a pair of finite numbers");
        r.push_back(pt);
    }
    if (r.front().x != r.back().x || r.front().y != r.back().y) r.push_back(r.front());
    return {geo::Polygon{{r}}};
}

} // namespace

bool names_a_selection(const nlohmann::json& edit) {
    if (!edit.is_object()) return false;
    for (const char* key : k_selection_keys)
        if (edit.contains(key)) return true;
    return false;
}

nlohmann::json resolve_selections(const nlohmann::json& edits, const geo::District& district,
                                  const std::string& source) {
    if (!edits.is_array()) return edits;
    nlohmann::json out = nlohmann::json::array();
    for (std::size_t i = 0; i < edits.size(); ++i) {
        nlohmann::json e = edits[i];
        if (!names_a_selection(e)) {
            out.push_back(std::move(e));
            continue;
        }
        const std::string what = source + ": edit " + std::to_string(i + 1);
        const std::string layer = layer_of(e);
        if (layer.empty())
            throw InputError(what + ": this edit cannot select its features by expression or "
                                    "area (gate, compound, road, delete_checkpoint, buildings, "
                                    "set-attribute, set-home can)");
        int keys = 0;
        for (const char* key : k_selection_keys)
            keys += e.contains(key) ? 1 : 0;
        if (keys > 1 || e.contains("id") || e.contains("ids"))
            throw InputError(what + ": name the features one way: \"id\", \"ids\", \"where\", "
                                    "\"inside_zone\", \"inside_community\" or \"inside\"");
        std::vector<geo::Id> ids;
        std::string how;
        try {
            if (e.contains("where")) {
                if (!e["where"].is_string())
                    throw InputError("\"where\" must be an expression in quotes");
                how = "\"" + e["where"].get<std::string>() + "\"";
                ids = geo::select_where(district, layer, e["where"].get<std::string>());
            } else if (e.contains("inside_zone")) {
                const geo::Id zone = id_from_json(e["inside_zone"], "inside_zone");
                how = "inside zone " + std::to_string(zone);
                ids = geo::select_inside(district, layer, geo::zone_outline(district, zone));
            } else if (e.contains("inside_community")) {
                const geo::Id c = id_from_json(e["inside_community"], "inside_community");
                how = "inside community " + std::to_string(c);
                ids = geo::select_inside(district, layer, geo::community_outline(district, c));
            } else {
                how = "inside the polygon";
                ids = geo::select_inside(district, layer, polygon_from(e["inside"], what));
            }
        } catch (const InputError& err) {
            throw InputError(what + ": " + err.what());
        }
        if (ids.empty()) throw InputError(what + ": " + how + " selects no " + layer);
        for (const char* key : k_selection_keys)
            e.erase(key);
        e["ids"] = ids;
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace cordon::session
