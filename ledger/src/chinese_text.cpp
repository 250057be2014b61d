#include <cordon/geo/error.hpp>
#include <cordon/ledger/chinese_text.hpp>

#include <algorithm>
#include <opencc/opencc.h>
#include <string>
#include <tuple>
#include <vector>

namespace cordon::ledger {

namespace {

/// The code point at `pos` and its size; invalid bytes come back one at a time as -1.
std::pair<long, std::size_t> code_point(std::string_view s, std::size_t pos) {
    const auto c = static_cast<unsigned char>(s[pos]);
    std::size_t size = c < 0x80           ? 1
                       : (c >> 5) == 0x6  ? 2
                       : (c >> 4) == 0xE  ? 3
                       : (c >> 3) == 0x1E ? 4
                                          : 0;
    if (size == 0 || pos + size > s.size()) return {-1, 1};
    long cp = size == 1 ? c : c & (0xFF >> (size + 1));
    for (std::size_t i = 1; i < size; ++i) {
        const auto b = static_cast<unsigned char>(s[pos + i]);
        if ((b >> 6) != 0x2) return {-1, 1};
        cp = (cp << 6) | (b & 0x3F);
    }
    return {cp, size};
}

/// A digit's value (0–9), 10/100/1000 for 十百千, or -1.
int numeral_value(long cp) {
    switch (cp) {
    case U'〇':
    case U'零':
        return 0;
    case U'一':
        return 1;
    case U'二':
    case U'两':
        return 2;
    case U'三':
        return 3;
    case U'四':
        return 4;
    case U'五':
        return 5;
    case U'六':
        return 6;
    case U'七':
        return 7;
    case U'八':
        return 8;
    case U'九':
        return 9;
    case U'十':
        return 10;
    case U'百':
        return 100;
    case U'千':
        return 1000;
    default:
        return -1;
    }
}

std::string numeral_run(const std::vector<int>& run) {
    const bool positional = std::any_of(run.begin(), run.end(), [](int v) { return v >= 10; });
    if (!positional) {
        std::string digits;
        for (int v : run)
            digits += static_cast<char>('0' + v);
        return digits;
    }
    long total = 0, digit = -1;
    for (int v : run) {
        if (v < 10) {
            digit = v;
        } else {
            total += (digit < 0 ? 1 : digit) * v; // 十二: the leading 一 is left out
            digit = -1;
        }
    }
    if (digit > 0) total += digit;
    return std::to_string(total);
}

} // namespace

void ScriptConverter::Closer::operator()(void* handle) const {
    opencc_close(handle);
}

ScriptConverter::ScriptConverter(Direction direction) {
    const char* config = direction == Direction::to_simplified ? "t2s.json" : "s2t.json";
    opencc_t handle = opencc_open(config);
    if (handle == reinterpret_cast<opencc_t>(-1))
        throw Error(std::string("OpenCC cannot load its ") + config +
                    " configuration (Traditional/Simplified Chinese): " + opencc_error());
    m_handle.reset(handle);
}

ScriptConverter::~ScriptConverter() = default;

std::string ScriptConverter::operator()(std::string_view utf8) const {
    if (std::all_of(utf8.begin(), utf8.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
        return std::string(utf8);
    char* converted = opencc_convert_utf8(m_handle.get(), utf8.data(), utf8.size());
    if (!converted) throw Error(std::string("OpenCC cannot convert text: ") + opencc_error());
    std::string out(converted);
    opencc_convert_utf8_free(converted);
    return out;
}

std::string half_width(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t pos = 0; pos < s.size();) {
        const auto [cp, size] = code_point(s, pos);
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            out += static_cast<char>(cp - 0xFF01 + 0x21);
        else if (cp == 0x3000)
            out += ' ';
        else
            out.append(s.substr(pos, size));
        pos += size;
    }
    return out;
}

std::string numerals_to_digits(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::vector<int> run;
    for (std::size_t pos = 0; pos <= s.size();) {
        long cp = -1;
        std::size_t size = 1;
        if (pos < s.size()) std::tie(cp, size) = code_point(s, pos);
        const int value = pos < s.size() ? numeral_value(cp) : -1;
        if (value >= 0) {
            run.push_back(value);
        } else {
            if (!run.empty()) out += numeral_run(run);
            run.clear();
            if (pos < s.size()) out.append(s.substr(pos, size));
        }
        pos += size;
    }
    return out;
}

std::string chinese_number(int n) {
    static const char* digit[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (n <= 0 || n >= 10000) return std::to_string(n);
    static const std::pair<int, const char*> places[] = {{1000, "千"}, {100, "百"}, {10, "十"}};
    std::string out;
    bool zero = false;
    for (const auto& [place, name] : places) {
        const int d = n / place % 10;
        if (d == 0) {
            zero = !out.empty();
            continue;
        }
        if (zero) out += digit[0];
        zero = false;
        if (!(place == 10 && d == 1 && out.empty())) out += digit[d]; // 十二, not 一十二
        out += name;
    }
    if (n % 10) {
        if (zero || (n > 10 && n / 10 % 10 == 0)) out += digit[0];
        out += digit[n % 10];
    }
    return out;
}

} // namespace cordon::ledger
