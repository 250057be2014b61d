#include "panels.hpp"

#include "features.hpp"
#include "format.hpp"

#include <cordon/render/decorations.hpp>
#include <cordon/session/scenario.hpp>

#include <cairo.h>
#include <wx/bmpbuttn.h>
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/checklst.h>
#include <wx/choice.h>
#include <wx/intl.h>
#include <wx/listctrl.h>
#include <wx/scrolwin.h>
#include <wx/sizer.h>
#include <wx/spinctrl.h>
#include <wx/statbmp.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <algorithm>

namespace cordon::gui {

namespace {

wxString LayerName(render::Layer layer) {
    switch (layer) {
    case render::Layer::communities:
        return _("Communities");
    case render::Layer::compounds:
        return _("Compounds (by mode)");
    case render::Layer::buildings:
        return _("Buildings");
    case render::Layer::roads:
        return _("Roads (by class)");
    case render::Layer::zones:
        return _("Patrol zones");
    case render::Layer::routes:
        return _("Patrol routes");
    case render::Layer::gates:
        return _("Gates (by state)");
    case render::Layer::checkpoints:
        return _("Checkpoints (by kind)");
    }
    return {};
}

const char* LayerKey(render::Layer layer) {
    switch (layer) {
    case render::Layer::communities:
        return "communities";
    case render::Layer::compounds:
        return "compounds";
    case render::Layer::buildings:
        return "buildings";
    case render::Layer::roads:
        return "roads";
    case render::Layer::zones:
        return "zones";
    case render::Layer::routes:
        return "routes";
    case render::Layer::gates:
        return "gates";
    case render::Layer::checkpoints:
        return "checkpoints";
    }
    return "";
}

bool& Visible(render::RenderOptions& o, render::Layer layer) {
    switch (layer) {
    case render::Layer::communities:
        return o.communities;
    case render::Layer::compounds:
        return o.compounds;
    case render::Layer::buildings:
        return o.buildings;
    case render::Layer::roads:
        return o.roads;
    case render::Layer::zones:
        return o.zones;
    case render::Layer::routes:
        return o.routes;
    case render::Layer::gates:
        return o.gates;
    case render::Layer::checkpoints:
        break;
    }
    return o.checkpoints;
}

wxBitmap LegendBitmap(const geo::District& district) {
    const render::Language lang =
        CurrentLanguage() == UiLanguage::zh ? render::Language::zh : render::Language::en;
    render::LegendOptions options = render::LegendOptions::for_district(district, lang);
    cairo_surface_t* probe = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t* pcr = cairo_create(probe);
    const render::Extent e = render::legend_extent(pcr, options);
    cairo_destroy(pcr);
    cairo_surface_destroy(probe);
    const int w = std::max(1, static_cast<int>(e.width) + 2),
              h = std::max(1, static_cast<int>(e.height) + 2);
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t* cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    render::draw_legend(cr, 0, 0, options);
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    wxImage image(w, h);
    const unsigned char* data = cairo_image_surface_get_data(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const auto px = *reinterpret_cast<const std::uint32_t*>(data + y * stride + x * 4);
            image.SetRGB(x, y, (px >> 16) & 0xff, (px >> 8) & 0xff, px & 0xff);
        }
    cairo_surface_destroy(surface);
    return wxBitmap(image);
}

wxSpinCtrlDouble* AddNumber(wxWindow* parent, wxFlexGridSizer* grid, const wxString& label,
                            const wxString& unit, const wxString& tip, double min, double max,
                            double value, double step, int digits = 0) {
    auto* text = new wxStaticText(parent, wxID_ANY, label);
    auto* spin = new wxSpinCtrlDouble(parent, wxID_ANY, wxEmptyString, wxDefaultPosition,
                                      wxSize(150, -1), wxSP_ARROW_KEYS, min, max, value, step);
    spin->SetDigits(digits);
    text->SetToolTip(tip);
    spin->SetToolTip(tip);
    grid->Add(text, 0, wxALIGN_CENTER_VERTICAL);
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    row->Add(spin, 0);
    row->Add(new wxStaticText(parent, wxID_ANY, unit), 0, wxALIGN_CENTER_VERTICAL | wxLEFT, 4);
    grid->Add(row, 0);
    return spin;
}

} // namespace

// ---------------------------------------------------------------------------------------------

LayersPanel::LayersPanel(wxWindow* parent, render::RenderOptions& options)
    : wxPanel(parent), m_options(options) {
    const auto& order = m_options.order.empty() ? render::default_layer_order() : m_options.order;
    m_order.assign(order.rbegin(), order.rend());
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(new wxStaticText(this, wxID_ANY, _("Layers (top is drawn on top):")), 0, wxALL, 4);
    m_list = new wxCheckListBox(this, wxID_ANY);
    sizer->Add(m_list, 0, wxEXPAND | wxLEFT | wxRIGHT, 4);
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* up = new wxButton(this, wxID_UP, _("Up"));
    auto* down = new wxButton(this, wxID_DOWN, _("Down"));
    up->SetToolTip(_("Draw the selected layer above the one over it"));
    down->SetToolTip(_("Draw the selected layer below the one under it"));
    buttons->Add(up, 1);
    buttons->Add(down, 1);
    sizer->Add(buttons, 0, wxEXPAND | wxALL, 4);
    m_by_zone = new wxCheckBox(this, wxID_ANY, _("Colour buildings by patrol zone"));
    m_by_zone->SetValue(m_options.buildings_by_zone);
    sizer->Add(m_by_zone, 0, wxALL, 4);
    sizer->Add(new wxStaticText(this, wxID_ANY, _("Legend")), 0, wxLEFT | wxTOP, 4);
    auto* scroll = new wxScrolledWindow(this);
    scroll->SetScrollRate(0, 10);
    m_legend = new wxStaticBitmap(scroll, wxID_ANY, wxBitmap(1, 1));
    auto* ls = new wxBoxSizer(wxVERTICAL);
    ls->Add(m_legend, 0, wxALL, 2);
    scroll->SetSizer(ls);
    sizer->Add(scroll, 1, wxEXPAND | wxALL, 4);
    SetSizer(sizer);
    Fill();

    m_list->Bind(wxEVT_CHECKLISTBOX, [this](wxCommandEvent&) { Apply(); });
    m_by_zone->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) { Apply(); });
    auto move = [this](int delta) {
        const int i = m_list->GetSelection();
        const int j = i + delta;
        if (i == wxNOT_FOUND || j < 0 || j >= static_cast<int>(m_order.size())) return;
        std::swap(m_order[static_cast<std::size_t>(i)], m_order[static_cast<std::size_t>(j)]);
        Fill();
        m_list->SetSelection(j);
        Apply();
    };
    up->Bind(wxEVT_BUTTON, [move](wxCommandEvent&) { move(-1); });
    down->Bind(wxEVT_BUTTON, [move](wxCommandEvent&) { move(1); });
}

