#include "main_frame.hpp"

#include "app.hpp"
#include "atlas_controller.hpp"
#include "attribute_table.hpp"
#include "basemap_panel.hpp"
#include "edit_text.hpp"
#include "features.hpp"
#include "file_controller.hpp"
#include "format.hpp"
#include "ledger_controller.hpp"
#include "ledger_dialogs.hpp"
#include "menus.hpp"
#include "panels.hpp"
#include "plan_controller.hpp"
#include "scenario_controller.hpp"
#include "screening_panel.hpp"

#include <cordon/geo/pg_store.hpp>
#include <cordon/geo/project_store.hpp>
#include <cordon/geo/select.hpp>
#include <cordon/session/edit.hpp>

#include <wx/app.h>
#include <wx/choicdlg.h>
#include <wx/config.h>
#include <wx/filename.h>
#include <wx/listctrl.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/notebook.h>
#include <wx/sizer.h>
#include <wx/splitter.h>
#include <wx/statusbr.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <unistd.h>

namespace cordon::gui {

namespace {

enum StatusField {
    field_message,
    field_cursor,
    field_lonlat,
    field_scale,
    field_draw,
    field_count
};

} // namespace

MainFrame::MainFrame(std::shared_ptr<Document> doc, const render::View* view,
                     const render::RenderOptions* options)
    : wxFrame(nullptr, wxID_ANY, "Cordon", wxDefaultPosition, wxSize(1500, 950)),
      m_doc(std::move(doc)) {
    m_files = std::make_unique<FileController>(*this, m_doc);
    m_ledger = std::make_unique<LedgerController>(*this, m_doc);
    m_atlas = std::make_unique<AtlasController>(*this, m_doc);
    BuildMenu();
    BuildLayout();
    m_plan_steps = std::make_unique<PlanController>(*this, m_doc, *m_plan);
    m_scenario_steps = std::make_unique<ScenarioController>(*this, m_doc, *m_canvas);
    m_scenario_steps->on_saved = [this] { m_notebook->SetSelection(3); };
    BindLedger();
    m_files->on_opened = [this] { OnOpened(); };
    m_files->on_saved = [this] { UpdateTitle(); };
    m_files->on_select_where = [this](FeatureLayer layer, const std::string& expression) {
        SelectWhere(layer, expression);
    };
    if (options != nullptr) {
        m_canvas->Options() = *options;
        m_layers->Reload();
    }
    CreateStatusBar(field_count);
    const int widths[field_count] = {-1, 210, 190, 110, 90};
    GetStatusBar()->SetStatusWidths(field_count, widths);
    SetStatusText(m_doc->HasProject() ? wxString(_("Project open."))
                                      : wxString(_("No project open. File > Open Project...")),
                  field_message);
    BindCanvas();

    m_doc->listeners.push_back([this] { OnDocumentChanged(); });
    m_files->UseMenu(GetMenuBar()->GetMenu(0)->FindItem(wxID_FILE)->GetSubMenu());
    Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent& e) {
        if (e.CanVeto() && !m_quiet && !m_files->ConfirmDiscard()) {
            e.Veto();
            return;
        }
        m_files->Closing();
        e.Skip();
    });

    if (m_doc->HasProject()) {
        m_canvas->SetDistrict(m_doc->district, view == nullptr);
        if (view != nullptr) m_canvas->SetView(*view);
        OnDocumentChanged();
    }
    m_canvas->SetFocus();
}

MainFrame::~MainFrame() {
    m_doc->listeners.clear();
}

