// The desktop app: `cordon [PROJECT] [--screenshot FILE] [--script FILE] [--lang en|zh_CN]`.

#include "app.hpp"

#include "attribute_table.hpp"
#include "features.hpp"
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

namespace {

/// Atlas settings from script words: A3, landscape, en / zh, zones=ID,ID.
AtlasSettings AtlasWords(AtlasSettings s, const std::vector<std::string>& w, std::size_t from) {
    for (std::size_t i = from; i < w.size(); ++i) {
        if (w[i] == "A3" || w[i] == "a3") s.paper = render::Paper::a3;
        if (w[i] == "A4" || w[i] == "a4") s.paper = render::Paper::a4;
        if (w[i] == "landscape") s.landscape = true;
        if (w[i] == "portrait") s.landscape = false;
        if (w[i] == "en") s.language = render::Language::en;
        if (w[i] == "zh") s.language = render::Language::zh;
        if (w[i].rfind("zones=", 0) == 0) {
            s.zones.clear();
            std::stringstream list(w[i].substr(6));
            for (std::string id; std::getline(list, id, ',');)
                if (!id.empty()) s.zones.push_back(std::stoll(id));
        }
    }
    return s;
}

/// Writes what `window` shows on screen to a PNG.
void WindowShot(wxWindow& window, const std::string& path) {
    window.Raise();
    window.Update();
    wxClientDC dc(&window);
    const wxSize size = window.GetClientSize();
    wxBitmap bitmap(size.x, size.y);
    wxMemoryDC mem(bitmap);
    mem.Blit(0, 0, size.x, size.y, &dc, 0, 0);
    mem.SelectObject(wxNullBitmap);
    bitmap.SaveFile(wxString::FromUTF8(path), wxBITMAP_TYPE_PNG);
}

std::vector<std::string> Words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> words;
    for (std::string w; in >> w;)
        words.push_back(w);
    return words;
}

double Number(const std::string& text) {
    try {
        return std::stod(text);
    } catch (const std::exception&) {
        throw InputError("script: '" + text + "' is not a number");
    }
}

} // namespace

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

    m_frame = new MainFrame(m_doc);
    const bool quiet = !m_screenshot.empty() || !m_script.empty();
    m_frame->SetQuiet(quiet);
    if (m_autosave_seconds >= 0) m_frame->SetAutosaveSeconds(static_cast<int>(m_autosave_seconds));
    m_frame->Show();

    if (!m_script.empty()) {
        std::ifstream in(m_script.utf8_string());
        if (!in) {
            std::fprintf(stderr, "cordon: cannot read script %s\n", m_script.utf8_str().data());
            return false;
        }
        for (std::string line; std::getline(in, line);)
            if (!line.empty() && line[0] != '#') m_lines.push_back(line);
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
            if (!m_lines.empty()) CallAfter([this] { NextScriptLine(); });
        };
        if (!project.empty())
            m_frame->OpenProject(project, quiet, then);
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
    if (m_autosave_seconds >= 0) m_frame->SetAutosaveSeconds(static_cast<int>(m_autosave_seconds));
    m_frame->SetSize(rect);
    m_frame->Show();
    if (m_doc->HasProject()) {
        m_frame->GetTable()->ShowLayer(table_layer);
        if (!filter.empty()) m_frame->GetTable()->SetFilter(filter);
        if (sort_column >= 0) m_frame->GetTable()->GetList()->SortBy(sort_column, ascending);
        if (!ids.empty()) m_frame->Select(layer, ids);
    }
    SetTopWindow(m_frame);
    old->Destroy();
}

void App::NextScriptLine() {
    if (TaskRunning() || m_frame->GetTable()->GetList()->Busy()) {
        // A plan or a save is running, or the table's filter: look again shortly.
        auto* timer = new wxTimer;
        timer->Bind(wxEVT_TIMER, [this, timer](wxTimerEvent&) {
            timer->Stop();
            CallAfter([timer] { delete timer; });
            NextScriptLine();
        });
        timer->StartOnce(50);
        return;
    }
    if (m_lines.empty()) return;
    const std::string line = m_lines.front();
    m_lines.pop_front();
    try {
        RunScriptLine(line);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "cordon: script line '%s': %s\n", line.c_str(), e.what());
        m_exit_code = 1;
        m_lines.clear();
        m_frame->Close(true);
        return;
    }
}

