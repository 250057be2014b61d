#include "spatialite_blob.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace cordon::geo::detail {

namespace {

/// Steps through one BLOB; reading past the body, a NaN or an empty part fails it.
class BlobReader {
public:
    BlobReader(const void* data, std::size_t size)
        : m_data(static_cast<const unsigned char*>(data)), m_end(size > 0 ? size - 1 : 0) {}

    /// The header, in this machine's byte order and of class `type`; the body follows.
    bool start(std::int32_t type) {
        const unsigned char order = std::endian::native == std::endian::little ? 0x01 : 0x00;
        constexpr std::size_t mbr_end = 38; // 0x00, byte order, SRID, 4 doubles
        if (!m_data || m_end <= mbr_end || m_data[0] != 0x00 || m_data[1] != order ||
            m_data[mbr_end] != 0x7C || m_data[m_end] != 0xFE)
            return false;
        m_pos = mbr_end + 1;
        std::int32_t cls = 0;
        return int32(cls) && cls == type;
    }
    bool byte(unsigned char expected) { return m_pos < m_end && m_data[m_pos++] == expected; }
    bool int32(std::int32_t& v) { return take(&v, sizeof v); }
    /// A count of at least one item of `item_size` bytes that fit in the rest of the body.
    bool count(std::int32_t& n, std::size_t item_size) {
        return int32(n) && n > 0 && static_cast<std::size_t>(n) <= (m_end - m_pos) / item_size;
    }
    bool point(Point& p) {
        return take(&p.x, sizeof p.x) && take(&p.y, sizeof p.y) && !std::isnan(p.x) &&
               !std::isnan(p.y);
    }
    bool points(std::vector<Point>& out) {
        std::int32_t n = 0;
        if (!count(n, 2 * sizeof(double))) return false;
        out.resize(static_cast<std::size_t>(n));
        for (Point& p : out)
            if (!point(p)) return false;
        return true;
    }
    /// The body ended right before the closing 0xFE.
    bool finished() const { return m_pos == m_end; }

private:
    bool take(void* out, std::size_t n) {
        if (m_end - m_pos < n) return false;
        std::memcpy(out, m_data + m_pos, n);
        m_pos += n;
        return true;
    }
    const unsigned char* m_data;
    std::size_t m_end; ///< where the closing 0xFE is
    std::size_t m_pos = 0;
};

/// Walks a BLOB's body, counting bytes only.
class BlobWalker {
public:
    BlobWalker(const unsigned char* data, std::size_t end, bool little)
        : m_data(data), m_end(end), m_swap(little != (std::endian::native == std::endian::little)) {
    }

    /// The body of class `cls` (SpatiaLite's codes: base class 1-7, thousands for Z, M, ZM,
    /// a million more when compressed), at most `depth` collections deep.
    bool body(std::uint32_t cls, int depth) {
        const std::uint32_t base = cls % 1000, dims = (cls / 1000) % 1000;
        const bool compressed = cls / 1000000 == 1;
        if (dims > 3 || cls / 1000000 > 1) return false;
        const std::uint64_t coords = dims == 0 ? 2 : dims == 3 ? 4 : 3;
        const std::uint64_t full = 8 * coords;
        // Compressed: the first and last points in full, the others as float offsets (an M
        // stays a double).
        const std::uint64_t small = dims == 2 ? 16 : dims == 3 ? 20 : 4 * coords;
        const auto points = [&] {
            std::uint32_t n = 0;
            if (!int32(n)) return false;
            const std::uint64_t bytes =
                compressed && n >= 2 ? 2 * full + (n - 2) * small : n * full;
            return skip(bytes);
        };
        switch (base) {
        case 1:
            return skip(full);
        case 2:
            return points();
        case 3: {
            std::uint32_t rings = 0;
            if (!int32(rings) || rings > left() / 4) return false;
            for (std::uint32_t i = 0; i < rings; ++i)
                if (!points()) return false;
            return true;
        }
        case 4:
        case 5:
        case 6:
        case 7: {
            std::uint32_t parts = 0;
            if (depth == 0 || !int32(parts) || parts > left() / 5) return false;
            for (std::uint32_t i = 0; i < parts; ++i) {
                std::uint32_t part = 0;
                if (left() < 1 || m_data[m_pos++] != 0x69 || !int32(part) || !body(part, depth - 1))
                    return false;
            }
            return true;
        }
        default:
            return false;
        }
    }
    bool int32(std::uint32_t& v) {
        if (left() < 4) return false;
        std::memcpy(&v, m_data + m_pos, 4);
        if (m_swap) v = (v >> 24) | ((v >> 8) & 0xFF00) | ((v << 8) & 0xFF0000) | (v << 24);
        m_pos += 4;
        return true;
    }

private:
    std::uint64_t left() const { return m_end - m_pos; }
    bool skip(std::uint64_t n) {
        if (n > left()) return false;
        m_pos += static_cast<std::size_t>(n);
        return true;
    }
    const unsigned char* m_data;
    std::size_t m_end; ///< where the closing 0xFE is
    bool m_swap;
    std::size_t m_pos = 39; ///< after 0x00, byte order, SRID, MBR and 0x7C
};

} // namespace

bool blob_counts_fit(const void* data, std::size_t size) {
    const auto* d = static_cast<const unsigned char*>(data);
    constexpr std::size_t mbr_end = 38;
    if (!d || size <= mbr_end + 1 || d[0] != 0x00 || d[1] > 0x01 || d[mbr_end] != 0x7C ||
        d[size - 1] != 0xFE)
        return true; // not the standard layout: SpatiaLite says what it is
    BlobWalker w(d, size - 1, d[1] == 0x01);
    std::uint32_t cls = 0;
    return w.int32(cls) && w.body(cls, 1);
}

std::optional<Point> point_from_blob(const void* data, std::size_t size) {
    BlobReader r(data, size);
    Point p;
    if (r.start(gaia_point) && r.point(p) && r.finished()) return p;
    return std::nullopt;
}

std::optional<LineString> linestring_from_blob(const void* data, std::size_t size) {
    BlobReader r(data, size);
    LineString line;
    if (r.start(gaia_linestring) && r.points(line) && r.finished()) return line;
    return std::nullopt;
}

std::optional<MultiPolygon> multipolygon_from_blob(const void* data, std::size_t size) {
    BlobReader r(data, size);
    std::int32_t parts = 0;
    if (!r.start(gaia_multipolygon) || !r.count(parts, 9)) return std::nullopt;
    MultiPolygon out(static_cast<std::size_t>(parts));
    for (Polygon& polygon : out) {
        std::int32_t cls = 0, rings = 0;
        if (!r.byte(0x69) || !r.int32(cls) || cls != gaia_polygon || !r.count(rings, 4))
            return std::nullopt;
        polygon.rings.resize(static_cast<std::size_t>(rings));
        for (Ring& ring : polygon.rings)
            if (!r.points(ring)) return std::nullopt;
    }
    if (!r.finished()) return std::nullopt;
    return out;
}

} // namespace cordon::geo::detail
