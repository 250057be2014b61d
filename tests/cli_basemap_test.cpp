// End-to-end: basemaps under the plan (issue 18). Rasters made by the test from the sample's
// own buildings (cordon-make-basemap, GDAL's API): a GeoTIFF in CGCS2000 Gauss-Kruger
// (EPSG:4544, not the project's UTM 48N) and web-mercator MBTiles of zoom 17 in GCJ-02. Each
// added with cordon-cli basemap add and rendered alone (--layers none): its building pixels
// lie under the vector buildings to within one pixel. Bad sources, the atlas page, and the
// project file holding neither pixels nor keys.

#include "cli_runner.hpp"

#include <cordon/geo/chinese_shift.hpp>
#include <cordon/geo/project_store.hpp>
#include <cordon/render/view.hpp>

#include <cairo.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <sstream>

using namespace cordon;
using namespace cordon::test;

namespace {

struct Image {
    int width = 0, height = 0;
    std::vector<std::uint32_t> pixels; ///< 0xAARRGGBB
    std::uint32_t at(int x, int y) const {
        return pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                      static_cast<std::size_t>(x)];
    }
};

Image load_png(const std::string& path) {
    Image image;
    cairo_surface_t* s = cairo_image_surface_create_from_png(path.c_str());
    if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
        cairo_surface_flush(s);
        image.width = cairo_image_surface_get_width(s);
        image.height = cairo_image_surface_get_height(s);
        const int stride = cairo_image_surface_get_stride(s);
        const unsigned char* data = cairo_image_surface_get_data(s);
        image.pixels.resize(static_cast<std::size_t>(image.width) * image.height);
        for (int y = 0; y < image.height; ++y)
            std::memcpy(&image.pixels[static_cast<std::size_t>(y) * image.width],
                        data + static_cast<std::ptrdiff_t>(y) * stride,
                        static_cast<std::size_t>(image.width) * 4);
    }
    cairo_surface_destroy(s);
    return image;
}

/// How much of a pixel is the basemap's building colour (200, 0, 0) rather than its ground
/// (235, 235, 225), from the green channel: 1 all building, 0 all ground (or the map's own
/// light background).
double red_fraction(std::uint32_t p) {
    const double g = static_cast<double>((p >> 8) & 0xff);
    return std::clamp((235.0 - g) / 235.0, 0.0, 1.0);
}

/// The basemap's building colour (200, 0, 0) as drawn; its ground is (235, 235, 225).
bool is_red(std::uint32_t p) {
    const int r = static_cast<int>((p >> 16) & 0xff), g = static_cast<int>((p >> 8) & 0xff),
              b = static_cast<int>(p & 0xff);
    return r > 150 && g < 60 && b < 60;
}
bool is_ground(std::uint32_t p) {
    const int r = static_cast<int>((p >> 16) & 0xff), g = static_cast<int>((p >> 8) & 0xff),
              b = static_cast<int>(p & 0xff);
    return std::abs(r - 235) < 12 && std::abs(g - 235) < 12 && std::abs(b - 225) < 12;
}

// --- Planar geometry of the buildings (project metres) -----------------------------------

/// Whether `p` is inside any of `buildings`, and its distance to their nearest edge.
struct Where {
    bool inside = false;
    double edge = 1e300;
};

Where where(geo::Point p, const std::vector<const geo::Building*>& buildings) {
    Where w;
    for (const geo::Building* b : buildings) {
        const geo::Box bb = geo::bounds(b->geom);
        if (p.x < bb.minx - 5 || p.x > bb.maxx + 5 || p.y < bb.miny - 5 || p.y > bb.maxy + 5)
            continue;
        for (const auto& polygon : b->geom) {
            bool in = false;
            for (std::size_t r = 0; r < polygon.rings.size(); ++r) {
                const auto& ring = polygon.rings[r];
                bool crossing = false;
                for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
                    w.edge = std::min(w.edge, geo::segment_distance(p, ring[j], ring[i]));
                    if ((ring[i].y > p.y) != (ring[j].y > p.y) &&
                        p.x <
                            (ring[j].x - ring[i].x) * (p.y - ring[i].y) / (ring[j].y - ring[i].y) +
                                ring[i].x)
                        crossing = !crossing;
                }
                if (crossing) in = !in; // even-odd over the outer ring and holes
            }
            w.inside = w.inside || in;
        }
    }
    return w;
}

