// Renders tiny hand-made districts and checks pixels at known places.

#include "fixtures.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/render/decorations.hpp>
#include <cordon/render/map_renderer.hpp>
#include <cordon/render/style.hpp>
#include <cordon/render/text.hpp>
#include <cordon/render/view.hpp>

#include <cairo-pdf.h>
#include <cairo.h>
#include <gtest/gtest.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

namespace cordon::render {
namespace {

// A closed compound 0..100 m square with a building in its north-east corner, a primary road
// along its south side, a residential road east of it, and a gate in its south wall.
geo::District sample_district() {
    geo::District d;
    test::add_compound(d, test::rect(0, 0, 100, 100), "玉林小区");
    geo::Building building;
    building.id = 1;
    building.geom = test::rect(70, 70, 90, 90);
    d.buildings.push_back(building);
    geo::Road primary;
    primary.id = 1;
    primary.name = "人民南路";
    primary.cls = "primary";
    primary.geom = {{-60, -25}, {160, -25}};
    d.roads.push_back(primary);
    geo::Road minor;
    minor.id = 2;
    minor.cls = "residential";
    minor.geom = {{130, -60}, {130, 160}};
    d.roads.push_back(minor);
    geo::Gate gate;
    gate.id = 1;
    gate.kind = geo::GateKind::both;
    gate.state = geo::GateState::open;
    gate.pos = {50, 0};
    d.gates.push_back(gate);
    return d;
}

struct Image {
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface{
        nullptr, cairo_surface_destroy};
    int width = 0;
    int height = 0;

