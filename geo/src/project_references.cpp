// References of a project read from its file: ids naming rows that are not there (a
// building's zone 99999) are listed as a warning and read as none, so that nothing later trips
// over them; a route of no zone and a network edge to no node are left out.

#include "project_references.hpp"

#include <cordon/geo/error.hpp>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cordon::geo::detail {

namespace {

/// One kind of reference: "buildings.zone_id → zones"; collects the rows that dangle.
class Dangling {
public:
    Dangling(const char* table, const char* column, const char* target)
        : m_table(table), m_column(column), m_target(target) {}
    void found(Id row, Id value) {
        if (++m_count <= 5)
            m_examples += std::string(m_examples.empty() ? "" : ", ") + "id " +
                          std::to_string(row) + " → " + std::to_string(value);
    }
    void report(std::vector<std::string>& warnings, const std::string& path,
                const char* then) const {
        if (m_count == 0) return;
        warnings.push_back(path + ": " + std::to_string(m_count) + " row" +
                           (m_count == 1 ? "" : "s") + " of " + m_table + " name" +
                           (m_count == 1 ? "s" : "") + " in " + m_column + " " + m_target +
                           " that the project does not hold (" + m_examples +
                           (m_count > 5 ? ", …" : "") + "); " + then);
    }

private:
    const char *m_table, *m_column, *m_target;
    std::size_t m_count = 0;
    std::string m_examples;
};

template <typename Rows> std::set<Id> ids_of(const Rows& rows) {
    std::set<Id> out;
    for (const auto& r : rows)
        out.insert(r.id);
    return out;
}

/// Sets `ref` of every row of `rows` to none where it names no id in `known`.
template <typename Row, typename Known>
void clear_dangling(std::vector<std::string>& warnings, const std::string& path, const char* table,
                    const char* column, const char* target, std::vector<Row>& rows,
                    const Known& known, std::optional<Id> Row::*ref) {
    Dangling dangling(table, column, target);
    for (Row& row : rows) {
        std::optional<Id>& id = row.*ref;
        if (id && !known.count(*id)) {
            dangling.found(row.id, *id);
            id.reset();
        }
    }
    dangling.report(warnings, path, "read as none");
}

} // namespace

void drop_dangling_ids(District& d, const std::string& path) {
    std::vector<std::string>& w = d.meta.warnings;
    const std::set<Id> communities = ids_of(d.communities), compounds = ids_of(d.compounds),
                       zones = ids_of(d.zones), roads = ids_of(d.roads);
    // The network's nodes are numbered 1..N (planner code indexes them so).
    for (std::size_t i = 0; i < d.network.nodes.size(); ++i)
        if (d.network.nodes[i].id != static_cast<Id>(i + 1))
            throw InputError(path + ": damaged project, network_nodes are not numbered 1 to " +
                             std::to_string(d.network.nodes.size()) + " (row " +
                             std::to_string(i + 1) + " has id " +
                             std::to_string(d.network.nodes[i].id) + ")");
    const auto node_count = static_cast<Id>(d.network.nodes.size());
    struct {
        Id n;
        std::size_t count(Id id) const { return id >= 1 && id <= n ? 1 : 0; }
    } const nodes{node_count};

    clear_dangling(w, path, "compounds", "community_id", "communities", d.compounds, communities,
                   &Compound::community_id);
    clear_dangling(w, path, "buildings", "compound_id", "compounds", d.buildings, compounds,
                   &Building::compound_id);
    clear_dangling(w, path, "buildings", "zone_id", "zones", d.buildings, zones,
                   &Building::zone_id);
    clear_dangling(w, path, "gates", "compound_id", "compounds", d.gates, compounds,
                   &Gate::compound_id);
    clear_dangling(w, path, "checkpoints", "road_id", "roads", d.checkpoints, roads,
                   &Checkpoint::road_id);
    clear_dangling(w, path, "choke_points", "road_id", "roads", d.choke_points, roads,
                   &ChokePointSite::road_id);
    clear_dangling(w, path, "choke_points", "node_id", "network_nodes", d.choke_points, nodes,
                   &ChokePointSite::node_id);
    clear_dangling(w, path, "zones", "community_id", "communities", d.zones, communities,
                   &Zone::community_id);
    clear_dangling(w, path, "households", "building_id", "buildings", d.households,
                   ids_of(d.buildings), &Household::building_id);

    Dangling route_zone("routes", "zone_id", "zones");
    std::erase_if(d.routes, [&](const Route& r) {
        const bool dangles = !zones.count(r.zone_id);
        if (dangles) route_zone.found(r.id, r.zone_id);
        return dangles;
    });
    route_zone.report(w, path, "those routes are left out");

    Dangling edge_node("network_edges", "from_node/to_node", "network_nodes");
    std::erase_if(d.network.edges, [&](const NetworkEdge& e) {
        const bool dangles = !nodes.count(e.from) || !nodes.count(e.to);
        if (dangles) edge_node.found(e.id, nodes.count(e.from) ? e.to : e.from);
        return dangles;
    });
    edge_node.report(w, path, "those edges are left out of the road network");

    Dangling edge_road("network_edges", "road_id", "roads");
    for (NetworkEdge& e : d.network.edges)
        if (e.road_id != 0 && !roads.count(e.road_id)) {
            edge_road.found(e.id, e.road_id);
            e.road_id = 0;
        }
    edge_road.report(w, path, "read as none (0)");
}

} // namespace cordon::geo::detail
