// End-to-end: tile services as basemaps (issue 18) through cordon-cli, served by the loopback
// test server (tests/support/tile_server.py) from the test's own MBTiles: drawn under the
// sample by render, fetched once into an MBTiles, drawn from the disk cache after the server
// stopped; 404, no answer, a refused key and a corrupt tile are clear errors (exit 2) at add
// and fetch, a warning naming the basemap at render with the rest of the map drawn; the key
// never reaches the project file.

#include "cli_runner.hpp"
#include "tile_server.hpp"

#include <cairo.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>

using namespace cordon::test;
namespace fs = std::filesystem;

namespace {

struct Colours {
    int tile = 0;  ///< pixels of either tile colour (the basemap)
    int other = 0; ///< the rest: the vector layers and anything else
};

/// Counts the pixels of a PNG that are the test tiles' red (200,30,30) or blue (30,30,200),
/// within a few levels.
Colours count_tile_pixels(const std::string& png) {
    Colours c;
    cairo_surface_t* s = cairo_image_surface_create_from_png(png.c_str());
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return c;
    }
    const int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    const int stride = cairo_image_surface_get_stride(s);
    const unsigned char* data = cairo_image_surface_get_data(s);
    auto near = [](int a, int b) { return std::abs(a - b) <= 3; };
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const auto p = *reinterpret_cast<const std::uint32_t*>(data + y * stride + x * 4);
            const int r = (p >> 16) & 255, g = (p >> 8) & 255, b = p & 255;
            const bool red = near(r, 200) && near(g, 30) && near(b, 30);
            const bool blue = near(r, 30) && near(g, 30) && near(b, 200);
            (red || blue ? c.tile : c.other)++;
        }
    cairo_surface_destroy(s);
    return c;
}

class BasemapTiles : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = new TempDir;
        const CliRun r =
            cli("import " + q(std::string(CORDON_SOURCE_DIR) + "/data/chengdu/chengdu.osm") +
                    " -o " + q(*s_dir / "sample.cordon"),
                *s_dir);
        ASSERT_EQ(r.code, 0) << r.err;
        // The sample's box, z12-17: a checkerboard of red and blue tiles.
        const std::string red = png_tile(200, 30, 30), blue = png_tile(30, 30, 200);
        write_checker_mbtiles(*s_dir / "tiles.mbtiles", 104.035, 30.645, 104.137, 30.735, 12, 17,
                              red, blue);
        // The same checkerboard for any other tile (the overview levels of a full view).
        write_file(*s_dir / "red.png", red);
        write_file(*s_dir / "blue.png", blue);
    }
    static void TearDownTestSuite() {
        delete s_dir;
        s_dir = nullptr;
    }
    void SetUp() override {
        ::setenv("XDG_CACHE_HOME", (m_dir / "cache").c_str(), 1);
        ::setenv("CORDON_KEYS_FILE", (m_dir / "keys").c_str(), 1);
        ::unsetenv("CORDON_OFFLINE");
        fs::copy_file(*s_dir / "sample.cordon", m_project);
    }
    CliRun run(const std::string& args) { return cli(args, m_dir); }

    static TempDir* s_dir;
    TempDir m_dir;
    std::string m_project = m_dir / "p.cordon";
};

TempDir* BasemapTiles::s_dir = nullptr;

} // namespace

