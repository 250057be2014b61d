#pragma once
// The plan steps run from the window: a step (or all) on a copy of the district off the UI
// thread, the result shown in the Plan panel and made undoable; refreshing the zones hand
// edits left out of date.

#include <cordon/gui/document.hpp>

#include <nlohmann/json.hpp>
#include <wx/string.h>

#include <functional>
#include <memory>
#include <set>
#include <string>

namespace cordon::gui {

class PlanPanel;
class Shell;

class PlanController {
public:
    PlanController(Shell& shell, std::shared_ptr<Document> doc, PlanPanel& panel);
    /// Runs a plan step ("classify", ..., "checkpoints", "all") off the UI thread.
    void Run(const std::string& step, std::function<void(bool)> done = {});
    /// Redraws the outlines and plans again the routes of the zones hand edits left out of
    /// date (Document::stale), off the UI thread; undoable.
    void RefreshZones(std::function<void(bool)> done = {});
    /// The last refresh of zones (for the test state).
    const nlohmann::json& RefreshReport() const { return m_refresh_report; }
    /// The last step run and its report, so another window (the language switched) shows the
    /// same Result in its language.
    void TakeResultFrom(const PlanController& other);

private:
    Shell& m_shell;
    std::shared_ptr<Document> m_doc;
    PlanPanel& m_panel;
    nlohmann::json m_refresh_report;
    std::string m_last_step;
    nlohmann::json m_last_report;
};

/// The names of the zones `ids` ("#7" for one without a name), comma separated.
/// The Plan panel's Result after running `step`: the plan's figures as the Figures panel
/// lists them (FigureRows, one line each), then what the step's report adds.
wxString PlanResultText(const std::string& step, const nlohmann::json& report, const Document& doc);
/// A plan step's name ("zones") in the UI language.
wxString StepName(const std::string& step);
wxString ZoneList(const geo::District& district, const std::set<geo::Id>& ids);

} // namespace cordon::gui
