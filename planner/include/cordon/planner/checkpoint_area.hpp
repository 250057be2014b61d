#pragma once
// The protected area of a checkpoint plan: named from the project's layers or read from a
// polygon file, and the two questions the cordon asks of it: is a point inside, how far
// outside is it.

#include <cordon/geo/district.hpp>
#include <cordon/geo/progress.hpp>
#include <cordon/planner/checkpoints.hpp>

#include <set>
#include <string>
#include <vector>

namespace cordon::planner {

/// Resolves what the planner names as the area; several specs give their union:
///  * `community:NAME`, `compound:NAME`, `zone:NAME` — every feature of that layer whose
///    name (or code, or id) is NAME;
///  * `ids:LAYER:ID,ID,...` — the features of one layer (communities, compounds, zones,
///    buildings) by id, as a selection names them: their union (for buildings, the convex
///    hull of their footprints: a footprint holds no road);
///  * `wkt:POLYGON((X Y, ...))` (or MULTIPOLYGON) — a polygon drawn on the map, in the
///    project's CRS;
///  * `district` — the district's boundary (the `district` layer), or when the project has
///    none the convex hull of the buildings (never the bounding box; `note` says so);
///  * anything else is a polygon file `FILE[:LAYER]` in any GDAL format and CRS (reprojected
///    into the project CRS); all its polygons are the area.
/// Throws InputError naming the spec: no such feature (with the names that come closest),
/// no polygons in the file, an empty list.
ProtectedArea resolve_area(const geo::District& district, const std::vector<std::string>& specs,
                           Progress& progress);

/// The roads a planner names: `ID` or `id:ID` (the project's road id), or `name:NAME` or
/// plain NAME (every road of that name). Throws ParamError naming the parameter `option`
/// ("close") and the spec when no road matches.
std::set<geo::Id> resolve_roads(const geo::District& district, const std::string& spec,
                                const std::string& option);

/// Point-in-area and distance-to-area for polygons in a metric CRS (even–odd rule per
/// polygon, so holes are outside; overlapping polygons are a union).
class AreaGeometry {
public:
    explicit AreaGeometry(const geo::MultiPolygon& polygons);

    bool contains(geo::Point p) const;
    /// Straight-line metres to the area; 0 inside it.
    double distance(geo::Point p) const;
    /// Metres to the area's boundary (inside or outside).
    double boundary_distance(geo::Point p) const;
    const geo::Box& bounds() const { return m_bounds; }

private:
    struct Part {
        geo::Box box;
        geo::Polygon polygon;
    };
    std::vector<Part> m_parts;
    geo::Box m_bounds;
};

/// A representative point of a polygon set: the area-weighted centroid of its largest
/// polygon's exterior (falls back to the vertex mean for degenerate rings).
geo::Point area_centroid(const geo::MultiPolygon& polygons);

} // namespace cordon::planner
