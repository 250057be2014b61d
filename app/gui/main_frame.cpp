#include "main_frame.hpp"

#include "app.hpp"
#include "attribute_table.hpp"
#include "features.hpp"
#include "format.hpp"
#include "import_wizard.hpp"
#include "lock.hpp"
#include "panels.hpp"
#include "task.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/export.hpp>
#include <cordon/geo/project_store.hpp>
#include <cordon/planner/checkpoint_area.hpp>
#include <cordon/planner/checkpoints.hpp>
#include <cordon/render/atlas.hpp>
#include <cordon/session/autosave.hpp>
#include <cordon/session/plan.hpp>
#include <cordon/session/project.hpp>
#include <cordon/session/refresh.hpp>
#include <cordon/session/scenario.hpp>

#include <wx/aboutdlg.h>
#include <wx/app.h>
#include <wx/button.h>
#include <wx/choicdlg.h>
#include <wx/choice.h>
#include <wx/config.h>
#include <wx/dialog.h>
#include <wx/filedlg.h>
#include <wx/filename.h>
#include <wx/filepicker.h>
#include <wx/listctrl.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/notebook.h>
#include <wx/sizer.h>
#include <wx/splitter.h>
#include <wx/stattext.h>
#include <wx/statusbr.h>
#include <wx/stdpaths.h>
#include <wx/textdlg.h>
#include <wx/weakref.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
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

enum MenuId {
    id_zoom_full = wxID_HIGHEST + 1,
    id_zoom_selection,
    id_export,
    id_print_preview,
    id_export_atlas,
    id_tool_pan,
    id_tool_select,
    id_tool_add_checkpoint,
    id_tool_move_checkpoint,
    id_clear_selection,
    id_toggle_gate,
    id_move_to_zone,
    id_delete_checkpoint,
    id_toggle_road,
    id_mode_closed,
    id_mode_guarded,
    id_mode_patrol,
    id_mode_unknown,
    id_run_all,
    id_refresh_zones,
    id_scenario_save,
    id_scenario_compare,
    id_lang_en,
    id_lang_zh,
    id_zoom_layer_first, // one per feature layer
    id_zoom_layer_last = id_zoom_layer_first + 10,
    id_context_zone_first,
    id_context_zone_last = id_context_zone_first + 1000,
};

wxString U(const std::string& text) {
    return wxString::FromUTF8(text.c_str());
}

wxString ErrorText(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const Cancelled&) {
        return _("Cancelled: nothing was changed.");
    } catch (const std::exception& e) {
        return U(e.what());
    }
    return {};
}

/// The import report in words: per role what was read, imported, repaired and dropped, the
/// sources' encodings and warnings, the road network.
wxString ImportReportText(const nlohmann::json& report) {
    wxString text = wxString::Format(_("Project coordinates: %s"),
                                     U(report.value("project_crs", std::string()))) +
                    "\n\n";
    for (const auto& [role, l] : report["layers"].items())
        text += wxString::Format(
                    _("%s: %s imported of %s read, %s repaired, %s dropped"), U(role),
                    FormatNumber(l.value("imported", 0.0)), FormatNumber(l.value("read", 0.0)),
                    FormatNumber(l.value("repaired", 0.0)), FormatNumber(l.value("dropped", 0.0))) +
                "\n";
    for (const auto& source : report["sources"]) {
        text += "\n" + U(source.value("path", std::string())) + ": " +
                U(source.value("driver", std::string())) + ", " +
                U(source.value("encoding", std::string())) + ", " +
                U(source.value("crs", std::string())) + "\n";
        for (const auto& w : source.value("warnings", nlohmann::json::array()))
            text += wxString(_("Warning:")) + " " + U(w.get<std::string>()) + "\n";
    }
    if (report.contains("network"))
        text += "\n" + wxString::Format(_("Road network: %s nodes, %s edges, %s km"),
                                        FormatNumber(report["network"].value("nodes", 0.0)),
                                        FormatNumber(report["network"].value("edges", 0.0)),
                                        FormatNumber(report["network"].value("length_km", 0.0), 1));
    return text;
}

bool IsCancelled(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const Cancelled&) {
        return true;
    } catch (...) {
    }
    return false;
}

/// A readable summary of a plan step's figures.
wxString Summary(const std::string& step, const nlohmann::json& f) {
    wxString out;
    auto num = [](const nlohmann::json& v, int decimals = 0) {
        return v.is_number() ? FormatNumber(v.get<double>(), decimals) : wxString("-");
    };
    if (step == "all") {
        for (const auto& s : {"classify", "gates", "zones", "routes", "staffing"})
            if (f.contains(s)) out += Summary(s, f[s]);
        return out;
    }
    if (step == "classify" && f.contains("district")) {
        out += _("Buildings by control:") + "\n";
        for (const auto& [mode, t] : f["district"].items())
            out += wxString::Format(_("  %s: %s buildings, %s households"), ControlText(mode),
                                    num(t["buildings"]), num(t["households"])) +
                   "\n";
    } else if (step == "gates" && f.contains("gates_open")) {
        out += wxString::Format(_("Gates: %s open, %s closed"), num(f["gates_open"]),
                                num(f["gates_closed"])) +
               "\n";
    } else if (step == "zones" && f.contains("zones")) {
        out +=
            wxString::Format(_("Patrol zones: %s"), num(nlohmann::json(f["zones"].size()))) + "\n";
        if (f.contains("balance") && f["balance"].contains("max_deviation"))
            out += wxString::Format(_("  largest deviation from the mean workload: %s"),
                                    FormatPercent(f["balance"]["max_deviation"].get<double>())) +
                   "\n";
    } else if (step == "routes" && f.contains("total_km")) {
        out += wxString::Format(_("Patrol routes: %s, %s km in all"),
                                num(nlohmann::json(f["routes"].size())), num(f["total_km"], 1)) +
               "\n";
    } else if (step == "staffing" && f.contains("district")) {
        out +=
            wxString::Format(_("People needed per day: %s"), num(f["district"]["people_per_day"])) +
            "\n";
        for (const auto& s : f.value("shortfall", nlohmann::json::array()))
            out += wxString::Format(_("  short of %s %s"), num(s["short"]),
                                    U(s["pool"].get<std::string>())) +
                   "\n";
    } else if (step == "checkpoints" && f.contains("checkpoints")) {
        out +=
            wxString::Format(_("Checkpoints: %s"), num(nlohmann::json(f["checkpoints"].size()))) +
            "\n";
        for (const auto& c : f["checkpoints"])
            if (c.contains("reason")) out += "  - " + U(c["reason"].get<std::string>()) + "\n";
    }
    return out;
}

} // namespace

