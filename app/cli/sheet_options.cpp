#include "sheet_options.hpp"

#include <cordon/geo/error.hpp>

namespace cordon::cli {

ledger::RegisterOptions sheet_options(const Args& args) {
    ledger::RegisterOptions o;
    o.sheet = args.get("sheet").value_or("");
    if (auto enc = args.get("encoding")) {
        auto e = geo::encoding_from_name(*enc);
        if (!e) throw InputError("--encoding " + *enc + ": write gbk or utf8");
        o.encoding = *e;
    }
    for (const std::string& c : args.all("column")) {
        const auto eq = c.find('=');
        if (eq == std::string::npos || eq == 0)
            throw InputError("--column " + c + ": write ROLE=COLUMN (ROLE= for none)");
        o.columns[c.substr(0, eq)] = c.substr(eq + 1);
    }
    return o;
}

} // namespace cordon::cli
