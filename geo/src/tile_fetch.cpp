// Fetching a district's tiles once into an MBTiles file (issue 18, item 3): resumable, at most
// N requests at once and R per second, 429/5xx retried with back-off, every tile checked to be
// an image before it is stored.

#include "gdal_handles.hpp"
#include "sqlite_db.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/output_file.hpp>
#include <cordon/geo/tile_service.hpp>

#include <cpl_vsi.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <curl/curl.h>
#include <deque>
#include <filesystem>
#include <mutex>
#include <numbers>
#include <set>
#include <thread>
#include <unistd.h>
#include <vector>

namespace cordon::geo {

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

struct TileId {
    int z = 0, x = 0, y = 0; // XYZ: y = 0 in the north
};

std::uint64_t pack(int z, int x, int y) {
    return (static_cast<std::uint64_t>(z) << 56) | (static_cast<std::uint64_t>(x) << 28) |
           static_cast<std::uint64_t>(y);
}

int lon_to_x(double lon, int z) {
    const int n = 1 << z;
    const int x = static_cast<int>(std::floor((lon + 180.0) / 360.0 * n));
    return std::clamp(x, 0, n - 1);
}

int lat_to_y(double lat, int z) {
    const int n = 1 << z;
    lat = std::clamp(lat, -85.05112878, 85.05112878);
    const double r = lat * std::numbers::pi / 180.0;
    const int y =
        static_cast<int>(std::floor((1.0 - std::asinh(std::tan(r)) / std::numbers::pi) / 2.0 * n));
    return std::clamp(y, 0, n - 1);
}

void check_box(const LonLatBox& box, int min_zoom, int max_zoom) {
    if (!(box.west < box.east) || !(box.south < box.north) || box.west < -180 || box.east > 180 ||
        box.south < -90 || box.north > 90)
        throw InputError("the extent to fetch is empty or not in longitude/latitude");
    if (min_zoom < 0 || max_zoom > 22 || min_zoom > max_zoom)
        throw InputError("zoom levels " + std::to_string(min_zoom) + "-" +
                         std::to_string(max_zoom) +
                         ": must be 0 to 22, the first not above the last");
}

std::vector<TileId> tiles_of(const LonLatBox& box, int min_zoom, int max_zoom) {
    std::vector<TileId> out;
    for (int z = min_zoom; z <= max_zoom; ++z)
        for (int y = lat_to_y(box.north, z); y <= lat_to_y(box.south, z); ++y)
            for (int x = lon_to_x(box.west, z); x <= lon_to_x(box.east, z); ++x)
                out.push_back({z, x, y});
    return out;
}

/// "png", "jpg" or "webp" by the first bytes, or empty.
std::string image_format(const std::string& data) {
    if (data.size() > 8 && data.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0) return "png";
    if (data.size() > 3 && static_cast<unsigned char>(data[0]) == 0xff &&
        static_cast<unsigned char>(data[1]) == 0xd8 && static_cast<unsigned char>(data[2]) == 0xff)
        return "jpg";
    if (data.size() > 12 && data.compare(0, 4, "RIFF") == 0 && data.compare(8, 4, "WEBP") == 0)
        return "webp";
    return {};
}

/// Whether GDAL decodes the bytes as an image (every pixel read).
bool decodes(const std::string& data, const std::string& format) {
    static std::atomic<int> counter{0};
    const std::string name = "/vsimem/cordon-tile-" + std::to_string(::getpid()) + "-" +
                             std::to_string(counter++) + "." + format;
    VSILFILE* f = VSIFileFromMemBuffer(
        name.c_str(), reinterpret_cast<GByte*>(const_cast<char*>(data.data())), data.size(), FALSE);
    if (!f) return false;
    VSIFCloseL(f);
    bool ok = false;
    {
        detail::QuietGdalErrors quiet;
        const char* drivers[] = {"PNG", "JPEG", "WEBP", nullptr};
        GDALDatasetUniquePtr ds(GDALDataset::FromHandle(GDALOpenEx(
            name.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, drivers, nullptr, nullptr)));
        if (ds && ds->GetRasterCount() > 0 && ds->GetRasterXSize() > 0) {
            const int w = ds->GetRasterXSize(), h = ds->GetRasterYSize();
            std::vector<GByte> buf(static_cast<std::size_t>(w) * h);
            ok = ds->GetRasterBand(ds->GetRasterCount())
                         ->RasterIO(GF_Read, 0, 0, w, h, buf.data(), w, h, GDT_Byte, 0, 0) ==
                     CE_None &&
                 quiet.failure().empty();
        }
    }
    VSIUnlink(name.c_str());
    return ok;
}

struct Answer {
    TileId tile;
    int status = 0; ///< HTTP status, 0 for no answer
    std::string data;
    std::string format;
    std::string error; ///< a fatal problem (the run stops), in the planner's words
    bool missing = false;
};

/// The requests of all workers: one slot every 1/rate seconds; a 429 halves the rate.
class RateLimit {
public:
    explicit RateLimit(double rate) : m_rate(rate), m_max(rate), m_next(Clock::now()) {}
    Clock::time_point slot() {
        std::lock_guard lock(m_mutex);
        const auto now = Clock::now();
        const auto at = std::max(now, m_next);
        if (m_rate > 0)
            m_next = at + std::chrono::duration_cast<Clock::duration>(
                              std::chrono::duration<double>(1.0 / m_rate));
        return at;
    }
    /// After a 429 or 5xx: half the rate (at least 1 a second) and nothing before `until`.
    void slow_down(Clock::time_point until) {
        std::lock_guard lock(m_mutex);
        if (m_rate <= 0) m_rate = m_max = 8; // no limit was set: one now
        m_rate = std::max(1.0, m_rate / 2);
        m_next = std::max(m_next, until);
    }
    /// After an answer: back up towards the rate asked for, a tenth at a time.
    void speed_up() {
        std::lock_guard lock(m_mutex);
        if (m_rate > 0) m_rate = std::min(m_max, m_rate * 1.1);
    }

private:
    std::mutex m_mutex;
    double m_rate;
    double m_max;
    Clock::time_point m_next;
};

std::size_t write_body(char* data, std::size_t size, std::size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
}

std::size_t read_header(char* data, std::size_t size, std::size_t n, void* out) {
    const std::string line(data, size * n);
    if (line.size() > 12 &&
        (line.compare(0, 12, "Retry-After:") == 0 || line.compare(0, 12, "retry-after:") == 0))
        *static_cast<double*>(out) = std::atof(line.c_str() + 12);
    return size * n;
}

struct CurlDeleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};

