#pragma once
// Balanced power cells: points shared among k centres by a power diagram (each point to the
// centre minimising |x - c|² - ψ), the additive weights ψ tuned until every cell holds about
// the same weight, the centres moved to their cells' centroids (Lloyd steps). A power diagram's
// cells are convex, so the cells come out round where the points allow, and balanced: the
// compact start of the patrol zoning (zoning.cpp), which then makes them contiguous on the
// streets.

#include <cordon/geo/geometry.hpp>

#include <cstdint>
#include <functional>
#include <vector>

namespace cordon::planner {

struct PowerCells {
    std::vector<int> cell;          ///< per point, 0..k-1
    std::vector<geo::Point> centre; ///< per cell
    std::vector<double> power;      ///< per cell: ψ
    double largest_deviation = 0;   ///< max |weight of a cell - mean| / mean
    std::vector<double> step;       ///< per cell: ψ's current step (balance_powers)
    std::vector<int> side;          ///< per cell: last side of the mean (-1, 0, 1)
};

/// Changes an assignment of points to cells before it is weighed (e.g. makes the cells
/// contiguous on a graph), given the cells' centres and ψ.
using CellAdjust = std::function<void(std::vector<int>& cell, const PowerCells& cells)>;

/// `centres` (k ≥ 1 starting centres), `weight` ≥ 0 per point. `lloyd_steps` centre moves;
/// the weights are balanced to within `tolerance` of the mean where the points allow (the
/// best balance found is kept). In the last `adjusted_steps` steps every assignment goes
/// through `adjust` (when given) before it is weighed, so ψ balances the adjusted cells.
/// Deterministic.
PowerCells balanced_power_cells(const std::vector<geo::Point>& points,
                                const std::vector<double>& weight, std::vector<geo::Point> centres,
                                int lloyd_steps, double tolerance, const CellAdjust& adjust = {},
                                int adjusted_steps = 0);

/// The power distance |p - c|² - ψ.
inline double power_distance(geo::Point p, geo::Point c, double psi) {
    return (p.x - c.x) * (p.x - c.x) + (p.y - c.y) * (p.y - c.y) - psi;
}

} // namespace cordon::planner
