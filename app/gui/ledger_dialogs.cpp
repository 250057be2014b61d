#include "ledger_dialogs.hpp"

#include "dialog_buttons.hpp"
#include "format.hpp"
#include "shell.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/text_encoding.hpp>
#include <cordon/ledger/personal.hpp>
#include <cordon/ledger/register_file.hpp>

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/filedlg.h>
#include <wx/intl.h>
#include <wx/listctrl.h>
#include <wx/msgdlg.h>
#include <wx/simplebook.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <algorithm>
#include <regex>

namespace cordon::gui {

namespace {

constexpr std::size_t k_preview_rows = 20;
const char* const k_encodings[] = {"", "utf8", "gbk"};

wxString EncodingTitle(int i) {
    const wxString titles[] = {_("Detect (UTF-8, else GBK)"), "UTF-8",
                               _("GBK (Chinese Windows, GB18030)")};
    return titles[i];
}

/// A register column's role in the UI language.
wxString RoleTitle(const std::string& role) {
    if (role == "household") return _("Household key");
    if (role == "community") return _("Community");
    if (role == "grid") return _("Grid");
    if (role == "compound") return _("Compound");
    if (role == "building") return _("Building number");
    if (role == "building_code") return _("Building code");
    if (role == "unit") return _("Unit");
    if (role == "room") return _("Room");
    if (role == "address") return _("Address");
    if (role == "category") return _("Category");
    if (role == "members") return _("Members");
    if (role == "vacant") return _("Vacant");
    if (role == "registered") return _("Registered on");
    if (role == "name") return _("Head of household");
    if (role == "id_number") return _("ID number");
    if (role == "phone") return _("Phone");
    return U(role);
}

wxString PageTitle(int page) {
    switch (page) {
    case RegisterWizard::file_page:
        return _("1. Register file, sheet and encoding");
    case RegisterWizard::columns_page:
        return _("2. What each column holds");
    default:
        return _("3. Personal data");
    }
}

/// The encoding the register was read in ("GBK (detected)") in the UI language.
wxString EncodingText(const std::string& encoding) {
    const std::string detected = " (detected)";
    if (encoding.size() > detected.size() &&
        encoding.compare(encoding.size() - detected.size(), detected.size(), detected) == 0)
        return U(encoding.substr(0, encoding.size() - detected.size())) + " " + _("(detected)");
    return U(encoding);
}

/// What a cell shows in the preview: personal data masked, as the project would keep it.
std::string PreviewCell(const std::string& role, const std::string& cell) {
    if (role == "name") return ledger::mask_name(cell);
    if (role == "id_number") return ledger::mask_id_number(cell);
    if (role == "phone") return ledger::mask_phone(cell);
    return cell;
}

/// What an ambiguous row fits by (matching.cpp's decide()): its code, compound and building,
/// or address.
wxString WhatText(const std::string& text) {
    std::smatch m;
    static const std::regex code("code '(.*)'"), compound("compound '(.*)' building '(.*)'"),
        address("address '(.*)'");
    if (std::regex_match(text, m, code)) return wxString::Format(_("code '%s'"), U(m[1].str()));
    if (std::regex_match(text, m, compound))
        return wxString::Format(_("compound '%s' building '%s'"), U(m[1].str()), U(m[2].str()));
    if (std::regex_match(text, m, address))
        return wxString::Format(_("address '%s'"), U(m[1].str()));
    return U(text);
}

} // namespace

wxString HouseholdReasonText(const std::string& reason) {
    if (CurrentLanguage() == UiLanguage::en) return U(reason);
    // The ledger's reasons (ledger/src/matching.cpp) phrase by phrase.
    using M = std::smatch;
    struct Phrase {
        std::regex pattern;
        std::function<wxString(const M&)> say;
    };
    const auto s = [](const M& m, std::size_t i) { return U(m[i].str()); };
    static const std::vector<Phrase> parts = {
        {std::regex("no building has the code '(.*)'"),
         [=](const M& m) { return wxString::Format(_("no building has the code '%s'"), s(m, 1)); }},
        {std::regex("no compound is called '(.*)'"),
         [=](const M& m) { return wxString::Format(_("no compound is called '%s'"), s(m, 1)); }},
        {std::regex("compound '(.*)' but no building number"),
         [=](const M& m) {
             return wxString::Format(_("compound '%s' but no building number"), s(m, 1));
         }},
        {std::regex("compound '(.*)' has no building '(.*)'"),
         [=](const M& m) {
             return wxString::Format(_("compound '%s' has no building '%s'"), s(m, 1), s(m, 2));
         }},
        {std::regex("compound '(.*)' has building '(.*)' only outside community '(.*)'"),
         [=](const M& m) {
             return wxString::Format(_("compound '%s' has building '%s' only outside community "
                                       "'%s'"),
                                     s(m, 1), s(m, 2), s(m, 3));
         }},
        {std::regex("no building at '(.*)'"),
         [=](const M& m) { return wxString::Format(_("no building at '%s'"), s(m, 1)); }},
        {std::regex("address '(.*)' names no known building"),
         [=](const M& m) {
             return wxString::Format(_("address '%s' names no known building"), s(m, 1));
         }},
        {std::regex("names no compound, building, address or code"),
         [=](const M&) { return _("names no compound, building, address or code"); }},
        {std::regex("(\\d+) buildings fit (.*) \\(ids (.*)\\)"),
         [=](const M& m) {
             return wxString::Format(_("%s buildings fit %s (ids %s)"), s(m, 1),
                                     WhatText(m[2].str()), s(m, 3));
         }},
    };
    std::string rest = reason;
    int kind = 0; // 1 ambiguous, 2 unmatched
    if (rest.rfind("ambiguous: ", 0) == 0 || rest.rfind("unmatched: ", 0) == 0) {
        kind = rest[0] == 'a' ? 1 : 2;
        rest = rest.substr(11);
    }
    wxString out;
    std::size_t at = 0;
    bool first = true;
    while (at <= rest.size()) {
        const std::size_t end = std::min(rest.find("; ", at), rest.size());
        const std::string part = rest.substr(at, end - at);
        wxString said = U(part);
        M m;
        for (const auto& p : parts)
            if (std::regex_match(part, m, p.pattern)) {
                said = p.say(m);
                break;
            }
        out += (first ? "" : U("；")) + said;
        first = false;
        at = end + 2;
    }
    return kind == 1   ? wxString::Format(_("ambiguous: %s"), out)
           : kind == 2 ? wxString::Format(_("unmatched: %s"), out)
                       : out;
}

// --- The register wizard -----------------------------------------------------------------------

RegisterWizard::RegisterWizard(wxWindow* parent)
    : wxDialog(parent, wxID_ANY, _("Import Household Register"), wxDefaultPosition,
               wxSize(1040, 700), wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER) {
    for (const std::string& role : ledger::register_roles)
        if (role != "date" && role != "result" && role != "note") m_roles.push_back(role);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    m_title = new wxStaticText(this, wxID_ANY, wxEmptyString);
    m_title->SetFont(m_title->GetFont().Bold().Larger());
    sizer->Add(m_title, 0, wxALL, 10);
    m_book = new wxSimplebook(this);
    m_book->AddPage(BuildFilePage(m_book), wxEmptyString);
    m_book->AddPage(BuildColumnsPage(m_book), wxEmptyString);
    m_book->AddPage(BuildPersonalPage(m_book), wxEmptyString);
    sizer->Add(m_book, 1, wxEXPAND | wxLEFT | wxRIGHT, 10);
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    m_back = new wxButton(this, wxID_BACKWARD, _("< &Back"));
    m_next = new wxButton(this, wxID_FORWARD, _("&Next >"));
    m_finish = new wxButton(this, wxID_OK, _("&Import"));
    buttons->AddStretchSpacer();
    buttons->Add(m_back, 0, wxALL, 4);
    buttons->Add(m_next, 0, wxALL, 4);
    buttons->Add(m_finish, 0, wxALL, 4);
    buttons->Add(new wxButton(this, wxID_CANCEL, _("Cancel")), 0, wxALL, 4);
    sizer->Add(buttons, 0, wxEXPAND | wxALL, 6);
    SetSizer(sizer);
    m_back->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { ShowPage(m_page - 1); });
    m_next->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { ShowPage(m_page + 1); });
    m_finish->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (!m_table) return;
        if (IsModal()) EndModal(wxID_OK);
    });
    ShowPage(file_page);
}

