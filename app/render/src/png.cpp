// PNG output at a chosen resolution: cairo draws and encodes; the pHYs chunk that cairo's PNG
// writer leaves out is added here, so that viewers, office programs and printers know the
// image's DPI.

#include "cairo_util.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/output_file.hpp>
#include <cordon/render/map_renderer.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <new>
#include <string>

namespace cordon::render {

namespace {

/// cairo's largest image surface side.
constexpr int k_max_side = 32767;

std::uint32_t crc32(const unsigned char* data, std::size_t size) {
    static const std::array<std::uint32_t, 256> table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t n = 0; n < 256; ++n) {
            std::uint32_t c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1U) != 0 ? 0xedb88320U ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    std::uint32_t c = 0xffffffffU;
    for (std::size_t i = 0; i < size; ++i)
        c = table[(c ^ data[i]) & 0xffU] ^ (c >> 8);
    return c ^ 0xffffffffU;
}

void put_u32(std::string& out, std::uint32_t v) {
    out += static_cast<char>((v >> 24) & 0xffU);
    out += static_cast<char>((v >> 16) & 0xffU);
    out += static_cast<char>((v >> 8) & 0xffU);
    out += static_cast<char>(v & 0xffU);
}

/// A pHYs chunk (PNG 1.2, 4.2.4.2): pixels per metre in x and y, unit 1 (metre).
std::string phys_chunk(double dpi) {
    const auto ppm = static_cast<std::uint32_t>(std::lround(dpi / 0.0254));
    std::string body = "pHYs";
    put_u32(body, ppm);
    put_u32(body, ppm);
    body += '\x01';
    std::string chunk;
    put_u32(chunk, 9);
    chunk += body;
    put_u32(chunk, crc32(reinterpret_cast<const unsigned char*>(body.data()), body.size()));
    return chunk;
}

/// Cairo's status as an exception: out of memory (a large image on a small machine) said as
/// such by the boundary, anything else naming the PNG.
void check(cairo_status_t status, const std::string& path) {
    if (status == CAIRO_STATUS_NO_MEMORY) throw std::bad_alloc();
    if (status != CAIRO_STATUS_SUCCESS)
        throw Error("cannot write PNG " + path + ": " + cairo_status_to_string(status));
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

} // namespace

ImageSize png_size(double width, double height, double dpi) {
    const double f = dpi / k_pixels_per_inch;
    return {static_cast<int>(std::lround(width * f)), static_cast<int>(std::lround(height * f))};
}

ImageSize write_png(const geo::District& district, const View& view, const std::string& path,
                    double width, double height, const RenderOptions& options, double dpi,
                    RenderStats* stats) {
    if (!(dpi > 0) || !std::isfinite(dpi))
        throw Error("cannot write PNG " + path + ": resolution " + std::to_string(dpi) +
                    " dpi is not a positive number");
    const ImageSize size = png_size(width, height, dpi);
    if (width <= 0 || height <= 0 || size.width <= 0 || size.height <= 0)
        throw Error("cannot write PNG " + path + ": image size " + std::to_string(size.width) +
                    "x" + std::to_string(size.height) + " is empty");
    if (size.width > k_max_side || size.height > k_max_side)
        throw Error("cannot write PNG " + path + ": " + std::to_string(size.width) + "x" +
                    std::to_string(size.height) + " pixels is larger than " +
                    std::to_string(k_max_side) + " on a side; lower the size or the DPI");
    // The path is checked before drawing; the image goes beside it and replaces an earlier
    // one only when completely written.
    geo::OutputFile out(path);
    detail::SurfacePtr surface(
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, size.width, size.height));
    check(cairo_surface_status(surface.get()), path);
    {
        // The same map at more pixels per inch: the view's metres per reference pixel spread
        // over dpi/96 device pixels, and every width, symbol and font size grows with it.
        const double f = dpi / k_pixels_per_inch;
        View device_view = view;
        device_view.scale = view.scale / f;
        RenderOptions device_options = options;
        device_options.px = options.px * f;
        detail::ContextPtr cr(cairo_create(surface.get()));
        RenderStats drawn =
            render_map(cr.get(), district, device_view, size.width, size.height, device_options);
        if (stats) *stats = std::move(drawn);
        check(cairo_status(cr.get()), path);
    }
    cairo_surface_flush(surface.get());
    std::string png;
    check(cairo_surface_write_to_png_stream(surface.get(), append, &png), path);
    // The signature (8 bytes) and IHDR (4 + 4 + 13 + 4) come first; pHYs must precede IDAT.
    constexpr std::size_t k_after_ihdr = 8 + 25;
    if (png.size() > k_after_ihdr && png.compare(12, 4, "IHDR") == 0)
        png.insert(k_after_ihdr, phys_chunk(dpi));
    out.write(png);
    out.commit();
    return size;
}

} // namespace cordon::render
