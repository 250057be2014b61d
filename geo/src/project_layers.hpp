#pragma once
// The project's layers, one descriptor each (issue 19: shared by the SpatiaLite file and the
// PostGIS store). Private to cordon_geo.

#include "sqlite_db.hpp"

#include <cordon/geo/district.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace cordon::geo::detail {

// --- Layers -------------------------------------------------------------------------------------
// One descriptor per layer: its table, geometry type, where its rows live in a District, and its
// columns, each with its SQL type and how it is bound and read. The schema, the writer, the
// reader and the checks on open all come from it: adding a layer is adding a descriptor.

/// A column of a layer whose rows are `Row`.
template <typename Row> struct Field {
    const char* name;
    const char* sql; ///< type and constraints: "INTEGER PRIMARY KEY", "TEXT NOT NULL"
    std::function<void(Statement&, int, const Row&)> bind;
    /// Sets the row's member from column `col`; `where` ("PROJECT: gates 7") names the row in
    /// errors.
    std::function<void(const Statement&, int col, Row&, const std::string& where)> read;
};

inline void read_value(const Statement& s, int c, std::string& v) {
    v = s.text(c);
}
inline void read_value(const Statement& s, int c, double& v) {
    v = s.real(c);
}
inline void read_value(const Statement& s, int c, int& v) {
    v = static_cast<int>(s.integer(c));
}
inline void read_value(const Statement& s, int c, bool& v) {
    v = s.integer(c) != 0;
}
inline void read_value(const Statement& s, int c, std::int64_t& v) {
    v = s.integer(c);
}
inline void read_value(const Statement& s, int c, std::optional<std::int64_t>& v) {
    v = s.optional_integer(c);
}

/// A column holding `member` as it is (text, number, flag, id or optional id).
template <typename Row, typename T>
Field<Row> field(const char* name, const char* sql, T Row::*member) {
    return {name, sql, [member](Statement& s, int i, const Row& r) { s.bind(i, r.*member); },
            [member](const Statement& s, int c, Row& r, const std::string&) {
                read_value(s, c, r.*member);
            }};
}

/// A column holding an enum by its name (to_string); another name is an error naming the row.
template <typename Row, typename E>
Field<Row> enum_field(const char* name, E Row::*member,
                      E (*from)(const std::string& text, const std::string& what)) {
    return {name, "TEXT NOT NULL",
            [member](Statement& s, int i, const Row& r) {
                s.bind(i, std::string(to_string(r.*member)));
            },
            [member, name, from](const Statement& s, int c, Row& r, const std::string& where) {
                r.*member = from(s.text(c), where + " " + name);
            }};
}

/// Rows with a geometry (`geom` or `pos`); the others are plain tables.
template <typename Row>
concept Spatial = requires(Row row) {
    row.geom;
}
|| requires(Row row) {
    row.pos;
};

template <typename Row, typename Rows> struct Layer {
    const char* table;
    const char* geometry; ///< SpatiaLite geometry type of the `geom` column; null: no geometry
    Rows rows;            ///< (const) District& → its rows of this layer
    std::vector<Field<Row>> fields;
};

template <typename Row, typename Rows>
Layer<Row, Rows> layer(const char* table, const char* geometry, Rows rows,
                       std::vector<Field<Row>> fields) {
    return {table, geometry, rows, std::move(fields)};
}

