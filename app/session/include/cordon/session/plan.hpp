#pragma once
// The plan's steps as the CLI and the GUI run them: classify, gates, zones, routes, staffing,
// all of these in order, or checkpoints, on a district in memory. Each computes on the
// district as it is, then the session applies the result; the parameters are described in
// parameters.hpp.

#include <cordon/geo/district.hpp>
#include <cordon/geo/progress.hpp>
#include <cordon/planner/checkpoints.hpp>
#include <cordon/planner/classify.hpp>
#include <cordon/planner/gates.hpp>
#include <cordon/planner/routes.hpp>
#include <cordon/planner/staffing.hpp>
#include <cordon/planner/zoning.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cordon::session {

/// The checkpoint step as the planner names its inputs; the area, the roads and the costs file
/// are looked up in the district when the step runs.
struct CheckpointOptions {
    /// community:NAME, compound:NAME, zone:NAME, district, or a polygon file FILE[:LAYER];
    /// several: their union.
    std::vector<std::string> area;
    std::string costs;                  ///< a costs file; empty: the default table
    std::vector<std::string> close;     ///< roads that carry no traffic (ID, id:ID, NAME)
    std::vector<std::string> keep_open; ///< roads that must stay free of checkpoints
    planner::CheckpointParams plan;     ///< the rest (margin, objective, budget, ...)
};

struct PlanParams {
    planner::ClassifyParams classify;
    planner::GateParams gates;
    planner::ZoningParams zoning;
    planner::RouteParams routes;
    planner::StaffingParams staffing;
    /// Classify again before gates, zones and routes even when the buildings already have a
    /// classification (the planner gave classification options with that step).
    bool reclassify = false;
    CheckpointOptions checkpoints;
};

/// The steps in the order `all` runs them.
inline const std::vector<std::string> plan_steps{"classify", "gates", "zones", "routes",
                                                 "staffing"};

/// Runs `step` (one of plan_steps, "all" or "checkpoints") on the district, applies its result
/// and returns its figures. Steps that need the classification run it first when the
/// buildings have none yet (or when `reclassify` asks). Checkpoints: the roads closed by hand
/// (closed_roads) carry no traffic either.
nlohmann::json run_plan_step(geo::District& district, const std::string& step,
                             const PlanParams& params, Progress& progress);

/// The parameters of `step` as stored in the project's history.
nlohmann::json plan_parameters(const std::string& step, const PlanParams& params);

/// The checkpoint plan for the district, not applied: the options' area, roads and costs
/// looked up in it (ParamError naming area, costs, close or keep_open when they do not
/// resolve), the roads closed by hand added to the closed ones.
planner::CheckpointPlan plan_checkpoints(const geo::District& district,
                                         const CheckpointOptions& options, Progress& progress);

/// Records a step that ran on the district in its history and its parameters, as both front
/// ends record it (run_step for a project file).
void record_step(geo::District& district, const std::string& step, const nlohmann::json& parameters,
                 const nlohmann::json& figures);

/// The district's choke_points layer as a GeoJSON FeatureCollection in the project CRS
/// (planner::choke_points_geojson of the last checkpoint plan).
nlohmann::json choke_points_geojson(const geo::District& district);

/// The staffing parameters the project was last planned with: those of the newest history
/// entry (plan staffing or plan all) whose parameters hold a "staffing" object, read back from
/// plan_parameters(); the defaults for what it lacks, and all defaults when there is none.
/// Entries whose parameters cannot be read (not JSON, nested too deep, too long) are passed
/// over.
planner::StaffingParams staffing_params(const geo::District& district);

} // namespace cordon::session
