#pragma once
// The household ledger's dialogs (issue 14): the register import wizard (file, sheet and
// encoding; the columns' roles with a preview of the first rows; personal data), whose choices
// are those of `cordon-cli households import`; and the households on no building (ambiguous or
// unmatched, with the reason), where the planner matches one by hand to a building picked on
// the map or given by id.

#include <cordon/gui/document.hpp>
#include <cordon/ledger/ledger.hpp>

#include <nlohmann/json.hpp>
#include <wx/dialog.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

class wxButton;
class wxCheckBox;
class wxChoice;
class wxListCtrl;
class wxSimplebook;
class wxStaticText;
class wxTextCtrl;

namespace cordon::gui {

/// Why a household is on no building (the ledger's reason) in the UI language.
wxString HouseholdReasonText(const std::string& reason);

class RegisterWizard : public wxDialog {
public:
    enum Page { file_page, columns_page, personal_page, page_count };

    explicit RegisterWizard(wxWindow* parent);

    /// The pages' choices as the planner makes them (the test script calls these too). SetFile
    /// throws InputError for a file that is not a spreadsheet; the others take any choice and
    /// show what is wrong with it in the preview.
    void SetFile(const std::string& file);
    void SetSheet(const std::string& sheet);       ///< "": the first with a register
    void SetEncoding(const std::string& encoding); ///< "", "utf8" or "gbk"
    void SetColumn(const std::string& role, const std::string& column); ///< "": none
    void SetKeepPersonal(bool keep);
    void ShowPage(int page);

    const std::string& File() const { return m_file; }
    const ledger::ImportRegisterOptions& Options() const { return m_options; }
    /// The cordon-cli command that imports the same (PROJECT for the project).
    std::vector<std::string> CommandLine() const;
    /// Page, file, sheets, the columns' roles, the preview and the command line, for tests.
    nlohmann::json State() const;

private:
    wxWindow* BuildFilePage(wxWindow* book);
    wxWindow* BuildColumnsPage(wxWindow* book);
    wxWindow* BuildPersonalPage(wxWindow* book);
    void ReadPreview(); ///< the register read again with the choices as they are
    void FillColumns();
    void FillPreview();
    void UpdateSummary();
    void UpdateButtons();

    std::string m_file;
    std::vector<std::string> m_sheets;
    ledger::ImportRegisterOptions m_options;
    std::optional<ledger::RegisterTable> m_table;
    std::string m_error;
    int m_page = file_page;
    std::vector<std::string> m_roles; ///< the roles the columns page offers, in order

    wxStaticText* m_title = nullptr;
    wxSimplebook* m_book = nullptr;
    wxButton* m_back = nullptr;
    wxButton* m_next = nullptr;
    wxButton* m_finish = nullptr;
    wxTextCtrl* m_path = nullptr;
    wxChoice* m_sheet = nullptr;
    wxChoice* m_encoding = nullptr;
    wxStaticText* m_file_info = nullptr;
    std::vector<wxChoice*> m_role_choices;
    wxListCtrl* m_preview = nullptr;
    wxStaticText* m_preview_info = nullptr;
    wxCheckBox* m_keep = nullptr;
    wxTextCtrl* m_summary = nullptr;
};

/// The households on no building, not modal: the planner picks a building on the map (the
/// window tells it with SetBuilding) or types its id, and matches the selected household.
class HouseholdsDialog : public wxDialog {
public:
    HouseholdsDialog(wxWindow* parent, const Document& doc);
    /// The list again from the district (after an import, a match, undo).
    void Update();
    /// Selects the row of household `key`; false when no such household is listed.
    bool SelectKey(const std::string& key);
    /// The building to match to (an id picked on the map).
    void SetBuilding(geo::Id id);
    void SetBuildingText(const std::string& building);
    /// The Match button: the selected household to the building given; false when either is
    /// missing or the match is refused.
    bool MatchSelected();
    std::function<bool(const std::string& key, const std::string& building)> on_match;
    /// The rows as shown and the counts, for tests.
    nlohmann::json State() const;

private:
    std::string SelectedKey() const;
    const Document& m_doc;
    std::vector<std::string> m_keys; ///< per row
    wxStaticText* m_summary = nullptr;
    wxListCtrl* m_list = nullptr;
    wxTextCtrl* m_building = nullptr;
    wxButton* m_match = nullptr;
};

} // namespace cordon::gui
