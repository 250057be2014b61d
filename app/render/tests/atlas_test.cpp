#include "fixtures.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/render/atlas.hpp>
#include <cordon/render/decorations.hpp>

#include <cairo-pdf.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

using namespace cordon;

namespace {

using test::square;

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

/// `k` zones of `n` buildings each, side by side.
geo::District zones(int k, int n) {
    geo::District d;
    for (int z = 0; z < k; ++z) {
        geo::District one = one_zone(n);
        const double dy = 200.0 * z;
        auto shift = [&](auto& shape) {
            for (auto& p : shape)
                p.y += dy;
        };
        for (auto& zone : one.zones) {
            zone.id = z + 1;
            zone.name = "片区 " + std::to_string(z + 1);
            for (auto& poly : zone.geom)
                for (auto& ring : poly.rings)
                    shift(ring);
            d.zones.push_back(zone);
        }
        for (auto& b : one.buildings) {
            b.id = z * 1000 + b.id;
            b.zone_id = z + 1;
            for (auto& poly : b.geom)
                for (auto& ring : poly.rings)
                    shift(ring);
            d.buildings.push_back(b);
        }
        for (auto& r : one.roads) {
            r.id = z + 1;
            shift(r.geom);
            d.roads.push_back(r);
        }
        for (auto& r : one.routes) {
            r.id = z + 1;
            r.zone_id = z + 1;
            shift(r.geom);
            d.routes.push_back(r);
        }
    }
    return d;
}

/// Records what the atlas reports; cancels after `cancel_after` pages when > 0.
class PageCounter : public Progress {
public:
    explicit PageCounter(double cancel_after = 0) : m_cancel_after(cancel_after) {}
    std::vector<double> fractions;
    bool cancel_requested() const override {
        return m_cancel_after > 0 && static_cast<double>(fractions.size()) >= m_cancel_after;
    }

protected:
    void on_progress(std::string_view, double fraction) override { fractions.push_back(fraction); }

private:
    double m_cancel_after;
};

std::vector<std::filesystem::path> files_in(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> out;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        out.push_back(e.path().filename());
    return out;
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

// Drawn on three threads, the atlas has the same pages in the same order as drawn on one:
// the report's pages per zone, and the progress counts every page once, up to all of them.
TEST(Atlas, ThreadsDrawTheSamePagesInOrder) {
    const geo::District d = zones(5, 150);
    const auto dir = std::filesystem::temp_directory_path() / "cordon_atlas_threads_test";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    render::AtlasOptions o;
    o.threads = 1;
    const auto one = render::write_atlas(d, (dir / "one.pdf").string(), o);
    PageCounter counter;
    o.threads = 3;
    o.progress = &counter;
    const auto three = render::write_atlas(d, (dir / "three.pdf").string(), o);
    EXPECT_GT(one.pages, 5 * 2); // every list continues
    EXPECT_EQ(three.pages, one.pages);
    EXPECT_EQ(three.overview_pages, one.overview_pages);
    ASSERT_EQ(three.zones.size(), one.zones.size());
    for (std::size_t i = 0; i < one.zones.size(); ++i) {
        EXPECT_EQ(three.zones[i].name, one.zones[i].name);
        EXPECT_EQ(three.zones[i].first_page, one.zones[i].first_page);
        EXPECT_EQ(three.zones[i].pages, one.zones[i].pages);
        EXPECT_EQ(three.zones[i].scale_denominator, one.zones[i].scale_denominator);
    }
    ASSERT_EQ(counter.fractions.size(), static_cast<std::size_t>(one.pages));
    for (std::size_t i = 0; i < counter.fractions.size(); ++i)
        EXPECT_DOUBLE_EQ(counter.fractions[i], static_cast<double>(i + 1) / one.pages);
    // Only the two atlases are left: no parts.
    auto left = files_in(dir);
    std::sort(left.begin(), left.end());
    EXPECT_EQ(left, (std::vector<std::filesystem::path>{"one.pdf", "three.pdf"}));
    std::filesystem::remove_all(dir);
}

// Cancelled while three threads draw: Cancelled is thrown and no file is left, neither the
// atlas nor any part of it.
TEST(Atlas, CancelledOnThreadsLeavesNoFile) {
    const auto dir = std::filesystem::temp_directory_path() / "cordon_atlas_cancel_test";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    PageCounter cancel(4);
    render::AtlasOptions o;
    o.threads = 3;
    o.progress = &cancel;
    EXPECT_THROW(render::write_atlas(zones(5, 150), (dir / "a.pdf").string(), o), Cancelled);
    EXPECT_TRUE(files_in(dir).empty());
    std::filesystem::remove_all(dir);
}

// A zone page crossed by a road of every class of the style table, with compounds of every
// mode, gates and checkpoints: its legend names every one (in columns where one would not
// fit), and the atlas's own symbols under it stay on the page.
TEST(Atlas, TheLegendOfAFullPageFitsAndNamesEveryClassDrawn) {
    geo::District d = one_zone(8);
    const auto classes = render::styled_road_classes();
    for (std::size_t i = 0; i < classes.size(); ++i) {
        geo::Road r;
        r.id = static_cast<geo::Id>(100 + i);
        r.cls = classes[i];
        const double x = 4.0 + 5.0 * static_cast<double>(i);
        r.geom = {{x, -30}, {x, 40}};
        d.roads.push_back(r);
    }
    const geo::CompoundMode modes[] = {geo::CompoundMode::closed, geo::CompoundMode::guarded,
                                       geo::CompoundMode::patrol, geo::CompoundMode::unknown};
    for (int i = 0; i < 4; ++i) {
        geo::Compound c;
        c.id = i + 1;
        c.mode = modes[i];
        c.geom = square(40.0 * i, 15, 30);
        d.compounds.push_back(c);
        geo::Gate g;
        g.id = i + 1;
        g.state = i % 2 == 0 ? geo::GateState::open : geo::GateState::closed;
        g.pos = {40.0 * i + 15, 15};
        d.gates.push_back(g);
    }
    for (int i = 0; i < 2; ++i) {
        geo::Checkpoint c;
        c.id = i + 1;
        c.kind = i == 0 ? geo::CheckpointKind::vehicle : geo::CheckpointKind::registration;
        c.pos = {60.0 + 20 * i, -20};
        d.checkpoints.push_back(c);
    }
    const auto path = std::filesystem::temp_directory_path() / "cordon_atlas_legend_test.pdf";
    render::AtlasOptions o;
    ASSERT_EQ(render::write_atlas(d, path.string(), o).pages, 2);
    // The zone's page alone.
    const std::string command = "pdftotext -f 2 -l 2 -enc UTF-8 '" + path.string() + "' -";
    std::string text;
    if (FILE* pipe = popen(command.c_str(), "r")) {
        char buf[4096];
        std::size_t n;
        while ((n = fread(buf, 1, sizeof buf, pipe)) > 0)
            text.append(buf, n);
        pclose(pipe);
    }
    std::filesystem::remove(path);
    const auto lines = render::legend_lines(render::LegendOptions::for_district(d));
    ASSERT_GE(lines.size(), 20u);
    for (const auto& line : lines)
        EXPECT_NE(text.find(line.zh), std::string::npos) << line.zh;
    for (const char* symbol : {"图例", "路线起点", "楼栋编号"})
        EXPECT_NE(text.find(symbol), std::string::npos) << symbol;
}
