#include "checkpoint_model.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/json_read.hpp>
#include <cordon/geo/param_error.hpp>
#include <cordon/geo/road_classes.hpp>
#include <cordon/planner/barrier_cut.hpp>
#include <cordon/planner/checkpoint_area.hpp>
#include <cordon/planner/checkpoints.hpp>
#include <cordon/planner/periods.hpp>

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <sstream>
#include <unordered_map>

namespace cordon::planner {

namespace {

constexpr const char* k_reason_prefix = "Cordon:";

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string metres(double m) {
    std::ostringstream o;
    if (m >= 1000) {
        o.precision(1);
        o << std::fixed << m / 1000 << " km";
    } else {
        o << static_cast<long long>(std::lround(m)) << " m";
    }
    return o.str();
}

std::string percent(double share) {
    std::ostringstream o;
    o.precision(share < 0.1 && share > 0 ? 1 : 0);
    o << std::fixed << share * 100 << " %";
    return o.str();
}

std::string plural(std::size_t n, const std::string& one, const std::string& many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

/// Compass direction of travel from a to b.
std::string heading(geo::Point a, geo::Point b) {
    static const char* names[] = {"north", "north-east", "east", "south-east",
                                  "south", "south-west", "west", "north-west"};
    const double deg = std::atan2(b.x - a.x, b.y - a.y) * 180 / M_PI;
    const int i = static_cast<int>(std::lround((deg < 0 ? deg + 360 : deg) / 45)) % 8;
    return names[i];
}

geo::Point midpoint(const geo::LineString& line) {
    return geo::point_along(line, geo::length(line) / 2);
}

// Where a checkpoint stands on a road that traffic takes towards the area (`line` drawn in that
// direction): 5 m before the road enters the area, or else 30 m before the road's inner end, so
// it stands at the junction the traffic reaches rather than halfway along a long road.
geo::Point checkpoint_point(geo::LineString line, bool reversed, const AreaGeometry& area) {
    if (line.empty()) return {};
    if (reversed) std::reverse(line.begin(), line.end());
    const double total = geo::length(line);
    if (total <= 0) return line.front();
    if (!area.contains(line.front())) {
        const double step = std::max(1.0, total / 1000);
        for (double d = step; d <= total + step / 2; d += step)
            if (area.contains(geo::point_along(line, std::min(d, total))))
                return geo::point_along(line, std::max(0.0, std::min(d, total) - 5));
    }
    return geo::point_along(line, total > 60 ? total - 30 : total / 2);
}

std::string road_label(const geo::District& d,
                       const std::unordered_map<geo::Id, const geo::Road*>& roads,
                       const geo::NetworkEdge& e) {
    auto it = roads.find(e.road_id);
    std::string name = it != roads.end() ? it->second->name : "";
    if (name.empty()) name = "unnamed road " + std::to_string(e.road_id);
    (void)d;
    return name + " (" + (e.cls.empty() ? "road" : e.cls) + ")";
}

// Traffic weight of an entry road: grows with its class (1 + rank/2: residential 1.5 …
// motorway 4), a stand-in for lanes and volume when no counts are known.
double entry_weight(const std::string& cls) {
    const auto rule = geo::road_class_rule(cls);
    return 1.0 + (rule ? rule->rank : 1) / 2.0;
}

struct RegionArc {
    double length = 0;
    std::size_t arc = 0;
};

struct PredRecorder : boost::default_dijkstra_visitor {
    std::vector<std::size_t>* pred = nullptr;
    template <typename Edge, typename Graph> void edge_relaxed(Edge e, const Graph& g) const {
        (*pred)[boost::target(e, g)] = g[e].arc;
    }
};

// Origin–destination flows into the area along shortest paths, each cut off where it first
// enters the area: the traffic a checkpoint outside or on the boundary can intercept.
struct Traffic {
    std::vector<CoveragePath> paths;
    double total = 0;
    std::size_t origins = 0, destinations = 0;
    bool by_households = true;
};

Traffic model_traffic(const geo::District& d, const Model& m, Progress& progress) {
    Traffic t;
    const std::size_t n = m.pos.size();
    // Region graph: arcs whose head is not outside (so paths never pass another origin).
    std::vector<std::pair<std::size_t, std::size_t>> ends;
    std::vector<RegionArc> props;
    std::vector<double> origin_weight(n, 0);
    for (std::size_t i = 0; i < m.arcs.size(); ++i) {
        const CutArc& a = m.arcs[i];
        if (m.role[a.to] == Model::outside) continue;
        const Model::Seg& s = m.segs[a.tag];
        ends.emplace_back(a.from, a.to);
        props.push_back({s.length, i});
        if (m.role[a.from] == Model::outside)
            origin_weight[a.from] =
                std::max(origin_weight[a.from], entry_weight(d.network.edges[s.edge].cls));
    }
    using Graph =
        boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, RegionArc>;
    const Graph g(boost::edges_are_unsorted_multi_pass, ends.begin(), ends.end(), props.begin(), n);

    std::vector<double> dest_weight(n, 0);
    double households = 0;
    for (std::size_t v : m.sinks)
        households += m.households[v];
    t.by_households = households > 0;
    for (std::size_t v : m.sinks)
        dest_weight[v] = t.by_households ? m.households[v] : 1.0;
    std::vector<std::size_t> origins;
    double weight_sum = 0;
    for (std::size_t v = 0; v < n; ++v)
        if (origin_weight[v] > 0) {
            origins.push_back(v);
            weight_sum += origin_weight[v];
        }
    t.origins = origins.size();
    for (std::size_t v : m.sinks)
        t.destinations += dest_weight[v] > 0 ? 1 : 0;

    std::vector<double> dist(n);
    std::vector<std::size_t> pred(n);
    PredRecorder vis;
    vis.pred = &pred;
    for (std::size_t k = 0; k < origins.size(); ++k) {
        progress.report("checkpoints: traffic into the area", k, origins.size());
        const std::size_t o = origins[k];
        std::fill(pred.begin(), pred.end(), no_index);
        boost::dijkstra_shortest_paths(g, o,
                                       boost::weight_map(boost::get(&RegionArc::length, g))
                                           .distance_map(boost::make_iterator_property_map(
                                               dist.begin(), boost::get(boost::vertex_index, g)))
                                           .visitor(vis));
        for (std::size_t dst : m.sinks) {
            if (dest_weight[dst] <= 0 || (pred[dst] == no_index && dst != o)) continue;
            std::vector<std::size_t> arcs; // from dst back to o
            for (std::size_t v = dst; v != o && pred[v] != no_index; v = m.arcs[pred[v]].from)
                arcs.push_back(pred[v]);
            std::reverse(arcs.begin(), arcs.end());
            CoveragePath p;
            p.weight = origin_weight[o] / weight_sum * dest_weight[dst];
            for (std::size_t a : arcs) {
                p.items.push_back(m.arcs[a].tag);
                if (m.role[m.arcs[a].to] == Model::inside) break; // entered the area
            }
            t.total += p.weight;
            t.paths.push_back(std::move(p));
        }
    }
    return t;
}

} // namespace

const char* to_string(CheckpointObjective objective) {
    return objective == CheckpointObjective::crew ? "crew" : "fewest";
}
const char* to_string(CheckpointDirection direction) {
    return direction == CheckpointDirection::inbound ? "inbound" : "both";
}
const char* to_string(ChokePoint::Kind kind) {
    return kind == ChokePoint::Kind::bridge ? "bridge" : "articulation";
}

namespace {
/// A choke point's fields as the JSON report and the GeoJSON layer give them.
nlohmann::json choke_point_json(const ChokePoint& c) {
    nlohmann::json j = {{"kind", to_string(c.kind)},
                        {"road", c.road_name},
                        {"class", c.cls},
                        {"cut_off_nodes", c.cut_off_nodes},
                        {"cut_off_km", c.cut_off_km},
                        {"cut_off_households", std::llround(c.cut_off_households)},
                        {"cut_off_protected", c.cut_off_protected},
                        {"reason", c.reason}};
    if (c.road_id) j["road_id"] = *c.road_id;
    if (c.node_id) j["node_id"] = *c.node_id;
    return j;
}
} // namespace

CheckpointCosts CheckpointCosts::defaults() {
    CheckpointCosts c;
    c.crew = {
        {"motorway", 6},      {"motorway_link", 6}, {"trunk", 6},        {"trunk_link", 6},
        {"primary", 5},       {"primary_link", 5},  {"secondary", 4},    {"secondary_link", 4},
        {"tertiary", 3},      {"tertiary_link", 3}, {"unclassified", 2}, {"residential", 2},
        {"living_street", 2}, {"service", 2},       {"road", 2},         {"track", 2}};
    c.other = 2;
    return c;
}

int CheckpointCosts::of(const std::string& cls) const {
    auto it = crew.find(cls);
    return it == crew.end() ? other : it->second;
}

nlohmann::json CheckpointCosts::to_json() const {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [cls, n] : crew)
        j[cls] = n;
    j["other"] = other;
    return j;
}

CheckpointCosts read_checkpoint_costs(const std::string& path,
                                      const std::set<std::string>& network_classes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ParamError("costs", path, "cannot read the file");
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    CheckpointCosts costs = CheckpointCosts::defaults();
    std::set<std::string> known = network_classes;
    for (const auto& [cls, n] : costs.crew)
        known.insert(cls);
    for (const char* cls :
         {"pedestrian", "footway", "path", "steps", "cycleway", "bridleway", "corridor", "busway"})
        known.insert(cls);

    auto set = [&](const std::string& where, const std::string& cls, const std::string& value) {
        if (cls != "other" && !known.count(cls)) {
            std::string list;
            for (const auto& k : known)
                list += (list.empty() ? "" : ", ") + k;
            throw InputError(where + ": unknown road class '" + cls + "' (known: " + list +
                             ", other)");
        }
        char* end = nullptr;
        const double v = std::strtod(value.c_str(), &end);
        if (value.empty() || *end != '\0' || !std::isfinite(v) || v != std::floor(v) || v < 1 ||
            v > 1000)
            throw InputError(where + ": crew of '" + cls + "' is '" + value +
                             "'; write a whole number from 1 to 1000");
        if (cls == "other")
            costs.other = static_cast<int>(v);
        else
            costs.crew[cls] = static_cast<int>(v);
    };

    const std::string body = trim(text);
    if (!body.empty() && body.front() == '{') {
        const nlohmann::json j = geo::parse_json_bounded(body, path);
        for (const auto& [cls, v] : j.items()) {
            std::string value = v.is_number()   ? v.dump()
                                : v.is_string() ? v.get<std::string>()
                                                : v.dump();
            set(path + ": \"" + cls + "\"", cls, value);
        }
        return costs;
    }
    std::istringstream lines(text);
    std::string line;
    int number = 0;
    while (std::getline(lines, line)) {
        ++number;
        if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
        line = trim(line);
        if (line.empty()) continue;
        auto sep = line.find('=');
        if (sep == std::string::npos) sep = line.find(',');
        if (sep == std::string::npos) sep = line.find('\t');
        const std::string where = path + ":" + std::to_string(number);
        if (sep == std::string::npos) throw InputError(where + ": expected CLASS = CREW");
        const std::string cls = trim(line.substr(0, sep)), value = trim(line.substr(sep + 1));
        if (number == 1 && cls == "class") continue; // CSV header
        set(where, cls, value);
    }
    return costs;
}

void check_barrier_params(const BarrierParams& b) {
    const auto in_range = [](const char* name, double v, double lo, double hi, bool whole) {
        std::ostringstream text;
        text << v;
        if (!(v >= lo && v <= hi)) {
            std::ostringstream why;
            why << "must be between " << lo << " and " << hi;
            throw ParamError(name, text.str(), why.str());
        }
        if (whole && v != std::floor(v))
            throw ParamError(name, text.str(), "must be a whole number");
    };
    in_range("min_staffed", b.min_staffed, 1, 100, true);
    in_range("access_km", b.access_km, 0.05, 1000, false);
    in_range("time_limit", b.time_limit_s, 1, 86400, false);
    in_range("gap", b.gap_percent, 0, 100, false);
    const auto rule = geo::road_class_rule(b.max_class);
    if (!rule || !rule->drivable || rule->rank < 1)
        throw ParamError("barrier_max_class", b.max_class,
                         "not a drivable road class (e.g. tertiary, secondary, primary)");
}

bool is_planned_checkpoint(const geo::Checkpoint& c) {
    if (!c.placed_by.empty()) return c.placed_by == geo::k_placed_by_cordon;
    return c.reason.rfind(k_reason_prefix, 0) == 0; // projects from before placed_by
}

void apply_checkpoints(geo::District& district, const CheckpointPlan& plan) {
    std::vector<geo::Checkpoint> kept;
    geo::Id next = 0;
    for (auto& c : district.checkpoints) {
        next = std::max(next, c.id);
        if (is_planned_checkpoint(c)) continue;
        kept.push_back(c);
        kept.back().placed_by = geo::k_placed_by_planner;
    }
    for (geo::Checkpoint c : plan.checkpoints) {
        c.id = ++next;
        kept.push_back(std::move(c));
    }
    district.checkpoints = std::move(kept);
    district.choke_points = choke_point_sites(plan.choke_points);
    district.cordon_areas.clear();
    if (!plan.area.polygons.empty())
        district.cordon_areas.push_back({1, plan.area.name, plan.margin, plan.area.polygons});
}

std::vector<geo::ChokePointSite> choke_point_sites(const std::vector<ChokePoint>& points) {
    std::vector<geo::ChokePointSite> out;
    out.reserve(points.size());
    for (const ChokePoint& c : points) {
        geo::ChokePointSite s;
        s.id = static_cast<geo::Id>(out.size() + 1);
        s.kind = to_string(c.kind);
        s.road_id = c.road_id;
        s.node_id = c.node_id;
        s.road_name = c.road_name;
        s.cls = c.cls;
        s.cut_off_nodes = static_cast<std::int64_t>(c.cut_off_nodes);
        s.cut_off_km = c.cut_off_km;
        s.cut_off_households = c.cut_off_households;
        s.cut_off_protected = static_cast<std::int64_t>(c.cut_off_protected);
        s.reason = c.reason;
        s.pos = c.pos;
        out.push_back(std::move(s));
    }
    return out;
}

nlohmann::json choke_points_geojson(const std::vector<ChokePoint>& points, int srid) {
    nlohmann::json fc = {
        {"type", "FeatureCollection"},
        {"name", "choke_points"},
        {"crs",
         {{"type", "name"},
          {"properties", {{"name", "urn:ogc:def:crs:EPSG::" + std::to_string(srid)}}}}},
        {"features", nlohmann::json::array()}};
    std::size_t id = 0;
    for (const ChokePoint& c : points) {
        nlohmann::json props = choke_point_json(c);
        props["id"] = ++id;
        fc["features"].push_back(
            {{"type", "Feature"},
             {"geometry", {{"type", "Point"}, {"coordinates", {c.pos.x, c.pos.y}}}},
             {"properties", props}});
    }
    return fc;
}

CutProblem checkpoint_cut_problem(const geo::District& district, const CheckpointParams& params) {
    const AreaGeometry area(params.area.polygons);
    Model m = build_model(district, params, area);
    CutProblem p;
    p.node_count = m.pos.size();
    p.arcs = std::move(m.arcs);
    p.sources = std::move(m.sources);
    p.sinks = std::move(m.sinks);
    return p;
}

namespace {

/// What the phases of one plan_checkpoints run read: its inputs, the drivable model and the
/// roads by id.
struct Run {
    const geo::District& district;
    const CheckpointParams& params;
    const AreaGeometry& area;
    const Model& m;
    std::unordered_map<geo::Id, const geo::Road*> roads;

