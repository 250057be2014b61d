#pragma once
// The ids of the main window's menu commands (menus.cpp builds the menus and binds them).

#include <wx/defs.h>

namespace cordon::gui {

enum MenuId {
    id_zoom_full = wxID_HIGHEST + 1,
    id_zoom_selection,
    id_export,
    id_open_database,
    id_handover,
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
    id_select_expression,
    id_select_location,
    id_attributes,
    id_run_all,
    id_refresh_zones,
    id_scenario_save,
    id_scenario_compare,
    id_register_import,
    id_households_unmatched,
    id_visits_import,
    id_select_not_yet_met,
    id_lang_en,
    id_lang_zh,
    id_zoom_layer_first, // one per feature layer
    id_zoom_layer_last = id_zoom_layer_first + 10,
    id_context_zone_first,
    id_context_zone_last = id_context_zone_first + 1000,
};

} // namespace cordon::gui
