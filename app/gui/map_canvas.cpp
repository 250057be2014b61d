#include "map_canvas.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/render/decorations.hpp>
#include <cordon/render/style.hpp>

#include <cairo.h>
#include <pango/pangocairo.h>
#include <wx/dcclient.h>
#include <wx/graphics.h>

#include <algorithm>
#include <cmath>
#include <utility>

namespace cordon::gui {

namespace {
constexpr double k_wheel_step = 1.25;  ///< zoom factor per wheel notch
constexpr double k_key_step = 1.5;     ///< zoom factor per +/- key press
constexpr double k_pan_fraction = 0.2; ///< arrow keys move the map by this share of the window
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
    Bind(wxEVT_MOTION, &MapCanvas::OnMotion, this);
    Bind(wxEVT_LEAVE_WINDOW, &MapCanvas::OnLeave, this);
    Bind(wxEVT_MOUSE_CAPTURE_LOST, &MapCanvas::OnCaptureLost, this);
    Bind(wxEVT_KEY_DOWN, &MapCanvas::OnKeyDown, this);
    Bind(wxEVT_CHAR, &MapCanvas::OnChar, this);
}

void MapCanvas::SetDistrict(std::shared_ptr<const geo::District> district) {
    m_district = std::move(district);
    m_fit_pending = true;
    ZoomToFull();
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

void MapCanvas::SetView(const render::View& view) {
    m_view = view;
    Refresh(false);
    if (on_view_changed) on_view_changed();
}

void MapCanvas::Draw(cairo_t* cr, double width, double height) const {
    render::RenderOptions options;
    if (m_district != nullptr) {
        render::render_map(cr, *m_district, m_view, width, height, options);
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
    cairo_save(cr);
    Draw(cr, size.x, size.y);
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
    m_dragging = true;
    m_drag_start = event.GetPosition();
    m_drag_view = m_view;
    if (!HasCapture()) CaptureMouse();
    SetCursor(wxCursor(wxCURSOR_HAND));
}

void MapCanvas::OnLeftUp(wxMouseEvent&) {
    if (!m_dragging) return;
    m_dragging = false;
    if (HasCapture()) ReleaseMouse();
    SetCursor(wxNullCursor);
}

void MapCanvas::OnMotion(wxMouseEvent& event) {
    const wxPoint p = event.GetPosition();
    if (m_dragging && event.LeftIsDown() && m_district != nullptr) {
        SetView(m_drag_view.panned(p.x - m_drag_start.x, p.y - m_drag_start.y));
    }
    if (on_cursor) {
        const wxSize size = GetClientSize();
        if (m_district != nullptr)
            on_cursor(m_view.to_world({static_cast<double>(p.x), static_cast<double>(p.y)}, size.x,
                                      size.y));
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
