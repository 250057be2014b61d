#include <cordon/geo/clock.hpp>

#include <ctime>

namespace cordon::geo {

std::string local_time_text(const char* format) {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char buf[64];
    return std::strftime(buf, sizeof buf, format, &local) > 0 ? buf : "";
}

} // namespace cordon::geo
