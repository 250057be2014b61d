// The legend has an entry for every class the renderer draws, taken from the style table.

#include <cordon/render/decorations.hpp>
#include <cordon/render/map_renderer.hpp>
#include <cordon/render/style.hpp>

#include <cairo.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <string>

using namespace cordon;
using namespace cordon::render;

namespace {

/// Drawn the same: rank, widths, colours and dashes.
bool alike(const RoadStyle& a, const RoadStyle& b) {
    auto same = [](const Rgba& x, const Rgba& y) {
        return x.r == y.r && x.g == y.g && x.b == y.b && x.a == y.a;
    };
    return a.rank == b.rank && a.width_m == b.width_m && a.max_px == b.max_px &&
           same(a.fill, b.fill) && same(a.casing, b.casing) && a.dash == b.dash;
}

geo::District roads_of(const std::vector<std::string>& classes) {
    geo::District d;
    for (const auto& cls : classes) {
        geo::Road r;
        r.id = static_cast<geo::Id>(d.roads.size() + 1);
        r.cls = cls;
        r.geom = {{0, 0}, {100, 0}};
        d.roads.push_back(r);
    }
    return d;
}

} // namespace

TEST(Legend, EveryRoadClassOfTheStyleTableHasAnEntryDrawnInItsStyle) {
    const auto classes = styled_road_classes();
    ASSERT_GE(classes.size(), 20u);
    for (const auto& cls : classes) {
        const auto lines = legend_lines(LegendOptions::for_district(roads_of({cls})));
        int roads = 0;
        for (const auto& line : lines) {
            if (line.road_class.empty()) continue;
            ++roads;
            EXPECT_TRUE(alike(road_style(line.road_class), road_style(cls)))
                << cls << " is listed as " << line.en << " (" << line.road_class << ")";
        }
        EXPECT_EQ(roads, 1) << cls;
    }
}

TEST(Legend, EachStyleDrawnHasItsOwnName) {
    const auto lines = legend_lines(LegendOptions::for_district(roads_of(styled_road_classes())));
    // The distinct styles of the table.
    std::vector<std::string> styles;
    for (const auto& cls : styled_road_classes())
        if (std::none_of(styles.begin(), styles.end(), [&](const std::string& s) {
                return alike(road_style(s), road_style(cls));
            }))
            styles.push_back(cls);
    std::vector<std::string> named;
    std::set<std::string> en, zh;
    for (const auto& line : lines) {
        EXPECT_TRUE(en.insert(line.en).second) << "two entries read " << line.en;
        EXPECT_TRUE(zh.insert(line.zh).second) << "two entries read " << line.zh;
        if (!line.road_class.empty()) named.push_back(line.road_class);
    }
    EXPECT_EQ(named.size(), styles.size()); // every style drawn, once
    for (const auto& s : styles)
        EXPECT_EQ(std::count_if(
                      named.begin(), named.end(),
                      [&](const std::string& n) { return alike(road_style(n), road_style(s)); }),
                  1)
            << s;
    // Motorway and trunk (pink and salmon with a red edge) are named, not mistaken for the
    // closed compound (no compound entry when there are no compounds).
    EXPECT_TRUE(en.count("Motorway"));
    EXPECT_TRUE(en.count("Trunk road"));
    EXPECT_TRUE(zh.count("高速公路"));
    EXPECT_FALSE(en.count("Closed compound"));
}

TEST(Legend, AnUnknownClassIsListedAsTheStyleItIsDrawnWith) {
    const auto lines = legend_lines(LegendOptions::for_district(roads_of({"raceway"})));
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_TRUE(alike(road_style(lines[0].road_class), road_style("raceway")));
    EXPECT_EQ(lines[0].en, "Minor road");
}

TEST(Legend, EveryCompoundModeGateStateAndCheckpointKindIsListed) {
    const auto lines = legend_lines(LegendOptions{});
    std::set<std::string> en;
    for (const auto& line : lines)
        en.insert(line.en);
    for (const char* e :
         {"Closed compound", "Guarded courtyard", "Patrol (scattered)", "Mode not set", "Open gate",
          "Closed gate", "Vehicle checkpoint", "Registration point", "Barrier (road closed)",
          "Patrol zone", "Patrol route", "Building"})
        EXPECT_TRUE(en.count(e)) << e;
}

