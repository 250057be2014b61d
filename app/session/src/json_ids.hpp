#pragma once
// Feature ids in JSON read from files and projects (edits, scenarios, closed roads): whole
// numbers in range, refused with an InputError naming where they came from otherwise (1.9 is
// not gate 1, 1e30 and 2^64−1 are no gate at all).

#include <cordon/geo/district.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace cordon::session {

/// `value` as an id from `lowest` to 2^63−1; a float counts when it is whole and below 2^53.
geo::Id id_from_json(const nlohmann::json& value, const std::string& what, geo::Id lowest = 1);

/// An id written as an object key, as Cordon writes them ("12": no sign, no leading zero),
/// from 1 to 2^63−1.
geo::Id id_from_key(const std::string& key, const std::string& what);

} // namespace cordon::session
