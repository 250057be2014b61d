#include "map_canvas.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/render/decorations.hpp>
#include <cordon/render/style.hpp>

#include <cairo.h>
#include <pango/pangocairo.h>
#include <wx/dcclient.h>
#include <wx/graphics.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numbers>
#include <utility>

namespace cordon::gui {

namespace {
constexpr double k_wheel_step = 1.25;  ///< zoom factor per wheel notch
constexpr double k_key_step = 1.5;     ///< zoom factor per +/- key press
constexpr double k_pan_fraction = 0.2; ///< arrow keys move the map by this share of the window
constexpr int k_click_slop = 4;        ///< pixels a press may move and still be a click
} // namespace

MapCanvas::MapCanvas(wxWindow* parent)
    : wxWindow(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize,
               wxWANTS_CHARS | wxFULL_REPAINT_ON_RESIZE) {
    // Every pixel is painted in OnPaint: no background erase, no flicker.
    SetBackgroundStyle(wxBG_STYLE_PAINT);
    Bind(wxEVT_PAINT, &MapCanvas::OnPaint, this);
    Bind(wxEVT_SIZE, &MapCanvas::OnSize, this);
    Bind(wxEVT_MOUSEWHEEL, &MapCanvas::OnMouseWheel, this);
    Bind(wxEVT_LEFT_DOWN, &MapCanvas::OnLeftDown, this);
    Bind(wxEVT_LEFT_UP, &MapCanvas::OnLeftUp, this);
    Bind(wxEVT_RIGHT_UP, &MapCanvas::OnRightUp, this);
    Bind(wxEVT_MOTION, &MapCanvas::OnMotion, this);
    Bind(wxEVT_LEAVE_WINDOW, &MapCanvas::OnLeave, this);
    Bind(wxEVT_MOUSE_CAPTURE_LOST, &MapCanvas::OnCaptureLost, this);
    Bind(wxEVT_KEY_DOWN, &MapCanvas::OnKeyDown, this);
    Bind(wxEVT_CHAR, &MapCanvas::OnChar, this);
    m_basemaps.on_arrived = [this] {
        ++m_generation;
        Refresh(false);
        if (on_basemaps) on_basemaps();
    };
}

void MapCanvas::SetScreening(const std::unordered_map<geo::Id, render::ScreeningState>* states) {
    m_screening = states;
    Invalidate();
}

void MapCanvas::Invalidate() {
    ++m_generation;
    Refresh(false);
}

void MapCanvas::SetDistrict(std::shared_ptr<const geo::District> district, bool fit) {
    if (fit) m_basemaps.Clear(); // another project: the pictures of the last one go
    m_district = std::move(district);
    ++m_generation;
    if (!fit) {
        Refresh(false);
        return;
    }
    m_fit_pending = true;
    ZoomToFull();
}

void MapCanvas::ZoomToBox(const geo::Box& box) {
    const wxSize size = GetClientSize();
    if (box.empty() || size.x <= 1 || size.y <= 1) return;
    geo::Box b = box;
    const double pad = std::max(20.0, std::max(b.width(), b.height()) * 0.1);
    b.expand(geo::Point{b.minx - pad, b.miny - pad});
    b.expand(geo::Point{b.maxx + pad, b.maxy + pad});
    SetView(render::View::fit(b, size.x, size.y, 24));
}

void MapCanvas::SetHighlight(render::Highlight highlight) {
    m_highlight = std::move(highlight);
    ++m_generation;
    Refresh(false);
}

void MapCanvas::SetStaleZones(std::set<geo::Id> zones) {
    if (zones == m_stale) return;
    m_stale = std::move(zones);
    ++m_generation;
    Refresh(false);
}

void MapCanvas::DrawStale(cairo_t* cr, double width, double height) const {
    if (m_stale.empty() || m_district == nullptr) return;
    cairo_save(cr);
    for (const auto& z : m_district->zones) {
        if (!m_stale.count(z.id)) continue;
        for (const auto& polygon : z.geom)
            for (const auto& ring : polygon.rings)
                for (std::size_t i = 0; i < ring.size(); ++i) {
                    const auto p = m_view.to_device(ring[i], width, height);
                    if (i == 0)
                        cairo_move_to(cr, p.x, p.y);
                    else
                        cairo_line_to(cr, p.x, p.y);
                }
    }
    // Out of date: a black-and-white dashed line over the zone's old outline, unlike any
    // zone colour.
    cairo_set_line_width(cr, 4);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
    cairo_stroke_preserve(cr);
    const double dash[] = {7, 5};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_line_width(cr, 2.5);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void MapCanvas::SetTool(Tool tool) {
    m_tool = tool;
    SetCursor(tool == Tool::pan ? wxNullCursor : wxCursor(wxCURSOR_CROSS));
}

geo::Point MapCanvas::ToWorld(wxPoint p) const {
    const wxSize size = GetClientSize();
    return m_view.to_world({static_cast<double>(p.x), static_cast<double>(p.y)}, size.x, size.y);
}

void MapCanvas::ZoomToFull() {
    const wxSize size = GetClientSize();
    if (m_district == nullptr || size.x <= 1 || size.y <= 1) {
        Refresh();
        return;
    }
    m_fit_pending = false;
    SetView(render::View::fit(m_district->focus_extent(), size.x, size.y, 24));
}

void MapCanvas::ZoomBy(double factor) {
    const wxSize size = GetClientSize();
    ZoomAround(factor, wxPoint(size.x / 2, size.y / 2));
}

void MapCanvas::ZoomAround(double factor, wxPoint anchor) {
    const wxSize size = GetClientSize();
    // Between 1 cm and 1 km per pixel: beyond that nothing useful is left to see.
    const double scale = m_view.scale / factor;
    if (scale < 0.01 || scale > 1000) return;
    SetView(m_view.zoomed(factor, {static_cast<double>(anchor.x), static_cast<double>(anchor.y)},
                          size.x, size.y));
}

void MapCanvas::PanBy(double dx, double dy) {
    SetView(m_view.panned(dx, dy));
}

void MapCanvas::RequestBasemaps() {
    const wxSize size = GetClientSize();
    if (m_district != nullptr && !m_fit_pending)
        m_basemaps.Request(m_district, m_view, size.x, size.y);
}

void MapCanvas::SetView(const render::View& view) {
    m_view = view;
    RequestBasemaps(); // the worker starts now, not at the next paint
    Refresh(false);
    if (on_view_changed) on_view_changed();
}

render::RenderOptions MapCanvas::DrawOptions() const {
    render::RenderOptions options = m_options;
    options.screening = m_screening;
    options.fast_antialias = true; // the window's redraws; exported files keep full quality
    // Never warped here on the UI thread: the loader's worker made them (maybe for an
    // earlier view; each is drawn where it belongs).
    options.basemap_images = m_basemaps.Images();
    if (m_district != nullptr) {
        if (m_index == nullptr || !m_index->matches(*m_district))
            m_index = std::make_unique<render::BuildingIndex>(*m_district);
        options.building_index = m_index.get();
    }
    return options;
}

void MapCanvas::Draw(cairo_t* cr, double width, double height) const {
    render::RenderOptions options = DrawOptions();
    options.highlight = &m_highlight;
    if (m_district != nullptr) {
        const auto start = std::chrono::steady_clock::now();
        const render::RenderStats stats =
            render::render_map(cr, *m_district, m_view, width, height, options);
        if (!(stats.drawn == m_drawn)) {
            m_drawn = stats.drawn;
            // After the paint: the legend is another window.
            if (on_drawn_changed)
                const_cast<MapCanvas*>(this)->CallAfter([this] { on_drawn_changed(); });
        }
        m_last_draw_ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        DrawStale(cr, width, height);
        render::draw_scale_bar(cr, m_view, 10, height - 10, std::min(200.0, width / 3));
        render::draw_north_arrow(cr, width - 42, 12, 34);
    } else {
        render::render_map(cr, geo::District{}, m_view, width, height, options);
        DrawHint(cr, width, height, _("Open a project: File > Open Project... (Ctrl+O)"));
    }
}

void MapCanvas::DrawHint(cairo_t* cr, double width, double height, const wxString& text) {
    PangoLayout* layout = pango_cairo_create_layout(cr);
    PangoFontDescription* font = pango_font_description_new();
    pango_font_description_set_family(font, render::map_style().font_family);
    pango_font_description_set_absolute_size(font, 15 * PANGO_SCALE);
    pango_layout_set_font_description(layout, font);
    const wxScopedCharBuffer utf8 = text.utf8_str();
    pango_layout_set_text(layout, utf8.data(), static_cast<int>(utf8.length()));
    int w = 0, h = 0;
    pango_layout_get_pixel_size(layout, &w, &h);
    cairo_move_to(cr, (width - w) / 2, (height - h) / 2);
    cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
    pango_cairo_show_layout(cr, layout);
    cairo_new_path(cr);
    pango_font_description_free(font);
    g_object_unref(layout);
}

void MapCanvas::DrawOverlay(cairo_t* cr) const {
    if (m_lasso.size() > 1) {
        cairo_move_to(cr, m_lasso[0].x, m_lasso[0].y);
        for (const wxPoint& p : m_lasso)
            cairo_line_to(cr, p.x, p.y);
        cairo_close_path(cr);
        cairo_set_source_rgba(cr, 0, 0.9, 1, 0.15);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0, 0.55, 0.7);
        const double dash[] = {5, 3};
        cairo_set_dash(cr, dash, 2, 0);
        cairo_set_line_width(cr, 1.5);
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
    }
    if (m_moving_checkpoint && m_moved) {
        cairo_arc(cr, m_move_at.x, m_move_at.y, 9, 0, 2 * std::numbers::pi);
        cairo_set_source_rgba(cr, 0.84, 0.15, 0.16, 0.5);
        cairo_fill(cr);
    }
}

double MapCanvas::TimeDraw(int width, int height) const {
    if (m_district == nullptr) return 0;
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
    cairo_t* cr = cairo_create(surface);
    const render::RenderOptions options = DrawOptions(); // the index is made before timing
    const render::View view = render::View::fit(m_district->focus_extent(), width, height, 24);
    const auto start = std::chrono::steady_clock::now();
    render::render_map(cr, *m_district, view, width, height, options);
    cairo_surface_flush(surface);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
    return ms;
}

void MapCanvas::SaveSnapshot(const std::string& path) const {
    const wxSize size = GetClientSize();
    if (size.x <= 0 || size.y <= 0)
        throw Error("cannot write PNG " + path + ": the map has no size");
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, size.x, size.y);
    cairo_t* cr = cairo_create(surface);
    Draw(cr, size.x, size.y);
    cairo_destroy(cr);
    const cairo_status_t status = cairo_surface_write_to_png(surface, path.c_str());
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS)
        throw Error("cannot write PNG " + path + ": " + cairo_status_to_string(status));
}

