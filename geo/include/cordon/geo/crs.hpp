#pragma once
// Coordinate reference systems: what the planner may name, and the project's metric CRS.

#include <cordon/geo/geometry.hpp>

#include <string>

namespace cordon::geo {

/// A CRS as the planner names it: anything PROJ understands (EPSG:4490, a WKT, a PROJ
/// string), or one of the shifted Chinese web-map datums PROJ lacks.
struct CrsSpec {
    enum class Kind { proj, gcj02, bd09 };
    Kind kind = Kind::proj;
    std::string definition; ///< for Kind::proj: the text given to PROJ
};

/// Parses "gcj02", "bd09" (any case, with or without '-') or a PROJ definition, which must
/// be one PROJ accepts; throws ParamError naming the parameter `option` ("source_crs")
/// otherwise.
CrsSpec parse_crs(const std::string& text, const std::string& option);

/// EPSG code of the WGS 84 / UTM zone that holds `lonlat`.
int utm_epsg(Point lonlat);

/// EPSG code of a projected metric CRS named by the planner ("EPSG:4547", "4547");
/// throws ParamError naming the parameter `option` ("crs") when it is not such a CRS.
int projected_epsg(const std::string& text, const std::string& option);

/// The name PROJ gives an EPSG CRS, e.g. "WGS 84 / UTM zone 48N".
std::string crs_name(int epsg);

} // namespace cordon::geo
