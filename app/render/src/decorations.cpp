#include "cairo_util.hpp"

#include <cordon/render/decorations.hpp>
#include <cordon/render/map_renderer.hpp>
#include <cordon/render/style.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cordon::render {

namespace {

using detail::SavedState;
using detail::set_source;

/// One legend line: a swatch drawn by the map renderer itself, so the legend always matches
/// the map, and its text in both languages.
struct LegendEntry {
    const char* zh;
    const char* en;
    std::function<void(geo::District&, double w, double h)> make;
    /// A building coloured by the screening: its state (the swatch's building is id 1).
    std::optional<ScreeningState> screening = std::nullopt;
};

geo::MultiPolygon rect(double x0, double y0, double x1, double y1) {
    return {geo::Polygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}};
}

LegendEntry compound_entry(const char* zh, const char* en, geo::CompoundMode mode,
                           bool assumed = false) {
    return {zh, en, [mode, assumed](geo::District& d, double w, double h) {
                geo::Compound c;
                c.mode = mode;
                c.mode_assumed = assumed;
                c.geom = rect(1, 1, w - 1, h - 1);
                d.compounds.push_back(c);
            }};
}

LegendEntry road_entry(const char* zh, const char* en, const char* cls) {
    return {zh, en, [cls](geo::District& d, double w, double h) {
                geo::Road r;
                r.cls = cls;
                r.geom = {{2, h / 2}, {w - 2, h / 2}};
                d.roads.push_back(r);
            }};
}

LegendEntry gate_entry(const char* zh, const char* en, geo::GateState state,
                       geo::GateKind kind = geo::GateKind::both) {
    return {zh, en, [state, kind](geo::District& d, double w, double h) {
                geo::Gate g;
                g.kind = kind;
                g.state = state;
                g.pos = {w / 2, h / 2};
                d.gates.push_back(g);
            }};
}

LegendEntry checkpoint_entry(const char* zh, const char* en, geo::CheckpointKind kind) {
    return {zh, en, [kind](geo::District& d, double w, double h) {
                geo::Checkpoint c;
                c.kind = kind;
                c.pos = {w / 2, h / 2};
                d.checkpoints.push_back(c);
            }};
}

/// Whether two road classes look the same on the map (a link road and its road).
bool drawn_alike(const RoadStyle& a, const RoadStyle& b) {
    auto same = [](const Rgba& x, const Rgba& y) {
        return x.r == y.r && x.g == y.g && x.b == y.b && x.a == y.a;
    };
    return a.rank == b.rank && a.max_px == b.max_px && same(a.fill, b.fill) &&
           same(a.casing, b.casing) && a.dash == b.dash;
}

/// The legend's name of each road style, by a class drawn with it, in the legend's order.
struct RoadLegend {
    const char* zh;
    const char* en;
    const char* cls;
};
const RoadLegend k_road_legend[] = {
    {"高速公路", "Motorway", "motorway"},
    {"快速路", "Trunk road", "trunk"},
    {"主干道", "Main road", "primary"},
    {"次干道", "Secondary road", "secondary"},
    {"三级道路", "Tertiary road", "tertiary"},
    {"支路", "Minor road", "residential"},
    {"内部道路", "Service road", "service"},
    {"机耕路", "Track", "track"},
    {"步行道", "Footway", "footway"},
    {"步行街", "Pedestrian street", "pedestrian"},
    {"小径", "Path", "path"},
    {"台阶", "Steps", "steps"},
    {"自行车道", "Cycleway", "cycleway"},
    {"马道", "Bridleway", "bridleway"},
};

/// Whether `value` is among `drawn` (empty: every value is).
template <class T> bool listed(const std::vector<T>& drawn, T value) {
    return drawn.empty() || std::find(drawn.begin(), drawn.end(), value) != drawn.end();
}

