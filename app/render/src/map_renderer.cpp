#include "cairo_util.hpp"
#include "geometry_util.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/polygon_ops.hpp>
#include <cordon/render/building_index.hpp>
#include <cordon/render/map_renderer.hpp>
#include <cordon/render/style.hpp>
#include <cordon/render/text.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <numbers>
#include <string>
#include <unordered_map>

namespace cordon::render {

namespace {

using detail::Rect;
using detail::SavedState;
using detail::set_dash;
using detail::set_source;

/// A label waiting for the placement pass after all the geometry is drawn.
struct LabelCandidate {
    int priority = 0;  ///< higher is placed first
    double weight = 0; ///< tie-break within a priority: larger features first
    std::string text;
    double size = 12; ///< device units
    bool bold = false;
    Rgba colour;
    // Polygon labels: a point; line labels: a straight run to put the text along.
    geo::Point at;
    double angle = 0;
    double room = 0; ///< line labels: the run's length; polygon labels: the area's width
    bool along_line = false;
};

class Painter {
public:
    Painter(cairo_t* cr, const View& view, double width, double height,
            const RenderOptions& options)
        : m_cr(cr), m_view(view), m_width(width), m_height(height), m_options(options),
          m_style(map_style()), m_mpp(view.scale * options.px), m_vector(detail::is_vector(cr)),
          m_grid(cr) {
        m_world = view.world_box(width, height);
        // Strokes and symbols reach past a feature's box: keep features just outside.
        const double margin = 24 * options.px * view.scale;
        m_cull = {m_world.minx - margin, m_world.miny - margin, m_world.maxx + margin,
                  m_world.maxy + margin};
    }

    RenderStats draw(const geo::District& district) {
        SavedState saved(m_cr);
        // The caller's clip: when it holds the whole drawing area, the drawing area is all
        // that clips (see unclipped()).
        double cx0, cy0, cx1, cy1;
        cairo_clip_extents(m_cr, &cx0, &cy0, &cx1, &cy1);
        m_frame_only = cx0 <= 0 && cy0 <= 0 && cx1 >= m_width && cy1 >= m_height;
        cairo_rectangle(m_cr, 0, 0, m_width, m_height);
        cairo_clip(m_cr);
        cairo_set_line_join(m_cr, CAIRO_LINE_JOIN_ROUND);
        cairo_set_line_cap(m_cr, CAIRO_LINE_CAP_ROUND);
        if (m_options.fast_antialias) cairo_set_antialias(m_cr, CAIRO_ANTIALIAS_FAST);
        if (m_options.background) {
            set_source(m_cr, m_style.background);
            cairo_paint(m_cr);
        }
        if (m_options.basemaps && !district.basemaps.empty()) draw_basemaps(district);
        std::unordered_map<geo::Id, std::size_t> zone_index;
        for (std::size_t i = 0; i < district.zones.size(); ++i)
            zone_index[district.zones[i].id] = i;
        const auto& order = m_options.order.empty() ? default_layer_order() : m_options.order;
        for (const Layer layer : order) {
            switch (layer) {
            case Layer::communities:
                if (m_options.communities) draw_communities(district.communities);
                break;
            case Layer::compounds:
                if (m_options.compounds) draw_compounds(district.compounds);
                break;
            case Layer::buildings:
                if (m_options.buildings)
                    draw_buildings(district.buildings, zone_index,
                                   m_options.building_index != nullptr &&
                                           m_options.building_index->matches(district)
                                       ? m_options.building_index
                                       : nullptr);
                break;
            case Layer::roads:
                if (m_options.roads) draw_roads(district.roads);
                break;
            case Layer::district:
                if (m_options.district) draw_district(district.boundary);
                break;
            case Layer::zones:
                if (m_options.zones) draw_zones(district.zones);
                break;
            case Layer::routes:
                if (m_options.routes) draw_routes(district.routes, zone_index);
                if (m_options.network) draw_network(district.network);
                break;
            case Layer::gates:
                if (m_options.gates) draw_gates(district.gates);
                break;
            case Layer::checkpoints:
                if (m_options.checkpoints && m_options.cordon_areas)
                    draw_cordon_areas(district.cordon_areas);
                if (m_options.checkpoints && m_options.choke_points)
                    draw_choke_points(district.choke_points);
                if (m_options.checkpoints) draw_checkpoints(district.checkpoints);
                break;
            }
        }
        if (m_options.highlight != nullptr && !m_options.highlight->empty())
            draw_highlight(district, *m_options.highlight);
        if (m_options.labels) place_labels();
        return m_stats;
    }

private:
    double px(double v) const { return v * m_options.px; }

    /// The basemaps under every layer: the caller's images, or warped here for the view.
    void draw_basemaps(const geo::District& district) {
        std::vector<BasemapImage> made;
        const std::vector<BasemapImage>* images = m_options.basemap_images;
        if (images == nullptr) {
            double dx = 1, dy = 0;
            cairo_user_to_device_distance(m_cr, &dx, &dy);
            double per_unit = std::hypot(dx, dy);
            if (m_vector) per_unit *= m_options.basemap_dpi / k_points_per_inch;
            // Warnings of a basemap drawn all the same (a tile service from the offline cache)
            // join the render's warnings.
            class Collect final : public Progress {
            public:
                explicit Collect(std::vector<std::string>& out) : m_out(out) {}

            protected:
                void on_progress(std::string_view, double) override {}
                void on_warning(std::string_view message) override { m_out.emplace_back(message); }

            private:
                std::vector<std::string>& m_out;
            } collect(m_stats.warnings);
            try {
                made = warp_basemaps(district, m_view, m_width, m_height, per_unit, collect,
                                     m_stats.warnings);
            } catch (const std::exception& e) {
                m_stats.warnings.push_back(std::string("basemaps not drawn: ") + e.what());
                return;
            }
            images = &made;
        }
        for (const BasemapImage& image : *images) {
            // The first one straight on the plain background: made opaque over it.
            const bool on_background = m_options.background && m_stats.basemaps_drawn == 0;
            draw_basemap(m_cr, image, m_view, m_width, m_height, m_options.basemap_look,
                         on_background ? &m_style.background : nullptr);
            ++m_stats.basemaps_drawn;
            m_basemap_under = true;
            const std::string& text = image.basemap.attribution;
            if (!text.empty() && std::find(m_stats.attributions.begin(), m_stats.attributions.end(),
                                           text) == m_stats.attributions.end())
                m_stats.attributions.push_back(text);
        }
    }
    /// Fills made opaque over the background on paper (see draw_buildings), unless a basemap
    /// lies under them: then they stay translucent and the picture shows through.
    bool flatten() const { return m_vector && !m_basemap_under; }
    geo::Point dev(geo::Point p) const {
        return {(p.x - m_view.centre.x) / m_view.scale + m_width / 2,
                (m_view.centre.y - p.y) / m_view.scale + m_height / 2};
    }

