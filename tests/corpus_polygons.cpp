// Writes a pathological building for the broken-file corpus (tests/corpus/README.md), made at
// test time rather than committed (the 1 M-vertex ring is 29 MB as GeoJSON, 16 MB as GeoPackage):
//   corpus_polygons KIND VERTICES OUT.geojson|OUT.gpkg
// OUT holds a layer "buildings" of two buildings near Chengdu in WGS 84 (fields id, name):
// "好楼", a plain 20 m square, and one named KIND:
//   star      VERTICES random vertices (fixed seed) in a disc of 50 m, joined in random order:
//             a scribble crossing itself about VERTICES² / 9 times
//   bowties   a band of 25 m × 50 m whose two long sides zigzag out of phase: a row of
//             bow-ties, about VERTICES / 2 crossings
//   spikes    a circle of 50 m with a spike of 20 m at every other vertex, each going out and
//             back along the same line (VERTICES in all)
//   ring      a circle of 50 m of VERTICES vertices, valid
//   bigbow    the same circle with two neighbouring vertices swapped: one small bow-tie
// The vertices come from std::mt19937 (its output is fixed by the standard), scaled by hand,
// so every platform writes the same file.

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace {

using Points = std::vector<std::pair<double, double>>; // metres east, north of the centre

constexpr double pi = 3.14159265358979323846;

Points circle(int n, double radius) {
    Points out;
    for (int i = 0; i < n; ++i) {
        const double a = 2 * pi * i / n;
        out.emplace_back(radius * std::cos(a), radius * std::sin(a));
    }
    return out;
}

Points make(const std::string& kind, int n) {
    std::mt19937 random(20);
    const auto unit = [&] { return static_cast<double>(random()) / 4294967296.0; };
    Points out;
    if (kind == "star") {
        for (int i = 0; i < n; ++i) {
            const double a = 2 * pi * unit(), r = 50 * std::sqrt(unit());
            out.emplace_back(r * std::cos(a), r * std::sin(a));
        }
    } else if (kind == "bowties") {
        const int half = n / 2;
        for (int i = 0; i < half; ++i) // out along the top, zigzagging
            out.emplace_back(i * 50.0 / half, i % 2 ? 25 : 0);
        for (int i = half - 1; i >= 0; --i) // back along the bottom, the other way round
            out.emplace_back(i * 50.0 / half + 25.0 / half, i % 2 ? 0 : 25);
    } else if (kind == "spikes") {
        const Points c = circle(n / 2, 50);
        for (std::size_t i = 0; i < c.size(); ++i) {
            out.push_back(c[i]);
            if (i % 2 == 0) {
                out.emplace_back(c[i].first * 1.4, c[i].second * 1.4);
                out.push_back(c[i]);
            }
        }
    } else if (kind == "ring" || kind == "bigbow") {
        out = circle(n, 50);
        if (kind == "bigbow") std::swap(out[10], out[11]);
    }
    return out;
}

/// The ring as an OGR polygon in WGS 84 lon/lat around (lon, lat).
std::unique_ptr<OGRPolygon> polygon(const Points& points, double lon, double lat) {
    // Metres to degrees near Chengdu (30.66° N).
    const double per_lon = 1 / (111320 * std::cos(lat * pi / 180)), per_lat = 1 / 110574.0;
    auto ring = std::make_unique<OGRLinearRing>();
    ring->setNumPoints(static_cast<int>(points.size() + 1), false);
    for (std::size_t i = 0; i <= points.size(); ++i) {
        const auto& [x, y] = points[i % points.size()];
        ring->setPoint(static_cast<int>(i), lon + x * per_lon, lat + y * per_lat);
    }
    auto out = std::make_unique<OGRPolygon>();
    out->addRingDirectly(ring.release());
    return out;
}

bool add(OGRLayer& layer, const char* id, const char* name, std::unique_ptr<OGRPolygon> shape) {
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer.GetLayerDefn()));
    f->SetField("id", id);
    f->SetField("name", name);
    f->SetGeometryDirectly(shape.release());
    return layer.CreateFeature(f.get()) == OGRERR_NONE;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: corpus_polygons star|bowties|spikes|ring|bigbow VERTICES "
                             "OUT.geojson|OUT.gpkg\n");
        return 2;
    }
    const std::string kind = argv[1], out = argv[3];
    const Points points = make(kind, std::atoi(argv[2]));
    if (points.size() < 3) {
        std::fprintf(stderr, "corpus_polygons: unknown kind %s or too few vertices\n", argv[1]);
        return 2;
    }
    GDALAllRegister();
    const bool gpkg = out.size() > 5 && out.substr(out.size() - 5) == ".gpkg";
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(gpkg ? "GPKG" : "GeoJSON");
    GDALDatasetUniquePtr ds(driver ? driver->Create(out.c_str(), 0, 0, 0, GDT_Unknown, nullptr)
                                   : nullptr);
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    OGRLayer* layer = ds ? ds->CreateLayer("buildings", &wgs84, wkbPolygon, nullptr) : nullptr;
    OGRFieldDefn id("id", OFTString), name("name", OFTString);
    const bool ok = layer && layer->CreateField(&id) == OGRERR_NONE &&
                    layer->CreateField(&name) == OGRERR_NONE &&
                    add(*layer, "good", "好楼",
                        polygon({{0, 0}, {20, 0}, {20, 20}, {0, 20}}, 104.0580, 30.6580)) &&
                    add(*layer, kind.c_str(), kind.c_str(), polygon(points, 104.0600, 30.6600));
    ds.reset(); // closes the file, writing what is left
    if (!ok || CPLGetLastErrorType() >= CE_Failure) {
        std::fprintf(stderr, "corpus_polygons: cannot write %s\n", out.c_str());
        return 1;
    }
    return 0;
}
