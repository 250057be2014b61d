#pragma once
// Classify: which buildings are homes, which compound holds each, and so how each is
// controlled — closed (property-managed compound), guarded (self-governed courtyard) or
// patrol (scattered buildings and compounds under patrol).

#include <cordon/geo/district.hpp>
#include <cordon/geo/progress.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>

namespace cordon::planner {

/// How a building is controlled after classification.
enum class Control { not_home, closed, guarded, patrol, unknown };
const char* to_string(Control control);

struct ClassifyParams {
    /// Building categories that are homes (OSM building=* values and mapped categories).
    std::set<std::string> home_categories{
        "residential",        "apartments", "house", "detached", "dormitory", "terrace",
        "semidetached_house", "bungalow",   "farm",  "cabin",    "住宅"};
    /// Untyped buildings (category empty or "yes"): homes inside compounds always; outside
    /// them only when this is true (the default: in Chinese city centres an untyped building
    /// outside a compound is most often a home; planners can say otherwise).
    bool untyped_outside_compounds_are_homes = true;
    /// The mode given to compounds whose mode is unknown; nullopt keeps them unknown (their
    /// buildings are then listed and left out of the plan).
    std::optional<geo::CompoundMode> unknown_compounds_as;
    /// The planner's own word on buildings (building → whether it is a home), over what
    /// their category says: a shop the data calls a home, a home with no category.
    std::map<geo::Id, bool> homes_by_hand;
};

struct Classification {
    std::vector<Control> control;   ///< per building, same order as district.buildings
    std::vector<geo::Id> scattered; ///< buildings to be zoned (patrol), by id
    /// per building: the compound holding its centroid (the smallest when compounds overlap)
    std::vector<std::optional<geo::Id>> compound;
    /// per compound: its mode, unknown ones given the mode asked for
    std::vector<geo::CompoundMode> compound_mode;
    /// per compound: whether its mode is the one asked for unknown ones (mode_assumed)
    std::vector<bool> compound_mode_assumed;
    /// per compound: the community holding its centroid
    std::vector<std::optional<geo::Id>> compound_community;
    nlohmann::json report;
};

/// How each building is controlled, the compound holding it, the modes of unknown compounds
/// as asked and each compound's community, with counts of buildings and households per mode
/// and community. A compound whose mode was assumed by an earlier run (mode_assumed) is of
/// unknown mode again: it takes the mode asked for now, or stays unknown when none is. The
/// report lists the compounds given an assumed mode ("compounds_assumed").
Classification classify(const geo::District& district, const ClassifyParams& params,
                        Progress& progress);

/// Sets what classify() found: compounds' modes (and whether assumed) and communities,
/// buildings' compound_id and control.
void apply_classification(geo::District& district, const Classification& classification);

/// How a building is controlled, given the mode of the compound holding it (none: outside
/// every compound).
Control control_of(const geo::Building& building, std::optional<geo::CompoundMode> compound_mode,
                   const ClassifyParams& params);

} // namespace cordon::planner
