// The tour yardstick (issue 13): the patrol routes' tour solver (planner::solve_tour) on a
// TSPLIB instance, against its proven optimum. See bench/README.md "Patrol route tours".
//
//   cordon-bench-tour FILE.tsp [--effort N] [--seed S] [--old]
//   cordon-bench-tour --project FILE.cordon [--effort N] [--old]
//
// FILE.tsp: TSPLIB, EDGE_WEIGHT_TYPE EUC_2D (distances rounded to the nearest integer). The
// optimum is read from optima.txt beside the file ("NAME : LENGTH"). --effort: kicks per city
// of the iterated local search (the routes step's --route-effort); --old: the solver of Cordon
// before issue 13 instead. Prints one line: name n length optimum gap_percent seconds (the
// seconds from the distance matrix to the tour).
// --project: the patrol routes of the project's zones (route_patrols, the project left as it
// is), with the old solver on the same distances when --old is given; prints the routes'
// total kilometres and the seconds they took.

#include "old_tour.hpp"

#include <cordon/geo/project_store.hpp>
#include <cordon/planner/routes.hpp>
#include <cordon/planner/tour.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace cordon;

namespace {

struct Instance {
    std::string name;
    std::vector<double> x, y;
};

std::string trim(std::string s) {
    const auto a = s.find_first_not_of(" \t\r");
    const auto b = s.find_last_not_of(" \t\r");
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

Instance read_tsp(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": cannot open");
    Instance inst;
    std::size_t dimension = 0;
    std::string line;
    bool coords = false;
    while (std::getline(in, line)) {
        line = trim(line);
        if (line.empty() || line == "EOF") {
            if (coords && inst.x.size() == dimension) break;
            continue;
        }
        if (coords) {
            std::istringstream row(line);
            double id = 0, x = 0, y = 0;
            if (!(row >> id >> x >> y))
                throw std::runtime_error(path + ": bad coordinate line '" + line + "'");
            inst.x.push_back(x), inst.y.push_back(y);
            if (inst.x.size() == dimension) break;
            continue;
        }
        const auto colon = line.find(':');
        const std::string key = trim(line.substr(0, colon));
        const std::string value = colon == std::string::npos ? "" : trim(line.substr(colon + 1));
        if (key == "NAME") inst.name = value;
        if (key == "DIMENSION") dimension = std::stoul(value);
        if (key == "EDGE_WEIGHT_TYPE" && value != "EUC_2D")
            throw std::runtime_error(path + ": EDGE_WEIGHT_TYPE " + value + ", only EUC_2D");
        if (key == "NODE_COORD_SECTION") coords = true;
    }
    if (dimension == 0 || inst.x.size() != dimension)
        throw std::runtime_error(path + ": expected " + std::to_string(dimension) +
                                 " coordinates, read " + std::to_string(inst.x.size()));
    return inst;
}

double optimum_of(const std::string& path, const std::string& name) {
    std::ifstream in(std::filesystem::path(path).parent_path() / "optima.txt");
    std::string line;
    while (std::getline(in, line)) {
        const auto colon = line.find(':');
        if (colon != std::string::npos && trim(line.substr(0, colon)) == name)
            return std::stod(line.substr(colon + 1));
    }
    return 0;
}

/// `cordon-bench-tour --project FILE [--effort N] [--old]`.
int route_project(const std::string& file, double effort, bool old) {
    const geo::District district = geo::read_project(file);
    planner::RouteParams params;
    params.effort = effort;
    if (old)
        params.tour_solver = [](const planner::DistanceMatrix& d) {
            return bench::old_solve_tour(d);
        };
    SilentProgress progress;
    const auto t0 = std::chrono::steady_clock::now();
    const planner::RoutePlan plan = planner::route_patrols(district, params, progress);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double metres = 0;
    for (const auto& [zone, m] : plan.route_length)
        metres += m;
    std::cout << std::fixed << std::setprecision(2) << metres / 1000 << ' ' << std::setprecision(2)
              << seconds << '\n';
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    try {
        std::string file, project;
        planner::TourOptions options;
        bool old = false;
        for (int i = 1; i < argc; ++i) {
            const std::string a = argv[i];
            if (a == "--project" && i + 1 < argc)
                project = argv[++i];
            else if (a == "--effort" && i + 1 < argc)
                options.effort = std::stod(argv[++i]);
            else if (a == "--seed" && i + 1 < argc)
                options.seed = std::stoull(argv[++i]);
            else if (a == "--old")
                old = true;
            else if (file.empty() && a.rfind("--", 0) != 0)
                file = a;
            else
                throw std::runtime_error("usage: cordon-bench-tour FILE.tsp [--effort N] "
                                         "[--seed S] [--old]");
        }
        if (!project.empty()) return route_project(project, options.effort, old);
        if (file.empty())
            throw std::runtime_error("usage: cordon-bench-tour FILE.tsp [--effort N] [--seed S] "
                                     "[--old]");
        const Instance inst = read_tsp(file);
        const std::size_t n = inst.x.size();
        const auto t0 = std::chrono::steady_clock::now();
        planner::DistanceMatrix d(n);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = i + 1; j < n; ++j)
                d.set(i, j,
                      static_cast<float>(std::nearbyint(
                          std::hypot(inst.x[i] - inst.x[j], inst.y[i] - inst.y[j]))));
        std::vector<std::size_t> order =
            old ? bench::old_solve_tour(d) : planner::solve_tour(d, options).order;
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        // Check the tour and add up its length in integers.
        std::vector<char> seen(n, 0);
        for (std::size_t v : order) {
            if (v >= n || seen[v]) throw std::runtime_error("not a tour");
            seen[v] = 1;
        }
        if (order.size() != n) throw std::runtime_error("not a tour");
        long long length = 0;
        for (std::size_t i = 0; i < n; ++i)
            length += static_cast<long long>(d(order[i], order[(i + 1) % n]));
        const double optimum = optimum_of(file, inst.name);
        std::cout << inst.name << ' ' << n << ' ' << length << ' ' << optimum << ' ' << std::fixed
                  << std::setprecision(2)
                  << (optimum > 0 ? 100.0 * (static_cast<double>(length) - optimum) / optimum : 0)
                  << ' ' << std::setprecision(3) << seconds << '\n';
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "cordon-bench-tour: " << e.what() << '\n';
        return 2;
    }
}
