#include <cordon/geo/error.hpp>
#include <cordon/geo/pg_live.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <libpq-fe.h>
#include <set>
#include <sstream>

namespace cordon::geo::pg {

namespace {

/// Replaces every "@S" in `sql` by the quoted schema.
std::string with_schema(std::string sql, const std::string& schema) {
    const std::string q = quote_ident(schema);
    for (std::size_t at = sql.find("@S"); at != std::string::npos; at = sql.find("@S", at)) {
        sql.replace(at, 2, q);
        at += q.size();
    }
    return sql;
}

/// How a table's rows find their community, with R standing for the row ("R.geom").
struct Rule {
    const char* table;
    const char* feature;   ///< the word naming one of its rows in messages
    const char* community; ///< SQL; NULL: the district's alone
    bool ledger;           ///< read only by the row's community (and the district)
};

const Rule k_rules[] = {
    {"district", "district boundary", "NULL::bigint", false},
    {"communities", "community", "NULL::bigint", false},
    {"compounds", "compound", "coalesce(R.community_id, @S.cordon_community_at(R.geom))", false},
    {"buildings", "building", "@S.cordon_feature_community(R.compound_id, R.geom)", false},
    {"gates", "gate", "@S.cordon_feature_community(R.compound_id, R.geom)", false},
    {"roads", "road", "NULL::bigint", false},
    {"checkpoints", "checkpoint", "NULL::bigint", false},
    {"choke_points", "choke point", "NULL::bigint", false},
    {"cordon_areas", "cordon area", "NULL::bigint", false},
    {"zones", "zone", "coalesce(R.community_id, @S.cordon_community_at(R.geom))", false},
    {"routes", "route", "NULL::bigint", false},
    {"households", "household", "@S.cordon_household_community(R.building_id, R.community)", true},
    {"household_personal", "household's personal data",
     "@S.cordon_household_community_by_id(R.household_id)", true},
    {"household_matches", "household match", "@S.cordon_building_community(R.building_id)", true},
    {"visits", "visit", "@S.cordon_household_community_by_key(R.household_key)", true},
};

/// The tables beside the features that every role writes when it edits: the history of
/// features (written by the store's triggers as the writer) and of plan steps, the parameters.
const std::pair<const char*, const char*> k_edit_tables[] = {
    {"feature_history", "INSERT"}, {"history", "INSERT"}, {"parameters", "INSERT, UPDATE, DELETE"}};

std::string replace_row(std::string expression, const std::string& row) {
    for (std::size_t at = expression.find("R."); at != std::string::npos;
         at = expression.find("R.", at)) {
        // "R." only where it starts a name (not "cordon_community_aR.")
        if (at > 0 && (std::isalnum(static_cast<unsigned char>(expression[at - 1])) ||
                       expression[at - 1] == '_')) {
            at += 2;
            continue;
        }
        expression.replace(at, 2, row);
        at += row.size();
    }
    return expression;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n\"");
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n\"");
    return s.substr(b, e - b + 1);
}

void check_role_name(const std::string& role, const std::string& where) {
    bool ok =
        !role.empty() && role.size() <= 63 && !std::isdigit(static_cast<unsigned char>(role[0]));
    for (char c : role)
        ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    if (!ok)
        throw InputError(where + ": role '" + role +
                         "' is not a plain PostgreSQL role name (lower-case letters, digits and "
                         "_, at most 63, not starting with a digit)");
    if (role.rfind("pg_", 0) == 0)
        throw InputError(where + ": role '" + role + "' is reserved by PostgreSQL (pg_...)");
}