MainFrame::MainFrame(std::shared_ptr<Document> doc, const render::View* view,
                     const render::RenderOptions* options)
    : wxFrame(nullptr, wxID_ANY, "Cordon", wxDefaultPosition, wxSize(1500, 950)),
      m_doc(std::move(doc)), m_history(9, wxID_FILE1) {
    m_fallback_dir = (wxStandardPaths::Get().GetUserDataDir() + "/autosave").utf8_string();
    m_atlas.language =
        CurrentLanguage() == UiLanguage::en ? render::Language::en : render::Language::zh;
    BuildMenu();
    BuildLayout();
    if (options != nullptr) {
        m_canvas->Options() = *options;
        m_layers->Reload();
    }
    CreateStatusBar(field_count);
    const int widths[field_count] = {-1, 210, 190, 110, 90};
    GetStatusBar()->SetStatusWidths(field_count, widths);
    SetStatusText(_("No project open. File > Open Project..."), field_message);

    m_canvas->on_view_changed = [this] { UpdateScale(); };
    m_canvas->on_cursor = [this](std::optional<geo::Point> p) { UpdateCursor(p); };
    m_canvas->on_click = [this](geo::Point at, bool add) { OnClick(at, add); };
    m_canvas->on_context = [this](geo::Point at, wxPoint where) { OnContext(at, where); };
    m_canvas->on_lasso = [this](const std::vector<geo::Point>& ring) {
        const auto ids = BuildingsInside(*m_doc->district, ring);
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
    m_canvas->on_first_paint = [this] {
        m_painted = true;
        auto pending = std::move(m_after_paint);
        m_after_paint.clear();
        for (auto& f : pending)
            f();
    };

    m_doc->listeners.push_back([this] { OnDocumentChanged(); });
    m_history.UseMenu(GetMenuBar()->GetMenu(0)->FindItem(wxID_FILE)->GetSubMenu());
    m_history.Load(*wxConfig::Get());
    // The timer is its own owner: a timer owned by the frame sends its events to the frame,
    // and a handler bound on the timer never runs (the autosave was never written).
    m_autosave.Bind(wxEVT_TIMER, [this](wxTimerEvent&) { OnAutosave(); });
    SetAutosaveSeconds(120);
    Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent& e) {
        if (e.CanVeto() && !m_quiet && !ConfirmDiscard()) {
            e.Veto();
            return;
        }
        if (m_doc->HasProject() && !m_doc->undo.modified())
            session::discard_autosave(m_doc->path, m_fallback_dir);
        m_doc->lock.reset(); // the project is closed: others may write it
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
    m_history.Save(*wxConfig::Get());
    m_doc->listeners.clear();
}

void MainFrame::SetAutosaveSeconds(int seconds) {
    m_autosave.Stop();
    if (seconds > 0) m_autosave.Start(seconds * 1000);
}

void MainFrame::BuildMenu() {
    auto* file = new wxMenu;
    file->Append(wxID_NEW, _("&New Project from Data...\tCtrl+N"));
    file->Append(wxID_OPEN, _("&Open Project...\tCtrl+O"));
    file->AppendSubMenu(new wxMenu, _("Open &Recent"))->SetId(wxID_FILE);
    file->AppendSeparator();
    file->Append(wxID_SAVE, _("&Save\tCtrl+S"));
    file->Append(wxID_SAVEAS, _("Save &As...\tCtrl+Shift+S"));
    file->Append(id_export, _("&Export Layer...\tCtrl+E"));
    file->AppendSeparator();
    file->Append(id_print_preview, _("Print Pre&view...\tCtrl+Shift+P"));
    file->Append(id_export_atlas, _("Export Atlas as &PDF...\tCtrl+P"));
    file->AppendSeparator();
    file->Append(wxID_EXIT, _("&Quit\tCtrl+Q"));

    auto* edit = new wxMenu;
    edit->Append(wxID_UNDO, _("&Undo\tCtrl+Z"));
    edit->Append(wxID_REDO, _("&Redo\tCtrl+Y"));
    edit->AppendSeparator();
    edit->Append(id_toggle_gate, _("Open/Close Selected &Gate\tCtrl+G"));
    auto* modes = new wxMenu;
    modes->Append(id_mode_closed, _("Closed (property-managed)"));
    modes->Append(id_mode_guarded, _("Guarded (self-governed)"));
    modes->Append(id_mode_patrol, _("Patrol (scattered)"));
    modes->Append(id_mode_unknown, _("Not set"));
    edit->AppendSubMenu(modes, _("Selected Compound's &Mode"));
    edit->Append(id_move_to_zone, _("Move Selected &Buildings to Zone...\tCtrl+M"));
    edit->Append(id_delete_checkpoint, _("&Delete Selected Checkpoint\tDel"));
    edit->Append(id_toggle_road, _("Close/Reopen Selected &Road"));
    edit->AppendSeparator();
    edit->Append(id_clear_selection, _("C&lear Selection\tEsc"));

    auto* view = new wxMenu;
    view->Append(wxID_ZOOM_IN, _("Zoom &In\tCtrl+="));
    view->Append(wxID_ZOOM_OUT, _("Zoom &Out\tCtrl+-"));
    view->Append(id_zoom_full, _("Zoom to &Full District\tHome"));
    view->Append(id_zoom_selection, _("Zoom to &Selection\tCtrl+J"));
    auto* layers = new wxMenu;
    int i = 0;
    for (FeatureLayer l : k_feature_layers)
        layers->Append(id_zoom_layer_first + i++, LayerTitle(l));
    view->AppendSubMenu(layers, _("Zoom to &Layer"));
    view->AppendSeparator();
    auto* lang = new wxMenu;
    lang->AppendRadioItem(id_lang_en, "English");
    lang->AppendRadioItem(id_lang_zh, wxString::FromUTF8("中文（简体）"));
    lang->Check(CurrentLanguage() == UiLanguage::zh ? id_lang_zh : id_lang_en, true);
    view->AppendSubMenu(lang, _("&Language"));

    auto* tools = new wxMenu;
    tools->AppendRadioItem(id_tool_pan, _("&Pan and Identify\tF2"));
    tools->AppendRadioItem(id_tool_select, _("&Select (drag a lasso)\tF3"));
    tools->AppendRadioItem(id_tool_add_checkpoint, _("&Add Checkpoint\tF4"));
    tools->AppendRadioItem(id_tool_move_checkpoint, _("&Move Checkpoint\tF5"));

    auto* plan = new wxMenu;
    plan->Append(id_run_all, _("Run &All Steps\tF9"));
    plan->Append(id_refresh_zones, _("&Refresh Outlines and Routes of Edited Zones\tF6"));
    plan->AppendSeparator();
    plan->Append(id_scenario_save, _("&Save Plan as Scenario..."));
    plan->Append(id_scenario_compare, _("&Compare Scenarios..."));

    auto* help = new wxMenu;
    help->Append(wxID_ABOUT, _("&About Cordon"));

    auto* bar = new wxMenuBar;
    bar->Append(file, _("&File"));
    bar->Append(edit, _("&Edit"));
    bar->Append(view, _("&View"));
    bar->Append(tools, _("&Tools"));
    bar->Append(plan, _("&Plan"));
    bar->Append(help, _("&Help"));
    SetMenuBar(bar);

    auto on = [this](int id, std::function<void()> f) {
        Bind(
            wxEVT_MENU, [f = std::move(f)](wxCommandEvent&) { f(); }, id);
    };
    on(wxID_NEW, [this] { OnNew(); });
    on(wxID_OPEN, [this] { OnOpen(); });
    on(wxID_SAVE, [this] {
        if (m_doc->HasProject()) SaveProject({});
    });
    on(wxID_SAVEAS, [this] { OnSaveAs(); });
    on(id_export, [this] { OnExport(); });
    on(id_print_preview, [this] { OpenPrintPreview(); });
    on(id_export_atlas, [this] { OnExportAtlas(this); });
    on(wxID_EXIT, [this] { Close(); });
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent& e) {
            const wxString path =
                m_history.GetHistoryFile(static_cast<size_t>(e.GetId() - wxID_FILE1));
            if (!path.empty() && ConfirmDiscard()) OpenProject(path.utf8_string());
        },
        wxID_FILE1, wxID_FILE9);
    on(wxID_UNDO, [this] {
        if (m_doc->undo.can_undo()) m_doc->Undo();
    });
    on(wxID_REDO, [this] {
        if (m_doc->undo.can_redo()) m_doc->Redo();
    });
    on(id_toggle_gate, [this] {
        if (m_sel_layer != FeatureLayer::gates) return;
        for (geo::Id id : m_sel_ids)
            for (const auto& g : m_doc->district->gates)
                if (g.id == id)
                    Edit(session::SetGateState{id,
                                               g.state == geo::GateState::open
                                                   ? geo::GateState::closed
                                                   : geo::GateState::open,
                                               std::nullopt});
    });
    const std::pair<int, geo::CompoundMode> mode_ids[] = {
        {id_mode_closed, geo::CompoundMode::closed},
        {id_mode_guarded, geo::CompoundMode::guarded},
        {id_mode_patrol, geo::CompoundMode::patrol},
        {id_mode_unknown, geo::CompoundMode::unknown}};
    for (const auto& [id, mode] : mode_ids)
        on(id, [this, m = mode] {
            if (m_sel_layer != FeatureLayer::compounds) return;
            for (geo::Id c : m_sel_ids)
                Edit(session::SetCompoundMode{c, m, {}});
        });
    on(id_move_to_zone, [this] { MoveSelectionToZone(std::nullopt); });
    on(id_delete_checkpoint, [this] {
        if (m_sel_layer != FeatureLayer::checkpoints) return;
        const auto ids = m_sel_ids;
        for (geo::Id id : ids)
            Edit(session::DeleteCheckpoint{id});
        Select(FeatureLayer::checkpoints, {});
    });
    on(id_toggle_road, [this] {
        if (m_sel_layer != FeatureLayer::roads) return;
        const auto closed = session::closed_roads(*m_doc->district);
        for (geo::Id id : m_sel_ids)
            Edit(session::SetRoadClosed{id, !std::binary_search(closed.begin(), closed.end(), id)});
    });
    on(id_clear_selection, [this] { Select(m_sel_layer, {}); });
    on(wxID_ZOOM_IN, [this] { m_canvas->ZoomBy(1.5); });
    on(wxID_ZOOM_OUT, [this] { m_canvas->ZoomBy(1 / 1.5); });
    on(id_zoom_full, [this] { m_canvas->ZoomToFull(); });
    on(id_zoom_selection,
       [this] { m_canvas->ZoomToBox(FeaturesBox(*m_doc->district, m_sel_layer, m_sel_ids)); });
    for (int k = 0; k < static_cast<int>(std::size(k_feature_layers)); ++k)
        on(id_zoom_layer_first + k, [this, k] {
            m_canvas->ZoomToBox(FeaturesBox(*m_doc->district, k_feature_layers[k], {}));
        });
    on(id_lang_en, [this] { SetLanguage(UiLanguage::en); });
    on(id_lang_zh, [this] { SetLanguage(UiLanguage::zh); });
    on(id_tool_pan, [this] { m_canvas->SetTool(Tool::pan); });
    on(id_tool_select, [this] { m_canvas->SetTool(Tool::select); });
    on(id_tool_add_checkpoint, [this] { m_canvas->SetTool(Tool::add_checkpoint); });
    on(id_tool_move_checkpoint, [this] { m_canvas->SetTool(Tool::move_checkpoint); });
    on(id_run_all, [this] {
        m_plan->SelectStep("all");
        RunPlan(m_plan->ReadParams());
    });
    on(id_scenario_save, [this] {
        const wxString name = wxGetTextFromUser(
            _("Name of the scenario:"), _("Save Plan as Scenario"),
            wxString::Format(_("Plan %zu"), ReadScenarios(*m_doc->district).size() + 1), this);
        if (!name.empty()) SaveScenario(name.utf8_string());
    });
    on(id_scenario_compare, [this] { OnCompare(); });
    on(id_refresh_zones, [this] { RefreshZones(); });
    on(wxID_ABOUT, [this] {
        wxAboutDialogInfo info;
        info.SetName("Cordon");
        info.SetVersion(CORDON_VERSION);
        info.SetDescription(_("District planning for epidemic control."));
        wxAboutBox(info, this);
    });
}

