#include "gdal_layer.hpp"
#include "temp_dir.hpp"

#include <cordon/geo/chinese_shift.hpp>
#include <cordon/geo/error.hpp>
#include <cordon/geo/import_setup.hpp>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace cordon;
using namespace cordon::geo;

namespace {

using test::FeatureSpec;
using test::write_layer;

const std::string square =
    "POLYGON((104.06 30.66,104.0602 30.66,104.0602 30.6602,104.06 30.6602,104.06 30.66))";

/// A GBK Shapefile of compounds without .cpg, with Chinese field names.
std::string gbk_compounds(const test::TempDir& dir) {
    const std::string shp = dir / "小区.shp";
    write_layer(shp, "ESRI Shapefile", "小区", wkbPolygon, 4326,
                {{square, {{"名称", "锦绣花园"}, {"管控模式", "封闭"}, {"lc", "6"}}},
                 {square, {{"名称", "玉林小区"}, {"管控模式", "散居"}, {"lc", "7"}}}},
                {"ENCODING=CP936"});
    std::filesystem::remove(dir / "小区.cpg");
    return shp;
}

const std::string osm_sample = std::string(CORDON_SOURCE_DIR) + "/data/chengdu/chengdu.osm";

} // namespace

TEST(DecodeLossy, ShowsWhatIsNotValidInTheEncoding) {
    const std::string gbk = utf8_to_gbk("成都");
    EXPECT_EQ(decode_lossy(gbk, TextEncoding::gbk), "成都");
    EXPECT_EQ(decode_lossy("成都", TextEncoding::utf8), "成都");
    // GBK read as UTF-8: one U+FFFD a byte that does not decode.
    EXPECT_NE(decode_lossy(gbk, TextEncoding::utf8).find("\xEF\xBF\xBD"), std::string::npos);
    EXPECT_TRUE(is_valid_utf8(decode_lossy(gbk, TextEncoding::utf8)));
    // UTF-8 read as GBK: the wrong characters, still valid UTF-8.
    const std::string wrong = decode_lossy("成都 1", TextEncoding::gbk);
    EXPECT_NE(wrong, "成都 1");
    EXPECT_TRUE(is_valid_utf8(wrong));
    EXPECT_EQ(wrong.substr(wrong.size() - 2), " 1");
}

TEST(ImportSetup, ListsLayersWithTheirRolesAndDetectedFields) {
    test::TempDir dir;
    const std::string shp = gbk_compounds(dir);
    const std::string gpkg = dir / "district.gpkg";
    write_layer(gpkg, "GPKG", "buildings", wkbPolygon, 4326, {{square, {{"户数", "12"}}}});
    write_layer(gpkg, "GPKG", "misc", wkbPoint, 0, {{"POINT(104.06 30.66)", {{"x", "1"}}}}, {},
                true);
    const auto layers = list_source_layers({shp, gpkg}, std::nullopt);
    ASSERT_EQ(layers.size(), 3u);
    EXPECT_EQ(layers[0].layer, "小区");
    EXPECT_EQ(layers[0].role, "compounds");
    EXPECT_EQ(layers[0].geometry, "Polygon");
    EXPECT_EQ(layers[0].features, 2u);
    EXPECT_EQ(layers[0].fields, (std::vector<std::string>{"名称", "管控模式", "lc"}));
    EXPECT_NE(layers[0].crs.find("WGS 84"), std::string::npos);
    EXPECT_EQ(detect_field("name", layers[0].fields), "名称");
    EXPECT_EQ(detect_field("mode", layers[0].fields), "管控模式");
    EXPECT_EQ(detect_field("floors", layers[0].fields), std::nullopt);
    EXPECT_EQ(layers[1].role, "buildings");
    EXPECT_EQ(detect_field("households", layers[1].fields), "户数");
    EXPECT_EQ(layers[2].layer, "misc");
    EXPECT_EQ(layers[2].role, ignore_role);
    EXPECT_EQ(guess_layer_role("Buildings_2024"), "buildings");
    EXPECT_EQ(guess_layer_role("道路"), "roads");
    EXPECT_EQ(guess_layer_role("rivers"), std::nullopt);
}

