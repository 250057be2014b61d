#include "features.hpp"

#include "edit_text.hpp"
#include "format.hpp"

#include <cordon/geo/polygon_ops.hpp>

#include <wx/intl.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace cordon::gui {

namespace {

wxString U(const std::string& s) {
    return wxString::FromUTF8(s.c_str());
}

wxString IdText(std::optional<geo::Id> id) {
    return id ? wxString::Format("%lld", static_cast<long long>(*id)) : wxString();
}

wxString YesNo(bool b) {
    return b ? _("yes") : _("no");
}

wxString KindText(geo::GateKind kind) {
    switch (kind) {
    case geo::GateKind::pedestrian:
        return _("pedestrian");
    case geo::GateKind::vehicle:
        return _("vehicle");
    case geo::GateKind::both:
        return _("pedestrian and vehicle");
    }
    return {};
}

wxString StateText(geo::GateState state) {
    return state == geo::GateState::open ? _("open") : _("closed");
}

wxString CheckpointKindText(geo::CheckpointKind kind) {
    switch (kind) {
    case geo::CheckpointKind::vehicle:
        return _("vehicle checkpoint");
    case geo::CheckpointKind::registration:
        return _("registration point");
    case geo::CheckpointKind::barrier:
        return _("barrier (road closed)");
    }
    return wxString();
}

bool PolygonsContain(const geo::MultiPolygon& polygons, geo::Point p) {
    for (const auto& polygon : polygons) {
        if (polygon.rings.empty() || !geo::ring_contains(polygon.rings[0], p)) continue;
        bool in_hole = false;
        for (std::size_t i = 1; i < polygon.rings.size() && !in_hole; ++i)
            in_hole = geo::ring_contains(polygon.rings[i], p);
        if (!in_hole) return true;
    }
    return false;
}

template <class T>
std::optional<FeatureRef> PickArea(const std::vector<T>& features, FeatureLayer layer,
                                   geo::Point at) {
    // The smallest area holding the point: a building over its compound.
    std::optional<FeatureRef> best;
    double best_area = 0;
    for (const auto& f : features) {
        const geo::Box box = geo::bounds(f.geom);
        if (!box.contains(at) || !PolygonsContain(f.geom, at)) continue;
        const double a = box.width() * box.height();
        if (!best || a < best_area) {
            best = FeatureRef{layer, f.id};
            best_area = a;
        }
    }
    return best;
}

std::string ZoneName(const geo::District& d, std::optional<geo::Id> id) {
    if (!id) return {};
    for (const auto& z : d.zones)
        if (z.id == *id) return z.name.empty() ? "#" + std::to_string(z.id) : z.name;
    return "#" + std::to_string(*id);
}

std::string CompoundName(const geo::District& d, std::optional<geo::Id> id) {
    if (!id) return {};
    for (const auto& c : d.compounds)
        if (c.id == *id) return c.name.empty() ? "#" + std::to_string(c.id) : c.name;
    return "#" + std::to_string(*id);
}

std::string CommunityName(const geo::District& d, std::optional<geo::Id> id) {
    if (!id) return {};
    for (const auto& c : d.communities)
        if (c.id == *id) return c.name;
    return "#" + std::to_string(*id);
}

bool RoadClosed(const geo::District& d, geo::Id id) {
    const auto ids = session::closed_roads(d);
    return std::binary_search(ids.begin(), ids.end(), id);
}

} // namespace

wxString StaffPoolName(const std::string& pool) {
    if (pool == "property") return _("property company staff");
    if (pool == "volunteers") return _("volunteers");
    if (pool == "social_workers") return _("social workers");
    if (pool == "staff") return _("district staff");
    return U(pool);
}

wxString ModeText(geo::CompoundMode mode) {
    switch (mode) {
    case geo::CompoundMode::closed:
        return _("closed (property-managed)");
    case geo::CompoundMode::guarded:
        return _("guarded (self-governed)");
    case geo::CompoundMode::patrol:
        return _("patrol (scattered)");
    case geo::CompoundMode::unknown:
        break;
    }
    return _("not set");
}

