// End-to-end: the project file's promises through cordon-cli (issue 20): no lost update when two
// commands change one project, saves that keep the file's identity, and project files that are
// damaged or patched by hand refused or read with a clear word, never a crash or a silent 0.
// Each hand-made project is the imported sample patched with SQL.

#include "cli_runner.hpp"

#include <cordon/geo/checksum.hpp>
#include <cordon/geo/project_store.hpp>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <optional>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace cordon::test;
namespace fs = std::filesystem;

namespace {

/// The sample imported and classified once for every test (copied, never changed).
class Store : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        m_base_dir = new TempDir;
        m_base = *m_base_dir / "base.cordon";
        ASSERT_EQ(cli("import " + q(sample_osm()) + " -o " + q(m_base), *m_base_dir).code, 0);
        const CliRun r = cli("plan classify " + q(m_base) + " --unknown-mode closed", *m_base_dir);
        ASSERT_EQ(r.code, 0) << r.err;
    }
    static void TearDownTestSuite() {
        delete m_base_dir;
        m_base_dir = nullptr;
    }
    void SetUp() override {
        m_project = m_dir / "p.cordon";
        fs::copy_file(m_base, m_project);
    }

    /// Runs SQL on the project as another program would (the sqlite3 tool).
    void patch(const std::string& statements, const std::string& path = {}) const {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open((path.empty() ? m_project : path).c_str(), &db), SQLITE_OK);
        char* message = nullptr;
        const int rc = sqlite3_exec(db, statements.c_str(), nullptr, nullptr, &message);
        const std::string why = message ? message : "";
        sqlite3_free(message);
        sqlite3_close(db);
        ASSERT_EQ(rc, SQLITE_OK) << why;
    }
    std::string value(const std::string& query) const {
        sqlite3* db = nullptr;
        sqlite3_open_v2(m_project.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db, query.c_str(), -1, &s, nullptr);
        std::string out = "(none)";
        if (s && sqlite3_step(s) == SQLITE_ROW)
            out = sqlite3_column_type(s, 0) == SQLITE_NULL
                      ? "NULL"
                      : reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
        sqlite3_finalize(s);
        sqlite3_close(db);
        return out;
    }
    /// `cordon-cli ARGS` exits 2 with `needle` in its message and the file byte for byte.
    void refused(const std::string& args, const std::string& needle,
                 const std::string& file = {}) const {
        const std::string path = file.empty() ? m_project : file;
        const std::string before = read_file(path);
        const CliRun r = cli(args, m_dir);
        EXPECT_EQ(r.code, 2) << args << "\n" << r.err;
        EXPECT_NE(r.err.find(needle), std::string::npos) << args << "\n" << r.err;
        EXPECT_EQ(r.err.find("failed:"), std::string::npos) << r.err;
        EXPECT_TRUE(read_file(path) == before) << args << ": the file changed";
    }

    static TempDir* m_base_dir;
    static std::string m_base;
    TempDir m_dir;
    std::string m_project;
};
TempDir* Store::m_base_dir = nullptr;
std::string Store::m_base;

/// A cordon-cli started in the background, its stderr in a file.
struct Started {
    pid_t pid = -1;
    std::string err_file;

