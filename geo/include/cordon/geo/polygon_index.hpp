#pragma once
// A spatial index over polygons (GEOS STRtree + prepared geometries) for containment and
// nearness queries: which compound holds this building, which boundary is this gate on.

#include <cordon/geo/geometry.hpp>

#include <memory>
#include <optional>
#include <vector>

namespace cordon::geo {

class PolygonIndex {
public:
    explicit PolygonIndex(const std::vector<const MultiPolygon*>& polygons);
    ~PolygonIndex();
    PolygonIndex(PolygonIndex&&) noexcept;
    PolygonIndex& operator=(PolygonIndex&&) noexcept;

    /// Indexes (into the constructor's vector) of the polygons that contain `p`, ascending.
    std::vector<std::size_t> containing(Point p) const;
    /// The polygon whose boundary is nearest to `p` within `tolerance`, and that distance.
    struct Near {
        std::size_t index = 0;
        double distance = 0;
    };
    std::optional<Near> nearest_boundary(Point p, double tolerance) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace cordon::geo
