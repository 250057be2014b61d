// Patrol zoning: units (buildings sharing a door) on the network Voronoi adjacency graph,
// zones shared among communities and network pieces by largest remainder, seeded by
// k-means++ on street distance, grown together (the lightest zone takes its nearest free
// neighbour), re-seeded at the zones' centres and grown again (Lloyd steps), then improved by
// moving boundary units between neighbouring zones: for compactness (each move lowers the
// zones' moment of inertia within a balance band, with a tabu list) and smoother borders
// (a unit joins the zone holding most of its neighbours), for balance (each move lowers the
// sum of squared deviations; chains of zones when neighbours alone cannot), first with a wide
// band and then with the target's. Small problems also move units to the zone their outline
// cells share the most border with (shorter outlines), and are zoned from several seeds, the
// zoning with the most compact outlines kept.
// Every move keeps both zones connected (articulation check). Last, units drawn in a stray
// part of their zone's outline go to the zone around that part where balance and contiguity
// allow (one polygon per zone).

#include "power_cells.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/polygon_ops.hpp>
#include <cordon/planner/routes.hpp>
#include <cordon/planner/zoning.hpp>
#include <cordon/planner/zoning_problem.hpp>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/kruskal_min_spanning_tree.hpp>

#include <algorithm>
#include <cmath>
#include <future>
#include <limits>
#include <map>
#include <memory>
#include <queue>
#include <set>
#include <string>
#include <tuple>

namespace cordon::planner {

using geo::Point;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr int smooth_passes = 6;
/// Up to this many units the zoning shortens the outlines' borders (smooth_borders); above,
/// the Voronoi cells are computed while the zones are grown instead (a million buildings).
constexpr std::size_t border_units = 50000;
/// Small problems are zoned from several seeds, about this many units' worth in all.
constexpr std::size_t variant_units = 9000;
/// Zoning starts from balanced power cells while units × zones stays below this (the cells'
/// cost), else from zones grown on the streets; `power_steps` Lloyd steps of the cells.
constexpr double power_work = 5e7;
constexpr int power_steps = 8;
/// Zonings tried when balancing by walking time (each one's routes walked), then pairs of
/// zones walked again per zone while finishing on the walks (WalkPolisher).
constexpr int walk_rounds = 10;
constexpr int walk_evaluations_per_zone = 6;

/// splitmix64: the same numbers on every platform.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

private:
    std::uint64_t m_state;
};

/// Largest remainder: `k` seats among items by weight, each at least 1 and at most cap.
/// Requires items ≤ k ≤ sum of caps.
std::vector<int> apportion(const std::vector<double>& weight, const std::vector<int>& cap, int k) {
    const std::size_t n = weight.size();
    double total = 0;
    for (double w : weight)
        total += w;
    std::vector<double> quota(n);
    std::vector<int> seats(n);
    int sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
        quota[i] =
            total > 0 ? k * weight[i] / total : static_cast<double>(k) / static_cast<double>(n);
        seats[i] = std::clamp(static_cast<int>(std::floor(quota[i])), 1, cap[i]);
        sum += seats[i];
    }
    while (sum < k) {
        std::size_t best = n;
        for (std::size_t i = 0; i < n; ++i)
            if (seats[i] < cap[i] && (best == n || quota[i] - seats[i] > quota[best] - seats[best]))
                best = i;
        if (best == n) break;
        ++seats[best], ++sum;
    }
    while (sum > k) {
        std::size_t best = n;
        for (std::size_t i = 0; i < n; ++i)
            if (seats[i] > 1 && (best == n || seats[i] - quota[i] > seats[best] - quota[best]))
                best = i;
        if (best == n) break;
        --seats[best], --sum;
    }
    return seats;
}

/// Zones one group (a live piece of one community) into `k` zones numbered base..base+k-1.
class GroupZoner {
public:
    GroupZoner(const ZoningProblem& p, int piece, const std::vector<std::uint32_t>& units,
               std::vector<int>& zone_of, std::vector<std::uint32_t>& stamp,
               std::uint32_t& stamp_now, std::vector<std::uint32_t>& slot)
        : m_p(p), m_piece(piece), m_units(units), m_zone_of(zone_of), m_stamp(stamp),
          m_now(stamp_now), m_slot(slot) {
        for (std::size_t i = 0; i < m_units.size(); ++i)
            m_slot[m_units[i]] = static_cast<std::uint32_t>(i);
        m_owner.assign(m_units.size(), 0);
    }

    /// Returns the zones' households.
    /// `start` (zone per unit, numbered as this run numbers them, or null): the zones start
    /// from it instead of from seeds, and are only balanced and made compact.
    std::vector<double> run(int k, int base, std::uint64_t seed, double global_mean, double target,
                            Progress& progress, const std::vector<int>* start = nullptr) {
        m_k = k;
        m_base = base;
        m_weight_total = 0;
        for (auto u : m_units)
            m_zone_of[u] = -1, m_weight_total += m_p.weight[u];
        m_mean = m_weight_total / k;
        m_eps = 1e-9 * std::max(1.0, m_mean);
        m_band = std::max(0.0, 0.9 * target * global_mean - std::abs(m_mean - global_mean));
        m_load.assign(static_cast<std::size_t>(k), 0);
        m_members.assign(static_cast<std::size_t>(k), 0);
        m_sx.assign(static_cast<std::size_t>(k), 0);
        m_sy.assign(static_cast<std::size_t>(k), 0);
        m_sw.assign(static_cast<std::size_t>(k), 0);
        m_gx.assign(static_cast<std::size_t>(k), 0);
        m_gy.assign(static_cast<std::size_t>(k), 0);
        m_gn.assign(static_cast<std::size_t>(k), 0);
        m_list.assign(static_cast<std::size_t>(k), {});
        m_where.assign(m_units.size(), 0);
        m_target = target;
        if (static_cast<std::size_t>(k) >= m_units.size()) {
            for (std::size_t i = 0; i < m_units.size(); ++i)
                add(m_units[i], static_cast<int>(i));
            return m_load;
        }
        if (start) {
            for (auto u : m_units)
                add(u, (*start)[u] - base);
            improve_power(global_mean);
            return m_load;
        }
        const std::vector<std::uint32_t> first = seeds(seed);
        const bool powered = use_power && power_start(first);
        if (!powered) grow_lloyd(first);
        progress.report("zoning: balancing", 0.5);
        if (powered && improve_power(global_mean)) return m_load;
        if (powered) {
            reset();
            grow_lloyd(first);
        }
        improve(target, global_mean, seed);
        return m_load;
    }

    int lloyd_steps = 4;
    bool use_power = true; ///< start from balanced power cells (else zones grown on the streets)
    /// Outline borders between units for smooth_borders(), or null: no such pass.
    void use_borders(const std::vector<std::vector<UnitBorder>>* borders) { m_borders = borders; }

private:
    /// Zones grown on the streets from `first`, then re-seeded at the unit nearest each
    /// zone's centre and grown again (Lloyd steps).
    void grow_lloyd(const std::vector<std::uint32_t>& first) {
        grow(first);
        for (int step = 0; step < lloyd_steps; ++step) {
            std::vector<std::uint32_t> centres;
            for (std::size_t z = 0; z < static_cast<std::size_t>(m_k); ++z) {
                const Point c{m_sx[z] / m_sw[z], m_sy[z] / m_sw[z]};
                std::uint32_t best = m_list[z][0];
                double best_d = inf;
                for (auto u : m_list[z]) {
                    const double d = (m_p.position[u].x - c.x) * (m_p.position[u].x - c.x) +
                                     (m_p.position[u].y - c.y) * (m_p.position[u].y - c.y);
                    if (d < best_d) best_d = d, best = u;
                }
                centres.push_back(best);
            }
            reset();
            grow(centres);
        }
    }

    /// After power_start: balance and compactness both by the zones' moment of inertia
    /// (buildings counted), fewer cut links between; false when the balance target is missed.
    bool improve_power(double global_mean) {
        balance_compact(200);
        compact(30, Mass::buildings);
        smooth(smooth_passes);
        balance_compact(200);
        compact(30, Mass::buildings);
        if (worst() <= 0.9 * m_target * global_mean + m_eps) return true;
        balance(200);
        chains(50);
        return worst() <= 0.9 * m_target * global_mean + m_eps;
    }

    /// Compactness, balance and smoother borders by moving boundary units.
    void improve(double target, double global_mean, std::uint64_t seed) {
        // Compactness first in a band three times as wide, then balance; again in the band;
        // borders smoothed (fewer cut links, then shorter outline borders when they are known)
        // between and after.
        const double band = m_band;
        m_band = 3 * band;
        compact(30, Mass::households);
        smooth(smooth_passes);
        balance(200);
        chains(50);
        m_band = band;
        compact(30, Mass::households);
        smooth(smooth_passes);
        smooth_borders(smooth_passes);
        balance(200);
        chains(50);
        smooth(smooth_passes);
        smooth_borders(smooth_passes);
        // Target missed (few, coarse units): the balance-first order, kept if it does better.
        if (worst() > 0.9 * target * global_mean + m_eps) {
            std::vector<int> kept(m_units.size());
            for (std::size_t i = 0; i < m_units.size(); ++i)
                kept[i] = local(m_units[i]);
            const double kept_worst = worst();
            reset();
            grow(seeds(seed));
            balance(200);
            chains(50);
            compact(12, Mass::households);
            balance(200);
            chains(50);
            if (worst() >= kept_worst) {
                reset();
                for (std::size_t i = 0; i < m_units.size(); ++i)
                    add(m_units[i], kept[i]);
            }
        }
    }

    void reset() {
        m_boundary_valid = false;
        for (auto u : m_units)
            m_zone_of[u] = -1;
        std::fill(m_load.begin(), m_load.end(), 0);
        std::fill(m_members.begin(), m_members.end(), 0);
        std::fill(m_sx.begin(), m_sx.end(), 0);
        std::fill(m_sy.begin(), m_sy.end(), 0);
        std::fill(m_sw.begin(), m_sw.end(), 0);
        std::fill(m_gx.begin(), m_gx.end(), 0);
        std::fill(m_gy.begin(), m_gy.end(), 0);
        std::fill(m_gn.begin(), m_gn.end(), 0);
        for (auto& l : m_list)
            l.clear();
    }
    double w(std::uint32_t u) const { return m_p.weight[u]; }
    double mass(std::uint32_t u) const {
        return m_p.weight[u] + 1e-3 * std::max(m_mean, 1.0) / 100;
    }
    int local(std::uint32_t u) const { return m_zone_of[u] - m_base; }
    /// A unit's buildings: its mass in the zones' shapes (the hull of their buildings), as
    /// households are in their workload.
    double spot(std::uint32_t u) const { return static_cast<double>(m_p.buildings_of[u].size()); }

    void add(std::uint32_t u, int z) {
        const auto i = static_cast<std::size_t>(z);
        m_zone_of[u] = m_base + z;
        m_where[m_slot[u]] = m_list[i].size();
        m_list[i].push_back(u);
        m_load[i] += w(u);
        ++m_members[i];
        const double g = spot(u);
        m_gx[i] += g * m_p.position[u].x, m_gy[i] += g * m_p.position[u].y, m_gn[i] += g;
        m_sx[i] += mass(u) * m_p.position[u].x, m_sy[i] += mass(u) * m_p.position[u].y,
            m_sw[i] += mass(u);
    }
    void remove(std::uint32_t u) {
        const auto i = static_cast<std::size_t>(local(u));
        const std::size_t at = m_where[m_slot[u]];
        m_list[i][at] = m_list[i].back();
        m_where[m_slot[m_list[i][at]]] = at;
        m_list[i].pop_back();
        m_load[i] -= w(u);
        --m_members[i];
        const double g = spot(u);
        m_gx[i] -= g * m_p.position[u].x, m_gy[i] -= g * m_p.position[u].y, m_gn[i] -= g;
        m_sx[i] -= mass(u) * m_p.position[u].x, m_sy[i] -= mass(u) * m_p.position[u].y,
            m_sw[i] -= mass(u);
        m_zone_of[u] = -1;
    }
    void move(std::uint32_t u, int to) {
        remove(u);
        add(u, to);
        if (m_boundary_valid) {
            update_boundary(u);
            for (const UnitLink& l : m_p.neighbours[u])
                update_boundary(l.unit);
        }
    }

