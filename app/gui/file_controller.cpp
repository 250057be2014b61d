#include "file_controller.hpp"

#include "dialog_buttons.hpp"
#include "export_dialog.hpp"
#include "format.hpp"
#include "import_wizard.hpp"
#include "lock.hpp"
#include "report_dialogs.hpp"
#include "shell.hpp"
#include "task.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/export.hpp>
#include <cordon/geo/pg_store.hpp>
#include <cordon/geo/project_store.hpp>
#include <cordon/render/atlas.hpp>
#include <cordon/session/autosave.hpp>
#include <cordon/session/handover.hpp>
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

#include <atomic>
#include <filesystem>
#include <unistd.h>

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
    m_live = std::make_unique<LiveUpdates>(m_shell, m_doc);
    // A window rebuilt in another language listens again where the old one did.
    if (m_doc->HasProject() && geo::is_database_url(m_doc->path)) m_live->Start(m_doc->path);
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
    if (geo::is_database_url(m_doc->path)) return; // no lock, no autosave
    if (m_doc->HasProject() && !m_doc->undo.modified())
        session::discard_autosave(m_doc->path, m_fallback_dir);
    m_doc->lock.reset(); // the project is closed: others may write it
}

void FileController::Open(const std::string& path, bool quiet, std::function<void(bool)> done) {
    if (geo::is_database_url(path)) {
        OpenDatabase(path, {}, quiet, std::move(done));
        return;
    }
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
            m_live->Stop();                      // a file: nobody else's changes to show
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
    if (geo::is_database_url(path) && path == m_doc->path) {
        SaveDatabase(std::move(done));
        return;
    }
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
            m_live->Stop(); // saved as a file: that is the project now
            session::discard_autosave(path, m_fallback_dir);
            m_doc->undo.mark_saved();
            m_history.AddFileToHistory(U(path));
            if (on_saved) on_saved();
            m_shell.ShowStatus(wxString::Format(_("Saved %s"), U(path)));
            if (done) done(true);
        },
        !m_shell.Quiet());
}

void FileController::OpenDatabase(const std::string& url, const std::string& password, bool quiet,
                                  std::function<void(bool)> done) {
    // The password stays in this process's memory (libpq reads PGPASSWORD): never in the
    // project, the recent files or a message.
    if (!password.empty()) ::setenv("PGPASSWORD", password.c_str(), 1);
    // Listening starts before the read: what others commit meanwhile waits and is read
    // again once the district is shown.
    m_live->Start(url, true);
    auto result = std::make_shared<geo::District>();
    RunTask(
        m_shell.Window(), _("Opening the database"),
        [url, result](Progress& progress) {
            progress.report("reading", 0.1);
            *result = geo::read_database(url);
            session::closed_roads(*result);
            session::staffing_params(*result);
        },
        [this, url, quiet, result, done](std::exception_ptr error) {
            if (error) {
                if (m_doc->HasProject() && geo::is_database_url(m_doc->path))
                    m_live->Start(m_doc->path); // back to the one shown
                else
                    m_live->Stop();
                m_shell.ShowMessage(_("Cannot open the database"), ErrorText(error), wxICON_ERROR,
                                    quiet);
                if (done) done(false);
                return;
            }
            m_doc->undo.clear();
            m_doc->path = url;
            m_doc->lock.reset();
            m_doc->BeforeChange();
            *m_doc->district = std::move(*result);
            if (on_opened) on_opened();
            m_doc->Opened();
            m_doc->Changed();
            m_live->Hold(false);
            const geo::District& d = *m_doc->district;
            m_shell.ShowStatus(
                wxString::Format(_("%s buildings, %s compounds, %s gates, %s roads"),
                                 FormatNumber(static_cast<double>(d.buildings.size())),
                                 FormatNumber(static_cast<double>(d.compounds.size())),
                                 FormatNumber(static_cast<double>(d.gates.size())),
                                 FormatNumber(static_cast<double>(d.roads.size()))) +
                " " + _("(shared plan: changes by others are shown as they are saved)"));
            if (done) done(true);
        },
        !quiet);
}

