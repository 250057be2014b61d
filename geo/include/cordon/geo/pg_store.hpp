#pragma once
// A project in a PostgreSQL/PostGIS database (issue 19): one schema per project, the same
// layers and columns as the project file (the same layer descriptors), every feature row with
// a revision `rev`, and a `feature_history` table of who changed which feature when.
//
// A project is named by a URL: postgresql://[USER@]HOST[:PORT]/DB?schema=NAME (also
// postgres://; any other libpq parameter may follow). The schema is `cordon` when the URL
// names none. Passwords come from libpq's usual places (PGPASSFILE, PGSERVICE, PGPASSWORD, the
// URL); they are never stored in the project nor shown in a message.

#include <cordon/geo/district.hpp>
#include <cordon/geo/error.hpp>
#include <cordon/geo/pg_live.hpp>
#include <cordon/geo/progress.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace cordon::geo {

/// Whether `path` names a project in a database (starts with postgresql:// or postgres://).
bool is_database_url(const std::string& path);

/// The URL as it may be shown: without the password (user:PASSWORD@ and password=...).
std::string shown_url(const std::string& url);

/// The schema a URL names (schema=, else "cordon"): the project's name where a file's name
/// would be shown.
std::string url_schema(const std::string& url);

/// The password a URL carries (user:PASSWORD@ or password=), percent-decoded; "" for none.
std::string url_password(const std::string& url);

/// The URL without its password (shown_url), for a caller that moves the password to
/// PGPASSWORD so that no message can show it (cordon-cli does).
std::string url_without_password(const std::string& url);

/// A feature row as read: its revision and a digest of its values (to find what changed).
struct RowState {
    std::int64_t rev = 0;
    std::uint64_t digest = 0;
};

/// What read_database saw (ProjectMeta::database).
struct DatabaseSnapshot {
    std::string schema;
    /// table → id → state, for every feature table (layers and the ledger's tables)
    std::map<std::string, std::unordered_map<std::int64_t, RowState>> rows;
    std::string pg_snapshot;           ///< pg_current_snapshot() of the read
    std::vector<std::string> own_xids; ///< transactions this client wrote since (not conflicts)
    std::size_t history_count = 0;     ///< plan history entries as read
    std::map<std::string, std::string> parameters; ///< as read
};

struct PublishOptions {
    std::string schema = "cordon"; ///< the URL's schema= when empty
    bool replace = false;          ///< replace a Cordon project already in the schema
    /// Roles per community (row-level security, pg_live.hpp); none: every role the database
    /// lets in may change everything.
    std::optional<pg::Roles> roles;
};

/// Copies a project into a schema of a PostGIS database in one transaction (a client killed
/// meanwhile leaves the database as it was). The schema is created; one that holds a Cordon
/// project is refused unless `options.replace`, one that holds other tables is refused.
/// Throws InputError (no PostGIS, cannot connect, bad schema name) naming the URL without
/// its password.
void publish_project(const District& district, const std::string& url,
                     const PublishOptions& options, Progress& progress);

/// Reads a project from a database in one consistent snapshot (REPEATABLE READ). InputError
/// when the database cannot be reached, has no PostGIS, the schema is missing or not a Cordon
/// project (of this format).
District read_database(const std::string& url);

/// What a write back depends on, besides the rows it writes (which must all be unchanged
/// since the read: `UPDATE … SET …, rev = rev + 1 WHERE id = $1 AND rev = $2`).
enum class DependsOn {
    rows_written,    ///< an edit: only the rows it writes
    everything_read, ///< a plan step: no feature of the project changed since the read
};

/// A write refused because a feature changed since the read: names the feature, who changed
/// it from which workstation, and when. Nothing was written. The CLI exits 2.
class EditConflict : public InputError {
public:
    EditConflict(const std::string& message, std::string layer, std::int64_t id)
        : InputError(message), m_layer(std::move(layer)), m_id(id) {}
    const std::string& layer() const { return m_layer; }
    std::int64_t id() const { return m_id; }

private:
    std::string m_layer;
    std::int64_t m_id;
};

/// Writes back to the database what changed in `district` since it was read
/// (district.meta.database, from read_database): changed rows are updated where their
/// revision is still the one read, new rows inserted, removed rows deleted (where unchanged),
/// new plan history entries appended, parameters replaced; all in one transaction, which is
/// rolled back, throwing EditConflict, when any of those rows changed meanwhile or (for
/// DependsOn::everything_read) any feature did. Returns the snapshot the district now stands
/// for (for a next write from the same district, as an app does). Writers of one schema take
/// turns (a transaction-level advisory lock), so the checks and the writes are one step.
std::shared_ptr<const DatabaseSnapshot> write_database(const District& district,
                                                       const std::string& url, Progress& progress,
                                                       DependsOn depends_on);

/// A project file holding `district`, written in the temporary folder and removed when this
/// goes: for what reads a project through GDAL (export, the hand-over's layers) when the
/// project lives in a database. The same writer as every project file, so the outputs are
/// those of the file.
class TemporaryProjectFile {
public:
    TemporaryProjectFile(const District& district, Progress& progress);
    ~TemporaryProjectFile();
    TemporaryProjectFile(const TemporaryProjectFile&) = delete;
    TemporaryProjectFile& operator=(const TemporaryProjectFile&) = delete;
    const std::string& path() const { return m_path; }

private:
    std::string m_dir;
    std::string m_path;
};

/// What refresh_rows did: rows taken from the database, rows kept as changed here (their
/// state not taken: the next write_database refuses them as conflicts), rows removed.
struct RefreshedRows {
    std::vector<std::int64_t> applied, kept, removed;
};

/// Reads rows `ids` of `table` (empty: the whole table) again, as another writer committed
/// them (the app, told by a notification): each is put into `district` where the district's
/// row is as read (district.meta.database: same digest), with its new revision; a row changed
/// here is kept unless `force`; a row gone from the database goes here too. Rows as read
/// already (same revision and values: this client's own write) are left alone.
RefreshedRows refresh_rows(District& district, const std::string& url, const std::string& table,
                           const std::vector<std::int64_t>& ids, bool force = false);

} // namespace cordon::geo
