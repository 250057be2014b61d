#include "args.hpp"
#include "commands.hpp"
#include "terminal_progress.hpp"

#include <cordon/session/project.hpp>

#include <iostream>

namespace cordon::cli {

int command_info(const Argv& argv) {
    const Args args(argv, {}, {"json"});
    const std::string project = args.one_positional("PROJECT");
    TerminalProgress progress;
    const geo::District district = session::open_project(project, progress);
    const nlohmann::json info = session::project_info(district, project);
    std::cout << (args.flag("json") ? info.dump(2) + "\n" : session::format_info(info));
    return 0;
}

} // namespace cordon::cli
