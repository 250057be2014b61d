#include "cairo_util.hpp"
#include "geometry_util.hpp"
#include "page_parts.hpp"
#include "pdf_join.hpp"

#include <cordon/geo/clock.hpp>
#include <cordon/geo/error.hpp>
#include <cordon/geo/number_text.hpp>
#include <cordon/geo/output_file.hpp>
#include <cordon/geo/param_error.hpp>
#include <cordon/render/atlas.hpp>
#include <cordon/render/map_renderer.hpp>
#include <cordon/render/style.hpp>
#include <cordon/render/text.hpp>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <exception>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace cordon::render {

namespace {

using detail::LabelPlacer;
using detail::Rect;
using detail::SavedState;
using detail::set_source;
using namespace detail::page; // the parts of a printed page: text, lists, colours

// Page geometry in points. The map style is in reference pixels: 0.75 pt each.
constexpr double k_px = 72.0 / 96.0;
constexpr double k_margin = 28;         // ~10 mm, inside what office printers can print
constexpr double k_header = 58;         // title, information line, team fields
constexpr double k_footer = 14;         // page number line
constexpr double k_gap = 10;            // between the map and the panel, and inside the panel
constexpr double k_symbols_height = 40; // the atlas's own symbols under a zone page's legend
constexpr double k_chart_h = 150;       // the 24-hour staffing chart under the overview's figures
constexpr double k_chart_min_h = 90;    // a chart with less room is left out

std::string tr(Language lang, const char* zh, const char* en) {
    return lang == Language::zh ? zh : en;
}

using geo::thousands;

std::string fixed(double value, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

/// The smallest round scale denominator (1, 1.5, 2, 2.5, 3, 4, 5, 7.5 x 10^n) at least `n`.
double round_denominator(double n) {
    if (!(n > 0) || !std::isfinite(n)) return 1000;
    const double magnitude = std::pow(10.0, std::floor(std::log10(n)));
    for (const double f : {1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 7.5, 10.0})
        if (f * magnitude >= n * (1 - 1e-9)) return f * magnitude;
    return 10 * magnitude;
}

/// The view that shows `world` in a `w` x `h` point area at the round scale that fits it.
View round_view(const geo::Box& world, double w, double h, double margin) {
    View view = View::fit(world, w, h, margin);
    const double n = round_denominator(view.scale_denominator(k_points_per_inch));
    view.scale = n * 0.0254 / k_points_per_inch;
    return view;
}

// ---- lists -------------------------------------------------------------------------------

/// How many pages `rows` take: the first `first_capacity` rows on the map page, the rest
/// `more_capacity` per continuation page.
int continuation_pages(std::size_t rows, int first_capacity, int more_capacity) {
    if (rows <= static_cast<std::size_t>(std::max(0, first_capacity))) return 0;
    const std::size_t rest = rows - static_cast<std::size_t>(std::max(0, first_capacity));
    const std::size_t per = static_cast<std::size_t>(std::max(1, more_capacity));
    return static_cast<int>((rest + per - 1) / per);
}

// ---- geometry ----------------------------------------------------------------------------

/// Distance along `route` to the point of it nearest to `p` (first such point).
double along(const geo::LineString& route, geo::Point p) {
    double best = std::numeric_limits<double>::infinity(), best_at = 0, walked = 0;
    for (std::size_t i = 1; i < route.size(); ++i) {
        const auto [t, at] = geo::project_onto_segment(p, route[i - 1], route[i]);
        const double d = geo::distance(p, at);
        const double seg = geo::distance(route[i - 1], route[i]);
        if (d < best - 1e-6) best = d, best_at = walked + t * seg;
        walked += seg;
    }
    return best_at;
}

/// Detail sheet `s`'s name: A, B, ..., Z, AA, AB, ... (letters, so that no reader takes a
/// sheet for a building number).
std::string sheet_name(std::size_t s) {
    std::string name;
    for (std::size_t n = s + 1; n > 0; n = (n - 1) / 26)
        name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
    return name;
}

geo::Point anchor_of(const geo::Building& b) {
    if (auto p = detail::label_point(b.geom, 0.5)) return p->point;
    return bounds(b.geom).centre();
}

void add_polygons(cairo_t* cr, const geo::MultiPolygon& polygons, const View& view, double w,
                  double h) {
    for (const auto& poly : polygons)
        for (const auto& ring : poly.rings) {
            for (std::size_t i = 0; i < ring.size(); ++i) {
                const geo::Point d = view.to_device(ring[i], w, h);
                if (i == 0)
                    cairo_move_to(cr, d.x, d.y);
                else
                    cairo_line_to(cr, d.x, d.y);
            }
            cairo_close_path(cr);
        }
}

/// The boxes of a district's area and line features, computed once for all pages.
struct Boxes {
    std::vector<geo::Box> communities, compounds, buildings, roads;

    explicit Boxes(const geo::District& d) {
        auto fill = [](std::vector<geo::Box>& out, const auto& features) {
            out.reserve(features.size());
            for (const auto& f : features)
                out.push_back(bounds(f.geom));
        };
        fill(communities, d.communities);
        fill(compounds, d.compounds);
        fill(buildings, d.buildings);
        fill(roads, d.roads);
    }
};

/// The features of `district` near `world` (all zones, so their colours stay the overview's),
/// buildings only within `buildings_world` when given: they carry no labels or symbols, so
/// those beyond the map frame and their outline's width add nothing to the page but bytes.
geo::District near(const geo::District& district, const Boxes& boxes, const geo::Box& world,
                   const geo::Box* buildings_world = nullptr) {
    geo::District sub;
    sub.meta = {};
    sub.meta.srid = district.meta.srid; // the basemaps are warped into it
    sub.basemaps = district.basemaps;
    auto pick = [&](auto& out, const auto& features, const std::vector<geo::Box>& box) {
        for (std::size_t i = 0; i < features.size(); ++i)
            if (box[i].intersects(world)) out.push_back(features[i]);
    };
    pick(sub.communities, district.communities, boxes.communities);
    for (const auto& b : district.boundary)
        if (bounds(b.geom).intersects(world)) sub.boundary.push_back(b);
    pick(sub.compounds, district.compounds, boxes.compounds);
    const geo::Box& bw = buildings_world != nullptr ? *buildings_world : world;
    for (std::size_t i = 0; i < district.buildings.size(); ++i)
        if (boxes.buildings[i].intersects(bw)) sub.buildings.push_back(district.buildings[i]);
    for (const auto& g : district.gates)
        if (world.contains(g.pos)) sub.gates.push_back(g);
    pick(sub.roads, district.roads, boxes.roads);
    for (const auto& c : district.checkpoints)
        if (world.contains(c.pos)) sub.checkpoints.push_back(c);
    for (const auto& a : district.cordon_areas)
        if (bounds(a.geom).intersects(world)) sub.cordon_areas.push_back(a);
    sub.zones = district.zones;
    return sub;
}

geo::Box grown(geo::Box b, double d) {
    b.minx -= d, b.miny -= d, b.maxx += d, b.maxy += d;
    return b;
}

// ---- the page furniture ------------------------------------------------------------------

struct Layout {
    Extent page;
    Box2 header;
    Box2 map;
    Box2 panel;
    Box2 more;  ///< a continuation page's list area
    Box2 sheet; ///< a detail sheet's map: the whole page under the header
};

Layout layout(const AtlasOptions& o) {
    Layout l;
    l.page = page_size(o.paper, o.landscape);
    const double W = l.page.width, H = l.page.height;
    l.header = {k_margin, k_margin, W - 2 * k_margin, k_header};
    const double top = k_margin + k_header;
    const double bottom = H - k_margin - k_footer;
    if (o.landscape) {
        const double map_w = (W - 2 * k_margin) * 0.64;
        l.map = {k_margin, top, map_w, bottom - top};
        l.panel = {k_margin + map_w + k_gap, top, W - 2 * k_margin - map_w - k_gap, bottom - top};
    } else {
        const double map_h = (bottom - top) * 0.62;
        l.map = {k_margin, top, W - 2 * k_margin, map_h};
        l.panel = {k_margin, top + map_h + k_gap, W - 2 * k_margin, bottom - top - map_h - k_gap};
    }
    l.more = {k_margin, k_margin + 30, W - 2 * k_margin, bottom - k_margin - 30};
    l.sheet = {k_margin, top, W - 2 * k_margin, bottom - top};
    return l;
}

void frame(cairo_t* cr, const Box2& b, double width = 0.9) {
    cairo_rectangle(cr, b.x, b.y, b.w, b.h);
    set_source(cr, k_ink);
    cairo_set_line_width(cr, width);
    cairo_set_dash(cr, nullptr, 0, 0);
    cairo_stroke(cr);
}

void footer(Text& text, const Layout& l, const AtlasOptions& o, const std::string& plan, int page,
            int pages) {
    const std::string s = o.language == Language::zh
                              ? "Cordon 巡查图册 · " + plan + " · 第 " + std::to_string(page) +
                                    " / " + std::to_string(pages) + " 页"
                              : "Cordon patrol atlas · " + plan + " · page " +
                                    std::to_string(page) + " of " + std::to_string(pages);
    const Extent e = text.set(s, 7);
    text.draw((l.page.width - e.width) / 2, l.page.height - k_margin - e.height + 2, k_grey);
}

/// Scale bar (bottom left) and north arrow (top right) inside the map frame.
void map_furniture(cairo_t* cr, Text& text, const Box2& m, const View& view, Language lang) {
    draw_scale_bar(cr, view, m.x + 6, m.y + m.h - 6, std::min(160.0, m.w * 0.35), k_px);
    const std::string ratio = "1:" + thousands(view.scale_denominator(k_points_per_inch));
    const Extent e = text.set((lang == Language::zh ? "比例尺 " : "Scale ") + ratio, 8, true);
    cairo_rectangle(cr, m.x + 6, m.y + 6, e.width + 8, e.height + 4);
    set_source(cr, Rgba::hex(0xffffff, 0.85));
    cairo_fill(cr);
    text.draw(m.x + 10, m.y + 8, k_ink);
    const double size = 34;
    cairo_rectangle(cr, m.x + m.w - size - 6, m.y + 6, size * 0.6 + 4, size + 4);
    set_source(cr, Rgba::hex(0xffffff, 0.85));
    cairo_fill(cr);
    draw_north_arrow(cr, m.x + m.w - size - 4, m.y + 8, size, k_px);
}

/// The route's start: a ringed "起" / "S" that reads in black and white.
void start_marker(cairo_t* cr, Text& text, geo::Point d, Language lang) {
    const double r = 7.5;
    cairo_arc(cr, d.x, d.y, r + 1.5, 0, 2 * M_PI);
    set_source(cr, k_white);
    cairo_fill(cr);
    cairo_arc(cr, d.x, d.y, r, 0, 2 * M_PI);
    set_source(cr, k_ink);
    cairo_fill(cr);
    const Extent e = text.set(lang == Language::zh ? "起" : "S", 8.5, true);
    text.draw(d.x - e.width / 2, d.y - e.height / 2, k_white);
}

constexpr double k_number_size = 6.5; // building numbers on the map, points
constexpr double k_number_small = 5;  // where the map is crowded

void number_box(cairo_t* cr, Text& text, double x, double y, const std::string& n,
                double size = k_number_size) {
    const Extent e = text.set(n, size, true);
    cairo_rectangle(cr, x - e.width / 2 - 1.5, y - e.height / 2, e.width + 3, e.height);
    set_source(cr, k_white);
    cairo_fill_preserve(cr);
    set_source(cr, k_ink);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
    text.draw(x - e.width / 2, y - e.height / 2, k_ink);
}

// ---- pages -------------------------------------------------------------------------------

struct ZonePlan {
    const geo::Zone* zone = nullptr;
    std::size_t index = 0; ///< in district.zones (its colour)
    const geo::Route* route = nullptr;
    std::vector<const geo::Building*> buildings; ///< in patrol order
    std::vector<Row> rows;
    int first_page = 0;
    int more_pages = 0;
    std::size_t households = 0;  ///< the register's households on its buildings
    int visit_pages = 0;         ///< its visit sheet (入户排查表), when there is a register
    std::vector<Row> visit_rows; ///< the sheet's rows: households in the route's order
    /// Its detail sheets (分图), when the numbers of its buildings do not read on its map page:
    /// each a part of its buildings drawn at a larger scale on a page of its own.
    std::vector<std::vector<const geo::Building*>> sheets;
};

/// "3" before "12", "2-501" before "2-1201": numbers compared as numbers, the rest as text.
/// The building as a visit sheet names it: its number (楼栋号), else the register's, else its
/// address, else the register's address.
std::string visit_place(const geo::Building& b, const geo::Household& home) {
    for (const std::string* s : {&b.number, &home.building, &b.address, &home.address})
        if (!s->empty()) return *s;
    return {};
}

/// The number a unit is written with, in digits or Chinese numerals up to 99 (2, 2单元, 二单元,
/// 2單元 and 十二单元 are 2, 2, 2, 2 and 12); a big number when there is none (listed last).
int unit_number(const std::string& unit) {
    static const std::vector<std::pair<std::string, int>> numerals{
        {"〇", 0}, {"零", 0}, {"一", 1}, {"二", 2}, {"两", 2}, {"三", 3}, {"四", 4},
        {"五", 5}, {"六", 6}, {"七", 7}, {"八", 8}, {"九", 9}, {"十", 10}};
    std::size_t i = 0;
    while (i < unit.size() && unit[i] == ' ')
        ++i;
    if (i < unit.size() && std::isdigit(static_cast<unsigned char>(unit[i]))) {
        int n = 0;
        while (i < unit.size() && std::isdigit(static_cast<unsigned char>(unit[i])) && n < 100000)
            n = n * 10 + (unit[i++] - '0');
        return n;
    }
    int total = 0, digit = -1;
    bool any = false;
    for (bool more = true; more && i < unit.size();) {
        more = false;
        for (const auto& [text, value] : numerals)
            if (unit.compare(i, text.size(), text) == 0) {
                if (value == 10) {
                    total += (digit < 0 ? 1 : digit) * 10; // 十二: the leading 一 left out
                    digit = -1;
                } else {
                    digit = value;
                }
                i += text.size();
                more = any = true;
                break;
            }
    }
    if (digit > 0) total += digit;
    return any ? total : std::numeric_limits<int>::max();
}

bool natural_less(const std::string& a, const std::string& b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        const bool da = std::isdigit(static_cast<unsigned char>(a[i])) != 0;
        const bool db = std::isdigit(static_cast<unsigned char>(b[j])) != 0;
        if (da && db) {
            std::size_t ei = i, ej = j;
            while (ei < a.size() && std::isdigit(static_cast<unsigned char>(a[ei])))
                ++ei;
            while (ej < b.size() && std::isdigit(static_cast<unsigned char>(b[ej])))
                ++ej;
            const std::string na = a.substr(i, ei - i), nb = b.substr(j, ej - j);
            const std::size_t za = na.find_first_not_of('0'), zb = nb.find_first_not_of('0');
            const std::string ta = za == std::string::npos ? "" : na.substr(za);
            const std::string tb = zb == std::string::npos ? "" : nb.substr(zb);
            if (ta.size() != tb.size()) return ta.size() < tb.size();
            if (ta != tb) return ta < tb;
            i = ei, j = ej;
        } else {
            if (a[i] != b[j]) return a[i] < b[j];
            ++i, ++j;
        }
    }
    return a.size() - i < b.size() - j;
}

/// A place the volunteer can find: the building's name, its address, or the named road nearest
/// to it (within 150 m).
/// `roads` are the named roads near the zone with their boxes.
std::string place_of(const geo::Building& b, geo::Point at,
                     const std::vector<std::pair<const geo::Road*, geo::Box>>& roads,
                     Language lang) {
    if (!b.name.empty()) return b.name;
    if (!b.address.empty()) return b.address;
    const geo::Road* best = nullptr;
    double best_d = 400;
    for (const auto& [road, box] : roads) {
        const geo::Road& r = *road;
        const geo::Box rb = grown(box, best_d);
        if (!rb.contains(at)) continue;
        for (std::size_t i = 1; i < r.geom.size(); ++i) {
            const double d = geo::segment_distance(at, r.geom[i - 1], r.geom[i]);
            if (d < best_d) best_d = d, best = &r;
        }
    }
    if (best)
        return lang == Language::zh ? "近" + best->name + "（" + fixed(best_d, 0) + " 米）"
                                    : "near " + best->name + " (" + fixed(best_d, 0) + " m)";
    // The source's id, without its English kind ("way/123" in OpenStreetMap) on a Chinese page.
    const std::string id =
        lang == Language::zh ? b.source_id.substr(b.source_id.rfind('/') + 1) : b.source_id;
    return tr(lang, "楼栋 ", "building ") + id;
}

/// What the parts of one atlas drawn at the same time share.
struct SharedProgress {
    std::atomic<std::size_t> next_task{0};
    std::mutex mutex;
    int done = 0;                    ///< pages finished, all parts
    std::atomic<bool> failed{false}; ///< a part threw: the others stop at their next page
};

class AtlasWriter {
public:
    AtlasWriter(cairo_t* cr, const geo::District& d, const AtlasOptions& o)
        : m_cr(cr), m_d(d), m_o(o), m_l(layout(o)),
          m_family(o.font_family.empty() ? map_style().font_family : o.font_family),
          m_text(cr, m_family), m_lang(o.language), m_boxes(d) {
        m_plan = o.plan_name.empty() ? tr(m_lang, "巡查方案", "patrol plan") : o.plan_name;
        m_date = o.date.empty() ? geo::local_time_text("%Y-%m-%d") : o.date;
        m_title = o.title.empty() ? tr(m_lang, "巡查图册", "Patrol atlas") : o.title;
        m_legend = LegendOptions::for_district(d, m_lang);
        m_legend.px = k_px * 0.85;
        m_legend.communities = !d.communities.empty();
        m_legend.zones = !d.zones.empty();
        m_legend.routes = !d.routes.empty();
        // The natural choke points (every bridge and cut vertex of the road network, hundreds
        // on a district) hid the zones of the overview and the numbers of a zone's map; the
        // atlas shows the checkpoints chosen among them and the area they protect.
        m_legend.choke_points = false;
        // The room the legend keeps on every map page: the legend of the whole district (each
        // page's lists only what its map draws, a part of it), in as many columns as the
        // panel's height asks for, with the atlas's own symbols under it.
        m_legend.max_height = legend_room();
        m_legend_size = legend_extent(cr, m_legend);
        m_list.columns = {{tr(m_lang, "编号", "No."), 26, false},
                          {tr(m_lang, "位置", "Location"), 0, false},
                          {tr(m_lang, "户数", "Households"), 44, true}};
        m_list.band_width = 190;
        // The same for a zone with detail sheets: which sheet shows each building.
        m_list_sheets.columns = {m_list.columns[0],
                                 {tr(m_lang, "分图", "Sheet"), 30, true},
                                 m_list.columns[1],
                                 m_list.columns[2]};
        m_list_sheets.band_width = 220;
        m_zone_table.columns = {
            {tr(m_lang, "片区", "Zone"), 0, false},        {tr(m_lang, "巡查组", "Team"), 0, false},
            {tr(m_lang, "户数", "Households"), 44, true},  {tr(m_lang, "楼栋", "Bldgs"), 30, true},
            {tr(m_lang, "路线 km", "Route km"), 40, true}, {tr(m_lang, "页码", "Page"), 26, true}};
        m_zone_table.band_width = 250;
        // The visit sheet: one band across the page, boxes to tick, a line for the date.
        m_visit.columns = {{tr(m_lang, "编号", "No."), 26, false},
                           {tr(m_lang, "楼栋", "Building"), 0, false},
                           {tr(m_lang, "单元", "Unit"), 34, false},
                           {tr(m_lang, "房号", "Room"), 44, false},
                           {tr(m_lang, "类别", "Category"), 70, false},
                           {tr(m_lang, "已见面", "Met"), 38, false},
                           {tr(m_lang, "未见面", "Not met"), 42, false},
                           {tr(m_lang, "空置", "Vacant"), 38, false},
                           {tr(m_lang, "日期", "Date"), 60, false}};
        m_visit.band_width = 2000; // one band
    }

