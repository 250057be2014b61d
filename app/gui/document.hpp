#pragma once
// The open project as the window sees it: the district, its file, undo history, the plan
// parameters and the figures of the plan as it stands. Plain C++: the window listens to it.

#include <cordon/geo/district.hpp>
#include <cordon/session/edit.hpp>
#include <cordon/session/plan.hpp>
#include <cordon/session/undo.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cordon::gui {

/// One of the feature layers, as the table, identify and selection name them.
enum class FeatureLayer { buildings, compounds, gates, checkpoints, roads, zones, communities };
inline constexpr FeatureLayer k_feature_layers[] = {
    FeatureLayer::buildings,   FeatureLayer::compounds, FeatureLayer::gates,
    FeatureLayer::checkpoints, FeatureLayer::roads,     FeatureLayer::zones,
    FeatureLayer::communities};
const char* layer_key(FeatureLayer layer); ///< "buildings", ...
bool layer_from_key(const std::string& key, FeatureLayer& layer);

struct FeatureRef {
    FeatureLayer layer = FeatureLayer::buildings;
    geo::Id id = 0;
};

class Document {
public:
    std::shared_ptr<geo::District> district = std::make_shared<geo::District>();
    std::string path;
    session::UndoStack undo;
    session::PlanParams params;
    /// The checkpoint step's area and options (the CLI's --area, --margin, --budget).
    std::string checkpoint_area = "district";
    double checkpoint_margin = 300;
    int checkpoint_budget = 0;

    nlohmann::json figures; ///< session::plan_figures of the district as it is
    double figures_ms = 0;  ///< how long the last figures update took

    bool HasProject() const { return !path.empty(); }

    /// Applies an edit through the undo stack and updates the figures; throws like apply_edit.
    void Apply(const session::Edit& edit);
    /// Replaces the district by `after` (a plan run on a copy), undoable.
    void Replace(geo::District after, const std::string& label);
    void Undo();
    void Redo();
    /// Recomputes the figures; tells the listeners.
    void Changed();

    /// Called after every change of the district (edit, plan, undo, open).
    std::vector<std::function<void()>> listeners;
};

} // namespace cordon::gui