void MainFrame::BuildLayout() {
    auto* split =
        new wxSplitterWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxSP_LIVE_UPDATE);
    m_notebook = new wxNotebook(split, wxID_ANY);
    auto* right =
        new wxSplitterWindow(split, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxSP_LIVE_UPDATE);
    m_canvas = new MapCanvas(right);
    m_table = new AttributeTable(right, *m_doc);
    right->SplitHorizontally(m_canvas, m_table, -230);
    right->SetSashGravity(1.0);
    right->SetMinimumPaneSize(80);
    split->SplitVertically(m_notebook, right, 390);
    split->SetMinimumPaneSize(200);

    m_layers = new LayersPanel(m_notebook, m_canvas->Options());
    m_plan = new PlanPanel(m_notebook, *m_doc);
    m_figures = new FiguresPanel(m_notebook, *m_doc);
    m_scenarios = new ScenariosPanel(m_notebook, *m_doc);
    m_identify = new IdentifyPanel(m_notebook);
    m_notebook->AddPage(m_layers, _("Layers"));
    m_notebook->AddPage(m_plan, _("Plan"));
    m_notebook->AddPage(m_figures, _("Figures"));
    m_notebook->AddPage(m_scenarios, _("Scenarios"));
    m_notebook->AddPage(m_identify, _("Identify"));

    m_layers->on_change = [this] { m_canvas->Invalidate(); };
    m_plan->on_run = [this](const std::string& step) { RunPlan(step); };
    m_table->on_select = [this](FeatureLayer layer, const std::set<geo::Id>& ids) {
        Select(layer, ids, true);
    };
    m_table->on_activate = [this](FeatureLayer layer, geo::Id id) {
        Select(layer, {id});
        m_canvas->ZoomToBox(FeaturesBox(*m_doc->district, layer, {id}));
    };
    m_scenarios->on_save = [this] {
        wxCommandEvent e(wxEVT_MENU, id_scenario_save);
        ProcessWindowEvent(e);
    };
    m_scenarios->on_restore = [this](const std::string& name) {
        geo::District after = *m_doc->district;
        try {
            const auto s = session::find_scenario(after, name);
            if (!s) return;
            session::restore_scenario(after, *s);
        } catch (const std::exception& e) {
            ShowError(_("Cannot restore the scenario"), U(e.what()));
            return;
        }
        m_doc->Replace(std::move(after), "restore scenario " + name);
    };
    m_scenarios->on_delete = [this](const std::string& name) {
        geo::District after = *m_doc->district;
        session::remove_scenario(after, name);
        m_doc->Replace(std::move(after), "delete scenario " + name);
    };
    m_scenarios->on_compare = [this] { OnCompare(); };

    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(split, 1, wxEXPAND);
    SetSizer(sizer);
}