/// The test script: one command a line. Commands that start work off the UI thread
/// (open, plan, save) continue with the next line when that work is done.
void App::RunScriptLine(const std::string& line) {
    const auto w = Words(line);
    if (w.empty()) {
        CallAfter([this] { NextScriptLine(); });
        return;
    }
    std::printf("script: %s\n", line.c_str());
    std::fflush(stdout);
    auto next = [this] { CallAfter([this] { NextScriptLine(); }); };
    auto need = [&](std::size_t n) {
        if (w.size() < n) throw InputError("script: '" + line + "' needs more words");
    };
    MainFrame& f = *m_frame;
    Document& doc = *m_doc;
    const std::string& cmd = w[0];
    if (cmd == "open") {
        need(2);
        f.OpenProject(w[1], true, [this](bool ok) {
            if (!ok) m_exit_code = 1;
            CallAfter([this] { NextScriptLine(); });
        });
        return;
    }
    if (cmd == "plan") {
        need(2);
        // plan STEP [zones=K] [unknown=closed] [walk=M]
        for (std::size_t i = 2; i < w.size(); ++i) {
            const auto eq = w[i].find('=');
            const std::string key = w[i].substr(0, eq),
                              value = eq == std::string::npos ? "" : w[i].substr(eq + 1);
            if (key == "zones") doc.params.zoning.zones = static_cast<int>(Number(value));
            if (key == "walk") doc.params.gates.max_walk = Number(value);
            if (key == "unknown") {
                doc.params.classify.unknown_compounds_as =
                    geo::compound_mode_from(value, "plan unknown=");
                doc.params.reclassify = true;
            }
            if (key == "area") doc.checkpoint_area = value;
        }
        f.RunPlan(w[1], [this](bool ok) {
            if (!ok) m_exit_code = 1;
            CallAfter([this] { NextScriptLine(); });
        });
        return;
    }
    if (cmd == "new-project") {
        // new-project SOURCE... [--role LAYER=ROLE]... [--field ROLE.ATTRIBUTE=FIELD]...
        //   [--encoding detect|utf8|gbk] [--crs data|CRS] [--preview LAYER] [--shot PNG]
        //   [--page files|layers|preview|target] [--state JSON] [-o TARGET]: the New Project
        //   wizard, page by page; without -o it is cancelled after the screenshot.
        std::vector<std::string> sources, roles, fields;
        std::map<std::string, std::string> opt;
        for (std::size_t i = 1; i < w.size(); ++i) {
            if (w[i].rfind("-", 0) != 0) {
                sources.push_back(w[i]);
                continue;
            }
            if (i + 1 >= w.size()) throw InputError("script: " + w[i] + " needs a value");
            const std::string& value = w[++i];
            if (w[i - 1] == "--role")
                roles.push_back(value);
            else if (w[i - 1] == "--field")
                fields.push_back(value);
            else
                opt[w[i - 1]] = value;
        }
        ImportWizard* wizard = f.OpenImportWizard();
        try {
            wizard->SetFiles(sources);
            wizard->ShowPage(ImportWizard::layers_page);
            for (const std::string& r : roles) {
                const auto eq = r.rfind('=');
                if (eq == std::string::npos) throw InputError("script: --role LAYER=ROLE");
                wizard->SetRole(r.substr(0, eq), r.substr(eq + 1));
            }
            for (const std::string& field : fields)
                wizard->SetField(field);
            wizard->ShowPage(ImportWizard::preview_page);
            if (opt.count("--encoding"))
                wizard->SetEncoding(opt["--encoding"] == "detect" ? "" : opt["--encoding"]);
            if (opt.count("--crs"))
                wizard->SetSourceCrs(opt["--crs"] == "data" ? "" : opt["--crs"]);
            if (opt.count("--preview")) wizard->SetPreviewLayer(opt["--preview"]);
            if (opt.count("--page")) // the page for the screenshot: files, layers, preview, target
                wizard->ShowPage(opt["--page"] == "files"    ? ImportWizard::files_page
                                 : opt["--page"] == "layers" ? ImportWizard::layers_page
                                 : opt["--page"] == "target" ? ImportWizard::target_page
                                                             : ImportWizard::preview_page);
        } catch (...) {
            wizard->Destroy();
            throw;
        }
        // Let the preview paint, then the screenshot and the state, then finish or cancel.
        auto* timer = new wxTimer;
        timer->Bind(wxEVT_TIMER, [this, timer, wizard, opt](wxTimerEvent&) {
            CallAfter([timer] { delete timer; });
            try {
                if (opt.count("--shot")) WindowShot(*wizard, opt.at("--shot"));
                std::printf("wizard: %s\n", wizard->State().dump().c_str());
                if (opt.count("--state"))
                    std::ofstream(opt.at("--state")) << wizard->State().dump(1);
                if (!opt.count("-o")) {
                    wizard->Destroy();
                    return NextScriptLine();
                }
                wizard->SetTarget(opt.at("-o"));
                wizard->ShowPage(ImportWizard::target_page);
                const geo::ImportOptions options = wizard->Options();
                wizard->Destroy();
                m_frame->ImportProject(options, opt.at("-o"), [this](bool ok) {
                    if (!ok) m_exit_code = 1;
                    std::printf("import: %s\n", m_frame->State()["import"].dump().c_str());
                    CallAfter([this] { NextScriptLine(); });
                });
            } catch (const std::exception& e) {
                std::fprintf(stderr, "cordon: script new-project: %s\n", e.what());
                wizard->Destroy();
                m_exit_code = 1;
                m_lines.clear();
                m_frame->Close(true);
            }
        });
        timer->StartOnce(800);
        return;
    }
    if (cmd == "refresh") { // redraw the outlines and routes of zones edits left stale
        f.RefreshZones([this](bool ok) {
            if (!ok) m_exit_code = 1;
            CallAfter([this] { NextScriptLine(); });
        });
        return;
    }
    if (cmd == "save") {
        f.SaveProject(w.size() > 1 ? w[1] : std::string(), [this](bool ok) {
            if (!ok) m_exit_code = 1;
            CallAfter([this] { NextScriptLine(); });
        });
        return;
    }
    if (cmd == "gate") { // gate ID open|closed|toggle
        need(3);
        geo::Id id = 0;
        if (w[1] == "auto") { // the first gate of a compound
            for (const auto& g : doc.district->gates)
                if (g.compound_id && id == 0) id = g.id;
            std::printf("gate: %lld\n", static_cast<long long>(id));
        } else {
            id = static_cast<geo::Id>(Number(w[1]));
        }
        geo::GateState state = w[2] == "open" ? geo::GateState::open : geo::GateState::closed;
        if (w[2] == "toggle")
            for (const auto& g : doc.district->gates)
                if (g.id == id)
                    state = g.state == geo::GateState::open ? geo::GateState::closed
                                                            : geo::GateState::open;
        if (!f.Edit(session::SetGateState{id, state, std::nullopt})) m_exit_code = 1;
    } else if (cmd == "mode") { // mode COMPOUND MODE
        need(3);
        if (!f.Edit(session::SetCompoundMode{static_cast<geo::Id>(Number(w[1])),
                                             geo::compound_mode_from(w[2], "script mode"),
                                             {}}))
            m_exit_code = 1;
    } else if (cmd == "move-buildings" && w.size() == 2 && w[1] == "auto") {
        // The first zoned patrol building moves to the next zone.
        const auto& d = *doc.district;
        for (const auto& b : d.buildings) {
            if (!b.zone_id || b.control != "patrol" || d.zones.size() < 2) continue;
            std::size_t i = 0;
            while (i < d.zones.size() && d.zones[i].id != *b.zone_id)
                ++i;
            const geo::Id to = d.zones[(i + 1) % d.zones.size()].id;
            std::printf("move: building %lld from zone %lld to zone %lld\n",
                        static_cast<long long>(b.id), static_cast<long long>(*b.zone_id),
                        static_cast<long long>(to));
            if (!f.Edit(session::MoveBuildings::to({b.id}, to))) m_exit_code = 1;
            break;
        }
    } else if (cmd == "move-buildings") { // move-buildings ZONE ID...
        need(3);
        std::vector<geo::Id> ids;
        for (std::size_t i = 2; i < w.size(); ++i)
            ids.push_back(static_cast<geo::Id>(Number(w[i])));
        if (!f.Edit(session::MoveBuildings::to(ids, static_cast<geo::Id>(Number(w[1])))))
            m_exit_code = 1;
    } else if (cmd == "add-checkpoint") { // add-checkpoint X Y
        need(3);
        geo::Checkpoint c;
        c.pos = {Number(w[1]), Number(w[2])};
        c.hours = "24 h";
        if (!f.Edit(session::AddCheckpoint{c})) m_exit_code = 1;
    } else if (cmd == "delete-checkpoint") {
        need(2);
        if (!f.Edit(session::DeleteCheckpoint{static_cast<geo::Id>(Number(w[1]))})) m_exit_code = 1;
    } else if (cmd == "close-road" || cmd == "reopen-road") {
        need(2);
        if (!f.Edit(
                session::SetRoadClosed{static_cast<geo::Id>(Number(w[1])), cmd == "close-road"}))
            m_exit_code = 1;
    } else if (cmd == "recover") { // recover yes|no: the answer when an open finds an autosave
        need(2);
        f.SetRecoverAnswer(w[1] == "yes");
    } else if (cmd == "undo") {
        doc.Undo();
    } else if (cmd == "redo") {
        doc.Redo();
    } else if (cmd == "select") { // select LAYER ID...
        need(2);
        FeatureLayer layer;
        if (!layer_from_key(w[1], layer)) throw InputError("script: no layer " + w[1]);
        std::set<geo::Id> ids;
        for (std::size_t i = 2; i < w.size(); ++i)
            ids.insert(static_cast<geo::Id>(Number(w[i])));
        f.Select(layer, ids);
    } else if (cmd == "click") { // click X Y (world metres): what a click there does
        need(3);
        f.GetCanvas()->on_click({Number(w[1]), Number(w[2])}, false);
    } else if (cmd == "table") { // table LAYER [FILTER]
        need(2);
        FeatureLayer layer;
        if (!layer_from_key(w[1], layer)) throw InputError("script: no layer " + w[1]);
        f.GetTable()->ShowLayer(layer);
        f.GetTable()->SetFilter(w.size() > 2 ? wxString::FromUTF8(w[2]) : wxString());
    } else if (cmd == "sort") { // sort COLUMN asc|desc
        need(2);
        f.GetTable()->GetList()->SortBy(static_cast<int>(Number(w[1])),
                                        w.size() < 3 || w[2] != "desc");
    } else if (cmd == "layer") { // layer NAME on|off
        need(3);
        if (!f.GetLayers()->SetVisible(w[1], w[2] == "on"))
            throw InputError("script: no layer " + w[1]);
    } else if (cmd == "zoom") { // zoom full | zoom selection | zoom FACTOR
        need(2);
        if (w[1] == "full")
            f.GetCanvas()->ZoomToFull();
        else if (w[1] == "selection")
            f.GetCanvas()->ZoomToBox(
                FeaturesBox(*doc.district, f.SelectionLayer(), f.SelectionIds()));
        else
            f.GetCanvas()->ZoomBy(Number(w[1]));
    } else if (cmd == "scenario") { // scenario save NAME | scenario compare A B
        need(3);
        if (w[1] == "save")
            f.SaveScenario(w[2]);
        else if (w[1] == "compare") {
            need(4);
            const auto cmp = f.CompareScenarios(w[2], w[3], true);
            std::printf("compare: %s\n", cmp.dump().c_str());
        }
    } else if (cmd == "lang") {
        need(2);
        SwitchLanguage(w[1].rfind("zh", 0) == 0 ? UiLanguage::zh : UiLanguage::en);
    } else if (cmd == "screenshot") { // the map only
        need(2);
        f.GetCanvas()->SaveSnapshot(w[1]);
    } else if (cmd == "window-shot") { // the whole window, as drawn on screen
        need(2);
        WindowShot(f, w[1]);
    } else if (cmd == "atlas") { // atlas PDF [A3] [landscape] [en|zh] [zones=ID,...]
        need(2);
        const std::string path = w[1];
        f.ExportAtlas(path, AtlasWords(f.GetAtlasSettings(), w, 2), [this, path](bool ok) {
            if (!ok) m_exit_code = 1;
            std::printf("atlas: %s\n", m_frame->State()["atlas"].dump().c_str());
            CallAfter([this] { NextScriptLine(); });
        });
        return;
    } else if (cmd == "preview") { // preview open [settings] | page N | save PNG | shot PNG | close
        need(2);
        PrintPreviewDialog* p = f.GetPrintPreview();
        if (w[1] == "open") {
            f.GetAtlasSettings() = AtlasWords(f.GetAtlasSettings(), w, 2);
            if (f.OpenPrintPreview() == nullptr) throw InputError("script: no print preview");
            return next(); // after the pages are drawn (the script waits for the task)
        }
        if (p == nullptr) throw InputError("script: the print preview is not open");
        if (w[1] == "set") {
            p->SetSettings(AtlasWords(p->Settings(), w, 2));
            p->Render();
        } else if (w[1] == "page") {
            need(3);
            p->ShowPage(static_cast<int>(Number(w[2])) - 1);
        } else if (w[1] == "save") {
            need(3);
            p->SavePage(w[2]);
        } else if (w[1] == "shot") {
            need(3);
            WindowShot(*p, w[2]);
        } else if (w[1] == "close") {
            p->Close();
        }
    } else if (cmd == "time-draw") { // time-draw W H N: full-extent draws off screen
        need(4);
        double best = 1e9, total = 0;
        const int n = static_cast<int>(Number(w[3]));
        const bool labels = f.GetCanvas()->Options().labels;
        if (w.size() > 4 && w[4] == "nolabels") f.GetCanvas()->Options().labels = false;
        for (int i = 0; i < n; ++i) {
            const double ms = f.GetCanvas()->TimeDraw(static_cast<int>(Number(w[1])),
                                                      static_cast<int>(Number(w[2])));
            best = std::min(best, ms);
            total += ms;
        }
        f.GetCanvas()->Options().labels = labels;
        std::printf("draw: best %.1f ms, mean %.1f ms over %d\n", best, total / n, n);
    } else if (cmd == "state") { // state FILE: what the app shows, as JSON
        need(2);
        std::ofstream(w[1]) << f.State().dump(1) << "\n";
    } else if (cmd == "wait-file") { // wait-file PATH SECONDS: until another process writes it
        need(3);
        const std::string path = w[1];
        const auto until = std::chrono::steady_clock::now() +
                           std::chrono::milliseconds(static_cast<long>(Number(w[2]) * 1000));
        auto* timer = new wxTimer;
        timer->Bind(wxEVT_TIMER, [this, timer, path, until](wxTimerEvent&) {
            const bool there = wxFileName::Exists(wxString::FromUTF8(path));
            if (!there && std::chrono::steady_clock::now() < until) return;
            timer->Stop();
            CallAfter([timer] { delete timer; });
            if (!there) {
                std::fprintf(stderr, "cordon: script: %s did not appear\n", path.c_str());
                m_exit_code = 1;
            }
            NextScriptLine();
        });
        timer->Start(100);
        return;
    } else if (cmd == "wait") { // wait MS: let the window paint
        need(2);
        auto* timer = new wxTimer;
        timer->Bind(wxEVT_TIMER, [this, timer](wxTimerEvent&) {
            CallAfter([timer] { delete timer; });
            NextScriptLine();
        });
        timer->StartOnce(static_cast<int>(Number(w[1])));
        return;
    } else if (cmd == "quit") {
        m_lines.clear();
        m_frame->Close(true);
        return;
    } else {
        throw InputError("script: unknown command '" + cmd + "'");
    }
    next();
}

int App::OnRun() {
    const int code = wxApp::OnRun();
    return code != 0 ? code : m_exit_code;
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
