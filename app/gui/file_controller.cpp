#include "file_controller.hpp"

#include "dialog_buttons.hpp"
#include "format.hpp"
#include "import_wizard.hpp"
#include "lock.hpp"
#include "report_dialogs.hpp"
#include "shell.hpp"
#include "task.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/export.hpp>
#include <cordon/geo/project_store.hpp>
#include <cordon/session/autosave.hpp>
#include <cordon/session/plan.hpp>
#include <cordon/session/project.hpp>

#include <wx/choice.h>
#include <wx/config.h>
#include <wx/datetime.h>
#include <wx/dialog.h>
#include <wx/filedlg.h>
#include <wx/filename.h>
#include <wx/filepicker.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/stdpaths.h>
#include <wx/weakref.h>

namespace cordon::gui {

namespace {

/// Why the import failed, with its parameters named as the wizard's fields.
wxString ImportErrorText(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const ParamTextError& e) {
        return ImportParamText(e.text());
    } catch (...) {
    }
    return ErrorText(error);
}

} // namespace

FileController::FileController(Shell& shell, std::shared_ptr<Document> doc)
    : m_shell(shell), m_doc(std::move(doc)), m_history(9, wxID_FILE1) {
    m_fallback_dir = (wxStandardPaths::Get().GetUserDataDir() + "/autosave").utf8_string();
    m_autosave.Bind(wxEVT_TIMER, [this](wxTimerEvent&) { OnAutosave(); });
    SetAutosaveSeconds(120);
}

FileController::~FileController() {
    m_history.Save(*wxConfig::Get());
}

void FileController::UseMenu(wxMenu* recent) {
    m_history.UseMenu(recent);
    m_history.Load(*wxConfig::Get());
}

void FileController::OpenRecent(std::size_t index) {
    const wxString path = m_history.GetHistoryFile(index);
    if (!path.empty() && ConfirmDiscard()) Open(path.utf8_string());
}

void FileController::Closing() {
    if (m_doc->HasProject() && !m_doc->undo.modified())
        session::discard_autosave(m_doc->path, m_fallback_dir);
    m_doc->lock.reset(); // the project is closed: others may write it
}

