#include "print.hpp"

#include "features.hpp"
#include "format.hpp"
#include "task.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/session/edit.hpp>

#include <wx/button.h>
#include <wx/checklst.h>
#include <wx/choice.h>
#include <wx/dcclient.h>
#include <wx/filename.h>
#include <wx/graphics.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/weakref.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cordon::gui {

render::AtlasOptions AtlasOptionsFor(const Document& doc, const AtlasSettings& settings) {
    render::AtlasOptions options;
    options.paper = settings.paper;
    options.landscape = settings.landscape;
    options.language = settings.language;
    for (geo::Id id : settings.zones)
        options.zones.push_back(std::to_string(id));
    options.title = settings.title;
    // As `cordon-cli print PROJECT` without --plan-name: the project's file name.
    options.plan_name = wxFileName(wxString::FromUTF8(doc.path)).GetFullName().utf8_string();
    const nlohmann::json figures =
        session::plan_figures(*doc.district, session::staffing_params(*doc.district));
    options.figures = render::atlas_figures(figures, options.language);
    options.staffing =
        render::staffing_by_hour(figures.value("staffing_by_hour", nlohmann::json()));
    return options;
}

namespace {

using SurfaceRef = std::shared_ptr<cairo_surface_t>;

SurfaceRef MakeSurface(int width, int height) {
    return SurfaceRef(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height),
                      cairo_surface_destroy);
}

void PaintWhite(cairo_surface_t* surface) {
    cairo_t* cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_destroy(cr);
}

/// Takes each finished page off the drawing surface (the atlas reports a page before it
/// shows it) and passes the progress on.
class PageTaker final : public Progress {
public:
    PageTaker(Progress& outer, cairo_surface_t* surface, AtlasPreview& out)
        : m_outer(outer), m_surface(surface), m_out(out) {}
    bool cancel_requested() const override { return m_outer.cancel_requested(); }

protected:
    void on_progress(std::string_view stage, double fraction) override {
        cairo_surface_flush(m_surface);
        SurfaceRef page = MakeSurface(cairo_image_surface_get_width(m_surface),
                                      cairo_image_surface_get_height(m_surface));
        cairo_t* cr = cairo_create(page.get());
        cairo_set_source_surface(cr, m_surface, 0, 0);
        cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
        cairo_paint(cr);
        cairo_destroy(cr);
        m_out.pages.push_back(std::move(page));
        PaintWhite(m_surface); // a clean sheet for the next page
        m_outer.report(stage, fraction);
    }

private:
    Progress& m_outer;
    cairo_surface_t* m_surface;
    AtlasPreview& m_out;
};

} // namespace

AtlasPreview RenderAtlasPreview(const geo::District& district, render::AtlasOptions options,
                                int long_side, Progress& progress) {
    render::require_font(options.font_family);
    render::atlas_zone_ids(district, options); // unknown zones before anything is drawn
    const render::Extent size = render::page_size(options.paper, options.landscape);
    const double scale = long_side / std::max(size.width, size.height);
    SurfaceRef surface = MakeSurface(static_cast<int>(std::lround(size.width * scale)),
                                     static_cast<int>(std::lround(size.height * scale)));
    PaintWhite(surface.get());
    AtlasPreview out;
    PageTaker taker(progress, surface.get(), out);
    options.progress = &taker;
    std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()),
                                                          cairo_destroy);
    cairo_scale(cr.get(), scale, scale);
    out.report = render::draw_atlas(cr.get(), district, options);
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS)
        throw Error(std::string("atlas preview: drawing failed (") +
                    cairo_status_to_string(cairo_status(cr.get())) + ")");
    return out;
}

