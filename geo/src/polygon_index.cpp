#include "geos_geometry.hpp"

#include <cordon/geo/polygon_index.hpp>

#include <algorithm>

namespace cordon::geo {

using namespace detail;

struct PolygonIndex::Impl {
    std::vector<GeomPtr> geoms;
    std::vector<GeomPtr> boundaries;
    std::vector<PreparedPtr> prepared;
    std::vector<std::size_t> ids; // the tree stores pointers to these
    GEOSSTRtree* tree = nullptr;

    ~Impl() {
        if (tree) GEOSSTRtree_destroy_r(geos(), tree);
    }

    template <typename F> void query(const Box& box, F&& visit) const {
        GeomPtr env(GEOSGeom_createRectangle_r(geos(), box.minx, box.miny, box.maxx, box.maxy));
        auto callback = [](void* item, void* userdata) {
            (*static_cast<F*>(userdata))(*static_cast<const std::size_t*>(item));
        };
        GEOSSTRtree_query_r(geos(), tree, env.get(), callback, &visit);
    }
};

PolygonIndex::PolygonIndex(const std::vector<const MultiPolygon*>& polygons)
    : m_impl(std::make_unique<Impl>()) {
    m_impl->tree = GEOSSTRtree_create_r(geos(), 10);
    m_impl->ids.resize(polygons.size());
    for (std::size_t i = 0; i < polygons.size(); ++i) {
        m_impl->ids[i] = i;
        GeomPtr g = to_geos(*polygons[i]);
        m_impl->boundaries.emplace_back(GEOSBoundary_r(geos(), g.get()));
        m_impl->prepared.emplace_back(GEOSPrepare_r(geos(), g.get()));
        if (!polygons[i]->empty())
            GEOSSTRtree_insert_r(geos(), m_impl->tree, g.get(), &m_impl->ids[i]);
        m_impl->geoms.push_back(std::move(g));
    }
}

PolygonIndex::~PolygonIndex() = default;
PolygonIndex::PolygonIndex(PolygonIndex&&) noexcept = default;
PolygonIndex& PolygonIndex::operator=(PolygonIndex&&) noexcept = default;

std::vector<std::size_t> PolygonIndex::containing(Point p) const {
    std::vector<std::size_t> out;
    GeomPtr point = to_geos(p);
    m_impl->query(Box{p.x, p.y, p.x, p.y}, [&](std::size_t i) {
        if (GEOSPreparedContains_r(geos(), m_impl->prepared[i].get(), point.get()) == 1)
            out.push_back(i);
    });
    std::sort(out.begin(), out.end());
    return out;
}

std::optional<PolygonIndex::Near> PolygonIndex::nearest_boundary(Point p, double tolerance) const {
    std::optional<Near> best;
    GeomPtr point = to_geos(p);
    m_impl->query(Box{p.x - tolerance, p.y - tolerance, p.x + tolerance, p.y + tolerance},
                  [&](std::size_t i) {
                      double d = 0;
                      if (!m_impl->boundaries[i] ||
                          GEOSDistance_r(geos(), m_impl->boundaries[i].get(), point.get(), &d) != 1)
                          return;
                      if (d <= tolerance && (!best || d < best->distance)) best = Near{i, d};
                  });
    return best;
}

} // namespace cordon::geo
