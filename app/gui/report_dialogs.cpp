#include "report_dialogs.hpp"

#include "dialog_buttons.hpp"
#include "features.hpp"
#include "format.hpp"
#include "import_wizard.hpp"
#include "shell.hpp"

#include <cordon/geo/import.hpp>

#include <wx/button.h>
#include <wx/intl.h>
#include <wx/listctrl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <algorithm>
#include <map>

namespace cordon::gui {

namespace {

/// A layer of the import (its role) in the UI language.
wxString RoleName(const std::string& role) {
    if (role == "buildings") return _("Buildings");
    if (role == "compounds") return _("Compounds");
    if (role == "gates") return _("Gates");
    if (role == "roads") return _("Roads");
    if (role == "checkpoints") return _("Checkpoints");
    if (role == "communities") return _("Communities");
    if (role == "district") return _("District boundary");
    return U(role);
}

/// Why a feature was dropped, repaired or noted, in the UI language: the import's reasons
/// are fixed texts (a GEOS reason for a repair).
wxString ImportReasonText(const std::string& reason) {
    if (reason == "landuse=residential without a name")
        return _("residential area (landuse=residential) without a name");
    if (reason.rfind("not within", 0) == 0 && reason.find("compound boundary") != std::string::npos)
        return _("not near a compound's boundary: kept without a compound");
    if (reason == "Self-intersection" || reason == "Ring Self-intersection")
        return _("outline crossing itself");
    if (reason == "Too few points") return _("too few points");
    if (reason.find("Hole") != std::string::npos || reason.find("Nested") != std::string::npos ||
        reason.find("Interior") != std::string::npos)
        return _("holes or parts out of place");
    return wxGetTranslation(U(reason));
}

/// What the source held that is not a district feature, by its kind ("area, not a building
/// or residential area: amenity" counts under areas).
wxString LeftOutText(const std::string& reason) {
    if (reason.rfind("area", 0) == 0) return _("areas that are neither buildings nor residential");
    if (reason.rfind("line", 0) == 0) return _("lines that are not roads");
    if (reason.rfind("point", 0) == 0) return _("points that are not gates");
    return _("relations and multi-lines");
}

void Row(wxListCtrl* list, const wxString& what, const wxString& value = {},
         const wxString& more = {}) {
    const long row = list->GetItemCount();
    list->InsertItem(row, what);
    list->SetItem(row, 1, value);
    list->SetItem(row, 2, more);
}

} // namespace

wxString CrsText(const std::string& crs) {
    if (CurrentLanguage() == UiLanguage::en || crs.rfind("EPSG:", 0) != 0) return U(crs);
    return U(crs.substr(0, crs.find(' ')));
}

ImportReportDialog::ImportReportDialog(
    wxWindow* parent, const nlohmann::json& report,
    std::function<void(FeatureLayer, const std::string&)> on_select)
    : wxDialog(parent, wxID_ANY, _("Import report"), wxDefaultPosition, wxSize(900, 580),
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      m_select(std::move(on_select)) {
    m_list = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                            wxLC_REPORT | wxLC_SINGLE_SEL | wxLC_HRULES);
    m_list->AppendColumn(_("What"), wxLIST_FORMAT_LEFT, 420);
    m_list->AppendColumn(_("Count"), wxLIST_FORMAT_RIGHT, 120);
    m_list->AppendColumn(_("Of"), wxLIST_FORMAT_LEFT, 330);
    Row(m_list, _("Project coordinates"), {}, CrsText(report.value("project_crs", std::string())));
    const nlohmann::json none = nlohmann::json::object();
    const nlohmann::json layers = report.value("layers", none);
    for (const auto& [role, l] : layers.items()) {
        if (l.value("read", 0.0) == 0 && l.value("imported", 0.0) == 0) continue;
        Row(m_list, RoleName(role), FormatNumber(l.value("imported", 0.0)),
            wxString::Format(_("imported of %s read"), FormatNumber(l.value("read", 0.0))));
        for (const char* key : {"repaired_because", "dropped_because", "notes"})
            for (const auto& [reason, r] : (l.contains(key) ? l[key] : none).items()) {
                const wxString kind = std::string(key) == "repaired_because"  ? _("repaired")
                                      : std::string(key) == "dropped_because" ? _("dropped")
                                                                              : _("noted");
                Row(m_list, "    " + ImportReasonText(reason), FormatNumber(r.value("count", 0.0)),
                    kind);
            }
    }
    const nlohmann::json sources = report.value("sources", nlohmann::json::array());
    for (const auto& source : sources) {
        Row(m_list, _("Source"), FormatNumber(source.value("features", 0.0)),
            U(source.value("path", std::string())));
        std::map<wxString, double> left_out;
        for (const auto& [reason, r] :
             (source.contains("left_out") ? source["left_out"] : none).items())
            left_out[LeftOutText(reason)] += r.value("count", 0.0);
        for (const auto& [what, count] : left_out)
            Row(m_list, "    " + what, FormatNumber(count), _("not imported"));
        for (const auto& w : source.contains("warnings") ? source["warnings"] : none)
            Row(m_list, "    " + ImportParamText(geo::param_text_from_json(w)), {}, _("warning"));
    }
    if (report.contains("checks")) {
        const auto& c = report["checks"];
        Row(m_list, _("To check (select a row, then Select)"));
        auto check = [&](const char* key, const wxString& label, const wxString& of) {
            if (!c.contains(key)) return;
            FeatureLayer layer = FeatureLayer::buildings;
            if (!layer_from_key(c[key].value("layer", std::string()), layer)) return;
            m_checks.push_back({m_list->GetItemCount(), layer, c[key].value("select", "")});
            Row(m_list, "    " + label, FormatNumber(c[key].value("count", 0.0)), of);
        };
        check("gates_on_no_compound", _("Gates on no compound"), {});
        check("compounds_without_gate", _("Compounds with no gate"), {});
        check("compounds_unknown_mode", _("Compounds of unknown mode"), {});
        if (c.contains("households_estimated"))
            check(
                "households_estimated", _("Buildings whose households are estimated"),
                wxString::Format(_("of %s buildings, %s households"),
                                 FormatNumber(c["households_estimated"].value("of", 0.0)),
                                 FormatNumber(c["households_estimated"].value("households", 0.0))));
    }
    if (report.contains("network")) {
        const auto& n = report["network"];
        Row(m_list, _("Road network"),
            wxString::Format(_("%s km"), FormatNumber(n.value("length_km", 0.0), 1)),
            wxString::Format(_("%s nodes, %s edges"), FormatNumber(n.value("nodes", 0.0)),
                             FormatNumber(n.value("edges", 0.0))));
    }
    auto* select = new wxButton(this, wxID_ANY, _("Select on the Map"));
    select->Disable();
    m_list->Bind(wxEVT_LIST_ITEM_SELECTED, [this, select](wxListEvent& e) {
        select->Enable(std::any_of(m_checks.begin(), m_checks.end(),
                                   [&](const Check& c) { return c.row == e.GetIndex(); }));
    });
    m_list->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent& e) { SelectRow(e.GetIndex()); });
    select->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        SelectRow(m_list->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED));
    });
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(m_list, 1, wxEXPAND | wxALL, 6);
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    buttons->Add(select, 0, wxRIGHT, 6);
    buttons->AddStretchSpacer();
    buttons->Add(new wxButton(this, wxID_OK, _("Close")), 0);
    sizer->Add(buttons, 0, wxEXPAND | wxALL, 6);
    SetSizer(sizer);
    SetEscapeId(wxID_OK);
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { Destroy(); }, wxID_OK);
}