std::vector<LegendEntry> legend_entries(const LegendOptions& o) {
    std::vector<LegendEntry> entries;
    if (o.communities)
        entries.push_back(
            {"社区边界", "Community boundary", [](geo::District& d, double w, double h) {
                 geo::Community c;
                 c.geom = rect(-w, h * 0.3, w * 2, h * 3);
                 d.communities.push_back(c);
             }});
    if (o.district)
        entries.push_back(
            {"行政区界", "District boundary", [](geo::District& d, double w, double h) {
                 geo::DistrictBoundary b;
                 b.geom = rect(-w, h / 2, w * 2, h * 3);
                 d.boundary.push_back(b);
             }});
    if (o.compounds) {
        auto mode = [&](geo::CompoundMode m) {
            return o.compound_modes.empty() ? o.assumed_modes.empty() : listed(o.compound_modes, m);
        };
        auto assumed = [&](geo::CompoundMode m) {
            return std::find(o.assumed_modes.begin(), o.assumed_modes.end(), m) !=
                   o.assumed_modes.end();
        };
        if (mode(geo::CompoundMode::closed))
            entries.push_back(
                compound_entry("封闭式小区", "Closed compound", geo::CompoundMode::closed));
        if (mode(geo::CompoundMode::guarded))
            entries.push_back(
                compound_entry("值守式院落", "Guarded courtyard", geo::CompoundMode::guarded));
        if (mode(geo::CompoundMode::patrol))
            entries.push_back(
                compound_entry("巡查式(散居)", "Patrol (scattered)", geo::CompoundMode::patrol));
        if (mode(geo::CompoundMode::unknown))
            entries.push_back(
                compound_entry("未定类型", "Mode not set", geo::CompoundMode::unknown));
        if (assumed(geo::CompoundMode::closed))
            entries.push_back(compound_entry("假定封闭式(模式未定)",
                                             "Assumed closed (mode unknown)",
                                             geo::CompoundMode::closed, true));
        if (assumed(geo::CompoundMode::guarded))
            entries.push_back(compound_entry("假定值守式(模式未定)",
                                             "Assumed guarded (mode unknown)",
                                             geo::CompoundMode::guarded, true));
        if (assumed(geo::CompoundMode::patrol))
            entries.push_back(compound_entry("假定巡查式(模式未定)",
                                             "Assumed patrol (mode unknown)",
                                             geo::CompoundMode::patrol, true));
    }
    if (o.buildings)
        entries.push_back({"建筑", "Building", [](geo::District& d, double w, double h) {
                               geo::Building b;
                               b.geom = rect(w * 0.2, 1.5, w * 0.8, h - 1.5);
                               d.buildings.push_back(b);
                           }});
    for (const ScreeningState state : k_screening_states) {
        if (std::find(o.screening_states.begin(), o.screening_states.end(), state) ==
            o.screening_states.end())
            continue;
        static const std::pair<const char*, const char*> names[] = {
            {"未走访", "Screening: not visited"},
            {"有未见面户", "Screening: not yet met"},
            {"部分走访", "Screening: partly visited"},
            {"已全部见面或空置", "Screening: all met or vacant"}};
        const auto& [zh, en] = names[static_cast<std::size_t>(state)];
        entries.push_back({zh, en,
                           [](geo::District& d, double w, double h) {
                               geo::Building b;
                               b.id = 1;
                               b.geom = rect(w * 0.2, 1.5, w * 0.8, h - 1.5);
                               d.buildings.push_back(b);
                           },
                           state});
    }
    if (o.roads) {
        // One entry per road style drawn (link roads and minor classes share their style).
        std::vector<std::string> drawn = o.road_classes;
        if (drawn.empty()) drawn = {"primary", "secondary", "residential", "footway"};
        for (const RoadLegend& r : k_road_legend)
            if (std::any_of(drawn.begin(), drawn.end(), [&](const std::string& cls) {
                    return drawn_alike(road_style(cls), road_style(r.cls));
                }))
                entries.push_back(road_entry(r.zh, r.en, r.cls));
    }
    if (o.gates) {
        // The states in the shape of the first kind drawn; the other kinds' shapes after them.
        const std::vector<geo::GateKind> all_kinds = {geo::GateKind::both, geo::GateKind::vehicle,
                                                      geo::GateKind::pedestrian};
        std::vector<geo::GateKind> kinds;
        for (const geo::GateKind k : all_kinds)
            if (std::find(o.gate_kinds.begin(), o.gate_kinds.end(), k) != o.gate_kinds.end())
                kinds.push_back(k);
        if (kinds.empty()) kinds.push_back(geo::GateKind::both);
        if (listed(o.gate_states, geo::GateState::open))
            entries.push_back(
                gate_entry("开放出入口", "Open gate", geo::GateState::open, kinds.front()));
        if (listed(o.gate_states, geo::GateState::closed))
            entries.push_back(
                gate_entry("关闭出入口", "Closed gate", geo::GateState::closed, kinds.front()));
        const geo::GateState shown = listed(o.gate_states, geo::GateState::open)
                                         ? geo::GateState::open
                                         : geo::GateState::closed;
        for (std::size_t i = 1; i < kinds.size(); ++i) {
            if (kinds[i] == geo::GateKind::both)
                entries.push_back(
                    gate_entry("人车出入口", "Gate for people and vehicles", shown, kinds[i]));
            else if (kinds[i] == geo::GateKind::vehicle)
                entries.push_back(gate_entry("车行出入口", "Vehicle gate", shown, kinds[i]));
            else
                entries.push_back(gate_entry("人行出入口", "Pedestrian gate", shown, kinds[i]));
        }
    }
    if (o.checkpoints) {
        if (listed(o.checkpoint_kinds, geo::CheckpointKind::vehicle))
            entries.push_back(
                checkpoint_entry("车辆卡口", "Vehicle checkpoint", geo::CheckpointKind::vehicle));
        if (listed(o.checkpoint_kinds, geo::CheckpointKind::registration))
            entries.push_back(checkpoint_entry("登记点", "Registration point",
                                               geo::CheckpointKind::registration));
        if (listed(o.checkpoint_kinds, geo::CheckpointKind::barrier))
            entries.push_back(checkpoint_entry("路障封闭", "Barrier (road closed)",
                                               geo::CheckpointKind::barrier));
    }
    if (o.cordon_areas)
        entries.push_back(
            {"卡口保护范围", "Protected area", [](geo::District& d, double w, double h) {
                 geo::CordonArea a;
                 a.geom = rect(2, 2, w - 2, h - 2);
                 d.cordon_areas.push_back(a);
             }});
    if (o.choke_points)
        entries.push_back(
            {"天然咽喉点", "Natural choke point", [](geo::District& d, double w, double h) {
                 geo::ChokePointSite c;
                 c.pos = {w / 2, h / 2};
                 d.choke_points.push_back(c);
             }});
    if (o.zones)
        entries.push_back({"巡查片区", "Patrol zone", [](geo::District& d, double w, double h) {
                               geo::Zone z;
                               z.name = " ";
                               z.geom = rect(2, 2, w - 2, h - 2);
                               d.zones.push_back(z);
                           }});
    if (o.routes)
        entries.push_back({"巡查路线", "Patrol route", [](geo::District& d, double w, double h) {
                               geo::Route r;
                               r.geom = {{2, h / 2}, {w - 2, h / 2}};
                               d.routes.push_back(r);
                           }});
    return entries;
}

