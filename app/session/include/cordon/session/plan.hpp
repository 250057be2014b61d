#pragma once
// The patrol plan's steps as the CLI and the GUI run them: classify, gates, zones, routes,
// staffing, or all of them in order, on a district in memory.

#include <cordon/geo/district.hpp>
#include <cordon/geo/progress.hpp>
#include <cordon/planner/classify.hpp>
#include <cordon/planner/gates.hpp>
#include <cordon/planner/routes.hpp>
#include <cordon/planner/staffing.hpp>
#include <cordon/planner/zoning.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cordon::session {

struct PlanParams {
    planner::ClassifyParams classify;
    planner::GateParams gates;
    planner::ZoningParams zoning;
    planner::RouteParams routes;
    planner::StaffingParams staffing;
    /// Classify again before gates, zones and routes even when the buildings already have a
    /// classification (the planner gave classification options with that step).
    bool reclassify = false;
};

/// The steps in the order `all` runs them.
inline const std::vector<std::string> plan_steps{"classify", "gates", "zones", "routes",
                                                 "staffing"};

/// Runs `step` (one of plan_steps, or "all") on the district and returns its figures. Steps
/// that need the classification run it first when the buildings have none yet (or when
/// `reclassify` asks).
nlohmann::json run_plan_step(geo::District& district, const std::string& step,
                             const PlanParams& params, Progress& progress);

/// The parameters of `step` as stored in the project's history.
nlohmann::json plan_parameters(const std::string& step, const PlanParams& params);

/// The staffing parameters the project was last planned with: those of the newest history
/// entry (plan staffing or plan all) whose parameters hold a "staffing" object, read back from
/// plan_parameters(); the defaults for what it lacks, and all defaults when there is none.
/// Entries whose parameters cannot be read (not JSON, nested too deep, too long) are passed
/// over.
planner::StaffingParams staffing_params(const geo::District& district);

} // namespace cordon::session
