#pragma once
// RAII around GDAL/OGR handles, and GDAL error text. Private to cordon_geo.

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <cerrno>
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

/// While alive, GDAL's messages are not printed to stderr (we report them ourselves) and the
/// first failure GDAL reports is kept: drivers that meet a broken file mid-way often just
/// stop returning features, and this is how we notice.
class QuietGdalErrors {
public:
    QuietGdalErrors() { CPLPushErrorHandlerEx(&QuietGdalErrors::handler, this); }
    ~QuietGdalErrors() { CPLPopErrorHandler(); }
    QuietGdalErrors(const QuietGdalErrors&) = delete;
    QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;

    /// The first failure reported since construction, or empty.
    const std::string& failure() const { return m_failure; }
    /// errno when that failure was reported (a driver's failed write leaves the system's
    /// reason there), or 0.
    int failure_errno() const { return m_failure_errno; }

private:
    static void CPL_STDCALL handler(CPLErr level, CPLErrorNum, const char* message) {
        const int error = errno;
        auto* self = static_cast<QuietGdalErrors*>(CPLGetErrorHandlerUserData());
        if (self && (level == CE_Failure || level == CE_Fatal) && self->m_failure.empty() &&
            message) {
            self->m_failure = message;
            self->m_failure_errno = error;
        }
    }
    std::string m_failure;
    int m_failure_errno = 0;
};

} // namespace cordon::geo::detail