void FileController::SaveDatabase(std::function<void(bool)> done) {
    const std::string url = m_doc->path;
    auto copy = std::make_shared<geo::District>(*m_doc->district);
    auto snapshot = std::make_shared<std::shared_ptr<const geo::DatabaseSnapshot>>();
    m_live->Hold(true);
    RunTask(
        m_shell.Window(), _("Saving to the database"),
        [url, copy, snapshot](Progress& progress) {
            *snapshot = geo::write_database(*copy, url, progress, geo::DependsOn::rows_written);
        },
        [this, url, copy, snapshot, done](std::exception_ptr error) {
            if (url != m_doc->path) { // another project was opened meanwhile
                m_live->Hold(false);
                if (done) done(!error);
                return;
            }
            // What came in meanwhile is applied against the revisions just written (this
            // window's own change is then nothing new).
            if (!error) m_doc->district->meta.database = *snapshot;
            m_live->Hold(false);
            if (!error) {
                m_doc->undo.mark_saved();
                m_live->Sent();
                if (on_saved) on_saved();
                m_shell.ShowStatus(wxString::Format(_("Saved to %s"), U(geo::shown_url(url))));
                if (done) done(true);
                return;
            }
            try {
                std::rethrow_exception(error);
            } catch (const geo::EditConflict& conflict) {
                m_live->Resolve(conflict.layer(), conflict.id(), [this, done](bool again) {
                    if (again)
                        SaveDatabase(done);
                    else if (done)
                        done(false);
                });
                return;
            } catch (...) {
            }
            if (!geo::pg::reachable(url)) {
                m_live->Unreachable(copy, [this] { SaveDatabase(); });
                if (done) done(false);
                return;
            }
            m_shell.ShowError(_("Cannot save to the database"),
                              ErrorText(error) + "\n" + _("Your changes are kept in this window."));
            if (done) done(false);
        },
        !m_shell.Quiet());
}

