#include "document.hpp"

#include <chrono>
#include <cstring>

namespace cordon::gui {

const char* layer_key(FeatureLayer layer) {
    switch (layer) {
    case FeatureLayer::buildings:
        return "buildings";
    case FeatureLayer::compounds:
        return "compounds";
    case FeatureLayer::gates:
        return "gates";
    case FeatureLayer::checkpoints:
        return "checkpoints";
    case FeatureLayer::roads:
        return "roads";
    case FeatureLayer::zones:
        return "zones";
    case FeatureLayer::communities:
        return "communities";
    }
    return "";
}

bool layer_from_key(const std::string& key, FeatureLayer& layer) {
    for (FeatureLayer l : k_feature_layers)
        if (key == layer_key(l)) {
            layer = l;
            return true;
        }
    return false;
}

void Document::Apply(const session::Edit& edit) {
    undo.apply(*district, edit);
    Changed();
}

void Document::Replace(geo::District after, const std::string& label) {
    undo.record(std::move(*district), label);
    *district = std::move(after);
    Changed();
}

void Document::Undo() {
    undo.undo(*district);
    Changed();
}

void Document::Redo() {
    undo.redo(*district);
    Changed();
}

void Document::Changed() {
    const auto start = std::chrono::steady_clock::now();
    figures = session::plan_figures(*district, params.staffing);
    figures_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    for (const auto& f : listeners)
        f();
}

} // namespace cordon::gui
