#pragma once
// Moving coordinates between a source CRS, WGS 84 (lon/lat) and the project CRS. Private.

#include "gdal_handles.hpp"

#include <cordon/geo/crs.hpp>
#include <cordon/geo/geometry.hpp>

#include <ogr_spatialref.h>

#include <memory>
#include <vector>

namespace cordon::geo::detail {

/// WGS 84 with longitude first.
OGRSpatialReference wgs84();
/// An EPSG CRS with traditional GIS axis order (x = easting/longitude).
OGRSpatialReference epsg_srs(int code);

/// One direction of travel for coordinates. Applies PROJ's transformation and, around it,
/// the GCJ-02/BD-09 shift when the source (or target) is one of those.
class Reprojector {
public:
    /// From `source` (or lon/lat in `shift`'s datum when shift is not proj) to `target`.
    Reprojector(const OGRSpatialReference* source, CrsSpec::Kind shift,
                const OGRSpatialReference& target);
    /// From `source` to lon/lat in `shift`'s datum (export to GCJ-02).
    static Reprojector to_shifted(const OGRSpatialReference& source, CrsSpec::Kind shift);

    /// Transforms in place; false when PROJ fails on some point.
    bool apply(std::vector<Point>& points) const;
    bool apply(Point& point) const;
    bool apply(MultiPolygon& polygons) const;

private:
    TransformPtr m_transform;
    CrsSpec::Kind m_shift_before = CrsSpec::Kind::proj; ///< unshift to WGS 84 first
    CrsSpec::Kind m_shift_after = CrsSpec::Kind::proj;  ///< shift from WGS 84 last
};

} // namespace cordon::geo::detail
