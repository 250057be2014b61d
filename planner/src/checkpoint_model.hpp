#pragma once
// The drivable network one checkpoint plan cuts: compact node numbers, each node's role
// (protected, free in the margin, where traffic comes from), segments with their checkpoint
// cost, and the arcs of the minimum cut. Private to the checkpoint step.
//
// The protected network is the surface inside the area: roads are split where they cross
// the area's edge and the margin's, so a road through a corner of the area has a protected
// point and a road that loops out beyond the margin has a point traffic comes from; tunnels
// and bridges pass under or over (no point of theirs is protected, nor a junction only they
// reach).

#include <cordon/geo/district.hpp>
#include <cordon/planner/checkpoint_area.hpp>
#include <cordon/planner/checkpoint_graph.hpp>
#include <cordon/planner/checkpoints.hpp>

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace cordon::planner {

/// Straight-line metres from `p` to the nearest point of `line`.
double line_distance(geo::Point p, const geo::LineString& line);

/// Nearest of a set of points, by a uniform grid.
class PointGrid {
public:
    PointGrid(const std::vector<geo::Point>& points, double cell);
    /// Index of the nearest point (ties: lowest index), or no_index when there are none.
    std::size_t nearest(geo::Point p) const;

private:
    long cell_of(double v) const;
    static long long key(long x, long y);
    const std::vector<geo::Point>& m_points;
    double m_cell;
    std::unordered_map<long long, std::vector<std::size_t>> m_cells;
};

geo::Point building_point(const geo::Building& b);

struct Model {
    enum Role : char { ring = 0, outside = 1, inside = 2 };
    std::vector<std::size_t> net_node; ///< compact → index into network.nodes; no_index: a
                                       ///< point where a road crosses the area's or margin's edge
    std::vector<geo::Point> pos;
    std::vector<char> role;
    std::vector<double> area_distance;
    struct Seg {
        std::size_t edge = 0; ///< index into network.edges
        std::size_t a = 0, b = 0;
        bool oneway = false;
        std::int64_t cost = 1; ///< what the cut minimises
        int crew = 2;          ///< crew of a checkpoint here
        bool keep_open = false;
        bool manual = false;          ///< a hand-placed checkpoint or barrier stands on it
        bool manual_barrier = false;  ///< it is a barrier
        double length = 0;            ///< metres
        std::size_t piece = no_index; ///< into `pieces` when the edge was split, else the edge
    };
    std::vector<Seg> segs;
    std::vector<geo::LineString> pieces; ///< geometry of the parts of split edges
    std::vector<CutArc> arcs;
    std::vector<std::size_t> sources, sinks;
    std::vector<geo::Id> manual_ids;      ///< hand-placed checkpoints on a drivable segment
    std::vector<geo::Id> manual_loose;    ///< hand-placed checkpoints on no drivable road
    std::vector<double> households;       ///< per compact node
    std::size_t inside_nodes_network = 0; ///< network nodes inside the area, drivable or not
    std::size_t passing_roads = 0;        ///< tunnels and bridges crossing the area, left out
    std::size_t passing_junctions = 0;    ///< junctions inside reached only by them
    std::size_t crossing_points = 0;      ///< protected points on roads crossing the area
                                          ///< between junctions that are not protected
    std::size_t entry_points = 0;         ///< points beyond the margin on roads between
                                          ///< junctions within it
    std::size_t edge_entries = 0;         ///< dead ends at the data's edge within the margin
                                          ///< (roads the extract cut): traffic comes from there

    const geo::LineString& geom(const geo::District& d, std::size_t seg) const {
        const Seg& s = segs[seg];
        return s.piece == no_index ? d.network.edges[s.edge].geom : pieces[s.piece];
    }
};

/// Whether vehicles pass the road under or over the ground (a tunnel or a bridge).
bool passes_under_or_over(const geo::Road& road);

Model build_model(const geo::District& d, const CheckpointParams& params, const AreaGeometry& area);

} // namespace cordon::planner