class Fetcher {
public:
    Fetcher(const TileService& service, const FetchOptions& options)
        : m_service(service), m_options(options), m_rate(options.max_rate) {}

    /// Fetches `todo` with the workers; `on_answer` runs on the calling thread for each answer
    /// (and may throw: the workers are stopped and joined before it propagates).
    template <class OnAnswer, class OnIdle>
    void run(const std::vector<TileId>& todo, OnAnswer on_answer, OnIdle on_idle) {
        m_todo = &todo;
        const int workers = std::clamp(m_options.max_connections, 1,
                                       std::max<int>(1, static_cast<int>(todo.size())));
        std::vector<std::thread> threads;
        struct Join {
            Fetcher& f;
            std::vector<std::thread>& t;
            ~Join() {
                f.m_stop = true;
                f.m_ready.notify_all();
                for (auto& th : t)
                    th.join();
            }
        } join{*this, threads};
        for (int i = 0; i < workers; ++i)
            threads.emplace_back([this] { work(); });
        std::size_t received = 0;
        while (received < todo.size()) {
            std::unique_lock lock(m_mutex);
            m_ready.wait_for(lock, std::chrono::milliseconds(200),
                             [&] { return !m_answers.empty(); });
            std::deque<Answer> batch;
            batch.swap(m_answers);
            lock.unlock();
            for (auto& a : batch) {
                ++received;
                on_answer(a);
            }
            on_idle(); // commits now and then, reports progress (a cancel throws there)
            if (m_stop) break;
        }
    }

    std::atomic<std::uint64_t> retried{0};
    void stop() { m_stop = true; }

private:
    void work() {
        std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
        while (!m_stop) {
            const std::size_t i = m_next++;
            if (i >= m_todo->size()) return;
            Answer a = fetch((*m_todo)[i], curl.get());
            std::lock_guard lock(m_mutex);
            m_answers.push_back(std::move(a));
            m_ready.notify_one();
        }
    }

