#include "args.hpp"

#include <cordon/geo/error.hpp>

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace cordon::cli {

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& options,
           const std::set<std::string>& flags) {
    for (std::size_t i = 0; i < argv.size(); ++i) {
        std::string a = argv[i];
        if (a == "-o") a = "--output";
        if (a.rfind("--", 0) != 0 || a == "--") {
            positional_.push_back(a);
            continue;
        }
        std::string name = a.substr(2), value;
        bool has_value = false;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            has_value = true;
        }
        if (flags.count(name)) {
            if (has_value) throw InputError("--" + name + " takes no value");
            flags_.insert(name);
        } else if (options.count(name)) {
            if (!has_value) {
                if (i + 1 >= argv.size()) throw InputError("--" + name + " needs a value");
                value = argv[++i];
            }
            values_.emplace(name, value);
        } else {
            throw InputError("unknown option --" + name);
        }
    }
}

std::optional<std::string> Args::get(const std::string& name) const {
    auto [lo, hi] = values_.equal_range(name);
    if (lo == hi) return std::nullopt;
    return std::prev(hi)->second;
}

std::vector<std::string> Args::all(const std::string& name) const {
    std::vector<std::string> out;
    for (auto [lo, hi] = values_.equal_range(name); lo != hi; ++lo)
        out.push_back(lo->second);
    return out;
}

std::string Args::required(const std::string& name) const {
    auto v = get(name);
    if (!v) throw InputError("missing --" + name);
    return *v;
}

std::optional<double> Args::number(const std::string& name) const {
    const auto v = get(name);
    if (!v) return std::nullopt;
    try {
        std::size_t used = 0;
        const double value = std::stod(*v, &used);
        if (used == v->size()) return value;
    } catch (const std::exception&) {
    }
    throw InputError("--" + name + " " + *v + ": not a number");
}

std::optional<double> Args::positive(const std::string& name, double max, bool whole) const {
    const auto value = number(name);
    if (!value) return std::nullopt;
    const std::string option = "--" + name + " " + *get(name);
    std::ostringstream range;
    range << "more than 0 and at most " << max;
    if (!(*value > 0 && *value <= max)) throw InputError(option + ": must be " + range.str());
    if (whole && *value != std::floor(*value))
        throw InputError(option + ": must be a whole number");
    return value;
}

std::string Args::one_positional(const std::string& what) const {
    if (positional_.size() != 1)
        throw InputError(positional_.empty()
                             ? "missing " + what
                             : "expected one " + what + ", got " +
                                   std::to_string(positional_.size()) + " arguments");
    return positional_.front();
}

} // namespace cordon::cli