/// What the map's clicks, lasso and checkpoint tools do.
void MainFrame::BindCanvas() {
    m_canvas->on_view_changed = [this] { UpdateScale(); };
    m_canvas->on_drawn_changed = [this] { m_layers->UpdateLegend(m_canvas->Drawn()); };
    m_canvas->on_cursor = [this](std::optional<geo::Point> p) { UpdateCursor(p); };
    m_canvas->on_click = [this](geo::Point at, bool add) { OnClick(at, add); };
    m_canvas->on_context = [this](geo::Point at, wxPoint where) { OnContext(at, where); };
    m_canvas->on_lasso = [this](const std::vector<geo::Point>& ring) {
        geo::Ring closed = ring;
        closed.push_back(ring.front());
        m_drawn = {geo::Polygon{{closed}}};
        const auto ids = geo::select_inside(*m_doc->district, "buildings", m_drawn);
        Select(FeatureLayer::buildings, std::set<geo::Id>(ids.begin(), ids.end()));
        SetStatusText(
            wxString::Format(
                _("%s buildings selected: right-click one of them to move them to a zone"),
                FormatNumber(static_cast<double>(ids.size()))),
            field_message);
    };
    m_canvas->on_add_checkpoint = [this](geo::Point at) {
        geo::Checkpoint c;
        c.pos = at;
        c.hours = "24 h";
        Edit(session::AddCheckpoint{c});
    };
    m_canvas->checkpoint_at = [this](geo::Point at) -> std::optional<geo::Id> {
        render::RenderOptions only;
        only.gates = only.buildings = only.roads = only.compounds = only.zones = only.communities =
            false;
        if (auto f = PickFeature(*m_doc->district, at, 10 * m_canvas->MetresPerPixel(), only))
            return f->id;
        return std::nullopt;
    };
    m_canvas->on_move_checkpoint = [this](geo::Id id, geo::Point at) {
        Edit(session::MoveCheckpoint{id, at});
    };
    m_canvas->on_basemaps = [this] { m_basemaps->SetProblems(m_canvas->Basemaps().Warnings()); };
    m_canvas->on_first_paint = [this] {
        m_painted = true;
        auto pending = std::move(m_after_paint);
        m_after_paint.clear();
        for (auto& f : pending)
            f();
    };
}

void MainFrame::BuildLayout() {
    auto* split = m_split =
        new wxSplitterWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxSP_LIVE_UPDATE);
    m_notebook = new wxNotebook(split, wxID_ANY);
    auto* right =
        new wxSplitterWindow(split, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxSP_LIVE_UPDATE);
    m_canvas = new MapCanvas(right);
    m_table = new AttributeTable(right, *m_doc);
    right->SplitHorizontally(m_canvas, m_table, -230);
    right->SetSashGravity(1.0);
    right->SetMinimumPaneSize(80);
    split->SetMinimumPaneSize(200);

    m_layers = new LayersPanel(m_notebook, m_canvas->Options());
    // Basemaps (issue 18): in the Layers panel, above the legend.
    m_basemaps = new BasemapsPanel(m_layers);
    m_layers->GetSizer()->Insert(6, m_basemaps, 0, wxEXPAND);
    m_basemaps->district = [this]() -> const geo::District& { return *m_doc->district; };
    m_basemaps->on_replace = [this](geo::District after, const std::string& label) {
        try {
            m_doc->Replace(std::move(after), label, m_doc->stale);
        } catch (const std::exception& e) {
            ShowError(_("Basemaps"), wxString::FromUTF8(e.what()));
        }
    };
    m_plan = new PlanPanel(m_notebook, *m_doc);
    m_plan->selection = [this] {
        return std::pair<std::string, std::set<geo::Id>>{layer_key(m_sel_layer), m_sel_ids};
    };
    m_plan->drawn = [this] { return m_drawn; };
    m_figures = new FiguresPanel(m_notebook, *m_doc);
    m_scenarios = new ScenariosPanel(m_notebook, *m_doc);
    m_identify = new IdentifyPanel(m_notebook);
    m_screening = new ScreeningPanel(m_notebook, *m_doc);
    m_notebook->AddPage(m_layers, _("Layers"));
    m_notebook->AddPage(m_plan, _("Plan"));
    m_notebook->AddPage(m_figures, _("Figures"));
    m_notebook->AddPage(m_scenarios, _("Scenarios"));
    m_notebook->AddPage(m_identify, _("Identify"));
    m_notebook->AddPage(m_screening, _("Screening"));

    m_layers->on_change = [this] { m_canvas->Invalidate(); };
    m_plan->on_run = [this](const std::string& step) { m_plan_steps->Run(step); };
    m_table->on_select = [this](FeatureLayer layer, const std::set<geo::Id>& ids) {
        Select(layer, ids, true);
    };
    m_table->on_activate = [this](FeatureLayer layer, geo::Id id) {
        Select(layer, {id});
        m_canvas->ZoomToBox(FeaturesBox(*m_doc->district, layer, {id}));
    };
    m_scenarios->on_save = [this] { m_scenario_steps->AskSave(); };
    m_scenarios->on_restore = [this](const std::string& name) { m_scenario_steps->Restore(name); };
    m_scenarios->on_delete = [this](const std::string& name) { m_scenario_steps->Delete(name); };
    m_scenarios->on_compare = [this] { m_scenario_steps->AskCompare(); };

    // The sidebar as wide as the planner last left it, else as its panels ask (the Plan
    // panel's labels and fields, Figures' values), within reason.
    long width = 0;
    if (!wxConfig::Get()->Read("/window/sidebar_width", &width) || width < 200)
        width = std::clamp(m_notebook->GetBestSize().x + 28, 360, 600);
    split->SplitVertically(m_notebook, right, static_cast<int>(width));
    split->Bind(wxEVT_SPLITTER_SASH_POS_CHANGED, [this](wxSplitterEvent& e) {
        RememberSidebarWidth(e.GetSashPosition());
        e.Skip();
    });

    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(split, 1, wxEXPAND);
    SetSizer(sizer);
}

