#pragma once
// Undo and redo of everything the planner does to an open project: hand edits (kept as their
// inverses, so cheap) and plan runs (kept as a copy of the district before the run).

#include <cordon/geo/district.hpp>
#include <cordon/session/edit.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace cordon::session {

class UndoStack {
public:
    /// Applies `edit` to `district` and records it; throws (changing nothing) like apply_edit.
    void apply(geo::District& district, const Edit& edit, std::string label = {});
    /// Applies the edits of a selection as one step, undone in one ("set 3 compounds to
    /// patrol"); all or nothing like apply_edits.
    void apply(geo::District& district, const std::vector<Edit>& edits, std::string label = {});
    /// Records a change made by other means (a plan run) from the district as it was before.
    void record(geo::District before, std::string label);

    bool can_undo() const { return m_done > 0; }
    bool can_redo() const { return m_done < m_entries.size(); }
    /// What undo / redo would do ("close gate 12"); empty when nothing.
    std::string undo_label() const;
    std::string redo_label() const;

    void undo(geo::District& district);
    void redo(geo::District& district);

    /// Forgets everything (a new project was opened).
    void clear();
    /// The district as it is now was saved.
    void mark_saved() { m_saved = static_cast<std::ptrdiff_t>(m_done); }
    /// Whether the district differs from what was last saved (or opened).
    bool modified() const { return m_saved != static_cast<std::ptrdiff_t>(m_done); }
    std::size_t size() const { return m_entries.size(); }
    /// Labels of the entries done, oldest first.
    std::vector<std::string> done_labels() const;

private:
    using Snapshot = std::shared_ptr<geo::District>;
    using Action = std::variant<std::vector<Edit>, Snapshot>;
    struct Entry {
        std::string label;
        Action undo; ///< what brings the district back to before
        Action redo; ///< what does it again
    };
    static Action perform(geo::District& district, const Action& action);
    void push(Entry entry);

    std::vector<Entry> m_entries;
    std::size_t m_done = 0;
    std::ptrdiff_t m_saved = 0; ///< m_done when last saved; -1 when that state is gone
};

} // namespace cordon::session
