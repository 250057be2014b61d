#pragma once
// Personal data masked the way Chinese government systems show it.

#include <string>

namespace cordon::ledger {

/// 张小明 → 张*明, 王五 → 王*, 欧阳小明 → 欧**明: the first and last characters kept.
std::string mask_name(const std::string& name);
/// 510106199001011234 → 5101**********1234: the first and last four kept.
std::string mask_id_number(const std::string& id);
/// 13812345678 → 138****5678: the first three and last four kept.
std::string mask_phone(const std::string& phone);

} // namespace cordon::ledger
