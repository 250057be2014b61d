#pragma once
// Chinese text as registers write it, brought to one form before comparing: Traditional or
// Simplified (OpenCC), full-width or half-width, Chinese numerals or digits.

#include <memory>
#include <string>
#include <string_view>

namespace cordon::ledger {

/// An OpenCC converter between Traditional and Simplified Chinese (RAII over its C handle).
class ScriptConverter {
public:
    enum class Direction { to_simplified, to_traditional };
    /// Loads OpenCC's t2s or s2t configuration; throws Error when OpenCC cannot load it.
    explicit ScriptConverter(Direction direction);
    ~ScriptConverter();
    ScriptConverter(const ScriptConverter&) = delete;
    ScriptConverter& operator=(const ScriptConverter&) = delete;

    /// `utf8` converted; ASCII-only text is returned as it is without calling OpenCC.
    std::string operator()(std::string_view utf8) const;

private:
    struct Closer {
        void operator()(void* handle) const;
    };
    std::unique_ptr<void, Closer> m_handle;
};

/// Full-width ASCII forms (Ａ, １, （, ＃, U+FF01–FF5E) and the ideographic space as their
/// half-width equivalents; everything else as it is.
std::string half_width(std::string_view utf8);

/// Runs of Chinese numerals as digits: 十二 → 12, 二十 → 20, 一百零五 → 105, 五〇一 → 501,
/// 两 → 2. Other text as it is.
std::string numerals_to_digits(std::string_view utf8);

/// 1 → 一, 12 → 十二, 20 → 二十, 105 → 一百零五 (0 < n < 10000), as registers write numbers.
std::string chinese_number(int n);

} // namespace cordon::ledger