wxWindow* RegisterWizard::BuildFilePage(wxWindow* book) {
    auto* page = new wxPanel(book);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(new wxStaticText(page, wxID_ANY,
                                _("A community office's household register: an XLSX, XLS, ODS or "
                                  "CSV file with one row per household.")),
               0, wxBOTTOM, 8);
    auto* grid = new wxFlexGridSizer(3, 6, 8);
    grid->AddGrowableCol(1);
    grid->Add(new wxStaticText(page, wxID_ANY, _("Register file:")), 0, wxALIGN_CENTER_VERTICAL);
    m_path = new wxTextCtrl(page, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                            wxTE_READONLY);
    grid->Add(m_path, 1, wxEXPAND);
    auto* browse = new wxButton(page, wxID_ANY, _("&Browse..."));
    grid->Add(browse);
    grid->Add(new wxStaticText(page, wxID_ANY, _("Sheet:")), 0, wxALIGN_CENTER_VERTICAL);
    m_sheet = new wxChoice(page, wxID_ANY);
    grid->Add(m_sheet, 0, wxEXPAND);
    grid->AddSpacer(0);
    grid->Add(new wxStaticText(page, wxID_ANY, _("Text encoding (CSV):")), 0,
              wxALIGN_CENTER_VERTICAL);
    m_encoding = new wxChoice(page, wxID_ANY);
    for (int i = 0; i < 3; ++i)
        m_encoding->Append(EncodingTitle(i));
    m_encoding->SetSelection(0);
    grid->Add(m_encoding, 0, wxEXPAND);
    grid->AddSpacer(0);
    sizer->Add(grid, 0, wxEXPAND | wxBOTTOM, 10);
    m_file_info = new wxStaticText(page, wxID_ANY, wxEmptyString);
    sizer->Add(m_file_info, 0, wxEXPAND);
    page->SetSizer(sizer);
    browse->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        wxFileDialog dialog(this, _("Choose the household register"), wxEmptyString, wxEmptyString,
                            _("Registers (*.xlsx;*.xls;*.ods;*.csv)|*.xlsx;*.xls;*.ods;*.csv|All "
                              "files|*"),
                            wxFD_OPEN | wxFD_FILE_MUST_EXIST);
        if (dialog.ShowModal() != wxID_OK) return;
        try {
            SetFile(dialog.GetPath().utf8_string());
        } catch (const std::exception& e) {
            wxMessageBox(U(e.what()), _("Import Household Register"), wxOK | wxICON_ERROR, this);
        }
    });
    m_sheet->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) {
        const int i = m_sheet->GetSelection();
        SetSheet(i <= 0 ? std::string() : m_sheets[static_cast<std::size_t>(i - 1)]);
    });
    m_encoding->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) {
        SetEncoding(k_encodings[std::max(0, m_encoding->GetSelection())]);
    });
    return page;
}

