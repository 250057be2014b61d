#pragma once
// The planner's hand edits of a plan, as values: open or close a gate, change a compound's
// mode, move buildings to another zone, add / move / delete a checkpoint, close or reopen a
// road. Applying an edit returns its inverse, which is what undo applies. The GUI and the CLI
// both edit through these calls; the figures an edit changes come from plan_figures().

#include <cordon/geo/district.hpp>
#include <cordon/geo/progress.hpp>
#include <cordon/planner/staffing.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace cordon::session {

struct SetGateState {
    geo::Id gate = 0;
    geo::GateState state = geo::GateState::open;
    std::optional<std::string> reason; ///< none: "set by hand: open|closed"
};

struct SetCompoundMode {
    geo::Id compound = 0;
    geo::CompoundMode mode = geo::CompoundMode::unknown;
    /// The control of the compound's buildings to set exactly (filled in by inverses); empty:
    /// worked out from the new mode as classify does.
    std::vector<std::pair<geo::Id, std::string>> controls;
    /// Whether the mode set is an assumed one (Compound::mode_assumed): only inverses restore
    /// one; a mode the planner sets is theirs.
    bool assumed = false;
};

struct MoveBuildings {
    /// (building, zone it moves to; nullopt: out of every zone)
    std::vector<std::pair<geo::Id, std::optional<geo::Id>>> moves;

    /// Moves every building of `buildings` to `zone`.
    static MoveBuildings to(const std::vector<geo::Id>& buildings, std::optional<geo::Id> zone);
};

struct AddCheckpoint {
    geo::Checkpoint checkpoint; ///< id 0: the next free id
};

struct MoveCheckpoint {
    geo::Id checkpoint = 0;
    geo::Point pos;
};

struct DeleteCheckpoint {
    geo::Id checkpoint = 0;
};

/// A closed road carries no one: it is neither walkable nor drivable (and nor are its network
/// edges) until reopened, when its own flags come back. Closed roads are listed in the
/// project's parameters under "closed_roads" so they survive saving.
struct SetRoadClosed {
    geo::Id road = 0;
    bool closed = true;
};

/// An attribute of one feature, as the attribute form edits it: of a building its name,
/// number, address, category, households or floors (households and floors set by hand are
/// no longer estimated; the zone holding the building is recounted); of a compound its name
/// or manager (its mode is SetCompoundMode); of a gate its name; of a zone its name or team.
struct SetAttribute {
    std::string layer; ///< "buildings", "checkpoints", "compounds", "gates" or "zones"
    geo::Id id = 0;
    std::string field;
    /// A string for text fields, a number for households, floors and crew; the inverse of a
    /// checkpoint's periods edit: {"periods", "hours", "crew"}.
    nlohmann::json value;
    /// Filled in by inverses: whether the value was estimated (households, floors).
    std::optional<bool> estimated;
};

/// Whether a building is a home, in the planner's own word: "not a home" takes it out of
/// the plan (control not_home, out of its zone, its households no longer counted); "a home"
/// gives it the control of its compound's mode (patrol outside compounds). The word is kept
/// in the project (parameter "homes_by_hand") and classify honours it on every run.
struct SetHome {
    geo::Id building = 0;
    bool home = false;
    /// Filled in by inverses: what to restore exactly (control, zone, the planner's earlier
    /// word or none).
    struct Before {
        std::string control;
        std::optional<geo::Id> zone;
        std::optional<bool> by_hand;
    };
    std::optional<Before> restore;
};

using Edit = std::variant<SetGateState, SetCompoundMode, MoveBuildings, AddCheckpoint,
                          MoveCheckpoint, DeleteCheckpoint, SetRoadClosed, SetAttribute, SetHome>;

/// The fields SetAttribute can set on `layer` (empty: none on that layer).
std::vector<std::string> editable_fields(const std::string& layer);

/// The attribute form's edits of features `ids` of `layer`, one field at a time: (field,
/// value as typed) pairs; "home" (yes / no) on buildings is SetHome, "mode" on compounds
/// SetCompoundMode, the others SetAttribute (households and floors read as numbers). Read as
/// `cordon-cli edit` reads its JSON; throws InputError naming the field on a bad value.
std::vector<Edit> attribute_edits(const std::string& layer, const std::vector<geo::Id>& ids,
                                  const std::vector<std::pair<std::string, std::string>>& fields);

