#include <cordon/geo/polygon_index.hpp>
#include <cordon/ledger/places.hpp>

#include <cmath>

namespace cordon::ledger {

geo::Point footprint_centroid(const geo::MultiPolygon& polygons) {
    double a = 0, cx = 0, cy = 0;
    for (const auto& p : polygons) {
        if (p.rings.empty()) continue;
        const auto& r = p.rings.front();
        for (std::size_t i = 1; i < r.size(); ++i) {
            const double cross = r[i - 1].x * r[i].y - r[i].x * r[i - 1].y;
            a += cross;
            cx += (r[i - 1].x + r[i].x) * cross;
            cy += (r[i - 1].y + r[i].y) * cross;
        }
    }
    if (std::abs(a) < 1e-12) return geo::bounds(polygons).centre();
    return {cx / (3 * a), cy / (3 * a)};
}

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
        const auto holders = index.containing(footprint_centroid(d.buildings[i].geom));
        for (std::size_t h : holders)
            if (!out[i] || areas[h] < areas[*out[i]]) out[i] = h;
    }
    return out;
}

} // namespace cordon::ledger