wxWindow* RegisterWizard::BuildColumnsPage(wxWindow* book) {
    auto* page = new wxPanel(book);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(new wxStaticText(page, wxID_ANY,
                                _("The column each role is read from; the guesses from the "
                                  "headers are preselected. Names, ID numbers and phones are "
                                  "shown masked.")),
               0, wxBOTTOM, 8);
    auto* grid = new wxFlexGridSizer(6, 4, 12);
    for (std::size_t i = 0; i < m_roles.size(); ++i) {
        grid->Add(new wxStaticText(page, wxID_ANY, RoleTitle(m_roles[i]) + ":"), 0,
                  wxALIGN_CENTER_VERTICAL);
        auto* choice = new wxChoice(page, wxID_ANY, wxDefaultPosition, wxSize(150, -1));
        grid->Add(choice, 0, wxEXPAND);
        m_role_choices.push_back(choice);
        choice->Bind(wxEVT_CHOICE, [this, i](wxCommandEvent&) {
            const int k = m_role_choices[i]->GetSelection();
            const auto& headers = m_table ? m_table->headers : std::vector<std::string>{};
            SetColumn(m_roles[i], k <= 0 || static_cast<std::size_t>(k) > headers.size()
                                      ? std::string()
                                      : headers[static_cast<std::size_t>(k - 1)]);
        });
    }
    sizer->Add(grid, 0, wxBOTTOM, 10);
    m_preview = new wxListCtrl(page, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                               wxLC_REPORT | wxLC_HRULES | wxLC_VRULES);
    sizer->Add(m_preview, 1, wxEXPAND);
    m_preview_info = new wxStaticText(page, wxID_ANY, wxEmptyString);
    sizer->Add(m_preview_info, 0, wxEXPAND | wxTOP, 6);
    page->SetSizer(sizer);
    return page;
}

