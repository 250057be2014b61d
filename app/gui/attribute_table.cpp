#include "attribute_table.hpp"

#include "features.hpp"
#include "format.hpp"

#include <wx/choice.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/srchctrl.h>
#include <wx/stattext.h>

#include <algorithm>
#include <numeric>

namespace cordon::gui {

TableList::TableList(wxWindow* parent, Document& doc)
    : wxListCtrl(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                 wxLC_REPORT | wxLC_VIRTUAL | wxLC_HRULES | wxLC_VRULES),
      m_doc(doc) {
    Bind(wxEVT_LIST_COL_CLICK, [this](wxListEvent& e) {
        const int col = e.GetColumn();
        SortBy(col, col == m_sort_column ? !m_ascending : true);
    });
}

void TableList::SetLayer(FeatureLayer layer) {
    m_layer = layer;
    m_sort_column = -1;
    ClearAll();
    const auto columns = TableColumns(layer);
    for (std::size_t i = 0; i < columns.size(); ++i)
        AppendColumn(columns[i], wxLIST_FORMAT_LEFT,
                     i == 0 ? 60 : (i + 1 == columns.size() ? 260 : 110));
    Rebuild();
}

void TableList::SetFilter(const wxString& filter) {
    m_filter = filter.Lower();
    Rebuild();
}

void TableList::SortBy(int column, bool ascending) {
    m_sort_column = column;
    m_ascending = ascending;
    Rebuild();
}

void TableList::Rebuild() {
    const geo::District& d = *m_doc.district;
    const std::size_t n = FeatureCount(d, m_layer);
    const std::size_t columns = TableColumns(m_layer).size();
    m_rows.clear();
    m_rows.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        bool keep = m_filter.empty();
        for (std::size_t c = 0; c < columns && !keep; ++c)
            keep = CellText(d, m_layer, i, c).Lower().Contains(m_filter);
        if (keep) m_rows.push_back(i);
    }
    if (m_sort_column >= 0 && static_cast<std::size_t>(m_sort_column) < columns) {
        // Sort keys once: numbers by value, text by its characters.
        struct Key {
            bool numeric = false;
            double number = 0;
            wxString text;
        };
        std::vector<Key> keys(n);
        for (std::size_t i : m_rows) {
            double v = 0;
            keys[i].text = CellText(d, m_layer, i, static_cast<std::size_t>(m_sort_column), &v);
            keys[i].numeric = !keys[i].text.empty() && (v != 0 || keys[i].text == "0");
            keys[i].number = v;
        }
        std::stable_sort(m_rows.begin(), m_rows.end(), [&](std::size_t a, std::size_t b) {
            const Key& x = keys[a];
            const Key& y = keys[b];
            const bool less = (x.numeric && y.numeric) ? x.number < y.number : x.text < y.text;
            const bool more = (x.numeric && y.numeric) ? y.number < x.number : y.text < x.text;
            return m_ascending ? less : more;
        });
    }
    SetItemCount(static_cast<long>(m_rows.size()));
    Refresh();
}

wxString TableList::OnGetItemText(long item, long column) const {
    if (item < 0 || static_cast<std::size_t>(item) >= m_rows.size()) return {};
    const std::size_t index = m_rows[static_cast<std::size_t>(item)];
    if (index >= FeatureCount(*m_doc.district, m_layer)) return {};
    return CellText(*m_doc.district, m_layer, index, static_cast<std::size_t>(column));
}