    void sleep_until(Clock::time_point t) {
        while (!m_stop && Clock::now() < t)
            std::this_thread::sleep_for(
                std::min<Clock::duration>(t - Clock::now(), std::chrono::milliseconds(100)));
    }

    Answer fetch(const TileId& tile, CURL* curl) {
        Answer a;
        a.tile = tile;
        const std::string url = tile_url(m_service, tile.z, tile.x, tile.y, m_options.key);
        const std::string shown = hide_key(url, m_options.key);
        const std::string user_agent =
            std::string("Cordon/") + CORDON_VERSION + " (district planner; basemap fetch)";
        for (int attempt = 0;; ++attempt) {
            sleep_until(m_rate.slot());
            if (m_stop) return a;
            a.data.clear();
            double retry_after = -1;
            char error[CURL_ERROR_SIZE] = "";
            curl_easy_reset(curl);
            curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
            curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
            curl_easy_setopt(curl, CURLOPT_WRITEDATA, &a.data);
            curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, read_header);
            curl_easy_setopt(curl, CURLOPT_HEADERDATA, &retry_after);
            curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
            curl_easy_setopt(curl, CURLOPT_USERAGENT, user_agent.c_str());
            curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
            curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
            curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
            curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(m_options.timeout_seconds));
            curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
            const CURLcode rc = curl_easy_perform(curl);
            long status = 0;
            if (rc == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
            a.status = static_cast<int>(status);
            const bool timed_out = rc == CURLE_OPERATION_TIMEDOUT;
            const bool refused = rc != CURLE_OK && !timed_out;
            const bool busy = status == 429 || status == 502 || status == 503 || status == 504;
            if ((busy || timed_out || refused) && attempt < (refused ? 1 : m_options.max_retries)) {
                ++retried;
                const double wait = retry_after >= 0 ? std::min(retry_after, 60.0)
                                                     : std::min(30.0, 0.5 * std::pow(2.0, attempt));
                const auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                      std::chrono::duration<double>(wait));
                if (busy) m_rate.slow_down(until);
                sleep_until(until);
                continue;
            }
            if (!busy) m_rate.speed_up();
            if (rc != CURLE_OK) {
                a.error = service_problem(0, error[0] ? error : curl_easy_strerror(rc), shown);
            } else if (status == 404 || status == 204) {
                a.missing = true;
            } else if (status != 200) {
                a.error = service_problem(a.status, "", shown);
            } else {
                a.format = image_format(a.data);
                if (a.format.empty() || !decodes(a.data, a.format))
                    a.error = "tile " + std::to_string(tile.z) + "/" + std::to_string(tile.x) +
                              "/" + std::to_string(tile.y) + " from " + shown +
                              " is not an image (corrupt or an error page, " +
                              std::to_string(a.data.size()) + " bytes)";
            }
            return a;
        }
    }

    const TileService& m_service;
    const FetchOptions& m_options;
    RateLimit m_rate;
    const std::vector<TileId>* m_todo = nullptr;
    std::atomic<std::size_t> m_next{0};
    std::atomic<bool> m_stop{false};
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<Answer> m_answers;
};

void create_schema(detail::Database& db) {
    db.exec("CREATE TABLE IF NOT EXISTS metadata (name TEXT, value TEXT);"
            "CREATE UNIQUE INDEX IF NOT EXISTS name ON metadata (name);"
            "CREATE TABLE IF NOT EXISTS tiles (zoom_level INTEGER, tile_column INTEGER, "
            "tile_row INTEGER, tile_data BLOB);"
            "CREATE UNIQUE INDEX IF NOT EXISTS tile_index ON tiles (zoom_level, tile_column, "
            "tile_row);"
            // Tiles the service does not have (404/204): not asked again when resumed.
            "CREATE TABLE IF NOT EXISTS cordon_missing (zoom_level INTEGER, tile_column INTEGER, "
            "tile_row INTEGER, PRIMARY KEY (zoom_level, tile_column, tile_row));");
}