    /// The same atlas on another context, for drawing a part of its pages there: shares the
    /// prepared zones and page numbers (read only). Made on the thread that draws with it.
    AtlasWriter(const AtlasWriter& prepared, cairo_t* cr)
        : m_cr(cr), m_d(prepared.m_d), m_o(prepared.m_o), m_l(prepared.m_l),
          m_family(prepared.m_family), m_text(cr, m_family), m_lang(prepared.m_lang),
          m_boxes(prepared.m_boxes), m_plan(prepared.m_plan), m_date(prepared.m_date),
          m_title(prepared.m_title), m_legend(prepared.m_legend),
          m_legend_size(prepared.m_legend_size), m_list(prepared.m_list),
          m_list_sheets(prepared.m_list_sheets), m_zone_table(prepared.m_zone_table),
          m_visit(prepared.m_visit), m_homes(prepared.m_homes), m_plans(prepared.m_plans),
          m_zone_area(prepared.m_zone_area), m_overview_more(prepared.m_overview_more),
          m_pages(prepared.m_pages) {}

    /// The zones and their buildings, and every page's number (so every footer can say "page
    /// n of N" and the overview's table can point to each zone's page); the order along the
    /// route and the list's rows come with each zone's pages (ordered()).
    void prepare() {
        plan_zones();
        m_zone_area = overview_zone_area();
        m_overview_more = m_d.zones.empty() ? 0
                                            : continuation_pages(m_plans.size(),
                                                                 m_zone_table.capacity(m_zone_area),
                                                                 m_zone_table.capacity(m_l.more));
        int page = 1 + m_overview_more;
        for (auto& p : m_plans) {
            p.first_page = page + 1;
            plan_sheets(p);
            p.more_pages = continuation_pages(p.buildings.size(), list_of(p).capacity(list_area()),
                                              list_of(p).capacity(m_l.more));
            p.visit_pages = continuation_pages(p.households, 0, m_visit.capacity(visit_area()));
            page += 1 + p.more_pages + static_cast<int>(p.sheets.size()) + p.visit_pages;
        }
        m_pages = page;
    }

