// Tile services: source strings, keys kept in the user's settings, the GDAL WMS description.

#include "tile_service_gdal.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/tile_service.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <sys/stat.h>
#include <vector>

namespace cordon::geo {

namespace {

constexpr double web_mercator_edge = 20037508.342789244;

const char* const key_params[] = {"tk", "key", "apikey", "api_key", "access_token", "token"};

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && lower(s.substr(0, prefix.size())) == prefix;
}

/// Replaces every case-insensitive occurrence of `from` in `s` by `to`.
void replace_ci(std::string& s, std::string_view from, std::string_view to) {
    const std::string lfrom = lower(from);
    std::size_t pos = 0;
    while (true) {
        const std::string ls = lower(s);
        pos = ls.find(lfrom, pos);
        if (pos == std::string::npos) return;
        s.replace(pos, from.size(), to);
        pos += to.size();
    }
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
    for (std::size_t pos = s.find(from); pos != std::string::npos;
         pos = s.find(from, pos + to.size()))
        s.replace(pos, from.size(), to);
}

struct QueryParam {
    std::string name;
    std::string value;
};

/// The URL before '?', and its query parameters in order.
std::pair<std::string, std::vector<QueryParam>> split_query(std::string_view url) {
    const auto q = url.find('?');
    std::vector<QueryParam> params;
    if (q == std::string_view::npos) return {std::string(url), params};
    std::string_view rest = url.substr(q + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view part = rest.substr(0, amp);
        if (!part.empty()) {
            const auto eq = part.find('=');
            params.push_back(
                {std::string(part.substr(0, eq)),
                 eq == std::string_view::npos ? "" : std::string(part.substr(eq + 1))});
        }
        if (amp == std::string_view::npos) break;
        rest = rest.substr(amp + 1);
    }
    return {std::string(url.substr(0, q)), params};
}

std::string join_query(const std::string& base, const std::vector<QueryParam>& params) {
    std::string out = base;
    char sep = '?';
    for (const auto& p : params) {
        out += sep + p.name + "=" + p.value;
        sep = '&';
    }
    return out;
}

bool is_key_param(std::string_view name) {
    const std::string n = lower(name);
    return std::any_of(std::begin(key_params), std::end(key_params),
                       [&](const char* k) { return n == k; });
}

const QueryParam* find_param(const std::vector<QueryParam>& params, std::string_view name) {
    for (const auto& p : params)
        if (lower(p.name) == lower(name)) return &p;
    return nullptr;
}

/// The XYZ template with WMTS placeholders as {z}, {y}, {x}.
std::string normalised_template(std::string url) {
    replace_ci(url, "{TileMatrix}", "{z}");
    replace_ci(url, "{TileRow}", "{y}");
    replace_ci(url, "{TileCol}", "{x}");
    replace_ci(url, "{KEY}", "{key}");
    return url;
}

std::string xml_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

std::string home_folder(const char* xdg, const char* fallback) {
    std::string base = env(xdg);
    if (base.empty()) base = env("HOME").empty() ? "/tmp" : env("HOME") + "/" + fallback;
    return base;
}

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

/// WMS parameters that Cordon (or GDAL) sets on every request.
bool is_wms_request_param(std::string_view name) {
    static const char* const names[] = {"service", "request", "version", "layers",
                                        "styles",  "format",  "srs",     "crs",
                                        "bbox",    "width",   "height",  "transparent"};
    const std::string n = lower(name);
    return std::any_of(std::begin(names), std::end(names), [&](const char* k) { return n == k; });
}

std::string wms_param(const std::vector<QueryParam>& params, std::string_view name,
                      std::string fallback) {
    const QueryParam* p = find_param(params, name);
    return p ? p->value : fallback;
}

} // namespace

bool TileService::needs_key() const {
    return lower(url).find("{key}") != std::string::npos;
}

bool is_tile_service(std::string_view source) {
    return starts_with_ci(source, "http://") || starts_with_ci(source, "https://") ||
           starts_with_ci(source, "wms:");
}

SplitUrl split_key(std::string_view url) {
    const bool wms = starts_with_ci(url, "wms:");
    auto [base, params] = split_query(wms ? url.substr(4) : url);
    SplitUrl out;
    for (auto& p : params) {
        if (is_key_param(p.name) && !p.value.empty() && lower(p.value) != "{key}") {
            out.key = p.value;
            p.value = "{key}";
        }
    }
    out.source = (wms ? "wms:" : "") + join_query(base, params);
    return out;
}

