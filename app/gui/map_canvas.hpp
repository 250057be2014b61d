#pragma once
// The map window: draws the district through cordon_render on wx's native cairo context,
// pans by dragging and with the arrow keys, zooms with the wheel and +/-, and turns clicks
// into the planner's tools (select, lasso, add or move a checkpoint, context menu).

#include "basemap_loader.hpp"

#include <cordon/geo/district.hpp>
#include <cordon/render/building_index.hpp>
#include <cordon/render/map_renderer.hpp>
#include <cordon/render/view.hpp>

#include <wx/window.h>

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace cordon::gui {

enum class Tool { pan, select, add_checkpoint, move_checkpoint };

class MapCanvas : public wxWindow {
public:
    explicit MapCanvas(wxWindow* parent);

    /// Shows `district` (nothing when null); `fit` zooms to all of it.
    void SetDistrict(std::shared_ptr<const geo::District> district, bool fit = true);
    bool HasDistrict() const { return m_district != nullptr; }

    void ZoomToFull();
    /// Shows `box` (project metres) with a margin; nothing when it is empty.
    void ZoomToBox(const geo::Box& box);
    /// Zooms by `factor` (> 1 zooms in) around the window's centre.
    void ZoomBy(double factor);
    /// Moves the map by (`dx`, `dy`) pixels, as a drag would.
    void PanBy(double dx, double dy);

    const render::View& GetView() const { return m_view; }
    void SetView(const render::View& view);
    /// The render options; call Invalidate() after changing them.
    render::RenderOptions& Options() { return m_options; }
    /// Draws the map again at the next paint (the options changed).
    void Invalidate();
    /// Colours the buildings by the screening states `states` (not owned; they must outlive
    /// the canvas or be set again); null: no screening colours. Draws again.
    void SetScreening(const std::unordered_map<geo::Id, render::ScreeningState>* states);
    bool ShowsScreening() const { return m_screening != nullptr; }
    void SetHighlight(render::Highlight highlight);
    /// Zones whose outlines hand edits left out of date: drawn dashed over the map.
    void SetStaleZones(std::set<geo::Id> zones);
    void SetTool(Tool tool);
    Tool GetTool() const { return m_tool; }
    /// Metres per pixel now (hit tolerance).
    double MetresPerPixel() const { return m_view.scale; }
    /// How long the last full draw took, in ms.
    double LastDrawMs() const { return m_last_draw_ms; }
    /// The basemaps under the map: loaded off the UI thread (basemap_loader.hpp).
    const BasemapLoader& Basemaps() const { return m_basemaps; }
    /// Asks the loader for the basemaps of the view shown now (nothing when it has them or
    /// is loading them); views changes and paints call it.
    void RequestBasemaps();
    /// Frames painted since the start, and those painted while basemaps were loading (the
    /// window stayed responsive).
    int Frames() const { return m_frames; }
    int FramesWhileLoading() const { return m_frames_while_loading; }
    /// The classes of feature the last draw showed (what the legend names).
    const render::DrawnClasses& Drawn() const { return m_drawn; }

    /// Renders what the canvas shows now, at its size, into a PNG; throws cordon::Error.
    void SaveSnapshot(const std::string& path) const;
    /// Draws the map off screen at `width` x `height` and returns the time in ms.
    double TimeDraw(int width, int height) const;

    std::function<void()> on_view_changed;
    /// After a draw that showed other classes of feature than the one before (Drawn()).
    std::function<void()> on_drawn_changed;
    std::function<void(std::optional<geo::Point>)> on_cursor;
    std::function<void()> on_first_paint;
    /// Basemap images or problems arrived (after the canvas asked to repaint).
    std::function<void()> on_basemaps;
    /// A click (no drag) at a world point; `add` when Shift or Ctrl was held.
    std::function<void(geo::Point, bool add)> on_click;
    /// A lasso drawn with the select tool (world ring, not closed).
    std::function<void(const std::vector<geo::Point>&)> on_lasso;
    /// Right click: the world point and the window position for a menu.
    std::function<void(geo::Point, wxPoint)> on_context;
    std::function<void(geo::Point)> on_add_checkpoint;
    /// The checkpoint under a world point (move tool), if any.
    std::function<std::optional<geo::Id>(geo::Point)> checkpoint_at;
    std::function<void(geo::Id, geo::Point)> on_move_checkpoint;

private:
    void Draw(cairo_t* cr, double width, double height) const;
    static void DrawHint(cairo_t* cr, double width, double height, const wxString& text);
    void DrawOverlay(cairo_t* cr) const;
    void DrawStale(cairo_t* cr, double width, double height) const;
    /// The render options with the building index (made now if the buildings changed).
    render::RenderOptions DrawOptions() const;
    void ZoomAround(double factor, wxPoint anchor);
    geo::Point ToWorld(wxPoint p) const;

    void OnPaint(wxPaintEvent& event);
    void OnSize(wxSizeEvent& event);
    void OnMouseWheel(wxMouseEvent& event);
    void OnLeftDown(wxMouseEvent& event);
    void OnLeftUp(wxMouseEvent& event);
    void OnRightUp(wxMouseEvent& event);
    void OnMotion(wxMouseEvent& event);
    void OnLeave(wxMouseEvent& event);
    void OnCaptureLost(wxMouseCaptureLostEvent& event);
    void OnKeyDown(wxKeyEvent& event);
    void OnChar(wxKeyEvent& event);

    std::shared_ptr<const geo::District> m_district;
    render::View m_view;
    render::RenderOptions m_options;
    render::Highlight m_highlight;
    const std::unordered_map<geo::Id, render::ScreeningState>* m_screening = nullptr;
    std::set<geo::Id> m_stale;
    /// The buildings' boxes in a grid, made again when the district's buildings are replaced.
    mutable std::unique_ptr<render::BuildingIndex> m_index;
    /// The map as last drawn, painted again as it is while only the overlays (lasso, a
    /// checkpoint being dragged) change; m_generation counts changes of what it shows.
    std::shared_ptr<cairo_surface_t> m_cache;
    render::View m_cache_view;
    wxSize m_cache_size;
    unsigned m_generation = 0;
    unsigned m_cache_generation = 0;
    Tool m_tool = Tool::pan;
    bool m_fit_pending = true; ///< fit the district once the window has its real size
    bool m_painted = false;
    bool m_dragging = false;
    bool m_moved = false;
    wxPoint m_drag_start;
    render::View m_drag_view;
    std::vector<wxPoint> m_lasso;
    std::optional<geo::Id> m_moving_checkpoint;
    wxPoint m_move_at;
    BasemapLoader m_basemaps;
    int m_frames = 0;
    int m_frames_while_loading = 0;
    mutable double m_last_draw_ms = 0;
    mutable render::DrawnClasses m_drawn;
};

} // namespace cordon::gui