    int pages() const { return m_pages; }
    /// Task 0 is the overview (with its table's continuation pages), task i > 0 zone i - 1's
    /// map page and its list's continuation pages.
    std::size_t tasks() const { return 1 + m_plans.size(); }
    /// The tasks, longest first (the overview, then zones by pages and buildings), so that
    /// threads taking them in this order finish together.
    std::vector<std::size_t> longest_first() const {
        std::vector<std::size_t> order(tasks());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::stable_sort(order.begin() + 1, order.end(), [&](std::size_t a, std::size_t b) {
            const ZonePlan &x = m_plans[a - 1], &y = m_plans[b - 1];
            return x.more_pages != y.more_pages ? x.more_pages > y.more_pages
                                                : x.buildings.size() > y.buildings.size();
        });
        return order;
    }
    /// The page numbers drawn on this writer's surface, in the order drawn.
    const std::vector<int>& drawn() const { return m_drawn; }

    /// Draws the pages of `task` into `report` (its overview figures, or report.zones[i] for
    /// zone i, which the caller sized). With `shared`, pages are counted and progress reported
    /// across writers drawing at the same time, and this one stops when another one failed.
    void draw(std::size_t task, AtlasReport& report, SharedProgress* shared = nullptr) {
        m_shared = shared;
        if (task == 0) {
            m_page = 0;
            report.overview_scale_denominator = overview(m_zone_area);
            report.overview_pages = 1 + m_overview_more;
            return;
        }
        const ZonePlan p = ordered(m_plans.at(task - 1));
        m_page = p.first_page - 1;
        AtlasZonePage& z = report.zones.at(task - 1);
        z.zone_id = p.zone->id;
        z.name = p.zone->name;
        z.first_page = p.first_page;
        z.pages = 1 + p.more_pages + static_cast<int>(p.sheets.size()) + p.visit_pages;
        z.visit_pages = p.visit_pages;
        z.sheets = static_cast<int>(p.sheets.size());
        z.buildings = static_cast<int>(p.buildings.size());
        zone_page(p, z);
    }

private:
    // Which zones, their buildings in the order the route passes them, and their list rows.
    void plan_zones() {
        std::unordered_map<geo::Id, std::size_t> index;
        for (std::size_t i = 0; i < m_d.zones.size(); ++i)
            index[m_d.zones[i].id] = i;
        std::unordered_map<geo::Id, std::vector<const geo::Building*>> members;
        for (const auto& b : m_d.buildings)
            if (b.zone_id) members[*b.zone_id].push_back(&b);
        // The register's households on each building, by unit (its number, however written)
        // and room.
        for (const auto& h : m_d.households)
            if (h.building_id) m_homes[*h.building_id].push_back(&h);
        for (auto& [id, homes] : m_homes)
            std::stable_sort(homes.begin(), homes.end(), [](const auto* a, const auto* b) {
                const int ua = unit_number(a->unit), ub = unit_number(b->unit);
                if (ua != ub) return ua < ub;
                return natural_less(a->room, b->room) ||
                       (!natural_less(b->room, a->room) && natural_less(a->unit, b->unit));
            });
        for (const geo::Id id : atlas_zone_ids(m_d, m_o)) {
            ZonePlan p;
            p.index = index.at(id);
            p.zone = &m_d.zones[p.index];
            for (const auto& r : m_d.routes)
                if (r.zone_id == id && r.geom.size() >= 2) p.route = &r;
            p.buildings = std::move(members[id]);
            for (const geo::Building* b : p.buildings)
                if (const auto h = m_homes.find(b->id); h != m_homes.end())
                    p.households += h->second.size();
            m_plans.push_back(std::move(p));
        }
    }

    /// The zone's buildings in the order its route passes them, and its list's rows: done
    /// when the zone's pages are drawn (on the drawing threads), as the page numbers need
    /// only how many there are.
    ZonePlan ordered(const ZonePlan& plan) const {
        ZonePlan p = plan;
        std::vector<std::pair<double, const geo::Building*>> keyed;
        keyed.reserve(p.buildings.size());
        for (const geo::Building* b : p.buildings) {
            const geo::Point a = anchor_of(*b);
            // Along the route when there is one; else north to south in 100 m bands, west to
            // east within a band.
            const double key =
                p.route ? along(p.route->geom, a) : -std::floor(a.y / 100) * 1e7 + a.x;
            keyed.emplace_back(key, b);
        }
        std::stable_sort(keyed.begin(), keyed.end(), [](const auto& x, const auto& y) {
            return x.first < y.first || (x.first == y.first && x.second->id < y.second->id);
        });
        geo::Box world = bounds(p.zone->geom);
        for (const auto& [key, b] : keyed)
            world.expand(bounds(b->geom));
        // The named roads near the zone, for the places of buildings without a name.
        const geo::Box near_zone = grown(world, 450);
        std::vector<std::pair<const geo::Road*, geo::Box>> roads;
        for (std::size_t i = 0; i < m_d.roads.size(); ++i) {
            const geo::Road& r = m_d.roads[i];
            if (!r.name.empty() && r.geom.size() >= 2 && m_boxes.roads[i].intersects(near_zone))
                roads.emplace_back(&r, m_boxes.roads[i]);
        }
        // The detail sheets numbered in the order the route first reaches them.
        std::unordered_map<const geo::Building*, std::size_t> position;
        for (std::size_t i = 0; i < keyed.size(); ++i)
            position[keyed[i].second] = i;
        auto first_reached = [&](const std::vector<const geo::Building*>& sheet) {
            std::size_t first = keyed.size();
            for (const geo::Building* b : sheet)
                first = std::min(first, position.at(b));
            return first;
        };
        std::stable_sort(p.sheets.begin(), p.sheets.end(), [&](const auto& a, const auto& b) {
            return first_reached(a) < first_reached(b);
        });
        std::unordered_map<const geo::Building*, std::size_t> sheet_of;
        for (std::size_t s = 0; s < p.sheets.size(); ++s)
            for (const geo::Building* b : p.sheets[s])
                sheet_of[b] = s;
        p.buildings.clear();
        p.rows.clear();
        for (std::size_t i = 0; i < keyed.size(); ++i) {
            const geo::Building* b = keyed[i].second;
            p.buildings.push_back(b);
            p.rows.push_back({std::to_string(i + 1), place_of(*b, anchor_of(*b), roads, m_lang),
                              thousands(b->households)});
            if (!p.sheets.empty())
                p.rows.back().insert(p.rows.back().begin() + 1, sheet_name(sheet_of.at(b)));
            if (const auto h = m_homes.find(b->id); h != m_homes.end())
                for (const geo::Household* home : h->second)
                    p.visit_rows.push_back({std::to_string(i + 1), visit_place(*b, *home),
                                            home->unit, home->room, home->category, "□", "□", "□",
                                            "____/__/__"});
        }
        return p;
    }

