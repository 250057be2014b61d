#include "atlas_controller.hpp"

#include "format.hpp"
#include "shell.hpp"
#include "task.hpp"

#include <cordon/render/atlas.hpp>

#include <wx/filedlg.h>
#include <wx/filename.h>

namespace cordon::gui {

AtlasController::AtlasController(Shell& shell, std::shared_ptr<Document> doc)
    : m_shell(shell), m_doc(std::move(doc)) {
    m_atlas.language =
        CurrentLanguage() == UiLanguage::en ? render::Language::en : render::Language::zh;
}

void AtlasController::AskExport(wxWindow* parent) {
    if (!m_doc->HasProject()) return;
    wxFileDialog dialog(parent, _("Export the patrol atlas as PDF"), wxEmptyString,
                        wxFileName(U(m_doc->path)).GetName() + "-atlas.pdf",
                        _("PDF files (*.pdf)|*.pdf"), wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
    if (dialog.ShowModal() != wxID_OK) return;
    Export(dialog.GetPath().utf8_string(), m_atlas, {}, parent);
}

void AtlasController::Export(const std::string& path, const AtlasSettings& settings,
                             std::function<void(bool)> done, wxWindow* parent) {
    if (!m_doc->HasProject()) {
        if (done) done(false);
        return;
    }
    // The options `cordon-cli print` builds; the district as it is now (saved or not).
    auto options = std::make_shared<render::AtlasOptions>(AtlasOptionsFor(*m_doc, settings));
    std::shared_ptr<const geo::District> district = m_doc->district;
    auto report = std::make_shared<render::AtlasReport>();
    RunTask(
        parent != nullptr ? parent : m_shell.Window(), _("Writing the atlas"),
        [district, options, path, report](Progress& progress) {
            options->progress = &progress;
            *report = render::write_atlas(*district, path, *options);
        },
        [this, path, report, done](std::exception_ptr error) {
            if (error) {
                if (IsCancelled(error))
                    m_shell.ShowStatus(_("Atlas cancelled: no file was written."));
                else
                    m_shell.ShowError(_("Cannot write the atlas"), ErrorText(error));
                if (done) done(false);
                return;
            }
            m_atlas_report = render::atlas_report_json(*report);
            m_atlas_report["output"] = path;
            m_shell.ShowStatus(wxString::Format(_("Wrote the atlas %s: %d pages"),
                                                wxFileName(U(path)).GetFullName(), report->pages));
            if (done) done(true);
        },
        !m_shell.Quiet());
}

PrintPreviewDialog* AtlasController::OpenPreview() {
    if (!m_doc->HasProject() || m_preview != nullptr) return m_preview;
    m_preview = new PrintPreviewDialog(m_shell.Window(), m_doc, m_atlas);
    m_preview->on_export = [this](const AtlasSettings& s) {
        m_atlas = s;
        AskExport(m_preview);
    };
    m_preview->Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent& e) {
        m_atlas = m_preview->Settings();
        if (m_preview->IsModal())
            m_preview->EndModal(wxID_CLOSE);
        else
            m_preview->Destroy();
        m_preview = nullptr;
        e.Skip(false);
    });
    if (m_shell.Quiet()) {
        m_preview->Show();
        m_preview->Render();
        return m_preview;
    }
    PrintPreviewDialog* dialog = m_preview;
    dialog->CallAfter([dialog] { dialog->Render(); });
    dialog->ShowModal();
    dialog->Destroy();
    return nullptr;
}

} // namespace cordon::gui