void MapCanvas::OnPaint(wxPaintEvent&) {
    wxPaintDC dc(this);
    const wxSize size = GetClientSize();
    if (m_fit_pending && m_district != nullptr) {
        m_fit_pending = false;
        m_view = render::View::fit(m_district->focus_extent(), size.x, size.y, 24);
        if (on_view_changed) CallAfter([this] { on_view_changed(); });
    }
    std::unique_ptr<wxGraphicsContext> gc(wxGraphicsContext::Create(dc));
    auto* cr = gc ? static_cast<cairo_t*>(gc->GetNativeContext()) : nullptr;
    if (cr == nullptr) {
        // Not a cairo renderer (never on GTK): say so rather than show a blank map.
        dc.SetBackground(*wxWHITE_BRUSH);
        dc.Clear();
        dc.DrawText(_("This platform has no cairo drawing context."), 10, 10);
        return;
    }
    // Basemaps for this view are asked for (a worker fetches and warps them); the ones there
    // are drawn now.
    RequestBasemaps();
    ++m_frames;
    if (m_basemaps.Loading()) ++m_frames_while_loading;
    // The map comes from the cache unless what it shows changed; the overlays are drawn on it.
    const double factor = GetContentScaleFactor();
    if (m_cache == nullptr || m_cache_generation != m_generation || m_cache_size != size ||
        m_cache_view.scale != m_view.scale || !(m_cache_view.centre == m_view.centre)) {
        m_cache.reset(cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
                                                 static_cast<int>(std::ceil(size.x * factor)),
                                                 static_cast<int>(std::ceil(size.y * factor))),
                      cairo_surface_destroy);
        cairo_surface_set_device_scale(m_cache.get(), factor, factor);
        cairo_t* map = cairo_create(m_cache.get());
        Draw(map, size.x, size.y);
        cairo_destroy(map);
        m_cache_generation = m_generation;
        m_cache_size = size;
        m_cache_view = m_view;
    }
    cairo_save(cr);
    cairo_set_source_surface(cr, m_cache.get(), 0, 0);
    cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
    cairo_paint(cr);
    cairo_restore(cr);
    cairo_save(cr);
    DrawOverlay(cr);
    cairo_restore(cr);
    if (!m_painted) {
        m_painted = true;
        if (on_first_paint) CallAfter([this] { on_first_paint(); });
    }
}

