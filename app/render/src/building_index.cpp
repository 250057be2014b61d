#include <cordon/render/building_index.hpp>

#include <algorithm>
#include <cmath>

namespace cordon::render {

namespace {

/// Cells a box covers, clamped to the grid.
struct CellRange {
    int x0, y0, x1, y1;
};

} // namespace

BuildingIndex::BuildingIndex(const geo::District& district) : m_data(district.buildings.data()) {
    m_boxes.reserve(district.buildings.size());
    for (const auto& b : district.buildings) {
        m_boxes.push_back(geo::bounds(b.geom));
        if (!m_boxes.back().empty()) m_extent.expand(m_boxes.back());
    }
    if (m_extent.empty()) return;
    // About 4 buildings a cell, at most 1024 cells a side.
    const double side = std::sqrt(static_cast<double>(m_boxes.size()) / 4.0);
    const int n = std::clamp(static_cast<int>(side), 1, 1024);
    m_cell = std::max({m_extent.width(), m_extent.height(), 1.0}) / n;
    m_nx = std::max(1, static_cast<int>(std::ceil(m_extent.width() / m_cell)));
    m_ny = std::max(1, static_cast<int>(std::ceil(m_extent.height() / m_cell)));
    auto range = [&](const geo::Box& b) {
        auto cx = [&](double x) {
            return std::clamp(static_cast<int>((x - m_extent.minx) / m_cell), 0, m_nx - 1);
        };
        auto cy = [&](double y) {
            return std::clamp(static_cast<int>((y - m_extent.miny) / m_cell), 0, m_ny - 1);
        };
        return CellRange{cx(b.minx), cy(b.miny), cx(b.maxx), cy(b.maxy)};
    };
    const std::size_t cells = static_cast<std::size_t>(m_nx) * static_cast<std::size_t>(m_ny);
    std::vector<std::uint32_t> count(cells + 1, 0);
    for (const auto& b : m_boxes) {
        if (b.empty()) continue;
        const CellRange r = range(b);
        for (int y = r.y0; y <= r.y1; ++y)
            for (int x = r.x0; x <= r.x1; ++x)
                ++count[static_cast<std::size_t>(y) * static_cast<std::size_t>(m_nx) +
                        static_cast<std::size_t>(x) + 1];
    }
    for (std::size_t c = 1; c <= cells; ++c)
        count[c] += count[c - 1];
    m_start = count;
    m_items.resize(count[cells]);
    for (std::uint32_t i = 0; i < m_boxes.size(); ++i) {
        if (m_boxes[i].empty()) continue;
        const CellRange r = range(m_boxes[i]);
        for (int y = r.y0; y <= r.y1; ++y)
            for (int x = r.x0; x <= r.x1; ++x)
                m_items[count[static_cast<std::size_t>(y) * static_cast<std::size_t>(m_nx) +
                              static_cast<std::size_t>(x)]++] = i;
    }
}

std::vector<std::uint32_t> BuildingIndex::query(const geo::Box& box) const {
    std::vector<std::uint32_t> out;
    if (m_start.empty() || box.empty() || !box.intersects(m_extent)) return out;
    const int x0 = std::clamp(static_cast<int>((box.minx - m_extent.minx) / m_cell), 0, m_nx - 1);
    const int x1 = std::clamp(static_cast<int>((box.maxx - m_extent.minx) / m_cell), 0, m_nx - 1);
    const int y0 = std::clamp(static_cast<int>((box.miny - m_extent.miny) / m_cell), 0, m_ny - 1);
    const int y1 = std::clamp(static_cast<int>((box.maxy - m_extent.miny) / m_cell), 0, m_ny - 1);
    const double share = static_cast<double>(x1 - x0 + 1) * (y1 - y0 + 1) / (double(m_nx) * m_ny);
    if (share > 0.5) { // most of the district: a straight pass is quicker than the grid
        for (std::uint32_t i = 0; i < m_boxes.size(); ++i)
            if (box.intersects(m_boxes[i])) out.push_back(i);
        return out;
    }
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) {
            const std::size_t c = static_cast<std::size_t>(y) * static_cast<std::size_t>(m_nx) +
                                  static_cast<std::size_t>(x);
            for (std::uint32_t k = m_start[c]; k < m_start[c + 1]; ++k)
                if (box.intersects(m_boxes[m_items[k]])) out.push_back(m_items[k]);
        }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

} // namespace cordon::render
