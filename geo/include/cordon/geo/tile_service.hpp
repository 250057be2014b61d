#pragma once
// Tile services as basemaps (issue 18): XYZ URL templates, WMTS GetTile requests (天地图 style,
// with an office key) and WMS GetMap, all on the web-mercator tile grid (EPSG:3857,
// GoogleMapsCompatible). The source kept in the project is the URL template WITHOUT the key:
// "{key}" stands where the key goes, and the key lives in the user's settings (the app: its
// wxConfig; the CLI: the environment or ~/.config/cordon/keys), never in the project.
//
// Drawn through GDAL's WMS driver (gdal_wms_xml: a per-user disk cache, an offline mode);
// stored once for offline use by fetch_tiles into an MBTiles file.

#include <cordon/geo/progress.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace cordon::geo {

/// A tile service as its source string says. Source strings:
///   https://host/{z}/{x}/{y}.png                  XYZ ({-y}: TMS rows counted from the south)
///   https://host/wmts?...TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}   WMTS (KVP GetTile)
///   wms:https://host/wms?LAYERS=a,b[&STYLES=..][&FORMAT=image/jpeg][&VERSION=1.3.0]   WMS
/// The WMTS placeholders {TileMatrix}, {TileRow}, {TileCol} are also understood.
struct TileService {
    enum class Kind { xyz, wms };
    Kind kind = Kind::xyz;
    /// The template as stored (XYZ/WMTS), or the WMS base URL with its parameters.
    std::string url;
    /// Whether the template has "{key}".
    bool needs_key() const;
};

/// Whether a basemap source is a tile service (http://, https:// or wms: ...) rather than a file.
bool is_tile_service(std::string_view source);

/// Reads a tile service source. Throws InputError: not http(s), an XYZ template without {z},
/// {x} and {y}, a WMS without LAYERS, or a key written into the URL (the message says to give
/// it apart: split_key does that for `basemap add`).
TileService parse_tile_service(std::string_view source);

/// A URL as the planner pasted it, with its key taken out: the value of a tk, key, apikey,
/// api_key, access_token or token query parameter becomes "{key}".
struct SplitUrl {
    std::string source; ///< the URL with "{key}" instead of the key
    std::string key;    ///< the key found, or empty
};
SplitUrl split_key(std::string_view url);

/// The URL of tile z/x/y (XYZ rows, y = 0 in the north) with the key filled in.
std::string tile_url(const TileService& service, int z, int x, int y, std::string_view key);
/// `url` with every occurrence of `key` replaced by "{key}": what messages show.
std::string hide_key(std::string url, std::string_view key);

// ---- Keys: the user's settings, never the project ---------------------------------------

/// The CLI's keys file: $CORDON_KEYS_FILE, else $XDG_CONFIG_HOME/cordon/keys, else
/// ~/.config/cordon/keys. Lines "NAME = KEY" ('#' comments), NAME the basemap's name.
std::string keys_file_path();
/// The key of basemap `name`: $CORDON_BASEMAP_KEY_<NAME> (NAME upper-cased, anything but
/// A-Z and 0-9 as '_'), else the keys file's line for `name`, else $CORDON_BASEMAP_KEY.
std::optional<std::string> find_key(std::string_view name);
/// Where the app keeps keys (its user settings): when set, find_key asks it first. The
/// function must be callable from any thread.
void set_key_lookup(std::function<std::optional<std::string>(std::string_view name)> lookup);
/// Writes (or replaces) the line for `name` in the keys file, created with mode 0600.
/// Throws InputError naming the file when it cannot be written.
void store_key(std::string_view name, std::string_view key);

// ---- Drawing through GDAL -----------------------------------------------------------------

/// How a service is reached now.
struct TileAccess {
    std::string key;          ///< filled in for "{key}"
    bool offline = false;     ///< only the disk cache; tiles not in it are left blank
    std::string cache_folder; ///< empty: tile_cache_folder(service)
    int max_connections = 4;  ///< parallel requests GDAL makes
    int max_zoom = 19;        ///< the service's deepest level
    int timeout_seconds = 15;
};

