#include "plan_controller.hpp"

#include "features.hpp"
#include "format.hpp"
#include "panels.hpp"
#include "shell.hpp"
#include "task.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/session/plan.hpp>
#include <cordon/session/refresh.hpp>

#include <chrono>

namespace cordon::gui {

namespace {

/// What a step's report says beyond the plan's figures: buildings by control, the routes'
/// length, staffing shortfalls, the checkpoints' reasons.
wxString StepDetails(const std::string& step, const nlohmann::json& f) {
    wxString out;
    auto num = [](const nlohmann::json& v, int decimals = 0) {
        return v.is_number() ? FormatNumber(v.get<double>(), decimals) : wxString("-");
    };
    if (step == "all") {
        for (const auto& s : {"classify", "gates", "zones", "routes", "staffing"})
            if (f.contains(s)) out += StepDetails(s, f[s]);
        return out;
    }
    if (step == "classify" && f.contains("district")) {
        out += _("Buildings by control:") + "\n";
        for (const auto& [mode, t] : f["district"].items())
            out += wxString::Format(_("  %s: %s buildings, %s households"), ControlText(mode),
                                    num(t["buildings"]), num(t["households"])) +
                   "\n";
    } else if (step == "routes" && f.contains("total_km")) {
        out += wxString::Format(_("Patrol routes: %s, %s km in all"),
                                num(nlohmann::json(f["routes"].size())), num(f["total_km"], 1)) +
               "\n";
    } else if (step == "staffing" && f.contains("district")) {
        for (const auto& s : f.value("shortfall", nlohmann::json::array()))
            out += wxString::Format(_("  short of %s %s"), num(s["short"]),
                                    U(s["pool"].get<std::string>())) +
                   "\n";
    } else if (step == "checkpoints" && f.contains("checkpoints")) {
        out +=
            wxString::Format(_("Checkpoints: %s"), num(nlohmann::json(f["checkpoints"].size()))) +
            "\n";
        // No checkpoint: why, as the command line says it.
        const std::string outcome = f.value("outcome", std::string());
        if (outcome == "nothing_outside")
            out += "  " +
                   wxString::Format(_("The whole drivable network lies within the margin (%s m) "
                                      "of the area: no traffic comes from beyond it, so no "
                                      "checkpoint is needed. Use a smaller margin."),
                                    num(f["parameters"]["margin_m"])) +
                   "\n";
        else if (outcome == "already_cut_off")
            out += "  " +
                   _("The area is already cut off: no drivable road leads in from beyond "
                     "the margin.") +
                   "\n";
        else if (outcome == "closed_by_hand_placed")
            out += "  " + _("The checkpoints placed by hand already close every way in.") + "\n";
        if (f.contains("area") &&
            f["area"].value("note", std::string()).find("no district boundary") !=
                std::string::npos)
            out += "  " +
                   _("The project has no district boundary (import one in the District "
                     "boundary role): the district is the hull of its buildings.") +
                   "\n";
        for (const auto& c : f["checkpoints"])
            if (c.contains("reason")) out += "  - " + U(c["reason"].get<std::string>()) + "\n";
    }
    return out;
}

} // namespace

wxString StepName(const std::string& step) {
    if (step == "classify") return _("Classify buildings");
    if (step == "gates") return _("Reduce gates");
    if (step == "zones") return _("Patrol zones");
    if (step == "routes") return _("Patrol routes");
    if (step == "checkpoints") return _("Checkpoints");
    if (step == "staffing") return _("Staffing");
    if (step == "all") return _("All steps");
    return U(step);
}

wxString PlanResultText(const std::string& step, const nlohmann::json& report,
                        const Document& doc) {
    wxString out;
    for (const auto& [name, value] : FigureRows(doc.figures, *doc.district, doc.stale)) {
        wxString label = name;
        label.Trim(false);
        out += (name.StartsWith(" ") ? "  " : "") + label + ": " + value + "\n";
    }
    const wxString details = StepDetails(step, report);
    if (!details.empty()) out += "\n" + details;
    return out;
}

wxString ZoneList(const geo::District& d, const std::set<geo::Id>& ids) {
    wxString out;
    for (const auto& z : d.zones)
        if (ids.count(z.id))
            out +=
                (out.empty() ? "" : ", ") + U(z.name.empty() ? "#" + std::to_string(z.id) : z.name);
    return out;
}

PlanController::PlanController(Shell& shell, std::shared_ptr<Document> doc, PlanPanel& panel)
    : m_shell(shell), m_doc(std::move(doc)), m_panel(panel) {}

void PlanController::TakeResultFrom(const PlanController& other) {
    m_last_step = other.m_last_step;
    m_last_report = other.m_last_report;
    m_refresh_report = other.m_refresh_report;
    if (!m_last_step.empty() && m_doc->HasProject())
        m_panel.ShowResult(PlanResultText(m_last_step, m_last_report, *m_doc));
}

void PlanController::Run(const std::string& step, std::function<void(bool)> done) {
    if (!m_doc->HasProject()) {
        if (done) done(false);
        return;
    }
    auto work = std::make_shared<geo::District>(*m_doc->district);
    auto figures = std::make_shared<nlohmann::json>();
    const session::PlanParams params = m_doc->params;
    RunTask(
        m_shell.Window(), _("Planning"),
        [=](Progress& progress) {
            *figures = session::run_plan_step(*work, step, params, progress);
            session::record_step(*work, step, session::plan_parameters(step, params), *figures);
        },
        [=, this](std::exception_ptr error) {
            if (error) {
                if (IsCancelled(error))
                    m_shell.ShowStatus(_("Planning cancelled: nothing was changed."));
                else
                    m_shell.ShowError(_("The plan step failed"), ErrorText(error));
                m_panel.ShowResult(ErrorText(error));
                if (done) done(false);
                return;
            }
            m_doc->Replace(std::move(*work), "plan " + step);
            m_last_step = step;
            m_last_report = *figures;
            m_panel.ShowResult(PlanResultText(step, *figures, *m_doc));
            m_shell.ShowStatus(wxString::Format(_("Plan step done: %s"), StepName(step)));
            if (done) done(true);
        },
        !m_shell.Quiet());
}

void PlanController::RefreshZones(std::function<void(bool)> done) {
    const StaleZones stale = m_doc->stale;
    if (!m_doc->HasProject() || stale.empty()) {
        m_shell.ShowStatus(_("The zones' outlines and routes are up to date."));
        if (done) done(true);
        return;
    }
    auto work = std::make_shared<geo::District>(*m_doc->district);
    auto report = std::make_shared<nlohmann::json>();
    const session::PlanParams params = m_doc->params;
    RunTask(
        m_shell.Window(), _("Refreshing zones"),
        [work, report, stale, params](Progress& progress) {
            const auto start = std::chrono::steady_clock::now();
            std::vector<geo::Id> changed;
            if (!stale.outlines.empty())
                changed = session::refresh_zone_outlines(*work, params.zoning, progress);
            (*report)["outlines_changed"] = changed;
            (*report)["routes"] = nlohmann::json::array();
            if (!stale.routes.empty()) {
                session::refresh_zone_routes(*work, stale.routes, params.routes, progress);
                (*report)["routes"] = stale.routes;
            }
            (*report)["ms"] =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count();
        },
        [this, work, report, stale, done](std::exception_ptr error) {
            if (error) {
                if (IsCancelled(error))
                    m_shell.ShowStatus(_("Refresh cancelled: nothing was changed."));
                else
                    m_shell.ShowError(_("Cannot refresh the zones"), ErrorText(error));
                if (done) done(false);
                return;
            }
            std::set<geo::Id> all = stale.outlines;
            all.insert(stale.routes.begin(), stale.routes.end());
            std::string label = "refresh zones";
            for (geo::Id id : all)
                label += " " + std::to_string(id);
            m_refresh_report = *report;
            m_doc->Replace(std::move(*work), label, StaleZones{});
            const auto changed = (*report)["outlines_changed"].get<std::vector<geo::Id>>();
            m_shell.ShowStatus(
                wxString::Format(_("Outlines redrawn (%s changed), routes planned again: %s"),
                                 ZoneList(*m_doc->district, {changed.begin(), changed.end()}),
                                 ZoneList(*m_doc->district, stale.routes)));
            if (done) done(true);
        },
        !m_shell.Quiet());
}

} // namespace cordon::gui
