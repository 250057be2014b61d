#pragma once
// The one exception family Cordon throws across library boundaries.

#include <stdexcept>
#include <string>

namespace cordon {

/// Base of every error Cordon reports to the planner. The message is one line that names
/// the file, layer, feature or field at fault.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Bad input from the planner: a missing file, an unknown layer or field, a source without
/// a CRS, coordinates out of range. The CLI exits with code 2 for these. ParamError
/// (param_error.hpp) is the one naming a step's parameter.
class InputError : public Error {
public:
    using Error::Error;
};

/// The planner cancelled a long operation. Nothing was written.
class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled") {}
};

} // namespace cordon
