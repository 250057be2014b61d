#include "time_range.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/planner/periods.hpp>
#include <cordon/planner/staffing.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cordon::planner {

namespace {

constexpr int k_day = 24 * 60;

std::string clock(int minute) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", (minute / 60) % 24, minute % 60);
    return buf;
}

std::string range_text(int start, int end) {
    return clock(start) + "-" + (end == k_day ? std::string("24:00") : clock(end));
}

std::string trim(const std::string& s) {
    const auto a = s.find_first_not_of(" \t");
    if (a == std::string::npos) return {};
    return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

/// Which minutes of the day the periods cover, with the period (index + 1) covering each.
std::vector<int> minute_owner(const std::vector<Period>& periods) {
    std::vector<int> owner(k_day, 0);
    for (std::size_t i = 0; i < periods.size(); ++i)
        for (int k = 0, n = minutes(periods[i]); k < n; ++k)
            owner[(periods[i].start + k) % k_day] = static_cast<int>(i) + 1;
    return owner;
}

/// The runs of minutes where `pred(minute)` holds, as "HH:MM-HH:MM" texts, runs over midnight
/// joined.
template <class Pred> std::vector<std::string> runs(Pred pred) {
    std::vector<std::pair<int, int>> out;
    for (int m = 0; m < k_day; ++m) {
        if (!pred(m)) continue;
        if (!out.empty() && out.back().second == m)
            out.back().second = m + 1;
        else
            out.push_back({m, m + 1});
    }
    if (out.size() > 1 && out.front().first == 0 && out.back().second == k_day) {
        const std::pair<int, int> wrapped{out.back().first, out.front().second + k_day};
        out.pop_back();
        out.erase(out.begin());
        out.push_back(wrapped);
    }
    std::vector<std::string> texts;
    for (const auto& [a, b] : out)
        texts.push_back(range_text(a % k_day, b > k_day ? b - k_day : b));
    return texts;
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items)
        out += (out.empty() ? "" : ",") + s;
    return out;
}

} // namespace

int minutes(const Period& p) {
    const int span = p.end - p.start;
    return span > 0 ? span : span + k_day;
}

std::vector<Period> parse_periods(const std::string& text) {
    std::vector<Period> out;
    std::size_t from = 0;
    while (from <= text.size()) {
        std::size_t comma = text.find(',', from);
        if (comma == std::string::npos) comma = text.size();
        const std::string item = trim(text.substr(from, comma - from));
        from = comma + 1;
        if (item.empty()) {
            if (comma == text.size()) break;
            continue;
        }
        const std::string quoted = "'" + item + "'";
        const auto eq = item.find('=');
        if (eq == std::string::npos)
            throw InputError(quoted + ": write a period as RANGE=CREW, e.g. 07:00-10:00=3");
        const std::string range = trim(item.substr(0, eq));
        std::size_t used = 0;
        const auto r = detail::parse_time_range(range, &used);
        if (!r || used != range.size())
            throw InputError(quoted + ": '" + range +
                             "' is not a time range (write e.g. 07:00-10:00)");
        std::string problem = detail::time_problem(r->h1, r->m1);
        if (problem.empty()) problem = detail::time_problem(r->h2, r->m2);
        if (!problem.empty()) throw InputError(quoted + ": " + problem);
        const std::string crew = trim(item.substr(eq + 1));
        const bool digits =
            !crew.empty() && crew.size() <= 4 &&
            std::all_of(crew.begin(), crew.end(), [](char c) { return c >= '0' && c <= '9'; });
        const int n = digits ? std::stoi(crew) : -1;
        if (n < 1 || n > k_max_period_crew)
            throw InputError(quoted + ": crew '" + crew + "' must be a whole number from 1 to " +
                             std::to_string(k_max_period_crew));
        Period p;
        p.start = static_cast<int>(r->h1 * 60 + r->m1) % k_day;
        p.end = static_cast<int>(r->h2 * 60 + r->m2);
        if (p.end == 0) p.end = k_day;
        p.crew = n;
        out.push_back(p);
    }
    // Overlaps: the first minute claimed twice names both periods.
    std::vector<int> owner(k_day, 0);
    for (std::size_t i = 0; i < out.size(); ++i)
        for (int k = 0, n = minutes(out[i]); k < n; ++k) {
            int& o = owner[(out[i].start + k) % k_day];
            if (o != 0)
                throw InputError("periods " + range_text(out[o - 1].start, out[o - 1].end) +
                                 " and " + range_text(out[i].start, out[i].end) +
                                 " overlap (from " + clock((out[i].start + k) % k_day) + ")");
            o = static_cast<int>(i) + 1;
        }
    return out;
}