    // Boundary units (a neighbour in another zone): the only ones the improvement passes can
    // move, so the passes skip the others without looking at their neighbours. Kept up to date
    // by move() from the first pass on; grow() and reset() start over.
    void update_boundary(std::uint32_t u) {
        char b = 0;
        for (const UnitLink& l : m_p.neighbours[u])
            if (m_zone_of[l.unit] != m_zone_of[u]) {
                b = 1;
                break;
            }
        m_boundary[m_slot[u]] = b;
    }
    void ensure_boundary() {
        if (m_boundary_valid) return;
        m_boundary.assign(m_units.size(), 0);
        for (auto u : m_units)
            update_boundary(u);
        m_boundary_valid = true;
    }
    bool interior(std::uint32_t u) const { return !m_boundary[m_slot[u]]; }

    /// k-means++ on street distance: each next seed drawn with probability ∝ households × d²
    /// (the scores summed in blocks of about √n units, so an update costs O(1) and a draw
    /// O(√n): the updates, one per relaxed unit, far outnumber the k draws).
    std::vector<std::uint32_t> seeds(std::uint64_t seed) {
        Rng rng(seed);
        const std::size_t n = m_units.size();
        const std::size_t width =
            std::max<std::size_t>(64, static_cast<std::size_t>(std::sqrt(static_cast<double>(n))));
        std::vector<double> d(n, inf), score(n, 0), block((n + width - 1) / width, 0);
        auto update = [&](std::size_t i, double value) {
            block[i / width] += value - score[i];
            score[i] = value;
        };
        auto draw = [&]() {
            double total = 0;
            for (double b : block)
                total += b;
            double r = rng.uniform() * total;
            std::size_t pos = n - 1;
            for (std::size_t j = 0; j < block.size(); ++j) {
                if (r > block[j]) {
                    r -= block[j];
                    continue;
                }
                const std::size_t end = std::min(n, (j + 1) * width);
                for (pos = j * width; pos + 1 < end && r > score[pos]; ++pos)
                    r -= score[pos];
                break;
            }
            // Rounding can land on a zero score: take the nearest unit with a score.
            for (std::size_t off = 0; off < n; ++off) {
                if (pos + off < n && score[pos + off] > 0) return pos + off;
                if (off <= pos && score[pos - off] > 0) return pos - off;
            }
            return pos;
        };
        for (std::size_t i = 0; i < n; ++i)
            update(i, mass(m_units[i]));
        std::vector<std::uint32_t> chosen;
        std::size_t s = draw();
        using Item = std::pair<double, std::uint32_t>;
        std::priority_queue<Item, std::vector<Item>, std::greater<>> q;
        for (int i = 0; i < m_k; ++i) {
            chosen.push_back(m_units[s]);
            // Dijkstra from the new seed, pruned where an earlier seed is nearer.
            d[s] = 0;
            update(s, 0);
            q.push({0, static_cast<std::uint32_t>(s)});
            while (!q.empty()) {
                auto [du, li] = q.top();
                q.pop();
                if (du > d[li]) continue;
                for (const UnitLink& l : m_p.neighbours[m_units[li]]) {
                    if (m_p.piece[l.unit] != m_piece) continue;
                    const std::uint32_t lj = m_slot[l.unit];
                    const double nd = du + l.length;
                    if (nd < d[lj]) {
                        d[lj] = nd;
                        update(lj, mass(l.unit) * nd * nd);
                        q.push({nd, lj});
                    }
                }
            }
            if (i + 1 < m_k) {
                if (i ==
                    0) // before the first seed every score was its mass: now they are distances
                    for (std::size_t j = 0; j < n; ++j)
                        if (d[j] == inf) update(j, 0);
                s = draw();
            }
        }
        return chosen;
    }

    /// All zones grow together: the lightest zone takes its nearest free neighbour.
    void grow(const std::vector<std::uint32_t>& seeds) {
        m_boundary_valid = false;
        using Item = std::pair<double, std::uint32_t>;
        std::vector<std::priority_queue<Item, std::vector<Item>, std::greater<>>> frontier(
            seeds.size());
        // Growing zones by (load, zone): each zone is in the queue at most once.
        std::priority_queue<std::pair<double, int>, std::vector<std::pair<double, int>>,
                            std::greater<>>
            active;
        for (std::size_t z = 0; z < seeds.size(); ++z) {
            add(seeds[z], static_cast<int>(z));
            for (const UnitLink& l : m_p.neighbours[seeds[z]])
                frontier[z].push({l.length, l.unit});
            active.push({m_load[z], static_cast<int>(z)});
        }
        std::size_t assigned = seeds.size();
        while (assigned < m_units.size() && !active.empty()) {
            const int z = active.top().second;
            active.pop();
            auto& f = frontier[static_cast<std::size_t>(z)];
            while (!f.empty() && m_zone_of[f.top().second] != -1)
                f.pop();
            if (f.empty()) continue; // enclosed: the others take the rest
            const auto [d, u] = f.top();
            f.pop();
            add(u, z);
            ++assigned;
            for (const UnitLink& l : m_p.neighbours[u])
                if (m_zone_of[l.unit] == -1) f.push({d + l.length, l.unit});
            active.push({m_load[static_cast<std::size_t>(z)], z});
        }
        // Safety: anything left (only if the group were not connected) joins a neighbour.
        for (bool changed = true; changed;) {
            changed = false;
            for (auto u : m_units) {
                if (m_zone_of[u] != -1) continue;
                for (const UnitLink& l : m_p.neighbours[u])
                    if (m_zone_of[l.unit] >= 0) {
                        add(u, local(l.unit));
                        changed = true;
                        break;
                    }
            }
        }
        for (auto u : m_units)
            if (m_zone_of[u] == -1) add(u, 0);
    }

    /// Zones from balanced power cells of the units' positions started at `first` (convex
    /// cells, so round zones where the streets allow), made contiguous on the streets while ψ
    /// is tuned (make_contiguous), so they are balanced as they will be zoned. False (nothing
    /// assigned) when the problem is too large for it or a cell comes out empty.
    bool power_start(const std::vector<std::uint32_t>& first) {
        const std::size_t n = m_units.size();
        if (static_cast<double>(n) * m_k > power_work) return false;
        std::vector<Point> points(n), centres;
        std::vector<double> weights(n);
        for (std::size_t i = 0; i < n; ++i)
            points[i] = m_p.position[m_units[i]], weights[i] = w(m_units[i]);
        for (auto u : first)
            centres.push_back(m_p.position[u]);
        const CellAdjust contiguous = [this](std::vector<int>& cell, const PowerCells& cells) {
            make_contiguous(cell, cells);
        };
        const PowerCells cells = balanced_power_cells(points, weights, std::move(centres),
                                                      power_steps, m_target / 2, contiguous, 2);
        reset();
        for (std::size_t i = 0; i < n; ++i)
            add(m_units[i], cells.cell[i]);
        for (std::size_t z = 0; z < static_cast<std::size_t>(m_k); ++z)
            if (m_members[z] == 0) {
                reset();
                return false;
            }
        return true;
    }

    /// Makes cells (by slot) contiguous on the streets: each keeps its heaviest connected
    /// part; the units cut off join the neighbouring cell of least power distance, grown from
    /// the kept parts.
    void make_contiguous(std::vector<int>& cell, const PowerCells& cells) {
        const std::size_t n = m_units.size();
        std::vector<std::uint32_t> part(n, 0), best(static_cast<std::size_t>(m_k), 0);
        std::vector<double> part_weight{0}; // part 0: none yet
        std::vector<std::uint32_t>& stack = m_block;
        for (std::size_t s = 0; s < n; ++s) {
            if (part[s] != 0) continue;
            const auto id = static_cast<std::uint32_t>(part_weight.size());
            part_weight.push_back(0);
            part[s] = id;
            stack.assign(1, static_cast<std::uint32_t>(s));
            while (!stack.empty()) {
                const auto i = stack.back();
                stack.pop_back();
                part_weight[id] += mass(m_units[i]);
                for (const UnitLink& l : m_p.neighbours[m_units[i]]) {
                    if (m_p.piece[l.unit] != m_piece) continue;
                    const auto j = m_slot[l.unit];
                    if (cell[j] == cell[s] && part[j] == 0) part[j] = id, stack.push_back(j);
                }
            }
            auto& b = best[static_cast<std::size_t>(cell[s])];
            if (b == 0 || part_weight[id] > part_weight[b]) b = id;
        }
        for (std::size_t i = 0; i < n; ++i)
            if (part[i] != best[static_cast<std::size_t>(cell[i])]) cell[i] = -1;
        using Item = std::tuple<double, std::uint32_t, int>;
        std::priority_queue<Item, std::vector<Item>, std::greater<>> q;
        auto offer = [&](std::uint32_t i, int z) {
            const auto iz = static_cast<std::size_t>(z);
            q.push({power_distance(m_p.position[m_units[i]], cells.centre[iz], cells.power[iz]), i,
                    z});
        };
        for (std::size_t i = 0; i < n; ++i)
            if (cell[i] == -1)
                for (const UnitLink& l : m_p.neighbours[m_units[i]])
                    if (m_p.piece[l.unit] == m_piece && cell[m_slot[l.unit]] >= 0)
                        offer(static_cast<std::uint32_t>(i), cell[m_slot[l.unit]]);
        while (!q.empty()) {
            const auto [d, i, z] = q.top();
            q.pop();
            if (cell[i] != -1) continue;
            cell[i] = z;
            for (const UnitLink& l : m_p.neighbours[m_units[i]])
                if (m_p.piece[l.unit] == m_piece && cell[m_slot[l.unit]] == -1)
                    offer(m_slot[l.unit], z);
        }
        for (auto& c : cell) // only if the group were not connected
            if (c == -1) c = 0;
    }

    /// Starts one search from each neighbour of `u` in zone `z` (u itself and the starts
    /// stamped `mark`); returns how many. Shared by stays_connected() and block_of().
    std::size_t start_searches(std::uint32_t u, int z, std::uint32_t mark) {
        m_stamp[u] = mark;
        std::size_t t = 0;
        for (const UnitLink& l : m_p.neighbours[u])
            if (m_zone_of[l.unit] == z && m_stamp[l.unit] != mark) {
                m_stamp[l.unit] = mark;
                if (m_search.size() <= t) m_search.emplace_back();
                m_search[t].clear();
                m_search[t].push_back(l.unit);
                m_owner[m_slot[l.unit]] = static_cast<std::uint32_t>(t);
                ++t;
            }
        return t;
    }

