// The desktop app: `cordon [PROJECT] [--screenshot FILE] [--script FILE] [--lang en|zh_CN]`.

#include "app.hpp"

#include "attribute_table.hpp"
#include "basemap_panel.hpp"
#include "features.hpp"
#include "file_controller.hpp"
#include "import_wizard.hpp"
#include "main_frame.hpp"
#include "panels.hpp"
#include "print.hpp"
#include "task.hpp"

#include <cordon/geo/error.hpp>

#include <wx/cmdline.h>
#include <wx/config.h>
#include <wx/dcclient.h>
#include <wx/dcmemory.h>
#include <wx/filename.h>
#include <wx/intl.h>
#include <wx/msgdlg.h>
#include <wx/stdpaths.h>
#include <wx/timer.h>
#include <wx/translation.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <fstream>
#include <map>
#include <sstream>

wxIMPLEMENT_APP(cordon::gui::App);

namespace cordon::gui {

void App::LoadLanguage(UiLanguage language) {
    SetCurrentLanguage(language);
    auto* translations = new wxTranslations;
    wxTranslations::Set(translations); // owns it, deletes the previous one
    const wxFileName exe(wxStandardPaths::Get().GetExecutablePath());
    wxFileTranslationsLoader::AddCatalogLookupPathPrefix(exe.GetPath() + "/locale");
    wxFileTranslationsLoader::AddCatalogLookupPathPrefix(exe.GetPath() + "/../share/locale");
    if (language == UiLanguage::zh) {
        translations->SetLanguage("zh_CN");
        if (!translations->AddCatalog("cordon"))
            std::fprintf(stderr,
                         "cordon: the Chinese catalog cordon.mo was not found; showing English\n");
        translations->AddStdCatalog();
    } else {
        translations->SetLanguage("en");
    }
    wxConfig::Get()->Write("/language", language == UiLanguage::zh ? "zh_CN" : "en");
}

bool App::OnInit() {
    SetAppName("cordon");
    if (!wxApp::OnInit()) return false; // parses the command line
    wxString lang = m_lang;
    if (lang.empty()) lang = wxConfig::Get()->Read("/language", wxEmptyString);
    if (lang.empty()) {
        const wxString env = wxGetenv("LANG") ? wxString(wxGetenv("LANG")) : wxString();
        lang = env.StartsWith("zh") ? "zh_CN" : "en";
    }
    LoadLanguage(lang.StartsWith("zh") ? UiLanguage::zh : UiLanguage::en);
    InstallBasemapKeys(); // the keys of tile services, from the user's settings

    m_frame = new MainFrame(m_doc);
    const bool quiet = !m_screenshot.empty() || !m_script.empty();
    m_frame->SetQuiet(quiet);
    if (m_autosave_seconds >= 0)
        m_frame->Files().SetAutosaveSeconds(static_cast<int>(m_autosave_seconds));
    m_frame->Show();

    if (!m_script.empty()) {
        std::ifstream in(m_script.utf8_string());
        if (!in) {
            std::fprintf(stderr, "cordon: cannot read script %s\n", m_script.utf8_str().data());
            return false;
        }
        m_runner.Load(in);
        AddScriptCommands(*this, m_runner);
        m_runner.on_stop = [this] { m_frame->Close(true); };
    }
    const std::string project = m_project.utf8_string();
    m_frame->AfterFirstPaint([this, project, quiet] {
        auto then = [this](bool ok) {
            if (!ok && !m_screenshot.empty()) m_exit_code = 1;
            if (!m_screenshot.empty()) {
                try {
                    m_frame->GetCanvas()->SaveSnapshot(m_screenshot.utf8_string());
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "cordon: %s\n", e.what());
                    m_exit_code = 1;
                }
                m_frame->Close(true);
                return;
            }
            if (!m_runner.Empty()) CallAfter([this] { m_runner.Next(); });
        };
        if (!project.empty())
            m_frame->Files().Open(project, quiet, then);
        else
            then(true);
    });
    return true;
}

