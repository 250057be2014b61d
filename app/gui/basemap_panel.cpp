#include "basemap_panel.hpp"

#include "dialog_buttons.hpp"

#include <cordon/geo/basemap_raster.hpp>
#include <cordon/geo/error.hpp>
#include <cordon/geo/param_error.hpp>
#include <cordon/geo/tile_service.hpp>

#include <wx/app.h>
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/checklst.h>
#include <wx/choice.h>
#include <wx/config.h>
#include <wx/fileconf.h>
#include <wx/filepicker.h>
#include <wx/msgdlg.h>
#include <wx/radiobut.h>
#include <wx/sizer.h>
#include <wx/slider.h>
#include <wx/spinctrl.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <sys/stat.h>

namespace cordon::gui {

namespace {

std::mutex g_keys_mutex;
std::map<std::string, std::string> g_keys; ///< basemap name → key, as wxConfig holds them

/// A wxConfig entry name for a basemap's name ('/' separates groups there).
wxString KeyEntry(const std::string& name) {
    wxString entry = wxString::FromUTF8(name);
    entry.Replace("/", "_");
    return entry;
}

wxString U(const std::string& s) {
    return wxString::FromUTF8(s);
}

} // namespace

void InstallBasemapKeys() {
    wxConfigBase* config = wxConfig::Get();
    {
        std::lock_guard lock(g_keys_mutex);
        const wxString old_path = config->GetPath();
        config->SetPath("/basemap_keys");
        wxString entry;
        long index = 0;
        for (bool more = config->GetFirstEntry(entry, index); more;
             more = config->GetNextEntry(entry, index))
            g_keys[entry.utf8_string()] = config->Read(entry, wxEmptyString).utf8_string();
        config->SetPath(old_path);
    }
    geo::set_key_lookup([](std::string_view name) -> std::optional<std::string> {
        std::lock_guard lock(g_keys_mutex);
        wxString entry = KeyEntry(std::string(name));
        const auto it = g_keys.find(entry.utf8_string());
        if (it == g_keys.end()) return std::nullopt;
        return it->second;
    });
}

void StoreBasemapKey(const std::string& name, const std::string& key) {
    const wxString entry = KeyEntry(name);
    auto* file = dynamic_cast<wxFileConfig*>(wxConfig::Get());
    if (file) file->SetUmask(0077);
    wxConfig::Get()->Write("/basemap_keys/" + entry, U(key));
    wxConfig::Get()->Flush();
    // The settings file holds keys now: readable by its owner only (as the CLI's keys file;
    // wx keeps an existing file's mode when it rewrites it).
    if (file)
        ::chmod(wxFileConfig::GetLocalFile(wxTheApp->GetAppName()).GetFullPath().utf8_str(), 0600);
    std::lock_guard lock(g_keys_mutex);
    g_keys[entry.utf8_string()] = key;
}

bool HasBasemapKey(const std::string& name) {
    std::lock_guard lock(g_keys_mutex);
    return g_keys.count(KeyEntry(name).utf8_string()) > 0;
}

// --- Add Basemap… ---------------------------------------------------------------------------

AddBasemapDialog::AddBasemapDialog(wxWindow* parent, int project_srid)
    : wxDialog(parent, wxID_ANY, _("Add Basemap"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      m_srid(project_srid) {
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    m_file_choice =
        new wxRadioButton(this, wxID_ANY, _("A raster file (GeoTIFF, MBTiles, GeoPackage)"),
                          wxDefaultPosition, wxDefaultSize, wxRB_GROUP);
    sizer->Add(m_file_choice, 0, wxALL, 6);
    m_file = new wxFilePickerCtrl(this, wxID_ANY, wxEmptyString, _("Choose a raster file"),
                                  _("Rasters (*.tif;*.tiff;*.mbtiles;*.gpkg;*.jpg;*.png)|"
                                    "*.tif;*.tiff;*.mbtiles;*.gpkg;*.jpg;*.png|All files|*"),
                                  wxDefaultPosition, wxSize(420, -1),
                                  wxFLP_OPEN | wxFLP_FILE_MUST_EXIST | wxFLP_USE_TEXTCTRL);
    sizer->Add(m_file, 0, wxEXPAND | wxLEFT | wxRIGHT, 24);
    m_url_choice = new wxRadioButton(this, wxID_ANY, _("A tile service (URL template)"));
    sizer->Add(m_url_choice, 0, wxALL, 6);
    m_url = new wxTextCtrl(this, wxID_ANY);
    m_url->SetHint("https://.../{z}/{x}/{y}.png");
    m_url->SetToolTip(_("XYZ: {z}, {x} and {y} where the tile's numbers go; WMTS: {TileMatrix}, "
                        "{TileRow}, {TileCol}; WMS: wms: before the URL. Put {key} where the "
                        "key goes, or paste the URL with its key: it is taken out."));
    sizer->Add(m_url, 0, wxEXPAND | wxLEFT | wxRIGHT, 24);

    auto* grid = new wxFlexGridSizer(2, 6, 8);
    grid->AddGrowableCol(1);
    grid->Add(new wxStaticText(this, wxID_ANY, _("Name")), 0, wxALIGN_CENTER_VERTICAL);
    m_name = new wxTextCtrl(this, wxID_ANY);
    m_name->SetToolTip(_("Empty: from the file name or the service's host"));
    grid->Add(m_name, 1, wxEXPAND);
    grid->Add(new wxStaticText(this, wxID_ANY, _("Opacity (%)")), 0, wxALIGN_CENTER_VERTICAL);
    m_opacity = new wxSpinCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                               wxSP_ARROW_KEYS, 0, 100, 100);
    grid->Add(m_opacity, 0);
    grid->AddSpacer(0);
    m_grey = new wxCheckBox(this, wxID_ANY, _("Grey (the plan's colours stay readable)"));
    grid->Add(m_grey, 0);
    grid->Add(new wxStaticText(this, wxID_ANY, _("Coordinates of the source")), 0,
              wxALIGN_CENTER_VERTICAL);
    m_crs = new wxChoice(this, wxID_ANY);
    m_crs->Append(_("As the raster says"));
    m_crs->Append(_("GCJ-02 (shifted, Chinese web maps)"));
    m_crs->Append(_("BD-09 (shifted, Baidu)"));
    m_crs->Append(_("Other (EPSG code or definition)"));
    m_crs->SetSelection(0);
    grid->Add(m_crs, 1, wxEXPAND);
    grid->AddSpacer(0);
    m_crs_text = new wxTextCtrl(this, wxID_ANY);
    m_crs_text->SetHint("EPSG:4544");
    grid->Add(m_crs_text, 1, wxEXPAND);
    grid->Add(new wxStaticText(this, wxID_ANY, _("API key")), 0, wxALIGN_CENTER_VERTICAL);
    m_key = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                           wxTE_PASSWORD);
    m_key->SetToolTip(_("For services that need one (天地图 tk). Kept in your user settings on "
                        "this computer, never in the project file."));
    grid->Add(m_key, 1, wxEXPAND);
    grid->Add(new wxStaticText(this, wxID_ANY, _("Attribution")), 0, wxALIGN_CENTER_VERTICAL);
    m_attribution = new wxTextCtrl(this, wxID_ANY);
    m_attribution->SetToolTip(_("Printed on the atlas pages that show this basemap"));
    grid->Add(m_attribution, 1, wxEXPAND);
    sizer->Add(grid, 0, wxEXPAND | wxALL, 10);
    sizer->Add(DialogButtons(*this), 0, wxEXPAND | wxALL, 8);
    SetSizerAndFit(sizer);

    m_file_choice->Bind(wxEVT_RADIOBUTTON, [this](wxCommandEvent&) { UpdateEnabled(); });
    m_url_choice->Bind(wxEVT_RADIOBUTTON, [this](wxCommandEvent&) { UpdateEnabled(); });
    m_crs->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { UpdateEnabled(); });
    Bind(
        wxEVT_BUTTON,
        [this](wxCommandEvent& e) {
            std::string key;
            try {
                Basemap(key);
            } catch (const std::exception& error) {
                wxMessageBox(_("The basemap cannot be added:") + "\n" + U(error.what()),
                             _("Add Basemap"), wxOK | wxICON_WARNING, this);
                return;
            }
            e.Skip();
        },
        wxID_OK);
    UpdateEnabled();
}

