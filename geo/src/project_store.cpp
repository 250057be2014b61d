// The project file: SpatiaLite tables for every layer, metadata, sources; atomic writes.

#include "gdal_handles.hpp"
#include "ogr_geometry.hpp"
#include "project_layers.hpp"
#include "project_path.hpp"
#include "project_references.hpp"
#include "spatialite_blob.hpp"
#include "sqlite_db.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/pg_store.hpp>
#include <cordon/geo/project_store.hpp>

#include <ogr_spatialref.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <new>
#include <optional>
#include <set>
#include <sys/file.h>
#include <sys/stat.h>
#include <tuple>
#include <unistd.h>

namespace fs = std::filesystem;

namespace cordon::geo {

using namespace detail;

namespace detail {

// The file `path` names (project_path.hpp), absolute, symlinks resolved (also a dangling one: its
// target is where a save goes). InputError with the system's words when it cannot be resolved.
fs::path real_path(const std::string& path) {
    std::error_code ec;
    fs::path p = fs::absolute(path, ec);
    for (int links = 0; !ec; ++links) {
        p = fs::weakly_canonical(p, ec);
        std::error_code missing; // a new file: nothing to follow
        if (ec || !fs::is_symlink(fs::symlink_status(p, missing))) break;
        if (links == 40) ec = std::make_error_code(std::errc::too_many_symbolic_link_levels);
        const fs::path to = fs::read_symlink(p, ec);
        p = to.is_absolute() ? to : p.parent_path() / to;
    }
    if (ec) throw InputError(path + ": " + ec.message());
    return p;
}

} // namespace detail

namespace {

struct TableSchema {
    const char* table;
    std::string columns;  ///< without the geometry column
    const char* geometry; ///< null for tables that are not layers
};

/// The layers' tables, from their descriptors.
const std::vector<TableSchema>& schema() {
    static const std::vector<TableSchema> tables = [] {
        std::vector<TableSchema> out;
        for_each_layer([&](const auto& layer) {
            out.push_back({layer.table, column_list(layer, true), layer.geometry});
        });
        return out;
    }();
    return tables;
}

// --- The file's identity ---------------------------------------------------------------------
// A save replaces the file by renaming a new one over it. Done naively that replaces a symlink
// with a file, splits a hard link, and gives the file this process's mode, owner and group.
// So the symlink is followed, a hard-linked or read-only project is refused, and the new file
// takes the old one's mode, owner and group before the rename.

std::string mode_text(mode_t mode) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
    return buf;
}

/// Whether this user may write the file `st` describes. For root, which may write anything,
/// a file without any write permission counts as read-only: someone made it so on purpose.
bool writable(const fs::path& file, const struct stat& st) {
    if (::geteuid() == 0) return (st.st_mode & 0222) != 0;
    return ::faccessat(AT_FDCWD, file.c_str(), W_OK, AT_EACCESS) == 0;
}

/// The new file `temp` takes the mode, owner and group of the project it replaces (`original`).
void keep_identity(const fs::path& temp, const struct stat& original, const std::string& path) {
    const int fd = ::open(temp.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw Error(temp.string() + ": cannot open to set its mode (" + std::strerror(errno) + ")");
    struct stat now {};
    std::string failed;
    if (::fstat(fd, &now) != 0)
        failed = std::string("cannot read the new file's owner (") + std::strerror(errno) + ")";
    else if ((now.st_uid != original.st_uid || now.st_gid != original.st_gid) &&
             ::fchown(fd, original.st_uid, original.st_gid) != 0)
        failed = "cannot keep its owner and group (user " + std::to_string(original.st_uid) +
                 ", group " + std::to_string(original.st_gid) + "): " + std::strerror(errno);
    else if (::fchmod(fd, original.st_mode & 07777) != 0)
        failed =
            "cannot keep its mode " + mode_text(original.st_mode) + ": " + std::strerror(errno);
    ::close(fd);
    if (!failed.empty())
        throw InputError(path + ": " + failed + "; the project was left as it was");
}

std::string now_utc() {
    const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

void create_schema(Database& db, int srid) {
    db.exec("SELECT InitSpatialMetadata(0, 'NONE')");
    db.exec("SELECT InsertEpsgSrid(" + std::to_string(srid) + ")");
    db.exec("SELECT InsertEpsgSrid(4326)");
    for (const TableSchema& t : schema()) {
        db.exec(std::string("CREATE TABLE ") + t.table + " (" + t.columns + ")");
        if (t.geometry)
            db.exec(std::string("SELECT AddGeometryColumn('") + t.table + "', 'geom', " +
                    std::to_string(srid) + ", '" + t.geometry + "', 'XY')");
    }
    db.exec("CREATE TABLE cordon_meta (key TEXT PRIMARY KEY, value TEXT)");
    db.exec("CREATE TABLE cordon_sources (id INTEGER PRIMARY KEY, path TEXT, sha256 TEXT, bytes "
            "INTEGER)");
    db.exec("CREATE TABLE plans (id INTEGER PRIMARY KEY, name TEXT, created TEXT, figures TEXT)");
    db.exec("CREATE TABLE parameters (step TEXT PRIMARY KEY, value TEXT)");
    db.exec("CREATE TABLE history (id INTEGER PRIMARY KEY, time TEXT, step TEXT, parameters TEXT, "
            "figures TEXT)");
}

// --- Geometry BLOBs -------------------------------------------------------------------------
// Rows are written with SpatiaLite's own BLOB format, built here straight from our geometry:
// byte-for-byte what GeomFromWKB(?, srid) makes of the same geometry, without the detour
// through OGR, WKB and SpatiaLite's parser (see "BLOB-Geometry" in SpatiaLite's docs):
// 0x00, byte order, SRID, MBR (minx miny maxx maxy), 0x7C, class, body, 0xFE.

class BlobWriter {
public:
    /// Starts a BLOB of class `type` whose bounds are `box`.
    void start(int srid, const Box& box, std::int32_t type) {
        m_out.clear();
        byte(0x00);
        byte(std::endian::native == std::endian::little ? 0x01 : 0x00);
        int32(srid);
        real(box.minx), real(box.miny), real(box.maxx), real(box.maxy);
        byte(0x7C);
        int32(type);
    }
    void points(const std::vector<Point>& pts) {
        int32(static_cast<std::int32_t>(pts.size()));
        for (const Point& p : pts)
            real(p.x), real(p.y);
    }
    void byte(unsigned char b) { m_out.push_back(static_cast<char>(b)); }
    void int32(std::int32_t v) { append(&v, sizeof v); }
    void real(double v) { append(&v, sizeof v); }
    const std::string& finish() {
        byte(0xFE);
        return m_out;
    }

private:
    void append(const void* data, std::size_t size) {
        m_out.append(static_cast<const char*>(data), size);
    }
    std::string m_out;
};

bool is_empty(const MultiPolygon& g) {
    return std::none_of(g.begin(), g.end(),
                        [](const Polygon& p) { return !p.rings.empty() && !p.rings[0].empty(); });
}
bool is_empty(const LineString& g) {
    return g.empty();
}
bool is_empty(Point) {
    return false;
}

/// A row's geometry: `geom`, or `pos` for points.
template <typename Row> auto& geometry_of(Row& row) {
    if constexpr (requires { row.geom; })
        return row.geom;
    else
        return row.pos;
}

Box box_of(const MultiPolygon& g) {
    return bounds(g);
}
Box box_of(const LineString& g) {
    return bounds(g);
}
Box box_of(Point p) {
    return {p.x, p.y, p.x, p.y};
}

void encode(BlobWriter& w, int srid, const MultiPolygon& g) {
    w.start(srid, bounds(g), gaia_multipolygon);
    std::int32_t parts = 0;
    for (const Polygon& p : g)
        parts += p.rings.empty() || p.rings[0].empty() ? 0 : 1;
    w.int32(parts);
    for (const Polygon& p : g) {
        if (p.rings.empty() || p.rings[0].empty()) continue;
        w.byte(0x69);
        w.int32(gaia_polygon);
        std::int32_t rings = 0;
        for (const Ring& r : p.rings)
            rings += r.empty() ? 0 : 1;
        w.int32(rings);
        for (const Ring& r : p.rings)
            if (!r.empty()) w.points(r);
    }
}
void encode(BlobWriter& w, int srid, const LineString& g) {
    w.start(srid, bounds(g), gaia_linestring);
    w.points(g);
}
void encode(BlobWriter& w, int srid, Point p) {
    w.start(srid, box_of(p), gaia_point);
    w.real(p.x), w.real(p.y);
}

/// Binds a geometry as a SpatiaLite BLOB, or NULL when it is empty (as GeomFromWKB gives).
template <typename Geometry>
void bind_geometry(Statement& s, int i, BlobWriter& w, int srid, const Geometry& g) {
    if (is_empty(g)) {
        s.bind(i, std::optional<std::int64_t>{});
        return;
    }
    encode(w, srid, g);
    s.bind_blob(i, w.finish());
}

// --- Spatial index ----------------------------------------------------------------------------
// The R*Tree is filled after the rows, in Hilbert order of the boxes' centres: an R*Tree grows
// much faster from spatially sorted boxes than from rows in source order (2× at 1M shuffled
// buildings; bench/README.md).

std::uint64_t hilbert(std::uint32_t x, std::uint32_t y) {
    constexpr std::uint32_t n = 1u << 16;
    std::uint64_t d = 0;
    for (std::uint32_t s = n / 2; s > 0; s /= 2) {
        const std::uint32_t rx = (x & s) ? 1 : 0, ry = (y & s) ? 1 : 0;
        d += static_cast<std::uint64_t>(s) * s * ((3 * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1) x = n - 1 - x, y = n - 1 - y;
            std::swap(x, y);
        }
    }
    return d;
}

template <typename Rows>
void fill_spatial_index(Database& db, const char* table, const Rows& rows) {
    struct Entry {
        std::uint64_t key;
        std::size_t row;
    };
    std::vector<Entry> entries;
    entries.reserve(rows.size());
    Box all;
    for (const auto& row : rows)
        if (!is_empty(geometry_of(row))) all.expand(box_of(geometry_of(row)));
    const double sx = all.width() > 0 ? 65535.0 / all.width() : 0,
                 sy = all.height() > 0 ? 65535.0 / all.height() : 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (is_empty(geometry_of(rows[i]))) continue;
        const Point c = box_of(geometry_of(rows[i])).centre();
        entries.push_back({hilbert(static_cast<std::uint32_t>((c.x - all.minx) * sx),
                                   static_cast<std::uint32_t>((c.y - all.miny) * sy)),
                           i});
    }
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.key < b.key; });
    Statement s = db.prepare(std::string("INSERT INTO \"idx_") + table +
                             "_geom\" (pkid, xmin, xmax, ymin, ymax) VALUES (?, ?, ?, ?, ?)");
    for (const Entry& e : entries) {
        const Box b = box_of(geometry_of(rows[e.row]));
        s.bind(1, rows[e.row].id)
            .bind(2, b.minx)
            .bind(3, b.maxx)
            .bind(4, b.miny)
            .bind(5, b.maxy)
            .run();
    }
}