namespace {

/// OpenStreetMap building=* values and their names.
/// (The names are looked up when shown, in the language of the moment.)
const std::vector<std::pair<const char*, const char*>>& Categories() {
    static const std::vector<std::pair<const char*, const char*>> categories = {
        {"yes", wxTRANSLATE("unclassified")},
        {"residential", wxTRANSLATE("residential")},
        {"apartments", wxTRANSLATE("apartments")},
        {"dormitory", wxTRANSLATE("dormitory")},
        {"house", wxTRANSLATE("house")},
        {"detached", wxTRANSLATE("detached house")},
        {"semidetached_house", wxTRANSLATE("semi-detached house")},
        {"terrace", wxTRANSLATE("terraced houses")},
        {"farm", wxTRANSLATE("farmhouse")},
        {"bungalow", wxTRANSLATE("bungalow")},
        {"hut", wxTRANSLATE("hut")},
        {"cabin", wxTRANSLATE("cabin")},
        {"commercial", wxTRANSLATE("commercial")},
        {"retail", wxTRANSLATE("retail")},
        {"office", wxTRANSLATE("office")},
        {"supermarket", wxTRANSLATE("supermarket")},
        {"kiosk", wxTRANSLATE("kiosk")},
        {"hotel", wxTRANSLATE("hotel")},
        {"industrial", wxTRANSLATE("industrial")},
        {"warehouse", wxTRANSLATE("warehouse")},
        {"hangar", wxTRANSLATE("hangar")},
        {"university", wxTRANSLATE("university")},
        {"college", wxTRANSLATE("college")},
        {"school", wxTRANSLATE("school")},
        {"kindergarten", wxTRANSLATE("kindergarten")},
        {"hospital", wxTRANSLATE("hospital")},
        {"public", wxTRANSLATE("public building")},
        {"civic", wxTRANSLATE("civic building")},
        {"government", wxTRANSLATE("government")},
        {"church", wxTRANSLATE("church")},
        {"chapel", wxTRANSLATE("chapel")},
        {"temple", wxTRANSLATE("temple")},
        {"train_station", wxTRANSLATE("train station")},
        {"transportation", wxTRANSLATE("transport building")},
        {"garage", wxTRANSLATE("garage")},
        {"garages", wxTRANSLATE("garages")},
        {"parking", wxTRANSLATE("car park")},
        {"carport", wxTRANSLATE("carport")},
        {"shed", wxTRANSLATE("shed")},
        {"barn", wxTRANSLATE("barn")},
        {"farm_auxiliary", wxTRANSLATE("farm building")},
        {"greenhouse", wxTRANSLATE("greenhouse")},
        {"stable", wxTRANSLATE("stable")},
        {"roof", wxTRANSLATE("roof")},
        {"tower", wxTRANSLATE("tower")},
        {"construction", wxTRANSLATE("under construction")},
        {"service", wxTRANSLATE("service building")},
        {"sports_hall", wxTRANSLATE("sports hall")},
        {"stadium", wxTRANSLATE("stadium")},
        {"ruins", wxTRANSLATE("ruins")},
        {"toilets", wxTRANSLATE("toilets")},
        {"bunker", wxTRANSLATE("bunker")},
        {"container", wxTRANSLATE("container")},
        {"static_caravan", wxTRANSLATE("static caravan")},
    };
    return categories;
}

} // namespace

wxString CategoryText(const std::string& category) {
    for (const auto& [value, name] : Categories())
        if (category == value) return wxGetTranslation(name);
    return U(category);
}

wxString ZoneTitle(const std::string& name) {
    // The planner names zones 片区 N: in Chinese that is the title; in English "Zone 片区 N"
    // (the name is data).
    if (CurrentLanguage() == UiLanguage::zh ? name.find("片区") != std::string::npos
                                            : U(name).Lower().StartsWith("zone"))
        return U(name);
    return wxString::Format(_("Zone %s"), U(name));
}

std::string CategoryValue(const wxString& text) {
    for (const auto& [value, name] : Categories())
        if (text == wxGetTranslation(name)) return value;
    return text.utf8_string();
}

wxString ControlText(const std::string& control) {
    if (control == "closed") return _("closed compound");
    if (control == "guarded") return _("guarded courtyard");
    if (control == "patrol") return _("patrol");
    if (control == "not_home") return _("not a home");
    if (control == "unknown") return _("compound mode not set");
    return control.empty() ? wxString(_("not classified")) : U(control);
}

wxString LayerTitle(FeatureLayer layer) {
    switch (layer) {
    case FeatureLayer::buildings:
        return _("Buildings");
    case FeatureLayer::compounds:
        return _("Compounds");
    case FeatureLayer::gates:
        return _("Gates");
    case FeatureLayer::checkpoints:
        return _("Checkpoints");
    case FeatureLayer::roads:
        return _("Roads");
    case FeatureLayer::zones:
        return _("Patrol zones");
    case FeatureLayer::communities:
        return _("Communities");
    }
    return {};
}