wxWindow* RegisterWizard::BuildPersonalPage(wxWindow* book) {
    auto* page = new wxPanel(book);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(new wxStaticText(page, wxID_ANY,
                                _("Names, ID numbers and phones stay in the register file: the "
                                  "project keeps none of them unless you ask. Kept, they are "
                                  "masked (张*明, 5101**********1234, 138****5678) and never "
                                  "exported, handed over or printed.")),
               0, wxEXPAND | wxBOTTOM, 8);
    m_keep = new wxCheckBox(page, wxID_ANY,
                            _("&Keep names, ID numbers and phones in the project, masked"));
    sizer->Add(m_keep, 0, wxBOTTOM, 12);
    sizer->Add(new wxStaticText(page, wxID_ANY,
                                _("What will be imported (the same as this cordon-cli "
                                  "command):")),
               0, wxBOTTOM, 4);
    m_summary = new wxTextCtrl(page, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                               wxTE_MULTILINE | wxTE_READONLY);
    sizer->Add(m_summary, 1, wxEXPAND);
    page->SetSizer(sizer);
    m_keep->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) { SetKeepPersonal(m_keep->GetValue()); });
    return page;
}

void RegisterWizard::SetFile(const std::string& file) {
    std::vector<std::string> sheets = ledger::register_sheets(file); // throws: not a spreadsheet
    m_file = file;
    m_sheets = std::move(sheets);
    m_options.read.sheet.clear();
    m_options.read.columns.clear();
    m_path->SetValue(U(file));
    m_sheet->Clear();
    m_sheet->Append(m_sheets.empty() ? _("(one table: a CSV file)")
                                     : _("The first sheet with a register"));
    for (const auto& s : m_sheets)
        m_sheet->Append(U(s));
    m_sheet->SetSelection(0);
    m_sheet->Enable(!m_sheets.empty());
    ReadPreview();
}

void RegisterWizard::SetSheet(const std::string& sheet) {
    m_options.read.sheet = sheet;
    m_options.read.columns.clear(); // another sheet's headers
    const auto it = std::find(m_sheets.begin(), m_sheets.end(), sheet);
    m_sheet->SetSelection(it == m_sheets.end() ? 0 : static_cast<int>(it - m_sheets.begin()) + 1);
    ReadPreview();
}

void RegisterWizard::SetEncoding(const std::string& encoding) {
    m_options.read.encoding = encoding.empty() ? std::nullopt : geo::encoding_from_name(encoding);
    int i = 0;
    while (
        i < 3 &&
        k_encodings[i] !=
            (m_options.read.encoding
                 ? std::string(*m_options.read.encoding == geo::TextEncoding::gbk ? "gbk" : "utf8")
                 : std::string()))
        ++i;
    m_encoding->SetSelection(std::min(i, 2));
    ReadPreview();
}

void RegisterWizard::SetColumn(const std::string& role, const std::string& column) {
    if (std::find(m_roles.begin(), m_roles.end(), role) == m_roles.end())
        throw InputError("no register role '" + role + "'");
    m_options.read.columns[role] = column;
    ReadPreview();
}

void RegisterWizard::SetKeepPersonal(bool keep) {
    m_options.keep_personal = keep;
    m_keep->SetValue(keep);
    UpdateSummary();
}

