#include <cordon/planner/tour.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <utility>

namespace cordon::planner {

namespace {

/// splitmix64: the same numbers on every platform (unlike <random>'s distributions).
class Random {
public:
    explicit Random(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, n) (n > 0; the bias of the modulo is negligible here).
    std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }

private:
    std::uint64_t m_state;
};

constexpr std::size_t neighbour_count = 10;
constexpr std::uint32_t longest_segment = 3; // Or-opt moves runs of 1 to 3 stops

/// Each stop's `k` nearest other stops, nearest first (ties: the lower index), n × k. One pass
/// over each row, keeping the k best in order (most stops are farther than the k-th and cost
/// one comparison).
std::vector<std::uint32_t> nearest_stops(const DistanceMatrix& d, std::size_t k) {
    const auto n = static_cast<std::uint32_t>(d.size());
    std::vector<std::uint32_t> out(n * k);
    std::vector<std::pair<float, std::uint32_t>> best;
    best.reserve(k + 1);
    for (std::uint32_t v = 0; v < n; ++v) {
        const float* row = d.row(v);
        best.clear();
        for (std::uint32_t w = 0; w < n; ++w) {
            if (w == v) continue;
            if (best.size() == k && !(row[w] < best.back().first)) continue;
            // After the equal ones: among ties the lower index (seen first) stays ahead.
            auto at = std::upper_bound(
                best.begin(), best.end(), row[w],
                [](float x, const std::pair<float, std::uint32_t>& b) { return x < b.first; });
            best.insert(at, {row[w], w});
            if (best.size() > k) best.pop_back();
        }
        for (std::size_t i = 0; i < k; ++i)
            out[v * k + i] = best[i].second;
    }
    return out;
}

/// The tour as an array of stops and each stop's position in it. Every change is a reversal
/// of a run of positions (the shorter of the run and its complement), so a change can be
/// undone by replaying the reversals backwards.
class Search {
public:
    Search(const DistanceMatrix& d, const std::vector<std::uint32_t>& order,
           std::vector<std::uint32_t> candidates, std::size_t k)
        : m_d(d), m_n(static_cast<std::uint32_t>(order.size())), m_tour(order), m_pos(m_n),
          m_candidates(std::move(candidates)), m_k(k), m_queued(m_n, 0) {
        for (std::uint32_t i = 0; i < m_n; ++i)
            m_pos[m_tour[i]] = i;
        for (std::uint32_t i = 0; i < m_n; ++i)
            m_length += dist(m_tour[i], m_tour[i + 1 == m_n ? 0 : i + 1]);
        set_tolerance();
    }

    double length() const { return m_length; }
    const std::vector<std::uint32_t>& order() const { return m_tour; }

    /// Local search from every stop.
    void optimise_all() {
        for (std::uint32_t v = 0; v < m_n; ++v)
            push(v);
        optimise();
    }