void MainFrame::FitSidebar() {
    // Until the planner drags the sash, the sidebar widens to show the Figures' columns
    // whole, up to 45 % of the window.
    long remembered = 0;
    if (wxConfig::Get()->Read("/window/sidebar_width", &remembered) && remembered >= 200) return;
    wxListCtrl& list = *m_figures->GetList();
    int columns = 0;
    for (int c = 0; c < list.GetColumnCount(); ++c)
        columns += list.GetColumnWidth(c);
    const int short_by = columns - list.GetClientSize().x;
    const int widest = GetClientSize().x * 45 / 100;
    if (short_by > 0 && m_split->GetSashPosition() < widest)
        m_split->SetSashPosition(std::min(widest, m_split->GetSashPosition() + short_by + 4));
}

void MainFrame::RememberSidebarWidth(int width) {
    if (width >= 200) wxConfig::Get()->Write("/window/sidebar_width", static_cast<long>(width));
}

void MainFrame::SetSidebarWidth(int width) {
    m_split->SetSashPosition(width);
    RememberSidebarWidth(m_split->GetSashPosition());
}

int MainFrame::SidebarWidth() const {
    return m_split->GetSashPosition();
}

void MainFrame::ShowError(const wxString& title, const wxString& message) {
    m_last_error = (title + ": " + message).utf8_string();
    if (m_quiet)
        std::fprintf(stderr, "cordon: %s: %s\n", title.utf8_str().data(),
                     message.utf8_str().data());
    else
        wxMessageBox(message, title, wxOK | wxICON_ERROR, this);
}

void MainFrame::ShowMessage(const wxString& title, const wxString& message, long icon, bool quiet) {
    m_last_error = message.utf8_string();
    if (quiet)
        std::fprintf(stderr, "cordon: %s\n", message.utf8_str().data());
    else
        wxMessageBox(message, title, wxOK | icon, this);
}

void MainFrame::ShowStatus(const wxString& text) {
    SetStatusText(text, field_message);
}

/// A project was opened: nothing selected or highlighted, the map, the checkpoint areas and
/// the table show it.
void MainFrame::TakeOver(MainFrame& old) {
    m_files->SetImportReport(old.m_files->ImportReport());
    m_ledger->TakeReportsFrom(*old.m_ledger);
    if (old.m_screening->ColourMap()) m_screening->SetColourMap(true);
    if (old.m_households != nullptr && old.m_households->IsShown()) ShowHouseholds();
    if (old.m_notebook->GetSelection() >= 0)
        m_notebook->SetSelection(static_cast<std::size_t>(old.m_notebook->GetSelection()));
    m_plan_steps->TakeResultFrom(*old.m_plan_steps);
    m_plan->ChooseArea(old.m_plan->ChosenArea());
    if (old.m_identified && m_doc->HasProject()) {
        m_identified = old.m_identified;
        m_identify->Show(*m_doc->district, m_identified);
    }
}

