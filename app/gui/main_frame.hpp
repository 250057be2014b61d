#pragma once
// The main window: map canvas, side panels, attribute table and status bar around the
// Document; selection, identify and hand edits. The menus are built in menus.cpp; files,
// plan steps, the atlas and scenarios have controllers of their own, and go through
// cordon_session.

#include "format.hpp"
#include "map_canvas.hpp"
#include "print.hpp"
#include "select_dialogs.hpp"
#include "shell.hpp"

#include <cordon/gui/document.hpp>

#include <wx/frame.h>

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

class wxNotebook;
class wxSplitterWindow;

namespace cordon::gui {

class AtlasController;
class AttributeTable;
class FileController;
class FiguresPanel;
class HouseholdsDialog;
class LedgerController;
class RegisterWizard;
class ScreeningPanel;
class IdentifyPanel;
class LayersPanel;
class BasemapsPanel;
class PlanController;
class PlanPanel;
class ScenarioController;
class ScenariosPanel;

class MainFrame : public wxFrame, public Shell {
public:
    explicit MainFrame(std::shared_ptr<Document> doc, const render::View* view = nullptr,
                       const render::RenderOptions* options = nullptr);
    ~MainFrame() override;

    FileController& Files() { return *m_files; }
    PlanController& Plan() { return *m_plan_steps; }
    /// What the window `old` showed beyond the document, in this window's language: the
    /// plan's Result, the checkpoint area chosen, the feature identified, the import report.
    void TakeOver(MainFrame& old);
    AtlasController& Atlas() { return *m_atlas; }
    ScenarioController& Scenarios() { return *m_scenario_steps; }
    LedgerController& Ledger() { return *m_ledger; }
    ScreeningPanel* GetScreening() const { return m_screening; }
    /// Households › Import Household Register: the wizard, then the import (ledger_frame.cpp).
    void AskImportRegister();
    /// The wizard shown without waiting (the test script fills it).
    RegisterWizard* OpenRegisterWizard();
    /// Households › Households on No Building: the dialog, not modal; picking a building on
    /// the map fills in its id.
    HouseholdsDialog* ShowHouseholds();
    /// Selects the buildings with a household not yet met (Screening panel, Households menu).
    void SelectNotYetMet();
    /// Brings the Screening panel to the front.
    void ShowScreening();

    /// Runs `f` once the map has been painted for the first time (now if it has been).
    void AfterFirstPaint(std::function<void()> f);

    MapCanvas* GetCanvas() const { return m_canvas; }
    AttributeTable* GetTable() const { return m_table; }
    LayersPanel* GetLayers() const { return m_layers; }
    BasemapsPanel* GetBasemaps() const { return m_basemaps; }
    PlanPanel* GetPlanPanel() const { return m_plan; }
    wxNotebook* GetSidebar() const { return m_notebook; }
    /// The sidebar's width (the splitter's sash), remembered in the settings for the next
    /// window and the next start.
    int SidebarWidth() const;
    void SetSidebarWidth(int width);
    Document& GetDocument() { return *m_doc; }
    void Select(FeatureLayer layer, const std::set<geo::Id>& ids, bool from_table = false);
    FeatureLayer SelectionLayer() const { return m_sel_layer; }
    const std::set<geo::Id>& SelectionIds() const { return m_sel_ids; }
    /// Applies an edit; a failure is shown (or printed when quiet) and changes nothing.
    bool Edit(const session::Edit& edit);
    /// Applies the edits of a selection as one undoable step, all or nothing.
    bool Edit(const std::vector<session::Edit>& edits);
    /// The edits the Edit menu makes of the selection (none when it holds no such feature):
    /// open or close the selected gates (close them all when one is open), set the selected
    /// compounds' mode, delete the selected checkpoints, close or reopen the selected roads
    /// (close them all when one is open).
    std::vector<session::Edit> ToggleGatesEdits() const;
    std::vector<session::Edit> CompoundModeEdits(geo::CompoundMode mode) const;
    std::vector<session::Edit> ToggleRoadsEdits() const;
    /// Select by Expression: the features of `layer` for which `expression` holds
    /// (geo::select_where over the district as it is); a bad expression is shown and
    /// changes nothing.
    bool SelectWhere(FeatureLayer layer, const std::string& expression);
    /// Select by Location: the features of `layer` inside `area`.
    bool SelectInside(FeatureLayer layer, const geo::MultiPolygon& area);
    bool SelectInside(FeatureLayer layer, const LocationArea& area);
    /// The polygon last drawn with the Select tool (empty: none).
    const geo::MultiPolygon& Drawn() const { return m_drawn; }
    /// The attribute form's change on the whole selection, one undoable step: (field,
    /// value) as session::attribute_edits takes them.
    bool EditAttributes(const std::vector<std::pair<std::string, std::string>>& fields);
    void AskSelectByExpression(); // select_dialogs.cpp
    void AskSelectByLocation();
    void AskAttributes();
    /// The right-click menu's commands at `at` (labels of submenus' items joined by " > "),
    /// for the menu and the test script; selects the feature there unless it is selected.
    std::vector<std::pair<wxString, std::function<void()>>> ContextActions(geo::Point at);
    /// Everything a test wants to know, as JSON.
    nlohmann::json State() const;
    /// Brings the side panel's tab `page` (0 Layers, 1 Plan, 2 Figures, ...) to the front.
    void ShowTab(std::size_t page);
    void SetQuiet(bool quiet) { m_quiet = quiet; }
    /// The last error shown (title: message), for tests.
    const std::string& LastError() const { return m_last_error; }

