#include <cordon/render/decorations.hpp>
#include <cordon/render/style.hpp>

#include <algorithm>
#include <array>
#include <utility>

namespace cordon::render {

namespace {

MapStyle make_map_style() {
    MapStyle style;
    style.community.fill = Rgba::hex(0xffffff, 0);
    style.community.outline = Rgba::hex(0x8e7cc3);
    style.community.outline_width = 2;
    style.community.dash = {10, 4, 2, 4};
    style.district_boundary.fill = Rgba::hex(0xffffff, 0);
    style.district_boundary.outline = Rgba::hex(0x2d2d2d);
    style.district_boundary.outline_width = 2.5;
    style.district_boundary.dash = {14, 4, 3, 4};
    style.cordon_area.fill = Rgba::hex(0xffffff, 0);
    style.cordon_area.outline = Rgba::hex(0xd62728);
    style.cordon_area.outline_width = 2;
    style.cordon_area.dash = {8, 5};
    style.building.fill = Rgba::hex(0xd9d0c9);
    style.building.outline = Rgba::hex(0xa89e94);
    style.building.outline_width = 0.7;
    return style;
}

AreaStyle area(unsigned fill, double fill_alpha, unsigned outline, double width,
               std::vector<double> dash, Pattern pattern, unsigned pattern_colour,
               double pattern_alpha) {
    AreaStyle style;
    style.fill = Rgba::hex(fill, fill_alpha);
    style.outline = Rgba::hex(outline);
    style.outline_width = width;
    style.dash = std::move(dash);
    style.pattern = pattern;
    style.pattern_colour = Rgba::hex(pattern_colour, pattern_alpha);
    style.pattern_spacing = 7;
    return style;
}

RoadStyle road(int rank, double width_m, double min_px, double max_px, unsigned fill,
               unsigned casing, unsigned thin, bool label, double min_scale_for_label) {
    RoadStyle style;
    style.rank = rank;
    style.width_m = width_m;
    style.min_px = min_px;
    style.max_px = max_px;
    style.casing_px = 1;
    style.fill = Rgba::hex(fill);
    style.casing = Rgba::hex(casing);
    style.thin = Rgba::hex(thin);
    style.label = label;
    style.min_scale_for_label = min_scale_for_label;
    return style;
}

RoadStyle path(int rank, double max_px, unsigned colour, std::vector<double> dash) {
    RoadStyle style;
    style.rank = rank;
    style.width_m = 1.5;
    style.min_px = 1;
    style.max_px = max_px;
    style.casing_px = 0.75;
    style.fill = Rgba::hex(colour);
    style.casing = Rgba::hex(0xffffff, 0.7);
    style.thin = Rgba::hex(colour);
    style.dash = std::move(dash);
    return style;
}

struct NamedRoadStyle {
    std::string_view cls;
    RoadStyle style;
};

// Widths follow typical Chinese urban carriageways; colours follow the conventions planners
// know from OSM and web maps (motorways pink, primaries orange, minor roads white).
const std::vector<NamedRoadStyle>& road_table() {
    static const std::vector<NamedRoadStyle> table = [] {
        const RoadStyle motorway = road(10, 26, 2.5, 14, 0xe892a2, 0xb03060, 0xd4607a, true, 40);
        const RoadStyle trunk = road(9, 24, 2.2, 13, 0xf9b29c, 0xc0502f, 0xe2856a, true, 30);
        const RoadStyle primary = road(8, 20, 2, 12, 0xfcd6a4, 0xa06b00, 0xd9a055, true, 20);
        const RoadStyle secondary = road(7, 15, 1.6, 11, 0xf7fabf, 0x7f8a10, 0xb5bb58, true, 8);
        const RoadStyle tertiary = road(6, 12, 1.3, 10, 0xffffff, 0x8f8f8f, 0xa6a6a6, true, 5);
        const RoadStyle minor = road(5, 8, 0.9, 8, 0xffffff, 0xb0a99f, 0xbdb6ad, true, 1.5);
        const RoadStyle service = road(4, 5, 0.7, 6, 0xffffff, 0xc2bbb1, 0xcbc5bc, false, 0);
        std::vector<NamedRoadStyle> t{
            {"motorway", motorway},
            {"motorway_link", motorway},
            {"trunk", trunk},
            {"trunk_link", trunk},
            {"primary", primary},
            {"primary_link", primary},
            {"secondary", secondary},
            {"secondary_link", secondary},
            {"tertiary", tertiary},
            {"tertiary_link", tertiary},
            {"residential", minor},
            {"unclassified", minor},
            {"living_street", minor},
            {"road", minor},
            {"service", service},
            {"track", path(2, 2.5, 0x8f6a32, {5, 2})},
            {"footway", path(3, 2, 0xe0705a, {3, 2})},
            {"pedestrian", path(3, 2.5, 0xe0705a, {4, 2})},
            {"path", path(2, 1.8, 0xe0705a, {2, 2})},
            {"steps", path(2, 3, 0xe0705a, {1.2, 1.2})},
            {"cycleway", path(2, 2, 0x3b6fd6, {4, 2})},
            {"bridleway", path(1, 1.8, 0x3f9b4b, {3, 2})},
        };
        return t;
    }();
    return table;
}

} // namespace

const MapStyle& map_style() {
    static const MapStyle style = make_map_style();
    return style;
}

const AreaStyle& compound_style(geo::CompoundMode mode, bool assumed) {
    // Each mode reads in black and white too: closed = solid fill and heavy outline,
    // guarded = diagonal hatching, patrol = dots and dashed outline, unknown = dotted outline.
    static const std::array<AreaStyle, 4> styles{
        area(0xe6e3de, 0.85, 0x8c8c8c, 1.0, {2, 2}, Pattern::none, 0, 0),           // unknown
        area(0xf2c4bd, 0.85, 0xb03a2e, 1.8, {}, Pattern::none, 0, 0),               // closed
        area(0xfbe3ad, 0.85, 0xc27c0e, 1.5, {}, Pattern::hatch, 0xc27c0e, 0.6),     // guarded
        area(0xd3e5f4, 0.85, 0x2e6da4, 1.5, {6, 3}, Pattern::dots, 0x2e6da4, 0.75), // patrol
    };
    // A mode assumed for compounds of unknown mode: the mode's colours, paler, crossed by
    // the unknown mode's grey cross-hatching and outlined in short dashes of the mode's colour.
    static const std::array<AreaStyle, 4> assumed_styles = [] {
        std::array<AreaStyle, 4> out = styles;
        for (AreaStyle& s : out) {
            s.fill.a = 0.45;
            s.outline_width = 2.2;
            s.dash = {1.5, 2.5};
            s.pattern = Pattern::cross_hatch;
            s.pattern_colour = Rgba::hex(0x6e6e6e, 0.55);
            s.pattern_spacing = 9;
        }
        return out;
    }();
    const auto& table = assumed ? assumed_styles : styles;
    switch (mode) {
    case geo::CompoundMode::closed:
        return table[1];
    case geo::CompoundMode::guarded:
        return table[2];
    case geo::CompoundMode::patrol:
        return table[3];
    case geo::CompoundMode::unknown:
        break;
    }
    return styles[0]; // an unknown mode is never assumed
}

const RoadStyle& road_style(std::string_view cls) {
    const auto& table = road_table();
    for (const auto& entry : table)
        if (entry.cls == cls) return entry.style;
    for (const auto& entry : table)
        if (entry.cls == "unclassified") return entry.style;
    return table.front().style;
}

std::vector<std::string> styled_road_classes() {
    std::vector<std::string> classes;
    for (const auto& entry : road_table())
        classes.emplace_back(entry.cls);
    return classes;
}

Rgba zone_colour(std::size_t index) {
    static constexpr std::array<unsigned, 10> palette{0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728,
                                                      0x9467bd, 0x8c564b, 0xe377c2, 0x17becf,
                                                      0xbcbd22, 0x7f7f7f};
    return Rgba::hex(palette[index % palette.size()]);
}

Rgba screening_colour(std::size_t state) {
    static const Rgba colours[] = {Rgba::hex(0xd7301f), Rgba::hex(0xfc8d59), Rgba::hex(0xfee08b),
                                   Rgba::hex(0x1a9850)};
    return colours[std::min<std::size_t>(state, 3)];
}

} // namespace cordon::render
