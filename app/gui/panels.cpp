#include "panels.hpp"

#include "features.hpp"
#include "format.hpp"

#include <cordon/geo/wkt.hpp>
#include <cordon/gui/plan_form.hpp>
#include <cordon/planner/staffing.hpp>
#include <cordon/render/decorations.hpp>
#include <cordon/render/staffing_chart.hpp>
#include <cordon/session/parameters.hpp>
#include <cordon/session/scenario.hpp>

#include <cairo.h>
#include <wx/bmpbuttn.h>
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/checklst.h>
#include <wx/choice.h>
#include <wx/filedlg.h>
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
    case render::Layer::district:
        return _("District boundary");
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
    case render::Layer::district:
        return "district";
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
    case render::Layer::district:
        return o.district;
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

wxBitmap LegendBitmap(const render::DrawnClasses& drawn) {
    const render::Language lang =
        CurrentLanguage() == UiLanguage::zh ? render::Language::zh : render::Language::en;
    render::LegendOptions options = render::LegendOptions::for_drawn(drawn, lang);
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

/// The 24-hour staffing chart, drawn by the renderer the atlas prints it with.
wxBitmap StaffingChartBitmap(const render::StaffingByHour& staffing, int w, int h) {
    const render::Language lang =
        CurrentLanguage() == UiLanguage::zh ? render::Language::zh : render::Language::en;
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t* cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    render::draw_staffing_chart(cr, staffing, 6, 6, w - 12, h - 12, lang);
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

wxString U(const std::string& text) {
    return wxString::FromUTF8(text.c_str());
}

/// A number control for a plan parameter, its label, unit, tooltip, range and start value
/// from the parameter's description (session/parameters.hpp, plan_form.hpp). A parameter the
/// step can do without (zones, budget) gets 0 below its range: 0 leaves it out, said by `zero`.
wxSpinCtrlDouble* AddNumber(wxWindow* parent, wxFlexGridSizer* grid, const session::Param& p,
                            const nlohmann::json& value, const wxString& zero = {}) {
    const NumberRange range = number_range(p);
    wxString tip = wxGetTranslation(U(p.help));
    if (range.min < p.min && !zero.empty()) tip += "\n" + zero;
    auto* text = new wxStaticText(parent, wxID_ANY, ParamLabel(p));
    auto* spin = new wxSpinCtrlDouble(parent, wxID_ANY, wxEmptyString, wxDefaultPosition,
                                      wxDefaultSize, wxSP_ARROW_KEYS, range.min, range.max,
                                      number_start(p, value), range.increment);
    spin->SetDigits(range.digits);
    // As wide as GTK wants it for the widest value (its buttons are cut off otherwise), and
    // at least the width of the other fields.
    spin->SetMinSize(wxSize(std::max(150, spin->GetBestSize().x), -1));
    text->SetToolTip(tip);
    spin->SetToolTip(tip);
    grid->Add(text, 0, wxALIGN_CENTER_VERTICAL);
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    row->Add(spin, 0);
    const wxString unit = p.unit.empty() ? wxString() : wxGetTranslation(U(p.unit));
    row->Add(new wxStaticText(parent, wxID_ANY, unit), 0, wxALIGN_CENTER_VERTICAL | wxLEFT, 4);
    grid->Add(row, 0);
    return spin;
}

/// A drop-down list for a choice parameter: its label, entries (each value's label in the
/// interface's language), tooltip and start value from the parameter's description.
wxChoice* AddChoice(wxWindow* parent, wxFlexGridSizer* grid, const session::Param& p,
                    const nlohmann::json& value) {
    auto* text = new wxStaticText(parent, wxID_ANY, ParamLabel(p));
    auto* choice = new wxChoice(parent, wxID_ANY);
    for (const std::string& label : choice_labels(p, CurrentLanguage() == UiLanguage::zh))
        choice->Append(U(label));
    choice->SetSelection(static_cast<int>(choice_start(p, value)));
    const wxString tip = wxGetTranslation(U(p.help));
    text->SetToolTip(tip);
    choice->SetToolTip(tip);
    grid->Add(text, 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(choice, 0);
    return choice;
}

/// The value a choice field shows.
std::string ChoiceValue(const session::Param& p, const wxChoice* choice) {
    const int i = std::clamp(choice->GetSelection(), 0, static_cast<int>(p.choices.size()) - 1);
    return p.choices[static_cast<std::size_t>(i)];
}

} // namespace

wxString ParamLabel(const session::Param& param) {
    return U(field_label(param, CurrentLanguage() == UiLanguage::zh));
}

wxString ParamErrorText(const ParamError& error) {
    return U(field_error_text(error, CurrentLanguage() == UiLanguage::zh));
}

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
    // Drawn with the checkpoints, each can be hidden on its own.
    m_choke_points = new wxCheckBox(this, wxID_ANY, _("Choke points"));
    m_choke_points->SetValue(m_options.choke_points);
    sizer->Add(m_choke_points, 0, wxLEFT | wxRIGHT, 4);
    m_cordon_areas = new wxCheckBox(this, wxID_ANY, _("Protected area"));
    m_cordon_areas->SetValue(m_options.cordon_areas);
    sizer->Add(m_cordon_areas, 0, wxLEFT | wxRIGHT | wxBOTTOM, 4);
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
    m_choke_points->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) { Apply(); });
    m_cordon_areas->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) { Apply(); });
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
    m_choke_points->SetValue(m_options.choke_points);
    m_cordon_areas->SetValue(m_options.cordon_areas);
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
    m_options.choke_points = m_choke_points->GetValue();
    m_options.cordon_areas = m_cordon_areas->GetValue();
    if (on_change) on_change();
}