Id community_ref(const nlohmann::json& ref, const std::string& where, const District& d) {
    if (ref.is_number_integer()) {
        const Id id = ref.get<Id>();
        for (const Community& c : d.communities)
            if (c.id == id) return id;
        throw InputError(where + ": no community " + std::to_string(id) + " in the project (" +
                         std::to_string(d.communities.size()) + " communities)");
    }
    if (!ref.is_string())
        throw InputError(where + ": a community is its id, name or code, not " + ref.dump());
    const std::string text = trim(ref.get<std::string>());
    std::vector<Id> found;
    for (const Community& c : d.communities)
        if (c.name == text || (!c.code.empty() && c.code == text)) found.push_back(c.id);
    if (found.empty()) {
        // a number written as text is an id
        bool digits = !text.empty() && std::all_of(text.begin(), text.end(),
                                                   [](char c) { return c >= '0' && c <= '9'; });
        if (digits && text.size() < 18)
            return community_ref(nlohmann::json(std::stoll(text)), where, d);
        throw InputError(where + ": no community named '" + text + "' in the project");
    }
    if (found.size() > 1)
        throw InputError(where + ": " + std::to_string(found.size()) + " communities are named '" +
                         text + "'; give its id");
    return found.front();
}

void add_community(Roles& roles, const std::string& role, Id id) {
    auto& list = roles.communities[role];
    if (std::find(list.begin(), list.end(), id) == list.end()) list.push_back(id);
}

void check_roles(const Roles& roles, const std::string& path) {
    if (roles.district.empty() && roles.communities.empty())
        throw InputError(path + ": names no role");
    for (const std::string& r : roles.district)
        if (roles.communities.count(r))
            throw InputError(path + ": role '" + r +
                             "' is both the district's and a community's; give it one");
}

Roles parse_json(const std::string& text, const std::string& path, const District& d) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw InputError(path + ": not JSON: " + e.what());
    }
    if (!j.is_object())
        throw InputError(path + ": expected {\"district\": ..., \"communities\": {...}}");
    Roles roles;
    for (const auto& [key, value] : j.items())
        if (key != "district" && key != "communities")
            throw InputError(path + ": unknown key '" + key +
                             "' (expected \"district\" and \"communities\")");
    if (j.contains("district")) {
        const nlohmann::json& district = j["district"];
        std::vector<nlohmann::json> list = district.is_array()
                                               ? district.get<std::vector<nlohmann::json>>()
                                               : std::vector<nlohmann::json>{district};
        for (const auto& r : list) {
            if (!r.is_string()) throw InputError(path + ": district: a role name, not " + r.dump());
            check_role_name(r.get<std::string>(), path + ": district");
            roles.district.push_back(r.get<std::string>());
        }
    }
    if (j.contains("communities")) {
        if (!j["communities"].is_object())
            throw InputError(path + ": communities: expected {\"role\": [community, ...]}");
        for (const auto& [role, value] : j["communities"].items()) {
            const std::string where = path + ": role " + role;
            check_role_name(role, path + ": communities");
            std::vector<nlohmann::json> list = value.is_array()
                                                   ? value.get<std::vector<nlohmann::json>>()
                                                   : std::vector<nlohmann::json>{value};
            if (list.empty()) throw InputError(where + ": names no community");
            for (const auto& ref : list)
                add_community(roles, role, community_ref(ref, where, d));
        }
    }
    return roles;
}

Roles parse_csv(const std::string& text, const std::string& path, const District& d) {
    Roles roles;
    std::istringstream in(text);
    int line_no = 0;
    for (std::string line; std::getline(in, line);) {
        ++line_no;
        if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line = line.substr(3);
        const std::string t = trim(line);
        if (t.empty() || t[0] == '#') continue;
        const auto comma = line.find(',');
        const std::string where = path + ": line " + std::to_string(line_no);
        if (comma == std::string::npos)
            throw InputError(where + ": expected 'role,community', got '" + t + "'");
        const std::string role = trim(line.substr(0, comma));
        const std::string community = trim(line.substr(comma + 1));
        if (line_no == 1 && role == "role") continue; // header
        check_role_name(role, where);
        if (community == "*" || community == "district") {
            if (std::find(roles.district.begin(), roles.district.end(), role) ==
                roles.district.end())
                roles.district.push_back(role);
            continue;
        }
        add_community(roles, role, community_ref(nlohmann::json(community), where, d));
    }
    return roles;
}

} // namespace

