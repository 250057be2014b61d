#include "cairo_util.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace cordon::render::detail {

void set_dash(cairo_t* cr, const std::vector<double>& dash, double px) {
    if (dash.empty()) {
        cairo_set_dash(cr, nullptr, 0, 0);
        return;
    }
    std::vector<double> scaled(dash);
    for (double& d : scaled)
        d *= px;
    cairo_set_dash(cr, scaled.data(), static_cast<int>(scaled.size()), 0);
}

TextPainter::TextPainter(cairo_t* cr, const char* family)
    : m_cr(cr), m_layout(pango_cairo_create_layout(cr)), m_font(pango_font_description_new()) {
    pango_font_description_set_family(m_font, family);
    pango_layout_set_font_description(m_layout, m_font);
}

TextPainter::~TextPainter() {
    pango_font_description_free(m_font);
    g_object_unref(m_layout);
}

TextPainter::Size TextPainter::set(std::string_view text, double size, bool bold) {
    pango_font_description_set_absolute_size(m_font, size * PANGO_SCALE);
    pango_font_description_set_weight(m_font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(m_layout, m_font);
    pango_layout_set_text(m_layout, text.data(), static_cast<int>(text.size()));
    PangoRectangle logical;
    pango_layout_get_extents(m_layout, nullptr, &logical);
    m_size = {static_cast<double>(logical.width) / PANGO_SCALE,
              static_cast<double>(logical.height) / PANGO_SCALE};
    return m_size;
}

void TextPainter::draw_centred(double x, double y, double angle, const Rgba& colour,
                               const Rgba& halo, double halo_width) {
    cairo_save(m_cr);
    cairo_translate(m_cr, x, y);
    if (angle != 0) cairo_rotate(m_cr, angle);
    pango_cairo_update_layout(m_cr, m_layout);
    if (halo_width > 0) {
        cairo_move_to(m_cr, -m_size.width / 2, -m_size.height / 2);
        pango_cairo_layout_path(m_cr, m_layout);
        set_source(m_cr, halo);
        cairo_set_line_width(m_cr, halo_width);
        cairo_set_line_join(m_cr, CAIRO_LINE_JOIN_ROUND);
        cairo_set_dash(m_cr, nullptr, 0, 0);
        cairo_stroke(m_cr);
    }
    cairo_move_to(m_cr, -m_size.width / 2, -m_size.height / 2);
    set_source(m_cr, colour);
    pango_cairo_show_layout(m_cr, m_layout);
    cairo_restore(m_cr);
}

void TextPainter::draw_at(double x, double y, const Rgba& colour) {
    pango_cairo_update_layout(m_cr, m_layout);
    cairo_move_to(m_cr, x, y);
    set_source(m_cr, colour);
    pango_cairo_show_layout(m_cr, m_layout);
    cairo_new_path(m_cr);
}

LabelPlacer::LabelPlacer(const Rect& bounds, double cell)
    : m_bounds(bounds), m_cell(std::max(8.0, cell)),
      m_cols(std::max(1, static_cast<int>(std::ceil((bounds.x1 - bounds.x0) / m_cell)))),
      m_rows(std::max(1, static_cast<int>(std::ceil((bounds.y1 - bounds.y0) / m_cell)))),
      m_buckets(static_cast<std::size_t>(m_cols) * static_cast<std::size_t>(m_rows)) {}

template <typename F> void LabelPlacer::for_cells(const Rect& r, F&& f) const {
    auto col = [&](double x) {
        return std::clamp(static_cast<int>(std::floor((x - m_bounds.x0) / m_cell)), 0, m_cols - 1);
    };
    auto row = [&](double y) {
        return std::clamp(static_cast<int>(std::floor((y - m_bounds.y0) / m_cell)), 0, m_rows - 1);
    };
    for (int j = row(r.y0); j <= row(r.y1); ++j)
        for (int i = col(r.x0); i <= col(r.x1); ++i)
            f(static_cast<std::size_t>(j) * static_cast<std::size_t>(m_cols) +
              static_cast<std::size_t>(i));
}

bool LabelPlacer::free(const Rect& r) const {
    bool clear = true;
    for_cells(r, [&](std::size_t cell) {
        if (!clear) return;
        for (std::size_t index : m_buckets[cell])
            if (m_rects[index].overlaps(r)) {
                clear = false;
                return;
            }
    });
    return clear;
}

void LabelPlacer::insert(const Rect& r) {
    const std::size_t index = m_rects.size();
    m_rects.push_back(r);
    for_cells(r, [&](std::size_t cell) { m_buckets[cell].push_back(index); });
}

bool LabelPlacer::try_place(const Rect& r) {
    if (!r.inside(m_bounds) || !free(r)) return false;
    insert(r);
    return true;
}

void LabelPlacer::block(const Rect& r) {
    if (r.overlaps(m_bounds)) insert(r);
}

} // namespace cordon::render::detail
