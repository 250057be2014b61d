// End-to-end: nothing lost when an output cannot be written (issue 20). A command whose
// --json, --choke-points, export, PNG, PDF or hand-over cannot be written exits 2 naming the
// path and the system's reason, leaves the project and every earlier output byte for byte
// as they were, and leaves no temporary file behind. Full disks are made with a file-size
// limit (ulimit -f: "File too large"), and as root also with a 2 MB tmpfs ("No space left on
// device").

#include "cli_runner.hpp"

#include <cordon/geo/project_store.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <numbers>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace cordon::test;
namespace fs = std::filesystem;

namespace {

/// cordon-cli ARGS under a file-size limit of `kib` KiB (writes past it fail with EFBIG).
CliRun limited(const std::string& args, int kib, const TempDir& dir) {
    const std::string err_file = dir / "stderr.txt";
    return run_captured("ulimit -f " + std::to_string(kib) + " && exec " + std::string(CORDON_CLI) +
                            " " + args + " 2>" + q(err_file),
                        err_file);
}

/// Every file under `dir` with its bytes.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
    std::map<std::string, std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file() && e.path().filename() != "stderr.txt")
            files[fs::relative(e.path(), dir).string()] = read_file(e.path().string());
    return files;
}

/// No temporary file of a failed output left anywhere under `dir`.
void expect_no_leftovers(const fs::path& dir) {
    for (const auto& e : fs::recursive_directory_iterator(dir))
        EXPECT_EQ(e.path().filename().string().find(".cordon-tmp"), std::string::npos) << e.path();
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// The sample imported once, and planned (4 zones), for the tests to copy.
class Outputs : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        m_shared = new TempDir;
        m_sample = *m_shared / "chengdu.cordon";
        CliRun r = cli("import " + q(sample_osm()) + " -o " + q(m_sample), *m_shared);
        ASSERT_EQ(r.code, 0) << r.err;
        r = cli("plan all " + q(m_sample) + " --zones 4 --unknown-mode closed", *m_shared);
        ASSERT_EQ(r.code, 0) << r.err;
    }
    static void TearDownTestSuite() { delete m_shared; }
    void SetUp() override {
        m_project = m_dir / "p.cordon";
        fs::copy_file(m_sample, m_project);
    }
    static TempDir* m_shared;
    static std::string m_sample;
    TempDir m_dir;
    std::string m_project;
};
TempDir* Outputs::m_shared = nullptr;
std::string Outputs::m_sample;

} // namespace

// plan, edit, scenario and import with a --json or --choke-points path that cannot be
// written: exit 2 naming the path and why, before the project is touched.
TEST_F(Outputs, UnwritableSideOutputChangesNoProject) {
    write_file(m_dir / "edits.json", R"([{"edit":"gate","id":1,"state":"closed"}])");
    fs::create_directory(m_dir / "a-folder");
    const std::vector<std::pair<std::string, std::string>> bad{
        {m_dir / "missing/x.json", "does not exist"},
        {m_dir / "a-folder", "Is a directory"},
        {m_dir / (std::string(300, 'x') + ".json"), "File name too long"}};
    const std::vector<std::string> commands{
        "plan classify " + q(m_project) + " --unknown-mode guarded --json ",
        "plan zones " + q(m_project) + " --zones 3 --json ",
        "plan all " + q(m_project) + " --zones 2 --json ",
        "plan checkpoints " + q(m_project) + " --area district --json ",
        "plan checkpoints " + q(m_project) + " --area district --choke-points ",
        "edit " + q(m_project) + " --edits " + q(m_dir / "edits.json") + " --json ",
        "scenario save " + q(m_project) + " first --json ",
        "import " + q(sample_osm()) + " -o " + q(m_project) + " --json "};
    const std::string before = read_file(m_project);
    for (const auto& command : commands)
        for (const auto& [path, reason] : bad) {
            const CliRun r = cli(command + q(path), m_dir);
            EXPECT_EQ(r.code, 2) << command << path << "\n" << r.err;
            EXPECT_TRUE(contains(r.err, path)) << command << "\n" << r.err;
            EXPECT_TRUE(contains(r.err, reason)) << command << "\n" << r.err;
            EXPECT_TRUE(read_file(m_project) == before) << command << path;
        }
    // A new project is not made either.
    const CliRun r = cli("import " + q(sample_osm()) + " -o " + q(m_dir / "new.cordon") +
                             " --json " + q(m_dir / "missing/r.json"),
                         m_dir);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_FALSE(fs::exists(m_dir / "new.cordon"));
    expect_no_leftovers(m_dir.path());
}

