// A project in PostgreSQL/PostGIS (issue 19): the layers' descriptors (project_layers.hpp) give
// the tables, the columns and how each is bound and read, as for the project file. Values go
// through an in-memory SQLite statement ("SELECT ?1, ?2, …"): the descriptors bind a row into
// it and read a row out of it, and this file turns its columns into text for libpq and back,
// so no column is described twice. Geometry goes as (E)WKB.
//
// Schema of a project (one PostgreSQL schema):
//   every layer's table: its descriptor's columns (INTEGER → bigint, REAL → double precision,
//     TEXT → text), `rev bigint NOT NULL DEFAULT 1`, and `geom geometry(TYPE, SRID)` for layers
//     with a geometry (GiST index); a BEFORE UPDATE trigger bumps `rev` when a writer (QGIS)
//     does not; AFTER INSERT/UPDATE/DELETE statement triggers log every row in feature_history.
//   feature_history (seq, layer, feature_id, rev, op, who = current_user, workstation =
//     application_name and client address, at, step = the Cordon step, xid)
//   cordon_meta, cordon_sources, plans, parameters, history: as in the project file.

#include "pg_db.hpp"
#include "project_layers.hpp"
#include "project_references.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/pg_live.hpp>
#include <cordon/geo/pg_store.hpp>
#include <cordon/geo/project_store.hpp>

#include <algorithm>
#include <bit>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <set>
#include <unistd.h>