void MainFrame::OnOpened() {
    m_sel_ids.clear();
    m_identified.reset();
    m_canvas->SetHighlight({});
    m_canvas->SetDistrict(m_doc->district);
    m_plan->UpdateAreas(*m_doc->district);
    m_table->ShowLayer(m_table->GetList()->GetLayer());
}

void MainFrame::AfterFirstPaint(std::function<void()> f) {
    if (m_painted)
        f();
    else
        m_after_paint.push_back(std::move(f));
}

bool MainFrame::Edit(const session::Edit& edit) {
    return Edit(std::vector<session::Edit>{edit});
}

bool MainFrame::Edit(const std::vector<session::Edit>& edits) {
    if (edits.empty()) return true;
    try {
        m_doc->Apply(edits);
    } catch (const std::exception& e) {
        ShowError(_("Cannot make this change"), U(e.what()));
        return false;
    }
    wxString text =
        wxString::Format(_("Done: %s (figures updated in %s ms)"),
                         EditText(session::describe(edits)), FormatNumber(m_doc->edit_ms, 1));
    if (!m_doc->stale.outlines.empty())
        text += "  " + wxString::Format(_("Outlines of %s are out of date: Plan > Refresh (F6)."),
                                        ZoneList(*m_doc->district, m_doc->stale.outlines));
    SetStatusText(text, field_message);
    return true;
}

void MainFrame::OnDocumentChanged() {
    m_files->Changed();
    m_canvas->SetStaleZones(m_doc->stale.outlines);
    m_canvas->SetDistrict(m_doc->district, false);
    // Selected features that no longer exist drop out of the selection.
    std::set<geo::Id> still;
    const std::size_t n = FeatureCount(*m_doc->district, m_sel_layer);
    for (std::size_t i = 0; i < n; ++i)
        if (m_sel_ids.count(FeatureId(*m_doc->district, m_sel_layer, i)))
            still.insert(FeatureId(*m_doc->district, m_sel_layer, i));
    m_sel_ids = still;
    m_canvas->SetHighlight(ToHighlight(m_sel_layer, m_sel_ids));
    m_table->Rebuild();
    m_table->SelectFeatures(m_sel_layer, m_sel_ids);
    m_figures->Update();
    FitSidebar();
    m_scenarios->Update();
    m_plan->UpdateAreas(*m_doc->district); // zones and compounds come and go
    m_identify->Show(*m_doc->district, m_identified);
    m_layers->UpdateLegend(m_canvas->Drawn());
    m_basemaps->Reload(*m_doc->district);
    m_basemaps->SetProblems(m_canvas->Basemaps().Warnings());
    UpdateLedger();
    UpdateUndoMenu();
    UpdateTitle();
}

void MainFrame::UpdateTitle() {
    if (!m_doc->HasProject()) {
        SetTitle("Cordon");
        return;
    }
    const wxString name = geo::is_database_url(m_doc->path)
                              ? U(geo::shown_url(m_doc->path))
                              : wxFileName(U(m_doc->path)).GetFullName();
    SetTitle((m_doc->undo.modified() ? "*" : "") + name + " - Cordon");
}

void MainFrame::UpdateUndoMenu() {
    wxMenuBar* bar = GetMenuBar();
    const wxString undo = EditText(m_doc->undo.undo_label()),
                   redo = EditText(m_doc->undo.redo_label());
    bar->SetLabel(wxID_UNDO,
                  (undo.empty() ? _("&Undo") : wxString::Format(_("&Undo %s"), undo)) + "\tCtrl+Z");
    bar->SetLabel(wxID_REDO,
                  (redo.empty() ? _("&Redo") : wxString::Format(_("&Redo %s"), redo)) + "\tCtrl+Y");
    bar->Enable(wxID_UNDO, m_doc->undo.can_undo());
    bar->Enable(wxID_REDO, m_doc->undo.can_redo());
}