struct LegendLayout {
    double pad, swatch_w, swatch_h, row_h, gap, text_size, title_size, column_gap;
};

LegendLayout legend_layout(double px) {
    return {px * 8, px * 30, px * 14, px * 20, px * 8, px * 11.5, px * 13, px * 12};
}

// Draws (or, with `draw` false, only measures) the legend.
Extent legend(cairo_t* cr, double x, double y, const LegendOptions& options, bool draw) {
    const auto entries = legend_entries(options);
    const LegendLayout l = legend_layout(options.px);
    const bool zh = options.language == Language::zh;
    detail::TextPainter text(cr, map_style().font_family);
    const auto title = text.set(zh ? "图例" : "Legend", l.title_size, true);
    double text_w = 0;
    for (const auto& e : entries)
        text_w = std::max(text_w, text.set(zh ? e.zh : e.en, l.text_size).width);
    // As many rows under each other as `max_height` leaves room for, then the next column;
    // the columns as even as they can be.
    const double head = l.pad * 2 + title.height + l.pad / 2;
    const std::size_t n = std::max<std::size_t>(1, entries.size());
    std::size_t per_column = n;
    if (options.max_height > 0)
        per_column = std::clamp<std::size_t>(
            static_cast<std::size_t>(std::floor((options.max_height - head) / l.row_h)), 1, n);
    const std::size_t columns = (n + per_column - 1) / per_column;
    const std::size_t rows = entries.empty() ? 0 : (n + columns - 1) / columns;
    const double column_w = l.swatch_w + l.gap + text_w;
    const double width =
        l.pad * 2 + std::max(title.width, column_w * static_cast<double>(columns) +
                                              l.column_gap * static_cast<double>(columns - 1));
    const double height = head + l.row_h * static_cast<double>(rows);
    if (!draw) return {width, height};

    SavedState saved(cr);
    cairo_rectangle(cr, x, y, width, height);
    set_source(cr, Rgba::hex(0xffffff, 0.94));
    cairo_fill_preserve(cr);
    set_source(cr, Rgba::hex(0x666666));
    cairo_set_line_width(cr, options.px);
    cairo_stroke(cr);
    text.set(zh ? "图例" : "Legend", l.title_size, true);
    text.draw_at(x + l.pad, y + l.pad, Rgba::hex(0x222222));
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& e = entries[i];
        const double row_y =
            y + l.pad + title.height + l.pad / 2 + l.row_h * static_cast<double>(i % rows);
        const double sx = x + l.pad + (column_w + l.column_gap) * static_cast<double>(i / rows),
                     sy = row_y + (l.row_h - l.swatch_h) / 2;
        // The swatch is a tiny district drawn by render_map at a street-level scale.
        const double scale = 1.2 * options.px;
        geo::District swatch;
        e.make(swatch, l.swatch_w * scale, l.swatch_h * scale);
        View view;
        view.scale = scale;
        view.centre = {l.swatch_w * scale / 2, l.swatch_h * scale / 2};
        RenderOptions ro;
        ro.px = options.px;
        ro.background = false;
        ro.labels = false;
        std::unordered_map<geo::Id, ScreeningState> screening;
        if (e.screening) {
            screening[1] = *e.screening;
            ro.screening = &screening;
        }
        {
            SavedState inner(cr);
            cairo_translate(cr, sx, sy);
            render_map(cr, swatch, view, l.swatch_w, l.swatch_h, ro);
        }
        const auto size = text.set(zh ? e.zh : e.en, l.text_size);
        text.draw_at(sx + l.swatch_w + l.gap, row_y + (l.row_h - size.height) / 2,
                     Rgba::hex(0x222222));
    }
    return {width, height};
}

