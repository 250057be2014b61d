#pragma once
// Map furniture: legend, scale bar, north arrow. Drawn in device units on any cairo context.

#include <cordon/geo/district.hpp>
#include <cordon/render/map_renderer.hpp>
#include <cordon/render/view.hpp>

#include <cairo.h>

#include <string>
#include <vector>

namespace cordon::render {

enum class Language { zh, en };

/// A width and a height in device units.
struct Extent {
    double width = 0;
    double height = 0;
};

/// Which entries the legend lists.
struct LegendOptions {
    Language language = Language::zh;
    double px = 1.0; ///< device units per reference pixel, as RenderOptions::px
    bool compounds = true;
    bool buildings = true;
    bool roads = true;
    bool gates = true;
    bool checkpoints = true;
    bool choke_points = true; ///< natural choke points of the last checkpoint run (diamonds)
    bool cordon_areas = true; ///< the area the last checkpoint run protected (dashed red)
    bool zones = true;
    bool routes = true;
    bool communities = true;
    bool district = true; ///< the administrative boundary (dark dash-dot)
    /// The road classes drawn (OSM highway values): one entry per road style they are drawn
    /// with. Empty: the usual four (main, secondary, minor road, footway).
    std::vector<std::string> road_classes;
    /// With `compounds`: the control modes drawn, one entry each. Empty: all four, unless
    /// `assumed_modes` has some (then only those).
    std::vector<geo::CompoundMode> compound_modes;
    /// With `compounds`: the modes drawn as assumed for compounds of unknown mode
    /// (Compound::mode_assumed), one entry each ("Assumed closed"). Empty: none.
    std::vector<geo::CompoundMode> assumed_modes;
    /// With `gates`: the states drawn (empty: both), one entry each, and the kinds drawn (a
    /// circle, a square, a diamond): an entry for each kind beyond the first.
    std::vector<geo::GateState> gate_states;
    std::vector<geo::GateKind> gate_kinds;
    /// With `checkpoints`: the kinds drawn, one entry each. Empty: both.
    std::vector<geo::CheckpointKind> checkpoint_kinds;
    /// The screening states buildings are coloured in (RenderOptions::screening), one entry
    /// each; empty: none.
    std::vector<ScreeningState> screening_states;
    /// The tallest the legend may be (device units): entries that do not fit under each other
    /// go on in further columns. 0: one column, as tall as the entries need.
    double max_height = 0;

    /// The entries for the layers that `district` has features in, and one for each road
    /// style its roads are drawn with.
    static LegendOptions for_district(const geo::District& district,
                                      Language language = Language::zh);
    /// The entries for what a render call drew (RenderStats::drawn): a map's own legend.
    static LegendOptions for_drawn(const DrawnClasses& drawn, Language language = Language::zh);
};

/// One line of the legend: its text in both languages; for a road, the class its swatch is
/// drawn as (empty otherwise).
struct LegendLine {
    std::string zh;
    std::string en;
    std::string road_class;
    /// What its swatch draws: the layer ("compounds", "roads", "gates", "checkpoints",
    /// "communities", "buildings", "zones", "routes", "cordon_areas", "choke_points",
    /// "screening") and, where a layer has classes, the class ("closed"; "primary"; "open
    /// both"; "vehicle"; "not_yet_met").
    std::string layer;
    std::string value;
};
/// The legend's lines for `options`, in order.
std::vector<LegendLine> legend_lines(const LegendOptions& options);
/// Every road class the style table draws with a style of its own (style.cpp's table), for
/// checking that the legend names each.
std::vector<std::string> styled_road_classes();

/// The size the legend takes for `options`, without drawing it.
Extent legend_extent(cairo_t* cr, const LegendOptions& options);
/// Draws the legend in a framed white box with its top-left corner at (`x`, `y`); returns its size.
Extent draw_legend(cairo_t* cr, double x, double y, const LegendOptions& options);

/// Draws a scale bar for `view` with its bottom-left corner at (`x`, `y`), at most `max_width`
/// device units long, with a round length (1, 2 or 5 x 10^n m) and labels in m or km.
/// `px` is device units per reference pixel. Returns its size.
Extent draw_scale_bar(cairo_t* cr, const View& view, double x, double y, double max_width,
                      double px = 1.0);

/// The round length in metres that draw_scale_bar picks for `max_length_m` metres.
double nice_scale_length(double max_length_m);

/// Draws a north arrow `size` device units tall with its top-left corner at (`x`, `y`).
/// The project CRS is projected with north up, so the arrow points up.
void draw_north_arrow(cairo_t* cr, double x, double y, double size, double px = 1.0);

} // namespace cordon::render
