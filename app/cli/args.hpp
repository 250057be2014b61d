#pragma once
// A small command-line parser: positional arguments and --options, each option once or
// repeated, with a clear error for anything unknown.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cordon::cli {

class Args {
public:
    /// `flags` take no value; `options` take one (`--x V` or `--x=V`); `-o` is `--output`.
    Args(const std::vector<std::string>& argv, const std::set<std::string>& options,
         const std::set<std::string>& flags = {});

    const std::vector<std::string>& positional() const { return positional_; }
    std::optional<std::string> get(const std::string& name) const;
    std::vector<std::string> all(const std::string& name) const;
    bool flag(const std::string& name) const { return flags_.count(name) > 0; }
    /// The value of an option that must be there; throws InputError naming it.
    std::string required(const std::string& name) const;
    /// The value of --NAME as a number; none when absent; InputError "--NAME V: not a
    /// number" when it is not one.
    std::optional<double> number(const std::string& name) const;
    /// The same, more than 0 and at most `max` (a whole one when `whole`), else InputError
    /// naming the option.
    std::optional<double> positive(const std::string& name, double max, bool whole = false) const;
    /// The only positional argument (e.g. PROJECT); throws InputError naming `what`.
    std::string one_positional(const std::string& what) const;

private:
    std::vector<std::string> positional_;
    std::multimap<std::string, std::string> values_;
    std::set<std::string> flags_;
};

} // namespace cordon::cli
