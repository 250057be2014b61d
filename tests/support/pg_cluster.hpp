#pragma once
// The throwaway PostgreSQL/PostGIS cluster of a test program (issue 19): the one a ctest
// fixture started (CORDON_PG_DIR, see tests/CMakeLists.txt: pg.cluster.start / stop), or, when
// the program runs on its own, one started here by installer/pg_cluster.sh for the whole
// program and stopped at its exit. PGPASSFILE is set for this process and its children.

#include "temp_dir.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <libpq-fe.h>
#include <memory>
#include <stdexcept>
#include <string>

namespace cordon::test {

class PgCluster {
public:
    /// The cluster, started on first use; throws when it cannot be started.
    static const PgCluster& get() {
        static std::unique_ptr<PgCluster> cluster(new PgCluster());
        return *cluster;
    }
    ~PgCluster() {
        if (m_own)
            std::system(("bash " CORDON_SOURCE_DIR "/installer/pg_cluster.sh stop '" + m_dir +
                         "' >/dev/null 2>&1")
                            .c_str());
    }

    /// postgresql://cordon@127.0.0.1:PORT/DB, with ?schema=SCHEMA when given.
    std::string url(const std::string& schema = "", const std::string& db = "cordon") const {
        return "postgresql://cordon@127.0.0.1:" + m_port + "/" + db +
               (schema.empty() ? "" : "?schema=" + schema);
    }
    const std::string& port() const { return m_port; }
    /// The superuser's password (to send a wrong one, or to check it is never shown).
    const std::string& password() const { return m_password; }

private:
    PgCluster() {
        const char* fixture = std::getenv("CORDON_PG_DIR");
        m_dir = fixture && *fixture ? fixture : "";
        if (m_dir.empty() || read_file(m_dir + "/url").empty()) {
            m_dir = (std::filesystem::temp_directory_path() /
                     ("cordon-pg-test-" + std::to_string(::getpid())))
                        .string();
            m_own = true;
            const int rc =
                std::system(("bash " CORDON_SOURCE_DIR "/installer/pg_cluster.sh start '" + m_dir +
                             "' >/dev/null")
                                .c_str());
            if (rc != 0) throw std::runtime_error("installer/pg_cluster.sh start failed");
        }
        m_port = read_file(m_dir + "/port");
        while (!m_port.empty() && (m_port.back() == '\n'))
            m_port.pop_back();
        m_password = read_file(m_dir + "/password");
        while (!m_password.empty() && (m_password.back() == '\n'))
            m_password.pop_back();
        ::setenv("PGPASSFILE", (m_dir + "/pgpass").c_str(), 1);
    }
    std::string m_dir;
    std::string m_port;
    std::string m_password;
    bool m_own = false;
};

/// A libpq connection of the test itself (application_name "cordon-test").
class PgSession {
public:
    explicit PgSession(const std::string& url) {
        const std::string info =
            url + (url.find('?') == std::string::npos ? "?" : "&") + "application_name=cordon-test";
        m_conn = PQconnectdb(info.c_str());
        if (PQstatus(m_conn) != CONNECTION_OK)
            throw std::runtime_error(std::string("test connection: ") + PQerrorMessage(m_conn));
    }
    ~PgSession() { PQfinish(m_conn); }
    PgSession(const PgSession&) = delete;
    PgSession& operator=(const PgSession&) = delete;

    /// Runs SQL; the first value of the last result ("" for none); fails the test on error.
    std::string value(const std::string& sql) {
        PGresult* r = PQexec(m_conn, sql.c_str());
        const ExecStatusType s = PQresultStatus(r);
        std::string out;
        if (s == PGRES_TUPLES_OK && PQntuples(r) > 0 && PQnfields(r) > 0) out = PQgetvalue(r, 0, 0);
        if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK)
            ADD_FAILURE() << sql << ": " << PQerrorMessage(m_conn);
        PQclear(r);
        return out;
    }
    /// Every row, columns joined by '|', rows by '\n'.
    std::string rows(const std::string& sql) {
        PGresult* r = PQexec(m_conn, sql.c_str());
        std::string out;
        if (PQresultStatus(r) != PGRES_TUPLES_OK)
            ADD_FAILURE() << sql << ": " << PQerrorMessage(m_conn);
        else
            for (int i = 0; i < PQntuples(r); ++i) {
                for (int c = 0; c < PQnfields(r); ++c)
                    out += (c ? "|" : "") + std::string(PQgetvalue(r, i, c));
                out += "\n";
            }
        PQclear(r);
        return out;
    }

private:
    PGconn* m_conn = nullptr;
};

} // namespace cordon::test