    struct Pixel {
        int r, g, b, a;
    };
    Pixel at(int x, int y) const {
        cairo_surface_flush(surface.get());
        const unsigned char* data = cairo_image_surface_get_data(surface.get());
        const int stride = cairo_image_surface_get_stride(surface.get());
        std::uint32_t v;
        std::memcpy(&v, data + y * stride + x * 4, 4);
        return {static_cast<int>((v >> 16) & 0xff), static_cast<int>((v >> 8) & 0xff),
                static_cast<int>(v & 0xff), static_cast<int>(v >> 24)};
    }
    /// Pixels in the box whose darkest channel is below `limit`.
    int dark_pixels(int x0, int y0, int x1, int y1, int limit) const {
        int n = 0;
        for (int y = y0; y < y1; ++y)
            for (int x = x0; x < x1; ++x) {
                const Pixel p = at(x, y);
                if (std::max({p.r, p.g, p.b}) < limit) ++n;
            }
        return n;
    }
};

constexpr int k_size = 400;
// 0.5 m per pixel centred on (50, 40): world (x, y) is pixel (200 + 2(x-50), 200 - 2(y-40)).
View sample_view() {
    return View{{50, 40}, 0.5};
}

Image render(const geo::District& d, const View& view, RenderOptions options = {},
             RenderStats* stats = nullptr) {
    Image image;
    image.width = image.height = k_size;
    image.surface.reset(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, k_size, k_size));
    cairo_t* cr = cairo_create(image.surface.get());
    const RenderStats s = render_map(cr, d, view, k_size, k_size, options);
    if (stats != nullptr) *stats = s;
    EXPECT_EQ(cairo_status(cr), CAIRO_STATUS_SUCCESS);
    cairo_destroy(cr);
    return image;
}

Image::Pixel expected(const Rgba& top, const Rgba& under) {
    auto mix = [&](double a, double b) {
        return static_cast<int>(std::lround((a * top.a + b * (1 - top.a)) * 255));
    };
    return {mix(top.r, under.r), mix(top.g, under.g), mix(top.b, under.b), 255};
}

void expect_colour(const Image::Pixel& actual, const Image::Pixel& want, const char* what) {
    EXPECT_NEAR(actual.r, want.r, 3) << what;
    EXPECT_NEAR(actual.g, want.g, 3) << what;
    EXPECT_NEAR(actual.b, want.b, 3) << what;
}

TEST(View, DeviceAndWorldAreInverse) {
    const View view{{1000, 2000}, 2.5};
    const geo::Point p = view.to_device({1100, 1900}, 800, 600);
    EXPECT_DOUBLE_EQ(p.x, 440);
    EXPECT_DOUBLE_EQ(p.y, 340); // north is up
    const geo::Point w = view.to_world(p, 800, 600);
    EXPECT_DOUBLE_EQ(w.x, 1100);
    EXPECT_DOUBLE_EQ(w.y, 1900);
}

TEST(View, ZoomKeepsTheAnchorInPlace) {
    const View view{{0, 0}, 4};
    const geo::Point anchor{100, 50};
    const geo::Point before = view.to_world(anchor, 800, 600);
    const View zoomed = view.zoomed(2, anchor, 800, 600);
    EXPECT_DOUBLE_EQ(zoomed.scale, 2);
    const geo::Point after = zoomed.to_world(anchor, 800, 600);
    EXPECT_NEAR(after.x, before.x, 1e-9);
    EXPECT_NEAR(after.y, before.y, 1e-9);
}

TEST(View, PanFollowsTheDrag) {
    const View view{{0, 0}, 2};
    const View moved = view.panned(10, 5); // drag right and down: the map moves with it
    EXPECT_DOUBLE_EQ(moved.centre.x, -20);
    EXPECT_DOUBLE_EQ(moved.centre.y, 10);
}

TEST(View, FitShowsTheWholeBox) {
    geo::Box box;
    box.expand(geo::Point{0, 0});
    box.expand(geo::Point{2000, 1000});
    const View view = View::fit(box, 1000, 1000, 0);
    EXPECT_DOUBLE_EQ(view.scale, 2);
    const geo::Box shown = view.world_box(1000, 1000);
    EXPECT_LE(shown.minx, 0);
    EXPECT_GE(shown.maxx, 2000);
    EXPECT_LE(shown.miny, 0);
    EXPECT_GE(shown.maxy, 1000);
}

TEST(View, ScaleDenominator) {
    // 1 px = 0.0254/96 m at 96 dpi, so 1 m/px is 1:3779.5.
    EXPECT_NEAR((View{{0, 0}, 1}.scale_denominator()), 3779.53, 0.01);
    EXPECT_NEAR((View{{0, 0}, 1}.scale_denominator(72)), 2834.65, 0.01);
}

TEST(Text, SizeFollowsDeviceUnitsAndScale) {
    EXPECT_DOUBLE_EQ(text_size(12, 1.0, 1.0), 12);
    // The same physical scale on a PDF (points) gives the same physical size: 1 m per
    // reference pixel is 1/0.75 m per point.
    EXPECT_DOUBLE_EQ(text_size(12, 1.0 / 0.75, 0.75), 9);
    // ... and on a 300-dpi image (300/96 device pixels per reference pixel).
    EXPECT_DOUBLE_EQ(text_size(12, 2.0 * 96 / 300, 300.0 / 96), text_size(12, 2.0) * 300 / 96);
    EXPECT_GT(text_size(12, 0.25), 12);
    EXPECT_LT(text_size(12, 8), 12);
    EXPECT_GE(text_size(12, 1000), 12 * 0.85 - 1e-9);
}

TEST(Text, DevicePxIsPointsOnPdf) {
    cairo_surface_t* pdf = cairo_pdf_surface_create(nullptr, 100, 100);
    cairo_t* cr = cairo_create(pdf);
    EXPECT_DOUBLE_EQ(device_px(cr), 0.75);
    cairo_destroy(cr);
    cairo_surface_destroy(pdf);
    cairo_surface_t* img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 4, 4);
    cr = cairo_create(img);
    EXPECT_DOUBLE_EQ(device_px(cr), 1.0);
    cairo_destroy(cr);
    cairo_surface_destroy(img);
}