TileService parse_tile_service(std::string_view source) {
    TileService service;
    std::string_view url = source;
    if (starts_with_ci(url, "wms:")) {
        service.kind = TileService::Kind::wms;
        url = url.substr(4);
    }
    const std::string shown(source);
    if (!starts_with_ci(url, "http://") && !starts_with_ci(url, "https://"))
        throw InputError("basemap source " + shown +
                         ": a tile service is an http:// or https:// URL");
    const auto [base, params] = split_query(url);
    for (const auto& p : params)
        if (is_key_param(p.name) && !p.value.empty() && lower(p.value) != "{key}")
            throw InputError("basemap source " + hide_key(shown, p.value) +
                             ": the URL holds a key (" + p.name +
                             "=...); the project keeps the URL with {key} in its place "
                             "and the key is kept in the user's settings");
    if (service.kind == TileService::Kind::wms) {
        if (!find_param(params, "layers"))
            throw InputError("basemap source " + shown + ": a WMS URL needs LAYERS=...");
        const std::string srs = wms_param(params, "srs", wms_param(params, "crs", "EPSG:3857"));
        if (lower(srs) != "epsg:3857" && lower(srs) != "epsg:900913")
            throw InputError("basemap source " + shown + ": WMS in " + srs +
                             " is not supported; ask the service for EPSG:3857");
        service.url = std::string(url);
        return service;
    }
    service.url = normalised_template(std::string(url));
    const bool has_y = service.url.find("{y}") != std::string::npos ||
                       service.url.find("{-y}") != std::string::npos;
    if (service.url.find("{z}") == std::string::npos ||
        service.url.find("{x}") == std::string::npos || !has_y)
        throw InputError("basemap source " + shown +
                         ": a tile URL needs {z}, {x} and {y} (or WMTS {TileMatrix}, {TileCol} "
                         "and {TileRow}) where the tile's numbers go");
    return service;
}

std::string tile_url(const TileService& service, int z, int x, int y, std::string_view key) {
    if (service.kind == TileService::Kind::wms) {
        auto [base, params] = split_query(service.url);
        const std::string version = wms_param(params, "version", "1.1.1");
        const std::string layers = wms_param(params, "layers", "");
        const std::string styles = wms_param(params, "styles", "");
        const std::string format = wms_param(params, "format", "image/png");
        std::vector<QueryParam> out;
        for (const auto& p : params)
            if (!is_wms_request_param(p.name)) out.push_back(p);
        const double size = 2 * web_mercator_edge / std::ldexp(1.0, z);
        const double minx = -web_mercator_edge + x * size;
        const double maxy = web_mercator_edge - y * size;
        char bbox[160];
        std::snprintf(bbox, sizeof bbox, "%.6f,%.6f,%.6f,%.6f", minx, maxy - size, minx + size,
                      maxy);
        out.push_back({"SERVICE", "WMS"});
        out.push_back({"REQUEST", "GetMap"});
        out.push_back({"VERSION", version});
        out.push_back({"LAYERS", layers});
        out.push_back({"STYLES", styles});
        out.push_back({"FORMAT", format});
        out.push_back({"TRANSPARENT", "TRUE"});
        out.push_back({version == "1.3.0" ? "CRS" : "SRS", "EPSG:3857"});
        out.push_back({"BBOX", bbox});
        out.push_back({"WIDTH", "256"});
        out.push_back({"HEIGHT", "256"});
        std::string url = join_query(base, out);
        replace_ci(url, "{key}", key);
        return url;
    }
    std::string url = service.url;
    replace_all(url, "{z}", std::to_string(z));
    replace_all(url, "{x}", std::to_string(x));
    replace_all(url, "{y}", std::to_string(y));
    replace_all(url, "{-y}", std::to_string((1 << z) - 1 - y));
    replace_ci(url, "{key}", key);
    return url;
}

std::string hide_key(std::string url, std::string_view key) {
    if (key.size() >= 3) replace_all(url, key, "{key}");
    return url;
}

// ---- Keys ----------------------------------------------------------------------------------