    /// Whether u's zone stays connected without `u`: breadth-first searches from each of u's
    /// neighbours in the zone, one node each in turn, merged where they meet; true when all
    /// have met, false as soon as one group of them runs out of nodes (it is cut off). So the
    /// cost is that of the smaller side, not of the zone, when `u` is a cut vertex.
    bool stays_connected(std::uint32_t u) {
        const int z = m_zone_of[u];
        if (m_members[static_cast<std::size_t>(z - m_base)] <= 1) return false;
        const std::uint32_t mark = ++m_now;
        const std::size_t t = start_searches(u, z, mark);
        if (t <= 1) return t == 1;
        m_head.assign(t, 0);
        m_group.resize(t);
        for (std::size_t i = 0; i < t; ++i)
            m_group[i] = static_cast<std::uint32_t>(i);
        auto find = [&](std::uint32_t i) {
            while (m_group[i] != i)
                i = m_group[i] = m_group[m_group[i]];
            return i;
        };
        std::size_t groups = t;
        while (true) {
            bool progressed = false;
            for (std::size_t i = 0; i < t; ++i) {
                if (m_head[i] == m_search[i].size()) continue;
                progressed = true;
                const std::uint32_t v = m_search[i][m_head[i]++];
                for (const UnitLink& l : m_p.neighbours[v]) {
                    const std::uint32_t w = l.unit;
                    if (m_zone_of[w] != z || w == u) continue;
                    if (m_stamp[w] == mark) {
                        const std::uint32_t a = find(static_cast<std::uint32_t>(i)),
                                            b = find(m_owner[m_slot[w]]);
                        if (a != b) {
                            m_group[a] = b;
                            if (--groups == 1) return true;
                        }
                    } else {
                        m_stamp[w] = mark;
                        m_owner[m_slot[w]] = static_cast<std::uint32_t>(i);
                        m_search[i].push_back(w);
                    }
                }
                if (m_head[i] < m_search[i].size()) continue;
                // Search i has run out: is every search of its group out too?
                const std::uint32_t g = find(static_cast<std::uint32_t>(i));
                bool open = false;
                for (std::size_t j = 0; j < t && !open; ++j)
                    open =
                        m_head[j] < m_search[j].size() && find(static_cast<std::uint32_t>(j)) == g;
                if (!open) return false;
            }
            if (!progressed) return false;
        }
    }

    /// The units that must leave zone A together with `u` so both sides stay connected: u
    /// and every part of A that hangs on u only (all of A but its heaviest remaining part);
    /// empty when u cannot leave (it is all of A). Searches from u's neighbours in A in turn,
    /// one node each, merged where they meet (as stays_connected()); when all have met, u
    /// leaves alone. A part is known when its searches run out; once all parts but one are
    /// known, the last one's weight is the rest of the zone's, so it is not walked: the cost
    /// is that of the smaller parts. The result is in a buffer reused by the next call.
    const std::vector<std::uint32_t>& block_of(std::uint32_t u) {
        m_block.clear();
        const int z = m_zone_of[u];
        const auto a = static_cast<std::size_t>(z - m_base);
        if (m_members[a] <= 1) return m_block;
        const std::uint32_t mark = ++m_now;
        const std::size_t t = start_searches(u, z, mark);
        if (t == 0) return m_block;
        m_block.push_back(u);
        if (t == 1) return m_block;
        m_head.assign(t, 0);
        m_group.resize(t);
        m_open.assign(t, 1);
        m_part_w.resize(t);
        m_part_m.resize(t);
        for (std::size_t i = 0; i < t; ++i) {
            m_group[i] = static_cast<std::uint32_t>(i);
            m_part_w[i] = w(m_search[i][0]);
            m_part_m[i] = mass(m_search[i][0]);
        }
        auto find = [&](std::uint32_t i) {
            while (m_group[i] != i)
                i = m_group[i] = m_group[m_group[i]];
            return i;
        };
        std::size_t groups = t, open_groups = t;
        // One step of search i: false when it has run out.
        auto step = [&](std::size_t i) {
            if (m_head[i] == m_search[i].size()) return false;
            const std::uint32_t v = m_search[i][m_head[i]++];
            for (const UnitLink& l : m_p.neighbours[v]) {
                const std::uint32_t x = l.unit;
                if (m_zone_of[x] != z || x == u) continue;
                const std::uint32_t ri = find(static_cast<std::uint32_t>(i));
                if (m_stamp[x] == mark) {
                    const std::uint32_t rx = find(m_owner[m_slot[x]]);
                    if (rx != ri) { // two searches met: one group
                        m_group[ri] = rx;
                        m_open[rx] += m_open[ri];
                        m_part_w[rx] += m_part_w[ri];
                        m_part_m[rx] += m_part_m[ri];
                        --groups, --open_groups;
                    }
                } else {
                    m_stamp[x] = mark;
                    m_owner[m_slot[x]] = static_cast<std::uint32_t>(i);
                    m_search[i].push_back(x);
                    m_part_w[ri] += w(x);
                    m_part_m[ri] += mass(x);
                }
            }
            if (m_head[i] < m_search[i].size()) return true;
            if (--m_open[find(static_cast<std::uint32_t>(i))] == 0) --open_groups;
            return false;
        };
        while (groups > 1 && open_groups > 1) {
            bool progressed = false;
            for (std::size_t i = 0; i < t && groups > 1 && open_groups > 1; ++i)
                progressed = step(i) || progressed;
            if (!progressed) break;
        }
        if (groups == 1) return m_block; // all met: u leaves alone
        // u is a cut vertex. The parts: the groups; the one still open (if any) holds the rest.
        std::uint32_t last = static_cast<std::uint32_t>(t); // the open group's root
        double known_w = 0, known_m = 0;
        for (std::size_t i = 0; i < t; ++i) {
            if (m_group[i] != i) continue;
            if (m_open[i] > 0)
                last = static_cast<std::uint32_t>(i);
            else
                known_w += m_part_w[i], known_m += m_part_m[i];
        }
        if (last < t) {
            m_part_w[last] = m_load[a] - w(u) - known_w;
            m_part_m[last] = m_sw[a] - mass(u) - known_m;
        }
        std::uint32_t keep = static_cast<std::uint32_t>(t);
        double keep_weight = -inf;
        for (std::size_t i = 0; i < t; ++i) {
            if (m_group[i] != i) continue;
            const double weight = m_part_w[i] + 1e-9 * m_part_m[i];
            if (weight > keep_weight) keep_weight = weight, keep = static_cast<std::uint32_t>(i);
        }
        if (last < t && keep != last) // the open part moves: walk it whole
            for (std::size_t i = 0; i < t; ++i)
                if (find(static_cast<std::uint32_t>(i)) == last)
                    while (step(i)) {
                    }
        for (std::size_t i = 0; i < t; ++i)
            if (find(static_cast<std::uint32_t>(i)) != keep)
                m_block.insert(m_block.end(), m_search[i].begin(), m_search[i].end());
        return m_block;
    }
    double weight_of(const std::vector<std::uint32_t>& block) const {
        double s = 0;
        for (auto v : block)
            s += w(v);
        return s;
    }

    double dev(double load) const { return std::abs(load - m_mean); }
    double worst() const {
        double w = 0;
        for (double l : m_load)
            w = std::max(w, dev(l));
        return w;
    }

    /// What a zone's moment of inertia counts: its buildings (spot(): the shape a reader
    /// sees), or its households (mass(): where the workload lies).
    enum class Mass { buildings, households };

    /// The rise in zone z's moment of inertia when u joins it (`joins`) or leaves it.
    double inertia_change(std::uint32_t u, std::size_t z, bool joins,
                          Mass by = Mass::buildings) const {
        const bool households = by == Mass::households;
        const double g = households ? mass(u) : spot(u), n = households ? m_sw[z] : m_gn[z];
        if (n <= 0) return 0;
        const double cx = (households ? m_sx[z] : m_gx[z]) / n,
                     cy = (households ? m_sy[z] : m_gy[z]) / n;
        const double dx = m_p.position[u].x - cx, dy = m_p.position[u].y - cy;
        const double d2 = dx * dx + dy * dy;
        if (joins) return g * n / (n + g) * d2;
        return n - g > 0 ? -g * n / (n - g) * d2 : 0;
    }

    /// Brings every zone within the band at the least cost in compactness: a zone above it
    /// hands boundary units to lighter neighbouring zones, one below it takes them from
    /// heavier ones, cheapest first by the zones' rise in moment of inertia (buildings counted)
    /// per household moved; each move lowers the sum of squared deviations and keeps both
    /// zones connected.
    void balance_compact(int rounds) {
        ensure_boundary();
        struct Move {
            double cost;
            std::uint32_t unit;
            int from, to;
        };
        std::vector<Move> moves;
        for (int round = 0; round < rounds; ++round) {
            bool any = false;
            for (int a = 0; a < m_k; ++a) {
                const auto ia = static_cast<std::size_t>(a);
                const double da = m_load[ia] - m_mean;
                if (std::abs(da) <= m_band + m_eps) continue;
                const bool heavy = da > 0;
                moves.clear();
                for (auto v : m_list[ia]) {
                    if (interior(v)) continue;
                    for (const UnitLink& l : m_p.neighbours[v]) {
                        const int b = local(l.unit);
                        if (b == a || m_zone_of[l.unit] < m_base || b >= m_k) continue;
                        const std::uint32_t u = heavy ? v : l.unit;
                        const int from = heavy ? a : b, to = heavy ? b : a;
                        if (w(u) <= 0) continue;
                        const double cost =
                            (inertia_change(u, static_cast<std::size_t>(to), true) +
                             inertia_change(u, static_cast<std::size_t>(from), false)) /
                            w(u);
                        moves.push_back({cost, u, from, to});
                    }
                }
                std::sort(moves.begin(), moves.end(), [](const Move& x, const Move& y) {
                    return std::tie(x.cost, x.unit, x.to) < std::tie(y.cost, y.unit, y.to);
                });
                for (const Move& mv : moves) {
                    if (std::abs(m_load[ia] - m_mean) <= m_band + m_eps) break;
                    if (local(mv.unit) != mv.from) continue;
                    const auto f = static_cast<std::size_t>(mv.from),
                               t = static_cast<std::size_t>(mv.to);
                    if (m_load[f] - m_load[t] - w(mv.unit) <= m_eps) continue; // squares would rise
                    if (!stays_connected(mv.unit)) continue;
                    move(mv.unit, mv.to);
                    any = true;
                }
            }
            if (!any) break;
        }
    }

    /// Moves boundary units to the neighbouring zone where the zones' moment of inertia
    /// (counted `by` buildings or households) falls the most, while both zones stay within the
    /// balance band and connected; tabu for a while.
    void compact(int passes, Mass by) {
        std::vector<int> tabu_until(m_p.units(), -1);
        int iteration = 0;
        ensure_boundary();
        for (int pass = 0; pass < passes; ++pass) {
            std::size_t moved = 0;
            for (auto u : m_units) {
                ++iteration;
                if (tabu_until[u] > iteration || interior(u)) continue;
                const auto a = static_cast<std::size_t>(local(u));
                const double leave = inertia_change(u, a, false, by);
                int best = -1;
                double best_gain = 1e-9;
                for (const UnitLink& l : m_p.neighbours[u]) {
                    const int bz = local(l.unit);
                    if (static_cast<std::size_t>(bz) == a || m_zone_of[l.unit] < m_base ||
                        bz >= m_k)
                        continue;
                    const auto b = static_cast<std::size_t>(bz);
                    const double na = m_load[a] - w(u), nb = m_load[b] + w(u);
                    if (std::max(dev(na), dev(nb)) >
                        std::max(m_band, std::max(dev(m_load[a]), dev(m_load[b]))) + m_eps)
                        continue;
                    const double gain = -leave - inertia_change(u, b, true, by);
                    if (gain > best_gain) best_gain = gain, best = bz;
                }
                if (best >= 0 && stays_connected(u)) {
                    move(u, best);
                    tabu_until[u] = iteration + static_cast<int>(m_units.size());
                    ++moved;
                }
            }
            if (moved == 0) break;
        }
    }

