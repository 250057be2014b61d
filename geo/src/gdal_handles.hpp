#pragma once
// RAII around GDAL/OGR handles, and GDAL error text. Private to cordon_geo.

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <memory>
#include <string>

namespace cordon::geo::detail {

struct TransformDeleter {
    void operator()(OGRCoordinateTransformation* t) const {
        OGRCoordinateTransformation::DestroyCT(t);
    }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

/// GDAL's last error message, or `fallback` when it has none.
inline std::string gdal_error_text(const std::string& fallback = "unknown GDAL error") {
    const char* msg = CPLGetLastErrorMsg();
    return (msg && *msg) ? std::string(msg) : fallback;
}

/// Registers GDAL's drivers once.
void ensure_gdal();

/// Keeps GDAL errors from being printed to stderr while alive (we report them ourselves).
class QuietGdalErrors {
public:
    QuietGdalErrors() { CPLPushErrorHandler(CPLQuietErrorHandler); }
    ~QuietGdalErrors() { CPLPopErrorHandler(); }
    QuietGdalErrors(const QuietGdalErrors&) = delete;
    QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;
};

} // namespace cordon::geo::detail
