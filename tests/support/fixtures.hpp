#pragma once
// Hand-made districts for unit tests: rectangles, and roads, buildings and gates added with
// the next free id.

#include <cordon/geo/district.hpp>

#include <string>
#include <utility>
#include <vector>

namespace cordon::test {

/// The rectangle x0..x1 × y0..y1 as one polygon, counter-clockwise from (x0, y0).
inline geo::MultiPolygon rect(double x0, double y0, double x1, double y1) {
    return {geo::Polygon{{geo::Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}};
}

/// The square x..x+size × y..y+size (rect).
inline geo::MultiPolygon square(double x, double y, double size) {
    return rect(x, y, x + size, y + size);
}

/// A compound with outline `geom`, numbered after the last one.
inline geo::Compound& add_compound(geo::District& d, geo::MultiPolygon geom,
                                   const std::string& name = "",
                                   geo::CompoundMode mode = geo::CompoundMode::closed) {
    geo::Compound c;
    c.id = static_cast<geo::Id>(d.compounds.size() + 1);
    c.name = name;
    c.mode = mode;
    c.geom = std::move(geom);
    d.compounds.push_back(std::move(c));
    return d.compounds.back();
}

/// A road of class `cls` along `line`, numbered after the last one in `roads`.
inline geo::Road& add_road(std::vector<geo::Road>& roads, geo::LineString line,
                           const std::string& cls = "residential") {
    geo::Road r;
    r.id = static_cast<geo::Id>(roads.size() + 1);
    r.cls = cls;
    r.geom = std::move(line);
    roads.push_back(std::move(r));
    return roads.back();
}

inline geo::Road& add_road(geo::District& d, geo::LineString line,
                           const std::string& cls = "residential") {
    return add_road(d.roads, std::move(line), cls);
}

/// A building with footprint `geom` and `households`, numbered after the last one.
inline geo::Building& add_building(geo::District& d, geo::MultiPolygon geom,
                                   double households = 0) {
    geo::Building b;
    b.id = static_cast<geo::Id>(d.buildings.size() + 1);
    b.households = households;
    b.geom = std::move(geom);
    d.buildings.push_back(std::move(b));
    return d.buildings.back();
}

/// A gate of compound `compound_id` at `pos`, numbered after the last one.
inline geo::Gate& add_gate(geo::District& d, geo::Point pos, geo::Id compound_id) {
    geo::Gate g;
    g.id = static_cast<geo::Id>(d.gates.size() + 1);
    g.compound_id = compound_id;
    g.pos = pos;
    d.gates.push_back(std::move(g));
    return d.gates.back();
}

/// The ids of every building, in order.
inline std::vector<geo::Id> building_ids(const geo::District& d) {
    std::vector<geo::Id> ids;
    for (const auto& b : d.buildings)
        ids.push_back(b.id);
    return ids;
}

} // namespace cordon::test
