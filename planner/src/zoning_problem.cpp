#include <cordon/geo/error.hpp>
#include <cordon/geo/polygon_index.hpp>
#include <cordon/geo/polygon_ops.hpp>
#include <cordon/planner/walk_graph.hpp>
#include <cordon/planner/zoning_problem.hpp>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/kruskal_min_spanning_tree.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <queue>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace cordon::planner {

using geo::Point;

namespace {

/// Area-weighted centroid of polygons (exterior minus holes); the mean vertex when degenerate.
Point centroid_of(const geo::MultiPolygon& mp) {
    double a = 0, cx = 0, cy = 0, n = 0, mx = 0, my = 0;
    for (const auto& poly : mp)
        for (std::size_t r = 0; r < poly.rings.size(); ++r) {
            const auto& ring = poly.rings[r];
            double ra = 0, rx = 0, ry = 0;
            for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
                const double c = ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y;
                ra += c;
                rx += (ring[i].x + ring[i + 1].x) * c;
                ry += (ring[i].y + ring[i + 1].y) * c;
                mx += ring[i].x, my += ring[i].y, n += 1;
            }
            // Exterior counts positive, holes negative, whatever their orientation.
            const double sign = (r == 0) == (ra >= 0) ? 1 : -1;
            a += sign * ra, cx += sign * rx, cy += sign * ry;
        }
    if (std::abs(a) > 1e-9) return {cx / (3 * a), cy / (3 * a)};
    return n > 0 ? Point{mx / n, my / n} : Point{};
}

/// The convex hull of points (Andrew's monotone chain; GEOS's hull sorts its points through a
/// std::set). Counter-clockwise, closed; empty when the points span no area.
geo::Polygon hull_of(std::vector<Point> pts) {
    std::sort(pts.begin(), pts.end(), [](const Point& a, const Point& b) {
        return std::tie(a.x, a.y) < std::tie(b.x, b.y);
    });
    pts.erase(std::unique(pts.begin(), pts.end()), pts.end());
    if (pts.size() < 3) return {};
    auto cross = [](const Point& o, const Point& a, const Point& b) {
        return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
    };
    std::vector<Point> h(2 * pts.size());
    std::size_t n = 0;
    for (const Point& q : pts) {
        while (n >= 2 && cross(h[n - 2], h[n - 1], q) <= 0)
            --n;
        h[n++] = q;
    }
    for (std::size_t i = pts.size() - 1, lower = n + 1; i-- > 0;) {
        while (n >= lower && cross(h[n - 2], h[n - 1], pts[i]) <= 0)
            --n;
        h[n++] = pts[i];
    }
    h.resize(n); // the last point is the first again: closed
    if (h.size() < 4) return {};
    return geo::Polygon{{std::move(h)}};
}

/// Compressed adjacency of the walk graph, for many fast Dijkstra runs; `edge` numbers each
/// entry's edge (in the graph's edge order), `geom` holds their geometries.
struct Csr {
    std::vector<std::size_t> offset;
    std::vector<std::uint32_t> to;
    std::vector<double> length;
    std::vector<std::uint32_t> edge;
    std::vector<const geo::LineString*> geom;

    explicit Csr(const WalkGraph& g) {
        const auto& graph = g.graph();
        const std::size_t n = g.vertex_count();
        offset.assign(n + 1, 0);
        for (auto [it, end] = boost::edges(graph); it != end; ++it) {
            ++offset[boost::source(*it, graph) + 1];
            ++offset[boost::target(*it, graph) + 1];
        }
        for (std::size_t i = 1; i <= n; ++i)
            offset[i] += offset[i - 1];
        to.resize(offset[n]);
        length.resize(offset[n]);
        edge.resize(offset[n]);
        std::vector<std::size_t> fill(offset.begin(), offset.end() - 1);
        for (auto [it, end] = boost::edges(graph); it != end; ++it) {
            const auto s = boost::source(*it, graph), t = boost::target(*it, graph);
            const double len = graph[*it].length;
            const auto id = static_cast<std::uint32_t>(geom.size());
            geom.push_back(&graph[*it].geom);
            edge[fill[s]] = id, to[fill[s]] = static_cast<std::uint32_t>(t),
            length[fill[s]++] = len;
            edge[fill[t]] = id, to[fill[t]] = static_cast<std::uint32_t>(s),
            length[fill[t]++] = len;
        }
    }
};

constexpr std::size_t no_entry = static_cast<std::size_t>(-1);
/// Links between neighbouring doors up to this long (metres) bring their streets into a zone's
/// reach loops or not; longer ones only when the zone needs them to hold together.
constexpr double short_link = 250;
/// A zone whose outline still comes in parts (other zones' cells across its streets) takes a
/// lane this wide (metres) along the streets that join its units from the zones it crosses.
constexpr double lane_width = 4;

