#pragma once
// The main window: menus, map canvas, side panels, attribute table and status bar. It wires
// the pieces to the Document; the planning, editing and files go through cordon_session.

#include "document.hpp"
#include "format.hpp"
#include "map_canvas.hpp"
#include "print.hpp"

#include <cordon/geo/import.hpp>

#include <wx/filehistory.h>
#include <wx/frame.h>
#include <wx/timer.h>

#include <memory>
#include <optional>
#include <set>
#include <string>

class wxNotebook;

namespace cordon::gui {

class AttributeTable;
class LayersPanel;
class IdentifyPanel;
class PlanPanel;
class ImportWizard;
class FiguresPanel;
class ScenariosPanel;

class MainFrame : public wxFrame {
public:
    explicit MainFrame(std::shared_ptr<Document> doc, const render::View* view = nullptr,
                       const render::RenderOptions* options = nullptr);
    ~MainFrame() override;

    /// Opens the project at `path` (read off the UI thread) and shows it. On failure shows the
    /// error (a message box, or stderr when `quiet`) and keeps what was shown before. `done`
    /// gets whether it worked.
    void OpenProject(const std::string& path, bool quiet = false,
                     std::function<void(bool)> done = {});
    /// Saves to `path` (empty: the project's own), off the UI thread.
    void SaveProject(const std::string& path, std::function<void(bool)> done = {});
    /// Runs a plan step ("classify", ..., "checkpoints", "all") off the UI thread.
    void RunPlan(const std::string& step, std::function<void(bool)> done = {});
    /// Redraws the outlines and plans again the routes of the zones hand edits left out of
    /// date (Document::stale), off the UI thread; undoable.
    void RefreshZones(std::function<void(bool)> done = {});

    /// After the first paint, writes the map to `path` as a PNG and closes the app; the exit
    /// code says whether it worked. A hook for tests under Xvfb.
    void ScreenshotAndExit(const std::string& path);
    /// Runs `f` once the map has been painted for the first time (now if it has been).
    void AfterFirstPaint(std::function<void()> f);

    MapCanvas* GetCanvas() const { return m_canvas; }
    AttributeTable* GetTable() const { return m_table; }
    LayersPanel* GetLayers() const { return m_layers; }
    Document& GetDocument() { return *m_doc; }
    void Select(FeatureLayer layer, const std::set<geo::Id>& ids, bool from_table = false);
    FeatureLayer SelectionLayer() const { return m_sel_layer; }
    const std::set<geo::Id>& SelectionIds() const { return m_sel_ids; }
    /// Applies an edit; a failure is shown (or printed when quiet) and changes nothing.
    bool Edit(const session::Edit& edit);
    void SaveScenario(const std::string& name);
    /// Compares two scenarios: shows the dialog (unless quiet) and highlights the differences.
    nlohmann::json CompareScenarios(const std::string& a, const std::string& b, bool quiet);
    /// Everything a test wants to know, as JSON.
    nlohmann::json State() const;
    /// Writes the patrol atlas PDF (render::write_atlas, as `cordon-cli print`) off the UI
    /// thread with progress and Cancel; `done` gets whether it worked.
    void ExportAtlas(const std::string& path, const AtlasSettings& settings,
                     std::function<void(bool)> done = {}, wxWindow* parent = nullptr);
    /// Imports into a new project at `path` off the UI thread, then opens it and shows the
    /// import report (unless quiet); `done` gets whether it worked.
    void ImportProject(const geo::ImportOptions& options, const std::string& path,
                       std::function<void(bool)> done = {});
    /// The New Project wizard, shown without waiting (File › New runs it modally).
    ImportWizard* OpenImportWizard();
    /// Opens the print preview (modal unless quiet, when it stays open for a test script).
    PrintPreviewDialog* OpenPrintPreview();
    PrintPreviewDialog* GetPrintPreview() const { return m_preview; }
    AtlasSettings& GetAtlasSettings() { return m_atlas; }
    void SetQuiet(bool quiet) { m_quiet = quiet; }
    /// The last error shown (title: message), for tests.
    const std::string& LastError() const { return m_last_error; }
    void SetAutosaveSeconds(int seconds);
    /// For test scripts: the answer to "Recover unsaved changes?" when an open is quiet
    /// (unset: a quiet open does not ask and leaves the autosave copy where it is).
    void SetRecoverAnswer(std::optional<bool> answer) { m_recover_answer = answer; }

private:
    void BuildMenu();
    void BuildLayout();
    void OnDocumentChanged();
    void UpdateTitle();
    void UpdateScale();
    void UpdateCursor(std::optional<geo::Point> position);
    void UpdateUndoMenu();
    void ShowError(const wxString& title, const wxString& message);
    void OnClick(geo::Point at, bool add);
    void OnContext(geo::Point at, wxPoint where);
    void OnNew();
    void OnOpen();
    void OnSaveAs();
    void OnExport();
    void OnExportAtlas(wxWindow* parent);
    void OnCompare();
    void OnAutosave();
    void SetLanguage(UiLanguage language);
    bool ConfirmDiscard();
    void MoveSelectionToZone(std::optional<geo::Id> building_hint);

    std::shared_ptr<Document> m_doc;
    MapCanvas* m_canvas = nullptr;
    AttributeTable* m_table = nullptr;
    wxNotebook* m_notebook = nullptr;
    LayersPanel* m_layers = nullptr;
    IdentifyPanel* m_identify = nullptr;
    PlanPanel* m_plan = nullptr;
    FiguresPanel* m_figures = nullptr;
    ScenariosPanel* m_scenarios = nullptr;
    wxFileHistory m_history;
    wxTimer m_autosave;
    std::size_t m_changes = 0;
    std::size_t m_autosaved_changes = 0;
    FeatureLayer m_sel_layer = FeatureLayer::buildings;
    std::set<geo::Id> m_sel_ids;
    std::optional<FeatureRef> m_identified;
    bool m_quiet = false;
    std::optional<bool> m_recover_answer;
    bool m_painted = false;
    std::string m_last_error;
    AtlasSettings m_atlas;
    nlohmann::json m_atlas_report;   ///< the last atlas written
    nlohmann::json m_refresh_report; ///< the last refresh of zones
    nlohmann::json m_import_report;  ///< the last import (New Project)
    PrintPreviewDialog* m_preview = nullptr;
    std::vector<std::function<void()>> m_after_paint;
    std::string m_fallback_dir; ///< per-user folder for autosaves of read-only projects
};

} // namespace cordon::gui