void MapCanvas::OnSize(wxSizeEvent& event) {
    if (m_fit_pending) ZoomToFull();
    Refresh(false);
    event.Skip();
}

void MapCanvas::OnMouseWheel(wxMouseEvent& event) {
    if (m_district == nullptr || event.GetWheelAxis() != wxMOUSE_WHEEL_VERTICAL) return;
    const double notches =
        static_cast<double>(event.GetWheelRotation()) / std::max(1, event.GetWheelDelta());
    ZoomAround(std::pow(k_wheel_step, notches), event.GetPosition());
}

void MapCanvas::OnLeftDown(wxMouseEvent& event) {
    SetFocus();
    if (m_district == nullptr) return;
    m_dragging = true;
    m_moved = false;
    m_drag_start = event.GetPosition();
    m_drag_view = m_view;
    m_lasso.clear();
    m_moving_checkpoint.reset();
    if (m_tool == Tool::move_checkpoint && checkpoint_at)
        m_moving_checkpoint = checkpoint_at(ToWorld(m_drag_start));
    if (!HasCapture()) CaptureMouse();
    if (m_tool == Tool::pan) SetCursor(wxCursor(wxCURSOR_HAND));
}

void MapCanvas::OnLeftUp(wxMouseEvent& event) {
    if (!m_dragging) return;
    m_dragging = false;
    if (HasCapture()) ReleaseMouse();
    if (m_tool == Tool::pan) SetCursor(wxNullCursor);
    const wxPoint p = event.GetPosition();
    const geo::Point world = ToWorld(p);
    if (m_moving_checkpoint) {
        const geo::Id id = *m_moving_checkpoint;
        m_moving_checkpoint.reset();
        Refresh(false);
        if (m_moved && on_move_checkpoint) on_move_checkpoint(id, world);
        return;
    }
    if (!m_lasso.empty()) {
        std::vector<geo::Point> ring;
        for (const wxPoint& q : m_lasso)
            ring.push_back(ToWorld(q));
        m_lasso.clear();
        Refresh(false);
        if (ring.size() >= 3 && on_lasso) on_lasso(ring);
        return;
    }
    if (m_moved) return; // a pan
    if (m_tool == Tool::add_checkpoint) {
        if (on_add_checkpoint) on_add_checkpoint(world);
        return;
    }
    if (on_click) on_click(world, event.ShiftDown() || event.ControlDown());
}

