#pragma once
// Basemaps in the Layers panel (issue 18): the project's basemaps with their ticks, Add
// Basemap… (a raster file or a tile service's URL template, name, opacity, grey, the source's
// CRS incl. GCJ-02/BD-09, an API key kept in the user's settings), Remove, Up, Down and the
// opacity of the one selected. Every change is one undoable step of the document.

#include <cordon/geo/basemap.hpp>
#include <cordon/geo/district.hpp>

#include <wx/dialog.h>
#include <wx/panel.h>

#include <functional>
#include <string>
#include <vector>

class wxCheckBox;
class wxCheckListBox;
class wxChoice;
class wxFilePickerCtrl;
class wxRadioButton;
class wxSlider;
class wxSpinCtrl;
class wxStaticText;
class wxTextCtrl;

namespace cordon::gui {

/// Reads the basemap keys the planner gave (wxConfig "/basemap_keys") and lets the basemap
/// readers find them (geo::set_key_lookup), from any thread. Once, at start.
void InstallBasemapKeys();
/// Keeps `key` for the basemap `name` in the user's settings (never in the project).
void StoreBasemapKey(const std::string& name, const std::string& key);
/// Whether a key is kept for `name`.
bool HasBasemapKey(const std::string& name);

/// What Add Basemap… asks for.
class AddBasemapDialog : public wxDialog {
public:
    AddBasemapDialog(wxWindow* parent, int project_srid);

    /// Sets the fields as a planner would (the test script): a URL when `source` starts
    /// with http(s):// or wms:, else a file.
    void Fill(const std::string& source, const std::string& name, double opacity, bool grey,
              const std::string& source_crs, const std::string& key,
              const std::string& attribution);
    /// The basemap the fields describe and the key given; throws cordon::InputError or
    /// ParamError when they are not right (the message says which).
    geo::Basemap Basemap(std::string& key) const;

private:
    void UpdateEnabled();
    int m_srid;
    wxRadioButton* m_file_choice = nullptr;
    wxRadioButton* m_url_choice = nullptr;
    wxFilePickerCtrl* m_file = nullptr;
    wxTextCtrl* m_url = nullptr;
    wxTextCtrl* m_name = nullptr;
    wxSpinCtrl* m_opacity = nullptr;
    wxCheckBox* m_grey = nullptr;
    wxChoice* m_crs = nullptr;
    wxTextCtrl* m_crs_text = nullptr;
    wxTextCtrl* m_key = nullptr;
    wxTextCtrl* m_attribution = nullptr;
};

class BasemapsPanel : public wxPanel {
public:
    explicit BasemapsPanel(wxWindow* parent);

    /// Shows the basemaps of `district` (after every change of the document).
    void Reload(const geo::District& district);
    /// What the map could not draw: one line per basemap, or none.
    void SetProblems(const std::vector<std::string>& problems);
    /// Adds the basemap from a filled dialog (Add Basemap…'s OK, the test script); false and
    /// a message box (none when `quiet`) when the fields are not right.
    bool AddFrom(const AddBasemapDialog& dialog, bool quiet, std::string* error = nullptr);

    /// The district the panel shows, changed, for the document: replaced as one undoable
    /// step called `label`.
    std::function<void(geo::District after, const std::string& label)> on_replace;
    /// The document's district now.
    std::function<const geo::District&()> district;

private:
    void OnAdd();
    void Change(const std::function<void(std::vector<geo::Basemap>&)>& edit,
                const std::string& label);
    int Selected() const;

    wxCheckListBox* m_list = nullptr;
    wxSlider* m_opacity = nullptr;
    wxCheckBox* m_grey = nullptr;
    wxStaticText* m_problems = nullptr;
    std::vector<geo::Basemap> m_shown; ///< in list order: the top one is drawn on top
};

} // namespace cordon::gui
