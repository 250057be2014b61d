#include "geos_geometry.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/polygon_ops.hpp>

#include <boost/polygon/voronoi.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <exception>
#include <mutex>
#include <numbers>
#include <thread>
#include <tuple>

namespace cordon::geo {

using namespace detail;

namespace {

GeomPtr checked(GEOSGeometry* g, const char* what) {
    if (!g) throw Error(std::string("GEOS could not compute the ") + what);
    return GeomPtr(g);
}

/// Clips a convex polygon to a box (Sutherland–Hodgman). Crossing points are computed from
/// the edge's endpoints in a fixed order, so two cells sharing an edge get the same point.
Polygon clip_convex(Polygon cell, const Box& box) {
    Ring ring = std::move(cell.rings[0]);
    Box b;
    for (const Point& p : ring)
        b.expand(p);
    if (b.minx >= box.minx && b.maxx <= box.maxx && b.miny >= box.miny && b.maxy <= box.maxy)
        return Polygon{{std::move(ring)}};
    if (!ring.empty() && ring.front() == ring.back()) ring.pop_back();
    auto cross = [](Point p, Point q, int axis, double value) {
        if (std::tie(q.x, q.y) < std::tie(p.x, p.y)) std::swap(p, q);
        const double t = axis == 0 ? (value - p.x) / (q.x - p.x) : (value - p.y) / (q.y - p.y);
        return axis == 0 ? Point{value, p.y + t * (q.y - p.y)}
                         : Point{p.x + t * (q.x - p.x), value};
    };
    const struct {
        int axis;
        double value;
        bool keep_above;
    } sides[] = {
        {0, box.minx, true}, {0, box.maxx, false}, {1, box.miny, true}, {1, box.maxy, false}};
    for (const auto& side : sides) {
        Ring next;
        auto inside = [&](Point p) {
            const double c = side.axis == 0 ? p.x : p.y;
            return side.keep_above ? c >= side.value : c <= side.value;
        };
        for (std::size_t i = 0; i < ring.size(); ++i) {
            const Point cur = ring[i], prev = ring[(i + ring.size() - 1) % ring.size()];
            if (inside(cur)) {
                if (!inside(prev)) next.push_back(cross(prev, cur, side.axis, side.value));
                next.push_back(cur);
            } else if (inside(prev)) {
                next.push_back(cross(prev, cur, side.axis, side.value));
            }
        }
        ring = std::move(next);
    }
    if (ring.size() < 3) return {};
    ring.push_back(ring.front());
    return Polygon{{std::move(ring)}};
}

} // namespace

namespace {

/// The Voronoi cells of the sites `subset` (indexes into `sites`), clipped to `box`;
/// f(site, cell, radius) for each, radius = the farthest vertex of the clipped cell from the
/// site. Boost.Polygon's sweep-line Voronoi (exact predicates on integer input, about a
/// microsecond per site; GEOS's incremental one costs ten times that): the sites are given in
/// units of `box`'s own scale (a millimetre for boxes up to 500 km), the same rounding for every
/// call with the same box, so strips agree. Four sites far outside the box close every cell
/// of ours. A cell goes to the lowest index among sites at the same (rounded) place; the
/// others get f(site, {}, 0).
template <typename F>
void voronoi_of(const std::vector<Point>& sites, const std::vector<std::size_t>& subset,
                const Box& box, F&& f) {
    namespace bp = boost::polygon;
    const double extent = std::max({box.width(), box.height(), 1.0});
    const double scale = std::min(1000.0, std::ldexp(1.0, 28) / extent);
    auto grid_of = [&](Point p) {
        return bp::point_data<std::int32_t>(
            static_cast<std::int32_t>(std::llround((p.x - box.minx) * scale)),
            static_cast<std::int32_t>(std::llround((p.y - box.miny) * scale)));
    };
    std::vector<std::pair<bp::point_data<std::int32_t>, std::size_t>> keyed;
    keyed.reserve(subset.size());
    for (std::size_t i : subset)
        keyed.emplace_back(grid_of(sites[i]), i);
    std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
        return std::tuple(a.first.x(), a.first.y(), a.second) <
               std::tuple(b.first.x(), b.first.y(), b.second);
    });
    std::vector<bp::point_data<std::int32_t>> input;
    std::vector<std::size_t> site_of;
    input.reserve(keyed.size() + 4);
    site_of.reserve(keyed.size());
    for (std::size_t i = 0; i < keyed.size(); ++i) {
        if (i > 0 && keyed[i].first == keyed[i - 1].first) {
            f(keyed[i].second, Polygon{}, 0.0);
            continue;
        }
        input.push_back(keyed[i].first);
        site_of.push_back(keyed[i].second);
    }
    if (input.empty()) return;
    // The frame: a square one box-size beyond the box on every side.
    const auto far = static_cast<std::int32_t>(std::llround(extent * scale));
    for (const auto& [x, y] : {std::pair{-far, -far}, std::pair{2 * far, -far},
                               std::pair{2 * far, 2 * far}, std::pair{-far, 2 * far}})
        input.emplace_back(x, y);
    bp::voronoi_diagram<double> diagram;
    bp::construct_voronoi(input.begin(), input.end(), &diagram);
    Ring ring;
    for (const auto& cell : diagram.cells()) {
        const std::size_t index = cell.source_index();
        if (index >= site_of.size()) continue; // a frame site
        const std::size_t s = site_of[index];
        ring.clear();
        const auto* edge = cell.incident_edge();
        bool closed = edge != nullptr;
        if (edge) do {
                const auto* v = edge->vertex0();
                if (!v) {
                    closed = false;
                    break;
                }
                ring.push_back({v->x() / scale + box.minx, v->y() / scale + box.miny});
                edge = edge->next();
            } while (edge != cell.incident_edge());
        if (!closed || ring.size() < 3) {
            f(s, Polygon{}, 0.0);
            continue;
        }
        ring.push_back(ring.front());
        Polygon clipped = clip_convex(Polygon{{ring}}, box);
        double radius2 = 0;
        if (!clipped.rings.empty())
            for (const Point& p : clipped.rings[0])
                radius2 = std::max(radius2, (p.x - sites[s].x) * (p.x - sites[s].x) +
                                                (p.y - sites[s].y) * (p.y - sites[s].y));
        f(s, std::move(clipped), std::sqrt(radius2));
    }
}

} // namespace