std::string meta(detail::Database& db, const std::string& name) {
    auto st = db.prepare("SELECT value FROM metadata WHERE name = ?");
    st.bind(1, name);
    return st.next() ? st.text(0) : std::string();
}

void set_meta(detail::Database& db, const std::string& name, const std::string& value) {
    db.prepare("INSERT OR REPLACE INTO metadata (name, value) VALUES (?, ?)")
        .bind(1, name)
        .bind(2, value)
        .run();
}

std::string number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.7f", v);
    return buf;
}

} // namespace

void probe_tile_service(const TileService& service, std::string_view key, double lon, double lat,
                        int zoom, const std::string& label) {
    static const bool curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    if (!curl_ready) throw Error("cannot start the HTTP client (libcurl)");
    detail::ensure_gdal();
    FetchOptions options;
    options.key = std::string(key);
    options.max_retries = 2;
    options.timeout_seconds = 15;
    const std::vector<TileId> one{{zoom, lon_to_x(lon, zoom), lat_to_y(lat, zoom)}};
    Fetcher fetcher(service, options);
    std::string problem;
    fetcher.run(
        one,
        [&](Answer& a) {
            if (!a.error.empty())
                problem = a.error;
            else if (a.missing)
                problem = service_problem(
                    a.status == 0 ? 404 : a.status, "",
                    hide_key(tile_url(service, a.tile.z, a.tile.x, a.tile.y, key), key));
        },
        [] {});
    if (!problem.empty()) throw InputError(label + ": " + problem);
}

std::uint64_t count_tiles(const LonLatBox& box, int min_zoom, int max_zoom) {
    check_box(box, min_zoom, max_zoom);
    std::uint64_t n = 0;
    for (int z = min_zoom; z <= max_zoom; ++z)
        n += static_cast<std::uint64_t>(lat_to_y(box.south, z) - lat_to_y(box.north, z) + 1) *
             static_cast<std::uint64_t>(lon_to_x(box.east, z) - lon_to_x(box.west, z) + 1);
    return n;
}

