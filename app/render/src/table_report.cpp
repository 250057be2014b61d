#include "cairo_util.hpp"
#include "page_parts.hpp"

#include <cordon/geo/output_file.hpp>
#include <cordon/render/atlas.hpp>
#include <cordon/render/style.hpp>
#include <cordon/render/table_report.hpp>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace cordon::render {

namespace {

using namespace detail::page;

constexpr double k_page_margin = 36;     // ~13 mm
constexpr double k_measured_rows = 2000; // the widths of a long table from its first rows

/// A count, a share or a date: digits with , . % - / only.
bool is_number(const std::string& s) {
    bool digit = false;
    for (char c : s) {
        if (std::isdigit(static_cast<unsigned char>(c)))
            digit = true;
        else if (c != ',' && c != '.' && c != '%' && c != '-' && c != '/')
            return false;
    }
    return digit;
}

/// The table's columns in `width`: as wide as their text (a third of the width at most),
/// then stretched or shrunk together to fill it; numbers set right.
Table columns_of(Text& text, const ReportTable& t, double width) {
    const std::size_t n = t.columns.size();
    std::vector<double> w(n);
    std::vector<bool> numbers(n, true);
    for (std::size_t c = 0; c < n; ++c)
        w[c] = text.set(t.columns[c], k_list_font, true).width + 8;
    for (std::size_t r = 0; r < t.rows.size() && r < k_measured_rows; ++r)
        for (std::size_t c = 0; c < n && c < t.rows[r].size(); ++c) {
            const std::string& cell = t.rows[r][c];
            if (cell.empty()) continue;
            w[c] = std::max(w[c], text.set(cell, k_list_font, c == 0).width + 8);
            numbers[c] = numbers[c] && is_number(cell);
        }
    double sum = 0;
    for (double& x : w)
        sum += x = std::min(x, width / 3);
    Table table;
    table.band_width = width; // one band across the page
    for (std::size_t c = 0; c < n; ++c)
        table.columns.push_back(
            {t.columns[c], sum > 0 ? w[c] * width / sum : width / n, numbers[c] && c > 0});
    return table;
}

} // namespace

int write_table_report(const TableReport& report, const std::string& path, Language language) {
    require_font();
    const bool zh = language == Language::zh;
    const Extent size = page_size(Paper::a4, false);
    const double width = size.width - 2 * k_page_margin;
    const double bottom = size.height - k_page_margin - 14; // above the page number
    geo::OutputFile out(path);
    PdfToFile pdf(out, size);
    detail::ContextPtr cr(cairo_create(pdf.surface()));
    Text text(cr.get(), map_style().font_family);
    int page = 0;
    double y = 0;
    const auto end_page = [&] {
        text.set(zh ? "第 " + std::to_string(page) + " 页" : "Page " + std::to_string(page), 8);
        text.draw((size.width - text.size().width) / 2, size.height - k_page_margin, k_grey);
        cairo_show_page(cr.get());
    };
    const auto new_page = [&] {
        if (page > 0) end_page();
        ++page;
        y = k_page_margin;
    };
    new_page();
    y += text.set(report.title, 16, true, width).height + 4;
    text.draw(k_page_margin, k_page_margin, k_ink);
    if (!report.subtitle.empty()) {
        const double h = text.set(report.subtitle, 9, false, width).height;
        text.draw(k_page_margin, y, k_grey);
        y += h;
    }
    y += 14;
    for (const ReportTable& t : report.tables) {
        const Table table = columns_of(text, t, width);
        // The name, the header and a first row together, on a new page if need be.
        if (y + 16 + k_row * 2.3 > bottom) new_page();
        text.set(t.name, 11, true, width);
        text.draw(k_page_margin, y, k_ink);
        y += 16;
        if (t.rows.empty()) {
            text.set(zh ? "（无）" : "(none)", k_list_font);
            text.draw(k_page_margin, y, k_grey);
            y += k_row + 14;
            continue;
        }
        for (std::size_t done = 0; done < t.rows.size();) {
            const int drawn =
                table.draw(text, cr.get(), {k_page_margin, y, width, bottom - y}, t.rows, done);
            done += static_cast<std::size_t>(drawn);
            y += k_row * 1.3 + k_row * drawn;
            if (done < t.rows.size()) {
                new_page();
                text.set(t.name + (zh ? "（续）" : " (continued)"), 9, true, width);
                text.draw(k_page_margin, y, k_grey);
                y += 13;
            }
        }
        y += 14;
    }
    end_page();
    cr.reset();
    pdf.finish(path);
    out.commit();
    return page;
}

} // namespace cordon::render