    /// Moves boundary units from heavier to lighter neighbouring zones while that lowers the
    /// sum of squared deviations (load_A - load_B > w): always terminates.
    void balance(int passes) {
        ensure_boundary();
        for (int pass = 0; pass < passes; ++pass) {
            std::size_t moved = 0;
            for (auto u : m_units) {
                if (interior(u)) continue;
                const int a = local(u);
                int best = -1;
                double best_gap = 0;
                for (const UnitLink& l : m_p.neighbours[u]) {
                    const int b = local(l.unit);
                    if (b == a || m_zone_of[l.unit] < m_base || b >= m_k) continue;
                    const double gap = m_load[static_cast<std::size_t>(a)] -
                                       m_load[static_cast<std::size_t>(b)] - w(u);
                    if (gap > m_eps && gap > best_gap) best_gap = gap, best = b;
                }
                if (best < 0) continue;
                const auto& block = block_of(u);
                if (block.empty()) continue;
                const double wb = weight_of(block);
                if (m_load[static_cast<std::size_t>(a)] - m_load[static_cast<std::size_t>(best)] -
                        wb <=
                    m_eps)
                    continue;
                for (auto v : block)
                    move(v, best);
                ++moved;
            }
            if (moved == 0) break;
        }
    }

    /// Balances along chains of zones: from a zone far off the mean, the nearest zone (in
    /// zone hops) off the other way; one boundary unit moves across each hop, so the zones in
    /// between keep about their load. Kept only when the sum of squared deviations falls.
    void chains(int rounds) {
        const double threshold = 0.3 * m_target * m_mean;
        for (int round = 0; round < rounds; ++round) {
            std::vector<int> order(static_cast<std::size_t>(m_k));
            for (int z = 0; z < m_k; ++z)
                order[static_cast<std::size_t>(z)] = z;
            std::sort(order.begin(), order.end(), [&](int a, int b) {
                return dev(m_load[static_cast<std::size_t>(a)]) >
                       dev(m_load[static_cast<std::size_t>(b)]);
            });
            bool improved = false;
            for (int a : order) {
                const double da = m_load[static_cast<std::size_t>(a)] - m_mean;
                if (std::abs(da) <= std::max(threshold, m_eps)) break;
                if (chain_from(a, da > 0)) improved = true;
            }
            if (!improved) break;
        }
    }

    std::vector<int> zone_neighbours(int z) {
        std::vector<int> out;
        for (auto u : m_list[static_cast<std::size_t>(z)])
            for (const UnitLink& l : m_p.neighbours[u]) {
                const int b = m_zone_of[l.unit] - m_base;
                if (b != z && b >= 0 && b < m_k && m_p.piece[l.unit] == m_piece) out.push_back(b);
            }
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    }

    bool chain_from(int a, bool heavy) {
        // Breadth-first over zones to the nearest one off the other way.
        std::vector<int> parent(static_cast<std::size_t>(m_k), -2);
        parent[static_cast<std::size_t>(a)] = -1;
        std::queue<std::pair<int, int>> q;
        q.push({a, 0});
        int end = -1;
        while (!q.empty() && end < 0) {
            const auto [z, depth] = q.front();
            q.pop();
            if (depth >= 12) continue;
            for (int b : zone_neighbours(z)) {
                if (parent[static_cast<std::size_t>(b)] != -2) continue;
                parent[static_cast<std::size_t>(b)] = z;
                const double db = m_load[static_cast<std::size_t>(b)] - m_mean;
                if (heavy ? db < -m_eps : db > m_eps) {
                    end = b;
                    break;
                }
                q.push({b, depth + 1});
            }
        }
        if (end < 0) return false;
        std::vector<int> path{end};
        while (path.back() != a)
            path.push_back(parent[static_cast<std::size_t>(path.back())]);
        if (heavy) std::reverse(path.begin(), path.end()); // units flow from heavy to light
        const double want = std::min(std::abs(m_load[static_cast<std::size_t>(a)] - m_mean),
                                     std::abs(m_load[static_cast<std::size_t>(end)] - m_mean));
        auto objective = [&] {
            double s = 0;
            for (int z : path)
                s += (m_load[static_cast<std::size_t>(z)] - m_mean) *
                     (m_load[static_cast<std::size_t>(z)] - m_mean);
            return s;
        };
        const double before = objective();
        std::vector<std::pair<std::uint32_t, int>> done; // (unit, zone it came from)
        std::size_t hops = 0;
        for (std::size_t i = 0; i + 1 < path.size(); ++i) {
            const int from = path[i], to = path[i + 1];
            const auto t = static_cast<std::size_t>(to);
            const double cx = m_sx[t] / m_sw[t], cy = m_sy[t] / m_sw[t];
            std::vector<std::uint32_t> best_block;
            double best_score = inf;
            for (auto u : m_list[static_cast<std::size_t>(from)]) {
                bool touches = false;
                for (const UnitLink& l : m_p.neighbours[u])
                    if (m_zone_of[l.unit] == m_base + to) {
                        touches = true;
                        break;
                    }
                if (!touches) continue;
                const Point pu = m_p.position[u];
                const double score = std::abs(w(u) - want) * 1e6 + std::hypot(pu.x - cx, pu.y - cy);
                if (score < best_score) {
                    const auto& block = block_of(u);
                    if (block.empty()) continue;
                    const double block_score =
                        std::abs(weight_of(block) - want) * 1e6 + std::hypot(pu.x - cx, pu.y - cy);
                    if (block_score < best_score) best_score = block_score, best_block = block;
                }
            }
            if (best_score == inf) break;
            for (auto v : best_block) {
                move(v, to);
                done.emplace_back(v, from);
            }
            ++hops;
        }
        if (hops + 1 == path.size() && objective() < before - m_eps) return true;
        for (auto it = done.rbegin(); it != done.rend(); ++it)
            move(it->first, it->second);
        return false;
    }

    /// Moves a boundary unit to the neighbouring zone holding more of its neighbours than its
    /// own zone does (fewer cut links: smoother borders), or as many but with a nearer centre,
    /// within the balance band and keeping both zones connected. Each move lowers the number
    /// of cut links, or keeps it and lowers the moment of inertia, so it terminates.
    /// With the outline borders (ZoneOutliner::unit_borders): a boundary unit moves to a
    /// neighbouring zone on the streets with whose units its cells share more border than with
    /// its own zone's, within the balance band and keeping both zones connected. Each move
    /// shortens the zones' outlines by at least a decimetre, so it terminates.
    void smooth_borders(int passes) {
        if (!m_borders) return;
        std::vector<double> len(static_cast<std::size_t>(m_k), 0);
        std::vector<int> touched;
        ensure_boundary();
        for (int pass = 0; pass < passes; ++pass) {
            std::size_t moved = 0;
            for (auto u : m_units) {
                if (interior(u)) continue;
                const auto a = static_cast<std::size_t>(local(u));
                touched.clear();
                for (const UnitBorder& bd : (*m_borders)[u]) {
                    const int bz = local(bd.unit);
                    if (m_zone_of[bd.unit] < m_base || bz >= m_k) continue;
                    if (len[static_cast<std::size_t>(bz)] == 0) touched.push_back(bz);
                    len[static_cast<std::size_t>(bz)] += bd.length + 1e-9;
                }
                int best = -1;
                double best_len = len[a] + 0.1;
                for (const UnitLink& l : m_p.neighbours[u]) {
                    const int bz = local(l.unit);
                    if (m_zone_of[l.unit] < m_base || bz >= m_k) continue;
                    const auto b = static_cast<std::size_t>(bz);
                    if (b == a || len[b] <= best_len) continue;
                    const double na = m_load[a] - w(u), nb = m_load[b] + w(u);
                    if (std::max(dev(na), dev(nb)) >
                        std::max(m_band, std::max(dev(m_load[a]), dev(m_load[b]))) + m_eps)
                        continue;
                    best = bz, best_len = len[b];
                }
                for (int bz : touched)
                    len[static_cast<std::size_t>(bz)] = 0;
                if (best >= 0 && stays_connected(u)) {
                    move(u, best);
                    ++moved;
                }
            }
            if (moved == 0) break;
        }
    }

    void smooth(int passes) {
        std::vector<int> count(static_cast<std::size_t>(m_k), 0);
        std::vector<int> touched;
        ensure_boundary();
        for (int pass = 0; pass < passes; ++pass) {
            std::size_t moved = 0;
            for (auto u : m_units) {
                if (interior(u)) continue;
                const auto a = static_cast<std::size_t>(local(u));
                touched.clear();
                for (const UnitLink& l : m_p.neighbours[u]) {
                    const int bz = local(l.unit);
                    if (m_zone_of[l.unit] < m_base || bz >= m_k) continue;
                    if (count[static_cast<std::size_t>(bz)]++ == 0) touched.push_back(bz);
                }
                // Ties in links go to the zone whose centre is nearer (moment of inertia).
                const double m = mass(u);
                const Point pu = m_p.position[u];
                auto sq = [&](std::size_t z) {
                    const double cx = m_sx[z] / m_sw[z], cy = m_sy[z] / m_sw[z];
                    return (pu.x - cx) * (pu.x - cx) + (pu.y - cy) * (pu.y - cy);
                };
                const double leave = m_sw[a] - m > 0 ? m * m_sw[a] / (m_sw[a] - m) * sq(a) : 0;
                int best = -1, best_count = count[a];
                double best_gain = 1e-9;
                for (int bz : touched) {
                    const auto b = static_cast<std::size_t>(bz);
                    if (b == a || count[b] < best_count) continue;
                    const double gain = leave - m * m_sw[b] / (m_sw[b] + m) * sq(b);
                    if (count[b] == best_count && gain <= best_gain) continue;
                    const double na = m_load[a] - w(u), nb = m_load[b] + w(u);
                    if (std::max(dev(na), dev(nb)) >
                        std::max(m_band, std::max(dev(m_load[a]), dev(m_load[b]))) + m_eps)
                        continue;
                    best = bz, best_count = count[b], best_gain = std::max(gain, 1e-9);
                }
                for (int bz : touched)
                    count[static_cast<std::size_t>(bz)] = 0;
                if (best >= 0 && stays_connected(u)) {
                    move(u, best);
                    ++moved;
                }
            }
            if (moved == 0) break;
        }
    }

    const ZoningProblem& m_p;
    int m_piece;
    const std::vector<std::uint32_t>& m_units;
    std::vector<int>& m_zone_of;
    std::vector<std::uint32_t>& m_stamp;
    std::uint32_t& m_now;
    std::vector<std::uint32_t>& m_slot;
    int m_k = 0, m_base = 0;
    double m_weight_total = 0, m_mean = 0, m_eps = 0, m_band = 0;
    std::vector<double> m_load, m_sx, m_sy, m_sw;
    std::vector<double> m_gx, m_gy, m_gn; ///< zones' building centres (spot)
    std::vector<std::size_t> m_members;
    std::vector<std::vector<std::uint32_t>> m_list; ///< members of each zone
    std::vector<char> m_boundary;                   ///< by slot, see update_boundary()
    const std::vector<std::vector<UnitBorder>>* m_borders = nullptr;
    bool m_boundary_valid = false;
    // Scratch for stays_connected().
    std::vector<std::vector<std::uint32_t>> m_search;
    std::vector<std::size_t> m_head;
    std::vector<std::uint32_t> m_group, m_owner; ///< m_owner: by slot
    // Scratch for block_of().
    std::vector<std::uint32_t> m_block, m_open;
    std::vector<double> m_part_w, m_part_m;
    std::vector<std::size_t> m_where; ///< position in its zone's list, by slot
    double m_target = 0.05;
};

