#pragma once
// The district's layers as DESIGN.md lists them: what a project file holds in memory.

#include <cordon/geo/basemap.hpp>
#include <cordon/geo/geometry.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cordon::geo {

using Id = std::int64_t;

enum class CompoundMode { unknown, closed, guarded, patrol };
enum class GateKind { pedestrian, vehicle, both };
enum class GateState { open, closed };
/// A barrier closes a road physically (no crew): `plan checkpoints --barriers` puts them on
/// minor roads instead of staffing them.
enum class CheckpointKind { vehicle, registration, barrier };

const char* to_string(CompoundMode mode);
const char* to_string(GateKind kind);
const char* to_string(GateState state);
const char* to_string(CheckpointKind kind);
/// Parse the names above; throws InputError naming `what` when the text is none of them.
CompoundMode compound_mode_from(const std::string& text, const std::string& what);
GateKind gate_kind_from(const std::string& text, const std::string& what);
GateState gate_state_from(const std::string& text, const std::string& what);
CheckpointKind checkpoint_kind_from(const std::string& text, const std::string& what);

struct Community {
    Id id = 0;
    std::string source_id; ///< id in the source file (OSM id, FID)
    std::string name;
    std::string code;
    MultiPolygon geom;
};

/// The district's administrative boundary (行政区划): what "the whole district" means.
struct DistrictBoundary {
    Id id = 0;
    std::string source_id;
    std::string name;
    std::string code;
    MultiPolygon geom;
};

struct Compound {
    Id id = 0;
    std::string source_id;
    std::string name;
    CompoundMode mode = CompoundMode::unknown;
    std::string manager;
    std::optional<Id> community_id;
    MultiPolygon geom;
    /// The mode is the one the planner chose for compounds of unknown mode (classify's
    /// unknown_mode), not one the data or the planner gave this compound: drawn and counted
    /// apart, and unknown again when classify runs without that choice.
    bool mode_assumed = false;
};

struct Building {
    Id id = 0;
    std::string source_id;
    std::string name;
    std::string address;
    std::string category; ///< what the building is: OSM building=* value or a mapped field
    double households = 0;
    bool households_estimated = false;
    double residents = 0;
    int floors = 0;
    bool floors_estimated = false;
    std::optional<Id> compound_id;
    std::optional<Id> zone_id;
    std::string control; ///< after classify: not_home, closed, guarded, patrol or unknown
    MultiPolygon geom;
    /// 楼栋号 as the source writes it ("3", "3栋", "十二幢"), what registers name the building
    /// by within its compound; OSM addr:housenumber. (Last: aggregate initialisers stay valid.)
    std::string number = {};
    /// The figures the import gave (the source's field, or the footprint estimate, then
    /// `imported_estimated`), kept so that a building no register row names goes back to them.
    double imported_households = 0;
    double imported_residents = 0;
    bool imported_estimated = false;
    /// The register's figures replace the imported ones: households = its households on the
    /// building (vacant ones too), residents = their members, households_estimated false.
    bool registered = false;
    int vacant_homes = 0; ///< of the register's households, those it says are empty
};

struct Gate {
    Id id = 0;
    std::string source_id;
    std::string name;
    GateKind kind = GateKind::both;
    GateState state = GateState::open;
    int crew = 0;
    std::optional<Id> compound_id;
    std::string reason;
    Point pos;
};

struct Road {
    Id id = 0;
    std::string source_id;
    std::string name;
    std::string cls;     ///< road class: OSM highway=* value or a mapped field
    bool oneway = false; ///< traffic only in the direction the line is drawn
    bool walkable = true;
    bool drivable = true;
    bool bridge = false;
    bool tunnel = false;
    int layer = 0;
    LineString geom;
};

/// Who placed a checkpoint: Cordon's checkpoint step (replaced when it runs again) or the
/// planner by hand (kept).
inline constexpr const char* k_placed_by_cordon = "cordon";
inline constexpr const char* k_placed_by_planner = "planner";