void RegisterWizard::ReadPreview() {
    m_table.reset();
    m_error.clear();
    if (!m_file.empty()) try {
            m_table = ledger::read_register(m_file, m_options.read);
            const auto& r = m_table->roles;
            if (!r.count("compound") && !r.count("building") && !r.count("address") &&
                !r.count("building_code"))
                m_error = m_table->where(m_table->header_row, -1) +
                          ": no column says where a household lives (compound, building, "
                          "address or building_code)";
        } catch (const std::exception& e) {
            m_error = e.what();
            m_table.reset();
        }
    if (!m_error.empty()) m_table.reset();
    wxString info;
    if (!m_error.empty())
        info = U(m_error);
    else if (m_table)
        info = wxString::Format(_("Encoding %s; header in row %d; %s rows below it."),
                                EncodingText(m_table->encoding), m_table->header_row,
                                FormatNumber(static_cast<double>(m_table->rows.size())));
    m_file_info->SetLabel(info);
    m_file_info->Wrap(900);
    m_file_info->SetForegroundColour(m_error.empty() ? GetForegroundColour() : *wxRED);
    FillColumns();
    FillPreview();
    UpdateSummary();
    UpdateButtons();
}

void RegisterWizard::FillColumns() {
    for (std::size_t i = 0; i < m_roles.size(); ++i) {
        wxChoice* choice = m_role_choices[i];
        choice->Clear();
        choice->Append(_("(none)"));
        int selected = 0;
        if (m_table) {
            for (const auto& h : m_table->headers)
                choice->Append(h.empty() ? wxString("-") : U(h));
            const auto it = m_table->roles.find(m_roles[i]);
            if (it != m_table->roles.end()) selected = it->second + 1;
        }
        choice->SetSelection(selected);
        choice->Enable(m_table.has_value());
    }
}

void RegisterWizard::FillPreview() {
    m_preview->ClearAll();
    if (!m_table) {
        m_preview_info->SetLabel(U(m_error));
        m_preview_info->SetForegroundColour(*wxRED);
        return;
    }
    std::vector<std::string> role_of(m_table->headers.size());
    for (const auto& [role, c] : m_table->roles)
        if (static_cast<std::size_t>(c) < role_of.size())
            role_of[static_cast<std::size_t>(c)] = role;
    for (std::size_t c = 0; c < m_table->headers.size(); ++c) {
        // The header, and the role read from it when the header does not say it already.
        const wxString header = U(m_table->headers[c]);
        const wxString role = role_of[c].empty() ? wxString() : RoleTitle(role_of[c]);
        const wxString head = role.empty() || role == header ? header : header + U(" → ") + role;
        m_preview->AppendColumn(head, wxLIST_FORMAT_LEFT, role_of[c].empty() ? 80 : 170);
    }
    const std::size_t n = std::min(k_preview_rows, m_table->rows.size());
    for (std::size_t r = 0; r < n; ++r) {
        const auto& row = m_table->rows[r];
        const long item = m_preview->InsertItem(static_cast<long>(r), wxEmptyString);
        for (std::size_t c = 0; c < m_table->headers.size() && c < row.cells.size(); ++c)
            m_preview->SetItem(item, static_cast<long>(c),
                               U(PreviewCell(role_of[c], row.cells[c])));
    }
    wxString info = wxString::Format(
        _("The first %s of %s rows (sheet row %d on)."), FormatNumber(static_cast<double>(n)),
        FormatNumber(static_cast<double>(m_table->rows.size())), m_table->header_row + 1);
    if (!m_table->skipped_rows.empty())
        info +=
            " " + wxString::Format(_("Title rows above the header left out: %s."),
                                   FormatNumber(static_cast<double>(m_table->skipped_rows.size())));
    if (!m_table->warnings.empty())
        info += " " + wxString::Format(_("%s cells will be left out (warnings in the report)."),
                                       FormatNumber(static_cast<double>(m_table->warnings.size())));
    m_preview_info->SetLabel(info);
    m_preview_info->SetForegroundColour(GetForegroundColour());
}

std::vector<std::string> RegisterWizard::CommandLine() const {
    std::vector<std::string> words{"cordon-cli", "households", "import", "PROJECT",
                                   m_file.empty() ? "FILE" : m_file};
    const nlohmann::json p = ledger::import_parameters(m_file, m_options);
    if (p.contains("sheet")) words.insert(words.end(), {"--sheet", p["sheet"]});
    if (p.contains("encoding")) words.insert(words.end(), {"--encoding", p["encoding"]});
    if (p.contains("columns"))
        for (const auto& [role, column] : p["columns"].items())
            words.insert(words.end(), {"--column", role + "=" + column.get<std::string>()});
    if (m_options.keep_personal) words.push_back("--keep-personal");
    return words;
}

