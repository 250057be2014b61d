#include <cordon/geo/basemap.hpp>
#include <cordon/geo/crs.hpp>
#include <cordon/geo/error.hpp>
#include <cordon/geo/param_error.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <filesystem>

namespace cordon::geo {

namespace {

std::string lower(std::string text) {
    for (char& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

/// The query parameters that carry a service's key (天地图 tk, Mapbox access_token, ...).
constexpr std::array k_key_parameters{"tk",           "key",       "apikey",   "api_key",  "token",
                                      "access_token", "ak",        "password", "passwd",   "secret",
                                      "sig",          "signature", "clientid", "client_id"};

/// The key or password `source` carries, as "tk=…" or "user:…@"; empty when none. A
/// placeholder ("tk={key}") is no key.
std::string key_in(const std::string& source) {
    const std::string text = lower(source);
    const std::size_t query = text.find('?');
    if (query != std::string::npos) {
        std::size_t at = query + 1;
        while (at < text.size()) {
            std::size_t end = text.find_first_of("&#", at);
            if (end == std::string::npos) end = text.size();
            const std::string part = text.substr(at, end - at);
            const std::size_t eq = part.find('=');
            if (eq != std::string::npos) {
                const std::string name = part.substr(0, eq), value = part.substr(eq + 1);
                const bool placeholder = !value.empty() && value.front() == '{';
                if (!value.empty() && !placeholder &&
                    std::find(k_key_parameters.begin(), k_key_parameters.end(), name) !=
                        k_key_parameters.end())
                    return part.substr(0, eq) + "=…";
            }
            at = end + 1;
        }
    }
    // user:password@host in a URL
    const std::size_t scheme = text.find("://");
    if (scheme != std::string::npos) {
        const std::size_t host_end = text.find('/', scheme + 3);
        const std::string authority = text.substr(
            scheme + 3, host_end == std::string::npos ? std::string::npos : host_end - scheme - 3);
        const std::size_t at = authority.find('@');
        if (at != std::string::npos && authority.substr(0, at).find(':') != std::string::npos)
            return "user:…@";
    }
    return {};
}

} // namespace

bool is_basemap_url(const std::string& source) {
    const std::string text = lower(source);
    for (const char* prefix : {"http://", "https://", "wms:", "wmts:", "tms:", "<gdal_wms"})
        if (text.rfind(prefix, 0) == 0) return true;
    return false;
}

void check_basemap_settings(const Basemap& basemap) {
    if (basemap.name.empty()) throw ParamError("name", "", "a basemap needs a name");
    if (basemap.name.size() > 200 || basemap.name.find('\n') != std::string::npos)
        throw ParamError("name", basemap.name.substr(0, 40), "at most 200 characters on one line");
    if (!(basemap.opacity >= 0.0 && basemap.opacity <= 1.0))
        throw ParamError("opacity", std::to_string(basemap.opacity),
                         "must be between 0 (invisible) and 1 (opaque)");
    if (basemap.source.empty())
        throw InputError("basemap '" + basemap.name + "': a basemap needs a source");
    if (const std::string key = key_in(basemap.source); !key.empty())
        throw InputError("basemap '" + basemap.name + "': the source holds a key or password (" +
                         key +
                         "); keys are kept in the user's settings, never in the project: write "
                         "{key} where it goes");
    if (!basemap.source_crs.empty()) (void)parse_crs(basemap.source_crs, "source_crs");
}

std::string basemap_name_from_source(const std::string& source) {
    if (is_basemap_url(source)) {
        const std::size_t scheme = source.find("://");
        if (scheme != std::string::npos) {
            const std::size_t start = scheme + 3;
            std::string host = source.substr(start, source.find_first_of("/:?", start) - start);
            if (const std::size_t at = host.find('@'); at != std::string::npos)
                host = host.substr(at + 1);
            if (!host.empty()) return host;
        }
        return "basemap";
    }
    const std::string stem = std::filesystem::path(source).stem().string();
    return stem.empty() ? std::string("basemap") : stem;
}

std::vector<Basemap> basemaps_in_drawing_order(const std::vector<Basemap>& basemaps) {
    std::vector<Basemap> out;
    for (const Basemap& b : basemaps)
        if (b.visible) out.push_back(b);
    std::stable_sort(out.begin(), out.end(), [](const Basemap& a, const Basemap& b) {
        return a.order != b.order ? a.order < b.order : a.id < b.id;
    });
    return out;
}

Basemap& add_basemap(std::vector<Basemap>& basemaps, Basemap basemap) {
    check_basemap_settings(basemap);
    std::int64_t id = 0;
    int order = 0;
    for (const Basemap& b : basemaps) {
        if (b.name == basemap.name)
            throw InputError("basemap '" + basemap.name +
                             "': the project has a basemap of that name already (" + b.source +
                             "); choose another name or remove that one first");
        id = std::max(id, b.id);
        order = std::max(order, b.order);
    }
    basemap.id = id + 1;
    if (basemap.order == 0) basemap.order = order + 1;
    basemaps.push_back(std::move(basemap));
    return basemaps.back();
}

Basemap& find_basemap(std::vector<Basemap>& basemaps, const std::string& name) {
    for (Basemap& b : basemaps)
        if (b.name == name) return b;
    for (Basemap& b : basemaps)
        if (std::to_string(b.id) == name) return b;
    std::string known;
    for (const Basemap& b : basemaps)
        known += (known.empty() ? "" : ", ") + b.name;
    throw InputError(
        "no basemap '" + name + "'" +
        (known.empty() ? std::string("; the project has no basemaps") : "; basemaps: " + known));
}

Basemap remove_basemap(std::vector<Basemap>& basemaps, const std::string& name) {
    Basemap& found = find_basemap(basemaps, name);
    Basemap out = found;
    basemaps.erase(basemaps.begin() + (&found - basemaps.data()));
    return out;
}

} // namespace cordon::geo