    /// Where a visit sheet page's table goes: a continuation page's area, less the
    /// signature lines at its foot.
    Box2 visit_area() const {
        return {m_l.more.x, m_l.more.y + 14, m_l.more.w, m_l.more.h - 14 - 40};
    }

    /// The zone's visit sheet (入户排查表): its households in the order the route passes their
    /// buildings, by unit and room within one, with boxes to tick and lines to sign.
    void visit_pages(const ZonePlan& p) {
        const bool zh = m_lang == Language::zh;
        const Box2 area = visit_area();
        std::size_t done = 0;
        for (int page = 0; page < p.visit_pages; ++page) {
            begin_page();
            m_text.set(zh ? p.zone->name + " 入户排查表" : p.zone->name + " — visit sheet", 13,
                       true);
            m_text.draw(k_margin, k_margin, k_ink);
            m_text.set(zh ? "编号为本片区楼栋列表的编号；每户勾选一项，写明日期。"
                          : "No. is the building's number in the zone's list; tick one box a "
                            "household and write the date.",
                       8);
            m_text.draw(k_margin, k_margin + 18, k_grey);
            done += static_cast<std::size_t>(m_visit.draw(m_text, m_cr, area, p.visit_rows, done));
            const double y = area.y + area.h + 18;
            m_text.set(zh ? "走访人（签名）：____________    社区确认（签名）：____________    "
                            "日期：______年____月____日"
                          : "Visited by (signature): ____________    Community (signature): "
                            "____________    Date: ____________",
                       9);
            m_text.draw(k_margin, y, k_ink);
            end_page();
        }
    }

    Box2 list_area() const {
        const Box2& p = m_l.panel;
        if (m_o.landscape) {
            const double used = m_legend_size.height + k_symbols_height + k_gap;
            return {p.x, p.y + used, p.w, p.h - used};
        }
        const double used = m_legend_size.width + k_gap * 1.5;
        return {p.x + used, p.y, p.w - used, p.h};
    }

    // The overview: the figures beside the legend, the 24-hour staffing chart under them
    // (as tall as the panel leaves room for, up to k_chart_h; none under k_chart_min_h), the
    // zone table below (continued on pages of its own when there is no room left).
    double overview_figures_h() const {
        return k_row * 1.6 +
               k_row * static_cast<double>(std::max<std::size_t>(1, m_o.figures.size()));
    }
    double overview_chart_h() const {
        if (m_o.staffing.empty()) return 0;
        const double room = list_area().h - overview_figures_h() - k_gap;
        return room < k_chart_min_h ? 0.0 : std::min(room, k_chart_h);
    }
    Box2 overview_zone_area() const {
        const Box2 a = list_area();
        const double used = overview_figures_h() + overview_chart_h();
        return {a.x, a.y + used + k_gap, a.w, std::max(0.0, a.h - used - k_gap)};
    }

    void begin_page() {
        if (m_shared != nullptr && m_shared->failed) throw Cancelled();
        ++m_page;
    }
    void end_page() {
        footer(m_text, m_l, m_o, m_plan, m_page, m_pages);
        // Before show_page, so a preview on an image surface can take the page from it.
        if (m_shared != nullptr) {
            const std::lock_guard lock(m_shared->mutex);
            ++m_shared->done;
            if (m_o.progress != nullptr)
                m_o.progress->report("atlas page", static_cast<std::size_t>(m_shared->done),
                                     static_cast<std::size_t>(m_pages));
        } else if (m_o.progress != nullptr) {
            m_o.progress->report("atlas page", static_cast<std::size_t>(m_page),
                                 static_cast<std::size_t>(std::max(m_page, m_pages)));
        }
        cairo_show_page(m_cr);
        m_drawn.push_back(m_page);
    }

    void header(const std::string& title, const std::string& info, const std::string& fields) {
        const Box2& h = m_l.header;
        const Extent t = m_text.set(title, 16, true, h.w);
        m_text.draw(h.x, h.y, k_ink);
        m_text.set(info, 8.5, false, h.w);
        m_text.draw(h.x, h.y + t.height + 2, k_grey);
        if (!fields.empty()) {
            m_text.set(fields, 9.5, false, h.w);
            m_text.draw(h.x, h.y + t.height + 16, k_ink);
        }
        cairo_move_to(m_cr, h.x, h.y + h.h - 4);
        cairo_line_to(m_cr, h.x + h.w, h.y + h.h - 4);
        set_source(m_cr, k_ink);
        cairo_set_line_width(m_cr, 1.2);
        cairo_stroke(m_cr);
    }

    /// The height the legend may take above the atlas's own symbols (k_symbols_height).
    double legend_room() const {
        const Box2& p = m_l.panel;
        return m_o.landscape ? p.h * 0.5 - k_symbols_height : p.h - k_symbols_height;
    }

    /// The legend of what a page's map drew (`drawn`) and, under it, the atlas's own symbols;
    /// returns the bottom. It fits in the room m_legend_size keeps.
    double legend(double x, double y, bool zone_symbols, const DrawnClasses& drawn) {
        LegendOptions page = LegendOptions::for_drawn(drawn, m_lang);
        page.px = m_legend.px;
        page.max_height = m_legend.max_height;
        const Extent e = draw_legend(m_cr, x, y, page);
        if (!zone_symbols) return y + e.height;
        double yy = y + e.height + 6;
        start_marker(m_cr, m_text, {x + 12, yy + 8}, m_lang);
        m_text.set(tr(m_lang, "路线起点", "Route start"), 8.5);
        m_text.draw(x + 26, yy + 8 - m_text.size().height / 2, k_ink);
        yy += 20;
        number_box(m_cr, m_text, x + 12, yy + 6, "12");
        m_text.set(tr(m_lang, "楼栋编号", "Building no."), 8.5);
        m_text.draw(x + 26, yy + 6 - m_text.size().height / 2, k_ink);
        return yy + 14; // y + e.height + k_symbols_height
    }

    double overview(const Box2& zone_area) {
        begin_page();
        std::string info = m_plan + " · " + m_date;
        const geo::Box world = m_d.focus_extent();
        const Box2& m = m_l.map;
        const View view = round_view(world, m.w, m.h, 12);
        info += (m_lang == Language::zh ? " · 巡查片区 " : " · patrol zones: ") +
                std::to_string(m_d.zones.size());
        if (m_plans.size() != m_d.zones.size())
            info += (m_lang == Language::zh ? "（本册 " : " (") + std::to_string(m_plans.size()) +
                    (m_lang == Language::zh ? " 个）" : " in this atlas)");
        header(m_title, info, "");
        const geo::District sub = near_frame(view, m);
        DrawnClasses drawn;
        map_frame(view, m, [&] {
            RenderOptions ro = map_options();
            ro.routes = false;
            drawn = noted(render_map(m_cr, sub, view, m.w, m.h, ro));
        });
        const Box2& p = m_l.panel;
        legend(p.x, p.y, false, drawn);
        const Box2 a = list_area();
        // The plan's figures.
        double y = a.y;
        m_text.set(tr(m_lang, "方案数字", "Plan figures"), 10, true);
        m_text.draw(a.x, y, k_ink);
        y += k_row * 1.6;
        for (const auto& f : m_o.figures) {
            m_text.set(f.label, 8, false, a.w * 0.55);
            m_text.draw(a.x, y, k_grey);
            m_text.set(f.value, 8, true, a.w * 0.45);
            m_text.draw(a.x + a.w * 0.56, y, k_ink);
            y += k_row;
        }
        // The people on duty per hour of the day, as the app's Figures panel draws them.
        if (const double chart_h = overview_chart_h(); chart_h > 0)
            draw_staffing_chart(m_cr, m_o.staffing, a.x, a.y + overview_figures_h() + 4, a.w,
                                chart_h - 4, m_lang, 0.85, m_family);
        if (m_d.zones.empty()) {
            // Said clearly, on the page itself.
            const std::string note =
                tr(m_lang, "尚未划分巡查片区：本图册只有总览页。请先划分巡查片区。",
                   "No patrol zones yet: this atlas has the overview page only. Plan the "
                   "patrol zones first.");
            const Extent e = m_text.set(note, 10, true, zone_area.w - 12, true);
            cairo_rectangle(m_cr, zone_area.x, zone_area.y, zone_area.w, e.height + 12);
            set_source(m_cr, k_white);
            cairo_fill_preserve(m_cr);
            set_source(m_cr, k_ink);
            cairo_set_line_width(m_cr, 1.5);
            cairo_stroke(m_cr);
            m_text.draw(zone_area.x + 6, zone_area.y + 6, k_ink);
            end_page();
            return view.scale_denominator(k_points_per_inch);
        }
        std::vector<Row> rows;
        for (const auto& pl : m_plans) {
            double households = 0;
            for (const auto* b : pl.buildings)
                households += b->households;
            rows.push_back({pl.zone->name, pl.zone->team, thousands(households),
                            std::to_string(pl.buildings.size()),
                            pl.route ? fixed(pl.route->length_m / 1000, 1) : "–",
                            std::to_string(pl.first_page)});
        }
        std::size_t done =
            m_zone_table.capacity(zone_area) > 0
                ? static_cast<std::size_t>(m_zone_table.draw(m_text, m_cr, zone_area, rows, 0))
                : 0;
        end_page();
        while (done < rows.size()) {
            begin_page();
            m_text.set(m_title + tr(m_lang, " · 巡查片区一览（续）", " · patrol zones (continued)"),
                       13, true);
            m_text.draw(k_margin, k_margin, k_ink);
            done += static_cast<std::size_t>(m_zone_table.draw(m_text, m_cr, m_l.more, rows, done));
            end_page();
        }
        return view.scale_denominator(k_points_per_inch);
    }