bool ImportReportDialog::SelectRow(long row) {
    for (const Check& c : m_checks)
        if (c.row == row) {
            if (m_select) m_select(c.layer, c.expression);
            return true;
        }
    return false;
}

std::vector<CompareRow> CompareRows(const nlohmann::json& cmp) {
    std::vector<CompareRow> rows;
    struct Figure {
        const char* key;
        wxString label, unit;
        int decimals;
        bool percent;
    };
    const Figure figures[] = {
        {"zones", _("Patrol zones"), {}, 0, false},
        {"zone_mean_households", _("Households per zone (mean)"), _("households"), 0, false},
        {"zone_max_deviation", _("Largest deviation from the mean"), {}, 1, true},
        {"unzoned_patrol_buildings", _("Patrolled buildings in no zone"), {}, 0, false},
        {"gates_open", _("Open gates"), {}, 0, false},
        {"gates_closed", _("Closed gates"), {}, 0, false},
        {"compounds_without_open_gate", _("Compounds with no open gate"), {}, 0, false},
        {"compounds_mode_assumed", _("Compounds planned on an assumed mode"), {}, 0, false},
        {"checkpoints", _("Vehicle checkpoints"), {}, 0, false},
        {"checkpoint_crew_on_duty", _("Checkpoint staff on duty"), _("people"), 0, false},
        {"closed_roads", _("Closed roads"), {}, 0, false},
        {"people_per_day", _("People needed a day"), _("people"), 0, false}};
    auto text = [](double v, const Figure& f, bool signed_) {
        wxString s = f.percent ? FormatPercent(v, f.decimals) : FormatNumber(v, f.decimals);
        if (signed_ && v > 0) s = "+" + s;
        if (!f.unit.empty()) s += " " + f.unit;
        return s;
    };
    const nlohmann::json figure_rows = cmp.value("figures", nlohmann::json::array());
    for (const auto& r : figure_rows) {
        const std::string key = r.value("figure", std::string());
        const Figure* f = nullptr;
        for (const Figure& x : figures)
            if (key == x.key) f = &x;
        const Figure fallback{"", U(key), {}, 0, false};
        if (f == nullptr) f = &fallback;
        const double a = r.value("a", 0.0), b = r.value("b", 0.0);
        rows.push_back({f->label, text(a, *f, false), text(b, *f, false),
                        a == b ? wxString(_("same")) : text(b - a, *f, true)});
    }
    // Zone by zone, by their numbers (kept across re-runs): households and buildings kept.
    const nlohmann::json zones = cmp.value("zones", nlohmann::json::array());
    if (!zones.empty()) rows.push_back({_("Households per zone"), {}, {}, {}});
    for (const auto& z : zones) {
        const nlohmann::json none;
        const nlohmann::json& a = z.contains("a") ? z["a"] : none;
        const nlohmann::json& b = z.contains("b") ? z["b"] : none;
        auto name = [](const nlohmann::json& side) {
            return side.is_object() ? side.value("name", std::string()) : std::string();
        };
        auto households = [](const nlohmann::json& side) {
            return side.is_object() ? side.value("households", 0.0) : 0.0;
        };
        auto cell = [&](const nlohmann::json& side) {
            return side.is_object()
                       ? wxString::Format(_("%s households"), FormatNumber(households(side)))
                       : wxString(_("no such zone"));
        };
        wxString label = "  " + ZoneTitle(name(a).empty() ? name(b) : name(a));
        if (!name(a).empty() && !name(b).empty() && name(a) != name(b))
            label += " / " + ZoneTitle(name(b));
        if (a.is_object())
            label += " " + wxString::Format(_("(%s of %s buildings kept)"),
                                            FormatNumber(z.value("buildings_kept", 0.0)),
                                            FormatNumber(a.value("buildings", 0.0)));
        const double d = households(b) - households(a);
        wxString difference =
            !a.is_object() || !b.is_object() ? wxString()
            : d == 0                         ? wxString(_("same"))
                     : wxString::Format(_("%s households"), (d > 0 ? "+" : "") + FormatNumber(d));
        rows.push_back({label, cell(a), cell(b), difference});
    }
    const nlohmann::json diff = cmp.value("differences", nlohmann::json::object());
    const std::pair<const char*, wxString> counts[] = {
        {"gates", _("Gates in another state")},
        {"compounds", _("Compounds in another mode")},
        {"buildings", _("Buildings in another zone")},
        {"checkpoints_only_in_a", _("Checkpoints only in the first")},
        {"checkpoints_only_in_b", _("Checkpoints only in the second")},
        {"roads", _("Roads closed in only one")}};
    for (const auto& [key, label] : counts) {
        const std::size_t n = diff.contains(key) ? diff[key].size() : 0;
        rows.push_back({label, {}, {}, FormatNumber(static_cast<double>(n))});
    }
    return rows;
}

