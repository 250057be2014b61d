#include "temp_dir.hpp"

#include <cordon/geo/chinese_shift.hpp>
#include <cordon/geo/crs.hpp>
#include <cordon/geo/error.hpp>
#include <cordon/geo/export.hpp>
#include <cordon/geo/project_store.hpp>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>

using namespace cordon;
using namespace cordon::geo;

namespace {

/// A small project in UTM 48N with Chinese names and long field names.
std::string make_project(const test::TempDir& dir) {
    District d;
    d.meta.srid = 32648;
    d.meta.crs_name = "WGS 84 / UTM zone 48N";
    for (int i = 0; i < 3; ++i) {
        Compound c;
        c.id = i + 1;
        c.name = std::string("锦绣花园") + std::to_string(i + 1) + "期";
        c.mode = i == 0 ? CompoundMode::closed : CompoundMode::guarded;
        c.manager = "物业公司";
        const double x = 408000 + i * 300, y = 3394000;
        c.geom = {Polygon{{{{x, y}, {x + 200, y}, {x + 200, y + 200}, {x, y + 200}, {x, y}}}}};
        d.compounds.push_back(c);
        Building b;
        b.id = i + 1;
        b.name = "楼栋" + std::to_string(i);
        b.households = 10.0 * (i + 1);
        b.households_estimated = true;
        b.geom = {Polygon{{{{x + 10, y + 10},
                            {x + 30, y + 10},
                            {x + 30, y + 30},
                            {x + 10, y + 30},
                            {x + 10, y + 10}}}}};
        d.buildings.push_back(b);
    }
    const std::string path = dir / "p.cordon";
    SilentProgress progress;
    write_project(d, path, progress);
    return path;
}

GDALDatasetUniquePtr open(const std::string& path) {
    return GDALDatasetUniquePtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
}

nlohmann::json run(const std::string& project, ExportOptions o) {
    SilentProgress progress;
    return export_layer(project, o, progress);
}

} // namespace

TEST(Export, ShapefileKeepsChineseInGbkAndUtf8) {
    test::TempDir dir;
    const std::string project = make_project(dir);
    for (const TextEncoding enc : {TextEncoding::gbk, TextEncoding::utf8}) {
        const std::string out = dir / (enc == TextEncoding::gbk ? "gbk.shp" : "utf8.shp");
        run(project, {"compounds", "shp", out, enc, ""});
        EXPECT_EQ(test::read_file(out.substr(0, out.size() - 4) + ".cpg").substr(0, 5),
                  enc == TextEncoding::gbk ? "CP936" : "UTF-8");
        // The bytes on disk are in the chosen encoding.
        const std::string dbf = test::read_file(out.substr(0, out.size() - 4) + ".dbf");
        const std::string name =
            enc == TextEncoding::gbk ? utf8_to_gbk("锦绣花园2期") : "锦绣花园2期";
        EXPECT_NE(dbf.find(name), std::string::npos);
        // GDAL reads the same features and values back.
        auto ds = open(out);
        ASSERT_TRUE(ds);
        OGRLayer* layer = ds->GetLayer(0);
        ASSERT_EQ(layer->GetFeatureCount(), 3);
        std::vector<std::string> names;
        for (auto& f : *layer)
            names.push_back(f->GetFieldAsString("name"));
        EXPECT_EQ(names, (std::vector<std::string>{"锦绣花园1期", "锦绣花园2期", "锦绣花园3期"}));
    }
}

TEST(Export, ShapefileFieldNamesFitTenBytes) {
    test::TempDir dir;
    const std::string project = make_project(dir);
    const auto report = run(project, {"buildings", "shp", dir / "b.shp", TextEncoding::utf8, ""});
    auto ds = open(dir / "b.shp");
    ASSERT_TRUE(ds);
    OGRFeatureDefn* defn = ds->GetLayer(0)->GetLayerDefn();
    std::set<std::string> names;
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        const std::string n = defn->GetFieldDefn(i)->GetNameRef();
        EXPECT_LE(n.size(), 10u) << n;
        names.insert(n);
    }
    // households and households_estimated collide once cut: the rule numbers the second.
    EXPECT_TRUE(names.count("households"));
    EXPECT_TRUE(names.count("househol_2"));
    auto& layer = *ds->GetLayer(0);
    OGRFeatureUniquePtr f(layer.GetNextFeature());
    EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("households"), 10.0);
    EXPECT_EQ(f->GetFieldAsInteger("househol_2"), 1);
}

TEST(Export, EveryFormatReadsBackTheSameFeatures) {
    test::TempDir dir;
    const std::string project = make_project(dir);
    for (const std::string format : {"gpkg", "kml", "geojson", "csv"}) {
        const std::string out = dir / ("c." + format);
        const auto report = run(project, {"compounds", format, out, TextEncoding::utf8, ""});
        EXPECT_EQ(report["features"], 3);
        auto ds = open(out);
        ASSERT_TRUE(ds) << format;
        OGRLayer* layer = ds->GetLayer(0);
        EXPECT_EQ(layer->GetFeatureCount(), 3) << format;
        layer->ResetReading();
        OGRFeatureUniquePtr f(layer->GetNextFeature());
        ASSERT_TRUE(f);
        const int name =
            f->GetFieldIndex("name") >= 0 ? f->GetFieldIndex("name") : f->GetFieldIndex("Name");
        ASSERT_GE(name, 0) << format;
        EXPECT_EQ(std::string(f->GetFieldAsString(name)), "锦绣花园1期") << format;
        if (format == "csv") {
            EXPECT_NE(test::read_file(out).find("POLYGON"), std::string::npos);
        }
    }
}