namespace {

geo::MultiPolygon box(double x0, double y0, double x1, double y1) {
    return {geo::Polygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}};
}

bool listed(const std::vector<LegendLine>& lines, const std::string& layer,
            const std::string& value = "") {
    return std::any_of(lines.begin(), lines.end(), [&](const LegendLine& l) {
        return l.layer == layer && (value.empty() || l.value == value);
    });
}

} // namespace

// A map's legend (an atlas page's) names every class the renderer drew on it, over the whole
// style table, and none that it did not draw.
TEST(Legend, AMapsLegendNamesEveryClassItDrewAndNoOther) {
    const auto classes = styled_road_classes();
    geo::District d;
    // Every other class of the table crosses the view (x 0..200); the rest lie far east.
    std::set<std::string> inside;
    for (std::size_t i = 0; i < classes.size(); ++i) {
        geo::Road r;
        r.id = static_cast<geo::Id>(i + 1);
        r.cls = classes[i];
        const double x = i % 2 == 0 ? -50 : 5000, y = 10.0 * static_cast<double>(i);
        r.geom = {{x, y}, {x + 300, y}};
        d.roads.push_back(r);
        if (i % 2 == 0) inside.insert(classes[i]);
    }
    // A road whose box overlaps the view but which passes beside it is not drawn in it.
    geo::Road beside;
    beside.id = 900;
    beside.cls = "bridleway";
    beside.geom = {{-100, 300}, {50, 600}}; // its box overlaps x 0..50, y 300..400
    d.roads.push_back(beside);
    ASSERT_FALSE(inside.count("bridleway"));
    auto compound = [&](geo::CompoundMode mode, double x) {
        geo::Compound c;
        c.id = static_cast<geo::Id>(d.compounds.size() + 1);
        c.mode = mode;
        c.geom = box(x, 20, x + 40, 60);
        d.compounds.push_back(c);
    };
    compound(geo::CompoundMode::closed, 20);
    compound(geo::CompoundMode::unknown, 120);
    compound(geo::CompoundMode::guarded, 5000);
    auto gate = [&](geo::GateState state, geo::GateKind kind, double x) {
        geo::Gate g;
        g.id = static_cast<geo::Id>(d.gates.size() + 1);
        g.state = state;
        g.kind = kind;
        g.pos = {x, 40};
        d.gates.push_back(g);
    };
    gate(geo::GateState::open, geo::GateKind::pedestrian, 60);
    gate(geo::GateState::open, geo::GateKind::vehicle, 80);
    gate(geo::GateState::closed, geo::GateKind::both, 5000);
    geo::Checkpoint cp;
    cp.id = 1;
    cp.kind = geo::CheckpointKind::registration;
    cp.pos = {100, 100};
    d.checkpoints.push_back(cp);
    cp.id = 2;
    cp.kind = geo::CheckpointKind::vehicle;
    cp.pos = {5000, 100};
    d.checkpoints.push_back(cp);
    geo::Zone z;
    z.id = 1;
    z.name = "1";
    z.geom = box(5000, 0, 5100, 100);
    d.zones.push_back(z);

    cairo_surface_t* img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 400);
    cairo_t* cr = cairo_create(img);
    View view;
    view.centre = {100, 200};
    view.scale = 1;
    const RenderStats stats = render_map(cr, d, view, 200, 400);
    cairo_destroy(cr);
    cairo_surface_destroy(img);

    const DrawnClasses& drawn = stats.drawn;
    EXPECT_EQ(drawn.road_classes, inside);
    EXPECT_EQ(drawn.compound_modes,
              (std::set<geo::CompoundMode>{geo::CompoundMode::closed, geo::CompoundMode::unknown}));
    EXPECT_EQ(drawn.gate_states, std::set<geo::GateState>{geo::GateState::open});
    EXPECT_EQ(drawn.gate_kinds,
              (std::set<geo::GateKind>{geo::GateKind::vehicle, geo::GateKind::pedestrian}));
    EXPECT_EQ(drawn.checkpoint_kinds,
              std::set<geo::CheckpointKind>{geo::CheckpointKind::registration});
    EXPECT_FALSE(drawn.zones);
    EXPECT_FALSE(drawn.buildings);

    const auto lines = legend_lines(LegendOptions::for_drawn(drawn));
    // Every road class drawn has an entry drawn in its style ...
    for (const auto& cls : inside)
        EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), [&](const LegendLine& l) {
            return !l.road_class.empty() && alike(road_style(l.road_class), road_style(cls));
        })) << cls;
    // ... and every road entry is the style of a class drawn.
    for (const auto& l : lines) {
        if (l.road_class.empty()) continue;
        EXPECT_TRUE(std::any_of(inside.begin(), inside.end(), [&](const std::string& cls) {
            return alike(road_style(l.road_class), road_style(cls));
        })) << l.en;
    }
    EXPECT_TRUE(listed(lines, "compounds", "closed"));
    EXPECT_TRUE(listed(lines, "compounds", "unknown"));
    EXPECT_FALSE(listed(lines, "compounds", "guarded"));
    EXPECT_FALSE(listed(lines, "compounds", "patrol"));
    // Open gates in the first kind's shape, the other kind's shape beside; no closed gate.
    EXPECT_TRUE(listed(lines, "gates", "open vehicle"));
    EXPECT_TRUE(listed(lines, "gates", "open pedestrian"));
    EXPECT_FALSE(listed(lines, "gates", "closed both"));
    EXPECT_EQ(std::count_if(lines.begin(), lines.end(),
                            [](const LegendLine& l) { return l.layer == "gates"; }),
              2);
    EXPECT_TRUE(listed(lines, "checkpoints", "registration"));
    EXPECT_FALSE(listed(lines, "checkpoints", "vehicle"));
    EXPECT_FALSE(listed(lines, "zones"));
    EXPECT_FALSE(listed(lines, "buildings"));
    EXPECT_FALSE(listed(lines, "district"));
}

