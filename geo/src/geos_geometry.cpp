#include "geos_geometry.hpp"

#include <cordon/geo/error.hpp>

#include <cstdarg>
#include <cstdio>

namespace cordon::geo::detail {

namespace {

void geos_message(const char* fmt, void* userdata) {
    // GEOS reports through this handler; keep the last message for our exceptions.
    auto* last = static_cast<std::string*>(userdata);
    *last = fmt ? fmt : "";
}

struct Context {
    GEOSContextHandle_t handle = GEOS_init_r();
    std::string last_message;
    Context() {
        GEOSContext_setErrorMessageHandler_r(handle, geos_message, &last_message);
        GEOSContext_setNoticeMessageHandler_r(handle, geos_message, &last_message);
    }
    ~Context() { GEOS_finish_r(handle); }
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;
};

GEOSCoordSequence* sequence(const std::vector<Point>& points) {
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(geos(), static_cast<unsigned>(points.size()), 2);
    for (std::size_t i = 0; i < points.size(); ++i)
        GEOSCoordSeq_setXY_r(geos(), seq, static_cast<unsigned>(i), points[i].x, points[i].y);
    return seq;
}

GEOSGeometry* ring(const Ring& r) {
    return GEOSGeom_createLinearRing_r(geos(), sequence(r));
}

Ring ring_of(const GEOSGeometry* r) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(geos(), r);
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(geos(), seq, &n);
    Ring out(n);
    for (unsigned i = 0; i < n; ++i)
        GEOSCoordSeq_getXY_r(geos(), seq, i, &out[i].x, &out[i].y);
    return out;
}

void collect(const GEOSGeometry* g, MultiPolygon& out) {
    const int type = GEOSGeomTypeId_r(geos(), g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(geos(), g)) return;
        Polygon p;
        p.rings.push_back(ring_of(GEOSGetExteriorRing_r(geos(), g)));
        const int holes = GEOSGetNumInteriorRings_r(geos(), g);
        for (int i = 0; i < holes; ++i)
            p.rings.push_back(ring_of(GEOSGetInteriorRingN_r(geos(), g, i)));
        out.push_back(std::move(p));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(geos(), g);
        for (int i = 0; i < n; ++i)
            collect(GEOSGetGeometryN_r(geos(), g, i), out);
    }
}

bool well_formed(const MultiPolygon& polygons) {
    // GEOS refuses rings with fewer than 4 points or not closed: such input is repaired by
    // closing the ring or dropping it before GEOS sees it.
    for (const Polygon& p : polygons)
        for (const Ring& r : p.rings)
            if (r.size() < 4 || !(r.front() == r.back())) return false;
    return true;
}

MultiPolygon close_rings(const MultiPolygon& polygons) {
    MultiPolygon out;
    for (const Polygon& p : polygons) {
        Polygon q;
        for (std::size_t i = 0; i < p.rings.size(); ++i) {
            Ring r = p.rings[i];
            if (!r.empty() && !(r.front() == r.back())) r.push_back(r.front());
            if (r.size() >= 4)
                q.rings.push_back(std::move(r));
            else if (i == 0)
                break; // no exterior: drop the polygon
        }
        if (!q.rings.empty()) out.push_back(std::move(q));
    }
    return out;
}

} // namespace

GEOSContextHandle_t geos() {
    thread_local Context context;
    return context.handle;
}

GeomPtr to_geos(const MultiPolygon& polygons) {
    std::vector<GEOSGeometry*> parts;
    for (const Polygon& p : polygons) {
        if (p.rings.empty()) continue;
        std::vector<GEOSGeometry*> holes;
        for (std::size_t i = 1; i < p.rings.size(); ++i)
            holes.push_back(ring(p.rings[i]));
        parts.push_back(GEOSGeom_createPolygon_r(geos(), ring(p.rings[0]), holes.data(),
                                                 static_cast<unsigned>(holes.size())));
    }
    GEOSGeometry* g = GEOSGeom_createCollection_r(geos(), GEOS_MULTIPOLYGON, parts.data(),
                                                  static_cast<unsigned>(parts.size()));
    if (!g) throw Error("GEOS could not build a polygon");
    return GeomPtr(g);
}

GeomPtr to_geos(const LineString& line) {
    return GeomPtr(GEOSGeom_createLineString_r(geos(), sequence(line)));
}

GeomPtr to_geos(Point point) {
    return GeomPtr(GEOSGeom_createPointFromXY_r(geos(), point.x, point.y));
}

MultiPolygon polygons_of(const GEOSGeometry* geometry) {
    MultiPolygon out;
    if (geometry) collect(geometry, out);
    return out;
}

Repair make_valid(const MultiPolygon& polygons) {
    Repair result;
    MultiPolygon input = polygons;
    if (!well_formed(input)) {
        input = close_rings(input);
        result.repaired = true;
        result.reason = "ring not closed or with fewer than 4 points";
    }
    if (input.empty()) return result;
    GeomPtr g = to_geos(input);
    if (GEOSisValid_r(geos(), g.get()) == 1) {
        result.polygons = std::move(input);
        return result;
    }
    char* why = GEOSisValidReason_r(geos(), g.get());
    result.reason = why ? why : "invalid geometry";
    GEOSFree_r(geos(), why);
    result.repaired = true;
    GeomPtr valid(GEOSMakeValid_r(geos(), g.get()));
    result.polygons = polygons_of(valid.get());
    return result;
}

} // namespace cordon::geo::detail