bool LayersPanel::SetVisible(const std::string& name, bool visible) {
    for (std::size_t i = 0; i < m_order.size(); ++i)
        if (name == LayerKey(m_order[i])) {
            m_list->Check(static_cast<unsigned>(i), visible);
            Apply();
            return true;
        }
    for (auto [key, box] :
         {std::pair{"by-zone", m_by_zone}, std::pair{"choke-points", m_choke_points},
          std::pair{"cordon-areas", m_cordon_areas}})
        if (name == key) {
            box->SetValue(visible);
            Apply();
            return true;
        }
    return false;
}

void LayersPanel::UpdateLegend(const render::DrawnClasses& drawn) {
    m_legend->SetBitmap(LegendBitmap(drawn));
    m_legend->GetParent()->FitInside();
    Layout();
}

// ---------------------------------------------------------------------------------------------

/// Each column of `list` as wide as its widest text (heading or cell), the last one also
/// filling what is left of the list's width.
void FitColumns(wxListCtrl& list) {
    const int columns = list.GetColumnCount();
    int total = 0;
    for (int c = 0; c < columns; ++c) {
        int widest = 40;
        for (long r = -1; r < list.GetItemCount(); ++r) {
            wxString text;
            if (r < 0) {
                wxListItem item;
                item.SetMask(wxLIST_MASK_TEXT);
                list.GetColumn(c, item);
                text = item.GetText();
            } else {
                text = list.GetItemText(r, c);
            }
            int w = 0, h = 0;
            list.GetTextExtent(text, &w, &h);
            widest = std::max(widest, w + 16);
        }
        if (c == columns - 1) widest = std::max(widest, list.GetClientSize().x - total);
        list.SetColumnWidth(c, widest);
        total += widest;
    }
}

/// FitColumns now and whenever the list changes size.
void KeepColumnsFitted(wxListCtrl& list) {
    list.Bind(wxEVT_SIZE, [&list](wxSizeEvent& e) {
        e.Skip();
        list.CallAfter([&list] { FitColumns(list); });
    });
}

IdentifyPanel::IdentifyPanel(wxWindow* parent) : wxPanel(parent) {
    m_list =
        new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_HRULES);
    m_list->AppendColumn(_("Attribute"), wxLIST_FORMAT_LEFT, 110);
    m_list->AppendColumn(_("Value"), wxLIST_FORMAT_LEFT, 400);
    KeepColumnsFitted(*m_list);
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
    FitColumns(*m_list);
}

