#pragma once
// The plan panel's fields without wxWidgets: which field shows each plan parameter, what a
// field's content means as the parameter's value, and the check every value passes before
// the panel keeps any (session::validate, through set_value). The panel reads its controls
// into a PlanForm and shows a refusal with the field's label; the tests give a PlanForm the
// same values they give cordon-cli (tests/cli_params_test.cpp).

#include <cordon/geo/param_error.hpp>
#include <cordon/session/parameters.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace cordon::gui {

/// The control that shows a parameter.
enum class FieldKind {
    number, ///< a spin control (number, whole)
    check,  ///< a check box (flag)
    choice, ///< a drop-down list (choice)
    text,   ///< a text field (text)
    list,   ///< a list of texts (texts)
};
FieldKind field_kind(const session::Param& param);

/// A number field's range: the parameter's, reaching down to 0 when the step can do without
/// the parameter (zones, budget), 0 then standing for none (number_content).
struct NumberRange {
    double min = 0, max = 0, increment = 1;
    int digits = 0;
};
NumberRange number_range(const session::Param& param);
/// Where a number field starts: `value` when it is a number, else the suggested value, else
/// the parameter's default, else 0 (none).
double number_start(const session::Param& param, const nlohmann::json& value);
/// A spin control's number as the field's content: null (none) for 0 below the range of a
/// parameter the step can do without, else the number.
nlohmann::json number_content(const session::Param& param, double shown);

/// The plan's parameters as the panel's fields give them. take() checks a field's content
/// (a number for a number field, true or false for a check box, a text for a choice or a text
/// field, texts for a list; null where the step can do without) and the value against the
/// parameter (range, whole, choices, its own check), and throws ParamError naming the
/// parameter when either is wrong; params() holds every value taken so far.
class PlanForm {
public:
    explicit PlanForm(session::PlanParams params) : m_params(std::move(params)) {}
    void take(const std::string& step, const std::string& name, const nlohmann::json& content);
    const session::PlanParams& params() const { return m_params; }

private:
    session::PlanParams m_params;
};

/// A parameter's label in the app: English or Chinese.
const std::string& field_label(const session::Param& param, bool chinese);
/// The labels of a choice field's entries, in the order of the parameter's choices: English
/// or Chinese from its description (the value itself where the description has none).
std::vector<std::string> choice_labels(const session::Param& param, bool chinese);
/// Which entry of a choice field shows `value` (a text), else the suggested value, else the
/// parameter's default; 0 when none is one of its choices.
std::size_t choice_start(const session::Param& param, const nlohmann::json& value);
/// A parameter error as the app says it: the field's label (not the parameter's name), the
/// value, the problem.
std::string field_error_text(const ParamError& error, bool chinese);

} // namespace cordon::gui