TEST(Text, CjkFontHasEveryGlyph) {
    cairo_surface_t* img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 4, 4);
    cairo_t* cr = cairo_create(img);
    PangoLayout* layout = pango_cairo_create_layout(cr);
    PangoFontDescription* font = pango_font_description_from_string(map_style().font_family);
    pango_font_description_set_absolute_size(font, 12 * PANGO_SCALE);
    pango_layout_set_font_description(layout, font);
    pango_layout_set_text(layout, "玉林小区 人民南路", -1);
    EXPECT_EQ(pango_layout_get_unknown_glyphs_count(layout), 0);
    pango_font_description_free(font);
    g_object_unref(layout);
    cairo_destroy(cr);
    cairo_surface_destroy(img);
}

TEST(Style, UnknownRoadClassesDrawLikeUnclassified) {
    EXPECT_EQ(&road_style("no-such-class"), &road_style("unclassified"));
    EXPECT_GT(road_style("primary").rank, road_style("residential").rank);
    EXPECT_FALSE(road_style("footway").dash.empty());
}

TEST(Style, CompoundModesLookDifferent) {
    const auto& closed = compound_style(geo::CompoundMode::closed);
    const auto& guarded = compound_style(geo::CompoundMode::guarded);
    const auto& patrol = compound_style(geo::CompoundMode::patrol);
    const auto& unknown = compound_style(geo::CompoundMode::unknown);
    // Not by colour alone: patterns and outline dashes tell them apart in black and white.
    EXPECT_EQ(closed.pattern, Pattern::none);
    EXPECT_TRUE(closed.dash.empty());
    EXPECT_EQ(guarded.pattern, Pattern::hatch);
    EXPECT_EQ(patrol.pattern, Pattern::dots);
    EXPECT_FALSE(patrol.dash.empty());
    EXPECT_FALSE(unknown.dash.empty());
    EXPECT_NE(unknown.dash, patrol.dash);
}

TEST(Render, FillsCompoundRoadAndBackground) {
    const geo::District d = sample_district();
    const Image image = render(d, sample_view());
    const Rgba bg = map_style().background;
    // Inside the compound, away from its label, building and gate: world (20, 20).
    expect_colour(image.at(140, 240), expected(compound_style(geo::CompoundMode::closed).fill, bg),
                  "compound fill");
    // Outside everything: world (-40, 120).
    expect_colour(image.at(20, 40), expected(bg, bg), "background");
    // On the primary road, away from its name: world (-30, -25).
    expect_colour(image.at(40, 330), expected(road_style("primary").fill, bg), "road fill");
    // Inside the building: world (80, 80).
    const Rgba compound_fill = compound_style(geo::CompoundMode::closed).fill;
    const Image::Pixel under = expected(compound_fill, bg);
    const Rgba under_rgba{under.r / 255.0, under.g / 255.0, under.b / 255.0, 1};
    expect_colour(image.at(260, 120), expected(map_style().building.fill, under_rgba),
                  "building fill");
    // The open gate is a green symbol at world (50, 0).
    expect_colour(image.at(200, 280), expected(map_style().gate_open, bg), "open gate");
}