void LayersPanel::Reload() {
    const auto& order = m_options.order.empty() ? render::default_layer_order() : m_options.order;
    m_order.assign(order.rbegin(), order.rend());
    m_by_zone->SetValue(m_options.buildings_by_zone);
    Fill();
}

void LayersPanel::Fill() {
    m_list->Clear();
    for (std::size_t i = 0; i < m_order.size(); ++i) {
        m_list->Append(LayerName(m_order[i]));
        m_list->Check(static_cast<unsigned>(i), Visible(m_options, m_order[i]));
    }
}

void LayersPanel::Apply() {
    for (std::size_t i = 0; i < m_order.size(); ++i)
        Visible(m_options, m_order[i]) = m_list->IsChecked(static_cast<unsigned>(i));
    m_options.order.assign(m_order.rbegin(), m_order.rend());
    m_options.buildings_by_zone = m_by_zone->GetValue();
    if (on_change) on_change();
}

bool LayersPanel::SetVisible(const std::string& name, bool visible) {
    for (std::size_t i = 0; i < m_order.size(); ++i)
        if (name == LayerKey(m_order[i])) {
            m_list->Check(static_cast<unsigned>(i), visible);
            Apply();
            return true;
        }
    if (name == "by-zone") {
        m_by_zone->SetValue(visible);
        Apply();
        return true;
    }
    return false;
}

void LayersPanel::UpdateLegend(const geo::District& district) {
    m_legend->SetBitmap(LegendBitmap(district));
    m_legend->GetParent()->FitInside();
    Layout();
}

// ---------------------------------------------------------------------------------------------

IdentifyPanel::IdentifyPanel(wxWindow* parent) : wxPanel(parent) {
    m_list =
        new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_HRULES);
    m_list->AppendColumn(_("Attribute"), wxLIST_FORMAT_LEFT, 110);
    m_list->AppendColumn(_("Value"), wxLIST_FORMAT_LEFT, 400);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(
        new wxStaticText(this, wxID_ANY, _("Click a feature on the map to see its attributes.")), 0,
        wxALL, 4);
    sizer->Add(m_list, 1, wxEXPAND);
    SetSizer(sizer);
}