// ---------------------------------------------------------------------------------------------

PlanPanel::PlanPanel(wxWindow* parent, Document& doc) : wxScrolledWindow(parent), m_doc(doc) {
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
    const session::PlanParams& p = doc.params;
    auto param = [](const char* step, const char* name) -> const session::Param& {
        return session::find_param(step, name);
    };
    m_unknown = AddChoice(this, grid, param("classify", "unknown_mode"), nullptr);
    m_walk = AddNumber(this, grid, param("gates", "gate_distance"), p.gates.max_walk);
    grid->Add(new wxStaticText(this, wxID_ANY, wxEmptyString));
    const session::Param& vehicle = param("gates", "vehicle_gate");
    m_vehicle_gate = new wxCheckBox(this, wxID_ANY, ParamLabel(vehicle));
    m_vehicle_gate->SetValue(p.gates.keep_vehicle_gate);
    m_vehicle_gate->SetToolTip(wxGetTranslation(U(vehicle.help)));
    grid->Add(m_vehicle_gate);
    m_zones = AddNumber(this, grid, param("zones", "zones"), nullptr,
                        _("0: as few as the team capacity allows"));
    m_capacity = AddNumber(this, grid, param("zones", "capacity"), nullptr);
    m_balance = AddNumber(this, grid, param("zones", "balance"), p.zoning.balance_target * 100);
    m_balance_by =
        AddChoice(this, grid, param("zones", "balance_by"), param("zones", "balance_by").get(p));
    m_speed = AddNumber(this, grid, param("routes", "speed"), p.routes.walking_speed_kmh);
    const session::Param& area = param("checkpoints", "area");
    grid->Add(new wxStaticText(this, wxID_ANY, ParamLabel(area)), 0, wxALIGN_CENTER_VERTICAL);
    m_area = new wxChoice(this, wxID_ANY);
    m_area->SetToolTip(_("The area whose road entrances get checkpoints"));
    grid->Add(m_area, 0, wxEXPAND);
    m_area->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) {
        if (ChosenArea().rfind("file", 0) != 0) return;
        wxFileDialog dialog(this, _("Polygon of the area to protect"), wxEmptyString, wxEmptyString,
                            _("Polygon files (*.geojson;*.gpkg;*.shp;*.kml)|"
                              "*.geojson;*.json;*.gpkg;*.shp;*.kml|All files|*"),
                            wxFD_OPEN | wxFD_FILE_MUST_EXIST);
        if (dialog.ShowModal() == wxID_OK) m_area_file = dialog.GetPath().utf8_string();
    });
    m_margin = AddNumber(this, grid, param("checkpoints", "margin"), p.checkpoints.plan.margin);
    m_budget = AddNumber(this, grid, param("checkpoints", "budget"), nullptr, _("0: no limit"));
    m_choke = AddNumber(this, grid, param("checkpoints", "choke_min_households"),
                        p.checkpoints.plan.choke_min_households);
    m_shift = AddNumber(this, grid, param("staffing", "shift_hours"), p.staffing.shift_hours);
    m_rounds = AddNumber(this, grid, param("staffing", "rounds"), p.staffing.patrol_rounds_per_day);
    m_team = AddNumber(this, grid, param("staffing", "team_size"), p.staffing.patrol_team_size);
    // People available per pool: the staffing step and Figures show the shortfall.
    for (const std::string& pool : planner::staff_pools) {
        auto* label = new wxStaticText(this, wxID_ANY,
                                       wxString::Format(_("Available: %s"), StaffPoolName(pool)));
        const auto it = p.staffing.available.find(pool);
        auto* field = new wxTextCtrl(
            this, wxID_ANY,
            it == p.staffing.available.end() ? wxString() : wxString::Format("%d", it->second),
            wxDefaultPosition, wxSize(150, -1));
        field->SetHint(_("not counted"));
        const wxString tip = _("People available per day; empty: not counted. Figures show how "
                               "many are short.");
        label->SetToolTip(tip);
        field->SetToolTip(tip);
        grid->Add(label, 0, wxALIGN_CENTER_VERTICAL);
        auto* row = new wxBoxSizer(wxHORIZONTAL);
        row->Add(field, 0);
        row->Add(new wxStaticText(this, wxID_ANY, _("people")), 0, wxALIGN_CENTER_VERTICAL | wxLEFT,
                 4);
        grid->Add(row, 0);
        m_available.push_back(field);
    }
    sizer->Add(grid, 0, wxALL, 6);
    sizer->Add(new wxStaticText(this, wxID_ANY, _("Result")), 0, wxLEFT | wxTOP, 4);
    m_result = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxSize(-1, 180),
                              wxTE_MULTILINE | wxTE_READONLY);
    sizer->Add(m_result, 1, wxEXPAND | wxALL, 4);
    SetSizer(sizer);
    SetScrollRate(0, 12); // down to the Result on a low screen; never sideways
    run->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        std::string step;
        try {
            step = ReadParams();
        } catch (const ParamError& e) {
            ShowResult(ParamErrorText(e));
            return;
        }
        if (on_run) on_run(step);
    });
}