    /// Iterated local search: `kicks` double bridges between nearby positions, each followed
    /// by the local search around the changed edges; a kick that leaves the tour longer is
    /// undone.
    void iterate(std::size_t kicks, Random& random, const std::atomic<bool>* stop) {
        if (m_n < 8) return;
        const std::uint32_t window = std::min<std::uint32_t>(m_n - 2, 50);
        for (std::size_t k = 0; k < kicks; ++k) {
            if (stop && (k & 63) == 0 && stop->load(std::memory_order_relaxed)) return;
            const double before = m_length;
            m_journal.clear();
            m_journaling = true;
            // Segments B and C after position i swap places: A B C D becomes A C B D.
            const std::uint32_t i = random.below(m_n);
            const std::uint32_t lb = 1 + random.below(window - 1);
            const std::uint32_t lc = 1 + random.below(window - lb);
            const std::uint32_t a = at(i), b1 = at(i + 1), b2 = at(i + lb), c1 = at(i + lb + 1),
                                c2 = at(i + lb + lc), e = at(i + lb + lc + 1);
            m_length +=
                dist(a, c1) + dist(c2, b1) + dist(b2, e) - dist(a, b1) - dist(b2, c1) - dist(c2, e);
            reverse_positions((i + 1) % m_n, lb + lc);
            reverse_positions((i + 1) % m_n, lc);
            reverse_positions((i + 1 + lc) % m_n, lb);
            for (std::uint32_t v : {a, b1, b2, c1, c2, e})
                push(v);
            optimise();
            m_journaling = false;
            if (m_length > before + m_eps) {
                for (auto it = m_journal.rbegin(); it != m_journal.rend(); ++it)
                    reverse_positions(it->first, it->second);
                m_length = before;
            }
        }
    }

private:
    double dist(std::uint32_t a, std::uint32_t b) const { return m_d(a, b); }
    std::uint32_t at(std::uint32_t p) const { return m_tour[p % m_n]; }
    std::uint32_t succ(std::uint32_t v) const {
        const std::uint32_t p = m_pos[v] + 1;
        return m_tour[p == m_n ? 0 : p];
    }
    std::uint32_t pred(std::uint32_t v) const {
        const std::uint32_t p = m_pos[v];
        return m_tour[p == 0 ? m_n - 1 : p - 1];
    }
    std::uint32_t step(std::uint32_t v, bool backward) const {
        return backward ? pred(v) : succ(v);
    }

    void set_tolerance() {
        // A move must gain more than rounding.
        double nearest = 0;
        for (std::uint32_t v = 0; v < m_n; ++v)
            nearest += dist(v, m_candidates[v * m_k]);
        m_eps = 1e-7 * std::max(1e-9, nearest / m_n);
    }

    void push(std::uint32_t v) {
        if (m_queued[v]) return;
        m_queued[v] = 1;
        m_queue.push_back(v);
    }

    void optimise() {
        while (m_head < m_queue.size()) {
            const std::uint32_t v = m_queue[m_head++];
            m_queued[v] = 0;
            if (two_opt(v) || or_opt(v)) push(v);
        }
        m_queue.clear();
        m_head = 0;
    }

    /// Reverses `len` positions from position i on (cyclically).
    void reverse_positions(std::uint32_t i, std::uint32_t len) {
        if (m_journaling) m_journal.emplace_back(i, len);
        std::uint32_t j = (i + len - 1) % m_n;
        for (std::uint32_t s = len / 2; s > 0; --s) {
            const std::uint32_t a = m_tour[i], b = m_tour[j];
            m_tour[i] = b, m_pos[b] = i;
            m_tour[j] = a, m_pos[a] = j;
            i = i + 1 == m_n ? 0 : i + 1;
            j = j == 0 ? m_n - 1 : j - 1;
        }
    }

    /// Reverses the path from `from` forward to `to`, or the rest of the tour when that is
    /// shorter (the same cycle either way).
    void reverse_path(std::uint32_t from, std::uint32_t to) {
        const std::uint32_t i = m_pos[from], j = m_pos[to];
        const std::uint32_t len = (j + m_n - i) % m_n + 1;
        if (2 * len <= m_n)
            reverse_positions(i, len);
        else if (len < m_n)
            reverse_positions((j + 1) % m_n, m_n - len);
    }

    /// Replaces edges a-b and c-d by a-c and b-d, where the tour runs a, b, …, c, d in one
    /// direction.
    void move2(std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t d) {
        (void)d;
        if (succ(a) == b)
            reverse_path(b, c);
        else
            reverse_path(c, b);
    }

    bool two_opt(std::uint32_t a) {
        for (bool backward : {false, true}) {
            const std::uint32_t b = step(a, backward);
            const double ab = dist(a, b);
            for (std::size_t k = 0; k < m_k; ++k) {
                const std::uint32_t c = m_candidates[a * m_k + k];
                const double ac = dist(a, c);
                if (ac >= ab) break;
                const std::uint32_t d = step(c, backward);
                if (c == b || d == a) continue;
                const double delta = ac + dist(b, d) - ab - dist(c, d);
                if (delta < -m_eps) {
                    move2(a, b, c, d);
                    m_length += delta;
                    for (std::uint32_t v : {a, b, c, d})
                        push(v);
                    return true;
                }
            }
        }
        return false;
    }

