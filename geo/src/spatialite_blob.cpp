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

} // namespace

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
