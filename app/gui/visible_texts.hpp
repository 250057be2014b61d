#pragma once
// The texts a window shows a planner: labels, buttons, choices, list rows and columns, text
// fields, tab titles, menus, the status bar and the titles, of the window and every window in
// it (tabs not in front included). For the test that the Chinese UI holds no English.

#include <wx/window.h>

#include <string>
#include <vector>

namespace cordon::gui {

/// One text shown: the kind of widget ("label", "button", "menu", "list" …) and its text.
struct VisibleText {
    std::string widget;
    std::string text;
};

/// The texts of `window` and everything in it; with a frame, its menus and status bar.
/// Lists give their columns and at most `max_rows` rows.
std::vector<VisibleText> VisibleTexts(wxWindow& window, int max_rows = 60);

/// Writes VisibleTexts(window) to `path`, one "widget<TAB>text" a line (new lines in a text as
/// " / "); appends when `append`. Throws cordon::InputError when it cannot write.
void WriteVisibleTexts(wxWindow& window, const std::string& path, bool append = false);

/// The texts `window` shows cut off, as laid out now: a label, check box, radio or button
/// narrower than its text or reaching past the window holding it, a list column narrower than
/// a heading or cell it shows (its first `max_rows` rows), list columns wider together than
/// the list. Only what is shown on screen (tabs in front). "widget<TAB>text" each.
std::vector<VisibleText> ClippedTexts(wxWindow& window, int max_rows = 60);

} // namespace cordon::gui