namespace cordon::geo {

using namespace detail;

namespace {

// --- URLs ---------------------------------------------------------------------------------------

struct Url {
    std::string conninfo; ///< for libpq: without schema=
    std::string shown;    ///< for messages: without the password
    std::string password;
    std::string schema;
};

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decoded(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
            hex_value(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

/// Splits a URL: scheme://authority/path?query. The password (raw) sits in the authority
/// (user:password@) or the query (password=).
struct UrlParts {
    std::string head; ///< "postgresql://"
    std::string user; ///< before ':' or '@'
    std::string password_raw;
    bool has_password = false;
    std::string host_path; ///< after '@' up to '?'
    std::vector<std::pair<std::string, std::string>> query;
};

UrlParts split_url(const std::string& url) {
    UrlParts p;
    const std::size_t scheme = url.find("://");
    p.head = url.substr(0, scheme + 3);
    std::string rest = url.substr(scheme + 3);
    std::string query;
    if (const std::size_t q = rest.find('?'); q != std::string::npos) {
        query = rest.substr(q + 1);
        rest.resize(q);
    }
    const std::size_t slash = rest.find('/');
    const std::size_t at = rest.rfind('@', slash == std::string::npos ? rest.size() : slash);
    if (at != std::string::npos) {
        const std::string info = rest.substr(0, at);
        const std::size_t colon = info.find(':');
        p.user = info.substr(0, colon);
        if (colon != std::string::npos) {
            p.password_raw = info.substr(colon + 1);
            p.has_password = true;
        }
        p.host_path = rest.substr(at + 1);
    } else {
        p.host_path = rest;
    }
    std::size_t pos = 0;
    while (pos <= query.size() && !query.empty()) {
        std::size_t amp = query.find('&', pos);
        if (amp == std::string::npos) amp = query.size();
        const std::string kv = query.substr(pos, amp - pos);
        const std::size_t eq = kv.find('=');
        if (!kv.empty())
            p.query.emplace_back(kv.substr(0, eq),
                                 eq == std::string::npos ? "" : kv.substr(eq + 1));
        pos = amp + 1;
    }
    return p;
}

std::string join_url(const UrlParts& p, bool with_password, bool with_schema) {
    std::string out = p.head;
    if (!p.user.empty() || (with_password && p.has_password)) {
        out += p.user;
        if (with_password && p.has_password) out += ":" + p.password_raw;
        out += "@";
    }
    out += p.host_path;
    std::string query;
    for (const auto& [k, v] : p.query) {
        if (k == "password" && !with_password) continue;
        if (k == "schema" && !with_schema) continue;
        query += (query.empty() ? "" : "&") + k + "=" + v;
    }
    if (!query.empty()) out += "?" + query;
    return out;
}

bool valid_schema_name(const std::string& s) {
    if (s.empty() || s.size() > 63) return false;
    if (!(std::islower(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c)) ||
               std::isdigit(static_cast<unsigned char>(c)) || c == '_';
    });
}

Url parse_url(const std::string& url, const std::string& schema_override = "") {
    if (!is_database_url(url)) throw InputError(url + ": not a postgresql:// URL");
    const UrlParts p = split_url(url);
    Url u;
    u.conninfo = join_url(p, true, false);
    u.shown = join_url(p, false, true);
    u.password = url_password(url);
    u.schema = "cordon";
    for (const auto& [k, v] : p.query)
        if (k == "schema") u.schema = percent_decoded(v);
    if (!schema_override.empty()) u.schema = schema_override;
    if (!valid_schema_name(u.schema))
        throw InputError(u.shown + ": schema '" + u.schema +
                         "' is not a plain name (lower-case letters, digits and _, at most 63)");
    return u;
}

/// Connects, and checks the database has PostGIS.
std::unique_ptr<PgConnection> connect(const Url& u) {
    // The password as raw text is also taken out of messages (a URL quoted by libpq).
    auto db = std::make_unique<PgConnection>(u.conninfo, u.shown, u.password);
    PgResult r = db->exec("SELECT extversion FROM pg_extension WHERE extname = 'postgis'");
    if (PQntuples(r.get()) == 0)
        throw InputError(u.shown + ": the database has no PostGIS (CREATE EXTENSION postgis; "
                                   "as its owner), so it cannot hold a Cordon project");
    return db;
}

// --- Values -------------------------------------------------------------------------------------

/// "INTEGER PRIMARY KEY" → "bigint PRIMARY KEY", "REAL" → "double precision", "TEXT NOT NULL"
/// → "text NOT NULL".
std::string pg_type(const std::string& sql) {
    auto starts = [&](const char* p) { return sql.rfind(p, 0) == 0; };
    std::string rest;
    std::string type;
    if (starts("INTEGER")) {
        type = "bigint";
        rest = sql.substr(7);
    } else if (starts("REAL")) {
        type = "double precision";
        rest = sql.substr(4);
    } else {
        type = "text";
        rest = sql.substr(sql.find(' ') == std::string::npos ? sql.size() : sql.find(' '));
    }
    return type + rest;
}

/// The kind of value a column holds, from its SQL type.
enum class Kind { integer, real, text };
Kind kind_of(const char* sql) {
    const std::string s = sql;
    if (s.rfind("INTEGER", 0) == 0) return Kind::integer;
    if (s.rfind("REAL", 0) == 0) return Kind::real;
    return Kind::text;
}

std::string real_text(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

std::uint64_t fnv(std::uint64_t h, const std::string& s) {
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    h ^= 0xff;
    h *= 1099511628211ull;
    return h;
}

// --- Geometry as EWKB -----------------------------------------------------------------------

class WkbWriter {
public:
    void start(std::uint32_t type, int srid) {
        m_bytes.clear();
        byte(std::endian::native == std::endian::little ? 1 : 0);
        u32(type | 0x20000000u); // EWKB with SRID
        u32(static_cast<std::uint32_t>(srid));
    }
    void byte(unsigned char b) { m_bytes.push_back(static_cast<char>(b)); }
    void u32(std::uint32_t v) { m_bytes.append(reinterpret_cast<const char*>(&v), sizeof v); }
    void real(double v) { m_bytes.append(reinterpret_cast<const char*>(&v), sizeof v); }
    void points(const std::vector<Point>& pts) {
        u32(static_cast<std::uint32_t>(pts.size()));
        for (const Point& p : pts)
            real(p.x), real(p.y);
    }
    /// The bytes as hex, as PostGIS reads them from text.
    std::string hex() const {
        static const char* digits = "0123456789ABCDEF";
        std::string out;
        out.reserve(m_bytes.size() * 2);
        for (unsigned char c : m_bytes) {
            out += digits[c >> 4];
            out += digits[c & 15];
        }
        return out;
    }

private:
    std::string m_bytes;
};

bool empty_geometry(const MultiPolygon& g) {
    return std::none_of(g.begin(), g.end(),
                        [](const Polygon& p) { return !p.rings.empty() && !p.rings[0].empty(); });
}

/// Hex EWKB of a geometry; nullopt (NULL) when empty, as the project file stores it.
PgParam ewkb(const MultiPolygon& g, int srid) {
    if (empty_geometry(g)) return std::nullopt;
    WkbWriter w;
    w.start(6, srid);
    std::uint32_t parts = 0;
    for (const Polygon& p : g)
        parts += p.rings.empty() || p.rings[0].empty() ? 0 : 1;
    w.u32(parts);
    for (const Polygon& p : g) {
        if (p.rings.empty() || p.rings[0].empty()) continue;
        w.byte(std::endian::native == std::endian::little ? 1 : 0);
        w.u32(3);
        std::uint32_t rings = 0;
        for (const Ring& r : p.rings)
            rings += r.empty() ? 0 : 1;
        w.u32(rings);
        for (const Ring& r : p.rings)
            if (!r.empty()) w.points(r);
    }
    return w.hex();
}
PgParam ewkb(const LineString& g, int srid) {
    if (g.empty()) return std::nullopt;
    WkbWriter w;
    w.start(2, srid);
    w.points(g);
    return w.hex();
}
PgParam ewkb(Point p, int srid) {
    WkbWriter w;
    w.start(1, srid);
    w.real(p.x), w.real(p.y);
    return w.hex();
}

/// Reads hex (E)WKB as PostGIS writes it in text results.
class WkbReader {
public:
    WkbReader(const char* hex, std::size_t n, std::string where) : m_where(std::move(where)) {
        if (n % 2) fail();
        m_bytes.resize(n / 2);
        for (std::size_t i = 0; i < n / 2; ++i) {
            const int a = hex_value(hex[2 * i]), b = hex_value(hex[2 * i + 1]);
            if (a < 0 || b < 0) fail();
            m_bytes[i] = static_cast<unsigned char>(a * 16 + b);
        }
    }
    /// Reads a header: the geometry type without flags.
    std::uint32_t header() {
        m_little = byte() == 1;
        const std::uint32_t raw = u32();
        if (raw & 0x80000000u || raw & 0x40000000u) fail("has Z or M coordinates");
        if (raw & 0x20000000u) u32(); // SRID
        return raw & 0xffffu;
    }
    Point point() {
        const double x = real();
        const double y = real();
        return {x, y};
    }
    std::vector<Point> points() {
        const std::uint32_t n = count(16);
        std::vector<Point> out;
        out.reserve(n);
        for (std::uint32_t i = 0; i < n; ++i)
            out.push_back(point());
        return out;
    }
    Polygon polygon() {
        Polygon p;
        const std::uint32_t n = count(4);
        for (std::uint32_t i = 0; i < n; ++i)
            p.rings.push_back(points());
        return p;
    }
    std::uint32_t count(std::size_t min_bytes) {
        const std::uint32_t n = u32();
        if (static_cast<std::uint64_t>(n) * min_bytes > m_bytes.size() - m_at) fail();
        return n;
    }
    [[noreturn]] void fail(const std::string& why = "is not valid WKB") const {
        throw InputError(m_where + ": the geometry " + why);
    }

private:
    unsigned char byte() {
        if (m_at >= m_bytes.size()) fail();
        return m_bytes[m_at++];
    }
    std::uint32_t u32() {
        if (m_at + 4 > m_bytes.size()) fail();
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i)
            v |= static_cast<std::uint32_t>(m_bytes[m_at + static_cast<std::size_t>(i)])
                 << (m_little ? 8 * i : 24 - 8 * i);
        m_at += 4;
        return v;
    }
    double real() {
        if (m_at + 8 > m_bytes.size()) fail();
        std::uint64_t v = 0;
        for (int i = 0; i < 8; ++i)
            v |= static_cast<std::uint64_t>(m_bytes[m_at + static_cast<std::size_t>(i)])
                 << (m_little ? 8 * i : 56 - 8 * i);
        m_at += 8;
        return std::bit_cast<double>(v);
    }
    std::vector<unsigned char> m_bytes;
    std::size_t m_at = 0;
    bool m_little = true;
    std::string m_where;
};

void read_geometry(WkbReader& r, MultiPolygon& out) {
    const std::uint32_t type = r.header();
    if (type == 3) {
        out.push_back(r.polygon());
        return;
    }
    if (type != 6) r.fail("is not a polygon");
    const std::uint32_t n = r.count(9);
    for (std::uint32_t i = 0; i < n; ++i) {
        if (r.header() != 3) r.fail("is not a polygon");
        out.push_back(r.polygon());
    }
}
void read_geometry(WkbReader& r, LineString& out) {
    const std::uint32_t type = r.header();
    if (type == 2) {
        out = r.points();
        return;
    }
    if (type != 5) r.fail("is not a line");
    const std::uint32_t n = r.count(9);
    for (std::uint32_t i = 0; i < n; ++i) { // a multi-line written elsewhere: its first line
        if (r.header() != 2) r.fail("is not a line");
        std::vector<Point> part = r.points();
        if (i == 0) out = std::move(part);
    }
}
void read_geometry(WkbReader& r, Point& out) {
    if (r.header() != 1) r.fail("is not a point");
    out = r.point();
}

template <typename Row> auto& geom_of(Row& row) {
    if constexpr (requires { row.geom; })
        return row.geom;
    else
        return row.pos;
}

// --- A layer's rows as text -------------------------------------------------------------------

/// Turns a layer's rows into libpq's text parameters and back through its descriptor.
template <typename L> class Codec {
public:
    Codec(Database& mem, const L& layer) : m_layer(layer), m_statement(mem.prepare(select_sql())) {
        for (const auto& f : layer.fields)
            m_kinds.push_back(kind_of(f.sql));
    }

    const L& layer() const { return m_layer; }

    /// The row's columns (descriptor order) as text, NULL as nullopt.
    template <typename Row> void encode(const Row& row, std::vector<PgParam>& out) {
        out.clear();
        const int n = static_cast<int>(m_layer.fields.size());
        for (int i = 0; i < n; ++i)
            m_layer.fields[static_cast<std::size_t>(i)].bind(m_statement, i + 1, row);
        m_statement.next();
        for (int i = 0; i < n; ++i) {
            switch (m_statement.type(i)) {
            case SQLITE_NULL:
                out.emplace_back(std::nullopt);
                break;
            case SQLITE_INTEGER:
                out.emplace_back(std::to_string(m_statement.integer(i)));
                break;
            case SQLITE_FLOAT:
                if (m_kinds[static_cast<std::size_t>(i)] == Kind::integer)
                    out.emplace_back(std::to_string(std::llround(m_statement.real(i))));
                else
                    out.emplace_back(real_text(m_statement.real(i)));
                break;
            default:
                out.emplace_back(m_statement.text(i));
            }
        }
        m_statement.reset();
    }

    /// Sets the row from a result row's first columns (descriptor order).
    template <typename Row>
    void decode(const PGresult* r, int tuple, Row& row, const std::string& where) {
        const int n = static_cast<int>(m_layer.fields.size());
        for (int i = 0; i < n; ++i) {
            if (PQgetisnull(r, tuple, i)) {
                m_statement.bind(i + 1, std::optional<std::int64_t>{});
                continue;
            }
            const char* v = PQgetvalue(r, tuple, i);
            switch (m_kinds[static_cast<std::size_t>(i)]) {
            case Kind::integer:
                m_statement.bind(i + 1, static_cast<std::int64_t>(std::strtoll(v, nullptr, 10)));
                break;
            case Kind::real:
                m_statement.bind(i + 1, std::strtod(v, nullptr));
                break;
            case Kind::text:
                m_statement.bind(i + 1, std::string(v));
                break;
            }
        }
        m_statement.next();
        for (int i = 0; i < n; ++i)
            m_layer.fields[static_cast<std::size_t>(i)].read(m_statement, i, row, where);
        m_statement.reset();
    }

private:
    std::string select_sql() const {
        std::string sql = "SELECT ";
        for (std::size_t i = 0; i < m_layer.fields.size(); ++i)
            sql += (i ? ", ?" : "?") + std::to_string(i + 1);
        return sql;
    }
    const L& m_layer;
    Statement m_statement;
    std::vector<Kind> m_kinds;
};

template <typename L>
using RowOf =
    typename std::decay_t<decltype(std::declval<L>().rows(std::declval<District&>()))>::value_type;

/// The digest of a row's text: what tells a changed row from one as read.
std::uint64_t digest(const std::vector<PgParam>& values, const PgParam& geometry) {
    std::uint64_t h = 14695981039346656037ull;
    for (const PgParam& v : values)
        h = v ? fnv(h, *v) : fnv(h, "\x01NULL");
    return geometry ? fnv(h, *geometry) : fnv(h, "\x01NULL");
}

std::string table_name(const std::string& schema, const char* table) {
    return quote_ident(schema) + "." + quote_ident(table);
}

template <typename L> std::string columns_sql(const L& layer) {
    std::string out;
    for (const auto& f : layer.fields)
        out += (out.empty() ? "" : ", ") + quote_ident(f.name);
    return out;
}

/// `SELECT` of a layer's rows as the store reads them: the fields, `rev`, and the geometry when
/// spatial (columns 0..n-1, n, n+1).
template <typename L> std::string select_rows_sql(const L& layer, const std::string& schema) {
    using Row = RowOf<L>;
    return "SELECT " + columns_sql(layer) + ", rev" + (Spatial<Row> ? ", geom" : "") + " FROM " +
           table_name(schema, layer.table);
}

/// Row `i` of a select_rows_sql result into `row` (`where` names it in errors): its revision
/// and digest as read (`values`: scratch space for the encoded fields).
template <typename L, typename Row>
RowState read_row(Codec<L>& codec, const PGresult* r, int i, Row& row, const std::string& where,
                  int srid, std::vector<PgParam>& values) {
    const int n = static_cast<int>(codec.layer().fields.size());
    codec.decode(r, i, row, where);
    const std::int64_t rev = std::strtoll(PQgetvalue(r, i, n), nullptr, 10);
    PgParam g;
    if constexpr (Spatial<Row>) {
        if (!PQgetisnull(r, i, n + 1)) {
            WkbReader wkb(PQgetvalue(r, i, n + 1),
                          static_cast<std::size_t>(PQgetlength(r, i, n + 1)), where);
            read_geometry(wkb, geom_of(row));
        }
        g = ewkb(geom_of(row), srid);
    }
    codec.encode(row, values);
    return {rev, digest(values, g)};
}

/// One line of COPY text: the values, then `rev` when given, then the geometry when spatial.
void append_copy_row(std::string& out, const std::vector<PgParam>& values,
                     const std::optional<std::int64_t>& rev, const PgParam* geometry) {
    bool first = true;
    auto put = [&](const PgParam& v) {
        if (!first) out += '\t';
        first = false;
        if (v)
            append_copy_text(out, *v);
        else
            out += "\\N";
    };
    for (const PgParam& v : values)
        put(v);
    if (rev) put(std::to_string(*rev));
    if (geometry) put(*geometry);
    out += '\n';
}

// --- Schema -------------------------------------------------------------------------------------

const char* meta_tables_sql =
    "CREATE TABLE {s}.cordon_meta (key text PRIMARY KEY, value text);"
    "CREATE TABLE {s}.cordon_sources (id bigint PRIMARY KEY, path text, sha256 text, bytes "
    "bigint);"
    "CREATE TABLE {s}.plans (id bigint PRIMARY KEY, name text, created text, figures text);"
    "CREATE TABLE {s}.parameters (step text PRIMARY KEY, value text);"
    "CREATE TABLE {s}.history (id bigserial PRIMARY KEY, time text, step text, parameters text, "
    "figures text);"
    "CREATE TABLE {s}.feature_history (seq bigserial PRIMARY KEY, layer text NOT NULL, "
    "feature_id bigint, rev bigint, op text NOT NULL, who text NOT NULL DEFAULT current_user, "
    "workstation text, at timestamptz NOT NULL DEFAULT now(), step text, "
    "xid xid8 NOT NULL DEFAULT pg_current_xact_id());"
    "CREATE INDEX ON {s}.feature_history (layer, feature_id);"
    // The revision moves on with every change, also one made by another program (QGIS).
    "CREATE FUNCTION {s}.cordon_bump_rev() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF NEW.rev IS NOT DISTINCT FROM OLD.rev THEN NEW.rev := OLD.rev + 1; END IF; "
    "RETURN NEW; END $$;"
    // Who changed what, from which workstation, when; in the writer's transaction.
    "CREATE FUNCTION {s}.cordon_log_changes() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "DECLARE ws text := current_setting('application_name', true) || "
    "coalesce(' (' || host(inet_client_addr()) || ')', ''); "
    "st text := nullif(current_setting('cordon.step', true), ''); BEGIN "
    "IF TG_OP = 'DELETE' THEN "
    "INSERT INTO {s}.feature_history (layer, feature_id, rev, op, workstation, step) "
    "SELECT TG_TABLE_NAME, id, rev, 'delete', ws, st FROM old_rows; "
    "ELSE "
    "INSERT INTO {s}.feature_history (layer, feature_id, rev, op, workstation, step) "
    "SELECT TG_TABLE_NAME, id, rev, lower(TG_OP), ws, st FROM new_rows; "
    "END IF; RETURN NULL; END $$;";

std::string with_schema(std::string sql, const std::string& schema) {
    const std::string q = quote_ident(schema);
    for (std::size_t at; (at = sql.find("{s}")) != std::string::npos;)
        sql.replace(at, 3, q);
    return sql;
}

template <typename L> std::string create_table_sql(const L& layer, const std::string& s, int srid) {
    std::string sql = "CREATE TABLE " + table_name(s, layer.table) + " (";
    for (const auto& f : layer.fields)
        sql += quote_ident(f.name) + " " + pg_type(f.sql) + ", ";
    sql += "rev bigint NOT NULL DEFAULT 1";
    if (layer.geometry)
        sql += std::string(", geom geometry(") + layer.geometry + ", " + std::to_string(srid) + ")";
    return sql + ")";
}

template <typename L> std::string table_extras_sql(const L& layer, const std::string& s) {
    const std::string t = table_name(s, layer.table);
    const std::string qs = quote_ident(s);
    std::string sql;
    if (layer.geometry) sql += "CREATE INDEX ON " + t + " USING gist (geom);";
    sql += "CREATE TRIGGER cordon_rev BEFORE UPDATE ON " + t + " FOR EACH ROW EXECUTE FUNCTION " +
           qs + ".cordon_bump_rev();";
    sql += "CREATE TRIGGER cordon_log_insert AFTER INSERT ON " + t +
           " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION " + qs +
           ".cordon_log_changes();";
    sql += "CREATE TRIGGER cordon_log_update AFTER UPDATE ON " + t +
           " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION " + qs +
           ".cordon_log_changes();";
    sql += "CREATE TRIGGER cordon_log_delete AFTER DELETE ON " + t +
           " REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION " + qs +
           ".cordon_log_changes();";
    return sql;
}

std::string now_utc_text() {
    const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

void take_turn(PgConnection& db, const std::string& schema) {
    db.exec("SELECT pg_advisory_xact_lock(hashtext($1))", {"cordon:" + schema});
}

bool schema_exists(PgConnection& db, const std::string& schema) {
    return PQntuples(db.exec("SELECT 1 FROM pg_namespace WHERE nspname = $1", {schema}).get()) > 0;
}

bool has_table(PgConnection& db, const std::string& schema, const std::string& table) {
    return PQntuples(db.exec("SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2",
                             {schema, table})
                         .get()) > 0;
}

void write_meta_rows(PgConnection& db, const std::string& s, const District& d) {
    const std::string meta = "INSERT INTO " + quote_ident(s) +
                             ".cordon_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO "
                             "UPDATE SET value = EXCLUDED.value";
    auto put = [&](const std::string& k, const std::string& v) { db.exec(meta, {k, v}); };
    put("application", "Cordon");
    put("format_version", std::to_string(project_format_version));
    put("cordon_version", d.meta.cordon_version.empty() ? CORDON_VERSION : d.meta.cordon_version);
    put("srid", std::to_string(d.meta.srid));
    put("crs", "EPSG:" + std::to_string(d.meta.srid));
    put("crs_name", d.meta.crs_name);
    put("created", d.meta.created.empty() ? now_utc_text() : d.meta.created);
    put("saved", now_utc_text());
    put("import_report", d.meta.import_report);
    std::int64_t id = 0;
    for (const SourceFile& f : d.meta.sources)
        db.exec("INSERT INTO " + quote_ident(s) +
                    ".cordon_sources (id, path, sha256, bytes) VALUES ($1, $2, $3, $4)",
                {std::to_string(++id), f.path, f.sha256, std::to_string(f.bytes)});
}

void append_history(PgConnection& db, const std::string& s, const District& d, std::size_t from) {
    for (std::size_t i = from; i < d.meta.history.size(); ++i) {
        const HistoryEntry& h = d.meta.history[i];
        db.exec("INSERT INTO " + quote_ident(s) +
                    ".history (time, step, parameters, figures) VALUES ($1, $2, $3, $4)",
                {h.time.empty() ? now_utc_text() : h.time, h.step, h.parameters, h.figures});
    }
}

} // namespace

// --- Public -------------------------------------------------------------------------------------

bool is_database_url(const std::string& path) {
    return path.rfind("postgresql://", 0) == 0 || path.rfind("postgres://", 0) == 0;
}

std::string shown_url(const std::string& url) {
    if (!is_database_url(url)) return url;
    return join_url(split_url(url), false, true);
}

std::string url_without_password(const std::string& url) {
    return shown_url(url);
}

std::string url_schema(const std::string& url) {
    if (!is_database_url(url)) return "";
    std::string schema = "cordon";
    for (const auto& [k, v] : split_url(url).query)
        if (k == "schema") schema = percent_decoded(v);
    return schema;
}

std::string url_password(const std::string& url) {
    if (!is_database_url(url)) return "";
    const UrlParts p = split_url(url);
    if (p.has_password) return percent_decoded(p.password_raw);
    for (const auto& [k, v] : p.query)
        if (k == "password") return percent_decoded(v);
    return "";
}

void publish_project(const District& district, const std::string& url,
                     const PublishOptions& options, Progress& progress) {
    const Url u = parse_url(url, options.schema);
    if (district.meta.srid <= 0) throw Error(u.shown + ": the district has no project CRS");
    auto db = connect(u);
    const std::string& s = u.schema;
    PgTransaction tx(*db);
    take_turn(*db, s);
    if (schema_exists(*db, s)) {
        if (has_table(*db, s, "cordon_meta")) {
            if (!options.replace)
                throw InputError(u.shown + ": schema '" + s +
                                 "' holds a Cordon project already; publish again replacing it, "
                                 "or choose another schema");
            db->exec("DROP SCHEMA " + quote_ident(s) + " CASCADE");
        } else if (PQntuples(db->exec("SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = "
                                      "c.relnamespace WHERE n.nspname = $1 LIMIT 1",
                                      {s})
                                 .get()) > 0) {
            throw InputError(u.shown + ": schema '" + s +
                             "' holds tables that are not a Cordon project; choose another "
                             "schema");
        } else {
            db->exec("DROP SCHEMA " + quote_ident(s));
        }
    }
    db->exec("CREATE SCHEMA " + quote_ident(s));
    db->exec(with_schema(meta_tables_sql, s));
    Database mem(":memory:", true);
    std::vector<PgParam> values;
    for_each_layer([&](const auto& layer) {
        db->exec(create_table_sql(layer, s, district.meta.srid));
        const auto& rows = layer.rows(district);
        using Row = typename std::decay_t<decltype(rows)>::value_type;
        Codec codec(mem, layer);
        std::string data;
        std::string sql = "COPY " + table_name(s, layer.table) + " (" + columns_sql(layer) +
                          (Spatial<Row> ? ", geom" : "") + ") FROM STDIN";
        std::size_t done = 0;
        for (const auto& row : rows) {
            codec.encode(row, values);
            if constexpr (Spatial<Row>) {
                const PgParam g = ewkb(geom_of(row), district.meta.srid);
                append_copy_row(data, values, std::nullopt, &g);
            } else {
                append_copy_row(data, values, std::nullopt, nullptr);
            }
            if (data.size() > (32u << 20)) { // a big layer goes in parts
                db->copy_in(sql, data);
                data.clear();
            }
            if (++done % 8192 == 0)
                progress.report(std::string("publishing ") + layer.table, done, rows.size());
        }
        if (!data.empty()) db->copy_in(sql, data);
        db->exec(table_extras_sql(layer, s));
    });
    write_meta_rows(*db, s, district);
    append_history(*db, s, district, 0);
    for (const auto& [step, value] : district.meta.parameters)
        db->exec("INSERT INTO " + quote_ident(s) + ".parameters (step, value) VALUES ($1, $2)",
                 {step, value});
    db->exec("SELECT set_config('cordon.step', 'publish', true)");
    db->exec("INSERT INTO " + quote_ident(s) +
             ".feature_history (layer, op, workstation, step) VALUES ('*', 'publish', "
             "current_setting('application_name', true) || coalesce(' (' || "
             "host(inet_client_addr()) || ')', ''), 'publish')");
    // Every commit tells the open apps what changed (pg_notify), and roles per community when
    // asked (pg_live.hpp), in the same transaction.
    db->exec(pg::live_updates_sql(s));
    if (options.roles) db->exec(pg::roles_sql(s, *options.roles));
    progress.report("publishing", 1.0);
    tx.commit();
}

District read_database(const std::string& url) {
    const Url u = parse_url(url);
    auto db = connect(u);
    const std::string& s = u.schema;
    const std::string qs = quote_ident(s);
    if (!schema_exists(*db, s))
        throw InputError(u.shown + ": the database has no schema '" + s +
                         "' (publish a project into it first)");
    if (!has_table(*db, s, "cordon_meta"))
        throw InputError(u.shown + ": schema '" + s +
                         "' is not a Cordon project (no cordon_meta table)");
    PgTransaction tx(*db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    auto snapshot = std::make_shared<DatabaseSnapshot>();
    snapshot->schema = s;
    snapshot->pg_snapshot = PQgetvalue(db->exec("SELECT pg_current_snapshot()::text").get(), 0, 0);
    std::map<std::string, std::string> meta;
    {
        PgResult r = db->exec("SELECT key, value FROM " + qs + ".cordon_meta");
        for (int i = 0; i < PQntuples(r.get()); ++i)
            meta[PQgetvalue(r.get(), i, 0)] = PQgetvalue(r.get(), i, 1);
    }
    if (meta["application"] != "Cordon")
        throw InputError(u.shown + ": schema '" + s + "' is not a Cordon project");
    const int version = std::atoi(meta["format_version"].c_str());
    if (version != project_format_version)
        throw InputError(u.shown + ": schema '" + s + "' holds a project of format " +
                         std::to_string(version) + "; this Cordon reads format " +
                         std::to_string(project_format_version) +
                         " from a database (publish the project again with this Cordon)");
    // Every table with every column Cordon reads: else not (or no longer) a Cordon project.
    std::map<std::string, std::set<std::string>> columns;
    {
        PgResult r = db->exec("SELECT table_name, column_name FROM information_schema.columns "
                              "WHERE table_schema = $1",
                              {s});
        for (int i = 0; i < PQntuples(r.get()); ++i)
            columns[PQgetvalue(r.get(), i, 0)].insert(PQgetvalue(r.get(), i, 1));
    }
    for (const char* t : {"cordon_sources", "parameters", "history", "feature_history"})
        if (!columns.count(t))
            throw InputError(u.shown + ": schema '" + s + "' is not a Cordon project (no table '" +
                             t + "')");
    for_each_layer([&](const auto& layer) {
        auto it = columns.find(layer.table);
        std::string missing;
        if (it == columns.end())
            throw InputError(u.shown + ": schema '" + s + "' is not a Cordon project (no table '" +
                             layer.table + "')");
        for (const auto& f : layer.fields)
            if (!it->second.count(f.name)) missing = f.name;
        if (!it->second.count("rev")) missing = "rev";
        if (layer.geometry && !it->second.count("geom")) missing = "geom";
        if (!missing.empty())
            throw InputError(u.shown + ": schema '" + s + "' is not a Cordon project (table '" +
                             layer.table + "' has no column '" + missing + "')");
    });

    District d;
    d.meta.srid = std::atoi(meta["srid"].c_str());
    d.meta.crs_name = meta["crs_name"];
    d.meta.cordon_version = meta["cordon_version"];
    d.meta.created = meta["created"];
    d.meta.import_report = meta["import_report"];
    {
        PgResult r =
            db->exec("SELECT path, sha256, bytes FROM " + qs + ".cordon_sources ORDER BY id");
        for (int i = 0; i < PQntuples(r.get()); ++i)
            d.meta.sources.push_back({PQgetvalue(r.get(), i, 0), PQgetvalue(r.get(), i, 1),
                                      std::strtoull(PQgetvalue(r.get(), i, 2), nullptr, 10)});
    }
    {
        PgResult r =
            db->exec("SELECT time, step, parameters, figures FROM " + qs + ".history ORDER BY id");
        for (int i = 0; i < PQntuples(r.get()); ++i)
            d.meta.history.push_back({PQgetvalue(r.get(), i, 0), PQgetvalue(r.get(), i, 1),
                                      PQgetvalue(r.get(), i, 2), PQgetvalue(r.get(), i, 3)});
    }
    {
        PgResult r = db->exec("SELECT step, value FROM " + qs + ".parameters");
        for (int i = 0; i < PQntuples(r.get()); ++i)
            d.meta.parameters[PQgetvalue(r.get(), i, 0)] = PQgetvalue(r.get(), i, 1);
    }
    snapshot->history_count = d.meta.history.size();
    snapshot->parameters = d.meta.parameters;

    Database mem(":memory:", true);
    std::vector<PgParam> values;
    for_each_layer([&](const auto& layer) {
        auto& rows = layer.rows(d);
        using Row = typename std::decay_t<decltype(rows)>::value_type;
        Codec codec(mem, layer);
        PgResult r = db->exec(select_rows_sql(layer, s) + " ORDER BY id");
        const int count = PQntuples(r.get());
        rows.reserve(static_cast<std::size_t>(count));
        auto& states = snapshot->rows[layer.table];
        states.reserve(static_cast<std::size_t>(count));
        const std::string rows_of = u.shown + ": " + layer.table + " ";
        for (int i = 0; i < count; ++i) {
            Row& row = rows.emplace_back();
            const RowState read = read_row(
                codec, r.get(), i, row, rows_of + PQgetvalue(r.get(), i, 0), d.meta.srid, values);
            states[row.id] = read;
        }
    });
    tx.commit();
    d.meta.database = std::move(snapshot);
    drop_dangling_ids(d, u.shown);
    return d;
}

namespace {

/// The refusal for a feature that changed since it was read, from its latest history entry.
[[noreturn]] void conflict(PgConnection& db, const Url& u, const std::string& table,
                           std::int64_t id, std::int64_t read_rev, const char* what) {
    PgResult r = db.exec("SELECT who, coalesce(workstation, ''), to_char(at AT TIME ZONE 'UTC', "
                         "'YYYY-MM-DD HH24:MI:SS'), rev, op, coalesce(step, '') FROM " +
                             quote_ident(u.schema) +
                             ".feature_history WHERE layer = $1 AND feature_id = $2 ORDER BY seq "
                             "DESC LIMIT 1",
                         {table, std::to_string(id)});
    std::string by = " by another writer";
    if (PQntuples(r.get()) > 0) {
        const std::string op = PQgetvalue(r.get(), 0, 4);
        const std::string step = PQgetvalue(r.get(), 0, 5);
        by = std::string(" (") +
             (op == "delete"   ? "deleted"
              : op == "insert" ? "added"
                               : "changed") +
             " by " + PQgetvalue(r.get(), 0, 0) + " from " + PQgetvalue(r.get(), 0, 1) + " at " +
             PQgetvalue(r.get(), 0, 2) + " UTC" +
             (op == "delete" ? "" : std::string(", revision ") + PQgetvalue(r.get(), 0, 3)) +
             (step.empty() ? "" : ", " + step) + ")";
    }
    throw EditConflict(u.shown + ": " + table + " " + std::to_string(id) + " " + what + by +
                           (read_rev > 0
                                ? " after this command read revision " + std::to_string(read_rev)
                                : std::string()) +
                           "; nothing was written (read the project again and redo the change)",
                       table, id);
}

/// The first feature change not seen by the read (and not this client's own): a plan step's
/// result depends on every feature it read.
void check_nothing_changed(PgConnection& db, const Url& u, const DatabaseSnapshot& snapshot) {
    std::string own = "{";
    for (const std::string& x : snapshot.own_xids)
        own += (own.size() > 1 ? "," : "") + x;
    own += "}";
    PgResult r = db.exec("SELECT layer, coalesce(feature_id, 0), who, coalesce(workstation, ''), "
                         "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), op, "
                         "coalesce(step, '') FROM " +
                             quote_ident(u.schema) +
                             ".feature_history WHERE NOT pg_visible_in_snapshot(xid, "
                             "$1::pg_snapshot) AND NOT (xid::text = ANY($2::text[])) ORDER BY seq "
                             "LIMIT 1",
                         {snapshot.pg_snapshot, own});
    if (PQntuples(r.get()) == 0) return;
    auto v = [&](int c) { return std::string(PQgetvalue(r.get(), 0, c)); };
    const std::string op = v(5);
    throw EditConflict(u.shown + ": " + v(0) + " " + v(1) + " was " +
                           (op == "delete"    ? "deleted"
                            : op == "insert"  ? "added"
                            : op == "publish" ? "published again"
                                              : "changed") +
                           " by " + v(2) + " from " + v(3) + " at " + v(4) + " UTC" +
                           (v(6).empty() ? "" : " (" + v(6) + ")") +
                           " after this step read the project, and the step depends on every "
                           "feature it read; nothing was written (run the step again)",
                       v(0), std::strtoll(v(1).c_str(), nullptr, 10));
}

} // namespace

std::shared_ptr<const DatabaseSnapshot> write_database(const District& district,
                                                       const std::string& url, Progress& progress,
                                                       DependsOn depends_on) {
    const Url u = parse_url(url);
    const DatabaseSnapshot* before = district.meta.database.get();
    if (!before || before->schema != u.schema)
        throw InputError(u.shown + ": this project was not read from that database schema; to "
                                   "put it there, publish it");
    auto db = connect(u);
    const std::string& s = u.schema;
    auto after = std::make_shared<DatabaseSnapshot>(*before);
    PgTransaction tx(*db);
    take_turn(*db, s);
    if (!has_table(*db, s, "cordon_meta"))
        throw InputError(u.shown + ": schema '" + s + "' is no longer a Cordon project");
    if (depends_on == DependsOn::everything_read) check_nothing_changed(*db, u, *before);
    const std::string step = district.meta.history.size() > before->history_count
                                 ? district.meta.history.back().step
                                 : std::string("save");
    db->exec("SELECT set_config('cordon.step', $1, true)", {step});

    Database mem(":memory:", true);
    std::vector<PgParam> values;
    for_each_layer([&](const auto& layer) {
        const auto& rows = layer.rows(district);
        using Row = typename std::decay_t<decltype(rows)>::value_type;
        const std::string table = layer.table;
        const std::string t = table_name(s, layer.table);
        const auto found = before->rows.find(table);
        static const std::unordered_map<std::int64_t, RowState> none;
        const auto& read = found == before->rows.end() ? none : found->second;
        auto& now = after->rows[table];
        Codec codec(mem, layer);
        std::string changed, added;
        std::vector<std::int64_t> changed_ids, added_ids;
        std::set<std::int64_t> present;
        for (const auto& row : rows) {
            codec.encode(row, values);
            PgParam g;
            if constexpr (Spatial<Row>) g = ewkb(geom_of(row), district.meta.srid);
            const std::uint64_t h = digest(values, g);
            present.insert(row.id);
            const auto it = read.find(row.id);
            if (it != read.end() && it->second.digest == h) continue;
            if (it != read.end()) {
                append_copy_row(changed, values, it->second.rev, Spatial<Row> ? &g : nullptr);
                changed_ids.push_back(row.id);
                now[row.id] = {it->second.rev + 1, h};
            } else {
                append_copy_row(added, values, std::nullopt, Spatial<Row> ? &g : nullptr);
                added_ids.push_back(row.id);
                now[row.id] = {1, h};
            }
        }
        std::vector<std::pair<std::int64_t, std::int64_t>> removed;
        for (const auto& [id, state] : read)
            if (!present.count(id)) removed.emplace_back(id, state.rev);
        std::sort(removed.begin(), removed.end());
        for (const auto& [id, rev] : removed)
            now.erase(id);
        if (changed_ids.empty() && added_ids.empty() && removed.empty()) return;
        progress.report(std::string("writing ") + layer.table, 0.5);
        const std::string cols = columns_sql(layer) + (Spatial<Row> ? ", geom" : "");
        auto returned = [](const PgResult& r) {
            std::set<std::int64_t> ids;
            for (int i = 0; i < PQntuples(r.get()); ++i)
                ids.insert(std::strtoll(PQgetvalue(r.get(), i, 0), nullptr, 10));
            return ids;
        };
        if (!removed.empty()) {
            std::string ids = "{", revs = "{";
            for (const auto& [id, rev] : removed) {
                ids += (ids.size() > 1 ? "," : "") + std::to_string(id);
                revs += (revs.size() > 1 ? "," : "") + std::to_string(rev);
            }
            const auto done = returned(db->exec(
                "DELETE FROM " + t +
                    " AS t USING unnest($1::bigint[], $2::bigint[]) AS d(id, rev) WHERE t.id = "
                    "d.id AND t.rev = d.rev RETURNING t.id",
                {ids + "}", revs + "}"}));
            for (const auto& [id, rev] : removed)
                if (!done.count(id)) conflict(*db, u, table, id, rev, "was changed");
        }
        if (!changed_ids.empty()) {
            const std::string temp = quote_ident("cordon_changed_" + table);
            db->exec("CREATE TEMP TABLE " + temp + " (LIKE " + t +
                     " INCLUDING DEFAULTS) ON COMMIT DROP");
            db->copy_in("COPY " + temp + " (" + columns_sql(layer) + ", rev" +
                            (Spatial<Row> ? ", geom" : "") + ") FROM STDIN",
                        changed);
            std::string set;
            for (const auto& f : layer.fields)
                set += quote_ident(f.name) + " = u." + quote_ident(f.name) + ", ";
            if (Spatial<Row>) set += "geom = u.geom, ";
            set += "rev = t.rev + 1";
            const auto done =
                returned(db->exec("UPDATE " + t + " AS t SET " + set + " FROM " + temp +
                                  " AS u WHERE t.id = u.id AND t.rev = u.rev RETURNING t.id"));
            for (std::int64_t id : changed_ids)
                if (!done.count(id))
                    conflict(*db, u, table, id, read.at(id).rev, "was changed meanwhile");
            db->exec("DROP TABLE " + temp);
        }
        if (!added_ids.empty()) {
            const std::string temp = quote_ident("cordon_added_" + table);
            db->exec("CREATE TEMP TABLE " + temp + " (LIKE " + t +
                     " INCLUDING DEFAULTS) ON COMMIT DROP");
            db->copy_in("COPY " + temp + " (" + cols + ") FROM STDIN", added);
            const auto done =
                returned(db->exec("INSERT INTO " + t + " (" + cols + ") SELECT " + cols + " FROM " +
                                  temp + " ON CONFLICT (id) DO NOTHING RETURNING id"));
            for (std::int64_t id : added_ids)
                if (!done.count(id)) conflict(*db, u, table, id, 0, "was added by another writer");
            db->exec("DROP TABLE " + temp);
        }
    });

    append_history(*db, s, district, before->history_count);
    const std::string params = quote_ident(s) + ".parameters";
    for (const auto& [step_name, value] : district.meta.parameters) {
        const auto it = before->parameters.find(step_name);
        if (it == before->parameters.end() || it->second != value)
            db->exec("INSERT INTO " + params +
                         " (step, value) VALUES ($1, $2) ON CONFLICT (step) DO UPDATE SET value "
                         "= EXCLUDED.value",
                     {step_name, value});
    }
    for (const auto& [step_name, value] : before->parameters)
        if (!district.meta.parameters.count(step_name))
            db->exec("DELETE FROM " + params + " WHERE step = $1", {step_name});
    db->exec("UPDATE " + quote_ident(s) + ".cordon_meta SET value = $1 WHERE key = 'saved'",
             {now_utc_text()});
    after->own_xids.push_back(
        PQgetvalue(db->exec("SELECT pg_current_xact_id()::text").get(), 0, 0));
    after->history_count = district.meta.history.size();
    after->parameters = district.meta.parameters;
    tx.commit();
    progress.report("saving", 1.0);
    return after;
}

TemporaryProjectFile::TemporaryProjectFile(const District& district, Progress& progress) {
    namespace fs = std::filesystem;
    std::string templ = (fs::temp_directory_path() / "cordon-db-XXXXXX").string();
    if (!::mkdtemp(templ.data()))
        throw Error("cannot make a temporary folder in " + fs::temp_directory_path().string());
    m_dir = templ;
    m_path = (fs::path(m_dir) / "project.cordon").string();
    try {
        write_project(district, m_path, progress);
    } catch (...) {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
        throw;
    }
}

TemporaryProjectFile::~TemporaryProjectFile() {
    std::error_code ec;
    std::filesystem::remove_all(m_dir, ec);
}

// --- Rows other writers changed (issue 19, item 3: live updates) -------------------------------

RefreshedRows refresh_rows(District& district, const std::string& url, const std::string& table,
                           const std::vector<std::int64_t>& ids, bool force) {
    const Url u = parse_url(url);
    if (!district.meta.database || district.meta.database->schema != u.schema)
        throw InputError(u.shown + ": this project was not read from that database schema");
    auto db = connect(u);
    auto snapshot = std::make_shared<DatabaseSnapshot>(*district.meta.database);
    RefreshedRows out;
    bool known = false;
    Database mem(":memory:", true);
    std::vector<PgParam> values;
    for_each_layer([&](const auto& layer) {
        if (table != layer.table) return;
        known = true;
        auto& rows = layer.rows(district);
        using Row = typename std::decay_t<decltype(rows)>::value_type;
        Codec codec(mem, layer);
        std::string sql = select_rows_sql(layer, u.schema);
        std::vector<PgParam> params;
        if (!ids.empty()) {
            std::string list = "{";
            for (std::int64_t id : ids)
                list += (list.size() > 1 ? "," : "") + std::to_string(id);
            params.emplace_back(list + "}");
            sql += " WHERE id = ANY($1::bigint[])";
        }
        PgResult r = params.empty() ? db->exec(sql + " ORDER BY id")
                                    : db->exec(sql + " ORDER BY id", params);
        auto& states = snapshot->rows[layer.table];
        std::unordered_map<std::int64_t, std::size_t> at;
        for (std::size_t i = 0; i < rows.size(); ++i)
            at[rows[i].id] = i;
        // Whether the window's row differs from the one it read (an unsaved change here).
        auto changed_here = [&](std::size_t i, const RowState& read) {
            codec.encode(rows[i], values);
            PgParam g;
            if constexpr (Spatial<Row>) g = ewkb(geom_of(rows[i]), district.meta.srid);
            return digest(values, g) != read.digest;
        };
        std::set<std::int64_t> present;
        std::vector<Row> added;
        const std::string rows_of = u.shown + ": " + layer.table + " ";
        for (int i = 0; i < PQntuples(r.get()); ++i) {
            Row row;
            const auto [rev, h] =
                read_row(codec, r.get(), i, row, rows_of + PQgetvalue(r.get(), i, 0),
                         district.meta.srid, values);
            present.insert(row.id);
            const auto read = states.find(row.id);
            if (!force && read != states.end() && read->second.rev == rev &&
                read->second.digest == h)
                continue; // as read (this window's own write, or seen already)
            const auto here = at.find(row.id);
            const bool mine =
                here != at.end() &&
                (read == states.end() ? true : changed_here(here->second, read->second));
            if (mine && !force) {
                out.kept.push_back(row.id);
                continue;
            }
            states[row.id] = {rev, h};
            out.applied.push_back(row.id);
            if (here != at.end())
                rows[here->second] = std::move(row);
            else
                added.push_back(std::move(row));
        }
        // Rows gone from the database: gone here too, unless changed here.
        std::vector<std::int64_t> candidates;
        if (ids.empty())
            for (const auto& [id, state] : states)
                candidates.push_back(id);
        else
            candidates = ids;
        std::set<std::int64_t> gone;
        for (std::int64_t id : candidates) {
            if (present.count(id)) continue;
            const auto read = states.find(id);
            if (read == states.end()) continue; // added here, not saved yet: not theirs
            const auto here = at.find(id);
            if (here != at.end() && !force && changed_here(here->second, read->second)) {
                out.kept.push_back(id);
                continue;
            }
            states.erase(read);
            gone.insert(id);
            out.removed.push_back(id);
        }
        if (!gone.empty())
            rows.erase(std::remove_if(rows.begin(), rows.end(),
                                      [&](const Row& row) { return gone.count(row.id) > 0; }),
                       rows.end());
        if (!added.empty()) {
            for (Row& row : added)
                rows.push_back(std::move(row));
            std::stable_sort(rows.begin(), rows.end(),
                             [](const Row& a, const Row& b) { return a.id < b.id; });
        }
    });
    if (!known) throw InputError(u.shown + ": no layer '" + table + "' in a Cordon project");
    district.meta.database = std::move(snapshot);
    return out;
}

} // namespace cordon::geo
