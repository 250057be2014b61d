#include "project_path.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/pg_store.hpp>
#include <cordon/geo/project_store.hpp>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace cordon::geo {

using detail::real_path;

// The project's lock (ProjectLock).
// flock on PROJECT.lock. Locks held by this process are counted per lock file, so nested locks
// (an app holding its project's lock while it saves) share one descriptor. The holder writes its
// pid into the file for the message others get. On release the file is removed while still
// locked; a process that locked the removed file notices (the path is gone or is another inode)
// and tries again.

namespace {

struct HeldLock {
    int fd = -1;
    int count = 0;
};

std::mutex& locks_mutex() {
    static std::mutex m;
    return m;
}
std::map<std::string, HeldLock>& held_locks() {
    static std::map<std::string, HeldLock> held;
    return held;
}

std::string read_small_file(int fd) {
    char buf[64] = {};
    const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
    std::string s(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
    while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
        s.pop_back();
    return s;
}

/// " (cordon-cli, process 1234, since 2024-05-03 14:05:09)": who holds the lock file `fd`
/// (its pid, written when it was locked, the program from /proc) and since when (the file's
/// time).
std::string holder_text(int fd) {
    std::string pid = read_small_file(fd);
    // The holder writes its pid just after taking the lock: give it a moment.
    for (int wait = 0; pid.empty() && wait < 50; ++wait) {
        ::usleep(2000);
        pid = read_small_file(fd);
    }
    std::string program;
    if (!pid.empty() && pid.find_first_not_of("0123456789") == std::string::npos) {
        std::ifstream comm("/proc/" + pid + "/comm");
        std::getline(comm, program);
    }
    std::string since;
    struct stat st {};
    std::tm local{};
    char buf[32] = {};
    if (::fstat(fd, &st) == 0 && ::localtime_r(&st.st_mtime, &local) != nullptr &&
        std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &local) > 0)
        since = buf;
    std::string text;
    for (const std::string& part : {program, pid.empty() ? std::string() : "process " + pid,
                                    since.empty() ? std::string() : "since " + since})
        if (!part.empty()) text += (text.empty() ? "" : ", ") + part;
    return text.empty() ? text : " (" + text + ")";
}

} // namespace

std::string ProjectLock::lock_path(const std::string& project_path) {
    try {
        return real_path(project_path).string() + ".lock"; // the lock follows the real file
    } catch (const InputError&) {
        return fs::absolute(project_path).lexically_normal().string() + ".lock";
    }
}

ProjectLock::ProjectLock(const std::string& project_path) {
    // A project in a database is not a file: writers take turns there (write_database) and
    // each row's revision keeps edits from overwriting each other.
    if (is_database_url(project_path)) return;
    m_lock_path = lock_path(project_path);
    std::lock_guard guard(locks_mutex());
    HeldLock& held = held_locks()[m_lock_path];
    if (held.count > 0) {
        ++held.count;
        return;
    }
    for (int attempt = 0; attempt < 100; ++attempt) {
        const int fd = ::open(m_lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) {
            held_locks().erase(m_lock_path);
            throw InputError(project_path + ": cannot create the lock file " + m_lock_path + " (" +
                             std::strerror(errno) + ")");
        }
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            const int why = errno;
            const std::string holder = holder_text(fd);
            ::close(fd);
            held_locks().erase(m_lock_path);
            if (why == EWOULDBLOCK)
                throw InputError(project_path + ": the project is in use by another Cordon" +
                                 holder +
                                 "; close it there or wait until it has finished saving (lock " +
                                 m_lock_path + "); nothing was written");
            throw InputError(project_path + ": cannot lock " + m_lock_path + " (" +
                             std::strerror(why) + ")");
        }
        struct stat by_fd {
        }, by_path{};
        if (::fstat(fd, &by_fd) == 0 && ::stat(m_lock_path.c_str(), &by_path) == 0 &&
            by_fd.st_ino == by_path.st_ino && by_fd.st_dev == by_path.st_dev) {
            const std::string pid = std::to_string(::getpid()) + "\n";
            if (::ftruncate(fd, 0) == 0 && ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
                // The pid is only for messages; the lock holds without it.
            }
            held.fd = fd;
            held.count = 1;
            return;
        }
        ::close(fd); // the holder before us removed this file: lock the new one
    }
    held_locks().erase(m_lock_path);
    throw InputError(project_path + ": cannot lock " + m_lock_path);
}

ProjectLock::~ProjectLock() {
    if (m_lock_path.empty()) return;
    std::lock_guard guard(locks_mutex());
    auto it = held_locks().find(m_lock_path);
    if (it == held_locks().end() || --it->second.count > 0) return;
    ::unlink(m_lock_path.c_str());
    ::close(it->second.fd);
    held_locks().erase(it);
}

} // namespace cordon::geo