void IdentifyPanel::Show(const geo::District& district, const std::optional<FeatureRef>& feature) {
    m_list->DeleteAllItems();
    if (!feature) return;
    long row = 0;
    for (const auto& [name, value] : Attributes(district, *feature)) {
        m_list->InsertItem(row, name);
        m_list->SetItem(row, 1, value);
        ++row;
    }
}

// ---------------------------------------------------------------------------------------------

PlanPanel::PlanPanel(wxWindow* parent, Document& doc) : wxPanel(parent), m_doc(doc) {
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* top = new wxBoxSizer(wxHORIZONTAL);
    top->Add(new wxStaticText(this, wxID_ANY, _("Step:")), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 4);
    m_step = new wxChoice(this, wxID_ANY);
    m_step->Append(_("Classify buildings"));
    m_step->Append(_("Reduce gates"));
    m_step->Append(_("Patrol zones"));
    m_step->Append(_("Patrol routes"));
    m_step->Append(_("Checkpoints"));
    m_step->Append(_("Staffing"));
    m_step->Append(_("All steps"));
    m_step->SetSelection(6);
    top->Add(m_step, 1);
    auto* run = new wxButton(this, wxID_ANY, _("Run"));
    run->SetToolTip(
        _("Run the step on the open project (off the window's thread; Cancel stops it)"));
    top->Add(run, 0, wxLEFT, 4);
    sizer->Add(top, 0, wxEXPAND | wxALL, 4);

    auto* grid = new wxFlexGridSizer(2, 4, 6);
    grid->Add(new wxStaticText(this, wxID_ANY, _("Compounds of unknown mode")), 0,
              wxALIGN_CENTER_VERTICAL);
    m_unknown = new wxChoice(this, wxID_ANY);
    m_unknown->Append(_("leave out"));
    m_unknown->Append(_("closed"));
    m_unknown->Append(_("guarded"));
    m_unknown->Append(_("patrol"));
    m_unknown->SetSelection(1);
    m_unknown->SetToolTip(_("The control mode given to compounds whose source says nothing"));
    grid->Add(m_unknown, 0);
    m_walk =
        AddNumber(this, grid, _("Walk to an open gate"), _("m"),
                  _("Every building's door stays within this walking distance of an open gate"), 10,
                  5000, doc.params.gates.max_walk, 10);
    grid->Add(new wxStaticText(this, wxID_ANY, wxEmptyString));
    m_vehicle_gate = new wxCheckBox(this, wxID_ANY, _("Keep a vehicle gate open"));
    m_vehicle_gate->SetValue(doc.params.gates.keep_vehicle_gate);
    grid->Add(m_vehicle_gate);
    m_zones =
        AddNumber(this, grid, _("Patrol zones"), _("zones"),
                  _("How many patrol zones; 0: as few as the team capacity allows"), 0, 500, 8, 1);
    m_capacity = AddNumber(this, grid, _("Team capacity"), _("households"),
                           _("Households one patrol team can look after (used when zones is 0)"), 1,
                           100000, 400, 10);
    m_balance = AddNumber(this, grid, _("Balance target"), _("%"),
                          _("Largest deviation of a zone's workload from the mean"), 0, 100,
                          doc.params.zoning.balance_target * 100, 1);
    m_speed = AddNumber(this, grid, _("Walking speed"), _("km/h"),
                        _("Patrol walking pace, stops not counted"), 0.5, 30,
                        doc.params.routes.walking_speed_kmh, 0.5, 1);
    grid->Add(new wxStaticText(this, wxID_ANY, _("Checkpoint area")), 0, wxALIGN_CENTER_VERTICAL);
    m_area = new wxChoice(this, wxID_ANY);
    m_area->SetToolTip(_("The area whose road entrances get checkpoints"));
    grid->Add(m_area, 0, wxEXPAND);
    m_margin = AddNumber(
        this, grid, _("Checkpoint margin"), _("m"),
        _("Metres beyond the area from which traffic comes; the cordon may move out to real "
          "choke points"),
        0, 100000, doc.checkpoint_margin, 50);
    m_budget =
        AddNumber(this, grid, _("Checkpoint budget"), _("checkpoints"),
                  _("Only this many checkpoints can be staffed (0: no limit)"), 0, 10000, 0, 1);
    m_shift = AddNumber(this, grid, _("Shift length"), _("h"), _("A gate or checkpoint shift"), 1,
                        24, doc.params.staffing.shift_hours, 1);
    m_team = AddNumber(this, grid, _("Patrol team size"), _("people"),
                       _("One social worker and resident volunteers"), 1, 100,
                       doc.params.staffing.patrol_team_size, 1);
    sizer->Add(grid, 0, wxALL, 6);
    sizer->Add(new wxStaticText(this, wxID_ANY, _("Result")), 0, wxLEFT | wxTOP, 4);
    m_result = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                              wxTE_MULTILINE | wxTE_READONLY);
    sizer->Add(m_result, 1, wxEXPAND | wxALL, 4);
    SetSizer(sizer);
    run->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        const std::string step = ReadParams();
        if (on_run) on_run(step);
    });
}