    /// On paper cairo writes a path filled and stroked once (B*) only when it clips the fill
    /// and the stroke alike; across the edge of a clip it reduces the clip for each
    /// differently and writes the path twice. Where only the drawing area clips, features
    /// wholly inside it can be drawn with the clip reset: nothing they show changes.
    bool unclipped() const { return m_vector && m_frame_only; }
    /// Whether `box` is inside the drawing area by `margin` device units.
    bool within(const geo::Box& box, double margin) const {
        const geo::Point a = dev({box.minx, box.maxy}), b = dev({box.maxx, box.miny});
        return a.x - margin >= 0 && a.y - margin >= 0 && b.x + margin <= m_width &&
               b.y + margin <= m_height;
    }

    /// On vector surfaces, an area reaching beyond the view and its margin cut to them into
    /// `cut` (a neighbouring zone on a zone's page): cairo writes every vertex of a path, seen
    /// or not. The cut's edges lie outside the clip. Elsewhere, or if the cut fails, `polygons`.
    const geo::MultiPolygon& on_paper(const geo::MultiPolygon& polygons, const geo::Box& box,
                                      geo::MultiPolygon& cut) const {
        if (!m_vector ||
            (m_cull.contains({box.minx, box.miny}) && m_cull.contains({box.maxx, box.maxy})))
            return polygons;
        try {
            cut = geo::clip_to_box(polygons, m_cull);
            return cut;
        } catch (const Error&) {
            return polygons;
        }
    }

    /// Culls by box and drops what is smaller than a device pixel; counts both.
    bool wanted(const geo::Box& box) {
        if (box.empty() || !m_cull.intersects(box) ||
            std::max(box.width(), box.height()) < m_view.scale * 0.75) {
            ++m_stats.features_skipped;
            return false;
        }
        ++m_stats.features_drawn;
        return true;
    }
    bool wanted(geo::Point p) {
        if (!m_cull.contains(p)) {
            ++m_stats.features_skipped;
            return false;
        }
        ++m_stats.features_drawn;
        return true;
    }

    /// Whether a feature drawn with `box` shows inside the drawing area (not only in the
    /// margin kept for strokes), so that its class belongs in the map's legend.
    bool shows(const geo::Box& box) const { return m_world.intersects(box); }
    bool shows(geo::Point p) const { return m_world.contains(p); }
    /// The same for a line: one of its pieces crosses the drawing area.
    bool shows(const geo::LineString& line, const geo::Box& box) const {
        if (!m_world.intersects(box)) return false;
        if (box.minx >= m_world.minx && box.maxx <= m_world.maxx && box.miny >= m_world.miny &&
            box.maxy <= m_world.maxy)
            return true;
        return !detail::clip_line(line, {m_world.minx, m_world.miny}, {m_world.maxx, m_world.maxy})
                    .empty();
    }

    void add_points(const std::vector<geo::Point>& points, bool close) {
        if (points.empty()) return;
        geo::Point last = dev(points.front());
        if (m_grid.active()) last = {m_grid.x(last.x), m_grid.y(last.y)};
        cairo_move_to(m_cr, last.x, last.y);
        const std::size_t n = points.size();
        for (std::size_t i = 1; i < n; ++i) {
            geo::Point p = dev(points[i]);
            if (m_grid.active()) p = {m_grid.x(p.x), m_grid.y(p.y)};
            // Points closer than half a device unit add nothing visible.
            if (i + 1 < n && std::abs(p.x - last.x) < 0.5 && std::abs(p.y - last.y) < 0.5) continue;
            cairo_line_to(m_cr, p.x, p.y);
            last = p;
        }
        if (close) cairo_close_path(m_cr);
    }
    void add_polygons(const geo::MultiPolygon& polygons) {
        for (const auto& polygon : polygons)
            for (const auto& ring : polygon.rings)
                add_points(ring, true);
    }

    void stroke_with(const Rgba& colour, double width, const std::vector<double>& dash) {
        set_source(m_cr, colour);
        cairo_set_line_width(m_cr, width);
        set_dash(m_cr, dash, m_options.px);
    }

    /// Fills, patterns and outlines `polygons` as `style` says.
    void draw_area(const geo::MultiPolygon& polygons, const geo::Box& box, const AreaStyle& style,
                   bool outline = true) {
        cairo_new_path(m_cr);
        add_polygons(polygons);
        cairo_set_fill_rule(m_cr, CAIRO_FILL_RULE_EVEN_ODD);
        if (style.fill.a > 0) {
            set_source(m_cr, style.fill);
            cairo_fill_preserve(m_cr);
        }
        if (patterned(box, style)) draw_pattern(box, style);
        if (outline && style.outline_width > 0) {
            stroke_with(style.outline, px(style.outline_width), style.dash);
            cairo_stroke_preserve(m_cr);
        }
        cairo_new_path(m_cr);
    }

