#include "select_dialogs.hpp"

#include "attribute_table.hpp"
#include "dialog_buttons.hpp"
#include "features.hpp"
#include "format.hpp"
#include "main_frame.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/select.hpp>
#include <cordon/session/edit.hpp>

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/combobox.h>
#include <wx/intl.h>
#include <wx/listbox.h>
#include <wx/radiobut.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <algorithm>
#include <cstdio>
#include <iterator>

namespace cordon::gui {

namespace {

wxChoice* LayerChoice(wxWindow* parent, FeatureLayer layer) {
    auto* choice = new wxChoice(parent, wxID_ANY);
    for (std::size_t i = 0; i < std::size(k_feature_layers); ++i) {
        choice->Append(LayerTitle(k_feature_layers[i]));
        if (k_feature_layers[i] == layer) choice->SetSelection(static_cast<int>(i));
    }
    return choice;
}

FeatureLayer ChosenLayer(const wxChoice* choice) {
    const int i = choice->GetSelection();
    return i < 0 ? FeatureLayer::buildings : k_feature_layers[i];
}

/// The form's label of a field.
wxString FieldLabel(const std::string& field) {
    if (field == "name") return _("Name");
    if (field == "number") return _("Building number");
    if (field == "address") return _("Address");
    if (field == "category") return _("Category");
    if (field == "households") return _("Households");
    if (field == "floors") return _("Floors");
    if (field == "manager") return _("Manager");
    if (field == "team") return _("Team");
    if (field == "mode") return _("Control mode");
    if (field == "home") return _("A home (uncheck: not a home)");
    if (field == "hours") return _("Hours");
    if (field == "periods") return _("Periods (07:00-10:00=3,...)");
    if (field == "crew") return _("Crew");
    return U(field);
}

std::string Number(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", x);
    return buf;
}

template <class T> const T* Find(const std::vector<T>& features, geo::Id id) {
    for (const T& f : features)
        if (f.id == id) return &f;
    return nullptr;
}

const geo::CompoundMode k_modes[] = {geo::CompoundMode::unknown, geo::CompoundMode::closed,
                                     geo::CompoundMode::guarded, geo::CompoundMode::patrol};

} // namespace

std::string FieldValue(const geo::District& d, FeatureLayer layer, geo::Id id,
                       const std::string& field) {
    switch (layer) {
    case FeatureLayer::buildings:
        if (const auto* b = Find(d.buildings, id)) {
            if (field == "name") return b->name;
            if (field == "number") return b->number;
            if (field == "address") return b->address;
            if (field == "category") return b->category;
            if (field == "households") return Number(b->households);
            if (field == "floors") return Number(b->floors);
            if (field == "home") return b->control == "not_home" ? "no" : "yes";
        }
        break;
    case FeatureLayer::compounds:
        if (const auto* c = Find(d.compounds, id)) {
            if (field == "name") return c->name;
            if (field == "manager") return c->manager;
            if (field == "mode") return geo::to_string(c->mode);
        }
        break;
    case FeatureLayer::gates:
        if (const auto* g = Find(d.gates, id))
            if (field == "name") return g->name;
        break;
    case FeatureLayer::zones:
        if (const auto* z = Find(d.zones, id)) {
            if (field == "name") return z->name;
            if (field == "team") return z->team;
        }
        break;
    case FeatureLayer::checkpoints:
        if (const auto* c = Find(d.checkpoints, id)) {
            if (field == "hours") return c->hours;
            if (field == "periods") return c->periods;
            if (field == "crew") return Number(c->crew);
        }
        break;
    default:
        break;
    }
    return {};
}

// --- Select by Expression ------------------------------------------------------------------

SelectByExpressionDialog::SelectByExpressionDialog(wxWindow* parent, FeatureLayer layer,
                                                   const std::string& expression)
    : wxDialog(parent, wxID_ANY, _("Select by Expression"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER) {
    auto* top = new wxBoxSizer(wxVERTICAL);
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    row->Add(new wxStaticText(this, wxID_ANY, _("Layer:")), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT,
             6);
    m_layer = LayerChoice(this, layer);
    row->Add(m_layer, 1);
    top->Add(row, 0, wxEXPAND | wxALL, 10);
    auto* body = new wxBoxSizer(wxHORIZONTAL);
    auto* left = new wxBoxSizer(wxVERTICAL);
    left->Add(new wxStaticText(this, wxID_ANY, _("Fields (double-click to insert):")));
    m_fields = new wxListBox(this, wxID_ANY, wxDefaultPosition, wxSize(180, 220));
    left->Add(m_fields, 1, wxEXPAND | wxTOP, 4);
    body->Add(left, 0, wxEXPAND | wxRIGHT, 10);
    auto* right = new wxBoxSizer(wxVERTICAL);
    right->Add(new wxStaticText(this, wxID_ANY, _("Expression:")));
    m_expression = new wxTextCtrl(this, wxID_ANY, wxString::FromUTF8(expression), wxDefaultPosition,
                                  wxSize(420, 120), wxTE_MULTILINE);
    right->Add(m_expression, 1, wxEXPAND | wxTOP, 4);
    auto* help = new wxStaticText(
        this, wxID_ANY,
        _("Conditions over the fields: = != < <= > >=, LIKE ('%' any text, '_' one "
          "character), IN (...), BETWEEN, IS NULL, AND, OR, NOT. Text in single quotes.\n"
          "Examples: name LIKE '%Garden%'   households >= 10 AND category IN "
          "('apartments', 'residential')   NOT home"));
    help->Wrap(420);
    right->Add(help, 0, wxTOP, 6);
    body->Add(right, 1, wxEXPAND);
    top->Add(body, 1, wxEXPAND | wxLEFT | wxRIGHT, 10);
    top->Add(DialogButtons(*this), 0, wxEXPAND | wxALL, 10);
    SetSizerAndFit(top);
    ShowFields();
    m_layer->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { ShowFields(); });
    m_fields->Bind(wxEVT_LISTBOX_DCLICK, [this](wxCommandEvent& e) {
        m_expression->WriteText(e.GetString() + " ");
        m_expression->SetFocus();
    });
    m_expression->SetFocus();
}

void SelectByExpressionDialog::ShowFields() {
    m_fields->Clear();
    for (const auto& f : geo::selectable_fields(layer_key(GetLayer())))
        m_fields->Append(U(f));
}

FeatureLayer SelectByExpressionDialog::GetLayer() const {
    return ChosenLayer(m_layer);
}

std::string SelectByExpressionDialog::GetExpression() const {
    return m_expression->GetValue().utf8_string();
}

// --- Select by Location --------------------------------------------------------------------

SelectByLocationDialog::SelectByLocationDialog(wxWindow* parent, const geo::District& district,
                                               FeatureLayer layer, bool has_drawn)
    : wxDialog(parent, wxID_ANY, _("Select by Location")), m_district(district) {
    auto* top = new wxBoxSizer(wxVERTICAL);
    auto* grid = new wxFlexGridSizer(2, 8, 8);
    grid->AddGrowableCol(1);
    grid->Add(new wxStaticText(this, wxID_ANY, _("Select features of:")), 0,
              wxALIGN_CENTER_VERTICAL);
    m_layer = LayerChoice(this, layer);
    grid->Add(m_layer, 1, wxEXPAND);
    grid->Add(new wxStaticText(this, wxID_ANY, _("that lie inside:")), 0, wxALIGN_CENTER_VERTICAL);
    grid->AddSpacer(1);
    m_drawn = new wxRadioButton(this, wxID_ANY, _("the polygon drawn with the Select tool"),
                                wxDefaultPosition, wxDefaultSize, wxRB_GROUP);
    m_drawn->Enable(has_drawn);
    grid->Add(m_drawn, 0, wxALIGN_CENTER_VERTICAL);
    grid->AddSpacer(1);
    m_zone = new wxRadioButton(this, wxID_ANY, _("the zone"));
    m_zones = new wxChoice(this, wxID_ANY);
    for (const auto& z : district.zones)
        m_zones->Append(U(z.name.empty() ? "#" + std::to_string(z.id) : z.name));
    grid->Add(m_zone, 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(m_zones, 1, wxEXPAND);
    m_community = new wxRadioButton(this, wxID_ANY, _("the community"));
    m_communities = new wxChoice(this, wxID_ANY);
    for (const auto& c : district.communities)
        m_communities->Append(U(c.name.empty() ? std::to_string(c.id) : c.name));
    grid->Add(m_community, 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(m_communities, 1, wxEXPAND);
    if (!district.zones.empty()) m_zones->SetSelection(0);
    if (!district.communities.empty()) m_communities->SetSelection(0);
    m_zone->Enable(!district.zones.empty());
    m_community->Enable(!district.communities.empty());
    (has_drawn ? m_drawn : !district.zones.empty() ? m_zone : m_community)->SetValue(true);
    top->Add(grid, 1, wxEXPAND | wxALL, 10);
    top->Add(DialogButtons(*this), 0, wxEXPAND | wxALL, 10);
    SetSizerAndFit(top);
}

FeatureLayer SelectByLocationDialog::GetLayer() const {
    return ChosenLayer(m_layer);
}

LocationArea SelectByLocationDialog::GetArea() const {
    LocationArea a;
    if (m_zone->GetValue() && m_zones->GetSelection() >= 0) {
        a.kind = LocationArea::Kind::zone;
        a.id = m_district.zones[static_cast<std::size_t>(m_zones->GetSelection())].id;
    } else if (m_community->GetValue() && m_communities->GetSelection() >= 0) {
        a.kind = LocationArea::Kind::community;
        a.id = m_district.communities[static_cast<std::size_t>(m_communities->GetSelection())].id;
    }
    return a;
}

// --- The attribute form --------------------------------------------------------------------

AttributeForm::AttributeForm(wxWindow* parent, const geo::District& d, FeatureLayer layer,
                             const std::set<geo::Id>& ids)
    : wxDialog(parent, wxID_ANY,
               wxString::Format(_("Attributes of %s selected: %s"),
                                FormatNumber(static_cast<double>(ids.size())), LayerTitle(layer)),
               wxDefaultPosition, wxDefaultSize, wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER) {
    std::vector<std::string> fields = session::editable_fields(layer_key(layer));
    if (layer == FeatureLayer::compounds) fields.insert(fields.begin(), "mode");
    if (layer == FeatureLayer::buildings) fields.push_back("home");
    auto* top = new wxBoxSizer(wxVERTICAL);
    auto* note = new wxStaticText(
        this, wxID_ANY,
        _("A field left as it is keeps each feature's own value; an empty field means the "
          "selected features differ. What you change is set on all of them in one step."));
    note->Wrap(440);
    top->Add(note, 0, wxALL, 10);
    auto* grid = new wxFlexGridSizer(2, 8, 10);
    grid->AddGrowableCol(1);
    // Categories seen in the data, and the usual ones, offered in the category box.
    wxArrayString categories;
    for (const char* c : {"residential", "apartments", "dormitory", "house", "retail", "commercial",
                          "office", "school", "hospital", "yes"})
        categories.Add(CategoryText(c));
    for (const auto& b : d.buildings)
        if (!b.category.empty() && categories.Index(CategoryText(b.category)) == wxNOT_FOUND &&
            categories.size() < 60)
            categories.Add(CategoryText(b.category));
    for (const std::string& field : fields) {
        Row row;
        row.field = field;
        std::string common;
        bool same = true;
        bool first = true;
        for (geo::Id id : ids) {
            const std::string v = FieldValue(d, layer, id, field);
            if (first)
                common = v;
            else if (v != common)
                same = false;
            first = false;
        }
        if (field == "home") {
            grid->AddSpacer(1);
            row.check = new wxCheckBox(this, wxID_ANY, FieldLabel(field), wxDefaultPosition,
                                       wxDefaultSize, wxCHK_3STATE);
            row.initial_state = !same             ? wxCHK_UNDETERMINED
                                : common == "yes" ? wxCHK_CHECKED
                                                  : wxCHK_UNCHECKED;
            row.check->Set3StateValue(static_cast<wxCheckBoxState>(row.initial_state));
            grid->Add(row.check);
            m_rows.push_back(row);
            continue;
        }
        grid->Add(new wxStaticText(this, wxID_ANY, FieldLabel(field) + ":"), 0,
                  wxALIGN_CENTER_VERTICAL);
        if (field == "mode") {
            row.choice = new wxChoice(this, wxID_ANY);
            row.choice->Append(_("(various)"));
            for (geo::CompoundMode m : k_modes)
                row.choice->Append(ModeText(m));
            int at = 0;
            for (std::size_t i = 0; i < std::size(k_modes); ++i)
                if (same && common == geo::to_string(k_modes[i])) at = static_cast<int>(i) + 1;
            row.choice->SetSelection(at);
            row.initial_state = at;
            grid->Add(row.choice, 1, wxEXPAND);
        } else if (field == "category") {
            row.combo = new wxComboBox(this, wxID_ANY, same ? CategoryText(common) : wxString(),
                                       wxDefaultPosition, wxSize(260, -1), categories);
            row.initial = row.combo->GetValue();
            grid->Add(row.combo, 1, wxEXPAND);
        } else {
            row.text = new wxTextCtrl(this, wxID_ANY, same ? U(common) : wxString(),
                                      wxDefaultPosition, wxSize(260, -1));
            if (!same) row.text->SetHint(_("(various)"));
            row.initial = row.text->GetValue();
            grid->Add(row.text, 1, wxEXPAND);
        }
        m_rows.push_back(row);
    }
    top->Add(grid, 1, wxEXPAND | wxLEFT | wxRIGHT, 10);
    top->Add(DialogButtons(*this), 0, wxEXPAND | wxALL, 10);
    SetSizerAndFit(top);
}

std::vector<std::pair<std::string, std::string>> AttributeForm::Changed() const {
    std::vector<std::pair<std::string, std::string>> changed;
    for (const Row& r : m_rows) {
        if (r.check) {
            const int state = r.check->Get3StateValue();
            if (state != r.initial_state && state != wxCHK_UNDETERMINED)
                changed.emplace_back(r.field, state == wxCHK_CHECKED ? "yes" : "no");
        } else if (r.choice) {
            const int at = r.choice->GetSelection();
            if (at != r.initial_state && at > 0)
                changed.emplace_back(r.field,
                                     geo::to_string(k_modes[static_cast<std::size_t>(at - 1)]));
        } else {
            const wxString v = r.text ? r.text->GetValue() : r.combo->GetValue();
            if (v != r.initial)
                changed.emplace_back(r.field, r.combo ? CategoryValue(v) : v.utf8_string());
        }
    }
    return changed;
}

// --- The window's side ---------------------------------------------------------------------

bool MainFrame::SelectWhere(FeatureLayer layer, const std::string& expression) {
    std::vector<geo::Id> ids;
    try {
        ids = geo::select_where(*m_doc->district, layer_key(layer), expression);
    } catch (const std::exception& e) {
        ShowError(_("Cannot select by this expression"), U(e.what()));
        return false;
    }
    m_last_expression = expression;
    Select(layer, std::set<geo::Id>(ids.begin(), ids.end()));
    ShowStatus(wxString::Format(_("%s selected: %s"), LayerTitle(layer),
                                FormatNumber(static_cast<double>(ids.size()))));
    return true;
}

bool MainFrame::SelectInside(FeatureLayer layer, const geo::MultiPolygon& area) {
    const auto ids = geo::select_inside(*m_doc->district, layer_key(layer), area);
    Select(layer, std::set<geo::Id>(ids.begin(), ids.end()));
    ShowStatus(wxString::Format(_("%s selected: %s"), LayerTitle(layer),
                                FormatNumber(static_cast<double>(ids.size()))));
    return true;
}

bool MainFrame::SelectInside(FeatureLayer layer, const LocationArea& area) {
    try {
        switch (area.kind) {
        case LocationArea::Kind::drawn:
            if (m_drawn.empty()) throw InputError("no polygon has been drawn with the Select tool");
            return SelectInside(layer, m_drawn);
        case LocationArea::Kind::zone:
            return SelectInside(layer, geo::zone_outline(*m_doc->district, area.id));
        case LocationArea::Kind::community:
            return SelectInside(layer, geo::community_outline(*m_doc->district, area.id));
        }
    } catch (const std::exception& e) {
        ShowError(_("Cannot select by location"), U(e.what()));
    }
    return false;
}

bool MainFrame::EditAttributes(const std::vector<std::pair<std::string, std::string>>& fields) {
    if (fields.empty() || m_sel_ids.empty()) return true;
    std::vector<session::Edit> edits;
    try {
        edits = session::attribute_edits(layer_key(m_sel_layer),
                                         std::vector<geo::Id>(m_sel_ids.begin(), m_sel_ids.end()),
                                         fields);
    } catch (const std::exception& e) {
        ShowError(_("Cannot make this change"), U(e.what()));
        return false;
    }
    return Edit(edits);
}

void MainFrame::AskSelectByExpression() {
    SelectByExpressionDialog dialog(this, m_table->GetList()->GetLayer(), m_last_expression);
    while (dialog.ShowModal() == wxID_OK)
        if (SelectWhere(dialog.GetLayer(), dialog.GetExpression())) break;
}

void MainFrame::AskSelectByLocation() {
    SelectByLocationDialog dialog(this, *m_doc->district, m_sel_layer, !m_drawn.empty());
    if (dialog.ShowModal() == wxID_OK) SelectInside(dialog.GetLayer(), dialog.GetArea());
}

void MainFrame::AskAttributes() {
    if (m_sel_ids.empty() || session::editable_fields(layer_key(m_sel_layer)).empty()) {
        ShowMessage(_("Attributes"),
                    _("Select buildings, compounds, gates or zones first (on the map, in the "
                      "table, or with Select by Expression)."),
                    wxICON_INFORMATION, m_quiet);
        return;
    }
    AttributeForm form(this, *m_doc->district, m_sel_layer, m_sel_ids);
    if (form.ShowModal() == wxID_OK) EditAttributes(form.Changed());
}

} // namespace cordon::gui
