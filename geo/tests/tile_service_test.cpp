// Tile services (issue 18): source strings, keys, the GDAL WMS description, and fetching
// tiles from the loopback test server (tests/support/tile_server.py) into MBTiles.

#include "temp_dir.hpp"
#include "tile_server.hpp"
#include "tile_service_gdal.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/tile_service.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <sys/stat.h>

using namespace cordon;
using namespace cordon::geo;
namespace fs = std::filesystem;

namespace {

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

/// A small box in central Chengdu (the sample's centre): 2×2 tiles at zoom 15.
const LonLatBox chengdu{104.070, 30.660, 104.085, 30.672};

std::int64_t count_rows(const std::string& mbtiles, const std::string& where = "1") {
    sqlite3* db = nullptr;
    sqlite3_open_v2(mbtiles.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, ("SELECT COUNT(*) FROM tiles WHERE " + where).c_str(), -1, &st, nullptr);
    std::int64_t n = -1;
    if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

/// The number after "\"KIND\": " in the server's stats, 0 when absent.
int served(const std::string& stats, const std::string& kind) {
    const auto p = stats.find("\"" + kind + "\": ");
    return p == std::string::npos ? 0 : std::atoi(stats.c_str() + p + kind.size() + 4);
}

class CancelAfter final : public Progress {
public:
    explicit CancelAfter(double fraction) : m_fraction(fraction) {}
    bool cancel_requested() const override { return m_seen >= m_fraction; }

protected:
    void on_progress(std::string_view, double fraction) override { m_seen = fraction; }

private:
    double m_fraction;
    double m_seen = 0;
};

class TileFetch : public ::testing::Test {
protected:
    void SetUp() override {
        const std::string red = test::png_tile(200, 30, 30);
        const std::string blue = test::png_tile(30, 30, 200);
        m_mbtiles = m_dir / "source.mbtiles";
        test::write_checker_mbtiles(m_mbtiles, 104.0, 30.6, 104.2, 30.75, 14, 17, red, blue);
        ::setenv("XDG_CACHE_HOME", (m_dir / "cache").c_str(), 1);
    }
    test::TempDir m_dir;
    std::string m_mbtiles;
};

} // namespace

TEST(TileService, ReadsXyzWmtsAndWmsSources) {
    EXPECT_TRUE(is_tile_service("https://t.example/{z}/{x}/{y}.png"));
    EXPECT_TRUE(is_tile_service("wms:http://gis.example/wms?LAYERS=a"));
    EXPECT_FALSE(is_tile_service("/data/ortho.tif"));

    const TileService xyz = parse_tile_service("https://t.example/{z}/{x}/{y}.png");
    EXPECT_EQ(xyz.kind, TileService::Kind::xyz);
    EXPECT_FALSE(xyz.needs_key());
    EXPECT_EQ(tile_url(xyz, 17, 104000, 54000, ""), "https://t.example/17/104000/54000.png");

    const TileService tms = parse_tile_service("https://t.example/{z}/{x}/{-y}.png");
    EXPECT_EQ(tile_url(tms, 2, 1, 0, ""), "https://t.example/2/1/3.png");

    // 天地图 style WMTS GetTile with the office key given apart.
    const TileService wmts = parse_tile_service(
        "http://t0.tianditu.gov.cn/img_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&"
        "LAYER=img&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={TileMatrix}&"
        "TILEROW={TileRow}&TILECOL={TileCol}&tk={key}");
    EXPECT_TRUE(wmts.needs_key());
    EXPECT_EQ(tile_url(wmts, 15, 26000, 13500, "abc123"),
              "http://t0.tianditu.gov.cn/img_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&"
              "LAYER=img&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX=15&TILEROW=13500&"
              "TILECOL=26000&tk=abc123");

    const TileService wms = parse_tile_service("wms:http://gis.example/wms?LAYERS=ortho&map=x");
    EXPECT_EQ(wms.kind, TileService::Kind::wms);
    const std::string url = tile_url(wms, 1, 0, 0, "");
    EXPECT_NE(url.find("map=x"), std::string::npos) << url;
    EXPECT_NE(url.find("REQUEST=GetMap"), std::string::npos) << url;
    EXPECT_NE(url.find("LAYERS=ortho"), std::string::npos) << url;
    EXPECT_NE(url.find("SRS=EPSG:3857"), std::string::npos) << url;
    EXPECT_NE(url.find("BBOX=-20037508.342789,0.000000,0.000000,20037508.342789"),
              std::string::npos)
        << url;
}

TEST(TileService, RefusesBadSourcesAndKeysInTheUrl) {
    EXPECT_NE(error_of([] {
                  parse_tile_service("https://t.example/tiles.png");
              }).find("needs {z}, {x} and {y}"),
              std::string::npos);
    EXPECT_NE(
        error_of([] { parse_tile_service("wms:http://gis.example/wms?map=x"); }).find("LAYERS"),
        std::string::npos);
    EXPECT_NE(
        error_of([] { parse_tile_service("ftp://t.example/{z}/{x}/{y}.png"); }).find("http://"),
        std::string::npos);
    const std::string keyed =
        error_of([] { parse_tile_service("https://t.example/{z}/{x}/{y}.png?tk=SECRET99"); });
    EXPECT_NE(keyed.find("holds a key"), std::string::npos) << keyed;
    EXPECT_EQ(keyed.find("SECRET99"), std::string::npos) << keyed;

    const SplitUrl split = split_key("https://t.example/{z}/{x}/{y}.png?style=a&tk=SECRET99");
    EXPECT_EQ(split.source, "https://t.example/{z}/{x}/{y}.png?style=a&tk={key}");
    EXPECT_EQ(split.key, "SECRET99");
    EXPECT_TRUE(parse_tile_service(split.source).needs_key());
    EXPECT_EQ(hide_key("https://x/?tk=SECRET99&a=1", "SECRET99"), "https://x/?tk={key}&a=1");
}

TEST(TileService, KeysLiveInTheUsersSettings) {
    test::TempDir dir;
    const std::string file = dir / "config/cordon/keys";
    ::setenv("CORDON_KEYS_FILE", file.c_str(), 1);
    ::unsetenv("CORDON_BASEMAP_KEY");
    ::unsetenv("CORDON_BASEMAP_KEY_TIANDITU");
    EXPECT_EQ(keys_file_path(), file);
    EXPECT_FALSE(find_key("tianditu"));
    store_key("tianditu", "k-111");
    store_key("天地图影像", "k-222");
    store_key("tianditu", "k-333"); // replaces the first
    EXPECT_EQ(find_key("tianditu").value_or(""), "k-333");
    EXPECT_EQ(find_key("天地图影像").value_or(""), "k-222");
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_EQ(test::read_file(file).find("k-111"), std::string::npos);
    ::setenv("CORDON_BASEMAP_KEY_TIANDITU", "from-env", 1);
    EXPECT_EQ(find_key("tianditu").value_or(""), "from-env");
    ::unsetenv("CORDON_BASEMAP_KEY_TIANDITU");
    set_key_lookup([](std::string_view name) -> std::optional<std::string> {
        if (name == "tianditu") return "from-app";
        return std::nullopt;
    });
    EXPECT_EQ(find_key("tianditu").value_or(""), "from-app");
    EXPECT_EQ(find_key("天地图影像").value_or(""), "k-222");
    set_key_lookup(nullptr);
    ::unsetenv("CORDON_KEYS_FILE");
}

TEST(TileService, GdalWmsDescriptionHasCacheOfflineModeAndLimits) {
    const TileService s = parse_tile_service("https://t.example/{z}/{x}/{y}.png?tk={key}&a=1");
    TileAccess access;
    access.key = "K9K9K9";
    access.cache_folder = "/tmp/cache-folder";
    access.max_connections = 3;
    access.max_zoom = 18;
    std::string xml = gdal_wms_xml(s, access);
    EXPECT_NE(
        xml.find("<ServerUrl>https://t.example/${z}/${x}/${y}.png?tk=K9K9K9&amp;a=1</ServerUrl>"),
        std::string::npos)
        << xml;
    EXPECT_NE(xml.find("<Path>/tmp/cache-folder</Path>"), std::string::npos);
    EXPECT_NE(xml.find("<MaxConnections>3</MaxConnections>"), std::string::npos);
    EXPECT_NE(xml.find("<TileLevel>18</TileLevel>"), std::string::npos);
    EXPECT_NE(xml.find("<UserAgent>Cordon/"), std::string::npos);
    EXPECT_NE(xml.find("<OfflineMode>false</OfflineMode>"), std::string::npos);
    access.offline = true;
    EXPECT_NE(gdal_wms_xml(s, access).find("<OfflineMode>true</OfflineMode>"), std::string::npos);
    // The cache folder follows the template, not the key.
    EXPECT_EQ(tile_cache_folder(s), tile_cache_folder(parse_tile_service(s.url)));
    EXPECT_NE(tile_cache_folder(s),
              tile_cache_folder(parse_tile_service("https://u.example/{z}/{x}/{y}.png")));

    GDALDatasetUniquePtr ds = detail::open_tile_service(s, access);
    ASSERT_TRUE(ds);
    EXPECT_EQ(ds->GetRasterXSize(), 256 << 18);
    EXPECT_EQ(ds->GetRasterCount(), 4);
    EXPECT_EQ(ds->GetRasterBand(1)->GetOverviewCount(), 18);
}

TEST(TileService, ProblemsAreSaidInThePlannersWords) {
    EXPECT_EQ(service_problem(403, "", "http://h/1/2/3.png"),
              "the service refused the key (HTTP 403 at http://h/1/2/3.png)");
    EXPECT_EQ(service_problem(0, "Couldn't connect to server", "http://127.0.0.1:9/1/2/3.png"),
              "no answer from 127.0.0.1:9 (Couldn't connect to server)");
    EXPECT_EQ(detail::tile_service_problem(
                  "GDALWMS: Unable to download block 1615, 839.\nURL: http://h/x?tk=K9K9K9\n  HTTP "
                  "status code: 401, error: HTTP error code : 401.",
                  "K9K9K9"),
              "the service refused the key (HTTP 401 at http://h/x?tk={key})");
}

TEST_F(TileFetch, StoresEveryTileOnceAndAsksNothingTheSecondTime) {
    test::TileServer server(m_dir.path().string(), {"--mbtiles", m_mbtiles});
    const TileService s = parse_tile_service(server.base() + "/xyz/{z}/{x}/{y}.png");
    FetchOptions o;
    o.name = "test";
    o.box = chengdu;
    o.min_zoom = 15;
    o.max_zoom = 17;
    o.max_connections = 3;
    o.max_rate = 0;
    const std::string out = m_dir / "chengdu.mbtiles";
    SilentProgress quiet;
    const FetchReport r = fetch_tiles(s, o, out, quiet);
    EXPECT_EQ(r.tiles, count_tiles(chengdu, 15, 17));
    EXPECT_GT(r.tiles, 20u);
    EXPECT_EQ(r.fetched, r.tiles);
    EXPECT_EQ(r.kept, 0u);
    EXPECT_EQ(count_rows(out), static_cast<std::int64_t>(r.tiles));
    EXPECT_FALSE(fs::exists(out + ".part"));
    std::string stats = server.stats();
    EXPECT_EQ(served(stats, "xyz"), static_cast<int>(r.tiles)) << stats;
    EXPECT_LE(served(stats, "peak"), 3) << stats;
    // The same tile in both files (TMS rows in MBTiles).
    const int z = 17, x = test::tile_x(104.078, z), y = test::tile_y(30.666, z);
    const std::string where = "zoom_level=17 AND tile_column=" + std::to_string(x) +
                              " AND tile_row=" + std::to_string((1 << z) - 1 - y);
    EXPECT_EQ(count_rows(out, where), 1);

    // GDAL reads it as a raster in web mercator.
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_RASTER));
    ASSERT_TRUE(ds);
    EXPECT_STREQ(ds->GetDriver()->GetDescription(), "MBTiles");

    const FetchReport again = fetch_tiles(s, o, out, quiet);
    EXPECT_EQ(again.kept, r.tiles);
    EXPECT_EQ(again.fetched, 0u);
    EXPECT_EQ(served(server.stats(), "xyz"), static_cast<int>(r.tiles));
}