void AddBasemapDialog::UpdateEnabled() {
    const bool url = m_url_choice->GetValue();
    m_file->Enable(!url);
    m_url->Enable(url);
    m_crs_text->Enable(m_crs->GetSelection() == 3);
}

void AddBasemapDialog::Fill(const std::string& source, const std::string& name, double opacity,
                            bool grey, const std::string& source_crs, const std::string& key,
                            const std::string& attribution) {
    const bool url = geo::is_tile_service(source);
    m_url_choice->SetValue(url);
    m_file_choice->SetValue(!url);
    if (url)
        m_url->SetValue(U(source));
    else
        m_file->SetPath(U(source));
    m_name->SetValue(U(name));
    m_opacity->SetValue(static_cast<int>(std::lround(opacity * 100)));
    m_grey->SetValue(grey);
    m_crs->SetSelection(source_crs.empty()      ? 0
                        : source_crs == "gcj02" ? 1
                        : source_crs == "bd09"  ? 2
                                                : 3);
    if (m_crs->GetSelection() == 3) m_crs_text->SetValue(U(source_crs));
    m_key->SetValue(U(key));
    m_attribution->SetValue(U(attribution));
    UpdateEnabled();
}

geo::Basemap AddBasemapDialog::Basemap(std::string& key) const {
    geo::Basemap b;
    key = m_key->GetValue().utf8_string();
    if (m_url_choice->GetValue()) {
        const geo::SplitUrl split =
            geo::split_key(m_url->GetValue().Strip(wxString::both).utf8_string());
        b.source = split.source;
        if (key.empty()) key = split.key;
        geo::parse_tile_service(b.source); // throws InputError saying what is wrong
    } else {
        b.source = m_file->GetPath().utf8_string();
        if (b.source.empty())
            throw InputError(_("Choose a raster file or a tile service.").utf8_string());
    }
    b.name = m_name->GetValue().Strip(wxString::both).utf8_string();
    if (b.name.empty()) b.name = geo::basemap_name_from_source(b.source);
    b.opacity = m_opacity->GetValue() / 100.0;
    b.grey = m_grey->GetValue();
    switch (m_crs->GetSelection()) {
    case 1:
        b.source_crs = "gcj02";
        break;
    case 2:
        b.source_crs = "bd09";
        break;
    case 3:
        b.source_crs = m_crs_text->GetValue().Strip(wxString::both).utf8_string();
        break;
    default:
        break;
    }
    b.attribution = m_attribution->GetValue().Strip(wxString::both).utf8_string();
    geo::check_basemap_settings(b);
    if (!geo::is_tile_service(b.source)) geo::inspect_basemap(b, m_srid); // a local file: quick
    return b;
}

