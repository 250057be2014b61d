#include <cordon/session/undo.hpp>

#include <utility>

namespace cordon::session {

void UndoStack::push(Entry entry) {
    m_entries.resize(m_done); // a new change drops what could be redone
    if (m_saved > static_cast<std::ptrdiff_t>(m_done)) m_saved = -1;
    m_entries.push_back(std::move(entry));
    ++m_done;
}

void UndoStack::apply(geo::District& district, const Edit& edit, std::string label) {
    apply(district, std::vector<Edit>{edit}, std::move(label));
}

void UndoStack::apply(geo::District& district, const std::vector<Edit>& edits, std::string label) {
    std::vector<Edit> inverses = apply_edits(district, edits);
    push({label.empty() ? describe(edits) : std::move(label), std::move(inverses), edits});
}

void UndoStack::record(geo::District before, std::string label) {
    push({std::move(label), std::make_shared<geo::District>(std::move(before)), Snapshot{}});
}

UndoStack::Action UndoStack::perform(geo::District& district, const Action& action) {
    if (const auto* edits = std::get_if<std::vector<Edit>>(&action))
        return apply_edits(district, *edits);
    auto other = std::make_shared<geo::District>(std::move(district));
    district = *std::get<Snapshot>(action);
    return other;
}

std::string UndoStack::undo_label() const {
    return can_undo() ? m_entries[m_done - 1].label : std::string();
}

std::string UndoStack::redo_label() const {
    return can_redo() ? m_entries[m_done].label : std::string();
}

void UndoStack::undo(geo::District& district) {
    if (!can_undo()) return;
    Entry& e = m_entries[m_done - 1];
    Action again = perform(district, e.undo);
    // Edits: the redo is the edit itself (kept); snapshots: the state just left.
    if (std::holds_alternative<Snapshot>(e.undo)) e.redo = std::move(again);
    --m_done;
}

void UndoStack::redo(geo::District& district) {
    if (!can_redo()) return;
    Entry& e = m_entries[m_done];
    e.undo = perform(district, e.redo); // the inverse as of now
    ++m_done;
}

void UndoStack::clear() {
    m_entries.clear();
    m_done = 0;
    m_saved = 0;
}

std::vector<std::string> UndoStack::done_labels() const {
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < m_done; ++i)
        labels.push_back(m_entries[i].label);
    return labels;
}

} // namespace cordon::session
