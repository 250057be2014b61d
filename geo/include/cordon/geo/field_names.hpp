#pragma once
// Fitting attribute field names into the 10-byte limit of Shapefile (dBASE) field names.

#include <cordon/geo/text_encoding.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace cordon::geo {

/// The longest field name a dBASE (.dbf) header holds, in bytes of the output encoding.
inline constexpr std::size_t max_field_name_bytes = 10;

/// Size in bytes of UTF-8 text once encoded in `target` (a CJK character is 3 bytes in
/// UTF-8 and 2 in GBK; ASCII is 1 in both).
/// \throws cordon::Error if `utf8` is not valid UTF-8 or `target` cannot represent it.
std::size_t encoded_size(const std::string& utf8, TextEncoding target);

/// Fits field names to Shapefile's limit of 10 bytes, measured in the `target` encoding.
///
/// Names are processed in order, and each result stays UTF-8:
///  1. A name whose encoded size is at most 10 bytes is kept as it is.
///  2. A longer name is cut after the last whole character that fits in 10 bytes; a
///     character is never cut in half. (In UTF-8 a CJK character takes 3 bytes, so 3 fit;
///     in GBK it takes 2, so 5 fit.)
///  3. If the result equals an earlier result, ignoring ASCII case, the name gets the
///     suffix `_2`, or `_3`, `_4`, ... (the first one still free): the name is cut after
///     the last whole character that leaves room for the suffix within 10 bytes, and the
///     suffix is appended. Earlier names keep theirs; later ones change.
///
/// Examples (UTF-8): `households_estimated` → `households`, then `households_total` →
/// `househol_2`; `小区名称物业公司` → `小区名` (GBK: `小区名称物`), then `小区名称物业类型` →
/// `小区_2` (GBK: `小区名称_2`).
///
/// \throws cordon::InputError if a name is not valid UTF-8 or `target` cannot represent it.
std::vector<std::string> fit_field_names(const std::vector<std::string>& utf8_names,
                                         TextEncoding target);

} // namespace cordon::geo