// --- Rows ---------------------------------------------------------------------------------------

/// Writes a layer's rows, then fills its spatial index.
template <typename L, typename Rows>
void insert(Database& db, const L& layer, int srid, const Rows& rows, Progress& progress) {
    using Row = typename Rows::value_type;
    const int count = static_cast<int>(layer.fields.size());
    std::string sql = std::string("INSERT INTO ") + layer.table + " (" + column_list(layer, false) +
                      (Spatial<Row> ? ", geom" : "") + ") VALUES (";
    for (int i = 0; i < count; ++i)
        sql += i ? ",?" : "?";
    sql += Spatial<Row> ? ",?)" : ")";
    Statement s = db.prepare(sql);
    BlobWriter blob;
    std::size_t done = 0;
    for (const auto& row : rows) {
        for (int i = 0; i < count; ++i)
            layer.fields[static_cast<std::size_t>(i)].bind(s, i + 1, row);
        if constexpr (Spatial<Row>) bind_geometry(s, count + 1, blob, srid, geometry_of(row));
        s.run();
        if (++done % 8192 == 0)
            progress.report(std::string("writing ") + layer.table, done, rows.size());
    }
    if constexpr (Spatial<Row>) {
        progress.report(std::string("indexing ") + layer.table, 0.0);
        fill_spatial_index(db, layer.table, rows);
    }
}