    Started(const std::vector<std::string>& args, std::string err) : err_file(std::move(err)) {
        pid = ::fork();
        if (pid == 0) {
            const int e = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            const int n = ::open("/dev/null", O_WRONLY);
            ::dup2(e, 2), ::dup2(n, 1);
            std::vector<char*> argv{const_cast<char*>(CORDON_CLI)};
            for (const auto& a : args)
                argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            ::execv(CORDON_CLI, argv.data());
            ::_exit(127);
        }
    }
    int wait() const {
        int status = 0;
        ::waitpid(pid, &status, 0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
};

/// `plan zones` and another change started together, `delay_ms` apart (either first), round
/// after round: both land, or one exits 2 naming the other; never both 0 with one lost.
template <typename Landed>
void race(const std::string& project, const TempDir& dir, const std::string& base,
          const std::vector<std::string>& other, Landed other_landed, int* refusals) {
    const int delays[] = {0, 0, 20, 60, 150, 400, 0, 1500};
    int round = 0;
    for (int delay : delays) {
        ++round;
        fs::copy_file(base, project, fs::copy_options::overwrite_existing);
        const bool plan_first = round % 2 == 1;
        const std::vector<std::string> plan_args{"plan", "zones", project, "--zones", "4"};
        std::optional<Started> plan, change;
        auto start_plan = [&] { plan.emplace(plan_args, dir / "plan.txt"); };
        auto start_change = [&] { change.emplace(other, dir / "other.txt"); };
        plan_first ? start_plan() : start_change();
        std::this_thread::sleep_for(std::chrono::milliseconds(delay));
        plan_first ? start_change() : start_plan();
        const int plan_code = plan->wait(), other_code = change->wait();
        const std::string plan_err = read_file(plan->err_file),
                          other_err = read_file(change->err_file);
        SCOPED_TRACE("round " + std::to_string(round) + ", " + std::to_string(delay) + " ms, " +
                     (plan_first ? "plan first" : "other first") + "\nplan: " + plan_err +
                     "\nother: " + other_err);
        ASSERT_TRUE(plan_code == 0 || plan_code == 2) << plan_code;
        ASSERT_TRUE(other_code == 0 || other_code == 2) << other_code;
        ASSERT_FALSE(plan_code == 2 && other_code == 2);
        const cordon::geo::District d = cordon::geo::read_project(project);
        bool zoned = false;
        for (const auto& h : d.meta.history)
            zoned = zoned || h.step == "zones";
        // What exited 0 is in the project: never lost.
        EXPECT_EQ(zoned, plan_code == 0);
        if (plan_code == 0) {
            EXPECT_EQ(d.zones.size(), 4u);
        }
        EXPECT_EQ(other_landed(d), other_code == 0);
        // The refused one names the one that holds the project, and changed nothing.
        if (plan_code == 2) {
            EXPECT_NE(plan_err.find("in use by another Cordon (cordon-cli, process " +
                                    std::to_string(change->pid)),
                      std::string::npos);
        }
        if (other_code == 2) {
            EXPECT_NE(other_err.find("in use by another Cordon (cordon-cli, process " +
                                     std::to_string(plan->pid)),
                      std::string::npos);
        }
        *refusals += (plan_code == 2) + (other_code == 2);
    }
}

} // namespace

// --- No lost update --------------------------------------------------------------------------

TEST_F(Store, PlanZonesAndScenarioSaveTogetherNeverLoseEither) {
    int refusals = 0;
    race(
        m_project, m_dir, m_base, {"scenario", "save", m_project, "x"},
        [](const cordon::geo::District& d) { return d.meta.parameters.count("scenario:x") > 0; },
        &refusals);
    // The rounds started together really met (else the test shows nothing).
    EXPECT_GT(refusals, 0);
}

TEST_F(Store, PlanZonesAndAnEditTogetherNeverLoseEither) {
    const cordon::geo::District d = cordon::geo::read_project(m_base);
    ASSERT_FALSE(d.gates.empty());
    const auto gate = d.gates.front();
    const bool was_open = gate.state == cordon::geo::GateState::open;
    write_file(m_dir / "edits.json", R"([{"edit":"gate","id":)" + std::to_string(gate.id) +
                                         R"(,"state":")" + (was_open ? "closed" : "open") +
                                         R"("}])");
    int refusals = 0;
    race(
        m_project, m_dir, m_base, {"edit", m_project, "--edits", m_dir / "edits.json"},
        [&](const cordon::geo::District& now) {
            for (const auto& g : now.gates)
                if (g.id == gate.id) return (g.state == cordon::geo::GateState::open) != was_open;
            return false;
        },
        &refusals);
    EXPECT_GT(refusals, 0);
}