TEST(ImportSetup, PreviewRowsAreDecodedInTheChosenEncoding) {
    test::TempDir dir;
    const std::string shp = gbk_compounds(dir);
    const PreviewRows detected = preview_rows(shp, "", std::nullopt, 10);
    EXPECT_EQ(detected.encoding, "GBK");
    EXPECT_TRUE(detected.problem.empty()) << detected.problem.str();
    EXPECT_EQ(detected.columns, (std::vector<std::string>{"名称", "管控模式", "lc"}));
    ASSERT_EQ(detected.rows.size(), 2u);
    EXPECT_EQ(detected.rows[0], (std::vector<std::string>{"锦绣花园", "封闭", "6"}));
    EXPECT_EQ(preview_rows(shp, "小区", TextEncoding::gbk, 1).rows.size(), 1u);

    // Read as UTF-8: visibly garbled, and the import's own complaint.
    const PreviewRows wrong = preview_rows(shp, "", TextEncoding::utf8, 10);
    EXPECT_EQ(wrong.encoding, "UTF-8");
    EXPECT_NE(wrong.rows[0][0].find("\xEF\xBF\xBD"), std::string::npos);
    EXPECT_NE(wrong.problem.str().find("not valid UTF-8 text (encoding utf8); it reads as GBK"),
              std::string::npos)
        << wrong.problem.str();
    ASSERT_EQ(wrong.problem.params.size(), 2u);
    EXPECT_EQ(wrong.problem.params[0].param, import_param::encoding);
    EXPECT_EQ(wrong.problem.params[0].value, "utf8");
    EXPECT_EQ(wrong.problem.params[1].value, "gbk");
    EXPECT_THROW(preview_rows(shp, "nope", std::nullopt, 1), InputError);
}

TEST(ImportSetup, PreviewShapesAreConvertedFromTheChosenCrs) {
    test::TempDir dir;
    const std::string shp = gbk_compounds(dir);
    const PreviewShapes as_is = preview_shapes(shp, "", "", 100);
    ASSERT_TRUE(as_is.problem.empty()) << as_is.problem.str();
    ASSERT_EQ(as_is.lines.size(), 2u);
    EXPECT_NEAR(as_is.extent.minx, 104.06, 1e-9);
    EXPECT_NEAR(as_is.extent.miny, 30.66, 1e-9);
    const PreviewShapes gcj = preview_shapes(shp, "", "gcj02", 1);
    ASSERT_EQ(gcj.lines.size(), 1u);
    const Point expected = gcj02_to_wgs84({104.06, 30.66});
    EXPECT_NEAR(gcj.extent.minx, expected.x, 1e-5); // the corners shift a little differently
    EXPECT_NEAR(gcj.extent.miny, expected.y, 1e-5);
    EXPECT_GT(std::abs(gcj.extent.minx - 104.06), 1e-3); // hundreds of metres
    const PreviewShapes bd = preview_shapes(shp, "", "bd09", 1);
    EXPECT_NEAR(bd.extent.minx, bd09_to_wgs84({104.06, 30.66}).x, 1e-5);

    const std::string csv = dir / "points.csv";
    std::ofstream(csv) << "name,lon,lat\na,104.06,30.66\n";
    const PreviewShapes no_crs = preview_shapes(csv, "", "", 10);
    EXPECT_NE(no_crs.problem.str().find("has no CRS; say which with source_crs"), std::string::npos)
        << no_crs.problem.str();
    ASSERT_EQ(no_crs.problem.params.size(), 1u);
    EXPECT_EQ(no_crs.problem.params[0].param, import_param::source_crs);
    const PreviewShapes points = preview_shapes(csv, "", "EPSG:4326", 10);
    ASSERT_EQ(points.points.size(), 1u);
    EXPECT_NEAR(points.points[0].x, 104.06, 1e-9);
    EXPECT_FALSE(preview_shapes(csv, "", "not a crs", 10).problem.empty());
}

TEST(ImportSetup, PreviewFrameFitsTheBoxKeepingItsShape) {
    Box box;
    box.expand(Point{104.0, 30.0});
    box.expand(Point{104.2, 30.1});
    const PreviewFrame frame(box, 220, 120, 10);
    const Point low = frame.pixel({104.0, 30.0}), high = frame.pixel({104.2, 30.1});
    EXPECT_NEAR(low.x, 10, 1e-6); // the width fills 200 px
    EXPECT_NEAR(high.x, 210, 1e-6);
    EXPECT_NEAR(low.y - high.y, 100, 1e-6); // y up, same scale
    EXPECT_NEAR((low.y + high.y) / 2, 60, 1e-6);
}