PrintPreviewDialog::PrintPreviewDialog(wxWindow* parent, std::shared_ptr<Document> doc,
                                       const AtlasSettings& settings)
    : wxDialog(parent, wxID_ANY, _("Print Preview: Patrol Atlas"), wxDefaultPosition,
               wxSize(1100, 900), wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      m_doc(std::move(doc)) {
    auto* controls = new wxFlexGridSizer(2, 6, 8);
    m_paper = new wxChoice(this, wxID_ANY);
    m_paper->Append("A4");
    m_paper->Append("A3");
    m_orientation = new wxChoice(this, wxID_ANY);
    m_orientation->Append(_("Portrait"));
    m_orientation->Append(_("Landscape"));
    m_language = new wxChoice(this, wxID_ANY);
    m_language->Append(wxString::FromUTF8("中文"));
    m_language->Append("English");
    m_language->SetToolTip(_("The language the atlas is printed in (not the window's)"));
    m_title = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxSize(200, -1),
                             wxTE_PROCESS_ENTER);
    m_title->SetHint(_("Patrol atlas"));
    m_title->SetToolTip(_("The title printed on every page (empty: \"Patrol atlas\" in the "
                          "atlas's language)"));
    controls->Add(new wxStaticText(this, wxID_ANY, _("Title")), 0, wxALIGN_CENTER_VERTICAL);
    controls->Add(m_title, 1, wxEXPAND);
    controls->Add(new wxStaticText(this, wxID_ANY, _("Paper")), 0, wxALIGN_CENTER_VERTICAL);
    controls->Add(m_paper, 1, wxEXPAND);
    controls->Add(new wxStaticText(this, wxID_ANY, _("Orientation")), 0, wxALIGN_CENTER_VERTICAL);
    controls->Add(m_orientation, 1, wxEXPAND);
    controls->Add(new wxStaticText(this, wxID_ANY, _("Language")), 0, wxALIGN_CENTER_VERTICAL);
    controls->Add(m_language, 1, wxEXPAND);
    controls->AddGrowableCol(1);

    m_zones = new wxCheckListBox(this, wxID_ANY, wxDefaultPosition, wxSize(200, 240));
    m_zones->SetToolTip(_("The zones that get pages of their own"));
    for (const auto& z : m_doc->district->zones)
        m_zones->Append(wxString::FromUTF8(z.name.empty() ? "#" + std::to_string(z.id) : z.name));
    auto* all = new wxButton(this, wxID_ANY, _("All zones"));
    auto* export_pdf = new wxButton(this, wxID_ANY, _("Export PDF..."));
    export_pdf->SetToolTip(_("Write the atlas as shown to a PDF file"));

    auto* left = new wxBoxSizer(wxVERTICAL);
    left->Add(controls, 0, wxEXPAND | wxALL, 8);
    left->Add(new wxStaticText(this, wxID_ANY, _("Zones")), 0, wxLEFT | wxRIGHT, 8);
    left->Add(m_zones, 1, wxEXPAND | wxALL, 8);
    left->Add(all, 0, wxEXPAND | wxLEFT | wxRIGHT, 8);
    left->AddStretchSpacer(0);
    left->Add(export_pdf, 0, wxEXPAND | wxALL, 8);
    left->Add(new wxButton(this, wxID_CLOSE, _("Close")), 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM,
              8);

    m_canvas = new wxWindow(this, wxID_ANY, wxDefaultPosition, wxSize(640, 760));
    m_canvas->SetBackgroundStyle(wxBG_STYLE_PAINT);
    m_canvas->Bind(wxEVT_PAINT, [this](wxPaintEvent&) { OnPaintPage(); });
    m_canvas->Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        m_canvas->Refresh(false);
        e.Skip();
    });
    m_prev = new wxButton(this, wxID_ANY, _("< Previous"));
    m_next = new wxButton(this, wxID_ANY, _("Next >"));
    m_label = new wxStaticText(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                               wxALIGN_CENTRE_HORIZONTAL | wxST_NO_AUTORESIZE);
    auto* nav = new wxBoxSizer(wxHORIZONTAL);
    nav->Add(m_prev, 0);
    nav->Add(m_label, 1, wxALIGN_CENTER_VERTICAL | wxLEFT | wxRIGHT, 8);
    nav->Add(m_next, 0);
    auto* right = new wxBoxSizer(wxVERTICAL);
    right->Add(m_canvas, 1, wxEXPAND);
    right->Add(nav, 0, wxEXPAND | wxTOP, 6);

    auto* sizer = new wxBoxSizer(wxHORIZONTAL);
    sizer->Add(left, 0, wxEXPAND);
    sizer->Add(right, 1, wxEXPAND | wxALL, 8);
    SetSizer(sizer);
    SetSettings(settings);

    for (wxChoice* c : {m_paper, m_orientation, m_language})
        c->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { Render(); });
    m_zones->Bind(wxEVT_CHECKLISTBOX, [this](wxCommandEvent&) { Render(); });
    // The title is drawn again when typed out: Enter, or leaving the field.
    m_title->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { Render(); });
    m_title->Bind(wxEVT_KILL_FOCUS, [this](wxFocusEvent& e) {
        if (m_title->GetValue().utf8_string() != m_drawn_title) Render();
        e.Skip();
    });
    all->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        for (unsigned i = 0; i < m_zones->GetCount(); ++i)
            m_zones->Check(i, true);
        Render();
    });
    m_prev->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { ShowPage(m_page - 1); });
    m_next->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { ShowPage(m_page + 1); });
    export_pdf->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (on_export) on_export(Settings());
    });
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { Close(); }, wxID_CLOSE);
    Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& e) {
        if (e.GetKeyCode() == WXK_PAGEDOWN || e.GetKeyCode() == WXK_RIGHT)
            ShowPage(m_page + 1);
        else if (e.GetKeyCode() == WXK_PAGEUP || e.GetKeyCode() == WXK_LEFT)
            ShowPage(m_page - 1);
        else
            e.Skip();
    });
    ShowPage(0);
}