/// Draws zones as one polygon where the zoning allows: a zone whose outline comes in several
/// parts hands the units drawn in a part other than its main one (most households) to the
/// zone that shares the longest boundary with that part, when that zone is a street
/// neighbour, both zones stay connected on the streets and both stay within `limit` of the
/// mean. A few rounds, the outlines redrawn after each.
void align_to_outlines(const ZoningProblem& p, const ZoneOutliner& outliner,
                       ZoneOutliner::Drawing& drawing, std::vector<int>& zone_of, int k,
                       double limit, std::vector<geo::MultiPolygon>& outlines, int rounds) {
    const auto nk = static_cast<std::size_t>(k);
    const double mean = p.total_weight / k;
    for (int round = 0; round < rounds; ++round) {
        std::vector<double> load(nk, 0);
        std::vector<std::vector<std::uint32_t>> members(nk);
        for (std::uint32_t u = 0; u < p.units(); ++u) {
            const auto z = static_cast<std::size_t>(zone_of[u]);
            load[z] += p.weight[u];
            members[z].push_back(u);
        }
        // Whether `units` (all in zone `z` per `zone_of`) are connected among themselves.
        std::vector<char> mark(p.units(), 0);
        auto connected = [&](const std::vector<std::uint32_t>& units, int z) {
            if (units.empty()) return false;
            std::vector<std::uint32_t> stack{units[0]};
            mark[units[0]] = 1;
            std::size_t seen = 1;
            std::vector<std::uint32_t> touched{units[0]};
            while (!stack.empty()) {
                const auto u = stack.back();
                stack.pop_back();
                for (const UnitLink& l : p.neighbours[u])
                    if (zone_of[l.unit] == z && !mark[l.unit]) {
                        mark[l.unit] = 1, ++seen;
                        stack.push_back(l.unit), touched.push_back(l.unit);
                    }
            }
            for (auto u : touched)
                mark[u] = 0;
            return seen == units.size();
        };
        std::vector<char> changed(nk, 0);
        bool any = false;
        for (std::size_t a = 0; a < nk; ++a) {
            const auto& shape = outlines[a];
            if (shape.size() <= 1 || changed[a]) continue;
            // Units by the part their first building lies in.
            std::vector<std::vector<std::uint32_t>> in_part(shape.size());
            std::vector<double> part_load(shape.size(), 0);
            for (auto u : members[a])
                for (std::size_t i = 0; i < shape.size(); ++i)
                    if (geo::contains(shape[i], p.centroid[p.buildings_of[u][0]])) {
                        in_part[i].push_back(u), part_load[i] += p.weight[u];
                        break;
                    }
            const auto main = static_cast<std::size_t>(
                std::max_element(part_load.begin(), part_load.end()) - part_load.begin());
            for (std::size_t i = 0; i < shape.size(); ++i) {
                if (i == main || in_part[i].empty() || changed[a]) continue;
                const auto& group = in_part[i];
                const double wg = part_load[i];
                const geo::MultiPolygon stray{shape[i]};
                const double ps = geo::perimeter(stray);
                std::set<int> candidates;
                for (auto u : group)
                    for (const UnitLink& l : p.neighbours[u])
                        if (zone_of[l.unit] != static_cast<int>(a))
                            candidates.insert(zone_of[l.unit]);
                int best = -1;
                double best_shared = 1e-6;
                for (int b : candidates) {
                    const auto ib = static_cast<std::size_t>(b);
                    if (changed[ib] || std::abs(load[ib] + wg - mean) > limit * mean ||
                        std::abs(load[a] - wg - mean) > limit * mean)
                        continue;
                    const auto& other = outlines[ib];
                    if (!geo::bounds(other).intersects(geo::bounds(stray))) continue;
                    const double shared = (ps + geo::perimeter(other) -
                                           geo::perimeter(geo::unite({&other, &stray}))) /
                                          2;
                    if (shared > best_shared) best_shared = shared, best = b;
                }
                if (best < 0) continue;
                for (auto u : group)
                    zone_of[u] = best;
                std::vector<std::uint32_t> rest_a, with_b = members[static_cast<std::size_t>(best)];
                for (auto u : members[a])
                    if (zone_of[u] == static_cast<int>(a)) rest_a.push_back(u);
                with_b.insert(with_b.end(), group.begin(), group.end());
                if (!connected(rest_a, static_cast<int>(a)) || !connected(with_b, best)) {
                    for (auto u : group)
                        zone_of[u] = static_cast<int>(a);
                    continue;
                }
                changed[a] = changed[static_cast<std::size_t>(best)] = 1;
                any = true;
            }
        }
        if (!any) return;
        outlines = outliner.redraw(zone_of, k, changed, drawing); // only the changed zones
    }
}

std::string households_text(double h) {
    return std::to_string(static_cast<long long>(std::llround(h)));
}

double rounded(double x, double unit) {
    return std::round(x / unit) * unit;
}

// Under a capacity: no door may hold more households than one team takes.
void check_capacity(const geo::District& district, const ZoningProblem& p, double capacity) {
    for (std::uint32_t u = 0; u < p.units(); ++u) {
        if (p.weight[u] <= capacity) continue;
        const auto& b = p.buildings_of[u];
        std::uint32_t largest = b[0];
        for (auto i : b)
            if (district.buildings[p.building_index[i]].households >
                district.buildings[p.building_index[largest]].households)
                largest = i;
        const double h = district.buildings[p.building_index[largest]].households;
        if (h > capacity || b.size() == 1)
            throw InputError("patrol zones: building " + std::to_string(p.building_ids[largest]) +
                             " has " + households_text(h) +
                             " households, more than the capacity of " + households_text(capacity) +
                             " per team");
        std::string ids;
        for (auto i : b)
            ids += (ids.empty() ? "" : ", ") + std::to_string(p.building_ids[i]);
        throw InputError("patrol zones: buildings " + ids + " share one door and have " +
                         households_text(p.weight[u]) +
                         " households together, more than the capacity of " +
                         households_text(capacity) + " per team");
    }
}

/// The communities holding scattered buildings (-1: outside every community), in order.
struct Communities {
    std::map<int, double> weight;
    std::map<int, int> units;
    std::vector<int> ids;
};

Communities communities_of(const ZoningProblem& p) {
    Communities c;
    for (std::uint32_t u = 0; u < p.units(); ++u)
        c.weight[p.community[u]] += p.weight[u], ++c.units[p.community[u]];
    for (const auto& [id, wt] : c.weight)
        c.ids.push_back(id);
    return c;
}

// A number of zones the doors and communities can hold.
void check_zone_count(const ZoningProblem& p, const Communities& c, int zones) {
    if (static_cast<std::size_t>(zones) > p.units())
        throw InputError("patrol zones: " + std::to_string(zones) + " zones asked for, but the " +
                         std::to_string(p.building_ids.size()) + " scattered buildings have only " +
                         std::to_string(p.units()) +
                         " doors (buildings sharing a door stay together)");
    if (static_cast<std::size_t>(zones) < c.weight.size())
        throw InputError("patrol zones: " + std::to_string(zones) +
                         " zones asked for, but scattered "
                         "buildings lie in " +
                         std::to_string(c.weight.size()) +
                         " communities and a zone never crosses a community boundary");
}

/// A live piece of one community, zoned on its own.
struct Group {
    int piece = 0;
    int community = -1;
    std::vector<std::uint32_t> units;
    double weight = 0;
    int zones = 0;
};

// The groups of community `c`, by piece.
std::vector<Group> groups_of(const ZoningProblem& p, int c) {
    std::map<int, Group> by_piece;
    for (std::uint32_t u = 0; u < p.units(); ++u) {
        if (p.community[u] != c) continue;
        Group& g = by_piece[p.piece[u]];
        g.piece = p.piece[u], g.community = c;
        g.units.push_back(u);
        g.weight += p.weight[u];
    }
    std::vector<Group> out;
    for (auto& [id, g] : by_piece)
        out.push_back(std::move(g));
    return out;
}

// Zones per community, then per live piece (group) of each community. A given number of
// zones is shared by largest remainder (pieces beyond a community's share are joined to
// their neighbours); a capacity gives each group the fewest zones within it.
std::vector<Group> share_zones(ZoningProblem& p, const Communities& communities,
                               const ZoningParams& params) {
    std::map<int, int> zones_of_community;
    if (params.zones) {
        std::vector<double> wts;
        std::vector<int> caps;
        for (int c : communities.ids)
            wts.push_back(communities.weight.at(c)), caps.push_back(communities.units.at(c));
        const auto seats = apportion(wts, caps, *params.zones);
        for (std::size_t i = 0; i < communities.ids.size(); ++i)
            zones_of_community[communities.ids[i]] = seats[i];
    }
    std::vector<Group> groups;
    for (int c : communities.ids) {
        std::vector<Group> gs = groups_of(p, c);
        if (params.zones) {
            const int kc = zones_of_community[c];
            while (static_cast<int>(gs.size()) > kc) {
                auto smallest =
                    std::min_element(gs.begin(), gs.end(), [](const Group& a, const Group& b) {
                        return a.weight < b.weight;
                    });
                join_piece(p, smallest->piece);
                gs = groups_of(p, c);
            }
            std::vector<double> wts;
            std::vector<int> caps;
            for (const auto& g : gs)
                wts.push_back(g.weight), caps.push_back(static_cast<int>(g.units.size()));
            const auto seats = apportion(wts, caps, kc);
            for (std::size_t i = 0; i < gs.size(); ++i)
                gs[i].zones = seats[i];
        } else {
            for (auto& g : gs)
                g.zones =
                    std::max(1, static_cast<int>(std::ceil(g.weight / *params.capacity - 1e-9)));
        }
        for (auto& g : gs)
            groups.push_back(std::move(g));
    }
    return groups;
}

/// One zoning of every group: zone per unit, the number of zones, and zones per piece.
struct Zoning {
    std::vector<int> zone_of;
    int k = 0;
    std::vector<int> zones_per_piece;
};

/// Zones every group, with seeds drawn per variant; the scratch arrays are shared by the runs.
class GroupsZoner {
public:
    GroupsZoner(const ZoningProblem& p, const std::vector<Group>& groups,
                const ZoningParams& params, const std::vector<std::vector<UnitBorder>>& borders,
                Progress& progress)
        : m_p(p), m_groups(groups), m_params(params), m_borders(borders), m_progress(progress),
          m_stamp(p.units(), 0), m_slot(p.units(), 0) {
        int total_zones = 0;
        for (const auto& g : groups)
            total_zones += g.zones;
        m_global_mean = p.total_weight / total_zones;
    }

