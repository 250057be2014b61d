#include "geojson_writer.hpp"

#include <cordon/geo/error.hpp>

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>

namespace cordon::geo::detail {

namespace {

constexpr std::size_t k_flush = 1 << 20;

const char* type_name(OGRwkbGeometryType type) {
    switch (wkbFlatten(type)) {
    case wkbPoint:
        return "Point";
    case wkbLineString:
        return "LineString";
    case wkbPolygon:
        return "Polygon";
    case wkbMultiPoint:
        return "MultiPoint";
    case wkbMultiLineString:
        return "MultiLineString";
    case wkbMultiPolygon:
        return "MultiPolygon";
    case wkbGeometryCollection:
        return "GeometryCollection";
    default:
        return nullptr;
    }
}

void append_number(std::string& out, double v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

} // namespace

GeoJsonWriter::GeoJsonWriter(OutputFile& out, const std::string& name,
                             const OGRSpatialReference& srs)
    : m_out(out) {
    m_buffer = "{\n\"type\": \"FeatureCollection\",\n\"name\": " +
               nlohmann::json(name).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
               ",\n";
    const char* authority = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    if (authority && code && std::string(authority) == "EPSG") {
        const std::string urn = std::string(code) == "4326"
                                    ? "urn:ogc:def:crs:OGC:1.3:CRS84"
                                    : "urn:ogc:def:crs:EPSG::" + std::string(code);
        m_buffer +=
            "\"crs\": { \"type\": \"name\", \"properties\": { \"name\": \"" + urn + "\" } },\n";
    }
    m_buffer += "\"features\": [\n";
}

void GeoJsonWriter::write(const OGRFeature& feature, const std::vector<std::string>& names,
                          const OGRGeometry* g, const std::string& layer) {
    nlohmann::ordered_json properties;
    properties["id"] = feature.GetFID();
    for (int i = 0; i < static_cast<int>(names.size()); ++i) {
        auto& value = properties[names[static_cast<std::size_t>(i)]];
        if (!feature.IsFieldSetAndNotNull(i)) continue; // null
        const OGRFieldDefn* defn = feature.GetFieldDefnRef(i);
        switch (defn->GetType()) {
        case OFTInteger:
            if (defn->GetSubType() == OFSTBoolean)
                value = feature.GetFieldAsInteger(i) != 0;
            else
                value = feature.GetFieldAsInteger(i);
            break;
        case OFTInteger64:
            value = static_cast<std::int64_t>(feature.GetFieldAsInteger64(i));
            break;
        case OFTReal:
            value = feature.GetFieldAsDouble(i);
            break;
        default:
            value = feature.GetFieldAsString(i);
            break;
        }
    }
    m_buffer += m_first ? "" : ",\n";
    m_first = false;
    m_buffer += "{ \"type\": \"Feature\", \"id\": " + std::to_string(feature.GetFID()) +
                ", \"properties\": " +
                properties.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
                ", \"geometry\": ";
    m_finite = true;
    if (g && !g->IsEmpty())
        geometry(*g);
    else
        m_buffer += "null";
    m_buffer += " }";
    if (!m_finite)
        throw InputError(layer + " feature " + std::to_string(feature.GetFID()) +
                         ": a coordinate is not a finite number; GeoJSON cannot hold it");
    flush_if_full();
}

void GeoJsonWriter::finish() {
    m_buffer += m_first ? "]\n}\n" : "\n]\n}\n";
    m_out.write(m_buffer);
    m_buffer.clear();
}

void GeoJsonWriter::flush_if_full() {
    if (m_buffer.size() < k_flush) return;
    m_out.write(m_buffer);
    m_buffer.clear();
}

void GeoJsonWriter::geometry(const OGRGeometry& g) {
    const char* type = type_name(g.getGeometryType());
    if (!type)
        throw Error(std::string("GeoJSON cannot hold a ") + g.getGeometryName() + " geometry");
    m_buffer += "{ \"type\": \"";
    m_buffer += type;
    if (wkbFlatten(g.getGeometryType()) == wkbGeometryCollection) {
        m_buffer += "\", \"geometries\": [ ";
        const auto& c = *g.toGeometryCollection();
        for (int i = 0; i < c.getNumGeometries(); ++i) {
            if (i) m_buffer += ", ";
            geometry(*c.getGeometryRef(i));
        }
        m_buffer += " ] }";
        return;
    }
    m_buffer += "\", \"coordinates\": ";
    coordinates(g);
    m_buffer += " }";
}

void GeoJsonWriter::coordinates(const OGRGeometry& g) {
    switch (wkbFlatten(g.getGeometryType())) {
    case wkbPoint: {
        const auto& p = *g.toPoint();
        point(p.getX(), p.getY(), p.Is3D(), p.getZ());
        return;
    }
    case wkbLineString:
    case wkbLinearRing: {
        const auto& line = *g.toSimpleCurve();
        m_buffer += "[ ";
        for (int i = 0; i < line.getNumPoints(); ++i) {
            if (i) m_buffer += ", ";
            point(line.getX(i), line.getY(i), line.Is3D(), line.getZ(i));
            if ((i & 0xffff) == 0) flush_if_full();
        }
        m_buffer += " ]";
        return;
    }
    case wkbPolygon: {
        const auto& polygon = *g.toPolygon();
        m_buffer += "[ ";
        bool first = true;
        for (const OGRLinearRing* ring : polygon) {
            if (!first) m_buffer += ", ";
            first = false;
            coordinates(*ring);
        }
        m_buffer += " ]";
        return;
    }
    default: {
        const auto& c = *g.toGeometryCollection();
        m_buffer += "[ ";
        for (int i = 0; i < c.getNumGeometries(); ++i) {
            if (i) m_buffer += ", ";
            coordinates(*c.getGeometryRef(i));
        }
        m_buffer += " ]";
    }
    }
}

void GeoJsonWriter::point(double x, double y, bool has_z, double z) {
    if (!std::isfinite(x) || !std::isfinite(y) || (has_z && !std::isfinite(z))) m_finite = false;
    m_buffer += "[ ";
    append_number(m_buffer, x);
    m_buffer += ", ";
    append_number(m_buffer, y);
    if (has_z) {
        m_buffer += ", ";
        append_number(m_buffer, z);
    }
    m_buffer += " ]";
}

} // namespace cordon::geo::detail
