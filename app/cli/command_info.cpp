#include "args.hpp"
#include "commands.hpp"

#include <cordon/geo/project_store.hpp>
#include <cordon/session/project.hpp>

#include <iostream>

namespace cordon::cli {

int command_info(const Argv& argv) {
    const Args args(argv, {}, {"json"});
    const std::string project = args.one_positional("PROJECT");
    const nlohmann::json info = session::project_info(geo::read_project(project), project);
    std::cout << (args.flag("json") ? info.dump(2) + "\n" : session::format_info(info));
    return 0;
}

} // namespace cordon::cli
