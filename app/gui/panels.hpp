#pragma once
// The side panels of the main window: layers with legend, identify, plan steps, figures,
// scenarios. Each only shows and asks; the frame does the work through the Document.

#include <cordon/geo/param_error.hpp>
#include <cordon/gui/document.hpp>
#include <cordon/render/map_renderer.hpp>

#include <wx/panel.h>
#include <wx/scrolwin.h>

#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

class wxCheckListBox;
class wxCheckBox;
class wxChoice;
class wxListCtrl;
class wxListBox;
class wxSpinCtrlDouble;
class wxStaticBitmap;
class wxTextCtrl;

namespace cordon::session {
struct Param;
}

namespace cordon::gui {

/// A plan parameter's label in the app's language.
wxString ParamLabel(const session::Param& param);
/// A parameter error in the app's words: the field's label instead of the parameter's name.
wxString ParamErrorText(const ParamError& error);

/// Visibility and order of the map's layers, zone colouring, and the legend.
class LayersPanel : public wxPanel {
public:
    LayersPanel(wxWindow* parent, render::RenderOptions& options);
    /// The legend of what the map shows now (MapCanvas::Drawn()).
    void UpdateLegend(const render::DrawnClasses& drawn);
    /// Turns a layer on or off by its render name ("zones"); false when there is none.
    bool SetVisible(const std::string& name, bool visible);
    /// Shows the render options as they are now (after they were set from outside).
    void Reload();
    std::function<void()> on_change;

private:
    void Fill();
    void Apply();
    render::RenderOptions& m_options;
    std::vector<render::Layer> m_order; ///< top of the list first
    wxCheckListBox* m_list = nullptr;
    wxCheckBox* m_by_zone = nullptr;
    wxCheckBox* m_choke_points = nullptr; ///< render's choke_points
    wxCheckBox* m_cordon_areas = nullptr; ///< render's cordon_areas
    wxStaticBitmap* m_legend = nullptr;
};

/// Attributes of the feature under the last click, its reason among them.
class IdentifyPanel : public wxPanel {
public:
    explicit IdentifyPanel(wxWindow* parent);
    void Show(const geo::District& district, const std::optional<FeatureRef>& feature);
    wxListCtrl* GetList() const { return m_list; }

private:
    wxListCtrl* m_list = nullptr;
};

/// One planner step at a time: its parameters (units, tooltips), Run, and the result.
/// Scrolls when its fields and the Result do not fit the sidebar's height.
class PlanPanel : public wxScrolledWindow {
public:
    PlanPanel(wxWindow* parent, Document& doc);
    /// Reads the controls into the document's parameters; returns the chosen step.
    std::string ReadParams();
    void SelectStep(const std::string& step);
    void ShowResult(const wxString& text);
    /// The areas checkpoints can protect: the whole district, the features selected on the
    /// map, the polygon drawn on it, a polygon file, each community, compound and patrol zone.
    void UpdateAreas(const geo::District& district);
    /// The chosen area as the CLI's --area names it; throws ParamError when the selection
    /// is chosen and empty.
    std::string AreaSpec() const;
    /// The area chosen as ChooseArea takes it ("" for the selection, "drawn", "file:PATH").
    std::string ChosenArea() const;
    /// Chooses the area entry of `spec` ("" the selection, "drawn" the polygon drawn on the
    /// map, "file:PATH" a polygon file); false when there is none.
    bool ChooseArea(const std::string& spec);
    /// The area list's entries as shown.
    std::vector<std::string> AreaChoices() const;
    wxString Result() const;
    /// Types `people` into the field of people available from `pool` (a test script);
    /// false when there is no such pool.
    bool SetAvailable(const std::string& pool, const wxString& people);
    std::function<void(const std::string& step)> on_run;
    /// The map's selection: its layer key ("compounds") and ids.
    std::function<std::pair<std::string, std::set<geo::Id>>()> selection;
    /// The polygon last drawn on the map with the Select tool (project CRS); empty: none.
    std::function<geo::MultiPolygon()> drawn;

private:
    Document& m_doc;
    wxChoice* m_step = nullptr;
    wxChoice* m_unknown = nullptr;
    wxSpinCtrlDouble* m_walk = nullptr;
    wxCheckBox* m_vehicle_gate = nullptr;
    wxSpinCtrlDouble* m_zones = nullptr;
    wxSpinCtrlDouble* m_capacity = nullptr;
    wxSpinCtrlDouble* m_balance = nullptr;
    wxChoice* m_balance_by = nullptr;
    wxSpinCtrlDouble* m_speed = nullptr;
    wxSpinCtrlDouble* m_shift = nullptr;
    wxSpinCtrlDouble* m_rounds = nullptr;
    wxSpinCtrlDouble* m_team = nullptr;
    /// People available per day, one field per pool (planner::staff_pools); empty: not given.
    std::vector<wxTextCtrl*> m_available;
    wxChoice* m_area = nullptr;
    /// Per m_area entry: its spec; "" the selection, "drawn" the polygon drawn on the map,
    /// "file" a polygon file (m_area_file).
    std::vector<std::string> m_area_specs;
    std::string m_area_file; ///< the polygon file chosen for the "file" entry
    wxSpinCtrlDouble* m_margin = nullptr;
    wxSpinCtrlDouble* m_budget = nullptr;
    wxSpinCtrlDouble* m_choke = nullptr;
    wxTextCtrl* m_result = nullptr;
};

/// The plan's figures as rows (name, value): what the Figures panel lists and the Plan
/// panel's Result shows after a run (one function, so that they cannot disagree).
std::vector<std::pair<wxString, wxString>>
FigureRows(const nlohmann::json& figures, const geo::District& district, const StaleZones& stale);

/// The figures edits change, updated at once.
class FiguresPanel : public wxPanel {
public:
    FiguresPanel(wxWindow* parent, Document& doc);
    void Update();
    wxListCtrl* GetList() const { return m_list; }
    /// The 24-hour staffing chart as last drawn (empty when the plan has nobody on duty).
    const wxBitmap& Chart() const { return m_chart_bitmap; }

private:
    Document& m_doc;
    wxListCtrl* m_list = nullptr;
    wxStaticBitmap* m_chart = nullptr; ///< people on duty per hour (render::draw_staffing_chart)
    wxBitmap m_chart_bitmap;
};

/// Scenarios saved in the project: save, restore, delete, compare.
class ScenariosPanel : public wxPanel {
public:
    ScenariosPanel(wxWindow* parent, Document& doc);
    void Update();
    std::function<void()> on_save;
    std::function<void(const std::string&)> on_restore;
    std::function<void(const std::string&)> on_delete;
    std::function<void()> on_compare;

private:
    Document& m_doc;
    wxListCtrl* m_list = nullptr;
    std::string Selected() const;
};

} // namespace cordon::gui
