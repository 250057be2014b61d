#include "ogr_geometry.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/wkt.hpp>

#include <cpl_conv.h>

#include <sstream>

namespace cordon::geo {

namespace {

std::string shortened(const std::string& text) {
    return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

} // namespace

MultiPolygon polygons_from_wkt(const std::string& text) {
    OGRGeometry* raw = nullptr;
    const char* cursor = text.c_str();
    const OGRErr err = OGRGeometryFactory::createFromWkt(&cursor, nullptr, &raw);
    const std::unique_ptr<OGRGeometry> geometry(raw);
    if (err != OGRERR_NONE || !geometry)
        throw InputError("'" + shortened(text) + "' is not well-known text (WKT)");
    MultiPolygon polygons = detail::to_multipolygon(*geometry);
    if (polygons.empty())
        throw InputError("'" + shortened(text) + "' holds no polygon (a " +
                         OGRGeometryTypeToName(geometry->getGeometryType()) + ")");
    return polygons;
}

std::string to_wkt(const MultiPolygon& polygons) {
    std::ostringstream out;
    out.setf(std::ios::fixed);
    out.precision(2);
    auto ring_text = [&](const Ring& ring) {
        out << "(";
        for (std::size_t i = 0; i < ring.size(); ++i)
            out << (i ? "," : "") << ring[i].x << " " << ring[i].y;
        out << ")";
    };
    auto polygon_text = [&](const Polygon& p) {
        out << "(";
        for (std::size_t i = 0; i < p.rings.size(); ++i) {
            if (i) out << ",";
            ring_text(p.rings[i]);
        }
        out << ")";
    };
    if (polygons.size() == 1) {
        out << "POLYGON";
        polygon_text(polygons[0]);
        return out.str();
    }
    out << "MULTIPOLYGON(";
    for (std::size_t i = 0; i < polygons.size(); ++i) {
        if (i) out << ",";
        polygon_text(polygons[i]);
    }
    out << ")";
    return out.str();
}

} // namespace cordon::geo
