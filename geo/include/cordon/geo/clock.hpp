#pragma once
// The wall clock, written for people: dates on atlas pages and hand-over notes.

#include <string>

namespace cordon::geo {

/// The current local time written with strftime's `format` (e.g. "%Y-%m-%d").
std::string local_time_text(const char* format);

} // namespace cordon::geo