    /// `variant` > 0 draws other seeds; `start` (zone per unit, numbered as this zoning numbers
    /// them): zones moved on from it instead (GroupZoner::run).
    Zoning operator()(std::uint64_t variant, const std::vector<int>* start = nullptr) {
        const std::size_t nu = m_p.units();
        Zoning out;
        out.zone_of.assign(nu, -1);
        out.zones_per_piece.assign(m_p.pieces.size(), 0);
        for (std::size_t gi = 0; gi < m_groups.size(); ++gi) {
            const Group& g = m_groups[gi];
            m_progress.report("zoning: growing zones",
                              0.3 + 0.5 * static_cast<double>(gi) /
                                        static_cast<double>(m_groups.size()));
            GroupZoner zoner(m_p, g.piece, g.units, out.zone_of, m_stamp, m_stamp_now, m_slot);
            zoner.use_borders(m_borders.empty() ? nullptr : &m_borders);
            // At a million buildings each regrowth costs about a second: two Lloyd steps.
            zoner.lloyd_steps = nu > border_units ? 2 : 4;
            zoner.use_power = m_params.power_cells && power;
            const std::uint64_t seed =
                m_params.seed * 0x9e3779b97f4a7c15ULL + gi + variant * 0xd1b54a32d192ed03ULL;
            int zones = g.zones;
            while (true) {
                zones = std::min<int>(zones, static_cast<int>(g.units.size()));
                const auto loads = zoner.run(zones, out.k, seed, m_global_mean,
                                             m_params.balance_target, m_progress, start);
                if (!m_params.capacity || zones >= static_cast<int>(g.units.size()) ||
                    *std::max_element(loads.begin(), loads.end()) <= *m_params.capacity + 1e-9)
                    break;
                ++zones; // capacity: one more zone for this part and try again
            }
            out.zones_per_piece[static_cast<std::size_t>(g.piece)] = zones;
            out.k += zones;
        }
        return out;
    }

    bool power = true; ///< start from power cells (GroupZoner::use_power)

private:
    const ZoningProblem& m_p;
    const std::vector<Group>& m_groups;
    const ZoningParams& m_params;
    const std::vector<std::vector<UnitBorder>>& m_borders;
    Progress& m_progress;
    std::vector<std::uint32_t> m_stamp, m_slot;
    std::uint32_t m_stamp_now = 0;
    double m_global_mean = 0;
};

// The zoning of the first seeds; small problems (an outliner given) try more seeds (up to
// six, about 9,000 units' worth of zoning in all), each from power cells and grown on the
// streets, keeping the most compact zoning (mean Polsby-Popper of the buildings' hulls plus
// the outlines' mean Polsby-Popper and area / convex hull) among those that meet the balance
// target and are contiguous.
Zoning best_zoning(const ZoningProblem& p, GroupsZoner& zone_groups, const ZoningParams& params,
                   const ZoneOutliner* outliner) {
    Zoning chosen = zone_groups(0);
    const int variants = static_cast<int>(std::clamp<std::size_t>(variant_units / p.units(), 1, 6));
    if (variants > 1 && outliner) {
        auto score = [&](const Zoning& z) {
            const auto outlines = (*outliner)(z.zone_of, z.k);
            const ZoningQuality q = evaluate_zoning(p, z.zone_of, z.k, &outlines);
            const bool ok = q.share_contiguous == 1 &&
                            q.largest_deviation <= std::max(params.balance_target, q.floor) + 1e-9;
            return ok ? q.mean_building_hull_pp + q.mean_polsby_popper + q.mean_hull_ratio : -1.0;
        };
        double best = score(chosen);
        for (const bool power : {true, false})
            for (int v = power ? 1 : 0; v < variants; ++v) {
                zone_groups.power = power;
                Zoning other = zone_groups(static_cast<std::uint64_t>(v));
                const double sc = score(other);
                if (sc > best) best = sc, chosen = std::move(other);
            }
        zone_groups.power = true;
    }
    return chosen;
}

// Number zones in reading order within each community (north to south, west to east).
void number_in_reading_order(const ZoningProblem& p, std::vector<int>& zone_of, int k) {
    std::vector<Point> centre(static_cast<std::size_t>(k), {0, 0});
    std::vector<double> count(static_cast<std::size_t>(k), 0);
    std::vector<int> zone_community(static_cast<std::size_t>(k), -1);
    for (std::uint32_t u = 0; u < p.units(); ++u) {
        const auto z = static_cast<std::size_t>(zone_of[u]);
        centre[z].x += p.position[u].x, centre[z].y += p.position[u].y, count[z] += 1;
        zone_community[z] = p.community[u];
    }
    std::vector<int> order(static_cast<std::size_t>(k));
    for (int z = 0; z < k; ++z)
        order[static_cast<std::size_t>(z)] = z;
    for (std::size_t z = 0; z < centre.size(); ++z)
        centre[z] = {centre[z].x / count[z], centre[z].y / count[z]};
    // Rows of about the zones' typical size, so neighbours in a row read left to right.
    geo::Box all;
    for (const auto& c : centre)
        all.expand(c);
    const double row =
        std::max(1.0, all.height() / std::max(1.0, std::sqrt(static_cast<double>(k))));
    std::sort(order.begin(), order.end(), [&](int a, int b) {
        const auto ia = static_cast<std::size_t>(a), ib = static_cast<std::size_t>(b);
        const auto ka =
            std::make_tuple(zone_community[ia], -std::floor(centre[ia].y / row), centre[ia].x);
        const auto kb =
            std::make_tuple(zone_community[ib], -std::floor(centre[ib].y / row), centre[ib].x);
        return ka < kb;
    });
    std::vector<int> rank(static_cast<std::size_t>(k));
    for (int i = 0; i < k; ++i)
        rank[static_cast<std::size_t>(order[static_cast<std::size_t>(i)])] = i;
    for (auto& z : zone_of)
        z = rank[static_cast<std::size_t>(z)];
}

/// Each unit's share of walking: the street links of the units' minimum spanning tree (per
/// piece) touching it, so a zone's shares sum to about twice its tree, which a closed walk
/// past every door covers on a tree of streets. Calibrated by real walks in walk_zoning().
std::vector<double> walk_shares(const ZoningProblem& p) {
    using Graph =
        boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                              boost::property<boost::edge_weight_t, double>>;
    Graph g(p.units());
    for (std::uint32_t u = 0; u < p.units(); ++u)
        for (const UnitLink& l : p.neighbours[u])
            if (l.unit > u && p.piece[u] == p.piece[l.unit])
                boost::add_edge(u, l.unit, l.length, g);
    std::vector<Graph::edge_descriptor> tree;
    boost::kruskal_minimum_spanning_tree(g, std::back_inserter(tree));
    std::vector<double> share(p.units(), 1.0); // a metre per door: no door weighs nothing
    const auto length = boost::get(boost::edge_weight, g);
    for (const auto& e : tree) {
        share[boost::source(e, g)] += length[e];
        share[boost::target(e, g)] += length[e];
    }
    return share;
}

/// The buildings (indexes into the district's) of each zone.
std::vector<std::vector<std::size_t>> zone_buildings(const ZoningProblem& p,
                                                     const std::vector<int>& zone_of, int k) {
    std::vector<std::vector<std::size_t>> out(static_cast<std::size_t>(k));
    for (std::size_t i = 0; i < p.building_ids.size(); ++i)
        out[static_cast<std::size_t>(zone_of[p.unit_of[i]])].push_back(p.building_index[i]);
    return out;
}

/// max |x - mean| / mean.
double largest_deviation(const std::vector<double>& x) {
    double mean = 0, worst = 0;
    for (double v : x)
        mean += v / static_cast<double>(x.size());
    for (double v : x)
        worst = std::max(worst, mean > 0 ? std::abs(v - mean) / mean : 0.0);
    return worst;
}

void set_weights(ZoningProblem& p, std::vector<double> weight) {
    p.weight = std::move(weight);
    p.total_weight = 0;
    for (double w : p.weight)
        p.total_weight += w;
}

/// Zones balanced by walking time, finished on the walks themselves: the zone farthest from
/// the mean walk hands a piece of its border to (or takes one from) a neighbouring zone of the
/// same piece, the units nearest that zone first, about as many metres as their weights say
/// halves the gap (or a half, a quarter of that), passing over units whose going would cut the
/// zone in two; both zones' walks are walked again and the move kept when their squared
/// deviations from the mean fall and the longer of the two gets no longer. Stops when every walk is
/// within `goal` of the shortest, no zone can move, or after `evaluations` pairs walked.
class WalkPolisher {
public:
    WalkPolisher(const ZoningProblem& p, Zoning& z, std::vector<double>& walked,
                 const PatrolWalks& walks, Progress& progress)
        : m_p(p), m_z(z), m_walked(walked), m_walks(walks), m_progress(progress),
          m_members(static_cast<std::size_t>(z.k)), m_est(p.units(), 0), m_queued(p.units(), 0),
          m_taken(p.units(), 0), m_seen(p.units(), 0) {
        for (std::uint32_t u = 0; u < p.units(); ++u)
            m_members[zone(u)].push_back(u);
        // A unit's walk: its weight, scaled so that each zone's weights sum to its walk.
        for (std::size_t a = 0; a < m_members.size(); ++a) {
            double load = 0;
            for (auto u : m_members[a])
                load += p.weight[u];
            for (auto u : m_members[a])
                m_est[u] = load > 0 ? p.weight[u] * m_walked[a] / load : 0;
        }
    }

    void run(double goal, int evaluations) {
        const std::size_t k = m_members.size();
        std::vector<char> stuck(k, 0);
        for (int used = 0; used < evaluations;) {
            const auto [low, high] = std::minmax_element(m_walked.begin(), m_walked.end());
            if (*high <= (1 + goal) * *low) return;
            double mean = 0;
            for (double m : m_walked)
                mean += m / static_cast<double>(k);
            // The zone farthest from the mean that can still move.
            std::size_t a = k;
            for (std::size_t z = 0; z < k; ++z)
                if (!stuck[z] &&
                    (a == k || std::abs(m_walked[z] - mean) > std::abs(m_walked[a] - mean)))
                    a = z;
            if (a == k) return;
            const bool heavy = m_walked[a] > mean;
            std::vector<std::size_t> partners = neighbours(a);
            std::erase_if(partners, [&](std::size_t b) {
                return heavy ? m_walked[b] >= m_walked[a] : m_walked[b] <= m_walked[a];
            });
            std::sort(partners.begin(), partners.end(), [&](std::size_t x, std::size_t y) {
                return heavy ? m_walked[x] < m_walked[y] : m_walked[x] > m_walked[y];
            });
            bool moved = false;
            for (std::size_t b : partners) {
                const std::size_t from = heavy ? a : b, to = heavy ? b : a;
                const double gap = (m_walked[from] - m_walked[to]) / 2;
                for (double part : {1.0, 0.5, 0.25}) {
                    if (used >= evaluations) return;
                    const std::vector<std::uint32_t> piece = carve(from, to, part * gap);
                    if (piece.empty()) continue;
                    ++used;
                    if (try_move(piece, from, to, mean)) {
                        moved = true;
                        break;
                    }
                }
                if (moved) break;
            }
            if (moved)
                std::fill(stuck.begin(), stuck.end(), 0);
            else
                stuck[a] = 1;
        }
    }

private:
    std::size_t zone(std::uint32_t u) const { return static_cast<std::size_t>(m_z.zone_of[u]); }

    /// Zones of the same piece sharing a link with zone a.
    std::vector<std::size_t> neighbours(std::size_t a) const {
        std::vector<std::size_t> out;
        for (auto u : m_members[a])
            for (const UnitLink& l : m_p.neighbours[u])
                if (zone(l.unit) != a && m_p.piece[l.unit] == m_p.piece[u])
                    out.push_back(zone(l.unit));
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    }

