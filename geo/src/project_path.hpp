#pragma once
// Where a project file really is (project_store.cpp), shared by the store and its lock.

#include <filesystem>
#include <string>

namespace cordon::geo::detail {

/// The file `path` names, absolute, symlinks resolved (also a dangling one: its target is
/// where a save goes). InputError with the system's words when it cannot be resolved.
std::filesystem::path real_path(const std::string& path);

} // namespace cordon::geo::detail