AttributeTable::AttributeTable(wxWindow* parent, Document& doc) : wxPanel(parent), m_doc(doc) {
    auto* top = new wxBoxSizer(wxHORIZONTAL);
    top->Add(new wxStaticText(this, wxID_ANY, _("Layer:")), 0, wxALIGN_CENTER_VERTICAL | wxALL, 4);
    m_layer_choice = new wxChoice(this, wxID_ANY);
    for (FeatureLayer l : k_feature_layers)
        m_layer_choice->Append(LayerTitle(l));
    m_layer_choice->SetSelection(0);
    top->Add(m_layer_choice, 0, wxALL, 2);
    m_search = new wxSearchCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxSize(240, -1));
    m_search->SetDescriptiveText(_("Filter rows"));
    m_search->ShowCancelButton(true);
    top->Add(m_search, 0, wxALL, 2);
    m_count = new wxStaticText(this, wxID_ANY, wxEmptyString);
    top->Add(m_count, 1, wxALIGN_CENTER_VERTICAL | wxALL, 4);

    m_list = new TableList(this, doc);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(top, 0, wxEXPAND);
    sizer->Add(m_list, 1, wxEXPAND);
    SetSizer(sizer);

    m_layer_choice->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) {
        ShowLayer(k_feature_layers[m_layer_choice->GetSelection()]);
    });
    m_search->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { SetFilter(m_search->GetValue()); });
    m_search->Bind(wxEVT_SEARCHCTRL_CANCEL_BTN, [this](wxCommandEvent&) { m_search->Clear(); });
    m_list->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent&) { EmitSelection(); });
    m_list->Bind(wxEVT_LIST_ITEM_DESELECTED, [this](wxListEvent&) { EmitSelection(); });
    m_list->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent& e) {
        if (on_activate)
            on_activate(m_list->GetLayer(), FeatureId(*m_doc.district, m_list->GetLayer(),
                                                      m_list->FeatureIndex(e.GetIndex())));
    });
    m_list->SetLayer(FeatureLayer::buildings);
    UpdateCount();
}

void AttributeTable::ShowLayer(FeatureLayer layer) {
    for (std::size_t i = 0; i < std::size(k_feature_layers); ++i)
        if (k_feature_layers[i] == layer) m_layer_choice->SetSelection(static_cast<int>(i));
    m_list->SetLayer(layer);
    UpdateCount();
}

void AttributeTable::SetFilter(const wxString& text) {
    if (m_search->GetValue() != text) m_search->ChangeValue(text);
    m_list->SetFilter(text);
    UpdateCount();
}

void AttributeTable::Rebuild() {
    m_quiet = true;
    m_list->Rebuild();
    m_quiet = false;
    UpdateCount();
}

void AttributeTable::UpdateCount() {
    const std::size_t all = FeatureCount(*m_doc.district, m_list->GetLayer());
    m_count->SetLabel(wxString::Format(_("%s of %s rows"),
                                       FormatNumber(static_cast<double>(m_list->RowCount())),
                                       FormatNumber(static_cast<double>(all))));
}

void AttributeTable::EmitSelection() {
    if (m_quiet || !on_select) return;
    std::set<geo::Id> ids;
    for (long row = m_list->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED); row != -1;
         row = m_list->GetNextItem(row, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED))
        ids.insert(FeatureId(*m_doc.district, m_list->GetLayer(), m_list->FeatureIndex(row)));
    on_select(m_list->GetLayer(), ids);
}

void AttributeTable::SelectFeatures(FeatureLayer layer, const std::set<geo::Id>& ids) {
    m_quiet = true;
    if (layer != m_list->GetLayer()) {
        if (ids.empty()) {
            m_list->SetItemState(-1, 0, wxLIST_STATE_SELECTED);
            m_quiet = false;
            return;
        }
        ShowLayer(layer);
    }
    m_list->SetItemState(-1, 0, wxLIST_STATE_SELECTED);
    long first = -1;
    const long rows = static_cast<long>(m_list->RowCount());
    for (long row = 0; row < rows && !ids.empty(); ++row) {
        if (!ids.count(FeatureId(*m_doc.district, layer, m_list->FeatureIndex(row)))) continue;
        m_list->SetItemState(row, wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
        if (first < 0) first = row;
    }
    if (first >= 0) m_list->EnsureVisible(first);
    m_quiet = false;
}

} // namespace cordon::gui