void FileController::AskOpenDatabase() {
    if (!ConfirmDiscard()) return;
    OpenDatabaseDialog dialog(m_shell.Window(), geo::is_database_url(m_doc->path)
                                                    ? U(geo::shown_url(m_doc->path))
                                                    : wxString());
    if (dialog.ShowModal() != wxID_OK) return;
    OpenDatabase(dialog.Url(), dialog.Password());
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

namespace {

/// The district as the map shows it, written to a project in a folder of its own under the
/// system's temporary folder, which goes with the object: what export and the hand-over
/// package read when the planner has unsaved edits.
class Snapshot {
public:
    Snapshot(const geo::District& district, Progress& progress) {
        static std::atomic<int> count{0};
        m_dir = std::filesystem::temp_directory_path() /
                ("cordon-export-" + std::to_string(::getpid()) + "-" + std::to_string(++count));
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
        m_path = (m_dir / "shown.cordon").string();
        geo::write_project(district, m_path, progress);
    }
    ~Snapshot() {
        std::error_code ignored;
        std::filesystem::remove_all(m_dir, ignored);
    }
    Snapshot(const Snapshot&) = delete;
    Snapshot& operator=(const Snapshot&) = delete;
    const std::string& path() const { return m_path; }

private:
    std::filesystem::path m_dir;
    std::string m_path;
};

} // namespace

void FileController::AskExport(const std::string& layer) {
    if (!m_doc->HasProject()) return;
    ExportDialog dialog(m_shell.Window(), *m_doc->district, {layer});
    if (dialog.ShowModal() != wxID_OK) return;
    const ExportChoice choice = dialog.Choice();
    if (choice.layers.empty() || choice.folder.empty()) {
        m_shell.ShowError(_("Export Layers"), _("Choose at least one layer and a folder."));
        return;
    }
    Export(choice);
}

void FileController::Export(const ExportChoice& choice, std::function<void(bool)> done) {
    // What the map shows, unsaved edits included: a copy, written aside and exported from.
    auto shown = std::make_shared<const geo::District>(*m_doc->district);
    auto report = std::make_shared<nlohmann::json>(nlohmann::json::array());
    RunTask(
        m_shell.Window(), _("Exporting"),
        [shown, choice, report](Progress& progress) {
            const Snapshot snapshot(*shown, progress);
            for (const std::string& layer : choice.layers) {
                geo::ExportOptions options;
                options.layer = layer;
                options.format = choice.format;
                options.encoding = choice.encoding;
                options.crs = choice.crs;
                options.output =
                    (std::filesystem::path(choice.folder) / (layer + "." + choice.format)).string();
                nlohmann::json r = geo::export_layer(snapshot.path(), options, progress);
                r["layer"] = layer;
                r["output"] = options.output;
                report->push_back(r);
            }
        },
        [this, choice, report, done](std::exception_ptr error) {
            m_export_report = {{"layers", *report}, {"crs", choice.crs}, {"folder", choice.folder}};
            if (error) {
                m_export_report["error"] = ErrorText(error).utf8_string();
                m_shell.ShowError(_("Export failed"), ErrorText(error));
            } else {
                m_shell.ShowStatus(wxString::Format(_("Exported %zu layers to %s"),
                                                    choice.layers.size(), U(choice.folder)));
            }
            if (done) done(!error);
        });
}

void FileController::AskHandover(const render::AtlasOptions& atlas) {
    if (!m_doc->HasProject()) return;
    HandoverDialog dialog(m_shell.Window(), *m_doc->district, m_doc->path);
    if (dialog.ShowModal() != wxID_OK) return;
    Handover(dialog.Choice(), atlas);
}

void FileController::Handover(const HandoverChoice& choice, const render::AtlasOptions& atlas,
                              std::function<void(bool)> done) {
    auto shown = std::make_shared<const geo::District>(*m_doc->district);
    auto report = std::make_shared<nlohmann::json>();
    const planner::StaffingParams staffing = m_doc->params.staffing;
    RunTask(
        m_shell.Window(), _("Writing the hand-over package"),
        [shown, choice, atlas, staffing, report](Progress& progress) {
            render::require_font(atlas.font_family); // before anything is written
            const Snapshot snapshot(*shown, progress);
            session::HandoverOptions options; // as `cordon-cli handover` fills them
            options.output = choice.output;
            options.shapefile_encoding = choice.encoding;
            options.crs = choice.crs;
            options.staffing = staffing;
            options.language = atlas.language == render::Language::en ? "en" : "zh";
            options.write_atlas = [&](const std::string& path) {
                const render::AtlasReport r = render::write_atlas(*shown, path, atlas);
                return std::to_string(r.pages) + " pages, overview and " +
                       std::to_string(r.zones.size()) + " zones";
            };
            *report = session::write_handover(snapshot.path(), options, progress);
        },
        [this, choice, report, done](std::exception_ptr error) {
            m_export_report = *report;
            if (error) {
                m_export_report["error"] = ErrorText(error).utf8_string();
                m_shell.ShowError(_("The hand-over package was not written"), ErrorText(error));
            } else {
                m_shell.ShowStatus(
                    wxString::Format(_("Wrote the hand-over package %s"), U(choice.output)));
            }
            if (done) done(!error);
        });
}

void FileController::SetAutosaveSeconds(int seconds) {
    m_autosave.Stop();
    if (seconds > 0) m_autosave.Start(seconds * 1000);
}

void FileController::OnAutosave() {
    if (!m_doc->HasProject() || geo::is_database_url(m_doc->path) || !m_doc->undo.modified() ||
        m_changes == m_autosaved_changes || TaskRunning())
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