    /// Hatching or dots clipped to the current path, anchored to the device grid so that
    /// neighbouring areas line up. Drawn as vector strokes, so PDFs keep them sharp; on vector
    /// surfaces the same marks as a repeated cell (detail::Tiles).
    void draw_pattern(const geo::Box& box, const AreaStyle& style) {
        SavedState saved(m_cr);
        if (m_vector) {
            // One cell of the pattern, repeated by the PDF viewer (a tiling pattern): the
            // area's path once instead of every dot or line in the page's content.
            m_tiles.set_source(m_cr, style, m_options.px);
            cairo_fill_preserve(m_cr);
            return;
        }
        cairo_clip_preserve(m_cr);
        cairo_new_path(m_cr);
        const geo::Point a = dev({box.minx, box.maxy});
        const geo::Point b = dev({box.maxx, box.miny});
        const double x0 = std::max(a.x, 0.0), y0 = std::max(a.y, 0.0);
        const double x1 = std::min(b.x, m_width), y1 = std::min(b.y, m_height);
        if (x0 >= x1 || y0 >= y1) return;
        const double spacing = px(style.pattern_spacing);
        set_source(m_cr, style.pattern_colour);
        cairo_set_dash(m_cr, nullptr, 0, 0);
        if (style.pattern == Pattern::dots) {
            // Each dot is a zero-length segment stroked with round caps: the same disc as an
            // arc of radius r, in a fifth of the PDF content (cairo keeps such segments when
            // the cap is round, and PDF draws them as discs).
            const double r = px(1.1);
            int row = static_cast<int>(std::floor(y0 / spacing));
            for (double y = row * spacing; y <= y1 + spacing; y += spacing, ++row) {
                const double shift = (row % 2 != 0) ? spacing / 2 : 0;
                for (double x = std::floor(x0 / spacing) * spacing + shift; x <= x1 + spacing;
                     x += spacing) {
                    cairo_move_to(m_cr, x, y);
                    cairo_line_to(m_cr, x, y);
                }
            }
            cairo_set_line_cap(m_cr, CAIRO_LINE_CAP_ROUND);
            cairo_set_line_width(m_cr, 2 * r);
            cairo_stroke(m_cr);
            return;
        }
        // 45° lines x + y = c (and x - y = c for cross hatching), `spacing` apart.
        const double step = spacing * std::numbers::sqrt2;
        for (double c = std::floor((x0 + y0) / step) * step; c <= x1 + y1; c += step) {
            cairo_move_to(m_cr, c - y0, y0);
            cairo_line_to(m_cr, c - y1, y1);
        }
        if (style.pattern == Pattern::cross_hatch) {
            for (double c = std::floor((x0 - y1) / step) * step; c <= x1 - y0; c += step) {
                cairo_move_to(m_cr, c + y0, y0);
                cairo_line_to(m_cr, c + y1, y1);
            }
        }
        cairo_set_line_width(m_cr, px(0.9));
        cairo_stroke(m_cr);
    }

    void draw_communities(const std::vector<geo::Community>& communities) {
        for (const auto& community : communities) {
            const geo::Box box = geo::bounds(community.geom);
            if (!wanted(box)) continue;
            if (shows(box)) m_stats.drawn.communities = true;
            // A soft wide band under the dashed line makes the boundary read at any scale.
            cairo_new_path(m_cr);
            add_polygons(community.geom);
            stroke_with(Rgba{m_style.community.outline.r, m_style.community.outline.g,
                             m_style.community.outline.b, 0.18},
                        px(6), {});
            cairo_stroke(m_cr);
            draw_area(community.geom, box, m_style.community);
            if (!community.name.empty())
                polygon_label(community.geom, box, community.name, 10,
                              text_size(m_style.community_label_px, m_view.scale, m_options.px),
                              m_style.community_label_text, true);
        }
    }

    /// The administrative boundary: a dark dash-dot line over a soft band, no fill.
    void draw_district(const std::vector<geo::DistrictBoundary>& boundary) {
        for (const auto& b : boundary) {
            const geo::Box box = geo::bounds(b.geom);
            if (!wanted(box)) continue;
            if (shows(box)) m_stats.drawn.district = true;
            const Rgba& ink = m_style.district_boundary.outline;
            cairo_new_path(m_cr);
            add_polygons(b.geom);
            stroke_with(Rgba{ink.r, ink.g, ink.b, 0.15}, px(7), {});
            cairo_stroke(m_cr);
            cairo_new_path(m_cr);
            add_polygons(b.geom);
            cairo_set_line_cap(m_cr, CAIRO_LINE_CAP_BUTT);
            stroke_with(ink, px(m_style.district_boundary.outline_width),
                        m_style.district_boundary.dash);
            cairo_stroke(m_cr);
            cairo_set_line_cap(m_cr, CAIRO_LINE_CAP_ROUND);
            cairo_set_dash(m_cr, nullptr, 0, 0);
        }
    }

    /// On screen each compound is filled, patterned and outlined in turn. On paper the
    /// compounds of each control mode are one path: one fill, one pattern and one outline for
    /// all of them (cairo's work and the PDF's objects go with the number of operations).
    void draw_compounds(const std::vector<geo::Compound>& compounds) {
        struct Mode {
            const AreaStyle* style = nullptr;
            std::vector<const geo::Compound*> all, patterned;
        };
        std::vector<Mode> modes; // in the order first seen, as drawn one by one on screen
        for (const auto& compound : compounds) {
            const geo::Box box = geo::bounds(compound.geom);
            if (!wanted(box)) continue;
            const bool assumed =
                compound.mode_assumed && compound.mode != geo::CompoundMode::unknown;
            if (shows(box))
                (assumed ? m_stats.drawn.assumed_modes : m_stats.drawn.compound_modes)
                    .insert(compound.mode);
            const AreaStyle& style = compound_style(compound.mode, assumed);
            if (!m_vector) {
                draw_area(compound.geom, box, style);
            } else {
                auto mode = std::find_if(modes.begin(), modes.end(),
                                         [&](const Mode& m) { return m.style == &style; });
                if (mode == modes.end()) mode = modes.insert(modes.end(), Mode{&style, {}, {}});
                mode->all.push_back(&compound);
                if (patterned(box, style)) mode->patterned.push_back(&compound);
            }
            if (!compound.name.empty())
                polygon_label(compound.geom, box, compound.name, 80,
                              text_size(m_style.compound_label_px, m_view.scale, m_options.px),
                              m_style.label_text, false);
        }
        for (const Mode& mode : modes)
            draw_areas(mode.all, mode.patterned, *mode.style);
    }

    /// Whether an area of `box` is big enough on the map for its style's pattern.
    bool patterned(const geo::Box& box, const AreaStyle& style) const {
        return style.pattern != Pattern::none &&
               std::min(box.width(), box.height()) / m_view.scale > px(4);
    }

