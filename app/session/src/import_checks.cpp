#include <cordon/session/import_checks.hpp>

#include <set>

namespace cordon::session {

namespace {

nlohmann::json listed(const std::vector<geo::Id>& ids, const char* layer, const char* select) {
    return {{"count", ids.size()}, {"ids", ids}, {"layer", layer}, {"select", select}};
}

} // namespace

nlohmann::json import_checks(const geo::District& d) {
    std::vector<geo::Id> loose_gates, gateless, unknown;
    std::set<geo::Id> with_gate;
    for (const auto& g : d.gates) {
        if (g.compound_id)
            with_gate.insert(*g.compound_id);
        else
            loose_gates.push_back(g.id);
    }
    for (const auto& c : d.compounds) {
        if (!with_gate.count(c.id)) gateless.push_back(c.id);
        if (c.mode == geo::CompoundMode::unknown) unknown.push_back(c.id);
    }
    std::size_t estimated = 0;
    double estimated_households = 0;
    for (const auto& b : d.buildings)
        if (b.households_estimated) {
            ++estimated;
            estimated_households += b.households;
        }
    nlohmann::json j;
    j["gates_on_no_compound"] = listed(loose_gates, "gates", "compound_id IS NULL");
    nlohmann::json no_gate = listed(gateless, "compounds", "");
    no_gate["select"] = "id NOT IN (" + [&] {
        std::string ids;
        for (geo::Id id : with_gate)
            ids += (ids.empty() ? "" : ", ") + std::to_string(id);
        return ids;
    }() + ")";
    j["compounds_without_gate"] = no_gate;
    j["compounds_unknown_mode"] = listed(unknown, "compounds", "mode = 'unknown'");
    j["households_estimated"] = {{"count", estimated},
                                 {"of", d.buildings.size()},
                                 {"households", estimated_households},
                                 {"layer", "buildings"},
                                 {"select", "households_estimated"}};
    return j;
}

} // namespace cordon::session