/// Street sites of one community's network Voronoi diagram (see ZoningProblem::outline_site):
/// every vertex and points every `spacing` metres along each edge, given to the unit of the
/// nearer end (by street distance to its door); only near the community when there is one.
void add_outline_sites(ZoningProblem& p, const WalkGraph& graph, const std::vector<double>& dist,
                       const std::vector<std::int64_t>& label, const geo::MultiPolygon* community,
                       const std::vector<std::uint32_t>& units, double spacing) {
    // Only near the community's buildings and inside its bounds when it has some: sites
    // farther away would be clipped off the outlines anyway.
    geo::Box near;
    for (auto u : units)
        for (auto b : p.buildings_of[u])
            near.expand(p.centroid[b]);
    if (community) {
        const geo::Box b = geo::bounds(*community);
        near = {std::max(near.minx - 150, b.minx - 50), std::max(near.miny - 150, b.miny - 50),
                std::min(near.maxx + 150, b.maxx + 50), std::min(near.maxy + 150, b.maxy + 50)};
    } else {
        // Every street: a zone's outline follows the streets that join its doors, wherever
        // they run.
        constexpr double inf = std::numeric_limits<double>::infinity();
        near = {-inf, -inf, inf, inf};
    }
    auto add = [&](Point q, std::int64_t unit) {
        if (unit < 0 || !near.contains(q)) return;
        p.outline_site.push_back(q);
        p.outline_site_unit.push_back(static_cast<std::uint32_t>(unit));
    };
    for (std::size_t v = 0; v < graph.vertex_count(); ++v)
        add(graph.position(v), label[v]);
    const auto& g = graph.graph();
    for (auto [it, end] = boost::edges(g); it != end; ++it) {
        std::size_t a = boost::source(*it, g), b = boost::target(*it, g);
        if (a > b) std::swap(a, b); // the geometry runs from the lower-numbered vertex
        const auto& e = g[*it];
        if (label[a] < 0 && label[b] < 0) continue;
        const auto& line = e.geom;
        if (line.size() < 2) continue;
        const double total = geo::length(line);
        const int n = static_cast<int>(std::ceil(total / spacing));
        if (n < 2 || total <= 0) continue;
        const double scale = e.length / total; // arc length to the edge's length
        std::size_t seg = 0;
        double seg_start = 0;
        for (int i = 1; i < n; ++i) {
            const double t = total * i / n;
            while (seg + 2 < line.size() && seg_start + geo::distance(line[seg], line[seg + 1]) < t)
                seg_start += geo::distance(line[seg], line[seg + 1]), ++seg;
            const double len = geo::distance(line[seg], line[seg + 1]);
            const double f = len > 0 ? std::clamp((t - seg_start) / len, 0.0, 1.0) : 0;
            const Point q = geo::interpolate(line[seg], line[seg + 1], f);
            const double from_a = dist[a] + t * scale, from_b = dist[b] + (total - t) * scale;
            add(q, from_a <= from_b ? label[a] : label[b]);
        }
    }
}

// The scattered buildings: ids, places in the district and centroids into `p`; returns their
// households (every building counts 1 when none has households).
std::vector<double> read_buildings(const geo::District& district,
                                   const std::vector<geo::Id>& scattered, ZoningProblem& p) {
    std::unordered_map<geo::Id, std::size_t> index;
    for (std::size_t i = 0; i < district.buildings.size(); ++i)
        index.emplace(district.buildings[i].id, i);
    std::unordered_set<geo::Id> seen;
    for (geo::Id id : scattered) {
        auto it = index.find(id);
        if (it == index.end())
            throw InputError("building " + std::to_string(id) + " is not in the district");
        if (!seen.insert(id).second)
            throw InputError("building " + std::to_string(id) +
                             " is listed twice among the scattered buildings");
        const geo::Building& b = district.buildings[it->second];
        if (b.geom.empty())
            throw InputError("building " + std::to_string(id) + " has no footprint");
        p.building_ids.push_back(id);
        p.building_index.push_back(it->second);
        p.centroid.push_back(centroid_of(b.geom));
    }
    const std::size_t nb = p.building_ids.size();
    std::vector<double> households(nb);
    double total = 0;
    for (std::size_t i = 0; i < nb; ++i) {
        const double h = district.buildings[p.building_index[i]].households;
        households[i] = std::isfinite(h) && h > 0 ? h : 0;
        total += households[i];
    }
    if (total <= 0) {
        p.weight_is_buildings = true;
        std::fill(households.begin(), households.end(), 1.0);
    }
    return households;
}

// Community of each building: the community holding its centroid (the smallest if several;
// -1 for none).
std::vector<int> community_of_buildings(const geo::District& district,
                                        const std::vector<Point>& centroids) {
    std::vector<int> community(centroids.size(), -1);
    if (district.communities.empty()) return community;
    std::vector<const geo::MultiPolygon*> polys;
    std::vector<double> areas;
    for (const auto& c : district.communities)
        polys.push_back(&c.geom), areas.push_back(geo::area(c.geom));
    const geo::PolygonIndex idx(polys);
    for (std::size_t i = 0; i < centroids.size(); ++i) {
        const auto in = idx.containing(centroids[i]);
        for (std::size_t c : in)
            if (community[i] < 0 || areas[c] < areas[static_cast<std::size_t>(community[i])])
                community[i] = static_cast<int>(c);
    }
    return community;
}

// Units: buildings of one community sharing a door (a building off the network is a unit of
// its own), with their households and mean position.
void make_units(ZoningProblem& p, const WalkGraph& graph, const std::vector<int>& community,
                const std::vector<double>& households) {
    struct DoorKey {
        int community;
        double x, y;
        bool operator<(const DoorKey& o) const {
            return std::tie(community, x, y) < std::tie(o.community, o.x, o.y);
        }
    };
    const std::size_t nb = p.building_ids.size();
    std::map<DoorKey, std::uint32_t> doors;
    p.unit_of.resize(nb);
    for (std::size_t i = 0; i < nb; ++i) {
        const Point door = graph.position(graph.places()[i].vertex);
        std::uint32_t u = static_cast<std::uint32_t>(p.weight.size());
        if (p.on_network[i]) {
            auto [it, fresh] = doors.try_emplace(DoorKey{community[i], door.x, door.y}, u);
            u = it->second;
        }
        if (u == p.weight.size()) {
            p.weight.push_back(0);
            p.position.push_back({0, 0});
            p.community.push_back(community[i]);
            p.buildings_of.emplace_back();
        }
        p.unit_of[i] = u;
        p.weight[u] += households[i];
        p.buildings_of[u].push_back(static_cast<std::uint32_t>(i));
    }
    for (std::size_t u = 0; u < p.weight.size(); ++u) {
        Point s{0, 0};
        for (auto b : p.buildings_of[u])
            s.x += p.centroid[b].x, s.y += p.centroid[b].y;
        const double n = static_cast<double>(p.buildings_of[u].size());
        p.position[u] = {s.x / n, s.y / n};
        p.total_weight += p.weight[u];
    }
}