/// SpatiaLite's per-row triggers on INSERT (geometry constraint check, last-insert time,
/// spatial index update), set aside during the bulk insert and put back as they were.
/// The rows are checked by construction instead: BlobWriter writes the column's class and SRID.
class InsertTriggers {
public:
    explicit InsertTriggers(Database& db) : m_db(db) {
        Statement s =
            db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE "
                       "'% INSERT ON %'");
        while (s.next())
            m_triggers.emplace_back(s.text(0), s.text(1));
        for (const auto& [name, sql] : m_triggers)
            db.exec("DROP TRIGGER \"" + name + "\"");
    }
    /// Puts the triggers back and records the insert time, as they would have.
    void restore() {
        for (const auto& [name, sql] : m_triggers)
            m_db.exec(sql);
        for (const TableSchema& t : schema())
            m_db.exec(
                std::string(
                    "UPDATE geometry_columns_time SET last_insert = strftime('%Y-%m-%dT%H:%M:%fZ', "
                    "'now') WHERE Lower(f_table_name) = Lower('") +
                t.table + "') AND EXISTS (SELECT 1 FROM " + t.table + ")");
    }

private:
    Database& m_db;
    std::vector<std::pair<std::string, std::string>> m_triggers;
};

void write_layers(Database& db, const District& d, Progress& progress) {
    for_each_layer(
        [&](const auto& layer) { insert(db, layer, d.meta.srid, layer.rows(d), progress); });
}

void write_meta(Database& db, const District& d) {
    Statement meta = db.prepare("INSERT INTO cordon_meta (key, value) VALUES (?, ?)");
    auto put = [&](const std::string& key, const std::string& value) {
        meta.bind(1, key).bind(2, value).run();
    };
    put("application", "Cordon");
    put("format_version", std::to_string(project_format_version));
    put("cordon_version", d.meta.cordon_version.empty() ? CORDON_VERSION : d.meta.cordon_version);
    put("srid", std::to_string(d.meta.srid));
    put("crs", "EPSG:" + std::to_string(d.meta.srid));
    put("crs_name", d.meta.crs_name);
    put("created", d.meta.created.empty() ? now_utc() : d.meta.created);
    put("saved", now_utc());
    put("import_report", d.meta.import_report);
    Statement src = db.prepare("INSERT INTO cordon_sources (path, sha256, bytes) VALUES (?, ?, ?)");
    for (const SourceFile& f : d.meta.sources)
        src.bind(1, f.path).bind(2, f.sha256).bind(3, static_cast<std::int64_t>(f.bytes)).run();
    Statement history =
        db.prepare("INSERT INTO history (time, step, parameters, figures) VALUES (?, ?, ?, ?)");
    for (const HistoryEntry& h : d.meta.history)
        history.bind(1, h.time.empty() ? now_utc() : h.time)
            .bind(2, h.step)
            .bind(3, h.parameters)
            .bind(4, h.figures)
            .run();
    Statement parameters = db.prepare("INSERT INTO parameters (step, value) VALUES (?, ?)");
    for (const auto& [step, value] : d.meta.parameters)
        parameters.bind(1, step).bind(2, value).run();
}

void fsync_path(const fs::path& p, bool directory) {
    const int fd = ::open(p.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

} // namespace

const std::vector<StoredLayer>& stored_layers() {
    static const std::vector<StoredLayer> layers = [] {
        std::vector<StoredLayer> out;
        for (const TableSchema& t : schema())
            if (t.geometry) out.push_back({t.table, t.geometry});
        return out;
    }();
    return layers;
}

namespace {

/// Removes `PROJECT.tmp-*` left by a writer that died (kill -9, power cut) before renaming.
/// Called with the lock held, so no other process is writing; temp files of this process
/// (other threads) are left alone.
void remove_stale_temp_files(const fs::path& target) {
    std::error_code ec;
    const std::string prefix = target.filename().string() + ".tmp-";
    const std::string own = prefix + std::to_string(::getpid()) + "-";
    for (fs::directory_iterator it(target.parent_path(), ec), end; !ec && it != end;
         it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.rfind(prefix, 0) == 0 && name.rfind(own, 0) != 0) fs::remove(it->path(), ec);
    }
}

fs::path temp_path_for(const fs::path& target) {
    static std::atomic<unsigned> counter{0};
    return target.string() + ".tmp-" + std::to_string(::getpid()) + "-" +
           std::to_string(counter.fetch_add(1));
}

} // namespace

