#include "args.hpp"

#include <cordon/geo/error.hpp>

#include <algorithm>
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
            m_positional.push_back(a);
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
            m_flags.insert(name);
        } else if (options.count(name)) {
            if (!has_value) {
                if (i + 1 >= argv.size()) throw InputError("--" + name + " needs a value");
                value = argv[++i];
            }
            m_values.emplace(name, value);
        } else {
            throw InputError("unknown option --" + name);
        }
    }
}

std::optional<std::string> Args::get(const std::string& name) const {
    auto [lo, hi] = m_values.equal_range(name);
    if (lo == hi) return std::nullopt;
    return std::prev(hi)->second;
}

std::vector<std::string> Args::all(const std::string& name) const {
    std::vector<std::string> out;
    for (auto [lo, hi] = m_values.equal_range(name); lo != hi; ++lo)
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
    if (const auto value = session::parse_number(*v)) return value;
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

std::string option_of(const session::Param& param) {
    std::string name = param.name;
    std::replace(name.begin(), name.end(), '_', '-');
    if (param.type == session::ParamType::flag && param.fallback == true) return "no-" + name;
    return name;
}

void add_options(const std::vector<session::Param>& params, std::set<std::string>& options,
                 std::set<std::string>& flags) {
    for (const session::Param& p : params)
        (p.type == session::ParamType::flag ? flags : options).insert(option_of(p));
}

void read_params(const Args& args, const std::vector<session::Param>& params,
                 session::PlanParams& plan) {
    for (const session::Param& p : params) {
        const std::string option = option_of(p);
        if (p.type == session::ParamType::flag) {
            if (args.flag(option)) session::set_value(plan, p, p.fallback != true);
        } else if (p.type == session::ParamType::texts) {
            nlohmann::json values = nlohmann::json::array();
            for (const std::string& text : args.all(option)) {
                session::read_value(p, text);
                values.push_back(text);
            }
            if (p.required && values.empty())
                throw InputError("missing --" + option + " " + p.value_name + " (" + p.help + ")");
            if (!values.empty()) session::set_value(plan, p, values);
        } else if (const auto text = args.get(option)) {
            session::set_value(plan, p, session::read_value(p, *text));
        }
    }
}

std::string params_help(const std::vector<session::Param>& params) {
    std::ostringstream out;
    for (const session::Param& p : params) {
        std::string head = "  --" + option_of(p);
        std::string value = p.value_name;
        if (value.empty()) value = p.unit == "m" ? "M" : p.unit == "h" ? "H" : "N";
        if (p.type != session::ParamType::flag) head += " " + value;
        std::string what = p.help;
        if (p.type == session::ParamType::flag && p.fallback == true)
            what += " (done unless this is given)";
        std::vector<std::string> notes;
        if (p.type == session::ParamType::number || p.type == session::ParamType::whole) {
            notes.push_back(session::value_text(p.min) + " to " + session::value_text(p.max) +
                            (p.unit.empty() ? "" : " " + p.unit));
        }
        if (!p.fallback.is_null() && p.type != session::ParamType::flag)
            notes.push_back("default " + session::value_text(p.fallback));
        if (p.type == session::ParamType::texts) notes.push_back("repeat for more");
        if (p.required) notes.push_back("needed");
        for (std::size_t i = 0; i < notes.size(); ++i)
            what += (i == 0 ? " (" : "; ") + notes[i] + (i + 1 == notes.size() ? ")" : "");
        out << head << "\n";
        // The text wrapped at 92 columns, indented.
        std::istringstream words(what);
        std::string word, line = "     ";
        while (words >> word) {
            if (line.size() + word.size() + 1 > 92) {
                out << line << "\n";
                line = "     ";
            }
            line += " " + word;
        }
        out << line << "\n";
    }
    return out.str();
}

std::string cli_option(const std::string& param) {
    if (param.rfind("-", 0) == 0) return param;
    std::string option = param;
    std::replace(option.begin(), option.end(), '_', '-');
    return "--" + option;
}

std::string cli_message(const ParamText& text) {
    return text.say([](const ParamMention& p) {
        return cli_option(p.param) + (p.value.empty() ? "" : " " + p.value);
    });
}

std::string cli_message(const ParamError& error) {
    return cli_message(param_text(error));
}

std::string Args::one_positional(const std::string& what) const {
    if (m_positional.size() != 1)
        throw InputError(m_positional.empty()
                             ? "missing " + what
                             : "expected one " + what + ", got " +
                                   std::to_string(m_positional.size()) + " arguments");
    return m_positional.front();
}

} // namespace cordon::cli