void MapCanvas::OnRightUp(wxMouseEvent& event) {
    if (m_district != nullptr && on_context)
        on_context(ToWorld(event.GetPosition()), event.GetPosition());
}

void MapCanvas::OnMotion(wxMouseEvent& event) {
    const wxPoint p = event.GetPosition();
    if (m_dragging && event.LeftIsDown() && m_district != nullptr) {
        if (std::abs(p.x - m_drag_start.x) > k_click_slop ||
            std::abs(p.y - m_drag_start.y) > k_click_slop)
            m_moved = true;
        if (m_moving_checkpoint) {
            m_move_at = p;
            Refresh(false);
        } else if (m_tool == Tool::select && m_moved) {
            if (m_lasso.empty()) m_lasso.push_back(m_drag_start);
            m_lasso.push_back(p);
            Refresh(false);
        } else if (m_moved && (m_tool == Tool::pan || m_tool == Tool::add_checkpoint ||
                               m_tool == Tool::move_checkpoint)) {
            SetView(m_drag_view.panned(p.x - m_drag_start.x, p.y - m_drag_start.y));
        }
    }
    if (on_cursor) {
        if (m_district != nullptr)
            on_cursor(ToWorld(p));
        else
            on_cursor(std::nullopt);
    }
}

void MapCanvas::OnLeave(wxMouseEvent& event) {
    if (on_cursor && !m_dragging) on_cursor(std::nullopt);
    event.Skip();
}

void MapCanvas::OnCaptureLost(wxMouseCaptureLostEvent&) {
    m_dragging = false;
    m_lasso.clear();
    m_moving_checkpoint.reset();
    SetCursor(wxNullCursor);
}

void MapCanvas::OnKeyDown(wxKeyEvent& event) {
    const wxSize size = GetClientSize();
    const double dx = size.x * k_pan_fraction, dy = size.y * k_pan_fraction;
    switch (event.GetKeyCode()) {
    // The arrow moves the view, so the map moves the other way.
    case WXK_LEFT:
        PanBy(dx, 0);
        return;
    case WXK_RIGHT:
        PanBy(-dx, 0);
        return;
    case WXK_UP:
        PanBy(0, dy);
        return;
    case WXK_DOWN:
        PanBy(0, -dy);
        return;
    case WXK_HOME:
        ZoomToFull();
        return;
    case WXK_ESCAPE:
        m_lasso.clear();
        SetTool(Tool::pan);
        Refresh(false);
        event.Skip();
        return;
    case WXK_NUMPAD_ADD:
        ZoomBy(k_key_step);
        return;
    case WXK_NUMPAD_SUBTRACT:
        ZoomBy(1 / k_key_step);
        return;
    default:
        event.Skip(); // '+', '-' and '=' arrive as characters, whatever the keyboard layout
    }
}

void MapCanvas::OnChar(wxKeyEvent& event) {
    switch (event.GetUnicodeKey()) {
    case '+':
    case '=':
        ZoomBy(k_key_step);
        return;
    case '-':
    case '_':
        ZoomBy(1 / k_key_step);
        return;
    default:
        event.Skip();
    }
}

} // namespace cordon::gui