    /// Moves a run of 1 to 3 stops starting at `a` elsewhere (either way round), next to one
    /// of a's nearest stops.
    bool or_opt(std::uint32_t a) {
        for (std::uint32_t len = 1; len <= longest_segment && len + 3 <= m_n; ++len)
            for (bool backward : {false, true}) {
                // In the direction of the search: p, s1 = a, …, s2, nx.
                std::uint32_t run[longest_segment];
                run[0] = a;
                for (std::uint32_t i = 1; i < len; ++i)
                    run[i] = step(run[i - 1], backward);
                const std::uint32_t s1 = a, s2 = run[len - 1];
                const std::uint32_t p = step(s1, !backward), nx = step(s2, backward);
                const double removed = dist(p, s1) + dist(s2, nx) - dist(p, nx);
                if (removed <= m_eps) continue;
                auto in_run = [&](std::uint32_t v) {
                    return std::find(run, run + len, v) != run + len;
                };
                for (std::size_t k = 0; k < m_k; ++k) {
                    const std::uint32_t c = m_candidates[a * m_k + k];
                    const double ac = dist(a, c);
                    if (ac >= removed) break;
                    if (in_run(c)) continue;
                    for (bool after : {true, false}) {
                        const std::uint32_t e = step(c, after ? backward : !backward);
                        if (in_run(e)) continue;
                        const double delta = ac + dist(s2, e) - dist(c, e) - removed;
                        if (delta >= -m_eps) continue;
                        // The edge f-g, in the search's direction, receives the run.
                        const std::uint32_t f = after ? c : e, g = after ? e : c;
                        if (g == p) {
                            move2(f, g, s2, nx);
                        } else {
                            move2(p, s1, f, g);
                            if (f != nx) move2(p, f, nx, s2);
                        }
                        // Now f, s2, …, s1, g: turn the run round if a must sit next to f.
                        if (c == f && len > 1) move2(f, s2, s1, g);
                        m_length += delta;
                        for (std::uint32_t v : {p, nx, s1, s2, c, e})
                            push(v);
                        return true;
                    }
                }
            }
        return false;
    }

