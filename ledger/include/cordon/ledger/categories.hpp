#pragma once
// The household files a district keeps (建立安置房租住户、商品房住户等4类档案): the categories
// a register's households are counted under, in the order reports list them.

#include <cordon/ledger/normalise.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cordon::ledger {

/// The default list: the two the district named and the usual two others (安置房租住户,
/// 商品房住户, 自建房住户, 出租房住户).
const std::vector<std::string>& default_categories();

/// A list of categories from a text file (UTF-8 or GBK): one a line, blank lines and lines
/// starting with # left out. Throws InputError naming the file and line for a category named
/// twice, one longer than 40 characters, text that is not UTF-8 or GBK, or a file with none.
std::vector<std::string> read_categories(const std::string& file);

/// The category of `list` that a register's text names, compared after normalising (script,
/// width, spaces) and without a trailing 住户/户 on either side (商品房, 商品房户 and 商品房住户
/// are one); none when it names none of them.
std::optional<std::string> list_category(const Normaliser& normalise,
                                         const std::vector<std::string>& list,
                                         const std::string& text);

} // namespace cordon::ledger