TEST_F(TileFetch, AnInterruptedFetchGoesOnWhereItStopped) {
    test::TileServer server(m_dir.path().string(), {"--mbtiles", m_mbtiles});
    const TileService s = parse_tile_service(server.base() + "/xyz/{z}/{x}/{y}.png");
    FetchOptions o;
    o.box = chengdu;
    o.min_zoom = 15;
    o.max_zoom = 17;
    o.max_connections = 1;
    o.max_rate = 200;
    const std::string out = m_dir / "chengdu.mbtiles";
    CancelAfter cancel(0.3);
    EXPECT_THROW(fetch_tiles(s, o, out, cancel), Cancelled);
    EXPECT_FALSE(fs::exists(out)); // all or nothing: the target only when complete
    ASSERT_TRUE(fs::exists(out + ".part"));
    const std::int64_t kept = count_rows(out + ".part");
    EXPECT_GT(kept, 0);
    const std::uint64_t total = count_tiles(chengdu, 15, 17);
    EXPECT_LT(kept, static_cast<std::int64_t>(total));
    const int asked_before = served(server.stats(), "xyz");

    SilentProgress quiet;
    const FetchReport r = fetch_tiles(s, o, out, quiet);
    EXPECT_EQ(r.kept, static_cast<std::uint64_t>(kept));
    EXPECT_EQ(r.fetched, total - static_cast<std::uint64_t>(kept));
    EXPECT_EQ(count_rows(out), static_cast<std::int64_t>(total));
    EXPECT_FALSE(fs::exists(out + ".part"));
    EXPECT_EQ(served(server.stats(), "xyz") - asked_before, static_cast<int>(r.fetched));
}