std::vector<wxString> TableColumns(FeatureLayer layer) {
    switch (layer) {
    case FeatureLayer::buildings:
        return {_("ID"),      _("Name"),     _("Category"), _("Households"),
                _("Control"), _("Compound"), _("Zone"),     _("Address")};
    case FeatureLayer::compounds:
        return {_("ID"), _("Name"), _("Mode"), _("Manager"), _("Community")};
    case FeatureLayer::gates:
        return {_("ID"), _("Name"), _("Kind"), _("State"), _("Crew"), _("Compound"), _("Reason")};
    case FeatureLayer::checkpoints:
        return {_("ID"), _("Kind"), _("Road"), _("Hours"), _("Periods"), _("Crew"), _("Reason")};
    case FeatureLayer::roads:
        return {_("ID"),       _("Name"),    _("Class"), _("Walkable"),
                _("Drivable"), _("One-way"), _("Closed")};
    case FeatureLayer::zones:
        return {_("ID"),        _("Name"),       _("Team"),       _("Households"),
                _("Buildings"), _("Route (km)"), _("Compactness")};
    case FeatureLayer::communities:
        return {_("ID"), _("Name"), _("Code")};
    }
    return {};
}

std::size_t FeatureCount(const geo::District& d, FeatureLayer layer) {
    switch (layer) {
    case FeatureLayer::buildings:
        return d.buildings.size();
    case FeatureLayer::compounds:
        return d.compounds.size();
    case FeatureLayer::gates:
        return d.gates.size();
    case FeatureLayer::checkpoints:
        return d.checkpoints.size();
    case FeatureLayer::roads:
        return d.roads.size();
    case FeatureLayer::zones:
        return d.zones.size();
    case FeatureLayer::communities:
        return d.communities.size();
    }
    return 0;
}

geo::Id FeatureId(const geo::District& d, FeatureLayer layer, std::size_t i) {
    switch (layer) {
    case FeatureLayer::buildings:
        return d.buildings[i].id;
    case FeatureLayer::compounds:
        return d.compounds[i].id;
    case FeatureLayer::gates:
        return d.gates[i].id;
    case FeatureLayer::checkpoints:
        return d.checkpoints[i].id;
    case FeatureLayer::roads:
        return d.roads[i].id;
    case FeatureLayer::zones:
        return d.zones[i].id;
    case FeatureLayer::communities:
        return d.communities[i].id;
    }
    return 0;
}

namespace {

/// A number cell: its text, and its value for sorting when the caller asks for it.
struct NumberCell {
    double* number;
    wxString operator()(double v, int decimals = 0) const {
        if (number) *number = v;
        return FormatNumber(v, decimals);
    }
};

wxString BuildingCell(const geo::District& d, std::size_t i, std::size_t col,
                      const NumberCell& num) {
    const geo::Building& b = d.buildings[i];
    switch (col) {
    case 1:
        return U(b.name);
    case 2:
        return CategoryText(b.category);
    case 3:
        return num(b.households);
    case 4:
        return ControlText(b.control);
    case 5:
        return U(CompoundName(d, b.compound_id));
    case 6:
        return U(ZoneName(d, b.zone_id));
    case 7:
        return U(b.address);
    }
    return {};
}

wxString CompoundCell(const geo::District& d, std::size_t i, std::size_t col) {
    const geo::Compound& c = d.compounds[i];
    switch (col) {
    case 1:
        return U(c.name);
    case 2:
        return c.mode_assumed && c.mode != geo::CompoundMode::unknown
                   ? wxString::Format(_("%s (assumed)"), ModeText(c.mode))
                   : ModeText(c.mode);
    case 3:
        return U(c.manager);
    case 4:
        return U(CommunityName(d, c.community_id));
    }
    return {};
}

wxString GateCell(const geo::District& d, std::size_t i, std::size_t col, const NumberCell& num) {
    const geo::Gate& g = d.gates[i];
    switch (col) {
    case 1:
        return U(g.name);
    case 2:
        return KindText(g.kind);
    case 3:
        return StateText(g.state);
    case 4:
        return num(g.crew);
    case 5:
        return U(CompoundName(d, g.compound_id));
    case 6:
        return ReasonText(g.reason);
    }
    return {};
}

wxString CheckpointCell(const geo::District& d, std::size_t i, std::size_t col,
                        const NumberCell& num) {
    const geo::Checkpoint& c = d.checkpoints[i];
    switch (col) {
    case 1:
        return CheckpointKindText(c.kind);
    case 2:
        return IdText(c.road_id);
    case 3:
        return U(c.hours);
    case 4:
        return U(c.periods);
    case 5:
        return num(c.crew);
    case 6:
        return ReasonText(c.reason);
    }
    return {};
}

wxString RoadCell(const geo::District& d, std::size_t i, std::size_t col) {
    const geo::Road& r = d.roads[i];
    switch (col) {
    case 1:
        return U(r.name);
    case 2:
        return RoadClassText(r.cls);
    case 3:
        return YesNo(r.walkable);
    case 4:
        return YesNo(r.drivable);
    case 5:
        return YesNo(r.oneway);
    case 6:
        return RoadClosed(d, r.id) ? _("closed") : wxString();
    }
    return {};
}

wxString ZoneCell(const geo::District& d, std::size_t i, std::size_t col, const NumberCell& num) {
    const geo::Zone& z = d.zones[i];
    switch (col) {
    case 1:
        return U(z.name);
    case 2:
        return U(z.team);
    case 3:
        return num(z.households);
    case 4:
        return num(z.buildings);
    case 5:
        return num(z.route_length / 1000, 2);
    case 6:
        return num(z.polsby_popper, 2);
    }
    return {};
}

wxString CommunityCell(const geo::District& d, std::size_t i, std::size_t col) {
    const geo::Community& c = d.communities[i];
    if (col == 1) return U(c.name);
    if (col == 2) return U(c.code);
    return {};
}

} // namespace

