#include "live_updates.hpp"

#include "dialog_buttons.hpp"
#include "features.hpp"
#include "format.hpp"
#include "shell.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/pg_store.hpp>
#include <cordon/geo/project_store.hpp>

#include <wx/bitmap.h>
#include <wx/button.h>
#include <wx/dcclient.h>
#include <wx/dcmemory.h>
#include <wx/listctrl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/stdpaths.h>
#include <wx/textctrl.h>
#include <wx/utils.h>

#include <filesystem>
#include <map>
#include <set>

namespace cordon::gui {

namespace {

std::int64_t NowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// A table of the database as a layer of the window (none for the ledger's tables).
std::optional<FeatureLayer> LayerOf(const std::string& table) {
    FeatureLayer layer;
    if (layer_from_key(table, layer)) return layer;
    return std::nullopt;
}

wxString LayerWord(const std::string& table) {
    if (auto layer = LayerOf(table)) return LayerTitle(*layer);
    return U(table);
}

/// Where the district's features of a layer lie: "x, y" of the box's centre, for the
/// conflict dialog (a moved feature shows).
wxString Position(const geo::District& d, FeatureLayer layer, geo::Id id) {
    const geo::Box box = FeaturesBox(d, layer, {id});
    if (box.empty()) return "-";
    const geo::Point c = box.centre();
    return wxString::Format("%.1f, %.1f", c.x, c.y);
}

} // namespace

// --- Dialogs ----------------------------------------------------------------------------------

ConflictDialog::ConflictDialog(wxWindow* parent, const wxString& message,
                               const std::vector<std::tuple<wxString, wxString, wxString>>& rows)
    : wxDialog(parent, wxID_ANY, _("Someone else changed this feature"), wxDefaultPosition,
               wxDefaultSize, wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER) {
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* text = new wxStaticText(this, wxID_ANY, message);
    text->Wrap(FromDIP(560));
    sizer->Add(text, 0, wxALL | wxEXPAND, FromDIP(10));
    auto* list = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, FromDIP(wxSize(600, 260)),
                                wxLC_REPORT | wxLC_SINGLE_SEL);
    list->AppendColumn(_("Attribute"), wxLIST_FORMAT_LEFT, FromDIP(170));
    list->AppendColumn(_("Yours (not saved)"), wxLIST_FORMAT_LEFT, FromDIP(200));
    list->AppendColumn(_("Theirs (in the database)"), wxLIST_FORMAT_LEFT, FromDIP(200));
    long r = 0;
    for (const auto& [name, mine, theirs] : rows) {
        list->InsertItem(r, name);
        list->SetItem(r, 1, mine);
        list->SetItem(r, 2, theirs);
        if (mine != theirs) {
            list->SetItemBackgroundColour(r, wxColour(255, 236, 179));
            wxFont bold = list->GetFont();
            bold.SetWeight(wxFONTWEIGHT_BOLD);
            list->SetItemFont(r, bold);
        }
        ++r;
    }
    sizer->Add(list, 1, wxLEFT | wxRIGHT | wxEXPAND, FromDIP(10));
    auto* hint = new wxStaticText(
        this, wxID_ANY,
        _("Keep mine: your version is saved over theirs. Take theirs: your change of this "
          "feature is replaced by theirs (Edit > Undo brings yours back)."));
    hint->Wrap(FromDIP(560));
    sizer->Add(hint, 0, wxALL | wxEXPAND, FromDIP(10));
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    buttons->AddStretchSpacer();
    buttons->Add(new wxButton(this, wxID_YES, _("Keep mine")), 0, wxRIGHT, FromDIP(8));
    buttons->Add(new wxButton(this, wxID_NO, _("Take theirs")), 0, wxRIGHT, FromDIP(8));
    buttons->Add(new wxButton(this, wxID_CANCEL, _("Cancel")));
    sizer->Add(buttons, 0, wxALL | wxEXPAND, FromDIP(10));
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { EndModal(wxID_YES); }, wxID_YES);
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { EndModal(wxID_NO); }, wxID_NO);
    SetSizerAndFit(sizer);
}

