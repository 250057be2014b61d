#pragma once
// Scenarios from the window: save the plan under a name, restore, delete, compare two (the
// figures side by side, the features that differ highlighted on the map).

#include <cordon/gui/document.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>

namespace cordon::gui {

class MapCanvas;
class Shell;

class ScenarioController {
public:
    ScenarioController(Shell& shell, std::shared_ptr<Document> doc, MapCanvas& canvas);
    void Save(const std::string& name);
    /// Asks for a name (Plan › Save Plan as Scenario), then saves.
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