    Run(const geo::District& d, const CheckpointParams& p, const AreaGeometry& a,
        const Model& model)
        : district(d), params(p), area(a), m(model) {
        for (const auto& r : district.roads)
            roads[r.id] = &r;
    }
    const geo::NetworkEdge& edge(std::size_t seg) const {
        return district.network.edges[m.segs[seg].edge];
    }
    const geo::LineString& geom(std::size_t seg) const { return m.geom(district, seg); }
    std::string label(std::size_t seg) const { return road_label(district, roads, edge(seg)); }
};

/// The minimum cut and what it means: new checkpoints on `cut_segs`, hand-placed ones kept on
/// `kept_segs`, and the outcome the report names.
struct Cordon {
    CutResult cut;
    std::vector<std::size_t> cut_segs, kept_segs;
    std::map<std::size_t, std::size_t> arc_of_seg;
    int cut_crew = 0;
    std::string outcome;
};

// No protected node: why, for the error.
[[noreturn]] void throw_nothing_to_protect(const Model& m, const CheckpointParams& params) {
    std::string why = m.inside_nodes_network > 0
                          ? std::to_string(m.inside_nodes_network) +
                                " road nodes lie inside, but no drivable road reaches them"
                          : "no road of the network reaches inside it";
    if (m.passing_roads > 0)
        why += "; " +
               plural(m.passing_roads, "tunnel or bridge passes", "tunnels and bridges pass") +
               " under or over it, with no way off inside";
    double nearest = std::numeric_limits<double>::infinity();
    for (double dd : m.area_distance)
        nearest = std::min(nearest, dd);
    if (std::isfinite(nearest))
        why += "; the nearest drivable node is " + metres(nearest) + " away";
    throw InputError("area " + params.area.name + ": nothing to protect — " + why);
}

// The report's area, parameters and network.
void report_inputs(const Run& r, nlohmann::json& report) {
    const CheckpointParams& params = r.params;
    report["area"] = {{"name", params.area.name},
                      {"polygons", params.area.polygons.size()},
                      {"area_m2", std::round(geo::area(params.area.polygons))}};
    if (!params.area.note.empty()) report["area"]["note"] = params.area.note;
    report["parameters"] = {{"margin_m", params.margin},
                            {"objective", to_string(params.objective)},
                            {"direction", to_string(params.direction)},
                            {"algorithm", params.algorithm == MaxFlowAlgorithm::boykov_kolmogorov
                                              ? "boykov_kolmogorov"
                                              : "push_relabel"},
                            {"costs", params.costs.to_json()},
                            {"closed_roads", params.closed_roads},
                            {"keep_open_roads", params.keep_open_roads}};
    if (params.budget) report["parameters"]["budget"] = *params.budget;
    if (!params.drivable_classes.empty())
        report["parameters"]["drivable_classes"] = params.drivable_classes;
    std::size_t ring_nodes = 0;
    for (char role : r.m.role)
        ring_nodes += role == Model::ring ? 1 : 0;
    report["network"] = {{"drivable_nodes", r.m.pos.size()},
                         {"drivable_segments", r.m.segs.size()},
                         {"protected_nodes", r.m.sinks.size()},
                         {"free_nodes_in_margin", ring_nodes},
                         {"outside_nodes", r.m.sources.size()}};
    report["ground"] = {
        {"crossing_points", r.m.crossing_points},
        {"entry_points", r.m.entry_points},
        {"edge_entries", r.m.edge_entries},
        {"passing_roads", r.m.passing_roads},
        {"passing_junctions", r.m.passing_junctions},
        {"note", "the protected network is the surface inside the area: " +
                     plural(r.m.crossing_points, "point", "points") +
                     " added where a road crosses the area between junctions outside it, " +
                     plural(r.m.entry_points, "point", "points") +
                     " where a road runs beyond the margin between junctions within it, " +
                     plural(r.m.edge_entries, "dead end", "dead ends") +
                     " within the margin where the data's edge cut a road (traffic comes from "
                     "beyond it); " +
                     plural(r.m.passing_roads, "tunnel or bridge", "tunnels and bridges") +
                     " pass under or over the area and " +
                     plural(r.m.passing_junctions, "junction", "junctions") +
                     " inside are reached only by them: left out"}};
}

// Pieces of the drivable network that hold protected nodes, and whether traffic from beyond
// the margin can reach each at all (ignoring one-way signs). Returns each node's piece.
std::vector<std::size_t> network_pieces(const Model& m, nlohmann::json& report) {
    std::vector<std::size_t> piece(m.pos.size(), no_index);
    std::vector<std::vector<std::size_t>> adj(m.pos.size());
    for (const auto& s : m.segs) {
        adj[s.a].push_back(s.b);
        adj[s.b].push_back(s.a);
    }
    std::size_t count = 0;
    for (std::size_t v = 0; v < piece.size(); ++v) {
        if (piece[v] != no_index) continue;
        std::vector<std::size_t> stack{v};
        piece[v] = count;
        while (!stack.empty()) {
            const std::size_t u = stack.back();
            stack.pop_back();
            for (std::size_t w : adj[u])
                if (piece[w] == no_index) {
                    piece[w] = count;
                    stack.push_back(w);
                }
        }
        ++count;
    }
    std::map<std::size_t, std::pair<std::size_t, std::size_t>> pieces; // piece → protected, outside
    for (std::size_t v : m.sinks)
        ++pieces[piece[v]].first;
    for (std::size_t v : m.sources)
        if (pieces.count(piece[v])) ++pieces[piece[v]].second;
    std::size_t isolated = 0;
    for (const auto& [p, c] : pieces)
        isolated += c.second == 0 ? 1 : 0;
    report["network"]["pieces"] = count;
    report["network"]["pieces_with_protected_nodes"] = pieces.size();
    report["network"]["protected_pieces_without_way_in"] = isolated;
    return piece;
}

// The minimum cut (an error naming the keep-open roads when there is none), its segments
// (deduplicated: those whose arc crosses to the area's side) and the outcome.
Cordon cut_cordon(const Run& r, nlohmann::json& report) {
    const Model& m = r.m;
    Cordon c;
    c.cut = minimum_cut(m.pos.size(), m.arcs, m.sources, m.sinks, r.params.algorithm);
    if (!c.cut.feasible) {
        std::vector<std::string> names;
        for (std::size_t a : c.cut.blocking_path) {
            const std::size_t s = m.arcs[a].tag;
            if (!m.segs[s].keep_open) continue;
            const std::string n = r.label(s) + " [road " + std::to_string(r.edge(s).road_id) + "]";
            if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
        }
        std::string list;
        for (const auto& n : names)
            list += (list.empty() ? "" : ", ") + n;
        throw InputError(
            "area " + r.params.area.name + ": no cordon is possible — traffic from beyond " +
            metres(r.params.margin) +
            " reaches the area only over roads that must stay free of checkpoints: " + list +
            "; allow a checkpoint on one of them, or close one");
    }
    for (std::size_t a : c.cut.arcs) {
        const std::size_t s = m.arcs[a].tag;
        if (c.arc_of_seg.count(s)) continue;
        c.arc_of_seg[s] = a;
        (m.segs[s].manual ? c.kept_segs : c.cut_segs).push_back(s);
    }
    for (std::size_t s : c.cut_segs)
        c.cut_crew += m.segs[s].crew;

    c.outcome = "cordon";
    if (m.sources.empty())
        c.outcome = "nothing_outside";
    else if (c.cut_segs.empty() && c.kept_segs.empty())
        c.outcome = "already_cut_off";
    else if (c.cut_segs.empty())
        c.outcome = "closed_by_hand_placed";
    report["outcome"] = c.outcome;
    const std::map<std::string, std::string> explain{
        {"cordon", "every drivable way into the area from beyond the margin passes a checkpoint"},
        {"nothing_outside",
         "the whole drivable network lies within " + metres(r.params.margin) +
             " of the area: no traffic comes from beyond the margin, so no checkpoint is needed; "
             "use a smaller margin"},
        {"already_cut_off",
         "the area is already cut off: no drivable road leads in from beyond the margin (cost 0)" +
             std::string(r.params.closed_roads.empty() ? "" : ", with the closed roads")},
        {"closed_by_hand_placed",
         "the hand-placed checkpoints already close every way in; no new checkpoint is needed"}};
    report["summary"] = explain.at(c.outcome);
    return c;
}

// Households the cordon encloses beyond the area: buildings outside it whose road node lies
// on the area's side of the cut.
void report_enclosed(const Run& r, const Cordon& c, nlohmann::json& report) {
    const Model& m = r.m;
    std::size_t buildings = 0, inside_buildings = 0;
    double hh = 0, inside_hh = 0;
    std::size_t ring_inner = 0;
    for (std::size_t v = 0; v < m.pos.size(); ++v)
        if (m.role[v] == Model::ring && c.cut.sink_side[v]) ++ring_inner;
    if (!m.pos.empty() && !r.district.buildings.empty()) {
        const PointGrid grid(m.pos, 100.0);
        for (const auto& b : r.district.buildings) {
            if (b.households <= 0) continue;
            const geo::Point p = building_point(b);
            if (r.area.contains(p)) {
                ++inside_buildings;
                inside_hh += b.households;
                continue;
            }
            const std::size_t v = grid.nearest(p);
            if (v != no_index && c.cut.sink_side[v] && m.role[v] != Model::outside) {
                ++buildings;
                hh += b.households;
            }
        }
    }
    report["protected"] = {{"buildings", inside_buildings},
                           {"households", std::llround(inside_hh)}};
    report["enclosed_beyond_area"] = {
        {"road_nodes", ring_inner}, {"buildings", buildings}, {"households", std::llround(hh)}};
}

/// Natural choke points near the area: bridges and articulation points of the drivable
/// network, each described by what it cuts off.
class ChokePointFinder {
public:
    ChokePointFinder(const Run& r, const std::vector<std::size_t>& piece)
        : m_run(r), m_piece(piece), m_adj(r.m.pos.size()), m_mark(r.m.pos.size(), 0) {
        const Model& m = r.m;
        for (std::size_t s = 0; s < m.segs.size(); ++s) {
            m_pairs.emplace_back(m.segs[s].a, m.segs[s].b);
            m_adj[m.segs[s].a].emplace_back(m.segs[s].b, s);
            m_adj[m.segs[s].b].emplace_back(m.segs[s].a, s);
        }
        std::map<std::size_t, std::vector<std::size_t>> members;
        for (std::size_t v = 0; v < m.pos.size(); ++v)
            members[piece[v]].push_back(v);
        for (const auto& [pc, list] : members)
            m_piece_stats[pc] = stats_of(list);
    }

