#include "main_frame.hpp"

#include "app.hpp"
#include "map_canvas.hpp"

#include <cordon/geo/project_store.hpp>

#include <wx/aboutdlg.h>
#include <wx/app.h>
#include <wx/filedlg.h>
#include <wx/filename.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/statusbr.h>

#include <cmath>
#include <cstdio>
#include <exception>

namespace cordon::gui {

namespace {

enum StatusField { field_message, field_cursor, field_scale, field_count };

enum MenuId { id_zoom_full = wxID_HIGHEST + 1 };

wxString from_utf8(const std::string& text) {
    return wxString::FromUTF8(text.c_str());
}

} // namespace

MainFrame::MainFrame()
    : wxFrame(nullptr, wxID_ANY, "Cordon", wxDefaultPosition, wxSize(1200, 800)) {
    BuildMenu();
    m_canvas = new MapCanvas(this);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(m_canvas, 1, wxEXPAND);
    SetSizer(sizer);

    CreateStatusBar(field_count);
    const int widths[field_count] = {-1, 280, 140};
    GetStatusBar()->SetStatusWidths(field_count, widths);
    SetStatusText(_("No project open. File > Open Project..."), field_message);

    m_canvas->on_view_changed = [this] { UpdateScale(); };
    m_canvas->on_cursor = [this](std::optional<geo::Point> p) { UpdateCursor(p); };
    m_canvas->SetFocus();
}

void MainFrame::BuildMenu() {
    auto* file = new wxMenu;
    file->Append(wxID_OPEN, _("&Open Project...\tCtrl+O"));
    file->AppendSeparator();
    file->Append(wxID_EXIT, _("&Quit\tCtrl+Q"));

    auto* view = new wxMenu;
    view->Append(wxID_ZOOM_IN, _("Zoom &In\tCtrl+="));
    view->Append(wxID_ZOOM_OUT, _("Zoom &Out\tCtrl+-"));
    view->Append(id_zoom_full, _("Zoom to &Full District\tHome"));

    auto* help = new wxMenu;
    help->Append(wxID_ABOUT, _("&About Cordon"));

    auto* bar = new wxMenuBar;
    bar->Append(file, _("&File"));
    bar->Append(view, _("&View"));
    bar->Append(help, _("&Help"));
    SetMenuBar(bar);

    Bind(wxEVT_MENU, &MainFrame::OnOpen, this, wxID_OPEN);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_EXIT);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { m_canvas->ZoomBy(1.5); }, wxID_ZOOM_IN);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { m_canvas->ZoomBy(1 / 1.5); }, wxID_ZOOM_OUT);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { m_canvas->ZoomToFull(); }, id_zoom_full);
    Bind(wxEVT_MENU, &MainFrame::OnAbout, this, wxID_ABOUT);
}

bool MainFrame::OpenProject(const std::string& path, bool quiet) {
    std::shared_ptr<const geo::District> district;
    try {
        district = std::make_shared<const geo::District>(geo::read_project(path));
    } catch (const std::exception& e) {
        if (quiet)
            std::fprintf(stderr, "cordon: %s\n", e.what());
        else
            wxMessageBox(from_utf8(e.what()), _("Cannot open project"), wxOK | wxICON_ERROR, this);
        return false;
    }
    m_path = path;
    m_canvas->SetDistrict(district);
    const wxString name = wxFileName(from_utf8(path)).GetFullName();
    SetTitle(name + " - Cordon");
    SetStatusText(wxString::Format(_("%s: %zu compounds, %zu buildings, %zu roads, %zu gates"),
                                   name, district->compounds.size(), district->buildings.size(),
                                   district->roads.size(), district->gates.size()),
                  field_message);
    return true;
}

void MainFrame::ScreenshotAndExit(const std::string& path) {
    m_canvas->on_first_paint = [this, path] {
        try {
            m_canvas->SaveSnapshot(path);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "cordon: %s\n", e.what());
            wxGetApp().SetExitCode(1);
        }
        Close(true);
    };
}

void MainFrame::UpdateScale() {
    if (!m_canvas->HasDistrict()) {
        SetStatusText(wxEmptyString, field_scale);
        return;
    }
    const double n = m_canvas->GetView().scale_denominator();
    SetStatusText(wxString::Format("1:%s", wxString::FromDouble(std::round(n), 0)), field_scale);
}

void MainFrame::UpdateCursor(std::optional<geo::Point> position) {
    if (!position) {
        SetStatusText(wxEmptyString, field_cursor);
        return;
    }
    SetStatusText(wxString::Format("X %.1f  Y %.1f m", position->x, position->y), field_cursor);
}

void MainFrame::OnOpen(wxCommandEvent&) {
    wxFileDialog dialog(this, _("Open Cordon project"), wxEmptyString, wxEmptyString,
                        _("Cordon projects (*.cordon)|*.cordon|All files|*"),
                        wxFD_OPEN | wxFD_FILE_MUST_EXIST);
    if (dialog.ShowModal() != wxID_OK) return;
    OpenProject(dialog.GetPath().utf8_string());
}

void MainFrame::OnAbout(wxCommandEvent&) {
    wxAboutDialogInfo info;
    info.SetName("Cordon");
    info.SetVersion(CORDON_VERSION);
    info.SetDescription(_("District planning for epidemic control."));
    wxAboutBox(info, this);
}

} // namespace cordon::gui
