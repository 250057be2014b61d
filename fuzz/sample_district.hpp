#pragma once
// The small district the project and session harnesses start from: one community, compound,
// building, gate, road and checkpoint inside (0, 0)–(1000, 1000), in UTM zone 48N.

#include <cordon/geo/district.hpp>

namespace cordon::fuzz {

inline geo::MultiPolygon square(double x, double y, double size) {
    return {geo::Polygon{{{{x, y}, {x + size, y}, {x + size, y + size}, {x, y + size}, {x, y}}}}};
}

inline geo::District sample_district() {
    using namespace cordon::geo;
    District d;
    d.meta.srid = 32648;
    d.meta.crs_name = "WGS 84 / UTM zone 48N";
    d.meta.history = {{"2026-11-28T10:00:00Z", "import", "{}", "{}"}};
    d.meta.parameters["zones"] = R"({"k":8})";
    d.communities.push_back({1, "c1", "玉林社区", "510107001", square(0, 0, 1000)});
    Compound c;
    c.id = 1, c.name = "锦绣花园", c.community_id = 1, c.geom = square(100, 100, 200);
    d.compounds.push_back(c);
    Building b;
    b.id = 1, b.name = "3栋", b.households = 48, b.floors = 6, b.compound_id = 1;
    b.geom = square(120, 120, 20);
    d.buildings.push_back(b);
    Gate g;
    g.id = 1, g.name = "南门", g.compound_id = 1, g.pos = {150, 100};
    d.gates.push_back(g);
    Road r;
    r.id = 1, r.name = "人民南路", r.cls = "primary", r.geom = {{0, 50}, {500, 50}};
    d.roads.push_back(r);
    d.checkpoints.push_back({1, 1, CheckpointKind::registration, "07-22", 3, "x", {250, 50}});
    d.network.nodes = {{1, 1, {0, 50}}, {2, 1, {500, 50}}};
    d.network.edges.push_back(
        {1, 1, 2, 1, "primary", 500, true, true, true, 1, {{0, 50}, {500, 50}}});
    return d;
}

/// sample_district() with what edits and scenarios act on besides: a second building, patrolled
/// in zone 1, a second zone, a second gate.
inline geo::District sample_district_planned() {
    using namespace cordon::geo;
    District d = sample_district();
    d.buildings[0].control = "closed";
    Building b;
    b.id = 2, b.households = 30, b.control = "patrol", b.zone_id = 1;
    b.geom = square(600, 600, 20);
    d.buildings.push_back(b);
    for (Id z = 1; z <= 2; ++z) {
        Zone zone;
        zone.id = z, zone.name = "Z" + std::to_string(z);
        d.zones.push_back(zone);
    }
    Gate g;
    g.id = 2, g.compound_id = 1, g.pos = {300, 200};
    d.gates.push_back(g);
    return d;
}

} // namespace cordon::fuzz
