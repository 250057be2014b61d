#pragma once
// Reading a time range "H[:MM]-H[:MM]" of checkpoint hours and periods (planner-internal).

#include <optional>
#include <string>

namespace cordon::planner::detail {

/// A time range "H[:MM]-H[:MM]" (spaces around the numbers allowed), its numbers as written.
struct TimeRange {
    long long h1 = 0, m1 = 0, h2 = 0, m2 = 0;
};

/// `used`, when given, is set to the characters read (trailing spaces included).
inline std::optional<TimeRange> parse_time_range(const std::string& text,
                                                 std::size_t* used = nullptr) {
    std::size_t i = 0;
    const auto spaces = [&] {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
            ++i;
    };
    // A whole number of at most 9 digits (more is out of any range: 10^9).
    const auto number = [&](long long& out) {
        spaces();
        const std::size_t start = i;
        out = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            if (i - start < 10) out = out * 10 + (text[i] - '0');
            ++i;
        }
        if (i - start > 9) out = 1000000000;
        return i > start;
    };
    const auto time = [&](long long& h, long long& m) {
        if (!number(h)) return false;
        m = 0;
        spaces();
        if (i < text.size() && text[i] == ':') {
            ++i;
            return number(m);
        }
        return true;
    };
    TimeRange r;
    if (!time(r.h1, r.m1)) return std::nullopt;
    spaces();
    if (i >= text.size() || text[i] != '-') return std::nullopt;
    ++i;
    if (!time(r.h2, r.m2)) return std::nullopt;
    spaces();
    if (used) *used = i;
    return r;
}

inline std::string time_problem(long long h, long long m) {
    if (h > 24) return "hour " + std::to_string(h) + " is past 24";
    if (m > 59) return "minute " + std::to_string(m) + " is past 59";
    if (h == 24 && m > 0) {
        const std::string mm = (m < 10 ? "0" : "") + std::to_string(m);
        return "24:" + mm + " is past midnight (0:" + mm + ")";
    }
    return {};
}

} // namespace cordon::planner::detail