std::string distance_text(double metres) {
    if (metres >= 1000) {
        const double km = metres / 1000;
        char buf[32];
        std::snprintf(buf, sizeof buf, km == std::floor(km) ? "%.0f km" : "%.1f km", km);
        return buf;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, metres >= 1 ? "%.0f m" : "%.2g m", metres);
    return buf;
}

} // namespace

LegendOptions LegendOptions::for_district(const geo::District& district, Language language) {
    LegendOptions o;
    o.language = language;
    o.communities = !district.communities.empty();
    o.district = !district.boundary.empty();
    o.compounds = !district.compounds.empty();
    o.buildings = !district.buildings.empty();
    o.roads = !district.roads.empty();
    std::set<std::string> classes;
    for (const auto& r : district.roads)
        classes.insert(r.cls);
    o.road_classes.assign(classes.begin(), classes.end());
    std::set<geo::CompoundMode> modes, assumed;
    for (const auto& c : district.compounds)
        (c.mode_assumed && c.mode != geo::CompoundMode::unknown ? assumed : modes).insert(c.mode);
    o.compound_modes.assign(modes.begin(), modes.end());
    o.assumed_modes.assign(assumed.begin(), assumed.end());
    std::set<geo::GateState> states;
    std::set<geo::GateKind> kinds;
    for (const auto& g : district.gates) {
        states.insert(g.state);
        kinds.insert(g.kind);
    }
    o.gate_states.assign(states.begin(), states.end());
    o.gate_kinds.assign(kinds.begin(), kinds.end());
    std::set<geo::CheckpointKind> checkpoint_kinds;
    for (const auto& c : district.checkpoints)
        checkpoint_kinds.insert(c.kind);
    o.checkpoint_kinds.assign(checkpoint_kinds.begin(), checkpoint_kinds.end());
    o.gates = !district.gates.empty();
    o.checkpoints = !district.checkpoints.empty();
    o.choke_points = !district.choke_points.empty();
    o.cordon_areas = !district.cordon_areas.empty();
    o.zones = !district.zones.empty();
    o.routes = !district.routes.empty();
    return o;
}

