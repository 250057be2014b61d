// End-to-end: the project in PostgreSQL/PostGIS (issue 19) through cordon-cli, on a throwaway
// cluster (tests/support/pg_cluster.hpp): publish and read back, the same outputs as from the
// file, edits that never silently overwrite, a writer killed mid-write, and bad input.
// Each test publishes the planned sample into a schema of its own.

#include "cli_runner.hpp"
#include "pg_cluster.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace cordon::test;
namespace fs = std::filesystem;

namespace {

/// A cordon-cli started in the background: its pid, and its stderr in a file.
struct Background {
    pid_t pid = -1;
    std::string err_file;
    std::string out_file;
    int wait() const {
        int status = 0;
        ::waitpid(pid, &status, 0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
};

Background start(const std::vector<std::string>& args, const TempDir& dir, const std::string& tag) {
    Background b;
    b.err_file = dir / (tag + ".err");
    b.out_file = dir / (tag + ".out");
    b.pid = ::fork();
    if (b.pid == 0) {
        std::vector<char*> argv;
        std::string cli = CORDON_CLI;
        argv.push_back(cli.data());
        std::vector<std::string> copy = args;
        for (std::string& a : copy)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        std::freopen(b.err_file.c_str(), "w", stderr);
        std::freopen(b.out_file.c_str(), "w", stdout);
        ::execv(CORDON_CLI, argv.data());
        ::_exit(127);
    }
    return b;
}

/// The sample imported and planned once for every test (copied, never changed).
class Pg : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        PgCluster::get();
        m_base_dir = new TempDir;
        m_base = *m_base_dir / "base.cordon";
        ASSERT_EQ(cli("import " + q(sample_osm()) + " -o " + q(m_base), *m_base_dir).code, 0);
        const CliRun r =
            cli("plan all " + q(m_base) + " --zones 3 --unknown-mode closed", *m_base_dir);
        ASSERT_EQ(r.code, 0) << r.err;
    }
    static void TearDownTestSuite() {
        delete m_base_dir;
        m_base_dir = nullptr;
    }
    void SetUp() override {
        m_project = m_dir / "p.cordon";
        fs::copy_file(m_base, m_project);
        std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
        m_schema = "t_";
        for (char c : name)
            m_schema += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        m_schema = m_schema.substr(0, 60);
        // Its own application_name: the clients of this test are told from those of others
        // running at the same time.
        m_app = "cordon@" + m_schema;
        m_url = PgCluster::get().url(m_schema) + "&application_name=" + m_app;
    }

    /// Publishes the project into this test's schema.
    void publish() {
        const CliRun r = cli("publish " + q(m_project) + " " + q(PgCluster::get().url()) +
                                 " --schema " + m_schema + " --replace",
                             m_dir);
        ASSERT_EQ(r.code, 0) << r.err;
    }