void PlanPanel::UpdateAreas(const geo::District& d) {
    const int old = m_area->GetSelection();
    const std::string old_spec = old >= 0 && static_cast<std::size_t>(old) < m_area_specs.size()
                                     ? m_area_specs[static_cast<std::size_t>(old)]
                                     : std::string("district");
    m_area->Clear();
    m_area_specs.clear();
    auto add = [&](const wxString& label, const std::string& spec) {
        m_area->Append(label);
        m_area_specs.push_back(spec);
    };
    add(d.boundary.empty() ? _("Whole district (hull of the buildings)") : _("Whole district"),
        "district");
    add(_("Selected features"), "");
    add(_("Polygon drawn on the map (Select tool)"), "drawn");
    add(_("Polygon from a file..."), "file");
    auto named = [](const auto& f) { return f.name.empty() ? "#" + std::to_string(f.id) : f.name; };
    for (const auto& c : d.communities)
        add(wxString::Format(_("Community %s"), wxString::FromUTF8(named(c))),
            "ids:communities:" + std::to_string(c.id));
    for (const auto& c : d.compounds)
        add(wxString::Format(_("Compound %s"), wxString::FromUTF8(named(c))),
            "ids:compounds:" + std::to_string(c.id));
    for (const auto& z : d.zones)
        add(CurrentLanguage() == UiLanguage::zh
                ? ZoneTitle(named(z))
                : wxString::Format(_("Patrol zone %s"), wxString::FromUTF8(named(z))),
            "ids:zones:" + std::to_string(z.id));
    int keep = 0;
    for (std::size_t i = 0; i < m_area_specs.size(); ++i)
        if (m_area_specs[i] == old_spec) keep = static_cast<int>(i);
    m_area->SetSelection(keep);
}

bool PlanPanel::ChooseArea(const std::string& chosen) {
    std::string spec = chosen;
    if (spec.rfind("file:", 0) == 0) {
        m_area_file = spec.substr(5);
        spec = "file";
    }
    for (std::size_t i = 0; i < m_area_specs.size(); ++i)
        if (m_area_specs[i] == spec) {
            m_area->SetSelection(static_cast<int>(i));
            return true;
        }
    return false;
}

std::vector<std::string> PlanPanel::AreaChoices() const {
    std::vector<std::string> out;
    for (unsigned i = 0; i < m_area->GetCount(); ++i)
        out.push_back(m_area->GetString(i).utf8_string());
    return out;
}

std::string PlanPanel::ChosenArea() const {
    const int i = m_area->GetSelection();
    if (i < 0 || static_cast<std::size_t>(i) >= m_area_specs.size()) return "district";
    const std::string& spec = m_area_specs[static_cast<std::size_t>(i)];
    return spec == "file" ? "file:" + m_area_file : spec;
}

