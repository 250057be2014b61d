#include "json_ids.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/json_read.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

namespace cordon::session {

geo::Id id_from_json(const nlohmann::json& value, const std::string& what, geo::Id lowest) {
    constexpr geo::Id highest = std::numeric_limits<geo::Id>::max();
    const std::string shown = geo::json_excerpt(value, 40);
    const std::string range = " is out of range (ids are whole numbers from " +
                              std::to_string(lowest) + " to " + std::to_string(highest) + ")";
    if (value.is_number_unsigned()) {
        const auto u = value.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(highest) || static_cast<geo::Id>(u) < lowest)
            throw InputError(what + ": id " + shown + range);
        return static_cast<geo::Id>(u);
    }
    if (value.is_number_integer()) {
        const auto i = value.get<std::int64_t>();
        if (i < lowest) throw InputError(what + ": id " + shown + range);
        return i;
    }
    if (value.is_number_float()) {
        const double d = value.get<double>();
        if (!std::isfinite(d) || d != std::floor(d))
            throw InputError(what + ": id " + shown + " is not a whole number");
        // Beyond 2^53 a double no longer holds every whole number: the id would be a guess.
        if (d < static_cast<double>(lowest) || d > 9007199254740992.0)
            throw InputError(what + ": id " + shown + range);
        return static_cast<geo::Id>(d);
    }
    throw InputError(what + ": id " + shown + " is not a number");
}

geo::Id id_from_key(const std::string& key, const std::string& what) {
    geo::Id id = 0;
    const char* end = key.data() + key.size();
    const auto [stop, ec] = std::from_chars(key.data(), end, id);
    // As Cordon writes them (std::to_string): no sign, no leading zero, nothing else.
    if (ec != std::errc() || stop != end || id < 1 || key != std::to_string(id))
        throw InputError(what + ": key " + geo::json_excerpt(nlohmann::json(key), 40) +
                         " is not an id (a whole number from 1)");
    return id;
}

} // namespace cordon::session
