#include <cordon/geo/polygon_index.hpp>
#include <cordon/geo/polygon_ops.hpp>
#include <cordon/ledger/places.hpp>

#include <algorithm>
#include <cmath>

namespace cordon::ledger {

std::vector<std::optional<std::size_t>> compound_of_buildings(const geo::District& d) {
    std::vector<const geo::MultiPolygon*> shapes;
    std::vector<double> areas;
    for (const auto& c : d.compounds) {
        shapes.push_back(&c.geom);
        areas.push_back(geo::area(c.geom));
    }
    const geo::PolygonIndex index(shapes);
    std::vector<std::optional<std::size_t>> out(d.buildings.size());
    for (std::size_t i = 0; i < d.buildings.size(); ++i) {
        const auto holders = index.containing(geo::footprint_centroid(d.buildings[i].geom));
        for (std::size_t h : holders)
            if (!out[i] || areas[h] < areas[*out[i]]) out[i] = h;
    }
    return out;
}

std::vector<std::optional<std::size_t>> community_of_buildings(const geo::District& d) {
    std::vector<const geo::MultiPolygon*> shapes;
    for (const auto& c : d.communities)
        shapes.push_back(&c.geom);
    const geo::PolygonIndex index(shapes);
    std::vector<std::optional<std::size_t>> out(d.buildings.size());
    for (std::size_t i = 0; i < d.buildings.size(); ++i) {
        const auto holders = index.containing(geo::footprint_centroid(d.buildings[i].geom));
        if (!holders.empty()) out[i] = *std::min_element(holders.begin(), holders.end());
    }
    return out;
}

} // namespace cordon::ledger
