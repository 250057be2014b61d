#pragma once
// Opening a basemap's source as a GDAL dataset. Private to cordon_geo.

#include <cordon/geo/basemap.hpp>

#include <gdal_priv.h>

#include <string>

namespace cordon::geo::detail {

/// "basemap 'NAME' (FILE)": how errors name a basemap.
std::string basemap_label(const Basemap& basemap);

/// The basemap's source opened read-only as a raster, a new handle for this caller (GDAL
/// handles are not shared between threads). The one place a source is opened: files GDAL
/// reads as rasters here; tile services (URL templates through GDAL's WMS driver) are a
/// branch of their own. Throws InputError naming the basemap and its file: missing, not a
/// raster, damaged. `overview` >= 0: that overview level as a dataset of its own (GDAL's
/// OVERVIEW_LEVEL open option; MBTiles: a lower zoom level).
GDALDatasetUniquePtr open_basemap_dataset(const Basemap& basemap, int overview = -1);

} // namespace cordon::geo::detail