AtlasSettings PrintPreviewDialog::Settings() const {
    AtlasSettings s;
    s.paper = m_paper->GetSelection() == 1 ? render::Paper::a3 : render::Paper::a4;
    s.landscape = m_orientation->GetSelection() == 1;
    s.language = m_language->GetSelection() == 1 ? render::Language::en : render::Language::zh;
    wxString title = m_title->GetValue();
    s.title = title.Trim().Trim(false).utf8_string();
    const auto& zones = m_doc->district->zones;
    bool every = true;
    for (unsigned i = 0; i < m_zones->GetCount() && i < zones.size(); ++i) {
        if (m_zones->IsChecked(i))
            s.zones.push_back(zones[i].id);
        else
            every = false;
    }
    if (every) s.zones.clear();
    return s;
}

void PrintPreviewDialog::SetSettings(const AtlasSettings& s) {
    m_paper->SetSelection(s.paper == render::Paper::a3 ? 1 : 0);
    m_orientation->SetSelection(s.landscape ? 1 : 0);
    m_language->SetSelection(s.language == render::Language::en ? 1 : 0);
    m_title->ChangeValue(wxString::FromUTF8(s.title));
    const auto& zones = m_doc->district->zones;
    for (unsigned i = 0; i < m_zones->GetCount() && i < zones.size(); ++i)
        m_zones->Check(i, s.zones.empty() || std::find(s.zones.begin(), s.zones.end(),
                                                       zones[i].id) != s.zones.end());
}

void PrintPreviewDialog::Render() {
    if (m_rendering) {
        m_again = true;
        return;
    }
    const AtlasSettings settings = Settings();
    if (settings.zones.empty() && m_zones->GetCount() > 0 && !m_zones->IsChecked(0)) {
        // Nothing checked (every zone unchecked reads as "none", not "all").
        m_preview = {};
        ShowPage(0);
        m_label->SetLabel(_("Choose at least one zone."));
        return;
    }
    auto options = std::make_shared<render::AtlasOptions>(AtlasOptionsFor(*m_doc, settings));
    m_drawn_title = settings.title;
    std::shared_ptr<const geo::District> district = m_doc->district;
    auto result = std::make_shared<AtlasPreview>();
    const int long_side = 1400;
    m_rendering = true;
    m_label->SetLabel(_("Drawing the atlas..."));
    wxWeakRef<PrintPreviewDialog> self(this);
    RunTask(
        this, _("Drawing the atlas"),
        [district, options, result, long_side](Progress& progress) {
            *result = RenderAtlasPreview(*district, *options, long_side, progress);
        },
        [self, result](std::exception_ptr error) {
            if (!self) return;
            PrintPreviewDialog& d = *self;
            d.m_rendering = false;
            if (error) {
                wxString text;
                try {
                    std::rethrow_exception(error);
                } catch (const Cancelled&) {
                    text = _("Cancelled.");
                } catch (const std::exception& e) {
                    text = wxString::FromUTF8(e.what());
                }
                d.m_preview = {};
                d.ShowPage(0);
                d.m_label->SetLabel(text);
                std::fprintf(stderr, "cordon: atlas preview: %s\n", text.utf8_str().data());
            } else {
                d.m_preview = std::move(*result);
                d.ShowPage(std::min(d.m_page, d.PageCount() - 1));
            }
            if (d.m_again) {
                d.m_again = false;
                d.CallAfter([self] {
                    if (self) self->Render();
                });
            } else if (d.on_rendered) {
                d.on_rendered();
            }
        },
        IsShownOnScreen() && !IsBeingDeleted());
}

