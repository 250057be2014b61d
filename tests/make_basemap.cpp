// cordon-make-basemap: a raster of a project's buildings made with GDAL's API, the test data of
// the basemap tests (tests/cli_basemap_test.cpp) and of bench/basemap_bench.sh (issue 18).
//
//   cordon-make-basemap PROJECT -o OUT.tif --crs EPSG:4544 [--pixel M] [--extent X0,Y0,X1,Y1]
//   cordon-make-basemap PROJECT -o OUT.mbtiles --gcj02 [--zoom Z] [--extent X0,Y0,X1,Y1]
//
// GeoTIFF: the buildings rasterised in CRS --crs at --pixel units a pixel (tiled, DEFLATE,
// overviews 2..32), over the extent (project metres; default the buildings' extent + 50 m).
// MBTiles: web-mercator tiles of zoom Z (default 17), the buildings shifted to GCJ-02 first
// (as a Chinese web map draws them: every vertex lon/lat → wgs84_to_gcj02). Buildings are
// red (200, 0, 0), the ground light (235, 235, 225). Prints the raster's size.

#include <cordon/geo/chinese_shift.hpp>
#include <cordon/geo/project_store.hpp>

#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

using namespace cordon;

namespace {

[[noreturn]] void fail(const std::string& message) {
    std::cerr << "cordon-make-basemap: " << message << "\n";
    std::exit(2);
}

OGRSpatialReference srs(const std::string& text) {
    OGRSpatialReference s;
    if (s.SetFromUserInput(text.c_str()) != OGRERR_NONE) fail("unknown CRS " + text);
    s.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return s;
}

struct Transform {
    std::unique_ptr<OGRCoordinateTransformation> t;
    Transform(const OGRSpatialReference& a, const OGRSpatialReference& b)
        : t(OGRCreateCoordinateTransformation(&a, &b)) {
        if (!t) fail("PROJ cannot transform");
    }
    geo::Point operator()(geo::Point p) const {
        t->Transform(1, &p.x, &p.y);
        return p;
    }
};

} // namespace

