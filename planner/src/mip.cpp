#include "mip.hpp"

#include <cordon/geo/error.hpp>

#include <algorithm>
#include <cmath>
#include <coin/Cbc_C_Interface.h>
#include <limits>
#include <memory>
#include <string>

namespace cordon::planner {

namespace {

struct CbcDelete {
    void operator()(Cbc_Model* m) const { Cbc_deleteModel(m); }
};
using CbcModel = std::unique_ptr<Cbc_Model, CbcDelete>;

} // namespace

int Mip::add_var(double lower, double upper, double cost, bool integer) {
    m_lower.push_back(lower);
    m_upper.push_back(upper);
    m_cost.push_back(cost);
    m_integer.push_back(integer ? 1 : 0);
    return static_cast<int>(m_lower.size() - 1);
}

void Mip::add_row(const std::vector<std::pair<int, double>>& terms, double lower, double upper) {
    m_rows.push_back(terms);
    m_row_lower.push_back(lower);
    m_row_upper.push_back(upper);
}

Mip::Result Mip::solve(double seconds, double gap,
                       const std::vector<std::pair<int, double>>& start) const {
    // Column-major matrix, as Cbc_loadProblem takes it.
    const std::size_t n = m_lower.size();
    std::vector<int> count(n, 0);
    for (const auto& row : m_rows)
        for (const auto& [j, a] : row)
            ++count[static_cast<std::size_t>(j)];
    std::vector<int> starts(n + 1, 0);
    for (std::size_t j = 0; j < n; ++j)
        starts[j + 1] = starts[j] + count[j];
    std::vector<int> index(static_cast<std::size_t>(starts[n]));
    std::vector<double> value(index.size());
    std::vector<int> fill(starts.begin(), starts.end() - 1);
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        for (const auto& [j, a] : m_rows[i]) {
            const auto k = static_cast<std::size_t>(fill[static_cast<std::size_t>(j)]++);
            index[k] = static_cast<int>(i);
            value[k] = a;
        }
    // CBC reads ±DBL_MAX as no bound.
    auto unbounded = [](double v) {
        return std::isinf(v) ? (v > 0 ? std::numeric_limits<double>::max()
                                      : -std::numeric_limits<double>::max())
                             : v;
    };
    std::vector<double> row_lower(m_row_lower.size()), row_upper(m_row_upper.size());
    std::transform(m_row_lower.begin(), m_row_lower.end(), row_lower.begin(), unbounded);
    std::transform(m_row_upper.begin(), m_row_upper.end(), row_upper.begin(), unbounded);
    std::vector<double> lower(m_lower), upper(m_upper);
    std::transform(lower.begin(), lower.end(), lower.begin(), unbounded);
    std::transform(upper.begin(), upper.end(), upper.begin(), unbounded);

    CbcModel model(Cbc_newModel());
    if (!model) throw Error("CBC: cannot create a model");
    Cbc_loadProblem(model.get(), static_cast<int>(n), static_cast<int>(m_rows.size()),
                    starts.data(), index.data(), value.data(), lower.data(), upper.data(),
                    m_cost.data(), row_lower.data(), row_upper.data());
    for (std::size_t j = 0; j < n; ++j)
        if (m_integer[j]) Cbc_setInteger(model.get(), static_cast<int>(j));
    Cbc_setObjSense(model.get(), 1);
    Cbc_setLogLevel(model.get(), 0);
    Cbc_setMaximumSeconds(model.get(), std::max(0.01, seconds));
    Cbc_setAllowableFractionGap(model.get(), gap);
    if (!start.empty()) {
        std::vector<int> cols;
        std::vector<double> vals;
        for (const auto& [j, v] : start) {
            cols.push_back(j);
            vals.push_back(v);
        }
        Cbc_setMIPStartI(model.get(), static_cast<int>(cols.size()), cols.data(), vals.data());
    }
    Cbc_solve(model.get());

    Result r;
    r.nodes = static_cast<std::size_t>(std::max(0, Cbc_getNodeCount(model.get())));
    const double* best = Cbc_bestSolution(model.get());
    if (Cbc_isProvenInfeasible(model.get()) && !best) {
        r.status = Result::infeasible;
        return r;
    }
    if (best) {
        r.x.assign(best, best + n);
        r.objective = Cbc_getObjValue(model.get());
    }
    r.bound = Cbc_getBestPossibleObjValue(model.get());
    if (!best)
        r.status = Result::no_solution;
    else if (Cbc_isProvenOptimal(model.get()) && Cbc_secondaryStatus(model.get()) != 2)
        r.status = Result::optimal;
    else
        r.status = Result::stopped;
    r.gap_reached = Cbc_secondaryStatus(model.get()) == 2;
    if (r.status == Result::optimal) r.bound = std::max(r.bound, r.objective);
    return r;
}

} // namespace cordon::planner
