#pragma once
// Polygons as well-known text: how a polygon drawn on the map is named on a command line
// (`--area wkt:POLYGON((…))`) and recorded in the project's history.

#include <cordon/geo/geometry.hpp>

#include <string>

namespace cordon::geo {

/// The polygons of a WKT POLYGON or MULTIPOLYGON (curves linearised). Throws InputError
/// naming the text when it is not WKT or holds no polygon.
MultiPolygon polygons_from_wkt(const std::string& text);

/// A MULTIPOLYGON (or POLYGON for one polygon) as WKT, to the centimetre.
std::string to_wkt(const MultiPolygon& polygons);

} // namespace cordon::geo