std::string quote_ident(const std::string& name) {
    std::string q = "\"";
    for (char c : name)
        q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

std::string quote_literal(const std::string& text) {
    std::string q = "'";
    for (char c : text)
        q += c == '\'' ? std::string("''") : std::string(1, c);
    return q + "'";
}

std::string channel(const std::string& schema) {
    std::string c = "cordon_" + schema;
    if (c.size() > 63) c.resize(63); // PostgreSQL's longest name, as LISTEN truncates it
    return c;
}

const std::vector<std::string>& notifying_tables() {
    static const std::vector<std::string> tables = [] {
        std::vector<std::string> t;
        for (const Rule& r : k_rules)
            t.push_back(r.table);
        return t;
    }();
    return tables;
}

std::string live_updates_sql(const std::string& schema) {
    std::string tables;
    for (const std::string& t : notifying_tables())
        tables += (tables.empty() ? "" : ",") + quote_literal(t);
    return with_schema(R"SQL(
SET LOCAL client_min_messages = warning;
CREATE OR REPLACE FUNCTION @S.cordon_notify() RETURNS trigger LANGUAGE plpgsql AS $cordon$
DECLARE
    ids bigint[];
    payload text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        SELECT array_agg(id ORDER BY id) INTO ids FROM cordon_old;
    ELSE
        SELECT array_agg(id ORDER BY id) INTO ids FROM cordon_new;
    END IF;
    IF ids IS NULL THEN
        RETURN NULL;
    END IF;
    payload := json_build_object('layer', TG_TABLE_NAME, 'op', lower(TG_OP), 'ids', ids,
        'pid', pg_backend_pid(), 'by', current_user,
        'workstation', current_setting('application_name', true),
        'at_ms', floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint)::text;
    IF octet_length(payload) > 7000 THEN
        payload := json_build_object('layer', TG_TABLE_NAME, 'op', lower(TG_OP), 'ids', NULL,
            'count', cardinality(ids), 'pid', pg_backend_pid(), 'by', current_user,
            'workstation', current_setting('application_name', true),
            'at_ms', floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint)::text;
    END IF;
    PERFORM pg_notify(left('cordon_' || TG_TABLE_SCHEMA, 63), payload);
    RETURN NULL;
END
$cordon$;
DO $cordon$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY[)SQL" +
                           tables + R"SQL(] LOOP
        IF to_regclass(format('%I.%I', )SQL" +
                           quote_literal(schema) +
                           R"SQL(, t)) IS NOT NULL THEN
            EXECUTE format('DROP TRIGGER IF EXISTS cordon_notify_insert ON @S.%I', t);
            EXECUTE format('DROP TRIGGER IF EXISTS cordon_notify_update ON @S.%I', t);
            EXECUTE format('DROP TRIGGER IF EXISTS cordon_notify_delete ON @S.%I', t);
            EXECUTE format('CREATE TRIGGER cordon_notify_insert AFTER INSERT ON @S.%I '
                'REFERENCING NEW TABLE AS cordon_new FOR EACH STATEMENT '
                'EXECUTE FUNCTION @S.cordon_notify()', t);
            EXECUTE format('CREATE TRIGGER cordon_notify_update AFTER UPDATE ON @S.%I '
                'REFERENCING NEW TABLE AS cordon_new FOR EACH STATEMENT '
                'EXECUTE FUNCTION @S.cordon_notify()', t);
            EXECUTE format('CREATE TRIGGER cordon_notify_delete AFTER DELETE ON @S.%I '
                'REFERENCING OLD TABLE AS cordon_old FOR EACH STATEMENT '
                'EXECUTE FUNCTION @S.cordon_notify()', t);
        END IF;
    END LOOP;
END
$cordon$;
)SQL",
                       schema);
}

Roles parse_roles(const std::string& text, const std::string& path, const District& district) {
    const std::string t = trim(text);
    Roles roles = !t.empty() && t[0] == '{' ? parse_json(text, path, district)
                                            : parse_csv(text, path, district);
    check_roles(roles, path);
    return roles;
}

Roles read_roles(const std::string& path, const District& district) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot read the roles file");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_roles(text.str(), path, district);
}

