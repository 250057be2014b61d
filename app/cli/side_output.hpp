#pragma once
// The files a command writes beside its main work (--json, --choke-points): all or nothing
// together with the project the command saves.

#include <cordon/geo/output_file.hpp>

#include <memory>
#include <optional>
#include <string>

namespace cordon::cli {

/// A side output of a command that saves a project. Made before the project is read: the
/// path is checked and its temporary file created, so an unwritable path fails before
/// anything changes. write() fills and flushes it before the project is saved (a full disk
/// fails then, with the project untouched); commit() puts it in place after the save. "-" is
/// stdout, printed at commit(). Without a path it does nothing.
class SideOutput {
public:
    explicit SideOutput(std::optional<std::string> path);
    void write(const std::string& text);
    void commit();

private:
    std::optional<std::string> m_path;
    std::unique_ptr<geo::OutputFile> m_file;
    std::string m_stdout;
};

} // namespace cordon::cli
