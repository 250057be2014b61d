// cordon-cli select: the app's Select by Expression and Select by Location, headless; prints
// the ids selected (what `edit` takes as "ids", or "where" / "inside_zone" directly).

#include "args.hpp"
#include "commands.hpp"
#include "side_output.hpp"
#include "terminal_progress.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/select.hpp>
#include <cordon/session/project.hpp>

#include <nlohmann/json.hpp>

#include <iostream>

namespace cordon::cli {

int command_select(const Argv& argv) {
    // select PROJECT LAYER --where EXPR | --inside-zone ID | --inside-community ID
    const Args args(argv, {"where", "inside-zone", "inside-community", "json"}, {"fields"});
    const auto& pos = args.positional();
    if (pos.size() != 2)
        throw InputError("select needs a PROJECT and a LAYER (buildings, compounds, gates, "
                         "checkpoints, roads, zones, communities)");
    const std::string project = pos[0], layer = pos[1];
    if (args.flag("fields")) {
        for (const auto& f : geo::selectable_fields(layer))
            std::cout << f << "\n";
        return 0;
    }
    const int ways = (args.get("where") ? 1 : 0) + (args.get("inside-zone") ? 1 : 0) +
                     (args.get("inside-community") ? 1 : 0);
    if (ways != 1)
        throw InputError("select: give one of --where EXPRESSION, --inside-zone ID or "
                         "--inside-community ID");
    TerminalProgress progress;
    const geo::District d = session::open_project(project, progress);
    auto id_of = [](const std::string& text) {
        std::size_t used = 0;
        long long id = 0;
        try {
            id = std::stoll(text, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != text.size() || id < 1) throw InputError("'" + text + "' is not an id");
        return static_cast<geo::Id>(id);
    };
    std::vector<geo::Id> ids;
    if (const auto where = args.get("where"))
        ids = geo::select_where(d, layer, *where);
    else if (const auto zone = args.get("inside-zone"))
        ids = geo::select_inside(d, layer, geo::zone_outline(d, id_of(*zone)));
    else
        ids = geo::select_inside(d, layer,
                                 geo::community_outline(d, id_of(*args.get("inside-community"))));
    SideOutput json(args.get("json"));
    json.write(nlohmann::json{{"layer", layer}, {"ids", ids}}.dump(2) + "\n");
    json.commit();
    for (geo::Id id : ids)
        std::cout << id << "\n";
    std::cerr << ids.size() << " " << layer << " selected\n";
    return 0;
}

} // namespace cordon::cli