    /// Finds a free place for building number `n` whose building is at `d`: on it, next to
    /// it, then on rings of growing radius (up to ~15 number heights, with a leader line), in the
    /// normal and then in the small size. Reserves it in `placer`. Returns the ring it found a
    /// place on (0: on or beside the building), -1 when none was free. With `estimate`, the
    /// number's size is estimated from its digits instead of set (the same on every surface:
    /// the detail sheets, and so the pages, do not depend on what the atlas is drawn on).
    int place_number(LabelPlacer& placer, geo::Point d, const std::string& n, geo::Point& at,
                     double& size, bool estimate = false) {
        for (const double s : {k_number_size, k_number_small}) {
            const Extent e = estimate ? Extent{0.6 * s * static_cast<double>(n.size()), 1.25 * s}
                                      : m_text.set(n, s, true);
            const double w = e.width + 3, h = e.height;
            auto fits = [&](double cx, double cy) {
                if (!placer.try_place({cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2}))
                    return false;
                at = {cx, cy};
                size = s;
                return true;
            };
            const double beside[][2] = {{0, 0},
                                        {0, -h * 0.9},
                                        {0, h * 0.9},
                                        {w * 0.9, 0},
                                        {-w * 0.9, 0},
                                        {w * 0.8, -h * 0.8},
                                        {-w * 0.8, h * 0.8},
                                        {w * 0.8, h * 0.8},
                                        {-w * 0.8, -h * 0.8}};
            for (const auto& off : beside)
                if (fits(d.x + off[0], d.y + off[1])) return 0;
            for (int ring = 1; ring <= 26; ++ring) {
                const double r = h * (1.2 + 0.6 * ring);
                const int steps = 12 + 2 * ring;
                for (int k = 0; k < steps; ++k) {
                    // Start each ring at a different angle so that rings do not line up.
                    const double a = (k + 0.5 * (ring % 2)) * 2 * M_PI / steps;
                    if (fits(d.x + r * std::cos(a), d.y + r * std::sin(a))) return ring;
                }
            }
        }
        return -1;
    }

    /// Keeps a map frame's furniture (scale, scale bar, north arrow) free of numbers.
    static void block_furniture(LabelPlacer& placer, const Box2& m) {
        placer.block({0, 0, 110, 24});
        placer.block({m.w - 46, 0, m.w, 46});
        placer.block({0, m.h - 40, 190, m.h});
    }

    /// Whether the numbers of buildings at `anchors` (world points) read on map frame `m`
    /// drawn with `view`: together they cover at most a quarter of the map, and each finds a
    /// place on or near its building (at most one in twenty on a leader line longer than four
    /// rings). A map that fails is split into detail sheets.
    bool numbers_read(const std::vector<geo::Point>& anchors, const View& view, const Box2& m) {
        double area = 0;
        for (std::size_t i = 0; i < anchors.size(); ++i)
            area += (0.6 * k_number_size * static_cast<double>(std::to_string(i + 1).size()) + 3) *
                    1.25 * k_number_size;
        if (area > m.w * m.h / 4) return false;
        LabelPlacer placer({0, 0, m.w, m.h}, 32);
        block_furniture(placer, m);
        std::size_t far = 0;
        for (std::size_t i = 0; i < anchors.size(); ++i) {
            geo::Point at{};
            double size = 0;
            const int ring = place_number(placer, view.to_device(anchors[i], m.w, m.h),
                                          std::to_string(i + 1), at, size, true);
            if (ring < 0 || (ring > 4 && ++far > anchors.size() / 20)) return false;
        }
        return true;
    }

    /// The view a map of `buildings` (and `route`) is drawn with on frame `m`.
    static View view_of(const std::vector<const geo::Building*>& buildings, const geo::Route* route,
                        const Box2& m) {
        geo::Box world;
        for (const auto* b : buildings)
            world.expand(bounds(b->geom));
        if (route) world.expand(bounds(route->geom));
        return round_view(world, m.w, m.h, 22);
    }

    /// A zone's detail sheets (none when its numbers read on its map page): its buildings
    /// split in two across the longer side of their extent, again and again until
    /// each part's numbers read on a sheet at its own scale (or the part is one building, or
    /// drawn at 1:1,000 or larger, or 64 sheets are made).
    void plan_sheets(ZonePlan& p) {
        std::vector<geo::Point> anchors;
        for (const auto* b : p.buildings)
            anchors.push_back(anchor_of(*b));
        if (anchors.empty() ||
            numbers_read(anchors, view_of(p.buildings, p.route, m_l.map), m_l.map))
            return;
        std::vector<std::pair<geo::Point, const geo::Building*>> parts;
        for (std::size_t i = 0; i < anchors.size(); ++i)
            parts.emplace_back(anchors[i], p.buildings[i]);
        split_sheets(parts.begin(), parts.end(), 0, p.sheets);
    }
    template <class It>
    void split_sheets(It first, It last, int depth,
                      std::vector<std::vector<const geo::Building*>>& sheets) {
        std::vector<const geo::Building*> part;
        std::vector<geo::Point> anchors;
        geo::Box box;
        for (It i = first; i != last; ++i) {
            part.push_back(i->second);
            anchors.push_back(i->first);
            box.expand(i->first);
        }
        const View view = view_of(part, nullptr, m_l.sheet);
        if (part.size() <= 1 || depth >= 6 || view.scale_denominator(k_points_per_inch) <= 1000 ||
            numbers_read(anchors, view, m_l.sheet)) {
            sheets.push_back(std::move(part));
            return;
        }
        // Across the longer side, at the widest gap between buildings in the middle half, so
        // that a cluster (a compound, a village) stays on one sheet.
        const bool across_x = box.maxx - box.minx >= box.maxy - box.miny;
        const auto at = [&](It i) { return across_x ? i->first.x : i->first.y; };
        std::sort(first, last, [&](const auto& a, const auto& b) {
            return across_x ? a.first.x < b.first.x : a.first.y < b.first.y;
        });
        const auto n = last - first;
        It mid = first + n / 2;
        for (It i = first + std::max<std::ptrdiff_t>(1, n / 4); i < first + (3 * n + 3) / 4; ++i)
            if (at(i) - at(i - 1) > at(mid) - at(mid - 1)) mid = i;
        split_sheets(first, mid, depth + 1, sheets);
        split_sheets(mid, last, depth + 1, sheets);
    }

    // The numbers of the zone's buildings on its map (the map frame `m`'s origin at its
    // corner): every building's, or on a detail sheet those of the sheet's buildings
    // (`sheet`; the other sheets' frames show where the rest are numbered).
    void draw_numbers(const ZonePlan& p, const geo::District& sub, const View& view, const Box2& m,
                      AtlasZonePage& out,
                      const std::vector<const geo::Building*>* sheet = nullptr) {
        LabelPlacer placer({0, 0, m.w, m.h}, 32);
        // Keep the furniture's corners and the symbols free of numbers.
        block_furniture(placer, m);
        for (const auto& c : sub.checkpoints) {
            const geo::Point d = view.to_device(c.pos, m.w, m.h);
            placer.block({d.x - 7, d.y - 7, d.x + 7, d.y + 7});
        }
        for (const auto& g : sub.gates) {
            const geo::Point d = view.to_device(g.pos, m.w, m.h);
            placer.block({d.x - 4, d.y - 4, d.x + 4, d.y + 4});
        }
        geo::Point start{};
        if (p.route) {
            start = view.to_device(p.route->geom.front(), m.w, m.h);
            placer.block({start.x - 10, start.y - 10, start.x + 10, start.y + 10});
        }
        // Every building gets its number, so that every row of the list can be found on
        // the map: on the building, beside it, or further out on a leader line, in a
        // smaller size where the map is crowded. Only when no place is free at all is a
        // number set over others (counted in numbers_skipped).
        struct Number {
            geo::Point anchor, at;
            std::string text;
            double size = k_number_size;
            bool moved = false; ///< away from its building: drawn with a leader line
        };
        std::vector<Number> numbers;
        numbers.reserve(p.buildings.size());
        std::unordered_map<const geo::Building*, std::size_t> number_of;
        for (std::size_t i = 0; i < p.buildings.size(); ++i)
            number_of[p.buildings[i]] = i + 1;
        auto place = [&](const geo::Building* b) {
            Number n;
            n.anchor = view.to_device(anchor_of(*b), m.w, m.h);
            n.text = std::to_string(number_of.at(b));
            if (place_number(placer, n.anchor, n.text, n.at, n.size) < 0) {
                ++out.numbers_skipped;
                n.at = n.anchor;
            }
            n.moved = std::hypot(n.at.x - n.anchor.x, n.at.y - n.anchor.y) > 0.5;
            numbers.push_back(std::move(n));
        };
        if (sheet == nullptr) {
            for (const geo::Building* b : p.buildings)
                place(b);
        } else {
            // The sheet's own buildings, in the route's order.
            std::vector<const geo::Building*> own(*sheet);
            std::sort(own.begin(), own.end(), [&](const auto* a, const auto* b) {
                return number_of.at(a) < number_of.at(b);
            });
            for (const geo::Building* b : own)
                place(b);
        }
        // Leader lines under every box, each from a dot on its building.
        set_source(m_cr, k_ink);
        cairo_set_line_width(m_cr, 0.45);
        for (const Number& n : numbers) {
            if (!n.moved) continue;
            cairo_move_to(m_cr, n.anchor.x, n.anchor.y);
            cairo_line_to(m_cr, n.at.x, n.at.y);
        }
        cairo_stroke(m_cr);
        // The dots: zero-length segments with round caps, a fifth of the content of arcs.
        for (const Number& n : numbers) {
            if (!n.moved) continue;
            cairo_move_to(m_cr, n.anchor.x, n.anchor.y);
            cairo_line_to(m_cr, n.anchor.x, n.anchor.y);
        }
        cairo_set_line_cap(m_cr, CAIRO_LINE_CAP_ROUND);
        cairo_set_line_width(m_cr, 2 * 1.1);
        cairo_stroke(m_cr);
        cairo_set_line_cap(m_cr, CAIRO_LINE_CAP_BUTT);
        for (const Number& n : numbers)
            number_box(m_cr, m_text, n.at.x, n.at.y, n.text, n.size);
        if (p.route) start_marker(m_cr, m_text, start, m_lang);
    }