    /// `all` as one path filled and outlined as `style` says, `patterned` (some of them) with
    /// its pattern between. Rings are turned so that exteriors run one way and holes the
    /// other: the nonzero rule then keeps holes and unites overlaps.
    void draw_areas(const std::vector<const geo::Compound*>& all,
                    const std::vector<const geo::Compound*>& patterned, const AreaStyle& style) {
        auto path = [&](const std::vector<const geo::Compound*>& which) {
            cairo_new_path(m_cr);
            for (const geo::Compound* c : which)
                for (const auto& polygon : c->geom)
                    for (std::size_t r = 0; r < polygon.rings.size(); ++r) {
                        const auto& ring = polygon.rings[r];
                        // Counter-clockwise exteriors, clockwise holes (in map coordinates).
                        if ((geo::signed_area(ring) > 0) == (r == 0)) {
                            add_points(ring, true);
                        } else {
                            m_reversed.assign(ring.rbegin(), ring.rend());
                            add_points(m_reversed, true);
                        }
                    }
        };
        cairo_set_fill_rule(m_cr, CAIRO_FILL_RULE_WINDING);
        path(all);
        if (style.fill.a > 0) {
            set_source(m_cr, style.fill);
            cairo_fill_preserve(m_cr);
        }
        if (!patterned.empty()) {
            // The same path when every area takes the pattern, as they mostly do.
            if (patterned.size() != all.size()) path(patterned);
            {
                SavedState saved(m_cr);
                m_tiles.set_source(m_cr, style, m_options.px);
                cairo_fill_preserve(m_cr);
            }
            if (patterned.size() != all.size()) path(all);
        }
        if (style.outline_width > 0) {
            stroke_with(style.outline, px(style.outline_width), style.dash);
            cairo_stroke_preserve(m_cr);
        }
        cairo_new_path(m_cr);
        cairo_set_fill_rule(m_cr, CAIRO_FILL_RULE_EVEN_ODD);
    }

    /// The style keys of draw_buildings: 0 plain, 1 + k zone k, this + state a screening state.
    static constexpr std::size_t k_screening_style = std::size_t(1) << 40;

    void draw_buildings(const std::vector<geo::Building>& buildings,
                        const std::unordered_map<geo::Id, std::size_t>& zone_index,
                        const BuildingIndex* index) {
        // Outlines only when buildings are big enough on screen for them to help.
        const bool outlines = m_mpp < 2.5;
        // The buildings in view by style (0: plain, 1 + k: zone colour k), each style drawn as
        // one path: one fill and one stroke for thousands of buildings.
        std::map<std::size_t, std::vector<std::size_t>> groups;
        // Buildings smaller than a pixel: how many fall on each pixel, drawn as dots whose
        // strength says how dense they are (a district at full extent still shows where the
        // buildings are).
        const int dw = static_cast<int>(std::ceil(m_width)),
                  dh = static_cast<int>(std::ceil(m_height));
        std::vector<std::uint8_t> dots;
        auto visit = [&](std::size_t i, const geo::Box& box) {
            if (box.empty() || !m_cull.intersects(box)) {
                ++m_stats.features_skipped;
                return;
            }
            if (shows(box)) m_stats.drawn.buildings = true;
            if (std::max(box.width(), box.height()) < m_view.scale * 0.75) {
                ++m_stats.features_skipped; // too small to draw: a density dot
                const geo::Point p = dev(box.centre());
                if (p.x < 0 || p.y < 0 || p.x >= dw || p.y >= dh) return;
                if (dots.empty())
                    dots.assign(static_cast<std::size_t>(dw) * static_cast<std::size_t>(dh), 0);
                auto& n = dots[static_cast<std::size_t>(p.y) * static_cast<std::size_t>(dw) +
                               static_cast<std::size_t>(p.x)];
                if (n < 255) ++n;
                return;
            }
            ++m_stats.features_drawn;
            std::size_t style = 0;
            const geo::Building& building = buildings[i];
            if (m_options.buildings_by_zone && building.zone_id &&
                (building.control.empty() || building.control == "patrol")) {
                const auto found = zone_index.find(*building.zone_id);
                if (found != zone_index.end()) style = 1 + found->second;
            }
            if (m_options.screening != nullptr) {
                const auto found = m_options.screening->find(building.id);
                if (found != m_options.screening->end()) {
                    style = k_screening_style + static_cast<std::size_t>(found->second);
                    if (shows(box)) m_stats.drawn.screening_states.insert(found->second);
                }
            }
            groups[style].push_back(i);
        };
        if (index != nullptr) {
            const auto visible = index->query(m_cull);
            m_stats.features_skipped += buildings.size() - visible.size();
            for (const std::uint32_t i : visible)
                visit(i, index->box(i));
        } else {
            for (std::size_t i = 0; i < buildings.size(); ++i)
                visit(i, geo::bounds(buildings[i].geom));
        }
        for (const auto& [style_key, members] : groups) {
            AreaStyle style = m_style.building;
            bool outline = outlines;
            if (style_key >= k_screening_style) {
                const Rgba c = screening_colour(style_key - k_screening_style);
                style.fill = {c.r, c.g, c.b, 0.9};
                if (flatten()) style.fill = detail::over(style.fill, m_style.background);
                style.outline = {c.r * 0.55, c.g * 0.55, c.b * 0.55, 1};
                outline = true;
            } else if (style_key > 0) {
                const Rgba c = zone_colour(style_key - 1);
                style.fill = {c.r, c.g, c.b, 0.8};
                // On paper, the same colour made opaque over the map's background: cairo then
                // writes the path once, filled and stroked (B*), instead of once for each.
                if (flatten()) style.fill = detail::over(style.fill, m_style.background);
                style.outline = {c.r * 0.6, c.g * 0.6, c.b * 0.6, 1};
                outline = true;
            }
            // Over a basemap, the picture shows through the buildings, their outlines drawn.
            if (m_basemap_under) {
                style.fill.a *= 0.6;
                outline = outline || style.outline_width > 0;
            }
            auto draw = [&](const std::vector<std::size_t>& which) {
                if (which.empty()) return;
                cairo_new_path(m_cr);
                for (const std::size_t i : which)
                    add_polygons(buildings[i].geom);
                cairo_set_fill_rule(m_cr, CAIRO_FILL_RULE_EVEN_ODD);
                set_source(m_cr, style.fill);
                cairo_fill_preserve(m_cr);
                if (outline && style.outline_width > 0) {
                    stroke_with(style.outline, px(style.outline_width), style.dash);
                    cairo_stroke_preserve(m_cr);
                }
                cairo_new_path(m_cr);
            };
            if (!unclipped()) {
                draw(members);
                continue;
            }
            const double margin = px(style.outline_width) + 1;
            std::vector<std::size_t> inside, across;
            for (const std::size_t i : members) {
                const geo::Box box =
                    index != nullptr ? index->box(i) : geo::bounds(buildings[i].geom);
                (within(box, margin) ? inside : across).push_back(i);
            }
            {
                SavedState saved(m_cr);
                cairo_reset_clip(m_cr);
                draw(inside);
            }
            draw(across);
        }
        if (dots.empty()) return;
        // One device unit per dot, three strengths: 1, 2-3, 4 or more buildings.
        const double alpha[] = {0.45, 0.7, 0.95};
        for (int level = 0; level < 3; ++level) {
            cairo_new_path(m_cr);
            bool any = false;
            for (int y = 0; y < dh; ++y)
                for (int x = 0; x < dw; ++x) {
                    const int n = dots[static_cast<std::size_t>(y) * static_cast<std::size_t>(dw) +
                                       static_cast<std::size_t>(x)];
                    if (n == 0 || (n == 1 ? 0 : (n <= 3 ? 1 : 2)) != level) continue;
                    cairo_rectangle(m_cr, x, y, 1, 1);
                    any = true;
                }
            if (!any) continue;
            const Rgba& c = m_style.building.outline;
            set_source(m_cr, {c.r, c.g, c.b, alpha[level]});
            cairo_fill(m_cr);
        }
    }

