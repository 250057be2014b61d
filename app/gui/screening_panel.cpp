#include "screening_panel.hpp"

#include "format.hpp"
#include "shell.hpp"

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/dcbuffer.h>
#include <wx/intl.h>
#include <wx/listctrl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace cordon::gui {

namespace {

double Pct(int n, int of) {
    return of > 0 ? 100.0 * n / of : 0.0;
}

wxColour Colour(const render::Rgba& c) {
    return wxColour(static_cast<unsigned char>(std::lround(c.r * 255)),
                    static_cast<unsigned char>(std::lround(c.g * 255)),
                    static_cast<unsigned char>(std::lround(c.b * 255)));
}

} // namespace

render::ScreeningState ScreeningStateOf(const ledger::ScreeningCounts& c) {
    if (c.not_yet_met > 0) return render::ScreeningState::not_yet_met;
    if (c.visited == 0) return render::ScreeningState::unvisited;
    if (c.visited < c.households) return render::ScreeningState::partly_visited;
    return render::ScreeningState::done;
}

// --- The chart ---------------------------------------------------------------------------------

ProgressChart::ProgressChart(wxWindow* parent)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxSize(-1, 190)) {
    SetBackgroundStyle(wxBG_STYLE_PAINT);
    Bind(wxEVT_PAINT, [this](wxPaintEvent&) { Paint(); });
    Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        Refresh();
        e.Skip();
    });
}

void ProgressChart::SetDays(std::vector<Day> days) {
    m_days = std::move(days);
    Refresh();
}

void ProgressChart::Paint() {
    wxAutoBufferedPaintDC dc(this);
    dc.SetBackground(*wxWHITE_BRUSH);
    dc.Clear();
    dc.SetFont(GetFont());
    const wxSize size = GetClientSize();
    const int left = 44, right = 12, top = 30, bottom = 36;
    const int w = size.x - left - right, h = size.y - top - bottom;
    if (w < 40 || h < 40) return;
    const wxColour visited_colour(31, 95, 168), met_colour = Colour(render::screening_colour(3)),
                                                bars(200, 210, 225), axis(90, 90, 90);
    // The legend on top.
    int x = left;
    const auto key = [&](const wxColour& c, const wxString& text, bool bar) {
        dc.SetPen(wxPen(c, bar ? 1 : 3));
        dc.SetBrush(wxBrush(c));
        if (bar)
            dc.DrawRectangle(x, 8, 12, 12);
        else
            dc.DrawLine(x, 14, x + 16, 14);
        x += bar ? 16 : 20;
        dc.SetTextForeground(*wxBLACK);
        dc.DrawText(text, x, 6);
        x += dc.GetTextExtent(text).x + 14;
    };
    key(bars, _("Visits that day"), true);
    key(visited_colour, _("Visited %"), false);
    key(met_colour, _("Met %"), false);
    // Axes: 0, 50 and 100 % on the left.
    dc.SetPen(wxPen(axis));
    dc.SetTextForeground(axis);
    for (int pct : {0, 50, 100}) {
        const int y = top + h - h * pct / 100;
        dc.SetPen(wxPen(pct == 0 ? axis : wxColour(225, 225, 225)));
        dc.DrawLine(left, y, left + w, y);
        const wxString label = wxString::Format("%d%%", pct);
        dc.DrawText(label, left - 6 - dc.GetTextExtent(label).x, y - dc.GetCharHeight() / 2);
    }
    if (m_days.empty()) {
        const wxString none = _("No visits yet: Import Visits...");
        dc.DrawText(none, left + (w - dc.GetTextExtent(none).x) / 2, top + h / 2 - 8);
        return;
    }
    const int n = static_cast<int>(m_days.size());
    int most = 1;
    for (const Day& d : m_days)
        most = std::max(most, d.visits);
    const double step = static_cast<double>(w) / n;
    const auto cx = [&](int i) { return left + static_cast<int>(std::lround(step * (i + 0.5))); };
    const auto cy = [&](double pct) {
        return top + h - static_cast<int>(std::lround(h * pct / 100));
    };
    dc.SetPen(wxPen(bars));
    dc.SetBrush(wxBrush(bars));
    const int bar_w = std::max(2, static_cast<int>(step * 0.6));
    for (int i = 0; i < n; ++i) {
        const int bh =
            static_cast<int>(std::lround(static_cast<double>(h) * m_days[i].visits / most));
        dc.DrawRectangle(cx(i) - bar_w / 2, top + h - bh, bar_w, bh);
    }
    for (const auto& [colour, met] :
         {std::pair{visited_colour, false}, std::pair{met_colour, true}}) {
        dc.SetPen(wxPen(colour, 3));
        dc.SetBrush(wxBrush(colour));
        for (int i = 0; i < n; ++i) {
            const double v = met ? m_days[i].met_pct : m_days[i].visited_pct;
            if (i > 0) {
                const double u = met ? m_days[i - 1].met_pct : m_days[i - 1].visited_pct;
                dc.DrawLine(cx(i - 1), cy(u), cx(i), cy(v));
            }
            dc.DrawCircle(cx(i), cy(v), 3);
        }
    }
    // Dates under the axis: as many as fit, the first and the last always.
    dc.SetTextForeground(axis);
    const int label_w = dc.GetTextExtent("12-31").x + 8;
    const int every = std::max(1, static_cast<int>(std::ceil(label_w / step)));
    for (int i = 0; i < n; ++i) {
        if (i % every != 0 && i != n - 1) continue;
        if (i != n - 1 && n - 1 - i < every && i != 0) continue;
        const std::string& date = m_days[i].date;
        const wxString label = U(date.size() >= 10 ? date.substr(5) : date);
        dc.DrawText(label, cx(i) - dc.GetTextExtent(label).x / 2, top + h + 4);
    }
    const wxString max_label =
        wxString::Format(_("most visits in a day: %s"), FormatNumber(static_cast<double>(most)));
    dc.DrawText(max_label, left + w - dc.GetTextExtent(max_label).x, top + h + 18);
}