    // Shell: what the controllers need of the window.
    wxWindow* Window() override { return this; }
    bool Quiet() const override { return m_quiet; }
    void ShowError(const wxString& title, const wxString& message) override;
    void ShowMessage(const wxString& title, const wxString& message, long icon,
                     bool quiet) override;
    void ShowStatus(const wxString& text) override;

private:
    void BuildMenu();    // menus.cpp
    void BindMenus();    // menus.cpp
    void BindEditMenu(); // menus.cpp
    void BuildLayout();
    void BindCanvas();
    void OnDocumentChanged();
    void OnOpened();
    void UpdateTitle();
    void UpdateScale();
    void UpdateCursor(std::optional<geo::Point> position);
    void UpdateUndoMenu();
    void OnClick(geo::Point at, bool add);
    void OnContext(geo::Point at, wxPoint where);
    void SetLanguage(UiLanguage language);
    void MoveSelectionToZone(std::optional<geo::Id> building_hint);
    void BindLedger(); // ledger_frame.cpp
    void UpdateLedger();
    nlohmann::json LedgerState() const;

    std::shared_ptr<Document> m_doc;
    MapCanvas* m_canvas = nullptr;
    AttributeTable* m_table = nullptr;
    wxNotebook* m_notebook = nullptr;
    wxSplitterWindow* m_split = nullptr; ///< the side panels | the map and table
    LayersPanel* m_layers = nullptr;
    BasemapsPanel* m_basemaps = nullptr; ///< inside the Layers panel
    IdentifyPanel* m_identify = nullptr;
    PlanPanel* m_plan = nullptr;
    void RememberSidebarWidth(int width);
    void FitSidebar();
    FiguresPanel* m_figures = nullptr;
    ScenariosPanel* m_scenarios = nullptr;
    ScreeningPanel* m_screening = nullptr;
    HouseholdsDialog* m_households = nullptr; ///< made when first shown; a child of the window
    std::unique_ptr<FileController> m_files;
    std::unique_ptr<AtlasController> m_atlas;
    std::unique_ptr<PlanController> m_plan_steps;
    std::unique_ptr<ScenarioController> m_scenario_steps;
    std::unique_ptr<LedgerController> m_ledger;
    FeatureLayer m_sel_layer = FeatureLayer::buildings;
    std::set<geo::Id> m_sel_ids;
    geo::MultiPolygon m_drawn;     ///< the polygon last drawn with the Select tool
    std::string m_last_expression; ///< of Select by Expression, offered again
    std::optional<FeatureRef> m_identified;
    bool m_quiet = false;
    bool m_painted = false;
    std::string m_last_error;
    std::vector<std::function<void()>> m_after_paint;
};

} // namespace cordon::gui
