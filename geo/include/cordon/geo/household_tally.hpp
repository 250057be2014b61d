#pragma once
// A district's households by where their figures come from (issue 14): a register matched to
// the building, an estimate from the footprint (homes no register row names), or the source's
// own field.

#include <cordon/geo/district.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <set>
#include <string>
#include <vector>

namespace cordon::geo {

struct HouseholdTally {
    double households = 0; ///< all, as the plan counts them
    double residents = 0;
    std::size_t registered_buildings = 0; ///< buildings whose figures are the register's
    double registered_households = 0;     ///< their households, vacant homes included
    std::size_t vacant_homes = 0;         ///< households the register says are empty
    double registered_residents = 0;
    std::size_t estimated_buildings = 0; ///< homes (households > 0) with estimated figures
    double estimated_households = 0;
    std::size_t given_buildings = 0; ///< homes whose figures the source gave
    double given_households = 0;

    void add(const Building& b);
};

/// The tally of every building of the district.
HouseholdTally tally_households(const District& district);

/// {"households", "residents", "registered": {"buildings", "households", "vacant",
/// "residents"}, "estimated": {"buildings", "households"}, "given": {"buildings",
/// "households"}}, households and residents rounded to whole ones.
nlohmann::json to_json(const HouseholdTally& tally);

/// Where a project keeps its list of household categories (a JSON array of names, in
/// ProjectMeta::parameters): the register's import puts it there.
inline constexpr const char* k_household_categories = "household_categories";

/// The project's list of household categories; empty when it has none.
std::vector<std::string> household_categories(const District& district);

/// The register's households per category (as stored: the list's name, or the register's
/// text when it names none; "" when it gives none), district-wide, per zone (of the building a
/// household is on) and per community (as the register names it). Categories in the order of
/// the project's list, then the others by name. JSON: {"list": [names], "district":
/// [{"category", "households", "listed"}], "zones": [{"id", "name", "categories": [...]}],
/// "communities": [{"name", "categories": [...]}]}; empty arrays without a register.
nlohmann::json category_counts(const District& district);

/// The households and buildings of `zones` again from the patrol buildings in them (after an
/// edit or a register changed them).
void recount_zones(District& district, const std::set<Id>& zones);

} // namespace cordon::geo
