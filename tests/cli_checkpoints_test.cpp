// End-to-end: cordon-cli plan checkpoints on the real Chengdu sample and the Wuhou road
// network (data/wuhou), and on bad input.

#include "cli_runner.hpp"
#include "gdal_layer.hpp"

#include <cordon/geo/checksum.hpp>
#include <cordon/geo/polygon_ops.hpp>
#include <cordon/geo/project_store.hpp>

#include <cairo.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <queue>
#include <sstream>

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
        m_dir = new TempDir;
        m_chengdu = *m_dir / "chengdu.cordon";
        m_wuhou = *m_dir / "wuhou.cordon";
        CliRun r =
            cli("import " + q(source("data/chengdu/chengdu.osm")) + " -o " + q(m_chengdu), *m_dir);
        ASSERT_EQ(r.code, 0) << r.err;
        const std::string roads = source("data/wuhou/wuhou_roads.gpkg");
        r = cli("import " + q(roads) + " --map roads=" + q(roads) +
                    ":roads --field roads.class=highway -o " + q(m_wuhou),
                *m_dir);
        ASSERT_EQ(r.code, 0) << r.err;
    }
    static void TearDownTestSuite() { delete m_dir; }
    static TempDir* m_dir;
    static std::string m_chengdu, m_wuhou;

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
TempDir* Projects::m_dir = nullptr;
std::string Projects::m_chengdu;
std::string Projects::m_wuhou;

} // namespace

TEST_F(Projects, WuhouYulinCordonOnChokePointsBeatsTheBoundary) {
    TempDir dir;
    const std::string p = copy(m_wuhou, dir);
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
    const std::string p = copy(m_chengdu, dir);
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
    const std::string p = copy(m_wuhou, dir);
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
    // Periods that overlap, crews out of range, a gap where 24 h are asked.
    refused("--area " + area + " --periods 07:00-10:00=3,09:00-11:00=2",
            "--periods: periods 07:00-10:00 and 09:00-11:00 overlap");
    refused("--area " + area + " --periods 07:00-10:00=0", "crew '0' must be a whole number");
    refused("--area " + area + " --periods 07:00-10:00=101", "--periods");
    refused("--area " + area + " --periods 07:00-10:00=3,17:00-07:00=1 --hours '24 h'",
            "--periods '07:00-10:00=3,17:00-07:00=1': 10:00-17:00 has no crew, but the hours are "
            "24 h");
    EXPECT_EQ(cordon::geo::sha256_file(p), before);
}

namespace {

// Metres from p to the nearest edge of a closed ring.
double ring_distance(std::pair<double, double> p, const std::vector<std::pair<double, double>>& r) {
    double best = 1e300;
    for (std::size_t i = 0; i + 1 < r.size(); ++i) {
        const double ax = r[i].first, ay = r[i].second, bx = r[i + 1].first, by = r[i + 1].second;
        const double dx = bx - ax, dy = by - ay;
        double t = ((p.first - ax) * dx + (p.second - ay) * dy) / (dx * dx + dy * dy);
        t = std::clamp(t, 0.0, 1.0);
        best = std::min(best, std::hypot(p.first - ax - t * dx, p.second - ay - t * dy));
    }
    return best;
}

} // namespace

