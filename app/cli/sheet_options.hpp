#pragma once
// How a register or a visits sheet is read, from --sheet, --encoding and --column ROLE=COLUMN.

#include "args.hpp"

#include <cordon/ledger/register_file.hpp>

namespace cordon::cli {

/// Throws InputError for an encoding other than gbk or utf8 or a --column not ROLE=COLUMN.
ledger::RegisterOptions sheet_options(const Args& args);

} // namespace cordon::cli