// Door-link sites: every building's straight link to its door.
void add_door_link_sites(ZoningProblem& p, const WalkGraph& graph, double spacing) {
    for (std::size_t i = 0; i < p.building_ids.size(); ++i) {
        const Point a = p.centroid[i], b = graph.position(graph.places()[i].vertex);
        const int n = static_cast<int>(std::ceil(geo::distance(a, b) / spacing));
        for (int j = 1; j < n; ++j) { // the door itself is a street site of its unit
            p.outline_site.push_back(geo::interpolate(a, b, static_cast<double>(j) / n));
            p.outline_site_unit.push_back(p.unit_of[i]);
        }
    }
}

// Every vertex labelled with its nearest door among `units` (one multi-source Dijkstra):
// `dist` to it, `label` its unit (-1 when none is reachable), `via` the CSR entry it was
// reached by (none at a door).
void label_nearest_door(const ZoningProblem& p, const WalkGraph& graph, const Csr& csr,
                        const std::vector<std::uint32_t>& units, std::vector<double>& dist,
                        std::vector<std::int64_t>& label, std::vector<std::size_t>& via) {
    std::fill(dist.begin(), dist.end(), WalkGraph::unreachable);
    std::fill(label.begin(), label.end(), -1);
    std::fill(via.begin(), via.end(), no_entry);
    using Item = std::pair<double, std::uint32_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
    for (std::uint32_t u : units)
        for (auto b : p.buildings_of[u]) {
            const std::size_t v = graph.places()[b].vertex;
            if (label[v] < 0) {
                dist[v] = 0;
                label[v] = u;
                queue.push({0.0, static_cast<std::uint32_t>(v)});
            }
        }
    while (!queue.empty()) {
        const auto [d, v] = queue.top();
        queue.pop();
        if (d > dist[v]) continue;
        for (std::size_t e = csr.offset[v]; e < csr.offset[v + 1]; ++e) {
            const std::uint32_t w = csr.to[e];
            const double nd = d + csr.length[e];
            if (nd < dist[w]) {
                dist[w] = nd;
                label[w] = label[v];
                via[w] = e;
                queue.push({nd, w});
            }
        }
    }
}

// The edges from vertex `v` back to its door (CSR entries recorded by label_nearest_door),
// as street lines of `p` (`line_of` maps an edge to its line, added on first use).
void path_to_door(ZoningProblem& p, const Csr& csr, const std::vector<std::size_t>& via,
                  std::size_t v, std::unordered_map<std::uint32_t, std::uint32_t>& line_of,
                  std::vector<std::uint32_t>& path) {
    auto add = [&](std::uint32_t edge) {
        auto [it, fresh] =
            line_of.try_emplace(edge, static_cast<std::uint32_t>(p.street_line.size()));
        if (fresh) p.street_line.push_back(*csr.geom[edge]);
        path.push_back(it->second);
    };
    for (std::size_t guard = 0; via[v] != no_entry && guard < via.size(); ++guard) {
        const std::size_t e = via[v];
        add(csr.edge[e]);
        // The entry runs from the vertex whose offsets hold it.
        v = static_cast<std::size_t>(std::upper_bound(csr.offset.begin(), csr.offset.end(), e) -
                                     csr.offset.begin() - 1);
    }
}

// Neighbours: per community, the network Voronoi diagram of its doors; units whose cells meet
// along an edge are neighbours, at the street distance between their doors, joined by the
// streets of that shortest walk (link_path). The diagram also gives the street sites of the
// outlines.
void link_neighbours(const geo::District& district, ZoningProblem& p, const WalkGraph& graph,
                     double outline_spacing, Progress& progress) {
    const std::size_t nu = p.units();
    p.neighbours.resize(nu);
    const Csr csr(graph);
    const std::size_t nv = graph.vertex_count();
    std::map<int, std::vector<std::uint32_t>> units_of_community;
    for (std::uint32_t u = 0; u < nu; ++u)
        units_of_community[p.community[u]].push_back(u);
    std::vector<double> dist(nv);
    std::vector<std::int64_t> label(nv);
    std::vector<std::size_t> via(nv);
    std::unordered_map<std::uint32_t, std::uint32_t> line_of;
    std::size_t done = 0;
    struct Meeting {
        std::uint32_t a, b;
        double length;
        std::size_t v, entry; ///< the edge where the cells meet: from v, CSR entry
        bool operator<(const Meeting& o) const {
            return std::tie(a, b, length, v, entry) < std::tie(o.a, o.b, o.length, o.v, o.entry);
        }
    };
    for (const auto& [c, units] : units_of_community) {
        label_nearest_door(p, graph, csr, units, dist, label, via);
        std::vector<Meeting> pairs;
        for (std::size_t v = 0; v < nv; ++v) {
            if (label[v] < 0) continue;
            for (std::size_t e = csr.offset[v]; e < csr.offset[v + 1]; ++e) {
                const std::uint32_t w = csr.to[e];
                if (w <= v || label[w] < 0 || label[w] == label[v]) continue;
                const auto a = static_cast<std::uint32_t>(std::min(label[v], label[w]));
                const auto b = static_cast<std::uint32_t>(std::max(label[v], label[w]));
                pairs.push_back({a, b, dist[v] + csr.length[e] + dist[w], v, e});
            }
        }
        add_outline_sites(p, graph, dist, label,
                          c >= 0 ? &district.communities[static_cast<std::size_t>(c)].geom
                                 : nullptr,
                          units, outline_spacing);
        std::sort(pairs.begin(), pairs.end());
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            const Meeting& m = pairs[i];
            if (i > 0 && pairs[i - 1].a == m.a && pairs[i - 1].b == m.b) continue;
            const auto path = static_cast<std::uint32_t>(p.link_path.size());
            auto& streets = p.link_path.emplace_back();
            path_to_door(p, csr, via, m.v, line_of, streets);
            path_to_door(p, csr, via, csr.to[m.entry], line_of, streets);
            auto [it, fresh] = line_of.try_emplace(
                csr.edge[m.entry], static_cast<std::uint32_t>(p.street_line.size()));
            if (fresh) p.street_line.push_back(*csr.geom[csr.edge[m.entry]]);
            streets.push_back(it->second);
            p.neighbours[m.a].push_back({m.b, static_cast<float>(m.length), false, path});
            p.neighbours[m.b].push_back({m.a, static_cast<float>(m.length), false, path});
        }
        progress.report("zoning: network Voronoi diagram",
                        0.1 + 0.2 * static_cast<double>(++done) /
                                  static_cast<double>(units_of_community.size()));
    }
}

