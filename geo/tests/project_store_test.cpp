#include "fixtures.hpp"
#include "sqlite_db.hpp"
#include "temp_dir.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/project_store.hpp>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace cordon;
using namespace cordon::geo;

namespace {

MultiPolygon square(double x, double y, double size) {
    return cordon::test::rect(x, y, x + size, y + size);
}

District sample() {
    District d;
    d.meta.srid = 32648;
    d.meta.crs_name = "WGS 84 / UTM zone 48N";
    d.meta.sources = {{"/data/城区.osm", "abc123", 42}};
    d.meta.import_report = R"({"ok":true})";
    d.meta.history = {{"2026-11-28T10:00:00Z", "import", "{}", R"({"nodes":2})"},
                      {"", "zones", R"({"k":8})", "{}"}};
    d.meta.parameters["zones"] = R"({"k":8})";
    d.communities.push_back({1, "c1", "玉林社区", "510107001", square(0, 0, 1000)});
    Compound c;
    c.id = 1;
    c.name = "锦绣花园";
    c.mode = CompoundMode::closed;
    c.manager = "万科物业";
    c.community_id = 1;
    c.geom = square(100, 100, 200);
    d.compounds.push_back(c);
    Building b;
    b.id = 1;
    b.source_id = "way/7";
    b.name = "3栋";
    b.category = "apartments";
    b.households = 48;
    b.households_estimated = true;
    b.floors = 6;
    b.compound_id = 1;
    b.geom = square(120, 120, 20);
    d.buildings.push_back(b);
    Gate g;
    g.id = 1;
    g.name = "南门";
    g.kind = GateKind::vehicle;
    g.state = GateState::closed;
    g.compound_id = 1;
    g.reason = "closed: buildings within 140 m of gate B";
    g.pos = {150, 100};
    d.gates.push_back(g);
    Road r;
    r.id = 1;
    r.name = "人民南路";
    r.cls = "primary";
    r.oneway = true;
    r.bridge = true;
    r.layer = 1;
    r.geom = {{0, 50}, {500, 50}};
    d.roads.push_back(r);
    d.checkpoints.push_back(
        {1, 1, CheckpointKind::registration, "07-22", 3, "choke point", {250, 50}});
    d.network.nodes = {{1, 1, {0, 50}}, {2, 1, {500, 50}}};
    d.network.edges.push_back(
        {1, 1, 2, 1, "primary", 500, true, true, true, 1, {{0, 50}, {500, 50}}});
    return d;
}

} // namespace

TEST(ProjectStore, WritesAndReadsBackEveryLayer) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    write_project(sample(), path, progress);
    const District d = read_project(path);
    EXPECT_EQ(d.meta.srid, 32648);
    ASSERT_EQ(d.meta.sources.size(), 1u);
    EXPECT_EQ(d.meta.sources[0].path, "/data/城区.osm");
    EXPECT_EQ(d.meta.import_report, R"({"ok":true})");
    EXPECT_EQ(d.meta.cordon_version, CORDON_VERSION);
    ASSERT_EQ(d.meta.history.size(), 2u);
    EXPECT_EQ(d.meta.history[0].time, "2026-11-28T10:00:00Z");
    EXPECT_EQ(d.meta.history[1].step, "zones");
    EXPECT_FALSE(d.meta.history[1].time.empty()); // stamped when saved
    EXPECT_EQ(d.meta.parameters.at("zones"), R"({"k":8})");
    ASSERT_EQ(d.communities.size(), 1u);
    EXPECT_EQ(d.communities[0].name, "玉林社区");
    ASSERT_EQ(d.compounds.size(), 1u);
    EXPECT_EQ(d.compounds[0].mode, CompoundMode::closed);
    EXPECT_EQ(d.compounds[0].manager, "万科物业");
    EXPECT_EQ(d.compounds[0].community_id, 1);
    EXPECT_DOUBLE_EQ(area(d.compounds[0].geom), 40000);
    ASSERT_EQ(d.buildings.size(), 1u);
    EXPECT_EQ(d.buildings[0].name, "3栋");
    EXPECT_EQ(d.buildings[0].households, 48);
    EXPECT_TRUE(d.buildings[0].households_estimated);
    EXPECT_EQ(d.buildings[0].compound_id, 1);
    EXPECT_FALSE(d.buildings[0].zone_id.has_value());
    ASSERT_EQ(d.gates.size(), 1u);
    EXPECT_EQ(d.gates[0].kind, GateKind::vehicle);
    EXPECT_EQ(d.gates[0].state, GateState::closed);
    EXPECT_EQ(d.gates[0].pos, (Point{150, 100}));
    ASSERT_EQ(d.roads.size(), 1u);
    EXPECT_TRUE(d.roads[0].oneway);
    EXPECT_TRUE(d.roads[0].bridge);
    EXPECT_EQ(d.roads[0].layer, 1);
    EXPECT_EQ(d.roads[0].geom.size(), 2u);
    ASSERT_EQ(d.checkpoints.size(), 1u);
    EXPECT_EQ(d.checkpoints[0].kind, CheckpointKind::registration);
    EXPECT_EQ(d.network.edges.size(), 1u);
    EXPECT_EQ(d.network.edges[0].to, 2);
}

TEST(ProjectStore, FailedWriteLeavesTheExistingProjectByteForByte) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    write_project(sample(), path, progress);
    const std::string before = test::read_file(path);
    District broken = sample();
    broken.meta.srid = 0; // no CRS: refused
    EXPECT_THROW(write_project(broken, path, progress), Error);
    // A cancelled write: the progress throws Cancelled part-way.
    struct CancelAtOnce : Progress {
        bool cancel_requested() const override { return true; }
        void on_progress(std::string_view, double) override {}
    } cancel;
    District big = sample();
    for (int i = 0; i < 20000; ++i) {
        big.buildings.push_back(big.buildings.front());
        big.buildings.back().id = i + 2;
    }
    EXPECT_THROW(write_project(big, path, cancel), Cancelled);
    EXPECT_EQ(test::read_file(path), before);
    // No temporary file is left behind.
    int files = 0;
    for (auto& e : std::filesystem::directory_iterator(dir.path()))
        files += e.is_regular_file();
    EXPECT_EQ(files, 1);
}