    /// Finds them (into plan.choke_points, the most telling first) and reports them; returns
    /// the segments that are bridges.
    std::set<std::size_t> find(std::vector<ChokePoint>& points, nlohmann::json& report) {
        const ChokePointSet set = natural_choke_points(m_run.m.pos.size(), m_pairs);
        std::set<std::size_t> bridge_segs;
        for (std::size_t s : set.bridges)
            if (add_bridge(s, points)) bridge_segs.insert(s);
        for (std::size_t v : set.articulation)
            add_articulation(v, points);
        // Ranked by what they cut off; only those that matter are listed.
        std::stable_sort(
            points.begin(), points.end(), [](const ChokePoint& a, const ChokePoint& b) {
                return std::tuple(a.cut_off_households, a.cut_off_protected, a.cut_off_nodes) >
                       std::tuple(b.cut_off_households, b.cut_off_protected, b.cut_off_nodes);
            });
        std::size_t bridges = 0;
        for (const auto& c : points)
            bridges += c.kind == ChokePoint::Kind::bridge ? 1 : 0;
        const double least = m_run.params.choke_min_households;
        const std::size_t found = points.size();
        std::erase_if(points, [least](const ChokePoint& c) {
            return c.cut_off_households < least && static_cast<double>(c.cut_off_protected) < least;
        });
        std::size_t listed_bridges = 0;
        for (const auto& c : points)
            listed_bridges += c.kind == ChokePoint::Kind::bridge ? 1 : 0;
        report["choke_points"] = {
            {"bridges", bridges},
            {"articulation_points", found - bridges},
            {"listed", points.size()},
            {"listed_bridges", listed_bridges},
            {"below_threshold", found - points.size()},
            {"min_households", least},
            {"left_out_dead_ends", m_trivial},
            {"rule",
             "bridges and articulation points of the drivable network (one-way signs ignored, "
             "closed "
             "roads left out) within the margin, each with what it cuts off; dead ends that cut "
             "off fewer than 3 road nodes, no household and nothing inside the area are left "
             "out; of the rest, only those that cut off at least min_households households or "
             "as many protected points are listed (points), ranked by households"},
            {"points", nlohmann::json::array()}};
        for (const auto& c : points) {
            nlohmann::json j = choke_point_json(c);
            j["x"] = c.pos.x;
            j["y"] = c.pos.y;
            report["choke_points"]["points"].push_back(j);
        }
        return bridge_segs;
    }

private:
    // What a choke point cuts off: every part it separates except the one holding the most
    // nodes beyond the margin (where traffic comes from; the largest when none does).
    struct Stats {
        double nodes = 0, households = 0, inside = 0, outside = 0, length = 0;
        void add(const Stats& o, double sign) {
            nodes += sign * o.nodes;
            households += sign * o.households;
            inside += sign * o.inside;
            outside += sign * o.outside;
            length += sign * o.length;
        }
    };