std::string periods_problem(const std::string& text) {
    try {
        parse_periods(text);
    } catch (const InputError& e) {
        return e.what();
    }
    return {};
}

std::string periods_text(const std::vector<Period>& periods) {
    std::string out;
    for (const Period& p : periods)
        out += (out.empty() ? "" : ",") + range_text(p.start, p.end) + "=" + std::to_string(p.crew);
    return out;
}

std::string periods_hours(const std::vector<Period>& periods) {
    const std::vector<int> owner = minute_owner(periods);
    if (std::all_of(owner.begin(), owner.end(), [](int o) { return o != 0; })) return "24 h";
    return join(runs([&](int m) { return owner[m] != 0; }));
}

std::string periods_cover_problem(const std::vector<Period>& periods, const std::string& hours) {
    if (!hours_problem(hours).empty()) return hours_problem(hours);
    std::vector<char> asked(k_day, 1);
    std::size_t used = 0;
    const auto r = detail::parse_time_range(hours, &used);
    std::string asked_text = "24 h";
    if (r) {
        const int start = static_cast<int>(r->h1 * 60 + r->m1) % k_day;
        Period span{start, static_cast<int>(r->h2 * 60 + r->m2), 0};
        if (span.end == 0) span.end = k_day;
        std::fill(asked.begin(), asked.end(), 0);
        for (int k = 0, n = minutes(span); k < n; ++k)
            asked[(start + k) % k_day] = 1;
        asked_text = range_text(span.start, span.end);
    }
    const std::vector<int> owner = minute_owner(periods);
    const auto gaps = runs([&](int m) { return asked[m] && owner[m] == 0; });
    if (!gaps.empty())
        return join(gaps) + (gaps.size() == 1 ? " has" : " have") + " no crew, but the hours are " +
               asked_text;
    const auto outside = runs([&](int m) { return !asked[m] && owner[m] != 0; });
    if (!outside.empty())
        return join(outside) + (outside.size() == 1 ? " is" : " are") + " outside the hours " +
               asked_text;
    return {};
}

std::vector<Period> hours_periods(const std::string& hours, int crew) {
    const std::vector<Period> whole_day{{0, k_day, crew}};
    std::vector<Period> out;
    std::size_t from = 0;
    while (from < hours.size()) {
        std::size_t comma = hours.find(',', from);
        if (comma == std::string::npos) comma = hours.size();
        const std::string range = trim(hours.substr(from, comma - from));
        from = comma + 1;
        std::size_t used = 0;
        const auto r = detail::parse_time_range(range, &used);
        if (!r || used != range.size() || !detail::time_problem(r->h1, r->m1).empty() ||
            !detail::time_problem(r->h2, r->m2).empty())
            return whole_day;
        Period p{static_cast<int>(r->h1 * 60 + r->m1) % k_day, static_cast<int>(r->h2 * 60 + r->m2),
                 crew};
        if (p.end == 0) p.end = k_day;
        out.push_back(p);
    }
    return out.empty() ? whole_day : out;
}

std::array<double, 24> crew_by_hour(const std::vector<Period>& periods) {
    std::array<long long, 24> crew_minutes{};
    for (const Period& p : periods)
        for (int k = 0, n = minutes(p); k < n; ++k)
            crew_minutes[((p.start + k) % k_day) / 60] += p.crew;
    std::array<double, 24> out{};
    for (int h = 0; h < 24; ++h)
        out[h] = crew_minutes[h] / 60.0;
    return out;
}

double crew_hours(const std::vector<Period>& periods) {
    double total = 0;
    for (const Period& p : periods)
        total += p.crew * minutes(p) / 60.0;
    return total;
}

int largest_crew(const std::vector<Period>& periods) {
    int out = 0;
    for (const Period& p : periods)
        out = std::max(out, p.crew);
    return out;
}

double people_per_day(const std::vector<Period>& periods, double shift_hours) {
    double total = 0;
    for (const Period& p : periods)
        total += p.crew * std::ceil(minutes(p) / 60.0 / shift_hours - 1e-9);
    return total;
}

} // namespace cordon::planner