    /// Units of `from` joined to zone `to`, nearest to its centre first, until their walk
    /// reaches `metres`; a unit whose going would cut `from` in two is passed over. Empty when
    /// no unit can go.
    std::vector<std::uint32_t> carve(std::size_t from, std::size_t to, double metres) {
        Point c{0, 0};
        for (auto u : m_members[to])
            c.x += m_p.position[u].x, c.y += m_p.position[u].y;
        const auto n = static_cast<double>(m_members[to].size());
        c = {c.x / n, c.y / n};
        auto far = [&](std::uint32_t u) {
            return std::hypot(m_p.position[u].x - c.x, m_p.position[u].y - c.y);
        };
        using Entry = std::pair<double, std::uint32_t>;
        std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
        const std::uint32_t queued = ++m_now;
        for (auto u : m_members[from])
            for (const UnitLink& l : m_p.neighbours[u])
                if (zone(l.unit) == to && m_p.piece[l.unit] == m_p.piece[u] &&
                    m_queued[u] != queued) {
                    m_queued[u] = queued;
                    queue.push({far(u), u});
                }
        std::vector<std::uint32_t> piece;
        const std::uint32_t taken = ++m_now;
        double sum = 0;
        while (!queue.empty() && sum < metres && piece.size() + 1 < m_members[from].size()) {
            const std::uint32_t u = queue.top().second;
            queue.pop();
            if (!stays_connected(from, u, taken)) continue;
            m_taken[u] = taken;
            piece.push_back(u);
            sum += m_est[u];
            for (const UnitLink& l : m_p.neighbours[u])
                if (zone(l.unit) == from && m_queued[l.unit] != queued) {
                    m_queued[l.unit] = queued;
                    queue.push({far(l.unit), l.unit});
                }
        }
        return piece;
    }

    /// Whether `from` without its units taken (m_taken == taken) and `u` is still one piece.
    bool stays_connected(std::size_t from, std::uint32_t u, std::uint32_t taken) {
        const std::uint32_t seen = ++m_now;
        std::uint32_t start = u;
        std::size_t left = 0;
        for (auto v : m_members[from])
            if (v != u && m_taken[v] != taken) ++left, start = v;
        if (left == 0) return false;
        m_search.assign(1, start);
        m_seen[start] = seen;
        for (std::size_t i = 0; i < m_search.size(); ++i)
            for (const UnitLink& l : m_p.neighbours[m_search[i]]) {
                const std::uint32_t v = l.unit;
                if (v == u || zone(v) != from || m_taken[v] == taken || m_seen[v] == seen) continue;
                m_seen[v] = seen;
                m_search.push_back(v);
            }
        return m_search.size() == left;
    }

    std::vector<std::size_t> buildings(std::size_t z) const {
        std::vector<std::size_t> out;
        for (auto u : m_members[z])
            for (auto b : m_p.buildings_of[u])
                out.push_back(m_p.building_index[b]);
        return out;
    }

    /// Walks `from` and `to` with `piece` moved; keeps the move when it helps.
    bool try_move(const std::vector<std::uint32_t>& piece, std::size_t from, std::size_t to,
                  double mean) {
        for (auto u : piece)
            m_z.zone_of[u] = static_cast<int>(to);
        auto members = [&](std::size_t z) {
            std::vector<std::uint32_t> out;
            for (auto u : m_members[from])
                if (zone(u) == z) out.push_back(u);
            for (auto u : m_members[to])
                if (zone(u) == z) out.push_back(u);
            return out;
        };
        std::vector<std::uint32_t> new_from = members(from), new_to = members(to);
        std::swap(m_members[from], new_from);
        std::swap(m_members[to], new_to);
        const std::vector<double> walked =
            m_walks.lengths({buildings(from), buildings(to)}, m_progress);
        auto sq = [&](double x) { return (x - mean) * (x - mean); };
        const bool better =
            sq(walked[0]) + sq(walked[1]) < sq(m_walked[from]) + sq(m_walked[to]) &&
            std::max(walked[0], walked[1]) <= std::max(m_walked[from], m_walked[to]);
        if (better) {
            m_walked[from] = walked[0], m_walked[to] = walked[1];
            return true;
        }
        for (auto u : piece)
            m_z.zone_of[u] = static_cast<int>(from);
        std::swap(m_members[from], new_from);
        std::swap(m_members[to], new_to);
        return false;
    }

    const ZoningProblem& m_p;
    Zoning& m_z;
    std::vector<double>& m_walked;
    const PatrolWalks& m_walks;
    Progress& m_progress;
    std::vector<std::vector<std::uint32_t>> m_members;
    std::vector<double> m_est;
    std::vector<std::uint32_t> m_queued, m_taken, m_seen; // stamps
    std::vector<std::uint32_t> m_search;
    std::uint32_t m_now = 0;
};

/// Zones balanced by walking time: the units weighed by their walk shares, zoned, each zone's
/// route walked (PatrolWalks), then every unit's weight scaled by how much longer (or shorter)
/// its zone's walk is than its weight says and the zones rebalanced on the new weights, up to
/// `walk_rounds` times or until the walks deviate less than twice the target; the zoning
/// whose walks deviate least is then finished on the walks themselves (WalkPolisher) until
/// every walk is within the target of the shortest. The problem's households are left as they
/// were. `walked`: each zone's walk, in the zoning's order; `tried`: the walks' largest
/// deviation in each round (before finishing).
Zoning walk_zoning(ZoningProblem& p, const ZoningParams& params,
                   const std::vector<std::vector<UnitBorder>>& borders, const PatrolWalks& walks,
                   std::vector<double>& walked, std::vector<double>& tried, Progress& progress) {
    const std::vector<double> households = p.weight;
    set_weights(p, walk_shares(p));
    // The weights balanced closely, so what is left of the walks' deviation is the weights'.
    ZoningParams close = params;
    close.balance_target = params.balance_target / 3;
    Zoning best;
    double best_deviation = inf;
    std::vector<double> best_weight;
    std::vector<int> last;
    for (int round = 0; round < walk_rounds; ++round) {
        const std::vector<Group> groups = share_zones(p, communities_of(p), close);
        GroupsZoner zoner(p, groups, close, borders, progress);
        // The first zoning from seeds; then each moved on from the last, so a unit's weight
        // stays calibrated on about the zone it is in.
        Zoning z = zoner(0, last.empty() ? nullptr : &last);
        std::vector<double> round_walked =
            walks.lengths(zone_buildings(p, z.zone_of, z.k), progress);
        const double deviation = largest_deviation(round_walked);
        tried.push_back(deviation);
        const auto nk = static_cast<std::size_t>(z.k);
        std::vector<double> load(nk, 0);
        for (std::uint32_t u = 0; u < p.units(); ++u)
            load[static_cast<std::size_t>(z.zone_of[u])] += p.weight[u];
        double all_walked = 0, all_load = 0;
        for (std::size_t i = 0; i < nk; ++i)
            all_walked += round_walked[i], all_load += load[i];
        std::vector<double> factor(nk, 1);
        for (std::size_t i = 0; i < nk; ++i)
            if (round_walked[i] > 0 && load[i] > 0 && all_walked > 0)
                factor[i] = std::clamp(
                    std::pow(round_walked[i] / load[i] / (all_walked / all_load), 0.7), 0.5, 2.0);
        std::vector<double> next = p.weight;
        for (std::uint32_t u = 0; u < p.units(); ++u)
            next[u] *= factor[static_cast<std::size_t>(z.zone_of[u])];
        last = z.zone_of;
        if (deviation < best_deviation) {
            best_deviation = deviation, best = std::move(z), walked = std::move(round_walked);
            best_weight = p.weight;
        }
        if (best_deviation <= 2 * params.balance_target) break;
        set_weights(p, std::move(next));
    }
    // Finished on the walks, with the weights the best zoning was balanced on.
    set_weights(p, std::move(best_weight));
    WalkPolisher(p, best, walked, walks, progress)
        .run(params.balance_target, walk_evaluations_per_zone * best.k);
    set_weights(p, households);
    return best;
}

// The zones and the buildings' assignment into `result`; returns the report's per-zone rows.
nlohmann::json fill_zones(const geo::District& district, const ZoningProblem& p,
                          const std::vector<int>& zone_of, int k,
                          const std::vector<geo::MultiPolygon>& outlines, const ZoningQuality& q,
                          ZoningResult& result) {
    std::vector<std::size_t> buildings_in(static_cast<std::size_t>(k), 0);
    for (std::size_t i = 0; i < p.building_ids.size(); ++i) {
        const int z = zone_of[p.unit_of[i]];
        result.assignment.emplace_back(p.building_ids[i], z + 1);
        ++buildings_in[static_cast<std::size_t>(z)];
    }
    std::vector<int> zone_comm(static_cast<std::size_t>(k), -1);
    for (std::uint32_t u = 0; u < p.units(); ++u)
        zone_comm[static_cast<std::size_t>(zone_of[u])] = p.community[u];
    nlohmann::json per_zone = nlohmann::json::array();
    for (int z = 0; z < k; ++z) {
        const auto iz = static_cast<std::size_t>(z);
        geo::Zone zone;
        zone.id = z + 1;
        zone.name = "片区 " + std::to_string(z + 1);
        zone.team = "巡查组 " + std::to_string(z + 1);
        zone.households = q.households[iz];
        if (zone_comm[iz] >= 0) {
            const auto& c = district.communities[static_cast<std::size_t>(zone_comm[iz])];
            zone.community_id = c.id;
            if (!c.name.empty()) zone.name = c.name + " 片区 " + std::to_string(z + 1);
        }
        zone.geom = outlines[iz];
        zone.buildings = static_cast<int>(buildings_in[iz]);
        zone.area_m2 = geo::area(zone.geom);
        zone.polsby_popper = q.polsby_popper[iz];
        zone.hull_ratio = q.hull_ratio[iz];
        per_zone.push_back(
            {{"zone", zone.id},
             {"name", zone.name},
             {"team", zone.team},
             {"community_id",
              zone.community_id ? nlohmann::json(*zone.community_id) : nlohmann::json()},
             {"households", zone.households},
             {"buildings", buildings_in[iz]},
             {"deviation", rounded(q.mean > 0 ? (zone.households - q.mean) / q.mean : 0, 1e-4)},
             {"area_m2", rounded(geo::area(zone.geom), 1)},
             {"polsby_popper", rounded(q.polsby_popper[iz], 1e-3)},
             {"building_hull_polsby_popper", rounded(q.building_hull_pp[iz], 1e-3)},
             {"hull_ratio", rounded(q.hull_ratio[iz], 1e-3)},
             {"outline_parts", q.outline_parts[iz]},
             {"contiguous", q.components[iz] == 1}});
        result.zones.push_back(std::move(zone));
    }
    return per_zone;
}