std::string PlanPanel::AreaSpec() const {
    const int i = m_area->GetSelection();
    if (i < 0 || static_cast<std::size_t>(i) >= m_area_specs.size()) return "district";
    const std::string& spec = m_area_specs[static_cast<std::size_t>(i)];
    if (spec == "drawn") {
        // The polygon drawn, as the CLI's --area wkt:POLYGON((...)) names it.
        const geo::MultiPolygon polygon = drawn ? drawn() : geo::MultiPolygon{};
        if (polygon.empty())
            throw ParamError(
                "area", "",
                _("draw a polygon on the map with the Select tool first").utf8_string());
        return "wkt:" + geo::to_wkt(polygon);
    }
    if (spec == "file") {
        if (m_area_file.empty())
            throw ParamError("area", "", _("choose the polygon file first").utf8_string());
        return m_area_file;
    }
    if (!spec.empty()) return spec;
    // The selection: its features by id, as the CLI's --area ids:LAYER:... names them.
    const auto [layer, ids] = selection ? selection() : std::pair<std::string, std::set<geo::Id>>{};
    if (ids.empty())
        throw ParamError("area", "", _("select features on the map first").utf8_string());
    std::string out = "ids:" + layer + ":";
    for (geo::Id id : ids)
        out += (out.back() == ':' ? "" : ",") + std::to_string(id);
    return out;
}

bool PlanPanel::SetAvailable(const std::string& pool, const wxString& people) {
    for (std::size_t i = 0; i < m_available.size() && i < planner::staff_pools.size(); ++i)
        if (planner::staff_pools[i] == pool) {
            m_available[i]->SetValue(people);
            return true;
        }
    return false;
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
    // Every field through the form: nothing is kept unless every value is taken.
    PlanForm form(m_doc.params);
    auto number = [](const char* step, const char* name, const wxSpinCtrlDouble* spin) {
        return number_content(session::find_param(step, name), spin->GetValue());
    };
    auto choice = [](const char* step, const char* name, const wxChoice* field) {
        return ChoiceValue(session::find_param(step, name), field);
    };
    form.take("classify", "unknown_mode", choice("classify", "unknown_mode", m_unknown));
    form.take("gates", "gate_distance", number("gates", "gate_distance", m_walk));
    form.take("gates", "vehicle_gate", m_vehicle_gate->GetValue());
    const nlohmann::json zones = number("zones", "zones", m_zones);
    form.take("zones", "zones", zones);
    form.take("zones", "capacity",
              zones.is_null() ? number("zones", "capacity", m_capacity) : nlohmann::json());
    form.take("zones", "balance", number("zones", "balance", m_balance));
    form.take("zones", "balance_by", choice("zones", "balance_by", m_balance_by));
    form.take("routes", "speed", number("routes", "speed", m_speed));
    form.take("staffing", "shift_hours", number("staffing", "shift_hours", m_shift));
    form.take("staffing", "rounds", number("staffing", "rounds", m_rounds));
    form.take("staffing", "team_size", number("staffing", "team_size", m_team));
    nlohmann::json available = nlohmann::json::array();
    for (std::size_t i = 0; i < m_available.size() && i < planner::staff_pools.size(); ++i) {
        wxString text = m_available[i]->GetValue();
        text.Trim().Trim(false);
        if (!text.empty()) available.push_back(planner::staff_pools[i] + "=" + text.utf8_string());
    }
    form.take("staffing", "available", available);
    form.take("checkpoints", "area", nlohmann::json::array({AreaSpec()}));
    form.take("checkpoints", "margin", number("checkpoints", "margin", m_margin));
    form.take("checkpoints", "budget", number("checkpoints", "budget", m_budget));
    form.take("checkpoints", "choke_min_households",
              number("checkpoints", "choke_min_households", m_choke));
    m_doc.params = form.params();
    return steps[std::clamp(m_step->GetSelection(), 0, 6)];
}

wxString PlanPanel::Result() const {
    return m_result->GetValue();
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
    m_chart = new wxStaticBitmap(this, wxID_ANY, wxNullBitmap);
    KeepColumnsFitted(*m_list);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(m_list, 1, wxEXPAND);
    sizer->Add(m_chart, 0, wxALL, 2);
    SetSizer(sizer);
}

