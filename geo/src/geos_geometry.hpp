#pragma once
// RAII around the GEOS C API (re-entrant _r functions) and conversion to and from Cordon's
// geometry values. Private to cordon_geo.

#include <cordon/geo/geometry.hpp>
#include <cordon/geo/progress.hpp>

#include <geos_c.h>

#include <memory>
#include <string>

namespace cordon::geo::detail {

/// The calling thread's GEOS context (created on first use, destroyed with the thread).
GEOSContextHandle_t geos();

struct GeomDeleter {
    void operator()(GEOSGeometry* g) const { GEOSGeom_destroy_r(geos(), g); }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

struct PreparedDeleter {
    void operator()(const GEOSPreparedGeometry* g) const { GEOSPreparedGeom_destroy_r(geos(), g); }
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

GeomPtr to_geos(const MultiPolygon& polygons);
GeomPtr to_geos(const LineString& line);
GeomPtr to_geos(Point point);
/// The polygons of a GEOS geometry (other parts dropped).
MultiPolygon polygons_of(const GEOSGeometry* geometry);

/// The last message GEOS gave on this thread.
const std::string& geos_message();

/// How much work the repair of one geometry may take. Repair time and memory grow with the
/// number of places where edges cross (a ring of 1,000 random vertices crosses itself about
/// 110,000 times: 4.5 s; 3,000 vertices: gigabytes); counting them is bounded by both limits.
struct RepairLimits {
    std::size_t max_crossings = 1000;   ///< edges crossing, overlapping or ending inside another
    std::size_t max_tests = 20'000'000; ///< pairs of edges whose boxes meet, looked at
};

/// Result of checking and repairing a polygonal geometry.
struct Repair {
    MultiPolygon polygons; ///< valid polygons (empty when nothing is left or refused)
    bool repaired = false;
    bool refused = false; ///< beyond the limits: not repaired, `reason` says why
    std::string reason;   ///< GEOS' reason for invalidity when repaired
};
/// Checks validity and repairs with GEOSMakeValidWithParams' structure method when needed:
/// rings are made valid by a zero buffer of both orientations, parts unioned, holes
/// subtracted, so a repaired footprint keeps its area (no even-odd holes where parts
/// overlap or a ring loops over itself). With `limits`, an invalid geometry whose edges
/// cross beyond them is refused instead of repaired. With `progress`, a cancel stops the
/// repair (Cancelled is thrown).
Repair make_valid(const MultiPolygon& polygons, const RepairLimits* limits = nullptr,
                  Progress* progress = nullptr);

} // namespace cordon::geo::detail
