// The main window's household ledger (issue 14): the Households menu's commands, the Screening
// panel and the map's screening colours, the dialog of households on no building.

#include "format.hpp"
#include "ledger_controller.hpp"
#include "ledger_dialogs.hpp"
#include "main_frame.hpp"
#include "menus.hpp"
#include "screening_panel.hpp"

#include <cordon/render/decorations.hpp>

#include <wx/menu.h>
#include <wx/notebook.h>
#include <wx/splitter.h>

namespace cordon::gui {

namespace {

/// How wide the side is while the Screening panel is in front (px).
constexpr int k_screening_width = 570;

} // namespace

void MainFrame::BindLedger() {
    auto on = [this](int id, std::function<void()> f) {
        Bind(
            wxEVT_MENU, [f = std::move(f)](wxCommandEvent&) { f(); }, id);
    };
    on(id_register_import, [this] { AskImportRegister(); });
    on(id_households_unmatched, [this] { ShowHouseholds(); });
    on(id_visits_import, [this] { m_ledger->AskImportVisits(); });
    on(id_select_not_yet_met, [this] { SelectNotYetMet(); });
    m_screening->on_import_visits = [this] { m_ledger->AskImportVisits(); };
    m_screening->on_select_not_yet_met = [this] { SelectNotYetMet(); };
    // The Screening panel's table needs a wider side than the other panels.
    m_notebook->Bind(wxEVT_NOTEBOOK_PAGE_CHANGED, [this](wxBookCtrlEvent& e) {
        e.Skip();
        if (m_notebook->GetPage(static_cast<std::size_t>(e.GetSelection())) == m_screening &&
            m_split->GetSashPosition() < k_screening_width)
            m_split->SetSashPosition(k_screening_width);
    });
    m_screening->on_colour = [this](bool colour) {
        m_canvas->SetScreening(colour ? &m_screening->States() : nullptr);
    };
}

void MainFrame::UpdateLedger() {
    m_screening->Update();
    if (m_canvas->ShowsScreening()) m_canvas->SetScreening(&m_screening->States());
    if (m_households != nullptr) m_households->Update();
}

RegisterWizard* MainFrame::OpenRegisterWizard() {
    auto* wizard = new RegisterWizard(this);
    wizard->Show();
    return wizard;
}

void MainFrame::AskImportRegister() {
    if (!m_doc->HasProject()) return;
    RegisterWizard wizard(this);
    if (wizard.ShowModal() != wxID_OK) return;
    m_ledger->ImportRegister(wizard.File(), wizard.Options(), [this](bool ok) {
        if (ok && m_doc->district->households.size() > 0) ShowHouseholds();
    });
}

HouseholdsDialog* MainFrame::ShowHouseholds() {
    if (m_households == nullptr) {
        m_households = new HouseholdsDialog(this, *m_doc);
        m_households->on_match = [this](const std::string& key, const std::string& building) {
            return m_ledger->Match(key, building);
        };
    }
    m_households->Update();
    if (m_sel_layer == FeatureLayer::buildings && m_sel_ids.size() == 1)
        m_households->SetBuilding(*m_sel_ids.begin()); // picked on the map before
    m_households->Show();
    m_households->Raise();
    return m_households;
}

void MainFrame::SelectNotYetMet() {
    const std::set<geo::Id> ids = m_screening->NotYetMetBuildings();
    Select(FeatureLayer::buildings, ids);
    ShowStatus(wxString::Format(_("%s buildings with households not yet met selected"),
                                FormatNumber(static_cast<double>(ids.size()))));
}

void MainFrame::ShowScreening() {
    const int page = m_notebook->FindPage(m_screening);
    if (page != wxNOT_FOUND) m_notebook->SetSelection(static_cast<std::size_t>(page));
}

nlohmann::json MainFrame::LedgerState() const {
    nlohmann::json s;
    s["register"] = m_ledger->RegisterReport();
    s["visits"] = m_ledger->VisitsReport();
    s["match"] = m_ledger->MatchReport();
    s["screening"] = m_screening->State();
    s["map_screening"] = m_canvas->ShowsScreening();
    if (m_households != nullptr) s["households"] = m_households->State();
    s["legend"] = nlohmann::json::array();
    for (const auto& line :
         render::legend_lines(render::LegendOptions::for_drawn(m_canvas->Drawn())))
        if (line.layer == "screening") s["legend"].push_back(line.value);
    return s;
}

} // namespace cordon::gui
