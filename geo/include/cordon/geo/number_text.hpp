#pragma once
// Numbers as planners read them in reports and the atlas.

#include <string>

namespace cordon::geo {

/// A whole number grouped by thousands with commas (both languages): 4180 → "4,180",
/// -12345.6 → "-12,346".
std::string thousands(double value);

} // namespace cordon::geo
