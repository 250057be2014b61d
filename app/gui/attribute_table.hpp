#pragma once
// The attribute table of one layer: a virtual list (only the rows on screen are drawn, so a
// million rows open at once), sorted by a click on a column, filtered by text (both worked
// out on a worker thread; a newer filter or sort cancels the one running), its selection
// kept in step with the map's.

#include <cordon/geo/progress.hpp>
#include <cordon/gui/document.hpp>

#include <wx/listctrl.h>
#include <wx/panel.h>

#include <atomic>
#include <functional>
#include <memory>
#include <set>
#include <thread>
#include <vector>

class wxChoice;
class wxSearchCtrl;
class wxStaticText;

namespace cordon::gui {

/// The rows of `layer` whose cells contain `filter` (lower case; empty: all), sorted by
/// `column` (numbers by value, text by characters; -1: feature order). Reports to
/// `progress`, so it stops with Cancelled when asked to.
std::vector<std::size_t> FilterRows(const geo::District& district, FeatureLayer layer,
                                    const wxString& filter, int column, bool ascending,
                                    Progress& progress);

class TableList : public wxListCtrl {
public:
    TableList(wxWindow* parent, Document& doc);
    ~TableList() override;
    void SetLayer(FeatureLayer layer);
    /// After the district changed, or the filter or sort: the rows are worked out again on a
    /// worker thread and shown when done (on_rows is then called).
    void Rebuild();
    /// Whether a filter or sort is being worked out.
    bool Busy() const { return m_busy; }
    /// Called on the UI thread when new rows are shown.
    std::function<void()> on_rows;
    void SetFilter(const wxString& filter);
    void SortBy(int column, bool ascending);
    FeatureLayer GetLayer() const { return m_layer; }
    int SortColumn() const { return m_sort_column; }
    bool SortAscending() const { return m_ascending; }
    const wxString& Filter() const { return m_filter; }
    std::size_t RowCount() const { return m_rows.size(); }
    /// The feature index shown in row `row`.
    std::size_t FeatureIndex(long row) const { return m_rows[static_cast<std::size_t>(row)]; }
    wxString Cell(long row, long column) const { return OnGetItemText(row, column); }

protected:
    wxString OnGetItemText(long item, long column) const override;

private:
    void Cancel(); ///< stops the worker and waits for it

    Document& m_doc;
    std::thread m_worker;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::uint64_t m_generation = 0; ///< of the latest Rebuild; older results are dropped
    bool m_busy = false;
    FeatureLayer m_layer = FeatureLayer::buildings;
    std::vector<std::size_t> m_rows; ///< feature indices in shown order
    wxString m_filter;
    int m_sort_column = -1;
    bool m_ascending = true;
};

class AttributeTable : public wxPanel {
public:
    AttributeTable(wxWindow* parent, Document& doc);

    void ShowLayer(FeatureLayer layer);
    void Rebuild();
    /// Selects the rows of these features (from the map) without calling on_select back.
    void SelectFeatures(FeatureLayer layer, const std::set<geo::Id>& ids);
    TableList* GetList() const { return m_list; }
    void SetFilter(const wxString& text);
    /// Ctrl+A: selects every row shown, and the features on the map.
    void SelectAllRows();

    /// The table's selection changed (by the planner): layer and feature ids.
    std::function<void(FeatureLayer, const std::set<geo::Id>&)> on_select;
    /// A row was double-clicked: zoom to it.
    std::function<void(FeatureLayer, geo::Id)> on_activate;

private:
    void UpdateCount();
    void EmitSelection();
    void Reselect(); ///< the features last selected, in the rows as they are now

    Document& m_doc;
    wxChoice* m_layer_choice = nullptr;
    wxSearchCtrl* m_search = nullptr;
    wxStaticText* m_count = nullptr;
    TableList* m_list = nullptr;
    bool m_quiet = false;
    FeatureLayer m_selected_layer = FeatureLayer::buildings;
    std::set<geo::Id> m_selected;
};

} // namespace cordon::gui
