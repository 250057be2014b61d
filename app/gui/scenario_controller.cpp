#include "scenario_controller.hpp"

#include "features.hpp"
#include "format.hpp"
#include "map_canvas.hpp"
#include "report_dialogs.hpp"
#include "shell.hpp"

#include <cordon/session/scenario.hpp>

#include <wx/choicdlg.h>
#include <wx/dialog.h>
#include <wx/intl.h>
#include <wx/listctrl.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textdlg.h>

#include <cmath>
#include <set>

namespace cordon::gui {

ScenarioController::ScenarioController(Shell& shell, std::shared_ptr<Document> doc,
                                       MapCanvas& canvas)
    : m_shell(shell), m_doc(std::move(doc)), m_canvas(canvas) {}

wxString ScenarioController::StaleWarning() const {
    const StaleZones& stale = m_doc->stale;
    if (stale.empty()) return {};
    std::set<geo::Id> ids = stale.outlines;
    ids.insert(stale.routes.begin(), stale.routes.end());
    wxString names;
    for (const auto& z : m_doc->district->zones)
        if (ids.count(z.id)) names += (names.empty() ? "" : ", ") + ZoneTitle(z.name);
    return wxString::Format(_("The outlines and routes of %s are out of date after your "
                              "edits (Plan > Refresh, F6, redraws them). A scenario saved now "
                              "keeps figures that its map does not show. Save it anyway?"),
                            names);
}

bool ScenarioController::Save(const std::string& name,
                              const std::function<bool(const wxString&)>& confirm) {
    if (const wxString warning = StaleWarning(); !warning.empty() && !confirm(warning))
        return false;
    geo::District after = *m_doc->district;
    try {
        session::save_scenario(after, session::capture_scenario(after, name));
    } catch (const std::exception& e) {
        m_shell.ShowError(_("Cannot save the scenario"), U(e.what()));
        return false;
    }
    m_doc->Replace(std::move(after), "save scenario " + name);
    if (on_saved) on_saved();
    return true;
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
    CompareDialog dialog(m_shell.Window(), cmp);
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
    if (name.empty()) return;
    Save(name.utf8_string(), [this](const wxString& warning) {
        wxMessageDialog ask(m_shell.Window(), warning, _("Save Plan as Scenario"),
                            wxYES_NO | wxNO_DEFAULT | wxICON_WARNING);
        ask.SetYesNoLabels(_("Save Anyway"), _("Cancel"));
        return ask.ShowModal() == wxID_YES;
    });
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