// Pieces: connected parts of each community's unit graph.
void find_pieces(ZoningProblem& p, const WalkGraph& graph) {
    const std::size_t nu = p.units();
    p.piece.assign(nu, -1);
    std::set<int> network_pieces;
    for (std::uint32_t s = 0; s < nu; ++s) {
        if (p.piece[s] >= 0) continue;
        Piece piece;
        piece.community = p.community[s];
        piece.network_piece = graph.piece(graph.places()[p.buildings_of[s][0]].vertex);
        const int id = static_cast<int>(p.pieces.size());
        std::vector<std::uint32_t> stack{s};
        p.piece[s] = id;
        while (!stack.empty()) {
            const std::uint32_t u = stack.back();
            stack.pop_back();
            ++piece.units;
            piece.buildings += p.buildings_of[u].size();
            piece.households += p.weight[u];
            for (const UnitLink& l : p.neighbours[u])
                if (p.piece[l.unit] < 0) p.piece[l.unit] = id, stack.push_back(l.unit);
        }
        network_pieces.insert(piece.network_piece);
        p.pieces.push_back(piece);
    }
    p.network_pieces = static_cast<int>(network_pieces.size());
}

} // namespace

ZoningProblem build_zoning_problem(const geo::District& district,
                                   const std::vector<geo::Id>& scattered, double search_radius,
                                   Progress& progress, double outline_spacing) {
    if (scattered.empty())
        throw InputError(
            "no scattered buildings to divide into patrol zones: every home is inside a closed or "
            "guarded compound (run classify, or check the compounds' modes)");
    ZoningProblem p;
    const std::vector<double> households = read_buildings(district, scattered, p);
    const std::size_t nb = p.building_ids.size();
    progress.report("zoning: communities", 0.02);
    const std::vector<int> community = community_of_buildings(district, p.centroid);

    progress.report("zoning: attaching buildings to the walkable network", 0.05);
    const WalkGraph graph(district.network, Mode::walk, p.centroid, search_radius);
    if (boost::num_edges(graph.graph()) == 0)
        throw InputError("the district has no walkable roads: patrol zones follow the streets "
                         "(import roads first)");
    p.on_network.resize(nb);
    p.gap.resize(nb);
    p.door.resize(nb);
    for (std::size_t i = 0; i < nb; ++i) {
        p.on_network[i] = graph.places()[i].on_network;
        p.gap[i] = graph.places()[i].gap;
        p.door[i] = graph.position(graph.places()[i].vertex);
    }
    make_units(p, graph, community, households);
    if (!(outline_spacing > 0)) outline_spacing = nb > 50000 ? 40 : 12;
    add_door_link_sites(p, graph, outline_spacing);

    progress.report("zoning: network Voronoi diagram", 0.1);
    link_neighbours(district, p, graph, outline_spacing, progress);
    find_pieces(p, graph);
    return p;
}

bool join_piece(ZoningProblem& p, int from) {
    const int community = p.pieces[static_cast<std::size_t>(from)].community;
    std::vector<std::uint32_t> inside, outside;
    for (std::uint32_t u = 0; u < p.units(); ++u) {
        if (p.community[u] != community) continue;
        if (p.piece[u] == from)
            inside.push_back(u);
        else
            outside.push_back(u);
    }
    if (outside.empty() || inside.empty()) return false;
    double best = WalkGraph::unreachable;
    std::uint32_t a = 0, b = 0;
    for (std::uint32_t u : inside)
        for (std::uint32_t v : outside) {
            const double d = geo::distance(p.position[u], p.position[v]);
            if (d < best) best = d, a = u, b = v;
        }
    const int to = p.piece[b];
    p.neighbours[a].push_back({b, static_cast<float>(best), true});
    p.neighbours[b].push_back({a, static_cast<float>(best), true});
    for (std::uint32_t u : inside)
        p.piece[u] = to;
    auto& piece = p.pieces[static_cast<std::size_t>(from)];
    piece.joined_to = to;
    piece.join_length = best;
    return true;
}

void join_small_pieces(ZoningProblem& p, double min_households) {
    while (true) {
        // Live pieces (groups) per community, with their households.
        std::map<int, double> live;
        for (std::uint32_t u = 0; u < p.units(); ++u)
            live[p.piece[u]] += p.weight[u];
        std::map<int, int> per_community;
        for (const auto& [g, h] : live)
            ++per_community[p.pieces[static_cast<std::size_t>(g)].community];
        int smallest = -1;
        for (const auto& [g, h] : live)
            if (h < min_households &&
                per_community[p.pieces[static_cast<std::size_t>(g)].community] > 1 &&
                (smallest < 0 || h < live[smallest]))
                smallest = g;
        if (smallest < 0 || !join_piece(p, smallest)) return;
    }
}

