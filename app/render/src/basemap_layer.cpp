// Basemaps under the map: warped per view (cached), drawn with opacity and grey scale.

#include "cairo_util.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/tile_service.hpp>
#include <cordon/render/basemap_layer.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <list>
#include <mutex>
#include <sstream>

namespace cordon::render {

namespace {

constexpr int k_max_side = 8192;
constexpr std::size_t k_cache_entries = 16;
constexpr std::size_t k_cache_bytes = 256u << 20;

/// What makes a warped image: the basemap's source and CRS, the file's time and size, the
/// project CRS, the extent and the pixel grid.
std::string cache_key(const geo::Basemap& b, int srid, const geo::Box& extent, int w, int h) {
    std::ostringstream key;
    key.precision(17);
    key << b.source << '\n' << b.source_crs << '\n' << srid << '\n';
    std::error_code ec;
    const auto time = std::filesystem::last_write_time(b.source, ec);
    if (!ec) key << time.time_since_epoch().count();
    const auto size = std::filesystem::file_size(b.source, ec);
    if (!ec) key << '/' << size;
    // A tile service's pictures depend on the key kept for it (a refused one draws nothing),
    // which the user's settings may change: its hash, never the key itself.
    if (geo::is_tile_service(b.source))
        key << "/key:" << std::hash<std::string>{}(geo::find_key(b.name).value_or(""));
    key << '\n'
        << extent.minx << ',' << extent.miny << ',' << extent.maxx << ',' << extent.maxy << '\n'
        << w << 'x' << h;
    return key.str();
}

struct Cache {
    std::mutex mutex;
    std::list<std::pair<std::string, std::shared_ptr<const geo::RgbaImage>>>
        entries; // newest first