// The administrative boundary is a dark dash-dot line along the district's edge, over the
// buildings and roads, not filled inside; turned off, nothing of it is drawn.
TEST(Render, TheDistrictBoundaryIsADarkDashedLineAlongItsEdge) {
    geo::District d = sample_district();
    geo::DistrictBoundary b;
    b.id = 1;
    b.geom = test::rect(-40, -50, 140, 120); // its south edge crosses the residential road
    d.boundary.push_back(b);
    const Rgba ink = map_style().district_boundary.outline;
    auto is_ink = [&](const Image::Pixel& p) {
        return std::abs(p.r - std::lround(ink.r * 255)) <= 12 &&
               std::abs(p.g - std::lround(ink.g * 255)) <= 12 &&
               std::abs(p.b - std::lround(ink.b * 255)) <= 12;
    };
    // Along the west edge, world x -40 is pixel column 20, rows from y 110 to -40 (pixels
    // 60..360): dashes in the boundary's colour, with gaps.
    auto count_ink = [&](const Image& image) {
        int ink_pixels = 0;
        for (int y = 60; y < 360; ++y)
            if (is_ink(image.at(20, y))) ++ink_pixels;
        return ink_pixels;
    };
    RenderStats stats;
    const Image drawn = render(d, sample_view(), {}, &stats);
    EXPECT_TRUE(stats.drawn.district);
    const int along = count_ink(drawn);
    EXPECT_GT(along, 150) << "the boundary's colour along its west edge";
    EXPECT_LT(along, 290) << "a dashed line has gaps";
    // Across the residential road on the south edge (world (130, -50), pixel (360, 380)) it is
    // drawn over the road.
    int over_road = 0;
    for (int x = 350; x <= 370; ++x)
        if (is_ink(drawn.at(x, 380))) ++over_road;
    EXPECT_GT(over_road, 0);
    // Not filled: inside it, away from everything (world (-20, 110)), is the background.
    expect_colour(drawn.at(60, 60), expected(map_style().background, map_style().background),
                  "inside the boundary");
    RenderOptions off;
    off.district = false;
    EXPECT_EQ(count_ink(render(d, sample_view(), off)), 0);
}

TEST(Render, FastAntialiasingDrawsTheSamePictureWithCoarserEdges) {
    const geo::District d = sample_district();
    RenderOptions fast;
    fast.fast_antialias = true;
    const Image best = render(d, sample_view());
    const Image quick = render(d, sample_view(), fast);
    // Interiors are identical; only edge pixels (partly covered) may differ, and by little.
    expect_colour(quick.at(140, 240), best.at(140, 240), "compound fill");
    expect_colour(quick.at(40, 330), best.at(40, 330), "road fill");
    expect_colour(quick.at(260, 120), best.at(260, 120), "building fill");
    int differ = 0, largest = 0;
    for (int y = 0; y < k_size; ++y)
        for (int x = 0; x < k_size; ++x) {
            const Image::Pixel a = best.at(x, y), b = quick.at(x, y);
            const int delta =
                std::max({std::abs(a.r - b.r), std::abs(a.g - b.g), std::abs(a.b - b.b)});
            if (delta > 0) ++differ;
            largest = std::max(largest, delta);
        }
    EXPECT_GT(differ, 0) << "the option changes nothing: not applied";
    EXPECT_LT(differ, k_size * k_size / 20) << "more than edge pixels differ";
    EXPECT_LT(largest, 128) << "an edge pixel changed by more than half its range";
}

TEST(Render, ChineseCompoundLabelIsDrawn) {
    const geo::District d = sample_district();
    RenderStats with_labels;
    const Image labelled = render(d, sample_view(), {}, &with_labels);
    RenderOptions no_labels;
    no_labels.labels = false;
    const Image bare = render(d, sample_view(), no_labels);
    // The label sits on the middle of the compound: world (50, 50) is pixel (200, 180).
    const int x0 = 150, y0 = 165, x1 = 250, y1 = 195;
    EXPECT_GT(labelled.dark_pixels(x0, y0, x1, y1, 110), 20);
    EXPECT_EQ(bare.dark_pixels(x0, y0, x1, y1, 110), 0);
    EXPECT_GE(with_labels.labels_placed, 2u); // the compound and the primary road
}

TEST(Render, RoadNameIsDrawnAlongTheRoad) {
    const geo::District d = sample_district();
    const Image image = render(d, sample_view());
    // The primary's name is centred on the visible part of the road: pixel (200, 330).
    EXPECT_GT(image.dark_pixels(160, 320, 240, 340, 110), 10);
}

