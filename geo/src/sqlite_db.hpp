#pragma once
// RAII around a SQLite connection with SpatiaLite's functions, and prepared statements.
// Private to cordon_geo.

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>

namespace cordon::geo::detail {

class Statement;

class Database {
public:
    /// Opens (read-only, or read-write creating the file) and registers SpatiaLite.
    Database(const std::string& path, bool writable);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(const std::string& sql);
    Statement prepare(const std::string& sql);
    bool has_table(const std::string& name);
    sqlite3* handle() const { return m_db; }
    const std::string& path() const { return m_path; }
    /// SQLite's message for the last error, with the system's (strerror) when a system call
    /// failed: "unable to open database file (File name too long)".
    std::string error() const;

private:
    std::string m_path;
    sqlite3* m_db = nullptr;
    void* m_spatialite = nullptr;
};

class Statement {
public:
    Statement(Database& db, const std::string& sql);
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(Statement&& other) noexcept : m_db(other.m_db), m_stmt(other.m_stmt) {
        other.m_stmt = nullptr;
    }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int i, const std::string& v);
    Statement& bind(int i, double v);
    Statement& bind(int i, std::int64_t v);
    Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
    Statement& bind(int i, bool v) { return bind(i, static_cast<std::int64_t>(v ? 1 : 0)); }
    Statement& bind(int i, const std::optional<std::int64_t>& v);
    Statement& bind_blob(int i, const std::string& bytes);
    /// Binds a column of another statement's current row, as it is (any type).
    Statement& bind_column(int i, const Statement& other, int col);
    /// Runs a statement that returns no rows, then resets it for the next bindings.
    void run();
    /// Steps to the next row; false when done.
    bool next();
    /// Back to before the first row, bindings cleared.
    void reset();

    int column_count() const { return sqlite3_column_count(m_stmt); }
    std::string text(int col) const;
    double real(int col) const { return sqlite3_column_double(m_stmt, col); }
    std::int64_t integer(int col) const { return sqlite3_column_int64(m_stmt, col); }
    std::optional<std::int64_t> optional_integer(int col) const;
    /// SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB or SQLITE_NULL.
    int type(int col) const { return sqlite3_column_type(m_stmt, col); }
    /// The declared type of a result column taken straight from a table ("REAL"), or "".
    std::string declared_type(int col) const {
        const char* t = sqlite3_column_decltype(m_stmt, col);
        return t ? t : "";
    }
    std::string column_name(int col) const { return sqlite3_column_name(m_stmt, col); }
    const void* blob(int col) const { return sqlite3_column_blob(m_stmt, col); }
    std::size_t blob_size(int col) const {
        return static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, col));
    }

private:
    Database* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

} // namespace cordon::geo::detail
