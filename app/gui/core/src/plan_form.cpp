#include <cordon/gui/plan_form.hpp>
#include <cordon/gui/problem_text.hpp>

namespace cordon::gui {

FieldKind field_kind(const session::Param& param) {
    switch (param.type) {
    case session::ParamType::number:
    case session::ParamType::whole:
        return FieldKind::number;
    case session::ParamType::flag:
        return FieldKind::check;
    case session::ParamType::choice:
        return FieldKind::choice;
    case session::ParamType::text:
        return FieldKind::text;
    case session::ParamType::texts:
        return FieldKind::list;
    }
    return FieldKind::text;
}

NumberRange number_range(const session::Param& param) {
    const bool optional = param.fallback.is_null();
    return {optional ? std::min(0.0, param.min) : param.min, param.max, param.increment,
            param.digits};
}

double number_start(const session::Param& param, const nlohmann::json& value) {
    for (const nlohmann::json* v : {&value, &param.suggested, &param.fallback})
        if (v->is_number()) return v->get<double>();
    return 0;
}

nlohmann::json number_content(const session::Param& param, double shown) {
    if (param.fallback.is_null() && shown == 0 && param.min > 0) return nullptr;
    return shown;
}

void PlanForm::take(const std::string& step, const std::string& name,
                    const nlohmann::json& content) {
    const session::Param& param = session::find_param(step, name);
    const std::string shown = session::value_text(content);
    if (content.is_null()) {
        if (!param.fallback.is_null() || param.required)
            throw ParamError(param.name, "", "is needed");
    } else {
        switch (field_kind(param)) {
        case FieldKind::number:
            if (!content.is_number()) throw ParamError(param.name, shown, "not a number");
            break;
        case FieldKind::check:
            if (!content.is_boolean()) throw ParamError(param.name, shown, "tick or clear it");
            break;
        case FieldKind::choice:
        case FieldKind::text:
            if (!content.is_string()) throw ParamError(param.name, shown, "not a text");
            break;
        case FieldKind::list:
            if (!content.is_array()) throw ParamError(param.name, shown, "not a list");
            break;
        }
    }
    session::set_value(m_params, param, content);
}

const std::string& field_label(const session::Param& param, bool chinese) {
    return chinese ? param.label_zh : param.label_en;
}

std::vector<std::string> choice_labels(const session::Param& param, bool chinese) {
    const auto& labels = chinese ? param.choice_labels_zh : param.choice_labels_en;
    std::vector<std::string> out;
    for (std::size_t i = 0; i < param.choices.size(); ++i)
        out.push_back(i < labels.size() ? labels[i] : param.choices[i]);
    return out;
}

std::size_t choice_start(const session::Param& param, const nlohmann::json& value) {
    for (const nlohmann::json* v : {&value, &param.suggested, &param.fallback})
        if (v->is_string())
            for (std::size_t i = 0; i < param.choices.size(); ++i)
                if (param.choices[i] == v->get<std::string>()) return i;
    return 0;
}

std::string field_error_text(const ParamError& error, bool chinese) {
    std::string name = error.param();
    const session::Param* param = nullptr;
    for (const char* step : {"all", "checkpoints"})
        for (const session::Param& p : session::step_params(step))
            if (p.name == error.param()) {
                name = field_label(p, chinese);
                param = &p;
            }
    if (chinese) {
        std::string problem = problem_in_chinese(error.problem());
        // A value that is not one of a choice's: its choices as the drop-down shows them.
        if (param && field_kind(*param) == FieldKind::choice &&
            error.problem().rfind("write ", 0) == 0) {
            problem = "须为以下之一：";
            const auto labels = choice_labels(*param, true);
            for (std::size_t i = 0; i < labels.size(); ++i)
                problem += (i ? "、" : "") + labels[i];
        }
        return name + (error.value().empty() ? "" : " " + error.value()) + "：" + problem;
    }
    return name + (error.value().empty() ? "" : " " + error.value()) + ": " + error.problem();
}

} // namespace cordon::gui