namespace {

/// check_saveable for the real file `target`; `original` is set when the file exists.
void check_saveable(const std::string& path, const fs::path& target,
                    std::optional<struct stat>& original) {
    std::error_code ec;
    struct stat st {};
    original.reset();
    if (::stat(target.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode))
            throw InputError(path + ": is a directory (" + std::strerror(EISDIR) +
                             "), not a project file");
        if (!S_ISREG(st.st_mode)) throw InputError(path + ": not a regular file");
        if (st.st_nlink > 1)
            throw InputError(path + ": the project file has " + std::to_string(st.st_nlink) +
                             " hard links; saving would leave the other names with the old "
                             "project, so it is refused (copy it to work on it); nothing was "
                             "written");
        if (!writable(target, st))
            throw InputError(path + ": the project is read-only (mode " + mode_text(st.st_mode) +
                             "); nothing was written (make it writable to save it)");
        original = st;
    } else if (errno != ENOENT) {
        throw InputError(path + ": " + std::strerror(errno));
    } else if (!fs::is_directory(target.parent_path(), ec)) {
        throw InputError(path + ": folder " + target.parent_path().string() + " does not exist");
    }
    // The temporary file beside it, and SQLite's look for a journal of that, need a longer name.
    const long name_max = ::pathconf(target.parent_path().c_str(), _PC_NAME_MAX);
    const std::size_t needed =
        target.filename().string().size() + std::strlen(".tmp-4294967295-4294967295-journal");
    if (name_max > 0 && needed > static_cast<std::size_t>(name_max))
        throw InputError(path + ": " + std::strerror(ENAMETOOLONG) + " (the file name has " +
                         std::to_string(target.filename().string().size()) +
                         " bytes; saving needs a temporary file beside it whose name is " +
                         std::to_string(needed - target.filename().string().size()) +
                         " bytes longer, and the file system allows " + std::to_string(name_max) +
                         ")");
}

} // namespace

void check_saveable(const std::string& path) {
    if (is_database_url(path)) return; // the database takes turns itself (write_database)
    std::optional<struct stat> original;
    check_saveable(path, real_path(path), original);
}

void write_project(const District& district, const std::string& path, Progress& progress) {
    if (is_database_url(path)) {
        write_database(district, path, progress, DependsOn::everything_read);
        return;
    }
    if (district.meta.srid <= 0) throw Error(path + ": the district has no project CRS");
    const fs::path target = real_path(path);
    std::optional<struct stat> original;
    check_saveable(path, target, original);
    const ProjectLock lock(target.string());
    check_saveable(path, target, original); // again, under the lock: what is replaced
    remove_stale_temp_files(target);
    const fs::path temp = temp_path_for(target);
    std::error_code ec;
    fs::remove(temp, ec);
    try {
        {
            Database db(temp.string(), true);
            db.exec("PRAGMA journal_mode=OFF");
            db.exec("PRAGMA synchronous=OFF");
            db.exec("PRAGMA application_id=1129271876"); // 'CORD'
            db.exec("BEGIN");
            create_schema(db, district.meta.srid);
            // The spatial indexes are created empty; write_layers fills them after each table.
            for (const TableSchema& t : schema())
                if (t.geometry)
                    db.exec(std::string("SELECT CreateSpatialIndex('") + t.table + "', 'geom')");
            InsertTriggers triggers(db);
            write_layers(db, district, progress);
            triggers.restore();
            write_meta(db, district);
            db.exec("COMMIT");
        }
        progress.report("saving", 1.0);
        if (original) keep_identity(temp, *original, path);
        fsync_path(temp, false);
        fs::rename(temp, target);
        fsync_path(target.parent_path(), true);
    } catch (...) {
        fs::remove(temp, ec);
        throw;
    }
}

namespace {

/// Reads the layers' geometry column. BLOBs in the layout BlobWriter writes are read here in
/// place; anything else (another writer's classes, Z, compressed, empty parts) goes through
/// SpatiaLite's AsBinary and OGR, so every file reads as it always has.
class GeometryColumn {
public:
    explicit GeometryColumn(Database& db) : m_db(db) {}

    // `out` is a new row's, left so when the column holds no geometry.
    void read(Statement& s, int col, MultiPolygon& out) {
        if (auto g = multipolygon_from_blob(s.blob(col), s.blob_size(col)))
            out = std::move(*g);
        else if (auto ogr = the_long_way(s, col))
            out = to_multipolygon(*ogr);
    }
    void read(Statement& s, int col, LineString& out) {
        if (auto g = linestring_from_blob(s.blob(col), s.blob_size(col)))
            out = std::move(*g);
        else if (auto ogr = the_long_way(s, col))
            if (auto lines = to_linestrings(*ogr); !lines.empty()) out = std::move(lines.front());
    }
    void read(Statement& s, int col, Point& out) {
        if (auto p = point_from_blob(s.blob(col), s.blob_size(col)))
            out = *p;
        else if (auto ogr = the_long_way(s, col))
            if (auto points = to_points(*ogr); !points.empty()) out = points.front();
    }

private:
    std::unique_ptr<OGRGeometry> the_long_way(Statement& s, int col) {
        if (!blob_counts_fit(s.blob(col), s.blob_size(col)))
            throw Error("a geometry holds more parts or points than its bytes");
        if (!m_as_binary) m_as_binary.emplace(m_db, "SELECT AsBinary(?)");
        m_as_binary->bind_column(1, s, col);
        auto g = m_as_binary->next() ? from_wkb(m_as_binary->blob(0), m_as_binary->blob_size(0))
                                     : nullptr;
        m_as_binary->reset();
        return g;
    }
    Database& m_db;
    std::optional<Statement> m_as_binary;
};

/// Reads a layer of the project `path` in id order, the geometry last. Text in a number
/// column (SQLite keeps what does not read as a number as text) is an error naming the table,
/// row and column, not a 0 on the next save.
template <typename L, typename Row>
void select(Database& db, const std::string& path, const L& layer, std::vector<Row>& out) {
    const char* table = layer.table;
    if (!db.has_table(table))
        throw InputError(path + ": damaged project, table '" + table + "' is missing");
    Statement s = db.prepare(std::string("SELECT ") + column_list(layer, false) +
                             (Spatial<Row> ? ", geom" : "") + " FROM " + table + " ORDER BY id");
    // Sized up front: growing to 50 000 buildings would move them all many times over.
    Statement count = db.prepare(std::string("SELECT count(*) FROM ") + table);
    if (count.next()) out.reserve(static_cast<std::size_t>(count.integer(0)));
    const int geom = s.column_count() - (Spatial<Row> ? 1 : 0);
    std::vector<int> numbers;
    for (int c = 0; c < geom; ++c)
        if (const std::string type = s.declared_type(c); type == "INTEGER" || type == "REAL")
            numbers.push_back(c);
    GeometryColumn geometry(db);
    const std::string rows_of = path + ": " + table + " ";
    while (s.next()) {
        for (int c : numbers)
            if (const int type = s.type(c); type == SQLITE_TEXT || type == SQLITE_BLOB)
                throw InputError(path + ": table '" + table + "', row id " + s.text(0) +
                                 ", column '" + s.column_name(c) + "': " +
                                 (type == SQLITE_BLOB ? std::string("binary data")
                                                      : "'" + s.text(c).substr(0, 40) + "'") +
                                 " where a number belongs");
        Row& row = out.emplace_back();
        const std::string where = rows_of + s.text(0);
        for (int c = 0; c < geom; ++c)
            layer.fields[static_cast<std::size_t>(c)].read(s, c, row, where);
        if constexpr (Spatial<Row>) geometry.read(s, geom, geometry_of(row));
    }
}

} // namespace

