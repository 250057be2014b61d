// End-to-end: cordon-cli plan checkpoints on the real Chengdu sample and the Wuhou road
// network (data/wuhou), and on bad input.

#include "cli_runner.hpp"

#include <cordon/geo/checksum.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using cordon::test::cli;
using cordon::test::CliRun;
using cordon::test::q;
using cordon::test::TempDir;

namespace {

std::string source(const std::string& rel) {
    return std::string(CORDON_SOURCE_DIR) + "/" + rel;
}

class Projects : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir;
        chengdu_ = *dir_ / "chengdu.cordon";
        wuhou_ = *dir_ / "wuhou.cordon";
        CliRun r =
            cli("import " + q(source("data/chengdu/chengdu.osm")) + " -o " + q(chengdu_), *dir_);
        ASSERT_EQ(r.code, 0) << r.err;
        const std::string roads = source("data/wuhou/wuhou_roads.gpkg");
        r = cli("import " + q(roads) + " --map roads=" + q(roads) +
                    ":roads --field roads.class=highway -o " + q(wuhou_),
                *dir_);
        ASSERT_EQ(r.code, 0) << r.err;
    }
    static void TearDownTestSuite() { delete dir_; }
    static TempDir* dir_;
    static std::string chengdu_, wuhou_;

    static std::string copy(const std::string& project, const TempDir& dir) {
        const std::string to = dir / "p.cordon";
        cordon::test::write_file(to, cordon::test::read_file(project));
        return to;
    }
    static int layer_count(const std::string& project, const std::string& layer,
                           const TempDir& dir) {
        const CliRun info = cli("info " + q(project) + " --json", dir);
        EXPECT_EQ(info.code, 0) << info.err;
        return nlohmann::json::parse(info.out)["layers"][layer].get<int>();
    }
};
TempDir* Projects::dir_ = nullptr;
std::string Projects::chengdu_;
std::string Projects::wuhou_;

} // namespace

