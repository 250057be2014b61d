#pragma once
// Scenarios: the current plan saved under a name (which gates are open, compound modes, which
// zone holds each building, the checkpoints, closed roads, and the figures), kept in the
// project file, and compared two at a time: the figures side by side and the features that
// differ, so the map can highlight them.

#include <cordon/geo/district.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cordon::session {

struct Scenario {
    std::string name;
    std::string created;    ///< ISO 8601 UTC
    nlohmann::json figures; ///< plan_figures() when saved
    nlohmann::json state;   ///< the plan's choices, by feature id

    nlohmann::json to_json() const;
    /// Throws InputError naming `what` (and the member) unless `json` is a scenario as
    /// to_json() writes it: ids whole numbers, gate states and modes known, checkpoints
    /// add_checkpoint edits; members may be missing.
    static Scenario from_json(const nlohmann::json& json, const std::string& what = "scenario");
};

/// The district's plan as it is now, named `name`.
Scenario capture_scenario(const geo::District& district, const std::string& name);

/// Stores `scenario` in the project (replacing one of the same name); saved with the project.
void save_scenario(geo::District& district, const Scenario& scenario);
/// The scenarios stored in the project, by name. Throws InputError naming the project row
/// when one is not a scenario (not JSON, nested too deep, a member of the wrong type).
std::vector<Scenario> list_scenarios(const geo::District& district);
std::optional<Scenario> find_scenario(const geo::District& district, const std::string& name);
/// Removes a scenario; false when there is none of that name.
bool remove_scenario(geo::District& district, const std::string& name);

/// Sets the district's plan choices back to the scenario's (gates, modes, zones of buildings,
/// checkpoints, closed roads). Zone outlines and routes stay as they are.
void restore_scenario(geo::District& district, const Scenario& scenario);

/// Two scenarios compared: "figures" rows {figure, a, b, difference}; "zones" rows by zone
/// number {id, a, b, buildings_kept}, a and b {name, households, buildings} or null where the
/// scenario has no zone of that number, buildings_kept the first's buildings that the second
/// has in the zone of the same number (zone numbers are kept across re-runs, zone_numbers.hpp);
/// and "differences": gates whose state differs, compounds whose mode differs, buildings in
/// another zone, checkpoints only in a or only in b, roads closed in only one.
nlohmann::json compare_scenarios(const Scenario& a, const Scenario& b);

} // namespace cordon::session
