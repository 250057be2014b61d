#include <cordon/geo/error.hpp>
#include <cordon/geo/text_encoding.hpp>
#include <cordon/ledger/categories.hpp>

#include <fstream>
#include <set>
#include <sstream>

namespace cordon::ledger {

namespace {

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return "";
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

/// The category's core: normalised, without 住户 or 户 at the end.
std::string core(const Normaliser& normalise, const std::string& text) {
    std::string t = normalise.text(text);
    for (const char* suffix : {"住户", "户"}) {
        const std::string s = suffix;
        if (t.size() > s.size() && t.compare(t.size() - s.size(), s.size(), s) == 0) {
            t.resize(t.size() - s.size());
            break;
        }
    }
    return t;
}

} // namespace

const std::vector<std::string>& default_categories() {
    static const std::vector<std::string> list{"安置房租住户", "商品房住户", "自建房住户",
                                               "出租房住户"};
    return list;
}

std::vector<std::string> read_categories(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError(file + ": cannot read the list of household categories");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
    if (!geo::is_valid_utf8(text)) {
        if (!geo::is_valid_gbk(text))
            throw InputError(file + ": the list of household categories is neither UTF-8 nor GBK");
        text = geo::gbk_to_utf8(text);
    }
    std::vector<std::string> list;
    std::set<std::string> seen;
    std::istringstream lines(text);
    std::string line;
    for (int n = 1; std::getline(lines, line); ++n) {
        const std::string c = trimmed(line);
        if (c.empty() || c[0] == '#') continue;
        const std::string where = file + ", line " + std::to_string(n);
        std::size_t chars = 0;
        for (char ch : c)
            chars += (static_cast<unsigned char>(ch) & 0xC0) != 0x80 ? 1 : 0;
        if (chars > 40)
            throw InputError(where + ": a category of " + std::to_string(chars) +
                             " characters; at most 40");
        if (!seen.insert(c).second) throw InputError(where + ": '" + c + "' is named twice");
        list.push_back(c);
    }
    if (list.empty()) throw InputError(file + ": names no household category");
    return list;
}

std::optional<std::string> list_category(const Normaliser& normalise,
                                         const std::vector<std::string>& list,
                                         const std::string& text) {
    if (text.empty()) return std::nullopt;
    const std::string want = core(normalise, text);
    for (const auto& c : list)
        if (core(normalise, c) == want) return c;
    return std::nullopt;
}

} // namespace cordon::ledger