TEST_F(BasemapTiles, AnXyzServiceIsDrawnFetchedOnceAndServedFromTheCacheOffline) {
    TileServer server(m_dir.path().string(),
                      {"--mbtiles", *s_dir / "tiles.mbtiles", "--any", *s_dir / "red.png",
                       "--any-odd", *s_dir / "blue.png"});
    const std::string url = server.base() + "/xyz/{z}/{x}/{y}.png";
    CliRun r = run("basemap add " + q(m_project) + " " + q(url) + " --name osm");
    ASSERT_EQ(r.code, 0) << r.err;

    // Drawn under the vectors: the background between the features is the tiles' colours.
    const std::string online = m_dir / "online.png";
    r = run("render " + q(m_project) + " -o " + q(online) + " --size 800x600");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
    const Colours on = count_tile_pixels(online);
    EXPECT_GT(on.tile, 800 * 600 / 10) << "the tiles do not show under the map";
    EXPECT_GT(on.other, 800 * 600 / 10) << "the vector layers do not show over the tiles";

    // Fetched once for offline use: the district at zoom 15-16.
    const std::string mbtiles = m_dir / "district.mbtiles";
    r = run("basemap fetch " + q(m_project) + " osm --extent district --zoom 15-16 -o " +
            q(mbtiles));
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find(" tiles at zoom 15-16 ("), std::string::npos) << r.out;
    EXPECT_TRUE(fs::exists(mbtiles));
    EXPECT_FALSE(fs::exists(mbtiles + ".part"));
    r = run("basemap fetch " + q(m_project) + " osm --extent district --zoom 15-16 -o " +
            q(mbtiles));
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("(0 fetched"), std::string::npos) << r.out; // nothing asked again

    // The server stops: the same view comes from the disk cache, unchanged.
    server.stop();
    const std::string offline = m_dir / "offline.png";
    r = run("render " + q(m_project) + " -o " + q(offline) + " --size 800x600");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
    EXPECT_EQ(count_tile_pixels(offline).tile, on.tile);

    // The fetched file is a basemap of its own, drawn with no network at all.
    r = run("basemap set " + q(m_project) + " osm --hidden");
    ASSERT_EQ(r.code, 0) << r.err;
    r = run("basemap add " + q(m_project) + " " + q(mbtiles) + " --name offline");
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string from_file = m_dir / "from-file.png";
    r = run("render " + q(m_project) + " -o " + q(from_file) + " --size 800x600");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_GT(count_tile_pixels(from_file).tile, 800 * 600 / 10);
}

TEST_F(BasemapTiles, BadServicesAreClearErrorsAndTheKeyNeverReachesTheProject) {
    TileServer server(m_dir.path().string(),
                      {"--mbtiles", *s_dir / "tiles.mbtiles", "--any", *s_dir / "red.png",
                       "--any-odd", *s_dir / "blue.png", "--key", "GOODKEY123"});
    const std::string before = read_file(m_project);

    CliRun r =
        run("basemap add " + q(m_project) + " " + q(server.base() + "/missing/{z}/{x}/{y}.png"));
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("the service has no tile there (HTTP 404"), std::string::npos) << r.err;

    r = run("basemap add " + q(m_project) + " " + q(server.base() + "/corrupt/{z}/{x}/{y}.png"));
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("is not an image"), std::string::npos) << r.err;

    r = run("basemap add " + q(m_project) + " " +
            q(server.base() + "/keyed/{z}/{x}/{y}.png?tk=BADKEY999") + " --name office");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("basemap 'office': the service refused the key (HTTP 403"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find("BADKEY999"), std::string::npos) << r.err;
    EXPECT_EQ(read_file(m_project), before); // nothing changed by a refused add

    {
        TileServer gone(m_dir.path().string(), {});
        const std::string url = gone.base() + "/xyz/{z}/{x}/{y}.png";
        gone.stop();
        r = run("basemap add " + q(m_project) + " " + q(url));
        EXPECT_EQ(r.code, 2);
        EXPECT_NE(r.err.find("no answer from 127.0.0.1:"), std::string::npos) << r.err;
    }
    EXPECT_EQ(read_file(m_project), before);

    // The right key: kept in the user's keys file, the project holds {key}.
    r = run("basemap add " + q(m_project) + " " +
            q(server.base() + "/keyed/{z}/{x}/{y}.png?tk=GOODKEY123") + " --name office");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(read_file(m_project).find("GOODKEY123"), std::string::npos);
    EXPECT_NE(read_file(m_project).find("tk={key}"), std::string::npos);
    EXPECT_NE(read_file(m_dir / "keys").find("office = GOODKEY123"), std::string::npos);
    r = run("render " + q(m_project) + " -o " + q(m_dir / "keyed.png") + " --size 400x300");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_GT(count_tile_pixels(m_dir / "keyed.png").tile, 400 * 300 / 10) << r.err;

    // The key refused at render time (changed in the keys file): a warning naming the basemap,
    // the rest of the map drawn.
    write_file(m_dir / "keys", "office = REVOKED777\n");
    r = run("render " + q(m_project) + " -o " + q(m_dir / "revoked.png") +
            " --size 400x300 --scale 5000");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("basemap 'office'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("refused the key"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("REVOKED777"), std::string::npos) << r.err;
    EXPECT_GT(count_tile_pixels(m_dir / "revoked.png").other, 400 * 300 / 2);

    // fetch with the refused key: exit 2, nothing at the target.
    r = run("basemap fetch " + q(m_project) + " office --zoom 15 -o " + q(m_dir / "o.mbtiles"));
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("refused the key"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(m_dir / "o.mbtiles"));
    EXPECT_EQ(read_file(m_project).find("REVOKED777"), std::string::npos);
}