namespace {

// --- Validation ---------------------------------------------------------------------------------
// A project may come from another office. Before any layer is read: Cordon's tables are tables
// (a view in their place could run anything on SELECT) and they have the columns Cordon reads.
// Before the project is handed out (the layers are read meanwhile: SELECTs on a read-only
// connection run no trigger): no trigger or view sits on them except the ones SpatiaLite writes,
// compared word for word with what this SpatiaLite writes for the same layout and SRID (built
// once per SRID in memory).

/// Cordon's tables that are not layers, with their columns.
const std::vector<TableSchema>& meta_schema() {
    static const std::vector<TableSchema> tables{
        {"cordon_meta", "key TEXT PRIMARY KEY, value TEXT", nullptr},
        {"cordon_sources", "id INTEGER PRIMARY KEY, path TEXT, sha256 TEXT, bytes INTEGER",
         nullptr},
        {"plans", "id INTEGER PRIMARY KEY, name TEXT, created TEXT, figures TEXT", nullptr},
        {"parameters", "step TEXT PRIMARY KEY, value TEXT", nullptr},
        {"history", "id INTEGER PRIMARY KEY, time TEXT, step TEXT, parameters TEXT, figures TEXT",
         nullptr},
    };
    return tables;
}

struct Column {
    std::string name, type;
};

/// "id INTEGER PRIMARY KEY, name TEXT NOT NULL" → {id, INTEGER}, {name, TEXT}.
std::vector<Column> columns_of(const TableSchema& t) {
    std::vector<Column> out;
    std::string spec = t.columns;
    std::size_t pos = 0;
    while (pos < spec.size()) {
        std::size_t comma = spec.find(',', pos);
        if (comma == std::string::npos) comma = spec.size();
        const std::string part = spec.substr(pos, comma - pos);
        const std::size_t a = part.find_first_not_of(' ');
        const std::size_t b = part.find(' ', a);
        const std::size_t c = part.find_first_not_of(' ', b);
        const std::size_t d = part.find(' ', c);
        out.push_back({part.substr(a, b - a), part.substr(c, d == std::string::npos ? d : d - c)});
        pos = comma + 1;
    }
    if (t.geometry) out.push_back({"geom", t.geometry});
    return out;
}

std::set<std::string> table_columns(Database& db, const std::string& table) {
    std::set<std::string> out;
    Statement s = db.prepare("SELECT name FROM pragma_table_info(?)");
    s.bind(1, table);
    while (s.next())
        out.insert(s.text(0));
    return out;
}

struct SchemaObject {
    std::string type, name, table, sql;
};

std::vector<SchemaObject> triggers_and_views(Database& db) {
    std::vector<SchemaObject> out;
    for (Statement s = db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type "
                                  "IN ('trigger', 'view') ORDER BY name");
         s.next();)
        out.push_back({s.text(0), s.text(1), s.text(2), s.text(3)});
    return out;
}

/// The triggers and views SpatiaLite writes into a project with this SRID (4326 for none):
/// name → SQL. Built once per SRID and process, in tens of milliseconds.
const std::map<std::string, std::string>& reference_objects(int srid) {
    if (srid <= 0) srid = 4326;
    static std::mutex mutex;
    static std::map<int, std::map<std::string, std::string>> by_srid;
    std::lock_guard guard(mutex);
    auto it = by_srid.find(srid);
    if (it != by_srid.end()) return it->second;
    std::map<std::string, std::string> objects;
    {
        Database db(":memory:", true);
        db.exec("BEGIN");
        create_schema(db, srid);
        for (const TableSchema& t : schema())
            if (t.geometry)
                db.exec(std::string("SELECT CreateSpatialIndex('") + t.table + "', 'geom')");
        db.exec("COMMIT");
        for (const SchemaObject& o : triggers_and_views(db))
            objects[o.name] = o.sql;
    }
    return by_srid.emplace(srid, std::move(objects)).first->second;
}

bool is_cordon_table(const std::string& name) {
    for (const auto* list : {&schema(), &meta_schema()})
        for (const TableSchema& t : *list)
            if (sqlite3_stricmp(name.c_str(), t.table) == 0) return true;
    return false;
}

