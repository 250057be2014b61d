#include "scenario_controller.hpp"

#include "format.hpp"
#include "map_canvas.hpp"
#include "shell.hpp"

#include <cordon/session/scenario.hpp>

#include <wx/choicdlg.h>
#include <wx/dialog.h>
#include <wx/intl.h>
#include <wx/listctrl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textdlg.h>

#include <cmath>

namespace cordon::gui {

ScenarioController::ScenarioController(Shell& shell, std::shared_ptr<Document> doc,
                                       MapCanvas& canvas)
    : m_shell(shell), m_doc(std::move(doc)), m_canvas(canvas) {}

void ScenarioController::Save(const std::string& name) {
    geo::District after = *m_doc->district;
    try {
        session::save_scenario(after, session::capture_scenario(after, name));
    } catch (const std::exception& e) {
        m_shell.ShowError(_("Cannot save the scenario"), U(e.what()));
        return;
    }
    m_doc->Replace(std::move(after), "save scenario " + name);
    if (on_saved) on_saved();
}

nlohmann::json ScenarioController::Compare(const std::string& a, const std::string& b, bool quiet) {
    std::string error;
    const auto scenarios = ReadScenarios(*m_doc->district, &error);
    if (!error.empty()) {
        m_shell.ShowError(_("Compare scenarios"), U(error));
        return {};
    }
    auto named = [&scenarios](const std::string& name) -> const session::Scenario* {
        for (const auto& s : scenarios)
            if (s.name == name) return &s;
        return nullptr;
    };
    const session::Scenario* sa = named(a);
    const session::Scenario* sb = named(b);
    if (sa == nullptr || sb == nullptr) {
        m_shell.ShowError(_("Compare scenarios"), _("No such scenario."));
        return {};
    }
    const nlohmann::json cmp = session::compare_scenarios(*sa, *sb);
    render::Highlight h;
    const auto& diff = cmp["differences"];
    for (const auto& g : diff["gates"])
        h.gates.insert(g["id"].get<geo::Id>());
    for (const auto& c : diff["compounds"])
        h.compounds.insert(c["id"].get<geo::Id>());
    for (const auto& x : diff["buildings"])
        h.buildings.insert(x["id"].get<geo::Id>());
    for (const auto& r : diff["roads"])
        h.roads.insert(r["id"].get<geo::Id>());
    for (const char* side : {"checkpoints_only_in_a", "checkpoints_only_in_b"})
        for (const auto& c : diff[side])
            for (const auto& k : m_doc->district->checkpoints)
                if (std::hypot(k.pos.x - c.value("x", 0.0), k.pos.y - c.value("y", 0.0)) < 0.01)
                    h.checkpoints.insert(k.id);
    m_canvas.SetHighlight(h);
    m_shell.ShowStatus(wxString::Format(
        _("Differences between %s and %s are highlighted on the map"), U(a), U(b)));
    if (quiet) return cmp;

    wxDialog dialog(m_shell.Window(), wxID_ANY,
                    wxString::Format(_("Compare %s and %s"), U(a), U(b)), wxDefaultPosition,
                    wxSize(620, 520), wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER);
    auto* list = new wxListCtrl(&dialog, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                wxLC_REPORT | wxLC_HRULES);
    list->AppendColumn(_("Figure"), wxLIST_FORMAT_LEFT, 250);
    list->AppendColumn(U(a), wxLIST_FORMAT_RIGHT, 110);
    list->AppendColumn(U(b), wxLIST_FORMAT_RIGHT, 110);
    list->AppendColumn(_("Difference"), wxLIST_FORMAT_RIGHT, 110);
    long row = 0;
    for (const auto& r : cmp["figures"]) {
        const std::string name = r["figure"].get<std::string>();
        const int decimals =
            name == "zone_max_deviation" ? 3 : (name == "zone_mean_households" ? 1 : 0);
        list->InsertItem(row, wxGetTranslation(U(name)));
        list->SetItem(row, 1, FormatNumber(r["a"].get<double>(), decimals));
        list->SetItem(row, 2, FormatNumber(r["b"].get<double>(), decimals));
        list->SetItem(row, 3, FormatNumber(r["difference"].get<double>(), decimals));
        ++row;
    }
    const std::pair<const char*, wxString> counts[] = {
        {"gates", _("Gates in another state")},
        {"compounds", _("Compounds in another mode")},
        {"buildings", _("Buildings in another zone")},
        {"checkpoints_only_in_a", _("Checkpoints only in the first")},
        {"checkpoints_only_in_b", _("Checkpoints only in the second")},
        {"roads", _("Roads closed in only one")}};
    for (const auto& [key, label] : counts) {
        list->InsertItem(row, label);
        list->SetItem(row, 3, FormatNumber(static_cast<double>(diff[key].size())));
        ++row;
    }
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(list, 1, wxEXPAND | wxALL, 6);
    sizer->Add(new wxStaticText(&dialog, wxID_ANY,
                                _("The features that differ are highlighted on the map.")),
               0, wxALL, 6);
    sizer->Add(dialog.CreateStdDialogButtonSizer(wxOK), 0, wxEXPAND | wxALL, 6);
    dialog.SetSizer(sizer);
    dialog.ShowModal();
    return cmp;
}

void ScenarioController::AskCompare() {
    std::string error;
    const auto list = ReadScenarios(*m_doc->district, &error);
    if (!error.empty()) {
        m_shell.ShowError(_("Compare scenarios"), U(error));
        return;
    }
    if (list.size() < 2) {
        m_shell.ShowError(_("Compare scenarios"), _("Save at least two scenarios first."));
        return;
    }
    wxArrayString names;
    for (const auto& s : list)
        names.Add(U(s.name));
    const int a = wxGetSingleChoiceIndex(_("First scenario:"), _("Compare Scenarios"), names, 0,
                                         m_shell.Window());
    if (a < 0) return;
    const int b = wxGetSingleChoiceIndex(_("Second scenario:"), _("Compare Scenarios"), names,
                                         a == 0 ? 1 : 0, m_shell.Window());
    if (b < 0) return;
    Compare(names[static_cast<size_t>(a)].utf8_string(),
            names[static_cast<size_t>(b)].utf8_string(), false);
}

void ScenarioController::AskSave() {
    const wxString name = wxGetTextFromUser(
        _("Name of the scenario:"), _("Save Plan as Scenario"),
        wxString::Format(_("Plan %zu"), ReadScenarios(*m_doc->district).size() + 1),
        m_shell.Window());
    if (!name.empty()) Save(name.utf8_string());
}

void ScenarioController::Restore(const std::string& name) {
    geo::District after = *m_doc->district;
    try {
        const auto s = session::find_scenario(after, name);
        if (!s) return;
        session::restore_scenario(after, *s);
    } catch (const std::exception& e) {
        m_shell.ShowError(_("Cannot restore the scenario"), U(e.what()));
        return;
    }
    m_doc->Replace(std::move(after), "restore scenario " + name);
}

void ScenarioController::Delete(const std::string& name) {
    geo::District after = *m_doc->district;
    session::remove_scenario(after, name);
    m_doc->Replace(std::move(after), "delete scenario " + name);
}

} // namespace cordon::gui