struct Checkpoint {
    Id id = 0;
    std::optional<Id> road_id;
    CheckpointKind kind = CheckpointKind::vehicle;
    std::string hours;
    int crew = 0;
    std::string reason;
    Point pos;
    /// k_placed_by_cordon or k_placed_by_planner; empty when not known (projects from before
    /// the field, checkpoints added by hand): then a reason starting "Cordon:" means Cordon.
    /// (Last, so that aggregate initialisers up to `pos` stay valid.)
    std::string placed_by = {};
    /// Periods of the day with a crew each ("07:00-10:00=3,23:00-07:00=1", planner/periods.hpp);
    /// empty: `crew` for all of `hours`.
    std::string periods = {};
};

/// A natural choke point of the drivable network near the area of the last checkpoint run
/// (cordon-cli plan checkpoints replaces the layer on each run): a bridge, the only road
/// between two parts of the network, or an articulation point, the only junction between them.
struct ChokePointSite {
    Id id = 0;
    std::string kind;                   ///< "bridge" or "articulation"
    std::optional<Id> road_id;          ///< the bridge's road (none for a junction)
    std::optional<Id> node_id;          ///< the junction's network node (none for a bridge)
    std::string road_name;              ///< road name(s) at the point
    std::string cls;                    ///< road class
    std::int64_t cut_off_nodes = 0;     ///< network nodes cut off from the traffic's side
    double cut_off_km = 0;              ///< km of road cut off
    double cut_off_households = 0;      ///< households attached to those nodes
    std::int64_t cut_off_protected = 0; ///< of those nodes, how many lie inside the area
    std::string reason;
    Point pos;
};

/// The area the last checkpoint run protected (a community, compounds, zones or a polygon
/// from a file), kept so that maps of the cordon show what it encloses.
struct CordonArea {
    Id id = 0;
    std::string name;
    double margin_m = 0; ///< the run's search margin
    MultiPolygon geom;
};

struct Zone {
    Id id = 0;
    std::string name;
    std::string team;
    double households = 0;
    double route_length = 0;
    std::optional<Id> community_id;
    MultiPolygon geom;
    int buildings = 0;
    double area_m2 = 0;
    double polsby_popper = 0; ///< 4π·area ÷ perimeter² of the outline
    double hull_ratio = 0;    ///< area ÷ convex hull area
};

struct Route {
    Id id = 0;
    Id zone_id = 0;
    double length_m = 0;
    double minutes = 0;
    LineString geom;
};

/// The routable road graph: nodes at junctions and ends, edges between them.
struct NetworkNode {
    Id id = 0;
    int component = 0; ///< connected component of the whole (undirected) network
    Point pos;
};

struct NetworkEdge {
    Id id = 0;
    Id from = 0;
    Id to = 0;
    Id road_id = 0;
    std::string cls;
    double length = 0;
    bool walkable = true;
    bool drivable = true;
    bool oneway = false; ///< drivable only from `from` to `to`
    int component = 0;
    LineString geom;
};

struct Network {
    std::vector<NetworkNode> nodes; ///< nodes[i].id == i + 1
    std::vector<NetworkEdge> edges;
};

/// One row of a community's household register (issue 14), as imported, and the building
/// it was matched to. Holds no personal data: names, ID numbers and phones are not kept here
/// (see HouseholdPersonal).
struct Household {
    Id id = 0;
    std::string key;    ///< the register's household key (户编号), or one made of its address
    int source_row = 0; ///< row in the register file (1 = first row of the sheet)
    std::string community, grid, compound, building, unit, room, address, category;
    std::string code;                    ///< the building's code as the register gives it
    std::optional<std::int64_t> members; ///< none when the register does not say
    bool vacant = false;
    std::string registered;        ///< ISO date, empty when none
    std::optional<Id> building_id; ///< none: ambiguous or unmatched
    std::string rule;              ///< code, compound, door, address, manual; empty: none
    std::string reason;            ///< why ambiguous or unmatched; empty when matched
};