    std::shared_ptr<const geo::RgbaImage> find(const std::string& key) {
        std::lock_guard lock(mutex);
        for (auto it = entries.begin(); it != entries.end(); ++it)
            if (it->first == key) {
                entries.splice(entries.begin(), entries, it);
                return it->second;
            }
        return nullptr;
    }
    void put(const std::string& key, std::shared_ptr<const geo::RgbaImage> image) {
        std::lock_guard lock(mutex);
        entries.emplace_front(key, std::move(image));
        std::size_t bytes = 0, count = 0;
        for (auto it = entries.begin(); it != entries.end();) {
            bytes += it->second->rgba.size();
            if (++count > k_cache_entries || (count > 1 && bytes > k_cache_bytes))
                it = entries.erase(it);
            else
                ++it;
        }
    }
};

Cache& cache() {
    static Cache c;
    return c;
}

} // namespace

std::vector<BasemapImage> warp_basemaps(const geo::District& district, const View& view,
                                        double width, double height, double pixels_per_unit,
                                        Progress& progress, std::vector<std::string>& warnings) {
    std::vector<BasemapImage> out;
    if (district.basemaps.empty() || !(width > 0) || !(height > 0) || !(pixels_per_unit > 0))
        return out;
    const geo::Box extent = view.world_box(width, height);
    double w = std::ceil(width * pixels_per_unit - 1e-6),
           h = std::ceil(height * pixels_per_unit - 1e-6);
    if (w > k_max_side || h > k_max_side) {
        const double f = k_max_side / std::max(w, h);
        w = std::floor(w * f), h = std::floor(h * f);
    }
    const int iw = std::max(1, static_cast<int>(w)), ih = std::max(1, static_cast<int>(h));
    for (const geo::Basemap& b : geo::basemaps_in_drawing_order(district.basemaps)) {
        if (b.opacity <= 0) continue;
        const std::string key = cache_key(b, district.meta.srid, extent, iw, ih);
        std::shared_ptr<const geo::RgbaImage> image = cache().find(key);
        if (!image) {
            try {
                image = std::make_shared<const geo::RgbaImage>(geo::warp_basemap(
                    b, district.meta.srid, geo::BasemapView{extent, iw, ih}, progress));
            } catch (const Cancelled&) {
                throw;
            } catch (const std::bad_alloc&) {
                throw;
            } catch (const std::exception& e) {
                warnings.push_back(std::string(e.what()) + "; drawn without it");
                continue;
            }
            cache().put(key, image);
        }
        out.push_back({b, extent, std::move(image)});
    }
    return out;
}

void draw_basemap(cairo_t* cr, const BasemapImage& image, const View& view, double width,
                  double height, const BasemapLook& look, const Rgba* ground) {
    if (!image.image || image.image->empty()) return;
    const geo::RgbaImage& img = *image.image;
    const double opacity = std::clamp(image.basemap.opacity * look.opacity, 0.0, 1.0);
    if (opacity <= 0) return;
    const bool grey = image.basemap.grey || look.grey;
    // Covering the whole area (an orthophoto under a page): an opaque image painted at the
    // opacity, which a PDF keeps as one RGB image and a constant alpha (no soft mask).
    bool opaque = true;
    for (std::size_t i = 3; opaque && i < img.rgba.size(); i += 4)
        opaque = img.rgba[i] == 255;
    // Over a known ground colour, composited here: opaque, painted as it is.
    const bool over_ground = ground != nullptr && ground->a >= 1.0;
    const auto ground_byte = [&](double v) {
        return static_cast<std::uint32_t>(std::lround(std::clamp(v, 0.0, 1.0) * 255));
    };
    const std::uint32_t gr = over_ground ? ground_byte(ground->r) : 0,
                        gg = over_ground ? ground_byte(ground->g) : 0,
                        gb = over_ground ? ground_byte(ground->b) : 0;
    if (over_ground) opaque = true;
    detail::SurfacePtr surface(cairo_image_surface_create(
        opaque ? CAIRO_FORMAT_RGB24 : CAIRO_FORMAT_ARGB32, img.width, img.height));
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) return;
    cairo_surface_flush(surface.get());
    unsigned char* data = cairo_image_surface_get_data(surface.get());
    const int stride = cairo_image_surface_get_stride(surface.get());
    // Opacity in the pixels (not opaque), composited over the ground, or left to the paint.
    const double baked = over_ground || !opaque ? opacity : 1.0;
    // Premultiplied ARGB; grey as luma (0.299 R + 0.587 G + 0.114 B in 1/1024ths).
    const auto scale = static_cast<std::uint32_t>(std::lround(baked * 256));
    // On paper, an opaque picture goes in as a JPEG (grey: one channel), which the PDF keeps
    // as it is: a tenth of the bytes, and no compressing of the pixels while the page is
    // written. Its pixels (grey, composited) are written in the same pass as the surface's.
    const bool paper_jpeg = opaque && detail::is_vector(cr);
    geo::RgbaImage drawn;
    if (paper_jpeg) {
        drawn.width = img.width;
        drawn.height = img.height;
        drawn.rgba.resize(img.rgba.size());
    }
    for (int y = 0; y < img.height; ++y) {
        auto* row =
            reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
        const std::uint8_t* in = &img.rgba[static_cast<std::size_t>(y) * img.width * 4];
        for (int x = 0; x < img.width; ++x, in += 4) {
            std::uint32_t r = in[0], g = in[1], b = in[2];
            if (grey) r = g = b = (306 * r + 601 * g + 117 * b + 512) >> 10;
            const std::uint32_t a = std::min<std::uint32_t>(255, (in[3] * scale + 128) >> 8);
            if (over_ground) {
                const auto mix = [a](std::uint32_t v, std::uint32_t under) {
                    return (v * a + under * (255 - a) + 127) / 255;
                };
                row[x] = 0xffu << 24 | mix(r, gr) << 16 | mix(g, gg) << 8 | mix(b, gb);
            } else {
                const auto c = [a](std::uint32_t v) { return (v * a + 127) / 255; };
                row[x] = a << 24 | c(r) << 16 | c(g) << 8 | c(b);
            }
        }
        if (paper_jpeg) {
            std::uint8_t* out = &drawn.rgba[static_cast<std::size_t>(y) * img.width * 4];
            for (int x = 0; x < img.width; ++x, out += 4) {
                out[0] = static_cast<std::uint8_t>(row[x] >> 16);
                out[1] = static_cast<std::uint8_t>(row[x] >> 8);
                out[2] = static_cast<std::uint8_t>(row[x]);
                out[3] = 255;
            }
        }
    }
    cairo_surface_mark_dirty(surface.get());
    if (paper_jpeg) {
        const bool one_channel = grey && !over_ground;
        const std::string jpeg = geo::jpeg_bytes(drawn, one_channel, 85);
        if (!jpeg.empty()) {
            auto* copy = static_cast<unsigned char*>(std::malloc(jpeg.size()));
            if (copy) {
                std::memcpy(copy, jpeg.data(), jpeg.size());
                if (cairo_surface_set_mime_data(surface.get(), CAIRO_MIME_TYPE_JPEG, copy,
                                                jpeg.size(), std::free,
                                                copy) != CAIRO_STATUS_SUCCESS)
                    std::free(copy);
            }
        }
    }
    // The image's extent on the drawing area.
    const geo::Point a = view.to_device({image.extent.minx, image.extent.maxy}, width, height);
    const geo::Point z = view.to_device({image.extent.maxx, image.extent.miny}, width, height);
    if (!(z.x > a.x) || !(z.y > a.y)) return;
    cairo_save(cr);
    cairo_rectangle(cr, 0, 0, width, height);
    cairo_clip(cr);
    cairo_translate(cr, a.x, a.y);
    cairo_scale(cr, (z.x - a.x) / img.width, (z.y - a.y) / img.height);
    cairo_set_source_surface(cr, surface.get(), 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    // PAD keeps the image's edge pixels whole on screen; a PDF would pad a copy of the image
    // (and drop its JPEG), and its clip is the image's rectangle anyway.
    cairo_pattern_set_extend(cairo_get_source(cr),
                             detail::is_vector(cr) ? CAIRO_EXTEND_NONE : CAIRO_EXTEND_PAD);
    cairo_rectangle(cr, 0, 0, img.width, img.height);
    cairo_clip(cr);
    if (opaque && !over_ground)
        cairo_paint_with_alpha(cr, opacity);
    else
        cairo_paint(cr);
    cairo_restore(cr);
}

void clear_basemap_cache() {
    std::lock_guard lock(cache().mutex);
    cache().entries.clear();
}

} // namespace cordon::render
