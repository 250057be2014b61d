#pragma once
// A community office's household register read through GDAL (XLSX, XLS, ODS, CSV): every
// cell as text, the title rows above the table skipped, the columns given roles.

#include <cordon/geo/text_encoding.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cordon::ledger {

/// The roles a register's columns can play (date, result and note: in a visits file).
inline const std::vector<std::string> register_roles{
    "household", "community", "grid",     "compound", "building", "building_code", "unit",
    "room",      "address",   "category", "members",  "vacant",   "registered",    "name",
    "id_number", "phone",     "date",     "result",   "note"};

/// Roles whose cells are personal data: never quoted in messages, stored only when asked.
bool is_personal_role(const std::string& role);

/// The role a column header suggests (户主 → name, 小区（院落）名称 → compound…), if any.
std::optional<std::string> guess_role(const std::string& header);

struct RegisterOptions {
    std::string sheet;                         ///< empty: the first sheet with a register
    std::optional<geo::TextEncoding> encoding; ///< of a CSV; none: detected
    /// role → column header, the planner's; an empty header: no column plays the role (its
    /// guess is left out).
    std::map<std::string, std::string> columns;
};

/// A register as read: its header row, the roles of its columns and its rows of text.
struct RegisterTable {
    std::string file;
    std::string sheet;
    std::string encoding;             ///< "UTF-8", "GBK", "GBK (detected)"…
    int header_row = 0;               ///< sheet row of the header (1 = first)
    std::vector<std::string> headers; ///< the header row's cells
    std::vector<int> skipped_rows;    ///< sheet rows above the header (titles, notes)
    std::map<std::string, int> roles; ///< role → column index
    struct Row {
        int sheet_row = 0;
        std::vector<std::string> cells; ///< trimmed; a cell too long to be real is left empty
    };
    std::vector<Row> rows;             ///< below the header, empty rows left out
    std::vector<std::string> warnings; ///< each names the file, sheet, row and column

    /// "FILE, sheet 'S', row N, column 'C'" for messages.
    std::string where(int sheet_row, int column) const;
    /// The cell of `role` in `row`, empty when the register has no such column.
    const std::string& cell(const Row& row, const std::string& role) const;
};

/// Cells longer than this are not register data (a paste gone wrong): left out with a warning.
inline constexpr std::size_t max_cell_chars = 500;

/// The sheets of a spreadsheet register, in order (a CSV: none, it has one table). Throws
/// InputError naming the file when GDAL cannot read it as a spreadsheet.
std::vector<std::string> register_sheets(const std::string& file);

/// Reads a register. Throws InputError naming the file (and sheet, row and column) when it is
/// not a spreadsheet GDAL reads, has no sheet of that name, no recognisable header row, a
/// column mapped that it lacks, or text that is not valid in the encoding asked.
RegisterTable read_register(const std::string& file, const RegisterOptions& options);

} // namespace cordon::ledger