void MainFrame::Select(FeatureLayer layer, const std::set<geo::Id>& ids, bool from_table) {
    m_sel_layer = layer;
    m_sel_ids = ids;
    m_canvas->SetHighlight(ToHighlight(layer, ids));
    if (!from_table) m_table->SelectFeatures(layer, ids);
    if (ids.size() == 1 && layer == FeatureLayer::buildings && m_households != nullptr &&
        m_households->IsShown())
        m_households->SetBuilding(*ids.begin()); // picked on the map for a match
    if (ids.size() == 1) {
        m_identified = FeatureRef{layer, *ids.begin()};
        m_identify->Show(*m_doc->district, m_identified);
    }
}

void MainFrame::OnClick(geo::Point at, bool add) {
    const auto f =
        PickFeature(*m_doc->district, at, 8 * m_canvas->MetresPerPixel(), m_canvas->Options());
    m_identified = f;
    m_identify->Show(*m_doc->district, f);
    if (!f) {
        if (!add) Select(m_sel_layer, {});
        return;
    }
    std::set<geo::Id> ids;
    if (add && f->layer == m_sel_layer) ids = m_sel_ids;
    if (add && ids.count(f->id))
        ids.erase(f->id);
    else
        ids.insert(f->id);
    Select(f->layer, ids);
    SetStatusText(LayerTitle(f->layer) + wxString::Format(" %lld", static_cast<long long>(f->id)),
                  field_message);
}

void MainFrame::MoveSelectionToZone(std::optional<geo::Id> building_hint) {
    std::vector<geo::Id> buildings;
    if (m_sel_layer == FeatureLayer::buildings)
        buildings.assign(m_sel_ids.begin(), m_sel_ids.end());
    if (buildings.empty() && building_hint) buildings.push_back(*building_hint);
    const auto& zones = m_doc->district->zones;
    if (buildings.empty() || zones.empty()) {
        ShowError(_("Move buildings"),
                  _("Select buildings first (click, Shift+click or lasso) and make patrol "
                    "zones (Plan > Patrol zones)."));
        return;
    }
    wxArrayString names;
    for (const auto& z : zones)
        names.Add(U(z.name.empty() ? "#" + std::to_string(z.id) : z.name));
    const int choice =
        wxGetSingleChoiceIndex(wxString::Format(_("Move %zu buildings to zone:"), buildings.size()),
                               _("Move Buildings"), names, 0, this);
    if (choice < 0) return;
    Edit(session::MoveBuildings::to(buildings, zones[static_cast<std::size_t>(choice)].id));
}

std::vector<session::Edit> MainFrame::ToggleGatesEdits() const {
    std::vector<session::Edit> edits;
    if (m_sel_layer != FeatureLayer::gates) return edits;
    bool any_open = false;
    for (const auto& g : m_doc->district->gates)
        if (m_sel_ids.count(g.id) && g.state == geo::GateState::open) any_open = true;
    for (const auto& g : m_doc->district->gates)
        if (m_sel_ids.count(g.id))
            edits.push_back(session::SetGateState{
                g.id, any_open ? geo::GateState::closed : geo::GateState::open, std::nullopt});
    return edits;
}

std::vector<session::Edit> MainFrame::CompoundModeEdits(geo::CompoundMode mode) const {
    std::vector<session::Edit> edits;
    if (m_sel_layer != FeatureLayer::compounds) return edits;
    for (geo::Id c : m_sel_ids)
        edits.push_back(session::SetCompoundMode{c, mode, {}});
    return edits;
}

std::vector<session::Edit> MainFrame::ToggleRoadsEdits() const {
    std::vector<session::Edit> edits;
    if (m_sel_layer != FeatureLayer::roads) return edits;
    const auto closed = session::closed_roads(*m_doc->district);
    bool any_open = false;
    for (geo::Id id : m_sel_ids)
        if (!std::binary_search(closed.begin(), closed.end(), id)) any_open = true;
    for (geo::Id id : m_sel_ids)
        edits.push_back(session::SetRoadClosed{id, any_open});
    return edits;
}