double floor_of(const ZoningProblem& p, const std::vector<int>& zones_per_piece,
                std::string* reason) {
    int k = 0;
    for (int z : zones_per_piece)
        k += z;
    if (k == 0 || p.total_weight <= 0) return 0;
    const double mean = p.total_weight / k;
    std::vector<double> piece_weight(p.pieces.size(), 0), piece_max(p.pieces.size(), 0);
    std::vector<std::uint32_t> piece_max_unit(p.pieces.size(), 0);
    for (std::uint32_t u = 0; u < p.units(); ++u) {
        const auto g = static_cast<std::size_t>(p.piece[u]);
        piece_weight[g] += p.weight[u];
        if (p.weight[u] > piece_max[g]) piece_max[g] = p.weight[u], piece_max_unit[g] = u;
    }
    double floor = 0;
    std::string why;
    for (std::size_t g = 0; g < p.pieces.size() && g < zones_per_piece.size(); ++g) {
        const int kg = zones_per_piece[g];
        if (kg <= 0) continue;
        const double share = std::abs(piece_weight[g] / kg - mean) / mean;
        if (share > floor + 1e-12) {
            floor = share;
            why = "sharing: " + std::to_string(kg) + " zone(s) for a part with " +
                  std::to_string(static_cast<long long>(std::llround(piece_weight[g]))) +
                  " households";
        }
        const double single = piece_max[g] / mean - 1;
        if (single > floor + 1e-12) {
            floor = single;
            const auto& units = p.buildings_of[piece_max_unit[g]];
            why = "single building: building " + std::to_string(p.building_ids[units[0]]) +
                  " has " + std::to_string(static_cast<long long>(std::llround(piece_max[g]))) +
                  " households" +
                  (units.size() > 1 ? " (with the buildings sharing its door)" : "");
        }
    }
    if (reason) *reason = why;
    return floor;
}

ZoningQuality evaluate_zoning(const ZoningProblem& p, const std::vector<int>& zone_of_unit,
                              int zones, const std::vector<geo::MultiPolygon>* outlines) {
    ZoningQuality q;
    q.zones = zones;
    const auto k = static_cast<std::size_t>(zones);
    q.households.assign(k, 0);
    q.units.assign(k, 0);
    q.components.assign(k, 0);
    std::vector<int> community(k, -2);
    for (std::uint32_t u = 0; u < p.units(); ++u) {
        const auto z = static_cast<std::size_t>(zone_of_unit[u]);
        q.households[z] += p.weight[u];
        ++q.units[z];
        if (community[z] == -2)
            community[z] = p.community[u];
        else if (community[z] != p.community[u])
            q.crosses_community = true;
    }
    q.mean = zones > 0 ? p.total_weight / zones : 0;
    for (double h : q.households)
        if (q.mean > 0)
            q.largest_deviation = std::max(q.largest_deviation, std::abs(h - q.mean) / q.mean);
    // Components per zone on the unit graph.
    std::vector<char> seen(p.units(), 0);
    for (std::uint32_t s = 0; s < p.units(); ++s) {
        if (seen[s]) continue;
        const int z = zone_of_unit[s];
        ++q.components[static_cast<std::size_t>(z)];
        std::vector<std::uint32_t> stack{s};
        seen[s] = 1;
        while (!stack.empty()) {
            const auto u = stack.back();
            stack.pop_back();
            for (const UnitLink& l : p.neighbours[u])
                if (!seen[l.unit] && zone_of_unit[l.unit] == z)
                    seen[l.unit] = 1, stack.push_back(l.unit);
        }
    }
    std::size_t contiguous = 0, nonempty = 0;
    for (std::size_t z = 0; z < k; ++z)
        if (q.units[z] > 0) ++nonempty, contiguous += q.components[z] == 1;
    q.share_contiguous =
        nonempty > 0 ? static_cast<double>(contiguous) / static_cast<double>(k) : 0;
    // Zones per piece for the floor: the piece of a zone's units (the first seen).
    std::vector<int> per_piece(p.pieces.size(), 0);
    std::vector<char> counted(k, 0);
    for (std::uint32_t u = 0; u < p.units(); ++u) {
        const auto z = static_cast<std::size_t>(zone_of_unit[u]);
        if (!counted[z]) counted[z] = 1, ++per_piece[static_cast<std::size_t>(p.piece[u])];
    }
    q.floor = floor_of(p, per_piece, &q.floor_reason);
    std::vector<std::vector<Point>> points(k);
    for (std::size_t b = 0; b < p.building_ids.size(); ++b)
        points[static_cast<std::size_t>(zone_of_unit[p.unit_of[b]])].push_back(p.centroid[b]);
    for (std::size_t z = 0; z < k; ++z) {
        const geo::Polygon hull = hull_of(std::move(points[z]));
        q.building_hull_pp.push_back(hull.rings.empty() ? 0 : geo::polsby_popper({hull}));
        q.mean_building_hull_pp += q.building_hull_pp.back() / static_cast<double>(k);
    }
    if (outlines) {
        for (std::size_t z = 0; z < k && z < outlines->size(); ++z) {
            const auto& o = (*outlines)[z];
            q.polsby_popper.push_back(geo::polsby_popper(o));
            q.hull_ratio.push_back(geo::hull_ratio(o));
            q.outline_parts.push_back(static_cast<int>(o.size()));
            q.mean_polsby_popper += q.polsby_popper.back() / static_cast<double>(k);
            q.mean_hull_ratio += q.hull_ratio.back() / static_cast<double>(k);
        }
    }
    return q;
}

