#include "gdal_layer.hpp"
#include "geos_geometry.hpp"
#include "temp_dir.hpp"

#include <cordon/geo/chinese_shift.hpp>
#include <cordon/geo/error.hpp>
#include <cordon/geo/import.hpp>
#include <cordon/geo/import_setup.hpp>
#include <cordon/geo/text_encoding.hpp>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <numeric>
#include <random>
#include <sstream>

using namespace cordon;
using namespace cordon::geo;

namespace {

using test::FeatureSpec;
using test::write_layer;

Imported run(ImportOptions options) {
    SilentProgress progress;
    return import_district(options, progress);
}

std::string error_of(const ImportOptions& options) {
    try {
        run(options);
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

/// The parameters the import's error names apart (ParamTextError), as "param value".
std::vector<std::string> params_of(const ImportOptions& options) {
    std::vector<std::string> out;
    try {
        run(options);
    } catch (const ParamTextError& e) {
        for (const ParamMention& p : e.text().params)
            out.push_back(p.param + (p.value.empty() ? "" : " " + p.value));
    } catch (const ParamError& e) {
        out.push_back(e.param() + " " + e.value());
    }
    return out;
}

} // namespace

TEST(Import, ChengduSampleGivesEveryBuildingCompoundRoadAndGate) {
    ImportOptions options;
    options.sources = {test::sample_osm()};
    const Imported r = run(options);
    // Figures of the real extract (see shared/data SOURCES.md): 800 buildings, 186
    // landuse=residential of which 178 named, 2,268 highway ways, 7 gates + 24 entrances.
    EXPECT_EQ(r.district.buildings.size(), 800u);
    EXPECT_EQ(r.district.compounds.size(), 178u);
    EXPECT_EQ(r.district.roads.size(), 2268u);
    EXPECT_EQ(r.district.gates.size(), 31u);
    EXPECT_EQ(r.district.meta.srid, 32648); // UTM 48N holds Chengdu
    EXPECT_EQ(r.report.layers.at("compounds").dropped, 8u);
    // Every feature GDAL read is accounted for: taken by a role, or left out with a reason.
    const SourceReport& s = r.report.sources.at(0);
    std::size_t left = 0;
    for (const auto& [reason, ids] : s.left_out)
        left += ids.size();
    std::size_t considered = 0;
    for (const auto& [role, l] : r.report.layers)
        considered += l.read;
    EXPECT_EQ(left + considered, s.features);
    EXPECT_EQ(s.left_out.at("point, barrier=block is not a gate").size(), 1u);
    // Chinese names survive.
    bool found = false;
    for (const auto& c : r.district.compounds)
        found = found || c.name == "锦绣东方";
    EXPECT_TRUE(found);
    // Households were estimated (the extract has no building:flats) and flagged.
    EXPECT_EQ(r.report.layers.at("buildings").estimated, 800u);
    for (const auto& b : r.district.buildings) {
        EXPECT_TRUE(b.households_estimated);
        EXPECT_GE(b.households, 0);
    }
}

TEST(Import, OsmRulesOnAHandMadeExtract) {
    test::TempDir dir;
    // A compound (closed way, named), a building with building:flats, a oneway=-1 street, and
    // a gate node on the compound's boundary. Coordinates near Chengdu.
    test::write_file(dir / "tiny.osm", R"(<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="hand">
  <node id="1" lat="30.6600" lon="104.0600"/>
  <node id="2" lat="30.6600" lon="104.0620"/>
  <node id="3" lat="30.6620" lon="104.0620"/>
  <node id="4" lat="30.6620" lon="104.0600"/>
  <node id="5" lat="30.6600" lon="104.0610"><tag k="barrier" v="gate"/><tag k="name" v="南门"/></node>
  <node id="11" lat="30.6605" lon="104.0605"/>
  <node id="12" lat="30.6605" lon="104.0607"/>
  <node id="13" lat="30.6607" lon="104.0607"/>
  <node id="14" lat="30.6607" lon="104.0605"/>
  <node id="21" lat="30.6590" lon="104.0590"/>
  <node id="22" lat="30.6590" lon="104.0630"/>
  <way id="100"><nd ref="1"/><nd ref="5"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="1"/>
    <tag k="landuse" v="residential"/><tag k="name" v="玉林小区"/></way>
  <way id="101"><nd ref="11"/><nd ref="12"/><nd ref="13"/><nd ref="14"/><nd ref="11"/>
    <tag k="building" v="apartments"/><tag k="building:flats" v="36"/><tag k="building:levels" v="7"/></way>
  <way id="102"><nd ref="21"/><nd ref="22"/><tag k="highway" v="residential"/><tag k="oneway" v="-1"/>
    <tag k="name" v="玉林街"/></way>
</osm>
)");
    ImportOptions options;
    options.sources = {dir / "tiny.osm"};
    const Imported r = run(options);
    ASSERT_EQ(r.district.buildings.size(), 1u);
    EXPECT_EQ(r.district.buildings[0].households, 36);
    EXPECT_FALSE(r.district.buildings[0].households_estimated);
    EXPECT_EQ(r.district.buildings[0].floors, 7);
    ASSERT_EQ(r.district.compounds.size(), 1u);
    EXPECT_EQ(r.district.compounds[0].name, "玉林小区");
    ASSERT_EQ(r.district.gates.size(), 1u);
    EXPECT_EQ(r.district.gates[0].name, "南门");
    EXPECT_EQ(r.district.gates[0].compound_id, r.district.compounds[0].id);
    ASSERT_EQ(r.district.roads.size(), 1u);
    const Road& road = r.district.roads[0];
    EXPECT_TRUE(road.oneway);
    EXPECT_GT(road.geom.front().x, road.geom.back().x); // drawn east to west after oneway=-1
    EXPECT_EQ(road.name, "玉林街");
}

TEST(Import, AnOsmFileWithoutBuildingsIsAnError) {
    test::TempDir dir;
    test::write_file(dir / "empty.osm", R"(<?xml version="1.0"?><osm version="0.6">
  <node id="1" lat="30.66" lon="104.06"/><node id="2" lat="30.67" lon="104.07"/>
  <way id="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/></way></osm>)");
    ImportOptions options;
    options.sources = {dir / "empty.osm"};
    EXPECT_NE(error_of(options).find("empty.osm: the OpenStreetMap file holds no buildings"),
              std::string::npos);
}

TEST(Import, GbkShapefileWithoutCpgIsDetected) {
    test::TempDir dir;
    const std::string shp = dir / "buildings.shp";
    write_layer(
        shp, "ESRI Shapefile", "buildings", wkbPolygon, 4326,
        {{"POLYGON((104.06 30.66,104.0602 30.66,104.0602 30.6602,104.06 30.6602,104.06 30.66))",
          {{"NAME", "锦绣花园3栋"}, {"HH", "24"}}}},
        {"ENCODING=CP936"});
    std::filesystem::remove(dir / "buildings.cpg");
    ImportOptions options;
    options.sources = {shp};
    options.fields["buildings.households"] = "HH";
    const Imported r = run(options);
    ASSERT_EQ(r.district.buildings.size(), 1u);
    EXPECT_EQ(r.district.buildings[0].name, "锦绣花园3栋");
    EXPECT_EQ(r.district.buildings[0].households, 24);
    EXPECT_NE(r.report.sources[0].encoding.find("detected"), std::string::npos);
    // An override the text is not valid in is an error naming the feature and field, never
    // bytes imported as they are.
    options.encoding = TextEncoding::utf8;
    const std::string message = error_of(options);
    EXPECT_NE(
        message.find("buildings.shp: layer 'buildings' feature buildings#0, field 'NAME': "
                     "not valid UTF-8 text (encoding utf8); it reads as GBK: try encoding gbk"),
        std::string::npos)
        << message;
    // The parameter named apart, for front ends to say their own way.
    EXPECT_EQ(params_of(options), (std::vector<std::string>{"encoding utf8", "encoding gbk"}));
}

namespace {
const std::string square =
    "POLYGON((104.06 30.66,104.0602 30.66,104.0602 30.6602,104.06 30.6602,104.06 30.66))";
}

TEST(Import, CpgNamingTheWrongEncodingIsOverruledWithAWarning) {
    test::TempDir dir;
    const std::string shp = dir / "buildings.shp";
    write_layer(shp, "ESRI Shapefile", "buildings", wkbPolygon, 4326,
                {{square, {{"NAME", "四川科技馆"}}}, {square, {{"NAME", "No.3"}}}},
                {"ENCODING=CP936"});
    test::write_file(dir / "buildings.cpg", "UTF-8"); // the wrong one: the text is GBK
    ImportOptions options;
    options.sources = {shp};
    Imported r = run(options);
    ASSERT_EQ(r.district.buildings.size(), 2u);
    EXPECT_EQ(r.district.buildings[0].name, "四川科技馆");
    EXPECT_EQ(r.district.buildings[1].name, "No.3");
    const SourceReport& source = r.report.sources.at(0);
    EXPECT_EQ(source.encoding, "CP936 (detected; buildings.cpg says UTF-8)");
    ASSERT_EQ(source.warnings.size(), 1u);
    const std::string warning = source.warnings[0].str();
    EXPECT_NE(warning.find("buildings.cpg declares UTF-8 but the text is GBK"), std::string::npos)
        << warning;
    EXPECT_NE(warning.find("feature buildings#0, field 'NAME' is not valid UTF-8"),
              std::string::npos)
        << warning;
    EXPECT_NE(warning.find("read as GBK; use encoding to override"), std::string::npos) << warning;
    ASSERT_EQ(source.warnings[0].params.size(), 1u);
    EXPECT_EQ(source.warnings[0].params[0].param, import_param::encoding);
    EXPECT_EQ(source.warnings[0].params[0].value, "");
    // In the JSON report too, and back.
    const nlohmann::json json = r.report.to_json()["sources"][0]["warnings"][0];
    EXPECT_EQ(json["message"], warning);
    const std::string said =
        param_text_from_json(json).say([](const ParamMention& p) { return "<" + p.param + ">"; });
    EXPECT_EQ(said.substr(said.rfind(';')), "; use <encoding> to override") << said;

    // The encoding chosen overrides the .cpg, with nothing to warn about.
    options.encoding = TextEncoding::gbk;
    r = run(options);
    EXPECT_EQ(r.district.buildings[0].name, "四川科技馆");
    EXPECT_EQ(r.report.sources.at(0).encoding, "CP936 (chosen)");
    EXPECT_TRUE(r.report.sources.at(0).warnings.empty());

    // The other way round: UTF-8 text under a .cpg saying GBK (15 bytes: not GBK).
    const std::string utf8_shp = dir / "xq.shp";
    write_layer(utf8_shp, "ESRI Shapefile", "xq", wkbPolygon, 4326,
                {{square, {{"XQMC", "北斗星花园"}}}}, {"ENCODING=UTF-8"});
    test::write_file(dir / "xq.cpg", "GBK\r\n");
    ImportOptions compounds;
    compounds.maps = {parse_layer_map("compounds=" + utf8_shp)};
    r = run(compounds);
    ASSERT_EQ(r.district.compounds.size(), 1u);
    EXPECT_EQ(r.district.compounds[0].name, "北斗星花园");
    ASSERT_EQ(r.report.sources.at(0).warnings.size(), 1u);
    EXPECT_NE(
        r.report.sources.at(0).warnings[0].str().find("xq.cpg declares GBK but the text is UTF-8"),
        std::string::npos)
        << r.report.sources.at(0).warnings[0].str();
}

TEST(Import, TextThatIsNeitherUtf8NorGbkIsAnErrorNamingTheField) {
    test::TempDir dir;
    const std::string shp = dir / "buildings.shp";
    // Raw bytes, written without recoding: feature 1's NAME is no text in either encoding.
    write_layer(shp, "ESRI Shapefile", "buildings", wkbPolygon, 4326,
                {{square, {{"NAME", "ok"}}}, {square, {{"NAME", "\xFF\xFE\xFF"}}}}, {"ENCODING="});
    for (const char* cpg : {"UTF-8", "CP936", ""}) {
        SCOPED_TRACE(cpg);
        std::filesystem::remove(dir / "buildings.cpg");
        if (*cpg) test::write_file(dir / "buildings.cpg", cpg);
        ImportOptions options;
        options.sources = {shp};
        const std::string message = error_of(options);
        EXPECT_NE(message.find(shp + ": layer 'buildings' feature buildings#1, field 'NAME': "
                                     "not valid "),
                  std::string::npos)
            << message;
        EXPECT_NE(message.find("; say which with encoding gbk|utf8"), std::string::npos) << message;
        EXPECT_EQ(params_of(options), std::vector<std::string>{"encoding gbk|utf8"});
    }
}

TEST(Import, Utf8ShapefileWithCpg) {
    test::TempDir dir;
    const std::string shp = dir / "xq.shp";
    write_layer(shp, "ESRI Shapefile", "xq", wkbPolygon, 4326,
                {{"POLYGON((104.06 30.66,104.07 30.66,104.07 30.67,104.06 30.67,104.06 30.66))",
                  {{"XQMC", "北斗星花园"}, {"GLMS", "封闭式"}}}},
                {"ENCODING=UTF-8"});
    ImportOptions options;
    options.maps = {parse_layer_map("compounds=" + shp)};
    options.fields.insert(parse_field_map("compounds.mode=GLMS"));
    const Imported r = run(options);
    ASSERT_EQ(r.district.compounds.size(), 1u);
    EXPECT_EQ(r.district.compounds[0].name, "北斗星花园"); // XQMC found by the default names
    EXPECT_EQ(r.district.compounds[0].mode, CompoundMode::closed);
}

TEST(Import, InvalidPolygonsAreRepairedAndEmptyOnesDropped) {
    test::TempDir dir;
    const std::string path = dir / "b.geojson";
    write_layer(
        path, "GeoJSON", "buildings", wkbPolygon, 4326,
        {{"POLYGON((104.06 30.66,104.0602 30.6602,104.0602 30.66,104.06 30.6602,104.06 30.66))",
          {{"name", "bow-tie"}}},
         {"POLYGON EMPTY", {{"name", "empty"}}},
         {"POLYGON((104.061 30.661,104.0612 30.661,104.0612 30.6612,104.061 30.6612,104.061 "
          "30.661))",
          {{"name", "fine"}}}});
    ImportOptions options;
    options.sources = {path};
    const Imported r = run(options);
    const LayerReport& l = r.report.layers.at("buildings");
    EXPECT_EQ(l.read, 3u);
    EXPECT_EQ(l.imported, 2u);
    EXPECT_EQ(l.repaired, 1u);
    EXPECT_EQ(l.dropped, 1u);
    ASSERT_EQ(r.district.buildings.size(), 2u);
    // The bow-tie becomes two triangles: a valid multipolygon.
    EXPECT_EQ(r.district.buildings[0].geom.size(), 2u);
}

namespace {

/// WKT of a ring of `n` random points in a disc of 50 m around (x, y), joined in random order.
std::string random_star(int n, double x, double y) {
    std::mt19937 random(20);
    std::uniform_real_distribution<double> unit(0, 1);
    std::ostringstream wkt;
    wkt.precision(12);
    wkt << "POLYGON((";
    double x0 = 0, y0 = 0;
    for (int i = 0; i < n; ++i) {
        const double a = 2 * M_PI * unit(random), r = 50 * std::sqrt(unit(random));
        const double px = x + r * std::cos(a), py = y + r * std::sin(a);
        if (i == 0) x0 = px, y0 = py;
        wkt << px << " " << py << ",";
    }
    wkt << x0 << " " << y0 << "))";
    return wkt.str();
}

/// A Progress whose planner asks to cancel as soon as `stage` is reported.
class CancelAt final : public Progress {
public:
    explicit CancelAt(std::string stage) : m_stage(std::move(stage)) {}
    bool cancel_requested() const override { return m_cancelled; }

protected:
    void on_progress(std::string_view stage, double) override {
        m_cancelled = m_cancelled || stage == m_stage;
    }

private:
    std::string m_stage;
    bool m_cancelled = false;
};

} // namespace

TEST(Import, RepairKeepsTheFootprintArea) {
    test::TempDir dir;
    const std::string path = dir / "b.gpkg";
    // In UTM 48N (EPSG:32648), metres: a bow-tie crossing at its centre (two triangles of
    // 20 × 10 / 2 × 2 = 100 m² each), and two 10 m squares overlapping by 5 m × 5 m (union
    // 175 m²; an even-odd repair would cut the overlap out, leaving 150 m²).
    write_layer(path, "GPKG", "buildings", wkbMultiPolygon, 32648,
                {{"MULTIPOLYGON(((400000 3390000,400020 3390020,400020 3390000,400000 3390020,"
                  "400000 3390000)))",
                  {{"name", "bow-tie"}}},
                 {"MULTIPOLYGON(((400100 3390000,400110 3390000,400110 3390010,400100 3390010,"
                  "400100 3390000)),((400105 3390005,400115 3390005,400115 3390015,400105 "
                  "3390015,400105 3390005)))",
                  {{"name", "overlapping parts"}}}});
    ImportOptions options;
    options.sources = {path};
    const Imported r = run(options);
    ASSERT_EQ(r.district.buildings.size(), 2u);
    EXPECT_EQ(r.report.layers.at("buildings").repaired, 2u);
    EXPECT_NEAR(area(r.district.buildings[0].geom), 200.0, 1e-3);
    EXPECT_EQ(r.district.buildings[0].geom.size(), 2u);
    EXPECT_NEAR(area(r.district.buildings[1].geom), 175.0, 1e-3);
    EXPECT_EQ(r.district.buildings[1].geom.size(), 1u);
}

TEST(Import, TangledOutlinesAreDroppedWithTheReasonTheRestImported) {
    test::TempDir dir;
    const std::string path = dir / "b.gpkg";
    // 1,000 random vertices joined in random order cross about 110,000 times: GEOS' repair of
    // it took over 300 s; 3,000 took gigabytes. A 100-vertex star crosses about 1,100 times.
    write_layer(path, "GPKG", "buildings", wkbPolygon, 32648,
                {{random_star(1000, 400000, 3390000), {{"name", "star-1000"}}},
                 {random_star(3000, 400200, 3390000), {{"name", "star-3000"}}},
                 {random_star(100, 400400, 3390000), {{"name", "star-100"}}},
                 {random_star(20, 400600, 3390000), {{"name", "star-20"}}},
                 {"POLYGON((400800 3390000,400820 3390000,400820 3390020,400800 3390020,"
                  "400800 3390000))",
                  {{"name", "fine"}}}});
    ImportOptions options;
    options.sources = {path};
    options.fields = {{"buildings.id", "name"}};
    const Imported r = run(options);
    const LayerReport& l = r.report.layers.at("buildings");
    EXPECT_EQ(l.read, 5u);
    EXPECT_EQ(l.dropped, 3u);
    const std::string reason =
        "edges cross more than 1000 times: too tangled to repair; fix the outline in the source";
    ASSERT_EQ(l.dropped_ids.count(reason), 1u);
    EXPECT_EQ(l.dropped_ids.at(reason),
              (std::vector<std::string>{"star-1000", "star-3000", "star-100"}));
    ASSERT_EQ(r.district.buildings.size(), 2u);
    EXPECT_EQ(r.district.buildings[0].source_id, "star-20"); // repaired
    EXPECT_EQ(l.repaired, 1u);
    EXPECT_EQ(r.district.buildings[1].source_id, "fine");
    EXPECT_NEAR(area(r.district.buildings[1].geom), 400.0, 1e-3);
}

TEST(Import, RepairLimitsCountCrossingsNotSharedVertices) {
    using detail::make_valid;
    using detail::RepairLimits;
    SilentProgress progress;
    // A row of bow-ties: a band whose long sides zigzag out of phase. Its crossings are
    // counted by brute force below; a limit one short of them refuses it, one equal repairs it.
    Ring band;
    for (int i = 0; i <= 40; ++i)
        band.push_back({i * 1.0, i % 2 ? 1.0 : 0.0});
    for (int i = 40; i >= 0; --i)
        band.push_back({i + 0.5, i % 2 ? 0.0 : 1.0});
    band.push_back(band.front());
    // Brute force: proper crossings of non-neighbouring edges.
    std::size_t crossings = 0;
    const auto side = [](Point p, Point q, Point r) {
        const double d = (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
        return (d > 0) - (d < 0);
    };
    const std::size_t edges = band.size() - 1;
    for (std::size_t i = 0; i < edges; ++i)
        for (std::size_t j = i + 2; j < edges; ++j) {
            if (i == 0 && j == edges - 1) continue;
            const Point a = band[i], b = band[i + 1], c = band[j], d = band[j + 1];
            if (side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0) ++crossings;
        }
    ASSERT_GE(crossings, 40u);
    const MultiPolygon bowties{Polygon{{band}}};
    const RepairLimits tight{crossings - 1, 1000000};
    const RepairLimits enough{crossings, 1000000};
    EXPECT_TRUE(make_valid(bowties, &tight, &progress).refused);
    const detail::Repair repaired = make_valid(bowties, &enough, &progress);
    EXPECT_FALSE(repaired.refused);
    EXPECT_TRUE(repaired.repaired);
    EXPECT_GT(area(repaired.polygons), 0.0);
    // A square with 10 spikes out and back along the same line: no crossing (the edges of a
    // spike share its foot), so even a limit of 0 repairs it, to the square.
    Ring spiky;
    for (int i = 0; i < 10; ++i) {
        spiky.push_back({i * 1.0, 0});
        spiky.push_back({i + 0.5, -5});
        spiky.push_back({i * 1.0, 0});
    }
    spiky.insert(spiky.end(), {{10, 0}, {10, 10}, {0, 10}, {0, 0}});
    const RepairLimits none{0, 1000000};
    const detail::Repair square = make_valid(MultiPolygon{Polygon{{spiky}}}, &none, &progress);
    EXPECT_FALSE(square.refused);
    EXPECT_TRUE(square.repaired);
    EXPECT_NEAR(area(square.polygons), 100.0, 1e-9);
    // The pair budget: a random star is refused by it when the crossings allowed are many.
    const RepairLimits few_tests{1000000, 1000};
    Ring star;
    std::mt19937 random(7);
    std::uniform_real_distribution<double> unit(0, 100);
    for (int i = 0; i < 300; ++i)
        star.push_back({unit(random), unit(random)});
    star.push_back(star.front());
    const detail::Repair budget = make_valid(MultiPolygon{Polygon{{star}}}, &few_tests, &progress);
    EXPECT_TRUE(budget.refused);
    EXPECT_NE(budget.reason.find("more than 1000 pairs of edges"), std::string::npos)
        << budget.reason;
}

TEST(Import, CancelStopsTheRepair) {
    test::TempDir dir;
    const std::string path = dir / "b.gpkg";
    write_layer(path, "GPKG", "buildings", wkbPolygon, 32648,
                {{random_star(20, 400000, 3390000), {{"name", "star-20"}}}});
    ImportOptions options;
    options.sources = {path};
    CancelAt cancel("repairing buildings");
    EXPECT_THROW(import_district(options, cancel), Cancelled);
    // Inside GEOS: a cancel asked before the repair interrupts GEOS' work (no limits: no
    // counting of crossings, which would see the cancel first).
    const MultiPolygon star{Polygon{{{{0, 0}, {20, 20}, {20, 0}, {0, 20}, {0, 0}}}}};
    CancelAt at_once("now");
    at_once.report("now", 0.0); // cancel requested from here on
    EXPECT_THROW(detail::make_valid(star, nullptr, &at_once), Cancelled);
    EXPECT_NE(detail::geos_message().find("Interrupted"), std::string::npos)
        << detail::geos_message();
}

TEST(Import, ShapefileWhoseDbfAndShpDisagreeIsAnErrorNamingBoth) {
    test::TempDir dir;
    const auto square = [](int i) {
        const std::string x0 = std::to_string(104.06 + i * 0.001),
                          x1 = std::to_string(104.0605 + i * 0.001);
        return "POLYGON((" + x0 + " 30.66," + x1 + " 30.66," + x1 + " 30.6605," + x0 + " 30.6605," +
               x0 + " 30.66))";
    };
    std::vector<FeatureSpec> eight, four;
    for (int i = 0; i < 8; ++i)
        (i < 4 ? four : eight).push_back({square(i), {{"name", "b" + std::to_string(i)}}});
    eight.insert(eight.begin(), four.begin(), four.end());
    write_layer(dir / "b.shp", "ESRI Shapefile", "b", wkbPolygon, 4326, eight);
    write_layer(dir / "half.shp", "ESRI Shapefile", "half", wkbPolygon, 4326, four);
    ImportOptions options;
    options.maps = {parse_layer_map("buildings=" + dir / "b.shp")};
    ASSERT_EQ(run(options).district.buildings.size(), 8u); // as written, all 8

    namespace fs = std::filesystem;
    const fs::path whole = dir.path() / "whole.dbf";
    fs::copy_file(dir / "b.dbf", whole);
    fs::copy_file(dir / "half.dbf", dir / "b.dbf", fs::copy_options::overwrite_existing);
    std::string err = error_of(options);
    EXPECT_NE(err.find(dir / "b.dbf" + ": 4 records, but b.shp holds 8 shapes"), std::string::npos)
        << err;
    EXPECT_NE(err.find("nothing is imported"), std::string::npos) << err;

    // The other way round: 8 records for 4 shapes.
    fs::copy_file(whole, dir / "half.dbf", fs::copy_options::overwrite_existing);
    options.maps = {parse_layer_map("buildings=" + dir / "half.shp")};
    err = error_of(options);
    EXPECT_NE(err.find(dir / "half.dbf" + ": 8 records, but half.shp holds 4 shapes"),
              std::string::npos)
        << err;
}

TEST(Import, HouseholdsAreEstimatedFromFootprintAndFloors) {
    test::TempDir dir;
    const std::string path = dir / "b.gpkg";
    // A 20 m × 50 m footprint in UTM 48N (EPSG:32648), 6 floors, no households field:
    // 1000 m² × 6 ÷ 100 m² per household = 60 households.
    write_layer(
        path, "GPKG", "buildings", wkbPolygon, 32648,
        {{"POLYGON((400000 3390000,400020 3390000,400020 3390050,400000 3390050,400000 3390000))",
          {{"floors", "6"}, {"category", "residential"}}},
         {"POLYGON((400100 3390000,400120 3390000,400120 3390050,400100 3390050,400100 3390000))",
          {{"floors", "3"}, {"category", "commercial"}}}});
    ImportOptions options;
    options.sources = {path};
    const Imported r = run(options);
    ASSERT_EQ(r.district.buildings.size(), 2u);
    EXPECT_EQ(r.district.meta.srid, 32648);
    EXPECT_NEAR(r.district.buildings[0].households, 60, 1e-9);
    EXPECT_TRUE(r.district.buildings[0].households_estimated);
    EXPECT_EQ(r.district.buildings[1].households, 0); // not a home
}

TEST(Import, CsvWithoutCrsNeedsSourceCrsAndGcj02IsUnshifted) {
    test::TempDir dir;
    const std::string path = dir / "gates.csv";
    test::write_file(path, "name,lon,lat\n东门,104.0650,30.6650\n");
    test::write_file(dir / "b.csv", "name,wkt\nb,\"POLYGON((104.06 30.66,104.0602 30.66,104.0602 "
                                    "30.6602,104.06 30.6602,104.06 30.66))\"\n");
    ImportOptions options;
    options.maps = {parse_layer_map("gates=" + path),
                    parse_layer_map("buildings=" + dir / "b.csv")};
    const std::string err = error_of(options);
    EXPECT_NE(err.find("has no CRS"), std::string::npos) << err;
    EXPECT_NE(err.find("has no CRS; say which with source_crs (e.g."), std::string::npos) << err;
    EXPECT_EQ(params_of(options), std::vector<std::string>{"source_crs"});

    options.source_crs = "gcj02";
    const Imported shifted = run(options);
    options.source_crs = "EPSG:4326";
    const Imported plain = run(options);
    ASSERT_EQ(shifted.district.gates.size(), 1u);
    // GCJ-02 is WGS-84 moved by a few hundred metres in Chengdu; after unshifting, the gate
    // lies where gcj02_to_wgs84 says, i.e. about that far from the unconverted reading.
    const Point wgs = gcj02_to_wgs84({104.0650, 30.6650});
    const double dx = (wgs.x - 104.0650) * 111320 * std::cos(30.665 * M_PI / 180),
                 dy = (wgs.y - 30.6650) * 110574;
    const Point a = shifted.district.gates[0].pos, b = plain.district.gates[0].pos;
    EXPECT_NEAR(a.x - b.x, dx, 3.0);
    EXPECT_NEAR(a.y - b.y, dy, 3.0);
    EXPECT_GT(std::hypot(dx, dy), 100.0);
}

TEST(Import, BadInputNamesTheFileLayerFeatureOrField) {
    test::TempDir dir;
    ImportOptions options;
    options.sources = {dir / "nothing.osm"};
    EXPECT_NE(error_of(options).find("nothing.osm: no such file"), std::string::npos);

    test::write_file(dir / "junk.shp", "definitely not a shapefile");
    options.sources = {dir / "junk.shp"};
    EXPECT_NE(error_of(options).find("junk.shp"), std::string::npos);

    const std::string gpkg = dir / "d.gpkg";
    write_layer(gpkg, "GPKG", "houses", wkbPolygon, 4326,
                {{"POLYGON((104.06 30.66,104.0602 30.66,104.0602 30.6602,104.06 30.66))",
                  {{"name", "x"}}}});
    options.sources = {};
    options.maps = {parse_layer_map("buildings=" + gpkg + ":blocks")};
    EXPECT_NE(error_of(options).find("no layer 'blocks' (layers: houses)"), std::string::npos)
        << error_of(options);

    options.maps = {parse_layer_map("buildings=" + gpkg + ":houses")};
    options.fields["buildings.households"] = "HU";
    EXPECT_NE(error_of(options).find("layer 'houses': no field 'HU'"), std::string::npos)
        << error_of(options);
    EXPECT_THROW(parse_field_map("buildings.colour=C"), InputError);
    EXPECT_THROW(parse_layer_map("trees=x.shp"), InputError);
    try {
        parse_layer_map("buildings");
        ADD_FAILURE() << "a map without '=' taken";
    } catch (const ParamError& e) {
        EXPECT_EQ(e.param(), import_param::map);
        EXPECT_STREQ(e.what(), "map buildings: write ROLE=FILE[:LAYER]");
    }

    // Projected coordinates that claim to be lon/lat: out of range.
    const std::string wrong = dir / "wrong.geojson";
    write_layer(wrong, "GeoJSON", "buildings", wkbPolygon, 4326,
                {{"POLYGON((400000 3390000,400020 3390000,400020 3390050,400000 3390000))",
                  {{"name", "x"}}}});
    options = {};
    options.sources = {wrong};
    EXPECT_NE(error_of(options).find("out of range"), std::string::npos) << error_of(options);
    EXPECT_NE(error_of(options).find("wrong.geojson: layer 'buildings' feature"),
              std::string::npos);

    options = {};
    options.sources = {gpkg};
    options.source_crs = "EPSG:999999";
    EXPECT_NE(error_of(options).find("source_crs EPSG:999999: not a CRS PROJ knows"),
              std::string::npos)
        << error_of(options);
    EXPECT_EQ(params_of(options), std::vector<std::string>{"source_crs EPSG:999999"});
}

TEST(Import, Cgcs2000AndItsGaussKrugerZoneGiveTheSamePlaces) {
    // The same compound written in CGCS2000 lon/lat (EPSG:4490) and in the CGCS2000 3-degree
    // Gauss-Krüger zone around 105°E (EPSG:4547) lands on the same project coordinates.
    test::TempDir dir;
    const std::string wkt =
        "POLYGON((104.06 30.66,104.07 30.66,104.07 30.67,104.06 30.67,104.06 30.66))";
    OGRGeometry* g = nullptr;
    OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g);
    std::unique_ptr<OGRGeometry> geom(g);
    OGRSpatialReference from, to;
    from.importFromEPSG(4490);
    from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    to.importFromEPSG(4547);
    to.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&from, &to));
    ASSERT_EQ(geom->transform(ct.get()), OGRERR_NONE);
    char* gk = nullptr;
    geom->exportToWkt(&gk);
    write_layer(dir / "a.gpkg", "GPKG", "compounds", wkbPolygon, 4490, {{wkt, {{"name", "甲"}}}});
    write_layer(dir / "b.gpkg", "GPKG", "compounds", wkbPolygon, 4547, {{gk, {{"name", "甲"}}}});
    CPLFree(gk);
    auto import_one = [&](const std::string& path) {
        ImportOptions options;
        options.maps = {parse_layer_map("compounds=" + path)};
        options.project_crs = "EPSG:32648";
        return run(options).district.compounds.at(0).geom.at(0).rings.at(0);
    };
    const Ring a = import_one(dir / "a.gpkg"), b = import_one(dir / "b.gpkg");
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_NEAR(a[i].x, b[i].x, 0.01);
        EXPECT_NEAR(a[i].y, b[i].y, 0.01);
    }
}