TEST_F(Projects, WuhouYulinCordonOnChokePointsBeatsTheBoundary) {
    TempDir dir;
    const std::string p = copy(wuhou_, dir);
    const std::string area = source("data/wuhou/yulin.geojson");
    CliRun r = cli("plan checkpoints " + q(p) + " --area " + q(area) + " --json " +
                       q(dir / "r.json") + " --choke-points " + q(dir / "choke.geojson"),
                   dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const auto report = nlohmann::json::parse(cordon::test::read_file(dir / "r.json"));
    EXPECT_EQ(report["outcome"], "cordon");
    const int n = report["cordon"]["checkpoints"].get<int>();
    EXPECT_GT(n, 0);
    EXPECT_LE(report["cordon"]["crew"].get<int>(), report["boundary"]["crew"].get<int>());
    EXPECT_EQ(layer_count(p, "checkpoints", dir), n);
    for (const auto& c : report["checkpoints"]) {
        EXPECT_EQ(c["reason"].get<std::string>().rfind("Cordon:", 0), 0u);
        EXPECT_GT(c["crew"].get<int>(), 0);
    }
    EXPECT_NEAR(report["traffic"]["cordon_share"].get<double>(), 1.0, 1e-9);
    const auto choke = nlohmann::json::parse(cordon::test::read_file(dir / "choke.geojson"));
    EXPECT_EQ(choke["type"], "FeatureCollection");
    EXPECT_NE(r.out.find("on the boundary it would take"), std::string::npos) << r.out;

    // Running again replaces Cordon's checkpoints instead of adding more; the budget places k.
    r = cli("plan checkpoints " + q(p) + " --area " + q(area) + " --budget 3 --json " +
                q(dir / "b.json"),
            dir);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(layer_count(p, "checkpoints", dir), 3);
    const auto budget = nlohmann::json::parse(cordon::test::read_file(dir / "b.json"));
    EXPECT_GT(budget["budget"]["share"].get<double>(), 0.3);
    EXPECT_GE(budget["budget"]["best_possible_share_at_most"].get<double>(),
              budget["budget"]["share"].get<double>());

    // The margin 0 cordon and both directions; both algorithms agree.
    r = cli("plan checkpoints " + q(p) + " --area " + q(area) +
                " --margin 0 --direction both --dry-run --json " + q(dir / "z.json"),
            dir);
    ASSERT_EQ(r.code, 0) << r.err;
    r = cli("plan checkpoints " + q(p) + " --area " + q(area) +
                " --margin 0 --direction both --algorithm push-relabel "
                "--dry-run --json " +
                q(dir / "z2.json"),
            dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const auto z = nlohmann::json::parse(cordon::test::read_file(dir / "z.json"));
    const auto z2 = nlohmann::json::parse(cordon::test::read_file(dir / "z2.json"));
    EXPECT_EQ(z["cordon"]["cut_value"], z2["cordon"]["cut_value"]);
    EXPECT_GE(z["cordon"]["checkpoints"].get<int>(), n);

    // The map shows them.
    r = cli("render " + q(p) + " -o " + q(dir / "map.png") + " --size 400x300", dir);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_GT(cordon::test::read_file(dir / "map.png").size(), 1000u);
}

TEST_F(Projects, ChengduCompoundCordonAndExport) {
    TempDir dir;
    const std::string p = copy(chengdu_, dir);
    CliRun r = cli(
        "plan checkpoints " + q(p) + " --area compound:泉水社区 --objective fewest --json -", dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const auto report = nlohmann::json::parse(r.out);
    EXPECT_EQ(report["outcome"], "cordon");
    EXPECT_GT(report["cordon"]["checkpoints"].get<int>(), 0);
    r = cli("export " + q(p) + " --layer checkpoints --format geojson -o " + q(dir / "cp.geojson"),
            dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const auto exported = nlohmann::json::parse(cordon::test::read_file(dir / "cp.geojson"));
    EXPECT_EQ(exported["features"].size(), report["checkpoints"].size());
}

TEST_F(Projects, BadInputIsRefusedAndLeavesTheProjectAlone) {
    TempDir dir;
    const std::string p = copy(wuhou_, dir);
    const std::string before = cordon::geo::sha256_file(p);
    const std::string area = q(source("data/wuhou/yulin.geojson"));
    auto refused = [&](const std::string& args, const std::string& message) {
        const CliRun r = cli("plan checkpoints " + q(p) + " " + args, dir);
        EXPECT_EQ(r.code, 2) << args << "\n" << r.err;
        EXPECT_NE(r.err.find(message), std::string::npos) << args << "\n" << r.err;
    };
    refused("", "missing --area");
    refused("--area compound:无此小区", "no compound of that name");
    refused("--area " + area + " --margin -3", "--margin");
    refused("--area " + area + " --budget 0", "--budget");
    refused("--area " + area + " --objective cheapest", "--objective cheapest");
    refused("--area " + area + " --close 无此路", "--close 无此路");
    cordon::test::write_file(dir / "costs.txt", "primary = 5\nmotorbike_lane = 2\n");
    refused("--area " + area + " --costs " + q(dir / "costs.txt"),
            "unknown road class 'motorbike_lane'");
    cordon::test::write_file(dir / "costs.txt", "primary = -1\n");
    refused("--area " + area + " --costs " + q(dir / "costs.txt"), "crew of 'primary' is '-1'");
    // A polygon far from every road.
    cordon::test::write_file(
        dir / "far.geojson",
        R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":)"
        R"({"type":"Polygon","coordinates":[[[104.2,30.9],[104.21,30.9],[104.21,30.91],[104.2,30.9]]]}}]})");
    refused("--area " + q(dir / "far.geojson"), "nothing to protect");
    EXPECT_EQ(cordon::geo::sha256_file(p), before);
}
