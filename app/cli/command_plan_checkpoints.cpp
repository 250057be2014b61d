// Placeholder until the checkpoints step lands (issue 3); replaced by its implementation.
#include "commands.hpp"

#include <cordon/geo/error.hpp>

namespace cordon::cli {

int plan_checkpoints(const Argv&) { throw Error("plan checkpoints: not built yet"); }

} // namespace cordon::cli
