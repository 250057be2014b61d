#include "commands.hpp"

#include <cordon/geo/error.hpp>

#include <functional>
#include <map>

namespace cordon::cli {

int command_plan(const Argv& argv) {
    std::map<std::string, std::function<int(const Argv&)>> steps{{"checkpoints", plan_checkpoints}};
    for (const char* step : {"classify", "gates", "zones", "routes", "staffing", "all"})
        steps[step] = [step](const Argv& args) { return plan_patrol_step(step, args); };
    std::string names;
    for (const auto& [name, f] : steps)
        names += (names.empty() ? "" : ", ") + name;
    if (argv.empty()) throw InputError("plan needs a step: " + names);
    const auto step = steps.find(argv.front());
    if (step == steps.end())
        throw InputError("plan " + argv.front() + ": unknown step (steps: " + names + ")");
    return step->second(Argv(argv.begin() + 1, argv.end()));
}

} // namespace cordon::cli
