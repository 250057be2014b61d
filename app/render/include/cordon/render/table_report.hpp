#pragma once
// A report of tables as a PDF (the screening's progress and its list of households not yet
// met, what a community office prints and sends on): a title, then each table under its
// name, flowing over as many pages as it needs with its header on every page.

#include <cordon/render/decorations.hpp>

#include <string>
#include <vector>

namespace cordon::render {

struct ReportTable {
    std::string name;
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
};

struct TableReport {
    std::string title;
    std::string subtitle; ///< a line under the title (what, as of when)
    std::vector<ReportTable> tables;
};

/// Writes `report` as an A4 portrait PDF in the CJK font of the style table, page numbers in
/// `language`. Columns are as wide as their text needs (cut with an ellipsis past a third of
/// the page); columns of numbers are set right. All or nothing (geo::OutputFile). Throws
/// Error when the font is missing (require_font) and InputError naming `path` when it cannot
/// be written. Returns the number of pages.
int write_table_report(const TableReport& report, const std::string& path, Language language);

} // namespace cordon::render
