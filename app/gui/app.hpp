#pragma once
// The wxApp: command line, main frame, exit code.

#include <wx/app.h>
#include <wx/string.h>

namespace cordon::gui {

/// `cordon [PROJECT] [--screenshot FILE]`
class App : public wxApp {
public:
    bool OnInit() override;
    int OnRun() override;
    void OnInitCmdLine(wxCmdLineParser& parser) override;
    bool OnCmdLineParsed(wxCmdLineParser& parser) override;
    bool OnExceptionInMainLoop() override;

    /// The process exit code once the main loop ends (for --screenshot runs).
    void SetExitCode(int code) { m_exit_code = code; }

private:
    wxString m_project;
    wxString m_screenshot;
    int m_exit_code = 0;
};

} // namespace cordon::gui

wxDECLARE_APP(cordon::gui::App);