TEST_F(Store, ImportOntoAProjectInUseIsRefusedBeforeItsWork) {
    // While another process holds the project (a plan run, the app), `import -o` onto it is
    // refused at once, naming it, and the project stays as it was.
    Started holder({"plan", "zones", m_project, "--zones", "4"}, m_dir / "holder.txt");
    for (int i = 0; i < 500 && !fs::exists(m_project + ".lock"); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    const std::string before = read_file(m_project);
    const CliRun r = cli("import " + q(sample_osm()) + " -o " + q(m_project), m_dir);
    const int holder_code = holder.wait();
    if (holder_code == 0 && r.code == 0) GTEST_SKIP() << "the plan finished before the import";
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_NE(r.err.find("process " + std::to_string(holder.pid)), std::string::npos) << r.err;
    EXPECT_EQ(holder_code, 0);
}

// --- Saves keep the file's identity ------------------------------------------------------------

TEST_F(Store, ASymlinkStaysASymlinkAndItsTargetIsSaved) {
    const std::string link = m_dir / "link.cordon";
    fs::create_symlink(m_project, link);
    const CliRun r = cli("scenario save " + q(link) + " via-link", m_dir);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(fs::is_symlink(link));
    EXPECT_EQ(fs::read_symlink(link), fs::path(m_project));
    EXPECT_EQ(value("SELECT count(*) FROM parameters WHERE step = 'scenario:via-link'"), "1");
    // The lock is the real file's: the same for the link and the target.
    EXPECT_EQ(cordon::geo::ProjectLock::lock_path(link),
              cordon::geo::ProjectLock::lock_path(m_project));
}

TEST_F(Store, ModeOwnerAndGroupAreKept) {
    ASSERT_EQ(::chmod(m_project.c_str(), 0600), 0);
    const bool root = ::geteuid() == 0;
    if (root) { // another user: nobody
        ASSERT_EQ(::chown(m_project.c_str(), 65534, 65534), 0);
    }
    const CliRun r = cli("scenario save " + q(m_project) + " private", m_dir);
    ASSERT_EQ(r.code, 0) << r.err;
    struct stat st {};
    ASSERT_EQ(::stat(m_project.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u);
    if (root) {
        EXPECT_EQ(st.st_uid, 65534u);
        EXPECT_EQ(st.st_gid, 65534u);
    }
    EXPECT_EQ(value("SELECT count(*) FROM parameters WHERE step = 'scenario:private'"), "1");
}

TEST_F(Store, AHardLinkedProjectIsRefusedNotSplit) {
    const std::string other = m_dir / "other-name.cordon";
    fs::create_hard_link(m_project, other);
    refused("scenario save " + q(m_project) + " x", "hard links");
    refused("plan zones " + q(other) + " --zones 4", "hard links", other);
    struct stat a {
    }, b{};
    ASSERT_EQ(::stat(m_project.c_str(), &a), 0);
    ASSERT_EQ(::stat(other.c_str(), &b), 0);
    EXPECT_EQ(a.st_ino, b.st_ino);
    EXPECT_EQ(a.st_nlink, 2u);
}

TEST_F(Store, AReadOnlyProjectIsRefusedNotOverwritten) {
    ASSERT_EQ(::chmod(m_project.c_str(), 0444), 0);
    refused("scenario save " + q(m_project) + " x", "read-only");
    refused("import " + q(sample_osm()) + " -o " + q(m_project), "read-only");
    struct stat st {};
    ASSERT_EQ(::stat(m_project.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0444u);
    // Reading it is fine.
    EXPECT_EQ(cli("info " + q(m_project), m_dir).code, 0);
}

// --- Project contents validated on open --------------------------------------------------------

TEST_F(Store, AnUnknownSridIsRefusedByEveryCommand) {
    patch("UPDATE cordon_meta SET value = '999999' WHERE key = 'srid'");
    refused("plan classify " + q(m_project), "999999");
    refused("export " + q(m_project) + " --layer buildings --format geojson -o " +
                q(m_dir / "out.geojson"),
            "999999");
    refused("info " + q(m_project), "PROJ does not know");
    EXPECT_FALSE(fs::exists(m_dir / "out.geojson"));
}

TEST_F(Store, DanglingIdsAreToldAndReadAsNone) {
    patch("UPDATE buildings SET zone_id = 99999 WHERE id = (SELECT min(id) FROM buildings);"
          "UPDATE gates SET compound_id = 99999 WHERE id = (SELECT min(id) FROM gates);");
    const std::string building = value("SELECT min(id) FROM buildings"),
                      gate = value("SELECT min(id) FROM gates");
    // Read: told on stderr, the file untouched.
    const std::string before = read_file(m_project);
    const CliRun info = cli("info " + q(m_project), m_dir);
    EXPECT_EQ(info.code, 0) << info.err;
    EXPECT_NE(info.err.find(
                  "row of buildings names in zone_id zones that the project does not hold (id " +
                  building + " → 99999)"),
              std::string::npos)
        << info.err;
    EXPECT_NE(info.err.find("row of gates names in compound_id compounds"), std::string::npos)
        << info.err;
    EXPECT_TRUE(read_file(m_project) == before);
    // A change: told, and saved as none.
    const CliRun r = cli("plan classify " + q(m_project) + " --unknown-mode closed", m_dir);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("warning:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("99999"), std::string::npos) << r.err;
    EXPECT_EQ(value("SELECT zone_id FROM buildings WHERE id = " + building), "NULL");
    EXPECT_EQ(value("SELECT compound_id FROM gates WHERE id = " + gate), "NULL");
    // The export that follows works.
    EXPECT_EQ(cli("export " + q(m_project) + " --layer buildings --format geojson -o " +
                      q(m_dir / "out.geojson"),
                  m_dir)
                  .code,
              0);
}

TEST_F(Store, DanglingIdsAreToldByEveryCommandThatOpensTheProject) {
    patch("UPDATE buildings SET zone_id = 99999 WHERE id = (SELECT min(id) FROM buildings);"
          "UPDATE gates SET compound_id = 99998 WHERE id = (SELECT min(id) FROM gates);");
    const std::string building = value("SELECT min(id) FROM buildings"),
                      gate = value("SELECT min(id) FROM gates");
    const std::string patched = read_file(m_project);
    const auto told = [&](const CliRun& r, const std::string& command) {
        EXPECT_EQ(r.code, 0) << command << "\n" << r.err;
        EXPECT_NE(r.err.find("warning: " + m_project +
                             ": 1 row of buildings names in zone_id "
                             "zones that the project does not hold (id " +
                             building + " → 99999); read as none"),
                  std::string::npos)
            << command << "\n"
            << r.err;
        EXPECT_NE(r.err.find("1 row of gates names in compound_id compounds that the project "
                             "does not hold (id " +
                             gate + " → 99998)"),
                  std::string::npos)
            << command << "\n"
            << r.err;
    };
    // Commands that read: told, the file byte for byte as it was.
    const fs::path out = m_dir / "out";
    fs::create_directory(out);
    for (const std::string& args : {
             "info " + q(m_project),
             "export " + q(m_project) + " --layer buildings --format geojson -o " +
                 q(out / "b.geojson"),
             "render " + q(m_project) + " --size 200x150 -o " + q(out / "map.png"),
             "print " + q(m_project) + " -o " + q(out / "atlas.pdf"),
             "handover " + q(m_project) + " --no-atlas -o " + q(out / "handover"),
             "scenario list " + q(m_project),
         }) {
        told(cli(args, m_dir), args);
        EXPECT_TRUE(read_file(m_project) == patched) << args;
    }
    // Commands that change it: told, then the ids saved as none.
    const std::string gate_state = value("SELECT state FROM gates WHERE id = " + gate);
    write_file(m_dir / "edits.json", R"([{"edit":"gate","id":)" + gate + R"(,"state":")" +
                                         (gate_state == "open" ? "closed" : "open") + R"("}])");
    for (const std::string& args : {
             "edit " + q(m_project) + " --edits " + q(m_dir / "edits.json"),
             "scenario save " + q(m_project) + " kept",
             "plan zones " + q(m_project) + " --zones 2",
         }) {
        write_file(m_project, patched);
        told(cli(args, m_dir), args);
        EXPECT_EQ(value("SELECT compound_id FROM gates WHERE id = " + gate), "NULL") << args;
        EXPECT_EQ(cli("info " + q(m_project), m_dir).err.find("warning:"), std::string::npos)
            << args;
    }
}

TEST_F(Store, TextInANumberColumnIsAnErrorNamingTableRowAndColumn) {
    patch("UPDATE buildings SET households = 'abc' WHERE id = (SELECT min(id) FROM buildings)");
    const std::string building = value("SELECT min(id) FROM buildings");
    refused("plan classify " + q(m_project),
            "table 'buildings', row id " + building + ", column 'households': 'abc'");
    refused("info " + q(m_project), "where a number belongs");
    EXPECT_EQ(value("SELECT households FROM buildings WHERE id = " + building), "abc");
}

// --- Errors that say what happened -------------------------------------------------------------

TEST_F(Store, ATruncatedProjectIsNotACordonProject) {
    const std::string whole = read_file(m_project);
    for (std::size_t size : {std::size_t{0}, std::size_t{50}, whole.size() / 2}) {
        write_file(m_project, whole.substr(0, size));
        refused("info " + q(m_project), m_project + ": not a Cordon project (truncated?)");
        refused("scenario save " + q(m_project) + " x",
                m_project + ": not a Cordon project (truncated?)");
    }
    write_file(m_project, "this is text, not a project\n");
    refused("info " + q(m_project), m_project + ": not a Cordon project (truncated?)");
}

TEST_F(Store, ADirectoryNamedLikeAProjectSaysSo) {
    const std::string folder = m_dir / "x.cordon";
    fs::create_directory(folder);
    const CliRun r = cli("info " + q(folder), m_dir);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find(folder + ": is a directory"), std::string::npos) << r.err;
    const CliRun s = cli("scenario save " + q(folder) + " x", m_dir);
    EXPECT_EQ(s.code, 2);
    EXPECT_NE(s.err.find("is a directory"), std::string::npos) << s.err;
    const CliRun i = cli("import " + q(sample_osm()) + " -o " + q(folder), m_dir);
    EXPECT_EQ(i.code, 2);
    EXPECT_NE(i.err.find("is a directory"), std::string::npos) << i.err;
    EXPECT_TRUE(fs::is_directory(folder));
    EXPECT_TRUE(fs::is_empty(folder));
}

