#pragma once
// What the controllers (files, plan, atlas, scenarios) need of the main window: a parent for
// dialogs and tasks, whether it is quiet (a test script: no dialogs), and where to tell the
// planner what happened.

#include <wx/string.h>

#include <string>

class wxWindow;

namespace cordon::gui {

class Shell {
public:
    virtual wxWindow* Window() = 0;
    virtual bool Quiet() const = 0;
    /// Shows an error (a message box, or stderr when quiet); kept as "TITLE: MESSAGE" for
    /// the test state.
    virtual void ShowError(const wxString& title, const wxString& message) = 0;
    /// Shows `message` in a box titled `title` with `icon` (wxICON_ERROR, ...), or on stderr
    /// when `quiet`; kept as it is for the test state.
    virtual void ShowMessage(const wxString& title, const wxString& message, long icon,
                             bool quiet) = 0;
    /// The status bar's message field.
    virtual void ShowStatus(const wxString& text) = 0;

protected:
    ~Shell() = default;
};

inline wxString U(const std::string& text) {
    return wxString::FromUTF8(text.c_str());
}

} // namespace cordon::gui
