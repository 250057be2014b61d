#pragma once
// The project file: one SpatiaLite database that ogrinfo and QGIS open as it is, holding the
// district's layers, the road network and the project's metadata.

#include <cordon/geo/district.hpp>
#include <cordon/geo/progress.hpp>

#include <string>

namespace cordon::geo {

/// Version of the project file layout; a file with a larger one is refused, one with a smaller
/// one is migrated (see read_project). 2: the choke_points and cordon_areas layers. 3: the
/// household ledger (households, household_personal, household_matches; buildings.number).
/// 4: planning on the register's counts (buildings.imported_households, imported_residents,
/// imported_estimated, registered, vacant_homes) and the screening's visits table.
/// 5: checkpoints.periods. 6: the district layer (the administrative boundary).
/// 7: compounds.mode_assumed. 8: the basemaps table (source and settings, no pixels, no key).
inline constexpr int project_format_version = 8;

/// An advisory lock on a project: `flock` on `PROJECT.lock` beside it (beside the real file:
/// symlinks are followed). write_project and the migration take it for as long as they write;
/// a command that changes a project holds it from the read to the save (no lost update); an
/// app may hold one for as long as it has the project open. Within one process the lock is shared
/// (nested locks on the same project are free), so an app holding it can still save. Another
/// process holding it makes the constructor throw InputError naming the project and that process.
/// The kernel drops the lock when its holder dies, even by `kill -9`.
class ProjectLock {
public:
    explicit ProjectLock(const std::string& project_path);
    ~ProjectLock();
    ProjectLock(const ProjectLock&) = delete;
    ProjectLock& operator=(const ProjectLock&) = delete;

    /// `PROJECT.lock` for a project path.
    static std::string lock_path(const std::string& project_path);

private:
    std::string m_lock_path;
};

/// Writes the whole district to `path`, all or nothing: the file is built beside the target
/// and renamed over it only when complete, so a failure or an interruption leaves an existing
/// project exactly as it was. The file keeps its identity: a symlink is followed and its
/// target saved, the mode, owner and group are kept (or the save is refused). Refuses what
/// check_saveable refuses. Throws Error naming the path.
void write_project(const District& district, const std::string& path, Progress& progress);

/// Throws InputError when `path` cannot be saved as the planner knows it: a folder, not a
/// regular file, hard-linked (a save would split the links), read-only for this user, a file
/// name too long for the temporary file beside it, or a missing folder. A missing file is
/// fine. write_project checks the same; commands check first, to refuse before a long step.
void check_saveable(const std::string& path);

/// Reads a project; throws InputError when `path` is missing, not a Cordon project, from a
/// newer Cordon, damaged, or fails schema validation. Project files may come from elsewhere:
/// they are opened read-only with no extension loading and `trusted_schema` off, and before
/// any layer is read the schema is checked: every Cordon table is a table (not a view) with
/// the columns Cordon expects, and no trigger or view sits on a Cordon table except the ones
/// SpatiaLite itself writes. A project in an older format is migrated in place first, under
/// the lock, after copying it to a backup (see migration_backup_path); a read-only one is
/// migrated in a temporary copy, left as it is. The contents are checked: the CRS must be
/// one PROJ knows (projected, in metres), numbers must be numbers (else InputError naming the
/// table, row and column); ids naming rows that are not there are read as none (a route of
/// no zone, an edge to no node are left out) and listed in `meta.warnings`.
District read_project(const std::string& path);

/// Where read_project keeps the original of a project it migrates from format `from`:
/// `PROJECT.format<from>.bak`, or `PROJECT.format<from>-N.bak` when that exists already.
std::string migration_backup_path(const std::string& project_path, int from);

/// The layers of a project file as stored (those with a geometry; the household tables are
/// not layers): table name, geometry type.
struct StoredLayer {
    const char* table;
    const char* geometry; ///< SpatiaLite geometry type
};
const std::vector<StoredLayer>& stored_layers();

} // namespace cordon::geo
