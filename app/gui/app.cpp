// The desktop app: `cordon [PROJECT] [--screenshot FILE]`.

#include "app.hpp"

#include "main_frame.hpp"

#include <wx/cmdline.h>
#include <wx/msgdlg.h>

#include <exception>

wxIMPLEMENT_APP(cordon::gui::App);

namespace cordon::gui {

bool App::OnInit() {
    if (!wxApp::OnInit()) return false; // parses the command line
    auto* frame = new MainFrame;
    frame->Show();
    const bool quiet = !m_screenshot.empty();
    if (quiet) frame->ScreenshotAndExit(m_screenshot.utf8_string());
    if (!m_project.empty() && !frame->OpenProject(m_project.utf8_string(), quiet) && quiet)
        m_exit_code = 1;
    return true;
}

int App::OnRun() {
    const int code = wxApp::OnRun();
    return code != 0 ? code : m_exit_code;
}

void App::OnInitCmdLine(wxCmdLineParser& parser) {
    wxApp::OnInitCmdLine(parser);
    parser.AddOption(wxEmptyString, "screenshot",
                     _("after the first paint, save the map as a PNG to FILE and exit"));
    parser.AddParam(_("PROJECT"), wxCMD_LINE_VAL_STRING, wxCMD_LINE_PARAM_OPTIONAL);
}

bool App::OnCmdLineParsed(wxCmdLineParser& parser) {
    if (!wxApp::OnCmdLineParsed(parser)) return false;
    parser.Found("screenshot", &m_screenshot);
    if (parser.GetParamCount() > 0) m_project = parser.GetParam(0);
    return true;
}

bool App::OnExceptionInMainLoop() {
    try {
        throw;
    } catch (const std::exception& e) {
        wxMessageBox(wxString::FromUTF8(e.what()), "Cordon", wxOK | wxICON_ERROR);
    }
    return true; // keep running: the planner's work is still open
}

} // namespace cordon::gui