TEST_F(TileFetch, SlowsDownWhenTheServiceSaysTooManyRequests) {
    test::TileServer server(m_dir.path().string(), {"--mbtiles", m_mbtiles, "--limit-every", "4"});
    const TileService s = parse_tile_service(server.base() + "/busy/{z}/{x}/{y}.png");
    FetchOptions o;
    o.box = chengdu;
    o.min_zoom = 15;
    o.max_zoom = 16;
    o.max_connections = 2;
    SilentProgress quiet;
    const FetchReport r = fetch_tiles(s, o, m_dir / "busy.mbtiles", quiet);
    EXPECT_EQ(r.fetched, r.tiles);
    EXPECT_GT(r.retried, 0u);
    EXPECT_GT(served(server.stats(), "limited"), 0);
}

TEST_F(TileFetch, RefusedKeyMissingTilesCorruptTilesAndNoAnswerAreClearErrors) {
    test::TileServer server(m_dir.path().string(), {"--mbtiles", m_mbtiles, "--key", "GOOD"});
    FetchOptions o;
    o.name = "office";
    o.box = chengdu;
    o.min_zoom = 15;
    o.max_zoom = 15;
    o.key = "WRONGKEY";
    SilentProgress quiet;
    const std::string out = m_dir / "x.mbtiles";
    const auto keyed = parse_tile_service(server.base() + "/keyed/{z}/{x}/{y}.png?tk={key}");
    std::string e = error_of([&] { fetch_tiles(keyed, o, out, quiet); });
    EXPECT_NE(e.find("basemap 'office': the service refused the key (HTTP 403"), std::string::npos)
        << e;
    EXPECT_EQ(e.find("WRONGKEY"), std::string::npos) << e;
    EXPECT_FALSE(fs::exists(out));
    o.key = "GOOD";
    EXPECT_EQ(fetch_tiles(keyed, o, out, quiet).fetched, count_tiles(chengdu, 15, 15));

    e = error_of([&] {
        fetch_tiles(parse_tile_service(server.base() + "/missing/{z}/{x}/{y}.png"), o,
                    m_dir / "m.mbtiles", quiet);
    });
    EXPECT_NE(e.find("the service has none of the " + std::to_string(count_tiles(chengdu, 15, 15)) +
                     " tiles (HTTP 404"),
              std::string::npos)
        << e;
    e = error_of([&] {
        fetch_tiles(parse_tile_service(server.base() + "/corrupt/{z}/{x}/{y}.png"), o,
                    m_dir / "c.mbtiles", quiet);
    });
    EXPECT_NE(e.find("is not an image"), std::string::npos) << e;
    EXPECT_FALSE(fs::exists(m_dir / "c.mbtiles"));

    const std::string url = server.base() + "/xyz/{z}/{x}/{y}.png";
    server.stop();
    e = error_of([&] { fetch_tiles(parse_tile_service(url), o, m_dir / "n.mbtiles", quiet); });
    EXPECT_NE(e.find("no answer from 127.0.0.1:"), std::string::npos) << e;
    EXPECT_NE(e.find("the same command goes on from there"), std::string::npos) << e;

    e = error_of(
        [&] { probe_tile_service(parse_tile_service(url), "", 104.07, 30.66, 15, "basemap 'x'"); });
    EXPECT_NE(e.find("basemap 'x': no answer from 127.0.0.1:"), std::string::npos) << e;
}

