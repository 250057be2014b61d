#pragma once
// The import report and the comparison of two scenarios, as dialogs in the planner's words:
// rows of labels, counts and units (no JSON keys, no expressions), and from the import
// report's checks a click-through to the features.

#include <cordon/gui/document.hpp>

#include <nlohmann/json.hpp>
#include <wx/dialog.h>

#include <functional>
#include <string>
#include <vector>

class wxListCtrl;

namespace cordon::gui {

/// What a project coordinate system is called in the UI language: its EPSG code and, in
/// English, its name ("EPSG:32648 WGS 84 / UTM zone 48N" is "EPSG:32648" in Chinese).
wxString CrsText(const std::string& crs);

/// The import report (session::import_project's JSON): per layer what was read, imported,
/// repaired and dropped and why, the sources, what is left to check (each with a count; Select
/// selects those features on the map and in the table), the road network.
class ImportReportDialog : public wxDialog {
public:
    /// `select` selects the features of a layer for which an expression holds.
    ImportReportDialog(wxWindow* parent, const nlohmann::json& report,
                       std::function<void(FeatureLayer, const std::string&)> select);
    /// Selects the features of check row `row` (as the Select button does); false when the
    /// row is not a check.
    bool SelectRow(long row);

private:
    struct Check {
        long row;
        FeatureLayer layer;
        std::string expression;
    };
    wxListCtrl* m_list = nullptr;
    std::vector<Check> m_checks;
    std::function<void(FeatureLayer, const std::string&)> m_select;
};

/// One row of a scenario comparison: what, in A, in B and the difference, in words and units.
struct CompareRow {
    wxString label, a, b, difference;
};
/// The rows of session::compare_scenarios' JSON: its figures with their units (a deviation
/// in %, households), the zones by number with their households and the buildings each kept,
/// then the counts of features that differ.
std::vector<CompareRow> CompareRows(const nlohmann::json& comparison);

/// Two scenarios side by side (CompareRows).
class CompareDialog : public wxDialog {
public:
    CompareDialog(wxWindow* parent, const nlohmann::json& comparison);
};

} // namespace cordon::gui