TEST(Render, CullsFeaturesOutsideTheView) {
    geo::District d = sample_district();
    geo::Building far;
    far.geom = test::rect(10000, 10000, 10020, 10020);
    d.buildings.push_back(far);
    geo::Building tiny;
    tiny.geom = test::rect(10, 10, 10.1, 10.1); // a fifth of a pixel
    d.buildings.push_back(tiny);
    RenderStats stats;
    render(d, sample_view(), {}, &stats);
    EXPECT_EQ(stats.features_skipped, 2u);
    EXPECT_EQ(stats.features_drawn, 5u);
}

TEST(Render, OverlappingLabelsAreSkipped) {
    geo::District d;
    for (int i = 0; i < 2; ++i) {
        geo::Compound c;
        c.name = "同一位置的小区";
        c.geom = test::rect(0, i * 2.0, 100, 100 + i * 2.0);
        d.compounds.push_back(c);
    }
    RenderStats stats;
    render(d, sample_view(), {}, &stats);
    EXPECT_EQ(stats.labels_placed, 1u);
    EXPECT_EQ(stats.labels_skipped, 1u);
}

TEST(Render, ModesAreDistinctInTheImage) {
    geo::District d;
    const geo::CompoundMode modes[] = {geo::CompoundMode::closed, geo::CompoundMode::guarded,
                                       geo::CompoundMode::patrol, geo::CompoundMode::unknown};
    for (int i = 0; i < 4; ++i) {
        geo::Compound c;
        c.mode = modes[i];
        c.geom = test::rect(i * 50.0, 0, i * 50.0 + 40, 80);
        d.compounds.push_back(c);
    }
    const Image image = render(d, View{{100, 40}, 0.6});
    // Sample each compound's centre; the four colours differ.
    std::vector<Image::Pixel> seen;
    for (int i = 0; i < 4; ++i) {
        const int x = static_cast<int>(200 + (i * 50.0 + 20 - 100) / 0.6);
        seen.push_back(image.at(x, 200));
    }
    for (int i = 0; i < 4; ++i)
        for (int j = i + 1; j < 4; ++j)
            EXPECT_FALSE(seen[i].r == seen[j].r && seen[i].g == seen[j].g && seen[i].b == seen[j].b)
                << i << " vs " << j;
}

TEST(Render, EmptyDistrictAndBadViewDoNotCrash) {
    const geo::District empty;
    const Image image = render(empty, sample_view());
    expect_colour(image.at(10, 10), expected(map_style().background, map_style().background),
                  "background");
    RenderStats stats;
    render(sample_district(), View{{0, 0}, 0}, {}, &stats);
    EXPECT_EQ(stats.features_drawn, 0u);
}

