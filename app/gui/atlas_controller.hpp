#pragma once
// The patrol atlas from the window: Export Atlas as PDF (render::write_atlas, as `cordon-cli
// print`) off the UI thread with progress and Cancel, and the print preview.

#include "print.hpp"

#include <cordon/gui/document.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>

class wxWindow;

namespace cordon::gui {

class Shell;

class AtlasController {
public:
    AtlasController(Shell& shell, std::shared_ptr<Document> doc);
    /// Writes the atlas PDF at `path`; `done` gets whether it worked.
    void Export(const std::string& path, const AtlasSettings& settings,
                std::function<void(bool)> done = {}, wxWindow* parent = nullptr);
    /// Asks where to write the atlas (File › Export Atlas as PDF), then writes it.
    void AskExport(wxWindow* parent);
    /// Opens the print preview (modal unless quiet, when it stays open for a test script).
    PrintPreviewDialog* OpenPreview();
    PrintPreviewDialog* Preview() const { return m_preview; }
    AtlasSettings& Settings() { return m_atlas; }
    /// The last atlas written (for the test state).
    const nlohmann::json& Report() const { return m_atlas_report; }

private:
    Shell& m_shell;
    std::shared_ptr<Document> m_doc;
    AtlasSettings m_atlas;
    nlohmann::json m_atlas_report;
    PrintPreviewDialog* m_preview = nullptr;
};

} // namespace cordon::gui