std::string roles_sql(const std::string& schema, const Roles& roles) {
    std::string sql = R"SQL(
SET LOCAL check_function_bodies = off;
SET LOCAL client_min_messages = warning;
CREATE TABLE IF NOT EXISTS @S.cordon_roles (
    role name PRIMARY KEY,
    district boolean NOT NULL DEFAULT false,
    communities bigint[] NOT NULL DEFAULT '{}');
DELETE FROM @S.cordon_roles;
)SQL";
    std::set<std::string> all;
    for (const std::string& r : roles.district) {
        all.insert(r);
        sql += "INSERT INTO @S.cordon_roles VALUES (" + quote_literal(r) + ", true, '{}');\n";
    }
    for (const auto& [r, ids] : roles.communities) {
        all.insert(r);
        std::string list;
        for (Id id : ids)
            list += (list.empty() ? "" : ",") + std::to_string(id);
        sql += "INSERT INTO @S.cordon_roles VALUES (" + quote_literal(r) + ", false, '{" + list +
               "}');\n";
    }
    for (const std::string& r : all)
        sql += "DO $cordon$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = " +
               quote_literal(r) + ") THEN CREATE ROLE " + quote_ident(r) +
               " LOGIN; END IF; END $cordon$;\n";

    sql += R"SQL(
CREATE OR REPLACE FUNCTION @S.cordon_is_district() RETURNS boolean LANGUAGE sql STABLE AS $f$
    SELECT EXISTS (SELECT 1 FROM @S.cordon_roles WHERE role = current_user AND district) $f$;
CREATE OR REPLACE FUNCTION @S.cordon_may_edit(community bigint) RETURNS boolean
LANGUAGE sql STABLE AS $f$
    SELECT EXISTS (SELECT 1 FROM @S.cordon_roles
                   WHERE role = current_user AND (district OR community = ANY (communities))) $f$;
CREATE OR REPLACE FUNCTION @S.cordon_community_at(g geometry) RETURNS bigint
LANGUAGE sql STABLE AS $f$
    SELECT c.id FROM @S.communities c
    WHERE g IS NOT NULL AND NOT ST_IsEmpty(g) AND ST_Intersects(c.geom, ST_PointOnSurface(g))
    ORDER BY c.id LIMIT 1 $f$;
CREATE OR REPLACE FUNCTION @S.cordon_compound_community(compound bigint) RETURNS bigint
LANGUAGE sql STABLE AS $f$
    SELECT coalesce(k.community_id, @S.cordon_community_at(k.geom))
    FROM @S.compounds k WHERE k.id = compound $f$;
CREATE OR REPLACE FUNCTION @S.cordon_feature_community(compound bigint, g geometry)
RETURNS bigint LANGUAGE sql STABLE AS $f$
    SELECT CASE WHEN compound IS NULL THEN @S.cordon_community_at(g)
                ELSE coalesce(@S.cordon_compound_community(compound),
                              @S.cordon_community_at(g)) END $f$;
CREATE OR REPLACE FUNCTION @S.cordon_building_community(building bigint) RETURNS bigint
LANGUAGE sql STABLE AS $f$
    SELECT @S.cordon_feature_community(b.compound_id, b.geom)
    FROM @S.buildings b WHERE b.id = building $f$;
CREATE OR REPLACE FUNCTION @S.cordon_household_community(building bigint, community text)
RETURNS bigint LANGUAGE sql STABLE AS $f$
    SELECT coalesce(@S.cordon_building_community(building),
        (SELECT c.id FROM @S.communities c
         WHERE coalesce(community, '') <> '' AND (c.name = community OR c.code = community)
         ORDER BY c.id LIMIT 1)) $f$;
CREATE OR REPLACE FUNCTION @S.cordon_household_community_by_id(household bigint)
RETURNS bigint LANGUAGE sql STABLE AS $f$
    SELECT @S.cordon_household_community(h.building_id, h.community)
    FROM @S.households h WHERE h.id = household $f$;
CREATE OR REPLACE FUNCTION @S.cordon_household_community_by_key(household text)
RETURNS bigint LANGUAGE sql STABLE AS $f$
    SELECT @S.cordon_household_community(h.building_id, h.community)
    FROM @S.households h WHERE h.key = household ORDER BY h.id LIMIT 1 $f$;