ZoneOutliner::ZoneOutliner(const geo::District& district, const ZoningProblem& p, double reach,
                           std::size_t threads)
    : m_district(district), m_p(p), m_reach(reach) {
    // Compounds that hold none of the zoned buildings are cut out of the outlines.
    std::set<geo::Id> zoned_compounds;
    for (std::size_t i = 0; i < p.building_ids.size(); ++i)
        if (const auto& c = district.buildings[p.building_index[i]].compound_id)
            zoned_compounds.insert(*c);
    for (const auto& c : district.compounds)
        if (!zoned_compounds.count(c.id) && !c.geom.empty())
            m_cut.push_back(&c), m_cut_box.push_back(geo::bounds(c.geom));

    std::map<int, std::vector<std::uint32_t>> buildings_of_community, sites_of_community;
    for (std::uint32_t i = 0; i < p.building_ids.size(); ++i)
        buildings_of_community[p.community[p.unit_of[i]]].push_back(i);
    for (std::uint32_t i = 0; i < p.outline_site.size(); ++i)
        sites_of_community[p.community[p.outline_site_unit[i]]].push_back(i);
    for (const auto& [c, buildings] : buildings_of_community) {
        Part part;
        part.community = c;
        part.buildings = buildings;
        // Sites: the buildings' centroids first (a street site at the same place yields to
        // them), then the street and door-link sites, then the joins between network pieces
        // (each half to the unit at its end).
        std::vector<Point> sites;
        const auto& extra = sites_of_community[c];
        sites.reserve(buildings.size() + extra.size());
        geo::Box box;
        for (auto b : buildings) {
            sites.push_back(p.centroid[b]), box.expand(p.centroid[b]);
            part.site_unit.push_back(p.unit_of[b]);
        }
        for (auto s : extra) {
            sites.push_back(p.outline_site[s]);
            part.site_unit.push_back(p.outline_site_unit[s]);
        }
        for (auto b : buildings) {
            const std::uint32_t u = p.unit_of[b];
            if (p.buildings_of[u][0] != b) continue;
            for (const UnitLink& l : p.neighbours[u]) {
                if (!l.join || l.unit < u) continue;
                const Point a = p.position[u], e = p.position[l.unit];
                const int n = static_cast<int>(std::ceil(geo::distance(a, e) / 12));
                for (int j = 1; j < n; ++j) {
                    const double f = static_cast<double>(j) / n;
                    sites.push_back({a.x + f * (e.x - a.x), a.y + f * (e.y - a.y)});
                    part.site_unit.push_back(2 * j < n ? u : l.unit);
                }
            }
        }
        if (c >= 0) box.expand(geo::bounds(district.communities[static_cast<std::size_t>(c)].geom));
        box = {box.minx - reach - 100, box.miny - reach - 100, box.maxx + reach + 100,
               box.maxy + reach + 100};
        part.cells = geo::voronoi_cells(sites, box, 0, threads);
        m_parts.push_back(std::move(part));
    }
}

std::vector<std::vector<UnitBorder>> ZoneOutliner::unit_borders() const {
    // Cells share their vertices bit for bit, so a shared edge is the same pair of points.
    struct Key {
        double ax, ay, bx, by;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const {
            std::size_t h = 0;
            for (double v : {k.ax, k.ay, k.bx, k.by})
                h = (h ^ std::hash<double>()(v)) * 0x9E3779B97F4A7C15ULL;
            return h;
        }
    };
    std::vector<std::map<std::uint32_t, double>> border(m_p.units());
    for (const Part& part : m_parts) {
        std::unordered_map<Key, std::uint32_t, KeyHash> first; // edge → the first cell's unit
        first.reserve(part.cells.size() * 3);
        for (std::size_t i = 0; i < part.cells.size(); ++i) {
            if (part.cells[i].rings.empty()) continue;
            const auto& ring = part.cells[i].rings[0];
            const std::uint32_t u = part.site_unit[i];
            for (std::size_t j = 0; j + 1 < ring.size(); ++j) {
                Point a = ring[j], b = ring[j + 1];
                if (std::tie(b.x, b.y) < std::tie(a.x, a.y)) std::swap(a, b);
                const Key key{a.x, a.y, b.x, b.y};
                auto [it, fresh] = first.try_emplace(key, u);
                if (fresh || it->second == u) continue;
                const double len = geo::distance(a, b);
                border[u][it->second] += len;
                border[it->second][u] += len;
            }
        }
    }
    std::vector<std::vector<UnitBorder>> out(m_p.units());
    for (std::size_t u = 0; u < border.size(); ++u)
        for (const auto& [v, len] : border[u])
            out[u].push_back({v, len});
    return out;
}

std::vector<geo::LineString>
ZoneOutliner::joining_streets(const std::vector<std::uint32_t>& own,
                              const std::vector<int>& zone_of_unit) const {
    const auto& p = m_p;
    std::vector<std::uint32_t> units;
    for (auto b : own)
        units.push_back(p.unit_of[b]);
    std::sort(units.begin(), units.end());
    units.erase(std::unique(units.begin(), units.end()), units.end());
    // The walks of its short links (up to `short_link` metres), and of its long ones those on
    // a minimum spanning tree of its units (Boost.Graph's Kruskal), so a web of mountain paths
    // between a few houses adds one walk between each pair it joins, not every loop.
    const int z = zone_of_unit[units.front()];
    struct TreeEdge {
        double length = 0;
        const UnitLink* link = nullptr;
    };
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS,
                                        boost::no_property, TreeEdge>;
    Graph g(units.size());
    for (std::size_t i = 0; i < units.size(); ++i)
        for (const UnitLink& l : p.neighbours[units[i]]) {
            if (l.unit <= units[i] || zone_of_unit[l.unit] != z) continue;
            const auto j = static_cast<std::size_t>(
                std::lower_bound(units.begin(), units.end(), l.unit) - units.begin());
            boost::add_edge(i, j, TreeEdge{l.length, &l}, g);
        }
    std::vector<Graph::edge_descriptor> tree;
    boost::kruskal_minimum_spanning_tree(g, std::back_inserter(tree),
                                         boost::weight_map(boost::get(&TreeEdge::length, g)));
    // Short links too (the streets of a neighbourhood, which its route walks), loops or not.
    for (auto [it, end] = boost::edges(g); it != end; ++it)
        if (g[*it].length <= short_link) tree.push_back(*it);
    std::vector<geo::LineString> lines;
    std::set<std::uint32_t> streets;
    for (const auto& e : tree) {
        const UnitLink& l = *g[e].link;
        if (l.join) {
            lines.push_back(
                {p.position[units[boost::source(e, g)]], p.position[units[boost::target(e, g)]]});
        } else if (l.path != UnitLink::no_path) {
            const auto& path = p.link_path[l.path];
            streets.insert(path.begin(), path.end());
        }
    }
    for (auto s : streets)
        lines.push_back(p.street_line[s]);
    return lines;
}