TEST(ProjectStore, RefusesWhatIsNotAProject) {
    test::TempDir dir;
    test::write_file(dir / "text.cordon", "hello, this is not SQLite");
    try {
        read_project(dir / "text.cordon");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("text.cordon"), std::string::npos);
    }
    EXPECT_THROW(read_project(dir / "missing.cordon"), InputError);
    sqlite3* db = nullptr;
    sqlite3_open((dir / "other.sqlite").c_str(), &db);
    sqlite3_exec(db, "CREATE TABLE t(x)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    EXPECT_THROW(read_project(dir / "other.sqlite"), InputError);
}

TEST(ProjectStore, RefusesAProjectFromANewerCordon) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    write_project(sample(), path, progress);
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "UPDATE cordon_meta SET value='99' WHERE key='format_version'", nullptr,
                 nullptr, nullptr);
    sqlite3_close(db);
    try {
        read_project(path);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos);
    }
}

TEST(ProjectStore, ReportsADamagedLayer) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    write_project(sample(), path, progress);
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "DROP TABLE gates", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    try {
        read_project(path);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("gates"), std::string::npos);
    }
}

// --- Issue 7: lock, migration, untrusted files
// ----------------------------------------------------

namespace {

void sql(const std::string& path, const std::string& statements) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, statements.c_str(), nullptr, nullptr, &message);
    const std::string why = message ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << why << " in " << statements;
}

std::string meta_value(const std::string& path, const std::string& key) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "SELECT value FROM cordon_meta WHERE key = ?", -1, &s, nullptr);
    sqlite3_bind_text(s, 1, key.c_str(), -1, SQLITE_TRANSIENT);
    std::string out = sqlite3_step(s) == SQLITE_ROW
                          ? reinterpret_cast<const char*>(sqlite3_column_text(s, 0))
                          : "(none)";
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

/// read_project throws InputError whose message holds `needle`.
void expect_refused(const std::string& path, const std::string& needle) {
    try {
        read_project(path);
        ADD_FAILURE() << path << " was read";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
}

} // namespace

TEST(ProjectLock, AnotherProcessHoldingTheLockMakesSavingFailClearly) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    write_project(sample(), path, progress);
    const std::string before = test::read_file(path);

    int ready[2];
    ASSERT_EQ(::pipe(ready), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        const ProjectLock lock(path);
        (void)!::write(ready[1], "x", 1);
        for (;;)
            ::pause();
    }
    char c = 0;
    ASSERT_EQ(::read(ready[0], &c, 1), 1);
    District changed = sample();
    changed.communities[0].name = "changed";
    try {
        write_project(changed, path, progress);
        ADD_FAILURE() << "saved while another process held the lock";
    } catch (const InputError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("in use by another Cordon"), std::string::npos) << what;
        EXPECT_NE(what.find(std::to_string(child)), std::string::npos) << what;
    }
    EXPECT_THROW(ProjectLock{path}, InputError);
    EXPECT_EQ(test::read_file(path), before);

    // kill -9 drops the lock: saving works again.
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    write_project(changed, path, progress);
    EXPECT_EQ(read_project(path).communities[0].name, "changed");
    EXPECT_FALSE(std::filesystem::exists(ProjectLock::lock_path(path)));
    ::close(ready[0]), ::close(ready[1]);
}

TEST(ProjectLock, NestsWithinOneProcessSoAnAppHoldingItCanSave) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    const ProjectLock held(path);
    write_project(sample(), path, progress);
    write_project(sample(), path, progress);
    EXPECT_TRUE(std::filesystem::exists(ProjectLock::lock_path(path)));
    EXPECT_EQ(read_project(path).buildings.size(), 1u);
}

TEST(ProjectStore, RemovesTheTempFileOfAWriterThatDied) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    test::write_file(path + ".tmp-999999-0", "half a project");
    SilentProgress progress;
    write_project(sample(), path, progress);
    int files = 0;
    for (auto& e : std::filesystem::directory_iterator(dir.path()))
        files += e.is_regular_file();
    EXPECT_EQ(files, 1);
}

TEST(ProjectStore, MigratesAnOlderFormatKeepingABackup) {
    test::TempDir dir;
    const std::string path = dir / "old.cordon";
    SilentProgress progress;
    write_project(sample(), path, progress);
    // A synthetic format 0 file (before format_version was written): no history or
    // parameters tables, no hull ratio on zones.
    sql(path, "DELETE FROM cordon_meta WHERE key = 'format_version'; DROP TABLE history; "
              "DROP TABLE parameters; ALTER TABLE zones DROP COLUMN hull_ratio;");
    const std::string original = test::read_file(path);

    const District d = read_project(path);
    EXPECT_EQ(d.communities.at(0).name, "玉林社区");
    EXPECT_EQ(d.buildings.size(), sample().buildings.size());
    ASSERT_FALSE(d.meta.history.empty());
    EXPECT_EQ(d.meta.history.back().step, "migrate");
    EXPECT_NE(d.meta.history.back().parameters.find("\"from\":0"), std::string::npos);
    EXPECT_EQ(meta_value(path, "format_version"), std::to_string(project_format_version));

    const std::string backup = path + ".format0.bak";
    ASSERT_TRUE(std::filesystem::exists(backup));
    EXPECT_EQ(test::read_file(backup), original);
    EXPECT_EQ(migration_backup_path(path, 0), path + ".format0-2.bak");

    // Migrated once: reading again changes nothing.
    const std::string migrated = test::read_file(path);
    read_project(path);
    EXPECT_EQ(test::read_file(path), migrated);
    EXPECT_FALSE(std::filesystem::exists(path + ".format0-2.bak"));
}