// --- The panel ---------------------------------------------------------------------------------

ScreeningPanel::ScreeningPanel(wxWindow* parent, const Document& doc)
    : wxPanel(parent), m_doc(doc) {
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    m_summary = new wxStaticText(this, wxID_ANY, wxEmptyString);
    sizer->Add(m_summary, 0, wxEXPAND | wxALL, 4);
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* import = new wxButton(this, wxID_ANY, _("&Import Visits..."));
    auto* select = new wxButton(this, wxID_ANY, _("Select &Not Yet Met"));
    select->SetToolTip(_("Select the buildings with a household whose latest visit did not meet "
                         "it (not met, away, refused)"));
    buttons->Add(import, 1, wxRIGHT, 4);
    buttons->Add(select, 1);
    sizer->Add(buttons, 0, wxEXPAND | wxALL, 4);
    m_colour = new wxCheckBox(this, wxID_ANY, _("Colour buildings by screening progress"));
    sizer->Add(m_colour, 0, wxALL, 4);
    m_list =
        new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_HRULES);
    m_list->AppendColumn(_("Zone / community"), wxLIST_FORMAT_LEFT, 130);
    for (const wxString& figure : {_("Homes"), _("Visited"), _("Met"), _("Not met"), _("Vacant"),
                                   _("Visited %"), _("Met %")})
        m_list->AppendColumn(figure, wxLIST_FORMAT_RIGHT, wxLIST_AUTOSIZE_USEHEADER);
    sizer->Add(m_list, 1, wxEXPAND | wxALL, 4);
    sizer->Add(new wxStaticText(this, wxID_ANY, _("Progress by day")), 0, wxLEFT | wxTOP, 4);
    m_chart = new ProgressChart(this);
    sizer->Add(m_chart, 0, wxEXPAND | wxALL, 4);
    SetSizer(sizer);
    import->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (on_import_visits) on_import_visits();
});
select->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
    if (on_select_not_yet_met) on_select_not_yet_met();
});
m_colour->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) {
    if (on_colour) on_colour(m_colour->GetValue());
});
m_list->Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
    e.Skip();
    CallAfter([this] { FitNames(); }); // once the list has its new size
});
Update();
} // namespace cordon::gui

void ScreeningPanel::FitNames() {
    int figures = 0;
    for (int k = 1; k < m_list->GetColumnCount(); ++k)
        figures += m_list->GetColumnWidth(k);
    m_list->SetColumnWidth(0, std::max(100, m_list->GetClientSize().x - figures - 4));
}

bool ScreeningPanel::ColourMap() const {
    return m_colour->GetValue();
}

void ScreeningPanel::SetColourMap(bool on) {
    m_colour->SetValue(on);
    if (on_colour) on_colour(on);
}

std::set<geo::Id> ScreeningPanel::NotYetMetBuildings() const {
    std::set<geo::Id> ids;
    for (const auto& [id, c] : m_buildings)
        if (c.not_yet_met > 0) ids.insert(id);
    return ids;
}

