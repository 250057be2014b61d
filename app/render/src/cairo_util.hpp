#pragma once
// Small private helpers around cairo and pango handles.

#include <cordon/render/style.hpp>

#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace cordon::render::detail {

struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
    void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using ContextPtr = std::unique_ptr<cairo_t, ContextDeleter>;

/// cairo_save() now, cairo_restore() at the end of the scope.
class SavedState {
public:
    explicit SavedState(cairo_t* cr) : m_cr(cr) { cairo_save(m_cr); }
    ~SavedState() { cairo_restore(m_cr); }
    SavedState(const SavedState&) = delete;
    SavedState& operator=(const SavedState&) = delete;

private:
    cairo_t* m_cr;
};

inline void set_source(cairo_t* cr, const Rgba& c) {
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
}

/// Sets `text` on `layout` in `font` at `size` device units, bold or not; returns its logical
/// width and height.
inline std::pair<double, double> set_layout_text(PangoLayout* layout, PangoFontDescription* font,
                                                 std::string_view text, double size, bool bold) {
    pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, font);
    pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
    PangoRectangle logical;
    pango_layout_get_extents(layout, nullptr, &logical);
    return {static_cast<double>(logical.width) / PANGO_SCALE,
            static_cast<double>(logical.height) / PANGO_SCALE};
}

/// Sets `dash` (in reference px) scaled by `px`, or a solid line when it is empty.
void set_dash(cairo_t* cr, const std::vector<double>& dash, double px);

/// Whether `cr` draws into a vector surface (PDF, PostScript, SVG).
bool is_vector(cairo_t* cr);

/// Rounds coordinates to a grid of a quarter device unit on vector surfaces, where the
/// current transformation is a translation: cairo writes every coordinate of a PDF with up to
/// three decimals, and most of a map page is coordinates, so shorter numbers make smaller
/// content to format and compress. A quarter point (0.09 mm) is far below what print shows,
/// and a multiple of cairo's 1/256 fixed-point unit, so it is written exactly ("12.25").
/// Elsewhere (images, rotated or scaled user spaces) it leaves coordinates alone.
class Grid {
public:
    static constexpr double k_step = 0.25;
    explicit Grid(cairo_t* cr);
    bool active() const { return m_active; }
    double x(double v) const { return m_active ? snap(v + m_tx) - m_tx : v; }
    double y(double v) const { return m_active ? snap(v + m_ty) - m_ty : v; }

private:
    static double snap(double v);
    bool m_active = false;
    double m_tx = 0;
    double m_ty = 0;
};

/// `top` composed over the opaque `under`: an opaque colour that looks the same.
inline Rgba over(const Rgba& top, const Rgba& under) {
    const double a = top.a;
    return {a * top.r + (1 - a) * under.r, a * top.g + (1 - a) * under.g,
            a * top.b + (1 - a) * under.b, 1};
}

/// Area patterns (dots, hatching) as repeating cells: on a PDF a tiling pattern, so an area's
/// dots or lines take its path once instead of one segment each in the page's content. The
/// cells repeat from the origin of the user space, where draw_pattern anchors them too.
class Tiles {
public:
    Tiles() = default;
    ~Tiles();
    Tiles(const Tiles&) = delete;
    Tiles& operator=(const Tiles&) = delete;
    /// Makes the pattern of `style` (px: device units per reference pixel) the source of `cr`.
    void set_source(cairo_t* cr, const AreaStyle& style, double px);

private:
    struct Entry {
        Pattern pattern;
        double spacing;
        Rgba colour;
        double px;
        cairo_pattern_t* tile;
    };
    std::vector<Entry> m_entries;
};

/// A halo for a vector surface under the text whose outlines are the current path: each
/// glyph's convex hull (outlines flattened to within k_halo_tolerance device units, on the
/// Grid, without points closer than k_halo_step to the last), filled and stroked `width` user
/// units wide in `colour` made opaque. `glyphs`: where each glyph's span starts along the
/// text's x axis, ascending. The glyph outlines themselves, stroked, were a fifth of a map
/// page's content (the Bézier curves of every glyph with exact coordinates); a hull takes a
/// dozen points, and for the square Chinese glyphs it covers what their stroked outlines
/// covered.
constexpr double k_halo_tolerance = 0.25;
constexpr double k_halo_step = 0.4;
void draw_halo(cairo_t* cr, const Rgba& colour, double width, const std::vector<double>& glyphs);

/// An axis-parallel rectangle in device units.
struct Rect {
    double x0 = 0;
    double y0 = 0;
    double x1 = 0;
    double y1 = 0;

    bool overlaps(const Rect& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
    bool inside(const Rect& o) const {
        return x0 >= o.x0 && y0 >= o.y0 && x1 <= o.x1 && y1 <= o.y1;
    }
    Rect grown(double d) const { return {x0 - d, y0 - d, x1 + d, y1 + d}; }
};

/// One pango layout reused for every piece of text drawn on one cairo context.
class TextPainter {
public:
    TextPainter(cairo_t* cr, const char* family);
    ~TextPainter();
    TextPainter(const TextPainter&) = delete;
    TextPainter& operator=(const TextPainter&) = delete;

    /// Sets the text and its size in device units; returns the size of its ink-free logical box.
    struct Size {
        double width = 0;
        double height = 0;
    };
    Size set(std::string_view text, double size, bool bold = false);
    /// Draws the current text centred on (x, y), turned by `angle` radians, over a halo of
    /// `halo_width` device units (none when 0).
    void draw_centred(double x, double y, double angle, const Rgba& colour, const Rgba& halo,
                      double halo_width);
    /// Draws the current text with its top-left corner at (x, y).
    void draw_at(double x, double y, const Rgba& colour);

private:
    cairo_t* m_cr;
    PangoLayout* m_layout;
    PangoFontDescription* m_font;
    Size m_size;
};

/// The rectangles of the labels placed so far; refuses a new one that overlaps any of them.
/// A grid of buckets keeps the look-up cheap when thousands of labels are tried.
class LabelPlacer {
public:
    explicit LabelPlacer(const Rect& bounds, double cell = 64);
    /// Places `r` if it lies inside the bounds and overlaps nothing placed; says whether it did.
    bool try_place(const Rect& r);
    /// Reserves `r` (a symbol, say) so that no label is placed over it.
    void block(const Rect& r);
    bool free(const Rect& r) const;

private:
    void insert(const Rect& r);
    template <typename F> void for_cells(const Rect& r, F&& f) const;

    Rect m_bounds;
    double m_cell;
    int m_cols;
    int m_rows;
    std::vector<Rect> m_rects;
    std::vector<std::vector<std::size_t>> m_buckets;
};

} // namespace cordon::render::detail