namespace {

/// Runs `work` on `threads` threads (0: one per core, at most four), this one among them; the
/// first exception thrown in any of them is rethrown here after all have finished.
template <typename F> void on_workers(std::size_t threads, F&& work) {
    std::exception_ptr error;
    std::mutex error_mutex;
    auto guarded = [&] {
        try {
            work();
        } catch (...) {
            const std::lock_guard lock(error_mutex);
            if (!error) error = std::current_exception();
        }
    };
    const std::size_t workers =
        std::clamp<std::size_t>(threads > 0 ? threads : std::thread::hardware_concurrency(), 1, 4);
    std::vector<std::thread> helpers;
    for (std::size_t t = 1; t < workers; ++t)
        helpers.emplace_back(guarded);
    guarded();
    for (auto& t : helpers)
        t.join();
    if (error) std::rethrow_exception(error);
}

/// Polygons from dissolved rings: each shell (counter-clockwise) a polygon, each hole
/// (clockwise) in the smallest shell holding a point just left of its first edge.
MultiPolygon assemble(std::vector<Ring>& shells, std::vector<Ring>& holes, double grid) {
    MultiPolygon result;
    std::vector<double> shell_area;
    for (Ring& r : shells) {
        shell_area.push_back(signed_area(r));
        result.push_back(Polygon{{std::move(r)}});
    }
    for (Ring& h : holes) {
        const Point a = h[0], b = h[1];
        const double len = std::max(distance(a, b), 1e-12),
                     eps = std::min(len * 1e-3, grid * 10 + 1e-9);
        const Point probe{(a.x + b.x) / 2 - (b.y - a.y) / len * eps,
                          (a.y + b.y) / 2 + (b.x - a.x) / len * eps};
        std::size_t best = result.size();
        for (std::size_t i = 0; i < result.size(); ++i)
            if (ring_contains(result[i].rings[0], probe) &&
                (best == result.size() || shell_area[i] < shell_area[best]))
                best = i;
        if (best < result.size()) result[best].rings.push_back(std::move(h));
    }
    return result;
}

/// Voronoi cells of many sites in horizontal strips of `strip` sites (a diagram's memory is
/// about 300 bytes a site), each computed with the sites of a band around it; a strip's cell
/// is kept when its disc of twice its radius lies inside the band (then no site outside could
/// change it), the others are computed again from the sites around them.
class StripVoronoi {
public:
    StripVoronoi(const std::vector<Point>& sites, const Box& box, std::size_t strip,
                 std::vector<Polygon>& cells)
        : m_sites(sites), m_box(box), m_strip(strip), m_cells(cells), m_order(sites.size()),
          m_duplicate(sites.size(), 0), m_ys(sites.size()) {
        for (std::size_t i = 0; i < m_order.size(); ++i)
            m_order[i] = i;
        std::sort(m_order.begin(), m_order.end(), [&](std::size_t a, std::size_t b) {
            return std::tie(sites[a].y, sites[a].x, a) < std::tie(sites[b].y, sites[b].x, b);
        });
        // A site at the same place as an earlier one gets no cell.
        for (std::size_t i = 1; i < m_order.size(); ++i)
            if (sites[m_order[i]] == sites[m_order[i - 1]]) m_duplicate[m_order[i]] = 1;
        for (std::size_t i = 0; i < m_order.size(); ++i)
            m_ys[i] = sites[m_order[i]].y;
    }

