#pragma once
// Coordinate reference systems: what the planner may name, and the project's metric CRS.

#include <cordon/geo/geometry.hpp>

#include <optional>
#include <string>
#include <vector>

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

/// A projected CGCS2000 Gauss–Krüger CRS as EPSG lists it: 3° zones 25–45 (EPSG:4513–4533
/// with the zone number before the easting, 4534–4554 without) and 6° zones 13–23
/// (EPSG:4491–4501 with, 4502–4512 without), central meridians 75°E to 135°E.
struct GaussKrugerZone {
    int epsg = 0;
    int degrees = 3; ///< zone width: 3 or 6
    int zone = 0;
    int central_meridian = 0; ///< degrees east
    bool zone_prefix = true;  ///< false easting carries the zone number (zone × 10⁶ + 500 km)
};

/// Every CGCS2000 Gauss–Krüger zone, 3° first, each zone with then without its prefix.
std::vector<GaussKrugerZone> cgcs2000_gauss_kruger_zones();

/// The zone of width `degrees` (3 or 6) holding longitude `lon`, with or without the zone
/// prefix; none east or west of the zones (China's longitudes, 73.5–136.5°E).
std::optional<GaussKrugerZone> cgcs2000_gauss_kruger_zone(double lon, int degrees,
                                                          bool zone_prefix = true);

/// Longitude and latitude (WGS 84) of `point` given in EPSG:`srid`. Throws Error when PROJ
/// cannot transform it.
Point lon_lat(Point point, int srid);

} // namespace cordon::geo
