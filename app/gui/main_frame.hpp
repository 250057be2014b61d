#pragma once
// The main window: menu, map canvas and status bar. It only builds the UI and connects the
// pieces; features live in their own classes.

#include <cordon/geo/district.hpp>

#include <wx/frame.h>

#include <memory>
#include <optional>
#include <string>

namespace cordon::gui {

class MapCanvas;

class MainFrame : public wxFrame {
public:
    MainFrame();

    /// Opens the project at `path` and shows it. On failure shows the error (a message box, or
    /// stderr when `quiet`), keeps what was shown before and returns false.
    bool OpenProject(const std::string& path, bool quiet = false);

    /// After the first paint, writes the map to `path` as a PNG and closes the app; the exit
    /// code says whether it worked. A hook for tests under Xvfb.
    void ScreenshotAndExit(const std::string& path);

    MapCanvas* GetCanvas() const { return m_canvas; }

private:
    void BuildMenu();
    void UpdateScale();
    void UpdateCursor(std::optional<geo::Point> position);
    void OnOpen(wxCommandEvent& event);
    void OnAbout(wxCommandEvent& event);

    MapCanvas* m_canvas = nullptr;
    std::string m_path;
};

} // namespace cordon::gui
