// RAII around libpq (pg_db.hpp).

#include "pg_db.hpp"

#include <cordon/geo/error.hpp>

#include <unistd.h>

namespace cordon::geo::detail {

namespace {

std::string host_name() {
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0) return "unknown";
    return buf;
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
        s.pop_back();
    // libpq's messages can span lines ("FATAL: ...\nDETAIL: ..."): one line for the planner.
    for (char& c : s)
        if (c == '\n') c = ' ';
    return s;
}

} // namespace

PgConnection::PgConnection(const std::string& conninfo, std::string shown, std::string password)
    : m_shown(std::move(shown)), m_password(std::move(password)) {
    const std::string application = "cordon@" + host_name();
    // Earlier keywords are overridden by what the URL says (expand_dbname).
    const char* keys[] = {"connect_timeout", "fallback_application_name", "dbname", nullptr};
    const char* values[] = {"10", application.c_str(), conninfo.c_str(), nullptr};
    m_conn = PQconnectdbParams(keys, values, 1);
    if (!m_conn) throw InputError(m_shown + ": cannot connect (out of memory)");
    if (PQstatus(m_conn) != CONNECTION_OK) {
        const std::string why = error();
        PQfinish(m_conn);
        m_conn = nullptr;
        throw InputError(m_shown + ": cannot connect to the database: " + why);
    }
    PQsetNoticeProcessor(
        m_conn, [](void*, const char*) {}, nullptr);
}

PgConnection::~PgConnection() {
    if (m_conn) PQfinish(m_conn);
}

std::string PgConnection::redact(std::string text) const {
    if (m_password.empty()) return text;
    for (std::size_t at; (at = text.find(m_password)) != std::string::npos;)
        text.replace(at, m_password.size(), "***");
    return text;
}

std::string PgConnection::error() const {
    return redact(trimmed(PQerrorMessage(m_conn)));
}

PgResult PgConnection::check(PGresult* raw, const std::string& sql) const {
    PgResult r(raw);
    const ExecStatusType status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_COPY_IN)
        return r;
    std::string why = r ? trimmed(PQresultErrorMessage(r.get())) : error();
    if (why.empty()) why = error();
    if (PQstatus(m_conn) == CONNECTION_BAD)
        throw InputError(m_shown + ": the connection to the database was lost (" + redact(why) +
                         "); nothing was written");
    (void)sql;
    // Refused by the project's roles (row-level security, pg_live.hpp): bad input, the one
    // line the server's rule says (the feature, the role, the policy), without its CONTEXT.
    if (const char* state = r ? PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
        state && std::string(state) == "42501") {
        const char* primary = PQresultErrorField(r.get(), PG_DIAG_MESSAGE_PRIMARY);
        throw InputError(m_shown + ": " + redact(primary ? primary : why) +
                         "; nothing was written");
    }
    throw Error(m_shown + ": " + redact(why));
}

PgResult PgConnection::exec(const std::string& sql) {
    return check(PQexec(m_conn, sql.c_str()), sql);
}

PgResult PgConnection::exec(const std::string& sql, const std::vector<PgParam>& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const PgParam& p : params)
        values.push_back(p ? p->c_str() : nullptr);
    return check(PQexecParams(m_conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                              values.data(), nullptr, nullptr, 0),
                 sql);
}

void PgConnection::copy_in(const std::string& sql, const std::string& data) {
    check(PQexec(m_conn, sql.c_str()), sql);
    constexpr std::size_t chunk = 1 << 20;
    for (std::size_t at = 0; at < data.size(); at += chunk) {
        const std::size_t n = std::min(chunk, data.size() - at);
        if (PQputCopyData(m_conn, data.data() + at, static_cast<int>(n)) != 1)
            throw Error(m_shown + ": COPY failed: " + error());
    }
    if (PQputCopyEnd(m_conn, nullptr) != 1) throw Error(m_shown + ": COPY failed: " + error());
    PgResult last;
    while (PGresult* r = PQgetResult(m_conn)) {
        PgResult owned(r);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) last = std::move(owned);
    }
    if (last) check(last.release(), sql);
}

PgTransaction::PgTransaction(PgConnection& db, const std::string& begin) : m_db(db) {
    m_db.exec(begin);
}

PgTransaction::~PgTransaction() {
    if (!m_open) return;
    PGresult* r = PQexec(m_db.handle(), "ROLLBACK");
    PQclear(r);
}

void PgTransaction::commit() {
    m_db.exec("COMMIT");
    m_open = false;
}

std::string quote_ident(const std::string& name) {
    std::string out = "\"";
    for (char c : name)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

void append_copy_text(std::string& out, const std::string& text) {
    for (char c : text) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            out += c;
        }
    }
}

} // namespace cordon::geo::detail