    Stats stats_of(const std::vector<std::size_t>& members) {
        const Model& m = m_run.m;
        Stats st;
        for (std::size_t v : members)
            m_mark[v] = 1;
        for (std::size_t v : members) {
            st.nodes += 1;
            st.households += m.households[v];
            st.inside += m.role[v] == Model::inside ? 1 : 0;
            st.outside += m.role[v] == Model::outside ? 1 : 0;
            for (auto [w, sg] : m_adj[v])
                if (m_mark[w]) st.length += m.segs[sg].length / 2;
        }
        for (std::size_t v : members)
            m_mark[v] = 0;
        return st;
    }

    // Fills in what `c` cuts off and returns it in words.
    std::string describe(ChokePoint& c, const SplitParts& parts, std::size_t any_node,
                         const Stats& removed) {
        Stats total = m_piece_stats[m_piece[any_node]];
        std::vector<Stats> found;
        Stats rest = total;
        rest.add(removed, -1);
        for (const auto& part : parts.members) {
            found.push_back(stats_of(part));
            rest.add(found.back(), -1);
        }
        found.push_back(rest); // the part the search left unfinished
        std::size_t main = 0;
        for (std::size_t i = 1; i < found.size(); ++i)
            if (std::tie(found[i].outside, found[i].nodes) >
                std::tie(found[main].outside, found[main].nodes))
                main = i;
        Stats cut_off = total;
        cut_off.add(found[main], -1);
        cut_off.add(removed, -1);
        cut_off.length = 0;
        for (std::size_t i = 0; i < found.size(); ++i)
            if (i != main) cut_off.length += found[i].length;
        c.cut_off_nodes = static_cast<std::size_t>(std::lround(cut_off.nodes));
        c.cut_off_households = cut_off.households;
        c.cut_off_protected = static_cast<std::size_t>(std::lround(cut_off.inside));
        c.cut_off_km = cut_off.length / 1000;
        std::ostringstream why;
        why << plural(c.cut_off_nodes, "road node", "road nodes") << " (" << metres(cut_off.length)
            << " of road";
        if (c.cut_off_households > 0.5)
            why << ", " << std::lround(c.cut_off_households) << " households";
        if (c.cut_off_protected > 0 && c.cut_off_protected == c.cut_off_nodes)
            why << ", all inside the area";
        else if (c.cut_off_protected > 0)
            why << ", " << c.cut_off_protected << " of them inside the area";
        why << ")";
        return why.str();
    }

