#pragma once
// The map's style table: every colour, width and symbol size the renderer uses, in one place.
// Sizes are in reference pixels (1/96 inch); the renderer multiplies them by RenderOptions::px
// so a PDF page (72 units per inch) gets the same physical sizes as the screen.

#include <cordon/geo/district.hpp>

#include <string_view>
#include <vector>

namespace cordon::render {

/// A colour with straight (not premultiplied) alpha, each channel 0..1.
struct Rgba {
    double r = 0;
    double g = 0;
    double b = 0;
    double a = 1;

    /// From 0xRRGGBB and an alpha.
    static constexpr Rgba hex(unsigned rgb, double alpha = 1.0) {
        return {((rgb >> 16) & 0xffu) / 255.0, ((rgb >> 8) & 0xffu) / 255.0, (rgb & 0xffu) / 255.0,
                alpha};
    }
};

/// How a polygon's inside is marked, so the layers also read in black and white.
enum class Pattern { none, hatch, cross_hatch, dots };

/// How a compound (or any area) is drawn.
struct AreaStyle {
    Rgba fill;
    Rgba outline;
    double outline_width = 1; ///< px
    std::vector<double> dash; ///< outline dash pattern in px; empty = solid
    Pattern pattern = Pattern::none;
    Rgba pattern_colour;
    double pattern_spacing = 6; ///< px between hatch lines or dots
};

/// How a road class is drawn: a casing line under a fill line. The drawn width follows the
/// road's nominal width in metres at large scales and is clamped to [min_px, max_px].
struct RoadStyle {
    int rank = 0;         ///< drawing order and label priority: higher is more important
    double width_m = 6;   ///< nominal carriageway width in metres
    double min_px = 1;    ///< narrowest fill line
    double max_px = 10;   ///< widest fill line
    double casing_px = 1; ///< casing added on each side of the fill, px; 0 = no casing
    Rgba fill;
    Rgba casing;
    Rgba thin; ///< the one colour of the line when it is too thin for a casing (overviews)
    std::vector<double> dash;       ///< fill dash pattern in px; empty = solid
    bool label = false;             ///< draw the road's name
    double min_scale_for_label = 0; ///< label only when the view is at most this many m/px
};

/// Colours and sizes that are not per feature class.
struct MapStyle {
    Rgba background = Rgba::hex(0xf4f2ee);
    AreaStyle community;
    AreaStyle district_boundary; ///< the administrative boundary: outline and dash only
    AreaStyle building;
    Rgba bridge_casing = Rgba::hex(0x505050);
    double bridge_casing_px = 1;
    Rgba gate_open = Rgba::hex(0x1e8449);
    Rgba gate_closed = Rgba::hex(0xc0392b);
    Rgba symbol_halo = Rgba::hex(0xffffff);
    double gate_size_px = 8;
    Rgba checkpoint_vehicle = Rgba::hex(0xd62728);
    Rgba checkpoint_registration = Rgba::hex(0x1f5fa8);
    Rgba checkpoint_barrier = Rgba::hex(0xe8a400); ///< a barrier: amber bar, dark stripes
    Rgba checkpoint_barrier_stripe = Rgba::hex(0x222222);
    double checkpoint_size_px = 13;
    Rgba choke_point = Rgba::hex(0x7f2704); ///< a natural choke point: a hollow diamond
    double choke_point_size_px = 12;
    AreaStyle cordon_area; ///< the area the last checkpoint run protected: dashed outline
    double zone_outline_px = 2.5;
    Rgba zone_outline_halo = Rgba::hex(0xffffff, 0.85); ///< under the outline, so it reads
    double zone_outline_halo_px = 1.5; ///< on each side of the outline over roads and routes
    double zone_fill_alpha = 0.10;
    double route_px = 2.5;
    /// Routes follow the scale (metres per reference pixel), so a district's routes do not
    /// drown its map: full width with direction arrows up to route_full_mpp (1:15,000 at
    /// 96 dpi), a thin line without arrows up to route_thin_mpp (1:45,000), not drawn beyond.
    /// RenderOptions::routes_full draws them full at any scale (a zone's page).
    double route_full_mpp = 4;
    double route_thin_mpp = 12;
    double route_thin_px = 1.2;
    double route_thin_alpha = 0.8;
    Rgba network_edge = Rgba::hex(0x7b3294, 0.8);
    Rgba network_node = Rgba::hex(0x7b3294);

    const char* font_family = "WenQuanYi Micro Hei";
    Rgba label_text = Rgba::hex(0x333333);
    Rgba label_halo = Rgba::hex(0xffffff, 0.9);
    double label_halo_px = 3;
    double compound_label_px = 12;
    double road_label_px = 11;
    Rgba road_label_text = Rgba::hex(0x404040);
    double community_label_px = 15;
    Rgba community_label_text = Rgba::hex(0x6a5a8c);
    double zone_label_px = 13;      ///< never smaller on overviews (text_size's factor at least 1)
    double zone_label_shade = 0.35; ///< zone names in their colour darkened this much (0..1)
};

/// The one style table of the map.
const MapStyle& map_style();
/// How compounds of a control mode are drawn; `assumed`: the mode was assumed for a compound
/// of unknown mode (Compound::mode_assumed), drawn paler, cross-hatched and dotted.
const AreaStyle& compound_style(geo::CompoundMode mode, bool assumed = false);
/// How a road of OSM highway class `cls` (or a mapped class of the same names) is drawn;
/// unknown classes are drawn like `unclassified`.
const RoadStyle& road_style(std::string_view cls);
/// The fill of a building in a screening state (map_renderer.hpp's ScreeningState, as its index):
/// red unvisited, orange not yet met, yellow partly visited, green done.
Rgba screening_colour(std::size_t state);
/// The colour of the zone at index `index` in a categorical palette that repeats.
Rgba zone_colour(std::size_t index);

} // namespace cordon::render