TEST(Import, MappingFileNamesLayersAndFields) {
    test::TempDir dir;
    std::filesystem::create_directories(dir / "src");
    write_layer(
        dir / "src/楼栋.gpkg", "GPKG", "lz", wkbPolygon, 4326,
        {{"POLYGON((104.06 30.66,104.0602 30.66,104.0602 30.6602,104.06 30.6602,104.06 30.66))",
          {{"MC", "3栋"}, {"HS", "42"}}}});
    test::write_file(dir / "map.txt", "# roles and fields\n"
                                      "buildings = src/楼栋.gpkg:lz   # relative to this file\n"
                                      "buildings.households = HS\n"
                                      "buildings.name = MC\n");
    ImportOptions options;
    read_mapping_file(dir / "map.txt", options);
    ASSERT_EQ(options.maps.size(), 1u);
    EXPECT_EQ(options.maps[0].layer, "lz");
    EXPECT_EQ(options.fields.at("buildings.households"), "HS");
    const Imported r = run(options);
    ASSERT_EQ(r.district.buildings.size(), 1u);
    EXPECT_EQ(r.district.buildings[0].name, "3栋");
    EXPECT_EQ(r.district.buildings[0].households, 42);

    test::write_file(dir / "bad.txt", "buildings = a.shp\nbuildings.colour = C\n");
    ImportOptions bad;
    try {
        read_mapping_file(dir / "bad.txt", bad);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find(
                      "bad.txt:2: buildings.colour=C: buildings has no attribute 'colour'"),
                  std::string::npos)
            << e.what();
    }
}

