// The tour solver of Cordon up to commit 25a45be (planner/src/routes.cpp), kept for the tour
// benchmark only: nearest neighbour from stop 0, then 2-opt over all pairs and Or-opt with
// vector copies until no move improves (at most 100 n passes). bench/README.md compares it
// with planner::solve_tour.

#include "old_tour.hpp"

#include <algorithm>

namespace cordon::bench {

std::vector<std::size_t> old_solve_tour(const planner::DistanceMatrix& d) {
    const std::size_t n = d.size();
    std::vector<std::size_t> order;
    if (n == 0) return order;
    std::vector<bool> seen(n, false);
    order.push_back(0);
    seen[0] = true;
    for (std::size_t step = 1; step < n; ++step) {
        const std::size_t from = order.back();
        std::size_t next = n;
        for (std::size_t j = 0; j < n; ++j)
            if (!seen[j] && (next == n || d(from, j) < d(from, next))) next = j;
        seen[next] = true;
        order.push_back(next);
    }
    auto at = [&](std::size_t i) { return order[i % n]; };
    double scale = 0;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j)
            scale = std::max(scale, static_cast<double>(d(i, j)));
    const double eps = 1e-12 * std::max(1.0, scale * static_cast<double>(n));
    std::size_t passes = 0;
    for (bool improved = n > 3; improved && passes < 100 * n; ++passes) {
        improved = false;
        for (std::size_t i = 0; i + 2 < n; ++i)
            for (std::size_t j = i + 2; j < n; ++j) {
                const double delta = static_cast<double>(d(at(i), at(j))) +
                                     d(at(i + 1), at(j + 1)) - d(at(i), at(i + 1)) -
                                     d(at(j), at(j + 1));
                if (delta < -eps) {
                    std::reverse(order.begin() + static_cast<long>(i + 1),
                                 order.begin() + static_cast<long>(j + 1));
                    improved = true;
                }
            }
        for (std::size_t len = 1; len <= 3 && !improved; ++len)
            for (std::size_t i = 1; i + len <= n && !improved; ++i) {
                const std::size_t a = at(i - 1), s = at(i), e = at(i + len - 1), b = at(i + len);
                const double removed = static_cast<double>(d(a, s)) + d(e, b) - d(a, b);
                for (std::size_t j = 0; j < n && !improved; ++j) {
                    if (j + 1 >= i && j < i + len) continue;
                    const std::size_t p = at(j), q = at(j + 1);
                    for (bool reversed : {false, true}) {
                        const std::size_t first = reversed ? e : s, last = reversed ? s : e;
                        const double added =
                            static_cast<double>(d(p, first)) + d(last, q) - d(p, q);
                        if (added - removed < -eps) {
                            std::vector<std::size_t> run(order.begin() + static_cast<long>(i),
                                                         order.begin() +
                                                             static_cast<long>(i + len));
                            if (reversed) std::reverse(run.begin(), run.end());
                            std::vector<std::size_t> rest;
                            for (std::size_t k = 0; k < n; ++k)
                                if (k < i || k >= i + len) rest.push_back(order[k]);
                            const auto pos = std::find(rest.begin(), rest.end(), p) + 1;
                            rest.insert(pos, run.begin(), run.end());
                            order = rest;
                            improved = true;
                            break;
                        }
                    }
                }
            }
    }
    return order;
}

} // namespace cordon::bench