TEST(ImportSetup, OsmExtractIsReadByTheRulesOrLayerByLayer) {
    const auto layers = list_source_layers({osm_sample}, std::nullopt);
    ASSERT_GE(layers.size(), 4u);
    for (const auto& l : layers) {
        EXPECT_TRUE(l.osm);
        EXPECT_EQ(l.role, osm_rules_role);
    }
    ImportChoices choices = default_choices({osm_sample}, layers);
    ImportArguments a = import_arguments(choices);
    EXPECT_EQ(a.sources, std::vector<std::string>{osm_sample});
    EXPECT_TRUE(a.maps.empty());

    set_layer_role(choices, "chengdu:multipolygons", "buildings");
    for (const auto& c : choices.layers)
        EXPECT_EQ(c.role, c.layer == "multipolygons" ? "buildings" : ignore_role) << c.layer;
    a = import_arguments(choices);
    EXPECT_TRUE(a.sources.empty());
    EXPECT_EQ(a.maps, std::vector<std::string>{"buildings=" + osm_sample + ":multipolygons"});
    const ImportOptions options = import_options(a);
    ASSERT_EQ(options.maps.size(), 1u);
    EXPECT_EQ(options.maps[0].file, osm_sample);
    EXPECT_EQ(options.maps[0].layer, "multipolygons");

    set_layer_role(choices, "points", osm_rules_role);
    for (const auto& c : choices.layers)
        EXPECT_EQ(c.role, osm_rules_role);
    set_layer_role(choices, "lines", ignore_role);
    set_layer_role(choices, "points", ignore_role);
    set_layer_role(choices, "multipolygons", ignore_role);
    set_layer_role(choices, "multilinestrings", ignore_role);
    set_layer_role(choices, "other_relations", ignore_role);
    EXPECT_THROW(import_arguments(choices), InputError); // nothing left
    EXPECT_THROW(set_layer_role(choices, "lines", "parks"), InputError);
    EXPECT_THROW(set_layer_role(choices, "rivers", "roads"), InputError);
}

TEST(ImportSetup, ChoicesGiveTheCliArgumentsAndItsOptions) {
    test::TempDir dir;
    const std::string shp = gbk_compounds(dir);
    const std::string gpkg = dir / "more.gpkg";
    write_layer(gpkg, "GPKG", "xq", wkbPolygon, 4326, {{square, {{"NAME", "x"}, {"lc", "3"}}}});
    ImportChoices choices = default_choices({shp, gpkg}, list_source_layers({shp, gpkg}, {}));
    ASSERT_EQ(choices.layers.size(), 2u);
    EXPECT_THROW(set_layer_role(choices, "xq", osm_rules_role), InputError);
    set_layer_role(choices, "more:xq", "compounds");
    choices.encoding = "gbk";
    choices.source_crs = "gcj02";

    // Names are found by themselves (名称 and NAME): no --field, no conflict.
    ImportArguments a = import_arguments(choices);
    EXPECT_EQ(a.maps, (std::vector<std::string>{"compounds=" + shp + ":小区",
                                                "compounds=" + gpkg + ":xq"}));
    EXPECT_TRUE(a.fields.empty());
    const std::vector<ParamMention> params = a.params();
    std::vector<std::string> said;
    for (const ParamMention& p : params)
        said.push_back(p.param + " " + p.value);
    EXPECT_EQ(said, (std::vector<std::string>{"map compounds=" + shp + ":小区",
                                              "map compounds=" + gpkg + ":xq", "encoding gbk",
                                              "source_crs gcj02"}));

    // A chosen field holds for the role: both layers must read it from the same field.
    choices.layers[0].fields["manager"] = "lc";
    EXPECT_THROW(import_arguments(choices), InputError);
    choices.layers[1].fields["manager"] = "lc";
    a = import_arguments(choices);
    EXPECT_EQ(a.fields, std::vector<std::string>{"compounds.manager=lc"});

    // The options are the CLI's for the same arguments.
    const ImportOptions options = import_options(a);
    EXPECT_TRUE(options.sources.empty());
    ASSERT_EQ(options.maps.size(), 2u);
    EXPECT_EQ(options.maps[0].role, "compounds");
    EXPECT_EQ(options.maps[0].file, shp);
    EXPECT_EQ(options.maps[0].layer, "小区");
    EXPECT_EQ(options.maps[1].layer, "xq");
    EXPECT_EQ(options.fields, (std::map<std::string, std::string>{{"compounds.manager", "lc"}}));
    EXPECT_EQ(options.encoding, TextEncoding::gbk);
    EXPECT_EQ(options.source_crs, "gcj02");

    // And they import: the GBK names read, the managers from the mapped field.
    choices.source_crs.clear();
    SilentProgress progress;
    const Imported imported = import_district(import_options(import_arguments(choices)), progress);
    ASSERT_EQ(imported.district.compounds.size(), 3u);
    EXPECT_EQ(imported.district.compounds[0].name, "锦绣花园");
    EXPECT_EQ(imported.district.compounds[0].manager, "6");
    EXPECT_EQ(imported.district.compounds[0].mode, CompoundMode::closed);
    EXPECT_EQ(imported.district.compounds[2].manager, "3");

    ImportArguments bad;
    bad.sources = {shp};
    bad.encoding = "latin1";
    try {
        import_options(bad);
        ADD_FAILURE() << "latin1 taken";
    } catch (const ParamError& e) { // the parameter named apart
        EXPECT_EQ(e.param(), import_param::encoding);
        EXPECT_EQ(e.value(), "latin1");
        EXPECT_STREQ(e.what(), "encoding latin1: write gbk or utf8");
    }
}