CREATE OR REPLACE FUNCTION @S.cordon_community_label(community bigint) RETURNS text
LANGUAGE sql STABLE AS $f$
    SELECT coalesce((SELECT format('community %s (%s)', c.id, c.name)
                     FROM @S.communities c WHERE c.id = community),
                    'no community (the district''s alone)') $f$;
CREATE OR REPLACE FUNCTION @S.cordon_role_label() RETURNS text LANGUAGE sql STABLE AS $f$
    SELECT coalesce((SELECT string_agg(format('community %s (%s)', c.id, c.name), ', '
                                       ORDER BY c.id)
                     FROM @S.cordon_roles r JOIN @S.communities c ON c.id = ANY (r.communities)
                     WHERE r.role = current_user), 'no community') $f$;
)SQL";

    std::string grantees;
    for (const std::string& r : all)
        grantees += (grantees.empty() ? "" : ", ") + quote_ident(r);
    sql += "GRANT USAGE ON SCHEMA @S TO " + grantees + ";\n";
    sql += "GRANT SELECT ON ALL TABLES IN SCHEMA @S TO " + grantees + ";\n";
    sql += "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA @S TO " + grantees + ";\n";

    for (const Rule& rule : k_rules) {
        const std::string t = rule.table;
        const std::string qt = "@S." + quote_ident(t);
        const std::string community = rule.community;
        const std::string mine = "@S.cordon_may_edit(" + replace_row(community, "") + ")";
        const std::string guard_fn = "@S." + quote_ident("cordon_guard_" + t);
        std::string body;
        body += "ALTER TABLE " + qt + " ENABLE ROW LEVEL SECURITY;\n";
        for (const char* p : {"cordon_read", "cordon_community_insert", "cordon_community_edit",
                              "cordon_community_delete"})
            body += "DROP POLICY IF EXISTS " + std::string(p) + " ON " + qt + ";\n";
        body += "CREATE POLICY cordon_read ON " + qt + " FOR SELECT USING (" +
                (rule.ledger ? mine : std::string("true")) + ");\n";
        body += "CREATE POLICY cordon_community_insert ON " + qt + " FOR INSERT WITH CHECK (" +
                mine + ");\n";
        body += "CREATE POLICY cordon_community_edit ON " + qt +
                " FOR UPDATE USING (true) WITH CHECK (" + mine + ");\n";
        body += "CREATE POLICY cordon_community_delete ON " + qt + " FOR DELETE USING (" + mine +
                ");\n";
        body += "GRANT INSERT, UPDATE, DELETE ON " + qt + " TO " + grantees + ";\n";
        // The guard: a one-line refusal naming the feature, the role and the policy (row-level
        // security alone refuses an update silently or with a bare "violates policy").
        const std::string refuse =
            "RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = format("
            "'%s %s %s %s: role %s may change only the features of %s (row-level security "
            "policy cordon_community_edit on %s.%s)', " +
            quote_literal(rule.feature) + ", ROW.id, VERB, @S.cordon_community_label(c), " +
            "current_user, @S.cordon_role_label(), TG_TABLE_SCHEMA, TG_TABLE_NAME);";
        auto refuse_for = [&](const std::string& row, const std::string& verb) {
            std::string r = refuse;
            r.replace(r.find("ROW.id"), 6, row + ".id");
            r.replace(r.find("VERB"), 4, quote_literal(verb));
            return r;
        };
        body += "CREATE OR REPLACE FUNCTION " + guard_fn +
                "() RETURNS trigger LANGUAGE plpgsql AS $g$\nDECLARE c bigint;\nBEGIN\n"
                "    IF NOT EXISTS (SELECT 1 FROM @S.cordon_roles WHERE role = current_user)\n"
                "       OR @S.cordon_is_district() THEN\n"
                "        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;\n"
                "    END IF;\n"
                "    IF TG_OP IN ('UPDATE', 'DELETE') THEN\n"
                "        c := " +
                replace_row(community, "OLD.") +
                ";\n"
                "        IF NOT @S.cordon_may_edit(c) THEN\n            " +
                refuse_for("OLD", "belongs to") +
                "\n        END IF;\n"
                "    END IF;\n"
                "    IF TG_OP IN ('UPDATE', 'INSERT') THEN\n"
                "        c := " +
                replace_row(community, "NEW.") +
                ";\n"
                "        IF NOT @S.cordon_may_edit(c) THEN\n            " +
                refuse_for("NEW", "would belong to") +
                "\n        END IF;\n"
                "        RETURN NEW;\n"
                "    END IF;\n"
                "    RETURN OLD;\nEND\n$g$;\n";
        body += "DROP TRIGGER IF EXISTS cordon_guard ON " + qt + ";\n";
        body += "CREATE TRIGGER cordon_guard BEFORE INSERT OR UPDATE OR DELETE ON " + qt +
                " FOR EACH ROW EXECUTE FUNCTION " + guard_fn + "();\n";
        // only on the tables the schema holds
        sql += "DO $cordon$ BEGIN IF to_regclass(" +
               quote_literal(quote_ident(schema) + "." + quote_ident(t)) +
               ") IS NOT NULL THEN EXECUTE " + quote_literal(with_schema(body, schema)) +
               "; END IF; END $cordon$;\n";
    }
    for (const auto& [t, rights] : k_edit_tables)
        sql += "DO $cordon$ BEGIN IF to_regclass(" +
               quote_literal(quote_ident(schema) + "." + quote_ident(t)) +
               ") IS NOT NULL THEN EXECUTE " +
               quote_literal(with_schema(std::string("GRANT ") + rights + " ON @S." +
                                             quote_ident(t) + " TO " + grantees,
                                         schema)) +
               "; END IF; END $cordon$;\n";
    return with_schema(sql, schema);
}

} // namespace cordon::geo::pg

