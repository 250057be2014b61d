#include "temp_dir.hpp"

#include <cordon/geo/basemap.hpp>
#include <cordon/geo/basemap_raster.hpp>
#include <cordon/geo/chinese_shift.hpp>
#include <cordon/geo/error.hpp>
#include <cordon/geo/param_error.hpp>
#include <cordon/geo/param_text.hpp>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include <array>
#include <cmath>
#include <memory>

using namespace cordon;
using namespace cordon::geo;

namespace {

constexpr int k_project = 32648;    // WGS 84 / UTM 48N, the Chengdu sample's
const Point k_place{104.06, 30.66}; // lon, lat in Wuhou

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "(no error)";
}

Point transform(Point p, const char* from, const char* to) {
    OGRSpatialReference a, b;
    a.SetFromUserInput(from);
    b.SetFromUserInput(to);
    a.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    b.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&a, &b));
    t->Transform(1, &p.x, &p.y);
    return p;
}

/// A 200 x 200 RGB GeoTIFF at `pixel` units a pixel whose top-left corner is `origin` in
/// `crs`: white, with a red square on pixels 50..149 both ways.
void make_tiff(const std::string& path, Point origin, double pixel, const char* crs,
               bool georeferenced = true) {
    GDALAllRegister();
    GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
    GDALDatasetUniquePtr ds(gtiff->Create(path.c_str(), 200, 200, 3, GDT_Byte, nullptr));
    ASSERT_TRUE(ds);
    if (georeferenced) {
        double gt[6] = {origin.x, pixel, 0, origin.y, 0, -pixel};
        ds->SetGeoTransform(gt);
        if (crs) {
            OGRSpatialReference srs;
            srs.SetFromUserInput(crs);
            ds->SetSpatialRef(&srs);
        }
    }
    std::vector<std::uint8_t> band(200 * 200);
    for (int b = 1; b <= 3; ++b) {
        for (int y = 0; y < 200; ++y)
            for (int x = 0; x < 200; ++x) {
                const bool in = x >= 50 && x < 150 && y >= 50 && y < 150;
                band[static_cast<std::size_t>(y * 200 + x)] = in ? (b == 1 ? 255 : 0) : 255;
            }
        ASSERT_EQ(ds->GetRasterBand(b)->RasterIO(GF_Write, 0, 0, 200, 200, band.data(), 200, 200,
                                                 GDT_Byte, 0, 0, nullptr),
                  CE_None);
    }
}

struct Found {
    int red = 0;           ///< red pixels
    double cx = 0, cy = 0; ///< their centre, in pixels
    int minx = 1 << 30, maxx = -1, miny = 1 << 30, maxy = -1;
    int transparent = 0;
};

Found red_pixels(const RgbaImage& image) {
    Found f;
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            const std::uint8_t* p = &image.rgba[static_cast<std::size_t>(y * image.width + x) * 4];
            if (p[3] == 0) ++f.transparent;
            if (p[3] > 200 && p[0] > 200 && p[1] < 60 && p[2] < 60) {
                ++f.red;
                f.cx += x + 0.5, f.cy += y + 0.5;
                f.minx = std::min(f.minx, x), f.maxx = std::max(f.maxx, x);
                f.miny = std::min(f.miny, y), f.maxy = std::max(f.maxy, y);
            }
        }
    if (f.red) f.cx /= f.red, f.cy /= f.red;
    return f;
}

} // namespace