    /// The district near `view`'s map frame: what a map page draws. Buildings within 3
    /// points of the frame (their outlines are under 1 point wide).
    geo::District near_frame(const View& view, const Box2& m) const {
        const geo::Box frame_world = grown(view.world_box(m.w, m.h), 3 * view.scale);
        return near(m_d, m_boxes, grown(view.world_box(m.w, m.h), 50), &frame_world);
    }

    /// What every map page's map is drawn with.
    RenderOptions map_options() const {
        RenderOptions ro;
        ro.px = k_px;
        ro.buildings_by_zone = true;
        ro.basemaps = m_o.basemaps;
        ro.basemap_dpi = m_o.basemap_dpi;
        if (m_o.basemap_faded) ro.basemap_look = {0.45, true};
        return ro;
    }

    /// The classes a map drew; its basemaps' attributions kept for the frame, its warnings
    /// for the report.
    DrawnClasses noted(const RenderStats& stats) {
        for (const std::string& a : stats.attributions)
            if (std::find(m_attributions.begin(), m_attributions.end(), a) == m_attributions.end())
                m_attributions.push_back(a);
        for (const std::string& w : stats.warnings)
            if (std::find(m_warnings.begin(), m_warnings.end(), w) == m_warnings.end())
                m_warnings.push_back(w);
        return stats.drawn;
    }

    /// The attributions of the basemaps drawn, bottom right inside the map frame.
    void attribution(const Box2& m) {
        if (m_attributions.empty()) return;
        std::string line;
        for (const std::string& a : m_attributions)
            line += (line.empty() ? "" : " · ") + a;
        const Extent e = m_text.set(line, 6.5, false, m.w * 0.6);
        const double x = m.x + m.w - e.width - 6, y = m.y + m.h - e.height - 5;
        cairo_rectangle(m_cr, x - 2, y - 1, e.width + 4, e.height + 2);
        set_source(m_cr, Rgba::hex(0xffffff, 0.8));
        cairo_fill(m_cr);
        m_text.draw(x, y, k_grey);
    }

    /// A page's map: `draw` draws it clipped to the map frame, with the origin at the frame's
    /// corner; then the frame and its furniture (north arrow, scale bar) over it.
    template <class Draw> void map_frame(const View& view, const Box2& m, Draw&& draw) {
        m_attributions.clear();
        {
            SavedState saved(m_cr);
            cairo_rectangle(m_cr, m.x, m.y, m.w, m.h);
            cairo_clip(m_cr);
            cairo_translate(m_cr, m.x, m.y);
            draw();
        }
        frame(m_cr, m);
        map_furniture(m_cr, m_text, m, view, m_lang);
        attribution(m);
    }

    /// The building list's table of zone `p`: with a column of detail sheets when it has them.
    const Table& list_of(const ZonePlan& p) const {
        return p.sheets.empty() ? m_list : m_list_sheets;
    }

    /// The zone's map on frame `m`: the district faded outside the zone, the zone's outline,
    /// its route with its direction, gates and checkpoints; the numbers of its buildings (of
    /// `sheet`'s on a detail sheet) unless `numbers` is false. Returns the classes drawn.
    DrawnClasses zone_map(const ZonePlan& p, const View& view, const Box2& m, bool numbers,
                          AtlasZonePage& out,
                          const std::vector<const geo::Building*>* sheet = nullptr) {
        const geo::Zone& z = *p.zone;
        geo::District sub = near_frame(view, m);
        if (p.route) sub.routes.push_back(*p.route);
        DrawnClasses drawn;
        map_frame(view, m, [&] {
            RenderOptions ro = map_options();
            ro.order = {Layer::communities, Layer::compounds, Layer::buildings,
                        Layer::roads,       Layer::district,  Layer::zones};
            drawn = noted(render_map(m_cr, sub, view, m.w, m.h, ro));
            // Everything outside the zone fades, so the patch reads at a glance (also in grey).
            cairo_rectangle(m_cr, 0, 0, m.w, m.h);
            add_polygons(m_cr, z.geom, view, m.w, m.h);
            cairo_set_fill_rule(m_cr, CAIRO_FILL_RULE_EVEN_ODD);
            set_source(m_cr, Rgba::hex(0xffffff, 0.55));
            cairo_fill(m_cr);
            // The zone's outline, dark and dashed over its colour.
            add_polygons(m_cr, z.geom, view, m.w, m.h);
            set_source(m_cr, k_ink);
            cairo_set_line_width(m_cr, 1.3);
            const double dash[] = {7, 3};
            cairo_set_dash(m_cr, dash, 2, 0);
            cairo_stroke(m_cr);
            cairo_set_dash(m_cr, nullptr, 0, 0);
            ro.background = false;
            ro.basemaps = false; // under the first pass only
            ro.labels = false;
            ro.order = {Layer::routes, Layer::gates, Layer::checkpoints};
            ro.routes_full = true; // the team's own route, with its direction, at any scale
            drawn.merge(render_map(m_cr, sub, view, m.w, m.h, ro).drawn);
            if (!p.sheets.empty()) sheet_index(p, view, m, sheet);
            if (numbers) draw_numbers(p, sub, view, m, out, sheet);
        });
        return drawn;
    }

    /// Where each detail sheet lies (but `except`, the sheet drawn): its buildings' extent
    /// framed and numbered as the sheets' pages are.
    void sheet_index(const ZonePlan& p, const View& view, const Box2& m,
                     const std::vector<const geo::Building*>* except = nullptr) {
        for (std::size_t s = 0; s < p.sheets.size(); ++s) {
            if (&p.sheets[s] == except) continue;
            geo::Box box;
            for (const geo::Building* b : p.sheets[s])
                box.expand(bounds(b->geom));
            const geo::Point a = view.to_device({box.minx, box.maxy}, m.w, m.h);
            const geo::Point b = view.to_device({box.maxx, box.miny}, m.w, m.h);
            cairo_rectangle(m_cr, a.x - 2, a.y - 2, b.x - a.x + 4, b.y - a.y + 4);
            set_source(m_cr, k_ink);
            cairo_set_line_width(m_cr, 0.8);
            cairo_stroke(m_cr);
        }
        // The labels after every frame, so that no frame crosses a label.
        for (std::size_t s = 0; s < p.sheets.size(); ++s) {
            if (&p.sheets[s] == except) continue;
            geo::Box box;
            for (const geo::Building* b : p.sheets[s])
                box.expand(bounds(b->geom));
            const geo::Point c = view.to_device(box.centre(), m.w, m.h);
            const std::string label = tr(m_lang, "分图 ", "sheet ") + sheet_name(s);
            const Extent e = m_text.set(label, 8, true);
            cairo_rectangle(m_cr, c.x - e.width / 2 - 2, c.y - e.height / 2 - 1, e.width + 4,
                            e.height + 2);
            set_source(m_cr, Rgba::hex(0xffffff, 0.9));
            cairo_fill_preserve(m_cr);
            set_source(m_cr, k_ink);
            cairo_set_line_width(m_cr, 0.6);
            cairo_stroke(m_cr);
            m_text.draw(c.x - e.width / 2, c.y - e.height / 2, k_ink);
        }
    }

    /// The first line under a zone page's title: plan, date, scale, households, buildings
    /// and route.
    std::string zone_info(const ZonePlan& p, double scale_denominator) const {
        double households = 0;
        for (const auto* b : p.buildings)
            households += b->households;
        const bool zh = m_lang == Language::zh;
        std::string info = m_plan + " · " + m_date + " · " + (zh ? "比例尺 1:" : "scale 1:") +
                           thousands(scale_denominator) + " · " + thousands(households) +
                           (zh ? " 户 · " : " households · ") + std::to_string(p.buildings.size()) +
                           (zh ? " 栋楼" : " buildings");
        if (p.route)
            info += (zh ? " · 路线 " : " · route ") + fixed(p.route->length_m / 1000, 1) +
                    (zh ? " 公里，约 " : " km, about ") + fixed(p.route->minutes, 0) +
                    (zh ? " 分钟" : " min");
        return info;
    }

