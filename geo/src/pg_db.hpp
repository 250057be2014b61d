#pragma once
// RAII around libpq: a connection, results, a transaction (issue 19). Private to cordon_geo.
// Every message that leaves here has the password taken out (redacted).

#include <libpq-fe.h>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cordon::geo::detail {

struct PgResultFree {
    void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, PgResultFree>;

/// A parameter sent as text; nullopt is SQL NULL.
using PgParam = std::optional<std::string>;

class PgConnection {
public:
    /// Connects to `conninfo` (a URL without Cordon's `schema=`), naming this client
    /// "cordon@HOST" unless the URL names one (application_name); `shown` names the database
    /// in messages (without a password), `password` is taken out of any message.
    PgConnection(const std::string& conninfo, std::string shown, std::string password);
    ~PgConnection();
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    /// Runs SQL (one or more statements, no parameters); throws Error with the server's words.
    PgResult exec(const std::string& sql);
    /// Runs one statement with text parameters.
    PgResult exec(const std::string& sql, const std::vector<PgParam>& params);
    /// COPY ... FROM STDIN with `data` in COPY's text format.
    void copy_in(const std::string& sql, const std::string& data);
    PGconn* handle() const { return m_conn; }
    const std::string& shown() const { return m_shown; }
    /// The last message of the server or of libpq, without the password.
    std::string error() const;
    /// `text` without the password.
    std::string redact(std::string text) const;

private:
    PgResult check(PGresult* r, const std::string& sql) const;
    PGconn* m_conn = nullptr;
    std::string m_shown;
    std::string m_password;
};

/// BEGIN ... COMMIT; ROLLBACK when left without commit() (an exception), or when the process
/// dies (the server rolls back a transaction whose connection is gone).
class PgTransaction {
public:
    PgTransaction(PgConnection& db, const std::string& begin = "BEGIN");
    ~PgTransaction();
    PgTransaction(const PgTransaction&) = delete;
    PgTransaction& operator=(const PgTransaction&) = delete;
    void commit();

private:
    PgConnection& m_db;
    bool m_open = true;
};

/// "s" → "\"s\"": an identifier quoted for SQL.
std::string quote_ident(const std::string& name);
/// `text` escaped for COPY's text format (backslash, tab, newline, carriage return).
void append_copy_text(std::string& out, const std::string& text);

} // namespace cordon::geo::detail
