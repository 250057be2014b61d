#pragma once
// Tile services opened as GDAL datasets (GDAL's WMS driver). Private to cordon_geo: the
// basemap reader opens a basemap's source through open_tile_service when it is a URL.

#include "gdal_handles.hpp"

#include <cordon/geo/basemap.hpp>
#include <cordon/geo/tile_service.hpp>

#include <string>
#include <string_view>

namespace cordon::geo::detail {

/// The service as a GDAL raster (EPSG:3857, 4 bands RGBA, its zoom levels as overviews), or
/// null when GDAL cannot open it (gdal_error_text() says why). Reading blocks fetches tiles
/// (at most access.max_connections at once) through the disk cache; offline, only the cache.
/// `overview` >= 0: that reduced level only (GDAL's OVERVIEW_LEVEL).
GDALDatasetUniquePtr open_tile_service(const TileService& service, const TileAccess& access,
                                       int overview = -1);

/// A basemap whose source is a tile service, opened as open_basemap_dataset opens files: its
/// key from the user's settings (find_key), offline when asked ($CORDON_OFFLINE or
/// `offline`). Throws InputError naming the basemap: a bad URL, a key needed and none kept.
GDALDatasetUniquePtr open_tile_basemap(const Basemap& basemap, int overview, bool offline);
/// The key kept for the basemap, or "".
std::string tile_basemap_key(const Basemap& basemap);

/// GDAL's WMS error message of a failed block read (CPLGetLastErrorMsg(): the first failure
/// is often only the cache's "No such file") in the planner's words, the key hidden:
/// "the service refused the key (HTTP 403 at URL)", "no answer from HOST (...)", "a tile
/// from the service is not an image (corrupt or an error page)".
std::string tile_service_problem(const std::string& gdal_message, std::string_view key);

} // namespace cordon::geo::detail