namespace {

ChokePointSite bridge_site() {
    ChokePointSite c;
    c.id = 1;
    c.kind = "bridge";
    c.road_id = 12;
    c.road_name = "府河桥";
    c.cls = "primary";
    c.cut_off_nodes = 7;
    c.cut_off_km = 1.25;
    c.cut_off_households = 52;
    c.cut_off_protected = 1;
    c.reason = "Bridge of the drivable network: 府河桥 is the only road";
    c.pos = {350, 50};
    return c;
}

} // namespace

TEST(ProjectStore, ChokePointsAndCordonAreasRoundTrip) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    District d = sample();
    d.choke_points.push_back(bridge_site());
    ChokePointSite junction;
    junction.id = 2;
    junction.kind = "articulation";
    junction.node_id = 4;
    junction.reason = "Articulation point";
    junction.pos = {200, 50};
    d.choke_points.push_back(junction);
    d.cordon_areas.push_back({1, "玉林社区", 300, square(0, 0, 1000)});
    // What they name is there (dangling ids would be read as none).
    Road bridge = d.roads[0];
    bridge.id = 12;
    d.roads.push_back(bridge);
    d.network.nodes.push_back({3, 1, {200, 50}});
    d.network.nodes.push_back({4, 1, {200, 60}});
    ASSERT_FALSE(d.checkpoints.empty());
    d.checkpoints[0].placed_by = k_placed_by_cordon;
    SilentProgress progress;
    write_project(d, path, progress);
    const District back = read_project(path);
    EXPECT_TRUE(back.meta.warnings.empty());
    EXPECT_EQ(back.checkpoints.at(0).placed_by, "cordon");
    ASSERT_EQ(back.choke_points.size(), 2u);
    const ChokePointSite& b = back.choke_points[0];
    EXPECT_EQ(b.id, 1);
    EXPECT_EQ(b.kind, "bridge");
    EXPECT_EQ(b.road_id, std::optional<Id>(12));
    EXPECT_FALSE(b.node_id);
    EXPECT_EQ(b.road_name, "府河桥");
    EXPECT_EQ(b.cls, "primary");
    EXPECT_EQ(b.cut_off_nodes, 7);
    EXPECT_DOUBLE_EQ(b.cut_off_km, 1.25);
    EXPECT_DOUBLE_EQ(b.cut_off_households, 52);
    EXPECT_EQ(b.cut_off_protected, 1);
    EXPECT_EQ(b.reason, bridge_site().reason);
    EXPECT_EQ(b.pos, (Point{350, 50}));
    EXPECT_EQ(back.choke_points[1].kind, "articulation");
    EXPECT_EQ(back.choke_points[1].node_id, std::optional<Id>(4));
    EXPECT_FALSE(back.choke_points[1].road_id);
    ASSERT_EQ(back.cordon_areas.size(), 1u);
    EXPECT_EQ(back.cordon_areas[0].name, "玉林社区");
    EXPECT_DOUBLE_EQ(back.cordon_areas[0].margin_m, 300);
    EXPECT_EQ(back.cordon_areas[0].geom.at(0).rings, square(0, 0, 1000)[0].rings);
}

TEST(ProjectStore, MigratesAFormat1ProjectWithoutTheChokePointLayers) {
    test::TempDir dir;
    const std::string path = dir / "v1.cordon";
    SilentProgress progress;
    // A format 1 file as Cordon wrote it before the layers existed: no tables, no spatial
    // index, no SpatiaLite metadata for them.
    District v1 = sample();
    ASSERT_FALSE(v1.checkpoints.empty());
    v1.checkpoints[0].placed_by = k_placed_by_planner;
    write_project(v1, path, progress);
    std::string statements = "UPDATE cordon_meta SET value = '1' WHERE key = 'format_version';"
                             "ALTER TABLE checkpoints DROP COLUMN placed_by;";
    for (const char* t : {"choke_points", "cordon_areas"}) {
        const std::string name = t;
        statements += "DROP TABLE " + name + "; DROP TABLE idx_" + name + "_geom;";
        for (const char* meta :
             {"geometry_columns_auth", "geometry_columns_statistics",
              "geometry_columns_field_infos", "geometry_columns_time", "geometry_columns"})
            statements +=
                std::string("DELETE FROM ") + meta + " WHERE f_table_name = '" + name + "';";
    }
    sql(path, statements);
    const std::string original = test::read_file(path);

    const District d = read_project(path);
    EXPECT_TRUE(d.choke_points.empty());
    EXPECT_TRUE(d.cordon_areas.empty());
    EXPECT_EQ(d.buildings.size(), sample().buildings.size());
    ASSERT_EQ(d.checkpoints.size(), v1.checkpoints.size());
    EXPECT_EQ(d.checkpoints[0].placed_by, ""); // not known: the reason tells
    EXPECT_EQ(d.checkpoints[0].reason, v1.checkpoints[0].reason);
    ASSERT_FALSE(d.meta.history.empty());
    EXPECT_EQ(d.meta.history.back().step, "migrate");
    EXPECT_NE(d.meta.history.back().parameters.find("\"from\":1"), std::string::npos);
    EXPECT_EQ(meta_value(path, "format_version"), std::to_string(project_format_version));
    ASSERT_TRUE(std::filesystem::exists(path + ".format1.bak"));
    EXPECT_EQ(test::read_file(path + ".format1.bak"), original);

    // The migrated project takes the new layers.
    District with = d;
    with.choke_points.push_back(bridge_site());
    with.cordon_areas.push_back({1, "area", 0, square(0, 0, 10)});
    write_project(with, path, progress);
    const District back = read_project(path);
    ASSERT_EQ(back.choke_points.size(), 1u);
    EXPECT_EQ(back.choke_points[0].road_name, "府河桥");
    EXPECT_EQ(back.cordon_areas.size(), 1u);
}