FetchReport fetch_tiles(const TileService& service, const FetchOptions& options,
                        const std::string& target, Progress& progress) {
    static const bool curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    if (!curl_ready) throw Error("cannot start the HTTP client (libcurl)");
    detail::ensure_gdal();
    check_box(options.box, options.min_zoom, options.max_zoom);
    const auto started = Clock::now();
    const std::string real = check_output_path(target).string();
    const std::string part = real + ".part";
    const std::string label =
        options.name.empty() ? std::string("the basemap") : "basemap '" + options.name + "'";
    std::error_code ec;
    if (!fs::exists(part) && fs::exists(real)) {
        fs::copy_file(real, part, ec);
        if (ec) throw InputError(part + ": cannot write (" + ec.message() + ")");
    }
    FetchReport report;
    const std::vector<TileId> all = tiles_of(options.box, options.min_zoom, options.max_zoom);
    report.tiles = all.size();
    std::vector<TileId> todo;
    {
        detail::Database db(part, true);
        if (db.has_table("tiles") && !meta(db, "cordon_source").empty() &&
            meta(db, "cordon_source") != service.url)
            throw InputError(part + ": holds the tiles of another service (" +
                             meta(db, "cordon_source") + "); remove it or write to another file");
        create_schema(db);
        set_meta(db, "cordon_source", service.url);
        std::set<std::uint64_t> have;
        for (const char* table : {"tiles", "cordon_missing"}) {
            auto st =
                db.prepare(std::string("SELECT zoom_level, tile_column, tile_row FROM ") + table);
            while (st.next()) {
                const int z = static_cast<int>(st.integer(0));
                have.insert(pack(z, static_cast<int>(st.integer(1)),
                                 (1 << z) - 1 - static_cast<int>(st.integer(2))));
            }
        }
        for (const auto& t : all)
            if (have.count(pack(t.z, t.x, t.y)))
                ++report.kept;
            else
                todo.push_back(t);
    }
    progress.report("fetching tiles", report.kept, report.tiles);

    {
        detail::Database db(part, true);
        auto insert = db.prepare("INSERT OR REPLACE INTO tiles (zoom_level, tile_column, tile_row, "
                                 "tile_data) VALUES (?, ?, ?, ?)");
        auto insert_missing = db.prepare("INSERT OR IGNORE INTO cordon_missing (zoom_level, "
                                         "tile_column, tile_row) VALUES (?, ?, ?)");
        std::string format = meta(db, "format");
        std::string failure;
        bool in_transaction = false;
        auto last_commit = Clock::now();
        auto commit = [&] {
            if (in_transaction) db.exec("COMMIT");
            in_transaction = false;
            last_commit = Clock::now();
        };
        Fetcher fetcher(service, options);
        auto on_idle = [&] {
            if (Clock::now() - last_commit > std::chrono::seconds(1)) commit();
            progress.report("fetching tiles", report.kept + report.fetched + report.missing,
                            report.tiles);
        };
        auto on_answer = [&](Answer& a) {
            if (!a.error.empty()) {
                if (failure.empty()) failure = a.error;
                fetcher.stop();
                return;
            }
            if (!in_transaction) {
                db.exec("BEGIN");
                in_transaction = true;
            }
            const int row = (1 << a.tile.z) - 1 - a.tile.y;
            if (a.missing) {
                insert_missing.bind(1, a.tile.z).bind(2, a.tile.x).bind(3, row).run();
                ++report.missing;
            } else if (a.status == 200) {
                if (format.empty()) format = a.format;
                insert.bind(1, a.tile.z).bind(2, a.tile.x).bind(3, row).bind_blob(4, a.data).run();
                ++report.fetched;
                report.bytes += a.data.size();
            } else {
                return; // stopped before asking
            }
        };
        try {
            fetcher.run(todo, on_answer, on_idle);
        } catch (...) {
            commit(); // a cancel keeps what was fetched: the next run goes on from there
            throw;
        }
        commit();
        report.retried = fetcher.retried;
        report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
        const std::uint64_t done = report.kept + report.fetched + report.missing;
        if (!failure.empty() || done < report.tiles)
            throw InputError(label + ": " + (failure.empty() ? "stopped" : failure) + "; " +
                             std::to_string(done) + " of " + std::to_string(report.tiles) +
                             " tiles are kept in " + part +
                             " and the same command goes on from there");
        {
            auto st = db.prepare("SELECT COUNT(*) FROM tiles");
            st.next();
            if (st.integer(0) == 0)
                throw InputError(label + ": the service has none of the " +
                                 std::to_string(report.tiles) + " tiles (HTTP 404 at " +
                                 hide_key(tile_url(service, all.front().z, all.front().x,
                                                   all.front().y, options.key),
                                          options.key) +
                                 ")");
        }
        // Metadata: the levels and bounds of everything the file holds now.
        {
            auto st = db.prepare("SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles");
            st.next();
            set_meta(db, "minzoom", std::to_string(st.integer(0)));
            set_meta(db, "maxzoom", std::to_string(st.integer(1)));
        }
        LonLatBox bounds = options.box;
        if (const std::string old = meta(db, "bounds"); !old.empty()) {
            double w, s, e, n;
            if (std::sscanf(old.c_str(), "%lf,%lf,%lf,%lf", &w, &s, &e, &n) == 4) {
                bounds.west = std::min(bounds.west, w);
                bounds.south = std::min(bounds.south, s);
                bounds.east = std::max(bounds.east, e);
                bounds.north = std::max(bounds.north, n);
            }
        }
        set_meta(db, "bounds",
                 number(bounds.west) + "," + number(bounds.south) + "," + number(bounds.east) +
                     "," + number(bounds.north));
        set_meta(db, "name", options.name.empty() ? fs::path(real).stem().string() : options.name);
        set_meta(db, "type", "baselayer");
        set_meta(db, "version", "1.1");
        set_meta(db, "format", format.empty() ? "png" : format);
        set_meta(db, "description", "fetched by Cordon from " + service.url);
        if (!options.attribution.empty()) set_meta(db, "attribution", options.attribution);
    }
    fs::rename(part, real, ec);
    if (ec)
        throw InputError(real + ": cannot write (" + ec.message() + "); the tiles are in " + part);
    return report;
}

} // namespace cordon::geo