void PlanPanel::UpdateAreas(const geo::District& d) {
    const int old = m_area->GetSelection();
    m_area->Clear();
    m_area->Append(_("Whole district"));
    for (const auto& c : d.communities)
        m_area->Append(wxString::FromUTF8(c.name));
    m_area->SetSelection(old > 0 && old < static_cast<int>(m_area->GetCount()) ? old : 0);
}

void PlanPanel::SelectStep(const std::string& step) {
    static const char* steps[] = {"classify",    "gates",    "zones", "routes",
                                  "checkpoints", "staffing", "all"};
    for (int i = 0; i < 7; ++i)
        if (step == steps[i]) m_step->SetSelection(i);
}

std::string PlanPanel::ReadParams() {
    static const char* steps[] = {"classify",    "gates",    "zones", "routes",
                                  "checkpoints", "staffing", "all"};
    session::PlanParams& p = m_doc.params;
    const int unknown = m_unknown->GetSelection();
    const std::optional<geo::CompoundMode> modes[] = {std::nullopt, geo::CompoundMode::closed,
                                                      geo::CompoundMode::guarded,
                                                      geo::CompoundMode::patrol};
    p.classify.unknown_compounds_as = modes[std::clamp(unknown, 0, 3)];
    p.reclassify = true;
    p.gates.max_walk = m_walk->GetValue();
    p.gates.keep_vehicle_gate = m_vehicle_gate->GetValue();
    const int k = static_cast<int>(m_zones->GetValue());
    p.zoning.zones = k > 0 ? std::optional<int>(k) : std::nullopt;
    p.zoning.capacity = k > 0 ? std::nullopt : std::optional<double>(m_capacity->GetValue());
    p.zoning.balance_target = m_balance->GetValue() / 100;
    p.routes.walking_speed_kmh = m_speed->GetValue();
    p.staffing.shift_hours = m_shift->GetValue();
    p.staffing.patrol_team_size = static_cast<int>(m_team->GetValue());
    const int area = m_area->GetSelection();
    m_doc.checkpoint_area =
        area <= 0 ? std::string("district")
                  : "community:" + m_area->GetString(static_cast<unsigned>(area)).utf8_string();
    m_doc.checkpoint_margin = m_margin->GetValue();
    m_doc.checkpoint_budget = static_cast<int>(m_budget->GetValue());
    return steps[std::clamp(m_step->GetSelection(), 0, 6)];
}

void PlanPanel::ShowResult(const wxString& text) {
    m_result->SetValue(text);
}

// ---------------------------------------------------------------------------------------------

FiguresPanel::FiguresPanel(wxWindow* parent, Document& doc) : wxPanel(parent), m_doc(doc) {
    m_list =
        new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_HRULES);
    m_list->AppendColumn(_("Figure"), wxLIST_FORMAT_LEFT, 230);
    m_list->AppendColumn(_("Value"), wxLIST_FORMAT_RIGHT, 140);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(m_list, 1, wxEXPAND);
    SetSizer(sizer);
}