/// The layers of the district as imported: communities, compounds, buildings, gates, roads.
inline auto district_layers() {
    return std::make_tuple(
        layer<DistrictBoundary>("district", "MULTIPOLYGON",
                                [](auto& d) -> auto& { return d.boundary; },
                                {field("id", "INTEGER PRIMARY KEY", &DistrictBoundary::id),
                                 field("source_id", "TEXT", &DistrictBoundary::source_id),
                                 field("name", "TEXT", &DistrictBoundary::name),
                                 field("code", "TEXT", &DistrictBoundary::code)}),
        layer<Community>(
            "communities", "MULTIPOLYGON", [](auto& d) -> auto& { return d.communities; },
            {field("id", "INTEGER PRIMARY KEY", &Community::id),
             field("source_id", "TEXT", &Community::source_id),
             field("name", "TEXT", &Community::name), field("code", "TEXT", &Community::code)}),
        layer<Compound>("compounds", "MULTIPOLYGON", [](auto& d) -> auto& { return d.compounds; },
                        {field("id", "INTEGER PRIMARY KEY", &Compound::id),
                         field("source_id", "TEXT", &Compound::source_id),
                         field("name", "TEXT", &Compound::name),
                         enum_field("mode", &Compound::mode, compound_mode_from),
                         field("manager", "TEXT", &Compound::manager),
                         field("community_id", "INTEGER", &Compound::community_id),
                         field("mode_assumed", "INTEGER", &Compound::mode_assumed)}),
        layer<Building>("buildings", "MULTIPOLYGON", [](auto& d) -> auto& { return d.buildings; },
                        {field("id", "INTEGER PRIMARY KEY", &Building::id),
                         field("source_id", "TEXT", &Building::source_id),
                         field("name", "TEXT", &Building::name),
                         field("address", "TEXT", &Building::address),
                         field("category", "TEXT", &Building::category),
                         field("households", "REAL", &Building::households),
                         field("households_estimated", "INTEGER", &Building::households_estimated),
                         field("residents", "REAL", &Building::residents),
                         field("floors", "INTEGER", &Building::floors),
                         field("floors_estimated", "INTEGER", &Building::floors_estimated),
                         field("compound_id", "INTEGER", &Building::compound_id),
                         field("zone_id", "INTEGER", &Building::zone_id),
                         field("control", "TEXT", &Building::control),
                         field("number", "TEXT", &Building::number),
                         field("imported_households", "REAL", &Building::imported_households),
                         field("imported_residents", "REAL", &Building::imported_residents),
                         field("imported_estimated", "INTEGER", &Building::imported_estimated),
                         field("registered", "INTEGER", &Building::registered),
                         field("vacant_homes", "INTEGER", &Building::vacant_homes)}),
        layer<Gate>("gates", "POINT", [](auto& d) -> auto& { return d.gates; },
                    {field("id", "INTEGER PRIMARY KEY", &Gate::id),
                     field("source_id", "TEXT", &Gate::source_id),
                     field("name", "TEXT", &Gate::name),
                     enum_field("kind", &Gate::kind, gate_kind_from),
                     enum_field("state", &Gate::state, gate_state_from),
                     field("crew", "INTEGER", &Gate::crew),
                     field("compound_id", "INTEGER", &Gate::compound_id),
                     field("reason", "TEXT", &Gate::reason)}),
        layer<Road>(
            "roads", "LINESTRING", [](auto& d) -> auto& { return d.roads; },
            {field("id", "INTEGER PRIMARY KEY", &Road::id),
             field("source_id", "TEXT", &Road::source_id), field("name", "TEXT", &Road::name),
             field("class", "TEXT", &Road::cls), field("oneway", "INTEGER", &Road::oneway),
             field("walkable", "INTEGER", &Road::walkable),
             field("drivable", "INTEGER", &Road::drivable),
             field("bridge", "INTEGER", &Road::bridge), field("tunnel", "INTEGER", &Road::tunnel),
             field("layer", "INTEGER", &Road::layer)}));
}