/// How the rendered basemap agrees with the vector buildings: sample points on a grid
/// across the image, at least `margin_px` pixels from any building edge, inside a building
/// (must be mostly the building colour) or outside all (mostly ground). With a margin of one
/// pixel, a picture off by a pixel or more fails.
struct Agreement {
    int inside = 0, outside = 0; ///< points checked
    int inside_wrong = 0, outside_wrong = 0;
};

using Placement = std::function<geo::Point(geo::Point)>;
const Placement k_as_is = [](geo::Point p) { return p; };

/// `placed` maps a point of the image's world to where the buildings are.
Agreement agreement(const Image& image, const render::View& view,
                    const std::vector<const geo::Building*>& buildings, const Placement& placed,
                    double margin_px, int step) {
    Agreement a;
    for (int y = step / 2; y < image.height; y += step)
        for (int x = step / 2; x < image.width; x += step) {
            const geo::Point world = view.to_world({x + 0.5, y + 0.5}, image.width, image.height);
            const Where w = where(placed(world), buildings);
            if (w.edge < margin_px * view.scale) continue;
            const std::uint32_t p = image.at(x, y);
            if (w.inside) {
                ++a.inside;
                if (red_fraction(p) < 0.5) ++a.inside_wrong;
            } else {
                ++a.outside;
                if (red_fraction(p) > 0.5) ++a.outside_wrong;
            }
        }
    return a;
}

std::string extent_arg(const geo::Box& b) {
    std::ostringstream s;
    s.precision(12);
    s << b.minx << "," << b.miny << "," << b.maxx << "," << b.maxy;
    return s.str();
}

geo::Point lon_lat_to(geo::Point p, int from, int to) {
    static std::map<std::pair<int, int>, std::unique_ptr<OGRCoordinateTransformation>> made;
    auto& t = made[{from, to}];
    if (!t) {
        OGRSpatialReference a, b;
        a.importFromEPSG(from);
        b.importFromEPSG(to);
        a.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        b.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        t.reset(OGRCreateCoordinateTransformation(&a, &b));
    }
    t->Transform(1, &p.x, &p.y);
    return p;
}

class Basemaps : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        m_dir = new TempDir;
        m_project = new std::string(*m_dir / "sample.cordon");
        ASSERT_EQ(cli("import " + q(sample_osm()) + " -o " + q(*m_project), *m_dir).code, 0);
        m_district = new geo::District(geo::read_project(*m_project));
        // The densest 500 m square of buildings: the view the alignment is checked on.
        const geo::Box all = m_district->focus_extent();
        geo::Point best = all.centre();
        std::size_t most = 0;
        for (double x = all.minx; x + 500 <= all.maxx; x += 100)
            for (double y = all.miny; y + 500 <= all.maxy; y += 100) {
                std::size_t n = 0;
                for (const auto& b : m_district->buildings)
                    if (geo::Box{x, y, x + 500, y + 500}.contains(geo::bounds(b.geom).centre()))
                        ++n;
                if (n > most) most = n, best = {x + 250, y + 250};
            }
        m_area = new geo::Box{best.x - 250, best.y - 250, best.x + 250, best.y + 250};
    }
    static void TearDownTestSuite() {
        delete m_area;
        delete m_district;
        delete m_project;
        delete m_dir;
    }

    /// A copy of the imported sample, for a test of its own.
    static std::string copy(const std::string& name) {
        const std::string path = *m_dir / name;
        std::filesystem::copy_file(*m_project, path,
                                   std::filesystem::copy_options::overwrite_existing);
        return path;
    }

    static CliRun make(const std::string& project, const std::string& out,
                       const std::string& more) {
        return run_captured(std::string(CORDON_MAKE_BASEMAP) + " " + q(project) + " -o " + q(out) +
                                " " + more + " 2>" + q(*m_dir / "make.err"),
                            *m_dir / "make.err");
    }

    /// The buildings near `box`.
    static std::vector<const geo::Building*> near(const geo::Box& box) {
        std::vector<const geo::Building*> out;
        const geo::Box grown{box.minx - 20, box.miny - 20, box.maxx + 20, box.maxy + 20};
        for (const auto& b : m_district->buildings)
            if (geo::bounds(b.geom).intersects(grown)) out.push_back(&b);
        return out;
    }

    static TempDir* m_dir;
    static std::string* m_project;
    static geo::District* m_district;
    static geo::Box* m_area;
};

