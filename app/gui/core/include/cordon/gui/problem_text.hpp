#pragma once
// What is wrong with a parameter's value, said in Chinese for the app's Chinese UI. The
// libraries say it in English (ParamError::problem); the app must not show English to a
// planner working in Chinese.

#include <string>

namespace cordon::gui {

/// `problem` (a ParamError's problem) in Chinese: every problem the plan steps' parameters
/// can give has its Chinese text here, with the numbers, names and times it holds kept; an
/// unknown one gives a plain "不符合要求" (the field's label and value, shown with it, say
/// which field).
std::string problem_in_chinese(const std::string& problem);

} // namespace cordon::gui
