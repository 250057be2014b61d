#pragma once
// What each road class (OSM highway=* values; other sources map theirs onto these) allows.

#include <optional>
#include <string>

namespace cordon::geo {

struct RoadClassRule {
    bool drivable = true;
    bool walkable = true;
    int rank = 0; ///< importance for drawing and labelling: 0 = footpath … 6 = motorway
};

/// The rule for a class, or nothing when roads of that class are not imported
/// (proposed, construction, abandoned, platform, raceway…). Unknown classes are treated as
/// minor drivable roads.
std::optional<RoadClassRule> road_class_rule(const std::string& cls);

} // namespace cordon::geo
