// libFuzzer harness: planner::hours_per_day, which reads the checkpoint `hours` text that comes
// from project files and the GUI ("07:00-19:00", "8-20", anything else means 24 hours). It must
// not crash and must give hours in (0, 24]; hours_problem must not crash either.

#include <cordon/planner/staffing.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const double h = cordon::planner::hours_per_day(text);
    if (!std::isfinite(h) || !(h > 0 && h <= 24)) __builtin_trap();
    (void)cordon::planner::hours_problem(text).size();
    return 0;
}
