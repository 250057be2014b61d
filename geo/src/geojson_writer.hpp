#pragma once
// GeoJSON written feature by feature into an OutputFile. Private to cordon_geo.
//
// GDAL 3.6's GeoJSON driver builds every feature as a json-c tree before printing it, about
// 450 bytes a vertex: a 10 M-vertex polygon took 7.2 GB. Here coordinates go from the OGR
// geometry straight to the file (shortest round-trip decimals), so an export holds one
// feature's geometry at a time. The layout is the driver's (RFC 7946 off, a "crs" member),
// and GDAL reads it back as it reads its own.

#include <cordon/geo/output_file.hpp>

#include <ogrsf_frmts.h>

#include <string>
#include <vector>

namespace cordon::geo::detail {

class GeoJsonWriter {
public:
    /// Writes the collection's head: its name and, when `srs` has an EPSG code, its CRS.
    GeoJsonWriter(OutputFile& out, const std::string& name, const OGRSpatialReference& srs);
    /// One feature: "id" (the project's id) first, then `names[i]` from the source
    /// feature's field i, then its geometry (null when it has none). Throws InputError
    /// naming the feature when a coordinate is not a finite number.
    void write(const OGRFeature& feature, const std::vector<std::string>& names,
               const OGRGeometry* geometry, const std::string& layer);
    /// Closes the collection.
    void finish();

private:
    void geometry(const OGRGeometry& g);
    void coordinates(const OGRGeometry& g);
    void point(double x, double y, bool has_z, double z);
    void flush_if_full();

    OutputFile& m_out;
    std::string m_buffer;
    bool m_first = true;
    bool m_finite = true;
};

} // namespace cordon::geo::detail
