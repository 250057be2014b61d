#pragma once
// What a test expects to be refused: the message of the InputError thrown.

#include <cordon/geo/error.hpp>

#include <gtest/gtest.h>

#include <string>

namespace cordon::test {

/// The message of the InputError that `f` throws; fails the test when it throws none.
template <class F> std::string error_of(F&& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    }
    ADD_FAILURE() << "no InputError";
    return {};
}

} // namespace cordon::test
