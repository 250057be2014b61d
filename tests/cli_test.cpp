// End-to-end: cordon-cli on the real Chengdu sample and on broken input.

#include "cli_runner.hpp"

#include <cordon/geo/checksum.hpp>

#include <cairo.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

using cordon::test::cli;
using cordon::test::CliRun;
using cordon::test::q;
using cordon::test::TempDir;

namespace {

/// The shared sample project, imported once for the tests that only read it.
class Sample : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        GDALAllRegister();
        m_dir = new TempDir;
        m_project = *m_dir / "chengdu.cordon";
        const CliRun r = cli("import " + q(cordon::test::sample_osm()) + " -o " + q(m_project) +
                                 " --json " + q(*m_dir / "report.json"),
                             *m_dir);
        ASSERT_EQ(r.code, 0) << r.err;
    }
    static void TearDownTestSuite() { delete m_dir; }
    static TempDir* m_dir;
    static std::string m_project;
};
TempDir* Sample::m_dir = nullptr;
std::string Sample::m_project;

} // namespace

TEST_F(Sample, ImportReportAndInfoAgreeWithTheExtract) {
    const auto report = nlohmann::json::parse(cordon::test::read_file(*m_dir / "report.json"));
    EXPECT_EQ(report["layers"]["buildings"]["imported"], 800);
    EXPECT_EQ(report["layers"]["compounds"]["imported"], 178);
    EXPECT_EQ(report["layers"]["roads"]["imported"], 2268);
    EXPECT_EQ(report["layers"]["gates"]["imported"], 31);
    EXPECT_GT(report["network"]["edges"].get<int>(), 2268);
    EXPECT_GE(report["network"]["components"]["count"].get<int>(), 1);

    TempDir dir;
    const CliRun info = cli("info " + q(m_project) + " --json", dir);
    ASSERT_EQ(info.code, 0) << info.err;
    const auto j = nlohmann::json::parse(info.out);
    EXPECT_EQ(j["crs"]["epsg"], 32648);
    EXPECT_EQ(j["layers"]["buildings"], 800);
    EXPECT_EQ(j["sources"][0]["sha256"],
              "dc4fd916ca60143d63008acb95e17ab5383ce353749b618c55b6745757f0b27b");
    const CliRun text = cli("info " + q(m_project), dir);
    EXPECT_NE(text.out.find("EPSG:32648"), std::string::npos);
}