OpenDatabaseDialog::OpenDatabaseDialog(wxWindow* parent, const wxString& url)
    : wxDialog(parent, wxID_ANY, _("Open Database")) {
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* grid = new wxFlexGridSizer(2, FromDIP(6), FromDIP(8));
    grid->AddGrowableCol(1);
    m_url = new wxTextCtrl(this, wxID_ANY,
                           url.empty() ? wxString("postgresql://localhost/cordon") : url,
                           wxDefaultPosition, FromDIP(wxSize(380, -1)));
    m_schema = new wxTextCtrl(this, wxID_ANY, "cordon");
    m_password = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                                wxTE_PASSWORD);
    grid->Add(new wxStaticText(this, wxID_ANY, _("Database URL:")), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(m_url, 1, wxEXPAND);
    grid->Add(new wxStaticText(this, wxID_ANY, _("Project schema:")), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(m_schema, 1, wxEXPAND);
    grid->Add(new wxStaticText(this, wxID_ANY, _("Password:")), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(m_password, 1, wxEXPAND);
    sizer->Add(grid, 0, wxALL | wxEXPAND, FromDIP(10));
    auto* hint = new wxStaticText(
        this, wxID_ANY,
        _("The password is used for this connection only and never stored. Leave it empty to "
          "use the password file (PGPASSFILE or ~/.pgpass) or the service file (PGSERVICE)."));
    hint->Wrap(FromDIP(460));
    sizer->Add(hint, 0, wxLEFT | wxRIGHT | wxEXPAND, FromDIP(10));
    sizer->Add(DialogButtons(*this), 0, wxALL | wxEXPAND, FromDIP(10));
    SetSizerAndFit(sizer);
}

std::string OpenDatabaseDialog::Url() const {
    std::string url = m_url->GetValue().Strip(wxString::both).utf8_string();
    const std::string schema = m_schema->GetValue().Strip(wxString::both).utf8_string();
    if (!schema.empty() && url.find("schema=") == std::string::npos)
        url += (url.find('?') == std::string::npos ? "?" : "&") + ("schema=" + schema);
    return geo::url_without_password(url);
}

std::string OpenDatabaseDialog::Password() const {
    return m_password->GetValue().utf8_string();
}

// --- Live updates -----------------------------------------------------------------------------

LiveUpdates::LiveUpdates(Shell& shell, std::shared_ptr<Document> doc)
    : m_shell(shell), m_doc(std::move(doc)) {
    m_timer.Bind(wxEVT_TIMER, [this](wxTimerEvent&) { OnTimer(); });
}

LiveUpdates::~LiveUpdates() {
    m_timer.Stop();
}

void LiveUpdates::Start(const std::string& url, bool hold) {
    Stop();
    m_url = url;
    m_hold = hold;
    Connect();
    m_timer.Start(50);
}

void LiveUpdates::Stop() {
    m_timer.Stop();
    m_listener.reset();
    m_url.clear();
    m_waiting.clear();
    m_connection = "none";
    m_unsent_file.clear();
    m_retry = nullptr;
}

void LiveUpdates::Connect() {
    try {
        m_listener = std::make_unique<geo::pg::Listener>(m_url);
        const bool was_lost = m_connection == "lost";
        m_connection = "ok";
        m_connection_error.clear();
        if (was_lost) {
            // What changed while the connection was gone: every layer read again.
            m_shell.ShowStatus(_("The connection to the database is back."));
            geo::pg::Notification all;
            all.all = true;
            all.at_ms = NowMs();
            for (const std::string& t : geo::pg::notifying_tables()) {
                all.layer = t;
                m_waiting.push_back(all);
            }
        }
    } catch (const std::exception& e) {
        m_listener.reset();
        if (m_connection != "lost")
            m_shell.ShowStatus(_("Not connected to the database; trying again every few "
                                 "seconds. Your changes stay in this window."));
        m_connection = "lost";
        m_connection_error = e.what();
        m_next_try = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    }
}

void LiveUpdates::Hold(bool hold) {
    m_hold = hold;
    if (!hold && !m_waiting.empty()) OnTimer();
}

void LiveUpdates::OnTimer() {
    const auto now = std::chrono::steady_clock::now();
    if (!m_listener && now >= m_next_try) Connect();
    if (m_listener) {
        try {
            for (auto& n : m_listener->poll())
                m_waiting.push_back(std::move(n));
        } catch (const std::exception& e) {
            m_listener.reset();
            m_connection = "lost";
            m_connection_error = e.what();
            m_next_try = now + std::chrono::seconds(2);
            m_shell.ShowStatus(_("The connection to the database was lost; trying again every "
                                 "few seconds. Your changes stay in this window."));
        }
    }
    if (m_retry && !Unsent()) m_retry = nullptr;
    if (m_retry && now >= m_next_retry && geo::pg::reachable(m_url)) {
        m_next_retry = now + std::chrono::seconds(3);
        ++m_retries;
        auto retry = m_retry;
        retry();
    } else if (m_retry && now >= m_next_retry) {
        m_next_retry = now + std::chrono::seconds(3);
    }
    if (!m_hold && !m_waiting.empty()) {
        std::vector<geo::pg::Notification> notes;
        notes.swap(m_waiting);
        Apply(std::move(notes));
    }
}

void LiveUpdates::Apply(std::vector<geo::pg::Notification> notes) {
    if (!m_doc->HasProject() || !m_doc->district->meta.database) return;
    // One read per layer: the ids of every notification about it (or the whole layer).
    std::map<std::string, std::set<geo::Id>> ids;
    std::set<std::string> whole;
    std::int64_t first_ms = 0;
    std::string by, workstation;
    for (const auto& n : notes) {
        if (n.all)
            whole.insert(n.layer);
        else
            ids[n.layer].insert(n.ids.begin(), n.ids.end());
        if (first_ms == 0 || (n.at_ms > 0 && n.at_ms < first_ms)) first_ms = n.at_ms;
        by = n.by;
        workstation = n.workstation;
    }
    for (const std::string& t : whole)
        ids[t]; // the whole layer
    const auto t0 = std::chrono::steady_clock::now();
    std::size_t applied = 0, kept = 0;
    nlohmann::json changed = nlohmann::json::object();
    geo::District after;
    bool changes = false;
    try {
        for (const auto& [table, set] : ids) {
            // A copy only once something is to be read: the window's district is changed in
            // place (BeforeChange stops the table's worker first).
            if (!changes) {
                m_doc->BeforeChange();
                changes = true;
            }
            std::vector<std::int64_t> list;
            if (!whole.count(table)) list.assign(set.begin(), set.end());
            const geo::RefreshedRows r = geo::refresh_rows(*m_doc->district, m_url, table, list);
            applied += r.applied.size() + r.removed.size();
            kept += r.kept.size();
            nlohmann::json& seen = m_seen[table];
            for (auto id : r.applied)
                seen.push_back(id);
            for (auto id : r.removed)
                seen.push_back(id);
            for (auto id : r.kept)
                seen.push_back(id);
            if (!r.applied.empty() || !r.removed.empty() || !r.kept.empty())
                changed[table] = {{"applied", r.applied}, {"removed", r.removed}, {"kept", r.kept}};
        }
    } catch (const std::exception& e) {
        m_shell.ShowStatus(_("Could not read a change from the database: ") + U(e.what()));
    }
    if (changed.empty()) return;
    m_doc->Changed(); // the figures, the map, the table
    const double apply_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    // The map paints at the next idle moment, right after this.
    const std::int64_t shown_ms = NowMs();
    ++m_updates;
    m_last = {{"changed", changed},
              {"by", by},
              {"workstation", workstation},
              {"apply_ms", apply_ms},
              {"latency_ms", first_ms > 0 ? shown_ms - first_ms : -1}};
    wxString text;
    if (kept > 0)
        text = wxString::Format(
            _("%s changed %s features in the shared plan; %s of them you have changed here "
              "too and are kept as yours until you save."),
            U(by), FormatNumber(static_cast<double>(applied + kept)),
            FormatNumber(static_cast<double>(kept)));
    else
        text = wxString::Format(_("%s changed %s features in the shared plan (%s); shown."), U(by),
                                FormatNumber(static_cast<double>(applied)), U(workstation));
    m_shell.ShowStatus(text);
}

bool LiveUpdates::Saw(const std::string& layer, geo::Id id) const {
    if (!m_seen.contains(layer)) return false;
    for (const auto& v : m_seen[layer])
        if (v.get<geo::Id>() == id) return true;
    return false;
}

void LiveUpdates::Resolve(const std::string& layer, geo::Id id,
                          std::function<void(bool)> resolved) {
    geo::District theirs = *m_doc->district;
    geo::pg::LastChange change;
    try {
        geo::refresh_rows(theirs, m_url, layer, {id}, true);
        change = geo::pg::last_change(m_url, layer, id);
    } catch (const std::exception& e) {
        m_shell.ShowError(_("Cannot read their version"), U(e.what()));
        resolved(false);
        return;
    }
    const wxString message = wxString::Format(
        _("While you were editing, %s changed %s no. %lld at %s from %s. Which version should "
          "the shared plan keep?"),
        U(change.who.empty() ? std::string("?") : change.who), LayerWord(layer),
        static_cast<long long>(id), U(change.at), U(change.workstation));
    std::vector<std::tuple<wxString, wxString, wxString>> rows;
    if (auto fl = LayerOf(layer)) {
        const auto mine = Attributes(*m_doc->district, {*fl, id});
        const auto other = Attributes(theirs, {*fl, id});
        for (std::size_t i = 0; i < std::max(mine.size(), other.size()); ++i) {
            const wxString name = i < mine.size() ? mine[i].first : other[i].first;
            rows.emplace_back(name, i < mine.size() ? mine[i].second : wxString("-"),
                              i < other.size() ? other[i].second : wxString(_("(deleted)")));
        }
        rows.emplace_back(_("Position"), Position(*m_doc->district, *fl, id),
                          Position(theirs, *fl, id));
    }
    bool keep_mine = true;
    if (m_shell.Quiet()) {
        // A test script: the dialog shown (and its picture taken), then the answer it set.
        auto* dialog = new ConflictDialog(m_shell.Window(), message, rows);
        dialog->Show();
        for (int i = 0; i < 30; ++i) {
            wxYield();
            wxMilliSleep(10);
        }
        if (!m_shot.empty()) {
            dialog->Raise();
            dialog->Update();
            wxClientDC dc(dialog);
            const wxSize size = dialog->GetClientSize();
            wxBitmap bitmap(size.x, size.y);
            wxMemoryDC mem(bitmap);
            mem.Blit(0, 0, size.x, size.y, &dc, 0, 0);
            mem.SelectObject(wxNullBitmap);
            bitmap.SaveFile(wxString::FromUTF8(m_shot), wxBITMAP_TYPE_PNG);
        }
        dialog->Destroy();
        keep_mine = m_answer.value_or(true);
    } else {
        ConflictDialog dialog(m_shell.Window(), message, rows);
        const int answer = dialog.ShowModal();
        if (answer == wxID_CANCEL) {
            resolved(false);
            return;
        }
        keep_mine = answer == wxID_YES;
    }
    const auto& their_rows = theirs.meta.database->rows;
    auto snapshot = std::make_shared<geo::DatabaseSnapshot>(*m_doc->district->meta.database);
    if (keep_mine) {
        // Their revision is the one the save now expects: it writes over theirs, knowingly.
        if (auto t = their_rows.find(layer); t != their_rows.end() && t->second.count(id))
            snapshot->rows[layer][id].rev = t->second.at(id).rev;
        else
            snapshot->rows[layer].erase(id); // they deleted it: saved as new
        m_doc->district->meta.database = snapshot;
    } else {
        geo::District after = *m_doc->district;
        geo::refresh_rows(after, m_url, layer, {id}, true);
        m_doc->Replace(std::move(after),
                       "take their version of " + layer + " " + std::to_string(id));
    }
    m_conflicts.push_back({{"layer", layer},
                           {"id", id},
                           {"who", change.who},
                           {"at", change.at},
                           {"workstation", change.workstation},
                           {"kept", keep_mine ? "mine" : "theirs"},
                           {"message", message.utf8_string()}});
    m_shell.ShowStatus(keep_mine ? _("Your version is saved over theirs.")
                                 : _("Their version taken; Edit > Undo brings yours back."));
    resolved(true);
}

void LiveUpdates::Unreachable(std::shared_ptr<const geo::District> shown,
                              std::function<void()> retry) {
    // The edits stay in the window; a copy goes to a local project file as well.
    // The per-user data folder of the XDG layout (~/.cordon is wxConfig's file here).
    wxString base;
    if (!wxGetEnv("XDG_DATA_HOME", &base) || base.empty())
        base = wxGetHomeDir() + "/.local/share";
    const std::filesystem::path dir = (base + "/cordon/unsent").utf8_string();
    std::string file;
    try {
        std::filesystem::create_directories(dir);
        const std::string name = "unsent-" + std::to_string(::wxGetProcessId()) + ".cordon";
        file = (dir / name).string();
        SilentProgress quiet;
        geo::District copy = *shown;
        copy.meta.database.reset();
        geo::write_project(copy, file, quiet);
    } catch (const std::exception& e) {
        file.clear();
        m_shell.ShowError(_("Cannot keep a copy of your changes"), U(e.what()));
    }
    const bool first = m_unsent_file.empty();
    m_unsent_file = file.empty() ? wxString(_("(this window only)")).utf8_string() : file;
    m_retry = std::move(retry);
    m_next_retry = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    if (!m_timer.IsRunning()) m_timer.Start(50);
    if (first)
        m_shell.ShowMessage(
            _("The database cannot be reached"),
            wxString::Format(_("Your changes were not saved to the shared plan: the database "
                               "does not answer. They are kept in this window and in %s; Cordon "
                               "sends them as soon as the database answers again."),
                             U(m_unsent_file)),
            wxICON_WARNING, m_shell.Quiet());
    m_shell.ShowStatus(_("Not saved: the database does not answer. Trying again every few "
                         "seconds."));
}

void LiveUpdates::Sent() {
    if (!m_unsent_file.empty()) {
        m_shell.ShowStatus(_("The database answers again: your changes are saved to it."));
        if (m_unsent_file.front() == '/') {
            std::error_code ignored;
            std::filesystem::remove(m_unsent_file, ignored);
        }
    }
    m_unsent_file.clear();
    m_retry = nullptr;
}

nlohmann::json LiveUpdates::State() const {
    return {{"listening", m_listener != nullptr},
            {"connection", m_connection},
            {"connection_error", m_connection_error},
            {"updates", m_updates},
            {"last", m_last},
            {"seen", m_seen},
            {"conflicts", m_conflicts},
            {"unsent", m_unsent_file},
            {"retries", m_retries}};
}

} // namespace cordon::gui
