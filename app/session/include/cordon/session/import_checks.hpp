#pragma once
// What an import leaves for the planner to look at, counted and named, so that nothing is
// assumed silently: gates on no compound, compounds with no gate, compounds of unknown mode,
// buildings whose households are estimated. Part of the import report (its "checks"), said
// by `cordon-cli import` and the app's import report.

#include <cordon/geo/district.hpp>

#include <nlohmann/json.hpp>

namespace cordon::session {

/// {"gates_on_no_compound": {"count": n, "ids": [...]}, "compounds_without_gate": {...},
///  "compounds_unknown_mode": {...}, "households_estimated": {"count": n, "of": buildings,
///  "households": sum}}; each with "select": the expression (geo::select_where) that selects
/// those features in the app or `cordon-cli select`.
nlohmann::json import_checks(const geo::District& district);

} // namespace cordon::session
