#pragma once
// The parts of a printed page the atlas and the table reports share: the colours, text set
// with pango (cut with an ellipsis), lists that flow down and across bands, and a PDF surface
// writing into a geo::OutputFile.

#include "cairo_util.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/output_file.hpp>
#include <cordon/render/decorations.hpp>
#include <cordon/render/style.hpp>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cstddef>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

namespace cordon::render::detail::page {

inline constexpr double k_row = 11.5;      // one row of a list
inline constexpr double k_list_font = 7.5; // list text
inline constexpr double k_band_gap = 12;   // between the side-by-side bands of a list
inline const Rgba k_ink = Rgba::hex(0x1a1a1a);
inline const Rgba k_grey = Rgba::hex(0x5a5a5a);
inline const Rgba k_rule = Rgba::hex(0x9a9a9a);
inline const Rgba k_shade = Rgba::hex(0xececec);
inline const Rgba k_white = Rgba::hex(0xffffff);

/// A pango layout in a page's font with ellipsis for text too wide for its column.
class Text {
public:
    Text(cairo_t* cr, const std::string& family)
        : m_cr(cr), m_layout(pango_cairo_create_layout(cr)), m_font(pango_font_description_new()) {
        pango_font_description_set_family(m_font, family.c_str());
        pango_layout_set_ellipsize(m_layout, PANGO_ELLIPSIZE_END);
    }
    ~Text() {
        pango_font_description_free(m_font);
        g_object_unref(m_layout);
    }
    Text(const Text&) = delete;
    Text& operator=(const Text&) = delete;

    /// Sets the text; `max_width` > 0 cuts it with an ellipsis. Returns its logical size.
    Extent set(const std::string& text, double size, bool bold = false, double max_width = -1,
               bool wrap = false) {
        pango_layout_set_ellipsize(m_layout, wrap ? PANGO_ELLIPSIZE_NONE : PANGO_ELLIPSIZE_END);
        pango_layout_set_wrap(m_layout, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_width(m_layout,
                               max_width > 0 ? static_cast<int>(max_width * PANGO_SCALE) : -1);
        const auto [width, height] = set_layout_text(m_layout, m_font, text, size, bold);
        m_size = {width, height};
        return m_size;
    }
    /// Draws the text set last with its top-left corner at (x, y), over a halo when > 0.
    void draw(double x, double y, const Rgba& colour, double halo = 0) {
        pango_cairo_update_layout(m_cr, m_layout);
        if (halo > 0) {
            SavedState saved(m_cr);
            cairo_move_to(m_cr, x, y);
            pango_cairo_layout_path(m_cr, m_layout);
            set_source(m_cr, k_white);
            cairo_set_line_width(m_cr, halo);
            cairo_set_line_join(m_cr, CAIRO_LINE_JOIN_ROUND);
            cairo_set_dash(m_cr, nullptr, 0, 0);
            cairo_stroke(m_cr);
        }
        cairo_move_to(m_cr, x, y);
        set_source(m_cr, colour);
        pango_cairo_show_layout(m_cr, m_layout);
        cairo_new_path(m_cr);
    }
    /// Sets and draws in one; returns the width.
    double put(const std::string& text, double x, double y, double size, const Rgba& colour,
               bool bold = false, double max_width = -1) {
        const Extent e = set(text, size, bold, max_width);
        draw(x, y, colour);
        return e.width;
    }
    Extent size() const { return m_size; }

private:
    cairo_t* m_cr;
    PangoLayout* m_layout;
    PangoFontDescription* m_font;
    Extent m_size;
};

struct Box2 {
    double x = 0, y = 0, w = 0, h = 0;
};

struct Column {
    std::string header;
    double width = 0; ///< points; 0: takes what the fixed columns leave
    bool right = false;
};

using Row = std::vector<std::string>;

/// A table that flows down then across side-by-side bands of `band_width`.
struct Table {
    std::vector<Column> columns;
    double band_width = 180;

    int bands(double width) const {
        return std::max(1, static_cast<int>((width + k_band_gap) / (band_width + k_band_gap)));
    }
    int rows_per_band(double height) const {
        return std::max(0, static_cast<int>((height - k_row * 1.3) / k_row));
    }
    int capacity(const Box2& area) const { return bands(area.w) * rows_per_band(area.h); }