    /// The highlighted features, outlined (areas, lines) or ringed (points) on top.
    void draw_highlight(const geo::District& d, const Highlight& h) {
        const Rgba& c = m_options.highlight_colour;
        const Rgba halo = Rgba::hex(0x000000, 0.55);
        auto outline = [&](const geo::MultiPolygon& polygons) {
            const geo::Box box = geo::bounds(polygons);
            if (box.empty() || !m_cull.intersects(box)) return;
            cairo_new_path(m_cr);
            add_polygons(polygons);
            set_source(m_cr, {c.r, c.g, c.b, 0.35});
            cairo_fill_preserve(m_cr);
            stroke_with(halo, px(4.5), {});
            cairo_stroke_preserve(m_cr);
            stroke_with(c, px(2.5), {});
            cairo_stroke(m_cr);
        };
        auto ring = [&](geo::Point world) {
            if (!m_cull.contains(world)) return;
            const geo::Point p = dev(world);
            cairo_new_path(m_cr);
            cairo_arc(m_cr, p.x, p.y, px(10), 0, 2 * std::numbers::pi);
            stroke_with(halo, px(5), {});
            cairo_stroke_preserve(m_cr);
            stroke_with(c, px(3), {});
            cairo_stroke(m_cr);
        };
        if (!h.zones.empty())
            for (const auto& z : d.zones)
                if (h.zones.count(z.id)) outline(z.geom);
        if (!h.compounds.empty())
            for (const auto& x : d.compounds)
                if (h.compounds.count(x.id)) outline(x.geom);
        if (!h.buildings.empty())
            for (const auto& b : d.buildings)
                if (h.buildings.count(b.id)) outline(b.geom);
        if (!h.roads.empty())
            for (const auto& r : d.roads) {
                if (!h.roads.count(r.id) || r.geom.size() < 2) continue;
                add_points(r.geom, false);
                stroke_with(halo, px(8), {});
                cairo_stroke_preserve(m_cr);
                stroke_with(c, px(5), {});
                cairo_stroke(m_cr);
            }
        if (!h.gates.empty())
            for (const auto& g : d.gates)
                if (h.gates.count(g.id)) ring(g.pos);
        if (!h.checkpoints.empty())
            for (const auto& k : d.checkpoints)
                if (h.checkpoints.count(k.id)) ring(k.pos);
    }

    double road_width(const RoadStyle& style) const {
        return px(std::clamp(style.width_m / m_mpp, style.min_px, style.max_px));
    }

    void draw_roads(const std::vector<geo::Road>& roads) {
        struct Item {
            const geo::Road* road;
            const RoadStyle* style;
            int level;
        };
        std::vector<Item> items;
        items.reserve(roads.size());
        for (const auto& road : roads) {
            const geo::Box box = geo::bounds(road.geom);
            if (road.geom.size() < 2 || !wanted(box)) continue;
            if (!m_stats.drawn.road_classes.count(road.cls) && shows(road.geom, box))
                m_stats.drawn.road_classes.insert(road.cls);
            const int level = road.tunnel ? std::min(road.layer, -1)
                                          : (road.bridge ? std::max(road.layer, 1) : road.layer);
            items.push_back({&road, &road_style(road.cls), level});
        }
        std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
            return a.level != b.level ? a.level < b.level : a.style->rank < b.style->rank;
        });
        // Level by level: bridge casings, then all casings, then all fills, so that junctions
        // of the same level merge and bridges pass over what lies under them.
        for (std::size_t begin = 0; begin < items.size();) {
            std::size_t end = begin;
            while (end < items.size() && items[end].level == items[begin].level)
                ++end;
            for (std::size_t i = begin; i < end; ++i) {
                const Item& item = items[i];
                if (!item.road->bridge || !thick(*item.style)) continue;
                const double w = road_width(*item.style) + 2 * px(item.style->casing_px) +
                                 2 * px(m_style.bridge_casing_px);
                cairo_set_line_cap(m_cr, CAIRO_LINE_CAP_BUTT);
                add_points(item.road->geom, false);
                stroke_with(m_style.bridge_casing, w, {});
                cairo_stroke(m_cr);
                cairo_set_line_cap(m_cr, CAIRO_LINE_CAP_ROUND);
            }
            // Roads of one style next to each other in the order are stroked as one path: the
            // same picture, one stroke instead of hundreds.
            auto run_end = [&](std::size_t i) {
                std::size_t j = i + 1;
                while (j < end && items[j].style == items[i].style &&
                       items[j].road->tunnel == items[i].road->tunnel)
                    ++j;
                return j;
            };
            for (std::size_t i = begin; i < end;) {
                const std::size_t next = run_end(i);
                const Item& item = items[i];
                const RoadStyle& style = *item.style;
                if (style.casing_px > 0 && thick(style)) {
                    cairo_new_path(m_cr);
                    for (std::size_t k = i; k < next; ++k)
                        add_points(items[k].road->geom, false);
                    stroke_with(style.casing, road_width(style) + 2 * px(style.casing_px),
                                item.road->tunnel ? std::vector<double>{4, 3}
                                                  : std::vector<double>{});
                    cairo_stroke(m_cr);
                }
                i = next;
            }
            for (std::size_t i = begin; i < end;) {
                const std::size_t next = run_end(i);
                const Item& item = items[i];
                const RoadStyle& style = *item.style;
                cairo_new_path(m_cr);
                for (std::size_t k = i; k < next; ++k)
                    add_points(items[k].road->geom, false);
                Rgba colour = thick(style) ? style.fill : style.thin;
                if (item.road->tunnel) colour.a *= 0.5;
                if (!style.dash.empty()) cairo_set_line_cap(m_cr, CAIRO_LINE_CAP_BUTT);
                stroke_with(colour, road_width(style), style.dash);
                cairo_stroke(m_cr);
                cairo_set_line_cap(m_cr, CAIRO_LINE_CAP_ROUND);
                for (std::size_t k = i; k < next; ++k)
                    road_label(*items[k].road, style);
                i = next;
            }
            begin = end;
        }
    }