/// Cordon's tables are tables: a view in their place could run anything on SELECT.
void validate_tables(Database& db, const std::string& path) {
    for (const auto* list : {&schema(), &meta_schema()})
        for (const TableSchema& t : *list) {
            Statement s =
                db.prepare("SELECT type FROM sqlite_master WHERE name = ? COLLATE NOCASE");
            s.bind(1, std::string(t.table));
            if (s.next() && s.text(0) != "table")
                throw InputError(path + ": refused: '" + t.table + "' is a " + s.text(0) +
                                 ", not a table; the file was not written by Cordon");
        }
}

/// No trigger or view but SpatiaLite's own, compared with `reference`.
void validate_triggers(Database& db, const std::string& path,
                       const std::map<std::string, std::string>& reference) {
    for (const SchemaObject& o : triggers_and_views(db)) {
        const auto ref = reference.find(o.name);
        const bool spatialite_own = ref != reference.end() && ref->second == o.sql;
        if (spatialite_own) continue;
        // A trigger or view of SpatiaLite's metadata from another SpatiaLite version is
        // tolerated: Cordon never reads through them, and read-only connections run no
        // trigger. Anything on or naming Cordon's tables is refused.
        bool touches_cordon = is_cordon_table(o.table) || o.type == "view";
        for (const auto* list : {&schema(), &meta_schema()})
            for (const TableSchema& t : *list)
                touches_cordon = touches_cordon || o.sql.find(t.table) != std::string::npos;
        if (ref == reference.end() || touches_cordon)
            throw InputError(path + ": refused: the file holds a " + o.type + " '" + o.name +
                             "' that Cordon does not write (on table '" + o.table +
                             "'); it may run code when the project is opened elsewhere");
    }
}

/// Tables, triggers and views. Runs before a migration.
void validate_objects(Database& db, const std::string& path, int srid) {
    validate_tables(db, path);
    validate_triggers(db, path, reference_objects(srid));
}

/// Every Cordon table is there with the columns Cordon reads.
void validate_columns(Database& db, const std::string& path) {
    for (const auto* list : {&meta_schema(), &schema()})
        for (const TableSchema& t : *list) {
            if (!db.has_table(t.table))
                throw InputError(path + ": damaged project, table '" + t.table + "' is missing");
            const std::set<std::string> have = table_columns(db, t.table);
            for (const Column& c : columns_of(t))
                if (!have.count(c.name))
                    throw InputError(path + ": damaged project, table '" + t.table +
                                     "' has no column '" + c.name + "'");
        }
}

// --- Migration ----------------------------------------------------------------------------------
// A project in an older format is copied to a backup, migrated in a temporary copy (one step per
// format, in one transaction), then renamed over the original, all under the project's lock.

struct Migration {
    int from; ///< the step turns format `from` into `from + 1`
    const char* what;
    void (*apply)(Database& db, int srid);
};

/// Adds every table and column of the current layout that is missing, empty (layers with their
/// geometry column and index). Format 0: files from before format_version was written, which
/// may lack the tables and columns added since. Format 1: before the choke_points and
/// cordon_areas layers of the checkpoint step and the checkpoints' placed_by (left NULL: who
/// placed an old checkpoint is then told by its reason). Format 4: before the checkpoints'
/// periods (left NULL: read as none, the crew for all of the hours). Format 6: before the
/// compounds' mode_assumed (left NULL: read as false, every mode as given).
void add_missing_tables_and_columns(Database& db, int srid) {
    for (const auto* list : {&meta_schema(), &schema()})
        for (const TableSchema& t : *list) {
            if (!db.has_table(t.table)) {
                db.exec(std::string("CREATE TABLE ") + t.table + " (" + t.columns + ")");
                if (t.geometry) {
                    db.exec(std::string("SELECT AddGeometryColumn('") + t.table + "', 'geom', " +
                            std::to_string(srid) + ", '" + t.geometry + "', 'XY')");
                    db.exec(std::string("SELECT CreateSpatialIndex('") + t.table + "', 'geom')");
                }
                continue;
            }
            const std::set<std::string> have = table_columns(db, t.table);
            for (const Column& c : columns_of(t)) {
                if (have.count(c.name)) continue;
                if (c.name == "geom")
                    throw InputError(db.path() + ": cannot migrate: table '" + t.table +
                                     "' has no geometry column");
                db.exec(std::string("ALTER TABLE ") + t.table + " ADD COLUMN " + c.name + " " +
                        c.type);
            }
        }
}

/// Format 3: before the register's counts replaced the imported ones. Every building's figures
/// are still the imported ones: they are kept as such, and no building is registered yet.
void keep_imported_households(Database& db, int srid) {
    add_missing_tables_and_columns(db, srid);
    db.exec("UPDATE buildings SET imported_households = households, imported_residents = "
            "residents, imported_estimated = households_estimated, registered = 0, "
            "vacant_homes = 0");
}

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> steps{
        {0, "add the tables and columns of format 1", add_missing_tables_and_columns},
        {1, "add the choke_points and cordon_areas layers and checkpoints.placed_by",
         add_missing_tables_and_columns},
        {2, "add the household ledger's tables and buildings.number",
         add_missing_tables_and_columns},
        {3, "keep the buildings' imported households beside the register's; add the visits",
         keep_imported_households},
        {4, "add checkpoints.periods (the schedule of each checkpoint)",
         add_missing_tables_and_columns},
        {5, "add the district layer (the administrative boundary)", add_missing_tables_and_columns},
        {6, "add compounds.mode_assumed (a mode the planner chose for unknown ones)",
         add_missing_tables_and_columns},
        {7, "add the basemaps table (issue 18)", add_missing_tables_and_columns},
    };
    return steps;
}

