// The main window's menus: File, Edit, View, Tools, Plan, Help, and what each command does
// (through the window, or the controller of files, plan, atlas and scenarios).

#include "menus.hpp"

#include "atlas_controller.hpp"
#include "attribute_table.hpp"
#include "features.hpp"
#include "file_controller.hpp"
#include "main_frame.hpp"
#include "panels.hpp"
#include "plan_controller.hpp"
#include "print.hpp"
#include "scenario_controller.hpp"

#include <cordon/session/edit.hpp>

#include <wx/aboutdlg.h>
#include <wx/menu.h>

#include <algorithm>
#include <iterator>

namespace cordon::gui {

void MainFrame::BuildMenu() {
    auto* file = new wxMenu;
    file->Append(wxID_NEW, _("&New Project from Data...\tCtrl+N"),
                 _("Import data into a new project"));
    file->Append(wxID_OPEN, _("&Open Project...\tCtrl+O"), _("Open a project file"));
    file->Append(id_open_database, _("Open &Database..."),
                 _("Open a shared plan in a PostgreSQL/PostGIS database"));
    file->AppendSubMenu(new wxMenu, _("Open &Recent"))->SetId(wxID_FILE);
    file->AppendSeparator();
    file->Append(wxID_SAVE, _("&Save\tCtrl+S"), _("Save the project"));
    file->Append(wxID_SAVEAS, _("Save &As...\tCtrl+Shift+S"),
                 _("Save the project under another name"));
    file->Append(id_export, _("&Export Layers...\tCtrl+E"),
                 _("Write layers as the map shows them to Shapefile, GeoPackage, KML, GeoJSON "
                   "or CSV"));
    file->Append(id_handover, _("&Hand-over Package..."),
                 _("The atlas, every plan layer and the staffing table for other agencies, "
                   "in a folder or a ZIP"));
    file->AppendSeparator();
    file->Append(id_print_preview, _("Print Pre&view...\tCtrl+Shift+P"));
    file->Append(id_export_atlas, _("Export Atlas as &PDF...\tCtrl+P"));
    file->AppendSeparator();
    file->Append(wxID_EXIT, _("&Quit\tCtrl+Q"), _("Close the window"));

    auto* edit = new wxMenu;
    edit->Append(wxID_UNDO, _("&Undo\tCtrl+Z"), _("Undo the last change"));
    edit->Append(wxID_REDO, _("&Redo\tCtrl+Y"), _("Redo the change undone"));
    edit->AppendSeparator();
    edit->Append(id_toggle_gate, _("Open/Close Selected &Gates\tCtrl+G"));
    auto* modes = new wxMenu;
    modes->Append(id_mode_closed, _("Closed (property-managed)"));
    modes->Append(id_mode_guarded, _("Guarded (self-governed)"));
    modes->Append(id_mode_patrol, _("Patrol (scattered)"));
    modes->Append(id_mode_unknown, _("Not set"));
    edit->AppendSubMenu(modes, _("Selected Compounds' &Mode"));
    edit->Append(id_move_to_zone, _("Move Selected &Buildings to Zone...\tCtrl+M"));
    edit->Append(id_delete_checkpoint, _("&Delete Selected Checkpoints\tDel"));
    edit->Append(id_toggle_road, _("Close/Reopen Selected &Roads"));
    edit->Append(id_attributes, _("A&ttributes of Selection...\tF7"));
    edit->AppendSeparator();
    edit->Append(id_select_expression, _("Select by E&xpression...\tCtrl+F3"));
    edit->Append(id_select_location, _("Select by &Location..."));
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

    auto* households = new wxMenu;
    households->Append(id_register_import, _("Import Household &Register..."),
                       _("Read a community's household register and match it to the buildings"));
    households->Append(id_households_unmatched, _("Households on &No Building..."),
                       _("The register's ambiguous and unmatched rows; match one by hand"));
    households->AppendSeparator();
    households->Append(id_visits_import, _("Import &Visits..."),
                       _("Append the door-to-door visits of a sheet"));
    households->Append(id_select_not_yet_met, _("Select Buildings &Not Yet Met"));

    auto* help = new wxMenu;
    help->Append(wxID_ABOUT, _("&About Cordon"), _("About this program"));

    auto* bar = new wxMenuBar;
    bar->Append(file, _("&File"));
    bar->Append(edit, _("&Edit"));
    bar->Append(view, _("&View"));
    bar->Append(tools, _("&Tools"));
    bar->Append(plan, _("&Plan"));
    bar->Append(households, _("H&ouseholds"));
    bar->Append(help, _("&Help"));
    SetMenuBar(bar);
    BindMenus();
}

void MainFrame::BindMenus() {
    auto on = [this](int id, std::function<void()> f) {
        Bind(
            wxEVT_MENU, [f = std::move(f)](wxCommandEvent&) { f(); }, id);
    };
    on(wxID_NEW, [this] { m_files->AskNew(); });
    on(wxID_OPEN, [this] { m_files->AskOpen(); });
    on(id_open_database, [this] { m_files->AskOpenDatabase(); });
    on(wxID_SAVE, [this] {
        if (m_doc->HasProject()) m_files->Save({});
    });
    on(wxID_SAVEAS, [this] { m_files->AskSaveAs(); });
    on(id_export, [this] { m_files->AskExport(layer_key(m_table->GetList()->GetLayer())); });
    on(id_handover, [this] { m_files->AskHandover(AtlasOptionsFor(*m_doc, m_atlas->Settings())); });
    on(id_print_preview, [this] { m_atlas->OpenPreview(); });
    on(id_export_atlas, [this] { m_atlas->AskExport(this); });
    on(wxID_EXIT, [this] { Close(); });
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent& e) {
            m_files->OpenRecent(static_cast<size_t>(e.GetId() - wxID_FILE1));
        },
        wxID_FILE1, wxID_FILE9);
    BindEditMenu();
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
        m_plan_steps->Run(m_plan->ReadParams());
    });
    on(id_scenario_save, [this] { m_scenario_steps->AskSave(); });
    on(id_scenario_compare, [this] { m_scenario_steps->AskCompare(); });
    on(id_refresh_zones, [this] { m_plan_steps->RefreshZones(); });
    on(wxID_ABOUT, [this] {
        wxAboutDialogInfo info;
        info.SetName("Cordon");
        info.SetVersion(CORDON_VERSION);
        info.SetDescription(_("District planning for epidemic control."));
        wxAboutBox(info, this);
    });
}
/// Edit: undo, redo and the hand edits of the selection.
void MainFrame::BindEditMenu() {
    auto on = [this](int id, std::function<void()> f) {
        Bind(
            wxEVT_MENU, [f = std::move(f)](wxCommandEvent&) { f(); }, id);
    };
    on(wxID_UNDO, [this] {
        if (m_doc->undo.can_undo()) m_doc->Undo();
    });
    on(wxID_REDO, [this] {
        if (m_doc->undo.can_redo()) m_doc->Redo();
    });
    on(id_toggle_gate, [this] { Edit(ToggleGatesEdits()); });
    const std::pair<int, geo::CompoundMode> mode_ids[] = {
        {id_mode_closed, geo::CompoundMode::closed},
        {id_mode_guarded, geo::CompoundMode::guarded},
        {id_mode_patrol, geo::CompoundMode::patrol},
        {id_mode_unknown, geo::CompoundMode::unknown}};
    for (const auto& [id, mode] : mode_ids)
        on(id, [this, m = mode] { Edit(CompoundModeEdits(m)); });
    on(id_move_to_zone, [this] { MoveSelectionToZone(std::nullopt); });
    on(id_delete_checkpoint, [this] {
        if (m_sel_layer != FeatureLayer::checkpoints) return;
        std::vector<session::Edit> edits;
        for (geo::Id id : m_sel_ids)
            edits.push_back(session::DeleteCheckpoint{id});
        if (Edit(edits)) Select(FeatureLayer::checkpoints, {});
    });
    on(id_toggle_road, [this] { Edit(ToggleRoadsEdits()); });
    on(id_clear_selection, [this] { Select(m_sel_layer, {}); });
    on(id_select_expression, [this] { AskSelectByExpression(); });
    on(id_select_location, [this] { AskSelectByLocation(); });
    on(id_attributes, [this] { AskAttributes(); });
}

} // namespace cordon::gui