    /// Draws rows [first, first + capacity) into `area`; returns how many it drew.
    int draw(Text& text, cairo_t* cr, const Box2& area, const std::vector<Row>& rows,
             std::size_t first) const {
        const int n_bands = bands(area.w);
        const int per_band = rows_per_band(area.h);
        const double bw = (area.w - k_band_gap * (n_bands - 1)) / n_bands;
        double fixed_w = 0;
        int flex = 0;
        for (const auto& c : columns)
            fixed_w += c.width, flex += c.width <= 0 ? 1 : 0;
        const double flex_w = flex > 0 ? std::max(10.0, (bw - fixed_w) / flex) : 0;
        int drawn = 0;
        for (int band = 0; band < n_bands && first + drawn < rows.size(); ++band) {
            const double bx = area.x + band * (bw + k_band_gap);
            double y = area.y;
            // Header row, then a rule.
            double x = bx;
            for (const auto& c : columns) {
                const double w = c.width > 0 ? c.width : flex_w;
                const Extent e = text.set(c.header, k_list_font, true, w - 3);
                text.draw(c.right ? x + w - 3 - e.width : x + 1.5, y + 1, k_ink);
                x += w;
            }
            y += k_row * 1.3;
            cairo_move_to(cr, bx, y - 1.5);
            cairo_line_to(cr, bx + bw, y - 1.5);
            set_source(cr, k_ink);
            cairo_set_line_width(cr, 0.8);
            cairo_stroke(cr);
            const std::size_t band_first = first + static_cast<std::size_t>(drawn);
            const std::size_t band_rows =
                std::min(rows.size() - band_first, static_cast<std::size_t>(per_band));
            // The shading of every other row, one fill under the band's text.
            if (band_rows > 1) {
                for (std::size_t r = 1; r < band_rows; r += 2)
                    cairo_rectangle(cr, bx, y - 0.5 + static_cast<double>(r) * k_row, bw, k_row);
                set_source(cr, k_shade);
                cairo_fill(cr);
            }
            for (std::size_t r = 0; r < band_rows; ++r) {
                const Row& row = rows[band_first + r];
                x = bx;
                for (std::size_t c = 0; c < columns.size() && c < row.size(); ++c) {
                    const double w = columns[c].width > 0 ? columns[c].width : flex_w;
                    const Extent e = text.set(row[c], k_list_font, c == 0, w - 3);
                    text.draw(columns[c].right ? x + w - 3 - e.width : x + 1.5, y + 0.8, k_ink);
                    x += w;
                }
                y += k_row;
            }
            drawn += static_cast<int>(band_rows);
            cairo_move_to(cr, bx, y);
            cairo_line_to(cr, bx + bw, y);
            set_source(cr, k_rule);
            cairo_set_line_width(cr, 0.5);
            cairo_stroke(cr);
        }
        return drawn;
    }
};

/// A PDF surface whose bytes go to an OutputFile; the first failed write is kept (cairo
/// only says WRITE_ERROR) and rethrown by check().
class PdfToFile {
public:
    PdfToFile(geo::OutputFile& file, const Extent& size) : m_file(file) {
        m_surface.reset(
            cairo_pdf_surface_create_for_stream(&PdfToFile::write, this, size.width, size.height));
    }
    cairo_surface_t* surface() const { return m_surface.get(); }
    /// Throws the write's failure, or InputError naming `path` with cairo's status.
    void check(const std::string& path) const {
        if (m_error) std::rethrow_exception(m_error);
        if (cairo_surface_status(m_surface.get()) != CAIRO_STATUS_SUCCESS)
            throw InputError(path + ": cannot write (" +
                             cairo_status_to_string(cairo_surface_status(m_surface.get())) + ")");
    }
    /// Ends the PDF (fonts embedded, cross-references written) and checks it.
    void finish(const std::string& path) {
        cairo_surface_finish(m_surface.get());
        check(path);
        m_surface.reset();
        m_file.finish();
    }

private:
    static cairo_status_t write(void* closure, const unsigned char* data, unsigned int length) {
        auto* self = static_cast<PdfToFile*>(closure);
        if (self->m_error) return CAIRO_STATUS_WRITE_ERROR;
        try {
            self->m_file.write(std::string_view(reinterpret_cast<const char*>(data), length));
            return CAIRO_STATUS_SUCCESS;
        } catch (...) {
            self->m_error = std::current_exception();
            return CAIRO_STATUS_WRITE_ERROR;
        }
    }
    geo::OutputFile& m_file;
    std::exception_ptr m_error;
    detail::SurfacePtr m_surface;
};

} // namespace cordon::render::detail::page