TEST(Png, WritesAFileCairoCanRead) {
    const auto path = std::filesystem::temp_directory_path() / "cordon_render_test.png";
    write_png(sample_district(), sample_view(), path.string(), 320, 200);
    cairo_surface_t* png = cairo_image_surface_create_from_png(path.c_str());
    ASSERT_EQ(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
    EXPECT_EQ(cairo_image_surface_get_width(png), 320);
    EXPECT_EQ(cairo_image_surface_get_height(png), 200);
    cairo_surface_destroy(png);
    std::filesystem::remove(path);
}

TEST(Png, UnwritablePathThrowsNamingIt) {
    const std::string path = "/no/such/directory/map.png";
    try {
        write_png(sample_district(), sample_view(), path, 100, 100);
        FAIL() << "no exception";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
    EXPECT_THROW(write_png(sample_district(), sample_view(), "/tmp/x.png", 0, 100), Error);
}

TEST(Decorations, NiceScaleLengths) {
    EXPECT_DOUBLE_EQ(nice_scale_length(730), 500);
    EXPECT_DOUBLE_EQ(nice_scale_length(199), 100);
    EXPECT_DOUBLE_EQ(nice_scale_length(2500), 2000);
    EXPECT_DOUBLE_EQ(nice_scale_length(1), 1);
    EXPECT_DOUBLE_EQ(nice_scale_length(0), 0);
}

TEST(Decorations, LegendAndScaleBarDraw) {
    cairo_surface_t* img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 400, 600);
    cairo_t* cr = cairo_create(img);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    const LegendOptions options;
    const Extent measured = legend_extent(cr, options);
    const Extent drawn = draw_legend(cr, 10, 10, options);
    EXPECT_DOUBLE_EQ(measured.width, drawn.width);
    EXPECT_DOUBLE_EQ(measured.height, drawn.height);
    EXPECT_GT(drawn.height, 15 * 16.0); // one row per entry
    const Extent bar = draw_scale_bar(cr, View{{0, 0}, 2}, 10, 590, 200);
    EXPECT_GT(bar.width, 100);
    draw_north_arrow(cr, 350, 10, 40);
    EXPECT_EQ(cairo_status(cr), CAIRO_STATUS_SUCCESS);
    cairo_destroy(cr);
    cairo_surface_destroy(img);

    geo::District d;
    const LegendOptions only = LegendOptions::for_district(sample_district());
    EXPECT_TRUE(only.compounds);
    EXPECT_FALSE(only.zones);
}

TEST(Render, HiddenLayersAreNotDrawnAndOrderIsKept) {
    const geo::District d = sample_district();
    RenderOptions options;
    options.compounds = false;
    const Image image = render(d, sample_view(), options);
    const Rgba bg = map_style().background;
    expect_colour(image.at(140, 240), expected(bg, bg), "hidden compound");
    // Buildings under compounds: the compound's fill covers the building.
    options.compounds = true;
    options.order = {Layer::buildings, Layer::compounds};
    const Image under = render(d, sample_view(), options);
    const Image normal = render(d, sample_view());
    const auto a = under.at(260, 120), b = normal.at(260, 120);
    EXPECT_TRUE(a.r != b.r || a.g != b.g || a.b != b.b) << "the order changed nothing";
}

TEST(Render, BuildingsByZoneAndHighlight) {
    geo::District d = sample_district();
    geo::Zone zone;
    zone.id = 5;
    d.zones.push_back(zone); // no outline: only the buildings show it
    d.buildings[0].zone_id = 5;
    d.buildings[0].control = "patrol";
    RenderOptions options;
    options.buildings_by_zone = true;
    const Image image = render(d, sample_view(), options);
    const Rgba z = zone_colour(0);
    const auto p = image.at(260, 120);
    EXPECT_GT(p.b, p.r) << "the building is not in the zone's blue";
    EXPECT_NEAR(p.b, static_cast<int>(std::lround((z.b * 0.8 + 0.2 * (p.b / 255.0)) * 255)), 40);

    Highlight h;
    h.gates.insert(1);
    options.highlight = &h;
    const Image lit = render(d, sample_view(), options);
    // The highlight ring passes 10 px west of the gate at pixel (200, 280).
    const auto ring = lit.at(190, 280);
    const Rgba c = options.highlight_colour;
    expect_colour(ring, expected(c, c), "highlight ring");
}

// The screening's colours (issue 14): a building in a state is filled in its colour over its
// zone's, the state is among what was drawn, and the legend names it.
TEST(Render, BuildingsByScreeningState) {
    geo::District d = sample_district();
    geo::Zone zone;
    zone.id = 5;
    d.zones.push_back(zone);
    d.buildings[0].zone_id = 5;
    d.buildings[0].control = "patrol";
    RenderOptions options;
    options.buildings_by_zone = true;
    const Image plain = render(d, sample_view(), options);
    for (const ScreeningState state : k_screening_states) {
        const std::unordered_map<geo::Id, ScreeningState> screening{{d.buildings[0].id, state}};
        options.screening = &screening;
        const Image image = render(d, sample_view(), options);
        const Rgba c = screening_colour(static_cast<std::size_t>(state));
        const auto p = image.at(260, 120);
        EXPECT_NEAR(p.r, std::lround(c.r * 255), 30) << to_string(state);
        EXPECT_NEAR(p.g, std::lround(c.g * 255), 30) << to_string(state);
        EXPECT_NEAR(p.b, std::lround(c.b * 255), 30) << to_string(state);
        const auto q = plain.at(260, 120);
        EXPECT_TRUE(p.r != q.r || p.g != q.g || p.b != q.b) << to_string(state);
        // What was drawn names the state, and the legend of it has the entry.
        geo::District one;
        one.buildings.push_back(d.buildings[0]);
        cairo_surface_t* img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, k_size, k_size);
        cairo_t* cr = cairo_create(img);
        const RenderStats stats = render_map(cr, one, sample_view(), k_size, k_size, options);
        cairo_destroy(cr);
        cairo_surface_destroy(img);
        EXPECT_EQ(stats.drawn.screening_states, std::set<ScreeningState>{state});
        const auto lines = legend_lines(LegendOptions::for_drawn(stats.drawn));
        std::vector<std::string> screening_lines;
        for (const auto& line : lines)
            if (line.layer == "screening") screening_lines.push_back(line.value);
        EXPECT_EQ(screening_lines, std::vector<std::string>{to_string(state)});
    }
}

