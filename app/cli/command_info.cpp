#include "args.hpp"
#include "commands.hpp"

#include <cordon/geo/project_store.hpp>
#include <cordon/session/project.hpp>

#include <iostream>

namespace cordon::cli {

int command_info(const Argv& argv) {
    const Args args(argv, {}, {"json"});
    const std::string project = args.one_positional("PROJECT");
    const geo::District district = geo::read_project(project);
    for (const std::string& warning : district.meta.warnings)
        std::cerr << "cordon-cli info: warning: " << warning << "\n";
    const nlohmann::json info = session::project_info(district, project);
    std::cout << (args.flag("json") ? info.dump(2) + "\n" : session::format_info(info));
    return 0;
}

} // namespace cordon::cli
