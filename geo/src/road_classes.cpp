#include <cordon/geo/road_classes.hpp>

#include <map>

namespace cordon::geo {

std::optional<RoadClassRule> road_class_rule(const std::string& cls) {
    static const std::map<std::string, std::optional<RoadClassRule>> rules{
        {"motorway", RoadClassRule{true, false, 6}},
        {"motorway_link", RoadClassRule{true, false, 6}},
        {"trunk", RoadClassRule{true, true, 5}},
        {"trunk_link", RoadClassRule{true, true, 5}},
        {"primary", RoadClassRule{true, true, 4}},
        {"primary_link", RoadClassRule{true, true, 4}},
        {"secondary", RoadClassRule{true, true, 3}},
        {"secondary_link", RoadClassRule{true, true, 3}},
        {"tertiary", RoadClassRule{true, true, 2}},
        {"tertiary_link", RoadClassRule{true, true, 2}},
        {"unclassified", RoadClassRule{true, true, 1}},
        {"residential", RoadClassRule{true, true, 1}},
        {"living_street", RoadClassRule{true, true, 1}},
        {"service", RoadClassRule{true, true, 1}},
        {"road", RoadClassRule{true, true, 1}},
        {"track", RoadClassRule{true, true, 1}},
        {"pedestrian", RoadClassRule{false, true, 0}},
        {"footway", RoadClassRule{false, true, 0}},
        {"path", RoadClassRule{false, true, 0}},
        {"steps", RoadClassRule{false, true, 0}},
        {"corridor", RoadClassRule{false, true, 0}},
        {"bridleway", RoadClassRule{false, true, 0}},
        {"cycleway", RoadClassRule{false, true, 0}},
        {"proposed", std::nullopt},
        {"construction", std::nullopt},
        {"abandoned", std::nullopt},
        {"disused", std::nullopt},
        {"platform", std::nullopt},
        {"raceway", std::nullopt},
        {"bus_stop", std::nullopt},
        {"elevator", std::nullopt},
        {"rest_area", std::nullopt},
        {"services", std::nullopt},
        {"escape", std::nullopt},
        {"bus_guideway", std::nullopt},
    };
    auto it = rules.find(cls);
    if (it == rules.end()) return RoadClassRule{true, true, 1};
    return it->second;
}

} // namespace cordon::geo
