#pragma once
// A small command-line parser: positional arguments and --options, each option once or
// repeated, with a clear error for anything unknown; the plan steps' parameters
// (session/parameters.hpp) as options: their names, parsing and help; and the parameters the
// libraries name in their errors and messages, said as the options that give them.

#include <cordon/geo/error.hpp>
#include <cordon/geo/param_text.hpp>
#include <cordon/session/parameters.hpp>

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

    const std::vector<std::string>& positional() const { return m_positional; }
    std::optional<std::string> get(const std::string& name) const;
    std::vector<std::string> all(const std::string& name) const;
    bool flag(const std::string& name) const { return m_flags.count(name) > 0; }
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
    std::vector<std::string> m_positional;
    std::multimap<std::string, std::string> m_values;
    std::set<std::string> m_flags;
};

/// The option that gives a parameter, without the dashes: its name with '-' for '_'
/// ("gate-distance"); a flag that is on unless said otherwise is "no-NAME".
std::string option_of(const session::Param& param);
/// The options taking a value and the flags of these parameters, added to `options`, `flags`.
void add_options(const std::vector<session::Param>& params, std::set<std::string>& options,
                 std::set<std::string>& flags);
/// Sets the parameters given on the command line in `plan` (ParamError naming one when its
/// value is wrong; InputError "missing --NAME" when a required one is not given).
void read_params(const Args& args, const std::vector<session::Param>& params,
                 session::PlanParams& plan);
/// Help lines for the parameters: option, value, what it does, unit, range, default.
std::string params_help(const std::vector<session::Param>& params);
/// The option that gives a parameter as the libraries name it: "--" and the name with '-'
/// for '_' ("source_crs" → "--source-crs"); a name that is an option already stays as it is.
std::string cli_option(const std::string& param);
/// Words naming parameters (ParamText) in the command line's words: "...; use --encoding to
/// override", "(--encoding utf8)".
std::string cli_message(const ParamText& text);
/// A parameter error in the command line's words: "--margin -3: must be between 0 and ...".
std::string cli_message(const ParamError& error);

} // namespace cordon::cli