void App::SwitchLanguage(UiLanguage language) {
    MainFrame* old = m_frame;
    LoadLanguage(language);
    const render::View view = old->GetCanvas()->GetView();
    const render::RenderOptions options = old->GetCanvas()->Options();
    const FeatureLayer layer = old->SelectionLayer();
    const std::set<geo::Id> ids = old->SelectionIds();
    const wxRect rect = old->GetRect();
    const TableList* old_list = old->GetTable()->GetList();
    const FeatureLayer table_layer = old_list->GetLayer();
    const int sort_column = old_list->SortColumn();
    const bool ascending = old_list->SortAscending();
    const wxString filter = old_list->Filter();
    m_doc->listeners.clear();
    m_frame = new MainFrame(m_doc, m_doc->HasProject() ? &view : nullptr, &options);
    m_frame->SetQuiet(!m_script.empty());
    if (m_autosave_seconds >= 0)
        m_frame->Files().SetAutosaveSeconds(static_cast<int>(m_autosave_seconds));
    m_frame->SetSize(rect);
    m_frame->Show();
    if (m_doc->HasProject()) {
        m_frame->GetTable()->ShowLayer(table_layer);
        if (!filter.empty()) m_frame->GetTable()->SetFilter(filter);
        if (sort_column >= 0) m_frame->GetTable()->GetList()->SortBy(sort_column, ascending);
        if (!ids.empty()) m_frame->Select(layer, ids);
    }
    m_frame->TakeOver(*old);
    SetTopWindow(m_frame);
    old->Destroy();
}

int App::OnRun() {
    const int code = wxApp::OnRun();
    return code != 0 ? code : m_runner.Failed() ? 1 : m_exit_code;
}

/// Runs `f` on the UI thread after `ms` milliseconds (0: as soon as it may).
void App::Later(std::function<void()> f, int ms) {
    if (ms <= 0) {
        CallAfter(std::move(f));
        return;
    }
    auto* timer = new wxTimer;
    timer->Bind(wxEVT_TIMER, [this, timer, f = std::move(f)](wxTimerEvent&) {
        CallAfter([timer] { delete timer; });
        f();
    });
    timer->StartOnce(ms);
}

bool App::Busy() const {
    return TaskRunning() || m_frame->GetTable()->GetList()->Busy();
}

int App::OnExit() {
    m_doc->lock.reset();
    delete wxConfig::Set(nullptr);
    return wxApp::OnExit();
}

void App::OnInitCmdLine(wxCmdLineParser& parser) {
    wxApp::OnInitCmdLine(parser);
    parser.AddOption(wxEmptyString, "screenshot",
                     "after the project is shown, save the map as a PNG to FILE and exit");
    parser.AddOption(wxEmptyString, "script", "run the commands in FILE (tests)");
    parser.AddOption(wxEmptyString, "lang", "user interface language: en or zh_CN");
    parser.AddOption(wxEmptyString, "autosave", "seconds between autosaves (0: never)",
                     wxCMD_LINE_VAL_NUMBER);
    parser.AddParam("PROJECT", wxCMD_LINE_VAL_STRING, wxCMD_LINE_PARAM_OPTIONAL);
}

bool App::OnCmdLineParsed(wxCmdLineParser& parser) {
    if (!wxApp::OnCmdLineParsed(parser)) return false;
    parser.Found("screenshot", &m_screenshot);
    parser.Found("script", &m_script);
    parser.Found("lang", &m_lang);
    parser.Found("autosave", &m_autosave_seconds);
    if (parser.GetParamCount() > 0) m_project = parser.GetParam(0);
    return true;
}

bool App::OnExceptionInMainLoop() {
    try {
        throw;
    } catch (const std::exception& e) {
        if (!m_script.empty() || !m_screenshot.empty()) {
            std::fprintf(stderr, "cordon: %s\n", e.what());
            m_exit_code = 1;
        } else {
            wxMessageBox(wxString::FromUTF8(e.what()), "Cordon", wxOK | wxICON_ERROR);
        }
    }
    return true; // keep running: the planner's work is still open
}

} // namespace cordon::gui