// The district's administrative boundary has an entry when it is drawn in the view, none when
// it lies beyond it, and one for a district that has one (an overview's legend).
TEST(Legend, TheDistrictBoundaryIsListedWhenItIsDrawn) {
    geo::District d;
    geo::DistrictBoundary b;
    b.id = 1;
    b.geom = box(20, 20, 180, 380);
    d.boundary.push_back(b);
    auto drawn_in = [&](double cx) {
        cairo_surface_t* img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 400);
        cairo_t* cr = cairo_create(img);
        View view;
        view.centre = {cx, 200};
        view.scale = 1;
        const RenderStats stats = render_map(cr, d, view, 200, 400);
        cairo_destroy(cr);
        cairo_surface_destroy(img);
        return stats.drawn;
    };
    const DrawnClasses inside = drawn_in(100), beyond = drawn_in(5000);
    EXPECT_TRUE(inside.district);
    EXPECT_FALSE(beyond.district);
    const auto lines = legend_lines(LegendOptions::for_drawn(inside));
    ASSERT_TRUE(listed(lines, "district"));
    const auto entry = std::find_if(lines.begin(), lines.end(),
                                    [](const LegendLine& l) { return l.layer == "district"; });
    EXPECT_EQ(entry->zh, "行政区界");
    EXPECT_EQ(entry->en, "District boundary");
    EXPECT_FALSE(listed(legend_lines(LegendOptions::for_drawn(beyond)), "district"));
    EXPECT_TRUE(listed(legend_lines(LegendOptions::for_district(d)), "district"));
    EXPECT_FALSE(listed(legend_lines(LegendOptions::for_district(geo::District{})), "district"));
}