void migrate_file(Database& db, const std::string& path, int from, int srid,
                  const std::string& backup) {
    validate_objects(db, path, srid); // again, now under the lock
    db.exec("BEGIN");
    for (const Migration& m : migrations())
        if (m.from >= from && m.from < project_format_version) m.apply(db, srid);
    db.exec("INSERT OR REPLACE INTO cordon_meta (key, value) VALUES ('format_version', '" +
            std::to_string(project_format_version) + "')");
    Statement h = db.prepare("INSERT INTO history (time, step, parameters, figures) VALUES "
                             "(?, 'migrate', ?, ?)");
    h.bind(1, now_utc())
        .bind(2, "{\"from\":" + std::to_string(from) +
                     ",\"to\":" + std::to_string(project_format_version) + "}")
        .bind(3, backup.empty() ? std::string("{}")
                                : "{\"backup\":\"" + fs::path(backup).filename().string() + "\"}")
        .run();
    db.exec("COMMIT");
}

/// Migrates the project at `path` from format `from` in place, keeping a backup, and returns
/// the real file; or, when the project cannot be saved (read-only, hard-linked), migrates a
/// copy in the temporary folder and returns that, for the caller to read and remove.
fs::path migrate(const std::string& path, int from, int srid) {
    bool in_place = true;
    try {
        geo::check_saveable(path);
    } catch (const InputError&) {
        in_place = false;
    }
    std::error_code ec;
    if (!in_place) {
        const fs::path copy = temp_path_for(fs::temp_directory_path() / "cordon-migrated.cordon");
        try {
            fs::copy_file(real_path(path), copy, fs::copy_options::overwrite_existing);
            fs::permissions(copy, fs::perms::owner_read | fs::perms::owner_write);
            Database db(copy.string(), true);
            migrate_file(db, path, from, srid, "");
        } catch (const fs::filesystem_error& e) {
            fs::remove(copy, ec);
            throw InputError(path + ": format " + std::to_string(from) +
                             " needs migrating, which failed: " + e.what());
        } catch (...) {
            fs::remove(copy, ec);
            throw;
        }
        return copy;
    }
    const fs::path target = real_path(path);
    const ProjectLock lock(target.string());
    std::optional<struct stat> original;
    check_saveable(path, target, original);
    const std::string backup = migration_backup_path(target.string(), from);
    const fs::path temp = temp_path_for(target);
    try {
        fs::copy_file(target, backup, fs::copy_options::none);
        fsync_path(backup, false);
        fs::copy_file(target, temp, fs::copy_options::overwrite_existing);
        {
            Database db(temp.string(), true);
            migrate_file(db, path, from, srid, backup);
        }
        if (original) keep_identity(temp, *original, path);
        fsync_path(temp, false);
        fs::rename(temp, target);
        fsync_path(target.parent_path(), true);
    } catch (const fs::filesystem_error& e) {
        fs::remove(temp, ec);
        throw InputError(path + ": format " + std::to_string(from) +
                         " needs migrating, which failed: " + e.what());
    } catch (...) {
        fs::remove(temp, ec);
        throw;
    }
    return target;
}

std::map<std::string, std::string> read_meta(Database& db, const std::string& path) {
    try {
        if (!db.has_table("cordon_meta"))
            throw InputError(path + ": not a Cordon project (no cordon_meta table)");
    } catch (const InputError&) {
        throw;
    } catch (const Error&) {
        throw InputError(path + ": not a Cordon project (not a SQLite database)");
    }
    {
        Statement s = db.prepare("SELECT type FROM sqlite_master WHERE name = 'cordon_meta'");
        if (s.next() && s.text(0) != "table")
            throw InputError(path + ": refused: 'cordon_meta' is not a table");
    }
    std::map<std::string, std::string> meta;
    for (Statement s = db.prepare("SELECT key, value FROM cordon_meta"); s.next();)
        meta[s.text(0)] = s.text(1);
    if (meta["application"] != "Cordon") throw InputError(path + ": not a Cordon project");
    return meta;
}

District read_layers(Database& db, const std::string& path,
                     std::map<std::string, std::string> meta);

} // namespace

namespace {

/// What a project path must be before SQLite opens it: a regular file (SQLite would say "disk
/// I/O error" for a folder and wait forever on a pipe) that starts as a SQLite database and is
/// as long as its header says (a copy cut short reads as "malformed" somewhere later).
void check_project_file(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) throw InputError(path + ": no such project file");
        throw InputError(path + ": " + std::strerror(errno));
    }
    if (S_ISDIR(st.st_mode))
        throw InputError(path + ": is a directory (" + std::strerror(EISDIR) +
                         "), not a project file");
    if (!S_ISREG(st.st_mode)) throw InputError(path + ": not a regular file");
    const std::string not_project = path + ": not a Cordon project (truncated?): ";
    if (st.st_size == 0) throw InputError(not_project + "the file is empty");
    unsigned char header[100] = {};
    {
        std::ifstream in(path, std::ios::binary);
        if (!in) throw InputError(path + ": cannot read (" + std::strerror(errno) + ")");
        in.read(reinterpret_cast<char*>(header), sizeof header);
        if (in.gcount() < static_cast<std::streamsize>(sizeof header) ||
            std::memcmp(header, "SQLite format 3", 16) != 0)
            throw InputError(not_project + "it does not start as a SQLite database does (" +
                             std::to_string(st.st_size) + " bytes)");
    }
    auto u32 = [&](std::size_t at) {
        std::uint32_t v = 0;
        for (std::size_t i = at; i < at + 4; ++i)
            v = v << 8 | header[i];
        return v;
    };
    const std::uint32_t page_size = u32(16) >> 16; // two bytes, big-endian; 1 means 65536
    const std::uint64_t pages = u32(28);
    // The page count is valid when written by a SQLite that also set "version-valid-for";
    // a write-ahead log beside the file may hold the rest.
    std::error_code ec;
    const std::uint64_t expected = (page_size == 1 ? 65536 : page_size) * pages;
    if (pages > 0 && u32(92) == u32(24) && !fs::exists(path + "-wal", ec) &&
        static_cast<std::uint64_t>(st.st_size) < expected)
        throw InputError(not_project + "the file has " + std::to_string(st.st_size) +
                         " bytes where its SQLite header promises " + std::to_string(expected));
}

