#pragma once
// RAII around the GEOS C API (re-entrant _r functions) and conversion to and from Cordon's
// geometry values. Private to cordon_geo.

#include <cordon/geo/geometry.hpp>

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

/// Result of checking and repairing a polygonal geometry.
struct Repair {
    MultiPolygon polygons; ///< valid polygons (empty when nothing is left)
    bool repaired = false;
    std::string reason; ///< GEOS' reason for invalidity when repaired
};
/// Checks validity and repairs with GEOSMakeValid when needed.
Repair make_valid(const MultiPolygon& polygons);

} // namespace cordon::geo::detail