std::vector<std::pair<wxString, wxString>>
FigureRows(const nlohmann::json& f, const geo::District& district, const StaleZones& stale) {
    std::vector<std::pair<wxString, wxString>> rows;
    if (!f.is_object()) return rows;
    auto add = [&](const wxString& name, const wxString& value) { rows.emplace_back(name, value); };
    auto num = [&](const nlohmann::json& v, int decimals = 0) {
        return v.is_number() ? FormatNumber(v.get<double>(), decimals) : wxString("-");
    };
    // Where the households come from: the register or an estimate (issue 14).
    const auto& hh = f.value("households", nlohmann::json::object());
    if (hh.contains("registered")) {
        add(_("Households"), num(hh["households"]));
        if (hh["registered"]["buildings"].get<double>() > 0)
            add(_("  from the register"),
                wxString::Format(_("%s buildings, %s households (%s vacant)"),
                                 num(hh["registered"]["buildings"]),
                                 num(hh["registered"]["households"]),
                                 num(hh["registered"]["vacant"])));
        add(_("  estimated"),
            wxString::Format(_("%s buildings, %s households"), num(hh["estimated"]["buildings"]),
                             num(hh["estimated"]["households"])));
    }
    // The register's households per category (the four household files).
    const auto& categories = f.value("categories", nlohmann::json::object());
    if (categories.contains("district") && !categories["district"].empty()) {
        add(_("Households per category"), wxString());
        for (const auto& c : categories["district"]) {
            const std::string name = c.value("category", std::string());
            add("  " + (name.empty() ? _("no category") : wxString::FromUTF8(name)),
                num(c["households"]));
        }
    }
    const auto& zones = f["zones"];
    add(_("Patrol zones"), num(nlohmann::json(zones.size())));
    add(_("Mean households per zone"), num(f["zone_mean_households"], 1));
    add(_("Largest deviation from the mean"), FormatPercent(f.value("zone_max_deviation", 0.0)));
    for (const auto& z : zones) {
        const wxString name = wxString::FromUTF8(z.value("name", std::string()));
        add("  " + ZoneTitle(name.utf8_string()),
            wxString::Format(_("%s households (%s)"), num(z["households"]),
                             FormatPercent(z.value("deviation", 0.0))));
    }
    if (!stale.outlines.empty() || !stale.routes.empty()) {
        wxString names;
        std::set<geo::Id> ids = stale.outlines;
        ids.insert(stale.routes.begin(), stale.routes.end());
        for (const auto& z : district.zones)
            if (ids.count(z.id)) names += (names.empty() ? "" : ", ") + wxString::FromUTF8(z.name);
        add(_("Outlines and routes out of date (F6)"), names);
    }
    add(_("Patrol buildings in no zone"), num(f["unzoned_patrol_buildings"]));
    add(_("Gates open"), num(f["gates"]["open"]));
    add(_("Gates closed"), num(f["gates"]["closed"]));
    add(_("Compounds with no open gate"),
        num(nlohmann::json(f["compounds_without_open_gate"].size())));
    add(_("Compounds of unknown mode (not planned)"),
        num(nlohmann::json(f.value("compounds_unknown_mode", nlohmann::json::array()).size())));
    add(_("Compounds planned on an assumed mode"),
        num(nlohmann::json(f.value("compounds_mode_assumed", nlohmann::json::array()).size())));
    add(_("Checkpoints"), num(f["checkpoints"]["count"]));
    add(_("Checkpoint crew on duty"), num(f["checkpoints"]["crew_on_duty"]));
    if (f["checkpoints"].value("barriers", 0) > 0)
        add(_("Barriers (roads closed)"), num(f["checkpoints"]["barriers"]));
    add(_("Roads closed by hand"), num(f["closed_roads"]));
    if (f["staffing"].contains("people_per_day"))
        add(_("People needed per day"), num(f["staffing"]["people_per_day"]));
    if (f.contains("staffing_by_hour") && f["staffing_by_hour"].contains("crew_hours_per_day")) {
        const auto& hourly = f["staffing_by_hour"];
        add(_("Crew-hours a day (gates, checkpoints)"), num(hourly["crew_hours_per_day"], 1));
        add(_("  most on duty at once"),
            wxString::Format(_("%s at %02d:00"), num(hourly["peak_people"]),
                             hourly.value("peak_hour", 0)));
    }
    // Against the people available: each pool given, and how many are short.
    const auto& staffing = f["staffing"];
    if (staffing.contains("available") && staffing["available"].is_object())
        for (const std::string& pool : planner::staff_pools) {
            const auto given = staffing["available"].find(pool);
            if (given == staffing["available"].end() || !given->is_number()) continue;
            const double need = staffing.contains("need") && staffing["need"].contains(pool)
                                    ? staffing["need"][pool].get<double>()
                                    : 0.0;
            const double have = given->get<double>();
            const wxString text = need > have
                                      ? wxString::Format(_("%s needed, %s available: %s short"),
                                                         num(nlohmann::json(need)), num(*given),
                                                         num(nlohmann::json(need - have)))
                                      : wxString::Format(_("%s needed, %s available"),
                                                         num(nlohmann::json(need)), num(*given));
            add("  " + StaffPoolName(pool), text);
        }
    // Route minutes beside the team's shift: the zones whose rounds do not fit one shift.
    const auto& work = f.value("workload", nlohmann::json::object());
    if (work.contains("over_shift") && work["over_shift"].is_array()) {
        add(_("Patrol shift"),
            wxString::Format(_("%s h, %s rounds a day"), num(work["shift_hours"], 1),
                             num(work["rounds_per_day"])));
        if (work["over_shift"].empty())
            add(_("Zones whose rounds do not fit a shift"), _("none"));
        else
            add(_("Zones whose rounds do not fit a shift"),
                num(nlohmann::json(work["over_shift"].size())));
        for (const auto& z : work["over_shift"])
            add("  " + ZoneTitle(z.value("name", std::string())),
                wxString::Format(_("%s min a round, %s teams"), num(z["route_minutes"]),
                                 num(z["teams"])));
    }
    return rows;
}

