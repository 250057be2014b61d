#include "geos_geometry.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/line_overlay.hpp>

#include <algorithm>

namespace cordon::geo {

using namespace detail;

struct LineOverlay::Impl {
    GeomPtr area;
    PreparedPtr prepared;
    Box box;
};

LineOverlay::LineOverlay(const MultiPolygon& polygons) : m_impl(std::make_unique<Impl>()) {
    if (polygons.empty()) return;
    GeomPtr g = to_geos(polygons);
    if (!g) throw Error("GEOS could not read the area: " + geos_message());
    // A union, so that overlapping polygons give one stretch and not two that overlap.
    GeomPtr u(GEOSUnaryUnion_r(geos(), g.get()));
    if (!u) throw Error("GEOS could not unite the area: " + geos_message());
    m_impl->area = std::move(u);
    m_impl->prepared.reset(GEOSPrepare_r(geos(), m_impl->area.get()));
    if (!m_impl->prepared) throw Error("GEOS could not prepare the area: " + geos_message());
    m_impl->box = bounds(polygons);
}

LineOverlay::~LineOverlay() = default;

namespace {

// Distance along `line` of each end of every part of `g` (a line or a collection of lines).
void collect(const GEOSGeometry* g, const GEOSGeometry* line, std::vector<Stretch>& out) {
    const int type = GEOSGeomTypeId_r(geos(), g);
    if (type == GEOS_MULTILINESTRING || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(geos(), g);
        for (int i = 0; i < n; ++i)
            collect(GEOSGetGeometryN_r(geos(), g, i), line, out);
        return;
    }
    if (type != GEOS_LINESTRING || GEOSisEmpty_r(geos(), g) == 1) return; // points: touching
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(geos(), g);
    unsigned int size = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(geos(), seq, &size) || size < 2) return;
    double along_min = 1e300, along_max = -1e300;
    for (unsigned int i : {0u, size - 1}) {
        double x = 0, y = 0;
        GEOSCoordSeq_getXY_r(geos(), seq, i, &x, &y);
        GeomPtr p = to_geos(Point{x, y});
        const double d = GEOSProject_r(geos(), line, p.get());
        along_min = std::min(along_min, d);
        along_max = std::max(along_max, d);
    }
    if (along_max > along_min) out.push_back({along_min, along_max});
}

} // namespace

std::vector<Stretch> LineOverlay::inside(const LineString& line) const {
    std::vector<Stretch> out;
    if (!m_impl->area || line.size() < 2) return out;
    const Box b = bounds(line);
    const Box& a = m_impl->box;
    if (b.maxx < a.minx || b.minx > a.maxx || b.maxy < a.miny || b.miny > a.maxy) return out;
    GeomPtr g = to_geos(line);
    if (GEOSPreparedIntersects_r(geos(), m_impl->prepared.get(), g.get()) != 1) return out;
    const double total = length(line);
    if (GEOSPreparedContains_r(geos(), m_impl->prepared.get(), g.get()) == 1) return {{0, total}};
    GeomPtr cut(GEOSIntersection_r(geos(), m_impl->area.get(), g.get()));
    if (!cut) throw Error("GEOS could not cut a line by the area: " + geos_message());
    collect(cut.get(), g.get(), out);
    std::sort(out.begin(), out.end(),
              [](const Stretch& x, const Stretch& y) { return x.from < y.from; });
    std::vector<Stretch> merged;
    for (const Stretch& s : out) {
        if (!merged.empty() && s.from <= merged.back().to + 1e-9)
            merged.back().to = std::max(merged.back().to, s.to);
        else
            merged.push_back(s);
    }
    for (Stretch& s : merged) {
        s.from = std::clamp(s.from, 0.0, total);
        s.to = std::clamp(s.to, 0.0, total);
    }
    return merged;
}

std::vector<Stretch> LineOverlay::outside(const LineString& line) const {
    const double total = length(line);
    std::vector<Stretch> out;
    double at = 0;
    for (const Stretch& s : inside(line)) {
        if (s.from > at) out.push_back({at, s.from});
        at = std::max(at, s.to);
    }
    if (total > at) out.push_back({at, total});
    return out;
}

LineString sub_line(const LineString& line, double from, double to) {
    LineString out;
    if (line.empty()) return out;
    if (to < from) std::swap(from, to);
    out.push_back(point_along(line, from));
    double run = 0;
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
        run += distance(line[i], line[i + 1]);
        if (run > from && run < to) out.push_back(line[i + 1]);
    }
    out.push_back(point_along(line, to));
    return out;
}

} // namespace cordon::geo
