#pragma once
// One function per cordon-cli command. Each parses its arguments into the library's params
// and calls the same library functions the desktop app calls.

#include <string>
#include <vector>

namespace cordon::cli {

using Argv = std::vector<std::string>;

int command_import(const Argv& args);
int command_info(const Argv& args);
int command_export(const Argv& args);
int command_render(const Argv& args);
int command_demo(const Argv& args);
int command_plan(const Argv& args);
int command_print(const Argv& args);
int command_handover(const Argv& args);
int command_edit(const Argv& args);
int command_select(const Argv& args);
int command_scenario(const Argv& args);
/// households import|match|list (command_households.cpp).
int command_households(const Argv& args);
/// screening import|report (command_screening.cpp).
int command_screening(const Argv& args);
/// basemap add|list|set|remove (command_basemap.cpp).
int command_basemap(const Argv& args);
/// publish PROJECT URL: a project copied into a PostGIS database (command_publish.cpp).
int command_publish(const Argv& args);

/// `plan STEP`: one function per plan step (command_plan_STEP.cpp).
int plan_checkpoints(const Argv& args);
/// classify, gates, zones, routes, staffing or all (command_plan_patrol.cpp).
int plan_patrol_step(const std::string& step, const Argv& args);

/// `basemap fetch PROJECT NAME ...` (command_basemap_fetch.cpp).
int basemap_fetch(const Argv& args);

/// Writes `text` to `path` ("-" for stdout); throws InputError naming the path on failure.
void write_text(const std::string& path, const std::string& text);

} // namespace cordon::cli
