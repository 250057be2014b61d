#pragma once
// Basemap pixels (issue 18): a basemap's raster read through GDAL and warped into the
// project's CRS for one view.
//
// Contract for callers on a worker thread (the app's canvas): GDAL handles are never shared
// between threads: each thread opens its own, and keeps the last 4 it opened open between its
// calls (so one page's decoded blocks serve the next page's map; a file replaced on disk is
// opened again). `progress` is called from the calling thread only;
// when it asks to cancel, the warp stops between chunks and the call throws Cancelled. A
// basemap whose source is missing, damaged or not georeferenced throws InputError whose
// message names the basemap and its file; the caller reports it and draws the rest.

#include <cordon/geo/basemap.hpp>
#include <cordon/geo/geometry.hpp>
#include <cordon/geo/progress.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace cordon::geo {

/// What a basemap's source holds, for `basemap add` and `basemap list`.
struct BasemapInfo {
    std::string driver; ///< GDAL's short name: GTiff, MBTiles, GPKG, ...
    int width = 0;      ///< pixels at full resolution
    int height = 0;
    int bands = 0;
    int overviews = 0;    ///< reduced-resolution levels (MBTiles: zoom levels below the top)
    std::string crs_name; ///< the CRS its pixels are placed with (after source_crs)
    Box extent;           ///< in the project CRS
    double pixel_m = 0;   ///< size of a full-resolution pixel in project metres (about)
};

/// Opens the basemap's source and checks it: a raster GDAL reads, georeferenced, with a CRS
/// (its own or source_crs), whose pixels can be read. Throws InputError naming the basemap
/// and its file when not (ParamTextError naming source_crs when it declares no CRS).
BasemapInfo inspect_basemap(const Basemap& basemap, int project_srid);

/// An image of `width` x `height` pixels, 4 bytes a pixel (R, G, B, A; not premultiplied),
/// rows top down.
struct RgbaImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba;
    bool empty() const { return width <= 0 || height <= 0; }
};

/// Where a warped basemap goes: `extent` in the project CRS shown by a `width` x `height`
/// pixel grid (its top-left corner at (extent.minx, extent.maxy); square pixels are not
/// required).
struct BasemapView {
    Box extent;
    int width = 0;
    int height = 0;
};

/// The basemap's pixels warped into the project CRS (EPSG:`project_srid`) on `view`'s grid:
/// the overview nearest above the view's resolution is read (GeoTIFF/COG overviews, MBTiles
/// zoom levels), bilinear (nearest for paletted rasters); pixels the source does not cover
/// are transparent (alpha 0). For source_crs gcj02/bd09 every pixel is placed with the exact
/// conversion the vector import uses (chinese_shift.hpp; to within 1/8 pixel). Opacity and
/// grey are the drawing's business (not applied here). Throws InputError naming the basemap
/// and file, Cancelled when `progress` asks to stop. Thread-safe (see the note on top).
RgbaImage warp_basemap(const Basemap& basemap, int project_srid, const BasemapView& view,
                       Progress& progress);

/// `image`'s colours as a baseline JPEG (alpha dropped; one grey channel when `grey`, as
/// 0.299 R + 0.587 G + 0.114 B), for a PDF to embed as it is instead of compressing the pixels
/// itself; empty when GDAL cannot make one.
std::string jpeg_bytes(const RgbaImage& image, bool grey, int quality = 80);

} // namespace cordon::geo
