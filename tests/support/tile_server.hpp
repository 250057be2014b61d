#pragma once
// The loopback tile server of the basemap tests (tests/support/tile_server.py, issue 18) and
// the tiles it serves: PNG tiles of one colour made with GDAL, written into an MBTiles file.

#include <gdal_priv.h>
#include <sqlite3.h>

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <numbers>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace cordon::test {

/// A 256×256 PNG of one opaque colour.
inline std::string png_tile(int r, int g, int b) {
    GDALAllRegister();
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDatasetUniquePtr ds(mem->Create("", 256, 256, 4, GDT_Byte, nullptr));
    const int colour[4] = {r, g, b, 255};
    for (int i = 0; i < 4; ++i)
        ds->GetRasterBand(i + 1)->Fill(colour[i]);
    const std::string name = "/vsimem/test-tile-" + std::to_string(r) + "-" + std::to_string(g) +
                             "-" + std::to_string(b) + ".png";
    GDALDriver* png = GetGDALDriverManager()->GetDriverByName("PNG");
    GDALClose(png->CreateCopy(name.c_str(), ds.get(), FALSE, nullptr, nullptr, nullptr));
    vsi_l_offset size = 0;
    GByte* bytes = VSIGetMemFileBuffer(name.c_str(), &size, TRUE);
    std::string out(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
    CPLFree(bytes);
    return out;
}

inline int tile_x(double lon, int z) {
    return static_cast<int>(std::floor((lon + 180.0) / 360.0 * (1 << z)));
}
inline int tile_y(double lat, int z) {
    const double r = lat * std::numbers::pi / 180.0;
    return static_cast<int>(
        std::floor((1.0 - std::asinh(std::tan(r)) / std::numbers::pi) / 2.0 * (1 << z)));
}

/// An MBTiles file with the tiles of the box (lon/lat) at zoom levels z0..z1: a checkerboard
/// of `even` and `odd` tiles ((x + y) even or odd).
inline void write_checker_mbtiles(const std::string& path, double west, double south, double east,
                                  double north, int z0, int z1, const std::string& even,
                                  const std::string& odd) {
    std::remove(path.c_str());
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) throw std::runtime_error("open " + path);
    sqlite3_exec(db,
                 "CREATE TABLE metadata (name TEXT, value TEXT);"
                 "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, "
                 "tile_data BLOB);"
                 "CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);"
                 "BEGIN;",
                 nullptr, nullptr, nullptr);
    const std::string meta = "INSERT INTO metadata VALUES ('name','test'),('format','png'),"
                             "('type','baselayer'),('minzoom','" +
                             std::to_string(z0) + "'),('maxzoom','" + std::to_string(z1) +
                             "'),('bounds','" + std::to_string(west) + "," + std::to_string(south) +
                             "," + std::to_string(east) + "," + std::to_string(north) + "');";
    sqlite3_exec(db, meta.c_str(), nullptr, nullptr, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO tiles VALUES (?, ?, ?, ?)", -1, &st, nullptr);
    for (int z = z0; z <= z1; ++z)
        for (int y = tile_y(north, z); y <= tile_y(south, z); ++y)
            for (int x = tile_x(west, z); x <= tile_x(east, z); ++x) {
                const std::string& data = (x + y) % 2 == 0 ? even : odd;
                sqlite3_bind_int(st, 1, z);
                sqlite3_bind_int(st, 2, x);
                sqlite3_bind_int(st, 3, (1 << z) - 1 - y);
                sqlite3_bind_blob(st, 4, data.data(), static_cast<int>(data.size()),
                                  SQLITE_TRANSIENT);
                sqlite3_step(st);
                sqlite3_reset(st);
            }
    sqlite3_finalize(st);
    sqlite3_exec(db, "COMMIT;", nullptr, nullptr, nullptr);
    sqlite3_close(db);
}

/// tile_server.py running on a free loopback port until stop() or the end of the test.
class TileServer {
public:
    /// `args`: the server's options (--mbtiles FILE, --any FILE, --key K, --delay S, ...).
    TileServer(const std::string& folder, const std::vector<std::string>& args) {
        const std::string port_file =
            folder + "/tile-server-" + std::to_string(++count()) + ".port";
        std::remove(port_file.c_str());
        m_pid = ::fork();
        if (m_pid == 0) {
            std::vector<std::string> all{
                "python3", std::string(CORDON_SOURCE_DIR) + "/tests/support/tile_server.py",
                "--port-file", port_file};
            all.insert(all.end(), args.begin(), args.end());
            std::vector<char*> argv;
            for (auto& a : all)
                argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execvp("python3", argv.data());
            ::_exit(127);
        }
        for (int i = 0; i < 200 && m_port == 0; ++i) {
            std::ifstream in(port_file);
            in >> m_port;
            if (m_port == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if (m_port == 0) throw std::runtime_error("tile_server.py did not start");
    }
    ~TileServer() { stop(); }
    TileServer(const TileServer&) = delete;
    TileServer& operator=(const TileServer&) = delete;

    int port() const { return m_port; }
    /// "http://127.0.0.1:PORT".
    std::string base() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    void stop() {
        if (m_pid > 0) {
            ::kill(m_pid, SIGTERM);
            ::waitpid(m_pid, nullptr, 0);
            m_pid = -1;
        }
    }
    /// The server's /stats (JSON text), read with curl.
    std::string stats() const {
        std::string out;
        FILE* pipe = ::popen(("curl -s " + base() + "/stats").c_str(), "r");
        char buf[4096];
        while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe))
            out.append(buf, n);
        ::pclose(pipe);
        return out;
    }

private:
    static int& count() {
        static int n = 0;
        return n;
    }
    pid_t m_pid = -1;
    int m_port = 0;
};

} // namespace cordon::test