// --- The panel ------------------------------------------------------------------------------

BasemapsPanel::BasemapsPanel(wxWindow* parent) : wxPanel(parent) {
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(new wxStaticText(this, wxID_ANY, _("Basemaps (under the map):")), 0, wxALL, 4);
    m_list = new wxCheckListBox(this, wxID_ANY, wxDefaultPosition, wxSize(-1, 70));
    sizer->Add(m_list, 0, wxEXPAND | wxLEFT | wxRIGHT, 4);
    auto* buttons = new wxGridSizer(2, 2, 2);
    auto* add = new wxButton(this, wxID_ANY, _("Add Basemap..."));
    auto* remove = new wxButton(this, wxID_ANY, _("Remove"));
    auto* up = new wxButton(this, wxID_ANY, _("Up"));
    auto* down = new wxButton(this, wxID_ANY, _("Down"));
    add->SetToolTip(_("A raster file or a tile service under the plan"));
    remove->SetToolTip(_("Remove the selected basemap from the project"));
    up->SetToolTip(_("Draw the selected basemap above the one over it"));
    down->SetToolTip(_("Draw the selected basemap below the one under it"));
    for (wxButton* b : {add, remove, up, down})
        buttons->Add(b, 1, wxEXPAND);
    sizer->Add(buttons, 0, wxEXPAND | wxALL, 4);
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    row->Add(new wxStaticText(this, wxID_ANY, _("Opacity")), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT,
             4);
    m_opacity = new wxSlider(this, wxID_ANY, 100, 0, 100);
    row->Add(m_opacity, 1, wxEXPAND);
    m_grey = new wxCheckBox(this, wxID_ANY, _("Grey"));
    row->Add(m_grey, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, 4);
    sizer->Add(row, 0, wxEXPAND | wxLEFT | wxRIGHT, 4);
    m_problems = new wxStaticText(this, wxID_ANY, wxEmptyString);
    m_problems->SetForegroundColour(wxColour(170, 40, 20));
    sizer->Add(m_problems, 0, wxEXPAND | wxALL, 4);
    SetSizer(sizer);

    add->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { OnAdd(); });
    remove->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        const int i = Selected();
        if (i < 0) return;
        const std::string name = m_shown[static_cast<std::size_t>(i)].name;
        Change([&](std::vector<geo::Basemap>& all) { geo::remove_basemap(all, name); },
               "remove basemap " + name);
    });
    auto move = [this](int delta) { // delta -1: up the list, drawn higher
        const int i = Selected();
        const int j = i + delta;
        if (i < 0 || j < 0 || j >= static_cast<int>(m_shown.size())) return;
        const geo::Id a = m_shown[static_cast<std::size_t>(i)].id;
        const geo::Id b = m_shown[static_cast<std::size_t>(j)].id;
        const std::string name = m_shown[static_cast<std::size_t>(i)].name;
        Change(
            [&](std::vector<geo::Basemap>& all) {
                auto find = [&](geo::Id id) -> geo::Basemap& {
                    return *std::find_if(all.begin(), all.end(),
                                         [&](const geo::Basemap& m) { return m.id == id; });
                };
                geo::Basemap& first = find(a);
                geo::Basemap& second = find(b);
                std::swap(first.order, second.order);
                if (first.order == second.order) first.order += delta < 0 ? 1 : -1;
            },
            "move basemap " + name);
        m_list->SetSelection(j);
    };
    up->Bind(wxEVT_BUTTON, [move](wxCommandEvent&) { move(-1); });
    down->Bind(wxEVT_BUTTON, [move](wxCommandEvent&) { move(1); });
    m_list->Bind(wxEVT_CHECKLISTBOX, [this](wxCommandEvent& e) {
        const int i = e.GetInt();
        if (i < 0 || i >= static_cast<int>(m_shown.size())) return;
        const geo::Id id = m_shown[static_cast<std::size_t>(i)].id;
        const bool on = m_list->IsChecked(static_cast<unsigned>(i));
        Change(
            [&](std::vector<geo::Basemap>& all) {
                for (auto& b : all)
                    if (b.id == id) b.visible = on;
            },
            (on ? "show basemap " : "hide basemap ") + m_shown[static_cast<std::size_t>(i)].name);
    });
    m_list->Bind(wxEVT_LISTBOX, [this](wxCommandEvent&) {
        const int i = Selected();
        if (i < 0) return;
        m_opacity->SetValue(
            static_cast<int>(std::lround(m_shown[static_cast<std::size_t>(i)].opacity * 100)));
        m_grey->SetValue(m_shown[static_cast<std::size_t>(i)].grey);
    });
    // The opacity is set when the slider is let go (one undo step, not one per pixel).
    auto set_look = [this](wxCommandEvent&) {
        const int i = Selected();
        if (i < 0) return;
        const geo::Id id = m_shown[static_cast<std::size_t>(i)].id;
        const double opacity = m_opacity->GetValue() / 100.0;
        const bool grey = m_grey->GetValue();
        Change(
            [&](std::vector<geo::Basemap>& all) {
                for (auto& b : all)
                    if (b.id == id) b.opacity = opacity, b.grey = grey;
            },
            "set basemap " + m_shown[static_cast<std::size_t>(i)].name);
    };
    m_opacity->Bind(wxEVT_SCROLL_CHANGED, [set_look](wxScrollEvent& e) {
        wxCommandEvent c;
        set_look(c);
        e.Skip();
    });
    m_grey->Bind(wxEVT_CHECKBOX, set_look);
}