std::vector<std::pair<wxString, std::function<void()>>> MainFrame::ContextActions(geo::Point at) {
    const auto f =
        PickFeature(*m_doc->district, at, 8 * m_canvas->MetresPerPixel(), m_canvas->Options());
    std::vector<std::pair<wxString, std::function<void()>>> actions;
    auto add = [&](const wxString& label, std::function<void()> action) {
        actions.emplace_back(label, std::move(action));
    };
    const geo::District& d = *m_doc->district;
    if (f) {
        // The clicked feature joins nothing: a click outside the selection selects it alone,
        // a click inside edits the whole selection.
        if (!m_sel_ids.count(f->id) || m_sel_layer != f->layer) Select(f->layer, {f->id});
        const std::size_t n = m_sel_ids.size();
        if (f->layer == FeatureLayer::gates) {
            const auto edits = ToggleGatesEdits();
            const bool close =
                std::get<session::SetGateState>(edits.front()).state == geo::GateState::closed;
            const wxString label = n == 1
                                       ? (close ? _("Close this gate") : _("Open this gate"))
                                       : wxString::Format(close ? _("Close the %zu selected gates")
                                                                : _("Open the %zu selected gates"),
                                                          n);
            add(label, [this, edits] { Edit(edits); });
        } else if (f->layer == FeatureLayer::compounds) {
            const wxString menu = n == 1 ? _("Control mode")
                                         : wxString::Format(_("Control mode of %zu compounds"), n);
            for (auto mode : {geo::CompoundMode::closed, geo::CompoundMode::guarded,
                              geo::CompoundMode::patrol, geo::CompoundMode::unknown})
                add(menu + " > " + ModeText(mode),
                    [this, edits = CompoundModeEdits(mode)] { Edit(edits); });
        } else if (f->layer == FeatureLayer::buildings && !d.zones.empty()) {
            const std::vector<geo::Id> ids(m_sel_ids.begin(), m_sel_ids.end());
            const wxString menu = wxString::Format(_("Move %zu selected buildings to zone"), n);
            for (const auto& z : d.zones)
                add(menu + " > " + U(z.name.empty() ? "#" + std::to_string(z.id) : z.name),
                    [this, ids, zone = z.id] { Edit(session::MoveBuildings::to(ids, zone)); });
        } else if (f->layer == FeatureLayer::checkpoints) {
            std::vector<session::Edit> edits;
            for (geo::Id id : m_sel_ids)
                edits.push_back(session::DeleteCheckpoint{id});
            add(n == 1 ? _("Delete this checkpoint")
                       : wxString::Format(_("Delete the %zu selected checkpoints"), n),
                [this, edits] { Edit(edits); });
        } else if (f->layer == FeatureLayer::roads) {
            const auto edits = ToggleRoadsEdits();
            const bool close = std::get<session::SetRoadClosed>(edits.front()).closed;
            add(n == 1 ? (close ? _("Mark this road closed") : _("Reopen this road"))
                       : wxString::Format(close ? _("Mark the %zu selected roads closed")
                                                : _("Reopen the %zu selected roads"),
                                          n),
                [this, edits] { Edit(edits); });
        }
    }
    if (!m_doc->stale.empty())
        add(_("Refresh outlines and routes of edited zones"),
            [this] { m_plan_steps->RefreshZones(); });
    if (m_doc->HasProject()) {
        add(_("Add a vehicle checkpoint here"), [this, at] {
            geo::Checkpoint c;
            c.pos = at;
            c.hours = "24 h";
            Edit(session::AddCheckpoint{c});
        });
        add(_("Add a registration point here"), [this, at] {
            geo::Checkpoint c;
            c.pos = at;
            c.kind = geo::CheckpointKind::registration;
            c.hours = "24 h";
            Edit(session::AddCheckpoint{c});
        });
    }
    return actions;
}

void MainFrame::OnContext(geo::Point at, wxPoint where) {
    auto actions = ContextActions(at);
    if (actions.empty()) return;
    wxMenu menu;
    std::map<wxString, wxMenu*> subs;
    const int first = wxID_HIGHEST + 5000;
    for (std::size_t i = 0; i < actions.size(); ++i) {
        const wxString& label = actions[i].first;
        const int id = first + static_cast<int>(i);
        const int cut = label.Find(" > ");
        if (cut == wxNOT_FOUND) {
            menu.Append(id, label);
            continue;
        }
        const wxString sub = label.Left(static_cast<size_t>(cut));
        if (!subs.count(sub)) menu.AppendSubMenu(subs[sub] = new wxMenu, sub);
        subs[sub]->Append(id, label.Mid(static_cast<size_t>(cut) + 3));
    }
    const int chosen = m_canvas->GetPopupMenuSelectionFromUser(menu, where);
    if (chosen >= first && chosen < first + static_cast<int>(actions.size()))
        actions[static_cast<std::size_t>(chosen - first)].second();
}

