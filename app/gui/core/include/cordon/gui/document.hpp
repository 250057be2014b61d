#pragma once
// The open project as the window sees it: the district, its file, undo history, the plan
// parameters and the figures of the plan as it stands. Plain C++: the window listens to it.

#include <cordon/geo/district.hpp>
#include <cordon/geo/project_store.hpp>
#include <cordon/session/edit.hpp>
#include <cordon/session/plan.hpp>
#include <cordon/session/scenario.hpp>
#include <cordon/session/undo.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
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

/// Zones whose outline or route no longer fits their buildings: buildings were moved by
/// hand since the zones (routes) were planned or last refreshed.
struct StaleZones {
    std::set<geo::Id> outlines;
    std::set<geo::Id> routes;
    bool empty() const { return outlines.empty() && routes.empty(); }
};

/// The project's scenarios. When they cannot be read (a damaged or hostile project), none,
/// and `error` (if given) says why, naming the row; otherwise `error` is cleared.
std::vector<session::Scenario> ReadScenarios(const geo::District& district,
                                             std::string* error = nullptr);

struct FeatureRef {
    FeatureLayer layer = FeatureLayer::buildings;
    geo::Id id = 0;
};

class Document {
public:
    std::shared_ptr<geo::District> district = std::make_shared<geo::District>();
    std::string path;
    /// The project's lock, held while it is open here (null: none, e.g. a read-only folder).
    std::unique_ptr<geo::ProjectLock> lock;
    session::UndoStack undo;
    /// The plan's parameters as the plan panel last took them; checkpoints protect the whole
    /// district until an area is chosen.
    session::PlanParams params = [] {
        session::PlanParams p;
        p.checkpoints.area = {"district"};
        return p;
    }();

    nlohmann::json figures; ///< session::plan_figures of the district as it is
    double figures_ms = 0;  ///< how long the last figures update took
    double edit_ms = 0;     ///< the last edit: applying it (zones recounted) and the figures
    StaleZones stale;       ///< as the district is now (follows undo and redo)

    bool HasProject() const { return !path.empty(); }

    /// Applies an edit through the undo stack and updates the figures; throws like apply_edit.
    void Apply(const session::Edit& edit);
    /// Applies the edits of a selection as one undoable step; all or nothing.
    void Apply(const std::vector<session::Edit>& edits);
    /// Replaces the district by `after` (a plan run on a copy), undoable. `stale_after`: the
    /// stale zones afterwards; none: worked out from the label ("plan zones" clears them).
    void Replace(geo::District after, const std::string& label,
                 std::optional<StaleZones> stale_after = std::nullopt);
    void Undo();
    void Redo();
    /// A project was opened: the undo history starts here, nothing is stale.
    void Opened();
    /// Recomputes the figures; tells the listeners.
    void Changed();

    /// Called after every change of the district (edit, plan, undo, open).
    std::vector<std::function<void()>> listeners;
    /// Called before the district is changed in place, by key (e.g. the table stops its
    /// worker reading it); the owner of a key erases it when it goes.
    std::map<const void*, std::function<void()>> before_change;
    void BeforeChange();

private:
    std::size_t Done() const { return undo.done_labels().size(); }
    void UpdateFigures();
    void Notify();
    void Record(std::size_t done_before, StaleZones after);
    /// stale per state of the undo history: m_stale_at[k] with k entries done.
    std::vector<StaleZones> m_stale_at{StaleZones{}};
};

} // namespace cordon::gui
