#pragma once
// What an edit, a plan step or a scenario change did, and why a gate or checkpoint is as it
// is, in the UI language. The session names
// its undo steps in fixed English phrases ("set 3 compounds to patrol", "plan zones"); each
// phrase has a translatable template here, its modes, states, fields and layers translated.

#include <wx/string.h>

#include <string>

namespace cordon::gui {

/// `label` (session::describe, an undo step's label) in the UI language; a phrase with no
/// template comes back as it is.
wxString EditText(const std::string& label);

/// Why a gate or checkpoint is as it is (the planner's reason, stored with it in fixed
/// English phrases: "set by hand: closed", "Cordon: 芳邻路 (tertiary), traffic heading east
/// into the area; …; crew 3") in the UI language, phrase by phrase; names stay as they are.
wxString ReasonText(const std::string& reason);

/// A road class (OpenStreetMap highway=*) in the UI language, as the legend names it.
wxString RoadClassText(const std::string& cls);

/// A control mode, gate state or checkpoint kind word of the session ("patrol", "open",
/// "vehicle") in the UI language.
wxString ModeWord(const std::string& word);

} // namespace cordon::gui