TempDir* Basemaps::m_dir = nullptr;
std::string* Basemaps::m_project = nullptr;
geo::District* Basemaps::m_district = nullptr;
geo::Box* Basemaps::m_area = nullptr;

} // namespace

TEST_F(Basemaps, AGaussKrugerGeoTiffLiesUnderTheBuildings) {
    ASSERT_EQ(m_district->meta.srid, 32648); // UTM 48N: the GeoTIFF's CRS is another
    const std::string project = copy("gk.cordon");
    const std::string tif = *m_dir / "ortho_4544.tif";
    const geo::Box& area = *m_area;
    CliRun r =
        make(project, tif,
             "--crs EPSG:4544 --pixel 0.25 --extent " +
                 extent_arg({area.minx - 100, area.miny - 100, area.maxx + 100, area.maxy + 100}));
    ASSERT_EQ(r.code, 0) << r.err;
    r = cli("basemap add " + q(project) + " " + q(tif) +
                " --name 正射影像 --attribution '© 测试测绘院 2026'",
            *m_dir);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("Added basemap '正射影像' (GTiff"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("5 overviews"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("3-degree Gauss-Kruger CM 105E"), std::string::npos) << r.out;
    r = cli("basemap list " + q(project) + " --json", *m_dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const nlohmann::json list = nlohmann::json::parse(r.out);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0]["name"], "正射影像");
    EXPECT_EQ(list[0]["source"], std::filesystem::absolute(tif).string());

    // Alone (no vector layer), at 0.5 m a pixel: red exactly where the buildings are.
    const std::string png = *m_dir / "gk.png";
    const int size = 1032; // 1000 pixels of map and View::fit's 16-pixel margins
    r = cli("render " + q(project) + " -o " + q(png) + " --size " + std::to_string(size) + "x" +
                std::to_string(size) + " --layers none --extent " + extent_arg(area),
            *m_dir);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    const Image image = load_png(png);
    ASSERT_EQ(image.width, size);
    const render::View view = render::View::fit(area, size, size);
    EXPECT_NEAR(view.scale, 0.5, 1e-9);
    const Agreement a = agreement(image, view, near(area), k_as_is, 1.0, 4);
    EXPECT_GT(a.inside, 2000);
    EXPECT_GT(a.outside, 5000);
    EXPECT_EQ(a.inside_wrong, 0) << "of " << a.inside << " points inside buildings";
    EXPECT_EQ(a.outside_wrong, 0) << "of " << a.outside << " points outside";
    // The ground is the basemap's, not the map's background.
    EXPECT_GT(std::count_if(image.pixels.begin(), image.pixels.end(), is_ground),
              static_cast<long>(image.pixels.size() / 3));
    std::filesystem::copy_file(png, "/work/wt/shots/basemap_gk_alone.png",
                               std::filesystem::copy_options::overwrite_existing);

    // With the vectors over it, and with --no-basemap none of it.
    const std::string both = *m_dir / "gk_both.png", none = *m_dir / "gk_none.png";
    ASSERT_EQ(cli("render " + q(project) + " -o " + q(both) + " --size 1032x1032 --extent " +
                      extent_arg(area),
                  *m_dir)
                  .code,
              0);
    std::filesystem::copy_file(both, "/work/wt/shots/basemap_gk_under_vectors.png",
                               std::filesystem::copy_options::overwrite_existing);
    ASSERT_EQ(cli("render " + q(project) + " -o " + q(none) +
                      " --size 1032x1032 --layers none --no-basemap --extent " + extent_arg(area),
                  *m_dir)
                  .code,
              0);
    const Image blank = load_png(none);
    EXPECT_EQ(std::count_if(blank.pixels.begin(), blank.pixels.end(), is_red), 0);
    // At 1:20 000 (5 m a pixel: the overviews are read): still there, reddish at the buildings.
    const std::string small = *m_dir / "gk_small.png";
    r = cli("render " + q(project) + " -o " + q(small) +
                " --size 400x400 --layers none --scale 20000 --centre " +
                std::to_string(area.centre().x) + "," + std::to_string(area.centre().y),
            *m_dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const Image overview = load_png(small);
    EXPECT_GT(
        std::count_if(overview.pixels.begin(), overview.pixels.end(),
                      [](std::uint32_t p) { return ((p >> 16) & 0xff) > 150 && (p & 0xff) < 150; }),
        100);
}

TEST_F(Basemaps, Gcj02MbtilesLineUpOnlyWithTheirShift) {
    const std::string project = copy("gcj.cordon");
    const std::string mbtiles = *m_dir / "gcj02_z17.mbtiles";
    const geo::Box& area = *m_area;
    CliRun r = make(project, mbtiles,
                    "--gcj02 --zoom 17 --extent " + extent_arg({area.minx - 50, area.miny - 50,
                                                                area.maxx + 50, area.maxy + 50}));
    ASSERT_EQ(r.code, 0) << r.err;
    r = cli("basemap add " + q(project) + " " + q(mbtiles) + " --name 高德 --source-crs gcj02",
            *m_dir);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("MBTiles"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("shifted GCJ-02"), std::string::npos) << r.out;

    // At zoom 17's ground resolution (1.19 m x cos 30.66° = 1.03 m): 1 m a pixel.
    const int size = 532;
    const render::View view = render::View::fit(area, size, size);
    ASSERT_NEAR(view.scale, 1.0, 1e-9);
    const std::string png = *m_dir / "gcj.png";
    r = cli("render " + q(project) + " -o " + q(png) + " --size 532x532 --layers none --extent " +
                extent_arg(area),
            *m_dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const Image shifted_back = load_png(png);
    std::filesystem::copy_file(png, "/work/wt/shots/basemap_gcj02_alone.png",
                               std::filesystem::copy_options::overwrite_existing);
    // Within one pixel: every point 1.5 pixels from an edge on its side (the tiles' own
    // pixels are 1.03 m).
    Agreement a = agreement(shifted_back, view, near(area), k_as_is, 1.5, 3);
    EXPECT_GT(a.inside, 1000);
    EXPECT_EQ(a.inside_wrong, 0) << "of " << a.inside;
    EXPECT_EQ(a.outside_wrong, 0) << "of " << a.outside;

    // Without --source-crs gcj02 the tiles lie where their coordinates say: off by the
    // GCJ-02 shift at this place (hundreds of metres), which the test works out itself.
    r = cli("basemap set " + q(project) + " 高德 --source-crs ''", *m_dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const geo::Point centre = area.centre();
    const geo::Point lonlat = lon_lat_to(centre, 32648, 4326);
    const geo::Point moved = lon_lat_to(geo::wgs84_to_gcj02(lonlat), 4326, 32648);
    const geo::Point shift{moved.x - centre.x, moved.y - centre.y};
    EXPECT_GT(std::hypot(shift.x, shift.y), 200) << shift.x << ", " << shift.y;
    // Where the vectors are, the picture no longer matches...
    r = cli("render " + q(project) + " -o " + q(png) + " --size 532x532 --layers none --extent " +
                extent_arg(area),
            *m_dir);
    ASSERT_EQ(r.code, 0) << r.err;
    a = agreement(load_png(png), view, near(area), k_as_is, 1.5, 3);
    EXPECT_GT(a.inside_wrong, a.inside / 2) << "of " << a.inside;
    // ...and the view moved by the shift shows the buildings exactly, within a pixel.
    const geo::Box there{area.minx + shift.x, area.miny + shift.y, area.maxx + shift.x,
                         area.maxy + shift.y};
    r = cli("render " + q(project) + " -o " + q(png) + " --size 532x532 --layers none --extent " +
                extent_arg(there),
            *m_dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const render::View there_view = render::View::fit(there, size, size);
    // Where a point of this picture really is: its coordinates read as GCJ-02, unshifted.
    const Placement unshifted = [](geo::Point p) {
        return lon_lat_to(geo::gcj02_to_wgs84(lon_lat_to(p, 32648, 4326)), 4326, 32648);
    };
    a = agreement(load_png(png), there_view, near(area), unshifted, 1.5, 3);
    EXPECT_GT(a.inside, 1000);
    EXPECT_EQ(a.inside_wrong, 0) << "of " << a.inside;
    EXPECT_EQ(a.outside_wrong, 0) << "of " << a.outside;
}

TEST_F(Basemaps, BadSourcesAreRefusedAtAddAndSkippedAtRender) {
    const std::string project = copy("bad.cordon");
    const std::string before = read_file(project);
    // Missing file.
    CliRun r =
        cli("basemap add " + q(project) + " " + q(*m_dir / "nowhere.tif") + " --name 旧图", *m_dir);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("basemap '旧图' ("), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("nowhere.tif): no such file"), std::string::npos) << r.err;
    // Not a raster.
    const std::string corrupt = *m_dir / "corrupt.tif";
    write_file(corrupt, "II*\0" + std::string(3000, '\x01'));
    r = cli("basemap add " + q(project) + " " + q(corrupt), *m_dir);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("basemap 'corrupt' ("), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("corrupt.tif"), std::string::npos) << r.err;
    // A raster without georeferencing: a PNG.
    const std::string plain = *m_dir / "scan.png";
    {
        cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 64, 64);
        cairo_surface_write_to_png(s, plain.c_str());
        cairo_surface_destroy(s);
    }
    r = cli("basemap add " + q(project) + " " + q(plain), *m_dir);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("basemap 'scan' ("), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("no georeferencing"), std::string::npos) << r.err;
    // Bad settings.
    r = cli("basemap add " + q(project) + " " + q(plain) + " --opacity 2", *m_dir);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("--opacity"), std::string::npos) << r.err;
    r = cli("basemap add " + q(project) + " " + q(plain) + " --source-crs EPSG:0", *m_dir);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("--source-crs"), std::string::npos) << r.err;
    EXPECT_EQ(read_file(project), before); // nothing saved

    // A basemap whose file goes away: the map is drawn without it, with a warning naming it.
    const std::string tif = *m_dir / "gone.tif";
    ASSERT_EQ(make(project, tif, "--crs EPSG:32648 --pixel 2 --extent " + extent_arg(*m_area)).code,
              0);
    ASSERT_EQ(cli("basemap add " + q(project) + " " + q(tif) + " --name 将删除", *m_dir).code, 0);
    std::filesystem::remove(tif);
    const std::string png = *m_dir / "without.png";
    r = cli("render " + q(project) + " -o " + q(png) + " --size 400x300", *m_dir);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("warning: basemap '将删除' ("), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("gone.tif): no such file; drawn without it"), std::string::npos) << r.err;
    const Image image = load_png(png);
    ASSERT_EQ(image.width, 400);
    std::set<std::uint32_t> colours(image.pixels.begin(), image.pixels.end());
    EXPECT_GT(colours.size(), 50u); // the vectors are there
    // print too.
    r = cli("print " + q(project) + " -o " + q(*m_dir / "without.pdf"), *m_dir);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("warning: basemap '将删除'"), std::string::npos) << r.err;
    r = cli("basemap remove " + q(project) + " 将删除", *m_dir);
    EXPECT_EQ(r.code, 0) << r.err;
    r = cli("basemap remove " + q(project) + " 将删除", *m_dir);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("no basemap '将删除'"), std::string::npos) << r.err;
}