    // Dead ends that cut off next to nothing are left out (and counted).
    bool keep(const ChokePoint& c) {
        if (c.cut_off_protected > 0 || c.cut_off_households > 0.5 || c.cut_off_nodes >= 3)
            return true;
        ++m_trivial;
        return false;
    }

    bool add_bridge(std::size_t s, std::vector<ChokePoint>& points) {
        const Model& m = m_run.m;
        const auto& g = m.segs[s];
        if (m.role[g.a] == Model::outside && m.role[g.b] == Model::outside) return false;
        // The parts of a road split at the area's edge are one choke point.
        if (m_bridge_edges.count(g.edge)) return true;
        ChokePoint c;
        c.kind = ChokePoint::Kind::bridge;
        const auto& e = m_run.edge(s);
        c.pos = midpoint(m_run.geom(s));
        c.road_id = e.road_id;
        auto it = m_run.roads.find(e.road_id);
        c.road_name = it != m_run.roads.end() ? it->second->name : "";
        c.cls = e.cls;
        Stats removed;
        removed.length = g.length;
        const std::string what =
            describe(c, split_parts(m_adj, m.households, no_index, s), g.a, removed);
        if (!keep(c)) return false;
        c.reason = "Bridge of the drivable network: " + m_run.label(s) +
                   " is the only road between " + what +
                   " and the rest of the network; one checkpoint here closes them all";
        points.push_back(std::move(c));
        m_bridge_edges.insert(g.edge);
        return true;
    }

    void add_articulation(std::size_t v, std::vector<ChokePoint>& points) {
        const Model& m = m_run.m;
        // Outside, or a point where a road crosses the area's edge: not a junction.
        if (m.role[v] == Model::outside || m.net_node[v] == no_index) return;
        ChokePoint c;
        c.kind = ChokePoint::Kind::articulation;
        c.pos = m.pos[v];
        c.node_id = m_run.district.network.nodes[m.net_node[v]].id;
        std::set<std::string> names;
        for (auto [w, s] : m_adj[v]) {
            auto it = m_run.roads.find(m_run.edge(s).road_id);
            if (it != m_run.roads.end() && !it->second->name.empty())
                names.insert(it->second->name);
            if (c.cls.empty()) c.cls = m_run.edge(s).cls;
        }
        for (const auto& nm : names)
            c.road_name += (c.road_name.empty() ? "" : " / ") + nm;
        Stats removed;
        removed.nodes = 1;
        removed.households = m.households[v];
        removed.inside = m.role[v] == Model::inside ? 1 : 0;
        removed.outside = m.role[v] == Model::outside ? 1 : 0;
        for (auto [w, sg] : m_adj[v])
            removed.length += m.segs[sg].length;
        const std::string what =
            describe(c, split_parts(m_adj, m.households, v, no_index), v, removed);
        if (!keep(c)) return;
        c.reason = "Articulation point of the drivable network: the junction" +
                   (c.road_name.empty() ? std::string() : " of " + c.road_name) +
                   " is the only link between " + what + " and the rest of the network";
        points.push_back(std::move(c));
    }