void FileController::Open(const std::string& path, bool quiet, std::function<void(bool)> done) {
    // The project stays locked while it is open here; another Cordon holding it keeps it,
    // and this window keeps what it showed.
    auto lock = std::make_shared<LockAttempt>(LockProject(path));
    if (lock->holder) {
        const wxString message = LockedMessage(path, *lock->holder);
        m_shell.ShowMessage(_("Project in use"), message, wxICON_WARNING, quiet);
        m_shell.ShowStatus(message.BeforeFirst('\n'));
        if (done) done(false);
        return;
    }
    auto result = std::make_shared<geo::District>();
    RunTask(
        m_shell.Window(), _("Opening project"),
        [path, result](Progress& progress) {
            progress.report("reading", 0.1);
            *result = geo::read_project(path);
            // What the window reads from the project's JSON on every change: unreadable (a
            // damaged or hostile project), the project is not opened. Unreadable scenarios
            // are only reported (below): the rest of the project opens.
            session::closed_roads(*result);
            session::staffing_params(*result);
        },
        [this, path, quiet, result, done, lock](std::exception_ptr error) {
            if (error) {
                m_shell.ShowMessage(_("Cannot open project"), ErrorText(error), wxICON_ERROR,
                                    quiet);
                if (done) done(false);
                return;
            }
            m_doc->undo.clear();
            m_doc->path = path;
            m_doc->lock = std::move(lock->lock); // releases the previous project's lock
            m_doc->BeforeChange();
            *m_doc->district = std::move(*result);
            if (auto copy = session::find_recovery(path, m_fallback_dir);
                copy && (!quiet || m_recover_answer)) {
                const bool yes =
                    quiet ? *m_recover_answer
                          : wxMessageBox(_("Cordon did not close cleanly last time, and an "
                                           "automatic copy of this project with "
                                           "unsaved changes was found. Recover those changes?"),
                                         _("Recover unsaved changes"), wxYES_NO | wxICON_QUESTION,
                                         m_shell.Window()) == wxYES;
                if (yes) {
                    try {
                        geo::District recovered = geo::read_project(*copy);
                        m_doc->undo.record(std::move(*m_doc->district), "recover autosave");
                        *m_doc->district = std::move(recovered);
                    } catch (const std::exception& e) {
                        m_shell.ShowError(_("Cannot recover"), U(e.what()));
                    }
                } else {
                    session::discard_autosave(path, m_fallback_dir);
                }
            }
            if (on_opened) on_opened();
            m_history.AddFileToHistory(U(path));
            m_doc->Opened();
            m_doc->Changed();
            const geo::District& d = *m_doc->district;
            m_shell.ShowStatus(
                wxString::Format(_("%s buildings, %s compounds, %s gates, %s roads"),
                                 FormatNumber(static_cast<double>(d.buildings.size())),
                                 FormatNumber(static_cast<double>(d.compounds.size())),
                                 FormatNumber(static_cast<double>(d.gates.size())),
                                 FormatNumber(static_cast<double>(d.roads.size()))));
            if (!d.meta.warnings.empty()) {
                // What the read set aside (ids naming rows that are not there), as the CLI
                // tells it: the planner sees it before saving makes it so for good.
                wxString list;
                for (const std::string& w : d.meta.warnings)
                    list += wxString::FromUTF8("\n• ") + U(w);
                m_shell.ShowMessage(_("The project has problems"),
                                    _("Some rows of this project name rows it does not hold; "
                                      "they are read as none:") +
                                        list + "\n" + _("Saving the project stores them so."),
                                    wxICON_WARNING, quiet);
            }
            if (std::string why; ReadScenarios(d, &why).empty() && !why.empty())
                m_shell.ShowError(
                    _("The project's scenarios cannot be read"),
                    U(why) + "\n" +
                        _("The rest of the project is open; the scenarios are kept in the "
                          "file as they are."));
            if (done) done(true);
        },
        !quiet);
}

void FileController::Save(const std::string& target, std::function<void(bool)> done) {
    const std::string path = target.empty() ? m_doc->path : target;
    // Saving as another project takes that one's lock, kept once it is the open project.
    std::shared_ptr<LockAttempt> lock;
    if (path != m_doc->path) {
        lock = std::make_shared<LockAttempt>(LockProject(path));
        if (lock->holder) {
            m_shell.ShowError(_("Cannot save the project"), LockedMessage(path, *lock->holder));
            if (done) done(false);
            return;
        }
    }
    auto copy = std::make_shared<geo::District>(*m_doc->district);
    RunTask(
        m_shell.Window(), _("Saving project"),
        [path, copy](Progress& progress) { geo::write_project(*copy, path, progress); },
        [this, path, done, lock](std::exception_ptr error) {
            if (error) {
                m_shell.ShowError(_("Cannot save the project"),
                                  ErrorText(error) + "\n" +
                                      _("The file on disk was left as it was."));
                if (done) done(false);
                return;
            }
            if (path != m_doc->path) session::discard_autosave(m_doc->path, m_fallback_dir);
            if (lock) m_doc->lock = std::move(lock->lock); // and the old project's is released
            m_doc->path = path;
            session::discard_autosave(path, m_fallback_dir);
            m_doc->undo.mark_saved();
            m_history.AddFileToHistory(U(path));
            if (on_saved) on_saved();
            m_shell.ShowStatus(wxString::Format(_("Saved %s"), U(path)));
            if (done) done(true);
        },
        !m_shell.Quiet());
}

bool FileController::ConfirmDiscard() {
    if (m_shell.Quiet() || !m_doc->HasProject() || !m_doc->undo.modified()) return true;
    const int answer =
        wxMessageBox(_("The project has unsaved changes. Save them first?"), _("Unsaved changes"),
                     wxYES_NO | wxCANCEL | wxICON_QUESTION, m_shell.Window());
    if (answer == wxCANCEL) return false;
    if (answer == wxYES) {
        Save({});
        return false; // the save runs in the background; the planner repeats the action
    }
    session::discard_autosave(m_doc->path, m_fallback_dir);
    return true;
}

