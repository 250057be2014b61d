#pragma once
// The district's features as the window shows them: table columns and cells, identify's
// attribute list, and which feature lies under a point of the map.

#include <cordon/gui/document.hpp>
#include <cordon/render/map_renderer.hpp>

#include <wx/string.h>

#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace cordon::gui {

/// The translated name of a layer ("Buildings" / "建筑").
wxString LayerTitle(FeatureLayer layer);
/// The translated names of the table's columns for a layer.
std::vector<wxString> TableColumns(FeatureLayer layer);
/// Number of features in a layer.
std::size_t FeatureCount(const geo::District& district, FeatureLayer layer);
/// The id of the feature at `index` of a layer.
geo::Id FeatureId(const geo::District& district, FeatureLayer layer, std::size_t index);
/// The text of one cell; `number` gets the cell's numeric value when it has one (for sorting).
wxString CellText(const geo::District& district, FeatureLayer layer, std::size_t index,
                  std::size_t column, double* number = nullptr);
/// Attribute, value pairs of one feature for the identify panel, the reason included.
std::vector<std::pair<wxString, wxString>> Attributes(const geo::District& district,
                                                      const FeatureRef& feature);
/// A pool of people for staffing (planner::staff_pools: property, volunteers, social_workers,
/// staff) in the UI language.
wxString StaffPoolName(const std::string& pool);
/// Translated control modes and states.
wxString ModeText(geo::CompoundMode mode);
wxString ControlText(const std::string& control);
/// A building's category (OpenStreetMap's building=* value, or the planner's own word) in the
/// UI language: "apartments" is 公寓, "yes" (a building of no stated use) 未分类.
wxString CategoryText(const std::string& category);
/// A patrol zone by its name: the name when it already says it is a zone in the UI language
/// ("片区 3" in Chinese, "Zone 3" in English), else "Zone NAME" (never 片区 片区 3).
wxString ZoneTitle(const std::string& name);
/// The stored value of a category as CategoryText shows it (the OpenStreetMap word back for
/// a translated one; other text as it is).
std::string CategoryValue(const wxString& text);

/// The topmost visible feature within `tolerance` metres of `at` (checkpoints, gates,
/// buildings, roads, compounds, zones, communities, in that order).
std::optional<FeatureRef> PickFeature(const geo::District& district, geo::Point at,
                                      double tolerance, const render::RenderOptions& visible);
/// The zone whose outline holds `at`, if any.
std::optional<geo::Id> ZoneAt(const geo::District& district, geo::Point at);

/// A selection as a render highlight.
render::Highlight ToHighlight(FeatureLayer layer, const std::set<geo::Id>& ids);
/// The box around some features of a layer (empty box when none).
geo::Box FeaturesBox(const geo::District& district, FeatureLayer layer,
                     const std::set<geo::Id>& ids);

} // namespace cordon::gui
