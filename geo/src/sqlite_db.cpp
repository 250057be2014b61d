#include "sqlite_db.hpp"

#include <cordon/geo/error.hpp>

#include <spatialite.h>

#include <cstring>
#include <new>

namespace cordon::geo::detail {

namespace {
/// SQLite (or SpatiaLite inside it) ran out of memory: said as such by the boundary ("out of
/// memory while ..."), not as a damaged file or a failed statement.
void throw_if_out_of_memory(int rc) {
    if ((rc & 0xff) == SQLITE_NOMEM) throw std::bad_alloc();
}
} // namespace

Database::Database(const std::string& path, bool writable) : m_path(path) {
    const int flags = writable ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    if (const int rc = sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr); rc != SQLITE_OK) {
        if (!m_db || (rc & 0xff) == SQLITE_NOMEM) {
            sqlite3_close(m_db);
            m_db = nullptr;
            throw std::bad_alloc();
        }
        const std::string why = error();
        sqlite3_close(m_db);
        m_db = nullptr;
        throw InputError(path + ": cannot open (" + why + ")");
    }
    // Files from elsewhere must not run their own code: no extension loading from SQL, and a
    // file opened for reading runs no functions from its schema (triggers, views) unless
    // SQLite deems them safe. Files we write are ours: SpatiaLite's own triggers must run.
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, writable ? 1 : 0, nullptr);
    m_spatialite = spatialite_alloc_connection();
    spatialite_init_ex(m_db, m_spatialite, 0);
}

Database::~Database() {
    sqlite3_close(m_db);
    if (m_spatialite) spatialite_cleanup_ex(m_spatialite);
}

std::string Database::error() const {
    std::string why = sqlite3_errmsg(m_db);
    // The system's word when a system call failed: full disk, name too long, a folder…
    const int code = sqlite3_extended_errcode(m_db) & 0xff;
    const int system = sqlite3_system_errno(m_db);
    if ((code == SQLITE_CANTOPEN || code == SQLITE_IOERR || code == SQLITE_FULL) && system != 0)
        why += std::string(" (") + std::strerror(system) + ")";
    return why;
}

void Database::exec(const std::string& sql) {
    if (const int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr);
        rc != SQLITE_OK) {
        throw_if_out_of_memory(rc);
        const std::string why = error();
        throw Error(m_path + ": " + why + " (in: " + sql.substr(0, 80) + ")");
    }
}

Statement Database::prepare(const std::string& sql) {
    return Statement(*this, sql);
}

bool Database::has_table(const std::string& name) {
    Statement s(*this, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?");
    s.bind(1, name);
    return s.next();
}

Statement::Statement(Database& db, const std::string& sql) : m_db(&db) {
    if (const int rc = sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &m_stmt, nullptr);
        rc != SQLITE_OK) {
        throw_if_out_of_memory(rc);
        throw Error(db.path() + ": " + db.error() + " (in: " + sql.substr(0, 80) + ")");
    }
}

Statement& Statement::bind(int i, const std::string& v) {
    sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
}
Statement& Statement::bind(int i, double v) {
    sqlite3_bind_double(m_stmt, i, v);
    return *this;
}
Statement& Statement::bind(int i, std::int64_t v) {
    sqlite3_bind_int64(m_stmt, i, v);
    return *this;
}
Statement& Statement::bind(int i, const std::optional<std::int64_t>& v) {
    if (v)
        sqlite3_bind_int64(m_stmt, i, *v);
    else
        sqlite3_bind_null(m_stmt, i);
    return *this;
}
Statement& Statement::bind_blob(int i, const std::string& bytes) {
    sqlite3_bind_blob(m_stmt, i, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind_column(int i, const Statement& other, int col) {
    sqlite3_bind_value(m_stmt, i, sqlite3_column_value(other.m_stmt, col));
    return *this;
}

void Statement::run() {
    const int rc = sqlite3_step(m_stmt);
    reset();
    throw_if_out_of_memory(rc);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) throw Error(m_db->path() + ": " + m_db->error());
}

bool Statement::next() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw_if_out_of_memory(rc);
    throw Error(m_db->path() + ": " + m_db->error());
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

std::string Statement::text(int col) const {
    const auto* t = sqlite3_column_text(m_stmt, col);
    return t ? std::string(reinterpret_cast<const char*>(t),
                           static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, col)))
             : std::string();
}

std::optional<std::int64_t> Statement::optional_integer(int col) const {
    if (sqlite3_column_type(m_stmt, col) == SQLITE_NULL) return std::nullopt;
    return sqlite3_column_int64(m_stmt, col);
}

} // namespace cordon::geo::detail
