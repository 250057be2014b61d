#pragma once
// The patrol-zoning problem as zone_patrols() sees it, open for benchmarks and tests: the
// units (buildings sharing a door merged), their workloads, their community, and which units
// are neighbours on the walkable network (their cells of the network Voronoi diagram
// touch). Also the measures every zoning is judged by (balance, contiguity, compactness) and
// the zone outlines, so Cordon's zoning and any baseline are measured the same way.

#include <cordon/geo/district.hpp>
#include <cordon/geo/progress.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cordon::planner {

/// A neighbour of a unit.
struct UnitLink {
    std::uint32_t unit = 0;
    float length = 0;  ///< metres along the streets between the two doors (straight for a join)
    bool join = false; ///< a straight line joining two pieces of the network, not a street
    /// The streets between the two doors: an index into ZoningProblem::link_path (none for a
    /// join).
    std::uint32_t path = no_path;
    static constexpr std::uint32_t no_path = 0xffffffffU;
};

/// A connected piece of the walkable network as far as one community's units are concerned.
struct Piece {
    int community = -1;    ///< index into District::communities, -1: none
    int network_piece = 0; ///< WalkGraph::piece() of its first unit
    std::size_t units = 0;
    std::size_t buildings = 0;
    double households = 0;
    int joined_to = -1;     ///< the piece it was joined to (too small for a zone), or -1
    double join_length = 0; ///< metres of the straight join
};

struct ZoningProblem {
    // Per scattered building, in the order given.
    std::vector<geo::Id> building_ids;
    std::vector<std::size_t> building_index; ///< index into District::buildings
    std::vector<geo::Point> centroid;
    std::vector<geo::Point> door; ///< where it is attached to the walkable network
    std::vector<std::uint32_t> unit_of;
    std::vector<char> on_network; ///< false: attached by a straight line (flagged)
    std::vector<double> gap;      ///< metres from the centroid to its door

    // Per unit.
    std::vector<double> weight;       ///< households
    std::vector<geo::Point> position; ///< mean of its buildings' centroids
    std::vector<int> community;       ///< index into District::communities, -1: none
    std::vector<int> piece;           ///< index into `pieces` (after joins: the group)
    std::vector<std::vector<UnitLink>> neighbours;
    std::vector<std::vector<std::uint32_t>> buildings_of; ///< building positions (above)

    // Sites that shape the outlines besides the buildings' centroids (see zone_outlines):
    // points every `outline_spacing` metres along the walkable streets, each given to the unit
    // whose network Voronoi cell holds it, and along each building's link to its door, given
    // to the building's unit.
    std::vector<geo::Point> outline_site;
    std::vector<std::uint32_t> outline_site_unit;

    // The streets that join neighbouring units (zone outlines follow them, see ZoneOutliner):
    // per pair of neighbours, the shortest walk from one door to the other through the edge
    // where their network Voronoi cells meet, as indexes into `street_line` (the walk graph's
    // edge geometries, each stored once).
    std::vector<std::vector<std::uint32_t>> link_path;
    std::vector<geo::LineString> street_line;

    std::vector<Piece> pieces;
    int network_pieces = 0; ///< connected pieces of the walkable graph
    double total_weight = 0;
    bool weight_is_buildings = false; ///< every building had 0 households: count buildings

    std::size_t units() const { return weight.size(); }
};

/// Builds the problem. `outline_spacing`: metres between street sites (0: automatic, 12 m,
/// or 40 m above 50,000 buildings to keep the Voronoi diagram affordable). Throws InputError naming
/// the building for an unknown id, a building listed twice or one without geometry, and when the
/// list is empty.
ZoningProblem build_zoning_problem(const geo::District& district,
                                   const std::vector<geo::Id>& scattered, double search_radius,
                                   Progress& progress, double outline_spacing = 0);

/// Joins every piece whose households are below `min_households` to the nearest other piece
/// of its community by a straight line between their closest units (flagged as a join), so a
/// patch of footpath with two buildings does not get a zone of its own. Pieces of a
/// community that is all one piece are left alone. Updates `piece` of the joined units.
void join_small_pieces(ZoningProblem& problem, double min_households);
/// Joins piece `from` to the nearest other live piece of its community; false if none.
bool join_piece(ZoningProblem& problem, int from);

/// How good a zoning is. Zones are numbered 0..k-1; zone_of_unit has one entry per unit.
struct ZoningQuality {
    int zones = 0;
    double mean = 0;                   ///< mean households per zone
    double largest_deviation = 0;      ///< max |households - mean| / mean
    double floor = 0;                  ///< the best any zoning could do (see floor_of)
    std::string floor_reason;          ///< what forces the floor ("" when 0)
    double share_contiguous = 0;       ///< zones connected on the unit graph (joins count)
    std::vector<int> components;       ///< per zone: connected pieces on the unit graph
    std::vector<double> households;    ///< per zone
    std::vector<std::size_t> units;    ///< per zone
    std::vector<double> polsby_popper; ///< per zone (empty when outlines were not given)
    std::vector<double> hull_ratio;    ///< per zone
    std::vector<int> outline_parts;    ///< per zone
    double mean_polsby_popper = 0;
    double mean_hull_ratio = 0;
    /// Per zone: Polsby–Popper of the convex hull of its buildings' centroids (how compact the
    /// zone looks to a reader, whatever its outline's detail); 0 below three buildings.
    std::vector<double> building_hull_pp;
    double mean_building_hull_pp = 0;
    bool crosses_community = false; ///< a zone holds units of two communities
};

