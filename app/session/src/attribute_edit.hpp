#pragma once
// The attribute form's edits (SetAttribute, SetHome): applying, saying and reading them.
// Private to cordon_session; edit.cpp dispatches to these.

#include <cordon/session/edit.hpp>

#include <set>

namespace cordon::session::detail {

Edit apply_attribute(geo::District& district, const SetAttribute& edit);
Edit apply_home(geo::District& district, const SetHome& edit);

std::string describe_attribute(const SetAttribute& edit);
std::string describe_home(const SetHome& edit);
/// "set households of 3 buildings to 0", "mark 3 buildings not a home"; empty when the
/// edits are not all alike.
std::string describe_many(const std::vector<Edit>& edits);

nlohmann::json attribute_to_json(const SetAttribute& edit);
nlohmann::json home_to_json(const SetHome& edit);
/// Throw InputError naming `what` (the edit) on anything they cannot read.
SetAttribute attribute_from_json(const nlohmann::json& json, const std::string& what);
SetHome home_from_json(const nlohmann::json& json, const std::string& what);

} // namespace cordon::session::detail
