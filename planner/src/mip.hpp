#pragma once
// A mixed-integer linear programme in our own terms, solved by COIN-OR CBC (mip.cpp): the
// solver's types stay in that one file. Private to the planner.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace cordon::planner {

/// min c·x subject to lo ≤ A x ≤ hi and bounds, some variables whole numbers.
class Mip {
public:
    /// Adds a variable and returns its index.
    int add_var(double lower, double upper, double cost, bool integer);
    /// Adds lower ≤ Σ coefficient·x[index] ≤ upper (use ±infinity for one side).
    void add_row(const std::vector<std::pair<int, double>>& terms, double lower, double upper);
    std::size_t vars() const { return m_lower.size(); }
    std::size_t rows() const { return m_row_lower.size(); }

    struct Result {
        /// optimal: proven best; stopped: the time limit or the gap stopped the search with a
        /// solution; no_solution: stopped before finding one; infeasible: proven none exists.
        enum Status { optimal, stopped, no_solution, infeasible } status = no_solution;
        bool gap_reached = false; ///< stopped because the gap asked for was reached
        std::vector<double> x;    ///< the best solution (when there is one)
        double objective = 0;     ///< its cost
        double bound = 0;         ///< proven lower bound on the optimum
        std::size_t nodes = 0;    ///< branch-and-bound nodes
    };
    /// Solves within `seconds` (> 0), stopping when the relative gap falls to `gap`
    /// (0: proven optimal); `start` gives the whole-number variables of a known solution
    /// (index, value) to start from.
    Result solve(double seconds, double gap,
                 const std::vector<std::pair<int, double>>& start) const;

private:
    std::vector<double> m_lower, m_upper, m_cost;
    std::vector<char> m_integer;
    std::vector<std::vector<std::pair<int, double>>> m_rows;
    std::vector<double> m_row_lower, m_row_upper;
};

} // namespace cordon::planner