std::string keys_file_path() {
    const std::string explicit_path = env("CORDON_KEYS_FILE");
    if (!explicit_path.empty()) return explicit_path;
    return home_folder("XDG_CONFIG_HOME", ".config") + "/cordon/keys";
}

namespace {
std::mutex key_lookup_mutex;
std::function<std::optional<std::string>(std::string_view)> key_lookup;
} // namespace

void set_key_lookup(std::function<std::optional<std::string>(std::string_view name)> lookup) {
    std::lock_guard lock(key_lookup_mutex);
    key_lookup = std::move(lookup);
}

std::optional<std::string> find_key(std::string_view name) {
    {
        std::lock_guard lock(key_lookup_mutex);
        if (key_lookup)
            if (auto key = key_lookup(name); key && !key->empty()) return key;
    }
    std::string var = "CORDON_BASEMAP_KEY_";
    for (char c : name) {
        const auto u = static_cast<unsigned char>(c);
        var += std::isalnum(u) && u < 128 ? static_cast<char>(std::toupper(u)) : '_';
    }
    if (const std::string v = env(var.c_str()); !v.empty()) return v;
    std::ifstream in(keys_file_path());
    std::string line;
    while (std::getline(in, line)) {
        const std::string t = trim(line);
        if (t.empty() || t[0] == '#') continue;
        const auto eq = t.find('=');
        if (eq == std::string::npos) continue;
        if (trim(t.substr(0, eq)) == name) return trim(t.substr(eq + 1));
    }
    if (const std::string v = env("CORDON_BASEMAP_KEY"); !v.empty()) return v;
    return std::nullopt;
}

void store_key(std::string_view name, std::string_view key) {
    namespace fs = std::filesystem;
    const std::string path = keys_file_path();
    if (name.find('=') != std::string_view::npos || name.find('\n') != std::string_view::npos ||
        key.find('\n') != std::string_view::npos)
        throw InputError(path + ": a basemap name or key cannot hold '=' or a line break");
    std::vector<std::string> lines;
    {
        std::ifstream in(path);
        std::string line;
        while (std::getline(in, line)) {
            const std::string t = trim(line);
            const auto eq = t.find('=');
            if (!t.empty() && t[0] != '#' && eq != std::string::npos &&
                trim(t.substr(0, eq)) == name)
                continue;
            lines.push_back(line);
        }
    }
    if (lines.empty())
        lines.push_back("# Cordon basemap keys: NAME = KEY (never written into projects)");
    lines.push_back(std::string(name) + " = " + std::string(key));
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    const std::string temp = path + ".tmp";
    const mode_t old_mask = ::umask(077);
    std::ofstream out(temp, std::ios::trunc);
    ::umask(old_mask);
    for (const auto& l : lines)
        out << l << "\n";
    out.close();
    if (!out) throw InputError(path + ": cannot write the keys file");
    fs::permissions(temp, fs::perms::owner_read | fs::perms::owner_write, ec);
    fs::rename(temp, path, ec);
    if (ec) throw InputError(path + ": cannot write the keys file (" + ec.message() + ")");
}

// ---- GDAL ----------------------------------------------------------------------------------

std::string tile_cache_folder(const TileService& service) {
    std::uint64_t h = 1469598103934665603ULL; // FNV-1a of the template: one folder per service
    for (unsigned char c : service.url) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return home_folder("XDG_CACHE_HOME", ".cache") + "/cordon/tiles/" + hex;
}

bool offline_requested() {
    const std::string v = env("CORDON_OFFLINE");
    return !v.empty() && v != "0";
}

