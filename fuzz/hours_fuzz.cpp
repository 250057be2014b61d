// libFuzzer harness: planner::hours_per_day, which reads the checkpoint `hours` text that comes
// from project files and the GUI ("07:00-19:00", "8-20", anything else means 24 hours). It must
// not crash and must give a finite number.

#include <cordon/planner/staffing.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const double h = cordon::planner::hours_per_day(text);
    if (!std::isfinite(h)) __builtin_trap();
    return 0;
}
