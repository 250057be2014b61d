#include "gdal_layer.hpp"
#include "temp_dir.hpp"

#include <cordon/geo/chinese_shift.hpp>
#include <cordon/geo/error.hpp>
#include <cordon/geo/import.hpp>
#include <cordon/geo/text_encoding.hpp>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <numeric>

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
    EXPECT_NE(message.find("buildings.shp: layer 'buildings' feature buildings#0, field 'NAME': "
                           "not valid UTF-8 text (--encoding utf8); it reads as GBK"),
              std::string::npos)
        << message;
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
    const std::string& warning = source.warnings[0];
    EXPECT_NE(warning.find("buildings.cpg declares UTF-8 but the text is GBK"), std::string::npos)
        << warning;
    EXPECT_NE(warning.find("feature buildings#0, field 'NAME' is not valid UTF-8"),
              std::string::npos)
        << warning;
    EXPECT_NE(warning.find("read as GBK; use --encoding to override"), std::string::npos)
        << warning;

    // --encoding overrides the .cpg, with nothing to warn about.
    options.encoding = TextEncoding::gbk;
    r = run(options);
    EXPECT_EQ(r.district.buildings[0].name, "四川科技馆");
    EXPECT_EQ(r.report.sources.at(0).encoding, "CP936 (--encoding)");
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
    EXPECT_NE(r.report.sources.at(0).warnings[0].find("xq.cpg declares GBK but the text is UTF-8"),
              std::string::npos)
        << r.report.sources.at(0).warnings[0];
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
        EXPECT_NE(message.find("--encoding gbk|utf8"), std::string::npos) << message;
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
    EXPECT_NE(err.find("--source-crs"), std::string::npos) << err;

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
    EXPECT_NE(error_of(options).find("--source-crs"), std::string::npos);
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
        EXPECT_NE(std::string(e.what()).find("bad.txt:2"), std::string::npos) << e.what();
    }
}