wxString CellText(const geo::District& d, FeatureLayer layer, std::size_t i, std::size_t col,
                  double* number) {
    const NumberCell num{number};
    if (col == 0) return num(static_cast<double>(FeatureId(d, layer, i)));
    switch (layer) {
    case FeatureLayer::buildings:
        return BuildingCell(d, i, col, num);
    case FeatureLayer::compounds:
        return CompoundCell(d, i, col);
    case FeatureLayer::gates:
        return GateCell(d, i, col, num);
    case FeatureLayer::checkpoints:
        return CheckpointCell(d, i, col, num);
    case FeatureLayer::roads:
        return RoadCell(d, i, col);
    case FeatureLayer::zones:
        return ZoneCell(d, i, col, num);
    case FeatureLayer::communities:
        return CommunityCell(d, i, col);
    }
    return {};
}

std::vector<std::pair<wxString, wxString>> Attributes(const geo::District& d, const FeatureRef& f) {
    std::vector<std::pair<wxString, wxString>> out;
    out.emplace_back(_("Layer"), LayerTitle(f.layer));
    const std::size_t n = FeatureCount(d, f.layer);
    std::size_t index = n;
    for (std::size_t i = 0; i < n; ++i)
        if (FeatureId(d, f.layer, i) == f.id) index = i;
    if (index == n) return out;
    const auto columns = TableColumns(f.layer);
    for (std::size_t c = 0; c < columns.size(); ++c)
        out.emplace_back(columns[c], CellText(d, f.layer, index, c));
    switch (f.layer) {
    case FeatureLayer::buildings: {
        const geo::Building& b = d.buildings[index];
        out.emplace_back(_("Residents"), FormatNumber(b.residents));
        out.emplace_back(_("Floors"),
                         FormatNumber(b.floors) + (b.floors_estimated ? _(" (estimated)") : ""));
        if (b.registered)
            out.emplace_back(_("Households"),
                             wxString::Format(_("from the register (%s vacant; estimate was %s)"),
                                              FormatNumber(b.vacant_homes),
                                              FormatNumber(b.imported_households)));
        else if (b.households_estimated)
            out.emplace_back(_("Households"), _("estimated from footprint and floors"));
        out.emplace_back(_("Source ID"), U(b.source_id));
        wxString why;
        if (b.control == "patrol" && b.zone_id)
            why = wxString::Format(
                _("Scattered building: no property company or residents' committee; "
                  "patrolled by %s"),
                ZoneTitle(ZoneName(d, b.zone_id)));
        else if (b.control == "patrol")
            why = _("Scattered building, not yet in a patrol zone");
        else if (b.control == "closed" || b.control == "guarded")
            why = wxString::Format(_("Inside compound %s, controlled at its gates"),
                                   U(CompoundName(d, b.compound_id)));
        else if (b.control == "not_home")
            why = _("Not a home: left out of the plan");
        if (!why.empty()) out.emplace_back(_("Reason"), why);
        break;
    }
    case FeatureLayer::zones: {
        const geo::Zone& z = d.zones[index];
        out.emplace_back(_("Community"), U(CommunityName(d, z.community_id)));
        out.emplace_back(_("Area (ha)"), FormatNumber(z.area_m2 / 10000, 1));
        break;
    }
    case FeatureLayer::roads: {
        const geo::Road& r = d.roads[index];
        out.emplace_back(_("Length (m)"), FormatNumber(geo::length(r.geom)));
        out.emplace_back(_("Bridge"), YesNo(r.bridge));
        out.emplace_back(_("Tunnel"), YesNo(r.tunnel));
        break;
    }
    default:
        break;
    }
    return out;
}

