#include "power_cells.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace cordon::planner {

namespace {

/// Each point's `c` nearest centres (plain distance), the candidates of the power assignment.
std::vector<int> nearest_centres(const std::vector<geo::Point>& points,
                                 const std::vector<geo::Point>& centres, std::size_t c) {
    const std::size_t k = centres.size();
    std::vector<int> out(points.size() * c);
    std::vector<std::pair<double, int>> d(k);
    for (std::size_t i = 0; i < points.size(); ++i) {
        for (std::size_t z = 0; z < k; ++z)
            d[z] = {power_distance(points[i], centres[z], 0), static_cast<int>(z)};
        std::partial_sort(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(c), d.end());
        for (std::size_t j = 0; j < c; ++j)
            out[i * c + j] = d[j].second;
    }
    return out;
}

/// Tunes ψ until the cells' weights balance (or `rounds` run out); the best-balanced
/// assignment goes to `out.cell`, its deviation to `out.largest_deviation`.
void balance_powers(const std::vector<geo::Point>& points, const std::vector<double>& weight,
                    const std::vector<int>& candidates, std::size_t c, double tolerance, int rounds,
                    const CellAdjust* adjust, PowerCells& out) {
    const std::size_t n = points.size(), k = out.centre.size();
    double total = 0;
    for (double w : weight)
        total += w;
    const double mean = total / static_cast<double>(k);
    std::vector<int> cell(n);
    std::vector<double> load(k);
    out.largest_deviation = std::numeric_limits<double>::infinity();
    for (int round = 0; round < rounds; ++round) {
        std::fill(load.begin(), load.end(), 0);
        double all_spread = 0;
        for (std::size_t i = 0; i < n; ++i) {
            int best = candidates[i * c];
            double best_d = std::numeric_limits<double>::infinity();
            for (std::size_t j = 0; j < c; ++j) {
                const int z = candidates[i * c + j];
                const double d = power_distance(points[i], out.centre[static_cast<std::size_t>(z)],
                                                out.power[static_cast<std::size_t>(z)]);
                if (d < best_d) best_d = d, best = z;
            }
            cell[i] = best;
        }
        if (adjust) (*adjust)(cell, out);
        for (std::size_t i = 0; i < n; ++i) {
            const auto z = static_cast<std::size_t>(cell[i]);
            const double d2 = power_distance(points[i], out.centre[z], 0);
            load[z] += weight[i], all_spread += d2;
        }
        double worst = 0;
        for (std::size_t z = 0; z < k; ++z)
            worst = std::max(worst, mean > 0 ? std::abs(load[z] - mean) / mean : 0.0);
        if (worst < out.largest_deviation) out.largest_deviation = worst, out.cell = cell;
        if (worst <= tolerance) break;
        // Each ψ moves towards its cell's balance by its own step (Rprop): the step grows
        // while the cell stays on one side of the mean and halves when it crosses over, so a
        // village that tips from one cell to the other does not make ψ swing.
        if (round == 0) {
            const double typical = all_spread / static_cast<double>(n);
            std::fill(out.step.begin(), out.step.end(), 0.05 * typical);
            std::fill(out.side.begin(), out.side.end(), 0);
        }
        for (std::size_t z = 0; z < k; ++z) {
            const double gap = mean > 0 ? (mean - load[z]) / mean : 0.0;
            const int sign = gap > tolerance / 2 ? 1 : gap < -tolerance / 2 ? -1 : 0;
            if (sign == 0) {
                out.side[z] = 0;
                continue;
            }
            if (out.side[z] == -sign)
                out.step[z] *= 0.5;
            else if (out.side[z] == sign)
                out.step[z] *= 1.2;
            out.side[z] = sign;
            out.power[z] += sign * out.step[z];
        }
    }
}

} // namespace

PowerCells balanced_power_cells(const std::vector<geo::Point>& points,
                                const std::vector<double>& weight, std::vector<geo::Point> centres,
                                int lloyd_steps, double tolerance, const CellAdjust& adjust,
                                int adjusted_steps) {
    PowerCells out;
    const std::size_t n = points.size(), k = centres.size();
    out.cell.assign(n, 0);
    out.power.assign(k, 0);
    out.step.assign(k, 0);
    out.side.assign(k, 0);
    if (n == 0 || k == 0) return out;
    out.centre = std::move(centres);
    const std::size_t c = std::min<std::size_t>(k, 12);
    for (int step = 0; step <= lloyd_steps; ++step) {
        const std::vector<int> candidates = nearest_centres(points, out.centre, c);
        const bool adjusted = adjust && step > lloyd_steps - adjusted_steps;
        balance_powers(points, weight, candidates, c, tolerance, adjusted ? 40 : 80,
                       adjusted ? &adjust : nullptr, out);
        if (step == lloyd_steps) break;
        // Lloyd step: each centre to the centroid of its cell's points.
        std::vector<geo::Point> sum(k, {0, 0});
        std::vector<double> count(k, 0);
        for (std::size_t i = 0; i < n; ++i) {
            const auto z = static_cast<std::size_t>(out.cell[i]);
            sum[z].x += points[i].x, sum[z].y += points[i].y, count[z] += 1;
        }
        for (std::size_t z = 0; z < k; ++z)
            if (count[z] > 0) out.centre[z] = {sum[z].x / count[z], sum[z].y / count[z]};
    }
    return out;
}

} // namespace cordon::planner