void MainFrame::ShowError(const wxString& title, const wxString& message) {
    m_last_error = (title + ": " + message).utf8_string();
    if (m_quiet)
        std::fprintf(stderr, "cordon: %s: %s\n", title.utf8_str().data(),
                     message.utf8_str().data());
    else
        wxMessageBox(message, title, wxOK | wxICON_ERROR, this);
}

void MainFrame::AfterFirstPaint(std::function<void()> f) {
    if (m_painted)
        f();
    else
        m_after_paint.push_back(std::move(f));
}

void MainFrame::OpenProject(const std::string& path, bool quiet, std::function<void(bool)> done) {
    // The project stays locked while it is open here; another Cordon holding it keeps it,
    // and this window keeps what it showed.
    auto lock = std::make_shared<LockAttempt>(LockProject(path));
    if (lock->holder) {
        const wxString message = LockedMessage(path, *lock->holder);
        m_last_error = message.utf8_string();
        if (quiet)
            std::fprintf(stderr, "cordon: %s\n", message.utf8_str().data());
        else
            wxMessageBox(message, _("Project in use"), wxOK | wxICON_WARNING, this);
        SetStatusText(message.BeforeFirst('\n'), field_message);
        if (done) done(false);
        return;
    }
    auto result = std::make_shared<geo::District>();
    const bool started = RunTask(
        this, _("Opening project"),
        [path, result](Progress& progress) {
            progress.report("reading", 0.1);
            *result = geo::read_project(path);
            // What the window reads from the project's JSON on every change: unreadable (a
            // damaged or hostile project), the project is not opened. Unreadable scenarios
            // are only reported (below): the rest of the project opens.
            session::closed_roads(*result);
            session::staffing_params(*result);
        },
        [this, path, quiet, result, done, lock](std::exception_ptr error) {
            if (error) {
                const wxString message = ErrorText(error);
                m_last_error = message.utf8_string();
                if (quiet)
                    std::fprintf(stderr, "cordon: %s\n", message.utf8_str().data());
                else
                    wxMessageBox(message, _("Cannot open project"), wxOK | wxICON_ERROR, this);
                if (done) done(false);
                return;
            }
            m_doc->undo.clear();
            m_doc->path = path;
            m_doc->lock = std::move(lock->lock); // releases the previous project's lock
            m_doc->BeforeChange();
            *m_doc->district = std::move(*result);
            if (auto copy = session::find_recovery(path, m_fallback_dir);
                copy && (!quiet || m_recover_answer)) {
                const bool yes =
                    quiet ? *m_recover_answer
                          : wxMessageBox(_("Cordon did not close cleanly last time, and an "
                                           "automatic copy of this project with "
                                           "unsaved changes was found. Recover those changes?"),
                                         _("Recover unsaved changes"), wxYES_NO | wxICON_QUESTION,
                                         this) == wxYES;
                if (yes) {
                    try {
                        geo::District recovered = geo::read_project(*copy);
                        m_doc->undo.record(std::move(*m_doc->district), "recover autosave");
                        *m_doc->district = std::move(recovered);
                    } catch (const std::exception& e) {
                        ShowError(_("Cannot recover"), U(e.what()));
                    }
                } else {
                    session::discard_autosave(path, m_fallback_dir);
                }
            }
            m_sel_ids.clear();
            m_identified.reset();
            m_canvas->SetHighlight({});
            m_canvas->SetDistrict(m_doc->district);
            m_history.AddFileToHistory(U(path));
            m_plan->UpdateAreas(*m_doc->district);
            m_table->ShowLayer(m_table->GetList()->GetLayer());
            m_doc->Opened();
            m_doc->Changed();
            const geo::District& d = *m_doc->district;
            SetStatusText(wxString::Format(_("%s buildings, %s compounds, %s gates, %s roads"),
                                           FormatNumber(static_cast<double>(d.buildings.size())),
                                           FormatNumber(static_cast<double>(d.compounds.size())),
                                           FormatNumber(static_cast<double>(d.gates.size())),
                                           FormatNumber(static_cast<double>(d.roads.size()))),
                          field_message);
            if (std::string why; ReadScenarios(d, &why).empty() && !why.empty())
                ShowError(_("The project's scenarios cannot be read"),
                          U(why) + "\n" +
                              _("The rest of the project is open; the scenarios are kept in the "
                                "file as they are."));
            if (done) done(true);
        },
        !quiet);
    if (!started && done) done(false);
}

void MainFrame::SaveProject(const std::string& target, std::function<void(bool)> done) {
    const std::string path = target.empty() ? m_doc->path : target;
    // Saving as another project takes that one's lock, kept once it is the open project.
    std::shared_ptr<LockAttempt> lock;
    if (path != m_doc->path) {
        lock = std::make_shared<LockAttempt>(LockProject(path));
        if (lock->holder) {
            ShowError(_("Cannot save the project"), LockedMessage(path, *lock->holder));
            if (done) done(false);
            return;
        }
    }
    auto copy = std::make_shared<geo::District>(*m_doc->district);
    const bool started = RunTask(
        this, _("Saving project"),
        [path, copy](Progress& progress) { geo::write_project(*copy, path, progress); },
        [this, path, done, lock](std::exception_ptr error) {
            if (error) {
                ShowError(_("Cannot save the project"),
                          ErrorText(error) + "\n" + _("The file on disk was left as it was."));
                if (done) done(false);
                return;
            }
            if (path != m_doc->path) session::discard_autosave(m_doc->path, m_fallback_dir);
            if (lock) m_doc->lock = std::move(lock->lock); // and the old project's is released
            m_doc->path = path;
            session::discard_autosave(path, m_fallback_dir);
            m_doc->undo.mark_saved();
            m_history.AddFileToHistory(U(path));
            UpdateTitle();
            SetStatusText(wxString::Format(_("Saved %s"), U(path)), field_message);
            if (done) done(true);
        },
        !m_quiet);
    if (!started && done) done(false);
}