TEST_F(Store, AFileNameTooLongSaysSo) {
    const std::string name = m_dir / (std::string(238 - 7, 'n') + ".cordon");
    const CliRun r = cli("import " + q(sample_osm()) + " -o " + q(name), m_dir);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find(std::strerror(ENAMETOOLONG)), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("unable to open database file"), std::string::npos) << r.err;
    // Longer than any file name may be: reading says the same.
    const std::string longer = m_dir / (std::string(300, 'n') + ".cordon");
    const CliRun i = cli("info " + q(longer), m_dir);
    EXPECT_EQ(i.code, 2);
    EXPECT_NE(i.err.find(std::strerror(ENAMETOOLONG)), std::string::npos) << i.err;
}

TEST_F(Store, ARenamedTableIsNamed) {
    patch("ALTER TABLE gates RENAME TO gates_old");
    refused("info " + q(m_project), "table 'gates' is missing");
    refused("scenario save " + q(m_project) + " x", "table 'gates' is missing");
}

// Out of memory, for real: cordon-cli's address space limited (prlimit --as) so that memory
// runs out wherever the command happens to be (SQLite, SpatiaLite, GEOS, the planner, cairo).
#if defined(__SANITIZE_ADDRESS__)
#define CORDON_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CORDON_ASAN 1
#endif
#endif

