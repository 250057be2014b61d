#pragma once
// The shared plan in a PostGIS database as the window lives with it (issue 19, items 2 and 3):
// what other planners commit comes in through LISTEN (a timer polls the connection's socket
// without blocking, every 50 ms) and is shown within a second, only the features named
// (geo::refresh_rows), the figures recomputed; a feature the planner changed here and not
// saved yet is kept as theirs. A save refused because a feature changed meanwhile shows both
// versions (keep mine / take theirs, undoable); a save that cannot reach the database keeps
// the edits in the window, writes them to a local project file and is retried until the
// database answers again.

#include <cordon/geo/pg_live.hpp>
#include <cordon/gui/document.hpp>

#include <nlohmann/json.hpp>
#include <wx/dialog.h>
#include <wx/timer.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

class wxTextCtrl;

namespace cordon::gui {

class Shell;

/// Both versions of a feature side by side: (attribute, mine, theirs) rows; Keep Mine
/// (wxID_YES) or Take Theirs (wxID_NO).
class ConflictDialog : public wxDialog {
public:
    ConflictDialog(wxWindow* parent, const wxString& message,
                   const std::vector<std::tuple<wxString, wxString, wxString>>& rows);
};

/// File › Open Database...: the URL, the schema and a password used for this connection
/// only (never stored; empty: libpq's PGPASSFILE, ~/.pgpass, PGSERVICE).
class OpenDatabaseDialog : public wxDialog {
public:
    explicit OpenDatabaseDialog(wxWindow* parent, const wxString& url = {});
    /// postgresql://...?schema=NAME, without the password.
    std::string Url() const;
    std::string Password() const;

private:
    wxTextCtrl* m_url = nullptr;
    wxTextCtrl* m_schema = nullptr;
    wxTextCtrl* m_password = nullptr;
};

class LiveUpdates {
public:
    LiveUpdates(Shell& shell, std::shared_ptr<Document> doc);
    ~LiveUpdates();

    /// Listens on the database at `url` (stops listening elsewhere). What arrives is held
    /// until Hold(false) when `hold`.
    void Start(const std::string& url, bool hold = false);
    void Stop();
    bool Listening() const { return !m_url.empty(); }
    /// Holds what arrives while a save or an open runs; applies it once let go.
    void Hold(bool hold);

    /// A save refused because feature `id` of `layer` changed meanwhile: both versions in the
    /// dialog; keep mine (the next save overwrites theirs knowingly) or take theirs (an undoable
    /// step). `resolved(true)`: save again; false: the planner cancelled.
    void Resolve(const std::string& layer, geo::Id id, std::function<void(bool)> resolved);
    /// A save could not reach the database: says so, writes `shown` (the district as the
    /// window has it) to a local project file, and calls `retry` every few seconds until
    /// the database answers.
    void Unreachable(std::shared_ptr<const geo::District> shown, std::function<void()> retry);
    /// A save went through.
    void Sent();

    /// Test scripts: the answer the conflict dialog gets (true: keep mine) and where its
    /// screenshot goes (empty: none).
    void SetConflictAnswer(bool keep_mine, std::string shot) {
        m_answer = keep_mine;
        m_shot = std::move(shot);
    }
    /// What happened, for the test state: listening, updates applied, the last one with its
    /// delay from the other planner's change to the map showing it, conflicts, the connection.
    nlohmann::json State() const;
    /// Whether `layer`'s feature `id` came in from another planner (applied or kept).
    bool Saw(const std::string& layer, geo::Id id) const;
    /// Whether edits wait to be sent after the database was out of reach.
    bool Unsent() const { return !m_unsent_file.empty(); }

private:
    void OnTimer();
    void Apply(std::vector<geo::pg::Notification> notes);
    void Connect();

    Shell& m_shell;
    std::shared_ptr<Document> m_doc;
    wxTimer m_timer;
    std::unique_ptr<geo::pg::Listener> m_listener;
    std::string m_url;
    bool m_hold = false;
    std::vector<geo::pg::Notification> m_waiting;
    std::chrono::steady_clock::time_point m_next_try{};
    std::string m_connection = "none"; ///< none, ok, lost
    std::string m_connection_error;
    std::size_t m_updates = 0;
    nlohmann::json m_last;
    nlohmann::json m_seen = nlohmann::json::object(); ///< layer -> ids seen
    nlohmann::json m_conflicts = nlohmann::json::array();
    std::optional<bool> m_answer;
    std::string m_shot;
    std::string m_unsent_file;
    std::function<void()> m_retry;
    std::chrono::steady_clock::time_point m_next_retry{};
    std::size_t m_retries = 0;
};

} // namespace cordon::gui