    /// Every strip, on `threads` worker threads.
    void run(std::size_t threads) {
        // Strips are independent (each writes only its own sites' cells): worker threads, each
        // with its own GEOS context.
        std::atomic<std::size_t> next{0};
        on_workers(threads, [&] {
            std::vector<char> wanted(m_sites.size(), 0);
            while (true) {
                const std::size_t from = next.fetch_add(m_strip);
                if (from >= m_order.size()) return;
                one_strip(from, wanted);
            }
        });
    }

private:
    /// Computes the cells of `target` sites from the sites in `region` (a box); a cell is kept
    /// when its disc of twice its radius lies inside the region (sides on the outer box count
    /// as open); returns the others with their radius.
    void compute(const std::vector<std::size_t>& target, const Box& region,
                 std::vector<std::pair<std::size_t, double>>& failed, std::vector<char>& wanted) {
        const auto& sites = m_sites;
        const Box& box = m_box;
        const auto a = static_cast<std::size_t>(
            std::lower_bound(m_ys.begin(), m_ys.end(), region.miny) - m_ys.begin());
        const auto b = static_cast<std::size_t>(
            std::upper_bound(m_ys.begin(), m_ys.end(), region.maxy) - m_ys.begin());
        std::vector<std::size_t> subset;
        for (std::size_t i = a; i < b; ++i)
            if (sites[m_order[i]].x >= region.minx && sites[m_order[i]].x <= region.maxx)
                subset.push_back(m_order[i]);
        for (std::size_t t : target)
            wanted[t] = 1;
        voronoi_of(sites, subset, box, [&](std::size_t s, Polygon&& cell, double r) {
            if (!wanted[s]) return;
            wanted[s] = 0;
            const Point q = sites[s];
            if ((q.x - 2 * r < region.minx && region.minx > box.minx) ||
                (q.x + 2 * r > region.maxx && region.maxx < box.maxx) ||
                (q.y - 2 * r < region.miny && region.miny > box.miny) ||
                (q.y + 2 * r > region.maxy && region.maxy < box.maxy)) {
                failed.emplace_back(s, r);
                return;
            }
            m_cells[s] = std::move(cell);
        });
        for (std::size_t t : target)
            if (wanted[t]) wanted[t] = 0, failed.emplace_back(t, 0.0); // not reached: all of it
    }

