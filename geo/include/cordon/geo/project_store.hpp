#pragma once
// The project file: one SpatiaLite database that ogrinfo and QGIS open as it is, holding the
// district's layers, the road network and the project's metadata.

#include <cordon/geo/district.hpp>
#include <cordon/geo/progress.hpp>

#include <string>

namespace cordon::geo {

/// Version of the project file layout; a file with a larger one is refused.
inline constexpr int project_format_version = 1;

/// Writes the whole district to `path`, all or nothing: the file is built beside the target
/// and renamed over it only when complete, so a failure or an interruption leaves an existing
/// project exactly as it was. Throws Error naming the path.
void write_project(const District& district, const std::string& path, Progress& progress);

/// Reads a project; throws InputError when `path` is missing, not a Cordon project, or from
/// a newer Cordon.
District read_project(const std::string& path);

/// The layers of a project file as stored: table name, geometry type, and SQL to count.
struct StoredLayer {
    const char* table;
    const char* geometry; ///< SpatiaLite geometry type
};
const std::vector<StoredLayer>& stored_layers();

} // namespace cordon::geo
