#pragma once
// File › Export Layers and File › Hand-over Package: what the planner chooses (layers, format,
// encoding, coordinates, where), and the coordinate choices offered for a district: its own
// CRS, WGS 84, CGCS2000, CGCS2000 Gauss–Krüger 3° and 6° zones (the zone of the district's
// centre preselected), GCJ-02 and BD-09.

#include <cordon/geo/district.hpp>
#include <cordon/geo/text_encoding.hpp>

#include <wx/dialog.h>

#include <string>
#include <vector>

class wxCheckListBox;
class wxChoice;
class wxDirPickerCtrl;
class wxFilePickerCtrl;
class wxRadioButton;

namespace cordon::gui {

/// What the planner chose to export.
struct ExportChoice {
    std::vector<std::string> layers; ///< project tables
    std::string format = "shp";
    geo::TextEncoding encoding = geo::TextEncoding::utf8;
    std::string crs; ///< as geo::ExportOptions::crs: empty for the project's
    std::string folder;
};

/// What the planner chose for a hand-over package.
struct HandoverChoice {
    std::string output; ///< a folder, or a file ending in .zip
    geo::TextEncoding encoding = geo::TextEncoding::gbk;
    std::string crs;
};

/// One entry of the coordinate choice: its label and the CRS as export names it.
struct CrsEntry {
    wxString label;
    std::string crs;
};
/// The coordinate choices for `district`, and which to preselect: the CGCS2000 3° Gauss–Krüger
/// zone of the district's centre when it lies in one (China), else the project's CRS.
std::vector<CrsEntry> ExportCrsEntries(const geo::District& district, std::size_t* preselect);

/// The layers export offers, as project tables.
const std::vector<std::string>& ExportableLayers();

/// File › Export Layers: several layers at once into a folder (LAYER.EXT each).
class ExportDialog : public wxDialog {
public:
    /// `checked`: the layers ticked at first (the table's layer).
    ExportDialog(wxWindow* parent, const geo::District& district,
                 const std::vector<std::string>& checked);
    ExportChoice Choice() const;

private:
    wxCheckListBox* m_layers = nullptr;
    wxChoice* m_format = nullptr;
    wxChoice* m_encoding = nullptr;
    wxChoice* m_crs = nullptr;
    wxDirPickerCtrl* m_folder = nullptr;
    std::vector<CrsEntry> m_crs_entries;
};

/// File › Hand-over Package: the package `cordon-cli handover` writes, to a folder or a ZIP.
class HandoverDialog : public wxDialog {
public:
    HandoverDialog(wxWindow* parent, const geo::District& district, const std::string& near);
    HandoverChoice Choice() const;

private:
    wxRadioButton* m_zip = nullptr;
    wxFilePickerCtrl* m_zip_path = nullptr;
    wxDirPickerCtrl* m_folder = nullptr;
    wxChoice* m_encoding = nullptr;
    wxChoice* m_crs = nullptr;
    std::vector<CrsEntry> m_crs_entries;
};

/// A layer's name in the UI language ("buildings": 建筑).
wxString ExportLayerName(const std::string& layer);

} // namespace cordon::gui
