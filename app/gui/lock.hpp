#pragma once
// The project lock as the window holds it: taken when a project is opened, released when it
// is closed, another one is opened or the app quits (geo::ProjectLock does the locking), and
// who holds it when another Cordon has the project open.

#include <cordon/geo/project_store.hpp>

#include <wx/string.h>

#include <ctime>
#include <memory>
#include <optional>
#include <string>

namespace cordon::gui {

/// Another process holding a project's lock: its pid, its program ("cordon", "cordon-cli")
/// and since when (the lock file's time).
struct LockHolder {
    long pid = 0;
    std::string program;
    std::time_t since = 0;
};

/// Who holds the lock on `project` now, if another process does.
std::optional<LockHolder> FindLockHolder(const std::string& project);

/// The result of trying to lock a project for as long as it is open.
struct LockAttempt {
    std::unique_ptr<geo::ProjectLock> lock; ///< null: not locked (see holder / reason)
    std::optional<LockHolder> holder;       ///< another Cordon has it: don't open
    std::string reason; ///< why it could not be locked otherwise (a read-only folder)
};

/// Locks `project`. Another process holding it gives `holder`; a lock that cannot be made
/// for other reasons (a read-only folder) gives `reason` and the project may still be opened
/// for reading.
LockAttempt LockProject(const std::string& project);

/// "PROJECT is open in another Cordon (cordon, process 1234) since 14:05:09 ...", translated.
wxString LockedMessage(const std::string& project, const LockHolder& holder);

} // namespace cordon::gui