TEST_F(Sample, GdalOpensTheProjectAsSpatiaLite) {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(m_project.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    EXPECT_STREQ(ds->GetDriverName(), "SQLite");
    for (const char* layer :
         {"buildings", "compounds", "roads", "gates", "network_edges", "network_nodes"}) {
        OGRLayer* l = ds->GetLayerByName(layer);
        ASSERT_NE(l, nullptr) << layer;
        ASSERT_NE(l->GetSpatialRef(), nullptr) << layer;
        EXPECT_STREQ(l->GetSpatialRef()->GetAuthorityCode(nullptr), "32648") << layer;
    }
    EXPECT_EQ(ds->GetLayerByName("buildings")->GetFeatureCount(), 800);
}

TEST_F(Sample, ExportsReadBackWithChineseInGbkAndUtf8) {
    TempDir dir;
    for (const std::string enc : {"gbk", "utf8"}) {
        const std::string out = dir / ("compounds_" + enc + ".shp");
        const CliRun r =
            cli("export " + q(m_project) + " --layer compounds --format shp --encoding " + enc +
                    " -o " + q(out),
                dir);
        ASSERT_EQ(r.code, 0) << r.err;
        GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
        ASSERT_TRUE(ds);
        OGRLayer* l = ds->GetLayer(0);
        EXPECT_EQ(l->GetFeatureCount(), 178);
        std::set<std::string> names;
        for (auto& f : *l)
            names.insert(f->GetFieldAsString("name"));
        EXPECT_TRUE(names.count("锦绣东方")) << enc;
        EXPECT_TRUE(names.count("财富又一城")) << enc;
    }
    const CliRun kml = cli(
        "export " + q(m_project) + " --layer gates --format kml -o " + q(dir / "gates.kml"), dir);
    ASSERT_EQ(kml.code, 0) << kml.err;
    const CliRun gcj =
        cli("export " + q(m_project) + " --layer roads --format geojson --crs gcj02 -o " +
                q(dir / "roads.geojson"),
            dir);
    ASSERT_EQ(gcj.code, 0) << gcj.err;
}

TEST_F(Sample, ExportsCarryEveryFeatureAndAttributeValue) {
    // Every feature and every field of buildings, compared between the project (read by
    // GDAL) and each exported file (read by GDAL), by the id written into the export.
    GDALDatasetUniquePtr project(GDALDataset::Open(m_project.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(project);
    OGRLayer* source = project->GetLayerByName("buildings");
    std::map<GIntBig, std::vector<std::string>> expected;
    std::vector<std::string> fields;
    for (int i = 0; i < source->GetLayerDefn()->GetFieldCount(); ++i)
        fields.emplace_back(source->GetLayerDefn()->GetFieldDefn(i)->GetNameRef());
    for (auto& f : *source)
        for (int i = 0; i < f->GetFieldCount(); ++i)
            expected[f->GetFID()].push_back(f->GetFieldAsString(i));
    TempDir dir;
    for (const std::string format : {"shp", "gpkg", "geojson", "csv"}) {
        const std::string out = dir / ("b." + format);
        const CliRun r = cli("export " + q(m_project) + " --layer buildings --format " + format +
                                 " -o " + q(out) + " --json " + q(dir / "e.json"),
                             dir);
        ASSERT_EQ(r.code, 0) << r.err;
        const auto report = nlohmann::json::parse(cordon::test::read_file(dir / "e.json"));
        GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
        ASSERT_TRUE(ds) << format;
        OGRLayer* l = ds->GetLayer(0);
        ASSERT_EQ(l->GetFeatureCount(), static_cast<GIntBig>(expected.size())) << format;
        std::size_t checked = 0;
        for (auto& f : *l) {
            const auto& want = expected.at(f->GetFieldAsInteger64("id"));
            for (std::size_t i = 0; i < fields.size(); ++i) {
                const std::string name = report["fields"][i]["written_as"];
                const std::string got = f->GetFieldAsString(name.c_str());
                // Reals may be printed differently by each format: compare as numbers.
                char* end = nullptr;
                const double a = std::strtod(want[i].c_str(), &end);
                if (!want[i].empty() && *end == 0) {
                    EXPECT_NEAR(std::strtod(got.c_str(), nullptr), a, 1e-6)
                        << format << " " << name;
                } else {
                    EXPECT_EQ(got, want[i]) << format << " " << name;
                }
                ++checked;
            }
        }
        EXPECT_EQ(checked, expected.size() * fields.size());
        EXPECT_GT(checked, 8000u);
    }
}

TEST_F(Sample, RenderWritesAMapWithCompoundsBuildingsAndRoads) {
    TempDir dir;
    const std::string png = dir / "map.png";
    const CliRun r = cli("render " + q(m_project) + " -o " + q(png) + " --size 800x600", dir);
    ASSERT_EQ(r.code, 0) << r.err;
    cairo_surface_t* s = cairo_image_surface_create_from_png(png.c_str());
    ASSERT_EQ(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    EXPECT_EQ(cairo_image_surface_get_width(s), 800);
    EXPECT_EQ(cairo_image_surface_get_height(s), 600);
    // Count distinct colours: a blank or one-colour image would have one or two.
    const unsigned char* data = cairo_image_surface_get_data(s);
    const int stride = cairo_image_surface_get_stride(s);
    std::set<std::uint32_t> colours;
    for (int y = 0; y < 600; y += 3)
        for (int x = 0; x < 800; x += 3)
            colours.insert(*reinterpret_cast<const std::uint32_t*>(data + y * stride + x * 4));
    EXPECT_GT(colours.size(), 50u);
    cairo_surface_destroy(s);
}

// Bad input: a one-line error naming the culprit, exit code 2, the existing project unchanged.
class BadInput : public ::testing::Test {
protected:
    void SetUp() override {
        m_project = m_dir / "existing.cordon";
        ASSERT_EQ(
            cli("import " + q(cordon::test::sample_osm()) + " -o " + q(m_project), m_dir).code, 0);
        m_before = cordon::geo::sha256_file(m_project);
    }
    void expect_refused(const std::string& args, const std::string& named) {
        const CliRun r = cli(args + " -o " + q(m_project), m_dir);
        EXPECT_EQ(r.code, 2) << args << "\n" << r.err;
        EXPECT_NE(r.err.find(named), std::string::npos)
            << "error does not name " << named << ": " << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_EQ(cordon::geo::sha256_file(m_project), m_before) << args;
    }
    TempDir m_dir;
    std::string m_project, m_before;
};

TEST_F(BadInput, MissingFile) {
    expect_refused("import " + q(m_dir / "nowhere.osm"), "nowhere.osm: no such file");
}

TEST_F(BadInput, TruncatedShapefile) {
    const std::string shp = m_dir / "b.shp";
    ASSERT_EQ(
        cli("export " + q(m_project) + " --layer buildings --format shp -o " + q(shp), m_dir).code,
        0);
    const std::string bytes = cordon::test::read_file(shp);
    cordon::test::write_file(shp, bytes.substr(0, bytes.size() / 2));
    expect_refused("import --map buildings=" + q(shp), "b.shp");
}

TEST_F(BadInput, LayerThatDoesNotExist) {
    const std::string gpkg = m_dir / "b.gpkg";
    ASSERT_EQ(
        cli("export " + q(m_project) + " --layer buildings --format gpkg -o " + q(gpkg), m_dir)
            .code,
        0);
    expect_refused("import --map buildings=" + q(gpkg + ":houses"), "no layer 'houses'");
}

TEST_F(BadInput, FieldThatDoesNotExist) {
    const std::string gpkg = m_dir / "b.gpkg";
    ASSERT_EQ(
        cli("export " + q(m_project) + " --layer buildings --format gpkg -o " + q(gpkg), m_dir)
            .code,
        0);
    expect_refused("import --map buildings=" + q(gpkg) + " --field buildings.households=HU",
                   "no field 'HU'");
}

TEST_F(BadInput, SourceWithoutCrs) {
    const std::string shp = m_dir / "b.shp";
    ASSERT_EQ(
        cli("export " + q(m_project) + " --layer buildings --format shp -o " + q(shp), m_dir).code,
        0);
    std::filesystem::remove(m_dir / "b.prj");
    expect_refused("import --map buildings=" + q(shp), "has no CRS");
}

TEST_F(BadInput, OsmWithoutBuildings) {
    cordon::test::write_file(m_dir / "roads.osm", R"(<?xml version="1.0"?><osm version="0.6">
<node id="1" lat="30.66" lon="104.06"/><node id="2" lat="30.67" lon="104.07"/>
<way id="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/></way></osm>)");
    expect_refused("import " + q(m_dir / "roads.osm"), "holds no buildings");
}

TEST_F(BadInput, CoordinatesOutOfRange) {
    const std::string shp = m_dir / "b.shp";
    ASSERT_EQ(
        cli("export " + q(m_project) + " --layer buildings --format shp -o " + q(shp), m_dir).code,
        0);
    // Metric UTM coordinates declared as lon/lat.
    expect_refused("import --map buildings=" + q(shp) + " --source-crs EPSG:4326", "out of range");
}

TEST_F(BadInput, UnknownOptionAndBadCrs) {
    expect_refused("import " + q(cordon::test::sample_osm()) + " --colour red", "--colour");
    expect_refused("import " + q(cordon::test::sample_osm()) + " --crs EPSG:4326",
                   "not a projected CRS");
}

// The import names its parameters (geo/param_text.hpp); cordon-cli says them as its options.
TEST_F(BadInput, ParametersAreSaidAsOptions) {
    const std::string corpus = std::string(CORDON_SOURCE_DIR) + "/tests/corpus";
    expect_refused("import --encoding utf8 --map buildings=" +
                       q(corpus + "/wrong_cpg/buildings.shp"),
                   "field 'name': not valid UTF-8 text (--encoding utf8); it reads as GBK: try "
                   "--encoding gbk");
    expect_refused("import --map buildings", "--map buildings: write ROLE=FILE[:LAYER]");
    expect_refused("import " + q(cordon::test::sample_osm()) + " --field buildings.colour=C",
                   "--field buildings.colour=C: buildings has no attribute 'colour'");
    expect_refused("import " + q(cordon::test::sample_osm()) + " --encoding latin1",
                   "--encoding latin1: write gbk or utf8");
    expect_refused("import " + q(cordon::test::sample_osm()) + " --source-crs nowhere",
                   "--source-crs nowhere: not a CRS PROJ knows");
    cordon::test::write_file(m_dir / "gates.csv", "name,lon,lat\n东门,104.0650,30.6650\n");
    expect_refused("import --map gates=" + q(m_dir / "gates.csv"),
                   "has no CRS; say which with --source-crs (e.g. EPSG:4326");
    expect_refused("import", "nothing to import: name a source file or --map ROLE=FILE");
}

// The export's library names its parameters (format, crs); the command line says them as its
// options, and writes nothing.
TEST_F(BadInput, ExportParametersAreSaidAsOptions) {
    const std::string export_compounds = "export " + q(m_project) + " --layer compounds ";
    const std::string out = m_dir / "out.shp";
    for (const auto& [args, said] : std::vector<std::pair<std::string, std::string>>{
             {"--format dwg",
              "cordon-cli export: error: --format dwg: not a format Cordon exports"},
             {"--format shp --crs EPSG:0",
              "cordon-cli export: error: --crs EPSG:0: not a CRS PROJ knows"}}) {
        const CliRun r = cli(export_compounds + args + " -o " + q(out), m_dir);
        EXPECT_EQ(r.code, 2) << args << "\n" << r.err;
        EXPECT_NE(r.err.find(said), std::string::npos) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_FALSE(std::filesystem::exists(out)) << args;
        EXPECT_EQ(cordon::geo::sha256_file(m_project), m_before) << args;
    }
}

TEST(Cli, ImportWarningsSayTheOption) {
    TempDir dir;
    const std::string corpus = std::string(CORDON_SOURCE_DIR) + "/tests/corpus";
    const CliRun r = cli("import --map buildings=" + q(corpus + "/wrong_cpg/buildings.shp") +
                             " -o " + q(dir / "p.cordon") + " --json " + q(dir / "r.json"),
                         dir);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("cordon-cli import: warning: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("read as GBK; use --encoding to override\n"), std::string::npos) << r.err;
    // The report holds the parameter apart, and the library's words.
    const auto report = nlohmann::json::parse(cordon::test::read_file(dir / "r.json"));
    const auto& warning = report["sources"][0]["warnings"][0];
    EXPECT_EQ(warning["params"][0]["param"], "encoding");
    const std::string message = warning["message"];
    EXPECT_NE(message.find("read as GBK; use encoding to override"), std::string::npos) << message;
}

// Every dropped feature on stderr with its id and reason: the first 20, then how many more.
TEST(Cli, ImportListsDroppedFeatures) {
    TempDir dir;
    std::string features;
    for (int i = 0; i < 25; ++i)
        features +=
            R"({"type":"Feature","properties":{"name":"e"},"geometry":{"type":"Polygon","coordinates":[]}},)";
    cordon::test::write_file(
        dir / "b.geojson",
        R"({"type":"FeatureCollection","features":[)" + features +
            R"({"type":"Feature","properties":{"name":"ok"},"geometry":{"type":"Polygon","coordinates":[[[104.06,30.66],[104.0602,30.66],[104.0602,30.6602],[104.06,30.66]]]}}]})");
    const std::string import =
        "import --map buildings=" + q(dir / "b.geojson") + " -o " + q(dir / "p.cordon");
    CliRun r = cli(import + " --json " + q(dir / "r.json"), dir);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("25 dropped"), std::string::npos) << r.out;
    const auto report = nlohmann::json::parse(cordon::test::read_file(dir / "r.json"));
    const auto& because = report["layers"]["buildings"]["dropped_because"];
    ASSERT_EQ(because.size(), 1u) << because;
    const std::string reason = because.begin().key();
    const std::string first = because.begin().value()["ids"][0];
    std::size_t lines = 0;
    for (std::size_t at = 0;
         (at = r.err.find("cordon-cli import: dropped buildings ", at)) != std::string::npos; ++at)
        ++lines;
    EXPECT_EQ(lines, 20u) << r.err;
    EXPECT_NE(r.err.find("cordon-cli import: dropped buildings " + first + ": " + reason + "\n"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("... and 5 more dropped, see " + std::string(dir / "r.json")),
              std::string::npos)
        << r.err;
    r = cli(import, dir);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("... and 5 more dropped, see --json"), std::string::npos) << r.err;
}

TEST(Cli, DemoSaysWhereTheOutputsAre) {
    TempDir dir;
    const CliRun r = cli("demo -o " + q(dir / "out"), dir);
    ASSERT_EQ(r.code, 0) << r.err;
    for (const char* file :
         {"chengdu.cordon", "map.png", "import-report.json", "compounds.shp", "buildings.gpkg"}) {
        EXPECT_NE(r.out.find(file), std::string::npos) << file;
        EXPECT_TRUE(std::filesystem::exists(dir / ("out/" + std::string(file)))) << file;
    }
}
