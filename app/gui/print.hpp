#pragma once
// Printing: the patrol atlas previewed page by page and exported as a PDF. Both draw through
// render::draw_atlas / render::write_atlas with the options `cordon-cli print` builds, on the
// worker thread with progress and Cancel.

#include <cordon/gui/document.hpp>
#include <cordon/render/atlas.hpp>

#include <cairo.h>
#include <nlohmann/json.hpp>
#include <wx/dialog.h>

#include <functional>
#include <memory>
#include <vector>

class wxButton;
class wxCheckListBox;
class wxChoice;
class wxStaticText;
class wxTextCtrl;

namespace cordon::gui {

/// What the planner chooses for an atlas.
struct AtlasSettings {
    render::Paper paper = render::Paper::a4;
    bool landscape = false;
    render::Language language = render::Language::zh;
    std::vector<geo::Id> zones; ///< empty: every zone
    std::string title; ///< on the cover and every page; empty: "巡查图册" / "Patrol atlas"
};

/// The options `cordon-cli print` uses for this project and these settings: the plan name is
/// the project's file name, the overview's figures come from plan_figures().
render::AtlasOptions AtlasOptionsFor(const Document& doc, const AtlasSettings& settings);

/// An atlas drawn as images, one per page, for the preview.
struct AtlasPreview {
    std::vector<std::shared_ptr<cairo_surface_t>> pages;
    render::AtlasReport report;
};

/// Draws the atlas with render::draw_atlas onto an image surface `long_side` pixels on the
/// page's long side, taking each page as it is finished. Throws Cancelled when `progress`
/// asks to stop.
AtlasPreview RenderAtlasPreview(const geo::District& district, render::AtlasOptions options,
                                int long_side, Progress& progress);

/// File > Print Preview: the atlas's pages with navigation, and its title, paper,
/// orientation, language and zones. Export PDF hands the settings to the frame.
class PrintPreviewDialog : public wxDialog {
public:
    PrintPreviewDialog(wxWindow* parent, std::shared_ptr<Document> doc,
                       const AtlasSettings& settings);

    /// Draws the pages again with the settings shown (on the worker thread).
    void Render();
    void ShowPage(int index);
    int Page() const { return m_page; }
    int PageCount() const { return static_cast<int>(m_preview.pages.size()); }
    AtlasSettings Settings() const;
    /// Sets the controls (a test script) and draws again.
    void SetSettings(const AtlasSettings& settings);
    /// Pages, the page shown and what it shows, as JSON (tests).
    nlohmann::json State() const;
    /// Writes the page shown, as drawn for the preview, to a PNG (tests).
    void SavePage(const std::string& path) const;

    std::function<void(const AtlasSettings&)> on_export;
    std::function<void()> on_rendered;

private:
    wxString PageLabel() const;
    void OnPaintPage();

    std::shared_ptr<Document> m_doc;
    wxChoice* m_paper = nullptr;
    wxChoice* m_orientation = nullptr;
    wxChoice* m_language = nullptr;
    wxTextCtrl* m_title = nullptr;
    std::string m_drawn_title; ///< the title of the pages drawn last
    wxCheckListBox* m_zones = nullptr;
    wxButton* m_prev = nullptr;
    wxButton* m_next = nullptr;
    wxStaticText* m_label = nullptr;
    wxWindow* m_canvas = nullptr;
    AtlasPreview m_preview;
    int m_page = 0;
    bool m_rendering = false;
    bool m_again = false; ///< settings changed while drawing: draw again after
};

} // namespace cordon::gui