    const DistanceMatrix& m_d;
    std::uint32_t m_n;
    std::vector<std::uint32_t> m_tour, m_pos;
    std::vector<std::uint32_t> m_candidates;
    std::size_t m_k = 0;
    std::vector<std::uint32_t> m_queue;
    std::size_t m_head = 0;
    std::vector<char> m_queued;
    double m_length = 0, m_eps = 0;
    bool m_journaling = false;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> m_journal;
};

/// Greedy edges: the shortest candidate edges that keep every stop at two edges or fewer and
/// close no cycle; the resulting paths joined end to nearest end.
std::vector<std::uint32_t>
greedy_tour(const DistanceMatrix& d, const std::vector<std::uint32_t>& candidates, std::size_t k) {
    const auto n = static_cast<std::uint32_t>(d.size());
    struct Edge {
        float length;
        std::uint32_t a, b;
    };
    std::vector<Edge> edges;
    edges.reserve(n * k);
    for (std::uint32_t v = 0; v < n; ++v)
        for (std::size_t i = 0; i < k; ++i) {
            const std::uint32_t w = candidates[v * k + i];
            edges.push_back({d(v, w), std::min(v, w), std::max(v, w)});
        }
    std::sort(edges.begin(), edges.end(), [](const Edge& x, const Edge& y) {
        return x.length != y.length ? x.length < y.length
                                    : std::make_pair(x.a, x.b) < std::make_pair(y.a, y.b);
    });
    std::vector<std::uint32_t> parent(n);
    std::iota(parent.begin(), parent.end(), 0);
    auto root = [&](std::uint32_t v) {
        while (parent[v] != v)
            v = parent[v] = parent[parent[v]];
        return v;
    };
    constexpr std::uint32_t none = ~0U;
    std::vector<std::array<std::uint32_t, 2>> link(n, {none, none});
    auto degree = [&](std::uint32_t v) { return (link[v][0] != none) + (link[v][1] != none); };
    for (const Edge& e : edges) {
        if (degree(e.a) == 2 || degree(e.b) == 2) continue;
        const std::uint32_t ra = root(e.a), rb = root(e.b);
        if (ra == rb) continue; // repeated edge or a cycle
        parent[ra] = rb;
        link[e.a][degree(e.a)] = e.b;
        link[e.b][degree(e.b)] = e.a;
    }
    // Walk the paths: from an end to the other, then to the nearest end of a path not yet
    // walked.
    std::vector<char> done(n, 0);
    std::vector<std::uint32_t> order;
    order.reserve(n);
    std::vector<std::uint32_t> ends;
    for (std::uint32_t v = 0; v < n; ++v)
        if (degree(v) < 2) ends.push_back(v);
    std::uint32_t v = ends.front();
    while (true) {
        for (std::uint32_t prev = none; v != none;) {
            done[v] = 1;
            order.push_back(v);
            const std::uint32_t next = link[v][0] != prev ? link[v][0] : link[v][1];
            prev = v;
            v = next != none && !done[next] ? next : none;
        }
        if (order.size() == n) break;
        const std::uint32_t last = order.back();
        std::uint32_t best = none;
        for (std::uint32_t w : ends)
            if (!done[w] && (best == none || d(last, w) < d(last, best))) best = w;
        v = best;
    }
    return order;
}

template <class Matrix> double length_of(const Matrix& d, const std::vector<std::size_t>& order) {
    double total = 0;
    for (std::size_t i = 0; i < order.size(); ++i)
        total += d(order[i], order[(i + 1) % order.size()]);
    return total;
}

} // namespace

double tour_length(const DistanceMatrix& d, const std::vector<std::size_t>& order) {
    return length_of(d, order);
}

double tour_length(const std::vector<std::vector<double>>& d,
                   const std::vector<std::size_t>& order) {
    return length_of([&](std::size_t i, std::size_t j) { return d[i][j]; }, order);
}

Tour solve_tour(const DistanceMatrix& d, const TourOptions& options) {
    const std::size_t n = d.size();
    Tour t;
    if (n == 0) return t;
    if (n <= 3) {
        for (std::size_t i = 0; i < n; ++i)
            t.order.push_back((std::min(options.first, n - 1) + i) % n);
    } else {
        const std::size_t k = std::min<std::size_t>(neighbour_count, n - 1);
        std::vector<std::uint32_t> candidates = nearest_stops(d, k);
        const std::vector<std::uint32_t> start = greedy_tour(d, candidates, k);
        Search search(d, start, std::move(candidates), k);
        search.optimise_all();
        Random random(options.seed);
        search.iterate(
            static_cast<std::size_t>(std::max(0.0, options.effort) * static_cast<double>(n)),
            random, options.stop);
        const auto& order = search.order();
        const auto first =
            std::find(order.begin(), order.end(), std::min<std::size_t>(options.first, n - 1));
        t.order.assign(first, order.end());
        t.order.insert(t.order.end(), order.begin(), first);
    }
    t.length = tour_length(d, t.order);
    return t;
}

Tour solve_tour(const std::vector<std::vector<double>>& distance, const TourOptions& options) {
    DistanceMatrix d(distance.size());
    for (std::size_t i = 0; i < distance.size(); ++i)
        for (std::size_t j = i + 1; j < distance.size(); ++j)
            d.set(i, j, static_cast<float>(distance[i][j]));
    Tour t = solve_tour(d, options);
    t.length = tour_length(distance, t.order);
    return t;
}

} // namespace cordon::planner
