#pragma once
// The 24-hour staffing chart: people on duty in each hour of the day, by pool, as stacked
// bars, with the crew-hours a day. Drawn on any cairo context, so that the app's Figures
// panel and the printed atlas show the same chart.

#include <cordon/render/decorations.hpp>

#include <cairo.h>
#include <nlohmann/json.hpp>

#include <array>
#include <string>
#include <utility>
#include <vector>

namespace cordon::render {

/// People on duty per hour of the day (hour 0 = 00:00–01:00) by staff pool, as
/// planner::plan_staffing reports them in its "hourly" block (what `plan staffing --hourly`
/// writes as CSV).
struct StaffingByHour {
    std::vector<std::pair<std::string, std::array<double, 24>>> pools; ///< pool key, people
    double crew_hours_per_day = 0;
    int peak_hour = 0;
    double peak_people = 0;

    /// Nobody on duty in any hour: nothing to draw.
    bool empty() const;
    /// The people of every pool in hour `h`.
    double total(int h) const;
};

/// From the staffing report's "hourly" block; empty when the report has none.
StaffingByHour staffing_by_hour(const nlohmann::json& hourly);

/// A staff pool (property, volunteers, social_workers, staff) as the chart names it.
std::string pool_title(const std::string& pool, Language language);

/// Draws the chart in the box (x, y, width, height, device units): a title, the crew-hours a
/// day and the busiest hour, stacked bars per hour with the people axis and hour labels every
/// three hours, and a legend of the pools; texts in `language`, in `font_family` (empty: the
/// style table's). `px` is device units per reference pixel (1 on screen, 0.75 on PDF).
void draw_staffing_chart(cairo_t* cr, const StaffingByHour& staffing, double x, double y,
                         double width, double height, Language language, double px = 1.0,
                         const std::string& font_family = {});

} // namespace cordon::render