TEST_F(TileFetch, GdalReadsTheServiceThroughTheDiskCacheAndOffline) {
    auto server = std::make_unique<test::TileServer>(
        m_dir.path().string(), std::vector<std::string>{"--mbtiles", m_mbtiles});
    const TileService s = parse_tile_service(server->base() + "/xyz/{z}/{x}/{y}.png");
    TileAccess access;
    access.max_zoom = 17;
    // One z17 tile's pixels: its first pixel is the tile's colour.
    const int x = test::tile_x(104.078, 17), y = test::tile_y(30.666, 17);
    auto read = [&](const TileAccess& a, int tx, int ty, std::string& problem) {
        GDALDatasetUniquePtr ds = detail::open_tile_service(s, a);
        std::vector<GByte> px(4, 0);
        detail::QuietGdalErrors quiet;
        for (int b = 0; b < 4; ++b)
            if (ds->GetRasterBand(b + 1)->RasterIO(GF_Read, tx * 256 + 10, ty * 256 + 10, 1, 1,
                                                   &px[static_cast<std::size_t>(b)], 1, 1, GDT_Byte,
                                                   0, 0) != CE_None)
                problem = detail::tile_service_problem(CPLGetLastErrorMsg(), ""); // the last
        return px;
    };
    std::string problem;
    const auto online = read(access, x, y, problem);
    EXPECT_EQ(problem, "");
    const bool even = (x + y) % 2 == 0;
    EXPECT_EQ(online[0], even ? 200 : 30);
    EXPECT_EQ(online[2], even ? 30 : 200);
    EXPECT_EQ(online[3], 255);
    EXPECT_TRUE(fs::exists(tile_cache_folder(s)));

    server.reset(); // stopped: the cached tile still reads, online or offline
    EXPECT_EQ(read(access, x, y, problem), online);
    EXPECT_EQ(problem, "");
    TileAccess offline = access;
    offline.offline = true;
    EXPECT_EQ(read(offline, x, y, problem), online);
    // A tile never fetched: an error online, blank (transparent) offline.
    const auto blank = read(offline, x + 5, y, problem);
    EXPECT_EQ(problem, "");
    EXPECT_EQ(blank[3], 0);
    read(access, x + 5, y, problem);
    EXPECT_NE(problem.find("no answer from 127.0.0.1:"), std::string::npos)
        << problem << " / " << CPLGetLastErrorMsg();
}
