#pragma once
// The attribute table of one layer: a virtual list (only the rows on screen are drawn, so a
// million rows open at once), sorted by a click on a column, filtered by text, its selection
// kept in step with the map's.

#include "document.hpp"

#include <wx/listctrl.h>
#include <wx/panel.h>

#include <functional>
#include <set>
#include <vector>

class wxChoice;
class wxSearchCtrl;
class wxStaticText;

namespace cordon::gui {

class TableList : public wxListCtrl {
public:
    TableList(wxWindow* parent, Document& doc);
    void SetLayer(FeatureLayer layer);
    void Rebuild(); ///< after the district changed: rows, sort and filter again
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
    Document& m_doc;
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

    /// The table's selection changed (by the planner): layer and feature ids.
    std::function<void(FeatureLayer, const std::set<geo::Id>&)> on_select;
    /// A row was double-clicked: zoom to it.
    std::function<void(FeatureLayer, geo::Id)> on_activate;

private:
    void UpdateCount();
    void EmitSelection();

    Document& m_doc;
    wxChoice* m_layer_choice = nullptr;
    wxSearchCtrl* m_search = nullptr;
    wxStaticText* m_count = nullptr;
    TableList* m_list = nullptr;
    bool m_quiet = false;
};

} // namespace cordon::gui