namespace {

/// `cordon-cli ARGS` with its address space limited to `mb` MB. One malloc arena: glibc's
/// per-thread arenas reserve 64 MB each and, refused, retry on every allocation (a run took
/// 20 times as long), and memory runs out at a few MB's difference the same.
CliRun cli_within(long mb, const std::string& args, const TempDir& dir) {
    const std::string err = dir / "stderr.txt";
    const std::string command = "MALLOC_ARENA_MAX=1 prlimit --as=" + std::to_string(mb * 1048576) +
                                " " + CORDON_CLI + " " + args + " 2>" + err;
    CliRun r;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return r;
    std::array<char, 4096> buf{};
    while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe))
        r.out.append(buf.data(), n);
    const int status = pclose(pipe);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.err = read_file(err);
    return r;
}

bool loader_failed(const CliRun& r) {
    return r.code == 127 && r.err.find("error while loading shared libraries") != std::string::npos;
}

/// Whether cordon-cli cannot even start within `mb`: the loader cannot map a library, or a
/// library's static initialiser runs out of memory before main (PROJ's does, and aborts:
/// nothing of Cordon has run yet). Told by `--version`, which loads and initialises the same
/// libraries and does nothing else.
bool cannot_start_within(long mb, const TempDir& dir) {
    const CliRun r = cli_within(mb, "--version", dir);
    return r.code != 0;
}

} // namespace