// Issue 15: the whole district is the boundary imported in the district role, not the
// bounding box, not the hull of the buildings; ways in from beyond the data's edge count.
TEST_F(Projects, ChengduWholeDistrictIsItsImportedBoundary) {
    TempDir dir;
    CliRun r = cli("info " + q(m_chengdu) + " --json", dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const auto info = nlohmann::json::parse(r.out);
    const int epsg = info["crs"]["epsg"].get<int>();
    const auto& e = info["extent"];
    const double x0 = e[0], y0 = e[1], x1 = e[2], y1 = e[3];
    // An octagon turned by 10 degrees, around the middle of the data: no edge lies on the
    // box's lines.
    auto octagon = [&](double shrink) {
        const double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
        const double rx = (x1 - x0) / 2 * shrink, ry = (y1 - y0) / 2 * shrink;
        std::vector<std::pair<double, double>> ring;
        for (int k = 0; k <= 8; ++k) {
            const double a = (k % 8) * M_PI / 4 + 10 * M_PI / 180;
            ring.emplace_back(cx + rx * std::cos(a), cy + ry * std::sin(a));
        }
        return ring;
    };
    auto wkt = [](const std::vector<std::pair<double, double>>& ring) {
        std::ostringstream out;
        out.precision(12);
        out << "POLYGON((";
        for (std::size_t i = 0; i < ring.size(); ++i)
            out << (i ? "," : "") << ring[i].first << " " << ring[i].second;
        out << "))";
        return out.str();
    };
    const auto boundary = octagon(0.5);
    // Guessed from the layer's name (行政区划), beside the OSM extract.
    const std::string gpkg = dir / "boundary.gpkg";
    cordon::test::write_layer(gpkg, "GPKG", "行政区划", wkbPolygon, epsg,
                              {{wkt(boundary), {{"name", "测试区"}}}});
    const std::string p = dir / "d.cordon";
    r = cli("import " + q(source("data/chengdu/chengdu.osm")) + " " + q(gpkg) + " -o " + q(p), dir);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(layer_count(p, "district", dir), 1);

    r = cli("plan checkpoints " + q(p) + " --area district --json -", dir);
    ASSERT_EQ(r.code, 0) << r.err;
    auto report = nlohmann::json::parse(r.out);
    EXPECT_FALSE(report["area"].contains("note")) << report["area"].dump();
    ASSERT_EQ(report["outcome"], "cordon");
    const auto& placed = report["checkpoints"];
    ASSERT_GT(placed.size(), 3u);
    // The checkpoints hold the roads crossing the boundary (within the margin of it: the
    // cordon may move out to a choke point); almost none stands on the bounding box's straight
    // lines away from the boundary. A cordon around that box puts most of them there.
    const double margin = report["parameters"]["margin_m"].get<double>();
    double bx0 = 1e300, by0 = 1e300, bx1 = -1e300, by1 = -1e300;
    for (const auto& [x, y] : boundary) {
        bx0 = std::min(bx0, x), by0 = std::min(by0, y), bx1 = std::max(bx1, x),
        by1 = std::max(by1, y);
    }
    const std::vector<std::pair<double, double>> box{
        {bx0, by0}, {bx1, by0}, {bx1, by1}, {bx0, by1}, {bx0, by0}};
    auto count = [&](const nlohmann::json& checkpoints) {
        std::pair<std::size_t, std::size_t> near_boundary_on_box{0, 0};
        for (const auto& c : checkpoints) {
            const std::pair<double, double> at{c["x"].get<double>(), c["y"].get<double>()};
            const double d = ring_distance(at, boundary);
            near_boundary_on_box.first += d <= margin ? 1 : 0;
            near_boundary_on_box.second += ring_distance(at, box) <= 30 && d > 30 ? 1 : 0;
        }
        return near_boundary_on_box;
    };
    const auto [near_boundary, on_box] = count(placed);
    EXPECT_GE(near_boundary * 10, placed.size() * 9) << near_boundary << " of " << placed.size();
    EXPECT_LE(on_box * 10, placed.size()) << on_box << " of " << placed.size();
    const std::string box_file = dir / "box.gpkg";
    cordon::test::write_layer(box_file, "GPKG", "box", wkbPolygon, epsg, {{wkt(box), {}}});
    r = cli("plan checkpoints " + q(p) + " --area " + q(box_file) + " --dry-run --json -", dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const auto around_box = nlohmann::json::parse(r.out)["checkpoints"];
    EXPECT_GT(count(around_box).second * 2, around_box.size()) << "the test tells boxes apart";
    const std::size_t with_boundary = placed.size();

    // Without a boundary the district is the hull of the buildings, and the report says so.
    const std::string plain = dir / "plain.cordon";
    cordon::test::write_file(plain, cordon::test::read_file(m_chengdu));
    r = cli("plan checkpoints " + q(plain) + " --area district --json -", dir);
    ASSERT_EQ(r.code, 0) << r.err;
    report = nlohmann::json::parse(r.out);
    EXPECT_NE(report["area"]["note"].get<std::string>().find("no district boundary"),
              std::string::npos);
    EXPECT_NE(report["checkpoints"].size(), with_boundary);

    // A boundary beyond the data's edge: nothing lies outside the area, yet the roads the
    // extract cut bring traffic from beyond the data, so the cordon holds them (the old
    // model found nothing to cut).
    const std::string wide_gpkg = dir / "wide.gpkg";
    cordon::test::write_layer(wide_gpkg, "GPKG", "district", wkbPolygon, epsg,
                              {{wkt(octagon(1.5)), {{"name", "全区"}}}});
    const std::string wide = dir / "wide.cordon";
    r = cli("import " + q(source("data/chengdu/chengdu.osm")) + " --map district=" + q(wide_gpkg) +
                " -o " + q(wide),
            dir);
    ASSERT_EQ(r.code, 0) << r.err;
    r = cli("plan checkpoints " + q(wide) + " --area district --json -", dir);
    ASSERT_EQ(r.code, 0) << r.err;
    report = nlohmann::json::parse(r.out);
    EXPECT_GT(report["ground"]["edge_entries"].get<int>(), 0) << report["ground"].dump();
    EXPECT_EQ(report["outcome"], "cordon");
    EXPECT_GT(report["checkpoints"].size(), 0u);
}

TEST_F(Projects, ADistrictBoundaryThatIsNotAPolygonIsRefused) {
    TempDir dir;
    const std::string p = copy(m_chengdu, dir);
    const std::string before = cordon::geo::sha256_file(p);
    cordon::test::write_file(
        dir / "line.geojson",
        R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"x"},)"
        R"("geometry":{"type":"LineString","coordinates":[[104.05,30.65],[104.07,30.66]]}}]})");
    const CliRun r = cli("import " + q(source("data/chengdu/chengdu.osm")) +
                             " --map district=" + q(dir / "line.geojson") + " -o " + q(p),
                         dir);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_NE(r.err.find("line.geojson: layer 'line' feature line#0: a district boundary must be "
                         "a polygon, not a Line String"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(cordon::geo::sha256_file(p), before);
}

// Periods edited per checkpoint (the edits JSON the app writes): the same refusals as
// --periods, exit 2 and the project untouched.
TEST_F(Projects, BadPeriodsInAnEditsFileAreRefusedAndLeaveTheProjectAlone) {
    TempDir dir;
    const std::string p = copy(m_chengdu, dir);
    CliRun r = cli("plan checkpoints " + q(p) + " --area compound:泉水社区", dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string before = cordon::geo::sha256_file(p);
    auto refused = [&](const std::string& value, const std::string& message) {
        cordon::test::write_file(dir / "edits.json",
                                 R"([{"edit":"set-attribute","layer":"checkpoints","id":1,)"
                                 R"("field":"periods","value":")" +
                                     value + R"("}])");
        const CliRun e = cli("edit " + q(p) + " --edits " + q(dir / "edits.json"), dir);
        EXPECT_EQ(e.code, 2) << value << "\n" << e.err;
        EXPECT_NE(e.err.find(message), std::string::npos) << value << "\n" << e.err;
        EXPECT_EQ(cordon::geo::sha256_file(p), before) << value;
    };
    refused("07:00-10:00=3,09:00-11:00=2", "periods 07:00-10:00 and 09:00-11:00 overlap");
    refused("07:00-10:00=0", "crew '0'");
    refused("07:00-10:00=101", "101");
    refused("07:00-10:00", "07:00-10:00");
}

