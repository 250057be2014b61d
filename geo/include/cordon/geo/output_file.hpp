#pragma once
// Output files written beside their targets and moved into place only when complete and
// verified: an existing file is never removed or replaced by a partial one.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace cordon::geo {

/// The system's words for an errno value: "No space left on device", "File too large".
std::string system_error_text(int code);

/// Checks that `target` can be written as a file: its folder exists and is writable, it is
/// not a folder, its name is not too long, an existing file there is not read-only. Throws
/// InputError "TARGET: cannot write (REASON)" otherwise. Resolves a symbolic link: returns
/// the path the output really goes to.
std::filesystem::path check_output_path(const std::string& target);

/// One output file. The bytes go to a temporary file in the target's folder; commit() flushes
/// it to disk, checks that the file holds exactly the bytes written, and renames it over the
/// target (keeping an existing target's permissions). Until then an earlier file at the
/// target is untouched; the destructor removes the temporary file of an output never
/// committed (a failure, an exception, a cancel). Every failure throws InputError naming the
/// target and the system's reason.
class OutputFile {
public:
    /// Checks the target (check_output_path) and creates the temporary file. Messages name
    /// `name`, when given, instead of the target (a part of a larger output).
    explicit OutputFile(const std::string& target, const std::string& name = {});
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    void write(std::string_view bytes);
    /// Flushes and syncs the temporary file and checks its size; idempotent. commit() calls it;
    /// call it early to find a full disk before committing something else (a project).
    void finish();
    /// finish(), then renames the temporary file over the target.
    void commit();

    /// The target as given, or the name for messages.
    const std::string& target() const { return m_target; }
    /// The temporary file (to read back what was written).
    const std::filesystem::path& temp_path() const { return m_temp; }
    /// Bytes written so far.
    std::uint64_t size() const { return m_size; }

private:
    void flush();
    [[noreturn]] void fail(const std::string& reason) const;

    std::string m_target;
    std::filesystem::path m_real; ///< the target with symbolic links resolved
    std::filesystem::path m_temp;
    int m_fd = -1;
    std::string m_buffer;
    std::uint64_t m_size = 0;
    bool m_finished = false;
    bool m_committed = false;
};

/// Writes `bytes` to `target` through an OutputFile: all or nothing.
void write_output(const std::string& target, std::string_view bytes);

/// A temporary folder beside an output, for writers that make files by name (GDAL drivers,
/// a Shapefile's five files, a hand-over package). Removed with what it holds unless its
/// contents were moved out by one of the commit functions.
class StagingFolder {
public:
    /// A fresh folder beside `target` (a file or folder path, checked as check_output_path).
    explicit StagingFolder(const std::string& target);
    ~StagingFolder();
    StagingFolder(const StagingFolder&) = delete;
    StagingFolder& operator=(const StagingFolder&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    /// The target with symbolic links resolved.
    const std::filesystem::path& target_path() const { return m_real; }
    /// Syncs every file in the folder to disk.
    void sync() const;
    /// Moves every file of the folder into `folder` (replacing files of the same name), then
    /// removes there the files named in `stale` that the folder did not bring (the earlier
    /// output's sidecar files). The target folder's files are replaced one by one.
    void commit_files(const std::filesystem::path& folder, const std::vector<std::string>& stale);
    /// Puts the folder in place of `folder` (an earlier one is swapped out and removed).
    void commit_as(const std::filesystem::path& folder);

private:
    std::string m_target;
    std::filesystem::path m_real;
    std::filesystem::path m_path;
    bool m_committed = false;
};

} // namespace cordon::geo