TEST(ProjectStore, MigratesAFormat3ProjectKeepingItsHouseholdsAsImported) {
    test::TempDir dir;
    const std::string path = dir / "v3.cordon";
    SilentProgress progress;
    // A format 3 file: buildings without the columns of planning on a register's counts, no
    // visits.
    District v3 = sample();
    v3.buildings[0].residents = 120;
    write_project(v3, path, progress);
    std::string statements = "UPDATE cordon_meta SET value = '3' WHERE key = 'format_version';"
                             "DROP TABLE visits;";
    for (const char* c : {"imported_households", "imported_residents", "imported_estimated",
                          "registered", "vacant_homes"})
        statements += std::string("ALTER TABLE buildings DROP COLUMN ") + c + ";";
    sql(path, statements);
    const std::string original = test::read_file(path);

    const District d = read_project(path);
    ASSERT_EQ(d.buildings.size(), 1u);
    const Building& b = d.buildings[0];
    EXPECT_DOUBLE_EQ(b.households, 48);
    EXPECT_DOUBLE_EQ(b.imported_households, 48);
    EXPECT_DOUBLE_EQ(b.imported_residents, 120);
    EXPECT_TRUE(b.imported_estimated);
    EXPECT_FALSE(b.registered);
    EXPECT_EQ(b.vacant_homes, 0);
    EXPECT_NE(d.meta.history.back().parameters.find("\"from\":3"), std::string::npos);
    EXPECT_EQ(meta_value(path, "format_version"), std::to_string(project_format_version));
    ASSERT_TRUE(std::filesystem::exists(path + ".format3.bak"));
    EXPECT_EQ(test::read_file(path + ".format3.bak"), original);

    // The new columns round-trip.
    District with = d;
    with.buildings[0].registered = true;
    with.buildings[0].households = 3;
    with.buildings[0].vacant_homes = 1;
    with.visits.push_back({1, "户001", "2026-12-01", "not_met", "门上留言", "visits.xlsx", 3});
    write_project(with, path, progress);
    const District back = read_project(path);
    EXPECT_TRUE(back.buildings[0].registered);
    EXPECT_DOUBLE_EQ(back.buildings[0].households, 3);
    EXPECT_DOUBLE_EQ(back.buildings[0].imported_households, 48);
    EXPECT_EQ(back.buildings[0].vacant_homes, 1);
    ASSERT_EQ(back.visits.size(), 1u);
    EXPECT_EQ(back.visits[0].household_key, "户001");
    EXPECT_EQ(back.visits[0].result, "not_met");
    EXPECT_EQ(back.visits[0].note, "门上留言");
    EXPECT_EQ(back.visits[0].source_row, 3);
}

TEST(ProjectStore, RefusesAMaliciousTrigger) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    write_project(sample(), path, progress);
    sql(path, "CREATE TRIGGER evil AFTER UPDATE ON buildings BEGIN DELETE FROM roads; END;");
    const std::string before = test::read_file(path);
    expect_refused(path, "trigger 'evil'");
    EXPECT_EQ(test::read_file(path), before);
}

TEST(ProjectStore, RefusesAViewInPlaceOfALayer) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    write_project(sample(), path, progress);
    sql(path, "DROP TABLE checkpoints; CREATE VIEW checkpoints AS SELECT 1 AS id, NULL AS road_id, "
              "load_extension('/tmp/evil.so') AS kind, '' AS hours, 0 AS crew, '' AS reason, "
              "NULL AS geom;");
    expect_refused(path, "'checkpoints' is a view");
}

TEST(ProjectStore, RefusesAnUnknownView) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    write_project(sample(), path, progress);
    sql(path, "CREATE VIEW sneaky AS SELECT load_extension('/tmp/evil.so');");
    expect_refused(path, "view 'sneaky'");
}

TEST(ProjectStore, RefusesAMaliciousOlderFileBeforeMigratingIt) {
    test::TempDir dir;
    const std::string path = dir / "old.cordon";
    SilentProgress progress;
    write_project(sample(), path, progress);
    sql(path, "DELETE FROM cordon_meta WHERE key = 'format_version'; CREATE TRIGGER evil AFTER "
              "INSERT ON history BEGIN DELETE FROM buildings; END;");
    const std::string before = test::read_file(path);
    expect_refused(path, "trigger 'evil'");
    EXPECT_EQ(test::read_file(path), before);
    EXPECT_FALSE(std::filesystem::exists(path + ".format0.bak"));
}

TEST(ProjectStore, ReportsAMissingColumnAsDamage) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    write_project(sample(), path, progress);
    sql(path, "ALTER TABLE roads DROP COLUMN class;");
    expect_refused(path, "table 'roads' has no column 'class'");
}

TEST(ProjectStore, ReportsACorruptFileAsDamage) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    write_project(sample(), path, progress);
    std::string bytes = test::read_file(path);
    for (std::size_t i = bytes.size() / 3; i < bytes.size(); i += 7)
        bytes[i] = static_cast<char>(0xA5);
    test::write_file(path, bytes);
    EXPECT_THROW(read_project(path), InputError); // exit code 2 in the CLI, never a crash
}

TEST(ProjectStore, RefusesAMaliciousTriggerBeforeReportingDamage) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    write_project(sample(), path, progress);
    sql(path, "CREATE TRIGGER evil AFTER UPDATE ON buildings BEGIN DELETE FROM roads; END; "
              "ALTER TABLE roads DROP COLUMN class;");
    expect_refused(path, "trigger 'evil'");
}

