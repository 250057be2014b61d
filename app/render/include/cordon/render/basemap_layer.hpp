#pragma once
// Basemaps under the map (issue 18): warped images of a district's basemaps for a view, and
// drawing them on a cairo context with their opacity and grey scale.

#include <cordon/geo/basemap_raster.hpp>
#include <cordon/geo/district.hpp>
#include <cordon/geo/progress.hpp>
#include <cordon/render/style.hpp>
#include <cordon/render/view.hpp>

#include <cairo.h>

#include <memory>
#include <string>
#include <vector>

namespace cordon::render {

/// One basemap's pixels for a view: the image covers `extent` (project metres) exactly.
struct BasemapImage {
    geo::Basemap basemap; ///< its settings (opacity, grey, attribution) as drawn
    geo::Box extent;
    std::shared_ptr<const geo::RgbaImage> image;
};

/// How basemaps are drawn whatever their own settings.
struct BasemapLook {
    /// Multiplies each basemap's opacity (1: as set). The atlas fades them (0.45).
    double opacity = 1.0;
    /// Every basemap in grey scale (the atlas's light grey picture).
    bool grey = false;
};

/// The visible basemaps of `district` warped for the `width` x `height` device-unit drawing
/// area seen through `view`, at `pixels_per_unit` image pixels per device unit (1 for screen
/// and PNG pixels; page dpi / 72 for PDF points), in drawing order. Images of the same basemap
/// and view are kept in a small process-wide cache (the last 16, at most 256 MB), so a
/// redraw of an unchanged view warps nothing. A basemap that fails is left out and its
/// message ("basemap 'NAME' (FILE): ...") added to `warnings`; the others are still made.
/// Throws Cancelled when `progress` asks to stop. Thread-safe: may run on a worker thread
/// (each warp opens its own GDAL handles) while the UI thread draws earlier images.
std::vector<BasemapImage> warp_basemaps(const geo::District& district, const View& view,
                                        double width, double height, double pixels_per_unit,
                                        Progress& progress, std::vector<std::string>& warnings);

/// Draws `image` on `cr` where its extent falls in the drawing area (0, 0) - (`width`,
/// `height`) seen through `view`, with its basemap's opacity and grey scale and `look`.
/// `ground`, when given, is the one colour already under the whole image (the map's
/// background): the image is then made opaque over it, which a PDF keeps as a JPEG.
void draw_basemap(cairo_t* cr, const BasemapImage& image, const View& view, double width,
                  double height, const BasemapLook& look = {}, const Rgba* ground = nullptr);

/// Empties the cache of warp_basemaps (tests, a basemap file replaced on disk).
void clear_basemap_cache();

} // namespace cordon::render