/// The layers the plan steps write: checkpoints, choke points, cordon areas, zones, routes.
inline auto plan_layers() {
    return std::make_tuple(
        layer<Checkpoint>("checkpoints", "POINT", [](auto& d) -> auto& { return d.checkpoints; },
                          {field("id", "INTEGER PRIMARY KEY", &Checkpoint::id),
                           field("road_id", "INTEGER", &Checkpoint::road_id),
                           enum_field("kind", &Checkpoint::kind, checkpoint_kind_from),
                           field("hours", "TEXT", &Checkpoint::hours),
                           field("crew", "INTEGER", &Checkpoint::crew),
                           field("reason", "TEXT", &Checkpoint::reason),
                           // NULL when not known (projects from before the field)
                           {"placed_by", "TEXT",
                            [](Statement& s, int i, const Checkpoint& c) {
                                if (c.placed_by.empty())
                                    s.bind(i, std::optional<std::int64_t>{});
                                else
                                    s.bind(i, c.placed_by);
                            },
                            [](const Statement& s, int c, Checkpoint& r, const std::string&) {
                                r.placed_by = s.text(c);
                            }},
                           field("periods", "TEXT", &Checkpoint::periods)}),
        layer<ChokePointSite>(
            "choke_points", "POINT", [](auto& d) -> auto& { return d.choke_points; },
            {field("id", "INTEGER PRIMARY KEY", &ChokePointSite::id),
             field("kind", "TEXT NOT NULL", &ChokePointSite::kind),
             field("road_id", "INTEGER", &ChokePointSite::road_id),
             field("node_id", "INTEGER", &ChokePointSite::node_id),
             field("road_name", "TEXT", &ChokePointSite::road_name),
             field("class", "TEXT", &ChokePointSite::cls),
             field("cut_off_nodes", "INTEGER", &ChokePointSite::cut_off_nodes),
             field("cut_off_km", "REAL", &ChokePointSite::cut_off_km),
             field("cut_off_households", "REAL", &ChokePointSite::cut_off_households),
             field("cut_off_protected", "INTEGER", &ChokePointSite::cut_off_protected),
             field("reason", "TEXT", &ChokePointSite::reason)}),
        layer<CordonArea>("cordon_areas", "MULTIPOLYGON",
                          [](auto& d) -> auto& { return d.cordon_areas; },
                          {field("id", "INTEGER PRIMARY KEY", &CordonArea::id),
                           field("name", "TEXT", &CordonArea::name),
                           field("margin_m", "REAL", &CordonArea::margin_m)}),
        layer<Zone>("zones", "MULTIPOLYGON", [](auto& d) -> auto& { return d.zones; },
                    {field("id", "INTEGER PRIMARY KEY", &Zone::id),
                     field("name", "TEXT", &Zone::name), field("team", "TEXT", &Zone::team),
                     field("households", "REAL", &Zone::households),
                     field("route_length", "REAL", &Zone::route_length),
                     field("community_id", "INTEGER", &Zone::community_id),
                     field("buildings", "INTEGER", &Zone::buildings),
                     field("area_m2", "REAL", &Zone::area_m2),
                     field("polsby_popper", "REAL", &Zone::polsby_popper),
                     field("hull_ratio", "REAL", &Zone::hull_ratio)}),
        layer<Route>("routes", "LINESTRING", [](auto& d) -> auto& { return d.routes; },
                     {field("id", "INTEGER PRIMARY KEY", &Route::id),
                      field("zone_id", "INTEGER", &Route::zone_id),
                      field("length_m", "REAL", &Route::length_m),
                      field("minutes", "REAL", &Route::minutes)}));
}

/// The road network built from the roads.
inline auto network_layers() {
    return std::make_tuple(
        layer<NetworkNode>("network_nodes", "POINT",
                           [](auto& d) -> auto& { return d.network.nodes; },
                           {field("id", "INTEGER PRIMARY KEY", &NetworkNode::id),
                            field("component", "INTEGER", &NetworkNode::component)}),
        layer<NetworkEdge>("network_edges", "LINESTRING",
                           [](auto& d) -> auto& { return d.network.edges; },
                           {field("id", "INTEGER PRIMARY KEY", &NetworkEdge::id),
                            field("from_node", "INTEGER", &NetworkEdge::from),
                            field("to_node", "INTEGER", &NetworkEdge::to),
                            field("road_id", "INTEGER", &NetworkEdge::road_id),
                            field("class", "TEXT", &NetworkEdge::cls),
                            field("length_m", "REAL", &NetworkEdge::length),
                            field("walkable", "INTEGER", &NetworkEdge::walkable),
                            field("drivable", "INTEGER", &NetworkEdge::drivable),
                            field("oneway", "INTEGER", &NetworkEdge::oneway),
                            field("component", "INTEGER", &NetworkEdge::component)}));
}

