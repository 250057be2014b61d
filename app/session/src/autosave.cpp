#include <cordon/geo/project_store.hpp>
#include <cordon/session/autosave.hpp>

#include <filesystem>
#include <functional>
#include <unistd.h>

namespace cordon::session {

namespace fs = std::filesystem;

namespace {

std::string beside(const std::string& project) {
    const fs::path p = fs::absolute(project);
    return (p.parent_path() / ("." + p.filename().string() + ".autosave")).string();
}

std::string in_fallback(const std::string& project, const std::string& dir) {
    const fs::path p = fs::absolute(project);
    // The project's full path, hashed, keeps copies of same-named projects apart.
    const std::size_t h = std::hash<std::string>{}(p.string());
    return (fs::path(dir) / (p.filename().string() + "." + std::to_string(h) + ".autosave"))
        .string();
}

bool writable_dir(const fs::path& dir) {
    return ::access(dir.c_str(), W_OK) == 0;
}

} // namespace

std::string autosave_path(const std::string& project, const std::string& fallback_dir) {
    const fs::path dir = fs::absolute(project).parent_path();
    if (fallback_dir.empty() || writable_dir(dir)) return beside(project);
    return in_fallback(project, fallback_dir);
}

std::string write_autosave(const geo::District& district, const std::string& project,
                           Progress& progress, const std::string& fallback_dir) {
    const std::string path = autosave_path(project, fallback_dir);
    if (!fallback_dir.empty() && path.rfind(fallback_dir, 0) == 0) {
        std::error_code ec;
        fs::create_directories(fallback_dir, ec);
    }
    geo::write_project(district, path, progress);
    return path;
}

std::optional<std::string> find_recovery(const std::string& project,
                                         const std::string& fallback_dir) {
    std::error_code ec;
    for (const std::string& path :
         {beside(project),
          fallback_dir.empty() ? std::string() : in_fallback(project, fallback_dir)}) {
        if (path.empty() || !fs::exists(path, ec)) continue;
        const auto copy = fs::last_write_time(path, ec);
        if (ec) continue;
        const auto original = fs::last_write_time(project, ec);
        if (ec || copy >= original) return path;
    }
    return std::nullopt;
}

void discard_autosave(const std::string& project, const std::string& fallback_dir) {
    std::error_code ec;
    fs::remove(beside(project), ec);
    if (!fallback_dir.empty()) fs::remove(in_fallback(project, fallback_dir), ec);
}

} // namespace cordon::session
