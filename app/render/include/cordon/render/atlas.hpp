#pragma once
// The printed patrol atlas: an overview page of the district and one page per patrol zone
// (map at a round 1:N scale, numbered buildings, the route with its start, gates,
// checkpoints, legend, scale bar, north arrow, team and leader fields, the building list
// continued on extra pages, and with a household register its visit sheet, 入户排查表), drawn
// by the one map renderer on a cairo PDF surface.

#include <cordon/geo/district.hpp>
#include <cordon/geo/progress.hpp>
#include <cordon/render/decorations.hpp>
#include <cordon/render/staffing_chart.hpp>

#include <cairo.h>
#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace cordon::render {

enum class Paper { a4, a3 };

/// One line of the overview's figures: a label and its value, already in the page language.
struct AtlasFigure {
    std::string label;
    std::string value;
};

struct AtlasOptions {
    Paper paper = Paper::a4;
    bool landscape = false;
    Language language = Language::zh;
    /// Zones to print, by name or id; empty: every zone.
    std::vector<std::string> zones;
    std::string title;     ///< empty: "巡查图册" / "Patrol atlas"
    std::string plan_name; ///< shown under the title (the project's name, a scenario)
    std::string date;      ///< empty: today (local time, YYYY-MM-DD)
    /// The plan's figures for the overview page (the caller computes them, e.g. from
    /// session::plan_figures).
    std::vector<AtlasFigure> figures;
    /// People on duty per hour of the day (staffing_by_hour of the plan figures'
    /// "staffing_by_hour"): drawn as the 24-hour chart under the figures; empty: no chart.
    StaffingByHour staffing;
    /// The CJK font every text is set in; empty: the style table's (WenQuanYi Micro Hei).
    std::string font_family;
    /// Told after each page ("atlas page", pages done / pages); its cancel stops the atlas
    /// (Cancelled is thrown, write_atlas leaves no file). Called by one drawing thread at a
    /// time. Not owned; null: none.
    Progress* progress = nullptr;
    /// write_atlas: how many threads draw the atlas at the same time, each taking the next
    /// zone not yet drawn into a PDF of its own, joined in page order at the end (the pages
    /// are the same as drawn by one). 0: one per core (at most 8) for at least 4 pages each;
    /// never more than the zones + 1.
    int threads = 0;
    /// The project's basemaps under the maps (issue 18), at `basemap_dpi`, their attribution
    /// printed in the map frame's corner.
    bool basemaps = true;
    /// Basemaps in a light grey (grey scale, 45 % of their opacity) so that the plan's
    /// colours read over them: the atlas's default; false: as their settings say.
    bool basemap_faded = true;
    double basemap_dpi = 100;
};

/// What one zone got in the atlas.
struct AtlasZonePage {
    geo::Id zone_id = 0;
    std::string name;
    int first_page = 0;  ///< 1-based page number of its map page
    int pages = 0;       ///< its map page, the continuation pages of its list, its detail sheets,
                         ///< its visit sheet
    int visit_pages = 0; ///< pages of its visit sheet (入户排查表): none without a register
    double scale_denominator = 0; ///< the round N of 1:N its map is drawn at
    int buildings = 0;            ///< numbered buildings in its list
    int numbers_skipped = 0; ///< numbers that found no free place (set over others, still shown)
    /// Detail sheets (分图): pages of their own for parts of a zone whose building numbers do
    /// not read on its map page (too many, too close, or too far apart for one page's scale).
    int sheets = 0;
};

/// What write_atlas made.
struct AtlasReport {
    int pages = 0;
    int overview_pages = 0; ///< the overview and the continuation pages of its zone table
    double overview_scale_denominator = 0;
    std::vector<AtlasZonePage> zones;
    double seconds = 0; ///< wall time of drawing and writing the pages (write_atlas: from
                        ///< opening the PDF to closing it; not loading the project)
    /// Basemaps that could not be drawn ("basemap 'NAME' (FILE): ..."): the pages are drawn
    /// without them.
    std::vector<std::string> warnings;
};

/// The report as JSON (pages, overview, scale, seconds, per zone its pages, scale, buildings
/// and numbers_skipped): what `cordon-cli print --json` writes and the desktop app reports.
nlohmann::json atlas_report_json(const AtlasReport& report);

/// The overview's figure lines from session::plan_figures() JSON (zones, households, balance,
/// gates, checkpoints, people per day), in `language`.
std::vector<AtlasFigure> atlas_figures(const nlohmann::json& plan_figures, Language language);

/// Page size in points (1/72 inch) for `paper` and orientation.
Extent page_size(Paper paper, bool landscape);

/// Throws cordon::Error when `family` (empty: the style table's CJK font) is not installed,
/// naming the Debian package to install (fonts-wqy-microhei), so an atlas never shows boxes
/// for Chinese text.
void require_font(const std::string& family = {});

/// Resolves `options.zones` (names or ids) to zone ids in the district's order; every zone
/// when the list is empty. Throws InputError naming an unknown zone and listing the known ones.
std::vector<geo::Id> atlas_zone_ids(const geo::District& district, const AtlasOptions& options);

/// Draws the whole atlas on `cr`, whose target is a paged surface (PDF) of page_size(): the
/// overview, then per zone its map page and its list's continuation pages, each ended by
/// cairo_show_page. The desktop app's print preview uses the same call on its own surface.
AtlasReport draw_atlas(cairo_t* cr, const geo::District& district, const AtlasOptions& options);

/// Writes the atlas as a PDF at `path` (fonts embedded, text searchable); all or nothing:
/// the file is written beside `path` and replaces an earlier one only when complete.
/// Throws InputError naming `path` when it cannot be written (the system's reason), and
/// cordon::Error when the CJK font is missing. `before_commit`, when given, gets the report
/// before the file is put in place (a caller's side outputs).
AtlasReport write_atlas(const geo::District& district, const std::string& path,
                        const AtlasOptions& options,
                        const std::function<void(const AtlasReport&)>& before_commit = {});

} // namespace cordon::render