// --- Listening ------------------------------------------------------------------------------

namespace cordon::geo::pg {

namespace {

/// The URL without its password (user:PASSWORD@ and password=...), as messages show it.
std::string url_shown(const std::string& url) {
    std::string u = url;
    const auto scheme = u.find("://");
    const auto at = u.find('@');
    const auto slash = u.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    if (scheme != std::string::npos && at != std::string::npos && at < slash) {
        const auto colon = u.find(':', scheme + 3);
        if (colon != std::string::npos && colon < at) u.erase(colon, at - colon);
    }
    for (auto p = u.find("password="); p != std::string::npos; p = u.find("password=")) {
        const auto end = u.find('&', p);
        u.erase(p, end == std::string::npos ? std::string::npos : end + 1 - p);
    }
    while (!u.empty() && (u.back() == '&' || u.back() == '?'))
        u.pop_back();
    return u;
}

/// (libpq's URL without schema=..., the schema).
std::pair<std::string, std::string> split_schema(const std::string& url) {
    std::string schema = "cordon";
    const auto q = url.find('?');
    if (q == std::string::npos) return {url, schema};
    std::string base = url.substr(0, q), rest;
    std::istringstream query(url.substr(q + 1));
    for (std::string kv; std::getline(query, kv, '&');) {
        if (kv.rfind("schema=", 0) == 0) {
            schema = kv.substr(7);
            continue;
        }
        if (!kv.empty()) rest += (rest.empty() ? "" : "&") + kv;
    }
    return {rest.empty() ? base : base + "?" + rest, schema};
}

} // namespace

Notification parse_notification(const std::string& payload) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(payload);
    } catch (const nlohmann::json::parse_error&) {
        throw Error("a notification Cordon cannot read: " + payload.substr(0, 200));
    }
    Notification n;
    n.layer = j.value("layer", "");
    n.op = j.value("op", "");
    if (j.contains("ids") && j["ids"].is_array())
        n.ids = j["ids"].get<std::vector<Id>>();
    else
        n.all = true;
    n.pid = j.value("pid", 0L);
    n.by = j.contains("by") && j["by"].is_string() ? j["by"].get<std::string>() : "";
    n.workstation = j.contains("workstation") && j["workstation"].is_string()
                        ? j["workstation"].get<std::string>()
                        : "";
    n.at_ms = j.value("at_ms", std::int64_t{0});
    return n;
}