int main(int argc, char** argv) {
    std::string project, output, crs = "EPSG:4544", extent_text;
    double pixel = 0.5;
    int zoom = 17;
    bool gcj02 = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) fail(a + " needs a value");
            return argv[++i];
        };
        if (a == "-o")
            output = value();
        else if (a == "--crs")
            crs = value();
        else if (a == "--pixel")
            pixel = std::atof(value().c_str());
        else if (a == "--zoom")
            zoom = std::atoi(value().c_str());
        else if (a == "--extent")
            extent_text = value();
        else if (a == "--gcj02")
            gcj02 = true;
        else if (project.empty())
            project = a;
        else
            fail("unexpected " + a);
    }
    if (project.empty() || output.empty()) fail("usage: PROJECT -o OUT.tif|OUT.mbtiles");
    GDALAllRegister();
    const geo::District d = geo::read_project(project);
    const OGRSpatialReference project_srs = srs("EPSG:" + std::to_string(d.meta.srid));
    geo::Box extent;
    if (!extent_text.empty()) {
        if (std::sscanf(extent_text.c_str(), "%lf,%lf,%lf,%lf", &extent.minx, &extent.miny,
                        &extent.maxx, &extent.maxy) != 4)
            fail("--extent X0,Y0,X1,Y1");
    } else {
        for (const auto& b : d.buildings)
            extent.expand(geo::bounds(b.geom));
        extent = {extent.minx - 50, extent.miny - 50, extent.maxx + 50, extent.maxy + 50};
    }

    // Where every vertex goes: the target CRS (or web mercator of GCJ-02).
    const OGRSpatialReference target = gcj02 ? srs("EPSG:3857") : srs(crs);
    const OGRSpatialReference lonlat = srs("EPSG:4326");
    const Transform to_target(project_srs, target), to_lonlat(project_srs, lonlat),
        lonlat_to_target(lonlat, target);
    auto place = [&](geo::Point p) {
        if (!gcj02) return to_target(p);
        return lonlat_to_target(geo::wgs84_to_gcj02(to_lonlat(p)));
    };

    // The raster's grid in the target CRS: the extent's corners placed, bounds taken.
    geo::Box box;
    for (int i = 0; i <= 8; ++i)
        for (int j = 0; j <= 8; ++j)
            box.expand(place(
                {extent.minx + extent.width() * i / 8, extent.miny + extent.height() * j / 8}));
    if (gcj02) {
        // Whole tiles of zoom `zoom`.
        constexpr double world = 20037508.342789244;
        pixel = 2 * world / 256 / std::pow(2.0, zoom);
        const double tile = 256 * pixel;
        box.minx = -world + std::floor((box.minx + world) / tile) * tile;
        box.maxx = -world + std::ceil((box.maxx + world) / tile) * tile;
        box.maxy = world - std::floor((world - box.maxy) / tile) * tile;
        box.miny = world - std::ceil((world - box.miny) / tile) * tile;
    }
    const int width = static_cast<int>(std::ceil(box.width() / pixel - 1e-6));
    const int height = static_cast<int>(std::ceil(box.height() / pixel - 1e-6));
    const int bands = gcj02 ? 4 : 3;
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDatasetUniquePtr ds(mem->Create("", width, height, bands, GDT_Byte, nullptr));
    if (!ds)
        fail("cannot make a " + std::to_string(width) + "x" + std::to_string(height) + " raster");
    double gt[6] = {box.minx, pixel, 0, box.maxy, 0, -pixel};
    ds->SetGeoTransform(gt);
    ds->SetSpatialRef(&target);
    const double ground[4] = {235, 235, 225, 255};
    for (int b = 1; b <= bands; ++b)
        ds->GetRasterBand(b)->Fill(ground[b - 1]);

    // The buildings in the target CRS, burnt in.
    std::vector<std::unique_ptr<OGRGeometry>> owned;
    std::vector<OGRGeometryH> geometries;
    for (const auto& b : d.buildings) {
        const geo::Box bb = geo::bounds(b.geom);
        if (!bb.intersects(extent)) continue;
        auto multi = std::make_unique<OGRMultiPolygon>();
        for (const auto& polygon : b.geom) {
            OGRPolygon p;
            for (const auto& ring : polygon.rings) {
                OGRLinearRing r;
                for (const auto& v : ring) {
                    const geo::Point t = place(v);
                    r.addPoint(t.x, t.y);
                }
                p.addRing(&r);
            }
            multi->addGeometry(&p);
        }
        geometries.push_back(OGRGeometry::ToHandle(multi.get()));
        owned.push_back(std::move(multi));
    }
    std::vector<int> band_list;
    std::vector<double> burn;
    const double red[4] = {200, 0, 0, 255};
    for (const auto& g : geometries) {
        (void)g;
        for (int b = 0; b < bands; ++b)
            burn.push_back(red[b]);
    }
    for (int b = 1; b <= bands; ++b)
        band_list.push_back(b);
    if (GDALRasterizeGeometries(GDALDataset::ToHandle(ds.get()), bands, band_list.data(),
                                static_cast<int>(geometries.size()), geometries.data(), nullptr,
                                nullptr, burn.data(), nullptr, nullptr, nullptr) != CE_None)
        fail("rasterising failed: " + std::string(CPLGetLastErrorMsg()));

    if (gcj02) {
        const char* options[] = {"TILE_FORMAT=PNG", "RESAMPLING=NEAREST", "NAME=gcj02 sample",
                                 nullptr};
        GDALDriver* mbtiles = GetGDALDriverManager()->GetDriverByName("MBTiles");
        GDALDatasetUniquePtr out(mbtiles->CreateCopy(
            output.c_str(), ds.get(), FALSE, const_cast<char**>(options), nullptr, nullptr));
        if (!out) fail("cannot write " + output + ": " + CPLGetLastErrorMsg());
        int levels[] = {2, 4, 8};
        if (out->BuildOverviews("AVERAGE", 3, levels, 0, nullptr, nullptr, nullptr) != CE_None)
            fail("overviews: " + std::string(CPLGetLastErrorMsg()));
    } else {
        const char* options[] = {"TILED=YES", "COMPRESS=DEFLATE", nullptr};
        GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
        GDALDatasetUniquePtr out(gtiff->CreateCopy(output.c_str(), ds.get(), FALSE,
                                                   const_cast<char**>(options), nullptr, nullptr));
        if (!out) fail("cannot write " + output + ": " + CPLGetLastErrorMsg());
        int levels[] = {2, 4, 8, 16, 32};
        if (out->BuildOverviews("AVERAGE", 5, levels, 0, nullptr, nullptr, nullptr) != CE_None)
            fail("overviews: " + std::string(CPLGetLastErrorMsg()));
    }
    std::cout << output << ": " << width << "x" << height << " pixels of " << pixel << ", "
              << geometries.size() << " buildings\n";
    return 0;
}