LegendOptions LegendOptions::for_drawn(const DrawnClasses& drawn, Language language) {
    LegendOptions o;
    o.language = language;
    o.communities = drawn.communities;
    o.district = drawn.district;
    o.compounds = !drawn.compound_modes.empty() || !drawn.assumed_modes.empty();
    o.compound_modes.assign(drawn.compound_modes.begin(), drawn.compound_modes.end());
    o.assumed_modes.assign(drawn.assumed_modes.begin(), drawn.assumed_modes.end());
    o.buildings = drawn.buildings;
    o.roads = !drawn.road_classes.empty();
    o.road_classes.assign(drawn.road_classes.begin(), drawn.road_classes.end());
    o.gates = !drawn.gate_states.empty();
    o.gate_states.assign(drawn.gate_states.begin(), drawn.gate_states.end());
    o.gate_kinds.assign(drawn.gate_kinds.begin(), drawn.gate_kinds.end());
    o.checkpoints = !drawn.checkpoint_kinds.empty();
    o.checkpoint_kinds.assign(drawn.checkpoint_kinds.begin(), drawn.checkpoint_kinds.end());
    o.choke_points = drawn.choke_points;
    o.cordon_areas = drawn.cordon_areas;
    o.zones = drawn.zones;
    o.routes = drawn.routes;
    o.screening_states.assign(drawn.screening_states.begin(), drawn.screening_states.end());
    return o;
}

std::vector<LegendLine> legend_lines(const LegendOptions& options) {
    std::vector<LegendLine> lines;
    for (const auto& e : legend_entries(options)) {
        geo::District swatch;
        e.make(swatch, 30, 14);
        LegendLine line{e.zh, e.en, swatch.roads.empty() ? std::string() : swatch.roads[0].cls, "",
                        ""};
        if (!swatch.communities.empty()) line.layer = "communities";
        if (!swatch.boundary.empty()) line.layer = "district";
        if (!swatch.compounds.empty())
            line.layer = "compounds",
            line.value = std::string(geo::to_string(swatch.compounds[0].mode)) +
                         (swatch.compounds[0].mode_assumed ? " assumed" : "");
        if (!swatch.buildings.empty()) line.layer = "buildings";
        if (!swatch.roads.empty()) line.layer = "roads", line.value = swatch.roads[0].cls;
        if (!swatch.gates.empty())
            line.layer = "gates", line.value = std::string(geo::to_string(swatch.gates[0].state)) +
                                               " " + geo::to_string(swatch.gates[0].kind);
        if (!swatch.checkpoints.empty())
            line.layer = "checkpoints", line.value = geo::to_string(swatch.checkpoints[0].kind);
        if (!swatch.cordon_areas.empty()) line.layer = "cordon_areas";
        if (!swatch.choke_points.empty()) line.layer = "choke_points";
        if (!swatch.zones.empty()) line.layer = "zones";
        if (!swatch.routes.empty()) line.layer = "routes";
        if (e.screening) line.layer = "screening", line.value = to_string(*e.screening);
        lines.push_back(line);
    }
    return lines;
}