TEST_F(Projects, ChengduPeriodsGiveStaffingPerHour) {
    TempDir dir;
    const std::string p = copy(m_chengdu, dir);
    const std::string periods = "07:00-10:00=3,17:00-23:00=3,23:00-07:00=1";
    CliRun r = cli("plan checkpoints " + q(p) + " --area compound:泉水社区 --periods " + periods +
                       " --json -",
                   dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const auto report = nlohmann::json::parse(r.out);
    const auto& placed = report["checkpoints"];
    ASSERT_GT(placed.size(), 0u);
    for (const auto& c : placed) {
        EXPECT_EQ(c["periods"], periods);
        EXPECT_EQ(c["hours"], "17:00-10:00");
        EXPECT_EQ(c["crew"], 3);
    }
    // The cut weighs the road classes' crews; the checkpoints carry their periods' crews, and
    // the report says which is which.
    EXPECT_EQ(report["placed"]["crew"].get<std::size_t>(), 3 * placed.size());
    EXPECT_NE(report["cordon"]["note"].get<std::string>().find("road classes' crews"),
              std::string::npos);
    r = cli("plan staffing " + q(p) + " --hourly " + q(dir / "hours.csv") + " --json " +
                q(dir / "staffing.json"),
            dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const auto staffing = nlohmann::json::parse(cordon::test::read_file(dir / "staffing.json"));
    // Every checkpoint of the project is a new one: its crew in each hour, by hand.
    const CliRun info = cli("info " + q(p) + " --json", dir);
    ASSERT_EQ(info.code, 0) << info.err;
    const int n = nlohmann::json::parse(info.out)["layers"]["checkpoints"].get<int>();
    ASSERT_EQ(static_cast<std::size_t>(n), placed.size());
    std::istringstream csv(cordon::test::read_file(dir / "hours.csv"));
    std::string line;
    std::getline(csv, line);
    const std::vector<std::string> header = [&] {
        std::vector<std::string> cells;
        std::istringstream in(line.substr(3)); // past the BOM
        for (std::string cell; std::getline(in, cell, ',');)
            cells.push_back(cell);
        return cells;
    }();
    const auto staff_column = std::find(header.begin(), header.end(), "staff") - header.begin();
    ASSERT_LT(static_cast<std::size_t>(staff_column), header.size()) << line;
    double crew_hours = 0;
    for (int h = 0; h < 24; ++h) {
        ASSERT_TRUE(std::getline(csv, line));
        std::vector<std::string> cells;
        std::istringstream in(line);
        for (std::string cell; std::getline(in, cell, ',');)
            cells.push_back(cell);
        ASSERT_EQ(cells.size(), header.size()) << line;
        const int crew = h < 7 || h == 23 ? 1 : h < 10 || h >= 17 ? 3 : 0;
        EXPECT_DOUBLE_EQ(std::stod(cells[staff_column]), n * crew) << "hour " << h;
        EXPECT_DOUBLE_EQ(std::stod(cells[staff_column]),
                         staffing["hourly"]["pools"]["staff"]["people"][h].get<double>());
        crew_hours += std::stod(cells[staff_column]);
    }
    EXPECT_DOUBLE_EQ(crew_hours, n * (3 * 3 + 6 * 3 + 8 * 1));
    EXPECT_DOUBLE_EQ(staffing["hourly"]["pools"]["staff"]["crew_hours_per_day"].get<double>(),
                     crew_hours);
    // People a day in shifts of 8 h: each period once.
    EXPECT_DOUBLE_EQ(staffing["district"]["need"]["staff"].get<double>(), n * 7);
}

// --- The hand-made island, end to end ----------------------------------------------------------
// A protected square (0..100 m) with five roads out to a hub at (200, 50), joined to the
// mainland by one primary bridge "The Bridge" from the hub to the shore at (500, 50):
//
//        area        spokes        hub    The Bridge     shore ── far1
//    [   o   ] ═════════════════  H ──────────────────── S  ╲   /
//                                                           far2
//
// The bridge cuts off 7 road nodes (the area's node, five spoke ends, the hub) and the ten
// spoke roads; the hub is the junction the island hangs on.

namespace {

const double k_x0 = 404000, k_y0 = 3392000; // UTM 48N, in Chengdu

std::string utm_collection(const std::string& features) {
    return R"({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": )"
           R"("urn:ogc:def:crs:EPSG::32648"}}, "features": [)" +
           features + "]}";
}

std::string line(double ax, double ay, double bx, double by, const std::string& cls,
                 const std::string& name) {
    std::ostringstream o;
    o.precision(12);
    o << R"({"type": "Feature", "properties": {"highway": ")" << cls << R"(", "name": ")" << name
      << R"("}, "geometry": {"type": "LineString", "coordinates": [[)" << k_x0 + ax << ", "
      << k_y0 + ay << "], [" << k_x0 + bx << ", " << k_y0 + by << "]]}}";
    return o.str();
}

struct IslandFiles {
    std::string roads, area;
    double spokes_km = 0;
    explicit IslandFiles(const TempDir& dir)
        : roads(dir / "roads.geojson"), area(dir / "area.geojson") {
        std::string features;
        for (int i = 0; i < 5; ++i) {
            const double ry = 10 + 20 * i;
            features += line(50, 50, 130, ry, "residential", "spoke " + std::to_string(i)) + ",";
            features += line(130, ry, 200, 50, "residential", "lane " + std::to_string(i)) + ",";
            spokes_km += (std::hypot(80, ry - 50) + std::hypot(70, 50 - ry)) / 1000;
        }
        features += line(200, 50, 500, 50, "primary", "The Bridge") + ",";
        features += line(500, 50, 900, 50, "primary", "Shore Road") + ",";
        features += line(500, 50, 500, 500, "residential", "North Lane") + ",";
        features += line(900, 50, 500, 500, "residential", "Back Lane");
        cordon::test::write_file(roads, utm_collection(features));
        std::ostringstream a;
        a.precision(12);
        a << R"({"type": "Feature", "properties": {"name": "island"}, "geometry": {"type": )"
          << R"("Polygon", "coordinates": [[)";
        const double corners[5][2] = {{0, 0}, {100, 0}, {100, 100}, {0, 100}, {0, 0}};
        for (int i = 0; i < 5; ++i)
            a << (i ? ", [" : "[") << k_x0 + corners[i][0] << ", " << k_y0 + corners[i][1] << "]";
        a << "]]}}";
        cordon::test::write_file(area, utm_collection(a.str()));
    }
};

/// Pixels of `png` within `tolerance` (per channel) of colour `rgb`, in the box x0..x1, y0..y1.
int pixels_near(const std::string& png, std::uint32_t rgb, int tolerance, int x0 = 0, int y0 = 0,
                int x1 = 1 << 20, int y1 = 1 << 20) {
    cairo_surface_t* s = cairo_image_surface_create_from_png(png.c_str());
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return -1;
    }
    const unsigned char* data = cairo_image_surface_get_data(s);
    const int stride = cairo_image_surface_get_stride(s);
    const int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int n = 0;
    for (int y = std::max(0, y0); y < std::min(h, y1); ++y)
        for (int x = std::max(0, x0); x < std::min(w, x1); ++x) {
            const std::uint32_t p =
                *reinterpret_cast<const std::uint32_t*>(data + y * stride + x * 4);
            bool near = true;
            for (int shift : {16, 8, 0})
                near = near && std::abs(static_cast<int>((p >> shift) & 0xff) -
                                        static_cast<int>((rgb >> shift) & 0xff)) <= tolerance;
            n += near ? 1 : 0;
        }
    cairo_surface_destroy(s);
    return n;
}

} // namespace

