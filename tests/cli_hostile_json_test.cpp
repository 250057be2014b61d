// End-to-end: hostile and careless JSON through cordon-cli (issue 20) — edits and costs files
// nested 50,000 deep, project rows nested 100,000 deep, ids that are not whole numbers in
// range, a checkpoint at x 1e308, a closed road keyed "abc". Each must exit 2 (not crash with
// 139) with a message naming the file or the table, row and key, and leave the project byte
// for byte as it was.

#include "cli_runner.hpp"

#include <cordon/geo/checksum.hpp>
#include <cordon/geo/progress.hpp>
#include <cordon/geo/project_store.hpp>

#include <gtest/gtest.h>

#include <string>

using namespace cordon::test;

namespace {

std::string nested(std::size_t depth) {
    return std::string(depth, '[') + std::string(depth, ']');
}

class HostileJson : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        m_shared = new TempDir;
        m_sample = *m_shared / "chengdu.cordon";
        const CliRun r = cli("import " + q(sample_osm()) + " -o " + q(m_sample), *m_shared);
        ASSERT_EQ(r.code, 0) << r.err;
    }
    static void TearDownTestSuite() { delete m_shared; }

    void SetUp() override {
        m_project = m_dir / "p.cordon";
        write_file(m_project, read_file(m_sample));
    }
    /// Stores `value` under `key` in the project's parameters table.
    void set_parameter(const std::string& key, const std::string& value) {
        cordon::geo::District d = cordon::geo::read_project(m_project);
        d.meta.parameters[key] = value;
        cordon::SilentProgress progress;
        cordon::geo::write_project(d, m_project, progress);
    }
    /// Runs `args`; expects exit 2, `message` in stderr and the project unchanged.
    void refused(const std::string& args, const std::string& message) {
        const std::string before = cordon::geo::sha256_file(m_project);
        const CliRun r = cli(args, m_dir);
        EXPECT_EQ(r.code, 2) << args << "\n" << r.err;
        EXPECT_NE(r.err.find(message), std::string::npos) << args << "\n" << r.err;
        EXPECT_EQ(cordon::geo::sha256_file(m_project), before) << args;
    }

    static TempDir* m_shared;
    static std::string m_sample;
    TempDir m_dir;
    std::string m_project;
};

TempDir* HostileJson::m_shared = nullptr;
std::string HostileJson::m_sample;

const std::string k_too_deep =
    ": JSON nested more than 64 levels deep (arrays and objects inside each other)";

} // namespace

TEST_F(HostileJson, EditsFileNested50000Deep) {
    // It overflowed the stack while building the error message (exit 139).
    const std::string file = m_dir / "deep.json";
    write_file(file, nested(50000));
    refused("edit " + q(m_project) + " --edits " + q(file), "edit: error: " + file + k_too_deep);
    write_file(file, "[" + nested(50000) + "]");
    refused("edit " + q(m_project) + " --edits " + q(file), file + k_too_deep);
}

TEST_F(HostileJson, EditIdsMustBeWholeNumbersInRange) {
    const std::string file = m_dir / "e.json";
    auto gate = [&](const std::string& id, const std::string& message) {
        write_file(file, R"([{"edit":"gate","id":)" + id + R"(,"state":"closed"}])");
        refused("edit " + q(m_project) + " --edits " + q(file),
                file + ": edit 1: edit {\"edit\":\"gate\",\"id\":");
        refused("edit " + q(m_project) + " --edits " + q(file), message);
    };
    gate("1.9", "id 1.9 is not a whole number"); // was applied to gate 1
    gate("1e30", "id 1e+30 is out of range");    // was gate -9223372036854775808
    gate("18446744073709551615", "id 18446744073709551615 is out of range"); // was gate -1
    // A whole id in range that the project lacks is refused by the apply, naming the edit.
    write_file(file, R"([{"edit":"gate","id":99999999,"state":"closed"}])");
    refused("edit " + q(m_project) + " --edits " + q(file),
            file + ": edit 1: gate 99999999: no such feature");
}

TEST_F(HostileJson, CheckpointFarOutsideTheProject) {
    // Accepted before; KML then wrote 0.0,inf.
    const std::string file = m_dir / "e.json";
    write_file(file, R"({"edit":"add_checkpoint","x":1e308,"y":3400000})");
    refused("edit " + q(m_project) + " --edits " + q(file),
            file + ": edit 1: new checkpoint: the position (1e+308, 3400000) lies more than 2 km "
                   "outside the project");
    write_file(file, R"({"edit":"add_checkpoint","x":1e400,"y":0})");
    refused("edit " + q(m_project) + " --edits " + q(file), file + ": not valid JSON (");
}

TEST_F(HostileJson, CostsFileNested50000Deep) {
    const std::string file = m_dir / "costs.json";
    write_file(file, "{\"primary\":" + nested(50000) + "}");
    refused("plan checkpoints " + q(m_project) + " --area district --costs " + q(file),
            file + k_too_deep);
}

TEST_F(HostileJson, ScenarioRowNested100000Deep) {
    ASSERT_EQ(cli("scenario save " + q(m_project) + " good", m_dir).code, 0);
    const std::string row = "table 'parameters', row 'scenario:evil', column 'value'" + k_too_deep;
    // A scenario object holding the deep value: each command crashed (exit 139). A bare deep
    // array was passed over without a word.
    for (const std::string& evil :
         {R"({"name":"evil","state":)" + nested(100000) + "}", nested(100000)}) {
        set_parameter("scenario:evil", evil);
        refused("scenario list " + q(m_project), row);
        refused("scenario compare " + q(m_project) + " good evil", row);
        refused("scenario restore " + q(m_project) + " good", row);
    }
    // The way out: deleting the row needs no reading of it.
    const CliRun del = cli("scenario delete " + q(m_project) + " evil", m_dir);
    EXPECT_EQ(del.code, 0) << del.err;
    const CliRun list = cli("scenario list " + q(m_project), m_dir);
    EXPECT_EQ(list.code, 0) << list.err;
    EXPECT_EQ(list.out.substr(0, 6), "good  ");
}

TEST_F(HostileJson, ClosedRoadsKeyThatIsNoId) {
    set_parameter("closed_roads", R"({"abc": {"walkable": true, "drivable": true}})");
    const std::string message = "table 'parameters', row 'closed_roads', column 'value': key "
                                "\"abc\" is not an id (a whole number from 1)";
    // It was "failed: stoll" (exit 1).
    refused("print " + q(m_project) + " -o " + q(m_dir / "a.pdf"), message);
    const std::string file = m_dir / "e.json";
    write_file(file, "[]");
    refused("edit " + q(m_project) + " --edits " + q(file), message);
    set_parameter("closed_roads", nested(100000));
    refused("scenario save " + q(m_project) + " s",
            "table 'parameters', row 'closed_roads', column 'value'" + k_too_deep);
}
