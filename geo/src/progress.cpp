#include <cordon/geo/error.hpp>
#include <cordon/geo/progress.hpp>

#include <algorithm>

namespace cordon {

void Progress::report(std::string_view stage, double fraction) {
    if (cancel_requested()) throw Cancelled();
    on_progress(stage, std::clamp(fraction, 0.0, 1.0));
}

} // namespace cordon