TEST(Island, ChokePointsAndTheProtectedAreaAreLayersOfTheProject) {
    TempDir dir;
    const IslandFiles files(dir);
    const std::string p = dir / "island.cordon";
    CliRun r = cli("import " + q(files.roads) + " --map roads=" + q(files.roads) +
                       " --field roads.class=highway -o " + q(p),
                   dir);
    ASSERT_EQ(r.code, 0) << r.err;
    auto layers = [&]() {
        const CliRun info = cli("info " + q(p) + " --json", dir);
        EXPECT_EQ(info.code, 0) << info.err;
        return nlohmann::json::parse(info.out)["layers"];
    };
    EXPECT_EQ(layers()["choke_points"], 0);
    EXPECT_EQ(layers()["cordon_areas"], 0);
    const std::string before_png = dir / "before.png";
    r = cli("render " + q(p) + " -o " + q(before_png) + " --size 400x300 --no-labels", dir);
    ASSERT_EQ(r.code, 0) << r.err;

    // A dry run writes nothing.
    r = cli("plan checkpoints " + q(p) + " --area " + q(files.area) + " --dry-run", dir);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(layers()["choke_points"], 0);

    // The island has no households: by default (50) no choke point is listed, only counted.
    r = cli("plan checkpoints " + q(p) + " --area " + q(files.area) + " --dry-run --json " +
                q(dir / "d.json"),
            dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const auto by_default = nlohmann::json::parse(cordon::test::read_file(dir / "d.json"));
    EXPECT_EQ(by_default["choke_points"]["points"].size(), 0u);
    EXPECT_GE(by_default["choke_points"]["below_threshold"].get<int>(), 2);

    r = cli("plan checkpoints " + q(p) + " --area " + q(files.area) + " --json " +
                q(dir / "r.json") + " --choke-points " + q(dir / "choke.geojson") +
                " --choke-min-households 0",
            dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const auto report = nlohmann::json::parse(cordon::test::read_file(dir / "r.json"));
    ASSERT_EQ(report["checkpoints"].size(), 1u);
    const std::size_t n = report["choke_points"]["points"].size();
    ASSERT_GE(n, 2u); // the bridge and the hub
    EXPECT_EQ(by_default["choke_points"]["below_threshold"].get<std::size_t>(), n);
    EXPECT_EQ(layers()["choke_points"], n);
    EXPECT_EQ(layers()["cordon_areas"], 1);
    EXPECT_NE(r.out.find(std::to_string(n) + " natural choke points to"), std::string::npos)
        << r.out;
    // --choke-points still writes the GeoJSON.
    const auto geojson = nlohmann::json::parse(cordon::test::read_file(dir / "choke.geojson"));
    EXPECT_EQ(geojson["features"].size(), n);

    // Every export format, read back with GDAL: the bridge with its known values.
    GDALAllRegister();
    for (const std::string format : {"gpkg", "geojson", "shp", "csv", "kml"}) {
        const std::string out = dir / ("choke." + format);
        r = cli("export " + q(p) + " --layer choke_points --format " + format + " -o " + q(out) +
                    " --json " + q(dir / "e.json"),
                dir);
        ASSERT_EQ(r.code, 0) << format << ": " << r.err;
        const auto e = nlohmann::json::parse(cordon::test::read_file(dir / "e.json"));
        std::map<std::string, std::string> field; // as in the project → as written
        for (const auto& f : e["fields"])
            field[f["field"].get<std::string>()] = f["written_as"].get<std::string>();
        GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
        ASSERT_TRUE(ds) << format;
        OGRLayer* l = ds->GetLayer(0);
        ASSERT_EQ(l->GetFeatureCount(), static_cast<GIntBig>(n)) << format;
        if (format == "kml") continue; // lon/lat placemarks; the fields are checked above
        int bridges = 0;
        for (auto& f : *l) {
            if (std::string(f->GetFieldAsString(field.at("kind").c_str())) != "bridge" ||
                std::string(f->GetFieldAsString(field.at("road_name").c_str())) != "The Bridge")
                continue;
            ++bridges;
            EXPECT_STREQ(f->GetFieldAsString(field.at("class").c_str()), "primary") << format;
            EXPECT_EQ(f->GetFieldAsInteger64(field.at("cut_off_nodes").c_str()), 7) << format;
            EXPECT_EQ(f->GetFieldAsInteger64(field.at("cut_off_protected").c_str()), 1) << format;
            EXPECT_NEAR(f->GetFieldAsDouble(field.at("cut_off_households").c_str()), 0, 1e-9);
            EXPECT_NEAR(f->GetFieldAsDouble(field.at("cut_off_km").c_str()), files.spokes_km,
                        files.spokes_km * 0.01)
                << format;
            const std::string reason = f->GetFieldAsString(field.at("reason").c_str());
            EXPECT_EQ(reason.rfind("Bridge of the drivable network: ", 0), 0u) << reason;
            EXPECT_NE(reason.find("7 road nodes"), std::string::npos) << reason;
            if (format == "gpkg" || format == "shp") {
                const OGRGeometry* g = f->GetGeometryRef();
                ASSERT_NE(g, nullptr);
                ASSERT_EQ(wkbFlatten(g->getGeometryType()), wkbPoint);
                EXPECT_NEAR(g->toPoint()->getX(), k_x0 + 350, 2.0) << format;
                EXPECT_NEAR(g->toPoint()->getY(), k_y0 + 50, 2.0) << format;
            }
        }
        EXPECT_EQ(bridges, 1) << format;
    }
    r = cli("export " + q(p) + " --layer cordon_areas --format geojson -o " +
                q(dir / "area_out.geojson"),
            dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const auto area = nlohmann::json::parse(cordon::test::read_file(dir / "area_out.geojson"));
    ASSERT_EQ(area["features"].size(), 1u);
    EXPECT_EQ(area["features"][0]["properties"]["margin_m"], 300);

    // The map shows the choke points (hollow brown diamonds) and the protected square
    // (dashed red) in the lower left, where nothing red was before.
    const std::string after_png = dir / "after.png";
    r = cli("render " + q(p) + " -o " + q(after_png) + " --size 400x300 --no-labels", dir);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(pixels_near(before_png, 0x7f2704, 40), 0);
    EXPECT_GT(pixels_near(after_png, 0x7f2704, 40), 10);
    // The view fits the roads (0..900 x 0..500 m) into 400 x 300 px: the square is at about
    // x 16..57, y 211..252.
    EXPECT_EQ(pixels_near(before_png, 0xd62728, 60, 5, 200, 80, 265), 0);
    EXPECT_GT(pixels_near(after_png, 0xd62728, 60, 5, 200, 80, 265), 30);

    // Running again replaces both layers.
    r = cli("plan checkpoints " + q(p) + " --area " + q(files.area) + " --margin 0", dir);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(layers()["cordon_areas"], 1);
    EXPECT_EQ(layers()["checkpoints"], 5);
}

namespace {

// The road graph of a planned project, read back, with what stands on each edge.
struct PlannedRoads {
    cordon::geo::District d;
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> out;  // node → (node, edge)
    std::vector<char> staffed, barred;                                  // per edge
    std::vector<std::pair<std::size_t, cordon::geo::Point>> staffed_at; // edge, checkpoint

    explicit PlannedRoads(const std::string& project) : d(cordon::geo::read_project(project)) {
        out.resize(d.network.nodes.size());
        staffed.assign(d.network.edges.size(), 0);
        barred.assign(d.network.edges.size(), 0);
        for (std::size_t i = 0; i < d.network.edges.size(); ++i) {
            const auto& e = d.network.edges[i];
            if (!e.drivable) continue;
            const auto a = static_cast<std::size_t>(e.from - 1),
                       b = static_cast<std::size_t>(e.to - 1);
            out[a].push_back({b, i});
            if (!e.oneway) out[b].push_back({a, i});
        }
        // A checkpoint or barrier stands on the edge of its road nearest to it.
        for (const auto& c : d.checkpoints) {
            std::size_t best = 0;
            double best_d = 1e18;
            for (std::size_t i = 0; i < d.network.edges.size(); ++i) {
                const auto& e = d.network.edges[i];
                if (!c.road_id || e.road_id != *c.road_id) continue;
                for (std::size_t k = 0; k + 1 < e.geom.size(); ++k) {
                    const double dd =
                        cordon::geo::segment_distance(c.pos, e.geom[k], e.geom[k + 1]);
                    if (dd < best_d) best_d = dd, best = i;
                }
            }
            (c.kind == cordon::geo::CheckpointKind::barrier ? barred : staffed)[best] = 1;
            if (c.kind != cordon::geo::CheckpointKind::barrier) staffed_at.push_back({best, c.pos});
        }
    }
    // Nodes reached from `from` over edges `usable` allows.
    template <class Usable>
    std::vector<char> reach(const std::vector<std::size_t>& from, Usable usable) const {
        std::vector<char> seen(out.size(), 0);
        std::vector<std::size_t> stack;
        for (std::size_t v : from)
            if (!seen[v]) seen[v] = 1, stack.push_back(v);
        while (!stack.empty()) {
            const std::size_t u = stack.back();
            stack.pop_back();
            for (auto [v, e] : out[u])
                if (!seen[v] && usable(e)) seen[v] = 1, stack.push_back(v);
        }
        return seen;
    }
};

} // namespace

// Staffed or barred on the sample (issue 15): the plan is checked here by searches over the road
// graph read back from the project, not by the planner's own checks.
TEST_F(Projects, ChengduBarriersKeepStaffedWaysInAndAccess) {
    TempDir dir;
    const std::string p = copy(m_chengdu, dir), plain = dir / "plain.cordon";
    cordon::test::write_file(plain, cordon::test::read_file(p));
    const std::string area = q(source("bench/checkpoints_chengdu_area.geojson"));
    const double access_km = 1.1;
    const int min_staffed = 2;
    CliRun r = cli("plan checkpoints " + q(plain) + " --area " + area + " --margin 0 --json " +
                       q(dir / "plain.json"),
                   dir);
    ASSERT_EQ(r.code, 0) << r.err;
    r = cli("plan checkpoints " + q(p) + " --area " + area +
                " --margin 0 --barriers --min-staffed 2 --access-km 1.1 --time-limit 60 --json " +
                q(dir / "r.json"),
            dir);
    ASSERT_EQ(r.code, 0) << r.err;
    // The time limit, the status and the gap are reported, in the JSON and the summary.
    EXPECT_NE(r.out.find("of 60.0 s, gap 0.00 % to the lower bound"), std::string::npos) << r.out;
    const auto report = nlohmann::json::parse(cordon::test::read_file(dir / "r.json"));
    const auto plain_report = nlohmann::json::parse(cordon::test::read_file(dir / "plain.json"));
    const auto& b = report["barriers"];
    EXPECT_EQ(b["status"], "optimal");
    EXPECT_EQ(b["time_limit_s"], 60.0);
    EXPECT_EQ(b["gap"], 0.0);
    EXPECT_GT(b["barriers"].get<int>(), 0);
    // Fewer crew than the plain cordon needs.
    const int crew = report["placed"]["crew"].get<int>();
    EXPECT_EQ(crew, b["crew"].get<int>());
    EXPECT_LT(crew, plain_report["placed"]["crew"].get<int>());

    const PlannedRoads g(p);
    ASSERT_EQ(g.d.cordon_areas.size(), 1u);
    const auto& polygons = g.d.cordon_areas[0].geom;
    auto inside = [&](cordon::geo::Point pt) {
        return std::any_of(polygons.begin(), polygons.end(),
                           [&](const auto& poly) { return cordon::geo::contains(poly, pt); });
    };
    std::map<cordon::geo::Id, const cordon::geo::Road*> roads;
    for (const auto& road : g.d.roads)
        roads[road.id] = &road;
    std::vector<std::size_t> outside;
    std::vector<char> on_surface(g.out.size(), 0);
    for (const auto& e : g.d.network.edges)
        if (e.drivable && !roads.at(e.road_id)->tunnel && !roads.at(e.road_id)->bridge)
            on_surface[static_cast<std::size_t>(e.from - 1)] =
                on_surface[static_cast<std::size_t>(e.to - 1)] = 1;
    for (std::size_t v = 0; v < g.out.size(); ++v)
        if (!inside(g.d.network.nodes[v].pos)) outside.push_back(v);
    const auto everywhere = g.reach(outside, [](std::size_t) { return true; });
    std::vector<std::size_t> protected_nodes;
    for (std::size_t v = 0; v < g.out.size(); ++v)
        if (inside(g.d.network.nodes[v].pos) && on_surface[v] && everywhere[v])
            protected_nodes.push_back(v);
    ASSERT_GT(protected_nodes.size(), 50u);

    // Cordon: over roads with no checkpoint and no barrier, nothing inside is reached.
    const auto open =
        g.reach(outside, [&](std::size_t e) { return !g.staffed[e] && !g.barred[e]; });
    for (std::size_t v : protected_nodes)
        EXPECT_FALSE(open[v]) << "node " << v + 1 << " is reached without passing a checkpoint";

    // Staffed ways in: a staffed checkpoint whose road is reached from outside over open roads
    // and leads on, over open roads, to a protected node.
    int ways_in = 0;
    std::vector<char> is_protected(g.out.size(), 0);
    for (std::size_t v : protected_nodes)
        is_protected[v] = 1;
    for (const auto& [edge, pos] : g.staffed_at) {
        const auto& e = g.d.network.edges[edge];
        const auto a = static_cast<std::size_t>(e.from - 1),
                   bb = static_cast<std::size_t>(e.to - 1);
        for (auto [from, to] : {std::pair{a, bb}, {bb, a}}) {
            if (!open[from]) continue;
            const auto on =
                g.reach({to}, [&](std::size_t x) { return !g.staffed[x] && !g.barred[x]; });
            if (is_protected[to] || std::any_of(protected_nodes.begin(), protected_nodes.end(),
                                                [&](std::size_t v) { return on[v]; })) {
                ++ways_in;
                break;
            }
        }
    }
    EXPECT_GE(ways_in, min_staffed);
    EXPECT_EQ(report["barriers"]["pieces"].size(), 1u);

    // Access: Dijkstra over the roads without barriers from every staffed checkpoint (from the
    // ends of its road, plus the straight distance to them).
    std::vector<double> dist(g.out.size(), 1e18);
    using Item = std::pair<double, std::size_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
    for (const auto& [edge, pos] : g.staffed_at) {
        const auto& e = g.d.network.edges[edge];
        for (cordon::geo::Id end : {e.from, e.to}) {
            const auto v = static_cast<std::size_t>(end - 1);
            const double d0 = cordon::geo::distance(pos, g.d.network.nodes[v].pos);
            if (d0 < dist[v]) dist[v] = d0, queue.push({d0, v});
        }
    }
    while (!queue.empty()) {
        const auto [du, u] = queue.top();
        queue.pop();
        if (du > dist[u]) continue;
        for (auto [v, e] : g.out[u]) {
            if (g.barred[e]) continue;
            const double dv = du + g.d.network.edges[e].length;
            if (dv < dist[v]) dist[v] = dv, queue.push({dv, v});
        }
    }
    double farthest = 0;
    for (std::size_t v : protected_nodes)
        farthest = std::max(farthest, dist[v]);
    EXPECT_LE(farthest, access_km * 1000 + 50);
    EXPECT_GT(farthest, 500); // the check measures something
}

TEST_F(Projects, BarriersBadInputIsRefusedAndLeavesTheProjectAlone) {
    TempDir dir;
    const std::string p = copy(m_chengdu, dir);
    const std::string before = cordon::geo::sha256_file(p);
    const std::string area = q(source("bench/checkpoints_chengdu_area.geojson"));
    auto refused = [&](const std::string& args, const std::string& message) {
        const CliRun r =
            cli("plan checkpoints " + q(p) + " --area " + area + " --barriers " + args, dir);
        EXPECT_EQ(r.code, 2) << args << "\n" << r.err;
        EXPECT_NE(r.err.find(message), std::string::npos) << args << "\n" << r.err;
    };
    refused("--min-staffed 40",
            "--min-staffed 40: the protected piece of checkpoints_chengdu_area");
    refused("--min-staffed 40", "has only 25 ways in");
    refused("--min-staffed 0", "--min-staffed 0: must be between 1 and 100");
    refused("--min-staffed 1.5", "--min-staffed 1.5: must be a whole number");
    refused("--access-km 0", "--access-km 0: must be between 0.05 and 1000");
    refused("--time-limit 0", "--time-limit 0: must be between 1 and 86400");
    refused("--gap 150", "--gap 150: must be between 0 and 100");
    refused("--barrier-max-class footway", "--barrier-max-class footway");
    refused("--budget 3", "--budget 3: cannot be combined with barriers");
    refused("--access-km 0.3", "within 0.3 km of one");
    EXPECT_EQ(cordon::geo::sha256_file(p), before);
}

// The imported district boundary is a layer like the others: `render` draws it (its dark
// colour found along its west edge in the PNG, not there without it) and the hand-over
// package holds it (read back with GDAL).
TEST_F(Projects, TheDistrictBoundaryIsDrawnAndHandedOver) {
    TempDir dir;
    CliRun r = cli("info " + q(m_chengdu) + " --json", dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const auto info = nlohmann::json::parse(r.out);
    const int epsg = info["crs"]["epsg"].get<int>();
    const auto& e = info["extent"];
    const double x0 = e[0], y0 = e[1], x1 = e[2], y1 = e[3];
    const double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    const double rx = (x1 - x0) / 4, ry = (y1 - y0) / 4;
    std::ostringstream wkt;
    wkt.precision(12);
    wkt << "POLYGON((" << cx - rx << " " << cy - ry << "," << cx + rx << " " << cy - ry << ","
        << cx + rx << " " << cy + ry << "," << cx - rx << " " << cy + ry << "," << cx - rx << " "
        << cy - ry << "))";
    const std::string gpkg = dir / "boundary.gpkg";
    cordon::test::write_layer(gpkg, "GPKG", "district", wkbPolygon, epsg,
                              {{wkt.str(), {{"name", "测试区"}}}});
    const std::string p = dir / "d.cordon";
    r = cli("import " + q(source("data/chengdu/chengdu.osm")) + " --map district=" + q(gpkg) +
                " -o " + q(p),
            dir);
    ASSERT_EQ(r.code, 0) << r.err;

    // 1:N at 96 dpi is N * 0.0254 / 96 metres a pixel: the boundary's half width is 300 px.
    const double mpp = std::max(rx, ry) / 300, scale = mpp * 96 / 0.0254;
    auto west_edge_ink = [&](const std::string& project, const std::string& png) {
        std::ostringstream args;
        args.precision(12);
        args << "render " << q(project) << " -o " << q(png) << " --centre " << cx << "," << cy
             << " --scale " << scale << " --size 800x800";
        const CliRun run = cli(args.str(), dir);
        EXPECT_EQ(run.code, 0) << run.err;
        cairo_surface_t* s = cairo_image_surface_create_from_png(png.c_str());
        EXPECT_EQ(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
        const unsigned char* data = cairo_image_surface_get_data(s);
        const int stride = cairo_image_surface_get_stride(s);
        const int column = static_cast<int>(std::lround(400 - rx / mpp));
        const int top = static_cast<int>(400 - ry / mpp) + 10,
                  bottom = static_cast<int>(400 + ry / mpp) - 10;
        int rows = 0, ink = 0;
        for (int y = top; y < bottom; ++y, ++rows) {
            bool found = false;
            for (int x = column - 2; x <= column + 2; ++x) {
                std::uint32_t v;
                std::memcpy(&v, data + y * stride + x * 4, 4);
                const int red = (v >> 16) & 0xff, green = (v >> 8) & 0xff, blue = v & 0xff;
                // The style table's boundary colour, #2d2d2d.
                found = found || (std::abs(red - 0x2d) <= 14 && std::abs(green - 0x2d) <= 14 &&
                                  std::abs(blue - 0x2d) <= 14);
            }
            ink += found ? 1 : 0;
        }
        cairo_surface_destroy(s);
        return std::pair<int, int>{ink, rows};
    };
    const auto [with_ink, rows] = west_edge_ink(p, dir / "with.png");
    const auto [without_ink, rows_without] = west_edge_ink(m_chengdu, dir / "without.png");
    EXPECT_GT(with_ink * 2, rows) << with_ink << " of " << rows << " rows";
    EXPECT_LT(without_ink * 10, rows_without) << without_ink << " of " << rows_without;

    const std::string package = dir / "package";
    r = cli("handover " + q(p) + " -o " + q(package) + " --no-atlas", dir);
    ASSERT_EQ(r.code, 0) << r.err;
    for (const std::string format : {"gpkg", "shp"}) {
        const std::string file = package + "/" + format + "/district." + format;
        GDALDatasetUniquePtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR));
        ASSERT_TRUE(ds) << file;
        OGRLayer* l = ds->GetLayer(0);
        ASSERT_EQ(l->GetFeatureCount(), 1) << file;
        for (auto& f : *l) {
            const OGRGeometry* g = f->GetGeometryRef();
            ASSERT_NE(g, nullptr) << file;
            EXPECT_EQ(wkbFlatten(g->getGeometryType()) == wkbPolygon ||
                          wkbFlatten(g->getGeometryType()) == wkbMultiPolygon,
                      true)
                << file;
            OGREnvelope env;
            g->getEnvelope(&env);
            EXPECT_NEAR(env.MinX, cx - rx, 1) << file;
            EXPECT_NEAR(env.MaxY, cy + ry, 1) << file;
        }
    }
    const std::string contents = cordon::test::read_file(package + "/CONTENTS.txt");
    EXPECT_NE(contents.find("district"), std::string::npos);
}