/// The planner's word on buildings' being homes, from the project (building → home).
/// Throws InputError naming the project row when what it holds is not such a table.
std::map<geo::Id, bool> homes_by_hand(const geo::District& district);

/// Applies `edit` to `district` and returns the edit that undoes it. Throws InputError
/// naming the feature when an id is unknown, or a checkpoint would lie more than 2 km outside
/// the extent of the district's features; the district is then unchanged.
Edit apply_edit(geo::District& district, const Edit& edit);

/// Applies the edits of a selection in order as one change, all or nothing: when one throws,
/// those already applied are undone and the district is as before. Returns the edits that
/// undo them all, in the order to apply them.
std::vector<Edit> apply_edits(geo::District& district, const std::vector<Edit>& edits);

/// One line in English saying what the edit does ("close gate 12"), for history and the CLI.
std::string describe(const Edit& edit);
/// The same for the edits of a selection made in one step ("set 3 compounds to patrol").
std::string describe(const std::vector<Edit>& edits);

/// The edit as JSON ({"edit": "gate", "id": 12, "state": "closed"}) and back; from_json
/// throws InputError on anything it cannot read: ids must be whole numbers from 1 (0 for a
/// new checkpoint: the next free id) to 2^63−1, coordinates finite numbers. The CLI reads
/// edits in this form.
nlohmann::json edit_to_json(const Edit& edit);
Edit edit_from_json(const nlohmann::json& json);

/// One JSON edit as the edits it stands for: an edit of a gate, compound, road, checkpoint
/// deletion, attribute or home may name many features as "ids": [3, 4, 5] instead of "id",
/// one edit each. Attributes: {"edit": "set-attribute", "layer": "buildings", "ids": [..],
/// "field": "households", "value": 0}; homes: {"edit": "set-home", "ids": [..], "home": false}.
std::vector<Edit> edit_group_from_json(const nlohmann::json& json);

/// A JSON array of edits (or one edit object), every one read before any is applied, one
/// group per JSON edit; errors name `what` (the file) and the edit's number.
std::vector<std::vector<Edit>> edit_groups_from_json(const nlohmann::json& edits,
                                                     const std::string& what);
/// The same, the groups one after another.
std::vector<Edit> edits_from_json(const nlohmann::json& edits, const std::string& what);

/// The roads closed by hand (ids, ascending). Throws InputError naming the project row and key
/// when what the project holds is not such a list.
std::vector<geo::Id> closed_roads(const geo::District& district);

/// The figures an edit can change, computed from the layers as they are (no planning):
/// zones with their households and buildings and the balance, gates open / closed, closed
/// and guarded compounds left without an open gate (all closed, or none at all), compounds
/// of unknown mode and those whose mode is assumed (compounds_mode_assumed), checkpoints and their
/// crew, closed roads, buildings to patrol that no zone holds, and the staffing need. Fast: a few
/// ms on a district.
nlohmann::json plan_figures(const geo::District& district,
                            const planner::StaffingParams& staffing = {});

/// Whether a JSON edit selects its features by expression or area (see resolve_selections).
bool names_a_selection(const nlohmann::json& edit);
/// The JSON edits with their selections worked out on `district`: an edit may name its
/// features by expression ("where": "name LIKE '%院%'", geo::select_where over the edit's
/// layer) or by area ("inside_zone": 3, "inside_community": 1, or "inside": [[x, y], ...] a
/// polygon in the project's CRS; geo::select_inside), and gets "ids" in place of them. Throws
/// InputError naming `source`, the edit's number and the expression when it cannot be read
/// or selects nothing.
nlohmann::json resolve_selections(const nlohmann::json& edits, const geo::District& district,
                                  const std::string& source);

/// Applies `edits` (a JSON array of edits) to the project at `path` and saves it, recording
/// the edits in its history; all or nothing. Selections by expression or area are worked out
/// on the project as it is (resolve_selections); `described`, when given, gets one line per
/// JSON edit ("set 12 compounds to guarded"). Returns the figures after the edits. Errors name
/// `source` (where the edits came from) and the edit's number. `before_save`, when given,
/// gets the figures after the edits and before the project is written (a caller's side
/// outputs); if it throws, the project is left as it was.
nlohmann::json edit_project(const std::string& path, const nlohmann::json& edits,
                            Progress& progress, const std::string& source = "edits",
                            const std::function<void(const nlohmann::json&)>& before_save = {},
                            std::vector<std::string>* described = nullptr);

} // namespace cordon::session