    /// A road is "thick" when its fill is wide enough to show a casing on either side.
    bool thick(const RoadStyle& style) const {
        return !style.dash.empty() || road_width(style) >= px(2.5);
    }

    void draw_zones(const std::vector<geo::Zone>& zones) {
        for (std::size_t i = 0; i < zones.size(); ++i) {
            const geo::Zone& zone = zones[i];
            const geo::Box box = geo::bounds(zone.geom);
            if (!wanted(box)) continue;
            if (shows(box)) m_stats.drawn.zones = true;
            const Rgba colour = zone_colour(i);
            AreaStyle style;
            style.fill = {colour.r, colour.g, colour.b, m_style.zone_fill_alpha};
            style.outline = colour;
            style.outline_width = m_style.zone_outline_px;
            geo::MultiPolygon cut;
            const geo::MultiPolygon& drawn = on_paper(zone.geom, box, cut);
            draw_area(drawn, box, style, false);
            // A light band under the outline keeps it apart from roads and buildings.
            cairo_new_path(m_cr);
            add_polygons(drawn);
            stroke_with(m_style.zone_outline_halo,
                        px(m_style.zone_outline_px + 2 * m_style.zone_outline_halo_px), {});
            cairo_stroke_preserve(m_cr);
            stroke_with(colour, px(m_style.zone_outline_px), {});
            cairo_stroke(m_cr);
            const std::string name = zone.name.empty() ? "#" + std::to_string(zone.id) : zone.name;
            // Zone names never shrink on overviews, in their colour darkened for contrast.
            const double shade = 1 - m_style.zone_label_shade;
            polygon_label(zone.geom, box, name, 90,
                          std::max(text_size(m_style.zone_label_px, m_view.scale, m_options.px),
                                   px(m_style.zone_label_px)),
                          {colour.r * shade, colour.g * shade, colour.b * shade, 1}, true, true);
        }
    }

    /// Routes as the scale asks (MapStyle::route_full_mpp, route_thin_mpp): full with arrows,
    /// thin, or none.
    void draw_routes(const std::vector<geo::Route>& routes,
                     const std::unordered_map<geo::Id, std::size_t>& zone_index) {
        const bool full = m_options.routes_full || m_mpp <= m_style.route_full_mpp;
        if (!full && m_mpp > m_style.route_thin_mpp) return;
        for (const auto& route : routes) {
            const geo::Box box = geo::bounds(route.geom);
            if (route.geom.size() < 2 || !wanted(box)) continue;
            if (shows(route.geom, box)) m_stats.drawn.routes = true;
            const auto found = zone_index.find(route.zone_id);
            Rgba colour =
                zone_colour(found != zone_index.end() ? found->second
                                                      : static_cast<std::size_t>(route.zone_id));
            add_points(route.geom, false);
            if (!full) {
                colour.a = m_style.route_thin_alpha;
                stroke_with(colour, px(m_style.route_thin_px), {});
                cairo_stroke(m_cr);
                continue;
            }
            stroke_with(Rgba::hex(0xffffff, 0.9), px(m_style.route_px + 2.5), {});
            cairo_stroke_preserve(m_cr);
            stroke_with(colour, px(m_style.route_px), {});
            cairo_stroke(m_cr);
            draw_route_arrows(route.geom, colour);
        }
    }

    /// Small chevrons every ~120 px show which way the patrol walks.
    void draw_route_arrows(const geo::LineString& line, const Rgba& colour) {
        const double spacing = px(120);
        double carried = spacing / 2;
        set_source(m_cr, colour);
        for (std::size_t i = 1; i < line.size(); ++i) {
            const geo::Point a = dev(line[i - 1]);
            const geo::Point b = dev(line[i]);
            const double len = std::hypot(b.x - a.x, b.y - a.y);
            if (len <= 0) continue;
            const double ux = (b.x - a.x) / len, uy = (b.y - a.y) / len;
            double at = carried;
            for (; at < len; at += spacing) {
                const double x = a.x + ux * at, y = a.y + uy * at;
                if (x < 0 || y < 0 || x > m_width || y > m_height) continue;
                const double s = px(4.5);
                cairo_move_to(m_cr, x + ux * s, y + uy * s);
                cairo_line_to(m_cr, x - ux * s - uy * s, y - uy * s + ux * s);
                cairo_line_to(m_cr, x - ux * s * 0.4, y - uy * s * 0.4);
                cairo_line_to(m_cr, x - ux * s + uy * s, y - uy * s - ux * s);
                cairo_close_path(m_cr);
            }
            carried = at - len;
        }
        cairo_fill(m_cr);
    }

    void draw_network(const geo::Network& network) {
        for (const auto& edge : network.edges) {
            if (edge.geom.size() < 2 || !wanted(geo::bounds(edge.geom))) continue;
            add_points(edge.geom, false);
        }
        stroke_with(m_style.network_edge, px(1), {});
        cairo_stroke(m_cr);
        set_source(m_cr, m_style.network_node);
        for (const auto& node : network.nodes) {
            if (!wanted(node.pos)) continue;
            const geo::Point p = dev(node.pos);
            cairo_new_sub_path(m_cr);
            cairo_arc(m_cr, p.x, p.y, px(1.8), 0, 2 * std::numbers::pi);
        }
        cairo_fill(m_cr);
    }

