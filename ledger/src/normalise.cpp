#include <cordon/ledger/normalise.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <span>

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

/// `key` without any of `endings` at its end, again and again (北斗星花园小区 → 北斗星), as
/// long as something is left.
void strip_endings(std::string& key, std::span<const std::string_view> endings) {
    for (bool stripped = true; stripped;) {
        stripped = false;
        for (std::string_view ending : endings)
            if (ends_with(key, ending) && key.size() > ending.size()) {
                key.resize(key.size() - ending.size());
                stripped = true;
                break;
            }
    }
}

std::string without_leading_zeros(std::string s) {
    std::size_t zeros = 0;
    while (zeros + 1 < s.size() && s[zeros] == '0' && is_digit(s[zeros + 1]))
        ++zeros;
    return s.substr(zeros);
}

} // namespace

Normaliser::Normaliser() : m_simplified(ScriptConverter::Direction::to_simplified) {}

template <typename Make>
const std::string& Normaliser::cached(Cache& cache, std::string_view s, const Make& make) const {
    if (const auto it = cache.find(s); it != cache.end()) return it->second;
    if (cache.size() > 200000) cache.clear(); // bounded: a register of distinct addresses
    return cache.emplace(std::string(s), make()).first->second;
}

std::string Normaliser::text(std::string_view s) const {
    return cached(m_text, s,
                  [&] { return strip_marks(numerals_to_digits(half_width(m_simplified(s)))); });
}

void Normaliser::prepare(const std::vector<std::string_view>& texts) const {
    constexpr std::size_t most = 200000; // as cached() keeps
    std::vector<std::string_view> todo;
    std::unordered_map<std::string_view, bool> seen;
    std::string joined;
    for (std::string_view s : texts) {
        if (m_text.size() + todo.size() >= most) break;
        const bool ascii = std::all_of(s.begin(), s.end(),
                                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
        if (ascii || s.find('\n') != std::string_view::npos || m_text.find(s) != m_text.end() ||
            !seen.emplace(s, true).second)
            continue;
        todo.push_back(s);
        joined.append(s).push_back('\n');
    }
    if (todo.empty()) return;
    // OpenCC converts phrase by phrase, and no phrase holds a line break: each line converts
    // as it would alone.
    const std::string simplified = m_simplified(joined);
    std::vector<std::string_view> lines;
    for (std::size_t at = 0; at < simplified.size();) {
        const std::size_t end = simplified.find('\n', at);
        if (end == std::string::npos) return; // not one line each: text() converts one by one
        lines.push_back(std::string_view(simplified).substr(at, end - at));
        at = end + 1;
    }
    if (lines.size() != todo.size()) return;
    for (std::size_t i = 0; i < todo.size(); ++i)
        m_text.emplace(std::string(todo[i]), strip_marks(numerals_to_digits(half_width(lines[i]))));
}

std::string Normaliser::compound(std::string_view s) const {
    return cached(m_compound, s, [&] {
        static const std::array<std::string_view, 6> suffixes{"住宅小区", "小区", "院落",
                                                              "花园",     "院",   "1期"};
        std::string key = text(s);
        strip_endings(key, suffixes);
        return key;
    });
}

std::string Normaliser::building_number(std::string_view s) const {
    return cached(m_number, s, [&] {
        static const std::array<std::string_view, 8> words{"号楼", "号栋", "栋", "幢",
                                                           "座",   "楼",   "号", "#"};
        std::string key = text(s);
        if (key.rfind("第", 0) == 0) key = key.substr(std::string_view("第").size());
        strip_endings(key, words);
        if (key == "#") key.clear();
        return without_leading_zeros(key);
    });
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