    /// The strip of sites from position `from` of the order.
    void one_strip(std::size_t from, std::vector<char>& wanted) {
        const auto& sites = m_sites;
        const Box& box = m_box;
        const std::size_t to = std::min(m_order.size(), from + m_strip);
        const double y0 = m_ys[from], y1 = m_ys[to - 1];
        std::vector<std::size_t> target;
        for (std::size_t i = from; i < to; ++i)
            if (!m_duplicate[m_order[i]]) target.push_back(m_order[i]);
        const double halo = std::max(100.0, 0.15 * (y1 - y0));
        std::vector<std::pair<std::size_t, double>> failed;
        compute(target, {box.minx, y0 - halo, box.maxx, y1 + halo}, failed, wanted);
        // Again for the few that failed, in groups of overlapping discs, each from the sites
        // in its discs' bounds: the disc of twice the first radius is enough (more sites only
        // shrink a cell).
        while (!failed.empty()) {
            std::sort(failed.begin(), failed.end(), [&](const auto& a, const auto& b) {
                return std::tie(sites[a.first].x, a.first) < std::tie(sites[b.first].x, b.first);
            });
            std::vector<std::pair<std::size_t, double>> again;
            for (std::size_t i = 0; i < failed.size();) {
                Box region;
                std::vector<std::size_t> group;
                std::size_t j = i;
                for (; j < failed.size(); ++j) {
                    const Point q = sites[failed[j].first];
                    const double r = failed[j].second > 0 ? 2 * failed[j].second : 1e300;
                    const Box disc{q.x - r, q.y - r, q.x + r, q.y + r};
                    if (!group.empty() && disc.minx > region.maxx) break;
                    region.expand(Point{disc.minx, disc.miny});
                    region.expand(Point{disc.maxx, disc.maxy});
                    group.push_back(failed[j].first);
                }
                i = j;
                region = {std::max(region.minx, box.minx) - 1, std::max(region.miny, box.miny) - 1,
                          std::min(region.maxx, box.maxx) + 1, std::min(region.maxy, box.maxy) + 1};
                compute(group, region, again, wanted);
            }
            failed = std::move(again);
        }
    }

