#pragma once
// Closed tours through stops (the travelling salesman problem on a symmetric distance
// matrix): a greedy tour from each stop's nearest neighbours, a local search with candidate
// lists and don't-look bits (2-opt and Or-opt, the shorter side reversed), then an iterated
// local search with double-bridge kicks. Deterministic: the same matrix, effort and seed give
// the same tour on every machine.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace cordon::planner {

/// A symmetric matrix of distances between n stops (n² floats).
class DistanceMatrix {
public:
    explicit DistanceMatrix(std::size_t n = 0) : m_n(n), m_d(n * n, 0.0f) {}
    std::size_t size() const { return m_n; }
    float operator()(std::size_t i, std::size_t j) const { return m_d[i * m_n + j]; }
    /// Sets the distance both ways.
    void set(std::size_t i, std::size_t j, float x) { m_d[i * m_n + j] = m_d[j * m_n + i] = x; }
    const float* row(std::size_t i) const { return m_d.data() + i * m_n; }

private:
    std::size_t m_n;
    std::vector<float> m_d;
};

struct TourOptions {
    /// Kicks of the iterated local search per stop after the first local search (0: the local
    /// search only). The work, not the time, is fixed, so the tour does not depend on the
    /// machine or its load.
    double effort = 10;
    std::uint64_t seed = 1;
    std::size_t first = 0; ///< the stop the tour's order starts with
    /// When it turns true, the search stops and returns the best tour so far.
    const std::atomic<bool>* stop = nullptr;
};

struct Tour {
    std::vector<std::size_t> order; ///< every stop once, starting with TourOptions::first
    double length = 0;              ///< closed: back to the first stop
};

Tour solve_tour(const DistanceMatrix& distance, const TourOptions& options = {});
/// The same on a full matrix of doubles (the length is summed from these doubles).
Tour solve_tour(const std::vector<std::vector<double>>& distance, const TourOptions& options = {});

double tour_length(const DistanceMatrix& distance, const std::vector<std::size_t>& order);
double tour_length(const std::vector<std::vector<double>>& distance,
                   const std::vector<std::size_t>& order);

} // namespace cordon::planner
