#pragma once
// One form for the names a register and a district write differently: 锦绣东方（二期）小区 and
// 錦繡東方 二期, 十二栋 and １２號樓, 华星路16号 and 華星路 16 號.

#include <cordon/ledger/chinese_text.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cordon::ledger {

/// A door number on a road, as written in an address.
struct Door {
    std::string road;   ///< normalised road name, with whatever precedes it (城市, 区)
    std::string number; ///< digits, no leading zeros
};

/// Normalises text for comparison. Results are cached: a register repeats its compounds.
/// Not thread-safe.
class Normaliser {
public:
    Normaliser();

    /// Simplified, half-width, lower-case Latin letters, Chinese numerals as digits, without
    /// spaces, brackets or punctuation (# is kept).
    std::string text(std::string_view s) const;
    /// Normalises many texts for text() at once: one call of OpenCC for all of them, which is
    /// many times faster than one a text (a district's 60,000 addresses). The same results.
    void prepare(const std::vector<std::string_view>& texts) const;
    /// A compound's name: text() without the suffixes 住宅小区, 小区, 院落, 院, 花园 and 一期
    /// (repeatedly: 北斗星花园小区 → 北斗星); the text() when nothing would be left.
    std::string compound(std::string_view s) const;
    /// A building number: text() without 第 and the words 号楼, 栋, 幢, 座, 楼, 号, #, and
    /// without leading zeros: 十二栋, 12幢, １２號樓, 12座, 012 → "12"; empty for empty text.
    std::string building_number(std::string_view s) const;
    /// The road and door number of an address (华星路16号3单元501 → 华星路, 16): the first
    /// number followed by 号, else a number ending the text; none when there is neither or
    /// nothing precedes it.
    std::optional<Door> door(std::string_view address) const;

private:
    /// Hashes strings and string views alike: the caches are looked up without a copy.
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    using Cache = std::unordered_map<std::string, std::string, Hash, std::equal_to<>>;
    /// `make(s)`, from `cache` when it was made before (at most 200,000 kept).
    template <typename Make>
    const std::string& cached(Cache& cache, std::string_view s, const Make& make) const;

    ScriptConverter m_simplified;
    mutable Cache m_text, m_compound, m_number;
};

} // namespace cordon::ledger
