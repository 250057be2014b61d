#include "ledger_controller.hpp"

#include "format.hpp"
#include "shell.hpp"
#include "task.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/ledger/screening.hpp>
#include <cordon/session/plan.hpp>

#include <wx/filedlg.h>
#include <wx/filename.h>
#include <wx/intl.h>

namespace cordon::gui {

namespace {

std::string FileName(const std::string& path) {
    return wxFileName(U(path)).GetFullName().utf8_string();
}

} // namespace

LedgerController::LedgerController(Shell& shell, std::shared_ptr<Document> doc)
    : m_shell(shell), m_doc(std::move(doc)) {}

void LedgerController::TakeReportsFrom(const LedgerController& other) {
    m_register_report = other.m_register_report;
    m_visits_report = other.m_visits_report;
    m_match_report = other.m_match_report;
}

void LedgerController::RunStep(const wxString& title, const std::string& step,
                               const nlohmann::json& parameters, const std::string& label,
                               std::function<nlohmann::json(geo::District&, Progress&)> work,
                               std::function<void(const nlohmann::json&)> report,
                               std::function<void(bool)> done) {
    if (!m_doc->HasProject()) {
        if (done) done(false);
        return;
    }
    auto copy = std::make_shared<geo::District>(*m_doc->district);
    auto figures = std::make_shared<nlohmann::json>();
    RunTask(
        m_shell.Window(), title,
        [copy, figures, work, step, parameters](Progress& progress) {
            *figures = work(*copy, progress);
            session::record_step(*copy, step, parameters, *figures);
        },
        [this, copy, figures, label, report, done, title](std::exception_ptr error) {
            if (error) {
                if (IsCancelled(error))
                    m_shell.ShowStatus(_("Cancelled: nothing was changed."));
                else
                    m_shell.ShowError(title, ErrorText(error));
                if (done) done(false);
                return;
            }
            m_doc->Replace(std::move(*copy), label);
            report(*figures);
            if (done) done(true);
        },
        !m_shell.Quiet());
}

void LedgerController::ImportRegister(const std::string& file,
                                      const ledger::ImportRegisterOptions& options,
                                      std::function<void(bool)> done) {
    RunStep(
        _("Importing the household register"), "households import",
        ledger::import_parameters(file, options), "import register " + FileName(file),
        [file, options](geo::District& d, Progress& progress) {
            return ledger::import_register(d, file, options, progress);
        },
        [this](const nlohmann::json& r) {
            m_register_report = r;
            m_shell.ShowStatus(wxString::Format(
                _("Register imported: %s households, %s matched (%s %%), %s ambiguous, %s "
                  "unmatched"),
                FormatNumber(r.value("households", 0.0)),
                FormatNumber(r.value("matched_total", 0.0)),
                FormatNumber(r.value("match_rate", 0.0), 1),
                FormatNumber(r.value("ambiguous", 0.0)), FormatNumber(r.value("unmatched", 0.0))));
        },
        std::move(done));
}

bool LedgerController::Match(const std::string& key, const std::string& building) {
    if (!m_doc->HasProject()) return false;
    geo::District copy = *m_doc->district;
    nlohmann::json r;
    try {
        r = ledger::match_household(copy, key, building);
        session::record_step(copy, "households match", {{"household", key}, {"building", building}},
                             r);
    } catch (const std::exception& e) {
        m_shell.ShowError(_("Cannot match the household"), U(e.what()));
        return false;
    }
    m_doc->Replace(std::move(copy), "match household " + key + " to building " + building);
    m_match_report = r;
    m_shell.ShowStatus(wxString::Format(_("Household %s matched to building %s by hand; kept for "
                                          "later imports."),
                                        U(key), U(building)));
    return true;
}

void LedgerController::ImportVisits(const std::string& file, const ledger::RegisterOptions& options,
                                    std::function<void(bool)> done) {
    nlohmann::json parameters = {{"file", file}};
    if (!options.columns.empty()) parameters["columns"] = options.columns;
    RunStep(
        _("Importing visits"), "screening import", parameters, "import visits " + FileName(file),
        [file, options](geo::District& d, Progress& progress) {
            return ledger::import_visits(d, file, options, progress);
        },
        [this](const nlohmann::json& r) {
            m_visits_report = r;
            m_shell.ShowStatus(wxString::Format(_("Visits imported: %s added, %s in the project"),
                                                FormatNumber(r.value("visits_added", 0.0)),
                                                FormatNumber(r.value("visits_total", 0.0))));
        },
        std::move(done));
}

void LedgerController::AskImportVisits() {
    if (!m_doc->HasProject()) return;
    wxFileDialog dialog(m_shell.Window(), _("Import visits of the screening"), wxEmptyString,
                        wxEmptyString,
                        _("Spreadsheets (*.xlsx;*.xls;*.ods;*.csv)|*.xlsx;*.xls;*.ods;*.csv|All "
                          "files|*"),
                        wxFD_OPEN | wxFD_FILE_MUST_EXIST);
    if (dialog.ShowModal() != wxID_OK) return;
    ImportVisits(dialog.GetPath().utf8_string(), {});
}

} // namespace cordon::gui
