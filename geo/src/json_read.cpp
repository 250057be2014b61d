#include <cordon/geo/error.hpp>
#include <cordon/geo/json_read.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <sys/stat.h>

namespace cordon::geo {

namespace {

/// Thrown from the parser callback at the nesting limit; never leaves this file.
struct TooDeep {};

std::string size_text(std::size_t bytes) {
    if (bytes < 1000000) return std::to_string(bytes) + " bytes";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return buf;
}

/// nlohmann's message without its "[json.exception.parse_error.101] " tag, cut short: the
/// token it quotes can be as long as the text.
std::string reason(const nlohmann::json::exception& e) {
    std::string text = e.what();
    if (!text.empty() && text.front() == '[')
        if (const auto close = text.find("] "); close != std::string::npos)
            text.erase(0, close + 2);
    if (text.size() > 200) text = text.substr(0, 200) + "…";
    return text;
}

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

} // namespace

nlohmann::json parse_json_bounded(std::string_view text, const std::string& what,
                                  const JsonLimits& limits) {
    if (text.size() > limits.max_bytes)
        throw InputError(what + ": " + size_text(text.size()) + " of JSON; at most " +
                         size_text(limits.max_bytes) + " is read");
    const auto max_depth = static_cast<int>(limits.max_depth);
    const nlohmann::json::parser_callback_t guard =
        [max_depth](int depth, nlohmann::json::parse_event_t event, nlohmann::json&) {
            // depth counts the arrays and objects around the one starting.
            if ((event == nlohmann::json::parse_event_t::object_start ||
                 event == nlohmann::json::parse_event_t::array_start) &&
                depth >= max_depth)
                throw TooDeep{};
            return true;
        };
    try {
        return nlohmann::json::parse(text.begin(), text.end(), guard);
    } catch (const TooDeep&) {
        throw InputError(what + ": JSON nested more than " + std::to_string(limits.max_depth) +
                         " levels deep (arrays and objects inside each other)");
    } catch (const nlohmann::json::exception& e) {
        throw InputError(what + ": not valid JSON (" + reason(e) + ")");
    }
}

nlohmann::json read_json_file(const std::string& path, const JsonLimits& limits) {
    const std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file) throw InputError(path + ": cannot read the file (" + std::strerror(errno) + ")");
    struct stat st {};
    if (::fstat(::fileno(file.get()), &st) != 0)
        throw InputError(path + ": cannot read the file (" + std::strerror(errno) + ")");
    if (S_ISDIR(st.st_mode)) throw InputError(path + ": is a folder, not a JSON file");
    if (S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) > limits.max_bytes)
        throw InputError(path + ": " + size_text(static_cast<std::size_t>(st.st_size)) +
                         " of JSON; at most " + size_text(limits.max_bytes) + " is read");
    // Read at most one byte beyond the limit (pipes and devices have no size to check first).
    std::string text;
    char buf[65536];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, file.get())) {
        text.append(buf, n);
        if (text.size() > limits.max_bytes) break;
    }
    if (std::ferror(file.get()))
        throw InputError(path + ": cannot read the file (" + std::strerror(errno) + ")");
    return parse_json_bounded(text, path, limits);
}

std::string json_excerpt(const nlohmann::json& json, std::size_t max_chars) {
    std::string text = json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text.size() <= max_chars) return text;
    // Cut on a UTF-8 character boundary.
    std::size_t cut = max_chars;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return text.substr(0, cut) + "…";
}

} // namespace cordon::geo