void MainFrame::UpdateScale() {
    if (!m_canvas->HasDistrict()) {
        SetStatusText(wxEmptyString, field_scale);
        return;
    }
    const double n = m_canvas->GetView().scale_denominator();
    SetStatusText("1:" + FormatNumber(std::round(n)), field_scale);
    SetStatusText(wxString::Format(_("draw %s ms"), FormatNumber(m_canvas->LastDrawMs(), 1)),
                  field_draw);
}

void MainFrame::UpdateCursor(std::optional<geo::Point> position) {
    if (!position) {
        SetStatusText(wxEmptyString, field_cursor);
        SetStatusText(wxEmptyString, field_lonlat);
        return;
    }
    SetStatusText(wxString::Format("X %s  Y %s m", FormatNumber(position->x, 1),
                                   FormatNumber(position->y, 1)),
                  field_cursor);
    double lon = 0, lat = 0;
    if (UtmToLonLat(m_doc->district->meta.srid, position->x, position->y, lon, lat))
        SetStatusText(wxString::Format(wxString::FromUTF8("%.6f°E  %.6f°N"), lon, lat),
                      field_lonlat);
}

void MainFrame::SetLanguage(UiLanguage language) {
    if (language == CurrentLanguage()) return;
    CallAfter([language] { wxGetApp().SwitchLanguage(language); });
}

void MainFrame::ShowTab(std::size_t page) {
    if (page < m_notebook->GetPageCount()) m_notebook->SetSelection(page);
}