    const std::vector<Point>& m_sites;
    const Box& m_box;
    const std::size_t m_strip;
    std::vector<Polygon>& m_cells;
    std::vector<std::size_t> m_order; ///< sites by y, then x
    std::vector<char> m_duplicate;
    std::vector<double> m_ys; ///< y of the sites in m_order
};

/// The rings of the cells to dissolve, their points in one array, and their vertices: points
/// with the same key on the grid are one vertex, numbered in order of first appearance.
struct CellVertices {
    std::vector<Point> points;
    std::vector<std::uint32_t> ring_start; ///< per kept ring: its first position in `points`
    std::vector<char> ring_forward;        ///< the ring runs with the region on its left
    std::vector<std::uint32_t> id_of;      ///< vertex of each position in `points`
    std::vector<Point> vertices;
};

CellVertices cell_vertices(const std::vector<const Polygon*>& cells, double grid) {
    // Vertices: numbered in order of first appearance, each the first point with its key.
    struct Corner {
        std::int64_t x, y;
        std::uint32_t at; ///< position in `points`
    };
    CellVertices cv;
    auto& points = cv.points;
    for (const Polygon* cell : cells)
        for (std::size_t r = 0; r < cell->rings.size(); ++r) {
            const Ring& ring = cell->rings[r];
            if (ring.size() < 4) continue;
            const bool ccw = signed_area(ring) > 0;
            cv.ring_start.push_back(static_cast<std::uint32_t>(points.size()));
            cv.ring_forward.push_back((r == 0) == ccw); // exterior counter-clockwise, holes not
            points.insert(points.end(), ring.begin(), ring.end());
        }
    cv.ring_start.push_back(static_cast<std::uint32_t>(points.size()));
    std::vector<Corner> corners(points.size());
    for (std::size_t i = 0; i < points.size(); ++i)
        corners[i] = {std::llround(points[i].x / grid), std::llround(points[i].y / grid),
                      static_cast<std::uint32_t>(i)};
    std::sort(corners.begin(), corners.end(), [](const Corner& a, const Corner& b) {
        return std::tie(a.x, a.y, a.at) < std::tie(b.x, b.y, b.at);
    });
    // Groups of equal keys, by their first position: that order numbers the vertices.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> groups; // (first position, group start)
    for (std::size_t i = 0; i < corners.size(); ++i)
        if (i == 0 || corners[i].x != corners[i - 1].x || corners[i].y != corners[i - 1].y)
            groups.emplace_back(corners[i].at, static_cast<std::uint32_t>(i));
    std::sort(groups.begin(), groups.end());
    cv.id_of.resize(points.size());
    cv.vertices.resize(groups.size());
    for (std::size_t g = 0; g < groups.size(); ++g) {
        cv.vertices[g] = points[groups[g].first];
        const auto& c0 = corners[groups[g].second];
        for (std::size_t i = groups[g].second;
             i < corners.size() && corners[i].x == c0.x && corners[i].y == c0.y; ++i)
            cv.id_of[corners[i].at] = static_cast<std::uint32_t>(g);
    }
    return cv;
}

/// Directed edges with the region on their left; an edge and its reverse cancel: per pair
/// of vertices, the count one way minus the other way survives. Sorted by start vertex,
/// targets ascending (determinism).
std::vector<std::pair<std::uint32_t, std::uint32_t>> outline_edges(const CellVertices& cv) {
    struct Edge {
        std::uint32_t lo, hi;
        int way; ///< +1: lo → hi, -1: hi → lo
    };
    std::vector<Edge> edges;
    edges.reserve(cv.points.size());
    for (std::size_t r = 0; r + 1 < cv.ring_start.size(); ++r)
        for (std::uint32_t i = cv.ring_start[r]; i + 1 < cv.ring_start[r + 1]; ++i) {
            std::uint32_t a = cv.id_of[i], b = cv.id_of[i + 1];
            if (a == b) continue;
            if (!cv.ring_forward[r]) std::swap(a, b);
            edges.push_back(a < b ? Edge{a, b, 1} : Edge{b, a, -1});
        }
    std::sort(edges.begin(), edges.end(), [](const Edge& a, const Edge& b) {
        return std::tie(a.lo, a.hi) < std::tie(b.lo, b.hi);
    });
    // Surviving edges by their start vertex, targets ascending (determinism).
    std::vector<std::pair<std::uint32_t, std::uint32_t>> kept;
    for (std::size_t i = 0; i < edges.size();) {
        std::size_t j = i;
        int net = 0;
        for (; j < edges.size() && edges[j].lo == edges[i].lo && edges[j].hi == edges[i].hi; ++j)
            net += edges[j].way;
        for (int c = 0; c < std::abs(net); ++c)
            kept.push_back(net > 0 ? std::pair{edges[i].lo, edges[i].hi}
                                   : std::pair{edges[i].hi, edges[i].lo});
        i = j;
    }
    std::sort(kept.begin(), kept.end());
    return kept;
}

/// The rings the outline edges close into, turning as far left as possible at each vertex:
/// shells counter-clockwise, holes clockwise.
void trace_rings(const std::vector<Point>& vertices,
                 const std::vector<std::pair<std::uint32_t, std::uint32_t>>& kept,
                 std::vector<Ring>& shells, std::vector<Ring>& holes) {
    // out[v]: targets[begin[v] .. begin[v] + left[v]), the used ones removed in place.
    std::vector<std::uint32_t> begin(vertices.size() + 1, 0), left(vertices.size(), 0), targets;
    targets.reserve(kept.size());
    for (const auto& [from, to] : kept)
        ++left[from], targets.push_back(to);
    for (std::size_t v = 0; v < vertices.size(); ++v)
        begin[v + 1] = begin[v] + left[v];
    std::vector<std::uint32_t> starts;
    for (std::size_t v = 0; v < vertices.size(); ++v)
        if (left[v] > 0) starts.push_back(static_cast<std::uint32_t>(v));

    for (std::uint32_t s : starts) {
        while (left[s] > 0) {
            Ring ring{vertices[s]};
            std::uint32_t prev = s, cur = targets[begin[s] + --left[s]];
            while (true) {
                ring.push_back(vertices[cur]);
                if (cur == s) break;
                if (left[cur] == 0) break; // open chain: input was not a partition
                std::uint32_t* cand = targets.data() + begin[cur];
                std::size_t pick = 0;
                if (left[cur] > 1) {
                    const Point a = vertices[prev], b = vertices[cur];
                    double best = -10;
                    for (std::size_t i = 0; i < left[cur]; ++i) {
                        const Point c = vertices[cand[i]];
                        const double ux = b.x - a.x, uy = b.y - a.y, vx = c.x - b.x, vy = c.y - b.y;
                        const double turn = std::atan2(ux * vy - uy * vx, ux * vx + uy * vy);
                        if (turn > best) best = turn, pick = i;
                    }
                }
                prev = cur;
                cur = cand[pick];
                std::copy(cand + pick + 1, cand + left[prev], cand + pick); // erase it
                --left[prev];
            }
            if (ring.size() < 4 || !(ring.front() == ring.back())) continue;
            const double a = signed_area(ring);
            if (a > 0)
                shells.push_back(std::move(ring));
            else if (a < 0)
                holes.push_back(std::move(ring));
        }
    }
}

} // namespace

