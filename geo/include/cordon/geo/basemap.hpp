#pragma once
// Basemaps (issue 18): a picture of the ground under the plan. The project keeps each one's
// source and settings (the `basemaps` table), never its pixels and never a key.

#include <cstdint>
#include <string>
#include <vector>

namespace cordon::geo {

/// One basemap of a project, as stored in its `basemaps` table.
struct Basemap {
    std::int64_t id = 0;
    std::string name;   ///< unique in the project; what warnings and the Layers panel call it
    std::string source; ///< a file GDAL reads as a raster (GeoTIFF/COG, MBTiles, GeoPackage
                        ///< tiles, ...) or a tile service's URL template; never with a key
    /// The raster's CRS: empty = the one the raster declares; a definition PROJ reads
    /// (EPSG:4544, WKT, PROJ string) to use instead; "gcj02" or "bd09": the raster's
    /// coordinates are shifted WGS 84 (Chinese web maps), unshifted with the same conversion
    /// the vector import uses (chinese_shift.hpp). See parse_crs (crs.hpp).
    std::string source_crs;
    double opacity = 1.0;    ///< 0 (invisible) to 1 (opaque)
    bool grey = false;       ///< drawn in grey scale, so that the plan's colours stay readable
    std::string attribution; ///< printed on the atlas pages that show it ("© 测绘院 2024")
    int order = 0;           ///< drawing order: lower first (further down); ties by id
    bool visible = true;     ///< drawn at all (the Layers panel's tick)
};

/// Checks a basemap's settings (not its source): a name, opacity 0..1, a source_crs that
/// parse_crs reads, a source without a key or password in it. Throws ParamError naming the
/// setting ("name", "opacity", "source_crs"), InputError for the source.
void check_basemap_settings(const Basemap& basemap);

/// The name a basemap gets from its source when none is given: the file name without its
/// extension ("ortho_2024.tif" → "ortho_2024"), or the host of a URL template.
std::string basemap_name_from_source(const std::string& source);

/// Whether `source` is a URL (http://, https://, or a GDAL WMS/WMTS connection string) rather
/// than a file.
bool is_basemap_url(const std::string& source);

/// The basemaps in drawing order (order, then id), the ones not visible left out.
std::vector<Basemap> basemaps_in_drawing_order(const std::vector<Basemap>& basemaps);

/// Adds `basemap` to a project's `basemaps` after check_basemap_settings: a new id, and when
/// its order is 0, an order above the others (drawn on top of them). Throws InputError when
/// another basemap has its name. Returns the one added.
Basemap& add_basemap(std::vector<Basemap>& basemaps, Basemap basemap);

/// The basemap named `name` (or whose id is `name`); InputError listing the basemaps when none.
Basemap& find_basemap(std::vector<Basemap>& basemaps, const std::string& name);

/// Removes the basemap `name` names (as find_basemap) and returns it.
Basemap remove_basemap(std::vector<Basemap>& basemaps, const std::string& name);

} // namespace cordon::geo
