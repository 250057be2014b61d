#pragma once
// What a planner does with a project file, as library calls shared by the CLI and the GUI.

#include <cordon/geo/district.hpp>
#include <cordon/geo/import.hpp>
#include <cordon/geo/progress.hpp>
#include <cordon/planner/road_network.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace cordon::session {

/// Imports the sources, builds the road network and writes the project atomically, holding
/// the project's lock throughout.
/// Returns the report (import + network); throws InputError on bad input, leaving any
/// existing project at `project_path` untouched. `before_save`, when given, gets the report
/// before the project is written (a caller's side outputs); if it throws, nothing is written.
nlohmann::json import_project(const geo::ImportOptions& options,
                              const planner::NetworkParams& network,
                              const std::string& project_path, Progress& progress,
                              const std::function<void(const nlohmann::json&)>& before_save = {});

/// Reads a project (geo::read_project) and tells `progress.warn` what the read set aside
/// (meta.warnings: ids naming rows that are not there, read as none). Every command that
/// opens a project opens it so.
geo::District open_project(const std::string& project_path, Progress& progress);

/// Runs one plan step on a project: reads it, lets `step` change the district and return its
/// figures, records the step, its parameters and figures in the project's history, and
/// writes the project back atomically. The project's lock is held from the read to the save,
/// so another process changing it meanwhile is refused rather than lost; what the read set
/// aside (meta.warnings) goes to `progress.warn`. If `step` throws, the project is left as
/// it was. Returns the figures.
nlohmann::json run_step(const std::string& project_path, const std::string& step_name,
                        const nlohmann::json& parameters,
                        const std::function<nlohmann::json(geo::District&)>& step,
                        Progress& progress);

/// Layers, counts, CRS, extent (project CRS and WGS 84), sources of a project.
nlohmann::json project_info(const geo::District& district, const std::string& path);
/// The same as readable text lines.
std::string format_info(const nlohmann::json& info);

} // namespace cordon::session