/// A household's personal data, stored only when the planner asks, and then masked
/// (张*明, 5101**********1234, 138****5678). Never exported.
struct HouseholdPersonal {
    Id id = 0;
    Id household_id = 0;
    std::string name, id_number, phone;
};

/// A planner's match of a register key to a building, re-applied on every import.
struct HouseholdMatch {
    Id id = 0;
    std::string key;
    Id building_id = 0;
    std::string time; ///< ISO 8601 UTC of the match
};

/// One door-to-door visit of the screening (排查): which household, when, what came of it.
/// Visits are appended import after import; a household's latest visit is its status. Keyed
/// by the register's household key, so that they outlive the next day's register.
struct Visit {
    Id id = 0;
    std::string household_key;
    std::string date;   ///< ISO date of the visit
    std::string result; ///< met, not_met, vacant, away or refused
    std::string note;
    std::string file;   ///< the visits file it came from (its name)
    int source_row = 0; ///< row in that file (1 = first row of the sheet)
};

/// A source file the project was built from.
struct SourceFile {
    std::string path;
    std::string sha256;
    std::uintmax_t bytes = 0;
};

/// One plan step run on the project: when, which, with what, and what came out.
struct HistoryEntry {
    std::string time;       ///< ISO 8601 UTC; empty: now, filled in when saved
    std::string step;       ///< "import", "checkpoints", "zones"…
    std::string parameters; ///< JSON
    std::string figures;    ///< JSON
};

/// Project-wide facts stored beside the layers.
/// What a district read from a PostGIS database remembers of it (pg_store.hpp); null for files.
struct DatabaseSnapshot;

struct ProjectMeta {
    int srid = 0;         ///< EPSG code of the project's metric CRS
    std::string crs_name; ///< e.g. "WGS 84 / UTM zone 48N"
    std::string cordon_version;
    std::string created; ///< ISO 8601 UTC
    std::vector<SourceFile> sources;
    std::string import_report; ///< JSON text of the import report
    std::vector<HistoryEntry> history;
    std::map<std::string, std::string> parameters; ///< step → its last parameters (JSON)
    /// What read_project found wrong and set aside (ids naming rows that are not there, read
    /// as none); for the planner to see, never stored.
    std::vector<std::string> warnings;
    /// Read from a database (geo::read_database): every row's revision as read, for the write
    /// back to refuse to overwrite what changed meanwhile. Never stored.
    std::shared_ptr<const DatabaseSnapshot> database;
};

struct District {
    ProjectMeta meta;
    std::vector<DistrictBoundary> boundary; ///< the `district` layer: the administrative boundary
    std::vector<Community> communities;
    std::vector<Compound> compounds;
    std::vector<Building> buildings;
    std::vector<Gate> gates;
    std::vector<Road> roads;
    std::vector<Checkpoint> checkpoints;
    std::vector<ChokePointSite> choke_points; ///< of the last checkpoint run
    std::vector<CordonArea> cordon_areas;     ///< of the last checkpoint run
    std::vector<Zone> zones;
    std::vector<Route> routes;
    Network network;
    std::vector<Household> households;                 ///< the last register imported
    std::vector<HouseholdPersonal> household_personal; ///< masked; only with the planner's leave
    std::vector<HouseholdMatch> household_matches;     ///< the planner's own matches
    std::vector<Visit> visits;                         ///< the screening's, in import order
    std::vector<Basemap> basemaps; ///< pictures of the ground under the plan (basemap.hpp)

    /// Bounds of every feature (roads of an OSM extract reach far out).
    Box extent() const;
    /// Bounds of where people live: communities, compounds, buildings and gates; the whole
    /// extent when there are none. The default view of maps.
    Box focus_extent() const;
};

} // namespace cordon::geo
