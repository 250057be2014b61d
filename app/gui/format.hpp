#pragma once
// Numbers and dates as the planner's language writes them.

#include <wx/string.h>

#include <string>

namespace cordon::gui {

enum class UiLanguage { en, zh };
UiLanguage CurrentLanguage();
void SetCurrentLanguage(UiLanguage language);

/// 12,345.6 with `decimals` digits (both languages group by thousands with commas; Chinese
/// large counts read 1.2万 only in prose, tables keep digits).
wxString FormatNumber(double value, int decimals = 0);
/// A percentage: 4.3 %  /  4.3%.
wxString FormatPercent(double fraction, int decimals = 1);
/// An ISO 8601 UTC time ("2024-05-03T06:05:00Z") in local time: "3 May 2024 14:05" or
/// "2024年5月3日 14:05". Unreadable text comes back as it is.
wxString FormatDateTime(const std::string& iso);

} // namespace cordon::gui

namespace cordon::gui {
/// Longitude/latitude (degrees, WGS 84) of a point of a WGS 84 / UTM project (EPSG 326NN /
/// 327NN); nothing for other CRSs.
bool UtmToLonLat(int epsg, double x, double y, double& lon, double& lat);
} // namespace cordon::gui