void MainFrame::RunPlan(const std::string& step, std::function<void(bool)> done) {
    if (!m_doc->HasProject()) {
        if (done) done(false);
        return;
    }
    auto work = std::make_shared<geo::District>(*m_doc->district);
    auto figures = std::make_shared<nlohmann::json>();
    const session::PlanParams params = m_doc->params;
    const std::string area = m_doc->checkpoint_area;
    const double margin = m_doc->checkpoint_margin;
    const int budget = m_doc->checkpoint_budget;
    auto parameters = std::make_shared<nlohmann::json>();
    const bool started = RunTask(
        this, _("Planning"),
        [=](Progress& progress) {
            if (step == "checkpoints") {
                planner::CheckpointParams p;
                p.area = planner::resolve_area(*work, {area}, progress);
                p.margin = margin;
                if (budget > 0) p.budget = budget;
                const auto closed = session::closed_roads(*work);
                p.closed_roads.insert(closed.begin(), closed.end());
                const planner::CheckpointPlan plan = planner::plan_checkpoints(*work, p, progress);
                planner::apply_checkpoints(*work, plan);
                *figures = plan.report;
                *parameters = {{"area", {area}}, {"margin", margin}};
                if (budget > 0) (*parameters)["budget"] = budget;
            } else {
                *figures = session::run_plan_step(*work, step, params, progress);
                *parameters = session::plan_parameters(step, params);
            }
            // Recorded as `cordon-cli plan` records it (session::run_step).
            work->meta.history.push_back({"", step, parameters->dump(), figures->dump()});
            work->meta.parameters[step] = parameters->dump();
        },
        [=, this](std::exception_ptr error) {
            if (error) {
                if (IsCancelled(error))
                    SetStatusText(_("Planning cancelled: nothing was changed."), field_message);
                else
                    ShowError(_("The plan step failed"), ErrorText(error));
                m_plan->ShowResult(ErrorText(error));
                if (done) done(false);
                return;
            }
            m_doc->Replace(std::move(*work), "plan " + step);
            m_plan->ShowResult(Summary(step, *figures));
            SetStatusText(wxString::Format(_("Plan step done: %s"), U(step)), field_message);
            if (done) done(true);
        },
        !m_quiet);
    if (!started && done) done(false);
}

namespace {

wxString ZoneList(const geo::District& d, const std::set<geo::Id>& ids) {
    wxString out;
    for (const auto& z : d.zones)
        if (ids.count(z.id))
            out +=
                (out.empty() ? "" : ", ") + U(z.name.empty() ? "#" + std::to_string(z.id) : z.name);
    return out;
}

} // namespace

bool MainFrame::Edit(const session::Edit& edit) {
    try {
        m_doc->Apply(edit);
    } catch (const std::exception& e) {
        ShowError(_("Cannot make this change"), U(e.what()));
        return false;
    }
    wxString text = wxString::Format(_("Done: %s (figures updated in %s ms)"),
                                     U(session::describe(edit)), FormatNumber(m_doc->edit_ms, 1));
    if (!m_doc->stale.outlines.empty())
        text += "  " + wxString::Format(_("Outlines of %s are out of date: Plan > Refresh (F6)."),
                                        ZoneList(*m_doc->district, m_doc->stale.outlines));
    SetStatusText(text, field_message);
    return true;
}

void MainFrame::RefreshZones(std::function<void(bool)> done) {
    const StaleZones stale = m_doc->stale;
    if (!m_doc->HasProject() || stale.empty()) {
        SetStatusText(_("The zones' outlines and routes are up to date."), field_message);
        if (done) done(true);
        return;
    }
    auto work = std::make_shared<geo::District>(*m_doc->district);
    auto report = std::make_shared<nlohmann::json>();
    const session::PlanParams params = m_doc->params;
    const bool started = RunTask(
        this, _("Refreshing zones"),
        [work, report, stale, params](Progress& progress) {
            const auto start = std::chrono::steady_clock::now();
            std::vector<geo::Id> changed;
            if (!stale.outlines.empty())
                changed = session::refresh_zone_outlines(*work, params.zoning, progress);
            (*report)["outlines_changed"] = changed;
            (*report)["routes"] = nlohmann::json::array();
            if (!stale.routes.empty()) {
                session::refresh_zone_routes(*work, stale.routes, params.routes, progress);
                (*report)["routes"] = stale.routes;
            }
            (*report)["ms"] =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count();
        },
        [this, work, report, stale, done](std::exception_ptr error) {
            if (error) {
                if (IsCancelled(error))
                    SetStatusText(_("Refresh cancelled: nothing was changed."), field_message);
                else
                    ShowError(_("Cannot refresh the zones"), ErrorText(error));
                if (done) done(false);
                return;
            }
            std::set<geo::Id> all = stale.outlines;
            all.insert(stale.routes.begin(), stale.routes.end());
            std::string label = "refresh zones";
            for (geo::Id id : all)
                label += " " + std::to_string(id);
            m_refresh_report = *report;
            m_doc->Replace(std::move(*work), label, StaleZones{});
            const auto changed = (*report)["outlines_changed"].get<std::vector<geo::Id>>();
            SetStatusText(
                wxString::Format(_("Outlines redrawn (%s changed), routes planned again: %s"),
                                 ZoneList(*m_doc->district, {changed.begin(), changed.end()}),
                                 ZoneList(*m_doc->district, stale.routes)),
                field_message);
            if (done) done(true);
        },
        !m_quiet);
    if (!started && done) done(false);
}

void MainFrame::OnDocumentChanged() {
    ++m_changes;
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
    m_scenarios->Update();
    m_identify->Show(*m_doc->district, m_identified);
    m_layers->UpdateLegend(*m_doc->district);
    UpdateUndoMenu();
    UpdateTitle();
}

void MainFrame::UpdateTitle() {
    if (!m_doc->HasProject()) {
        SetTitle("Cordon");
        return;
    }
    const wxString name = wxFileName(U(m_doc->path)).GetFullName();
    SetTitle((m_doc->undo.modified() ? "*" : "") + name + " - Cordon");
}

