#pragma once
// The project's files as the window handles them: open (with the lock and the offer to
// recover an autosave), save, save as, new from data (the import wizard), export layers and
// the hand-over package (of what the map shows, unsaved edits included),
// recent files, and the autosave timer. Reading and writing run off the UI thread.

#include "export_dialog.hpp"
#include "live_updates.hpp"

#include <cordon/geo/import.hpp>
#include <cordon/gui/document.hpp>
#include <cordon/render/atlas.hpp>

#include <nlohmann/json.hpp>
#include <wx/filehistory.h>
#include <wx/timer.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace cordon::gui {

class ImportReportDialog;

class ImportWizard;
class Shell;

class FileController {
public:
    FileController(Shell& shell, std::shared_ptr<Document> doc);
    ~FileController();

    /// Opens the project at `path` (read off the UI thread) and shows it. On failure shows the
    /// error (a message box, or stderr when `quiet`) and keeps what was shown before. `done`
    /// gets whether it worked.
    void Open(const std::string& path, bool quiet = false, std::function<void(bool)> done = {});
    /// Saves to `path` (empty: the project's own), off the UI thread. A project opened from
    /// a database is saved back to it (SaveDatabase).
    void Save(const std::string& path, std::function<void(bool)> done = {});
    /// Opens the project in the database at `url` (postgresql://...?schema=NAME) and listens
    /// for what other planners change in it. `password` (may be empty) is used for this
    /// process's connections only and never stored.
    void OpenDatabase(const std::string& url, const std::string& password, bool quiet = false,
                      std::function<void(bool)> done = {});
    /// Writes what changed here since the read back to the database, each feature only where
    /// nobody changed it meanwhile; a conflict goes to the conflict dialog, then saves again.
    void SaveDatabase(std::function<void(bool)> done = {});
    /// File › Open Database...
    void AskOpenDatabase();
    LiveUpdates& Live() { return *m_live; }
    /// Imports into a new project at `path` off the UI thread, then opens it and shows the
    /// import report (unless quiet); `done` gets whether it worked.
    void Import(const geo::ImportOptions& options, const std::string& path,
                std::function<void(bool)> done = {});
    /// The New Project wizard, shown without waiting (File › New runs it modally).
    ImportWizard* OpenImportWizard();

    // The menu's File commands, with their dialogs.
    void AskNew();
    void AskOpen();
    void AskSaveAs();
    /// File › Export Layers: the dialog, `layer` ticked at first, then Export.
    void AskExport(const std::string& layer);
    /// Writes the chosen layers into the chosen folder (LAYER.FORMAT each) as the map shows
    /// them, unsaved edits included (a copy of the district written aside and exported from;
    /// the project file is not touched), off the UI thread. `done` gets whether it worked.
    void Export(const ExportChoice& choice, std::function<void(bool)> done = {});
    /// File › Hand-over Package: the dialog, then Handover.
    void AskHandover(const render::AtlasOptions& atlas);
    /// Writes the package `cordon-cli handover` writes (session::write_handover), of the plan
    /// as the map shows it, with the atlas drawn with `atlas`.
    void Handover(const HandoverChoice& choice, const render::AtlasOptions& atlas,
                  std::function<void(bool)> done = {});
    /// The report of the last export or hand-over package (tests).
    const nlohmann::json& ExportReport() const { return m_export_report; }
    void OpenRecent(std::size_t index);
    /// Asks whether to save unsaved changes; false: the planner cancelled (or a save runs).
    bool ConfirmDiscard();
    /// The window closes: a project without unsaved changes leaves no autosave behind, and
    /// the lock is let go.
    void Closing();

    void UseMenu(wxMenu* recent);
    void SetAutosaveSeconds(int seconds);
    /// For test scripts: the answer to "Recover unsaved changes?" when an open is quiet
    /// (unset: a quiet open does not ask and leaves the autosave copy where it is).
    void SetRecoverAnswer(std::optional<bool> answer) { m_recover_answer = answer; }
    /// Every change of the document (the autosave writes only when there is a new one).
    void Changed() { ++m_changes; }
    /// The last import (New Project), for the test state.
    const nlohmann::json& ImportReport() const { return m_import_report; }
    /// The import report another window (before the language switched) kept.
    void SetImportReport(const nlohmann::json& report) { m_import_report = report; }
    /// The import report dialog of the last import (not modal: its Select buttons select on
    /// the map while it stays open); null when there was no import.
    ImportReportDialog* NewImportReportDialog();

    /// A project was read and is now the document: the window shows it (before the
    /// document tells its listeners).
    std::function<void()> on_opened;
    /// The project was saved (the title changes).
    std::function<void()> on_saved;
    /// Selects the features of a layer for which an expression holds (the import report's
    /// click-through).
    std::function<void(FeatureLayer, const std::string&)> on_select_where;

private:
    void OnAutosave();

    Shell& m_shell;
    std::shared_ptr<Document> m_doc;
    wxFileHistory m_history;
    wxTimer m_autosave; ///< its own owner: a timer owned by the window sends it the events
    std::size_t m_changes = 0;
    std::size_t m_autosaved_changes = 0;
    std::optional<bool> m_recover_answer;
    nlohmann::json m_import_report;
    nlohmann::json m_export_report;
    std::string m_fallback_dir; ///< per-user folder for autosaves of read-only projects
    std::unique_ptr<LiveUpdates> m_live;
};

} // namespace cordon::gui
