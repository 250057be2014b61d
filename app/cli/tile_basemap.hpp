#pragma once
// cordon-cli's handling of tile-service basemaps (issue 18; command_basemap_fetch.cpp): the
// key taken out of a URL and kept in the user's keys file, one tile asked for before a URL is
// added.

#include <cordon/geo/basemap.hpp>
#include <cordon/geo/district.hpp>

#include <string>

namespace cordon::cli {

/// For a tile service's URL: takes its key out of `source` ({key} in its place) and returns
/// it; "" when there was none or `source` is a file.
std::string take_tile_key(std::string& source);
/// For a tile service: asks it for the tile at the district's centre at zoom 15 with `key`
/// (else the key kept for the basemap's name; a key given is used for the rest of the run).
/// Throws InputError naming the basemap: a
/// refused key, no tile there, no answer, not an image, a key needed and none given.
void probe_tile_basemap(const geo::Basemap& basemap, const geo::District& district,
                        const std::string& key);
/// Keeps `key` for basemap `name` in the user's keys file and says where (nothing when empty).
void keep_tile_key(const std::string& name, const std::string& key);

} // namespace cordon::cli
