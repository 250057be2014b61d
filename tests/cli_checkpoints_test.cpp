// End-to-end: cordon-cli plan checkpoints on the real Chengdu sample and the Wuhou road
// network (data/wuhou), and on bad input.

#include "cli_runner.hpp"

#include <cordon/geo/checksum.hpp>

#include <cairo.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
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
