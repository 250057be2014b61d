#pragma once
// Dates as registers and visit sheets write them.

#include <optional>
#include <string>

namespace cordon::ledger {

/// A date cell as ISO 8601: 2026-11-05, 2026/11/5, 2026.11.05, 2026年11月5日, 20261105, or
/// an Excel day number; none when it is not a real date.
std::optional<std::string> iso_date(const std::string& text);

} // namespace cordon::ledger
