#pragma once
// The wxApp: command line, translations, the main frame (recreated when the language
// changes), the test script runner, exit code.

#include "format.hpp"

#include <cordon/gui/document.hpp>
#include <cordon/gui/script.hpp>

#include <wx/app.h>
#include <wx/string.h>

#include <functional>
#include <memory>
#include <string>

namespace cordon::gui {

class MainFrame;

/// `cordon [PROJECT] [--screenshot FILE] [--script FILE] [--lang en|zh_CN]`
class App : public wxApp {
public:
    bool OnInit() override;
    int OnRun() override;
    int OnExit() override;
    void OnInitCmdLine(wxCmdLineParser& parser) override;
    bool OnCmdLineParsed(wxCmdLineParser& parser) override;
    bool OnExceptionInMainLoop() override;

    /// The process exit code once the main loop ends (for --screenshot runs).
    void SetExitCode(int code) { m_exit_code = code; }
    /// Switches the UI language: loads the catalog and rebuilds the main window around the
    /// same open project (nothing is lost, not even the undo history).
    void SwitchLanguage(UiLanguage language);
    MainFrame* Frame() const { return m_frame; }
    /// The test script (`--script FILE`).
    ScriptRunner& Script() { return m_runner; }

private:
    void LoadLanguage(UiLanguage language);
    void Later(std::function<void()> f, int ms);
    bool Busy() const;

    std::shared_ptr<Document> m_doc = std::make_shared<Document>();
    MainFrame* m_frame = nullptr;
    wxString m_project;
    wxString m_screenshot;
    wxString m_script;
    wxString m_lang;
    long m_autosave_seconds = -1;
    ScriptRunner m_runner{[this](std::function<void()> f, int ms) { Later(std::move(f), ms); },
                          [this] { return Busy(); }};
    int m_exit_code = 0;
};

/// Registers the script's commands (script_commands.cpp).
void AddScriptCommands(App& app, ScriptRunner& script);

} // namespace cordon::gui

wxDECLARE_APP(cordon::gui::App);