    void draw_gates(const std::vector<geo::Gate>& gates) {
        // Gates crowd an overview; they appear once compounds are large enough to hold them.
        if (m_mpp > 6) return;
        const double s = px(m_style.gate_size_px) / 2;
        for (const auto& gate : gates) {
            if (!wanted(gate.pos)) continue;
            if (shows(gate.pos)) {
                m_stats.drawn.gate_states.insert(gate.state);
                m_stats.drawn.gate_kinds.insert(gate.kind);
            }
            const geo::Point p = dev(gate.pos);
            const bool open = gate.state == geo::GateState::open;
            cairo_new_path(m_cr);
            switch (gate.kind) {
            case geo::GateKind::pedestrian:
                cairo_arc(m_cr, p.x, p.y, s, 0, 2 * std::numbers::pi);
                break;
            case geo::GateKind::vehicle:
                cairo_rectangle(m_cr, p.x - s, p.y - s, 2 * s, 2 * s);
                break;
            case geo::GateKind::both:
                cairo_move_to(m_cr, p.x, p.y - s * 1.3);
                cairo_line_to(m_cr, p.x + s * 1.3, p.y);
                cairo_line_to(m_cr, p.x, p.y + s * 1.3);
                cairo_line_to(m_cr, p.x - s * 1.3, p.y);
                cairo_close_path(m_cr);
                break;
            }
            // Open: solid green with a white rim. Closed: white with a red rim and a cross,
            // so the state reads without colour too.
            set_source(m_cr, open ? m_style.gate_open : m_style.symbol_halo);
            cairo_fill_preserve(m_cr);
            stroke_with(open ? m_style.symbol_halo : m_style.gate_closed, px(open ? 1.3 : 1.6), {});
            cairo_stroke(m_cr);
            if (!open) {
                const double c = s * 0.55;
                cairo_move_to(m_cr, p.x - c, p.y - c);
                cairo_line_to(m_cr, p.x + c, p.y + c);
                cairo_move_to(m_cr, p.x + c, p.y - c);
                cairo_line_to(m_cr, p.x - c, p.y + c);
                stroke_with(m_style.gate_closed, px(1.4), {});
                cairo_stroke(m_cr);
            }
            m_blocked.push_back({p.x - s, p.y - s, p.x + s, p.y + s});
        }
    }

    /// What the cordon protects, dashed like a community outline but in the checkpoints' red.
    void draw_cordon_areas(const std::vector<geo::CordonArea>& areas) {
        for (const auto& area : areas) {
            const geo::Box box = geo::bounds(area.geom);
            if (!wanted(box)) continue;
            if (shows(box)) m_stats.drawn.cordon_areas = true;
            draw_area(area.geom, box, m_style.cordon_area);
        }
    }

    /// A hollow diamond: a bridge or articulation point of the drivable network.
    void draw_choke_points(const std::vector<geo::ChokePointSite>& points) {
        const double s = px(m_style.choke_point_size_px) / 2;
        for (const auto& point : points) {
            if (!wanted(point.pos)) continue;
            if (shows(point.pos)) m_stats.drawn.choke_points = true;
            const geo::Point p = dev(point.pos);
            cairo_new_path(m_cr);
            cairo_move_to(m_cr, p.x, p.y - s);
            cairo_line_to(m_cr, p.x + s, p.y);
            cairo_line_to(m_cr, p.x, p.y + s);
            cairo_line_to(m_cr, p.x - s, p.y);
            cairo_close_path(m_cr);
            stroke_with(m_style.symbol_halo, px(4), {});
            cairo_stroke_preserve(m_cr);
            stroke_with(m_style.choke_point, px(2), {});
            cairo_stroke(m_cr);
        }
    }

    void draw_checkpoints(const std::vector<geo::Checkpoint>& checkpoints) {
        const double s = px(m_style.checkpoint_size_px) / 2;
        for (const auto& checkpoint : checkpoints) {
            if (!wanted(checkpoint.pos)) continue;
            if (shows(checkpoint.pos)) m_stats.drawn.checkpoint_kinds.insert(checkpoint.kind);
            const geo::Point p = dev(checkpoint.pos);
            cairo_new_path(m_cr);
            if (checkpoint.kind == geo::CheckpointKind::barrier) {
                draw_barrier(p, s);
                continue;
            }
            if (checkpoint.kind == geo::CheckpointKind::vehicle) {
                // A warning triangle with a bar: a vehicle checkpoint.
                cairo_move_to(m_cr, p.x, p.y - s * 1.15);
                cairo_line_to(m_cr, p.x + s * 1.1, p.y + s * 0.8);
                cairo_line_to(m_cr, p.x - s * 1.1, p.y + s * 0.8);
                cairo_close_path(m_cr);
                set_source(m_cr, m_style.checkpoint_vehicle);
            } else {
                // A rounded square with a cross: a registration point.
                cairo_rectangle(m_cr, p.x - s * 0.9, p.y - s * 0.9, s * 1.8, s * 1.8);
                set_source(m_cr, m_style.checkpoint_registration);
            }
            cairo_fill_preserve(m_cr);
            stroke_with(m_style.symbol_halo, px(1.5), {});
            cairo_stroke(m_cr);
            set_source(m_cr, m_style.symbol_halo);
            if (checkpoint.kind == geo::CheckpointKind::vehicle) {
                cairo_rectangle(m_cr, p.x - s * 0.5, p.y + s * 0.05, s, s * 0.3);
            } else {
                cairo_rectangle(m_cr, p.x - s * 0.15, p.y - s * 0.55, s * 0.3, s * 1.1);
                cairo_rectangle(m_cr, p.x - s * 0.55, p.y - s * 0.15, s * 1.1, s * 0.3);
            }
            cairo_fill(m_cr);
            m_blocked.push_back({p.x - s * 1.2, p.y - s * 1.2, p.x + s * 1.2, p.y + s * 1.2});
        }
    }

    /// A barrier: a road-block bar, amber with dark stripes.
    void draw_barrier(geo::Point p, double s) {
        const double w = s * 2.3, h = s * 0.9;
        cairo_rectangle(m_cr, p.x - w / 2, p.y - h / 2, w, h);
        set_source(m_cr, m_style.checkpoint_barrier);
        cairo_fill_preserve(m_cr);
        stroke_with(m_style.symbol_halo, px(1.5), {});
        cairo_stroke(m_cr);
        set_source(m_cr, m_style.checkpoint_barrier_stripe);
        for (int i = -1; i <= 1; ++i) {
            const double x = p.x + i * w / 3;
            cairo_move_to(m_cr, x - h * 0.15, p.y + h / 2);
            cairo_line_to(m_cr, x + h * 0.35, p.y - h / 2);
            cairo_line_to(m_cr, x + h * 0.65, p.y - h / 2);
            cairo_line_to(m_cr, x + h * 0.15, p.y + h / 2);
            cairo_close_path(m_cr);
        }
        cairo_fill(m_cr);
        m_blocked.push_back({p.x - w / 2 - 2, p.y - h / 2 - 2, p.x + w / 2 + 2, p.y + h / 2 + 2});
    }

