// cordon-zoning-sample: zones the scattered homes of a project (buildings with households
// outside every compound) into k patrol zones and draws the zone map, for the README.
//
//   cordon-zoning-sample PROJECT -o MAP.png [--zones 8] [--seed 1] [--json REPORT.json]
//       [--size 1600x1200]

#include <cordon/geo/error.hpp>
#include <cordon/geo/polygon_index.hpp>
#include <cordon/geo/project_store.hpp>
#include <cordon/planner/zoning.hpp>
#include <cordon/render/map_renderer.hpp>

#include <fstream>
#include <iostream>
#include <map>
#include <string>

using namespace cordon;

int main(int argc, char** argv) {
    std::string project, png, json;
    planner::ZoningParams params;
    params.zones = 8;
    int width = 1600, height = 1200;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "-o")
            png = next();
        else if (a == "--zones")
            params.zones = std::stoi(next());
        else if (a == "--seed")
            params.seed = std::stoull(next());
        else if (a == "--json")
            json = next();
        else if (a == "--size") {
            const std::string s = next();
            width = std::stoi(s.substr(0, s.find('x')));
            height = std::stoi(s.substr(s.find('x') + 1));
        } else
            project = a;
    }
    if (project.empty() || png.empty()) {
        std::cerr << "usage: cordon-zoning-sample PROJECT -o MAP.png [--zones K] [--seed S] "
                     "[--json FILE]\n";
        return 2;
    }
    try {
        geo::District d = geo::read_project(project);
        std::vector<const geo::MultiPolygon*> compounds;
        for (const auto& c : d.compounds)
            compounds.push_back(&c.geom);
        const geo::PolygonIndex index(compounds);
        std::vector<geo::Id> scattered;
        for (const auto& b : d.buildings) {
            if (b.households <= 0 || b.geom.empty()) continue;
            const geo::Point c = geo::bounds(b.geom).centre();
            if (index.containing(c).empty()) scattered.push_back(b.id);
        }
        SilentProgress progress;
        const auto result = planner::zone_patrols(d, scattered, params, progress);
        for (const auto& z : result.zones) { // outlines in several parts: where
            if (z.geom.size() <= 1) continue;
            std::cout << "outline of zone " << z.id << " in parts:";
            for (const auto& part : z.geom) {
                const geo::Box b = geo::bounds(geo::MultiPolygon{part});
                std::cout << " [" << geo::area(geo::MultiPolygon{part}) << " m2 at " << b.centre().x
                          << "," << b.centre().y << "]";
            }
            std::cout << "\n";
        }
        d.zones = result.zones;
        std::map<geo::Id, geo::Id> zone_of(result.assignment.begin(), result.assignment.end());
        for (auto& b : d.buildings) {
            auto it = zone_of.find(b.id);
            if (it != zone_of.end()) b.zone_id = it->second;
        }
        geo::Box focus;
        for (const auto& z : d.zones)
            focus.expand(geo::bounds(z.geom));
        const render::View view = render::View::fit(focus, width, height, 24);
        render::write_png(d, view, png, width, height);
        if (!json.empty()) std::ofstream(json) << result.report.dump(2) << "\n";
        const auto& r = result.report;
        std::cout << scattered.size() << " scattered homes, " << r["zones"]
                  << " zones: largest deviation " << r["balance"]["largest_deviation"] << " (floor "
                  << r["balance"]["floor"] << "), contiguous "
                  << r["contiguity"]["share_contiguous"] << ", Polsby-Popper "
                  << r["compactness"]["mean_polsby_popper"] << ", hull ratio "
                  << r["compactness"]["mean_hull_ratio"] << "\n";
    } catch (const std::exception& e) {
        std::cerr << "cordon-zoning-sample: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
