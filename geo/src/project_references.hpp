#pragma once
// Ids in a project naming rows that are not there (project_references.cpp).

#include <cordon/geo/district.hpp>

#include <string>

namespace cordon::geo::detail {

/// Ids naming rows that are not there (a building's zone 99999): listed as a warning in
/// `d.meta.warnings` and read as none; a route of no zone and a network edge to no node are
/// left out. InputError when the network's nodes are not numbered 1..N.
void drop_dangling_ids(District& d, const std::string& path);

} // namespace cordon::geo::detail