// A legend given a height flows into columns: it stays within the height, and every entry is
// drawn inside its box.
TEST(Legend, ColumnsKeepItWithinItsHeightAndInsideItsBox) {
    LegendOptions o = LegendOptions::for_district(roads_of(styled_road_classes()));
    o.compounds = o.buildings = o.gates = o.checkpoints = o.zones = o.routes = true;
    o.communities = o.cordon_areas = o.choke_points = true;
    const std::size_t n = legend_lines(o).size();
    ASSERT_GE(n, 25u);
    cairo_surface_t* img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1200, 900);
    cairo_t* cr = cairo_create(img);
    const Extent tall = legend_extent(cr, o);
    o.max_height = 200;
    const Extent wide = legend_extent(cr, o);
    EXPECT_GT(tall.height, 400); // one column would not fit
    EXPECT_LE(wide.height, 200);
    EXPECT_GT(wide.width, tall.width * 2.5); // three columns or more
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    const Extent drawn = draw_legend(cr, 20, 20, o);
    EXPECT_DOUBLE_EQ(drawn.width, wide.width);
    EXPECT_DOUBLE_EQ(drawn.height, wide.height);
    cairo_destroy(cr);
    cairo_surface_flush(img);
    // Nothing is drawn outside the box; inside, the last column has its entries.
    const unsigned char* data = cairo_image_surface_get_data(img);
    const int stride = cairo_image_surface_get_stride(img);
    auto white = [&](int x, int y) {
        const auto px = *reinterpret_cast<const std::uint32_t*>(data + y * stride + x * 4);
        return (px & 0xffffff) == 0xffffff;
    };
    int outside = 0, last_column = 0;
    const int x1 = 20 + static_cast<int>(std::ceil(drawn.width)) + 1,
              y1 = 20 + static_cast<int>(std::ceil(drawn.height)) + 1;
    for (int y = 0; y < 900; ++y)
        for (int x = 0; x < 1200; ++x) {
            const bool in = x >= 19 && x <= x1 && y >= 19 && y <= y1;
            if (!in && !white(x, y)) ++outside;
            if (in && x > x1 - static_cast<int>(drawn.width / 4) && x < x1 - 3 && y > 50 &&
                y < y1 - 3 && !white(x, y))
                ++last_column;
        }
    cairo_surface_destroy(img);
    EXPECT_EQ(outside, 0);
    EXPECT_GT(last_column, 50);
}

// A compound whose mode was assumed is drawn in a style of its own, and the map's legend names
// it beside the modes the data gave.
TEST(Legend, AnAssumedModeIsDrawnApartAndListed) {
    const AreaStyle& closed = compound_style(geo::CompoundMode::closed);
    const AreaStyle& assumed = compound_style(geo::CompoundMode::closed, true);
    EXPECT_NE(&closed, &assumed);
    EXPECT_NE(assumed.pattern, closed.pattern);
    EXPECT_NE(assumed.dash, closed.dash);
    EXPECT_NE(assumed.dash, compound_style(geo::CompoundMode::unknown).dash);
    EXPECT_NE(assumed.fill.a, closed.fill.a);

    geo::District d;
    for (int i = 0; i < 2; ++i) {
        geo::Compound c;
        c.id = i + 1;
        c.mode = geo::CompoundMode::closed;
        c.mode_assumed = i == 1;
        c.geom = box(20 + 100.0 * i, 20, 80 + 100.0 * i, 80);
        d.compounds.push_back(c);
    }
    cairo_surface_t* img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 100);
    cairo_t* cr = cairo_create(img);
    View view;
    view.centre = {100, 50};
    view.scale = 1;
    const RenderStats stats = render_map(cr, d, view, 200, 100);
    cairo_surface_flush(img);
    // The two compounds' insides differ on the map.
    const unsigned char* data = cairo_image_surface_get_data(img);
    const int stride = cairo_image_surface_get_stride(img);
    auto pixel = [&](int x, int y) {
        return *reinterpret_cast<const std::uint32_t*>(data + y * stride + x * 4);
    };
    EXPECT_NE(pixel(45, 45), pixel(145, 45));
    cairo_destroy(cr);
    cairo_surface_destroy(img);

    EXPECT_EQ(stats.drawn.compound_modes, std::set<geo::CompoundMode>{geo::CompoundMode::closed});
    EXPECT_EQ(stats.drawn.assumed_modes, std::set<geo::CompoundMode>{geo::CompoundMode::closed});
    const auto lines = legend_lines(LegendOptions::for_drawn(stats.drawn));
    EXPECT_TRUE(listed(lines, "compounds", "closed"));
    EXPECT_TRUE(listed(lines, "compounds", "closed assumed"));
    EXPECT_FALSE(listed(lines, "compounds", "guarded"));
    EXPECT_FALSE(listed(lines, "compounds", "unknown"));
    // The same from the district, and with only assumed compounds only their entry.
    d.compounds.erase(d.compounds.begin());
    const auto only = legend_lines(LegendOptions::for_district(d));
    EXPECT_TRUE(listed(only, "compounds", "closed assumed"));
    EXPECT_FALSE(listed(only, "compounds", "closed"));
    EXPECT_FALSE(listed(only, "compounds", "unknown"));
}
