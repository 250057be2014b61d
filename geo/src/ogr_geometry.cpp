#include "ogr_geometry.hpp"

namespace cordon::geo::detail {

namespace {

Ring to_ring(const OGRLinearRing& ring) {
    Ring out;
    out.reserve(static_cast<std::size_t>(ring.getNumPoints()));
    for (int i = 0; i < ring.getNumPoints(); ++i)
        out.push_back({ring.getX(i), ring.getY(i)});
    return out;
}

void add_polygon(const OGRPolygon& polygon, MultiPolygon& out) {
    if (polygon.IsEmpty()) return;
    Polygon p;
    p.rings.push_back(to_ring(*polygon.getExteriorRing()));
    for (int i = 0; i < polygon.getNumInteriorRings(); ++i)
        p.rings.push_back(to_ring(*polygon.getInteriorRing(i)));
    out.push_back(std::move(p));
}

void collect_polygons(const OGRGeometry& geometry, MultiPolygon& out) {
    switch (wkbFlatten(geometry.getGeometryType())) {
    case wkbPolygon:
        add_polygon(*geometry.toPolygon(), out);
        break;
    case wkbMultiPolygon:
    case wkbGeometryCollection:
    case wkbMultiSurface:
        for (const OGRGeometry* part : *geometry.toGeometryCollection())
            collect_polygons(*part, out);
        break;
    case wkbCurvePolygon: {
        std::unique_ptr<OGRGeometry> linear(geometry.getLinearGeometry());
        if (linear) collect_polygons(*linear, out);
        break;
    }
    default:
        break;
    }
}

LineString to_line(const OGRSimpleCurve& curve) {
    LineString out;
    out.reserve(static_cast<std::size_t>(curve.getNumPoints()));
    for (int i = 0; i < curve.getNumPoints(); ++i)
        out.push_back({curve.getX(i), curve.getY(i)});
    return out;
}

void collect_lines(const OGRGeometry& geometry, std::vector<LineString>& out) {
    switch (wkbFlatten(geometry.getGeometryType())) {
    case wkbLineString:
    case wkbLinearRing:
        out.push_back(to_line(*geometry.toSimpleCurve()));
        break;
    case wkbPolygon:
        if (!geometry.IsEmpty()) out.push_back(to_line(*geometry.toPolygon()->getExteriorRing()));
        break;
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection:
    case wkbMultiCurve:
        for (const OGRGeometry* part : *geometry.toGeometryCollection())
            collect_lines(*part, out);
        break;
    case wkbCircularString:
    case wkbCompoundCurve: {
        std::unique_ptr<OGRGeometry> linear(geometry.getLinearGeometry());
        if (linear) collect_lines(*linear, out);
        break;
    }
    default:
        break;
    }
}

OGRLinearRing* to_ogr_ring(const Ring& ring) {
    auto* out = new OGRLinearRing();
    out->setNumPoints(static_cast<int>(ring.size()), false);
    for (std::size_t i = 0; i < ring.size(); ++i)
        out->setPoint(static_cast<int>(i), ring[i].x, ring[i].y);
    return out;
}

} // namespace

MultiPolygon to_multipolygon(const OGRGeometry& geometry) {
    MultiPolygon out;
    collect_polygons(geometry, out);
    return out;
}

std::vector<LineString> to_linestrings(const OGRGeometry& geometry) {
    std::vector<LineString> out;
    collect_lines(geometry, out);
    return out;
}

std::vector<Point> to_points(const OGRGeometry& geometry) {
    std::vector<Point> out;
    const auto type = wkbFlatten(geometry.getGeometryType());
    if (type == wkbPoint && !geometry.IsEmpty()) {
        out.push_back({geometry.toPoint()->getX(), geometry.toPoint()->getY()});
    } else if (type == wkbMultiPoint) {
        for (const OGRPoint* p : *geometry.toMultiPoint())
            if (!p->IsEmpty()) out.push_back({p->getX(), p->getY()});
    }
    return out;
}

std::unique_ptr<OGRGeometry> to_ogr(const MultiPolygon& polygons) {
    auto out = std::make_unique<OGRMultiPolygon>();
    for (const Polygon& polygon : polygons) {
        auto* p = new OGRPolygon();
        for (const Ring& ring : polygon.rings)
            p->addRingDirectly(to_ogr_ring(ring));
        out->addGeometryDirectly(p);
    }
    return out;
}

std::unique_ptr<OGRGeometry> to_ogr(const LineString& line) {
    auto out = std::make_unique<OGRLineString>();
    out->setNumPoints(static_cast<int>(line.size()), false);
    for (std::size_t i = 0; i < line.size(); ++i)
        out->setPoint(static_cast<int>(i), line[i].x, line[i].y);
    return out;
}

std::unique_ptr<OGRGeometry> to_ogr(Point point) {
    return std::make_unique<OGRPoint>(point.x, point.y);
}

std::string to_wkb(const OGRGeometry& geometry) {
    std::string out(static_cast<std::size_t>(geometry.WkbSize()), '\0');
    geometry.exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(out.data()), wkbVariantIso);
    return out;
}

std::unique_ptr<OGRGeometry> from_wkb(const void* data, std::size_t size) {
    OGRGeometry* geometry = nullptr;
    if (OGRGeometryFactory::createFromWkb(data, nullptr, &geometry, size) != OGRERR_NONE) {
        delete geometry;
        return nullptr;
    }
    return std::unique_ptr<OGRGeometry>(geometry);
}

} // namespace cordon::geo::detail
