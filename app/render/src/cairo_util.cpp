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

bool is_vector(cairo_t* cr) {
    switch (cairo_surface_get_type(cairo_get_target(cr))) {
    case CAIRO_SURFACE_TYPE_PDF:
    case CAIRO_SURFACE_TYPE_PS:
    case CAIRO_SURFACE_TYPE_SVG:
        return true;
    default:
        return false;
    }
}

Grid::Grid(cairo_t* cr) {
    if (!is_vector(cr)) return;
    cairo_matrix_t m;
    cairo_get_matrix(cr, &m);
    if (m.xx != 1 || m.yy != 1 || m.xy != 0 || m.yx != 0) return;
    m_active = true;
    m_tx = m.x0;
    m_ty = m.y0;
}

double Grid::snap(double v) {
    return std::round(v / k_step) * k_step;
}

void draw_halo(cairo_t* cr, const Rgba& colour, double width, const std::vector<double>& glyphs) {
    cairo_matrix_t m;
    cairo_get_matrix(cr, &m);
    const double scale = std::sqrt(std::abs(m.xx * m.yy - m.xy * m.yx));
    const double tolerance = cairo_get_tolerance(cr);
    cairo_set_tolerance(cr, k_halo_tolerance);
    cairo_path_t* flat = cairo_copy_path_flat(cr);
    cairo_set_tolerance(cr, tolerance);
    cairo_new_path(cr);
    // The points of each glyph's outlines in device space; a contour goes to the glyph whose
    // span holds the mean of its x (before the transformation).
    struct Point {
        double x, y;
    };
    std::vector<std::vector<Point>> points(std::max<std::size_t>(1, glyphs.size()));
    std::vector<Point> contour;
    double sum_x = 0;
    auto flush = [&] {
        if (contour.empty()) return;
        const double mean = sum_x / static_cast<double>(contour.size());
        const auto after = std::upper_bound(glyphs.begin(), glyphs.end(), mean);
        const std::size_t k =
            after == glyphs.begin() ? 0 : static_cast<std::size_t>(after - glyphs.begin() - 1);
        auto& into = points[std::min(k, points.size() - 1)];
        for (Point p : contour) {
            cairo_matrix_transform_point(&m, &p.x, &p.y);
            into.push_back(p);
        }
        contour.clear();
        sum_x = 0;
    };
    for (int i = 0; i < flat->num_data; i += flat->data[i].header.length) {
        const cairo_path_data_t& d = flat->data[i];
        if (d.header.type == CAIRO_PATH_MOVE_TO) flush();
        if (d.header.type == CAIRO_PATH_MOVE_TO || d.header.type == CAIRO_PATH_LINE_TO) {
            contour.push_back({flat->data[i + 1].point.x, flat->data[i + 1].point.y});
            sum_x += flat->data[i + 1].point.x;
        }
    }
    flush();
    cairo_path_destroy(flat);

    SavedState saved(cr);
    cairo_identity_matrix(cr);
    const Grid grid(cr);
    for (auto& glyph : points) {
        if (glyph.empty()) continue;
        // Andrew's monotone chain: the convex hull, counter-clockwise on the page.
        std::sort(glyph.begin(), glyph.end(),
                  [](Point a, Point b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
        auto cross = [](Point o, Point a, Point b) {
            return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
        };
        std::vector<Point> hull(2 * glyph.size());
        std::size_t k = 0;
        for (std::size_t i = 0; i < glyph.size(); ++i) {
            while (k >= 2 && cross(hull[k - 2], hull[k - 1], glyph[i]) <= 0)
                --k;
            hull[k++] = glyph[i];
        }
        for (std::size_t i = glyph.size() - 1, lower = k + 1; i > 0; --i) {
            while (k >= lower && cross(hull[k - 2], hull[k - 1], glyph[i - 1]) <= 0)
                --k;
            hull[k++] = glyph[i - 1];
        }
        hull.resize(k > 1 ? k - 1 : k);
        Point last{grid.x(hull.front().x), grid.y(hull.front().y)};
        cairo_move_to(cr, last.x, last.y);
        for (std::size_t i = 1; i < hull.size(); ++i) {
            const Point p{grid.x(hull[i].x), grid.y(hull[i].y)};
            if (std::abs(p.x - last.x) < k_halo_step && std::abs(p.y - last.y) < k_halo_step)
                continue;
            cairo_line_to(cr, p.x, p.y);
            last = p;
        }
        cairo_close_path(cr);
    }
    // Opaque, so that cairo fills and strokes the hulls with one operator.
    set_source(cr, {colour.r, colour.g, colour.b, 1});
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
    cairo_fill_preserve(cr);
    cairo_set_line_width(cr, width * scale);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_dash(cr, nullptr, 0, 0);
    cairo_stroke(cr);
}

Tiles::~Tiles() {
    for (const Entry& e : m_entries)
        cairo_pattern_destroy(e.tile);
}

void Tiles::set_source(cairo_t* cr, const AreaStyle& style, double px) {
    constexpr double k_units = 64;
    const Rgba& c = style.pattern_colour;
    for (const Entry& e : m_entries)
        if (e.pattern == style.pattern && e.spacing == style.pattern_spacing && e.px == px &&
            e.colour.r == c.r && e.colour.g == c.g && e.colour.b == c.b && e.colour.a == c.a) {
            cairo_set_source(cr, e.tile);
            return;
        }
    const double spacing = style.pattern_spacing * px;
    const bool dots = style.pattern == Pattern::dots;
    // Dots: rows `spacing` apart, every other row shifted by half a spacing; lines at 45°,
    // `spacing` apart, which repeat every spacing * sqrt(2) across and down. Marks on a
    // cell's edge are drawn from each cell they reach into.
    const double w = dots ? spacing : spacing * std::sqrt(2.0);
    const double h = dots ? 2 * spacing : w;
    // The cell is recorded k_units wide and scaled down by the pattern's matrix: cairo gives a
    // recording surface whole-unit extents, and the PDF repeats the cell by those.
    const double f = k_units / w;
    const cairo_rectangle_t extents{0, 0, k_units, std::round(h * f)};
    SurfacePtr cell(cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents));
    {
        ContextPtr cell_cr(cairo_create(cell.get()));
        cairo_t* t = cell_cr.get();
        cairo_scale(t, f, f);
        detail::set_source(t, c);
        cairo_set_line_cap(t, CAIRO_LINE_CAP_ROUND);
        if (dots) {
            // Discs of radius 1.1 px: zero-length segments with round caps, as draw_pattern.
            const double at[][2] = {{0, 0}, {w, 0}, {0, h}, {w, h}, {w / 2, spacing}};
            for (const auto& p : at) {
                cairo_move_to(t, p[0], p[1]);
                cairo_line_to(t, p[0], p[1]);
            }
            cairo_set_line_width(t, 2 * 1.1 * px);
        } else {
            for (const double k : {0.0, w, 2 * w}) { // x + y = k
                cairo_move_to(t, k, 0);
                cairo_line_to(t, k - w, w);
            }
            if (style.pattern == Pattern::cross_hatch)
                for (const double k : {-w, 0.0, w}) { // x - y = k
                    cairo_move_to(t, k, 0);
                    cairo_line_to(t, k + w, w);
                }
            cairo_set_line_width(t, 0.9 * px);
        }
        cairo_stroke(t);
    }
    cairo_pattern_t* tile = cairo_pattern_create_for_surface(cell.get());
    cairo_pattern_set_extend(tile, CAIRO_EXTEND_REPEAT);
    cairo_matrix_t matrix;
    cairo_matrix_init_scale(&matrix, f, f);
    cairo_pattern_set_matrix(tile, &matrix);
    m_entries.push_back({style.pattern, style.pattern_spacing, c, px, tile});
    cairo_set_source(cr, tile);
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
    const auto [width, height] = set_layout_text(m_layout, m_font, text, size, bold);
    m_size = {width, height};
    return m_size;
}

void TextPainter::draw_centred(double x, double y, double angle, const Rgba& colour,
                               const Rgba& halo, double halo_width) {
    cairo_save(m_cr);
    cairo_translate(m_cr, x, y);
    // For a PDF, PostScript or SVG surface (no hinting), the layout takes the matrix before
    // the rotation: the same for every label, so pango keeps its fonts and glyphs. With the
    // angle in it, every road name at a new angle had pango look its fonts up again in
    // fontconfig and lay the text out anew. The glyphs are drawn turned all the same.
    const bool vector = is_vector(m_cr);
    if (vector) pango_cairo_update_layout(m_cr, m_layout);
    if (angle != 0) cairo_rotate(m_cr, angle);
    if (!vector) pango_cairo_update_layout(m_cr, m_layout);
    if (halo_width > 0) {
        cairo_move_to(m_cr, -m_size.width / 2, -m_size.height / 2);
        pango_cairo_layout_path(m_cr, m_layout);
        if (vector) {
            // Where each glyph starts, in the text's user space.
            std::vector<double> glyphs;
            PangoLayoutIter* it = pango_layout_get_iter(m_layout);
            do {
                PangoRectangle logical;
                pango_layout_iter_get_cluster_extents(it, nullptr, &logical);
                glyphs.push_back(-m_size.width / 2 + static_cast<double>(logical.x) / PANGO_SCALE);
            } while (pango_layout_iter_next_cluster(it));
            pango_layout_iter_free(it);
            std::sort(glyphs.begin(), glyphs.end());
            draw_halo(m_cr, halo, halo_width, glyphs);
        } else {
            set_source(m_cr, halo);
            cairo_set_line_width(m_cr, halo_width);
            cairo_set_line_join(m_cr, CAIRO_LINE_JOIN_ROUND);
            cairo_set_dash(m_cr, nullptr, 0, 0);
            cairo_stroke(m_cr);
        }
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
