#include <cordon/geo/error.hpp>
#include <cordon/geo/field_names.hpp>

#include <set>
#include <string_view>

namespace cordon::geo {
namespace {

// Size in the target encoding of one whole UTF-8 character.
std::size_t char_size(std::string_view utf8_char, TextEncoding target) {
    return target == TextEncoding::utf8 ? utf8_char.size() : utf8_to_gbk(utf8_char).size();
}

// The longest prefix of whole characters of `name` (valid UTF-8) that takes at most `budget`
// bytes in the target encoding.
std::string fit_prefix(std::string_view name, TextEncoding target, std::size_t budget) {
    std::size_t pos = 0;
    std::size_t used = 0;
    while (pos < name.size()) {
        const std::size_t bytes = utf8_char_size(name.substr(pos));
        const std::size_t size = char_size(name.substr(pos, bytes), target);
        if (used + size > budget) break;
        used += size;
        pos += bytes;
    }
    return std::string(name.substr(0, pos));
}

std::string ascii_lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

// How an error message names field `index`: by its text if printable, else by position.
std::string describe_field(std::size_t index, const std::string& name) {
    const std::string position = "field name " + std::to_string(index + 1);
    return is_valid_utf8(name) ? position + " \"" + name + "\"" : position;
}

} // namespace

std::size_t encoded_size(const std::string& utf8, TextEncoding target) {
    if (target == TextEncoding::gbk) return utf8_to_gbk(utf8).size();
    if (!is_valid_utf8(utf8)) throw Error("text is not valid UTF-8");
    return utf8.size();
}

std::vector<std::string> fit_field_names(const std::vector<std::string>& utf8_names,
                                         TextEncoding target) {
    std::vector<std::string> fitted;
    fitted.reserve(utf8_names.size());
    std::set<std::string> taken; // ASCII-lowercased results so far
    for (std::size_t i = 0; i < utf8_names.size(); ++i) {
        const std::string& name = utf8_names[i];
        try {
            encoded_size(name, target);
        } catch (const Error& e) {
            throw InputError(describe_field(i, name) + ": " + e.what());
        }
        std::string result = fit_prefix(name, target, max_field_name_bytes);
        for (int n = 2; taken.contains(ascii_lower(result)); ++n) {
            const std::string suffix = "_" + std::to_string(n);
            if (suffix.size() > max_field_name_bytes)
                throw InputError(describe_field(i, name) + ": no free short name is left");
            result = fit_prefix(name, target, max_field_name_bytes - suffix.size()) + suffix;
        }
        taken.insert(ascii_lower(result));
        fitted.push_back(std::move(result));
    }
    return fitted;
}

} // namespace cordon::geo
