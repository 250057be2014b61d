#pragma once
// The one map renderer: draws a District on any cairo context (screen, PNG, PDF).

#include <cordon/geo/district.hpp>
#include <cordon/render/basemap_layer.hpp>
#include <cordon/render/style.hpp>
#include <cordon/render/view.hpp>

#include <cairo.h>

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace cordon::render {

/// The map's layers, as the planner turns them on and off and orders them.
enum class Layer {
    communities,
    compounds,
    buildings,
    roads,
    district, ///< the administrative boundary (geo::District::boundary)
    zones,
    routes,
    gates,
    checkpoints
};

class BuildingIndex;

/// How far the door-to-door screening (issue 14) has got in a building, as the map colours it:
/// no household visited yet; some household's latest visit not met (not met, away, refused);
/// none not yet met but some not visited; every household met or vacant.
enum class ScreeningState : std::uint8_t { unvisited, not_yet_met, partly_visited, done };
inline constexpr ScreeningState k_screening_states[] = {
    ScreeningState::unvisited, ScreeningState::not_yet_met, ScreeningState::partly_visited,
    ScreeningState::done};
/// "unvisited", "not_yet_met", "partly_visited", "done".
const char* to_string(ScreeningState state);

/// The layers from bottom to top as render_map draws them by default.
const std::vector<Layer>& default_layer_order();

/// Features drawn again on top of everything in a highlight colour: the selection, or the
/// differences between two scenarios. Ids per layer.
struct Highlight {
    std::set<geo::Id> compounds, buildings, roads, zones, gates, checkpoints;
    bool empty() const {
        return compounds.empty() && buildings.empty() && roads.empty() && zones.empty() &&
               gates.empty() && checkpoints.empty();
    }
};

/// What to draw and at which device unit size.
struct RenderOptions {
    /// Device units per reference pixel: 1 for screen and PNG, device_px(cr) (72/96) for PDF.
    /// Every width, symbol and font size of the style table is multiplied by it.
    double px = 1.0;
    bool background = true; ///< paint the background colour first (off for overlays)
    bool labels = true;     ///< compound, road, zone and community names
    bool network = false;   ///< the routable network's edges and nodes (for debugging plans)
    bool zones = true;
    bool routes = true;
    /// Routes at full width with direction arrows whatever the scale (a zone's page); else
    /// as the style's route_full_mpp / route_thin_mpp say: thin, or none, on overviews.
    bool routes_full = false;
    bool communities = true;
    bool compounds = true;
    bool buildings = true;
    bool roads = true;
    bool district = true; ///< the administrative boundary: a dark dash-dot line
    bool gates = true;
    bool checkpoints = true;
    /// With the checkpoints: the natural choke points (hollow diamonds).
    bool choke_points = true;
    /// With the checkpoints: the area the last checkpoint run protected (dashed).
    bool cordon_areas = true;
    /// Fill the buildings of patrol zones in their zone's colour (others stay plain).
    bool buildings_by_zone = false;
    /// Fill the buildings of the screening in the colour of their state (style.hpp's
    /// screening_colour), over the zone colours; buildings not in it stay as they are. Not
    /// owned; null: no screening colours.
    const std::unordered_map<geo::Id, ScreeningState>* screening = nullptr;
    /// Layers bottom to top; empty: default_layer_order(). Layers left out are not drawn.
    std::vector<Layer> order;
    /// Drawn on top in the highlight colour; not owned.
    const Highlight* highlight = nullptr;
    /// The buildings' boxes in a grid, made once per district (the desktop app's), so a
    /// redraw visits only the buildings in view; used only while it matches the district.
    /// Not owned; null: the boxes are worked out on every draw.
    const BuildingIndex* building_index = nullptr;
    Rgba highlight_colour = Rgba::hex(0x00e5ff);
    /// Screen redraws: cairo's fast antialiasing of shapes (CAIRO_ANTIALIAS_FAST, a coarser
    /// coverage grid; about half the time on the sample, no visible change at 1:1). Files
    /// (PNG, PDF) keep the default. Text is not affected.
    bool fast_antialias = false;
    /// The district's basemaps (issue 18) under every layer, warped for the view
    /// (basemap_layer.hpp); off: none drawn.
    bool basemaps = true;
    /// How they look whatever their own settings (the atlas fades them to a light grey).
    BasemapLook basemap_look;
    /// On vector surfaces (PDF), the basemap images' resolution in dots per inch; on image
    /// surfaces they have the surface's own pixels.
    double basemap_dpi = 150;
    /// Basemap images made beforehand (on a worker thread: the app's canvas), drawn instead
    /// of warping them here; not owned. Null: warped here, on this thread.
    const std::vector<BasemapImage>* basemap_images = nullptr;
};

/// The classes of feature a render call drew inside its drawing area: what a legend of that
/// map must name (LegendOptions::for_drawn).
struct DrawnClasses {
    bool communities = false;
    bool district = false; ///< the administrative boundary
    bool buildings = false;
    bool zones = false;
    bool routes = false;
    bool choke_points = false;
    bool cordon_areas = false;
    std::set<geo::CompoundMode> compound_modes; ///< modes given by the data or the planner
    std::set<geo::CompoundMode> assumed_modes;  ///< modes assumed for unknown ones
    std::set<std::string> road_classes;         ///< OSM highway values
    std::set<geo::GateState> gate_states;
    std::set<geo::GateKind> gate_kinds;
    std::set<geo::CheckpointKind> checkpoint_kinds;
    std::set<ScreeningState> screening_states; ///< buildings drawn in a screening colour

    /// Adds what `other` drew (a page drawn in several render calls).
    void merge(const DrawnClasses& other);
    bool operator==(const DrawnClasses&) const = default;
};

/// What a render call drew, for tests and for the status bar.
struct RenderStats {
    std::size_t features_drawn = 0;   ///< features that passed culling and level of detail
    std::size_t features_skipped = 0; ///< outside the view or smaller than a pixel
    std::size_t labels_placed = 0;
    std::size_t labels_skipped = 0; ///< dropped because they collided or did not fit
    DrawnClasses drawn;             ///< the classes drawn inside the drawing area
    int basemaps_drawn = 0;         ///< basemap images drawn under the layers
    /// The attribution texts of the basemaps drawn, in drawing order, each once.
    std::vector<std::string> attributions;
    /// What went wrong and was left out: a basemap that cannot be read ("basemap 'NAME'
    /// (FILE): ...; drawn without it"). The rest of the map is drawn.
    std::vector<std::string> warnings;
};

/// Draws `district` on `cr` as seen through `view`, into the drawing area (0, 0) - (`width`,
/// `height`) in `cr`'s current user space (device units). Layers from bottom to top:
/// background, basemaps (RenderOptions::basemaps; a basemap that fails is left out and named
/// in RenderStats::warnings), communities, compounds (by control mode), buildings, roads (by
/// class), the district's administrative boundary, zones, routes, network (off by default), gates,
/// checkpoints (over the protected area and the choke points of the last checkpoint run), labels.
/// Clips to the drawing area; on vector surfaces, features wholly inside it may be drawn with the
/// clip reset (cairo writes them once, filled and stroked), so a clip of the caller's must be a
/// rectangle, or none, when the drawing area is not inside it. Leaves `cr`'s state as it found it.
/// Does not throw; cairo errors stay in `cr`'s status.
RenderStats render_map(cairo_t* cr, const geo::District& district, const View& view, double width,
                       double height, const RenderOptions& options = {});

/// A raster image's size in pixels.
struct ImageSize {
    int width = 0;
    int height = 0;
};

/// The pixels of a `width` x `height` reference-pixel (1/96 inch) area at `dpi`.
ImageSize png_size(double width, double height, double dpi);

/// Renders `district` through `view` into a PNG at `path` of a `width` x `height` area in
/// reference pixels (1/96 inch; `view`'s scale is in metres per reference pixel, as on
/// screen) at `dpi` dots per inch: png_size() pixels, with every width, symbol and text size
/// scaled by dpi/96, so a 300-dpi image is the 96-dpi one, only sharper. The file's pHYs chunk
/// records `dpi`. Returns the image's size. Throws cordon::Error naming `path` when the image
/// cannot be made (empty, larger than 32767 pixels a side), InputError when it cannot be
/// written (the system's reason); an earlier file at `path` is replaced only by a complete one.
/// `stats`, when given, gets what render_map drew (its warnings: basemaps left out).
ImageSize write_png(const geo::District& district, const View& view, const std::string& path,
                    double width, double height, const RenderOptions& options = {},
                    double dpi = k_pixels_per_inch, RenderStats* stats = nullptr);

} // namespace cordon::render
