#include <cordon/geo/error.hpp>
#include <cordon/geo/text_encoding.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <iconv.h>

namespace cordon::geo {
namespace {

// One iconv conversion descriptor (RAII). Not shareable between threads, hence thread_local
// instances below.
class Iconv {
public:
    Iconv(const char* to, const char* from) : m_handle(iconv_open(to, from)) {
        if (m_handle == invalid())
            throw Error(std::string("iconv cannot convert from ") + from + " to " + to);
    }
    ~Iconv() { iconv_close(m_handle); }
    Iconv(const Iconv&) = delete;
    Iconv& operator=(const Iconv&) = delete;

    struct Result {
        std::string text;
        std::optional<std::size_t> bad_offset; ///< where conversion stopped, if it failed
    };

    Result convert(std::string_view in) {
        iconv(m_handle, nullptr, nullptr, nullptr, nullptr); // reset the shift state
        std::string input(in); // a copy, as iconv wants a mutable input pointer
        char* in_ptr = input.data();
        std::size_t in_left = input.size();
        std::string out(input.size() * 2 + 8, '\0');
        std::size_t used = 0;
        bool flushing = false; // after the input, one call flushes any pending shift state
        while (true) {
            char* out_ptr = out.data() + used;
            std::size_t out_left = out.size() - used;
            const std::size_t rc = flushing
                                       ? iconv(m_handle, nullptr, nullptr, &out_ptr, &out_left)
                                       : iconv(m_handle, &in_ptr, &in_left, &out_ptr, &out_left);
            used = out.size() - out_left;
            if (rc == static_cast<std::size_t>(-1)) {
                if (errno != E2BIG) // EILSEQ or EINVAL: a bad or truncated sequence
                    return {{}, static_cast<std::size_t>(in_ptr - input.data())};
                out.resize(out.size() * 2);
                continue;
            }
            if (flushing) break;
            flushing = true;
        }
        out.resize(used);
        return {std::move(out), std::nullopt};
    }

private:
    static iconv_t invalid() { return reinterpret_cast<iconv_t>(-1); }
    iconv_t m_handle;
};

bool is_continuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

std::string hex_byte(char c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned char>(c));
    return buf;
}

std::size_t first_invalid_utf8(std::string_view text) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t n = utf8_char_size(text.substr(pos));
        if (n == 0) return pos;
        pos += n;
    }
    return pos;
}

char32_t decode_utf8(std::string_view ch) {
    const auto b = [&](std::size_t i) {
        return static_cast<char32_t>(static_cast<unsigned char>(ch[i]));
    };
    switch (ch.size()) {
    case 1:
        return b(0);
    case 2:
        return (b(0) & 0x1F) << 6 | (b(1) & 0x3F);
    case 3:
        return (b(0) & 0x0F) << 12 | (b(1) & 0x3F) << 6 | (b(2) & 0x3F);
    default:
        return (b(0) & 0x07) << 18 | (b(1) & 0x3F) << 12 | (b(2) & 0x3F) << 6 | (b(3) & 0x3F);
    }
}

std::string lower_trimmed(std::string_view s) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && space(s.back()))
        s.remove_suffix(1);
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

} // namespace

std::size_t utf8_char_size(std::string_view text) {
    if (text.empty()) return 0;
    const auto at = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = at(0);
    std::size_t size = 0;
    unsigned char second_min = 0x80;
    unsigned char second_max = 0xBF;
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) {
        size = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        size = 3;
        if (lead == 0xE0) second_min = 0xA0; // overlong
        if (lead == 0xED) second_max = 0x9F; // UTF-16 surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        size = 4;
        if (lead == 0xF0) second_min = 0x90; // overlong
        if (lead == 0xF4) second_max = 0x8F; // above U+10FFFF
    } else {
        return 0;
    }
    if (text.size() < size || at(1) < second_min || at(1) > second_max) return 0;
    for (std::size_t i = 2; i < size; ++i)
        if (!is_continuation(at(i))) return 0;
    return size;
}

bool is_valid_utf8(std::string_view text) {
    return first_invalid_utf8(text) == text.size();
}