TEST(ProjectStore, ReadsGeometryStoredTheWayOtherWritersDo) {
    // Compressed, with Z, or a POLYGON where a MULTIPOLYGON is declared: read the long way
    // (SpatiaLite and OGR), to the same values as the BLOBs Cordon writes.
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    const District written = sample();
    write_project(written, path, progress);
    {
        detail::Database db(path, true);
        db.exec("UPDATE buildings SET geom = CompressGeometry(geom)");
        db.exec("UPDATE roads SET geom = CompressGeometry(geom)");
        db.exec("DROP TRIGGER ggu_gates_geom");
        db.exec("UPDATE gates SET geom = CastToXYZ(geom)");
        db.exec("DROP TRIGGER ggu_compounds_geom");
        db.exec("UPDATE compounds SET geom = CastToPolygon(geom)");
        db.exec("DROP TRIGGER ggu_network_edges_geom");
        db.exec("UPDATE network_edges SET geom = 'not a geometry'");
    }
    const District d = read_project(path);
    ASSERT_EQ(d.buildings.size(), 1u);
    ASSERT_EQ(d.buildings[0].geom.size(), 1u);
    EXPECT_EQ(d.buildings[0].geom[0].rings, written.buildings[0].geom[0].rings);
    ASSERT_EQ(d.compounds.size(), 1u);
    ASSERT_EQ(d.compounds[0].geom.size(), 1u);
    EXPECT_EQ(d.compounds[0].geom[0].rings, written.compounds[0].geom[0].rings);
    ASSERT_EQ(d.roads.size(), 1u);
    EXPECT_EQ(d.roads[0].geom, written.roads[0].geom);
    ASSERT_EQ(d.gates.size(), 1u);
    EXPECT_EQ(d.gates[0].pos, written.gates[0].pos);
    ASSERT_EQ(d.network.edges.size(), 1u);
    EXPECT_TRUE(d.network.edges[0].geom.empty());
}

// --- Issue 20: the file's identity, contents checked on open, errors that say what happened ---

TEST(ProjectStore, SavesThroughASymlinkToItsTarget) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon", link = dir / "link.cordon";
    SilentProgress progress;
    write_project(sample(), path, progress);
    std::filesystem::create_symlink("p.cordon", link); // relative, as ln -s makes them
    District changed = sample();
    changed.communities[0].name = "changed";
    write_project(changed, link, progress);
    EXPECT_TRUE(std::filesystem::is_symlink(link));
    EXPECT_EQ(read_project(path).communities[0].name, "changed");
    EXPECT_EQ(ProjectLock::lock_path(link), ProjectLock::lock_path(path));
    // A lock held through the link is the project's lock.
    const ProjectLock held(link);
    EXPECT_TRUE(std::filesystem::exists(path + ".lock"));
    // A dangling link: the save goes to where it points.
    const std::string dangling = dir / "dangling.cordon";
    std::filesystem::create_symlink("new.cordon", dangling);
    write_project(sample(), dangling, progress);
    EXPECT_TRUE(std::filesystem::is_symlink(dangling));
    EXPECT_EQ(read_project(dir / "new.cordon").buildings.size(), 1u);
}

TEST(ProjectStore, KeepsTheModeOwnerAndGroup) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    write_project(sample(), path, progress);
    ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
    const bool root = ::geteuid() == 0;
    if (root) {
        ASSERT_EQ(::chown(path.c_str(), 4321, 8765), 0);
    }
    write_project(sample(), path, progress);
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u);
    if (root) {
        EXPECT_EQ(st.st_uid, 4321u);
        EXPECT_EQ(st.st_gid, 8765u);
    }
    ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
    write_project(sample(), path, progress);
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0640u);
}

TEST(ProjectStore, RefusesAHardLinkedProjectLeavingBothNames) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon", other = dir / "other.cordon";
    SilentProgress progress;
    write_project(sample(), path, progress);
    std::filesystem::create_hard_link(path, other);
    const std::string before = test::read_file(path);
    District changed = sample();
    changed.communities[0].name = "changed";
    try {
        write_project(changed, path, progress);
        ADD_FAILURE() << "a hard-linked project was saved";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("2 hard links"), std::string::npos) << e.what();
    }
    EXPECT_THROW(check_saveable(other), InputError);
    EXPECT_EQ(test::read_file(path), before);
    EXPECT_EQ(std::filesystem::hard_link_count(path), 2u);
    EXPECT_EQ(std::filesystem::hard_link_count(other), 2u);
}

TEST(ProjectStore, RefusesAReadOnlyProject) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    write_project(sample(), path, progress);
    ASSERT_EQ(::chmod(path.c_str(), 0444), 0);
    const std::string before = test::read_file(path);
    try {
        write_project(sample(), path, progress);
        ADD_FAILURE() << "a read-only project was overwritten";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("read-only (mode 0444)"), std::string::npos)
            << e.what();
    }
    EXPECT_EQ(test::read_file(path), before);
    EXPECT_EQ(read_project(path).buildings.size(), 1u); // reading is fine
}

TEST(ProjectStore, MigratesAReadOnlyOlderProjectInACopyLeavingIt) {
    test::TempDir dir;
    const std::string path = dir / "old.cordon";
    SilentProgress progress;
    write_project(sample(), path, progress);
    sql(path, "DELETE FROM cordon_meta WHERE key = 'format_version'; DROP TABLE choke_points;");
    ASSERT_EQ(::chmod(path.c_str(), 0444), 0);
    const std::string before = test::read_file(path);
    const District d = read_project(path);
    EXPECT_EQ(d.buildings.size(), 1u);
    EXPECT_TRUE(d.choke_points.empty());
    EXPECT_EQ(test::read_file(path), before);
    EXPECT_FALSE(std::filesystem::exists(path + ".format0.bak"));
}

