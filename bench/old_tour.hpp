#pragma once
// The tour solver of Cordon up to commit 25a45be, for the tour benchmark only.

#include <cordon/planner/tour.hpp>

#include <vector>

namespace cordon::bench {

/// Nearest neighbour from stop 0, then 2-opt and Or-opt over all pairs until none improves.
std::vector<std::size_t> old_solve_tour(const planner::DistanceMatrix& d);

} // namespace cordon::bench