int BasemapsPanel::Selected() const {
    const int i = m_list->GetSelection();
    return i == wxNOT_FOUND || i >= static_cast<int>(m_shown.size()) ? -1 : i;
}

void BasemapsPanel::Reload(const geo::District& d) {
    const int selected = Selected();
    std::vector<geo::Basemap> all = d.basemaps;
    std::sort(all.begin(), all.end(), [](const geo::Basemap& a, const geo::Basemap& b) {
        return a.order != b.order ? a.order > b.order : a.id > b.id; // the top one first
    });
    m_shown = all;
    m_list->Clear();
    for (std::size_t i = 0; i < m_shown.size(); ++i) {
        m_list->Append(U(m_shown[i].name));
        m_list->Check(static_cast<unsigned>(i), m_shown[i].visible);
    }
    if (selected >= 0 && selected < static_cast<int>(m_shown.size())) {
        m_list->SetSelection(selected);
    } else if (!m_shown.empty()) {
        m_list->SetSelection(0);
    }
    if (const int i = Selected(); i >= 0) {
        m_opacity->SetValue(
            static_cast<int>(std::lround(m_shown[static_cast<std::size_t>(i)].opacity * 100)));
        m_grey->SetValue(m_shown[static_cast<std::size_t>(i)].grey);
    }
    m_opacity->Enable(!m_shown.empty());
    m_grey->Enable(!m_shown.empty());
}

