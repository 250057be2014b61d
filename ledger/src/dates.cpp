#include <cordon/ledger/dates.hpp>

#include <cstdio>
#include <ctime>
#include <string_view>

namespace cordon::ledger {

std::optional<std::string> iso_date(const std::string& text) {
    int y = 0, m = 0, d = 0;
    char rest[8] = {};
    // 年 and 月 (and / and .) as -, 日 and what follows it left out.
    std::string t;
    for (std::size_t i = 0; i < text.size();) {
        const std::string_view ahead = std::string_view(text).substr(i);
        if (ahead.starts_with("年") || ahead.starts_with("月")) {
            t += '-';
            i += 3;
        } else if (ahead.starts_with("日")) {
            break;
        } else {
            t += text[i] == '/' || text[i] == '.' ? '-' : text[i];
            ++i;
        }
    }
    if (const auto space = t.find(' '); space != std::string::npos) t.resize(space); // a time
    bool parsed = std::sscanf(t.c_str(), "%4d-%2d-%2d%1s", &y, &m, &d, rest) == 3;
    if (!parsed && t.size() == 8 && t.find_first_not_of("0123456789") == std::string::npos) {
        y = std::stoi(t.substr(0, 4)), m = std::stoi(t.substr(4, 2)), d = std::stoi(t.substr(6));
        parsed = true;
    }
    if (!parsed && !t.empty() && t.size() <= 6 &&
        t.find_first_not_of("0123456789") == std::string::npos) {
        // An Excel serial day (1 = 1900-01-01, with Excel's 1900-02-29): 25569 = 1970-01-01.
        const long serial = std::stol(t);
        if (serial > 60 && serial < 2958466) {
            const std::time_t secs = static_cast<std::time_t>(serial - 25569) * 86400;
            std::tm tm{};
            gmtime_r(&secs, &tm);
            y = tm.tm_year + 1900, m = tm.tm_mon + 1, d = tm.tm_mday;
            parsed = true;
        }
    }
    if (!parsed || y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return std::nullopt;
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > days[m - 1] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
    char out[40];
    std::snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
    return out;
}

} // namespace cordon::ledger
