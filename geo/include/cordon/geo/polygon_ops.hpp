#pragma once
// Polygon operations on Cordon's plain geometry values, for the planner (zone outlines) and
// anyone else who must not see GEOS: Voronoi cells, dissolve, overlay, hulls, measures.
// Every function is pure and thread-safe (GEOS runs with the calling thread's own context).
// Operations that fail inside GEOS throw cordon::Error.

#include <cordon/geo/geometry.hpp>

#include <cstddef>
#include <vector>

namespace cordon::geo {

/// The planar Voronoi cell of every site, clipped to `clip` (which is widened to hold every
/// site). cells[i] belongs to sites[i]; sites at the same coordinates share one cell (the
/// first of them gets it, the others get an empty cell). Coordinates are rounded to a
/// millimetre first (to 1/2^28 of the box's size for boxes over 268 km), so sites closer than
/// that count as the same place. Exact: Boost.Polygon's sweep line with exact predicates;
/// neighbouring cells share their vertices bit for bit, so dissolve_cells() can join them.
/// More than 2 × `strip` sites (0: 100,000) are done in horizontal strips of `strip` sites on
/// up to `threads` worker threads (0: one per core, at most four), to bound the memory; a
/// strip's cell is kept only when no site outside the strip's band can change it (else it is
/// computed again from the sites around it), so the result equals one big diagram, vertex for
/// vertex, whatever the number of threads.
std::vector<Polygon> voronoi_cells(const std::vector<Point>& sites, const Box& clip,
                                   std::size_t strip = 0, std::size_t threads = 0);

/// The union of polygons that form a planar partition with shared vertices (Voronoi cells,
/// a grid): edges that two cells share cancel, the rest are chained into rings. Linear in
/// the number of edges; far faster than a general union. Coordinates are matched after
/// rounding to `grid` metres.
MultiPolygon dissolve_cells(const std::vector<const Polygon*>& cells, double grid = 1e-6);

/// General union of any polygons (GEOS unary union).
MultiPolygon unite(const std::vector<const MultiPolygon*>& polygons);
MultiPolygon intersection(const MultiPolygon& a, const MultiPolygon& b);
MultiPolygon difference(const MultiPolygon& a, const MultiPolygon& b);
/// The part of `polygons` inside `box` (GEOS's rectangle clipping, faster than a general
/// intersection); the box's edges become part of the outline where it cuts.
MultiPolygon clip_to_box(const MultiPolygon& polygons, const Box& box);
/// `polygons` grown (or shrunk, when negative) by `distance` metres.
MultiPolygon buffer(const MultiPolygon& polygons, double distance, int quadrant_segments = 4);
/// The ground within `distance` metres of any of `polygons` and `lines` (one GEOS buffer of
/// them all, so overlapping parts come out as one polygon).
MultiPolygon buffer(const MultiPolygon& polygons, const std::vector<const LineString*>& lines,
                    double distance, int quadrant_segments = 4);
/// The convex hull of points (empty for fewer than three points not on a line).
Polygon convex_hull(const std::vector<Point>& points);
Polygon convex_hull(const MultiPolygon& polygons);
/// Repairs invalid polygons (GEOSMakeValid); valid ones come back unchanged.
MultiPolygon make_valid(const MultiPolygon& polygons);
bool is_valid(const MultiPolygon& polygons);

/// Length of every ring (exterior and holes).
double perimeter(const MultiPolygon& polygons);
/// Polsby–Popper compactness 4πA / P² (1 for a disc; 0 for an empty or degenerate shape).
double polsby_popper(const MultiPolygon& polygons);
/// Area ÷ area of the convex hull (1 for a convex shape).
double hull_ratio(const MultiPolygon& polygons);
/// The area-weighted centroid of the outer rings (holes are rare in footprints); the centre
/// of the bounds for a degenerate shape.
Point footprint_centroid(const MultiPolygon& polygons);
/// Whether `p` lies inside the polygon (even-odd rule over every ring).
bool contains(const Polygon& polygon, Point p);
/// Whether `p` lies inside one closed ring (even-odd rule; points on the edge may go
/// either way).
bool ring_contains(const Ring& ring, Point p);

} // namespace cordon::geo