Extent legend_extent(cairo_t* cr, const LegendOptions& options) {
    return legend(cr, 0, 0, options, false);
}

Extent draw_legend(cairo_t* cr, double x, double y, const LegendOptions& options) {
    return legend(cr, x, y, options, true);
}

double nice_scale_length(double max_length_m) {
    if (!(max_length_m > 0) || !std::isfinite(max_length_m)) return 0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(max_length_m)));
    for (const double f : {5.0, 2.0, 1.0})
        if (f * magnitude <= max_length_m) return f * magnitude;
    return magnitude;
}

Extent draw_scale_bar(cairo_t* cr, const View& view, double x, double y, double max_width,
                      double px) {
    const double length_m = nice_scale_length(max_width * view.scale);
    if (length_m <= 0) return {};
    const double bar_w = length_m / view.scale;
    const double bar_h = 5 * px;
    const int parts = 4;
    SavedState saved(cr);
    detail::TextPainter text(cr, map_style().font_family);
    const std::string end_label = distance_text(length_m);
    const auto end_size = text.set(end_label, 10.5 * px);
    const double pad = 4 * px;
    const double total_w = bar_w + end_size.width / 2 + 2 * pad + 4 * px;
    const double total_h = bar_h + end_size.height + 2 * pad + 2 * px;
    const double top = y - total_h;
    cairo_rectangle(cr, x, top, total_w, total_h);
    set_source(cr, Rgba::hex(0xffffff, 0.8));
    cairo_fill(cr);
    const double bx = x + pad + 4 * px, by = top + pad + end_size.height + 2 * px;
    for (int i = 0; i < parts; ++i) {
        cairo_rectangle(cr, bx + bar_w * i / parts, by, bar_w / parts, bar_h);
        set_source(cr, i % 2 == 0 ? Rgba::hex(0x222222) : Rgba::hex(0xffffff));
        cairo_fill(cr);
    }
    cairo_rectangle(cr, bx, by, bar_w, bar_h);
    set_source(cr, Rgba::hex(0x222222));
    cairo_set_line_width(cr, 0.8 * px);
    cairo_stroke(cr);
    const auto zero = text.set("0", 10.5 * px);
    text.draw_at(bx - zero.width / 2, top + pad, Rgba::hex(0x222222));
    text.set(end_label, 10.5 * px);
    text.draw_at(bx + bar_w - end_size.width / 2, top + pad, Rgba::hex(0x222222));
    return {total_w, total_h};
}

void draw_north_arrow(cairo_t* cr, double x, double y, double size, double px) {
    SavedState saved(cr);
    detail::TextPainter text(cr, map_style().font_family);
    const auto n = text.set("N", size * 0.3, true);
    const double cx = x + size * 0.3, top = y + n.height, bottom = y + size;
    const double half = size * 0.22;
    cairo_move_to(cr, cx, top);
    cairo_line_to(cr, cx + half, bottom);
    cairo_line_to(cr, cx, bottom - (bottom - top) * 0.25);
    cairo_close_path(cr);
    set_source(cr, Rgba::hex(0x222222));
    cairo_fill(cr);
    cairo_move_to(cr, cx, top);
    cairo_line_to(cr, cx - half, bottom);
    cairo_line_to(cr, cx, bottom - (bottom - top) * 0.25);
    cairo_close_path(cr);
    set_source(cr, Rgba::hex(0xffffff));
    cairo_fill_preserve(cr);
    set_source(cr, Rgba::hex(0x222222));
    cairo_set_line_width(cr, px);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    cairo_stroke(cr);
    text.draw_at(cx - n.width / 2, y, Rgba::hex(0x222222));
}

} // namespace cordon::render