/// The household ledger (issue 14): tables without geometry.
inline auto ledger_layers() {
    return std::make_tuple(
        layer<Household>(
            "households", nullptr, [](auto& d) -> auto& { return d.households; },
            {field("id", "INTEGER PRIMARY KEY", &Household::id),
             field("key", "TEXT", &Household::key),
             field("source_row", "INTEGER", &Household::source_row),
             field("community", "TEXT", &Household::community),
             field("grid", "TEXT", &Household::grid),
             field("compound", "TEXT", &Household::compound),
             field("building", "TEXT", &Household::building),
             field("unit", "TEXT", &Household::unit), field("room", "TEXT", &Household::room),
             field("address", "TEXT", &Household::address),
             field("category", "TEXT", &Household::category),
             field("code", "TEXT", &Household::code),
             field("members", "INTEGER", &Household::members),
             field("vacant", "INTEGER", &Household::vacant),
             field("registered", "TEXT", &Household::registered),
             field("building_id", "INTEGER", &Household::building_id),
             field("rule", "TEXT", &Household::rule), field("reason", "TEXT", &Household::reason)}),
        layer<HouseholdPersonal>(
            "household_personal", nullptr, [](auto& d) -> auto& { return d.household_personal; },
            {field("id", "INTEGER PRIMARY KEY", &HouseholdPersonal::id),
             field("household_id", "INTEGER", &HouseholdPersonal::household_id),
             field("name", "TEXT", &HouseholdPersonal::name),
             field("id_number", "TEXT", &HouseholdPersonal::id_number),
             field("phone", "TEXT", &HouseholdPersonal::phone)}),
        layer<HouseholdMatch>("household_matches", nullptr,
                              [](auto& d) -> auto& { return d.household_matches; },
                              {field("id", "INTEGER PRIMARY KEY", &HouseholdMatch::id),
                               field("key", "TEXT", &HouseholdMatch::key),
                               field("building_id", "INTEGER", &HouseholdMatch::building_id),
                               field("time", "TEXT", &HouseholdMatch::time)}),
        layer<Visit>("visits", nullptr, [](auto& d) -> auto& { return d.visits; },
                     {field("id", "INTEGER PRIMARY KEY", &Visit::id),
                      field("household_key", "TEXT", &Visit::household_key),
                      field("date", "TEXT", &Visit::date), field("result", "TEXT", &Visit::result),
                      field("note", "TEXT", &Visit::note), field("file", "TEXT", &Visit::file),
                      field("source_row", "INTEGER", &Visit::source_row)}));
}

/// The basemaps (issue 18): each one's source and settings, never its pixels nor a key.
/// ("order" is an SQL word: the column is draw_order.)
inline auto basemap_layers() {
    return std::make_tuple(layer<Basemap>(
        "basemaps", nullptr, [](auto& d) -> auto& { return d.basemaps; },
        {field("id", "INTEGER PRIMARY KEY", &Basemap::id), field("name", "TEXT", &Basemap::name),
         field("source", "TEXT", &Basemap::source),
         field("source_crs", "TEXT", &Basemap::source_crs),
         field("opacity", "REAL", &Basemap::opacity), field("grey", "INTEGER", &Basemap::grey),
         field("attribution", "TEXT", &Basemap::attribution),
         field("draw_order", "INTEGER", &Basemap::order),
         field("visible", "INTEGER", &Basemap::visible)}));
}

/// Every layer of a project, in the order of the file.
inline const auto& layers() {
    static const auto all = std::tuple_cat(district_layers(), plan_layers(), network_layers(),
                                           ledger_layers(), basemap_layers());
    return all;
}

/// Calls `f` with every layer's descriptor, in order.
template <typename F> void for_each_layer(F&& f) {
    std::apply([&](const auto&... layer) { (f(layer), ...); }, layers());
}

/// "id, source_id, name" or, with `types`, "id INTEGER PRIMARY KEY, source_id TEXT, name TEXT".
template <typename L> std::string column_list(const L& layer, bool types) {
    std::string out;
    for (const auto& f : layer.fields)
        out += std::string(out.empty() ? "" : ", ") + f.name + (types ? " " : "") +
               (types ? f.sql : "");
    return out;
}

} // namespace cordon::geo::detail
