#include <cordon/geo/error.hpp>
#include <cordon/render/atlas.hpp>
#include <cordon/render/decorations.hpp>

#include <cairo-pdf.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

using namespace cordon;

namespace {

geo::MultiPolygon square(double x, double y, double s) {
    return {geo::Polygon{{{{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}}}}};
}

/// A zone of `n` buildings in a row along one street, with a route along it.
geo::District one_zone(int n) {
    geo::District d;
    geo::Zone z;
    z.id = 1;
    z.name = "片区 甲";
    z.team = "巡查组 1";
    z.geom = square(-10, -40, 20.0 * n + 20);
    d.zones.push_back(z);
    for (int i = 0; i < n; ++i) {
        geo::Building b;
        b.id = i + 1;
        b.households = 10;
        b.zone_id = 1;
        b.geom = square(20.0 * i, 0, 12);
        d.buildings.push_back(b);
    }
    geo::Road r;
    r.id = 1;
    r.name = "人民路";
    r.cls = "residential";
    r.geom = {{-10, -5}, {20.0 * n, -5}};
    d.roads.push_back(r);
    geo::Route route;
    route.id = 1;
    route.zone_id = 1;
    route.length_m = 20.0 * n;
    route.geom = r.geom;
    d.routes.push_back(route);
    return d;
}

} // namespace

TEST(Atlas, PageSizes) {
    EXPECT_NEAR(render::page_size(render::Paper::a4, false).width, 595.28, 0.01);
    EXPECT_NEAR(render::page_size(render::Paper::a3, true).height, 841.89, 0.01);
}

TEST(Atlas, MissingFontNamesThePackage) {
    try {
        render::require_font("No Such Font Zz");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("fonts-wqy-microhei"), std::string::npos);
    }
    EXPECT_NO_THROW(render::require_font());
}

TEST(Atlas, LongListsContinueAndNumbersFollowTheRoute) {
    const auto path = std::filesystem::temp_directory_path() / "cordon_atlas_test.pdf";
    render::AtlasOptions o;
    const auto small = render::write_atlas(one_zone(5), path.string(), o);
    EXPECT_EQ(small.pages, 2);
    ASSERT_EQ(small.zones.size(), 1u);
    EXPECT_EQ(small.zones[0].pages, 1);
    EXPECT_EQ(small.zones[0].buildings, 5);
    const auto big = render::write_atlas(one_zone(400), path.string(), o);
    ASSERT_EQ(big.zones.size(), 1u);
    EXPECT_GT(big.zones[0].pages, 1);
    EXPECT_EQ(big.pages, 1 + big.zones[0].pages);
    std::filesystem::remove(path);
}

TEST(Atlas, UnknownZoneAndUnwritablePath) {
    render::AtlasOptions o;
    o.zones = {"片区 乙"};
    EXPECT_THROW(render::atlas_zone_ids(one_zone(3), o), InputError);
    o.zones = {"1"};
    EXPECT_EQ(render::atlas_zone_ids(one_zone(3), o), std::vector<geo::Id>{1});
    EXPECT_THROW(render::write_atlas(one_zone(3), "/nonexistent-dir/a.pdf", {}), InputError);
}

TEST(Atlas, PatternsAreTilingPatternsAndTheLegendNamesTheProtectedArea) {
    geo::District d = one_zone(5);
    geo::Compound c;
    c.id = 1;
    c.mode = geo::CompoundMode::patrol; // dots
    c.geom = square(-5, -30, 110);
    d.compounds.push_back(c);
    geo::CordonArea area;
    area.id = 1;
    area.geom = square(-20, -50, 150);
    d.cordon_areas.push_back(area);
    geo::ChokePointSite choke;
    choke.id = 1;
    choke.pos = {50, -5};
    d.choke_points.push_back(choke);
    const auto legend = render::LegendOptions::for_district(d);
    EXPECT_TRUE(legend.cordon_areas);
    EXPECT_TRUE(legend.choke_points);
    EXPECT_FALSE(render::LegendOptions::for_district(one_zone(5)).cordon_areas);

    // On paper the compound's dots are one repeated cell (a PDF tiling pattern), not a
    // segment per dot in the page content.
    const auto path = std::filesystem::temp_directory_path() / "cordon_atlas_tiles_test.pdf";
    render::AtlasOptions o;
    EXPECT_EQ(render::write_atlas(d, path.string(), o).pages, 2);
    std::ifstream in(path, std::ios::binary);
    const std::string pdf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(pdf.find("/PatternType 1"), std::string::npos);
    std::filesystem::remove(path);
}
