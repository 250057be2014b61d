#pragma once
// Checkpoints on choke-point roads (咽喉路段): the cheapest cordon around a protected area on
// the drivable road network, the network's natural choke points, and — when only k
// checkpoints can be staffed — the k roads that intercept the most traffic into the area.

#include <cordon/geo/district.hpp>
#include <cordon/geo/progress.hpp>
#include <cordon/planner/checkpoint_graph.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cordon::planner {

/// What the cordon minimises: total crew (checkpoint cost by road class) or the number of
/// checkpoints (every road segment costs 1).
enum class CheckpointObjective { crew, fewest };
/// Which traffic must pass a checkpoint: only traffic entering the area (one-way streets
/// respected), or also traffic leaving it (then one-way streets count both ways: a checkpoint
/// watches the whole road).
enum class CheckpointDirection { inbound, both };

const char* to_string(CheckpointObjective objective);
const char* to_string(CheckpointDirection direction);

/// The crew one checkpoint needs on each road class (people on duty at a time).
struct CheckpointCosts {
    std::map<std::string, int> crew; ///< road class → crew
    int other = 2;                   ///< classes the table does not name

    /// The documented default table (README, "Checkpoints"): motorway and trunk 6, primary 5,
    /// secondary 4, tertiary 3, residential, unclassified, living street, service, road and
    /// track 2; the _link roads like their road; other classes 2.
    static CheckpointCosts defaults();
    int of(const std::string& cls) const;
    nlohmann::json to_json() const;
};

/// Reads a costs file onto the defaults: lines `CLASS = CREW` or `CLASS,CREW` (a `class,crew`
/// header and `#` comments allowed), or one JSON object {"primary": 5, ...}; the class
/// `other` sets the crew of classes not named. Throws InputError naming the file, line and
/// class when a class is neither a known road class nor one in `network_classes`, or a crew
/// is not a whole number from 1 to 1000.
CheckpointCosts read_checkpoint_costs(const std::string& path,
                                      const std::set<std::string>& network_classes);

/// The area to protect: one or more polygons (in the project CRS) and a name for reports.
struct ProtectedArea {
    std::string name;
    geo::MultiPolygon polygons;
    std::string note; ///< how the area was made when that is not plain (reported)
};

/// Staffed or barred (barrier_cut.hpp): the cordon may close minor roads with a barrier.
struct BarrierParams {
    bool enabled = false;
    /// Roads of classes below this one (by rank: tertiary → unclassified, residential,
    /// service, living_street, road, track) may be barred; this class and above are staffed.
    std::string max_class = "tertiary";
    int min_staffed = 2;      ///< staffed ways in each protected piece keeps (1 to 100)
    double access_km = 3;     ///< every protected point within this of a staffed way in
    double time_limit_s = 30; ///< for the mixed-integer search (1 to 86400)
    double gap_percent = 0;   ///< stop when this close to the lower bound (0: proven best)
};

/// Range checks of the barrier parameters: ParamError naming the parameter ("min_staffed",
/// "access_km", "time_limit", "gap", "barrier_max_class").
void check_barrier_params(const BarrierParams& params);

struct CheckpointParams {
    ProtectedArea area;
    /// Metres (straight line) beyond the area from which traffic comes; nodes closer than
    /// this are free, so the cordon may move out to real choke points. 0: on the boundary.
    double margin = 300;
    /// The network is an extract of a larger one: a drivable dead end on the data's edge (the
    /// hull of the network) is a road the extract cut, where traffic comes from beyond the
    /// data, wherever it lies. False for a network that is the whole world (hand-made ones).
    bool open_data_edge = true;
    CheckpointObjective objective = CheckpointObjective::crew;
    CheckpointDirection direction = CheckpointDirection::inbound;
    /// Only this many checkpoints can be staffed: place the k that intercept the most traffic.
    std::optional<int> budget;
    CheckpointCosts costs = CheckpointCosts::defaults();
    /// Road classes that count as drivable; empty: the project's own drivable flag (road
    /// class rules of the import plus access tags). A road closed to vehicles by its tags
    /// stays undrivable either way.
    std::set<std::string> drivable_classes;
    std::set<geo::Id> closed_roads;    ///< roads that carry no traffic
    std::set<geo::Id> keep_open_roads; ///< roads that must stay free of checkpoints
    /// Written on every new checkpoint; empty: the hours of `periods`, or without them
    /// "24 h". Given with periods, the periods must cover these hours exactly.
    std::string hours;
    /// The schedule of every new checkpoint, "RANGE=CREW,..." (periods.hpp): its crew in each
    /// period instead of the crew of its road class; empty: the class's crew for all hours.
    std::string periods;
    MaxFlowAlgorithm algorithm = MaxFlowAlgorithm::boykov_kolmogorov;
    bool choke_points = true; ///< find the natural choke points
    /// A choke point is listed (on the map, in the layer) only when what it cuts off holds
    /// at least this many households or protected points; the rest are only counted.
    double choke_min_households = 50;
    bool compare_boundary = true; ///< also solve with margin 0 and report the difference
    bool traffic = true;          ///< model traffic into the area and report the greedy curve
    BarrierParams barriers;       ///< close minor roads with barriers instead of staffing them
};

