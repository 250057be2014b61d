#pragma once
// Small private helpers around cairo and pango handles.

#include <cordon/render/style.hpp>

#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>
#include <string_view>

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

/// Sets `dash` (in reference px) scaled by `px`, or a solid line when it is empty.
void set_dash(cairo_t* cr, const std::vector<double>& dash, double px);

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
