#pragma once
// JSON that Cordon does not write itself — files the planner names (edits, checkpoint costs)
// and the JSON text kept in a project (scenarios, closed roads, step parameters) — read with
// bounds. The nesting limit is enforced while parsing, so no deeply nested value is ever
// built, copied, printed or destroyed (each of which recurses); numbers beyond a double's
// range are refused; every error names where the text came from.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace cordon::geo {

struct JsonLimits {
    std::size_t max_depth = 64;          ///< arrays and objects inside each other
    std::size_t max_bytes = 64ull << 20; ///< 64 MiB of text
};

/// Parses `text`. Throws InputError "<what>: …" when it is not JSON, is nested deeper than
/// limits.max_depth, is longer than limits.max_bytes or holds a number beyond a double's range
/// (1e400). `what` names the source: a file, or "table 'parameters', row …, column 'value'".
nlohmann::json parse_json_bounded(std::string_view text, const std::string& what,
                                  const JsonLimits& limits = {});

/// Reads the file at `path` (refusing one larger than limits.max_bytes before reading it) and
/// parses it as parse_json_bounded does; the errors name the file.
nlohmann::json read_json_file(const std::string& path, const JsonLimits& limits = {});

/// `json.dump()` cut to at most about `max_chars` characters ("…" at the end when cut), for
/// messages: a value from a file can be megabytes long.
std::string json_excerpt(const nlohmann::json& json, std::size_t max_chars = 120);

} // namespace cordon::geo