// The same commands with a good path write the side output and save the project.
TEST_F(Outputs, WritableSideOutputIsWrittenWithTheProject) {
    const std::string before = read_file(m_project);
    CliRun r =
        cli("plan zones " + q(m_project) + " --zones 3 --json " + q(m_dir / "z.json"), m_dir);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(read_file(m_dir / "z.json"))["zones"], 3);
    EXPECT_EQ(cordon::geo::read_project(m_project).zones.size(), 3u);
    EXPECT_FALSE(read_file(m_project) == before);
    r = cli("plan checkpoints " + q(m_project) + " --area district --json -", m_dir);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(nlohmann::json::parse(r.out).contains("checkpoints")) << r.out;
    expect_no_leftovers(m_dir.path());
}

// Exports on a full disk (a file-size limit): exit 2 naming the path and "File too large",
// the earlier export byte for byte, no temporary file left. CSV says the system's reason,
// not "unknown GDAL error".
TEST_F(Outputs, ExportOnAFullDiskKeepsTheEarlierExport) {
    for (const std::string format : {"geojson", "kml", "csv", "shp", "gpkg"}) {
        const std::string out = m_dir / ("buildings." + format);
        const std::string args = "export " + q(m_project) + " --layer buildings --format " +
                                 format + " -o " + q(out) + " --json " + q(m_dir / "e.json");
        ASSERT_EQ(cli(args, m_dir).code, 0) << format;
        const auto good = snapshot(m_dir.path());
        ASSERT_GT(read_file(out).size(), 32u * 1024) << format;
        // A different export at the same path, cut short by the limit.
        const CliRun r =
            limited("export " + q(m_project) + " --layer buildings --format " + format + " -o " +
                        q(out) + " --crs EPSG:4326 --json " + q(m_dir / "e.json"),
                    32, m_dir);
        EXPECT_EQ(r.code, 2) << format << "\n" << r.err;
        EXPECT_TRUE(contains(r.err, out)) << format << "\n" << r.err;
        EXPECT_TRUE(contains(r.err, "File too large")) << format << "\n" << r.err;
        EXPECT_FALSE(contains(r.err, "unknown GDAL error")) << r.err;
        EXPECT_FALSE(contains(r.out, "Exported")) << r.out;
        EXPECT_TRUE(snapshot(m_dir.path()) == good) << format;
        expect_no_leftovers(m_dir.path());
    }
}

// A new export replaces the earlier one completely (Shapefile: every file, and a stale
// spatial index of the earlier one is removed).
TEST_F(Outputs, ExportReplacesEveryFileOfTheEarlierOne) {
    const std::string out = m_dir / "b.shp";
    const std::string args =
        "export " + q(m_project) + " --layer buildings --format shp -o " + q(out);
    ASSERT_EQ(cli(args + " --encoding gbk", m_dir).code, 0);
    write_file(m_dir / "b.qix", "an index of the earlier file");
    const std::string earlier = read_file(m_dir / "b.dbf");
    ASSERT_EQ(cli(args + " --encoding utf8", m_dir).code, 0);
    EXPECT_FALSE(fs::exists(m_dir / "b.qix"));
    EXPECT_FALSE(read_file(m_dir / "b.dbf") == earlier); // GBK text then, UTF-8 now
    EXPECT_EQ(read_file(m_dir / "b.cpg"), "UTF-8");
    expect_no_leftovers(m_dir.path());
}

// render: an unwritable folder is exit 2 like print and export; a full disk keeps the
// earlier map.png.
TEST_F(Outputs, RenderKeepsTheEarlierPng) {
    const std::string png = m_dir / "map.png";
    ASSERT_EQ(cli("render " + q(m_project) + " -o " + q(png), m_dir).code, 0);
    const std::string good = read_file(png);
    CliRun r = limited("render " + q(m_project) + " -o " + q(png) + " --size 2000x1500", 16, m_dir);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_TRUE(contains(r.err, png)) << r.err;
    EXPECT_TRUE(contains(r.err, "File too large")) << r.err;
    EXPECT_TRUE(read_file(png) == good);
    r = cli("render " + q(m_project) + " -o " + q(m_dir / "missing/map.png"), m_dir);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_TRUE(contains(r.err, m_dir / "missing/map.png")) << r.err;
    r = cli("render " + q(m_project) + " -o " + q(m_dir.path().string()), m_dir);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_TRUE(contains(r.err, "Is a directory")) << r.err;
    expect_no_leftovers(m_dir.path());
}

