#include "lock.hpp"

#include "format.hpp"

#include <cordon/geo/error.hpp>

#include <wx/datetime.h>
#include <wx/filename.h>
#include <wx/intl.h>

#include <cerrno>
#include <fcntl.h>
#include <fstream>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cordon::gui {

std::optional<LockHolder> FindLockHolder(const std::string& project) {
    const std::string path = geo::ProjectLock::lock_path(project);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    // Held when a shared lock cannot be had (the holder has an exclusive one).
    const bool held = ::flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    if (!held) ::flock(fd, LOCK_UN);
    struct stat st {};
    const bool stat_ok = ::fstat(fd, &st) == 0;
    ::close(fd);
    if (!held) return std::nullopt;
    LockHolder holder;
    std::ifstream(path) >> holder.pid; // 0 while the holder is still writing it
    if (stat_ok) holder.since = st.st_mtime;
    std::ifstream(std::string("/proc/") + std::to_string(holder.pid) + "/comm") >> holder.program;
    return holder;
}

LockAttempt LockProject(const std::string& project) {
    LockAttempt attempt;
    try {
        attempt.lock = std::make_unique<geo::ProjectLock>(project);
    } catch (const InputError& e) {
        attempt.holder = FindLockHolder(project);
        if (!attempt.holder) attempt.reason = e.what();
    }
    return attempt;
}

wxString LockedMessage(const std::string& project, const LockHolder& holder) {
    const wxString name = wxFileName(wxString::FromUTF8(project)).GetFullName();
    const wxString program =
        holder.program.empty() ? wxString("Cordon") : wxString::FromUTF8(holder.program);
    wxString when = "?";
    if (holder.since > 0) {
        const wxDateTime since(holder.since);
        when = since.IsSameDate(wxDateTime::Now()) ? since.Format("%H:%M:%S")
                                                   : since.Format("%Y-%m-%d %H:%M:%S");
    }
    return wxString::Format(_("%s is open in another Cordon (%s, process %ld) since %s.\nClose "
                              "it there first, then open it here. Nothing was changed."),
                            name, program, holder.pid, when);
}

} // namespace cordon::gui