std::optional<FeatureRef> PickFeature(const geo::District& d, geo::Point at, double tol,
                                      const render::RenderOptions& v) {
    auto nearest_point = [&](auto& features, FeatureLayer layer) -> std::optional<FeatureRef> {
        std::optional<FeatureRef> best;
        double best_d = tol;
        for (const auto& f : features) {
            const double dist = geo::distance(f.pos, at);
            if (dist <= best_d) {
                best = FeatureRef{layer, f.id};
                best_d = dist;
            }
        }
        return best;
    };
    if (v.checkpoints)
        if (auto f = nearest_point(d.checkpoints, FeatureLayer::checkpoints)) return f;
    if (v.gates)
        if (auto f = nearest_point(d.gates, FeatureLayer::gates)) return f;
    if (v.buildings)
        if (auto f = PickArea(d.buildings, FeatureLayer::buildings, at)) return f;
    if (v.roads) {
        std::optional<FeatureRef> best;
        double best_d = tol * 0.6;
        for (const auto& r : d.roads) {
            geo::Box box = geo::bounds(r.geom);
            if (box.empty() || at.x < box.minx - tol || at.x > box.maxx + tol ||
                at.y < box.miny - tol || at.y > box.maxy + tol)
                continue;
            for (std::size_t i = 1; i < r.geom.size(); ++i) {
                const double dist = geo::segment_distance(at, r.geom[i - 1], r.geom[i]);
                if (dist <= best_d) {
                    best = FeatureRef{FeatureLayer::roads, r.id};
                    best_d = dist;
                }
            }
        }
        if (best) return best;
    }
    if (v.compounds)
        if (auto f = PickArea(d.compounds, FeatureLayer::compounds, at)) return f;
    if (v.zones)
        if (auto f = PickArea(d.zones, FeatureLayer::zones, at)) return f;
    if (v.communities)
        if (auto f = PickArea(d.communities, FeatureLayer::communities, at)) return f;
    return std::nullopt;
}

std::optional<geo::Id> ZoneAt(const geo::District& d, geo::Point at) {
    if (auto f = PickArea(d.zones, FeatureLayer::zones, at)) return f->id;
    return std::nullopt;
}

render::Highlight ToHighlight(FeatureLayer layer, const std::set<geo::Id>& ids) {
    render::Highlight h;
    switch (layer) {
    case FeatureLayer::buildings:
        h.buildings = ids;
        break;
    case FeatureLayer::compounds:
        h.compounds = ids;
        break;
    case FeatureLayer::gates:
        h.gates = ids;
        break;
    case FeatureLayer::checkpoints:
        h.checkpoints = ids;
        break;
    case FeatureLayer::roads:
        h.roads = ids;
        break;
    case FeatureLayer::zones:
    case FeatureLayer::communities:
        h.zones = layer == FeatureLayer::zones ? ids : std::set<geo::Id>{};
        break;
    }
    return h;
}

geo::Box FeaturesBox(const geo::District& d, FeatureLayer layer, const std::set<geo::Id>& ids) {
    geo::Box box;
    auto areas = [&](const auto& features) {
        for (const auto& f : features)
            if (ids.empty() || ids.count(f.id)) box.expand(geo::bounds(f.geom));
    };
    auto points = [&](const auto& features) {
        for (const auto& f : features)
            if (ids.empty() || ids.count(f.id)) box.expand(f.pos);
    };
    switch (layer) {
    case FeatureLayer::buildings:
        areas(d.buildings);
        break;
    case FeatureLayer::compounds:
        areas(d.compounds);
        break;
    case FeatureLayer::zones:
        areas(d.zones);
        break;
    case FeatureLayer::communities:
        areas(d.communities);
        break;
    case FeatureLayer::roads:
        for (const auto& r : d.roads)
            if (ids.empty() || ids.count(r.id)) box.expand(geo::bounds(r.geom));
        break;
    case FeatureLayer::gates:
        points(d.gates);
        break;
    case FeatureLayer::checkpoints:
        points(d.checkpoints);
        break;
    }
    return box;
}

} // namespace cordon::gui