CompareDialog::CompareDialog(wxWindow* parent, const nlohmann::json& cmp)
    : wxDialog(parent, wxID_ANY,
               wxString::Format(_("Compare %s and %s"), U(cmp.value("a", std::string())),
                                U(cmp.value("b", std::string()))),
               wxDefaultPosition, wxSize(780, 520), wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER) {
    auto* list =
        new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_HRULES);
    list->AppendColumn(_("Figure"), wxLIST_FORMAT_LEFT, 280);
    list->AppendColumn(U(cmp.value("a", std::string())), wxLIST_FORMAT_RIGHT, 155);
    list->AppendColumn(U(cmp.value("b", std::string())), wxLIST_FORMAT_RIGHT, 155);
    list->AppendColumn(_("Difference"), wxLIST_FORMAT_RIGHT, 155);
    long row = 0;
    for (const CompareRow& r : CompareRows(cmp)) {
        list->InsertItem(row, r.label);
        list->SetItem(row, 1, r.a);
        list->SetItem(row, 2, r.b);
        list->SetItem(row, 3, r.difference);
        ++row;
    }
    // Each column as wide as its widest text (the zone rows' labels are long), the dialog as
    // wide as the columns, within the screen.
    int total = 0;
    for (int c = 0; c < list->GetColumnCount(); ++c) {
        int widest = list->GetColumnWidth(c);
        for (long r = -1; r < list->GetItemCount(); ++r) {
            wxString text;
            if (r < 0) {
                wxListItem item;
                item.SetMask(wxLIST_MASK_TEXT);
                list->GetColumn(c, item);
                text = item.GetText();
            } else {
                text = list->GetItemText(r, c);
            }
            int w = 0, h = 0;
            list->GetTextExtent(text, &w, &h);
            widest = std::max(widest, w + 24);
        }
        list->SetColumnWidth(c, widest);
        total += widest;
    }
    SetSize(std::min(total + 60, 1240), -1);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(list, 1, wxEXPAND | wxALL, 6);
    sizer->Add(
        new wxStaticText(this, wxID_ANY, _("The features that differ are highlighted on the map.")),
        0, wxALL, 6);
    sizer->Add(DialogButtons(*this, false), 0, wxEXPAND | wxALL, 6);
    SetSizer(sizer);
}

} // namespace cordon::gui