nlohmann::json MainFrame::State() const {
    nlohmann::json s;
    s["language"] = CurrentLanguage() == UiLanguage::zh ? "zh_CN" : "en";
    s["title"] = GetTitle().utf8_string();
    s["project"] = m_doc->path;
    s["modified"] = m_doc->undo.modified();
    s["pid"] = static_cast<long>(::getpid());
    s["lock"] = m_doc->lock ? nlohmann::json(geo::ProjectLock::lock_path(m_doc->path))
                            : nlohmann::json(nullptr);
    s["last_error"] = m_last_error;
    s["live"] = m_files->Live().State();
    s["atlas"] = m_atlas->Report();
    if (m_atlas->Preview() != nullptr) s["preview"] = m_atlas->Preview()->State();
    if (!m_files->ImportReport().is_null()) s["import"] = m_files->ImportReport();
    s["undo"] = m_doc->undo.undo_label();
    s["redo"] = m_doc->undo.redo_label();
    s["figures"] = m_doc->figures;
    s["plan"] = {{"area", m_doc->params.checkpoints.area},
                 {"area_choices", m_plan->AreaChoices()},
                 {"result", m_plan->Result().utf8_string()}};
    s["render"] = {{"choke_points", m_canvas->Options().choke_points},
                   {"cordon_areas", m_canvas->Options().cordon_areas}};
    nlohmann::json figure_rows = nlohmann::json::array();
    for (long r = 0; r < m_figures->GetList()->GetItemCount(); ++r)
        figure_rows.push_back({m_figures->GetList()->GetItemText(r, 0).utf8_string(),
                               m_figures->GetList()->GetItemText(r, 1).utf8_string()});
    s["figure_rows"] = figure_rows;
    s["plan_result"] = m_plan->Result().utf8_string();
    s["figures_ms"] = m_doc->figures_ms;
    s["edit_ms"] = m_doc->edit_ms;
    s["stale"] = {{"outlines", m_doc->stale.outlines}, {"routes", m_doc->stale.routes}};
    s["refresh"] = m_plan_steps->RefreshReport();
    s["draw_ms"] = m_canvas->LastDrawMs();
    {
        const BasemapLoader& b = m_canvas->Basemaps();
        nlohmann::json names = nlohmann::json::array();
        for (const auto& m : m_doc->district->basemaps)
            names.push_back(m.name);
        s["basemaps"] = {{"names", names},
                         {"images", b.Images()->size()},
                         {"arrived", b.ImagesArrived()},
                         {"loading", b.Loading()},
                         {"cancelled", b.JobsCancelled()},
                         {"warnings", b.Warnings()},
                         {"first_image_ms", b.FirstImageMs()},
                         {"view", b.LastView()},
                         {"frames", m_canvas->Frames()},
                         {"frames_while_loading", m_canvas->FramesWhileLoading()}};
    }
    s["sidebar_width"] = SidebarWidth();
    nlohmann::json menus = nlohmann::json::array();
    for (size_t i = 0; i < GetMenuBar()->GetMenuCount(); ++i)
        menus.push_back(wxMenuItem::GetLabelText(GetMenuBar()->GetMenuLabel(i)).utf8_string());
    s["menus"] = menus;
    nlohmann::json tabs = nlohmann::json::array();
    for (size_t i = 0; i < m_notebook->GetPageCount(); ++i)
        tabs.push_back(m_notebook->GetPageText(i).utf8_string());
    s["tabs"] = tabs;
    s["figures_chart"] = {
        {"width", m_figures->Chart().IsOk() ? m_figures->Chart().GetWidth() : 0},
        {"height", m_figures->Chart().IsOk() ? m_figures->Chart().GetHeight() : 0}};
    const TableList* list = m_table->GetList();
    nlohmann::json table;
    table["layer"] = layer_key(list->GetLayer());
    table["rows"] = list->RowCount();
    nlohmann::json columns = nlohmann::json::array();
    for (int c = 0; c < list->GetColumnCount(); ++c) {
        wxListItem item;
        item.SetMask(wxLIST_MASK_TEXT);
        list->GetColumn(c, item);
        columns.push_back(item.GetText().utf8_string());
    }
    table["columns"] = columns;
    nlohmann::json first = nlohmann::json::array();
    for (long r = 0; r < static_cast<long>(std::min<std::size_t>(list->RowCount(), 5)); ++r) {
        nlohmann::json row = nlohmann::json::array();
        for (int c = 0; c < list->GetColumnCount(); ++c)
            row.push_back(list->Cell(r, c).utf8_string());
        first.push_back(row);
    }
    table["first_rows"] = first;
    nlohmann::json selected = nlohmann::json::array();
    for (long r = list->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED); r != -1;
         r = list->GetNextItem(r, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED))
        selected.push_back(list->Cell(r, 0).utf8_string());
    table["selected_rows"] = selected;
    s["table"] = table;
    s["selection"] = {{"layer", layer_key(m_sel_layer)}, {"ids", m_sel_ids}};
    nlohmann::json modes = nlohmann::json::object();
    for (const auto& c : m_doc->district->compounds)
        modes[std::to_string(c.id)] = geo::to_string(c.mode);
    s["compound_modes"] = modes;
    nlohmann::json gates = nlohmann::json::object();
    for (const auto& g : m_doc->district->gates)
        gates[std::to_string(g.id)] = geo::to_string(g.state);
    s["gate_states"] = gates;
    s["status"] = GetStatusBar()->GetStatusText(field_message).utf8_string();
    nlohmann::json identify = nlohmann::json::array();
    wxListCtrl* id = m_identify->GetList();
    for (long r = 0; r < id->GetItemCount(); ++r)
        identify.push_back(
            {id->GetItemText(r, 0).utf8_string(), id->GetItemText(r, 1).utf8_string()});
    s["identify"] = identify;
    nlohmann::json scen = nlohmann::json::array();
    std::string scenarios_error;
    for (const auto& sc : ReadScenarios(*m_doc->district, &scenarios_error))
        scen.push_back(sc.name);
    s["scenarios"] = scen;
    s["scenarios_error"] = scenarios_error;
    s["ledger"] = LedgerState();
    s["view"] = {{"scale", m_canvas->GetView().scale},
                 {"centre", {m_canvas->GetView().centre.x, m_canvas->GetView().centre.y}}};
    return s;
}

} // namespace cordon::gui
