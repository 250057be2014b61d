#include <cordon/geo/text_encoding.hpp>
#include <cordon/ledger/personal.hpp>

#include <vector>

namespace cordon::ledger {

namespace {

std::vector<std::string> characters(const std::string& s) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n =
            std::max<std::size_t>(1, geo::utf8_char_size(std::string_view(s).substr(i)));
        out.push_back(s.substr(i, n));
        i += n;
    }
    return out;
}

/// Keeps `head` characters and `tail` characters, stars between; text too short to keep both
/// and hide something is all stars but its first character.
std::string mask(const std::string& text, std::size_t head, std::size_t tail) {
    const auto chars = characters(text);
    if (chars.empty()) return "";
    std::string out;
    if (chars.size() <= head + tail) {
        out = chars.front();
        out.append(chars.size() - 1, '*');
        return out;
    }
    for (std::size_t i = 0; i < chars.size(); ++i)
        out += i < head || i >= chars.size() - tail ? chars[i] : "*";
    return out;
}

} // namespace

std::string mask_name(const std::string& name) {
    return characters(name).size() == 2 ? mask(name, 1, 0) : mask(name, 1, 1);
}

std::string mask_id_number(const std::string& id) {
    return mask(id, 4, 4);
}

std::string mask_phone(const std::string& phone) {
    return mask(phone, 3, 4);
}

} // namespace cordon::ledger
