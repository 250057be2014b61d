#include "export_dialog.hpp"

#include "dialog_buttons.hpp"
#include "format.hpp"
#include "shell.hpp"

#include <cordon/geo/crs.hpp>
#include <cordon/geo/export.hpp>

#include <wx/checklst.h>
#include <wx/choice.h>
#include <wx/filepicker.h>
#include <wx/intl.h>
#include <wx/radiobut.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <algorithm>
#include <filesystem>

namespace cordon::gui {

const std::vector<std::string>& ExportableLayers() {
    static const std::vector<std::string> layers{
        "buildings", "compounds",     "gates",        "checkpoints",  "roads",
        "zones",     "routes",        "communities",  "choke_points", "cordon_areas",
        "district",  "network_edges", "network_nodes"};
    return layers;
}

wxString ExportLayerName(const std::string& layer) {
    if (layer == "buildings") return _("Buildings");
    if (layer == "compounds") return _("Compounds");
    if (layer == "gates") return _("Gates");
    if (layer == "checkpoints") return _("Checkpoints");
    if (layer == "roads") return _("Roads");
    if (layer == "zones") return _("Patrol zones");
    if (layer == "routes") return _("Patrol routes");
    if (layer == "communities") return _("Communities");
    if (layer == "choke_points") return _("Natural choke points");
    if (layer == "cordon_areas") return _("Protected areas");
    if (layer == "district") return _("District boundary");
    if (layer == "network_edges") return _("Road network: edges");
    if (layer == "network_nodes") return _("Road network: junctions");
    return U(layer);
}

std::vector<CrsEntry> ExportCrsEntries(const geo::District& district, std::size_t* preselect) {
    std::vector<CrsEntry> out{{_("Project CRS"), ""},
                              {"WGS 84 (EPSG:4326)", "EPSG:4326"},
                              {_("CGCS2000 longitude/latitude (EPSG:4490)"), "EPSG:4490"}};
    // The zone of the district's centre first, then every zone.
    std::optional<geo::GaussKrugerZone> here;
    try {
        const geo::Box box = district.focus_extent();
        if (district.meta.srid > 0 && box.width() >= 0)
            here = geo::cgcs2000_gauss_kruger_zone(
                geo::lon_lat({(box.minx + box.maxx) / 2, (box.miny + box.maxy) / 2},
                             district.meta.srid)
                    .x,
                3);
    } catch (const std::exception&) {
        here.reset(); // no centre known: no zone preselected
    }
    auto label = [](const geo::GaussKrugerZone& z) {
        return z.zone_prefix
                   ? wxString::Format(_("CGCS2000 %d-degree Gauss-Kruger zone %d (EPSG:%d)"),
                                      z.degrees, z.zone, z.epsg)
                   : wxString::Format(_("CGCS2000 %d-degree Gauss-Kruger, central meridian %dE "
                                        "(EPSG:%d)"),
                                      z.degrees, z.central_meridian, z.epsg);
    };
    if (preselect) *preselect = 0;
    for (const geo::GaussKrugerZone& z : geo::cgcs2000_gauss_kruger_zones()) {
        if (here && z.epsg == here->epsg && preselect) *preselect = out.size();
        out.push_back({label(z), "EPSG:" + std::to_string(z.epsg)});
    }
    out.push_back({_("GCJ-02 (Chinese web maps: Amap, Tencent)"), "gcj02"});
    out.push_back({_("BD-09 (Baidu maps)"), "bd09"});
    return out;
}

namespace {

wxChoice* CrsChoice(wxWindow* parent, const geo::District& district,
                    std::vector<CrsEntry>& entries) {
    std::size_t preselect = 0;
    entries = ExportCrsEntries(district, &preselect);
    auto* crs = new wxChoice(parent, wxID_ANY);
    for (const CrsEntry& e : entries)
        crs->Append(e.label);
    crs->SetSelection(static_cast<int>(preselect));
    crs->SetToolTip(_("The coordinates the files are written in; the CGCS2000 Gauss-Kruger zone "
                      "of the district's centre is chosen at first"));
    return crs;
}

std::string ChosenCrs(const wxChoice* crs, const std::vector<CrsEntry>& entries) {
    const int i = crs->GetSelection();
    return i >= 0 && static_cast<std::size_t>(i) < entries.size()
               ? entries[static_cast<std::size_t>(i)].crs
               : std::string();
}

wxStaticText* Label(wxWindow* parent, const wxString& text) {
    return new wxStaticText(parent, wxID_ANY, text);
}

} // namespace

ExportDialog::ExportDialog(wxWindow* parent, const geo::District& district,
                           const std::vector<std::string>& checked)
    : wxDialog(parent, wxID_ANY, _("Export Layers"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER) {
    m_layers = new wxCheckListBox(this, wxID_ANY, wxDefaultPosition, wxSize(-1, 220));
    for (const std::string& layer : ExportableLayers()) {
        const unsigned i = m_layers->Append(ExportLayerName(layer));
        m_layers->Check(i, std::find(checked.begin(), checked.end(), layer) != checked.end());
    }
    m_format = new wxChoice(this, wxID_ANY);
    for (const auto& f : geo::export_formats())
        m_format->Append(U(f));
    m_format->SetSelection(0);
    m_encoding = new wxChoice(this, wxID_ANY);
    m_encoding->Append("UTF-8");
    m_encoding->Append(_("GBK (for older ArcGIS)"));
    m_encoding->SetSelection(0);
    m_crs = CrsChoice(this, district, m_crs_entries);
    m_folder =
        new wxDirPickerCtrl(this, wxID_ANY, wxEmptyString, _("Export to folder"), wxDefaultPosition,
                            wxSize(420, -1), wxDIRP_USE_TEXTCTRL | wxDIRP_DIR_MUST_EXIST);
    auto* grid = new wxFlexGridSizer(2, 6, 8);
    grid->Add(Label(this, _("Layers")));
    grid->Add(m_layers, 1, wxEXPAND);
    grid->Add(Label(this, _("Format")), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(m_format);
    grid->Add(Label(this, _("Shapefile encoding")), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(m_encoding);
    grid->Add(Label(this, _("Coordinates")), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(m_crs, 1, wxEXPAND);
    grid->Add(Label(this, _("Folder")), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(m_folder, 1, wxEXPAND);
    grid->AddGrowableCol(1);
    grid->AddGrowableRow(0);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(grid, 1, wxEXPAND | wxALL, 10);
    sizer->Add(Label(this, _("Each layer is written as LAYER.FORMAT in the folder, as the map "
                             "shows it now (unsaved edits included).")),
               0, wxLEFT | wxRIGHT, 10);
    sizer->Add(DialogButtons(*this), 0, wxEXPAND | wxALL, 6);
    SetSizerAndFit(sizer);
}

ExportChoice ExportDialog::Choice() const {
    ExportChoice c;
    for (unsigned i = 0; i < m_layers->GetCount(); ++i)
        if (m_layers->IsChecked(i)) c.layers.push_back(ExportableLayers()[i]);
    c.format = m_format->GetStringSelection().utf8_string();
    if (m_encoding->GetSelection() == 1) c.encoding = geo::TextEncoding::gbk;
    c.crs = ChosenCrs(m_crs, m_crs_entries);
    c.folder = m_folder->GetPath().utf8_string();
    return c;
}

HandoverDialog::HandoverDialog(wxWindow* parent, const geo::District& district,
                               const std::string& near)
    : wxDialog(parent, wxID_ANY, _("Hand-over Package"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER) {
    const std::filesystem::path here = std::filesystem::path(near).parent_path();
    const std::string stem = std::filesystem::path(near).stem().string();
    m_zip = new wxRadioButton(this, wxID_ANY, _("ZIP archive"), wxDefaultPosition, wxDefaultSize,
                              wxRB_GROUP);
    auto* folder = new wxRadioButton(this, wxID_ANY, _("Folder"));
    m_zip_path =
        new wxFilePickerCtrl(this, wxID_ANY, U((here / (stem + "-handover.zip")).string()),
                             _("Hand-over package"), "*.zip", wxDefaultPosition, wxSize(420, -1),
                             wxFLP_SAVE | wxFLP_OVERWRITE_PROMPT | wxFLP_USE_TEXTCTRL);
    m_folder = new wxDirPickerCtrl(this, wxID_ANY, U((here / (stem + "-handover")).string()),
                                   _("Hand-over package"), wxDefaultPosition, wxSize(420, -1),
                                   wxDIRP_USE_TEXTCTRL);
    m_folder->Disable();
    m_zip->Bind(wxEVT_RADIOBUTTON, [this](wxCommandEvent&) {
        m_zip_path->Enable();
        m_folder->Disable();
    });
    folder->Bind(wxEVT_RADIOBUTTON, [this](wxCommandEvent&) {
        m_zip_path->Disable();
        m_folder->Enable();
    });
    m_encoding = new wxChoice(this, wxID_ANY);
    m_encoding->Append(_("GBK (for older ArcGIS)"));
    m_encoding->Append("UTF-8");
    m_encoding->SetSelection(0);
    m_crs = CrsChoice(this, district, m_crs_entries);
    auto* grid = new wxFlexGridSizer(2, 6, 8);
    grid->Add(m_zip, 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(m_zip_path, 1, wxEXPAND);
    grid->Add(folder, 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(m_folder, 1, wxEXPAND);
    grid->Add(Label(this, _("Shapefile encoding")), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(m_encoding);
    grid->Add(Label(this, _("Coordinates")), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(m_crs, 1, wxEXPAND);
    grid->AddGrowableCol(1);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(grid, 1, wxEXPAND | wxALL, 10);
    sizer->Add(Label(this, _("The atlas as PDF, every plan layer as Shapefile, GeoPackage, KML "
                             "and CSV, the staffing table and a contents file: the plan as "
                             "the map shows it now.")),
               0, wxLEFT | wxRIGHT, 10);
    sizer->Add(DialogButtons(*this), 0, wxEXPAND | wxALL, 6);
    SetSizerAndFit(sizer);
}

HandoverChoice HandoverDialog::Choice() const {
    HandoverChoice c;
    c.output = (m_zip->GetValue() ? m_zip_path->GetPath() : m_folder->GetPath()).utf8_string();
    c.encoding = m_encoding->GetSelection() == 1 ? geo::TextEncoding::utf8 : geo::TextEncoding::gbk;
    c.crs = ChosenCrs(m_crs, m_crs_entries);
    return c;
}

} // namespace cordon::gui