// A building's outline whose point count is patched to 335,544,320 (fuzz_project found it):
// SpatiaLite would allocate 5 GB for it before reading a point; the count is checked against
// the BLOB's bytes first and the project is refused as damaged.
TEST(ProjectStore, RefusesAGeometryCountBeyondItsBytes) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    write_project(sample(), path, progress);
    std::string blob;
    {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db, "SELECT geom FROM buildings ORDER BY id LIMIT 1", -1, &s, nullptr);
        if (sqlite3_step(s) == SQLITE_ROW)
            blob.assign(static_cast<const char*>(sqlite3_column_blob(s, 0)),
                        static_cast<std::size_t>(sqlite3_column_bytes(s, 0)));
        sqlite3_finalize(s);
        sqlite3_close(db);
    }
    ASSERT_GT(blob.size(), 60u);
    ASSERT_EQ(blob[39], 6); // a MULTIPOLYGON: parts at 43, its polygon's rings at 52, points at 56
    std::string file = test::read_file(path);
    const std::size_t at = file.find(blob);
    ASSERT_NE(at, std::string::npos);
    file.replace(at + 56, 4, std::string("\x00\x00\x00\x14", 4)); // little-endian 0x14000000
    test::write_file(path, file);
    try {
        (void)read_project(path);
        FAIL() << "read a geometry whose count is beyond its bytes";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("damaged project (a geometry holds more parts or "
                                             "points than its bytes)"),
                  std::string::npos)
            << e.what();
    }
}

TEST(ProjectStore, RefusesASridProjKnowsNot) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    write_project(sample(), path, progress);
    const std::string good = test::read_file(path);
    sql(path, "UPDATE cordon_meta SET value = '999999' WHERE key = 'srid'");
    const std::string before = test::read_file(path);
    expect_refused(path, "p.cordon: the project's CRS (cordon_meta srid '999999') is EPSG:999999, "
                         "which PROJ does not know");
    EXPECT_EQ(test::read_file(path), before);
    test::write_file(path, good);
    sql(path, "UPDATE cordon_meta SET value = 'utm' WHERE key = 'srid'");
    expect_refused(path, "is not an EPSG code");
    test::write_file(path, good);
    sql(path, "UPDATE cordon_meta SET value = '4326' WHERE key = 'srid'");
    expect_refused(path, "not a projected CRS in metres");
}

TEST(ProjectStore, DanglingIdsAreListedAndReadAsNone) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    District d = sample();
    Zone z;
    z.id = 1;
    z.geom = square(0, 0, 100);
    d.zones.push_back(z);
    d.buildings[0].zone_id = 1;
    d.routes.push_back({1, 1, 10, 1, {{0, 0}, {10, 0}}});
    d.routes.push_back({2, 1, 10, 1, {{0, 0}, {10, 0}}});
    write_project(d, path, progress);
    ASSERT_TRUE(read_project(path).meta.warnings.empty());
    sql(path, "UPDATE buildings SET zone_id = 99999, compound_id = 77; "
              "UPDATE gates SET compound_id = 99999; UPDATE compounds SET community_id = 5; "
              "UPDATE checkpoints SET road_id = 42; UPDATE routes SET zone_id = 8 WHERE id = 2; "
              "UPDATE network_edges SET to_node = 3;");
    const std::string before = test::read_file(path);
    const District back = read_project(path);
    EXPECT_EQ(test::read_file(path), before); // reading changes nothing
    ASSERT_EQ(back.buildings.size(), 1u);
    EXPECT_FALSE(back.buildings[0].zone_id.has_value());
    EXPECT_FALSE(back.buildings[0].compound_id.has_value());
    EXPECT_FALSE(back.gates[0].compound_id.has_value());
    EXPECT_FALSE(back.compounds[0].community_id.has_value());
    EXPECT_FALSE(back.checkpoints[0].road_id.has_value());
    ASSERT_EQ(back.routes.size(), 1u); // the route of no zone is left out
    EXPECT_EQ(back.routes[0].id, 1);
    EXPECT_TRUE(back.network.edges.empty()); // the edge to no node too
    EXPECT_EQ(back.network.nodes.size(), 2u);
    const std::vector<std::string> expected{
        "1 row of compounds names in community_id communities that the project does not hold "
        "(id 1 → 5); read as none",
        "1 row of buildings names in compound_id compounds that the project does not hold (id 1 "
        "→ 77); read as none",
        "1 row of buildings names in zone_id zones that the project does not hold (id 1 → "
        "99999); read as none",
        "1 row of gates names in compound_id compounds that the project does not hold (id 1 → "
        "99999); read as none",
        "1 row of checkpoints names in road_id roads that the project does not hold (id 1 → 42); "
        "read as none",
        "1 row of routes names in zone_id zones that the project does not hold (id 2 → 8); those "
        "routes are left out",
        "1 row of network_edges names in from_node/to_node network_nodes that the project does "
        "not hold (id 1 → 3); those edges are left out of the road network",
    };
    ASSERT_EQ(back.meta.warnings.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        EXPECT_EQ(back.meta.warnings[i], path + ": " + expected[i]);
    // Saved, they are gone for good.
    write_project(back, path, progress);
    EXPECT_TRUE(read_project(path).meta.warnings.empty());
}

TEST(ProjectStore, RefusesNetworkNodesNotNumberedInOrder) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    write_project(sample(), path, progress);
    sql(path, "UPDATE network_nodes SET id = 9 WHERE id = 2");
    expect_refused(path, "network_nodes are not numbered 1 to 2 (row 2 has id 9)");
}

TEST(ProjectStore, TextInANumberColumnNamesTableRowAndColumn) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    write_project(sample(), path, progress);
    sql(path, "UPDATE buildings SET households = 'abc'");
    expect_refused(path, "table 'buildings', row id 1, column 'households': 'abc' where a number "
                         "belongs");
    sql(path, "UPDATE buildings SET households = '12'"); // a number, as SQLite keeps it
    EXPECT_EQ(read_project(path).buildings[0].households, 12);
    sql(path, "UPDATE roads SET layer = x'00'");
    expect_refused(path, "table 'roads', row id 1, column 'layer': binary data");
}

