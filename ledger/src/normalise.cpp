#include <cordon/ledger/normalise.hpp>

#include <array>
#include <cctype>

namespace cordon::ledger {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

/// Removes ASCII and CJK punctuation, brackets and spaces; lower-cases ASCII letters.
std::string strip_marks(std::string_view s) {
    static const std::array<std::string_view, 30> marks{
        "（", "）", "【", "】", "〔", "〕", "［", "］", "《", "》", "「", "」", "『", "』", "·",
        "•",  "・", "，", "、", "。", "；", "：", "“",  "”",  "‘",  "’",  "—",  "－", "　", "﹣"};
    std::string out;
    out.reserve(s.size());
    for (std::size_t pos = 0; pos < s.size();) {
        const char c = s[pos];
        if (static_cast<unsigned char>(c) < 0x80) {
            if (std::isalnum(static_cast<unsigned char>(c)) || c == '#')
                out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            ++pos;
            continue;
        }
        bool mark = false;
        for (std::string_view m : marks)
            if (s.substr(pos, m.size()) == m) {
                pos += m.size();
                mark = true;
                break;
            }
        if (!mark) out += s[pos++];
    }
    return out;
}

std::string without_leading_zeros(std::string s) {
    std::size_t zeros = 0;
    while (zeros + 1 < s.size() && s[zeros] == '0' && is_digit(s[zeros + 1]))
        ++zeros;
    return s.substr(zeros);
}

} // namespace

Normaliser::Normaliser() : m_simplified(ScriptConverter::Direction::to_simplified) {}

std::string Normaliser::text(std::string_view s) const {
    auto it = m_cache.find(std::string(s));
    if (it != m_cache.end()) return it->second;
    std::string out = strip_marks(numerals_to_digits(half_width(m_simplified(s))));
    if (m_cache.size() > 200000) m_cache.clear(); // bounded: a register of distinct addresses
    m_cache.emplace(std::string(s), out);
    return out;
}

std::string Normaliser::compound(std::string_view s) const {
    static const std::array<std::string_view, 6> suffixes{"住宅小区", "小区", "院落",
                                                          "花园",     "院",   "1期"};
    std::string key = text(s);
    for (bool stripped = true; stripped;) {
        stripped = false;
        for (std::string_view suffix : suffixes)
            if (ends_with(key, suffix) && key.size() > suffix.size()) {
                key.resize(key.size() - suffix.size());
                stripped = true;
                break;
            }
    }
    return key;
}

std::string Normaliser::building_number(std::string_view s) const {
    static const std::array<std::string_view, 8> words{"号楼", "号栋", "栋", "幢",
                                                       "座",   "楼",   "号", "#"};
    std::string key = text(s);
    if (key.rfind("第", 0) == 0) key = key.substr(std::string_view("第").size());
    for (bool stripped = true; stripped;) {
        stripped = false;
        for (std::string_view word : words)
            if (ends_with(key, word) && key.size() > word.size()) {
                key.resize(key.size() - word.size());
                stripped = true;
                break;
            }
    }
    if (key == "#") key.clear();
    return without_leading_zeros(key);
}

std::optional<Door> Normaliser::door(std::string_view address) const {
    const std::string t = text(address);
    std::size_t start = std::string::npos, end = 0;
    for (std::size_t i = 0; i < t.size();) {
        if (!is_digit(t[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < t.size() && is_digit(t[j]))
            ++j;
        if (t.compare(j, std::string_view("号").size(), "号") == 0 || j == t.size()) {
            start = i;
            end = j;
            break;
        }
        i = j;
    }
    if (start == std::string::npos || start == 0) return std::nullopt;
    return Door{t.substr(0, start), without_leading_zeros(t.substr(start, end - start))};
}

} // namespace cordon::ledger