/// The per-user disk cache of a service: $XDG_CACHE_HOME/cordon/tiles/HASH (or
/// ~/.cache/cordon/tiles/HASH), HASH from the template (not the key).
std::string tile_cache_folder(const TileService& service);
/// Whether Cordon was asked to work offline ($CORDON_OFFLINE set and not "0").
bool offline_requested();
/// The GDAL WMS driver description of the service (a TMS/WMS "GDAL_WMS" XML document): the
/// web-mercator grid, 256-pixel tiles with alpha, the cache (never expiring: offline first),
/// <OfflineMode>, <MaxConnections>, <UserAgent>, <Timeout>. It holds the key (when there is
/// one): pass it to GDAL, never store it.
std::string gdal_wms_xml(const TileService& service, const TileAccess& access);

/// What went wrong reaching a service, in the planner's words, from GDAL's or curl's message
/// and the HTTP status: "the service refused the key (HTTP 403)", "no answer from
/// 127.0.0.1:8080 (Couldn't connect to server)", "the tile is not an image (corrupt)". `url`
/// is shown with the key hidden.
std::string service_problem(int http_status, std::string_view detail, std::string_view url);

// ---- Fetching a district once, for offline use ------------------------------------------

struct LonLatBox {
    double west = 0, south = 0, east = 0, north = 0;
};

struct FetchOptions {
    std::string name;        ///< the basemap's name (messages, MBTiles metadata)
    std::string attribution; ///< MBTiles metadata
    std::string key;
    LonLatBox box; ///< in the service's own longitude/latitude (GCJ-02 for shifted services)
    int min_zoom = 0;
    int max_zoom = 0;
    int max_connections = 2; ///< requests in flight at once
    double max_rate = 10;    ///< requests per second, at most (0: no limit)
    int max_retries = 6;     ///< per tile, for 429, 5xx and time-outs (exponential back-off)
    int timeout_seconds = 20;
};

struct FetchReport {
    std::uint64_t tiles = 0;   ///< in the extent over the zoom range
    std::uint64_t fetched = 0; ///< downloaded now
    std::uint64_t kept = 0;    ///< already in the file (an earlier or interrupted run)
    std::uint64_t missing = 0; ///< the service has none there (HTTP 404 or 204): left blank
    std::uint64_t retried = 0; ///< requests repeated after 429, 5xx or a time-out
    std::uint64_t bytes = 0;   ///< downloaded now
    double seconds = 0;
};

/// Asks the service for the tile under (lon, lat) at `zoom` (the service's own coordinates)
/// once, as `basemap add` does before it keeps a URL. Throws InputError "LABEL: PROBLEM":
/// a refused key (401/403), no tile there (404), no answer, a tile that is not an image.
void probe_tile_service(const TileService& service, std::string_view key, double lon, double lat,
                        int zoom, const std::string& label);

/// The number of tiles of `box` at zoom levels min..max.
std::uint64_t count_tiles(const LonLatBox& box, int min_zoom, int max_zoom);

/// Stores the tiles of `box` at options' zoom levels in the MBTiles file `target`. Works in
/// `target` + ".part" (created from `target` when it exists, so a larger extent or more
/// levels add to it); tiles already there are skipped, so an interrupted or failed run goes
/// on where it stopped when run again. When every tile is there (or the service has none),
/// the part file is renamed to `target`; until then `target` is as it was. At most
/// max_connections requests at once and max_rate per second; 429 and 5xx answers are retried
/// after Retry-After or an exponential back-off. Throws InputError (the part file kept) for
/// a refused key (401/403), a service that does not answer, a tile that is not an image, a
/// service that has none of the tiles; Cancelled when progress is cancelled.
FetchReport fetch_tiles(const TileService& service, const FetchOptions& options,
                        const std::string& target, Progress& progress);

} // namespace cordon::geo
