// The test script's commands (`cordon --script FILE`), one function each, in one table. The
// runner (cordon/gui/script.hpp) reads the lines, checks the number of words and waits for
// the work a command starts.

#include "app.hpp"
#include "atlas_controller.hpp"
#include "attribute_table.hpp"
#include "basemap_panel.hpp"
#include "features.hpp"
#include "file_controller.hpp"
#include "import_wizard.hpp"
#include "ledger_controller.hpp"
#include "ledger_dialogs.hpp"
#include "main_frame.hpp"
#include "menus.hpp"
#include "panels.hpp"
#include "plan_controller.hpp"
#include "print.hpp"
#include "report_dialogs.hpp"
#include "scenario_controller.hpp"
#include "screening_panel.hpp"
#include "visible_texts.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/polygon_ops.hpp>
#include <cordon/gui/script.hpp>

#include <wx/dcclient.h>
#include <wx/dcmemory.h>
#include <wx/filename.h>
#include <wx/notebook.h>
#include <wx/uiaction.h>
#include <wx/utils.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>

namespace cordon::gui {

namespace {

using Words = ScriptWords;
using Next = ScriptRunner::Continue;

MainFrame& Frame(App& app) {
    return *app.Frame();
}

Document& Doc(App& app) {
    return app.Frame()->GetDocument();
}

geo::Id Id(const std::string& text) {
    return static_cast<geo::Id>(ScriptNumber(text));
}

std::string Line(const Words& w) {
    std::string line;
    for (const auto& word : w)
        line += (line.empty() ? "" : " ") + word;
    return line;
}

void Need(const Words& w, std::size_t n) {
    if (w.size() < n) throw InputError("script: '" + Line(w) + "' needs more words");
}

FeatureLayer Layer(const std::string& key) {
    FeatureLayer layer;
    if (!layer_from_key(key, layer)) throw InputError("script: no layer " + key);
    return layer;
}

/// Atlas settings from script words: A3, landscape, en / zh, zones=ID,ID.
AtlasSettings AtlasWords(AtlasSettings s, const Words& w, std::size_t from) {
    for (std::size_t i = from; i < w.size(); ++i) {
        if (w[i] == "A3" || w[i] == "a3") s.paper = render::Paper::a3;
        if (w[i] == "A4" || w[i] == "a4") s.paper = render::Paper::a4;
        if (w[i] == "landscape") s.landscape = true;
        if (w[i] == "portrait") s.landscape = false;
        if (w[i] == "en") s.language = render::Language::en;
        if (w[i] == "zh") s.language = render::Language::zh;
        if (w[i].rfind("title=", 0) == 0) s.title = w[i].substr(6);
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

// --- Files ---------------------------------------------------------------------------------

void Open(App& app, const Words& w, Next next) { // open PROJECT
    Frame(app).Files().Open(w[1], true, next);
}

void Save(App& app, const Words& w, Next next) { // save [PATH]
    Frame(app).Files().Save(w.size() > 1 ? w[1] : std::string(), next);
}

bool Recover(App& app,
             const Words& w) { // recover yes|no: the answer when an open finds an autosave
    Frame(app).Files().SetRecoverAnswer(w[1] == "yes");
    return true;
}

/// The options of `new-project`: sources, --role and --field (repeated), the others by name.
struct NewProjectWords {
    std::vector<std::string> sources, roles, fields;
    std::map<std::string, std::string> opt;
};

NewProjectWords ParseNewProject(const Words& w) {
    NewProjectWords p;
    for (std::size_t i = 1; i < w.size(); ++i) {
        if (w[i].rfind("-", 0) != 0) {
            p.sources.push_back(w[i]);
            continue;
        }
        if (i + 1 >= w.size()) throw InputError("script: " + w[i] + " needs a value");
        const std::string& value = w[++i];
        if (w[i - 1] == "--role")
            p.roles.push_back(value);
        else if (w[i - 1] == "--field")
            p.fields.push_back(value);
        else
            p.opt[w[i - 1]] = value;
    }
    return p;
}

/// The wizard's pages filled in as the words say.
void FillWizard(ImportWizard& wizard, const NewProjectWords& p) {
    const auto& opt = p.opt;
    wizard.SetFiles(p.sources);
    wizard.ShowPage(ImportWizard::layers_page);
    for (const std::string& r : p.roles) {
        const auto eq = r.rfind('=');
        if (eq == std::string::npos) throw InputError("script: --role LAYER=ROLE");
        wizard.SetRole(r.substr(0, eq), r.substr(eq + 1));
    }
    for (const std::string& field : p.fields)
        wizard.SetField(field);
    wizard.ShowPage(ImportWizard::preview_page);
    if (opt.count("--encoding"))
        wizard.SetEncoding(opt.at("--encoding") == "detect" ? "" : opt.at("--encoding"));
    if (opt.count("--crs")) wizard.SetSourceCrs(opt.at("--crs") == "data" ? "" : opt.at("--crs"));
    if (opt.count("--preview")) wizard.SetPreviewLayer(opt.at("--preview"));
    if (opt.count("--page")) { // the page for the screenshot: files, layers, preview, target
        const std::string& page = opt.at("--page");
        wizard.ShowPage(page == "files"    ? ImportWizard::files_page
                        : page == "layers" ? ImportWizard::layers_page
                        : page == "target" ? ImportWizard::target_page
                                           : ImportWizard::preview_page);
    }
}

// new-project SOURCE... [--role LAYER=ROLE]... [--field ROLE.ATTRIBUTE=FIELD]...
//   [--encoding detect|utf8|gbk] [--crs data|CRS] [--preview LAYER] [--shot PNG]
//   [--page files|layers|preview|target] [--state JSON] [-o TARGET]: the New Project
//   wizard, page by page; without -o it is cancelled after the screenshot.
void NewProject(App& app, const Words& w, Next next) {
    const NewProjectWords p = ParseNewProject(w);
    ImportWizard* wizard = Frame(app).Files().OpenImportWizard();
    try {
        FillWizard(*wizard, p);
    } catch (...) {
        wizard->Destroy();
        throw;
    }
    // Let the preview paint, then the screenshot and the state, then finish or cancel.
    app.Script().RunLater(
        [&app, wizard, opt = p.opt, next] {
            try {
                if (opt.count("--shot")) WindowShot(*wizard, opt.at("--shot"));
                std::printf("wizard: %s\n", wizard->State().dump().c_str());
                if (opt.count("--state"))
                    std::ofstream(opt.at("--state")) << wizard->State().dump(1);
                if (!opt.count("-o")) {
                    wizard->Destroy();
                    return next(true);
                }
                wizard->SetTarget(opt.at("-o"));
                wizard->ShowPage(ImportWizard::target_page);
                const geo::ImportOptions options = wizard->Options();
                wizard->Destroy();
                Frame(app).Files().Import(options, opt.at("-o"), [&app, next](bool ok) {
                    std::printf("import: %s\n", Frame(app).State()["import"].dump().c_str());
                    next(ok);
                });
            } catch (const std::exception& e) {
                wizard->Destroy();
                app.Script().Fail("script new-project", e.what());
            }
        },
        800);
}

// --- Household ledger ----------------------------------------------------------------------

/// Lets the window paint what just changed.
void LetPaint() {
    for (int i = 0; i < 20; ++i) {
        wxYield();
        wxMilliSleep(10);
    }
}

// register-import FILE [--sheet S] [--encoding utf8|gbk] [--column ROLE=COLUMN]...
//   [--keep-personal] [--page file|columns|personal] [--shot PNG] [--texts TXT] [--state JSON]
//   [--cancel]: Households › Import Household Register, the wizard filled in page by page, its
//   screenshot on the page asked (default columns), then the import it makes (unless --cancel)
void RegisterImport(App& app, const Words& w, Next next) {
    NewProjectWords p; // --column in roles, the flags by themselves
    bool cancel = false, keep = false;
    for (std::size_t i = 1; i < w.size(); ++i) {
        if (w[i] == "--cancel" || w[i] == "--keep-personal") {
            (w[i] == "--cancel" ? cancel : keep) = true;
        } else if (w[i].rfind("--", 0) != 0) {
            p.sources.push_back(w[i]);
        } else if (i + 1 < w.size()) {
            const std::string& value = w[++i];
            if (w[i - 1] == "--column")
                p.roles.push_back(value);
            else
                p.opt[w[i - 1]] = value;
        } else {
            throw InputError("script: " + w[i] + " needs a value");
        }
    }
    if (p.sources.size() != 1) throw InputError("script: register-import FILE [options]");
    RegisterWizard* wizard = Frame(app).OpenRegisterWizard();
    try {
        wizard->SetFile(p.sources[0]);
        if (p.opt.count("--sheet")) wizard->SetSheet(p.opt.at("--sheet"));
        if (p.opt.count("--encoding")) wizard->SetEncoding(p.opt.at("--encoding"));
        wizard->ShowPage(RegisterWizard::columns_page);
        for (const std::string& c : p.roles)
            wizard->SetColumn(c.substr(0, c.find('=')), c.substr(c.find('=') + 1));
        if (keep) wizard->SetKeepPersonal(true);
        const std::string page = p.opt.count("--page") ? p.opt.at("--page") : "columns";
        wizard->ShowPage(page == "file"       ? RegisterWizard::file_page
                         : page == "personal" ? RegisterWizard::personal_page
                                              : RegisterWizard::columns_page);
    } catch (...) {
        wizard->Destroy();
        throw;
    }
    app.Script().RunLater(
        [&app, wizard, opt = p.opt, cancel, next] {
            try {
                if (opt.count("--shot")) WindowShot(*wizard, opt.at("--shot"));
                if (opt.count("--texts")) WriteVisibleTexts(*wizard, opt.at("--texts"));
                std::printf("register wizard: %s\n", wizard->State().dump().c_str());
                if (opt.count("--state"))
                    std::ofstream(opt.at("--state")) << wizard->State().dump(1);
                const std::string file = wizard->File();
                const ledger::ImportRegisterOptions options = wizard->Options();
                const bool ready = wizard->State()["error"].get<std::string>().empty();
                wizard->Destroy();
                if (cancel) return next(true);
                if (!ready)
                    return app.Script().Fail("script register-import", "the wizard shows an error");
                Frame(app).Ledger().ImportRegister(file, options, next);
            } catch (const std::exception& e) {
                wizard->Destroy();
                app.Script().Fail("script register-import", e.what());
            }
        },
        600);
}

// households-match KEY pick|BUILDING: in the dialog of households on no building, the row of
// KEY selected, the building picked on the map (the selection, `select buildings ID`) or typed,
// and Match pressed
bool HouseholdsMatch(App& app, const Words& w) {
    HouseholdsDialog* dialog = Frame(app).ShowHouseholds();
    if (!dialog->SelectKey(w[1])) throw InputError("script: no household " + w[1] + " is listed");
    if (w[2] != "pick") dialog->SetBuildingText(w[2]);
    return dialog->MatchSelected();
}

void VisitsImport(App& app, const Words& w, Next next) { // visits-import FILE
    Frame(app).Ledger().ImportVisits(w[1], {}, next);
}

// screening colour on|off | screening select | screening show: the Screening panel's colouring of
// the map, its Select Not Yet Met button, the panel brought to the front
bool Screening(App& app, const Words& w) {
    MainFrame& f = Frame(app);
    if (w[1] == "show") {
        f.ShowScreening();
    } else if (w[1] == "colour") {
        Need(w, 3);
        f.GetScreening()->SetColourMap(w[2] == "on");
    } else if (w[1] == "select") {
        f.SelectNotYetMet();
    } else {
        throw InputError("script: screening colour on|off | screening select | screening show");
    }
    return true;
}

/// export LAYER,LAYER... FORMAT FOLDER [crs=CRS] [gbk]: File › Export Layers as chosen
void Export(App& app, const Words& w, Next next) {
    Need(w, 4);
    ExportChoice choice;
    std::stringstream list(w[1]);
    for (std::string layer; std::getline(list, layer, ',');)
        if (!layer.empty()) choice.layers.push_back(layer);
    choice.format = w[2];
    choice.folder = w[3];
    for (std::size_t i = 4; i < w.size(); ++i) {
        if (w[i].rfind("crs=", 0) == 0) choice.crs = w[i].substr(4);
        if (w[i] == "gbk") choice.encoding = geo::TextEncoding::gbk;
    }
    Frame(app).Files().Export(choice, [&app, next](bool ok) {
        std::printf("export: %s\n", Frame(app).Files().ExportReport().dump().c_str());
        next(ok);
    });
}

/// handover OUTPUT [crs=CRS] [utf8]: File › Hand-over Package as chosen
void Handover(App& app, const Words& w, Next next) {
    HandoverChoice choice;
    choice.output = w[1];
    for (std::size_t i = 2; i < w.size(); ++i) {
        if (w[i].rfind("crs=", 0) == 0) choice.crs = w[i].substr(4);
        if (w[i] == "utf8") choice.encoding = geo::TextEncoding::utf8;
    }
    MainFrame& f = Frame(app);
    f.Files().Handover(
        choice, AtlasOptionsFor(Doc(app), f.Atlas().Settings()), [&app, next](bool ok) {
            std::printf("handover: %s\n", Frame(app).Files().ExportReport().dump().c_str());
            next(ok);
        });
}

// --- Plan ----------------------------------------------------------------------------------

void Plan(App& app, const Words& w,
          Next next) { // plan STEP [zones=K] [unknown=M] [walk=M] [area=A]
    Document& doc = Doc(app);
    for (std::size_t i = 2; i < w.size(); ++i) {
        const auto eq = w[i].find('=');
        const std::string key = w[i].substr(0, eq),
                          value = eq == std::string::npos ? "" : w[i].substr(eq + 1);
        if (key == "zones") doc.params.zoning.zones = static_cast<int>(ScriptNumber(value));
        if (key == "walk") doc.params.gates.max_walk = ScriptNumber(value);
        if (key == "unknown") {
            doc.params.classify.unknown_compounds_as =
                geo::compound_mode_from(value, "plan unknown=");
            doc.params.reclassify = true;
        }
        if (key == "area") doc.params.checkpoints.area = {value};
        if (key == "margin") doc.params.checkpoints.plan.margin = ScriptNumber(value);
    }
    Frame(app).Plan().Run(w[1], next);
}

/// plan-form STEP POOL=N...: people available typed into the Plan panel, read as its Run
/// button reads it, then the step run
void PlanForm(App& app, const Words& w, Next next) {
    MainFrame& f = Frame(app);
    for (std::size_t i = 2; i < w.size(); ++i) {
        const auto eq = w[i].find('=');
        if (eq == std::string::npos ||
            !f.GetPlanPanel()->SetAvailable(w[i].substr(0, eq), U(w[i].substr(eq + 1))))
            throw InputError("script: plan-form STEP POOL=N: no pool " + w[i]);
    }
    f.GetPlanPanel()->ReadParams();
    f.Plan().Run(w[1], next);
}

void Refresh(App& app, const Words&, Next next) { // redraw the zones edits left stale
    Frame(app).Plan().RefreshZones(next);
}

bool Scenario(App& app,
              const Words& w) { // scenario save NAME [anyway] | scenario compare A B
    if (w[1] == "save") {
        // The warning while outlines are out of date, answered "save anyway" or "cancel".
        wxString warning;
        const bool saved = Frame(app).Scenarios().Save(w[2], [&](const wxString& text) {
            warning = text;
            return w.size() > 3 && w[3] == "anyway";
        });
        std::printf(
            "scenario-save: %s\n",
            nlohmann::json{{"name", w[2]}, {"saved", saved}, {"warning", warning.utf8_string()}}
                .dump()
                .c_str());
    } else if (w[1] == "compare") {
        Need(w, 4);
        const auto cmp = Frame(app).Scenarios().Compare(w[2], w[3], true);
        std::printf("compare: %s\n", cmp.dump().c_str());
    }
    return true;
}

// --- Edits ---------------------------------------------------------------------------------

bool Gate(App& app, const Words& w) { // gate ID|auto open|closed|toggle
    const auto& gates = Doc(app).district->gates;
    geo::Id id = 0;
    if (w[1] == "auto") { // the first gate of a compound
        for (const auto& g : gates)
            if (g.compound_id && id == 0) id = g.id;
        std::printf("gate: %lld\n", static_cast<long long>(id));
    } else {
        id = Id(w[1]);
    }
    geo::GateState state = w[2] == "open" ? geo::GateState::open : geo::GateState::closed;
    if (w[2] == "toggle")
        for (const auto& g : gates)
            if (g.id == id)
                state =
                    g.state == geo::GateState::open ? geo::GateState::closed : geo::GateState::open;
    return Frame(app).Edit(session::SetGateState{id, state, std::nullopt});
}

bool Mode(App& app, const Words& w) { // mode COMPOUND MODE
    return Frame(app).Edit(
        session::SetCompoundMode{Id(w[1]), geo::compound_mode_from(w[2], "script mode"), {}});
}

/// The first zoned patrol building moves to the next zone.
bool MoveFirstBuilding(App& app) {
    const auto& d = *Doc(app).district;
    for (const auto& b : d.buildings) {
        if (!b.zone_id || b.control != "patrol" || d.zones.size() < 2) continue;
        std::size_t i = 0;
        while (i < d.zones.size() && d.zones[i].id != *b.zone_id)
            ++i;
        const geo::Id to = d.zones[(i + 1) % d.zones.size()].id;
        std::printf("move: building %lld from zone %lld to zone %lld\n",
                    static_cast<long long>(b.id), static_cast<long long>(*b.zone_id),
                    static_cast<long long>(to));
        return Frame(app).Edit(session::MoveBuildings::to({b.id}, to));
    }
    return true;
}

bool MoveBuildings(App& app,
                   const Words& w) { // move-buildings ZONE ID... | move-buildings auto
    if (w.size() == 2 && w[1] == "auto") return MoveFirstBuilding(app);
    Need(w, 3);
    std::vector<geo::Id> ids;
    for (std::size_t i = 2; i < w.size(); ++i)
        ids.push_back(Id(w[i]));
    return Frame(app).Edit(session::MoveBuildings::to(ids, Id(w[1])));
}

bool AddCheckpoint(App& app, const Words& w) { // add-checkpoint X Y
    geo::Checkpoint c;
    c.pos = {ScriptNumber(w[1]), ScriptNumber(w[2])};
    c.hours = "24 h";
    return Frame(app).Edit(session::AddCheckpoint{c});
}

bool DeleteCheckpoint(App& app, const Words& w) { // delete-checkpoint ID
    return Frame(app).Edit(session::DeleteCheckpoint{Id(w[1])});
}

bool CloseRoad(App& app, const Words& w) { // close-road ID | reopen-road ID
    return Frame(app).Edit(session::SetRoadClosed{Id(w[1]), w[0] == "close-road"});
}

// menu toggle-gate|mode-closed|mode-guarded|mode-patrol|mode-unknown|delete-checkpoint|
//   toggle-road|undo|redo: the Edit menu's command, as chosen from the menu bar
bool Menu(App& app, const Words& w) {
    static const std::map<std::string, int> ids = {{"toggle-gate", id_toggle_gate},
                                                   {"mode-closed", id_mode_closed},
                                                   {"mode-guarded", id_mode_guarded},
                                                   {"mode-patrol", id_mode_patrol},
                                                   {"mode-unknown", id_mode_unknown},
                                                   {"delete-checkpoint", id_delete_checkpoint},
                                                   {"toggle-road", id_toggle_road},
                                                   {"undo", wxID_UNDO},
                                                   {"redo", wxID_REDO}};
    const auto it = ids.find(w[1]);
    if (it == ids.end()) throw InputError("script: no menu command " + w[1]);
    wxCommandEvent event(wxEVT_MENU, it->second);
    Frame(app).ProcessWindowEvent(event);
    return true;
}

/// A point on a feature: a gate's or checkpoint's position, the middle of a road, the
/// centroid of an area.
geo::Point PointOn(const geo::District& d, FeatureLayer layer, geo::Id id) {
    auto area = [&](const auto& features) -> geo::Point {
        for (const auto& f : features)
            if (f.id == id) return geo::footprint_centroid(f.geom);
        throw InputError("script: no feature " + std::to_string(id));
    };
    switch (layer) {
    case FeatureLayer::gates:
        for (const auto& g : d.gates)
            if (g.id == id) return g.pos;
        break;
    case FeatureLayer::checkpoints:
        for (const auto& c : d.checkpoints)
            if (c.id == id) return c.pos;
        break;
    case FeatureLayer::roads:
        for (const auto& r : d.roads)
            if (r.id == id) return geo::point_along(r.geom, geo::length(r.geom) / 2);
        break;
    case FeatureLayer::buildings:
        return area(d.buildings);
    case FeatureLayer::compounds:
        return area(d.compounds);
    case FeatureLayer::zones:
        return area(d.zones);
    case FeatureLayer::communities:
        return area(d.communities);
    }
    throw InputError("script: no feature " + std::to_string(id));
}

// context LAYER ID TEXT...: the right-click menu on a feature; runs the first command whose
// label (submenu > item) holds TEXT, and prints the labels
bool Context(App& app, const Words& w) {
    Need(w, 4);
    std::string text;
    for (std::size_t i = 3; i < w.size(); ++i)
        text += (i > 3 ? " " : "") + w[i];
    const auto actions =
        Frame(app).ContextActions(PointOn(*Doc(app).district, Layer(w[1]), Id(w[2])));
    for (const auto& [label, action] : actions) {
        std::printf("context: %s\n", label.utf8_str().data());
        if (label.utf8_string().find(text) != std::string::npos) {
            action();
            return true;
        }
    }
    throw InputError("script: no command '" + text + "' in the right-click menu");
}

bool Undo(App& app, const Words&) {
    Doc(app).Undo();
    return true;
}

bool Redo(App& app, const Words&) {
    Doc(app).Redo();
    return true;
}

// --- Map, table, language ------------------------------------------------------------------

// select LAYER ID... | select where LAYER EXPRESSION... | select inside LAYER drawn |
//   select inside LAYER zone|community ID: the selection, by ids, Select by Expression or
//   Select by Location
bool Select(App& app, const Words& w) {
    MainFrame& f = Frame(app);
    if (w[1] == "where") {
        Need(w, 4);
        std::string expression;
        for (std::size_t i = 3; i < w.size(); ++i)
            expression += (i > 3 ? " " : "") + w[i];
        f.SelectWhere(Layer(w[2]), expression); // a refused one: the state's last_error
        return true;
    }
    if (w[1] == "inside") {
        Need(w, 4);
        LocationArea area;
        if (w[3] == "zone" || w[3] == "community") {
            Need(w, 5);
            area.kind = w[3] == "zone" ? LocationArea::Kind::zone : LocationArea::Kind::community;
            area.id = Id(w[4]);
        } else if (w[3] != "drawn") {
            throw InputError("script: select inside LAYER drawn|zone ID|community ID");
        }
        return f.SelectInside(Layer(w[2]), area);
    }
    std::set<geo::Id> ids;
    for (std::size_t i = 2; i < w.size(); ++i)
        ids.insert(Id(w[i]));
    Frame(app).Select(Layer(w[1]), ids);
    return true;
}

bool Draw(App& app, const Words& w) { // draw X Y X Y X Y...: a lasso drawn with Select
    if (w.size() < 7 || w.size() % 2 == 0)
        throw InputError("script: draw needs three or more points X Y (world metres)");
    std::vector<geo::Point> ring;
    for (std::size_t i = 1; i + 1 < w.size(); i += 2)
        ring.push_back({ScriptNumber(w[i]), ScriptNumber(w[i + 1])});
    Frame(app).GetCanvas()->on_lasso(ring);
    return true;
}

// attributes FIELD=VALUE...: the attribute form's change on the selection (one step)
bool Attributes(App& app, const Words& w) {
    std::vector<std::pair<std::string, std::string>> fields;
    for (std::size_t i = 1; i < w.size(); ++i) {
        const auto eq = w[i].find('=');
        if (eq == std::string::npos) throw InputError("script: attributes FIELD=VALUE...");
        fields.emplace_back(w[i].substr(0, eq), w[i].substr(eq + 1));
    }
    return Frame(app).EditAttributes(fields);
}

// dialog attributes|expression|location|import-report|households|compare:A:B PNG [TEXTS]: the
// dialog as the planner sees it, shown without waiting for an answer, written to PNG (and its
// texts to TEXTS) and closed dialog
// attributes|expression|location|import-report|export|handover|compare:A:B PNG [TEXTS
// [CLIPPED]]: the dialog as the planner sees it, shown without waiting for an answer, written
// to PNG (its texts to TEXTS, those cut off to CLIPPED) and closed
bool DialogShot(App& app, const Words& w) {
    MainFrame& f = Frame(app);
    if (w[1] == "households") { // the window's own, left open
        HouseholdsDialog* households = f.ShowHouseholds();
        LetPaint();
        WindowShot(*households, w[2]);
        if (w.size() > 3) WriteVisibleTexts(*households, w[3]);
        return true;
    }
    std::unique_ptr<wxDialog> dialog;
    if (w[1] == "attributes")
        dialog = std::make_unique<AttributeForm>(&f, *Doc(app).district, f.SelectionLayer(),
                                                 f.SelectionIds());
    else if (w[1] == "expression")
        dialog =
            std::make_unique<SelectByExpressionDialog>(&f, f.SelectionLayer(), "name LIKE '%院%'");
    else if (w[1] == "location")
        dialog = std::make_unique<SelectByLocationDialog>(&f, *Doc(app).district,
                                                          f.SelectionLayer(), !f.Drawn().empty());
    else if (w[1] == "import-report")
        dialog.reset(f.Files().NewImportReportDialog());
    else if (w[1] == "export")
        dialog = std::make_unique<ExportDialog>(&f, *Doc(app).district,
                                                std::vector<std::string>{"zones", "routes"});
    else if (w[1] == "handover")
        dialog = std::make_unique<HandoverDialog>(&f, *Doc(app).district, Doc(app).path);
    else if (w[1].rfind("compare:", 0) == 0) { // compare:A:B
        const std::string names = w[1].substr(8);
        const auto colon = names.find(':');
        if (colon == std::string::npos) throw InputError("script: dialog compare:A:B");
        const auto cmp =
            f.Scenarios().Compare(names.substr(0, colon), names.substr(colon + 1), true);
        if (cmp.is_null()) throw InputError("script: no comparison of " + names);
        dialog = std::make_unique<CompareDialog>(&f, cmp);
    } else
        throw InputError("script: no dialog " + w[1]);
    if (dialog == nullptr) throw InputError("script: no " + w[1] + " to show");
    dialog->Show();
    for (int i = 0; i < 20; ++i) {
        wxYield();
        wxMilliSleep(10);
    }
    WindowShot(*dialog, w[2]);
    if (w.size() > 3) WriteVisibleTexts(*dialog, w[3]);
    if (w.size() > 4) { // the texts it shows cut off
        std::ofstream clipped(w[4]);
        for (const auto& t : ClippedTexts(*dialog))
            clipped << t.widget << '\t' << t.text << '\n';
        if (!clipped) throw InputError(w[4] + ": cannot write");
    }
    dialog->Hide();
    return true;
}

// table-click ROW [shift|ctrl] | table-key ctrl+a: a click on a row of the attribute table,
// or a key, as the planner's mouse and keyboard do it (wxUIActionSimulator, XTest)
bool TableInput(App& app, const Words& w) {
    TableList& list = *Frame(app).GetTable()->GetList();
    wxUIActionSimulator sim;
    list.SetFocus();
    if (w[0] == "table-key") {
        if (w[1] != "ctrl+a") throw InputError("script: table-key ctrl+a");
        sim.Char('A', wxMOD_CONTROL);
    } else {
        const long row = static_cast<long>(ScriptNumber(w[1]));
        list.EnsureVisible(row);
        wxYield();
        wxRect rect;
        if (!list.GetItemRect(row, rect)) throw InputError("script: no row " + w[1]);
        const wxPoint at = list.ClientToScreen(rect.GetPosition() + wxPoint(12, rect.height / 2));
        const int key = w.size() > 2 ? (w[2] == "shift" ? WXK_SHIFT : WXK_CONTROL) : 0;
        sim.MouseMove(at);
        if (key) sim.KeyDown(key);
        sim.MouseClick();
        if (key) sim.KeyUp(key);
    }
    for (int i = 0; i < 30; ++i) {
        wxYield();
        wxMilliSleep(10);
    }
    return true;
}

bool Resize(App& app, const Words& w) { // resize W H: the window's size (screenshots)
    Frame(app).SetSize(static_cast<int>(ScriptNumber(w[1])), static_cast<int>(ScriptNumber(w[2])));
    Frame(app).Move(0, 0);
    return true;
}

bool Click(App& app, const Words& w) { // click X Y (world metres): what a click there does
    Frame(app).GetCanvas()->on_click({ScriptNumber(w[1]), ScriptNumber(w[2])}, false);
    return true;
}

bool Table(App& app, const Words& w) { // table LAYER [FILTER]
    AttributeTable& table = *Frame(app).GetTable();
    table.ShowLayer(Layer(w[1]));
    table.SetFilter(w.size() > 2 ? wxString::FromUTF8(w[2]) : wxString());
    return true;
}

bool Sort(App& app, const Words& w) { // sort COLUMN asc|desc
    Frame(app).GetTable()->GetList()->SortBy(static_cast<int>(ScriptNumber(w[1])),
                                             w.size() < 3 || w[2] != "desc");
    return true;
}

bool LayerOnOff(App& app, const Words& w) { // layer NAME on|off
    if (!Frame(app).GetLayers()->SetVisible(w[1], w[2] == "on"))
        throw InputError("script: no layer " + w[1]);
    return true;
}

// plan-area district|selection|drawn|file:PATH|ids:LAYER:ID,...
bool PlanArea(App& app, const Words& w) {
    // Chosen in the Plan panel's area list, as a planner does, and taken with its fields.
    PlanPanel* panel = Frame(app).GetPlanPanel();
    if (!panel->ChooseArea(w[1] == "selection" ? "" : w[1]))
        throw InputError("script: the Plan panel offers no area " + w[1]);
    panel->ReadParams();
    return true;
}

bool Tab(App& app, const Words& w) { // tab N: the side panel's tab N (0 Layers, 2 Figures)
    Frame(app).ShowTab(static_cast<std::size_t>(ScriptNumber(w[1])));
    return true;
}

bool Zoom(App& app, const Words& w) { // zoom full | zoom selection | zoom FACTOR
    MainFrame& f = Frame(app);
    if (w[1] == "full")
        f.GetCanvas()->ZoomToFull();
    else if (w[1] == "selection")
        f.GetCanvas()->ZoomToBox(
            FeaturesBox(*Doc(app).district, f.SelectionLayer(), f.SelectionIds()));
    else
        f.GetCanvas()->ZoomBy(ScriptNumber(w[1]));
    return true;
}

bool Lang(App& app, const Words& w) { // lang en|zh_CN
    app.SwitchLanguage(w[1].rfind("zh", 0) == 0 ? UiLanguage::zh : UiLanguage::en);
    return true;
}

// --- Basemaps (issue 18) --------------------------------------------------------------------

/// Add Basemap…'s dialog filled in from `basemap-add SOURCE [name=N] [opacity=P] [grey]
/// [crs=C] [key=K] [attribution=TEXT]` words.
void FillBasemapDialog(AddBasemapDialog& dialog, const Words& w) {
    std::string name, crs, key, attribution;
    double opacity = 1;
    bool grey = false;
    for (std::size_t i = 2; i < w.size(); ++i) {
        const auto eq = w[i].find('=');
        const std::string k = w[i].substr(0, eq);
        const std::string v = eq == std::string::npos ? "" : w[i].substr(eq + 1);
        if (k == "name") name = v;
        if (k == "opacity") opacity = ScriptNumber(v);
        if (k == "grey") grey = true;
        if (k == "crs") crs = v;
        if (k == "key") key = v;
        if (k == "attribution") attribution = v;
    }
    dialog.Fill(w[1], name, opacity, grey, crs, key, attribution);
}

bool BasemapAdd(App& app, const Words& w) { // basemap-add SOURCE [name=N] ...: the dialog's OK
    AddBasemapDialog dialog(&Frame(app), Doc(app).district->meta.srid);
    FillBasemapDialog(dialog, w);
    std::string error;
    if (Frame(app).GetBasemaps()->AddFrom(dialog, true, &error))
        std::printf("basemap-add: added\n");
    else
        std::printf("basemap-add: refused: %s\n", error.c_str());
    std::fflush(stdout);
    return true;
}

bool BasemapDialogShot(App& app, const Words& w) { // basemap-dialog PNG [SOURCE words]
    auto* dialog = new AddBasemapDialog(&Frame(app), Doc(app).district->meta.srid);
    if (w.size() > 2) FillBasemapDialog(*dialog, Words(w.begin() + 1, w.end()));
    dialog->Show();
    LetPaint();
    WindowShot(*dialog, w[1]);
    dialog->Destroy();
    return true;
}

bool Pan(App& app, const Words& w) { // pan DX DY: the map moved by pixels, as by a drag
    Frame(app).GetCanvas()->PanBy(ScriptNumber(w[1]), ScriptNumber(w[2]));
    return true;
}

void PollBasemaps(App& app, std::chrono::steady_clock::time_point until, Next next) {
    Frame(app).GetCanvas()->RequestBasemaps(); // of the view shown now, if not asked yet
    const BasemapLoader& b = Frame(app).GetCanvas()->Basemaps();
    const bool done = !b.Loading() && (!b.Images()->empty() || !b.Warnings().empty() ||
                                       Doc(app).district->basemaps.empty());
    if (!done && std::chrono::steady_clock::now() < until) {
        app.Script().RunLater([&app, until, next] { PollBasemaps(app, until, next); }, 50);
        return;
    }
    if (!done) std::fprintf(stderr, "cordon: script: the basemaps were still loading\n");
    LetPaint();
    next(true);
}

void BasemapWait(App& app, const Words& w, Next next) { // basemap-wait SECONDS: loading over
    PollBasemaps(app,
                 std::chrono::steady_clock::now() +
                     std::chrono::milliseconds(static_cast<long>(ScriptNumber(w[1]) * 1000)),
                 next);
}

// --- Pictures, atlas, state ----------------------------------------------------------------

bool Screenshot(App& app, const Words& w) { // the map only
    Frame(app).GetCanvas()->SaveSnapshot(w[1]);
    return true;
}

bool WindowShotCommand(App& app, const Words& w) { // the whole window, as drawn on screen
    WindowShot(Frame(app), w[1]);
    return true;
}

// texts PATH: every text the main window shows (its menus, status bar, every panel, tabs not
// in front included), one a line, for the test that the Chinese UI holds no English
bool Texts(App& app, const Words& w) {
    WriteVisibleTexts(Frame(app), w[1]);
    return true;
}

void Atlas(App& app, const Words& w,
           Next next) { // atlas PDF [A3] [landscape] [en|zh] [zones=ID,...]
    MainFrame& f = Frame(app);
    f.Atlas().Export(w[1], AtlasWords(f.Atlas().Settings(), w, 2), [&app, next](bool ok) {
        std::printf("atlas: %s\n", Frame(app).State()["atlas"].dump().c_str());
        next(ok);
    });
}

// preview open [settings] | set [settings] | page N | save PNG | shot PNG | close
bool Preview(App& app, const Words& w) {
    MainFrame& f = Frame(app);
    if (w[1] == "open") {
        f.Atlas().Settings() = AtlasWords(f.Atlas().Settings(), w, 2);
        if (f.Atlas().OpenPreview() == nullptr) throw InputError("script: no print preview");
        return true; // the next line waits for the pages (the task)
    }
    PrintPreviewDialog* p = f.Atlas().Preview();
    if (p == nullptr) throw InputError("script: the print preview is not open");
    if (w[1] == "set") {
        p->SetSettings(AtlasWords(p->Settings(), w, 2));
        p->Render();
    } else if (w[1] == "page") {
        Need(w, 3);
        p->ShowPage(static_cast<int>(ScriptNumber(w[2])) - 1);
    } else if (w[1] == "save") {
        Need(w, 3);
        p->SavePage(w[2]);
    } else if (w[1] == "shot") {
        Need(w, 3);
        WindowShot(*p, w[2]);
    } else if (w[1] == "texts") {
        Need(w, 3);
        WriteVisibleTexts(*p, w[2]);
    } else if (w[1] == "close") {
        p->Close();
    }
    return true;
}

bool TimeDraw(App& app,
              const Words& w) { // time-draw W H N [nolabels]: full-extent draws off screen
    MapCanvas& canvas = *Frame(app).GetCanvas();
    double best = 1e9, total = 0;
    const int n = static_cast<int>(ScriptNumber(w[3]));
    const bool labels = canvas.Options().labels;
    if (w.size() > 4 && w[4] == "nolabels") canvas.Options().labels = false;
    for (int i = 0; i < n; ++i) {
        const double ms = canvas.TimeDraw(static_cast<int>(ScriptNumber(w[1])),
                                          static_cast<int>(ScriptNumber(w[2])));
        best = std::min(best, ms);
        total += ms;
    }
    canvas.Options().labels = labels;
    std::printf("draw: best %.1f ms, mean %.1f ms over %d\n", best, total / n, n);
    return true;
}

// clipped PATH: the texts cut off in the sidebar with each of its tabs in front in turn
// ("tab<TAB>NAME" before each), one a line
bool ClippedCommand(App& app, const Words& w) {
    MainFrame& f = Frame(app);
    std::ofstream file(w[1]);
    wxNotebook* book = f.GetSidebar();
    const int front = book->GetSelection();
    for (std::size_t i = 0; i < book->GetPageCount(); ++i) {
        book->SetSelection(i);
        f.Layout();
        for (int k = 0; k < 5; ++k)
            wxYield();
        file << "tab\t" << book->GetPageText(i).utf8_string() << "\n";
        for (const auto& t : ClippedTexts(*book))
            file << t.widget << '\t' << t.text << '\n';
    }
    book->SetSelection(static_cast<std::size_t>(front));
    if (!file) throw InputError(w[1] + ": cannot write");
    return true;
}

bool Sidebar(App& app, const Words& w) { // sidebar WIDTH: the sash dragged to WIDTH px
    Frame(app).SetSidebarWidth(static_cast<int>(ScriptNumber(w[1])));
    return true;
}

bool State(App& app, const Words& w) { // state FILE: what the app shows, as JSON
    std::ofstream(w[1]) << Frame(app).State().dump(1) << "\n";
    return true;
}

// --- Waiting, quitting ---------------------------------------------------------------------

// --- The shared plan in a database (issue 19) ----------------------------------------------

bool ConflictAnswer(App& app, const Words& w) { // conflict-answer mine|theirs [SHOT.png]
    if (w[1] != "mine" && w[1] != "theirs")
        throw InputError("script: conflict-answer mine|theirs, not " + w[1]);
    Frame(app).Files().Live().SetConflictAnswer(w[1] == "mine", w.size() > 2 ? w[2] : "");
    return true;
}

/// Waits until `done()` holds or `until` has passed, looking every 20 ms.
void PollUntil(App& app, std::function<bool()> done, std::chrono::steady_clock::time_point until,
               std::string what, Next next) {
    const bool ok = done();
    if (!ok && std::chrono::steady_clock::now() < until) {
        app.Script().RunLater(
            [&app, done, until, what, next] { PollUntil(app, done, until, what, next); }, 20);
        return;
    }
    if (!ok) std::fprintf(stderr, "cordon: script: %s did not happen\n", what.c_str());
    next(ok);
}

std::chrono::steady_clock::time_point Within(const std::string& seconds) {
    return std::chrono::steady_clock::now() +
           std::chrono::milliseconds(static_cast<long>(ScriptNumber(seconds) * 1000));
}

void WaitLive(App& app, const Words& w,
              Next next) { // wait-live LAYER ID SECONDS: another planner's change shown
    const std::string layer = w[1];
    const geo::Id id = Id(w[2]);
    PollUntil(
        app, [&app, layer, id] { return Frame(app).Files().Live().Saw(layer, id); }, Within(w[3]),
        "a change of " + layer + " " + w[2] + " from the database", next);
}

void TrySave(App& app, const Words&, Next next) { // try-save: save; the script goes on anyway
    Frame(app).Files().Save({}, [next](bool) { next(true); });
}

void WaitSent(App& app, const Words& w,
              Next next) { // wait-sent SECONDS: the edits kept while the database was away sent
    PollUntil(
        app, [&app] { return !Frame(app).Files().Live().Unsent(); }, Within(w[1]),
        "sending the kept edits", next);
}

/// Looks for `path` every 100 ms until it is there or `until` has passed.
void PollFile(App& app, const std::string& path, std::chrono::steady_clock::time_point until,
              Next next) {
    const bool there = wxFileName::Exists(wxString::FromUTF8(path));
    if (!there && std::chrono::steady_clock::now() < until) {
        app.Script().RunLater([&app, path, until, next] { PollFile(app, path, until, next); }, 100);
        return;
    }
    if (!there) std::fprintf(stderr, "cordon: script: %s did not appear\n", path.c_str());
    next(there);
}

void WaitFile(App& app, const Words& w,
              Next next) { // wait-file PATH SECONDS: another process writes it
    const auto until = std::chrono::steady_clock::now() +
                       std::chrono::milliseconds(static_cast<long>(ScriptNumber(w[2]) * 1000));
    PollFile(app, w[1], until, next);
}

void Wait(App& app, const Words& w, Next next) { // wait MS: let the window paint
    app.Script().RunLater([next] { next(true); }, static_cast<int>(ScriptNumber(w[1])));
}

void Quit(App& app, const Words&, Next) {
    app.Script().Stop();
    Frame(app).Close(true);
}

struct Command {
    const char* name;
    std::size_t words; ///< at least, the command's name counted
    bool (*run)(App&, const Words&);
};

struct AsyncCommand {
    const char* name;
    std::size_t words;
    void (*run)(App&, const Words&, Next);
};

const Command k_commands[] = {
    {"recover", 2, Recover},
    {"conflict-answer", 2, ConflictAnswer},
    {"scenario", 3, Scenario},
    {"gate", 3, Gate},
    {"mode", 3, Mode},
    {"move-buildings", 2, MoveBuildings},
    {"add-checkpoint", 3, AddCheckpoint},
    {"delete-checkpoint", 2, DeleteCheckpoint},
    {"close-road", 2, CloseRoad},
    {"reopen-road", 2, CloseRoad},
    {"menu", 2, Menu},
    {"context", 4, Context},
    {"undo", 1, Undo},
    {"redo", 1, Redo},
    {"select", 2, Select},
    {"click", 3, Click},
    {"draw", 7, Draw},
    {"resize", 3, Resize},
    {"attributes", 2, Attributes},
    {"dialog", 3, DialogShot},
    {"table-click", 2, TableInput},
    {"table-key", 2, TableInput},
    {"table", 2, Table},
    {"sort", 2, Sort},
    {"layer", 3, LayerOnOff},
    {"plan-area", 2, PlanArea},
    {"tab", 2, Tab},
    {"zoom", 2, Zoom},
    {"lang", 2, Lang},
    {"screenshot", 2, Screenshot},
    {"window-shot", 2, WindowShotCommand},
    {"texts", 2, Texts},
    {"preview", 2, Preview},
    {"time-draw", 4, TimeDraw},
    {"state", 2, State},
    {"households-match", 3, HouseholdsMatch},
    {"screening", 2, Screening},
    {"sidebar", 2, Sidebar},
    {"clipped", 2, ClippedCommand},
    {"basemap-add", 2, BasemapAdd},
    {"basemap-dialog", 2, BasemapDialogShot},
    {"pan", 3, Pan},
};

const AsyncCommand k_async_commands[] = {
    {"export", 4, Export},
    {"handover", 2, Handover},
    {"open", 2, Open},
    {"save", 1, Save},
    {"new-project", 1, NewProject},
    {"plan", 2, Plan},
    {"refresh", 1, Refresh},
    {"atlas", 2, Atlas},
    {"wait-file", 3, WaitFile},
    {"wait", 2, Wait},
    {"wait-live", 4, WaitLive},
    {"try-save", 1, TrySave},
    {"wait-sent", 2, WaitSent},
    {"quit", 1, Quit},
    {"register-import", 2, RegisterImport},
    {"visits-import", 2, VisitsImport},
    {"plan-form", 2, PlanForm},
    {"basemap-wait", 2, BasemapWait},
};

} // namespace

void AddScriptCommands(App& app, ScriptRunner& script) {
    for (const Command& c : k_commands)
        script.Add(c.name, c.words, [&app, run = c.run](const Words& w) { return run(app, w); });
    for (const AsyncCommand& c : k_async_commands)
        script.AddAsync(c.name, c.words,
                        [&app, run = c.run](const Words& w, Next next) { run(app, w, next); });
}

} // namespace cordon::gui
