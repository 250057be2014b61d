#pragma once
// Planning on real counts (issue 14, item 3): the households a register puts on a building
// replace the building's estimate.

#include <cordon/geo/district.hpp>

#include <nlohmann/json.hpp>

namespace cordon::ledger {

/// Puts the district's matched households on their buildings: a building with any becomes
/// `registered`, its households the register's (vacant homes included, counted in
/// `vacant_homes`), its residents their members (vacant homes none; a household whose members
/// the register does not give counts the mean of those that do), households_estimated false.
/// A building no household names (any more) goes back to its imported figures. The zones'
/// households are counted again from their buildings. Returns the tally
/// (geo::to_json(HouseholdTally)) with "members_not_given" and "zones_recounted".
nlohmann::json apply_register_counts(geo::District& district);

} // namespace cordon::ledger