TEST(Import, TheDistrictBoundaryIsGuessedFromItsLayerNameAndMustBeAPolygon) {
    test::TempDir dir;
    const std::string gpkg = dir / "wuhou.gpkg";
    write_layer(gpkg, "GPKG", "buildings", wkbPolygon, 32648,
                {{"POLYGON((400000 3390000,400020 3390000,400020 3390050,400000 3390050,400000 "
                  "3390000))",
                  {{"floors", "6"}}}});
    write_layer(gpkg, "GPKG", "行政区划", wkbPolygon, 32648,
                {{"POLYGON((399000 3389000,401000 3389000,401000 3391000,399000 3391000,399000 "
                  "3389000))",
                  {{"name", "武侯区"}, {"code", "510107"}}}},
                {}, true);
    ImportOptions options;
    options.sources = {gpkg};
    const Imported r = run(options);
    ASSERT_EQ(r.district.boundary.size(), 1u);
    EXPECT_EQ(r.district.boundary[0].id, 1);
    EXPECT_EQ(r.district.boundary[0].name, "武侯区");
    EXPECT_EQ(r.district.boundary[0].code, "510107");
    EXPECT_NEAR(area(r.district.boundary[0].geom), 4e6, 1.0);
    EXPECT_EQ(r.report.layers.at("district").imported, 1u);
    EXPECT_EQ(guess_layer_role("district"), std::optional<std::string>("district"));
    EXPECT_EQ(guess_layer_role("admin_boundary"), std::optional<std::string>("district"));
    EXPECT_EQ(guess_layer_role("compound_boundary"), std::optional<std::string>("compounds"));

    // A boundary that is a line is refused, naming the file, layer and feature: the district
    // is never quietly something else.
    const std::string line = dir / "boundary.geojson";
    write_layer(line, "GeoJSON", "boundary", wkbLineString, 4326,
                {{"LINESTRING(104.06 30.66,104.07 30.66,104.07 30.67)", {{"name", "武侯区"}}}});
    options.sources = {gpkg};
    options.maps = {parse_layer_map("district=" + line)};
    const std::string err = error_of(options);
    EXPECT_NE(err.find("boundary.geojson: layer 'boundary' feature boundary#0: a district "
                       "boundary must be a polygon, not a Line String"),
              std::string::npos)
        << err;
}