std::string gdal_wms_xml(const TileService& service, const TileAccess& access) {
    const int zoom = std::clamp(access.max_zoom, 0, 23);
    std::ostringstream x;
    x.precision(17);
    x << "<GDAL_WMS>\n";
    if (service.kind == TileService::Kind::wms) {
        auto [base, params] = split_query(service.url);
        std::vector<QueryParam> rest;
        for (const auto& p : params)
            if (!is_wms_request_param(p.name)) rest.push_back(p);
        std::string server = join_query(base, rest);
        replace_ci(server, "{key}", access.key);
        if (server.find('?') == std::string::npos) server += '?';
        const std::string version = wms_param(params, "version", "1.1.1");
        x << "  <Service name=\"WMS\">\n"
          << "    <Version>" << xml_escape(version) << "</Version>\n"
          << "    <ServerUrl>" << xml_escape(server) << "</ServerUrl>\n"
          << "    <" << (version == "1.3.0" ? "CRS" : "SRS") << ">EPSG:3857</"
          << (version == "1.3.0" ? "CRS" : "SRS") << ">\n"
          << "    <ImageFormat>" << xml_escape(wms_param(params, "format", "image/png"))
          << "</ImageFormat>\n"
          << "    <Transparent>TRUE</Transparent>\n"
          << "    <Layers>" << xml_escape(wms_param(params, "layers", "")) << "</Layers>\n"
          << "    <Styles>" << xml_escape(wms_param(params, "styles", "")) << "</Styles>\n"
          << "  </Service>\n";
    } else {
        std::string server = service.url;
        const bool tms_rows = server.find("{-y}") != std::string::npos;
        replace_all(server, "{z}", "${z}");
        replace_all(server, "{x}", "${x}");
        replace_all(server, tms_rows ? "{-y}" : "{y}", "${y}");
        replace_ci(server, "{key}", access.key);
        x << "  <Service name=\"TMS\">\n"
          << "    <ServerUrl>" << xml_escape(server) << "</ServerUrl>\n"
          << "  </Service>\n";
    }
    const double side = std::ldexp(256.0, zoom);
    x << "  <DataWindow>\n"
      << "    <UpperLeftX>" << -web_mercator_edge << "</UpperLeftX>\n"
      << "    <UpperLeftY>" << web_mercator_edge << "</UpperLeftY>\n"
      << "    <LowerRightX>" << web_mercator_edge << "</LowerRightX>\n"
      << "    <LowerRightY>" << -web_mercator_edge << "</LowerRightY>\n";
    if (service.kind == TileService::Kind::wms) {
        x << "    <SizeX>" << static_cast<long long>(side) << "</SizeX>\n"
          << "    <SizeY>" << static_cast<long long>(side) << "</SizeY>\n";
    } else {
        x << "    <TileLevel>" << zoom << "</TileLevel>\n"
          << "    <TileCountX>1</TileCountX>\n"
          << "    <TileCountY>1</TileCountY>\n"
          << "    <YOrigin>" << (service.url.find("{-y}") != std::string::npos ? "bottom" : "top")
          << "</YOrigin>\n";
    }
    x << "  </DataWindow>\n"
      << "  <Projection>EPSG:3857</Projection>\n"
      << "  <BlockSizeX>256</BlockSizeX>\n"
      << "  <BlockSizeY>256</BlockSizeY>\n"
      << "  <BandsCount>4</BandsCount>\n"
      << "  <MaxConnections>" << std::clamp(access.max_connections, 1, 16) << "</MaxConnections>\n"
      << "  <Timeout>" << std::max(1, access.timeout_seconds) << "</Timeout>\n"
      << "  <UserAgent>Cordon/" << CORDON_VERSION << " (district planner; basemap)</UserAgent>\n"
      << "  <ZeroBlockHttpCodes>204</ZeroBlockHttpCodes>\n"
      << "  <Cache>\n"
      << "    <Path>"
      << xml_escape(access.cache_folder.empty() ? tile_cache_folder(service) : access.cache_folder)
      << "</Path>\n"
      // One folder per service (tile_cache_folder), shared by the online and offline readers:
      // GDAL's own per-description folder (Unique) would differ between the two.
      << "    <Unique>false</Unique>\n"
      << "    <Expires>2000000000</Expires>\n" // 63 years (an int): offline first, kept
      << "  </Cache>\n"
      << "  <OfflineMode>" << (access.offline ? "true" : "false") << "</OfflineMode>\n"
      << "</GDAL_WMS>\n";
    return x.str();
}

std::string service_problem(int http_status, std::string_view detail, std::string_view url) {
    const std::string at = url.empty() ? "" : " at " + std::string(url);
    const std::string code = " (HTTP " + std::to_string(http_status) + at + ")";
    switch (http_status) {
    case 401:
    case 403:
        return "the service refused the key" + code;
    case 404:
        return "the service has no tile there" + code;
    case 429:
        return "the service asks to slow down: too many requests" + code;
    case 0: {
        std::string host(url);
        if (const auto p = host.find("://"); p != std::string::npos) host = host.substr(p + 3);
        host = host.substr(0, host.find('/'));
        return "no answer from " + (host.empty() ? std::string("the service") : host) +
               (detail.empty() ? "" : " (" + trim(detail) + ")");
    }
    default:
        if (http_status >= 500) return "the service failed" + code;
        return "the service answered" + code;
    }
}

