#pragma once
// Scenarios from the window: save the plan under a name, restore, delete, compare two (the
// figures side by side, the features that differ highlighted on the map).

#include <cordon/gui/document.hpp>

#include <nlohmann/json.hpp>
#include <wx/string.h>

#include <functional>
#include <memory>
#include <string>

namespace cordon::gui {

class MapCanvas;
class Shell;

class ScenarioController {
public:
    ScenarioController(Shell& shell, std::shared_ptr<Document> doc, MapCanvas& canvas);
    /// Saves the plan as scenario `name`. While zone outlines or routes are out of date,
    /// first asks `confirm` with the warning (StaleWarning); false: not saved. Returns whether
    /// it saved.
    bool Save(const std::string& name, const std::function<bool(const wxString&)>& confirm);
    /// The warning before saving a scenario while outlines or routes of zones are out of date
    /// (which zones, and that F6 redraws them); empty when none are.
    wxString StaleWarning() const;
    /// Asks for a name (Plan › Save Plan as Scenario), then saves (asking first while outlines
    /// are out of date).
    void AskSave();
    void Restore(const std::string& name);
    void Delete(const std::string& name);
    /// Compares two scenarios: shows the dialog (unless quiet) and highlights the differences.
    nlohmann::json Compare(const std::string& a, const std::string& b, bool quiet);
    /// Asks which two to compare, then compares them.
    void AskCompare();

    /// A scenario was saved (the window shows the Scenarios tab).
    std::function<void()> on_saved;

private:
    Shell& m_shell;
    std::shared_ptr<Document> m_doc;
    MapCanvas& m_canvas;
};

} // namespace cordon::gui