TEST(ProjectStore, ATruncatedOrForeignFileIsNotACordonProject) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    write_project(sample(), path, progress);
    const std::string whole = test::read_file(path);
    for (std::size_t size :
         {std::size_t{0}, std::size_t{99}, std::size_t{4096}, whole.size() - 1}) {
        test::write_file(path, whole.substr(0, size));
        expect_refused(path, path + ": not a Cordon project (truncated?)");
        EXPECT_EQ(test::read_file(path).size(), size);
    }
    test::write_file(path, "hello, this is not SQLite");
    expect_refused(path, path + ": not a Cordon project (truncated?)");
}

TEST(ProjectStore, ADirectoryIsNamedADirectory) {
    test::TempDir dir;
    const std::string path = dir / "x.cordon";
    std::filesystem::create_directory(path);
    expect_refused(path, path + ": is a directory");
    SilentProgress progress;
    try {
        write_project(sample(), path, progress);
        ADD_FAILURE();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("is a directory"), std::string::npos) << e.what();
    }
}

TEST(ProjectStore, AFileNameTooLongGetsTheSystemsWords) {
    test::TempDir dir;
    const std::string path = dir / (std::string(231, 'n') + ".cordon"); // 238 bytes
    SilentProgress progress;
    try {
        write_project(sample(), path, progress);
        ADD_FAILURE();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find(std::strerror(ENAMETOOLONG)), std::string::npos)
            << e.what();
    }
    EXPECT_FALSE(std::filesystem::exists(path));
    expect_refused(dir / (std::string(300, 'n') + ".cordon"), std::strerror(ENAMETOOLONG));
    // A long name that leaves room for the temporary file saves.
    const std::string fits = dir / (std::string(200, 'n') + ".cordon");
    write_project(sample(), fits, progress);
    EXPECT_EQ(read_project(fits).buildings.size(), 1u);
}

TEST(ProjectStore, ARenamedTableIsNamedNotAnUnknownTrigger) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    write_project(sample(), path, progress);
    sql(path, "ALTER TABLE gates RENAME TO gates_old");
    expect_refused(path, "table 'gates' is missing");
}

TEST(ProjectStore, CheckpointPeriodsRoundTripAndAFormat4ProjectMigrates) {
    test::TempDir dir;
    const std::string path = dir / "v4.cordon";
    SilentProgress progress;
    District d = sample();
    ASSERT_FALSE(d.checkpoints.empty());
    d.checkpoints[0].periods = "07:00-10:00=3,17:00-23:00=3,23:00-07:00=1";
    write_project(d, path, progress);
    EXPECT_EQ(read_project(path).checkpoints.at(0).periods, d.checkpoints[0].periods);

    // A format 4 file: checkpoints without the periods column.
    sql(path, "UPDATE cordon_meta SET value = '4' WHERE key = 'format_version';"
              "ALTER TABLE checkpoints DROP COLUMN periods;");
    const std::string original = test::read_file(path);
    const District migrated = read_project(path);
    ASSERT_EQ(migrated.checkpoints.size(), d.checkpoints.size());
    EXPECT_EQ(migrated.checkpoints[0].periods, ""); // none: the crew for all of the hours
    EXPECT_EQ(migrated.checkpoints[0].hours, d.checkpoints[0].hours);
    EXPECT_EQ(meta_value(path, "format_version"), std::to_string(project_format_version));
    ASSERT_TRUE(std::filesystem::exists(path + ".format4.bak"));
    EXPECT_EQ(test::read_file(path + ".format4.bak"), original);
    ASSERT_FALSE(migrated.meta.history.empty());
    EXPECT_NE(migrated.meta.history.back().parameters.find("\"from\":4"), std::string::npos);

    // The migrated project keeps periods written to it.
    District with = migrated;
    with.checkpoints[0].periods = "00:00-24:00=2";
    write_project(with, path, progress);
    EXPECT_EQ(read_project(path).checkpoints.at(0).periods, "00:00-24:00=2");
}

TEST(ProjectStore, TheDistrictBoundaryRoundTripsAndAFormat5ProjectGainsItsLayer) {
    test::TempDir dir;
    const std::string path = dir / "v5.cordon";
    SilentProgress progress;
    District d = sample();
    d.boundary.push_back({1, "relation/1", "武侯区", "510107", square(0, 0, 2000)});
    write_project(d, path, progress);
    const District back = read_project(path);
    ASSERT_EQ(back.boundary.size(), 1u);
    EXPECT_EQ(back.boundary[0].name, "武侯区");
    EXPECT_EQ(back.boundary[0].code, "510107");
    EXPECT_EQ(back.boundary[0].source_id, "relation/1");
    EXPECT_EQ(back.boundary[0].geom.at(0).rings, square(0, 0, 2000)[0].rings);
    const auto& layers = stored_layers();
    EXPECT_TRUE(std::any_of(layers.begin(), layers.end(), [](const StoredLayer& l) {
        return std::string(l.table) == "district";
    }));

    // A format 5 file: no district layer at all.
    std::string statements = "UPDATE cordon_meta SET value = '5' WHERE key = 'format_version';"
                             "DROP TABLE district; DROP TABLE idx_district_geom;";
    for (const char* meta :
         {"geometry_columns_auth", "geometry_columns_statistics", "geometry_columns_field_infos",
          "geometry_columns_time", "geometry_columns"})
        statements += std::string("DELETE FROM ") + meta + " WHERE f_table_name = 'district';";
    sql(path, statements);
    const District migrated = read_project(path);
    EXPECT_TRUE(migrated.boundary.empty());
    EXPECT_EQ(migrated.buildings.size(), d.buildings.size());
    EXPECT_EQ(meta_value(path, "format_version"), std::to_string(project_format_version));
    ASSERT_TRUE(std::filesystem::exists(path + ".format5.bak"));
    District with = migrated;
    with.boundary.push_back({1, "", "", "", square(0, 0, 500)});
    write_project(with, path, progress);
    EXPECT_EQ(read_project(path).boundary.size(), 1u);
}

