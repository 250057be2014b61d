#include <cordon/geo/error.hpp>
#include <cordon/geo/output_file.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace cordon::geo {

namespace {

/// Flush to the temporary file once this much is buffered.
constexpr std::size_t k_buffer = 1 << 20;

[[noreturn]] void cannot_write(const std::string& target, const std::string& reason) {
    throw InputError(target + ": cannot write (" + reason + ")");
}

/// A short name beside the target, whatever the target's name's length.
fs::path temp_name(const fs::path& folder) {
    static std::atomic<unsigned> counter{0};
    return folder / (".cordon-tmp-" + std::to_string(::getpid()) + "-" +
                     std::to_string(counter.fetch_add(1)));
}

void sync_folder(const fs::path& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

/// Throws unless `folder` exists and is writable.
void check_folder(const std::string& target, const fs::path& folder) {
    struct stat st {};
    if (::stat(folder.c_str(), &st) != 0) {
        if (errno == ENOENT) cannot_write(target, "folder " + folder.string() + " does not exist");
        cannot_write(target, system_error_text(errno));
    }
    if (!S_ISDIR(st.st_mode)) cannot_write(target, folder.string() + " is not a folder");
    if (::access(folder.c_str(), W_OK) != 0)
        cannot_write(target, "folder " + folder.string() + ": " + system_error_text(errno));
}

} // namespace

std::string system_error_text(int code) {
    return std::strerror(code);
}

fs::path check_output_path(const std::string& target) {
    if (target.empty()) cannot_write("(empty path)", "no file name");
    fs::path path = fs::absolute(target);
    std::error_code ec;
    // A symbolic link: the output replaces the file it points to, not the link.
    if (fs::is_symlink(fs::symlink_status(path, ec))) {
        const fs::path real = fs::weakly_canonical(path, ec);
        if (!ec) path = real;
    }
    if (path.filename().empty()) cannot_write(target, system_error_text(EISDIR));
    if (path.filename().native().size() > 255)
        cannot_write(target, system_error_text(ENAMETOOLONG));
    check_folder(target, path.parent_path());
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode)) cannot_write(target, system_error_text(EISDIR));
        if ((st.st_mode & 0222) == 0)
            cannot_write(target, "the file is read-only; remove it or choose another name");
    } else if (errno != ENOENT) {
        cannot_write(target, system_error_text(errno));
    }
    return path;
}

// --- OutputFile ---------------------------------------------------------------------------------

OutputFile::OutputFile(const std::string& target, const std::string& name)
    : m_target(name.empty() ? target : name), m_real(check_output_path(target)) {
    m_temp = temp_name(m_real.parent_path());
    m_fd = ::open(m_temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (m_fd < 0) cannot_write(m_target, system_error_text(errno));
    // An earlier file keeps its permissions.
    struct stat st {};
    if (::stat(m_real.c_str(), &st) == 0) ::fchmod(m_fd, st.st_mode & 07777);
    m_buffer.reserve(k_buffer);
}

OutputFile::~OutputFile() {
    if (m_fd >= 0) ::close(m_fd);
    if (!m_committed) ::unlink(m_temp.c_str());
}

void OutputFile::fail(const std::string& reason) const {
    cannot_write(m_target, reason);
}

void OutputFile::flush() {
    const char* data = m_buffer.data();
    std::size_t left = m_buffer.size();
    while (left > 0) {
        const ssize_t n = ::write(m_fd, data, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int error = errno;
            m_buffer.clear();
            fail(system_error_text(error));
        }
        data += n;
        left -= static_cast<std::size_t>(n);
    }
    m_buffer.clear();
}

void OutputFile::write(std::string_view bytes) {
    if (m_finished) fail("written after it was finished");
    m_size += bytes.size();
    if (m_buffer.size() + bytes.size() > k_buffer) flush();
    if (bytes.size() >= k_buffer) {
        m_buffer.assign(bytes);
        flush();
    } else {
        m_buffer.append(bytes);
    }
}

void OutputFile::finish() {
    if (m_finished) return;
    flush();
    if (::fsync(m_fd) != 0) fail(system_error_text(errno));
    struct stat st {};
    if (::fstat(m_fd, &st) != 0) fail(system_error_text(errno));
    if (static_cast<std::uint64_t>(st.st_size) != m_size)
        fail("wrote " + std::to_string(m_size) + " bytes but the file holds " +
             std::to_string(st.st_size));
    const int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0) fail(system_error_text(errno));
    m_finished = true;
}

void OutputFile::commit() {
    if (m_committed) return;
    finish();
    if (::rename(m_temp.c_str(), m_real.c_str()) != 0) fail(system_error_text(errno));
    m_committed = true;
    sync_folder(m_real.parent_path());
}

void write_output(const std::string& target, std::string_view bytes) {
    OutputFile out(target);
    out.write(bytes);
    out.commit();
}

// --- StagingFolder ------------------------------------------------------------------------------

StagingFolder::StagingFolder(const std::string& target) : m_target(target) {
    fs::path real = fs::absolute(target);
    if (real.filename().empty()) real = real.parent_path(); // "package/"
    std::error_code ec;
    if (fs::is_directory(real, ec)) {
        // A folder output replacing an earlier one: only its parent must be writable.
        real = fs::weakly_canonical(real, ec);
        if (ec) real = fs::absolute(target);
        check_folder(target, real.parent_path());
    } else {
        real = check_output_path(real.string());
    }
    m_real = real;
    m_path = temp_name(real.parent_path());
    if (::mkdir(m_path.c_str(), 0777) != 0) cannot_write(m_target, system_error_text(errno));
}

StagingFolder::~StagingFolder() {
    if (m_committed) return;
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

void StagingFolder::sync() const {
    std::error_code ec;
    for (const auto& entry : fs::recursive_directory_iterator(m_path, ec)) {
        if (!entry.is_regular_file()) continue;
        const int fd = ::open(entry.path().c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) cannot_write(m_target, system_error_text(errno));
        const int ok = ::fsync(fd);
        const int error = errno;
        ::close(fd);
        if (ok != 0) cannot_write(m_target, system_error_text(error));
    }
}

void StagingFolder::commit_files(const fs::path& folder, const std::vector<std::string>& stale) {
    sync();
    std::vector<std::string> brought;
    for (const auto& entry : fs::directory_iterator(m_path)) {
        const std::string name = entry.path().filename().string();
        if (::rename(entry.path().c_str(), (folder / name).c_str()) != 0)
            cannot_write((folder / name).string(), system_error_text(errno));
        brought.push_back(name);
    }
    std::error_code ec;
    for (const auto& name : stale)
        if (std::find(brought.begin(), brought.end(), name) == brought.end())
            fs::remove(folder / name, ec);
    sync_folder(folder);
    fs::remove_all(m_path, ec);
    m_committed = true;
}

void StagingFolder::commit_as(const fs::path& folder) {
    sync();
    std::error_code ec;
    if (fs::exists(fs::symlink_status(folder, ec))) {
        // Swap the two in one step (no moment without a package), then remove the old one.
        if (::renameat2(AT_FDCWD, m_path.c_str(), AT_FDCWD, folder.c_str(), RENAME_EXCHANGE) != 0)
            cannot_write(m_target, system_error_text(errno));
        m_committed = true;
        fs::remove_all(m_path, ec);
    } else {
        if (::rename(m_path.c_str(), folder.c_str()) != 0)
            cannot_write(m_target, system_error_text(errno));
        m_committed = true;
    }
    sync_folder(folder.parent_path().empty() ? fs::path(".") : folder.parent_path());
}

} // namespace cordon::geo