TEST_F(Store, OutOfMemorySaysSoAndLeavesTheProjectAndOutputsAsTheyWere) {
#ifdef CORDON_ASAN
    GTEST_SKIP() << "AddressSanitizer needs more address space than the limits tried here";
#endif
    if (shell("command -v prlimit").empty()) GTEST_SKIP() << "no prlimit (util-linux)";
    const std::string base = read_file(m_base);
    const fs::path json = m_dir / "figures.json";
    const std::string args =
        "plan classify " + q(m_project) + " --unknown-mode guarded --json " + q(json);
    // From too little to start (the loader fails) to enough: every run either succeeds or
    // says it ran out of memory, exit 1, with the project and the earlier --json as they were.
    int out_of_memory = 0, done = 0;
    long enough = 0;
    for (long mb = 150; mb <= 300; mb += 5) {
        write_file(m_project, base);
        write_file(json, "earlier figures\n");
        const CliRun r = cli_within(mb, args, m_dir);
        if (loader_failed(r) || cannot_start_within(mb, m_dir)) continue;
        if (r.code == 0) {
            ++done;
            if (!enough) enough = mb;
            continue;
        }
        EXPECT_EQ(r.code, 1) << mb << " MB\n" << r.err;
        EXPECT_NE(r.err.find("cordon-cli plan: out of memory while running plan classify; the "
                             "project is unchanged and no file was written"),
                  std::string::npos)
            << mb << " MB\n"
            << r.err;
        EXPECT_TRUE(read_file(m_project) == base) << mb << " MB: the project was changed";
        EXPECT_EQ(read_file(json), "earlier figures\n") << mb << " MB";
        for (const auto& entry : fs::directory_iterator(m_dir.path()))
            EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos)
                << mb << " MB left " << entry.path();
        ++out_of_memory;
    }
    std::printf("out of memory in %d runs, done in %d (from %ld MB)\n", out_of_memory, done,
                enough);
    // The limits tried really ran it out of memory, and really were enough at the end.
    EXPECT_GT(out_of_memory, 0);
    EXPECT_GT(done, 0);
    ASSERT_GT(enough, 0);

    // An image of 20,000 × 20,000 pixels (1.6 GB) within what was enough to plan: said so, and
    // the earlier map is kept.
    write_file(m_project, base);
    write_file(m_dir / "map.png", "earlier map");
    const CliRun r = cli_within(
        enough + 100, "render " + q(m_project) + " --size 20000x20000 -o " + q(m_dir / "map.png"),
        m_dir);
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("cordon-cli render: out of memory while running render; the project is "
                         "unchanged and no file was written"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(read_file(m_dir / "map.png"), "earlier map");
    EXPECT_TRUE(read_file(m_project) == base);
}

// GDAL's GeoJSON reader builds each feature as a json-c tree, and json-c aborts the process
// when an allocation fails (an assertion in json_object_array_add; exit 134 at every limit from
// 190 to 300 MB for this file): under a limit, the tree is held to what the limit leaves, so
// the feature is refused as too large, or the import says it ran out of memory, never a crash.
TEST_F(Store, OutOfMemoryReadingGeoJsonNeverAborts) {
#ifdef CORDON_ASAN
    GTEST_SKIP() << "AddressSanitizer needs more address space than the limits tried here";
#endif
    if (shell("command -v prlimit").empty()) GTEST_SKIP() << "no prlimit (util-linux)";
    // One building, a circle of 250,000 vertices (50 m across, near Chengdu).
    std::string text = R"({"type": "FeatureCollection", "features": [{"type": "Feature", )"
                       R"("properties": {"name": "ring"}, "geometry": {"type": "Polygon", )"
                       R"("coordinates": [[)";
    const int n = 250000;
    char point[64];
    for (int i = 0; i <= n; ++i) {
        const double a = 2 * 3.14159265358979 * (i % n) / n;
        std::snprintf(point, sizeof point, "%s[%.8f, %.8f]", i ? ", " : "",
                      104.06 + 0.0005 * std::cos(a), 30.66 + 0.0005 * std::sin(a));
        text += point;
    }
    text += "]]}}]}\n";
    const std::string source = m_dir / "ring.geojson";
    write_file(source, text);
    const std::string base = read_file(m_base);
    int refused = 0, done = 0;
    for (long mb = 180; mb <= 560; mb += 20) {
        write_file(m_project, base);
        const CliRun r =
            cli_within(mb, "import --map buildings=" + q(source) + " -o " + q(m_project), m_dir);
        if (loader_failed(r) || cannot_start_within(mb, m_dir)) continue;
        if (r.code == 0) {
            ++done;
            continue;
        }
        EXPECT_TRUE(r.code == 1 || r.code == 2) << mb << " MB: exit " << r.code << "\n" << r.err;
        EXPECT_TRUE(r.err.find("a feature too large for the GeoJSON reader") != std::string::npos ||
                    r.err.find("out of memory while running import; the project is unchanged") !=
                        std::string::npos)
            << mb << " MB\n"
            << r.err;
        EXPECT_TRUE(read_file(m_project) == base) << mb << " MB: the project was changed";
        ++refused;
    }
    std::printf("refused or out of memory in %d runs, imported in %d\n", refused, done);
    EXPECT_GT(refused, 0);
    EXPECT_GT(done, 0);
}