void ScreeningPanel::Update() {
    const geo::District& d = *m_doc.district;
    m_buildings = ledger::screening_by_building(d, "");
    m_states.clear();
    for (const auto& [id, c] : m_buildings)
        m_states[id] = ScreeningStateOf(c);
    m_list->Freeze();
    m_list->DeleteAllItems();
    if (d.households.empty()) {
        m_summary->SetLabel(_("No household register in the project: Households > Import "
                              "Household Register..."));
        m_summary->Wrap(360);
        m_list->Thaw();
        m_chart->SetDays({});
        Layout();
        return;
    }
    const ledger::ScreeningReport r = ledger::screening_report(d, "");
    const auto row = [&](const wxString& name, const ledger::ScreeningCounts& c) {
        const long i = m_list->InsertItem(m_list->GetItemCount(), name);
        const int values[] = {c.households, c.visited, c.met, c.not_yet_met, c.vacant};
        for (int k = 0; k < 5; ++k)
            m_list->SetItem(i, k + 1, FormatNumber(values[k]));
        m_list->SetItem(i, 6, FormatNumber(Pct(c.visited, c.households), 1));
        m_list->SetItem(i, 7, FormatNumber(Pct(c.met, c.households), 1));
        return i;
    };
    for (const auto& [zone, c] : r.zones)
        row(zone.empty() ? _("(no name)") : U(zone), c);
    const long total = row(_("District"), r.district);
    m_list->SetItemFont(total, m_list->GetFont().Bold());
    for (const auto& [community, c] : r.communities)
        row(community.empty() ? _("(no community)") : U(community), c);
    m_list->Thaw();
    // Each figure's column as wide as its header or widest value; the names take the rest.
    for (int k = 1; k < m_list->GetColumnCount(); ++k) {
        wxListItem head;
        head.SetMask(wxLIST_MASK_TEXT);
        m_list->GetColumn(k, head);
        int width = m_list->GetTextExtent(head.GetText()).x;
        const wxFont bold = m_list->GetFont().Bold(); // the district's row
        for (long i = 0; i < m_list->GetItemCount(); ++i) {
            int w = 0, h = 0;
            m_list->GetTextExtent(m_list->GetItemText(i, k), &w, &h, nullptr, nullptr, &bold);
            width = std::max(width, w);
        }
        m_list->SetColumnWidth(k, width + 12);
    }
    FitNames();
    const ledger::ScreeningCounts& c = r.district;
    m_summary->SetLabel(wxString::Format(
        _("%s of %s households visited (%s %%)\n%s met, %s not yet met, %s vacant"),
        FormatNumber(c.visited), FormatNumber(c.households),
        FormatNumber(Pct(c.visited, c.households), 1), FormatNumber(c.met),
        FormatNumber(c.not_yet_met), FormatNumber(c.vacant)));
    std::map<std::string, int> visits;
    for (const auto& [date, n] : r.visits_per_day)
        visits[date] = n;
    std::vector<ProgressChart::Day> days;
    for (const auto& [date, counts] : ledger::progress_by_day(d))
        days.push_back({date, Pct(counts.visited, counts.households),
                        Pct(counts.met, counts.households), visits[date]});
    m_chart->SetDays(std::move(days));
    Layout();
}

nlohmann::json ScreeningPanel::State() const {
    nlohmann::json s;
    s["summary"] = m_summary->GetLabel().utf8_string();
    s["colour_map"] = ColourMap();
    nlohmann::json rows = nlohmann::json::array();
    for (long r = 0; r < m_list->GetItemCount(); ++r) {
        nlohmann::json row = nlohmann::json::array();
        for (int c = 0; c < m_list->GetColumnCount(); ++c)
            row.push_back(m_list->GetItemText(r, c).utf8_string());
        rows.push_back(row);
    }
    s["rows"] = rows;
    nlohmann::json days = nlohmann::json::array();
    for (const auto& d : m_chart->Days())
        days.push_back({{"date", d.date},
                        {"visited_pct", d.visited_pct},
                        {"met_pct", d.met_pct},
                        {"visits", d.visits}});
    s["days"] = days;
    std::map<std::string, int> states;
    for (const auto& [id, state] : m_states)
        ++states[render::to_string(state)];
    s["building_states"] = states;
    s["not_yet_met_buildings"] = NotYetMetBuildings().size();
    return s;
}

} // namespace cordon::gui