void FileController::AskOpen() {
    if (!ConfirmDiscard()) return;
    wxFileDialog dialog(m_shell.Window(), _("Open Cordon project"), wxEmptyString, wxEmptyString,
                        _("Cordon projects (*.cordon)|*.cordon|All files|*"),
                        wxFD_OPEN | wxFD_FILE_MUST_EXIST);
    if (dialog.ShowModal() != wxID_OK) return;
    Open(dialog.GetPath().utf8_string());
}

void FileController::AskSaveAs() {
    if (!m_doc->HasProject()) return;
    wxFileDialog dialog(m_shell.Window(), _("Save project as"), wxEmptyString,
                        wxFileName(U(m_doc->path)).GetFullName(),
                        _("Cordon projects (*.cordon)|*.cordon"),
                        wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
    if (dialog.ShowModal() != wxID_OK) return;
    Save(dialog.GetPath().utf8_string());
}

void FileController::AskNew() {
    if (!ConfirmDiscard()) return;
    ImportWizard wizard(m_shell.Window());
    if (wizard.ShowModal() != wxID_OK) return;
    geo::ImportOptions options;
    try {
        options = wizard.Options();
    } catch (const std::exception& e) {
        m_shell.ShowError(_("Import failed"), U(e.what()));
        return;
    }
    Import(options, wizard.Target());
}

ImportReportDialog* FileController::NewImportReportDialog() {
    if (m_import_report.is_null()) return nullptr;
    return new ImportReportDialog(m_shell.Window(), m_import_report,
                                  [this](FeatureLayer layer, const std::string& expression) {
                                      if (on_select_where) on_select_where(layer, expression);
                                  });
}

ImportWizard* FileController::OpenImportWizard() {
    auto* wizard = new ImportWizard(m_shell.Window());
    wizard->Show();
    return wizard;
}

void FileController::Import(const geo::ImportOptions& options, const std::string& path,
                            std::function<void(bool)> done) {
    auto report = std::make_shared<nlohmann::json>();
    RunTask(
        m_shell.Window(), _("Importing"),
        [options, path, report](Progress& progress) {
            *report = session::import_project(options, planner::NetworkParams{}, path, progress);
        },
        [this, path, report, done](std::exception_ptr error) {
            if (error) {
                m_shell.ShowError(_("Import failed"), ImportErrorText(error));
                if (done) done(false);
                return;
            }
            m_import_report = *report;
            Open(path, m_shell.Quiet(), [this, report, done](bool ok) {
                if (ok && !m_shell.Quiet())
                    if (ImportReportDialog* dialog = NewImportReportDialog()) dialog->Show();
                if (done) done(ok);
            });
        });
}

void FileController::AskExport() {
    if (!m_doc->HasProject()) return;
    if (m_doc->undo.modified()) {
        if (wxMessageBox(_("Export reads the saved project. Save your changes first?"), _("Export"),
                         wxYES_NO | wxICON_QUESTION, m_shell.Window()) != wxYES)
            return;
        Save({}, [this](bool ok) {
            if (ok) AskExport();
        });
        return;
    }
    wxDialog dialog(m_shell.Window(), wxID_ANY, _("Export Layer"));
    auto* grid = new wxFlexGridSizer(2, 6, 8);
    auto* layer = new wxChoice(&dialog, wxID_ANY);
    const char* layers[] = {"buildings",     "compounds",    "gates",  "checkpoints",
                            "roads",         "zones",        "routes", "communities",
                            "network_edges", "network_nodes"};
    for (const char* l : layers)
        layer->Append(l);
    layer->SetSelection(5);
    auto* format = new wxChoice(&dialog, wxID_ANY);
    for (const auto& f : geo::export_formats())
        format->Append(U(f));
    format->SetSelection(0);
    auto* encoding = new wxChoice(&dialog, wxID_ANY);
    encoding->Append("UTF-8");
    encoding->Append(_("GBK (for older ArcGIS)"));
    encoding->SetSelection(0);
    auto* crs = new wxChoice(&dialog, wxID_ANY);
    crs->Append(_("Project CRS"));
    crs->Append("WGS 84 (EPSG:4326)");
    crs->Append("CGCS2000 (EPSG:4490)");
    crs->Append("GCJ-02");
    crs->Append("BD-09");
    crs->SetSelection(0);
    auto* file = new wxFilePickerCtrl(&dialog, wxID_ANY, wxEmptyString, _("Export to"), "*",
                                      wxDefaultPosition, wxSize(360, -1),
                                      wxFLP_SAVE | wxFLP_OVERWRITE_PROMPT | wxFLP_USE_TEXTCTRL);
    grid->Add(new wxStaticText(&dialog, wxID_ANY, _("Layer")));
    grid->Add(layer);
    grid->Add(new wxStaticText(&dialog, wxID_ANY, _("Format")));
    grid->Add(format);
    grid->Add(new wxStaticText(&dialog, wxID_ANY, _("Shapefile encoding")));
    grid->Add(encoding);
    grid->Add(new wxStaticText(&dialog, wxID_ANY, _("Coordinates")));
    grid->Add(crs);
    grid->Add(new wxStaticText(&dialog, wxID_ANY, _("File")));
    grid->Add(file, 1, wxEXPAND);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(grid, 1, wxEXPAND | wxALL, 10);
    sizer->Add(DialogButtons(dialog), 0, wxEXPAND | wxALL, 6);
    dialog.SetSizerAndFit(sizer);
    if (dialog.ShowModal() != wxID_OK || file->GetPath().empty()) return;
    geo::ExportOptions options;
    options.layer = layers[layer->GetSelection()];
    options.format = format->GetStringSelection().utf8_string();
    options.output = file->GetPath().utf8_string();
    if (encoding->GetSelection() == 1) options.encoding = *geo::encoding_from_name("gbk");
    const char* crs_names[] = {"", "EPSG:4326", "EPSG:4490", "gcj02", "bd09"};
    options.crs = crs_names[crs->GetSelection()];
    const std::string project = m_doc->path;
    auto report = std::make_shared<nlohmann::json>();
    RunTask(
        m_shell.Window(), _("Exporting"),
        [project, options, report](Progress& progress) {
            *report = geo::export_layer(project, options, progress);
        },
        [this, options](std::exception_ptr error) {
            if (error)
                m_shell.ShowError(_("Export failed"), ErrorText(error));
            else
                m_shell.ShowStatus(
                    wxString::Format(_("Exported %s to %s"), U(options.layer), U(options.output)));
        });
}

void FileController::SetAutosaveSeconds(int seconds) {
    m_autosave.Stop();
    if (seconds > 0) m_autosave.Start(seconds * 1000);
}

void FileController::OnAutosave() {
    if (!m_doc->HasProject() || !m_doc->undo.modified() || m_changes == m_autosaved_changes ||
        TaskRunning())
        return;
    auto copy = std::make_shared<geo::District>(*m_doc->district);
    const std::string project = m_doc->path, fallback = m_fallback_dir;
    const std::size_t changes = m_changes;
    RunTask(
        m_shell.Window(), _("Autosave"),
        [copy, project, fallback](Progress& progress) {
            session::write_autosave(*copy, project, progress, fallback);
        },
        [this, window = wxWeakRef<wxWindow>(m_shell.Window()), changes](std::exception_ptr error) {
            if (!window) return; // the window was closed or rebuilt in another language meanwhile
            if (error) {
                m_shell.ShowStatus(_("Autosave failed: ") + ErrorText(error));
                return;
            }
            m_autosaved_changes = changes;
            m_shell.ShowStatus(
                wxString::Format(_("Autosaved at %s"), wxDateTime::Now().FormatTime()));
        },
        false);
}

} // namespace cordon::gui