void BasemapsPanel::SetProblems(const std::vector<std::string>& problems) {
    wxString text;
    for (const auto& p : problems) {
        // The basemap's name between the first quotes of "basemap 'NAME' ...".
        wxString name;
        const auto a = p.find('\'');
        const auto b = a == std::string::npos ? a : p.find('\'', a + 1);
        if (b != std::string::npos) name = U(p.substr(a + 1, b - a - 1));
        if (!text.empty()) text += "\n";
        text += wxString::Format(_("Basemap %s could not be drawn; the rest of the map is."),
                                 name.empty() ? wxString("?") : name);
    }
    if (text == m_problems->GetLabel()) return;
    m_problems->SetLabel(text);
    m_problems->SetToolTip(problems.empty() ? wxString() : U(problems.front()));
    m_problems->Wrap(std::max(150, GetClientSize().x - 8));
    Layout();
}

void BasemapsPanel::Change(const std::function<void(std::vector<geo::Basemap>&)>& edit,
                           const std::string& label) {
    if (!district || !on_replace) return;
    geo::District after = district();
    edit(after.basemaps);
    on_replace(std::move(after), label);
}

bool BasemapsPanel::AddFrom(const AddBasemapDialog& dialog, bool quiet, std::string* error) {
    std::string key;
    try {
        geo::Basemap b = dialog.Basemap(key);
        if (!key.empty()) StoreBasemapKey(b.name, key);
        const std::string name = b.name;
        Change([&](std::vector<geo::Basemap>& all) { geo::add_basemap(all, std::move(b)); },
               "add basemap " + name);
    } catch (const std::exception& e) {
        if (error) *error = e.what();
        if (!quiet)
            wxMessageBox(_("The basemap cannot be added:") + "\n" + U(e.what()), _("Add Basemap"),
                         wxOK | wxICON_WARNING, this);
        return false;
    }
    return true;
}

void BasemapsPanel::OnAdd() {
    if (!district) return;
    AddBasemapDialog dialog(this, district().meta.srid);
    if (dialog.ShowModal() != wxID_OK) return;
    AddFrom(dialog, false);
}

} // namespace cordon::gui
