#pragma once
// The household ledger from the window (issue 14): a register imported (the wizard's choices,
// the same call as `cordon-cli households import`) and visits imported (as `screening import`)
// off the UI thread on a copy of the district, a household matched by hand (as `households
// match`); each undoable and recorded in the project's history.

#include <cordon/gui/document.hpp>
#include <cordon/ledger/ledger.hpp>

#include <nlohmann/json.hpp>
#include <wx/string.h>

#include <functional>
#include <memory>
#include <string>

namespace cordon::gui {

class Shell;

class LedgerController {
public:
    LedgerController(Shell& shell, std::shared_ptr<Document> doc);

    /// Imports the register `file` off the UI thread; `done` gets whether it worked.
    void ImportRegister(const std::string& file, const ledger::ImportRegisterOptions& options,
                        std::function<void(bool)> done = {});
    /// Matches the household `key` to building `building` (its id or source id); shows why
    /// not and returns false when it cannot.
    bool Match(const std::string& key, const std::string& building);
    /// Imports the visits of `file` off the UI thread.
    void ImportVisits(const std::string& file, const ledger::RegisterOptions& options,
                      std::function<void(bool)> done = {});

    /// The menu's commands, with their file dialogs.
    void AskImportVisits();

    /// The last reports (for the test state and another window after the language switched).
    const nlohmann::json& RegisterReport() const { return m_register_report; }
    const nlohmann::json& VisitsReport() const { return m_visits_report; }
    const nlohmann::json& MatchReport() const { return m_match_report; }
    void TakeReportsFrom(const LedgerController& other);

private:
    /// Runs `step` (its name and parameters as the history records them) on a copy of the
    /// district off the UI thread; the copy replaces the district, undoable as `label`.
    void RunStep(const wxString& title, const std::string& step, const nlohmann::json& parameters,
                 const std::string& label,
                 std::function<nlohmann::json(geo::District&, Progress&)> work,
                 std::function<void(const nlohmann::json&)> report, std::function<void(bool)> done);

    Shell& m_shell;
    std::shared_ptr<Document> m_doc;
    nlohmann::json m_register_report;
    nlohmann::json m_visits_report;
    nlohmann::json m_match_report;
};

} // namespace cordon::gui
