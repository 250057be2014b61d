#pragma once
// Bad input for one named parameter of a step (of the family in error.hpp).

#include <cordon/geo/error.hpp>

#include <string>
#include <utility>

namespace cordon {

/// Bad input for one parameter of a step, named as the libraries name it ("margin",
/// "gate_distance"): the value given and what is wrong with it. Front ends say it in their own
/// words (the CLI names its option, the app the field's label); what() reads
/// "margin -3: must be between 0 and 100000".
class ParamError : public InputError {
public:
    ParamError(std::string param, std::string value, std::string problem)
        : InputError(param + (value.empty() ? "" : " " + value) + ": " + problem),
          m_param(std::move(param)), m_value(std::move(value)), m_problem(std::move(problem)) {}
    const std::string& param() const noexcept { return m_param; }
    const std::string& value() const noexcept { return m_value; }
    const std::string& problem() const noexcept { return m_problem; }

private:
    std::string m_param, m_value, m_problem;
};

} // namespace cordon
