#pragma once
// One description per parameter of each plan step: its name, type, unit, range, default,
// help text and labels, and how it sits in PlanParams. The CLI derives its options, their
// parsing and --help from these; the app its controls' ranges, defaults and labels; both check
// values through validate(), which names the parameter (ParamError), and each front end says
// the name in its own words (an option on the command line, a field's label in the app).

#include <cordon/geo/param_error.hpp>
#include <cordon/session/plan.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cordon::session {

enum class ParamType {
    number, ///< a real number from min to max
    whole,  ///< a whole number from min to max
    choice, ///< one of `choices`
    flag,   ///< on or off
    text,   ///< one text (checked by `check`)
    texts,  ///< any number of texts, given one by one (each checked by `check`)
};

struct Param {
    std::string step; ///< the step it belongs to: classify, gates, zones, ...
    std::string name; ///< "gate_distance": how errors, the history and front ends name it
    ParamType type = ParamType::number;
    std::string unit;        ///< "m", "%", "km/h", ...; empty when it has none
    double min = 0, max = 0; ///< number, whole: the range, both ends included
    /// The value when none is given; null when the step does without (zones, budget).
    nlohmann::json fallback;
    /// Where a form starts when there is no fallback (8 zones); null: empty.
    nlohmann::json suggested;
    double increment = 1;             ///< number, whole: a spin control's step
    int digits = 0;                   ///< number: decimals a control shows
    std::vector<std::string> choices; ///< choice: the values
    /// choice: how a form shows each value (in the order of `choices`), English and Chinese
    std::vector<std::string> choice_labels_en, choice_labels_zh;
    std::string value_name;         ///< what a value looks like in help: "M", "FILE", "ROAD"
    std::string label_en, label_zh; ///< a form's label
    std::string help;               ///< what it does, in a sentence or two (English)
    bool required = false;          ///< the step cannot run without it (area)
    /// text, texts: throws ParamError when one text is wrong (hours out of the clock).
    std::function<void(const Param&, const std::string&)> check;
    std::function<nlohmann::json(const PlanParams&)> get;
    std::function<void(PlanParams&, const nlohmann::json&)> set; ///< of a valid value
};

/// The parameters of `step` (one of plan_steps, "checkpoints", or "all": those of every
/// patrol step), in the order help lists them. InputError for an unknown step.
const std::vector<Param>& step_params(const std::string& step);
/// One parameter of `step` by name; InputError naming it when there is none.
const Param& find_param(const std::string& step, const std::string& name);

/// A number as the planner writes it ("300", "0.5", "1e3"); none when `text` is not one.
std::optional<double> parse_number(const std::string& text);
/// Text typed for a parameter as its value: a number for number and whole, the text itself
/// for choice and text, one-element lists for texts, true for flag; then validate()d.
/// ParamError naming the parameter and quoting `text` when it is not one.
nlohmann::json read_value(const Param& param, const std::string& text);
/// Throws ParamError naming the parameter when `value` is not one it takes: of the wrong
/// type, out of range, not whole, not a choice, refused by `check`.
void validate(const Param& param, const nlohmann::json& value);
/// validate()s `value` and sets it in `params`.
void set_value(PlanParams& params, const Param& param, const nlohmann::json& value);

/// A value as text: "300", "0.5", "closed", "a, b".
std::string value_text(const nlohmann::json& value);

} // namespace cordon::session
