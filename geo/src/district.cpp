#include <cordon/geo/district.hpp>
#include <cordon/geo/error.hpp>

#include <array>
#include <utility>

namespace cordon::geo {

namespace {

template <typename Enum, std::size_t N>
const char* name_of(Enum value, const std::array<std::pair<Enum, const char*>, N>& names) {
    for (const auto& [v, name] : names)
        if (v == value) return name;
    return "?";
}

template <typename Enum, std::size_t N>
Enum parse(const std::string& text, const std::array<std::pair<Enum, const char*>, N>& names,
           const std::string& what) {
    for (const auto& [v, name] : names)
        if (text == name) return v;
    std::string expected;
    for (const auto& [v, name] : names)
        expected += (expected.empty() ? "" : ", ") + std::string(name);
    throw InputError(what + ": '" + text + "' is not one of " + expected);
}

constexpr std::array<std::pair<CompoundMode, const char*>, 4> mode_names{{
    {CompoundMode::unknown, "unknown"},
    {CompoundMode::closed, "closed"},
    {CompoundMode::guarded, "guarded"},
    {CompoundMode::patrol, "patrol"},
}};
constexpr std::array<std::pair<GateKind, const char*>, 3> gate_kind_names{{
    {GateKind::pedestrian, "pedestrian"},
    {GateKind::vehicle, "vehicle"},
    {GateKind::both, "both"},
}};
constexpr std::array<std::pair<GateState, const char*>, 2> gate_state_names{{
    {GateState::open, "open"},
    {GateState::closed, "closed"},
}};
constexpr std::array<std::pair<CheckpointKind, const char*>, 3> checkpoint_kind_names{{
    {CheckpointKind::vehicle, "vehicle"},
    {CheckpointKind::registration, "registration"},
    {CheckpointKind::barrier, "barrier"},
}};

} // namespace

const char* to_string(CompoundMode mode) {
    return name_of(mode, mode_names);
}
const char* to_string(GateKind kind) {
    return name_of(kind, gate_kind_names);
}
const char* to_string(GateState state) {
    return name_of(state, gate_state_names);
}
const char* to_string(CheckpointKind kind) {
    return name_of(kind, checkpoint_kind_names);
}

CompoundMode compound_mode_from(const std::string& text, const std::string& what) {
    return parse(text, mode_names, what);
}
GateKind gate_kind_from(const std::string& text, const std::string& what) {
    return parse(text, gate_kind_names, what);
}
GateState gate_state_from(const std::string& text, const std::string& what) {
    return parse(text, gate_state_names, what);
}
CheckpointKind checkpoint_kind_from(const std::string& text, const std::string& what) {
    return parse(text, checkpoint_kind_names, what);
}

namespace {
/// Bounds of where people live: communities, compounds, buildings and gates.
Box settled_extent(const District& d) {
    Box box;
    for (const auto& c : d.communities)
        box.expand(bounds(c.geom));
    for (const auto& c : d.compounds)
        box.expand(bounds(c.geom));
    for (const auto& b : d.buildings)
        box.expand(bounds(b.geom));
    for (const auto& g : d.gates)
        box.expand(g.pos);
    return box;
}
} // namespace

Box District::extent() const {
    Box box = settled_extent(*this);
    for (const auto& r : roads)
        box.expand(bounds(r.geom));
    for (const auto& b : boundary)
        box.expand(bounds(b.geom));
    return box;
}

Box District::focus_extent() const {
    const Box box = settled_extent(*this);
    return box.empty() ? extent() : box;
}

} // namespace cordon::geo