    /// Waits until `n` clients wait for a lock (advisory or row) in the database.
    bool wait_for_waiting(PgSession& db, int n) const {
        for (int i = 0; i < 600; ++i) {
            if (std::stoi(db.value("SELECT count(*) FROM pg_stat_activity WHERE "
                                   "wait_event_type = 'Lock' AND application_name = '" +
                                   m_app + "'")) >= n)
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }

    static TempDir* m_base_dir;
    static std::string m_base;
    TempDir m_dir;
    std::string m_project;
    std::string m_schema;
    std::string m_url;
    std::string m_app;
};
TempDir* Pg::m_base_dir = nullptr;
std::string Pg::m_base;

nlohmann::json info_json(const std::string& project, const TempDir& dir) {
    const CliRun r = cli("info " + q(project) + " --json", dir);
    EXPECT_EQ(r.code, 0) << r.err;
    nlohmann::json j = nlohmann::json::parse(r.out.empty() ? "{}" : r.out);
    j.erase("project");
    return j;
}

TEST_F(Pg, PublishedProjectReadsBackAsTheFile) {
    publish();
    const nlohmann::json file = info_json(m_project, m_dir);
    const nlohmann::json db = info_json(m_url, m_dir);
    EXPECT_EQ(file, db);
    EXPECT_GT(file["layers"]["buildings"].get<int>(), 700);
    // Every feature row has revision 1 and the history says who published it.
    PgSession s(PgCluster::get().url());
    EXPECT_EQ(s.value("SELECT count(*) FROM " + m_schema + ".buildings WHERE rev <> 1"), "0");
    EXPECT_EQ(s.value("SELECT who || ' ' || op FROM " + m_schema + ".feature_history"),
              "cordon publish");
    // The layers export the same from both.
    for (const char* layer : {"buildings", "zones", "gates"}) {
        ASSERT_EQ(cli(std::string("export ") + q(m_project) + " --layer " + layer +
                          " --format csv -o " + q(m_dir / "file.csv"),
                      m_dir)
                      .code,
                  0);
        const CliRun r = cli(std::string("export ") + q(m_url) + " --layer " + layer +
                                 " --format csv -o " + q(m_dir / "db.csv"),
                             m_dir);
        ASSERT_EQ(r.code, 0) << r.err;
        EXPECT_EQ(read_file(m_dir / "file.csv"), read_file(m_dir / "db.csv")) << layer;
    }
    // A schema holding a project is not replaced without --replace.
    const CliRun again = cli("publish " + q(m_project) + " " + q(m_url), m_dir);
    EXPECT_EQ(again.code, 2);
    EXPECT_NE(again.err.find("holds a Cordon project already"), std::string::npos) << again.err;
}

/// plan all, plan checkpoints, print and handover on the database give what they give on the
/// file: the figures (JSON) equal, the atlas' text equal, the hand-over's tables equal.
TEST_F(Pg, PlanPrintAndHandoverGiveTheSameOutputsAsTheFile) {
    publish();
    for (const auto& [name, project] :
         {std::pair{std::string("file"), m_project}, std::pair{std::string("db"), m_url}}) {
        CliRun r = cli("plan all " + q(project) + " --zones 4 --unknown-mode closed --json " +
                           q(m_dir / (name + "-all.json")),
                       m_dir);
        ASSERT_EQ(r.code, 0) << name << ": " << r.err;
        r = cli("plan checkpoints " + q(project) + " --area district --json " +
                    q(m_dir / (name + "-checkpoints.json")),
                m_dir);
        ASSERT_EQ(r.code, 0) << name << ": " << r.err;
        r = cli("print " + q(project) + " --plan-name p.cordon -o " + q(m_dir / (name + ".pdf")),
                m_dir);
        ASSERT_EQ(r.code, 0) << name << ": " << r.err;
        r = cli("handover " + q(project) + " -o " + q(m_dir / (name + "-handover")) + " --no-atlas",
                m_dir);
        ASSERT_EQ(r.code, 0) << name << ": " << r.err;
    }
    for (const char* what : {"-all.json", "-checkpoints.json"}) {
        nlohmann::json a = nlohmann::json::parse(read_file(m_dir / (std::string("file") + what)));
        nlohmann::json b = nlohmann::json::parse(read_file(m_dir / (std::string("db") + what)));
        EXPECT_EQ(a, b) << what;
        EXPECT_FALSE(a.empty());
    }
    // The atlas' text, word by word (where a few building numbers sit on the detail sheets
    // may differ: seen on two numbers, not yet explained; notes of issue 19).
    const std::string words = " | tr -s ' \\n\\f' '\\n\\n\\n' | sort";
    EXPECT_EQ(shell("pdftotext " + q(m_dir / "file.pdf") + " -" + words),
              shell("pdftotext " + q(m_dir / "db.pdf") + " -" + words));
    EXPECT_EQ(shell("pdfinfo " + q(m_dir / "file.pdf") + " | grep Pages"),
              shell("pdfinfo " + q(m_dir / "db.pdf") + " | grep Pages"));
    EXPECT_NE(shell("pdftotext " + q(m_dir / "db.pdf") + " -").find("1"), std::string::npos);
    std::set<std::string> file_list, db_list;
    int compared = 0;
    for (const auto& e : fs::recursive_directory_iterator(m_dir / "file-handover"))
        file_list.insert(fs::relative(e.path(), m_dir / "file-handover").string());
    for (const auto& e : fs::recursive_directory_iterator(m_dir / "db-handover"))
        db_list.insert(fs::relative(e.path(), m_dir / "db-handover").string());
    EXPECT_EQ(file_list, db_list);
    for (const std::string& f : file_list) {
        const std::string ext = fs::path(f).extension().string();
        if (ext != ".csv" && ext != ".geojson" && ext != ".kml" && ext != ".dbf") continue;
        EXPECT_EQ(read_file((m_dir.path() / "file-handover" / f).string()),
                  read_file((m_dir.path() / "db-handover" / f).string()))
            << f;
        ++compared;
    }
    EXPECT_GT(compared, 5);
}

/// Two edits of different compounds at once both land; two of the same gate: one lands, the
/// other exits 2 naming the change that beat it, and nothing is lost.
TEST_F(Pg, ConcurrentEditsNeverOverwriteEachOther) {
    publish();
    PgSession s(PgCluster::get().url());
    const std::string c1 = s.value("SELECT min(id) FROM " + m_schema + ".compounds");
    const std::string c2 = s.value("SELECT max(id) FROM " + m_schema + ".compounds");
    const std::string gate = s.value("SELECT min(id) FROM " + m_schema + ".gates");
    ASSERT_NE(c1, c2);
    write_file(m_dir / "c1.json",
               "[{\"edit\":\"compound\",\"id\":" + c1 + ",\"mode\":\"guarded\"}]");
    write_file(m_dir / "c2.json",
               "[{\"edit\":\"compound\",\"id\":" + c2 + ",\"mode\":\"patrol\"}]");
    write_file(m_dir / "g1.json", "[{\"edit\":\"gate\",\"id\":" + gate + ",\"state\":\"closed\"}]");
    write_file(m_dir / "g2.json", "[{\"edit\":\"gate\",\"id\":" + gate + ",\"state\":\"open\"}]");
    const std::string key = "SELECT pg_advisory_lock(hashtext('cordon:" + m_schema + "'))";
    const std::string unlock = "SELECT pg_advisory_unlock(hashtext('cordon:" + m_schema + "'))";

    // The test holds the writers' turn: both read the project, then wait to write.
    s.value(key);
    Background a = start({"edit", m_url, "--edits", m_dir / "c1.json"}, m_dir, "a");
    Background b = start({"edit", m_url, "--edits", m_dir / "c2.json"}, m_dir, "b");
    ASSERT_TRUE(wait_for_waiting(s, 2));
    s.value(unlock);
    EXPECT_EQ(a.wait(), 0) << read_file(a.err_file);
    EXPECT_EQ(b.wait(), 0) << read_file(b.err_file);
    EXPECT_EQ(s.value("SELECT mode || ' ' || rev FROM " + m_schema + ".compounds WHERE id = " + c1),
              "guarded 2");
    EXPECT_EQ(s.value("SELECT mode || ' ' || rev FROM " + m_schema + ".compounds WHERE id = " + c2),
              "patrol 2");

    s.value(key);
    Background g1 = start({"edit", m_url, "--edits", m_dir / "g1.json"}, m_dir, "g1");
    Background g2 = start({"edit", m_url, "--edits", m_dir / "g2.json"}, m_dir, "g2");
    ASSERT_TRUE(wait_for_waiting(s, 2));
    s.value(unlock);
    const int r1 = g1.wait(), r2 = g2.wait();
    ASSERT_EQ((r1 == 0) + (r2 == 0), 1) << read_file(g1.err_file) << read_file(g2.err_file);
    ASSERT_EQ((r1 == 2) + (r2 == 2), 1);
    const Background& lost = r1 == 2 ? g1 : g2;
    const std::string won_state = r1 == 0 ? "closed" : "open";
    const std::string err = read_file(lost.err_file);
    EXPECT_NE(err.find("gates " + gate + " was changed meanwhile (changed by cordon from cordon@"),
              std::string::npos)
        << err;
    EXPECT_NE(err.find("revision 2, edit) after this command read revision 1; nothing was written"),
              std::string::npos)
        << err;
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
    EXPECT_EQ(s.value("SELECT state || ' ' || rev FROM " + m_schema + ".gates WHERE id = " + gate),
              won_state + " 2");
    // The refused planner does it again: it lands on top, and history holds both revisions.
    const CliRun retry =
        cli("edit " + q(m_url) + " --edits " + q(r1 == 2 ? m_dir / "g1.json" : m_dir / "g2.json"),
            m_dir);
    EXPECT_EQ(retry.code, 0) << retry.err;
    EXPECT_EQ(s.rows("SELECT rev, op, step, who FROM " + m_schema +
                     ".feature_history WHERE layer = 'gates' AND feature_id = " + gate +
                     " ORDER BY seq"),
              "2|update|edit|cordon\n3|update|edit|cordon\n");
}

/// A plan step fails cleanly when a feature changed after it read the project.
TEST_F(Pg, APlanStepRefusesWhenAFeatureChangedUnderIt) {
    publish();
    PgSession s(PgCluster::get().url());
    const std::string before = s.value("SELECT string_agg(zone_id::text, ',' ORDER BY id) FROM " +
                                       m_schema + ".buildings");
    s.value("SELECT pg_advisory_lock(hashtext('cordon:" + m_schema + "'))");
    Background plan =
        start({"plan", "all", m_url, "--zones", "5", "--unknown-mode", "closed"}, m_dir, "plan");
    ASSERT_TRUE(wait_for_waiting(s, 1));
    // Another program (QGIS, say) changes a compound meanwhile.
    s.value("UPDATE " + m_schema +
            ".compounds SET name = 'renamed' WHERE id = (SELECT min(id) FROM " + m_schema +
            ".compounds)");
    s.value("SELECT pg_advisory_unlock(hashtext('cordon:" + m_schema + "'))");
    EXPECT_EQ(plan.wait(), 2);
    const std::string err = read_file(plan.err_file);
    EXPECT_NE(err.find("compounds "), std::string::npos) << err;
    EXPECT_NE(err.find("changed by cordon from cordon-test"), std::string::npos) << err;
    EXPECT_NE(err.find("nothing was written"), std::string::npos) << err;
    EXPECT_EQ(s.value("SELECT string_agg(zone_id::text, ',' ORDER BY id) FROM " + m_schema +
                      ".buildings"),
              before);
    // Run again, it plans.
    const CliRun again = cli("plan all " + q(m_url) + " --zones 5 --unknown-mode closed", m_dir);
    EXPECT_EQ(again.code, 0) << again.err;
    EXPECT_EQ(s.value("SELECT count(*) FROM " + m_schema + ".zones"), "5");
}

/// kill -9 of a writer in the middle of its transaction: the project reads back as before.
TEST_F(Pg, AWriterKilledMidWriteLeavesTheProjectAsItWas) {
    publish();
    const nlohmann::json before = info_json(m_url, m_dir);
    const std::string csv_before = m_dir / "before.csv";
    ASSERT_EQ(
        cli("export " + q(m_url) + " --layer buildings --format csv -o " + q(csv_before), m_dir)
            .code,
        0);
    PgSession s(PgCluster::get().url());
    // The test holds zone 1: the plan's transaction writes the layers before it (buildings'
    // zones among them), then waits on that row, and is killed there.
    s.value("BEGIN");
    s.value("SELECT id FROM " + m_schema + ".zones WHERE id = 1 FOR UPDATE");
    Background plan =
        start({"plan", "all", m_url, "--zones", "6", "--unknown-mode", "closed"}, m_dir, "plan");
    // (Watched from another session: one in a transaction sees the activity as it began.)
    PgSession watcher(PgCluster::get().url());
    ASSERT_TRUE(wait_for_waiting(watcher, 1));
    // It is mid-write: its transaction has written rows already (the compounds' history).
    EXPECT_NE(watcher.value("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING "
                            "(pid) WHERE a.application_name = '" +
                            m_app + "' AND l.mode = 'RowExclusiveLock'"),
              "0");
    ::kill(plan.pid, SIGKILL);
    EXPECT_EQ(plan.wait(), -1);
    s.value("COMMIT");
    // The server notices the dead client and rolls its transaction back.
    for (int i = 0; i < 100 && watcher.value("SELECT count(*) FROM pg_stat_activity WHERE "
                                             "application_name = '" +
                                             m_app + "'") != "0";
         ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(info_json(m_url, m_dir), before);
    ASSERT_EQ(
        cli("export " + q(m_url) + " --layer buildings --format csv -o " + q(m_dir / "after.csv"),
            m_dir)
            .code,
        0);
    EXPECT_EQ(read_file(csv_before), read_file(m_dir / "after.csv"));
    EXPECT_EQ(s.value("SELECT count(*) FROM " + m_schema + ".feature_history"), "1");
}

/// Bad input: clear errors, exit 2, no password shown.
TEST_F(Pg, BadDatabasesAreRefusedWithoutShowingThePassword) {
    publish();
    const PgCluster& pg = PgCluster::get();
    const std::string secret = "WrongSecret4711";
    auto refused = [&](const std::string& args, const std::string& says) {
        const CliRun r = cli(args, m_dir);
        EXPECT_EQ(r.code, 2) << args << ": " << r.err;
        EXPECT_NE(r.err.find(says), std::string::npos) << args << ": " << r.err;
        EXPECT_EQ(r.err.find(secret), std::string::npos) << r.err;
        EXPECT_EQ(r.out.find(secret), std::string::npos) << r.out;
        EXPECT_EQ(r.err.find(pg.password()), std::string::npos) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    };
    // Nothing listening there.
    refused("info 'postgresql://cordon:" + secret + "@127.0.0.1:1/cordon?schema=x'",
            "postgresql://cordon@127.0.0.1:1/cordon?schema=x: cannot connect to the database");
    // A password refused.
    refused("info 'postgresql://cordon:" + secret + "@127.0.0.1:" + pg.port() +
                "/cordon?schema=" + m_schema + "'",
            "password authentication failed for user \"cordon\"");
    refused("plan all 'postgresql://cordon:" + secret + "@127.0.0.1:" + pg.port() +
                "/cordon?schema=" + m_schema + "' --zones 3",
            "password authentication failed");
    // A database without PostGIS.
    refused("info " + q(pg.url(m_schema, "plain")), "the database has no PostGIS");
    refused("publish " + q(m_project) + " " + q(pg.url("", "plain")),
            "the database has no PostGIS");
    // No such schema, and a schema that is not a Cordon project.
    refused("info " + q(pg.url("nothing_here")), "the database has no schema 'nothing_here'");
    PgSession s(pg.url());
    s.value("CREATE SCHEMA IF NOT EXISTS other_tables; CREATE TABLE IF NOT EXISTS "
            "other_tables.parcels (id int)");
    refused("info " + q(pg.url("other_tables")),
            "schema 'other_tables' is not a Cordon project (no cordon_meta table)");
    refused("publish " + q(m_project) + " " + q(pg.url()) + " --schema other_tables",
            "holds tables that are not a Cordon project");
    refused("info " + q(pg.url("Bad-Name")), "is not a plain name");
    // A damaged project: a column gone.
    s.value("ALTER TABLE " + m_schema + ".gates DROP COLUMN crew");
    refused("info " + q(m_url), "is not a Cordon project (table 'gates' has no column 'crew')");
    // The right password in the URL works, and is not shown either.
    const CliRun ok = cli("info 'postgresql://cordon:" + pg.password() + "@127.0.0.1:" + pg.port() +
                              "/cordon?schema=" + m_schema + "' --json",
                          m_dir);
    EXPECT_EQ(ok.code, 2); // the damaged schema, but connected
    EXPECT_EQ(ok.err.find(pg.password()), std::string::npos);
    EXPECT_NE(ok.err.find("postgresql://cordon@127.0.0.1:"), std::string::npos) << ok.err;
}

} // namespace