bool is_valid_gbk(std::string_view text) {
    if (std::all_of(text.begin(), text.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
        return true;
    thread_local Iconv from_gb18030("UTF-8", "GB18030");
    thread_local Iconv from_cp936("UTF-8", "CP936");
    return !from_gb18030.convert(text).bad_offset || !from_cp936.convert(text).bad_offset;
}

std::string gbk_to_utf8(std::string_view gbk) {
    thread_local Iconv from_gb18030("UTF-8", "GB18030");
    thread_local Iconv from_cp936("UTF-8", "CP936");
    auto result = from_gb18030.convert(gbk);
    if (!result.bad_offset) return std::move(result.text);
    auto fallback = from_cp936.convert(gbk);
    if (!fallback.bad_offset) return std::move(fallback.text);
    const std::size_t at = *result.bad_offset;
    throw Error(
        "text is not valid GBK/GB18030: " +
        (at < gbk.size() ? "byte " + hex_byte(gbk[at]) : std::string("truncated character")) +
        " at offset " + std::to_string(at));
}

std::string decode_lossy(std::string_view text, TextEncoding encoding) {
    static const std::string replacement = "\xEF\xBF\xBD"; // U+FFFD
    std::string out;
    if (encoding == TextEncoding::utf8) {
        while (!text.empty()) {
            const std::size_t n = utf8_char_size(text);
            out += n ? text.substr(0, n) : std::string_view(replacement);
            text.remove_prefix(n ? n : 1);
        }
        return out;
    }
    if (is_valid_gbk(text)) return gbk_to_utf8(text);
    // Character by character: ASCII, a two-byte GBK or a four-byte GB18030 character.
    while (!text.empty()) {
        if (static_cast<unsigned char>(text.front()) < 0x80) {
            out += text.front();
            text.remove_prefix(1);
            continue;
        }
        bool done = false;
        for (std::size_t n : {std::size_t{2}, std::size_t{4}})
            if (!done && text.size() >= n && is_valid_gbk(text.substr(0, n))) {
                out += gbk_to_utf8(text.substr(0, n));
                text.remove_prefix(n);
                done = true;
            }
        if (!done) {
            out += replacement;
            text.remove_prefix(1);
        }
    }
    return out;
}

std::string utf8_to_gbk(std::string_view utf8) {
    const std::size_t invalid = first_invalid_utf8(utf8);
    if (invalid != utf8.size())
        throw Error("text is not valid UTF-8: byte " + hex_byte(utf8[invalid]) + " at offset " +
                    std::to_string(invalid));
    thread_local Iconv to_cp936("CP936", "UTF-8");
    auto result = to_cp936.convert(utf8);
    if (!result.bad_offset) return std::move(result.text);
    const std::size_t at = *result.bad_offset;
    const std::string_view ch = utf8.substr(at, utf8_char_size(utf8.substr(at)));
    char code[16];
    std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(decode_utf8(ch)));
    throw Error("cannot encode text as GBK: character \"" + std::string(ch) + "\" (" + code +
                ") at byte " + std::to_string(at) + " has no GBK code");
}

TextEncoding detect_encoding(const std::vector<std::string>& samples) {
    const auto not_utf8 = std::find_if_not(samples.begin(), samples.end(),
                                           [](const std::string& s) { return is_valid_utf8(s); });
    if (not_utf8 == samples.end()) return TextEncoding::utf8;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        try {
            gbk_to_utf8(samples[i]);
        } catch (const Error& e) {
            throw InputError("text is neither UTF-8 nor GBK: sample " +
                             std::to_string(not_utf8 - samples.begin()) +
                             " is not UTF-8, and sample " + std::to_string(i) + " is not GBK (" +
                             e.what() + ")");
        }
    }
    return TextEncoding::gbk;
}

std::optional<TextEncoding> encoding_from_name(std::string_view name) {
    const std::string n = lower_trimmed(name);
    if (n == "utf-8" || n == "utf8" || n == "65001") return TextEncoding::utf8;
    if (n == "gbk" || n == "gb18030" || n == "gb2312" || n == "cp936" || n == "936")
        return TextEncoding::gbk;
    return std::nullopt;
}

const char* gdal_encoding_name(TextEncoding encoding) {
    switch (encoding) {
    case TextEncoding::utf8:
        return "UTF-8";
    case TextEncoding::gbk:
        return "CP936";
    }
    return "UTF-8";
}

} // namespace cordon::geo
