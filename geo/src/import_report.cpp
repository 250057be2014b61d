#include <cordon/geo/import.hpp>

namespace cordon::geo {

nlohmann::json to_json(const ParamText& text) {
    nlohmann::json params = nlohmann::json::array();
    for (const ParamMention& p : text.params)
        params.push_back({{"param", p.param}, {"value", p.value}});
    return {{"message", text.str()}, {"texts", text.texts}, {"params", params}};
}

ParamText param_text_from_json(const nlohmann::json& json) {
    ParamText out;
    if (json.is_string()) return out << json.get<std::string>();
    if (!json.is_object()) return out;
    const auto texts = json.value("texts", std::vector<std::string>{});
    const auto params = json.value("params", nlohmann::json::array());
    if (texts.size() != params.size() + 1) return out << json.value("message", std::string());
    out << texts[0];
    for (std::size_t i = 0; i < params.size(); ++i)
        out << ParamMention{params[i].value("param", std::string()),
                            params[i].value("value", std::string())}
            << texts[i + 1];
    return out;
}

nlohmann::json ImportReport::to_json() const {
    using nlohmann::json;
    json out;
    out["project_crs"] = project_crs;
    out["household_estimate"] = {
        {"rule",
         "households = round(footprint area × floors ÷ floor_area_per_household), at least 1; "
         "0 for non-residential building types"},
        {"floor_area_per_household_m2", households.floor_area_per_household},
        {"default_floors", households.default_floors},
        {"default_house_floors", households.default_house_floors},
        {"persons_per_household", households.persons_per_household},
    };
    for (const SourceReport& s : sources) {
        json left = json::object();
        for (const auto& [reason, ids] : s.left_out)
            left[reason] = {{"count", ids.size()}, {"ids", ids}};
        json warnings = json::array();
        for (const ParamText& w : s.warnings)
            warnings.push_back(cordon::geo::to_json(w));
        out["sources"].push_back({{"path", s.path},
                                  {"driver", s.driver},
                                  {"encoding", s.encoding},
                                  {"crs", s.crs},
                                  {"layers", s.layers},
                                  {"features", s.features},
                                  {"left_out", left},
                                  {"warnings", warnings}});
    }
    out["layers"] = json::object();
    for (const auto& [role, l] : layers) {
        auto grouped = [](const std::map<std::string, std::vector<std::string>>& m) {
            json j = json::object();
            for (const auto& [reason, ids] : m)
                j[reason] = {{"count", ids.size()}, {"ids", ids}};
            return j;
        };
        out["layers"][role] = {{"read", l.read},
                               {"imported", l.imported},
                               {"repaired", l.repaired},
                               {"dropped", l.dropped},
                               {"dropped_because", grouped(l.dropped_ids)},
                               {"repaired_because", grouped(l.repaired_ids)},
                               {"notes", grouped(l.notes)}};
        if (role == "buildings") out["layers"][role]["households_estimated"] = l.estimated;
    }
    return out;
}

} // namespace cordon::geo
