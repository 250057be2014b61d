#include "page_parts.hpp"

#include <cordon/render/staffing_chart.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cordon::render {

namespace {

using namespace detail::page;
using detail::SavedState;
using detail::set_source;

std::string tr(Language lang, const char* zh, const char* en) {
    return lang == Language::zh ? zh : en;
}

Rgba pool_colour(const std::string& pool) {
    if (pool == "property") return Rgba::hex(0x4e79a7);
    if (pool == "volunteers") return Rgba::hex(0x59a14f);
    if (pool == "social_workers") return Rgba::hex(0xedc948);
    if (pool == "staff") return Rgba::hex(0xe15759);
    return Rgba::hex(0x9c755f);
}

std::string number(double v) {
    char buf[32];
    if (std::abs(v - std::round(v)) < 0.05)
        std::snprintf(buf, sizeof buf, "%.0f", v);
    else
        std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

// A round step for the people axis: 1, 2 or 5 × 10^n giving at most `ticks` steps.
double axis_step(double top, int ticks) {
    if (top <= 0) return 1;
    const double raw = top / ticks;
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= raw) return std::max(1.0, m * p);
    return std::max(1.0, 10 * p);
}

} // namespace

bool StaffingByHour::empty() const {
    for (int h = 0; h < 24; ++h)
        if (total(h) > 0) return false;
    return true;
}

double StaffingByHour::total(int h) const {
    double sum = 0;
    for (const auto& [pool, people] : pools)
        sum += people[static_cast<std::size_t>(h)];
    return sum;
}

StaffingByHour staffing_by_hour(const nlohmann::json& hourly) {
    StaffingByHour out;
    if (!hourly.is_object() || !hourly.contains("pools")) return out;
    for (const auto& [pool, block] : hourly["pools"].items()) {
        std::array<double, 24> people{};
        const auto& row = block.value("people", nlohmann::json::array());
        for (std::size_t h = 0; h < 24 && h < row.size(); ++h)
            people[h] = row[h].get<double>();
        out.pools.emplace_back(pool, people);
    }
    // The pools in the order the plan names them (who staffs gates first).
    static const std::vector<std::string> order{"property", "volunteers", "social_workers",
                                                "staff"};
    auto rank = [](const std::string& p) {
        const auto it = std::find(order.begin(), order.end(), p);
        return static_cast<std::size_t>(it - order.begin());
    };
    std::stable_sort(out.pools.begin(), out.pools.end(),
                     [&](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
    out.crew_hours_per_day = hourly.value("crew_hours_per_day", 0.0);
    out.peak_hour = hourly.value("peak_hour", 0);
    out.peak_people = hourly.value("peak_people", 0.0);
    return out;
}

std::string pool_title(const std::string& pool, Language lang) {
    if (pool == "property") return tr(lang, "物业", "Property staff");
    if (pool == "volunteers") return tr(lang, "志愿者", "Volunteers");
    if (pool == "social_workers") return tr(lang, "社工", "Social workers");
    if (pool == "staff") return tr(lang, "街道干部（卡口）", "District staff (checkpoints)");
    return pool;
}

void draw_staffing_chart(cairo_t* cr, const StaffingByHour& s, double x, double y, double width,
                         double height, Language lang, double px, const std::string& font_family) {
    SavedState saved(cr);
    Text text(cr, font_family.empty() ? map_style().font_family : font_family);
    const double small = 8.5 * px, body = 9.5 * px;

    // Title and the day's totals.
    Extent t = text.set(tr(lang, "各时段在岗人数（24 小时）", "People on duty by hour of the day"),
                        10.5 * px, true, width);
    text.draw(x, y, k_ink);
    double top = y + t.height + 2 * px;
    char peak[64];
    std::snprintf(peak, sizeof peak, "%02d:00-%02d:00", s.peak_hour, s.peak_hour + 1);
    const std::string totals = lang == Language::zh
                                   ? "每日人·小时 " + number(s.crew_hours_per_day) + "；最忙时段 " +
                                         peak + "，" + number(s.peak_people) + " 人在岗"
                                   : "Crew-hours a day: " + number(s.crew_hours_per_day) +
                                         "; busiest hour " + peak + ", " + number(s.peak_people) +
                                         " on duty";
    t = text.set(totals, body, false, width);
    text.draw(x, top, k_grey);
    top += t.height + 6 * px;

    // Legend under the bars, one row.
    const double legend_h = small * 1.8;
    const double axis_label_w = text.set("0000", small).width + 4 * px;
    const double hour_label_h = text.set("00", small).height + 2 * px;
    const double plot_x = x + axis_label_w, plot_w = width - axis_label_w;
    const double plot_y = top, plot_h = height - (top - y) - hour_label_h - legend_h - 4 * px;
    if (plot_w <= 24 || plot_h <= 10) return;

    double most = 0;
    for (int h = 0; h < 24; ++h)
        most = std::max(most, s.total(h));
    const double step = axis_step(most, 4);
    const double axis_top = std::max(step, std::ceil(most / step) * step);
    auto y_of = [&](double people) { return plot_y + plot_h * (1 - people / axis_top); };

    // Grid lines and the people axis.
    cairo_set_line_width(cr, 0.5 * px);
    for (double v = 0; v <= axis_top + 1e-9; v += step) {
        set_source(cr, v == 0 ? k_ink : k_rule);
        cairo_move_to(cr, plot_x, y_of(v));
        cairo_line_to(cr, plot_x + plot_w, y_of(v));
        cairo_stroke(cr);
        const Extent e = text.set(number(v), small);
        text.draw(plot_x - e.width - 3 * px, y_of(v) - e.height / 2, k_grey);
    }
    // Stacked bars, one per hour.
    const double slot = plot_w / 24, bar = slot * 0.78;
    for (int h = 0; h < 24; ++h) {
        double base = 0;
        for (const auto& [pool, people] : s.pools) {
            const double v = people[static_cast<std::size_t>(h)];
            if (v <= 0) continue;
            cairo_rectangle(cr, plot_x + slot * h + (slot - bar) / 2, y_of(base + v), bar,
                            y_of(base) - y_of(base + v));
            set_source(cr, pool_colour(pool));
            cairo_fill(cr);
            base += v;
        }
    }
    // Hours along the bottom, every three.
    for (int h = 0; h <= 24; h += 3) {
        const Extent e = text.set(std::to_string(h), small);
        const double hx = std::clamp(plot_x + slot * h - e.width / 2, plot_x - e.width / 2,
                                     plot_x + plot_w - e.width);
        text.draw(hx, plot_y + plot_h + 2 * px, k_grey);
    }
    // The pools' legend.
    double lx = plot_x;
    const double ly = plot_y + plot_h + hour_label_h + 4 * px;
    for (const auto& [pool, people] : s.pools) {
        cairo_rectangle(cr, lx, ly + 1 * px, small, small);
        set_source(cr, pool_colour(pool));
        cairo_fill(cr);
        const Extent e = text.set(pool_title(pool, lang), small);
        text.draw(lx + small + 3 * px, ly, k_ink);
        lx += small + 3 * px + e.width + 10 * px;
    }
}

} // namespace cordon::render
