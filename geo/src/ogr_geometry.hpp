#pragma once
// Conversion between OGR geometries and Cordon's plain geometry values. Private to cordon_geo.

#include <cordon/geo/geometry.hpp>

#include <ogr_geometry.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cordon::geo::detail {

/// Polygons of any polygonal OGR geometry (curves linearised); other parts are ignored.
MultiPolygon to_multipolygon(const OGRGeometry& geometry);
/// Lines of any lineal OGR geometry; a polygon gives its exterior ring as a line.
std::vector<LineString> to_linestrings(const OGRGeometry& geometry);
/// Points of a point or multipoint geometry.
std::vector<Point> to_points(const OGRGeometry& geometry);

std::unique_ptr<OGRGeometry> to_ogr(const MultiPolygon& polygons);
std::unique_ptr<OGRGeometry> to_ogr(const LineString& line);
std::unique_ptr<OGRGeometry> to_ogr(Point point);

/// ISO WKB of a geometry, little-endian.
std::string to_wkb(const OGRGeometry& geometry);
/// Parses WKB; nullptr when the bytes are not WKB.
std::unique_ptr<OGRGeometry> from_wkb(const void* data, std::size_t size);

} // namespace cordon::geo::detail