geo::MultiPolygon ZoneOutliner::reach(const std::vector<std::uint32_t>& own,
                                      const std::vector<int>& zone_of_unit) const {
    const auto& p = m_p;
    geo::MultiPolygon footprints;
    std::vector<geo::LineString> straight = joining_streets(own, zone_of_unit);
    for (auto b : own) {
        const auto& g = m_district.buildings[p.building_index[b]].geom;
        footprints.insert(footprints.end(), g.begin(), g.end());
        if (!(p.door[b] == p.centroid[b])) straight.push_back({p.centroid[b], p.door[b]});
    }
    std::vector<const geo::LineString*> lines;
    lines.reserve(straight.size());
    for (const auto& l : straight)
        lines.push_back(&l);
    // Two segments a quadrant: the buffer's vertices lie on its circles, its edges inside them.
    return geo::buffer(footprints, lines, m_reach, 2);
}

void ZoneOutliner::join_parts(const Part& part,
                              const std::map<int, std::vector<std::uint32_t>>& own,
                              const std::vector<int>& zone_of_unit,
                              std::vector<geo::MultiPolygon>& out) const {
    // Parts holding a building of `z`, the other parts dropped (the largest kept when none).
    auto holding = [&](geo::MultiPolygon shape, int z) {
        geo::MultiPolygon kept;
        for (auto& poly : shape)
            for (auto b : own.at(z))
                if (geo::contains(poly, m_p.centroid[b])) {
                    kept.push_back(std::move(poly));
                    break;
                }
        return kept;
    };
    for (const auto& [z, buildings] : own) {
        auto& shape = out[static_cast<std::size_t>(z)];
        if (shape.size() <= 1) continue;
        const auto streets = joining_streets(buildings, zone_of_unit);
        std::vector<const geo::LineString*> lines;
        for (const auto& l : streets)
            lines.push_back(&l);
        geo::MultiPolygon lane = geo::buffer({}, lines, lane_width / 2, 2);
        if (part.community >= 0)
            lane = geo::intersection(
                lane, m_district.communities[static_cast<std::size_t>(part.community)].geom);
        const geo::Box lb = geo::bounds(lane);
        for (const auto& [w, others] : own) {
            auto& other = out[static_cast<std::size_t>(w)];
            if (w == z || other.empty() || !geo::bounds(other).intersects(lb)) continue;
            geo::MultiPolygon rest = holding(geo::difference(other, lane), w);
            if (!rest.empty()) other = std::move(rest);
        }
        shape = holding(geo::unite({&shape, &lane}), z);
    }
}

geo::MultiPolygon ZoneOutliner::cut_compounds(geo::MultiPolygon shape,
                                              const std::vector<std::uint32_t>& own) const {
    // Parts holding a building of the zone.
    auto holding = [&](const geo::MultiPolygon& m) {
        int n = 0;
        for (const auto& poly : m)
            for (auto b : own)
                if (geo::contains(poly, m_p.centroid[b])) {
                    ++n;
                    break;
                }
        return n;
    };
    // Cut out the compounds, except one that would split the zone (a street through it joins
    // the zone's two sides). All at once first: when that splits nothing, neither does any
    // one of them (cutting more never joins parts), and one overlay replaces many.
    const geo::Box zb = geo::bounds(shape);
    std::vector<std::size_t> near;
    for (std::size_t i = 0; i < m_cut.size(); ++i)
        if (m_cut_box[i].intersects(zb)) near.push_back(i);
    if (near.empty()) return shape;
    int held = holding(shape);
    if (near.size() > 1) {
        std::vector<const geo::MultiPolygon*> all;
        for (auto i : near)
            all.push_back(&m_cut[i]->geom);
        geo::MultiPolygon rest = geo::difference(shape, geo::unite(all));
        if (holding(rest) <= held) return rest;
    }
    for (auto i : near) {
        geo::MultiPolygon rest = geo::difference(shape, m_cut[i]->geom);
        const int n = holding(rest);
        if (n <= held) shape = std::move(rest), held = n;
    }
    return shape;
}