std::vector<Polygon> voronoi_cells(const std::vector<Point>& sites, const Box& clip,
                                   std::size_t strip, std::size_t threads) {
    std::vector<Polygon> cells(sites.size());
    if (sites.empty()) return cells;
    Box box = clip;
    for (const Point& p : sites)
        box.expand(p);
    if (sites.size() == 1) {
        cells[0].rings.push_back({{box.minx, box.miny},
                                  {box.maxx, box.miny},
                                  {box.maxx, box.maxy},
                                  {box.minx, box.maxy},
                                  {box.minx, box.miny}});
        return cells;
    }
    // Many sites: in strips (StripVoronoi).
    if (strip == 0) strip = 100000;
    if (sites.size() <= 2 * strip) {
        std::vector<std::size_t> order(sites.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        voronoi_of(sites, order, box,
                   [&](std::size_t s, Polygon&& cell, double) { cells[s] = std::move(cell); });
        return cells;
    }
    StripVoronoi(sites, box, strip, cells).run(threads);
    return cells;
}

MultiPolygon dissolve_cells(const std::vector<const Polygon*>& cells, double grid) {
    // Flat arrays and sorting instead of hash maps (no allocation per vertex or edge): at a
    // million buildings every zone's thousand-odd cells are dissolved on each drawing.
    const CellVertices cv = cell_vertices(cells, grid);
    std::vector<Ring> shells, holes;
    trace_rings(cv.vertices, outline_edges(cv), shells, holes);
    return assemble(shells, holes, grid);
}

MultiPolygon unite(const std::vector<const MultiPolygon*>& polygons) {
    std::vector<GEOSGeometry*> parts;
    for (const MultiPolygon* mp : polygons)
        for (const Polygon& p : *mp) {
            if (p.rings.empty()) continue;
            GeomPtr g = to_geos(MultiPolygon{p});
            parts.push_back(GEOSGeom_clone_r(geos(), GEOSGetGeometryN_r(geos(), g.get(), 0)));
        }
    if (parts.empty()) return {};
    GeomPtr all = checked(GEOSGeom_createCollection_r(geos(), GEOS_MULTIPOLYGON, parts.data(),
                                                      static_cast<unsigned>(parts.size())),
                          "union input");
    GeomPtr u = checked(GEOSUnaryUnion_r(geos(), all.get()), "union");
    return polygons_of(u.get());
}

MultiPolygon intersection(const MultiPolygon& a, const MultiPolygon& b) {
    if (a.empty() || b.empty()) return {};
    GeomPtr ga = to_geos(a), gb = to_geos(b);
    return polygons_of(
        checked(GEOSIntersection_r(geos(), ga.get(), gb.get()), "intersection").get());
}

MultiPolygon difference(const MultiPolygon& a, const MultiPolygon& b) {
    if (a.empty() || b.empty()) return a;
    GeomPtr ga = to_geos(a), gb = to_geos(b);
    return polygons_of(checked(GEOSDifference_r(geos(), ga.get(), gb.get()), "difference").get());
}

MultiPolygon clip_to_box(const MultiPolygon& polygons, const Box& box) {
    if (polygons.empty() || box.empty()) return {};
    GeomPtr g = to_geos(polygons);
    return polygons_of(
        checked(GEOSClipByRect_r(geos(), g.get(), box.minx, box.miny, box.maxx, box.maxy),
                "clip to box")
            .get());
}

MultiPolygon buffer(const MultiPolygon& polygons, double d, int quadrant_segments) {
    if (polygons.empty()) return {};
    GeomPtr g = to_geos(polygons);
    return polygons_of(
        checked(GEOSBuffer_r(geos(), g.get(), d, quadrant_segments), "buffer").get());
}

MultiPolygon buffer(const MultiPolygon& polygons, const std::vector<const LineString*>& lines,
                    double d, int quadrant_segments) {
    // Each part buffered on its own, then one cascaded union: one buffer of them all nodes
    // every offset curve against every other (minutes for a few thousand streets).
    std::vector<GEOSGeometry*> parts;
    auto add = [&](const GEOSGeometry* g) {
        GEOSGeometry* b = GEOSBuffer_r(geos(), g, d, quadrant_segments);
        if (!b) {
            for (GEOSGeometry* q : parts)
                GEOSGeom_destroy_r(geos(), q);
            throw Error("GEOS could not compute the buffer");
        }
        parts.push_back(b);
    };
    for (const Polygon& p : polygons)
        if (!p.rings.empty()) add(to_geos(MultiPolygon{p}).get());
    for (const LineString* line : lines)
        if (line->size() >= 2) add(to_geos(*line).get());
    if (parts.empty()) return {};
    GeomPtr all = checked(GEOSGeom_createCollection_r(geos(), GEOS_GEOMETRYCOLLECTION, parts.data(),
                                                      static_cast<unsigned>(parts.size())),
                          "buffer input");
    return polygons_of(checked(GEOSUnaryUnion_r(geos(), all.get()), "buffer union").get());
}

Polygon convex_hull(const std::vector<Point>& points) {
    if (points.size() < 3) return {};
    std::vector<GEOSGeometry*> parts;
    for (const Point& p : points)
        parts.push_back(GEOSGeom_createPointFromXY_r(geos(), p.x, p.y));
    GeomPtr all = checked(GEOSGeom_createCollection_r(geos(), GEOS_MULTIPOINT, parts.data(),
                                                      static_cast<unsigned>(parts.size())),
                          "hull input");
    MultiPolygon hull =
        polygons_of(checked(GEOSConvexHull_r(geos(), all.get()), "convex hull").get());
    return hull.empty() ? Polygon{} : std::move(hull[0]);
}

Polygon convex_hull(const MultiPolygon& polygons) {
    std::vector<Point> points;
    for (const Polygon& p : polygons)
        if (!p.rings.empty()) points.insert(points.end(), p.rings[0].begin(), p.rings[0].end());
    return convex_hull(points);
}

MultiPolygon make_valid(const MultiPolygon& polygons) {
    return detail::make_valid(polygons).polygons;
}

bool is_valid(const MultiPolygon& polygons) {
    if (polygons.empty()) return true;
    for (const Polygon& p : polygons)
        for (const Ring& r : p.rings)
            if (r.size() < 4 || !(r.front() == r.back())) return false;
    GeomPtr g = to_geos(polygons);
    return GEOSisValid_r(geos(), g.get()) == 1;
}

double perimeter(const MultiPolygon& polygons) {
    double p = 0;
    for (const Polygon& poly : polygons)
        for (const Ring& r : poly.rings)
            p += length(r);
    return p;
}

double polsby_popper(const MultiPolygon& polygons) {
    const double p = perimeter(polygons);
    return p > 0 ? 4 * std::numbers::pi * area(polygons) / (p * p) : 0;
}

double hull_ratio(const MultiPolygon& polygons) {
    const Polygon hull = convex_hull(polygons);
    const double h = hull.rings.empty() ? 0 : area(MultiPolygon{hull});
    return h > 0 ? area(polygons) / h : 0;
}

Point footprint_centroid(const MultiPolygon& polygons) {
    double a = 0, cx = 0, cy = 0;
    for (const auto& p : polygons) {
        if (p.rings.empty()) continue;
        const auto& r = p.rings.front();
        for (std::size_t i = 1; i < r.size(); ++i) {
            const double cross = r[i - 1].x * r[i].y - r[i].x * r[i - 1].y;
            a += cross;
            cx += (r[i - 1].x + r[i].x) * cross;
            cy += (r[i - 1].y + r[i].y) * cross;
        }
    }
    if (std::abs(a) < 1e-12) return bounds(polygons).centre();
    return {cx / (3 * a), cy / (3 * a)};
}

bool ring_contains(const Ring& r, Point p) {
    bool inside = false;
    for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
        if ((r[i].y > p.y) != (r[j].y > p.y) &&
            p.x < (r[j].x - r[i].x) * (p.y - r[i].y) / (r[j].y - r[i].y) + r[i].x)
            inside = !inside;
    }
    return inside;
}

bool contains(const Polygon& polygon, Point p) {
    bool inside = false;
    for (const Ring& r : polygon.rings)
        if (r.size() >= 4 && ring_contains(r, p)) inside = !inside;
    return inside;
}

} // namespace cordon::geo
