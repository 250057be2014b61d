#pragma once
// The shared plan on PostgreSQL/PostGIS (issue 19), items 3 and 4, as SQL: the triggers that
// tell every open app what changed (pg_notify at commit), and who may edit what (roles per
// community through row-level security). Plain text generators: the PostGIS store runs them
// in its publishing transaction; no connection here.
//
// Which community a feature belongs to (the rule the policies apply):
//   compounds, zones        their community_id; none: the community holding their
//                           point on surface (ST_PointOnSurface in the community's polygon)
//   buildings, gates        their compound's community; outside a compound: the community
//                           holding them
//   households              their building's community; on no building: the community whose
//                           name or code the register gives (households.community)
//   household_personal,     their household's / building's community
//   household_matches,
//   visits
//   anything else (roads, checkpoints, communities, the district, routes, plans, ...):
//                           the district's alone
// A community planner's role may insert, update and delete only features of its communities
// (and no feature moved out of them); the district role everything. Nobody but the district
// role reads another community's households, their personal data, matches or visits.

#include <cordon/geo/district.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cordon::geo::pg {

/// The notification channel of a published schema: "cordon_" + schema. Payload (JSON, sent
/// when the transaction commits): {"layer": "gates", "op": "update", "ids": [12, 13],
/// "pid": backend pid of the writer, "by": its role, "workstation": its application_name,
/// "at_ms": Unix time in ms of the statement}; "ids" is null (reload the layer) when the
/// statement changed more rows than fit in a notification.
std::string channel(const std::string& schema);

/// A quoted SQL identifier ("a""b").
std::string quote_ident(const std::string& name);
/// A quoted SQL string literal ('it''s').
std::string quote_literal(const std::string& text);

/// The feature tables that notify and that row-level security covers.
const std::vector<std::string>& notifying_tables();

/// SQL installing the notification triggers on every table of notifying_tables() that
/// `schema` holds (idempotent: replaces what an earlier publish installed).
std::string live_updates_sql(const std::string& schema);

/// Roles per community, as `cordon-cli publish --roles FILE` reads them.
struct Roles {
    std::vector<std::string> district;                  ///< roles that may change everything
    std::map<std::string, std::vector<Id>> communities; ///< role -> its communities' ids
};

/// Reads a roles file: JSON {"district": "role" | ["role", ...], "communities": {"role":
/// [community, ...]}} or CSV lines `role,community` (a header line `role,community` allowed;
/// community `*` makes the district role). A community is its id, its name or its code in
/// `district`. Throws InputError naming the file and the line or role on an unknown
/// community, a role name PostgreSQL would not take as it is (lower-case letters, digits and
/// _, at most 63 bytes, not starting with a digit), a role both district and community, or a
/// file that names no role.
Roles read_roles(const std::string& path, const District& district);
/// The same from the file's text (`path` names it in errors).
Roles parse_roles(const std::string& text, const std::string& path, const District& district);

/// SQL setting up the roles on `schema` (run by its owner, after the tables are written):
/// creates the roles that do not exist (LOGIN, no password: the database administrator
/// gives them one), the table cordon_roles, the functions the policies call, row-level
/// security with the policies cordon_read / cordon_community_edit / cordon_district_edit
/// on every table of notifying_tables() the schema holds, a trigger refusing a community
/// role's change of another community's feature with SQLSTATE 42501 and a one-line message
/// naming the feature, the role and the policy, and the grants (read every table, write
/// the feature tables, the history table and the sequences). Idempotent.
std::string roles_sql(const std::string& schema, const Roles& roles);

} // namespace cordon::geo::pg

struct pg_conn; // libpq's PGconn

namespace cordon::geo::pg {

/// One change another client committed, as the notification trigger tells it.
struct Notification {
    std::string layer; ///< the table: "gates", "compounds", ...
    std::string op;    ///< insert, update or delete
    std::vector<Id> ids;
    bool all = false; ///< too many ids for a notification: the whole layer may have changed
    long pid = 0;     ///< backend of the writer
    std::string by;   ///< the writer's role
    std::string workstation;
    std::int64_t at_ms = 0; ///< Unix time in ms of the change (the writer's statement)
};

/// Reads one notification's payload; throws Error on one it cannot read.
Notification parse_notification(const std::string& payload);

/// LISTENs on a published schema's channel over a connection of its own (libpq, password from
/// its usual places). Polled without blocking: the app's timer calls poll().
class Listener {
public:
    /// Connects to `url` (postgresql://...?schema=NAME; schema `cordon` when none) and
    /// listens. Throws InputError naming the URL without its password.
    explicit Listener(const std::string& url);
    ~Listener();
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;

    /// What arrived since the last call, without waiting. Throws Error when the connection
    /// is gone (the server stopped, the backend was terminated).
    std::vector<Notification> poll();
    /// The connection's socket (for a caller that waits on it); -1 when gone.
    int socket() const;
    const std::string& schema() const { return m_schema; }

private:
    pg_conn* m_conn = nullptr;
    std::string m_schema;
    std::string m_shown;
};

/// Whether the database server of `url` answers (libpq's PQping): false when it is down or
/// out of reach, true when it answers (even when it would refuse the login).
bool reachable(const std::string& url);

/// The last change of a feature as the history table (feature_history) tells it.
struct LastChange {
    std::string who;         ///< the writer's role
    std::string workstation; ///< its application_name (and address)
    std::string at;          ///< local time, "YYYY-MM-DD HH:MM:SS"
    std::int64_t rev = 0;
    std::string op;
};
/// The last change of feature `id` of `layer`; none (empty `who`) when the history holds
/// none. Throws Error when the database cannot be read.
LastChange last_change(const std::string& url, const std::string& layer, Id id);

} // namespace cordon::geo::pg