/// The lower bound on the largest deviation that any zoning into `zones_per_piece` (per live
/// piece; zones never span pieces) can reach: a zone must hold a whole unit, and a piece's
/// zones average its households / its zones.
double floor_of(const ZoningProblem& problem, const std::vector<int>& zones_per_piece,
                std::string* reason);

ZoningQuality evaluate_zoning(const ZoningProblem& problem, const std::vector<int>& zone_of_unit,
                              int zones, const std::vector<geo::MultiPolygon>* outlines = nullptr);

/// Where the outline cells of two units meet: the length of their shared border.
struct UnitBorder {
    std::uint32_t unit = 0;
    double length = 0; ///< metres
};

/// How far (metres) a zone's outline reaches from its buildings, their door links and the
/// streets that join them: no point of an outline is farther than this from them.
constexpr double zone_reach = 60;

/// Zone outlines: the planar Voronoi cells of the buildings' centroids and of their units'
/// street, door-link and join sites (ZoningProblem::outline_site; one diagram per community),
/// dissolved per zone, cut to the zone's reach (the ground within `reach` metres of its
/// buildings' footprints, their door links, and the streets and joins of the shortest walks
/// between its neighbouring units: ZoningProblem::link_path), clipped to the community (without
/// communities: outside every community), minus compounds that hold none of the zoned
/// buildings (unless cutting one would split the zone). A zone connected on the streets has
/// its streets in its reach, and along them the cells of its own street sites, so it comes out
/// as one polygon joined along the streets that join its buildings, never across water or
/// empty land it has no street over; parts that hold no building of the zone (cut off by
/// another zone's cells) are left out. Outlines never overlap. The cells are computed once,
/// so many zonings of one problem are cheap to draw.
class ZoneOutliner {
public:
    /// One zone's outline before the parts that hold none of its buildings are given away.
    struct Shape {
        std::vector<geo::Polygon> kept;    ///< parts holding a building of the zone
        std::vector<geo::Polygon> orphans; ///< the other parts
    };
    /// What a drawing computed per community and zone (a zone's shape depends only on its own
    /// units), so that redraw() after a few moves recomputes only the zones that changed.
    struct Drawing {
        std::vector<std::map<int, Shape>> parts; ///< per community part: zone → shape
    };

    /// `threads`: for the Voronoi diagram (0: one per core; 1 when it runs beside other work).
    ZoneOutliner(const geo::District& district, const ZoningProblem& problem,
                 double reach = zone_reach, std::size_t threads = 0);
    /// The outlines of `zone_of_unit`; when `drawing` is given, what was computed is kept there.
    std::vector<geo::MultiPolygon> operator()(const std::vector<int>& zone_of_unit, int zones,
                                              Drawing* drawing = nullptr) const;
    /// The same outlines as operator()(zone_of_unit, zones), given the `drawing` of an earlier
    /// zoning that differs from `zone_of_unit` only in zones z with changed[z] set: only those
    /// zones are dissolved, clipped and cut again (the parts' orphans are placed again).
    /// `drawing` is updated to the new zoning.
    std::vector<geo::MultiPolygon> redraw(const std::vector<int>& zone_of_unit, int zones,
                                          const std::vector<char>& changed, Drawing& drawing) const;
    /// Per unit: the units whose cells share a border with its cells, and how long (before
    /// the outlines are clipped). The sum over units in different zones is the length of the
    /// zones' outlines between each other, so moving a unit to the zone it shares the most
    /// border with shortens the outlines.
    std::vector<std::vector<UnitBorder>> unit_borders() const;

private:
    struct Part {
        int community = -1;
        std::vector<std::uint32_t> buildings;
        std::vector<std::uint32_t> site_unit; ///< per cell: its unit
        std::vector<geo::Polygon> cells;
    };
    Shape draw_zone(const Part& part, const std::vector<const geo::Polygon*>& cells,
                    const std::vector<std::uint32_t>& own,
                    const std::vector<int>& zone_of_unit) const;
    /// The ground within `m_reach` of the zone's buildings (`own`), their door links, and the
    /// streets and joins between its neighbouring units.
    geo::MultiPolygon reach(const std::vector<std::uint32_t>& own,
                            const std::vector<int>& zone_of_unit) const;
    /// The streets that join the zone's units (walks of its short links and of a minimum
    /// spanning tree of the long ones) and its joins, as lines.
    std::vector<geo::LineString> joining_streets(const std::vector<std::uint32_t>& own,
                                                 const std::vector<int>& zone_of_unit) const;
    /// Zones of `part` whose outline in `out` has several parts take a narrow lane along their
    /// joining streets from the zones it crosses (which keep their parts holding buildings).
    void join_parts(const Part& part, const std::map<int, std::vector<std::uint32_t>>& own,
                    const std::vector<int>& zone_of_unit,
                    std::vector<geo::MultiPolygon>& out) const;
    /// `shape` without the compounds that hold none of the zoned buildings (but one that would
    /// split the zone).
    geo::MultiPolygon cut_compounds(geo::MultiPolygon shape,
                                    const std::vector<std::uint32_t>& own) const;
    std::vector<geo::MultiPolygon> draw(const std::vector<int>& zone_of_unit, int zones,
                                        const std::vector<char>* changed, Drawing& drawing) const;
    const geo::District& m_district;
    const ZoningProblem& m_p;
    double m_reach;
    std::vector<Part> m_parts;
    std::vector<const geo::Compound*> m_cut;
    std::vector<geo::Box> m_cut_box;
};

/// ZoneOutliner(district, problem, reach)(zone_of_unit, zones).
std::vector<geo::MultiPolygon> zone_outlines(const geo::District& district,
                                             const ZoningProblem& problem,
                                             const std::vector<int>& zone_of_unit, int zones,
                                             double reach = zone_reach);

} // namespace cordon::planner
