#pragma once
// Select by Expression, Select by Location and the attribute form: the dialogs only. What
// they select and edit is worked out in the libraries (geo::select_where, geo::select_inside,
// session::attribute_edits) through the window (MainFrame::SelectWhere, SelectInside,
// EditAttributes), the same calls the test script and cordon-cli make.

#include <cordon/gui/document.hpp>

#include <wx/dialog.h>

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

class wxCheckBox;
class wxChoice;
class wxComboBox;
class wxListBox;
class wxRadioButton;
class wxStaticText;
class wxTextCtrl;

namespace cordon::gui {

class SelectByExpressionDialog : public wxDialog {
public:
    SelectByExpressionDialog(wxWindow* parent, FeatureLayer layer, const std::string& expression);
    FeatureLayer GetLayer() const;
    std::string GetExpression() const;

private:
    void ShowFields();
    wxChoice* m_layer = nullptr;
    wxListBox* m_fields = nullptr;
    wxTextCtrl* m_expression = nullptr;
};

/// Where Select by Location looks: inside the polygon last drawn with the Select tool, a
/// zone or a community.
struct LocationArea {
    enum class Kind { drawn, zone, community } kind = Kind::drawn;
    geo::Id id = 0;
};

class SelectByLocationDialog : public wxDialog {
public:
    SelectByLocationDialog(wxWindow* parent, const geo::District& district, FeatureLayer layer,
                           bool has_drawn);
    FeatureLayer GetLayer() const;
    LocationArea GetArea() const;

private:
    const geo::District& m_district;
    wxChoice* m_layer = nullptr;
    wxRadioButton* m_drawn = nullptr;
    wxRadioButton* m_zone = nullptr;
    wxRadioButton* m_community = nullptr;
    wxChoice* m_zones = nullptr;
    wxChoice* m_communities = nullptr;
};

/// The attributes of the selected features, one field a row: the common value (empty when
/// they differ); only the fields the planner changes are set, on every selected feature.
class AttributeForm : public wxDialog {
public:
    AttributeForm(wxWindow* parent, const geo::District& district, FeatureLayer layer,
                  const std::set<geo::Id>& ids);
    /// (field, value) of the fields changed, as session::attribute_edits takes them.
    std::vector<std::pair<std::string, std::string>> Changed() const;

private:
    struct Row {
        std::string field;
        wxTextCtrl* text = nullptr;
        wxComboBox* combo = nullptr;
        wxChoice* choice = nullptr;
        wxCheckBox* check = nullptr;
        wxString initial;
        int initial_state = 0;
    };
    std::vector<Row> m_rows;
};

/// The value of `field` of feature `id` as the form shows it (households and floors as
/// numbers, mode as its key, home as yes / no).
std::string FieldValue(const geo::District& district, FeatureLayer layer, geo::Id id,
                       const std::string& field);

} // namespace cordon::gui