// District maps stay readable: routes full with arrows when zoomed in, thin on a mid-scale
// overview, gone at district scale, and full at any scale where the caller asks (zone pages).
TEST(Render, RoutesFollowTheScale) {
    geo::District d;
    geo::Zone zone;
    zone.id = 5;
    d.zones.push_back(zone);
    geo::Route route;
    route.zone_id = 5;
    route.geom = {{-100000, 0}, {100000, 0}}; // through the view's centre, row 200
    d.routes.push_back(route);
    const Rgba bg = map_style().background;
    const int bg_ink = static_cast<int>(std::lround((bg.b - bg.r) * 255));
    // The route's blue in a column across the line, and beside it (where arrows reach).
    const auto ink = [&](const Image& image, int y0, int y1) {
        int sum = 0;
        for (int x = 0; x < k_size; x += 7)
            for (int y = y0; y < y1; ++y) {
                const auto p = image.at(x, y);
                sum += std::max(0, p.b - p.r - bg_ink);
            }
        return sum / ((k_size + 6) / 7);
    };
    const auto draw = [&](double scale, bool full) {
        RenderOptions options;
        options.routes_full = full;
        return render(d, View{{0, 0}, scale}, options);
    };
    const Rgba z = zone_colour(0);
    const double line = (z.b - z.r) * 255; // ink of a one-pixel line of the zone's colour
    const auto& style = map_style();
    const Image near = draw(1, false);
    EXPECT_NEAR(ink(near, 190, 210), line * style.route_px, line * 0.6);
    EXPECT_GT(ink(near, 193, 197) + ink(near, 203, 207), 0) << "no arrows when zoomed in";
    const Image mid = draw(8, false);
    EXPECT_NEAR(ink(mid, 190, 210), line * style.route_thin_px * style.route_thin_alpha,
                line * 0.4);
    EXPECT_EQ(ink(mid, 193, 197) + ink(mid, 203, 207), 0) << "arrows on a thin route";
    EXPECT_EQ(ink(draw(30, false), 0, k_size), 0) << "routes at district scale";
    const Image page = draw(30, true);
    EXPECT_NEAR(ink(page, 190, 210), line * style.route_px, line * 0.6);
    EXPECT_GT(ink(page, 193, 197) + ink(page, 203, 207), 0) << "no arrows on a zone's page";
}

// Every zone's name on an overview, even where the zone is narrower than its name, and no
// smaller than the style's size.
TEST(Render, ZoneNamesShowOnOverviews) {
    geo::District d;
    for (int i = 0; i < 3; ++i) {
        geo::Zone zone;
        zone.id = i + 1;
        zone.name = "片区 " + std::to_string(i + 1);
        // 300 m wide strips 2 km apart, 3,000 m tall: 15 px wide at 20 m per pixel.
        zone.geom = test::rect(-2150 + 2000 * i, -1500, -1850 + 2000 * i, 1500);
        d.zones.push_back(zone);
    }
    RenderStats stats;
    RenderOptions options;
    options.routes = false;
    render(d, View{{0, 0}, 20}, options, &stats);
    EXPECT_EQ(stats.labels_placed, 3u);
}

} // namespace

