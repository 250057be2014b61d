#include "geos_geometry.hpp"

#include <cordon/geo/error.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace cordon::geo::detail {

namespace {

void keep_message(const char* fmt, void* userdata) {
    // GEOS reports through this handler; keep the last message for our exceptions.
    auto* last = static_cast<std::string*>(userdata);
    *last = fmt ? fmt : "";
}

struct Context {
    GEOSContextHandle_t handle = GEOS_init_r();
    std::string last_message;
    Context() {
        GEOSContext_setErrorMessageHandler_r(handle, keep_message, &last_message);
        GEOSContext_setNoticeMessageHandler_r(handle, keep_message, &last_message);
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

Context& context() {
    thread_local Context context;
    return context;
}

// Cancel through GEOS: GEOS calls its interrupt callback now and then during long operations
// (between phases of a repair, not inside its noding); the callback is global, the Progress
// watched is the calling thread's. GEOS' interrupt flag is process-wide, but the thread that
// sets it tests and clears it in the same call (Interrupt::process), so another thread's GEOS
// work is at most in a very narrow window to see it.
thread_local Progress* watched = nullptr;
GEOSInterruptCallback* previous_callback = nullptr;

void interrupt_if_cancelled() {
    if (watched && watched->cancel_requested()) GEOS_interruptRequest();
    if (previous_callback) previous_callback();
}

/// While alive, a cancel asked of `progress` interrupts GEOS work on this thread.
class CancelThroughGeos {
public:
    explicit CancelThroughGeos(Progress* progress) : m_outer(watched) {
        static std::once_flag once;
        std::call_once(once, [] {
            previous_callback = GEOS_interruptRegisterCallback(interrupt_if_cancelled);
        });
        if (progress) watched = progress;
    }
    ~CancelThroughGeos() { watched = m_outer; }
    CancelThroughGeos(const CancelThroughGeos&) = delete;
    CancelThroughGeos& operator=(const CancelThroughGeos&) = delete;

private:
    Progress* m_outer;
};

struct MakeValidParamsDeleter {
    void operator()(GEOSMakeValidParams* p) const { GEOSMakeValidParams_destroy_r(geos(), p); }
};

constexpr std::size_t run_length = 64; // consecutive edges in one STRtree item

/// An edge of a ring, numbered within its ring (zero-length edges left out).
struct Edge {
    Point a, b;
    std::uint32_t ring;  ///< which ring of the geometry
    std::uint32_t index; ///< which edge of the ring
    Box box() const {
        return {std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y)};
    }
};

int orientation(Point p, Point q, Point r) {
    const double d = (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
    return (d > 0) - (d < 0);
}

/// Whether two edges meet where a repair must add a node: they cross, overlap along a
/// stretch, or an end of one lies inside the other. Edges sharing an end (a ring touching
/// itself at a vertex, a spike) add no node.
bool meet(const Edge& e, const Edge& f) {
    const int o1 = orientation(e.a, e.b, f.a), o2 = orientation(e.a, e.b, f.b);
    const int o3 = orientation(f.a, f.b, e.a), o4 = orientation(f.a, f.b, e.b);
    if (o1 * o2 > 0 || o3 * o4 > 0) return false;
    if (o1 * o2 < 0 && o3 * o4 < 0) return true;
    if (o1 == 0 && o2 == 0) { // collinear: do they overlap along a stretch?
        const bool along_x = std::abs(e.b.x - e.a.x) >= std::abs(e.b.y - e.a.y);
        const auto span = [along_x](const Edge& g) {
            const double u = along_x ? g.a.x : g.a.y, v = along_x ? g.b.x : g.b.y;
            return std::pair{std::min(u, v), std::max(u, v)};
        };
        const auto [e0, e1] = span(e);
        const auto [f0, f1] = span(f);
        return std::min(e1, f1) > std::max(e0, f0);
    }
    return !(e.a == f.a || e.a == f.b || e.b == f.a || e.b == f.b);
}

/// Why the edges of `polygons` are too tangled to repair within `limits`, if they are: they
/// meet (see meet(); neighbours in a ring excepted) more than max_crossings times,
/// or more than max_tests pairs of edges with overlapping boxes had to be looked at. The
/// edges go into a GEOS STRtree in runs of run_length consecutive edges; the work is
/// O(n log n) plus the pairs looked at, so it stops early on a tangle.
std::optional<std::string> too_tangled(const MultiPolygon& polygons, const RepairLimits& limits,
                                       Progress* progress) {
    std::vector<Edge> edges;
    std::vector<std::uint32_t> ring_edges; // edges per ring
    for (const Polygon& p : polygons)
        for (const Ring& r : p.rings) {
            const auto ring = static_cast<std::uint32_t>(ring_edges.size());
            std::uint32_t n = 0;
            for (std::size_t i = 0; i + 1 < r.size(); ++i)
                if (!(r[i] == r[i + 1])) edges.push_back({r[i], r[i + 1], ring, n++});
            ring_edges.push_back(n);
        }
    const std::size_t runs = (edges.size() + run_length - 1) / run_length;
    std::vector<Box> boxes(runs);
    for (std::size_t i = 0; i < edges.size(); ++i)
        boxes[i / run_length].expand(edges[i].box());
    struct Tree {
        GEOSSTRtree* tree = GEOSSTRtree_create_r(geos(), 10);
        ~Tree() { GEOSSTRtree_destroy_r(geos(), tree); }
    } tree;
    std::vector<std::size_t> ids(runs);
    for (std::size_t r = 0; r < runs; ++r) {
        ids[r] = r;
        const GeomPtr box(GEOSGeom_createRectangle_r(geos(), boxes[r].minx, boxes[r].miny,
                                                     boxes[r].maxx, boxes[r].maxy));
        GEOSSTRtree_insert_r(geos(), tree.tree, box.get(), &ids[r]);
    }
    struct Count {
        const std::vector<Edge>* edges;
        const std::vector<std::uint32_t>* ring_edges;
        const std::vector<Box>* boxes;
        const RepairLimits* limits;
        std::size_t run = 0; // the run queried
        std::size_t crossings = 0, tests = 0;
        bool over() const { return crossings > limits->max_crossings || tests > limits->max_tests; }
        bool neighbours(const Edge& e, const Edge& f) const {
            if (e.ring != f.ring) return false;
            const std::uint32_t last = (*ring_edges)[e.ring] - 1;
            const std::uint32_t lo = std::min(e.index, f.index), hi = std::max(e.index, f.index);
            return hi == lo + 1 || (lo == 0 && hi == last);
        }
        void visit(std::size_t other) {
            if (other < run || over()) return;
            const std::size_t begin = run * run_length;
            const std::size_t end = std::min(begin + run_length, edges->size());
            const std::size_t other_begin = other * run_length;
            const std::size_t other_end = std::min(other_begin + run_length, edges->size());
            for (std::size_t i = begin; i < end && !over(); ++i) {
                const Edge& e = (*edges)[i];
                const Box eb = e.box();
                if (!eb.intersects((*boxes)[other])) continue;
                for (std::size_t j = std::max(other_begin, i + 1); j < other_end; ++j) {
                    const Edge& f = (*edges)[j];
                    if (!eb.intersects(f.box()) || neighbours(e, f)) continue;
                    ++tests;
                    if (meet(e, f)) ++crossings;
                }
            }
        }
    } count{&edges, &ring_edges, &boxes, &limits};
    auto callback = [](void* item, void* userdata) {
        static_cast<Count*>(userdata)->visit(*static_cast<const std::size_t*>(item));
    };
    for (std::size_t r = 0; r < runs && !count.over(); ++r) {
        if (progress && r % 1024 == 0) progress->report("checking a tangled outline", r, runs);
        count.run = r;
        const GeomPtr box(GEOSGeom_createRectangle_r(geos(), boxes[r].minx, boxes[r].miny,
                                                     boxes[r].maxx, boxes[r].maxy));
        GEOSSTRtree_query_r(geos(), tree.tree, box.get(), callback, &count);
    }
    if (count.crossings > limits.max_crossings)
        return "edges cross more than " + std::to_string(limits.max_crossings) +
               " times: too tangled to repair; fix the outline in the source";
    if (count.tests > limits.max_tests)
        return "more than " + std::to_string(limits.max_tests) +
               " pairs of edges to check: too tangled to repair; fix the outline in the source";
    return std::nullopt;
}

} // namespace

GEOSContextHandle_t geos() {
    return context().handle;
}

const std::string& geos_message() {
    return context().last_message;
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

Repair make_valid(const MultiPolygon& polygons, const RepairLimits* limits, Progress* progress) {
    Repair result;
    MultiPolygon closed; // a copy only when rings must be closed (a million vertices are 16 MB)
    const MultiPolygon* input = &polygons;
    if (!well_formed(polygons)) {
        closed = close_rings(polygons);
        input = &closed;
        result.repaired = true;
        result.reason = "ring not closed or with fewer than 4 points";
    }
    if (input->empty()) return result;
    GeomPtr g = to_geos(*input);
    // One validity check (it costs seconds on a million vertices), its reason without the
    // place, so that the report groups features by reason.
    char* why = nullptr;
    GEOSGeometry* where = nullptr;
    const char validity = GEOSisValidDetail_r(geos(), g.get(), 0, &why, &where);
    const GeomPtr where_owned(where);
    const std::string reason = why ? why : "invalid geometry";
    GEOSFree_r(geos(), why);
    if (validity == 1) {
        result.polygons = input == &closed ? std::move(closed) : polygons;
        return result;
    }
    result.reason = reason;
    result.repaired = true;
    if (limits)
        if (auto why_not = too_tangled(*input, *limits, progress)) {
            result.refused = true;
            result.reason = std::move(*why_not);
            return result;
        }
    const std::unique_ptr<GEOSMakeValidParams, MakeValidParamsDeleter> params(
        GEOSMakeValidParams_create_r(geos()));
    GEOSMakeValidParams_setMethod_r(geos(), params.get(), GEOS_MAKE_VALID_STRUCTURE);
    GEOSMakeValidParams_setKeepCollapsed_r(geos(), params.get(), 0);
    GeomPtr fixed;
    {
        const CancelThroughGeos cancel(progress);
        fixed.reset(GEOSMakeValidWithParams_r(geos(), g.get(), params.get()));
    }
    if (progress && progress->cancel_requested()) throw Cancelled();
    if (!fixed) {
        result.refused = true;
        result.reason = "GEOS could not repair it (" + geos_message() + ")";
        return result;
    }
    result.polygons = polygons_of(fixed.get());
    return result;
}

} // namespace cordon::geo::detail
