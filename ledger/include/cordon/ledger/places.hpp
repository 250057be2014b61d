#pragma once
// Where the district's buildings are, as a register names them: in which compound and community.

#include <cordon/geo/district.hpp>

#include <cstddef>
#include <optional>
#include <vector>

namespace cordon::ledger {

/// For each building of the district (same order), the index in `district.compounds` of the
/// compound holding its centroid (the smallest, when compounds nest), or none. The same rule
/// as classify's.
std::vector<std::optional<std::size_t>> compound_of_buildings(const geo::District& district);

/// For each building (same order), the index in `district.communities` of the community
/// holding its centroid (the first, when they overlap), or none.
std::vector<std::optional<std::size_t>> community_of_buildings(const geo::District& district);

} // namespace cordon::ledger