/// A natural choke point of the drivable network near the area.
struct ChokePoint {
    enum class Kind { bridge, articulation };
    Kind kind = Kind::bridge;
    geo::Point pos;
    std::optional<geo::Id> road_id; ///< the bridge's road (none for a junction)
    std::optional<geo::Id> node_id; ///< the junction's network node (none for a bridge)
    std::string road_name;          ///< road name(s) at the point
    std::string cls;
    std::size_t cut_off_nodes = 0;     ///< network nodes cut off from the rest when it is closed
    double cut_off_km = 0;             ///< km of road cut off
    double cut_off_households = 0;     ///< households attached to those nodes
    std::size_t cut_off_protected = 0; ///< of those nodes, how many lie inside the area
    std::string reason;
};
const char* to_string(ChokePoint::Kind kind);

struct CheckpointPlan {
    /// New checkpoints (ids 0; apply_checkpoints numbers them). Hand-placed ones stay as they are.
    std::vector<geo::Checkpoint> checkpoints;
    std::vector<ChokePoint> choke_points;
    ProtectedArea area;    ///< what the cordon protects (params.area)
    double margin = 0;     ///< params.margin
    nlohmann::json report; ///< everything the planner needs to check the plan, with reasons
};

/// Plans checkpoints for `params.area` on the district's network. Outcomes that are not
/// errors are reported in `report["outcome"]`: "cordon", "already_cut_off" (no drivable way
/// in: cost 0), "nothing_outside" (the whole network lies within the margin). Throws
/// InputError when the area holds no drivable network node, or when the roads that must stay
/// open make every cordon impossible (the message names those roads).
CheckpointPlan plan_checkpoints(const geo::District& district, const CheckpointParams& params,
                                Progress& progress);

/// The minimum-cut problem plan_checkpoints solves: drivable nodes (numbered compactly),
/// arcs with the checkpoint cost as capacity (tag = segment), nodes beyond the margin as
/// sources and nodes inside the area as sinks. For benchmarks and tests.
struct CutProblem {
    std::size_t node_count = 0;
    std::vector<CutArc> arcs;
    std::vector<std::size_t> sources, sinks;
};
CutProblem checkpoint_cut_problem(const geo::District& district, const CheckpointParams& params);

/// Whether a checkpoint was placed by Cordon (replaced when the step runs again) rather than
/// by hand (kept, and counted as already in place): its `placed_by`, or when that is empty (a
/// project from before the field, a checkpoint added by hand), whether its reason starts with
/// "Cordon:" as Cordon's reasons do.
bool is_planned_checkpoint(const geo::Checkpoint& checkpoint);

/// Replaces the checkpoints Cordon placed before by the plan's, keeps hand-placed ones, and
/// numbers the new ones after the largest id in use; marks every checkpoint's `placed_by`.
/// Replaces the district's choke_points
/// layer by the plan's choke points and its cordon_areas layer by the protected area.
void apply_checkpoints(geo::District& district, const CheckpointPlan& plan);

/// The plan's choke points as the project's choke_points layer (ids from 1).
std::vector<geo::ChokePointSite> choke_point_sites(const std::vector<ChokePoint>& points);

/// The choke points as a GeoJSON FeatureCollection in the project CRS (named in its "crs"
/// member, which GDAL and QGIS read), one Point feature per choke point with its reason.
nlohmann::json choke_points_geojson(const std::vector<ChokePoint>& points, int srid);

} // namespace cordon::planner