void RegisterWizard::UpdateSummary() {
    wxString text;
    for (const std::string& w : CommandLine()) {
        const bool quote = w.find_first_of(" '\"") != std::string::npos || w.empty();
        text += (text.empty() ? "" : " ") + (quote ? "'" + U(w) + "'" : U(w));
    }
    text += "\n\n" + (m_options.keep_personal ? _("Personal data: kept, masked.")
                                              : _("Personal data: not stored in the project."));
    m_summary->SetValue(text);
}

void RegisterWizard::UpdateButtons() {
    m_back->Enable(m_page > file_page);
    m_next->Enable(m_page + 1 < page_count && m_table.has_value());
    m_finish->Enable(m_table.has_value());
}

void RegisterWizard::ShowPage(int page) {
    m_page = std::clamp(page, 0, page_count - 1);
    m_book->SetSelection(static_cast<std::size_t>(m_page));
    m_title->SetLabel(PageTitle(m_page));
    UpdateButtons();
    Layout();
}

nlohmann::json RegisterWizard::State() const {
    nlohmann::json s;
    s["page"] = m_page;
    s["file"] = m_file;
    s["sheets"] = m_sheets;
    s["error"] = m_error;
    s["command_line"] = CommandLine();
    s["keep_personal"] = m_options.keep_personal;
    if (m_table) {
        nlohmann::json roles = nlohmann::json::object();
        for (const auto& [role, c] : m_table->roles)
            roles[role] = m_table->headers[static_cast<std::size_t>(c)];
        s["roles"] = roles;
        s["header_row"] = m_table->header_row;
        s["rows"] = m_table->rows.size();
        s["encoding"] = m_table->encoding;
    }
    nlohmann::json columns = nlohmann::json::array();
    for (int c = 0; c < m_preview->GetColumnCount(); ++c) {
        wxListItem item;
        item.SetMask(wxLIST_MASK_TEXT);
        m_preview->GetColumn(c, item);
        columns.push_back(item.GetText().utf8_string());
    }
    s["preview_columns"] = columns;
    nlohmann::json rows = nlohmann::json::array();
    for (long r = 0; r < m_preview->GetItemCount(); ++r) {
        nlohmann::json row = nlohmann::json::array();
        for (int c = 0; c < m_preview->GetColumnCount(); ++c)
            row.push_back(m_preview->GetItemText(r, c).utf8_string());
        rows.push_back(row);
    }
    s["preview_rows"] = rows;
    return s;
}

// --- Households on no building -----------------------------------------------------------------

HouseholdsDialog::HouseholdsDialog(wxWindow* parent, const Document& doc)
    : wxDialog(parent, wxID_ANY, _("Households on No Building"), wxDefaultPosition,
               wxSize(1100, 600), wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      m_doc(doc) {
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    m_summary = new wxStaticText(this, wxID_ANY, wxEmptyString);
    sizer->Add(m_summary, 0, wxEXPAND | wxALL, 8);
    m_list = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                            wxLC_REPORT | wxLC_SINGLE_SEL | wxLC_HRULES);
    m_list->AppendColumn(_("Row"), wxLIST_FORMAT_RIGHT, 50);
    m_list->AppendColumn(_("Household key"), wxLIST_FORMAT_LEFT, 100);
    m_list->AppendColumn(_("Community"), wxLIST_FORMAT_LEFT, 100);
    m_list->AppendColumn(_("Compound"), wxLIST_FORMAT_LEFT, 140);
    m_list->AppendColumn(_("Building"), wxLIST_FORMAT_LEFT, 80);
    m_list->AppendColumn(_("Unit"), wxLIST_FORMAT_LEFT, 70);
    m_list->AppendColumn(_("Address"), wxLIST_FORMAT_LEFT, 150);
    m_list->AppendColumn(_("Why"), wxLIST_FORMAT_LEFT, 400);
    sizer->Add(m_list, 1, wxEXPAND | wxLEFT | wxRIGHT, 8);
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    row->Add(new wxStaticText(this, wxID_ANY, _("Building (click it on the map, or type its id):")),
             0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    m_building = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxSize(120, -1));
    row->Add(m_building, 0, wxRIGHT, 8);
    m_match = new wxButton(this, wxID_ANY, _("&Match the Selected Household"));
    row->Add(m_match, 0, wxRIGHT, 8);
    row->AddStretchSpacer();
    row->Add(new wxButton(this, wxID_CLOSE, _("Close")));
    sizer->Add(row, 0, wxEXPAND | wxALL, 8);
    SetSizer(sizer);
    m_match->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { MatchSelected(); });
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { Hide(); }, wxID_CLOSE);
    Update();
}

