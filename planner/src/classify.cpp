#include <cordon/geo/polygon_index.hpp>
#include <cordon/geo/polygon_ops.hpp>
#include <cordon/planner/classify.hpp>

#include <cmath>
#include <map>

namespace cordon::planner {

const char* to_string(Control control) {
    switch (control) {
    case Control::not_home:
        return "not_home";
    case Control::closed:
        return "closed";
    case Control::guarded:
        return "guarded";
    case Control::patrol:
        return "patrol";
    case Control::unknown:
        return "unknown";
    }
    return "?";
}

namespace {

bool untyped(const std::string& category) {
    return category.empty() || category == "yes";
}

} // namespace

Control control_of(const geo::Building& b, std::optional<geo::CompoundMode> compound_mode,
                   const ClassifyParams& params) {
    const auto by_hand = params.homes_by_hand.find(b.id);
    const bool home = by_hand != params.homes_by_hand.end()
                          ? by_hand->second
                          : params.home_categories.count(b.category) > 0 ||
                                (untyped(b.category) &&
                                 (compound_mode || params.untyped_outside_compounds_are_homes));
    if (!home) return Control::not_home;
    if (!compound_mode) return Control::patrol;
    switch (*compound_mode) {
    case geo::CompoundMode::closed:
        return Control::closed;
    case geo::CompoundMode::guarded:
        return Control::guarded;
    case geo::CompoundMode::patrol:
        return Control::patrol;
    case geo::CompoundMode::unknown:
        return Control::unknown;
    }
    return Control::unknown;
}

Classification classify(const geo::District& district, const ClassifyParams& params,
                        Progress& progress) {
    Classification out;
    nlohmann::json assumed = nlohmann::json::array();
    for (const auto& c : district.compounds) {
        // A mode assumed by an earlier run is no one's word on this compound: unknown again.
        const bool unknown = c.mode == geo::CompoundMode::unknown || c.mode_assumed;
        out.compound_mode.push_back(unknown ? geo::CompoundMode::unknown : c.mode);
        out.compound_mode_assumed.push_back(unknown && params.unknown_compounds_as);
        if (params.unknown_compounds_as && unknown) {
            out.compound_mode.back() = *params.unknown_compounds_as;
            assumed.push_back({{"id", c.id},
                               {"name", c.name},
                               {"mode", geo::to_string(*params.unknown_compounds_as)}});
        }
    }

    std::vector<const geo::MultiPolygon*> outlines;
    for (const auto& c : district.compounds)
        outlines.push_back(&c.geom);
    const geo::PolygonIndex compounds(outlines);
    std::vector<const geo::MultiPolygon*> community_outlines;
    for (const auto& c : district.communities)
        community_outlines.push_back(&c.geom);
    const geo::PolygonIndex communities(community_outlines);
    // Compounds belong to the community holding their centroid.
    for (const auto& c : district.compounds) {
        const auto in = communities.containing(geo::footprint_centroid(c.geom));
        out.compound_community.push_back(
            in.empty() ? std::nullopt
                       : std::optional<geo::Id>(district.communities[in.front()].id));
    }

    struct Tally {
        std::size_t buildings = 0;
        double households = 0;
    };
    std::map<std::string, std::map<std::string, Tally>>
        per_community; // community → control → tally
    std::map<std::string, Tally> totals;
    for (std::size_t i = 0; i < district.buildings.size(); ++i) {
        if (i % 4096 == 0) progress.report("classifying buildings", i, district.buildings.size());
        const geo::Building& b = district.buildings[i];
        const geo::Point at = geo::footprint_centroid(b.geom);
        const auto holders = compounds.containing(at);
        out.compound.emplace_back();
        std::optional<geo::CompoundMode> mode;
        if (!holders.empty()) {
            // Nested compounds: the smallest (innermost) holds the building.
            std::size_t best = holders.front();
            for (std::size_t h : holders)
                if (geo::area(district.compounds[h].geom) <
                    geo::area(district.compounds[best].geom))
                    best = h;
            out.compound.back() = district.compounds[best].id;
            mode = out.compound_mode[best];
        }
        const Control control = control_of(b, mode, params);
        out.control.push_back(control);
        if (control == Control::patrol) out.scattered.push_back(b.id);
        std::string community = "(no community)";
        if (!district.communities.empty()) {
            const auto in = communities.containing(at);
            if (!in.empty()) community = district.communities[in.front()].name;
        }
        auto& t = per_community[community][to_string(control)];
        ++t.buildings;
        t.households += b.households;
        ++totals[to_string(control)].buildings;
        totals[to_string(control)].households += b.households;
    }

    auto tally_json = [](const std::map<std::string, Tally>& m) {
        nlohmann::json j = nlohmann::json::object();
        for (const auto& [control, t] : m)
            j[control] = {{"buildings", t.buildings}, {"households", std::round(t.households)}};
        return j;
    };
    out.report["district"] = tally_json(totals);
    for (const auto& [community, m] : per_community)
        out.report["communities"][community] = tally_json(m);
    nlohmann::json unknown = nlohmann::json::array();
    for (std::size_t i = 0; i < district.compounds.size(); ++i)
        if (out.compound_mode[i] == geo::CompoundMode::unknown)
            unknown.push_back(
                {{"id", district.compounds[i].id}, {"name", district.compounds[i].name}});
    out.report["compounds_unknown"] = unknown;
    if (!unknown.empty())
        out.report["compounds_unknown_note"] =
            "buildings in compounds of unknown mode are not planned; set the mode in the source "
            "data (compounds.mode) or with the parameter unknown_mode (closed, guarded or patrol)";
    if (!assumed.empty()) out.report["compounds_given_mode"] = assumed.size();
    out.report["compounds_assumed"] = assumed;
    std::map<std::string, std::size_t> modes;
    for (const geo::CompoundMode mode : out.compound_mode)
        ++modes[geo::to_string(mode)];
    out.report["compounds_by_mode"] = modes;
    out.report["rule"] = {
        {"homes",
         "building categories in the home list; untyped buildings (building=yes) inside compounds, "
         "and outside them unless untyped_outside is not-home"},
        {"untyped_outside_compounds_are_homes", params.untyped_outside_compounds_are_homes}};
    progress.report("classifying buildings", 1.0);
    return out;
}

void apply_classification(geo::District& district, const Classification& c) {
    for (std::size_t i = 0; i < district.compounds.size(); ++i) {
        district.compounds[i].mode = c.compound_mode[i];
        district.compounds[i].mode_assumed = c.compound_mode_assumed[i];
        district.compounds[i].community_id = c.compound_community[i];
    }
    for (std::size_t i = 0; i < district.buildings.size(); ++i) {
        district.buildings[i].compound_id = c.compound[i];
        district.buildings[i].control = to_string(c.control[i]);
    }
}

} // namespace cordon::planner
