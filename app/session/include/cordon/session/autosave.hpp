#pragma once
// Autosave and recovery: the open project, with its unsaved changes, is written now and then
// to a copy beside it (atomically, like every project write), and removed when the planner
// saves or closes cleanly. A copy left behind means the app did not close cleanly: on the
// next open the planner is offered the copy.

#include <cordon/geo/district.hpp>
#include <cordon/geo/progress.hpp>

#include <optional>
#include <string>

namespace cordon::session {

/// Where the autosave copy of `project` lives: `.NAME.autosave` beside it, or in
/// `fallback_dir` (a per-user folder) when the project's folder is not writable.
std::string autosave_path(const std::string& project, const std::string& fallback_dir = {});

/// Writes `district` to the autosave copy of `project`; returns its path. Throws Error.
std::string write_autosave(const geo::District& district, const std::string& project,
                           Progress& progress, const std::string& fallback_dir = {});

/// The autosave copy of `project` when there is one that is newer than the project itself.
std::optional<std::string> find_recovery(const std::string& project,
                                         const std::string& fallback_dir = {});

/// Removes the autosave copy (after a save or a clean close). Never throws.
void discard_autosave(const std::string& project, const std::string& fallback_dir = {});

} // namespace cordon::session