TEST(Basemap, SettingsAreCheckedAndKeysRefused) {
    Basemap b;
    b.name = "ortho";
    b.source = "/data/ortho.tif";
    EXPECT_NO_THROW(check_basemap_settings(b));
    b.opacity = 1.5;
    EXPECT_THROW(check_basemap_settings(b), ParamError);
    b.opacity = 0.5;
    b.source_crs = "EPSG:999999";
    EXPECT_THROW(check_basemap_settings(b), ParamError);
    b.source_crs = "GCJ-02";
    EXPECT_NO_THROW(check_basemap_settings(b));
    b.source = "https://t0.tianditu.gov.cn/img_w/wmts?tk=0123456789abcdef&x={x}";
    const std::string refused = error_of([&] { check_basemap_settings(b); });
    EXPECT_NE(refused.find("holds a key"), std::string::npos) << refused;
    EXPECT_EQ(refused.find("0123456789abcdef"), std::string::npos) << refused; // not repeated
    b.source = "https://t0.tianditu.gov.cn/img_w/wmts?tk={key}&x={x}";
    EXPECT_NO_THROW(check_basemap_settings(b));
    b.source = "https://user:secret@tiles.example.cn/{z}/{x}/{y}.png";
    EXPECT_THROW(check_basemap_settings(b), InputError);

    EXPECT_EQ(basemap_name_from_source("/data/正射影像_2024.tif"), "正射影像_2024");
    EXPECT_EQ(basemap_name_from_source("https://tiles.example.cn/{z}/{x}/{y}.png"),
              "tiles.example.cn");

    std::vector<Basemap> all;
    Basemap a;
    a.name = "a";
    a.source = "/a.tif";
    EXPECT_EQ(add_basemap(all, a).id, 1);
    a.name = "b";
    EXPECT_EQ(add_basemap(all, a).order, 2);
    EXPECT_THROW(add_basemap(all, a), InputError); // same name
    all[0].order = 5;
    EXPECT_EQ(basemaps_in_drawing_order(all).front().name, "b");
    EXPECT_EQ(remove_basemap(all, "a").name, "a");
    const std::string none = error_of([&] { remove_basemap(all, "zz"); });
    EXPECT_NE(none.find("basemaps: b"), std::string::npos) << none;
}

TEST(Basemap, AGaussKrugerTiffLandsWhereItsCoordinatesSay) {
    test::TempDir dir;
    const std::string path = dir / "gk.tif";
    // EPSG:4544: CGCS2000 3-degree Gauss-Kruger CM 105E, scale 1, where UTM 48N has 0.9996:
    // the same place is 1.3 km further north in it.
    const Point gk = transform(k_place, "EPSG:4326", "EPSG:4544");
    make_tiff(path, {gk.x - 100, gk.y + 100}, 1.0, "EPSG:4544");
    Basemap b;
    b.name = "gk";
    b.source = path;
    const BasemapInfo info = inspect_basemap(b, k_project);
    EXPECT_EQ(info.driver, "GTiff");
    EXPECT_EQ(info.width, 200);
    EXPECT_NEAR(info.pixel_m, 1.0, 0.01);
    EXPECT_NE(info.crs_name.find("105"), std::string::npos) << info.crs_name;

    // The red square's centre in the project: view of 400 x 400 half-metre pixels around it.
    const Point centre = transform(gk, "EPSG:4544", "EPSG:32648");
    const BasemapView view{
        {centre.x - 100, centre.y - 100, centre.x + 100, centre.y + 100}, 400, 400};
    SilentProgress progress;
    const RgbaImage image = warp_basemap(b, k_project, view, progress);
    ASSERT_EQ(image.width, 400);
    const Found f = red_pixels(image);
    // 100 m square at 0.5 m: 200 pixels a side, centred on the view (within a pixel).
    EXPECT_NEAR(f.cx, 200, 1.0);
    EXPECT_NEAR(f.cy, 200, 1.0);
    EXPECT_NEAR(f.maxx - f.minx + 1, 200, 2);
    EXPECT_NEAR(f.maxy - f.miny + 1, 200, 2);
    EXPECT_EQ(f.transparent, 0); // the raster (200 m) covers the view
    // Far off the raster: transparent.
    const BasemapView away{{centre.x + 500, centre.y, centre.x + 600, centre.y + 100}, 50, 50};
    const RgbaImage empty = warp_basemap(b, k_project, away, progress);
    EXPECT_EQ(red_pixels(empty).transparent, 50 * 50);
}

