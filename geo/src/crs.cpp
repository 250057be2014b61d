#include "reproject.hpp"

#include <cordon/geo/chinese_shift.hpp>
#include <cordon/geo/crs.hpp>
#include <cordon/geo/error.hpp>
#include <cordon/geo/param_error.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace cordon::geo {

namespace {
std::string normalised(const std::string& text) {
    std::string out;
    for (char c : text)
        if (c != '-' && c != '_' && c != ' ')
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}
} // namespace

CrsSpec parse_crs(const std::string& text, const std::string& option) {
    const std::string n = normalised(text);
    if (n == "gcj02") return {CrsSpec::Kind::gcj02, {}};
    if (n == "bd09") return {CrsSpec::Kind::bd09, {}};
    detail::QuietGdalErrors quiet;
    OGRSpatialReference srs;
    if (srs.SetFromUserInput(text.c_str()) != OGRERR_NONE)
        throw ParamError(option, text,
                         "not a CRS PROJ knows (try EPSG:4326, EPSG:4490, gcj02 or bd09)");
    return {CrsSpec::Kind::proj, text};
}

int utm_epsg(Point lonlat) {
    const int zone = std::clamp(static_cast<int>(std::floor((lonlat.x + 180.0) / 6.0)) + 1, 1, 60);
    return (lonlat.y >= 0 ? 32600 : 32700) + zone;
}

int projected_epsg(const std::string& text, const std::string& option) {
    std::string digits = text;
    if (normalised(text).rfind("epsg:", 0) == 0) digits = text.substr(text.find(':') + 1);
    int code = 0;
    try {
        std::size_t used = 0;
        code = std::stoi(digits, &used);
        if (used != digits.size()) code = 0;
    } catch (const std::exception&) {
        code = 0;
    }
    detail::QuietGdalErrors quiet;
    OGRSpatialReference srs;
    if (code <= 0 || srs.importFromEPSG(code) != OGRERR_NONE)
        throw ParamError(option, text, "not an EPSG code (write EPSG:N)");
    if (!srs.IsProjected() || std::abs(srs.GetLinearUnits() - 1.0) > 1e-9)
        throw ParamError(option, text, "not a projected CRS in metres; the project needs one");
    return code;
}

std::string crs_name(int epsg) {
    detail::QuietGdalErrors quiet;
    OGRSpatialReference srs;
    if (srs.importFromEPSG(epsg) != OGRERR_NONE) return "EPSG:" + std::to_string(epsg);
    const char* name = srs.GetName();
    return name ? name : "EPSG:" + std::to_string(epsg);
}

std::vector<GaussKrugerZone> cgcs2000_gauss_kruger_zones() {
    std::vector<GaussKrugerZone> zones;
    for (int zone = 25; zone <= 45; ++zone)
        for (bool prefix : {true, false})
            zones.push_back({(prefix ? 4513 : 4534) + zone - 25, 3, zone, 3 * zone, prefix});
    for (int zone = 13; zone <= 23; ++zone)
        for (bool prefix : {true, false})
            zones.push_back({(prefix ? 4491 : 4502) + zone - 13, 6, zone, 6 * zone - 3, prefix});
    return zones;
}

std::optional<GaussKrugerZone> cgcs2000_gauss_kruger_zone(double lon, int degrees,
                                                          bool zone_prefix) {
    if (!std::isfinite(lon)) return std::nullopt;
    // A 3° zone N spans N·3 ± 1.5°; a 6° zone N spans (N−1)·6 to N·6.
    const int zone = degrees == 6 ? static_cast<int>(std::floor(lon / 6.0)) + 1
                                  : static_cast<int>(std::floor(lon / 3.0 + 0.5));
    for (const GaussKrugerZone& z : cgcs2000_gauss_kruger_zones())
        if (z.degrees == degrees && z.zone == zone && z.zone_prefix == zone_prefix) return z;
    return std::nullopt;
}

Point lon_lat(Point point, int srid) {
    const OGRSpatialReference from = detail::epsg_srs(srid);
    const detail::Reprojector to_wgs84(&from, CrsSpec::Kind::proj, detail::wgs84());
    if (!to_wgs84.apply(point))
        throw Error("PROJ cannot find the longitude and latitude of a point in EPSG:" +
                    std::to_string(srid));
    return point;
}

namespace detail {

OGRSpatialReference wgs84() {
    return epsg_srs(4326);
}

OGRSpatialReference epsg_srs(int code) {
    OGRSpatialReference srs;
    if (srs.importFromEPSG(code) != OGRERR_NONE)
        throw Error("PROJ does not know EPSG:" + std::to_string(code));
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

namespace {
Point unshift(Point p, CrsSpec::Kind kind) {
    return kind == CrsSpec::Kind::gcj02  ? gcj02_to_wgs84(p)
           : kind == CrsSpec::Kind::bd09 ? bd09_to_wgs84(p)
                                         : p;
}
Point shift(Point p, CrsSpec::Kind kind) {
    return kind == CrsSpec::Kind::gcj02  ? wgs84_to_gcj02(p)
           : kind == CrsSpec::Kind::bd09 ? wgs84_to_bd09(p)
                                         : p;
}
} // namespace

Reprojector::Reprojector(const OGRSpatialReference* source, CrsSpec::Kind shift_kind,
                         const OGRSpatialReference& target)
    : m_shift_before(shift_kind) {
    OGRSpatialReference from = shift_kind == CrsSpec::Kind::proj && source ? *source : wgs84();
    from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (!from.IsSame(&target)) {
        m_transform.reset(OGRCreateCoordinateTransformation(&from, &target));
        if (!m_transform)
            throw Error("PROJ cannot transform between these CRSs: " + gdal_error_text());
    }
}

Reprojector Reprojector::to_shifted(const OGRSpatialReference& source, CrsSpec::Kind shift_kind) {
    Reprojector r(&source, CrsSpec::Kind::proj, wgs84());
    r.m_shift_after = shift_kind;
    return r;
}

bool Reprojector::apply(std::vector<Point>& points) const {
    if (m_shift_before != CrsSpec::Kind::proj)
        for (Point& p : points)
            p = unshift(p, m_shift_before);
    if (m_transform && !points.empty()) {
        std::vector<double> x(points.size()), y(points.size());
        for (std::size_t i = 0; i < points.size(); ++i) {
            x[i] = points[i].x;
            y[i] = points[i].y;
        }
        if (!m_transform->Transform(points.size(), x.data(), y.data(), nullptr, nullptr, nullptr))
            return false;
        for (std::size_t i = 0; i < points.size(); ++i)
            points[i] = {x[i], y[i]};
    }
    if (m_shift_after != CrsSpec::Kind::proj)
        for (Point& p : points)
            p = shift(p, m_shift_after);
    return true;
}

bool Reprojector::apply(Point& point) const {
    std::vector<Point> one{point};
    if (!apply(one)) return false;
    point = one.front();
    return true;
}

bool Reprojector::apply(MultiPolygon& polygons) const {
    for (Polygon& polygon : polygons)
        for (Ring& ring : polygon.rings)
            if (!apply(ring)) return false;
    return true;
}

} // namespace detail
} // namespace cordon::geo
