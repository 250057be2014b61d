// Full-extent redraw time of a project, as the desktop app draws it (render_map on a cairo
// image surface), with and without the building index (level of detail and the grid of
// building boxes). Not a test: prints the figures that README "Desktop app" reports.
//   cordon-render-bench PROJECT [WIDTH HEIGHT [REPEATS]]

#include <cordon/geo/project_store.hpp>
#include <cordon/render/building_index.hpp>
#include <cordon/render/map_renderer.hpp>

#include <cairo.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <string>
#include <utility>

namespace {

double ms_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

/// CPU time of this thread in ms: on a loaded machine the wall time counts the waits for a
/// core too, the CPU time only the drawing.
double cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

/// Best and mean of `repeats` draws of `district` through `view`.
void time_draws(const char* what, const cordon::geo::District& district,
                const cordon::render::View& view, int width, int height, int repeats,
                const cordon::render::RenderOptions& options) {
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
    double best = 1e18, total = 0, best_cpu = 1e18;
    cordon::render::RenderStats stats;
    for (int i = 0; i < repeats; ++i) {
        cairo_t* cr = cairo_create(surface);
        const auto start = std::chrono::steady_clock::now();
        const double cpu = cpu_ms();
        stats = cordon::render::render_map(cr, district, view, width, height, options);
        cairo_surface_flush(surface);
        const double ms = ms_since(start);
        best_cpu = std::min(best_cpu, cpu_ms() - cpu);
        cairo_destroy(cr);
        best = std::min(best, ms);
        total += ms;
    }
    std::printf("%-32s wall best %7.1f ms, mean %7.1f ms; CPU best %7.1f ms; over %d (%zu drawn, "
                "%zu skipped)\n",
                what, best, total / repeats, best_cpu, repeats, stats.features_drawn,
                stats.features_skipped);
    cairo_surface_destroy(surface);
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: cordon-render-bench PROJECT [WIDTH HEIGHT [REPEATS]]\n");
        return 2;
    }
    try {
        const int width = argc > 3 ? std::atoi(argv[2]) : 1130;
        const int height = argc > 3 ? std::atoi(argv[3]) : 620;
        const int repeats = argc > 4 ? std::atoi(argv[4]) : 5;
        auto start = std::chrono::steady_clock::now();
        const cordon::geo::District district = cordon::geo::read_project(argv[1]);
        std::printf("%s: %zu buildings, %zu roads, %zu compounds; read in %.0f ms\n", argv[1],
                    district.buildings.size(), district.roads.size(), district.compounds.size(),
                    ms_since(start));
        const auto full =
            cordon::render::View::fit(district.focus_extent(), width, height, 24); // as the app
        cordon::render::RenderOptions options;
        time_draws("full extent, no index", district, full, width, height, repeats, options);
        start = std::chrono::steady_clock::now();
        const cordon::render::BuildingIndex index(district);
        std::printf("building index made in %.0f ms\n", ms_since(start));
        options.building_index = &index;
        time_draws("full extent, index", district, full, width, height, repeats, options);
        options.fast_antialias = true;
        time_draws("full extent, index, fast AA (app)", district, full, width, height, repeats,
                   options);
        options.fast_antialias = false;
        options.labels = false;
        time_draws("full extent, index, no labels", district, full, width, height, repeats,
                   options);
        options.labels = true;
        // What each layer costs: the full-extent draw with that one layer left out.
        const std::pair<const char*, bool cordon::render::RenderOptions::*> layers[] = {
            {"without communities", &cordon::render::RenderOptions::communities},
            {"without compounds", &cordon::render::RenderOptions::compounds},
            {"without buildings", &cordon::render::RenderOptions::buildings},
            {"without roads", &cordon::render::RenderOptions::roads},
            {"without zones", &cordon::render::RenderOptions::zones},
            {"without routes", &cordon::render::RenderOptions::routes},
            {"without gates", &cordon::render::RenderOptions::gates},
            {"without checkpoints", &cordon::render::RenderOptions::checkpoints}};
        for (const auto& [what, member] : layers) {
            cordon::render::RenderOptions without = options;
            without.*member = false;
            time_draws(what, district, full, width, height, repeats, without);
        }
        cordon::render::View zoomed = full;
        zoomed.scale = full.scale / 16;
        time_draws("zoomed in 16x, index", district, zoomed, width, height, repeats, options);
        options.building_index = nullptr;
        time_draws("zoomed in 16x, no index", district, zoomed, width, height, repeats, options);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "cordon-render-bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