TEST(Basemap, AGcj02RasterIsPutBackOnTrueCoordinates) {
    test::TempDir dir;
    const std::string path = dir / "gcj.tif";
    // A raster in web-mercator coordinates of GCJ-02: the square drawn where a Chinese web
    // map puts k_place, hundreds of metres from where it is.
    const Point shifted = wgs84_to_gcj02(k_place);
    const Point merc = transform(shifted, "EPSG:4326", "EPSG:3857");
    make_tiff(path, {merc.x - 100 * 1.2, merc.y + 100 * 1.2}, 1.2, "EPSG:3857");
    Basemap b;
    b.name = "gcj";
    b.source = path;
    b.source_crs = "gcj02";
    const Point truth = transform(k_place, "EPSG:4326", "EPSG:32648");
    const BasemapView view{{truth.x - 100, truth.y - 100, truth.x + 100, truth.y + 100}, 200, 200};
    SilentProgress progress;
    const Found on = red_pixels(warp_basemap(b, k_project, view, progress));
    ASSERT_GT(on.red, 1000);
    EXPECT_NEAR(on.cx, 100, 1.0);
    EXPECT_NEAR(on.cy, 100, 1.0);
    // Unshifted it lands where the shifted coordinates say: off by the known shift.
    b.source_crs.clear();
    const Point off = transform(shifted, "EPSG:4326", "EPSG:32648");
    const double dx = off.x - truth.x, dy = off.y - truth.y;
    EXPECT_GT(std::hypot(dx, dy), 100); // the GCJ-02 shift in Chengdu is hundreds of metres
    const BasemapView there{{off.x - 100, off.y - 100, off.x + 100, off.y + 100}, 200, 200};
    const Found moved = red_pixels(warp_basemap(b, k_project, there, progress));
    EXPECT_NEAR(moved.cx, 100, 1.0);
    EXPECT_NEAR(moved.cy, 100, 1.0);
    EXPECT_EQ(red_pixels(warp_basemap(b, k_project, view, progress)).red, 0);
}

TEST(Basemap, BadSourcesAreNamed) {
    test::TempDir dir;
    Basemap b;
    b.name = "扫描图";
    b.source = dir / "missing.tif";
    std::string e = error_of([&] { inspect_basemap(b, k_project); });
    EXPECT_NE(e.find("basemap '扫描图'"), std::string::npos) << e;
    EXPECT_NE(e.find("missing.tif"), std::string::npos) << e;
    EXPECT_NE(e.find("no such file"), std::string::npos) << e;

    b.source = dir / "garbage.tif";
    test::write_file(b.source, std::string(5000, 'x'));
    e = error_of([&] { inspect_basemap(b, k_project); });
    EXPECT_NE(e.find("not a raster GDAL can read"), std::string::npos) << e;

    b.source = dir / "plain.tif";
    make_tiff(b.source, {0, 0}, 1, nullptr, false);
    e = error_of([&] { inspect_basemap(b, k_project); });
    EXPECT_NE(e.find("no georeferencing"), std::string::npos) << e;
    EXPECT_NE(e.find("plain.tif"), std::string::npos) << e;
    SilentProgress progress;
    EXPECT_THROW(warp_basemap(b, k_project, {{0, 0, 10, 10}, 10, 10}, progress), InputError);

    b.source = dir / "nocrs.tif";
    make_tiff(b.source, {500000, 3400000}, 1, nullptr);
    try {
        inspect_basemap(b, k_project);
        FAIL() << "a raster without a CRS was taken";
    } catch (const ParamTextError& err) {
        ASSERT_EQ(err.text().params.size(), 1u);
        EXPECT_EQ(err.text().params[0].param, "source_crs");
    }
    b.source_crs = "EPSG:32648";
    EXPECT_NO_THROW(inspect_basemap(b, k_project));

    // A GeoTIFF cut short: its header opens, its pixels do not read.
    b.source = dir / "cut.tif";
    b.source_crs.clear();
    const std::string whole = dir / "whole.tif";
    make_tiff(whole, {500000, 3400000}, 1, "EPSG:32648");
    const std::string bytes = test::read_file(whole);
    test::write_file(b.source, bytes.substr(0, bytes.size() / 2));
    e = error_of([&] { inspect_basemap(b, k_project); });
    EXPECT_NE(e.find("basemap '扫描图' ("), std::string::npos) << e;
    EXPECT_NE(e.find("cut.tif"), std::string::npos) << e;
}
