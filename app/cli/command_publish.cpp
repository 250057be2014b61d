// cordon-cli publish: a project copied into a PostgreSQL/PostGIS database (issue 19).

#include "args.hpp"
#include "commands.hpp"
#include "terminal_progress.hpp"

#include <cordon/geo/pg_live.hpp>
#include <cordon/geo/pg_store.hpp>
#include <cordon/session/project.hpp>

#include <iostream>

namespace cordon::cli {

int command_publish(const Argv& argv) {
    const Args args(argv, {"schema", "roles"}, {"replace"});
    const auto& pos = args.positional();
    if (pos.size() != 2 || !geo::is_database_url(pos[1]))
        throw InputError(
            "publish needs a PROJECT and a database URL: publish PROJECT "
            "postgresql://[USER@]HOST[:PORT]/DB [--schema NAME] [--replace] [--roles FILE]");
    const std::string& project = pos[0];
    const std::string& url = pos[1];
    TerminalProgress progress;
    const geo::District district = session::open_project(project, progress);
    geo::PublishOptions options;
    options.schema = args.get("schema").value_or("");
    options.replace = args.flag("replace");
    // Read before anything is written: a bad roles file leaves the database as it was.
    if (const auto roles = args.get("roles")) options.roles = geo::pg::read_roles(*roles, district);
    geo::publish_project(district, url, options, progress);
    std::string shown = geo::shown_url(url);
    if (options.schema.empty() && shown.find("schema=") == std::string::npos)
        options.schema = "cordon";
    if (!options.schema.empty())
        shown += (shown.find('?') == std::string::npos ? "?" : "&") + std::string("schema=") +
                 options.schema;
    std::cout << "published " << project << " to " << shown << " (" << district.buildings.size()
              << " buildings, " << district.roads.size() << " roads, " << district.zones.size()
              << " zones)\n";
    return 0;
}

} // namespace cordon::cli