Listener::Listener(const std::string& url) {
    auto [conninfo, schema] = split_schema(url);
    m_schema = schema;
    m_shown = url_shown(url);
    m_conn = PQconnectdb(conninfo.c_str());
    if (PQstatus(m_conn) != CONNECTION_OK) {
        std::string why = PQerrorMessage(m_conn);
        while (!why.empty() && (why.back() == '\n' || why.back() == ' '))
            why.pop_back();
        for (auto nl = why.find('\n'); nl != std::string::npos; nl = why.find('\n'))
            why[nl] = ' ';
        PQfinish(m_conn);
        m_conn = nullptr;
        throw InputError(m_shown + ": cannot listen for changes: " + why);
    }
    PGresult* r = PQexec(m_conn, ("LISTEN " + quote_ident(channel(m_schema))).c_str());
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (!ok) {
        const std::string why = PQerrorMessage(m_conn);
        PQfinish(m_conn);
        m_conn = nullptr;
        throw InputError(m_shown + ": cannot listen for changes: " + why);
    }
    PQsetnonblocking(m_conn, 1);
}

Listener::~Listener() {
    if (m_conn) PQfinish(m_conn);
}

int Listener::socket() const {
    return m_conn ? PQsocket(m_conn) : -1;
}

std::vector<Notification> Listener::poll() {
    std::vector<Notification> out;
    if (m_conn == nullptr || PQconsumeInput(m_conn) == 0 || PQstatus(m_conn) != CONNECTION_OK) {
        std::string why = m_conn ? PQerrorMessage(m_conn) : "not connected";
        for (auto nl = why.find('\n'); nl != std::string::npos; nl = why.find('\n'))
            why[nl] = ' ';
        throw Error(m_shown + ": the connection was lost: " + why);
    }
    while (PGnotify* n = PQnotifies(m_conn)) {
        try {
            out.push_back(parse_notification(n->extra));
        } catch (const Error&) {
            // another program's notification on our channel: not ours to read
        }
        PQfreemem(n);
    }
    return out;
}

bool reachable(const std::string& url) {
    const std::string conninfo = split_schema(url).first;
    return PQping(conninfo.c_str()) == PQPING_OK || PQping(conninfo.c_str()) == PQPING_REJECT;
}

LastChange last_change(const std::string& url, const std::string& layer, Id id) {
    auto [conninfo, schema] = split_schema(url);
    PGconn* conn = PQconnectdb(conninfo.c_str());
    struct Closer {
        PGconn* c;
        ~Closer() { PQfinish(c); }
    } closer{conn};
    if (PQstatus(conn) != CONNECTION_OK)
        throw Error(url_shown(url) + ": cannot read the history: " + PQerrorMessage(conn));
    const std::string sql =
        "SELECT who, coalesce(workstation, ''), to_char(at, 'YYYY-MM-DD HH24:MI:SS'), "
        "coalesce(rev, 0), op FROM " +
        quote_ident(schema) +
        ".feature_history WHERE layer = $1 AND feature_id = $2 ORDER BY seq DESC LIMIT 1";
    const std::string id_text = std::to_string(id);
    const char* params[] = {layer.c_str(), id_text.c_str()};
    PGresult* r = PQexecParams(conn, sql.c_str(), 2, nullptr, params, nullptr, nullptr, 0);
    struct Clear {
        PGresult* r;
        ~Clear() { PQclear(r); }
    } clear{r};
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        throw Error(url_shown(url) + ": cannot read the history: " + PQerrorMessage(conn));
    LastChange c;
    if (PQntuples(r) == 0) return c;
    c.who = PQgetvalue(r, 0, 0);
    c.workstation = PQgetvalue(r, 0, 1);
    c.at = PQgetvalue(r, 0, 2);
    c.rev = std::stoll(PQgetvalue(r, 0, 3));
    c.op = PQgetvalue(r, 0, 4);
    return c;
}

} // namespace cordon::geo::pg
