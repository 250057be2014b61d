#pragma once
// Reading SpatiaLite's geometry BLOBs straight into Cordon's geometry values, for the layout the
// project store writes (see BlobWriter in project_store.cpp and "BLOB-Geometry" in SpatiaLite's
// docs): 0x00, byte order, SRID, MBR, 0x7C, class, body, 0xFE. Private to cordon_geo.

#include <cordon/geo/geometry.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>

namespace cordon::geo::detail {

/// SpatiaLite's geometry classes in a BLOB (XY).
enum : std::int32_t {
    gaia_point = 1,
    gaia_linestring = 2,
    gaia_polygon = 3,
    gaia_multipolygon = 6
};

// Each gives the geometry of a BLOB in this machine's byte order, XY, uncompressed, of exactly
// that class and with no empty part or NaN coordinate; nullopt for anything else (another
// class, Z or M, compressed, another byte order, damaged), which the caller reads the long way.
std::optional<Point> point_from_blob(const void* data, std::size_t size);
std::optional<LineString> linestring_from_blob(const void* data, std::size_t size);
std::optional<MultiPolygon> multipolygon_from_blob(const void* data, std::size_t size);

/// Whether every count in a SpatiaLite geometry BLOB (any class, byte order, dimensions or
/// compression) fits in the bytes after it. SpatiaLite allocates what a count says before it
/// reads the points (one patched count: a 5 GB malloc), so a BLOB that fails this is damaged
/// and never handed to it. A BLOB not in the standard layout (a TinyPoint) passes.
bool blob_counts_fit(const void* data, std::size_t size);

} // namespace cordon::geo::detail