// print: a full disk keeps the earlier atlas, drawn on one thread or joined from several.
TEST_F(Outputs, PrintKeepsTheEarlierAtlas) {
    const std::string pdf = m_dir / "atlas.pdf";
    ASSERT_EQ(cli("print " + q(m_project) + " -o " + q(pdf) + " --threads 1", m_dir).code, 0);
    const std::string good = read_file(pdf);
    for (const std::string threads : {"1", "2"}) {
        const CliRun r =
            limited("print " + q(m_project) + " -o " + q(pdf) + " --lang en --threads " + threads +
                        " --json " + q(m_dir / "p.json"),
                    64, m_dir);
        EXPECT_EQ(r.code, 2) << r.err;
        EXPECT_TRUE(contains(r.err, "atlas.pdf")) << r.err;
        EXPECT_TRUE(contains(r.err, "File too large")) << r.err;
        EXPECT_TRUE(read_file(pdf) == good);
        EXPECT_FALSE(fs::exists(m_dir / "p.json"));
    }
    expect_no_leftovers(m_dir.path());
}

// handover: a full disk keeps the earlier package, as a ZIP or as a folder.
TEST_F(Outputs, HandoverKeepsTheEarlierPackage) {
    for (const std::string name : {"package.zip", "package"}) {
        const std::string out = m_dir / name;
        ASSERT_EQ(cli("handover " + q(m_project) + " -o " + q(out) + " --no-atlas", m_dir).code, 0);
        const auto good = snapshot(m_dir.path());
        const CliRun r =
            limited("handover " + q(m_project) + " -o " + q(out) + " --no-atlas --encoding utf8",
                    64, m_dir);
        EXPECT_EQ(r.code, 2) << name << "\n" << r.err;
        EXPECT_TRUE(contains(r.err, "File too large")) << r.err;
        EXPECT_TRUE(snapshot(m_dir.path()) == good) << name;
        expect_no_leftovers(m_dir.path());
    }
    // A complete one replaces the folder.
    ASSERT_EQ(cli("handover " + q(m_project) + " -o " + q(m_dir / "package") +
                      " --no-atlas --encoding utf8",
                  m_dir)
                  .code,
              0);
    EXPECT_EQ(read_file(m_dir / "package/shp/buildings.cpg"), "UTF-8");
    expect_no_leftovers(m_dir.path());
}

// A real full disk: a 2 MB tmpfs (needs root; skipped otherwise). Exports, the PNG and a
// --json report fail with "No space left on device" and leave what was there.
TEST_F(Outputs, FullTmpfsKeepsEverything) {
    const fs::path disk = m_dir.path() / "disk";
    fs::create_directory(disk);
    if (::geteuid() != 0 || ::mount("tmpfs", disk.c_str(), "tmpfs", 0, "size=2m") != 0)
        GTEST_SKIP() << "cannot mount a tmpfs (needs root)";
    struct Unmount {
        std::string path;
        ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
    } unmount{disk.string()};
    // Good exports first, then fill the disk to leave less than another export needs.
    for (const std::string format : {"geojson", "kml", "csv"})
        ASSERT_EQ(cli("export " + q(m_project) + " --layer compounds --format " + format + " -o " +
                          q((disk / ("c." + format)).string()),
                      m_dir)
                      .code,
                  0);
    ASSERT_EQ(cli("render " + q(m_project) + " -o " + q((disk / "map.png").string()), m_dir).code,
              0);
    // Fill what is left, to the last block.
    std::system(
        ("dd if=/dev/zero of=" + q((disk / "filler").string()) + " bs=4k 2>/dev/null").c_str());
    const auto good = snapshot(disk);
    for (const std::string format : {"geojson", "kml", "csv"}) {
        const std::string out = (disk / ("c." + format)).string();
        const CliRun r = cli("export " + q(m_project) + " --layer buildings --format " + format +
                                 " -o " + q(out),
                             m_dir);
        EXPECT_EQ(r.code, 2) << format << "\n" << r.err;
        EXPECT_TRUE(contains(r.err, out)) << r.err;
        EXPECT_TRUE(contains(r.err, "No space left on device")) << r.err;
        EXPECT_FALSE(contains(r.err, "unknown GDAL error")) << r.err;
    }
    CliRun r = cli("render " + q(m_project) + " -o " + q((disk / "map.png").string()) +
                       " --size 3000x3000",
                   m_dir);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_TRUE(contains(r.err, "No space left on device")) << r.err;
    // A plan step whose --json lands on the full disk: the project is not saved.
    const std::string before = read_file(m_project);
    r = cli("plan zones " + q(m_project) + " --zones 3 --json " + q((disk / "z.json").string()),
            m_dir);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_TRUE(contains(r.err, "No space left on device")) << r.err;
    EXPECT_TRUE(read_file(m_project) == before);
    EXPECT_TRUE(snapshot(disk) == good);
    expect_no_leftovers(disk);
}
