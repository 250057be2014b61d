#pragma once
// The door-to-door screening in the window (issue 14, item 5): progress per zone and community
// (visited / met / not yet met / vacant, %), a chart of progress by day, the buildings'
// screening states the map colours them by, and those with households not yet met.

#include <cordon/gui/document.hpp>
#include <cordon/ledger/screening.hpp>
#include <cordon/render/map_renderer.hpp>

#include <nlohmann/json.hpp>
#include <wx/panel.h>

#include <functional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

class wxCheckBox;
class wxListCtrl;
class wxStaticText;

namespace cordon::gui {

/// A building's screening counts as the map colours it.
render::ScreeningState ScreeningStateOf(const ledger::ScreeningCounts& counts);

/// Visited and met (% of the households) at the end of each day, and the visits that day.
class ProgressChart : public wxPanel {
public:
    struct Day {
        std::string date;
        double visited_pct = 0, met_pct = 0;
        int visits = 0;
    };
    explicit ProgressChart(wxWindow* parent);
    void SetDays(std::vector<Day> days);
    const std::vector<Day>& Days() const { return m_days; }

private:
    void Paint();
    std::vector<Day> m_days;
};

class ScreeningPanel : public wxPanel {
public:
    ScreeningPanel(wxWindow* parent, const Document& doc);
    /// Counts again from the district (every change of the document).
    void Update();
    /// The buildings' states (buildings with register households).
    const std::unordered_map<geo::Id, render::ScreeningState>& States() const { return m_states; }
    /// The buildings with a household whose latest visit is not met, away or refused.
    std::set<geo::Id> NotYetMetBuildings() const;
    bool ColourMap() const;
    void SetColourMap(bool on);
    /// The rows as shown, the chart's days, for tests.
    nlohmann::json State() const;

    std::function<void()> on_import_visits;
    std::function<void()> on_select_not_yet_met;
    /// The map's colouring turned on or off.
    std::function<void(bool)> on_colour;

private:
    void FitNames(); ///< the names' column takes the width the figures leave
    const Document& m_doc;
    std::unordered_map<geo::Id, ledger::ScreeningCounts> m_buildings;
    std::unordered_map<geo::Id, render::ScreeningState> m_states;
    wxStaticText* m_summary = nullptr;
    wxListCtrl* m_list = nullptr;
    wxCheckBox* m_colour = nullptr;
    ProgressChart* m_chart = nullptr;
};

} // namespace cordon::gui