ZoneOutliner::Shape ZoneOutliner::draw_zone(const Part& part,
                                            const std::vector<const geo::Polygon*>& cells,
                                            const std::vector<std::uint32_t>& own,
                                            const std::vector<int>& zone_of_unit) const {
    const auto& p = m_p;
    const auto& district = m_district;
    const int c = part.community;
    // The zone's cells, on the ground within reach of its buildings and streets, inside its
    // community (outside every community when it has none).
    geo::MultiPolygon shape = geo::make_valid(geo::dissolve_cells(cells));
    shape = geo::intersection(shape, reach(own, zone_of_unit));
    if (c >= 0) {
        shape = geo::intersection(shape, district.communities[static_cast<std::size_t>(c)].geom);
    } else {
        for (const auto& community : district.communities)
            if (geo::bounds(community.geom).intersects(geo::bounds(shape)))
                shape = geo::difference(shape, community.geom);
    }
    shape = cut_compounds(std::move(shape), own);
    // Keep the parts that hold a building of the zone; the others are orphans.
    Shape out;
    for (auto& poly : shape) {
        bool holds = false;
        for (auto b : own)
            if (geo::contains(poly, p.centroid[b])) {
                holds = true;
                break;
            }
        (holds ? out.kept : out.orphans).push_back(std::move(poly));
    }
    if (out.kept.empty() && !out.orphans.empty()) {
        auto largest = std::max_element(
            out.orphans.begin(), out.orphans.end(),
            [](const auto& a, const auto& b) { return geo::area({a}) < geo::area({b}); });
        out.kept.push_back(*largest);
        out.orphans.erase(largest);
    }
    return out;
}

std::vector<geo::MultiPolygon> ZoneOutliner::operator()(const std::vector<int>& zone_of_unit,
                                                        int zones, Drawing* drawing) const {
    Drawing local;
    Drawing& d = drawing ? *drawing : local;
    d = Drawing{};
    return draw(zone_of_unit, zones, nullptr, d);
}

std::vector<geo::MultiPolygon> ZoneOutliner::redraw(const std::vector<int>& zone_of_unit, int zones,
                                                    const std::vector<char>& changed,
                                                    Drawing& drawing) const {
    return draw(zone_of_unit, zones, &changed, drawing);
}

std::vector<geo::MultiPolygon> ZoneOutliner::draw(const std::vector<int>& zone_of_unit, int zones,
                                                  const std::vector<char>* changed,
                                                  Drawing& drawing) const {
    const auto& p = m_p;
    const auto k = static_cast<std::size_t>(zones);
    std::vector<geo::MultiPolygon> out(k);
    drawing.parts.resize(m_parts.size());
    for (std::size_t pi = 0; pi < m_parts.size(); ++pi) {
        const Part& part = m_parts[pi];
        auto& shapes = drawing.parts[pi];
        auto dirty = [&](int z) {
            return !changed || static_cast<std::size_t>(z) >= changed->size() ||
                   (*changed)[static_cast<std::size_t>(z)] || !shapes.count(z);
        };
        std::map<int, std::vector<const geo::Polygon*>> cells_of_zone;
        std::map<int, std::vector<std::uint32_t>> buildings_of_zone;
        for (auto b : part.buildings)
            buildings_of_zone[zone_of_unit[p.unit_of[b]]].push_back(b);
        for (std::size_t i = 0; i < part.cells.size(); ++i) {
            if (part.cells[i].rings.empty()) continue;
            const int z = zone_of_unit[part.site_unit[i]];
            if (dirty(z)) cells_of_zone[z].push_back(&part.cells[i]);
        }
        // Zones no longer here (all their units moved away) are dropped from the drawing.
        for (auto it = shapes.begin(); it != shapes.end();)
            it = buildings_of_zone.count(it->first) ? std::next(it) : shapes.erase(it);
        std::vector<int> zones_here, todo;
        for (const auto& [z, own] : buildings_of_zone) {
            zones_here.push_back(z);
            if (dirty(z)) todo.push_back(z);
        }
        // Zones are drawn independently: on worker threads when there are many.
        std::vector<const std::vector<const geo::Polygon*>*> todo_cells;
        std::vector<const std::vector<std::uint32_t>*> todo_own;
        static const std::vector<const geo::Polygon*> no_cells;
        for (int z : todo) {
            auto it = cells_of_zone.find(z);
            todo_cells.push_back(it == cells_of_zone.end() ? &no_cells : &it->second);
            todo_own.push_back(&buildings_of_zone.at(z));
        }
        std::vector<Shape> drawn(todo.size());
        std::atomic<std::size_t> next{0};
        std::exception_ptr error;
        std::mutex error_mutex;
        auto work = [&] {
            try {
                for (std::size_t i; (i = next.fetch_add(1)) < todo.size();)
                    drawn[i] = draw_zone(part, *todo_cells[i], *todo_own[i], zone_of_unit);
            } catch (...) {
                const std::lock_guard lock(error_mutex);
                if (!error) error = std::current_exception();
            }
        };
        const std::size_t workers =
            todo.size() < 8 ? 1
                            : std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
        std::vector<std::thread> threads;
        for (std::size_t t = 1; t < workers; ++t)
            threads.emplace_back(work);
        work();
        for (auto& t : threads)
            t.join();
        if (error) std::rethrow_exception(error);
        for (std::size_t i = 0; i < todo.size(); ++i)
            shapes[todo[i]] = std::move(drawn[i]);
        // Parts that hold no building of their zone, in zone order.
        std::vector<geo::Polygon> orphans;
        for (int z : zones_here) {
            const Shape& s = shapes[z];
            out[static_cast<std::size_t>(z)] = geo::MultiPolygon(s.kept.begin(), s.kept.end());
            orphans.insert(orphans.end(), s.orphans.begin(), s.orphans.end());
        }
        join_parts(part, buildings_of_zone, zone_of_unit, out);
        // Parts that hold no building of their zone (cut off from it by other zones' cells)
        // are left out: given to another zone they would reach beyond its own ground.
    }
    return out;
}

std::vector<geo::MultiPolygon> zone_outlines(const geo::District& district, const ZoningProblem& p,
                                             const std::vector<int>& zone_of_unit, int zones,
                                             double reach) {
    return ZoneOutliner(district, p, reach)(zone_of_unit, zones);
}

} // namespace cordon::planner