void MainFrame::UpdateUndoMenu() {
    wxMenuBar* bar = GetMenuBar();
    const wxString undo = U(m_doc->undo.undo_label()), redo = U(m_doc->undo.redo_label());
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

void MainFrame::OnContext(geo::Point at, wxPoint where) {
    const auto f =
        PickFeature(*m_doc->district, at, 8 * m_canvas->MetresPerPixel(), m_canvas->Options());
    wxMenu menu;
    std::map<int, std::function<void()>> actions;
    int next = wxID_HIGHEST + 5000;
    auto add = [&](wxMenu* m, const wxString& label, std::function<void()> action) {
        m->Append(next, label);
        actions[next++] = std::move(action);
    };
    const geo::District& d = *m_doc->district;
    if (f) {
        if (!m_sel_ids.count(f->id) || m_sel_layer != f->layer) Select(f->layer, {f->id});
        menu.SetTitle(LayerTitle(f->layer) +
                      wxString::Format(" %lld", static_cast<long long>(f->id)));
        if (f->layer == FeatureLayer::gates) {
            for (const auto& g : d.gates)
                if (g.id == f->id) {
                    const bool open = g.state == geo::GateState::open;
                    add(&menu, open ? _("Close this gate") : _("Open this gate"),
                        [this, id = g.id, open] {
                            Edit(session::SetGateState{
                                id, open ? geo::GateState::closed : geo::GateState::open,
                                std::nullopt});
                        });
                }
        } else if (f->layer == FeatureLayer::compounds) {
            auto* sub = new wxMenu;
            for (auto mode : {geo::CompoundMode::closed, geo::CompoundMode::guarded,
                              geo::CompoundMode::patrol, geo::CompoundMode::unknown})
                add(sub, ModeText(mode), [this, id = f->id, mode] {
                    Edit(session::SetCompoundMode{id, mode, {}});
                });
            menu.AppendSubMenu(sub, _("Control mode"));
        } else if (f->layer == FeatureLayer::buildings && !d.zones.empty()) {
            auto* sub = new wxMenu;
            const std::vector<geo::Id> ids(m_sel_ids.begin(), m_sel_ids.end());
            for (const auto& z : d.zones)
                add(sub, U(z.name.empty() ? "#" + std::to_string(z.id) : z.name),
                    [this, ids, zone = z.id] { Edit(session::MoveBuildings::to(ids, zone)); });
            menu.AppendSubMenu(
                sub, wxString::Format(_("Move %zu selected buildings to zone"), ids.size()));
        } else if (f->layer == FeatureLayer::checkpoints) {
            add(&menu, _("Delete this checkpoint"),
                [this, id = f->id] { Edit(session::DeleteCheckpoint{id}); });
        } else if (f->layer == FeatureLayer::roads) {
            const auto closed = session::closed_roads(d);
            const bool is_closed = std::binary_search(closed.begin(), closed.end(), f->id);
            add(&menu, is_closed ? _("Reopen this road") : _("Mark this road closed"),
                [this, id = f->id, is_closed] {
                    Edit(session::SetRoadClosed{id, !is_closed});
                });
        }
    }
    if (!m_doc->stale.empty())
        add(&menu, _("Refresh outlines and routes of edited zones"), [this] { RefreshZones(); });
    if (m_doc->HasProject()) {
        add(&menu, _("Add a vehicle checkpoint here"), [this, at] {
            geo::Checkpoint c;
            c.pos = at;
            c.hours = "24 h";
            Edit(session::AddCheckpoint{c});
        });
        add(&menu, _("Add a registration point here"), [this, at] {
            geo::Checkpoint c;
            c.pos = at;
            c.kind = geo::CheckpointKind::registration;
            c.hours = "24 h";
            Edit(session::AddCheckpoint{c});
        });
    }
    if (actions.empty()) return;
    const int chosen = m_canvas->GetPopupMenuSelectionFromUser(menu, where);
    if (auto it = actions.find(chosen); it != actions.end()) it->second();
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

bool MainFrame::ConfirmDiscard() {
    if (m_quiet || !m_doc->HasProject() || !m_doc->undo.modified()) return true;
    const int answer =
        wxMessageBox(_("The project has unsaved changes. Save them first?"), _("Unsaved changes"),
                     wxYES_NO | wxCANCEL | wxICON_QUESTION, this);
    if (answer == wxCANCEL) return false;
    if (answer == wxYES) {
        SaveProject({});
        return false; // the save runs in the background; the planner repeats the action
    }
    session::discard_autosave(m_doc->path, m_fallback_dir);
    return true;
}

void MainFrame::OnOpen() {
    if (!ConfirmDiscard()) return;
    wxFileDialog dialog(this, _("Open Cordon project"), wxEmptyString, wxEmptyString,
                        _("Cordon projects (*.cordon)|*.cordon|All files|*"),
                        wxFD_OPEN | wxFD_FILE_MUST_EXIST);
    if (dialog.ShowModal() != wxID_OK) return;
    OpenProject(dialog.GetPath().utf8_string());
}

void MainFrame::OnSaveAs() {
    if (!m_doc->HasProject()) return;
    wxFileDialog dialog(
        this, _("Save project as"), wxEmptyString, wxFileName(U(m_doc->path)).GetFullName(),
        _("Cordon projects (*.cordon)|*.cordon"), wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
    if (dialog.ShowModal() != wxID_OK) return;
    SaveProject(dialog.GetPath().utf8_string());
}

void MainFrame::OnNew() {
    if (!ConfirmDiscard()) return;
    ImportWizard wizard(this);
    if (wizard.ShowModal() != wxID_OK) return;
    geo::ImportOptions options;
    try {
        options = wizard.Options();
    } catch (const std::exception& e) {
        ShowError(_("Import failed"), U(e.what()));
        return;
    }
    ImportProject(options, wizard.Target());
}

ImportWizard* MainFrame::OpenImportWizard() {
    auto* wizard = new ImportWizard(this);
    wizard->Show();
    return wizard;
}

void MainFrame::ImportProject(const geo::ImportOptions& options, const std::string& path,
                              std::function<void(bool)> done) {
    auto report = std::make_shared<nlohmann::json>();
    const bool started = RunTask(
        this, _("Importing"),
        [options, path, report](Progress& progress) {
            *report = session::import_project(options, planner::NetworkParams{}, path, progress);
        },
        [this, path, report, done](std::exception_ptr error) {
            if (error) {
                ShowError(_("Import failed"), ErrorText(error));
                if (done) done(false);
                return;
            }
            m_import_report = *report;
            OpenProject(path, m_quiet, [this, report, done](bool ok) {
                if (ok && !m_quiet)
                    wxMessageBox(ImportReportText(*report), _("Import report"), wxOK, this);
                if (done) done(ok);
            });
        });
    if (!started && done) done(false);
}

void MainFrame::OnExport() {
    if (!m_doc->HasProject()) return;
    if (m_doc->undo.modified()) {
        if (wxMessageBox(_("Export reads the saved project. Save your changes first?"), _("Export"),
                         wxYES_NO | wxICON_QUESTION, this) != wxYES)
            return;
        SaveProject({}, [this](bool ok) {
            if (ok) OnExport();
        });
        return;
    }
    wxDialog dialog(this, wxID_ANY, _("Export Layer"));
    auto* grid = new wxFlexGridSizer(2, 6, 8);
    auto* layer = new wxChoice(&dialog, wxID_ANY);
    const char* layers[] = {"buildings",     "compounds",    "gates",  "checkpoints",
                            "roads",         "zones",        "routes", "communities",
                            "network_edges", "network_nodes"};
    for (const char* l : layers)
        layer->Append(l);
    layer->SetSelection(5);
    auto* format = new wxChoice(&dialog, wxID_ANY);
    for (const auto& f : geo::export_formats())
        format->Append(U(f));
    format->SetSelection(0);
    auto* encoding = new wxChoice(&dialog, wxID_ANY);
    encoding->Append("UTF-8");
    encoding->Append(_("GBK (for older ArcGIS)"));
    encoding->SetSelection(0);
    auto* crs = new wxChoice(&dialog, wxID_ANY);
    crs->Append(_("Project CRS"));
    crs->Append("WGS 84 (EPSG:4326)");
    crs->Append("CGCS2000 (EPSG:4490)");
    crs->Append("GCJ-02");
    crs->Append("BD-09");
    crs->SetSelection(0);
    auto* file = new wxFilePickerCtrl(&dialog, wxID_ANY, wxEmptyString, _("Export to"), "*",
                                      wxDefaultPosition, wxSize(360, -1),
                                      wxFLP_SAVE | wxFLP_OVERWRITE_PROMPT | wxFLP_USE_TEXTCTRL);
    grid->Add(new wxStaticText(&dialog, wxID_ANY, _("Layer")));
    grid->Add(layer);
    grid->Add(new wxStaticText(&dialog, wxID_ANY, _("Format")));
    grid->Add(format);
    grid->Add(new wxStaticText(&dialog, wxID_ANY, _("Shapefile encoding")));
    grid->Add(encoding);
    grid->Add(new wxStaticText(&dialog, wxID_ANY, _("Coordinates")));
    grid->Add(crs);
    grid->Add(new wxStaticText(&dialog, wxID_ANY, _("File")));
    grid->Add(file, 1, wxEXPAND);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(grid, 1, wxEXPAND | wxALL, 10);
    sizer->Add(dialog.CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, 6);
    dialog.SetSizerAndFit(sizer);
    if (dialog.ShowModal() != wxID_OK || file->GetPath().empty()) return;
    geo::ExportOptions options;
    options.layer = layers[layer->GetSelection()];
    options.format = format->GetStringSelection().utf8_string();
    options.output = file->GetPath().utf8_string();
    if (encoding->GetSelection() == 1) options.encoding = *geo::encoding_from_name("gbk");
    const char* crs_names[] = {"", "EPSG:4326", "EPSG:4490", "gcj02", "bd09"};
    options.crs = crs_names[crs->GetSelection()];
    const std::string project = m_doc->path;
    auto report = std::make_shared<nlohmann::json>();
    RunTask(
        this, _("Exporting"),
        [project, options, report](Progress& progress) {
            *report = geo::export_layer(project, options, progress);
        },
        [this, options](std::exception_ptr error) {
            if (error)
                ShowError(_("Export failed"), ErrorText(error));
            else
                SetStatusText(
                    wxString::Format(_("Exported %s to %s"), U(options.layer), U(options.output)),
                    field_message);
        });
}

void MainFrame::OnExportAtlas(wxWindow* parent) {
    if (!m_doc->HasProject()) return;
    wxFileDialog dialog(parent, _("Export the patrol atlas as PDF"), wxEmptyString,
                        wxFileName(U(m_doc->path)).GetName() + "-atlas.pdf",
                        _("PDF files (*.pdf)|*.pdf"), wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
    if (dialog.ShowModal() != wxID_OK) return;
    ExportAtlas(dialog.GetPath().utf8_string(), m_atlas, {}, parent);
}

void MainFrame::ExportAtlas(const std::string& path, const AtlasSettings& settings,
                            std::function<void(bool)> done, wxWindow* parent) {
    if (!m_doc->HasProject()) {
        if (done) done(false);
        return;
    }
    // The options `cordon-cli print` builds; the district as it is now (saved or not).
    auto options = std::make_shared<render::AtlasOptions>(AtlasOptionsFor(*m_doc, settings));
    std::shared_ptr<const geo::District> district = m_doc->district;
    auto report = std::make_shared<render::AtlasReport>();
    const bool started = RunTask(
        parent != nullptr ? parent : this, _("Writing the atlas"),
        [district, options, path, report](Progress& progress) {
            options->progress = &progress;
            *report = render::write_atlas(*district, path, *options);
        },
        [this, path, report, done](std::exception_ptr error) {
            if (error) {
                if (IsCancelled(error))
                    SetStatusText(_("Atlas cancelled: no file was written."), field_message);
                else
                    ShowError(_("Cannot write the atlas"), ErrorText(error));
                if (done) done(false);
                return;
            }
            m_atlas_report = render::atlas_report_json(*report);
            m_atlas_report["output"] = path;
            SetStatusText(wxString::Format(_("Wrote the atlas %s: %d pages"),
                                           wxFileName(U(path)).GetFullName(), report->pages),
                          field_message);
            if (done) done(true);
        },
        !m_quiet);
    if (!started && done) done(false);
}

PrintPreviewDialog* MainFrame::OpenPrintPreview() {
    if (!m_doc->HasProject() || m_preview != nullptr) return m_preview;
    m_preview = new PrintPreviewDialog(this, m_doc, m_atlas);
    m_preview->on_export = [this](const AtlasSettings& s) {
        m_atlas = s;
        OnExportAtlas(m_preview);
    };
    m_preview->Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent& e) {
        m_atlas = m_preview->Settings();
        if (m_preview->IsModal())
            m_preview->EndModal(wxID_CLOSE);
        else
            m_preview->Destroy();
        m_preview = nullptr;
        e.Skip(false);
    });
    if (m_quiet) {
        m_preview->Show();
        m_preview->Render();
        return m_preview;
    }
    PrintPreviewDialog* dialog = m_preview;
    dialog->CallAfter([dialog] { dialog->Render(); });
    dialog->ShowModal();
    dialog->Destroy();
    return nullptr;
}

void MainFrame::SaveScenario(const std::string& name) {
    geo::District after = *m_doc->district;
    try {
        session::save_scenario(after, session::capture_scenario(after, name));
    } catch (const std::exception& e) {
        ShowError(_("Cannot save the scenario"), U(e.what()));
        return;
    }
    m_doc->Replace(std::move(after), "save scenario " + name);
    m_notebook->SetSelection(3);
}

nlohmann::json MainFrame::CompareScenarios(const std::string& a, const std::string& b, bool quiet) {
    std::string error;
    const auto scenarios = ReadScenarios(*m_doc->district, &error);
    if (!error.empty()) {
        ShowError(_("Compare scenarios"), U(error));
        return {};
    }
    auto named = [&scenarios](const std::string& name) -> const session::Scenario* {
        for (const auto& s : scenarios)
            if (s.name == name) return &s;
        return nullptr;
    };
    const session::Scenario* sa = named(a);
    const session::Scenario* sb = named(b);
    if (sa == nullptr || sb == nullptr) {
        ShowError(_("Compare scenarios"), _("No such scenario."));
        return {};
    }
    const nlohmann::json cmp = session::compare_scenarios(*sa, *sb);
    render::Highlight h;
    const auto& diff = cmp["differences"];
    for (const auto& g : diff["gates"])
        h.gates.insert(g["id"].get<geo::Id>());
    for (const auto& c : diff["compounds"])
        h.compounds.insert(c["id"].get<geo::Id>());
    for (const auto& x : diff["buildings"])
        h.buildings.insert(x["id"].get<geo::Id>());
    for (const auto& r : diff["roads"])
        h.roads.insert(r["id"].get<geo::Id>());
    for (const char* side : {"checkpoints_only_in_a", "checkpoints_only_in_b"})
        for (const auto& c : diff[side])
            for (const auto& k : m_doc->district->checkpoints)
                if (std::hypot(k.pos.x - c.value("x", 0.0), k.pos.y - c.value("y", 0.0)) < 0.01)
                    h.checkpoints.insert(k.id);
    m_canvas->SetHighlight(h);
    SetStatusText(
        wxString::Format(_("Differences between %s and %s are highlighted on the map"), U(a), U(b)),
        field_message);
    if (quiet) return cmp;

    wxDialog dialog(this, wxID_ANY, wxString::Format(_("Compare %s and %s"), U(a), U(b)),
                    wxDefaultPosition, wxSize(620, 520), wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER);
    auto* list = new wxListCtrl(&dialog, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                wxLC_REPORT | wxLC_HRULES);
    list->AppendColumn(_("Figure"), wxLIST_FORMAT_LEFT, 250);
    list->AppendColumn(U(a), wxLIST_FORMAT_RIGHT, 110);
    list->AppendColumn(U(b), wxLIST_FORMAT_RIGHT, 110);
    list->AppendColumn(_("Difference"), wxLIST_FORMAT_RIGHT, 110);
    long row = 0;
    for (const auto& r : cmp["figures"]) {
        const std::string name = r["figure"].get<std::string>();
        const int decimals =
            name == "zone_max_deviation" ? 3 : (name == "zone_mean_households" ? 1 : 0);
        list->InsertItem(row, wxGetTranslation(U(name)));
        list->SetItem(row, 1, FormatNumber(r["a"].get<double>(), decimals));
        list->SetItem(row, 2, FormatNumber(r["b"].get<double>(), decimals));
        list->SetItem(row, 3, FormatNumber(r["difference"].get<double>(), decimals));
        ++row;
    }
    const std::pair<const char*, wxString> counts[] = {
        {"gates", _("Gates in another state")},
        {"compounds", _("Compounds in another mode")},
        {"buildings", _("Buildings in another zone")},
        {"checkpoints_only_in_a", _("Checkpoints only in the first")},
        {"checkpoints_only_in_b", _("Checkpoints only in the second")},
        {"roads", _("Roads closed in only one")}};
    for (const auto& [key, label] : counts) {
        list->InsertItem(row, label);
        list->SetItem(row, 3, FormatNumber(static_cast<double>(diff[key].size())));
        ++row;
    }
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(list, 1, wxEXPAND | wxALL, 6);
    sizer->Add(new wxStaticText(&dialog, wxID_ANY,
                                _("The features that differ are highlighted on the map.")),
               0, wxALL, 6);
    sizer->Add(dialog.CreateStdDialogButtonSizer(wxOK), 0, wxEXPAND | wxALL, 6);
    dialog.SetSizer(sizer);
    dialog.ShowModal();
    return cmp;
}

void MainFrame::OnCompare() {
    std::string error;
    const auto list = ReadScenarios(*m_doc->district, &error);
    if (!error.empty()) {
        ShowError(_("Compare scenarios"), U(error));
        return;
    }
    if (list.size() < 2) {
        ShowError(_("Compare scenarios"), _("Save at least two scenarios first."));
        return;
    }
    wxArrayString names;
    for (const auto& s : list)
        names.Add(U(s.name));
    const int a =
        wxGetSingleChoiceIndex(_("First scenario:"), _("Compare Scenarios"), names, 0, this);
    if (a < 0) return;
    const int b = wxGetSingleChoiceIndex(_("Second scenario:"), _("Compare Scenarios"), names,
                                         a == 0 ? 1 : 0, this);
    if (b < 0) return;
    CompareScenarios(names[static_cast<size_t>(a)].utf8_string(),
                     names[static_cast<size_t>(b)].utf8_string(), false);
}

void MainFrame::OnAutosave() {
    if (!m_doc->HasProject() || !m_doc->undo.modified() || m_changes == m_autosaved_changes ||
        TaskRunning())
        return;
    auto copy = std::make_shared<geo::District>(*m_doc->district);
    const std::string project = m_doc->path, fallback = m_fallback_dir;
    const std::size_t changes = m_changes;
    RunTask(
        this, _("Autosave"),
        [copy, project, fallback](Progress& progress) {
            session::write_autosave(*copy, project, progress, fallback);
        },
        [self = wxWeakRef<MainFrame>(this), changes](std::exception_ptr error) {
            if (!self) return; // the window was closed or rebuilt in another language meanwhile
            if (error) {
                self->SetStatusText(_("Autosave failed: ") + ErrorText(error), field_message);
                return;
            }
            self->m_autosaved_changes = changes;
            self->SetStatusText(
                wxString::Format(_("Autosaved at %s"), wxDateTime::Now().FormatTime()),
                field_message);
        },
        false);
}

void MainFrame::SetLanguage(UiLanguage language) {
    if (language == CurrentLanguage()) return;
    CallAfter([language] { wxGetApp().SwitchLanguage(language); });
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
    s["atlas"] = m_atlas_report;
    if (m_preview != nullptr) s["preview"] = m_preview->State();
    if (!m_import_report.is_null()) s["import"] = m_import_report;
    s["undo"] = m_doc->undo.undo_label();
    s["redo"] = m_doc->undo.redo_label();
    s["figures"] = m_doc->figures;
    s["figures_ms"] = m_doc->figures_ms;
    s["edit_ms"] = m_doc->edit_ms;
    s["stale"] = {{"outlines", m_doc->stale.outlines}, {"routes", m_doc->stale.routes}};
    s["refresh"] = m_refresh_report;
    s["draw_ms"] = m_canvas->LastDrawMs();
    nlohmann::json menus = nlohmann::json::array();
    for (size_t i = 0; i < GetMenuBar()->GetMenuCount(); ++i)
        menus.push_back(wxMenuItem::GetLabelText(GetMenuBar()->GetMenuLabel(i)).utf8_string());
    s["menus"] = menus;
    nlohmann::json tabs = nlohmann::json::array();
    for (size_t i = 0; i < m_notebook->GetPageCount(); ++i)
        tabs.push_back(m_notebook->GetPageText(i).utf8_string());
    s["tabs"] = tabs;
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
    s["view"] = {{"scale", m_canvas->GetView().scale},
                 {"centre", {m_canvas->GetView().centre.x, m_canvas->GetView().centre.y}}};
    return s;
}

void MainFrame::ScreenshotAndExit(const std::string& path) {
    AfterFirstPaint([this, path] {
        try {
            m_canvas->SaveSnapshot(path);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "cordon: %s\n", e.what());
            wxGetApp().SetExitCode(1);
        }
        Close(true);
    });
}

} // namespace cordon::gui
