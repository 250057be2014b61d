// cordon-cli edit and scenario: the desktop app's edits and scenarios, headless.

#include "args.hpp"
#include "commands.hpp"
#include "side_output.hpp"
#include "terminal_progress.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/json_read.hpp>
#include <cordon/session/edit.hpp>
#include <cordon/session/project.hpp>
#include <cordon/session/scenario.hpp>

#include <iostream>

namespace cordon::cli {

int command_edit(const Argv& argv) {
    const Args args(argv, {"edits", "json"});
    const std::string project = args.one_positional("PROJECT");
    const std::string file = args.required("edits");
    nlohmann::json edits = geo::read_json_file(file);
    if (edits.is_object()) edits = nlohmann::json::array({edits});
    // Every edit read (selections by expression or area worked out) before any is applied.
    SideOutput json(args.get("json"));
    TerminalProgress progress;
    std::vector<std::string> described;
    session::edit_project(
        project, edits, progress, file,
        [&](const nlohmann::json& f) { json.write(f.dump(2) + "\n"); }, &described);
    json.commit();
    for (const auto& line : described)
        std::cout << "  " << line << "\n";
    std::cout << edits.size() << " edits saved in " << project << "\n";
    return 0;
}

int command_scenario(const Argv& argv) {
    // scenario save|list|restore|compare|delete PROJECT [NAME [NAME]]
    const Args args(argv, {"json"});
    const auto& pos = args.positional();
    if (pos.size() < 2)
        throw InputError(
            "scenario needs an action and a PROJECT: save|list|restore|compare|delete");
    const std::string action = pos[0], project = pos[1];
    auto need = [&](std::size_t n) {
        if (pos.size() != n + 2)
            throw InputError("scenario " + action + " needs " + std::to_string(n) + " name(s)");
    };
    SideOutput json(args.get("json"));
    TerminalProgress progress;
    nlohmann::json out;
    if (action == "list") {
        need(0);
        for (const auto& s : session::list_scenarios(session::open_project(project, progress)))
            out.push_back({{"name", s.name}, {"created", s.created}, {"figures", s.figures}});
        if (out.is_null()) out = nlohmann::json::array();
        for (const auto& s : out)
            std::cout << s["name"].get<std::string>() << "  " << s["created"].get<std::string>()
                      << "\n";
    } else if (action == "compare") {
        need(2);
        const geo::District d = session::open_project(project, progress);
        auto find = [&](const std::string& name) {
            auto s = session::find_scenario(d, name);
            if (!s) throw InputError(project + ": no scenario '" + name + "'");
            return *s;
        };
        out = session::compare_scenarios(find(pos[2]), find(pos[3]));
        std::cout << out.dump(2) << "\n";
    } else if (action == "save" || action == "restore" || action == "delete") {
        need(1);
        const std::string name = pos[2];
        out = session::run_step(
            project, "scenario " + action, {{"name", name}},
            [&](geo::District& d) {
                if (action == "save") {
                    session::save_scenario(d, session::capture_scenario(d, name));
                } else if (action == "restore") {
                    auto s = session::find_scenario(d, name);
                    if (!s) throw InputError(project + ": no scenario '" + name + "'");
                    session::restore_scenario(d, *s);
                } else if (!session::remove_scenario(d, name)) {
                    throw InputError(project + ": no scenario '" + name + "'");
                }
                nlohmann::json figures = session::plan_figures(d);
                json.write(figures.dump(2) + "\n"); // before the project is saved
                return figures;
            },
            progress);
        std::cout << "scenario " << action << " " << name << ": saved in " << project << "\n";
    } else {
        throw InputError("scenario " + action +
                         ": unknown action (save, list, restore, compare, delete)");
    }
    if (action == "list" || action == "compare") json.write(out.dump(2) + "\n");
    json.commit();
    return 0;
}

} // namespace cordon::cli
