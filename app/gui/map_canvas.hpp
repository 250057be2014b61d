#pragma once
// The map window: draws the district through cordon_render on wx's native cairo context,
// pans by dragging and with the arrow keys, zooms with the wheel and +/-.

#include <cordon/geo/district.hpp>
#include <cordon/render/map_renderer.hpp>
#include <cordon/render/view.hpp>

#include <wx/window.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace cordon::gui {

class MapCanvas : public wxWindow {
public:
    explicit MapCanvas(wxWindow* parent);

    /// Shows `district` (nothing when null) and zooms to all of it.
    void SetDistrict(std::shared_ptr<const geo::District> district);
    bool HasDistrict() const { return m_district != nullptr; }

    void ZoomToFull();
    /// Zooms by `factor` (> 1 zooms in) around the window's centre.
    void ZoomBy(double factor);
    /// Moves the map by (`dx`, `dy`) pixels, as a drag would.
    void PanBy(double dx, double dy);

    const render::View& GetView() const { return m_view; }

    /// Renders what the canvas shows now, at its size, into a PNG; throws cordon::Error.
    void SaveSnapshot(const std::string& path) const;

    /// Called after the view changed (pan, zoom, resize, new district).
    std::function<void()> on_view_changed;
    /// Called when the pointer moves over the map (with its project position) or leaves it.
    std::function<void(std::optional<geo::Point>)> on_cursor;
    /// Called once, after the first paint that drew a district (or an empty map).
    std::function<void()> on_first_paint;

private:
    void Draw(cairo_t* cr, double width, double height) const;
    static void DrawHint(cairo_t* cr, double width, double height, const wxString& text);
    void SetView(const render::View& view);
    void ZoomAround(double factor, wxPoint anchor);

    void OnPaint(wxPaintEvent& event);
    void OnSize(wxSizeEvent& event);
    void OnMouseWheel(wxMouseEvent& event);
    void OnLeftDown(wxMouseEvent& event);
    void OnLeftUp(wxMouseEvent& event);
    void OnMotion(wxMouseEvent& event);
    void OnLeave(wxMouseEvent& event);
    void OnCaptureLost(wxMouseCaptureLostEvent& event);
    void OnKeyDown(wxKeyEvent& event);
    void OnChar(wxKeyEvent& event);

    std::shared_ptr<const geo::District> m_district;
    render::View m_view;
    bool m_fit_pending = true; ///< fit the district once the window has its real size
    bool m_painted = false;
    bool m_dragging = false;
    wxPoint m_drag_start;
    render::View m_drag_view;
};

} // namespace cordon::gui