    void zone_page(const ZonePlan& p, AtlasZonePage& out) {
        begin_page();
        const geo::Zone& z = *p.zone;
        const Box2& m = m_l.map;
        // The patch the team walks: its buildings and route (an outline made of network
        // Voronoi cells may reach far beyond them); the outline when it has neither.
        View view = view_of(p.buildings, p.route, m);
        if (p.buildings.empty() && !p.route) view = round_view(bounds(z.geom), m.w, m.h, 22);
        out.scale_denominator = view.scale_denominator(k_points_per_inch);
        const bool zh = m_lang == Language::zh;
        std::string info = zone_info(p, out.scale_denominator);
        if (!p.sheets.empty())
            info += zh ? " · 分图 " + std::to_string(p.sheets.size()) + " 幅"
                       : " · " + std::to_string(p.sheets.size()) + " detail sheets";
        const std::string team = z.team.empty() ? "________" : z.team;
        const std::string fields =
            zh ? "巡查组：" + team +
                     "      组长：____________      电话：______________      "
                     "日期：__________"
               : "Team: " + team +
                     "      Leader: ____________      Phone: ______________      "
                     "Date: __________";
        header(zh ? z.name + " 巡查图" : "Patrol map — " + z.name, info, fields);
        // With detail sheets, the zone's map shows where each lies; the sheets carry the
        // building numbers.
        const DrawnClasses drawn = zone_map(p, view, m, p.sheets.empty(), out);

        const Box2& panel = m_l.panel;
        legend(panel.x, panel.y, true, drawn);
        const Box2 area = list_area();
        const Table& list = list_of(p);
        std::size_t done = 0;
        if (p.rows.empty()) {
            m_text.set(tr(m_lang, "本片区没有楼栋。", "This zone holds no buildings."), 9, true);
            m_text.draw(area.x, area.y, k_ink);
        } else {
            done = static_cast<std::size_t>(list.draw(m_text, m_cr, area, p.rows, 0));
        }
        end_page();
        while (done < p.rows.size()) {
            begin_page();
            m_text.set(zh ? z.name + " 楼栋列表（续）" : z.name + " — building list (continued)",
                       13, true);
            m_text.draw(k_margin, k_margin, k_ink);
            done += static_cast<std::size_t>(list.draw(m_text, m_cr, m_l.more, p.rows, done));
            end_page();
        }
        for (std::size_t s = 0; s < p.sheets.size(); ++s)
            sheet_page(p, s, out);
        visit_pages(p);
    }

    /// Detail sheet `s` of zone `p`: its buildings' numbers at a scale where they read, on the
    /// whole page under the header.
    void sheet_page(const ZonePlan& p, std::size_t s, AtlasZonePage& out) {
        begin_page();
        const Box2& m = m_l.sheet;
        const View view = view_of(p.sheets[s], nullptr, m);
        const bool zh = m_lang == Language::zh;
        const std::string n = sheet_name(s) + (zh ? "（" : " (") + std::to_string(s + 1) + " / " +
                              std::to_string(p.sheets.size()) + (zh ? "）" : ")");
        header(zh ? p.zone->name + " 巡查图 · 分图 " + n
                  : "Patrol map — " + p.zone->name + " · sheet " + n,
               zone_info(p, view.scale_denominator(k_points_per_inch)) +
                   (zh ? " · 本图 " + std::to_string(p.sheets[s].size()) + " 栋楼"
                       : " · " + std::to_string(p.sheets[s].size()) + " buildings on this sheet"),
               "");
        zone_map(p, view, m, true, out, &p.sheets[s]);
        end_page();
    }

    cairo_t* m_cr;
    const geo::District& m_d;
    const AtlasOptions& m_o;
    Layout m_l;
    std::string m_family;
    Text m_text;
    Language m_lang;
    Boxes m_boxes;
    std::string m_plan, m_date, m_title;
    LegendOptions m_legend;
    Extent m_legend_size;
    Table m_list, m_list_sheets, m_zone_table, m_visit;
    /// The register's households on each building, by unit and room.
    std::unordered_map<geo::Id, std::vector<const geo::Household*>> m_homes;
    std::vector<ZonePlan> m_plans;
    Box2 m_zone_area;
    int m_overview_more = 0;
    int m_page = 0;
    int m_pages = 0;
    SharedProgress* m_shared = nullptr;
    std::vector<int> m_drawn;
    std::vector<std::string> m_attributions; ///< of the basemaps under the map being drawn
    std::vector<std::string> m_warnings;
};

std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

} // namespace

std::vector<AtlasFigure> atlas_figures(const nlohmann::json& f, Language lang) {
    std::vector<AtlasFigure> out;
    const bool zh = lang == Language::zh;
    auto num = [&](const nlohmann::json& j, const char* key) {
        return j.contains(key) && j[key].is_number() ? j[key].get<double>() : 0.0;
    };
    if (f.contains("zones") && f["zones"].is_array()) {
        double households = 0, buildings = 0;
        for (const auto& z : f["zones"])
            households += num(z, "households"), buildings += num(z, "buildings");
        out.push_back({zh ? "巡查片区" : "Patrol zones",
                       std::to_string(f["zones"].size()) + (zh ? " 个，" : ", ") +
                           thousands(buildings) + (zh ? " 栋楼，" : " buildings, ") +
                           thousands(households) + (zh ? " 户" : " households")});
        if (!f["zones"].empty())
            out.push_back(
                {zh ? "每片区平均户数（最大偏差）" : "Mean households per zone (largest deviation)",
                 thousands(num(f, "zone_mean_households")) + " (" +
                     fixed(100 * num(f, "zone_max_deviation"), 1) + " %)"});
    }
    // Where the households come from, once a register is in: the register, or an estimate for
    // the homes it does not name. (Without one, every figure is the import's.)
    if (f.contains("households") && f["households"].contains("registered") &&
        num(f["households"]["registered"], "buildings") > 0) {
        const nlohmann::json& h = f["households"];
        const nlohmann::json& reg = h["registered"];
        out.push_back({zh ? "登记台账户数" : "Households on the register",
                       thousands(num(reg, "buildings")) + (zh ? " 栋楼，" : " buildings, ") +
                           thousands(num(reg, "households")) +
                           (zh ? " 户（空置 " : " households (") + thousands(num(reg, "vacant")) +
                           (zh ? " 户）" : " vacant)")});
        out.push_back(
            {zh ? "估算户数" : "Estimated households",
             thousands(num(h["estimated"], "buildings")) + (zh ? " 栋楼，" : " buildings, ") +
                 thousands(num(h["estimated"], "households")) + (zh ? " 户" : " households")});
    }
    // The register's households per category (the household files), district-wide.
    if (f.contains("categories") && f["categories"].contains("district") &&
        f["categories"]["district"].is_array())
        for (const auto& c : f["categories"]["district"]) {
            const std::string name = c.value("category", std::string());
            out.push_back({(zh ? "  档案 " : "  file ") +
                               (name.empty() ? (zh ? "未注明类别" : "no category") : name),
                           thousands(num(c, "households")) + (zh ? " 户" : " households")});
        }
    if (num(f, "unzoned_patrol_buildings") > 0)
        out.push_back({zh ? "未划入片区的巡查楼栋" : "Patrol buildings in no zone",
                       thousands(num(f, "unzoned_patrol_buildings"))});
    if (f.contains("gates"))
        out.push_back(
            {zh ? "出入口 开放 / 关闭" : "Gates open / closed",
             thousands(num(f["gates"], "open")) + " / " + thousands(num(f["gates"], "closed"))});
    if (f.contains("checkpoints"))
        out.push_back({zh ? "车辆卡口（在岗人数）" : "Checkpoints (crew on duty)",
                       thousands(num(f["checkpoints"], "count")) + " (" +
                           thousands(num(f["checkpoints"], "crew_on_duty")) + ")"});
    if (f.contains("checkpoints") && num(f["checkpoints"], "barriers") > 0)
        out.push_back({zh ? "路障（封闭道路）" : "Barriers (roads closed)",
                       thousands(num(f["checkpoints"], "barriers"))});
    if (f.contains("staffing") && f["staffing"].contains("people_per_day"))
        out.push_back({zh ? "每日所需人员（人次）" : "People needed per day",
                       thousands(num(f["staffing"], "people_per_day"))});
    // Route minutes beside the team's shift: the zones whose rounds do not fit one shift,
    // each with the teams it needs (the first eight; the rest counted).
    if (f.contains("workload") && f["workload"].contains("over_shift") &&
        f["workload"]["over_shift"].is_array()) {
        const nlohmann::json& w = f["workload"];
        const nlohmann::json& over = w["over_shift"];
        out.push_back({zh ? "巡查班次" : "Patrol shift",
                       fixed(num(w, "shift_hours"),
                             num(w, "shift_hours") == std::floor(num(w, "shift_hours")) ? 0 : 1) +
                           (zh ? " 小时，每日走 " : " h, ") + thousands(num(w, "rounds_per_day")) +
                           (zh ? " 圈" : " rounds a day")});
        out.push_back(
            {zh ? "一个班次走不完的片区" : "Zones whose rounds do not fit a shift",
             over.empty() ? (zh ? "无" : "none") : thousands(static_cast<double>(over.size()))});
        constexpr std::size_t shown = 8;
        for (std::size_t i = 0; i < over.size() && i < shown; ++i) {
            const nlohmann::json& z = over[i];
            const std::string name =
                z.contains("name") && z["name"].is_string() ? z["name"].get<std::string>() : "";
            out.push_back({"  " + name, (zh ? "每圈 " : "") + thousands(num(z, "route_minutes")) +
                                            (zh ? " 分钟，需 " : " min a round, ") +
                                            thousands(num(z, "teams")) + (zh ? " 组" : " teams")});
        }
        if (over.size() > shown)
            out.push_back(
                {zh ? "  其余" : "  and", thousands(static_cast<double>(over.size() - shown)) +
                                              (zh ? " 个片区" : " more zones")});
    }
    return out;
}

Extent page_size(Paper paper, bool landscape) {
    const double mm = 72.0 / 25.4;
    Extent e = paper == Paper::a3 ? Extent{297 * mm, 420 * mm} : Extent{210 * mm, 297 * mm};
    if (landscape) std::swap(e.width, e.height);
    return e;
}