TEST(Export, Gcj02AndEpsgTargets) {
    test::TempDir dir;
    const std::string project = make_project(dir);
    run(project, {"buildings", "geojson", dir / "wgs.geojson", TextEncoding::utf8, "EPSG:4326"});
    run(project, {"buildings", "geojson", dir / "gcj.geojson", TextEncoding::utf8, "gcj02"});
    auto wgs = open(dir / "wgs.geojson"), gcj = open(dir / "gcj.geojson");
    OGRFeatureUniquePtr a(wgs->GetLayer(0)->GetNextFeature()),
        b(gcj->GetLayer(0)->GetNextFeature());
    OGREnvelope ea, eb;
    a->GetGeometryRef()->getEnvelope(&ea);
    b->GetGeometryRef()->getEnvelope(&eb);
    EXPECT_GT(ea.MinX, 104.0);
    EXPECT_LT(ea.MinX, 105.0);
    const Point shifted = wgs84_to_gcj02({ea.MinX, ea.MinY});
    EXPECT_NEAR(eb.MinX, shifted.x, 1e-7);
    EXPECT_NEAR(eb.MinY, shifted.y, 1e-7);
}

TEST(Export, BadRequestsAreClearAndWriteNothing) {
    test::TempDir dir;
    const std::string project = make_project(dir);
    SilentProgress progress;
    auto error = [&](ExportOptions o) {
        try {
            export_layer(project, o, progress);
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("(no error)");
    };
    EXPECT_NE(
        error({"trees", "shp", dir / "t.shp", TextEncoding::utf8, ""}).find("no layer 'trees'"),
        std::string::npos);
    EXPECT_NE(error({"compounds", "dwg", dir / "t.dwg", TextEncoding::utf8, ""}).find("format dwg"),
              std::string::npos);
    EXPECT_NE(error({"compounds", "shp", dir / "no/such/t.shp", TextEncoding::utf8, ""})
                  .find("does not exist"),
              std::string::npos);
    EXPECT_NE(error({"compounds", "shp", dir / "t.shp", TextEncoding::utf8, "EPSG:0"}).find("crs"),
              std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(dir / "t.shp"));
}

// The caller's hook runs once the output is complete and before it is put in place: if it
// throws (the caller's own output failed), the earlier export stays, in every format.
TEST(Export, AFailingCallerLeavesTheEarlierExport) {
    test::TempDir dir;
    const std::string project = make_project(dir);
    SilentProgress progress;
    for (const std::string format : {"shp", "gpkg", "kml", "geojson", "csv"}) {
        const std::string out = dir / ("b." + format);
        run(project, {"buildings", format, out, TextEncoding::utf8, ""});
        const std::string earlier = test::read_file(out);
        std::size_t features = 0;
        EXPECT_THROW(export_layer(project, {"compounds", format, out, TextEncoding::gbk, ""},
                                  progress,
                                  [&](const nlohmann::json& report) {
                                      features = report["features"].get<std::size_t>();
                                      throw InputError("the report cannot be written");
                                  }),
                     InputError);
        EXPECT_EQ(features, 3u) << format;
        EXPECT_EQ(test::read_file(out), earlier) << format;
    }
    for (const auto& e : std::filesystem::directory_iterator(dir.path()))
        EXPECT_EQ(e.path().filename().string().find(".cordon-tmp"), std::string::npos);
}

// Exports write feature by feature; what they write reads back whole, a polygon of 50,000
// vertices to the last vertex.
TEST(Export, ALargePolygonReadsBackWhole) {
    test::TempDir dir;
    District d;
    d.meta.srid = 32648;
    d.meta.crs_name = "WGS 84 / UTM zone 48N";
    Building b;
    b.id = 7;
    b.name = "环形";
    Ring ring;
    const int n = 50000;
    for (int i = 0; i < n; ++i) {
        const double a = 2 * 3.14159265358979 * i / n;
        ring.push_back({408000 + 500 * std::cos(a), 3394000 + 500 * std::sin(a)});
    }
    ring.push_back(ring.front());
    b.geom = {Polygon{{ring}}};
    d.buildings.push_back(b);
    const std::string project = dir / "ring.cordon";
    SilentProgress progress;
    write_project(d, project, progress);
    for (const std::string format : {"geojson", "kml", "csv", "shp", "gpkg"}) {
        const std::string out = dir / ("ring." + format);
        run(project, {"buildings", format, out, TextEncoding::utf8, ""});
        auto ds = open(out);
        ASSERT_TRUE(ds) << format;
        OGRFeatureUniquePtr f(ds->GetLayer(0)->GetNextFeature());
        ASSERT_TRUE(f) << format;
        const OGRGeometry* g = f->GetGeometryRef();
        ASSERT_TRUE(g) << format;
        const OGRPolygon* p = wkbFlatten(g->getGeometryType()) == wkbMultiPolygon
                                  ? g->toMultiPolygon()->getGeometryRef(0)
                                  : g->toPolygon();
        ASSERT_EQ(p->getExteriorRing()->getNumPoints(), n + 1) << format;
        if (format != "kml") { // KML is in lon/lat
            EXPECT_NEAR(p->getExteriorRing()->getX(n - 1), ring[n - 1].x, 1e-6) << format;
        }
    }
}
