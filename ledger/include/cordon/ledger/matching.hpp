#pragma once
// Putting a register's households on the district's buildings, by rules tried in order:
// the building's code; compound + building number; road + door number; the address text.
// The first rule that finds any building decides: one building is a match, more are
// ambiguous (listed with the reason, never guessed); a household no rule places is unmatched.

#include <cordon/geo/district.hpp>
#include <cordon/ledger/normalise.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cordon::ledger {

/// The rules' names, as households.rule holds them.
inline constexpr const char* k_rule_code = "code";
inline constexpr const char* k_rule_compound = "compound";
inline constexpr const char* k_rule_door = "door";
inline constexpr const char* k_rule_address = "address";
inline constexpr const char* k_rule_manual = "manual";

struct MatchResult {
    std::optional<geo::Id> building; ///< the building, when exactly one fits
    std::string rule;                ///< the rule that decided; empty when none did
    std::string reason;              ///< why ambiguous or unmatched; empty when matched
    bool ambiguous = false;
};

/// Indexes of a district's buildings by code, compound and number, and door.
class Matcher {
public:
    explicit Matcher(const geo::District& district);
    ~Matcher();
    Matcher(const Matcher&) = delete;
    Matcher& operator=(const Matcher&) = delete;

    MatchResult match(const geo::Household& household) const;
    /// Normalises the names of `households` at once (see Normaliser::prepare), before they are
    /// matched one by one: the same matches, sooner.
    void prepare(const std::vector<geo::Household>& households) const;

private:
    struct Index;
    std::unique_ptr<Index> m_index;
};

} // namespace cordon::ledger