void FiguresPanel::Update() {
    const nlohmann::json& f = m_doc.figures;
    m_list->DeleteAllItems();
    if (!f.is_object()) return;
    long row = 0;
    auto add = [&](const wxString& name, const wxString& value) {
        m_list->InsertItem(row, name);
        m_list->SetItem(row, 1, value);
        ++row;
    };
    auto num = [&](const nlohmann::json& v, int decimals = 0) {
        return v.is_number() ? FormatNumber(v.get<double>(), decimals) : wxString("-");
    };
    const auto& zones = f["zones"];
    add(_("Patrol zones"), num(nlohmann::json(zones.size())));
    add(_("Mean households per zone"), num(f["zone_mean_households"], 1));
    add(_("Largest deviation from the mean"), FormatPercent(f.value("zone_max_deviation", 0.0)));
    for (const auto& z : zones) {
        const wxString name = wxString::FromUTF8(z.value("name", std::string()));
        add(wxString::Format(_("  Zone %s"), name),
            wxString::Format(_("%s households (%s)"), num(z["households"]),
                             FormatPercent(z.value("deviation", 0.0))));
    }
    if (!m_doc.stale.outlines.empty() || !m_doc.stale.routes.empty()) {
        wxString names;
        std::set<geo::Id> ids = m_doc.stale.outlines;
        ids.insert(m_doc.stale.routes.begin(), m_doc.stale.routes.end());
        for (const auto& z : m_doc.district->zones)
            if (ids.count(z.id)) names += (names.empty() ? "" : ", ") + wxString::FromUTF8(z.name);
        add(_("Outlines and routes out of date (F6)"), names);
    }
    add(_("Patrol buildings in no zone"), num(f["unzoned_patrol_buildings"]));
    add(_("Gates open"), num(f["gates"]["open"]));
    add(_("Gates closed"), num(f["gates"]["closed"]));
    add(_("Compounds with no open gate"),
        num(nlohmann::json(f["compounds_without_open_gate"].size())));
    add(_("Checkpoints"), num(f["checkpoints"]["count"]));
    add(_("Checkpoint crew on duty"), num(f["checkpoints"]["crew_on_duty"]));
    add(_("Roads closed by hand"), num(f["closed_roads"]));
    if (f["staffing"].contains("people_per_day"))
        add(_("People needed per day"), num(f["staffing"]["people_per_day"]));
    add(_("Figures updated in"), wxString::Format(_("%s ms"), FormatNumber(m_doc.figures_ms, 1)));
    if (m_doc.edit_ms > 0)
        add(_("Last edit applied in"),
            wxString::Format(_("%s ms"), FormatNumber(m_doc.edit_ms, 1)));
}

// ---------------------------------------------------------------------------------------------

ScenariosPanel::ScenariosPanel(wxWindow* parent, Document& doc) : wxPanel(parent), m_doc(doc) {
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    m_list = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                            wxLC_REPORT | wxLC_SINGLE_SEL | wxLC_HRULES);
    m_list->AppendColumn(_("Scenario"), wxLIST_FORMAT_LEFT, 150);
    m_list->AppendColumn(_("Saved"), wxLIST_FORMAT_LEFT, 150);
    m_list->AppendColumn(_("People/day"), wxLIST_FORMAT_RIGHT, 80);
    sizer->Add(m_list, 1, wxEXPAND | wxALL, 4);
    auto* buttons = new wxGridSizer(2, 4, 4);
    auto* save = new wxButton(this, wxID_ANY, _("Save current plan..."));
    auto* restore = new wxButton(this, wxID_ANY, _("Restore"));
    auto* remove = new wxButton(this, wxID_ANY, _("Delete"));
    auto* compare = new wxButton(this, wxID_ANY, _("Compare..."));
    save->SetToolTip(_("Save the plan as it is now under a name, in the project file"));
    restore->SetToolTip(_("Make the selected scenario's choices the current plan (undoable)"));
    compare->SetToolTip(_("Compare two scenarios: figures side by side, differences on the map"));
    for (auto* b : {save, restore, remove, compare})
        buttons->Add(b, 0, wxEXPAND);
    sizer->Add(buttons, 0, wxEXPAND | wxALL, 4);
    SetSizer(sizer);
    save->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (on_save) on_save();
    });
    restore->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (on_restore && !Selected().empty()) on_restore(Selected());
    });
    remove->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (on_delete && !Selected().empty()) on_delete(Selected());
    });
    compare->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (on_compare) on_compare();
    });
}

std::string ScenariosPanel::Selected() const {
    const long row = m_list->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
    return row < 0 ? std::string() : m_list->GetItemText(row).utf8_string();
}

void ScenariosPanel::Update() {
    m_list->DeleteAllItems();
    long row = 0;
    std::string error;
    const auto scenarios = ReadScenarios(*m_doc.district, &error);
    if (!error.empty()) { // one row saying why, in place of the list
        m_list->InsertItem(row, _("The scenarios cannot be read:"));
        m_list->SetItem(row, 1, wxString::FromUTF8(error));
    }
    for (const auto& s : scenarios) {
        m_list->InsertItem(row, wxString::FromUTF8(s.name));
        m_list->SetItem(row, 1, FormatDateTime(s.created));
        const auto& st = s.figures.value("staffing", nlohmann::json::object());
        m_list->SetItem(
            row, 2,
            st.contains("people_per_day") ? FormatNumber(st["people_per_day"].get<double>()) : "-");
        ++row;
    }
}

} // namespace cordon::gui