// On paper the compounds of a mode are one path (nonzero rule, rings turned): a compound's
// hole stays empty, two overlapping compounds of a mode show one fill (not twice the
// colour), and the PDF holds one tiling pattern for three patterned compounds.
TEST(Render, CompoundsOnPaperKeepHolesAndUniteOverlaps) {
    geo::District d;
    auto compound = [&](geo::Id id, geo::CompoundMode mode, geo::MultiPolygon geom) {
        geo::Compound c;
        c.id = id;
        c.mode = mode;
        c.geom = std::move(geom);
        d.compounds.push_back(c);
    };
    // A closed compound with a hole, its hole ring running the same way as its exterior.
    geo::MultiPolygon holed = test::rect(0, 0, 60, 60);
    holed[0].rings.push_back({{20, 20}, {40, 20}, {40, 40}, {20, 40}, {20, 20}});
    compound(1, geo::CompoundMode::closed, holed);
    // Two closed compounds overlapping on 70..80, one of them clockwise.
    compound(2, geo::CompoundMode::closed, test::rect(70, 0, 80, 60));
    geo::MultiPolygon cw = test::rect(75, 0, 95, 60);
    std::reverse(cw[0].rings[0].begin(), cw[0].rings[0].end());
    compound(3, geo::CompoundMode::closed, cw);
    for (geo::Id id = 4; id <= 6; ++id) // patrolled: dots
        compound(id, geo::CompoundMode::patrol,
                 test::rect(-40.0 * static_cast<double>(id - 3), 0,
                            -40.0 * static_cast<double>(id - 3) + 30, 60));

    const auto dir = std::filesystem::temp_directory_path() / "cordon_render_compounds_pdf";
    std::filesystem::create_directories(dir);
    const std::string pdf = (dir / "c.pdf").string();
    {
        std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
            cairo_pdf_surface_create(pdf.c_str(), k_size, k_size), cairo_surface_destroy);
        cairo_t* cr = cairo_create(surface.get());
        RenderOptions options;
        options.labels = false;
        render_map(cr, d, View{{0, 30}, 0.5}, k_size, k_size, options);
        EXPECT_EQ(cairo_status(cr), CAIRO_STATUS_SUCCESS);
        cairo_destroy(cr);
    }
    const std::string png = (dir / "c").string();
    ASSERT_EQ(std::system(("pdftoppm -png -r 72 -singlefile " + pdf + " " + png).c_str()), 0);
    Image image;
    image.surface.reset(cairo_image_surface_create_from_png((png + ".png").c_str()));
    ASSERT_EQ(cairo_surface_status(image.surface.get()), CAIRO_STATUS_SUCCESS);
    // World (x, y) is pixel (200 + 2x, 200 - 2(y - 30)).
    const Rgba bg = map_style().background;
    const Image::Pixel closed = expected(compound_style(geo::CompoundMode::closed).fill, bg);
    expect_colour(image.at(200 + 2 * 10, 200 - 2 * (10 - 30)), closed, "compound");
    expect_colour(image.at(200 + 2 * 30, 200 - 2 * (30 - 30)), expected(bg, bg), "its hole");
    expect_colour(image.at(200 + 2 * 77, 200 - 2 * (30 - 30)), closed, "overlap, filled once");
    expect_colour(image.at(200 + 2 * 90, 200 - 2 * (30 - 30)), closed, "the clockwise one");
    std::ifstream in(pdf, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::size_t patterns = 0;
    for (std::size_t at = bytes.find("/PatternType 1"); at != std::string::npos;
         at = bytes.find("/PatternType 1", at + 1))
        ++patterns;
    EXPECT_EQ(patterns, 1u);
    std::filesystem::remove_all(dir);
}

} // namespace cordon::render