void HouseholdsDialog::Update() {
    const std::string keep = SelectedKey();
    const geo::District& d = *m_doc.district;
    const auto listing = ledger::list_households(d, ledger::ListFilter::unmatched);
    const auto column = [&](const char* name) {
        return static_cast<std::size_t>(
            std::find(listing.columns.begin(), listing.columns.end(), name) -
            listing.columns.begin());
    };
    const std::size_t c_key = column("key"), c_row = column("row"),
                      c_community = column("community"), c_compound = column("compound"),
                      c_building = column("building"), c_unit = column("unit"),
                      c_address = column("address"), c_reason = column("reason");
    m_list->Freeze();
    m_list->DeleteAllItems();
    m_keys.clear();
    std::size_t ambiguous = 0;
    for (const auto& r : listing.rows) {
        const long item = m_list->InsertItem(m_list->GetItemCount(), U(r[c_row]));
        m_list->SetItem(item, 1, U(r[c_key]));
        m_list->SetItem(item, 2, U(r[c_community]));
        m_list->SetItem(item, 3, U(r[c_compound]));
        m_list->SetItem(item, 4, U(r[c_building]));
        m_list->SetItem(item, 5, U(r[c_unit]));
        m_list->SetItem(item, 6, U(r[c_address]));
        m_list->SetItem(item, 7, HouseholdReasonText(r[c_reason]));
        m_keys.push_back(r[c_key]);
        if (r[c_reason].rfind("ambiguous", 0) == 0) ++ambiguous;
    }
    m_list->Thaw();
    m_summary->SetLabel(wxString::Format(
        _("%s households in the register; %s on no building: %s ambiguous (more than one "
          "building fits), %s unmatched. Select one, pick its building, Match: the match is kept "
          "for the next register."),
        FormatNumber(static_cast<double>(d.households.size())),
        FormatNumber(static_cast<double>(listing.rows.size())),
        FormatNumber(static_cast<double>(ambiguous)),
        FormatNumber(static_cast<double>(listing.rows.size() - ambiguous))));
    m_summary->Wrap(1050);
    if (!keep.empty()) SelectKey(keep);
    Layout();
}

std::string HouseholdsDialog::SelectedKey() const {
    const long r = m_list->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
    return r < 0 || static_cast<std::size_t>(r) >= m_keys.size()
               ? std::string()
               : m_keys[static_cast<std::size_t>(r)];
}

bool HouseholdsDialog::SelectKey(const std::string& key) {
    for (std::size_t r = 0; r < m_keys.size(); ++r)
        if (m_keys[r] == key) {
            m_list->SetItemState(static_cast<long>(r), wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
                                 wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
            m_list->EnsureVisible(static_cast<long>(r));
            return true;
        }
    return false;
}

void HouseholdsDialog::SetBuilding(geo::Id id) {
    m_building->SetValue(wxString::Format("%lld", static_cast<long long>(id)));
}

void HouseholdsDialog::SetBuildingText(const std::string& building) {
    m_building->SetValue(U(building));
}

bool HouseholdsDialog::MatchSelected() {
    const std::string key = SelectedKey();
    wxString building = m_building->GetValue();
    building.Trim().Trim(false);
    if (key.empty() || building.empty() || !on_match) {
        wxBell();
        return false;
    }
    return on_match(key, building.utf8_string());
}

nlohmann::json HouseholdsDialog::State() const {
    nlohmann::json s;
    s["summary"] = m_summary->GetLabel().utf8_string();
    s["keys"] = m_keys;
    s["building"] = m_building->GetValue().utf8_string();
    nlohmann::json reasons = nlohmann::json::array();
    for (long r = 0; r < std::min<long>(m_list->GetItemCount(), 20); ++r)
        reasons.push_back(m_list->GetItemText(r, 7).utf8_string());
    s["reasons"] = reasons;
    return s;
}

} // namespace cordon::gui