    /// A name inside the polygon when it fits there; with `overflow`, also over the polygon's
    /// edge when it is narrower than its name (zones: every zone's name on an overview).
    void polygon_label(const geo::MultiPolygon& polygons, const geo::Box& box,
                       const std::string& text, int priority, double size, const Rgba& colour,
                       bool bold, bool overflow = false) {
        const double w = box.width() / m_view.scale, h = box.height() / m_view.scale;
        // Too small on screen to carry a name: the name would hide the feature.
        if (overflow ? std::max(w, h) < px(10) : w < px(24) || h < px(10)) return;
        const auto anchor = detail::label_point(polygons, m_view.scale * 0.5);
        if (!anchor) return;
        LabelCandidate label;
        label.priority = priority;
        label.weight = w * h;
        label.text = text;
        label.size = size;
        label.bold = bold;
        label.colour = colour;
        label.at = dev(anchor->point);
        label.room = overflow ? std::numeric_limits<double>::infinity()
                              : std::max(anchor->room / m_view.scale, w * 0.6);
        m_labels.push_back(std::move(label));
    }

    void road_label(const geo::Road& road, const RoadStyle& style) {
        if (road.name.empty() || !style.label || m_mpp > style.min_scale_for_label) return;
        std::vector<geo::Point> device;
        device.reserve(road.geom.size());
        for (const auto& p : road.geom)
            device.push_back(dev(p));
        const Rect view{0, 0, m_width, m_height};
        const auto run =
            detail::longest_straight_run(device, {view.x0, view.y0}, {view.x1, view.y1}, 0.35);
        if (!run || run->length < px(30)) return;
        LabelCandidate label;
        label.priority = 20 + style.rank;
        label.weight = run->length;
        label.text = road.name;
        label.size = text_size(m_style.road_label_px, m_view.scale, m_options.px);
        label.colour = m_style.road_label_text;
        label.at = run->middle;
        label.angle = run->angle;
        label.room = run->length;
        label.along_line = true;
        m_labels.push_back(std::move(label));
    }

    void place_labels() {
        std::stable_sort(
            m_labels.begin(), m_labels.end(), [](const LabelCandidate& a, const LabelCandidate& b) {
                return a.priority != b.priority ? a.priority > b.priority : a.weight > b.weight;
            });
        detail::LabelPlacer placer({0, 0, m_width, m_height});
        for (const Rect& r : m_blocked)
            placer.block(r);
        detail::TextPainter text(m_cr, m_style.font_family);
        // Repeats of one road name stay this far apart.
        const double repeat = px(220);
        std::map<std::string, std::vector<geo::Point>> placed_roads;
        for (const LabelCandidate& label : m_labels) {
            const auto size = text.set(label.text, label.size, label.bold);
            if (size.width + px(6) > label.room) {
                ++m_stats.labels_skipped;
                continue;
            }
            if (label.along_line) {
                auto& others = placed_roads[label.text];
                const bool near = std::any_of(others.begin(), others.end(), [&](geo::Point o) {
                    return std::hypot(o.x - label.at.x, o.y - label.at.y) < repeat;
                });
                if (near) {
                    ++m_stats.labels_skipped;
                    continue;
                }
            }
            // The rotated text's box, a little larger so that labels do not touch.
            const double c = std::abs(std::cos(label.angle)), s = std::abs(std::sin(label.angle));
            const double half_w = (size.width * c + size.height * s) / 2 + px(2);
            const double half_h = (size.width * s + size.height * c) / 2 + px(1);
            const Rect r{label.at.x - half_w, label.at.y - half_h, label.at.x + half_w,
                         label.at.y + half_h};
            if (!placer.try_place(r)) {
                ++m_stats.labels_skipped;
                continue;
            }
            if (label.along_line) placed_roads[label.text].push_back(label.at);
            text.draw_centred(label.at.x, label.at.y, label.angle, label.colour, m_style.label_halo,
                              px(m_style.label_halo_px));
            ++m_stats.labels_placed;
        }
    }

    cairo_t* m_cr;
    View m_view;
    double m_width;
    double m_height;
    RenderOptions m_options;
    const MapStyle& m_style;
    double m_mpp;                       ///< metres per reference pixel
    bool m_vector;                      ///< drawing for a PDF, PostScript or SVG surface
    bool m_basemap_under = false;       ///< a basemap was drawn under the layers
    bool m_frame_only = false;          ///< the caller's clip holds the whole drawing area
    std::vector<geo::Point> m_reversed; ///< a ring turned round (draw_compounds_by_mode)
    detail::Grid m_grid;
    detail::Tiles m_tiles;
    geo::Box m_world;
    geo::Box m_cull;
    RenderStats m_stats;
    std::vector<LabelCandidate> m_labels;
    std::vector<Rect> m_blocked;
};

} // namespace

const std::vector<Layer>& default_layer_order() {
    static const std::vector<Layer> order{Layer::communities, Layer::compounds, Layer::buildings,
                                          Layer::roads,       Layer::district,  Layer::zones,
                                          Layer::routes,      Layer::gates,     Layer::checkpoints};
    return order;
}

void DrawnClasses::merge(const DrawnClasses& other) {
    communities = communities || other.communities;
    district = district || other.district;
    buildings = buildings || other.buildings;
    zones = zones || other.zones;
    routes = routes || other.routes;
    choke_points = choke_points || other.choke_points;
    cordon_areas = cordon_areas || other.cordon_areas;
    compound_modes.insert(other.compound_modes.begin(), other.compound_modes.end());
    assumed_modes.insert(other.assumed_modes.begin(), other.assumed_modes.end());
    road_classes.insert(other.road_classes.begin(), other.road_classes.end());
    gate_states.insert(other.gate_states.begin(), other.gate_states.end());
    gate_kinds.insert(other.gate_kinds.begin(), other.gate_kinds.end());
    checkpoint_kinds.insert(other.checkpoint_kinds.begin(), other.checkpoint_kinds.end());
    screening_states.insert(other.screening_states.begin(), other.screening_states.end());
}

const char* to_string(ScreeningState state) {
    switch (state) {
    case ScreeningState::unvisited:
        return "unvisited";
    case ScreeningState::not_yet_met:
        return "not_yet_met";
    case ScreeningState::partly_visited:
        return "partly_visited";
    case ScreeningState::done:
        return "done";
    }
    return "";
}

RenderStats render_map(cairo_t* cr, const geo::District& district, const View& view, double width,
                       double height, const RenderOptions& options) {
    if (cr == nullptr || width <= 0 || height <= 0 || !(view.scale > 0) ||
        !std::isfinite(view.scale) || !(options.px > 0))
        return {};
    Painter painter(cr, view, width, height, options);
    return painter.draw(district);
}

} // namespace cordon::render