wxString PrintPreviewDialog::PageLabel() const {
    if (m_preview.pages.empty()) return _("No pages.");
    const int page = m_page + 1;
    wxString text = wxString::Format(_("Page %d of %d"), page, PageCount());
    if (page <= m_preview.report.overview_pages) return text + ": " + _("overview of the district");
    for (const auto& z : m_preview.report.zones)
        if (page >= z.first_page && page < z.first_page + z.pages)
            return text + ": " +
                   wxString::Format(page == z.first_page ? _("%s, scale 1:%s")
                                                         : _("%s, list continued"),
                                    ZoneTitle(z.name), FormatNumber(z.scale_denominator));
    return text;
}

void PrintPreviewDialog::ShowPage(int index) {
    m_page = std::clamp(index, 0, std::max(0, PageCount() - 1));
    m_prev->Enable(m_page > 0);
    m_next->Enable(m_page + 1 < PageCount());
    m_label->SetLabel(PageLabel());
    m_canvas->Refresh(false);
}

void PrintPreviewDialog::OnPaintPage() {
    wxPaintDC dc(m_canvas);
    std::unique_ptr<wxGraphicsContext> gc(wxGraphicsContext::Create(dc));
    auto* cr = gc ? static_cast<cairo_t*>(gc->GetNativeContext()) : nullptr;
    if (cr == nullptr) return;
    const wxSize size = m_canvas->GetClientSize();
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.55, 0.57, 0.6);
    cairo_paint(cr);
    if (m_page < PageCount()) {
        cairo_surface_t* page = m_preview.pages[static_cast<std::size_t>(m_page)].get();
        const double pw = cairo_image_surface_get_width(page),
                     ph = cairo_image_surface_get_height(page);
        const double margin = 16;
        const double s = std::min((size.x - 2 * margin) / pw, (size.y - 2 * margin) / ph);
        if (s > 0) {
            const double x = (size.x - pw * s) / 2, y = (size.y - ph * s) / 2;
            cairo_rectangle(cr, x + 4, y + 4, pw * s, ph * s); // the sheet's shadow
            cairo_set_source_rgba(cr, 0, 0, 0, 0.35);
            cairo_fill(cr);
            cairo_translate(cr, x, y);
            cairo_scale(cr, s, s);
            cairo_set_source_surface(cr, page, 0, 0);
            cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
            cairo_rectangle(cr, 0, 0, pw, ph);
            cairo_fill(cr);
        }
    }
    cairo_restore(cr);
}

nlohmann::json PrintPreviewDialog::State() const {
    const AtlasSettings s = Settings();
    nlohmann::json j = render::atlas_report_json(m_preview.report);
    j["images"] = PageCount();
    j["page"] = m_page + 1;
    j["label"] = PageLabel().utf8_string();
    j["paper"] = s.paper == render::Paper::a3 ? "A3" : "A4";
    j["landscape"] = s.landscape;
    j["language"] = s.language == render::Language::en ? "en" : "zh";
    j["selected_zones"] = s.zones;
    j["title"] = s.title;
    return j;
}

void PrintPreviewDialog::SavePage(const std::string& path) const {
    if (m_page >= PageCount()) throw InputError("the preview has no page to save");
    const cairo_status_t status = cairo_surface_write_to_png(
        m_preview.pages[static_cast<std::size_t>(m_page)].get(), path.c_str());
    if (status != CAIRO_STATUS_SUCCESS)
        throw Error("cannot write PNG " + path + ": " + cairo_status_to_string(status));
}

} // namespace cordon::gui
