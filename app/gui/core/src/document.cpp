#include <cordon/gui/document.hpp>
#include <cordon/session/refresh.hpp>

#include <chrono>
#include <cstring>
#include <map>

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

std::vector<session::Scenario> ReadScenarios(const geo::District& district, std::string* error) {
    if (error != nullptr) error->clear();
    try {
        return session::list_scenarios(district);
    } catch (const std::exception& e) {
        if (error != nullptr) *error = e.what();
        return {};
    }
}

void Document::Apply(const session::Edit& edit) {
    Apply(std::vector<session::Edit>{edit});
}

void Document::Apply(const std::vector<session::Edit>& edits) {
    const auto start = std::chrono::steady_clock::now();
    StaleZones after = stale;
    std::map<std::optional<geo::Id>, std::vector<geo::Id>> by_target;
    for (const auto& edit : edits)
        if (const auto* move = std::get_if<session::MoveBuildings>(&edit))
            for (const auto& [building, zone] : move->moves)
                by_target[zone].push_back(building);
    for (const auto& [zone, buildings] : by_target) {
        const auto touched = session::zones_touched_by_move(*district, buildings, zone);
        after.outlines.insert(touched.begin(), touched.end());
        for (const auto& r : district->routes) // only routes that were planned go stale
            if (touched.count(r.zone_id)) after.routes.insert(r.zone_id);
    }
    const std::size_t before = Done();
    BeforeChange();
    undo.apply(*district, edits); // recounts the zones it touches
    Record(before, std::move(after));
    UpdateFigures();
    edit_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    Notify();
}

void Document::Replace(geo::District after, const std::string& label,
                       std::optional<StaleZones> stale_after) {
    StaleZones next = stale;
    if (stale_after) {
        next = *stale_after;
    } else if (label == "plan zones" || label == "plan all") {
        next = {};
    } else if (label == "plan routes") {
        next.routes.clear();
    }
    const std::size_t before = Done();
    BeforeChange();
    undo.record(std::move(*district), label);
    *district = std::move(after);
    Record(before, std::move(next));
    Changed();
}

void Document::Record(std::size_t done_before, StaleZones after) {
    m_stale_at.resize(done_before + 1); // what could be redone is gone
    m_stale_at.push_back(after);
    stale = std::move(after);
}

void Document::Undo() {
    BeforeChange();
    undo.undo(*district);
    if (Done() < m_stale_at.size()) stale = m_stale_at[Done()];
    Changed();
}

void Document::Redo() {
    BeforeChange();
    undo.redo(*district);
    if (Done() < m_stale_at.size()) stale = m_stale_at[Done()];
    Changed();
}

void Document::Opened() {
    stale = {};
    m_stale_at.assign(Done() + 1, StaleZones{});
}

void Document::Changed() {
    UpdateFigures();
    Notify();
}

void Document::UpdateFigures() {
    const auto start = std::chrono::steady_clock::now();
    figures = session::plan_figures(*district, params.staffing);
    figures_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

void Document::BeforeChange() {
    for (const auto& [key, f] : before_change)
        f();
}

void Document::Notify() {
    for (const auto& f : listeners)
        f();
}

} // namespace cordon::gui