void FiguresPanel::Update() {
    m_list->DeleteAllItems();
    if (!m_doc.figures.is_object()) return;
    long row = 0;
    auto add = [&](const wxString& name, const wxString& value) {
        m_list->InsertItem(row, name);
        m_list->SetItem(row, 1, value);
        ++row;
    };
    for (const auto& [name, value] : FigureRows(m_doc.figures, *m_doc.district, m_doc.stale))
        add(name, value);
    add(_("Figures updated in"), wxString::Format(_("%s ms"), FormatNumber(m_doc.figures_ms, 1)));
    if (m_doc.edit_ms > 0)
        add(_("Last edit applied in"),
            wxString::Format(_("%s ms"), FormatNumber(m_doc.edit_ms, 1)));
    // The people on duty per hour, as plan staffing --hourly counts them and the atlas prints.
    const render::StaffingByHour staffing =
        render::staffing_by_hour(m_doc.figures.value("staffing_by_hour", nlohmann::json()));
    if (staffing.empty()) {
        m_chart_bitmap = wxBitmap();
        m_chart->Hide();
    } else {
        const int w = std::max(360, GetClientSize().x - 4);
        m_chart_bitmap = StaffingChartBitmap(staffing, w, 230);
        m_chart->SetBitmap(m_chart_bitmap);
        m_chart->Show();
    }
    Layout();
    FitColumns(*m_list);
}

// ---------------------------------------------------------------------------------------------

ScenariosPanel::ScenariosPanel(wxWindow* parent, Document& doc) : wxPanel(parent), m_doc(doc) {
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    m_list = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                            wxLC_REPORT | wxLC_SINGLE_SEL | wxLC_HRULES);
    m_list->AppendColumn(_("Scenario"), wxLIST_FORMAT_LEFT, 150);
    m_list->AppendColumn(_("Saved"), wxLIST_FORMAT_LEFT, 150);
    m_list->AppendColumn(_("People/day"), wxLIST_FORMAT_RIGHT, 80);
    KeepColumnsFitted(*m_list);
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
    FitColumns(*m_list);
}

} // namespace cordon::gui
