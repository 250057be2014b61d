#pragma once
// Selection as GIS users know it, over the district in memory (unsaved edits included):
// by expression over a layer's fields, evaluated by SQLite's own expression evaluator, and by
// location (inside an area). The app's Select by Expression / Location, the test script's
// `select where` / `select inside` and `cordon-cli select` all go through here.
//
// An expression is an SQL condition (the part after WHERE) over the layer's fields:
//   households >= 10 AND category IN ('apartments', 'residential')
//   name LIKE '%院%'        (LIKE: % any text, _ one character; ASCII letters ignore case)
//   NOT home OR floors IS NULL
// with SQLite's operators (= != < <= > >= IS, IS NOT, LIKE, GLOB, IN, BETWEEN, AND, OR, NOT,
// + - * /) and its core functions (lower, upper, length, substr, instr, abs, round,
// coalesce…). It is run against a private in-memory table of the layer, read only: an
// expression can name nothing but that table's fields and change nothing.

#include <cordon/geo/district.hpp>

#include <string>
#include <vector>

namespace cordon::geo {

/// The layers an expression or an area selects from: buildings, compounds, gates,
/// checkpoints, roads, zones, communities.
const std::vector<std::string>& selectable_layers();

/// The fields of `layer` an expression can name, in table order (`id` first). Throws
/// InputError naming the layer when there is no such layer.
std::vector<std::string> selectable_fields(const std::string& layer);

/// Ids (ascending) of the features of `layer` for which `expression` holds. Throws
/// InputError naming the layer and saying what SQLite found wrong ("no such column: nme")
/// when the expression cannot be read.
std::vector<Id> select_where(const District& district, const std::string& layer,
                             const std::string& expression);

/// Ids (ascending) of the features of `layer` inside `area`: gates and checkpoints by their
/// position, buildings, compounds, zones and communities by their footprint centroid (as
/// classify places a building in a compound), roads by the point halfway along them.
std::vector<Id> select_inside(const District& district, const std::string& layer,
                              const MultiPolygon& area);

/// The outline of zone or community `id` (for select_inside); throws InputError naming it
/// when there is none.
const MultiPolygon& zone_outline(const District& district, Id id);
const MultiPolygon& community_outline(const District& district, Id id);

} // namespace cordon::geo
