#include <cordon/geo/crs.hpp>
#include <cordon/geo/household_tally.hpp>
#include <cordon/geo/number_text.hpp>
#include <cordon/geo/pg_store.hpp>
#include <cordon/geo/project_store.hpp>
#include <cordon/session/import_checks.hpp>
#include <cordon/session/plan.hpp>
#include <cordon/session/project.hpp>

#include <cmath>
#include <sstream>

namespace cordon::session {

nlohmann::json import_project(const geo::ImportOptions& options,
                              const planner::NetworkParams& network,
                              const std::string& project_path, Progress& progress,
                              const std::function<void(const nlohmann::json&)>& before_save) {
    // Held from the start: another Cordon cannot save this project meanwhile, only to have
    // it replaced, and one that holds it is told of before the import's work.
    geo::check_saveable(project_path);
    const geo::ProjectLock lock(project_path);
    geo::Imported imported = geo::import_district(options, progress);
    planner::BuiltNetwork built =
        planner::build_network(imported.district.roads, network, progress);
    imported.district.network = std::move(built.network);
    nlohmann::json report = imported.report.to_json();
    report["network"] = built.report.to_json();
    report["network"]["snap_tolerance_m"] = network.snap_tolerance;
    report["checks"] = import_checks(imported.district);
    imported.district.meta.import_report = report.dump();
    imported.district.meta.cordon_version = CORDON_VERSION;
    imported.district.meta.history.push_back({"", "import", "", built.report.to_json().dump()});
    report["project"] = project_path;
    if (before_save) before_save(report);
    geo::write_project(imported.district, project_path, progress);
    return report;
}

geo::District open_project(const std::string& project_path, Progress& progress) {
    geo::District district = geo::read_project(project_path);
    for (const std::string& warning : district.meta.warnings)
        progress.warn(warning);
    return district;
}

nlohmann::json run_step(const std::string& project_path, const std::string& step_name,
                        const nlohmann::json& parameters,
                        const std::function<nlohmann::json(geo::District&)>& step,
                        Progress& progress) {
    // Held from the read to the save: no other Cordon can change the project in between
    // only to have its change lost (a lost update); it is refused, naming this process.
    if (geo::is_database_url(project_path)) {
        // In a database (issue 19) the step runs on the snapshot read, and its result is
        // written back in one transaction only if nothing it depends on changed meanwhile: an
        // edit depends on the rows it changes, any other step on every feature of the project
        // (a plan reads the whole district). Else EditConflict, and nothing is written.
        geo::District district = open_project(project_path, progress);
        nlohmann::json figures = step(district);
        record_step(district, step_name, parameters, figures);
        geo::write_database(district, project_path, progress,
                            step_name == "edit" ? geo::DependsOn::rows_written
                                                : geo::DependsOn::everything_read);
        return figures;
    }
    geo::check_saveable(project_path);
    const geo::ProjectLock lock(project_path);
    geo::District district = open_project(project_path, progress);
    nlohmann::json figures = step(district);
    record_step(district, step_name, parameters, figures);
    geo::write_project(district, project_path, progress);
    return figures;
}

nlohmann::json project_info(const geo::District& d, const std::string& path) {
    nlohmann::json info;
    info["project"] = path;
    info["cordon_version"] = d.meta.cordon_version;
    info["crs"] = {{"epsg", d.meta.srid}, {"name", d.meta.crs_name}};
    info["created"] = d.meta.created;
    const geo::Box box = d.extent();
    if (!box.empty()) info["extent"] = {box.minx, box.miny, box.maxx, box.maxy};
    info["layers"] = {
        {"district", d.boundary.size()},
        {"communities", d.communities.size()},
        {"compounds", d.compounds.size()},
        {"buildings", d.buildings.size()},
        {"gates", d.gates.size()},
        {"roads", d.roads.size()},
        {"checkpoints", d.checkpoints.size()},
        {"choke_points", d.choke_points.size()},
        {"cordon_areas", d.cordon_areas.size()},
        {"zones", d.zones.size()},
        {"routes", d.routes.size()},
        {"network_nodes", d.network.nodes.size()},
        {"network_edges", d.network.edges.size()},
    };
    // Where the households come from: the register, an estimate, or the source's field.
    info["households"] = geo::to_json(geo::tally_households(d));
    if (!d.households.empty()) info["households"]["register_rows"] = d.households.size();
    if (!d.basemaps.empty()) {
        info["basemaps"] = nlohmann::json::array();
        for (const auto& b : d.basemaps)
            info["basemaps"].push_back({{"name", b.name},
                                        {"source", b.source},
                                        {"source_crs", b.source_crs},
                                        {"opacity", b.opacity},
                                        {"grey", b.grey},
                                        {"visible", b.visible}});
    }
    info["sources"] = nlohmann::json::array();
    for (const auto& s : d.meta.sources)
        info["sources"].push_back({{"path", s.path}, {"sha256", s.sha256}, {"bytes", s.bytes}});
    return info;
}

std::string format_info(const nlohmann::json& info) {
    std::ostringstream out;
    out << "Project   " << info["project"].get<std::string>() << "\n";
    out << "CRS       EPSG:" << info["crs"]["epsg"].get<int>() << " "
        << info["crs"]["name"].get<std::string>() << "\n";
    if (info.contains("extent")) {
        const auto& e = info["extent"];
        out.setf(std::ios::fixed);
        out.precision(1);
        out << "Extent    " << e[0].get<double>() << ", " << e[1].get<double>() << " – "
            << e[2].get<double>() << ", " << e[3].get<double>() << " m ("
            << (e[2].get<double>() - e[0].get<double>()) / 1000 << " × "
            << (e[3].get<double>() - e[1].get<double>()) / 1000 << " km)\n";
        out.unsetf(std::ios::fixed);
        out.precision(6);
    }
    out << "Created   " << info["created"].get<std::string>() << " by Cordon "
        << info["cordon_version"].get<std::string>() << "\n";
    out << "Layers\n";
    for (const auto& [name, count] : info["layers"].items())
        out << "  " << name << std::string(16 - std::min<std::size_t>(15, name.size()), ' ')
            << count.get<std::size_t>() << "\n";
    const auto& h = info["households"];
    out << "Households " << geo::thousands(h["households"].get<double>()) << ", residents "
        << geo::thousands(h["residents"].get<double>()) << "\n";
    if (h["registered"]["buildings"].get<std::size_t>() > 0 || h.contains("register_rows"))
        out << "  registered: " << geo::thousands(h["registered"]["buildings"].get<double>())
            << " buildings, " << geo::thousands(h["registered"]["households"].get<double>())
            << " households (" << geo::thousands(h["registered"]["vacant"].get<double>())
            << " vacant), " << geo::thousands(h["registered"]["residents"].get<double>())
            << " residents\n";
    out << "  estimated: " << geo::thousands(h["estimated"]["buildings"].get<double>())
        << " buildings, " << geo::thousands(h["estimated"]["households"].get<double>())
        << " households\n";
    if (h["given"]["buildings"].get<std::size_t>() > 0)
        out << "  from the source: " << geo::thousands(h["given"]["buildings"].get<double>())
            << " buildings, " << geo::thousands(h["given"]["households"].get<double>())
            << " households\n";
    if (info.contains("basemaps")) {
        out << "Basemaps\n";
        for (const auto& b : info["basemaps"])
            out << "  " << b["name"].get<std::string>() << "  " << b["source"].get<std::string>()
                << (b["visible"].get<bool>() ? "" : "  (hidden)") << "\n";
    }
    out << "Sources\n";
    for (const auto& s : info["sources"])
        out << "  " << s["path"].get<std::string>() << "  sha256 " << s["sha256"].get<std::string>()
            << "\n";
    return out.str();
}

} // namespace cordon::session