// A barrier (issue 15) is a checkpoint kind of its own: written as "barrier" in the kind column,
// which is text, so no column or table is added (format 6, the district layer's, holds it: a
// Cordon that reads format 5 refuses the file as newer), and read back as a barrier with no crew.
TEST(ProjectStore, BarriersRoundTripAsTheirOwnKind) {
    test::TempDir dir;
    const std::string path = dir / "p.cordon";
    District d = sample();
    Checkpoint barrier{2, 1, CheckpointKind::barrier, "24 h", 0, "Cordon: barrier", {300, 50}};
    barrier.placed_by = k_placed_by_cordon;
    d.checkpoints.push_back(barrier);
    SilentProgress progress;
    write_project(d, path, progress);
    const District back = read_project(path);
    ASSERT_EQ(back.checkpoints.size(), 2u);
    EXPECT_EQ(back.checkpoints[0].kind, CheckpointKind::registration);
    EXPECT_EQ(back.checkpoints[1].kind, CheckpointKind::barrier);
    EXPECT_EQ(back.checkpoints[1].crew, 0);
}

TEST(ProjectStore, AssumedModesRoundTripAndAFormat6ProjectMigrates) {
    test::TempDir dir;
    const std::string path = dir / "v6.cordon";
    SilentProgress progress;
    District d = sample();
    ASSERT_GE(d.compounds.size(), 1u);
    d.compounds[0].mode = CompoundMode::closed;
    d.compounds[0].mode_assumed = true;
    write_project(d, path, progress);
    EXPECT_TRUE(read_project(path).compounds.at(0).mode_assumed);

    // A format 6 file: compounds without the mode_assumed column.
    sql(path, "UPDATE cordon_meta SET value = '6' WHERE key = 'format_version';"
              "ALTER TABLE compounds DROP COLUMN mode_assumed;");
    const std::string original = test::read_file(path);
    const District migrated = read_project(path);
    ASSERT_EQ(migrated.compounds.size(), d.compounds.size());
    EXPECT_FALSE(migrated.compounds[0].mode_assumed); // every old mode as given
    EXPECT_EQ(migrated.compounds[0].mode, CompoundMode::closed);
    EXPECT_EQ(meta_value(path, "format_version"), std::to_string(project_format_version));
    ASSERT_TRUE(std::filesystem::exists(path + ".format6.bak"));
    EXPECT_EQ(test::read_file(path + ".format6.bak"), original);
    ASSERT_FALSE(migrated.meta.history.empty());
    EXPECT_NE(migrated.meta.history.back().parameters.find("\"from\":6"), std::string::npos);

    District with = migrated;
    with.compounds[0].mode_assumed = true;
    write_project(with, path, progress);
    EXPECT_TRUE(read_project(path).compounds.at(0).mode_assumed);
}

TEST(ProjectStore, BasemapsRoundTripAndAFormat7ProjectMigrates) {
    test::TempDir dir;
    const std::string path = dir / "v7.cordon";
    SilentProgress progress;
    District d = sample();
    Basemap b;
    b.id = 1;
    b.name = "正射影像";
    b.source = "/data/ortho 2024.tif";
    b.source_crs = "EPSG:4544";
    b.opacity = 0.7;
    b.grey = true;
    b.attribution = "© 测绘院 2024";
    b.order = 3;
    b.visible = false;
    d.basemaps.push_back(b);
    write_project(d, path, progress);
    const District read = read_project(path);
    ASSERT_EQ(read.basemaps.size(), 1u);
    const Basemap& r = read.basemaps[0];
    EXPECT_EQ(r.id, 1);
    EXPECT_EQ(r.name, b.name);
    EXPECT_EQ(r.source, b.source);
    EXPECT_EQ(r.source_crs, b.source_crs);
    EXPECT_DOUBLE_EQ(r.opacity, 0.7);
    EXPECT_TRUE(r.grey);
    EXPECT_EQ(r.attribution, b.attribution);
    EXPECT_EQ(r.order, 3);
    EXPECT_FALSE(r.visible);

    // A format 7 file: no basemaps table.
    sql(path, "UPDATE cordon_meta SET value = '7' WHERE key = 'format_version';"
              "DROP TABLE basemaps;");
    const std::string original = test::read_file(path);
    const District migrated = read_project(path);
    EXPECT_TRUE(migrated.basemaps.empty());
    EXPECT_EQ(migrated.buildings.size(), d.buildings.size());
    EXPECT_EQ(meta_value(path, "format_version"), std::to_string(project_format_version));
    EXPECT_EQ(project_format_version, 8);
    ASSERT_TRUE(std::filesystem::exists(path + ".format7.bak"));
    EXPECT_EQ(test::read_file(path + ".format7.bak"), original);
    ASSERT_FALSE(migrated.meta.history.empty());
    EXPECT_NE(migrated.meta.history.back().parameters.find("\"from\":7"), std::string::npos);

    // A basemaps table turned into a view is refused, as every Cordon table's is.
    District again = migrated;
    again.basemaps.push_back(b);
    write_project(again, path, progress);
    sql(path, "ALTER TABLE basemaps RENAME TO basemaps_old; CREATE VIEW basemaps AS SELECT * "
              "FROM basemaps_old;");
    try {
        read_project(path);
        FAIL() << "a view in place of the basemaps table was read";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("'basemaps' is a view"), std::string::npos)
            << e.what();
    }
}
