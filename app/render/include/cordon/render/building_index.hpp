#pragma once
// The boxes of a district's buildings, computed once and kept in a uniform grid, so that a
// redraw visits only the buildings in view and does not work out every building's box again
// (1 million buildings). The desktop app keeps one per district it shows and hands it to
// render_map through RenderOptions::building_index.

#include <cordon/geo/district.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cordon::render {

class BuildingIndex {
public:
    explicit BuildingIndex(const geo::District& district);

    /// Whether it was built from these buildings: the same vector, of the same size. (Hand
    /// edits never move a building; a plan run or an undo replaces the vector.)
    bool matches(const geo::District& district) const {
        return district.buildings.data() == m_data && district.buildings.size() == m_boxes.size();
    }
    const geo::Box& box(std::size_t i) const { return m_boxes[i]; }
    std::size_t size() const { return m_boxes.size(); }
    /// The buildings whose box meets `box`, ascending (the order they are drawn in).
    std::vector<std::uint32_t> query(const geo::Box& box) const;

private:
    const geo::Building* m_data = nullptr;
    std::vector<geo::Box> m_boxes;
    geo::Box m_extent;
    int m_nx = 0, m_ny = 0;
    double m_cell = 1;
    std::vector<std::uint32_t> m_start; ///< per cell: its first entry in m_items (CSR)
    std::vector<std::uint32_t> m_items; ///< building indices, cell by cell
};

} // namespace cordon::render