void require_font(const std::string& family_in) {
    const std::string family = family_in.empty() ? map_style().font_family : family_in;
    PangoFontMap* map = pango_cairo_font_map_get_default(); // not owned
    PangoContext* context = pango_font_map_create_context(map);
    PangoFontDescription* wanted = pango_font_description_new();
    pango_font_description_set_family(wanted, family.c_str());
    pango_font_description_set_absolute_size(wanted, 12 * PANGO_SCALE);
    PangoFont* font = pango_font_map_load_font(map, context, wanted);
    std::string got;
    if (font) {
        PangoFontDescription* d = pango_font_describe(font);
        if (const char* f = pango_font_description_get_family(d)) got = f;
        pango_font_description_free(d);
        g_object_unref(font);
    }
    pango_font_description_free(wanted);
    g_object_unref(context);
    if (lower(got) != lower(family))
        throw Error("the Chinese font '" + family + "' is not installed" +
                    (got.empty() ? "" : " (the system offers '" + got + "' instead)") +
                    "; install it with: sudo apt-get install fonts-wqy-microhei");
}

std::vector<geo::Id> atlas_zone_ids(const geo::District& district, const AtlasOptions& options) {
    std::vector<geo::Id> ids;
    if (options.zones.empty()) {
        for (const auto& z : district.zones)
            ids.push_back(z.id);
        return ids;
    }
    for (const auto& wanted : options.zones) {
        const geo::Zone* found = nullptr;
        for (const auto& z : district.zones)
            if (z.name == wanted || std::to_string(z.id) == wanted) found = &z;
        if (!found) {
            std::string known;
            for (const auto& z : district.zones)
                known += (known.empty() ? "" : ", ") + z.name + " (" + std::to_string(z.id) + ")";
            throw ParamError("zones", "",
                             "no zone '" + wanted + "'" +
                                 (known.empty() ? std::string("; the project has no zones yet")
                                                : "; zones: " + known));
        }
        if (std::find(ids.begin(), ids.end(), found->id) == ids.end()) ids.push_back(found->id);
    }
    return ids;
}

namespace {

/// The basemaps that cannot be drawn (missing, damaged files), told before the pages are: the
/// pages are drawn without them.
std::vector<std::string> basemap_warnings(const geo::District& district,
                                          const AtlasOptions& options) {
    std::vector<std::string> out;
    if (!options.basemaps) return out;
    for (const geo::Basemap& b : geo::basemaps_in_drawing_order(district.basemaps)) {
        try {
            (void)geo::inspect_basemap(b, district.meta.srid);
        } catch (const Cancelled&) {
            throw;
        } catch (const std::exception& e) {
            out.push_back(std::string(e.what()) + "; the pages are drawn without it");
        }
    }
    return out;
}

} // namespace

AtlasReport draw_atlas(cairo_t* cr, const geo::District& district, const AtlasOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    AtlasWriter writer(cr, district, options);
    writer.prepare();
    AtlasReport report;
    report.warnings = basemap_warnings(district, options);
    report.zones.resize(writer.tasks() - 1);
    for (std::size_t task = 0; task < writer.tasks(); ++task)
        writer.draw(task, report);
    report.pages = writer.pages();
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

namespace {

/// How many threads draw an atlas of `pages` pages in `tasks` tasks: as many as asked for,
/// else one per core for at least four pages each (below that, starting a thread and joining
/// the files costs more than it saves); never more than there are tasks.
std::size_t part_count(const AtlasOptions& options, int pages, std::size_t tasks) {
    std::size_t n = static_cast<std::size_t>(std::max(0, options.threads));
    if (n == 0)
        n = std::min<std::size_t>({std::max(1U, std::thread::hardware_concurrency()), 8,
                                   static_cast<std::size_t>(pages) / 4});
    return std::clamp<std::size_t>(n, 1, tasks);
}

} // namespace

AtlasReport write_atlas(const geo::District& district, const std::string& path,
                        const AtlasOptions& options,
                        const std::function<void(const AtlasReport&)>& before_commit) {
    require_font(options.font_family);
    atlas_zone_ids(district, options); // bad zones before anything is written
    // The atlas goes beside `path` (checked now, before any drawing) and replaces an earlier
    // file only when complete: part 0 is written there; further parts (drawn on other
    // threads) go to a staging folder beside it and are joined into a new file there.
    auto out = std::make_unique<geo::OutputFile>(path);
    std::optional<geo::StagingFolder> staging;
    const Extent size = page_size(options.paper, options.landscape);
    const std::string title =
        options.title.empty() ? tr(options.language, "巡查图册", "Patrol atlas") : options.title;
    auto open_pdf = [&](geo::OutputFile& file) {
        auto pdf = std::make_unique<PdfToFile>(file, size);
        pdf->check(path);
        cairo_pdf_surface_set_metadata(pdf->surface(), CAIRO_PDF_METADATA_TITLE, title.c_str());
        cairo_pdf_surface_set_metadata(pdf->surface(), CAIRO_PDF_METADATA_CREATOR,
                                       "Cordon " CORDON_VERSION);
        return pdf;
    };
    auto check = [&](cairo_t* cr) {
        if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
            throw Error(path + ": drawing failed (" + cairo_status_to_string(cairo_status(cr)) +
                        ")");
    };
    // The report's seconds: from opening the PDF to finishing it (fonts embedded, file
    // written), what QGIS's atlas export call does; loading the project is not counted.
    const auto started = std::chrono::steady_clock::now();
    AtlasReport report;
    report.warnings = basemap_warnings(district, options);
    auto pdf = open_pdf(*out);
    detail::ContextPtr cr(cairo_create(pdf->surface()));
    AtlasWriter writer(cr.get(), district, options);
    writer.prepare();
    report.zones.resize(writer.tasks() - 1);
    report.pages = writer.pages();
    const std::size_t parts = part_count(options, writer.pages(), writer.tasks());
    if (parts == 1) {
        for (std::size_t task = 0; task < writer.tasks(); ++task)
            writer.draw(task, report);
        check(cr.get());
        cr.reset();
        pdf->finish(path);
    } else {
        // Each thread draws the next task not yet taken (the overview, a zone's pages),
        // longest first, into a PDF of its own (cairo surfaces, pango layouts and font
        // maps are per thread); the parts are joined in page order.
        staging.emplace(path);
        std::vector<std::string> files{out->temp_path().string()};
        for (std::size_t k = 1; k < parts; ++k)
            files.push_back((staging->path() / ("part" + std::to_string(k) + ".pdf")).string());
        SharedProgress shared;
        std::vector<std::vector<int>> drawn(parts);
        std::vector<std::exception_ptr> errors(parts);
        const std::vector<std::size_t> tasks = writer.longest_first();
        auto work = [&](std::size_t k, AtlasWriter& w, cairo_t* c) {
            for (std::size_t next; !shared.failed && (next = shared.next_task++) < tasks.size();)
                w.draw(tasks[next], report, &shared);
            check(c);
            drawn[k] = w.drawn();
        };
        std::vector<std::thread> threads;
        try {
            for (std::size_t k = 1; k < parts; ++k)
                threads.emplace_back([&, k] {
                    try {
                        geo::OutputFile part(files[k], path);
                        auto part_pdf = open_pdf(part);
                        {
                            detail::ContextPtr c(cairo_create(part_pdf->surface()));
                            AtlasWriter w(writer, c.get());
                            work(k, w, c.get());
                        }
                        part_pdf->finish(path);
                        part.commit();
                    } catch (...) {
                        errors[k] = std::current_exception();
                        shared.failed = true;
                    }
                });
            work(0, writer, cr.get());
            cr.reset();
            pdf->finish(path);
        } catch (...) {
            errors[0] = std::current_exception();
            shared.failed = true;
        }
        for (auto& t : threads)
            t.join();
        // The error that stopped the others (they throw Cancelled when they see it).
        std::exception_ptr first;
        for (const auto& e : errors) {
            if (!e) continue;
            try {
                std::rethrow_exception(e);
            } catch (const Cancelled&) {
                if (!first) first = e;
            } catch (...) {
                first = e;
                break;
            }
        }
        if (first) std::rethrow_exception(first);
        std::vector<detail::PdfPage> order(static_cast<std::size_t>(writer.pages()));
        for (std::size_t k = 0; k < parts; ++k)
            for (std::size_t i = 0; i < drawn[k].size(); ++i)
                order.at(static_cast<std::size_t>(drawn[k][i] - 1)) = {k, i};
        auto joined = std::make_unique<geo::OutputFile>(path);
        detail::join_pdfs(files, order, *joined);
        joined->finish();
        out = std::move(joined); // the first part's file is removed
    }
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (before_commit) before_commit(report);
    out->commit();
    return report;
}

nlohmann::json atlas_report_json(const AtlasReport& report) {
    nlohmann::json j = {{"pages", report.pages},
                        {"overview_pages", report.overview_pages},
                        {"overview_scale", report.overview_scale_denominator},
                        {"seconds", report.seconds},
                        {"warnings", report.warnings},
                        {"zones", nlohmann::json::array()}};
    for (const auto& z : report.zones)
        j["zones"].push_back({{"id", z.zone_id},
                              {"name", z.name},
                              {"first_page", z.first_page},
                              {"pages", z.pages},
                              {"visit_pages", z.visit_pages},
                              {"scale", z.scale_denominator},
                              {"buildings", z.buildings},
                              {"numbers_skipped", z.numbers_skipped},
                              {"sheets", z.sheets}});
    return j;
}

} // namespace cordon::render
