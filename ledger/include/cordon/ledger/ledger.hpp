#pragma once
// The household ledger of a project: a register imported and matched to the buildings, the
// planner's own matches, and the lists the planner checks.

#include <cordon/geo/district.hpp>
#include <cordon/geo/progress.hpp>
#include <cordon/ledger/register_file.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace cordon::ledger {

struct ImportRegisterOptions {
    RegisterOptions read;
    /// Store names, ID numbers and phones, masked, in household_personal; else none is kept.
    bool keep_personal = false;
    /// The household categories to count under (see categories.hpp); empty: the project's
    /// list, else the default one. Kept in the project.
    std::vector<std::string> categories;
};

/// The parameters of an import as the project's history records them (both front ends): file,
/// keep_personal, and the sheet, encoding ("gbk", "utf8"), columns and categories when given.
nlohmann::json import_parameters(const std::string& file, const ImportRegisterOptions& options);

/// Reads the register `file`, matches its households to the district's buildings (the
/// planner's matches first) and puts them in the district, replacing the households of the
/// register before; the households then replace the estimates of their buildings (see
/// apply_register_counts, whose figures are the report's "buildings"). Returns the report: rows,
/// duplicates, matched per rule, ambiguous, unmatched, match rate, per community, warnings (naming
/// file, sheet, row and column; no personal data is quoted). Throws InputError when the register
/// cannot be read (see read_register) or the district has no buildings; the district is then
/// unchanged.
nlohmann::json import_register(geo::District& district, const std::string& file,
                               const ImportRegisterOptions& options, Progress& progress);
/// The same with the register as `read` gives it (read_register of `file`, or a table read
/// before: a front end reads the register while it opens the project). What `read` throws is
/// thrown, the district unchanged.
nlohmann::json import_register(geo::District& district, const std::string& file,
                               const std::function<RegisterTable()>& read,
                               const ImportRegisterOptions& options, Progress& progress);

/// The planner matches the household `key` to the building `building` (its id, or its source
/// id): kept in the project and applied to the households now and on every later import.
/// The buildings' counts follow (apply_register_counts). Returns the match's figures. Throws
/// InputError when no building has that id.
nlohmann::json match_household(geo::District& district, const std::string& key,
                               const std::string& building);

/// One row per household of the register: key, register row, community, compound, building,
/// unit, room, address, category, members, vacant (yes or no), the building matched (id and
/// source id; empty if none), the rule or the reason it is ambiguous or unmatched.
struct HouseholdListing {
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
};
/// Which households a listing holds: all, those on no building (ambiguous or unmatched), or
/// the vacant homes.
enum class ListFilter { all, unmatched, vacant };
HouseholdListing list_households(const geo::District& district, ListFilter filter);

/// Counts of the ledger as it stands: households, vacant, matched per rule, ambiguous, unmatched,
/// match rate, per community.
nlohmann::json ledger_figures(const geo::District& district);

} // namespace cordon::ledger

namespace cordon::ledger {

/// Writes a listing as CSV (UTF-8 with a byte-order mark, which Excel needs to read it) or
/// XLSX (through GDAL), by the extension of `path`, all or nothing. Throws InputError naming
/// the path for another extension or a file that cannot be written.
void write_listing(const HouseholdListing& listing, const std::string& path);

/// Tables in one file, as write_listing writes one: in an XLSX one sheet each, named; in a CSV
/// one after another, each below a line with its name, a blank line between them.
struct NamedTable {
    std::string name;
    HouseholdListing table;
};
void write_tables(const std::vector<NamedTable>& tables, const std::string& path);

} // namespace cordon::ledger