// The report's balance, compactness and contiguity.
void report_quality(const ZoningParams& params, const ZoningQuality& q, int k, nlohmann::json& r) {
    double smallest = inf, largest = 0;
    for (double h : q.households)
        smallest = std::min(smallest, h), largest = std::max(largest, h);
    const bool limited = q.floor > params.balance_target;
    r["balance"] = {
        {"mean", q.mean},
        {"smallest", smallest},
        {"largest", largest},
        {"largest_deviation", q.largest_deviation},
        {"target", params.balance_target},
        {"floor", q.floor},
        {"floor_reason", q.floor_reason},
        {"limited_by_floor", limited},
        {"target_met", q.largest_deviation <= std::max(params.balance_target, q.floor) + 1e-9}};
    if (params.capacity) r["balance"]["capacity_met"] = largest <= *params.capacity + 1e-9;
    double min_pp = inf, min_hull = inf;
    for (std::size_t z = 0; z < q.polsby_popper.size(); ++z)
        min_pp = std::min(min_pp, q.polsby_popper[z]),
        min_hull = std::min(min_hull, q.hull_ratio[z]);
    double min_building_hull = inf;
    for (double v : q.building_hull_pp)
        min_building_hull = std::min(min_building_hull, v);
    r["compactness"] = {
        {"mean_building_hull_polsby_popper", q.mean_building_hull_pp},
        {"min_building_hull_polsby_popper", min_building_hull},
        {"mean_polsby_popper", q.mean_polsby_popper},
        {"min_polsby_popper", min_pp},
        {"mean_hull_ratio", q.mean_hull_ratio},
        {"min_hull_ratio", min_hull},
        {"measured_on",
         "building_hull: the convex hull of each zone's buildings (centroids); the others: the "
         "zone outlines (Voronoi cells of the buildings and of street and door-link sites, "
         "dissolved and cut to the zone's reach)"}};
    nlohmann::json split = nlohmann::json::array(), several = nlohmann::json::array();
    for (int z = 0; z < k; ++z) {
        if (q.components[static_cast<std::size_t>(z)] != 1) split.push_back(z + 1);
        if (q.outline_parts[static_cast<std::size_t>(z)] > 1) several.push_back(z + 1);
    }
    r["contiguity"] = {
        {"share_contiguous", q.share_contiguous},
        {"zones_not_contiguous", split},
        {"zones_with_several_outline_parts", several},
        {"crosses_community", q.crosses_community},
        {"measured_on", "touching cells of the walkable network's Voronoi diagram of the doors"}};
}

// How zones were shared among communities and network pieces.
void report_sharing(const geo::District& district, const ZoningProblem& p,
                    const Communities& communities, const std::vector<int>& zones_per_piece,
                    const ZoningParams& params, nlohmann::json& r) {
    nlohmann::json sharing = nlohmann::json::array();
    for (int c : communities.ids) {
        nlohmann::json pieces = nlohmann::json::array();
        int zc = 0;
        for (std::size_t pi = 0; pi < p.pieces.size(); ++pi) {
            const Piece& pc = p.pieces[pi];
            if (pc.community != c) continue;
            zc += zones_per_piece[pi];
            nlohmann::json j = {{"piece", pi + 1},
                                {"network_piece", pc.network_piece + 1},
                                {"buildings", pc.buildings},
                                {"households", pc.households},
                                {"zones", zones_per_piece[pi]}};
            if (pc.joined_to >= 0) {
                int root = pc.joined_to;
                while (p.pieces[static_cast<std::size_t>(root)].joined_to >= 0)
                    root = p.pieces[static_cast<std::size_t>(root)].joined_to;
                j["joined_to_piece"] = root + 1;
                j["join_m"] = rounded(pc.join_length, 0.1);
                j["why"] = "too few households for a zone of its own: joined to the nearest piece "
                           "by a straight line";
            }
            pieces.push_back(std::move(j));
        }
        nlohmann::json cj = {
            {"households", communities.weight.at(c)}, {"zones", zc}, {"pieces", pieces}};
        if (c >= 0) {
            cj["community_id"] = district.communities[static_cast<std::size_t>(c)].id;
            cj["name"] = district.communities[static_cast<std::size_t>(c)].name;
        } else {
            cj["community_id"] = nullptr;
            cj["name"] = district.communities.empty() ? "the whole district (no communities loaded)"
                                                      : "outside every community";
        }
        sharing.push_back(std::move(cj));
    }
    r["sharing"] = {
        {"communities", sharing},
        {"network_pieces", p.network_pieces},
        {"method", params.zones
                       ? "zones per community, then per network piece, by largest remainder"
                       : "per network piece of each community: the fewest zones within the "
                         "capacity"}};
    nlohmann::json off = nlohmann::json::array();
    for (std::size_t i = 0; i < p.building_ids.size(); ++i)
        if (!p.on_network[i])
            off.push_back(
                {{"building", p.building_ids[i]},
                 {"straight_line_m", rounded(p.gap[i], 0.1)},
                 {"why",
                  "no walkable road within the search radius: attached by a straight line"}});
    r["off_network"] = off;
}

// Balanced by walking time: each zone's route metres and how far they are from each other.
void report_walks(const std::vector<double>& walked, const ZoningParams& params,
                  nlohmann::json& r) {
    double mean = 0, smallest = inf, largest = 0;
    for (double m : walked)
        mean += m / static_cast<double>(walked.size()), smallest = std::min(smallest, m),
                                                        largest = std::max(largest, m);
    const double deviation = largest_deviation(walked);
    r["walk_balance"] = {
        {"mean_m", rounded(mean, 1)},
        {"smallest_m", rounded(smallest, 1)},
        {"largest_m", rounded(largest, 1)},
        {"largest_deviation", rounded(deviation, 1e-4)},
        {"spread", rounded(mean > 0 ? (largest - smallest) / mean : 0, 1e-4)},
        {"longest_over_shortest", rounded(smallest > 0 ? largest / smallest - 1 : 0, 1e-4)},
        {"target", params.balance_target},
        {"target_met", deviation <= params.balance_target + 1e-9},
        {"measured_on", "each zone's closed walk past every door, as plan routes walks it"}};
    for (std::size_t z = 0; z < walked.size() && z < r["per_zone"].size(); ++z)
        r["per_zone"][z]["route_m"] = rounded(walked[z], 1);
}

// The zoning's parameters, checked before any work: each error names what is wrong.
void check_zoning_params(const ZoningParams& params, std::size_t buildings) {
    if (params.zones.has_value() == params.capacity.has_value())
        throw InputError(
            "patrol zones: give either the number of zones or a team's capacity in households");
    if (params.zones && *params.zones < 1)
        throw InputError("patrol zones: the number of zones must be at least 1 (got " +
                         std::to_string(*params.zones) + ")");
    if (params.capacity && !(*params.capacity > 0))
        throw InputError("patrol zones: the capacity must be a positive number of households");
    if (params.balance_by == BalanceBy::walk && params.capacity)
        throw InputError("patrol zones: balancing by walking time needs a number of zones, not "
                         "a team capacity in households");
    if (!(params.balance_target >= 0))
        throw InputError("patrol zones: the balance target must not be negative");
    if (!(params.search_radius > 0))
        throw InputError("patrol zones: the search radius must be positive");
    if (params.zones && static_cast<std::size_t>(*params.zones) > buildings && buildings > 0)
        throw InputError("patrol zones: " + std::to_string(*params.zones) +
                         " zones asked for, but there are only " + std::to_string(buildings) +
                         " scattered buildings");
}

} // namespace

ZoningResult zone_patrols(const geo::District& district,
                          const std::vector<geo::Id>& scattered_buildings,
                          const ZoningParams& params, Progress& progress) {
    check_zoning_params(params, scattered_buildings.size());

    ZoningProblem p =
        build_zoning_problem(district, scattered_buildings, params.search_radius, progress);
    const std::size_t nu = p.units();
    if (params.capacity) check_capacity(district, p, *params.capacity);
    const Communities communities = communities_of(p);
    if (params.zones) check_zone_count(p, communities, *params.zones);

    // Pieces too small for a zone of their own are joined to their nearest neighbour piece.
    const double target_mean = params.zones ? p.total_weight / *params.zones : *params.capacity;
    join_small_pieces(p, target_mean / 2);
    const std::vector<Group> groups = share_zones(p, communities, params);

    // The outlines' Voronoi cells depend on the units only, not on the zones: computed on a
    // second thread while the groups are zoned (p is not changed from here on). Large
    // problems: on that one thread only, so the zoning keeps a core of its own.
    const std::size_t cell_threads = nu > border_units ? 1 : 0;
    std::future<std::unique_ptr<ZoneOutliner>> outliner_cells =
        std::async(std::launch::async, [&district, &p, cell_threads] {
            return std::make_unique<ZoneOutliner>(district, p, zone_reach, cell_threads);
        });

    // Small problems: the zoning also shortens the outlines' borders (smooth_borders), so it
    // waits for the cells; large ones only draw the outlines from them afterwards.
    std::unique_ptr<ZoneOutliner> outliner_ptr;
    std::vector<std::vector<UnitBorder>> borders;
    if (nu <= border_units) {
        outliner_ptr = outliner_cells.get();
        borders = outliner_ptr->unit_borders();
    }
    const bool by_walk = params.balance_by == BalanceBy::walk;
    std::unique_ptr<PatrolWalks> walks;
    std::vector<double> walk_tried; // the walks' largest deviation of each zoning tried
    std::vector<double> walked;     // each zone's walk, in the zoning's order
    Zoning chosen;
    if (by_walk) {
        RouteParams route_params;
        route_params.search_radius = params.search_radius;
        walks = std::make_unique<PatrolWalks>(district, route_params);
        chosen = walk_zoning(p, params, borders, *walks, walked, walk_tried, progress);
    } else {
        GroupsZoner zone_groups(p, groups, params, borders, progress);
        chosen = best_zoning(p, zone_groups, params, outliner_ptr.get());
    }
    std::vector<int> zone_of = std::move(chosen.zone_of);
    const int k = chosen.k;
    const std::vector<int> unnumbered = by_walk ? zone_of : std::vector<int>();
    number_in_reading_order(p, zone_of, k);
    if (by_walk) { // the walks in the zones' new order
        std::vector<double> renumbered(walked.size());
        for (std::uint32_t u = 0; u < nu; ++u)
            renumbered[static_cast<std::size_t>(zone_of[u])] =
                walked[static_cast<std::size_t>(unnumbered[u])];
        walked = std::move(renumbered);
    }

    progress.report("zoning: outlines", 0.85);
    if (!outliner_ptr) outliner_ptr = outliner_cells.get();
    const ZoneOutliner& outliner = *outliner_ptr;
    ZoneOutliner::Drawing drawing;
    auto outlines = outliner(zone_of, k, &drawing);
    {
        // Balanced by walking, the households' balance says nothing: the walks are kept.
        const ZoningQuality before = evaluate_zoning(p, zone_of, k);
        const double limit = std::max(params.balance_target, before.floor);
        if (!by_walk && before.largest_deviation <= limit)
            align_to_outlines(p, outliner, drawing, zone_of, k, limit, outlines, 4);
    }
    // The cells and the drawing (millions of small polygons at a million buildings) are freed
    // on another thread while the zones are measured and reported.
    std::future<void> freed =
        std::async(std::launch::async,
                   [cells = std::move(outliner_ptr), shapes = std::move(drawing)]() mutable {
                       cells.reset();
                       shapes = {};
                   });
    const ZoningQuality q = evaluate_zoning(p, zone_of, k, &outlines);

    ZoningResult result;
    const nlohmann::json per_zone = fill_zones(district, p, zone_of, k, outlines, q, result);
    nlohmann::json& r = result.report;
    r["zones"] = k;
    r["buildings"] = p.building_ids.size();
    r["units"] = nu;
    r["households"] = p.total_weight;
    if (p.weight_is_buildings) r["weight"] = "buildings (no building has households)";
    r["parameters"] = {
        {"balance_by", by_walk ? "walk" : "households"},
        {"zones", params.zones ? nlohmann::json(*params.zones) : nlohmann::json()},
        {"capacity", params.capacity ? nlohmann::json(*params.capacity) : nlohmann::json()},
        {"balance_target", params.balance_target},
        {"seed", params.seed},
        {"search_radius", params.search_radius}};
    report_quality(params, q, k, r);
    report_sharing(district, p, communities, chosen.zones_per_piece, params, r);
    r["per_zone"] = per_zone;
    if (by_walk) {
        report_walks(walked, params, r);
        for (double& d : walk_tried)
            d = rounded(d, 1e-4);
        r["walk_balance"]["zonings_tried"] = walk_tried;
    }
    freed.get();
    progress.report("zoning: done", 1.0);
    return result;
}

} // namespace cordon::planner