/// The project's CRS from cordon_meta: an EPSG code PROJ knows, of a projected CRS in metres.
int checked_srid(const std::string& text, const std::string& path) {
    const std::string where = path + ": the project's CRS (cordon_meta srid '" + text + "')";
    if (text.empty() || text.size() > 9 ||
        text.find_first_not_of("0123456789") != std::string::npos)
        throw InputError(where + " is not an EPSG code; the file is damaged");
    const int srid = std::atoi(text.c_str());
    QuietGdalErrors quiet;
    OGRSpatialReference srs;
    if (srid <= 0 || srs.importFromEPSG(srid) != OGRERR_NONE) {
        // PROJ reads its database through SQLite: out of memory there is not an unknown CRS.
        if (quiet.failure().find("out of memory") != std::string::npos) throw std::bad_alloc();
        throw InputError(where + " is EPSG:" + text + ", which PROJ does not know");
    }
    if (!srs.IsProjected() || std::abs(srs.GetLinearUnits() - 1.0) > 1e-9)
        throw InputError(where + " is EPSG:" + text +
                         ", which is not a projected CRS in metres as a project's must be");
    return srid;
}

/// A file removed when this goes (a migrated copy of a read-only project).
class RemovedOnExit {
public:
    explicit RemovedOnExit(fs::path path) : m_path(std::move(path)) {}
    ~RemovedOnExit() {
        std::error_code ec;
        fs::remove(m_path, ec);
    }
    RemovedOnExit(const RemovedOnExit&) = delete;
    RemovedOnExit& operator=(const RemovedOnExit&) = delete;

private:
    fs::path m_path;
};

/// Every Cordon table is there.
void validate_tables_present(Database& db, const std::string& path) {
    for (const auto* list : {&meta_schema(), &schema()})
        for (const TableSchema& t : *list)
            if (!db.has_table(t.table))
                throw InputError(path + ": damaged project, table '" + t.table +
                                 "' is missing (renamed or removed)");
}

} // namespace

std::string migration_backup_path(const std::string& project_path, int from) {
    const std::string base = project_path + ".format" + std::to_string(from);
    std::error_code ec;
    std::string candidate = base + ".bak";
    for (int n = 2; fs::exists(candidate, ec); ++n)
        candidate = base + "-" + std::to_string(n) + ".bak";
    return candidate;
}

District read_project(const std::string& path) {
    if (is_database_url(path)) return read_database(path);
    check_project_file(path);
    // Any SQLite error on the way (a malformed page, a broken index) is damage to report.
    try {
        std::optional<Database> db(std::in_place, path, false);
        std::map<std::string, std::string> meta = read_meta(*db, path);
        const int version = std::atoi(meta["format_version"].c_str());
        if (version > project_format_version)
            throw InputError(path + ": written by a newer Cordon (" + meta["cordon_version"] +
                             ", format " + std::to_string(version) +
                             "); this Cordon reads format " +
                             std::to_string(project_format_version) + " and older");
        if (version < 0)
            throw InputError(path + ": damaged project, format " + std::to_string(version));
        int srid = checked_srid(meta["srid"], path);
        std::optional<RemovedOnExit> migrated_copy;
        if (version < project_format_version) {
            validate_objects(*db, path, srid);
            db.reset(); // closed before the migrated copy replaces the file
            const fs::path migrated = migrate(path, version, srid);
            if (migrated != real_path(path)) migrated_copy.emplace(migrated);
            db.emplace(migrated.string(), false);
            meta = read_meta(*db, path);
            srid = checked_srid(meta["srid"], path);
        }
        // SpatiaLite's triggers and views to compare the file's with are built beside the
        // reading, which is safe before they are compared: Cordon's tables are checked to be
        // tables first, and SELECTs on a read-only connection run no trigger.
        auto reference = std::async(std::launch::async, reference_objects, srid);
        validate_tables(*db, path);
        // A missing (renamed) table is named as such, before the triggers SQLite renamed with
        // it would be refused as unknown.
        validate_tables_present(*db, path);
        District d;
        try {
            validate_columns(*db, path);
            d = read_layers(*db, path, std::move(meta));
        } catch (...) {
            validate_triggers(*db, path, reference.get()); // a refusal is told first, as ever
            throw;
        }
        validate_triggers(*db, path, reference.get());
        drop_dangling_ids(d, path);
        return d;
    } catch (const InputError&) {
        throw;
    } catch (const Cancelled&) {
        throw;
    } catch (const Error& e) {
        throw InputError(path + ": damaged project (" + e.what() + ")");
    }
}

namespace {

District read_layers(Database& db, const std::string& path,
                     std::map<std::string, std::string> meta) {
    District d;
    d.meta.srid = std::atoi(meta["srid"].c_str());
    d.meta.crs_name = meta["crs_name"];
    d.meta.cordon_version = meta["cordon_version"];
    d.meta.created = meta["created"];
    d.meta.import_report = meta["import_report"];
    for (Statement s = db.prepare("SELECT path, sha256, bytes FROM cordon_sources ORDER BY id");
         s.next();)
        d.meta.sources.push_back({s.text(0), s.text(1), static_cast<std::uintmax_t>(s.integer(2))});
    for (Statement s =
             db.prepare("SELECT time, step, parameters, figures FROM history ORDER BY id");
         s.next();)
        d.meta.history.push_back({s.text(0), s.text(1), s.text(2), s.text(3)});
    for (Statement s = db.prepare("SELECT step, value FROM parameters"); s.next();)
        d.meta.parameters[s.text(0)] = s.text(1);

    for_each_layer([&](const auto& layer) { select(db, path, layer, layer.rows(d)); });
    return d;
}

} // namespace

} // namespace cordon::geo