TEST_F(Basemaps, TheProjectHoldsNeitherPixelsNorKeys) {
    const std::string project = copy("keys.cordon");
    const auto size_before = std::filesystem::file_size(project);
    // A service URL with its key: the key is taken out of it (tile_service.hpp: it would be
    // kept in the user's keys file, never the project); this one is no tile template, so it is
    // refused, the key not repeated, nothing written.
    const std::string key = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    CliRun r = cli("basemap add " + q(project) + " " +
                       q("https://t0.tianditu.gov.cn/img_w/wmts?SERVICE=WMTS&tk=" + key) +
                       " --name 天地图",
                   *m_dir);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("tk={key}"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find(key), std::string::npos) << r.err;
    const std::string tif = *m_dir / "pixels.tif";
    ASSERT_EQ(
        make(project, tif, "--crs EPSG:4544 --pixel 0.5 --extent " + extent_arg(*m_area)).code, 0);
    r = cli("basemap add " + q(project) + " " + q(tif) + " --name 影像 --grey --opacity 0.6",
            *m_dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string bytes = read_file(project);
    EXPECT_EQ(bytes.find(key), std::string::npos);
    EXPECT_EQ(bytes.find("tianditu"), std::string::npos);
    // Its settings are there; its pixels are not: no 64-byte run of the raster's file, and
    // the project grew by less than the raster's size.
    EXPECT_NE(bytes.find(tif), std::string::npos);
    const std::string raster = read_file(tif);
    for (std::size_t at = raster.size() / 3; at < raster.size() * 2 / 3; at += raster.size() / 20)
        EXPECT_EQ(bytes.find(raster.substr(at, 64)), std::string::npos) << at;
    EXPECT_LT(std::filesystem::file_size(project), size_before + 64 * 1024);
    EXPECT_GT(raster.size(), 64u * 1024);
    const std::string schema = shell("sqlite3 " + q(project) +
                                     " 'SELECT sql FROM sqlite_master WHERE name = \"basemaps\"'");
    EXPECT_EQ(schema.find("BLOB"), std::string::npos) << schema;
}

TEST_F(Basemaps, AtlasZonePageShowsTheBasemapAndItsAttribution) {
    const std::string project = copy("atlas.cordon");
    plan_sample(project, *m_dir);
    const std::string tif = *m_dir / "district_4544.tif";
    ASSERT_EQ(make(project, tif, "--crs EPSG:4544 --pixel 0.5").code, 0);
    const std::string plain_pdf = *m_dir / "plain.pdf", with_pdf = *m_dir / "with.pdf";
    CliRun r = cli("print " + q(project) + " -o " + q(plain_pdf) + " --date 2026-01-01", *m_dir);
    ASSERT_EQ(r.code, 0) << r.err;
    r = cli("basemap add " + q(project) + " " + q(tif) + " --name 正射影像 --attribution " +
                q("影像 © 测试测绘院 2026"),
            *m_dir);
    ASSERT_EQ(r.code, 0) << r.err;
    r = cli("print " + q(project) + " -o " + q(with_pdf) + " --date 2026-01-01 --json " +
                q(*m_dir / "with.json"),
            *m_dir);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    const nlohmann::json report = nlohmann::json::parse(read_file(*m_dir / "with.json"));
    ASSERT_GE(report["zones"].size(), 1u);
    const int page = report["zones"][0]["first_page"];
    // The attribution is printed on the zone page (and the overview), as text.
    const std::string text = shell("pdftotext -enc UTF-8 -f " + std::to_string(page) + " -l " +
                                   std::to_string(page) + " " + q(with_pdf) + " -");
    EXPECT_NE(text.find("影像 © 测试测绘院 2026"), std::string::npos) << text;
    EXPECT_EQ(shell("pdftotext -enc UTF-8 " + q(plain_pdf) + " -").find("测试测绘院"),
              std::string::npos);
    // Rasterised: the page with the basemap is darker in the map (grey buildings of the
    // picture under the plan), the page without it as it was.
    auto raster = [&](const std::string& pdf, const std::string& name) {
        const std::string prefix = *m_dir / name;
        shell("pdftoppm -png -singlefile -r 100 -f " + std::to_string(page) + " -l " +
              std::to_string(page) + " " + q(pdf) + " " + q(prefix));
        return load_png(prefix + ".png");
    };
    const Image plain = raster(plain_pdf, "plain_page"), with = raster(with_pdf, "with_page");
    ASSERT_EQ(plain.width, with.width);
    ASSERT_GT(plain.width, 500);
    std::filesystem::copy_file(*m_dir / "with_page.png",
                               "/work/wt/shots/basemap_atlas_zone_page.png",
                               std::filesystem::copy_options::overwrite_existing);
    // The picture under the plan: the zone page holds a 150-dpi image in its map, and much
    // of the map differs from the page without it (the buildings' picture shows through).
    const std::string images = shell("pdfimages -list -f " + std::to_string(page) + " -l " +
                                     std::to_string(page) + " " + q(with_pdf));
    EXPECT_NE(images.find(" image "), std::string::npos) << images;
    std::size_t differing = 0;
    for (std::size_t i = 0; i < with.pixels.size(); ++i)
        for (const int shift : {16, 8, 0})
            if (std::abs(static_cast<int>((with.pixels[i] >> shift) & 0xff) -
                         static_cast<int>((plain.pixels[i] >> shift) & 0xff)) > 24) {
                ++differing;
                break;
            }
    EXPECT_GT(differing, 500u) << differing << " of " << with.pixels.size();
    // As set (--basemap-as-set): red as the basemap is.
    r = cli("print " + q(project) + " -o " + q(with_pdf) + " --date 2026-01-01 --basemap-as-set",
            *m_dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const Image coloured = raster(with_pdf, "coloured_page");
    EXPECT_GT(std::count_if(coloured.pixels.begin(), coloured.pixels.end(),
                            [](std::uint32_t p) {
                                return ((p >> 16) & 0xff) > 150 && ((p >> 8) & 0xff) < 90 &&
                                       (p & 0xff) < 90;
                            }),
              1000);
    // --no-basemap: the plain page again.
    r = cli("print " + q(project) + " -o " + q(with_pdf) + " --date 2026-01-01 --no-basemap",
            *m_dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const Image off = raster(with_pdf, "off_page");
    EXPECT_EQ(off.pixels, plain.pixels);
}
