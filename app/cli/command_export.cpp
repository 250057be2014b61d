#include "args.hpp"
#include "commands.hpp"
#include "side_output.hpp"
#include "terminal_progress.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/export.hpp>

#include <iostream>

namespace cordon::cli {

int command_export(const Argv& argv) {
    const Args args(argv, {"layer", "format", "output", "encoding", "crs", "json"});
    geo::ExportOptions options;
    const std::string project = args.one_positional("PROJECT");
    options.layer = args.required("layer");
    options.format = args.required("format");
    options.output = args.required("output");
    if (auto enc = args.get("encoding")) {
        auto e = geo::encoding_from_name(*enc);
        if (!e) throw InputError("--encoding " + *enc + ": write gbk or utf8");
        options.encoding = *e;
    }
    if (auto crs = args.get("crs")) options.crs = *crs;
    SideOutput json(args.get("json"));
    TerminalProgress progress;
    const nlohmann::json report = geo::export_layer(
        project, options, progress, [&](const nlohmann::json& r) { json.write(r.dump(2) + "\n"); });
    json.commit();
    std::cout << "Exported " << report["features"] << " " << options.layer << " to "
              << options.output << " (" << report["crs"].get<std::string>() << ")\n";
    return 0;
}

} // namespace cordon::cli