    const Run& m_run;
    const std::vector<std::size_t>& m_piece;
    std::vector<std::pair<std::size_t, std::size_t>> m_pairs;
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> m_adj;
    std::vector<char> m_mark;
    std::map<std::size_t, Stats> m_piece_stats;
    std::size_t m_trivial = 0;
    std::set<std::size_t> m_bridge_edges; ///< network edges listed as bridges
};

/// The periods asked for, read; ParamError naming "periods" when they do not read or do not
/// cover the hours asked.
std::vector<Period> asked_periods(const CheckpointParams& params) {
    if (params.periods.empty()) return {};
    const std::string quoted = "'" + params.periods + "'";
    std::vector<Period> periods;
    try {
        periods = parse_periods(params.periods);
    } catch (const InputError& e) {
        throw ParamError("periods", "", e.what());
    }
    if (periods.empty()) throw ParamError("periods", quoted, "name at least one period");
    if (!params.hours.empty())
        if (const std::string gap = periods_cover_problem(periods, params.hours); !gap.empty())
            throw ParamError("periods", quoted, gap);
    return periods;
}

/// A new checkpoint's hours, periods and crew (`class_crew`: its road class's crew).
void schedule(const CheckpointParams& params, int class_crew, geo::Checkpoint& cp) {
    const std::vector<Period> periods = asked_periods(params);
    cp.periods = periods_text(periods);
    cp.hours = !params.hours.empty() ? params.hours
               : !periods.empty()    ? periods_hours(periods)
                                     : "24 h";
    cp.crew = periods.empty() ? class_crew : largest_crew(periods);
}

// The cordon's checkpoints: one on each cut segment, where traffic meets it first.
std::vector<geo::Checkpoint> cordon_checkpoints(const Run& r, const Cordon& c,
                                                const std::set<std::size_t>& bridge_segs) {
    const Model& m = r.m;
    const CheckpointParams& params = r.params;
    const std::string cordon_desc =
        "one of " + plural(c.cut_segs.size() + c.kept_segs.size(), "checkpoint", "checkpoints") +
        " that together close every drivable way into " + params.area.name +
        (params.margin > 0 ? " from beyond " + metres(params.margin) : "");
    auto direction_text = [&](std::size_t arc) {
        if (params.direction == CheckpointDirection::both) return std::string("both ways");
        const CutArc& a = m.arcs[arc];
        return "traffic heading " + heading(m.pos[a.from], m.pos[a.to]) + " into the area";
    };
    std::vector<geo::Checkpoint> cordon;
    for (std::size_t s : c.cut_segs) {
        const auto& e = r.edge(s);
        const std::size_t arc = c.arc_of_seg.at(s);
        geo::Checkpoint cp;
        cp.road_id = e.road_id;
        cp.placed_by = geo::k_placed_by_cordon;
        cp.kind = geo::CheckpointKind::vehicle;
        schedule(params, m.segs[s].crew, cp);
        cp.pos = checkpoint_point(r.geom(s), m.arcs[arc].from == m.segs[s].b, r.area);
        const double out = r.area.distance(cp.pos);
        std::string where =
            out > 10 ? "; " + metres(out) + " outside the area" : "; on the area's edge";
        cp.reason =
            std::string(k_reason_prefix) + " " + r.label(s) + ", " + direction_text(arc) + "; " +
            cordon_desc + where + "; crew " + std::to_string(cp.crew) +
            (bridge_segs.count(s)
                 ? "; a natural choke point: the only road to the part of the network beyond it"
                 : "");
        cordon.push_back(cp);
    }
    return cordon;
}

void report_cordon(const Run& r, const Cordon& c, nlohmann::json& report) {
    report["cordon"] = {{"checkpoints", c.cut_segs.size()},
                        {"crew", c.cut_crew},
                        {"hand_placed_kept_in_cordon", c.kept_segs.size()},
                        {"cut_value", c.cut.value},
                        {"note", r.params.objective == CheckpointObjective::crew
                                     ? "cut value = total crew of the new checkpoints"
                                     : "cut value = number of new checkpoints"}};
    // With periods the checkpoints' crews are the periods' (each the largest of its periods),
    // not the road classes' the cut weighed: say so, with the periods' figures beside.
    if (!r.params.periods.empty())
        report["cordon"]["note"] =
            std::string(r.params.objective == CheckpointObjective::crew
                            ? "cut value and crew = the road classes' crews the cut weighed"
                            : "cut value = number of new checkpoints; crew = the road classes' "
                              "crews") +
            "; with periods each new checkpoint's crew is its periods' (placed.crew counts the "
            "largest of each; staffing counts them per hour)";
    report["hand_placed"] = {{"kept", r.m.manual_ids},
                             {"not_on_a_drivable_road", r.m.manual_loose}};
}

// The cordon on the boundary itself, for comparison.
void compare_with_boundary(const Run& r, const Cordon& c, nlohmann::json& report) {
    CheckpointParams b = r.params;
    b.margin = 0;
    b.compare_boundary = false;
    b.choke_points = false;
    b.traffic = false;
    b.budget.reset();
    b.barriers.enabled = false;
    SilentProgress quiet;
    try {
        const CheckpointPlan bp = plan_checkpoints(r.district, b, quiet);
        const auto n = bp.report["cordon"]["checkpoints"].get<std::size_t>();
        const int crew = bp.report["cordon"]["crew"].get<int>();
        report["boundary"] = {{"checkpoints", n},
                              {"crew", crew},
                              {"saved_checkpoints", static_cast<long long>(n) -
                                                        static_cast<long long>(c.cut_segs.size())},
                              {"saved_crew", crew - c.cut_crew}};
    } catch (const InputError& e) {
        report["boundary"] = {{"feasible", false}, {"why", e.what()}};
    }
}

// Under a budget smaller than the cordon: the greedy's first picks.
std::vector<geo::Checkpoint> budget_checkpoints(const Run& r, const Cordon& c, const Traffic& t,
                                                const std::vector<GreedyStep>& steps,
                                                std::size_t k) {
    const Model& m = r.m;
    const CheckpointParams& params = r.params;
    std::vector<geo::Checkpoint> placed;
    for (std::size_t i = 0; i < k; ++i) {
        const std::size_t s = steps[i].item;
        const auto& e = r.edge(s);
        geo::Checkpoint cp;
        cp.road_id = e.road_id;
        cp.placed_by = geo::k_placed_by_cordon;
        cp.kind = geo::CheckpointKind::vehicle;
        schedule(params, m.segs[s].crew, cp);
        cp.pos = checkpoint_point(
            r.geom(s), m.area_distance[m.segs[s].a] < m.area_distance[m.segs[s].b], r.area);
        cp.reason =
            std::string(k_reason_prefix) + " budget of " + std::to_string(*params.budget) +
            " (the full cordon needs " + std::to_string(c.cut_segs.size()) + "): " + r.label(s) +
            ", pick " + std::to_string(i + 1) + "; intercepts a further " +
            percent(steps[i].gain / t.total) + " of the modelled traffic into " + params.area.name +
            " (" + percent(steps[i].covered / t.total) + " with the first " +
            std::to_string(i + 1) + "; the best " + std::to_string(i + 1) +
            " could intercept at most " + percent(std::min(1.0, steps[i].upper_bound / t.total)) +
            "); crew " + std::to_string(cp.crew);
        placed.push_back(cp);
    }
    return placed;
}

// Traffic: the greedy k and the curve up to the cordon's size; under a smaller budget, the
// greedy's picks replace the cordon.
void place_by_traffic(const Run& r, const Cordon& c, CheckpointPlan& plan, Progress& progress) {
    const Model& m = r.m;
    const CheckpointParams& params = r.params;
    nlohmann::json& report = plan.report;
    const Traffic t = model_traffic(r.district, m, progress);
    std::vector<bool> allowed(m.segs.size(), false);
    std::vector<double> tie(m.segs.size(), 0);
    std::vector<std::size_t> pre;
    for (std::size_t s = 0; s < m.segs.size(); ++s) {
        allowed[s] = !m.segs[s].keep_open && !m.segs[s].manual;
        tie[s] = static_cast<double>(m.segs[s].crew);
        if (m.segs[s].manual) pre.push_back(s);
    }
    const std::size_t k_max = std::max<std::size_t>(
        c.cut_segs.size(), params.budget ? static_cast<std::size_t>(*params.budget) : 0);
    const auto steps = greedy_cover(t.paths, m.segs.size(), k_max, allowed, tie, pre);
    std::vector<std::size_t> all_cut = c.cut_segs;
    all_cut.insert(all_cut.end(), c.kept_segs.begin(), c.kept_segs.end());
    const double cordon_share = t.total > 0 ? covered_weight(t.paths, all_cut) / t.total : 1.0;
    const double pre_share = t.total > 0 ? covered_weight(t.paths, pre) / t.total : 0.0;
    nlohmann::json curve = nlohmann::json::array();
    int crew = 0;
    for (std::size_t k = 0; k < steps.size(); ++k) {
        crew += m.segs[steps[k].item].crew;
        curve.push_back({{"k", k + 1},
                         {"road", r.label(steps[k].item)},
                         {"road_id", r.edge(steps[k].item).road_id},
                         {"crew_total", crew},
                         {"share", t.total > 0 ? std::min(1.0, steps[k].covered / t.total) : 0},
                         {"best_possible_share_at_most",
                          t.total > 0 ? std::min(1.0, steps[k].upper_bound / t.total) : 0}});
    }
    report["traffic"] = {
        {"model", std::string("shortest paths (by length, one-way respected inbound) from "
                              "every entry node at ") +
                      (params.margin > 0 ? "the margin" : "the boundary") +
                      " to every protected road node, weighted by " +
                      (t.by_households ? "the households at the destination"
                                       : "1 per destination (no households known inside)") +
                      " and by the entry road's class (1 + rank/2); cut where the path first "
                      "enters the area"},
        {"entries", t.origins},
        {"destinations", t.destinations},
        {"guarantee", "greedy on a monotone submodular objective (weighted coverage): the "
                      "first k picks intercept at "
                      "least 1 - 1/e = 63.2 % of what the best k checkpoints could; "
                      "'best_possible_share_at_most' is a "
                      "proven upper bound computed from the greedy run"},
        {"hand_placed_share", pre_share},
        {"cordon_share", cordon_share},
        {"curve", curve}};
    if (params.budget && static_cast<std::size_t>(*params.budget) < c.cut_segs.size()) {
        const std::size_t k =
            std::min<std::size_t>(static_cast<std::size_t>(*params.budget), steps.size());
        plan.checkpoints = budget_checkpoints(r, c, t, steps, k);
        report["budget"] = {
            {"k", *params.budget},
            {"placed", plan.checkpoints.size()},
            {"share", k > 0 ? steps[k - 1].covered / t.total : pre_share},
            {"best_possible_share_at_most",
             k > 0 ? std::min(1.0, steps[k - 1].upper_bound / t.total) : pre_share},
            {"unintercepted_share", k > 0 ? 1 - steps[k - 1].covered / t.total : 1 - pre_share}};
    } else if (params.budget) {
        report["budget"] = {
            {"k", *params.budget},
            {"placed", plan.checkpoints.size()},
            {"share", 1.0},
            {"note", "the full cordon needs no more than the budget: it is placed"}};
    }
}

int class_rank(const std::string& cls) {
    const auto rule = geo::road_class_rule(cls);
    return rule ? rule->rank : 1;
}

// The cordon's model as a barrier problem: the minimum cut's segments staffed seed it.
BarrierProblem barrier_problem(const Run& r) {
    const Model& m = r.m;
    const BarrierParams& b = r.params.barriers;
    const int max_rank = class_rank(b.max_class);
    BarrierProblem p;
    p.node_count = m.pos.size();
    p.arcs = m.arcs;
    p.sources = m.sources;
    p.sinks = m.sinks;
    p.min_staffed = b.min_staffed;
    p.access_m = b.access_km * 1000;
    for (std::size_t s = 0; s < m.segs.size(); ++s) {
        const Model::Seg& g = m.segs[s];
        BarrierSegment seg;
        seg.cost = g.cost;
        seg.barrable = class_rank(r.edge(s).cls) < max_rank;
        seg.keep_open = g.keep_open;
        if (g.manual) seg.given = g.manual_barrier ? RoadChoice::barred : RoadChoice::staffed;
        seg.length = g.length;
        p.segments.push_back(seg);
    }
    return p;
}

// Staffed or barred: every protected piece must have min_staffed ways in to begin with.
void check_ways_in(const Run& r, const ProtectedPieces& pieces) {
    const int n = r.params.barriers.min_staffed;
    for (std::size_t i = 0; i < pieces.sinks.size(); ++i) {
        if (pieces.ways_in[i] == 0 || pieces.ways_in[i] >= n) continue;
        const geo::Point at = r.m.pos[pieces.sinks[i].front()];
        std::ostringstream where;
        where.precision(0);
        where << std::fixed << "(" << at.x << ", " << at.y << ")";
        throw ParamError(
            "min_staffed", std::to_string(n),
            "the protected piece of " + r.params.area.name + " at " + where.str() + " has only " +
                plural(static_cast<std::size_t>(pieces.ways_in[i]), "way in", "ways in") +
                " from beyond the margin (routes with no road in common); write at "
                "most " +
                std::to_string(pieces.ways_in[i]));
    }
}

// The plan with barriers: staffed checkpoints and barriers instead of the cordon's checkpoints.
void place_barriers(const Run& r, const Cordon& c, CheckpointPlan& plan, Progress& progress) {
    const Model& m = r.m;
    const CheckpointParams& params = r.params;
    const BarrierProblem problem = barrier_problem(r);
    const ProtectedPieces pieces = protected_pieces(problem);
    check_ways_in(r, pieces);
    std::vector<RoadChoice> seed(m.segs.size(), RoadChoice::open);
    for (std::size_t s : c.cut_segs)
        seed[s] = RoadChoice::staffed;
    const BarrierResult res = solve_barrier_cut(
        problem, pieces, seed, {params.barriers.time_limit_s, params.barriers.gap_percent / 100},
        progress);
    const BarrierCheck check = check_barrier_plan(problem, pieces, res.choice);

    std::map<std::size_t, std::size_t> entry_arc;
    for (std::size_t a : check.entries)
        entry_arc.emplace(m.arcs[a].tag, a);
    std::size_t staffed = 0, barred = 0;
    for (std::size_t s = 0; s < res.choice.size(); ++s)
        if (!m.segs[s].manual) {
            staffed += res.choice[s] == RoadChoice::staffed ? 1 : 0;
            barred += res.choice[s] == RoadChoice::barred ? 1 : 0;
        }
    const std::string together =
        "one of " + plural(staffed, "staffed checkpoint", "staffed checkpoints") + " and " +
        plural(barred, "barrier", "barriers") + " that together close every drivable way into " +
        params.area.name + (params.margin > 0 ? " from beyond " + metres(params.margin) : "");
    std::vector<geo::Checkpoint> placed;
    std::set<std::string> barred_classes;
    for (std::size_t s = 0; s < res.choice.size(); ++s) {
        if (m.segs[s].manual || res.choice[s] == RoadChoice::open) continue;
        const Model::Seg& g = m.segs[s];
        auto it = entry_arc.find(s);
        const bool reversed = it != entry_arc.end() ? m.arcs[it->second].from == g.b
                                                    : m.area_distance[g.a] < m.area_distance[g.b];
        geo::Checkpoint cp;
        cp.road_id = r.edge(s).road_id;
        cp.placed_by = geo::k_placed_by_cordon;
        cp.pos = checkpoint_point(r.geom(s), reversed, r.area);
        const std::string heading_text =
            "traffic heading " +
            heading(reversed ? m.pos[g.b] : m.pos[g.a], reversed ? m.pos[g.a] : m.pos[g.b]) +
            " into the area";
        if (res.choice[s] == RoadChoice::barred) {
            cp.kind = geo::CheckpointKind::barrier;
            cp.hours = "24 h";
            cp.crew = 0;
            barred_classes.insert(r.edge(s).cls);
            cp.reason = std::string(k_reason_prefix) + " barrier on " + r.label(s) + ", closing " +
                        heading_text + "; " + together + "; a road below " +
                        params.barriers.max_class + ": closed instead of staffed, no crew";
        } else {
            cp.kind = geo::CheckpointKind::vehicle;
            schedule(params, g.crew, cp);
            cp.reason = std::string(k_reason_prefix) + " " + r.label(s) + ", " + heading_text +
                        "; " + together + (it != entry_arc.end() ? "; a staffed way in" : "") +
                        "; crew " + std::to_string(cp.crew);
        }
        placed.push_back(cp);
    }
    plan.checkpoints = std::move(placed);

    double farthest = 0;
    std::set<std::size_t> kept;
    for (const auto& sinks : pieces.sinks)
        kept.insert(sinks.begin(), sinks.end());
    for (std::size_t i = 0; i < problem.sinks.size(); ++i)
        if (kept.count(problem.sinks[i])) farthest = std::max(farthest, check.access_m[i]);
    nlohmann::json piece_list = nlohmann::json::array();
    for (std::size_t i = 0; i < pieces.sinks.size(); ++i)
        piece_list.push_back({{"protected_points", pieces.sinks[i].size()},
                              {"ways_in", pieces.ways_in[i]},
                              {"staffed_ways_in", check.ways_in[i]}});
    const char* status_text = res.status == "optimal" ? "optimal: proven best"
                              : res.status == "gap"   ? "stopped within the gap asked for"
                                                      : "stopped at the time limit";
    int staffed_crew = 0;
    for (const auto& cp : plan.checkpoints)
        staffed_crew += cp.kind == geo::CheckpointKind::barrier ? 0 : cp.crew;
    plan.report["barriers"] = {
        {"solver", "COIN-OR CBC (mixed-integer), seeded by the minimum cut"},
        {"status", res.status},
        {"status_text", status_text},
        {"time_limit_s", params.barriers.time_limit_s},
        {"gap_asked_percent", params.barriers.gap_percent},
        {"seconds", res.seconds},
        {"rounds", res.rounds},
        {"nodes", res.nodes},
        {"variables", res.variables},
        {"constraints", res.constraints},
        {"seeded", res.seeded},
        {"objective", res.objective},
        {"lower_bound", res.bound},
        {"gap", res.gap},
        {"gap_percent", res.gap * 100},
        {"cost", res.cost},
        {"cost_lower_bound", res.cost_bound},
        {"staffed", staffed},
        {"barriers", barred},
        {"crew", staffed_crew},
        {"barred_classes", barred_classes},
        {"without_barriers", {{"checkpoints", c.cut_segs.size()}, {"crew", c.cut_crew}}},
        {"saved_crew", c.cut_crew - staffed_crew},
        {"max_class", params.barriers.max_class},
        {"min_staffed", params.barriers.min_staffed},
        {"access_km", params.barriers.access_km},
        {"farthest_access_m", std::round(farthest)},
        {"pieces", piece_list},
        {"rule", "minor roads (classes below " + params.barriers.max_class +
                     ") may be closed by a barrier instead of a crew; every protected piece "
                     "keeps " +
                     std::to_string(params.barriers.min_staffed) +
                     " routes in from beyond the margin with no road in common, each through a "
                     "staffed checkpoint and none through a barrier, and every protected point "
                     "lies within " +
                     metres(params.barriers.access_km * 1000) +
                     " of a staffed way in along drivable roads (ambulances, supplies); the "
                     "least crew first, then the fewest barriers"}};
}

// The placed checkpoints in the report.
void report_placed(const Run& r, CheckpointPlan& plan) {
    nlohmann::json listed = nlohmann::json::array();
    for (const auto& c : plan.checkpoints) {
        nlohmann::json j = {{"road_id", c.road_id.value_or(0)},
                            {"kind", geo::to_string(c.kind)},
                            {"crew", c.crew},
                            {"x", c.pos.x},
                            {"y", c.pos.y},
                            {"hours", c.hours},
                            {"reason", c.reason}};
        if (!c.periods.empty()) j["periods"] = c.periods;
        auto it = c.road_id ? r.roads.find(*c.road_id) : r.roads.end();
        if (it != r.roads.end()) {
            j["road"] = it->second->name;
            j["class"] = it->second->cls;
        }
        j["outside_area_m"] = std::round(r.area.distance(c.pos));
        listed.push_back(j);
    }
    plan.report["checkpoints"] = listed;
    int total_crew = 0;
    std::size_t barriers = 0;
    for (const auto& c : plan.checkpoints) {
        total_crew += c.crew;
        barriers += c.kind == geo::CheckpointKind::barrier ? 1 : 0;
    }
    plan.report["placed"] = {{"checkpoints", plan.checkpoints.size() - barriers},
                             {"barriers", barriers},
                             {"crew", total_crew}};
}

} // namespace

CheckpointPlan plan_checkpoints(const geo::District& district, const CheckpointParams& params,
                                Progress& progress) {
    if (!std::isfinite(params.margin) || params.margin < 0)
        throw ParamError("margin", std::to_string(params.margin), "write metres, 0 or more");
    if (!std::isfinite(params.choke_min_households) || params.choke_min_households < 0)
        throw ParamError("choke_min_households", std::to_string(params.choke_min_households),
                         "write 0 or more households");
    if (params.budget && *params.budget < 1)
        throw ParamError("budget", std::to_string(*params.budget), "write 1 or more");
    if (params.area.polygons.empty()) throw InputError("the protected area has no polygons");
    asked_periods(params); // refused before any work
    if (params.barriers.enabled) {
        check_barrier_params(params.barriers);
        if (params.budget)
            throw ParamError("budget", std::to_string(*params.budget),
                             "cannot be combined with barriers (barriers close every way in)");
    }
    for (geo::Id id : params.closed_roads)
        if (std::none_of(district.roads.begin(), district.roads.end(),
                         [id](const geo::Road& r) { return r.id == id; }))
            throw InputError("closed road " + std::to_string(id) +
                             ": the project has no road with that id");
    for (geo::Id id : params.keep_open_roads)
        if (std::none_of(district.roads.begin(), district.roads.end(),
                         [id](const geo::Road& r) { return r.id == id; }))
            throw InputError("keep-open road " + std::to_string(id) +
                             ": the project has no road with that id");

    progress.report("checkpoints: network", 0.0);
    const AreaGeometry area(params.area.polygons);
    const Model m = build_model(district, params, area);
    if (m.sinks.empty()) throw_nothing_to_protect(m, params);
    const Run run(district, params, area, m);

    CheckpointPlan plan;
    plan.area = params.area;
    plan.margin = params.margin;
    report_inputs(run, plan.report);
    const std::vector<std::size_t> piece = network_pieces(m, plan.report);

    progress.report("checkpoints: minimum cut", 0.2);
    const Cordon cordon = cut_cordon(run, plan.report);
    report_enclosed(run, cordon, plan.report);

    std::set<std::size_t> bridge_segs;
    if (params.choke_points) {
        progress.report("checkpoints: natural choke points", 0.4);
        bridge_segs = ChokePointFinder(run, piece).find(plan.choke_points, plan.report);
    }

    plan.checkpoints = cordon_checkpoints(run, cordon, bridge_segs);
    report_cordon(run, cordon, plan.report);
    if (params.compare_boundary && params.margin > 0 && cordon.outcome == "cordon") {
        progress.report("checkpoints: cordon on the boundary", 0.5);
        compare_with_boundary(run, cordon, plan.report);
    }
    if ((params.traffic || params.budget) && cordon.outcome == "cordon") {
        progress.report("checkpoints: traffic into the area", 0.6);
        place_by_traffic(run, cordon, plan, progress);
    }
    if (params.barriers.enabled && cordon.outcome == "cordon") {
        progress.report("checkpoints: staffed or barred", 0.7);
        place_barriers(run, cordon, plan, progress);
    }
    report_placed(run, plan);
    progress.report("checkpoints: done", 1.0);
    return plan;
}

} // namespace cordon::planner
