#pragma once
// Words for the planner that name parameters (of the family in error.hpp): the libraries name
// an import option or a plan parameter apart from the words around it, and each front end says
// it its own way (cordon-cli its option, the desktop app its field). Library code never names
// a command-line option itself (tests/library_messages.sh checks).

#include <cordon/geo/error.hpp>
#include <cordon/geo/param_error.hpp>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace cordon {

/// A parameter named in a message: an import option or a plan parameter as the libraries name
/// it ("encoding", "source_crs", "map") and the value meant ("gbk"; empty: the parameter itself).
struct ParamMention {
    std::string param;
    std::string value;
};

/// Words for the planner that name parameters where they help ("...; read as GBK; use
/// encoding to override"). The libraries write the words and the parameters apart, so that
/// front ends name each parameter their own way (the CLI its option, the app its
/// field's label): texts[i] comes before params[i]; there is one text more than parameters.
struct ParamText {
    std::vector<std::string> texts{std::string()};
    std::vector<ParamMention> params;

    ParamText& operator<<(const std::string& words) {
        texts.back() += words;
        return *this;
    }
    ParamText& operator<<(ParamMention param) {
        params.push_back(std::move(param));
        texts.emplace_back();
        return *this;
    }
    bool empty() const { return params.empty() && texts.size() == 1 && texts[0].empty(); }
    /// The text with each parameter named by `name`.
    std::string say(const std::function<std::string(const ParamMention&)>& name) const {
        std::string out = texts.at(0);
        for (std::size_t i = 0; i < params.size(); ++i)
            out += name(params[i]) + texts.at(i + 1);
        return out;
    }
    /// As the libraries name parameters, like ParamError: "encoding gbk".
    std::string str() const {
        return say(
            [](const ParamMention& p) { return p.param + (p.value.empty() ? "" : " " + p.value); });
    }
};

/// Bad input the planner puts right through a parameter, e.g. a layer without a CRS ("say
/// which with source_crs"): what() in the libraries' words, text() for front ends to say it
/// in theirs.
class ParamTextError : public InputError {
public:
    explicit ParamTextError(ParamText text) : InputError(text.str()), m_text(std::move(text)) {}
    const ParamText& text() const noexcept { return m_text; }

private:
    ParamText m_text;
};

/// A ParamError as ParamText, for front ends that say both the same way: the parameter and
/// its value, then what is wrong ("margin -3: must be..."; str() is its what()).
inline ParamText param_text(const ParamError& e) {
    return ParamText() << ParamMention{e.param(), e.value()} << ": " + e.problem();
}

} // namespace cordon
