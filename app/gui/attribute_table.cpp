#include "attribute_table.hpp"

#include "features.hpp"
#include "format.hpp"

#include <cordon/geo/error.hpp>

#include <wx/choice.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/srchctrl.h>
#include <wx/stattext.h>

#include <algorithm>
#include <numeric>
#include <string_view>

namespace cordon::gui {

namespace {

/// Cancelled when the flag is set (a newer filter, or the district about to change).
class FlagProgress final : public Progress {
public:
    explicit FlagProgress(std::shared_ptr<std::atomic<bool>> cancel)
        : m_cancel(std::move(cancel)) {}
    bool cancel_requested() const override { return *m_cancel; }

protected:
    void on_progress(std::string_view, double) override {}

private:
    std::shared_ptr<std::atomic<bool>> m_cancel;
};

} // namespace

std::vector<std::size_t> FilterRows(const geo::District& d, FeatureLayer layer,
                                    const wxString& filter, int column, bool ascending,
                                    Progress& progress) {
    const std::size_t n = FeatureCount(d, layer);
    const std::size_t columns = TableColumns(layer).size();
    std::vector<std::size_t> rows;
    rows.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (i % 1024 == 0) progress.report("filter", i, n);
        bool keep = filter.empty();
        for (std::size_t c = 0; c < columns && !keep; ++c)
            keep = CellText(d, layer, i, c).Lower().Contains(filter);
        if (keep) rows.push_back(i);
    }
    if (column >= 0 && static_cast<std::size_t>(column) < columns) {
        // Sort keys once: numbers by value, text by its characters.
        struct Key {
            bool numeric = false;
            double number = 0;
            wxString text;
        };
        std::vector<Key> keys(n);
        std::size_t done = 0;
        for (std::size_t i : rows) {
            if (++done % 1024 == 0) progress.report("sort", done, rows.size());
            double v = 0;
            keys[i].text = CellText(d, layer, i, static_cast<std::size_t>(column), &v);
            keys[i].numeric = !keys[i].text.empty() && (v != 0 || keys[i].text == "0");
            keys[i].number = v;
        }
        progress.report("sort", 0.5);
        std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
            const Key& x = keys[a];
            const Key& y = keys[b];
            const bool less = (x.numeric && y.numeric) ? x.number < y.number : x.text < y.text;
            const bool more = (x.numeric && y.numeric) ? y.number < x.number : y.text < x.text;
            return ascending ? less : more;
        });
    }
    progress.report("filter", 1.0);
    return rows;
}

TableList::TableList(wxWindow* parent, Document& doc)
    : wxListCtrl(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                 wxLC_REPORT | wxLC_VIRTUAL | wxLC_HRULES | wxLC_VRULES),
      m_doc(doc) {
    Bind(wxEVT_LIST_COL_CLICK, [this](wxListEvent& e) {
        const int col = e.GetColumn();
        SortBy(col, col == m_sort_column ? !m_ascending : true);
    });
    // The worker reads the district: it stops before anything changes it.
    m_doc.before_change[this] = [this] { Cancel(); };
}

TableList::~TableList() {
    m_doc.before_change.erase(this);
    Cancel();
}

void TableList::Cancel() {
    if (m_cancel) *m_cancel = true;
    if (m_worker.joinable()) m_worker.join();
}

void TableList::SetLayer(FeatureLayer layer) {
    Cancel();
    m_layer = layer;
    m_sort_column = -1;
    m_rows.clear();
    SetItemCount(0);
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
    Cancel();
    // Until the new rows come, the old ones stay, without features that are gone.
    const std::size_t n = FeatureCount(*m_doc.district, m_layer);
    m_rows.erase(
        std::remove_if(m_rows.begin(), m_rows.end(), [n](std::size_t i) { return i >= n; }),
        m_rows.end());
    SetItemCount(static_cast<long>(m_rows.size()));
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const std::uint64_t generation = ++m_generation;
    m_busy = true;
    std::shared_ptr<const geo::District> district = m_doc.district;
    m_worker = std::thread([this, district, cancel = m_cancel, generation, layer = m_layer,
                            filter = wxString(m_filter.wc_str()), column = m_sort_column,
                            ascending = m_ascending] {
        FlagProgress progress(cancel);
        std::vector<std::size_t> rows;
        try {
            rows = FilterRows(*district, layer, filter, column, ascending, progress);
        } catch (const Cancelled&) {
            return; // the district is about to change, or a newer Rebuild follows
        } catch (const std::exception&) {
            rows.clear(); // cannot happen with plain cell texts; show no rows rather than hang
        }
        CallAfter([this, generation, rows = std::move(rows)]() mutable {
            if (generation != m_generation) return;
            if (m_worker.joinable()) m_worker.join();
            m_rows = std::move(rows);
            m_busy = false;
            SetItemCount(static_cast<long>(m_rows.size()));
            Refresh();
            if (on_rows) on_rows();
        });
    });
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
    m_list->on_rows = [this] {
        UpdateCount();
        Reselect();
    };
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
    // A virtual list selects a Shift range (click or arrows) without an event per row: the
    // selection is read again once the mouse button or key is let go.
    auto later = [this](auto& e) {
        e.Skip();
        CallAfter([this] { EmitSelection(); });
    };
    m_list->Bind(wxEVT_LEFT_UP, [later](wxMouseEvent& e) { later(e); });
    m_list->Bind(wxEVT_KEY_UP, [later](wxKeyEvent& e) { later(e); });
    m_list->Bind(wxEVT_KEY_DOWN, [this](wxKeyEvent& e) {
        if (e.GetModifiers() == wxMOD_CONTROL && e.GetKeyCode() == 'A')
            SelectAllRows(); // Ctrl+A: every row shown (the filter's), on the map too
        else
            e.Skip();
    });
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

void AttributeTable::SelectAllRows() {
    m_quiet = true;
    m_list->SetItemState(-1, wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
    m_quiet = false;
    EmitSelection();
}

void AttributeTable::EmitSelection() {
    if (m_quiet || !on_select) return;
    std::set<geo::Id> ids;
    for (long row = m_list->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED); row != -1;
         row = m_list->GetNextItem(row, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED))
        ids.insert(FeatureId(*m_doc.district, m_list->GetLayer(), m_list->FeatureIndex(row)));
    if (m_selected_layer == m_list->GetLayer() && ids == m_selected) return; // no change
    m_selected_layer = m_list->GetLayer();
    m_selected = ids;
    on_select(m_list->GetLayer(), ids);
}

void AttributeTable::Reselect() {
    if (m_selected_layer != m_list->GetLayer()) return;
    const std::set<geo::Id> ids = m_selected;
    SelectFeatures(m_selected_layer, ids);
}

void AttributeTable::SelectFeatures(FeatureLayer layer, const std::set<geo::Id>& ids) {
    m_selected_layer = layer;
    m_selected = ids;
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