// ---- GDAL (private) ------------------------------------------------------------------------

namespace detail {

GDALDatasetUniquePtr open_tile_service(const TileService& service, const TileAccess& access,
                                       int overview) {
    ensure_gdal();
    const std::string xml = gdal_wms_xml(service, access);
    const char* drivers[] = {"WMS", nullptr};
    const std::string level = "OVERVIEW_LEVEL=" + std::to_string(overview);
    const char* options[] = {level.c_str(), nullptr};
    return GDALDatasetUniquePtr(
        GDALDataset::FromHandle(GDALOpenEx(xml.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, drivers,
                                           overview >= 0 ? options : nullptr, nullptr)));
}

std::string tile_basemap_key(const Basemap& basemap) {
    return find_key(basemap.name).value_or("");
}

GDALDatasetUniquePtr open_tile_basemap(const Basemap& basemap, int overview, bool offline) {
    const std::string label = "basemap '" + basemap.name + "'";
    TileService service;
    try {
        service = parse_tile_service(basemap.source);
    } catch (const InputError& e) {
        throw InputError(label + ": " + e.what());
    }
    TileAccess access;
    access.key = tile_basemap_key(basemap);
    access.offline = offline || offline_requested();
    if (service.needs_key() && access.key.empty())
        throw InputError(label + " (" + basemap.source +
                         "): needs a key, and none is kept in the "
                         "user's settings (" +
                         keys_file_path() + ", a line '" + basemap.name + " = KEY')");
    GDALDatasetUniquePtr ds = open_tile_service(service, access, overview);
    if (!ds)
        throw InputError(label + " (" + basemap.source + "): cannot be opened (" +
                         hide_key(gdal_error_text(), access.key) + ")");
    return ds;
}

std::string tile_service_problem(const std::string& gdal_message, std::string_view key) {
    // GDAL WMS: "GDALWMS: Unable to download block 1615, 839.\nURL: ...\n  HTTP status code:
    // 0, error: Failed to connect ...".
    const std::string msg = hide_key(gdal_message, key);
    int status = -1;
    if (const auto p = msg.find("HTTP status code: "); p != std::string::npos)
        status = std::atoi(msg.c_str() + p + 18);
    std::string url;
    if (const auto p = msg.find("URL: "); p != std::string::npos)
        url = trim(msg.substr(p + 5, msg.find('\n', p) - p - 5));
    std::string detail;
    if (const auto p = msg.find("error: "); p != std::string::npos)
        detail = msg.substr(p + 7, msg.find('\n', p) - p - 7);
    if (!detail.empty() && detail.back() == '.') detail.pop_back();
    if (url.find("://") == std::string::npos) {
        // No answer: GDAL puts curl's message where the URL goes ("Failed to connect to
        // 127.0.0.1 port 8080 after 0 ms: Couldn't connect to server").
        std::string host;
        if (const auto p = detail.find("connect to "); p != std::string::npos) {
            std::istringstream words(detail.substr(p + 11));
            std::string name, port_word, port;
            words >> name >> port_word >> port;
            host = port_word == "port" ? name + ":" + port : name;
        }
        url = host.empty() ? "" : "http://" + host + "/";
        if (const auto p = detail.rfind(": "); p != std::string::npos)
            detail = detail.substr(p + 2);
    }
    if (status >= 0) return service_problem(status, detail, url);
    if (msg.find("Unable to open downloaded block") != std::string::npos ||
        msg.find("not recognized as a supported") != std::string::npos ||
        msg.find("ecod") != std::string::npos || msg.find("PNG") != std::string::npos ||
        msg.find("JPEG") != std::string::npos)
        return "a tile from the service is not an image (corrupt or an error page)";
    if (msg.find("No such file or directory") != std::string::npos)
        return "the tile is not in the offline cache";
    return trim(msg.substr(0, msg.find('\n')));
}

} // namespace detail

} // namespace cordon::geo
