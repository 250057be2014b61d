#include "format.hpp"

#include <wx/datetime.h>

#include <cmath>
#include <cstdio>

namespace cordon::gui {

namespace {
UiLanguage g_language = UiLanguage::en;
}

UiLanguage CurrentLanguage() {
    return g_language;
}

void SetCurrentLanguage(UiLanguage language) {
    g_language = language;
}

wxString FormatNumber(double value, int decimals) {
    if (!std::isfinite(value)) return "-";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, std::abs(value));
    std::string digits(buf);
    const auto dot = digits.find('.');
    std::string whole = digits.substr(0, dot);
    const std::string frac = dot == std::string::npos ? "" : digits.substr(dot);
    std::string grouped;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
        grouped += whole[i];
    }
    const bool negative = value < 0 && std::abs(value) >= 0.5 * std::pow(10.0, -decimals);
    return wxString::FromUTF8((negative ? "-" : "") + grouped + frac);
}

wxString FormatPercent(double fraction, int decimals) {
    const wxString n = FormatNumber(fraction * 100, decimals);
    return g_language == UiLanguage::zh ? n + "%" : n + " %";
}

wxString FormatDateTime(const std::string& iso) {
    wxDateTime t;
    const wxString text = wxString::FromUTF8(iso);
    if (!t.ParseISOCombined(text.BeforeLast('Z').empty() ? text : text.BeforeLast('Z'), 'T'))
        return text;
    t.MakeFromUTC();
    if (g_language == UiLanguage::zh)
        return wxString::Format(wxString::FromUTF8("%d年%d月%d日 %02d:%02d"), t.GetYear(),
                                static_cast<int>(t.GetMonth()) + 1, t.GetDay(), t.GetHour(),
                                t.GetMinute());
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return wxString::Format("%d %s %d %02d:%02d", t.GetDay(), months[t.GetMonth()], t.GetYear(),
                            t.GetHour(), t.GetMinute());
}

} // namespace cordon::gui

namespace cordon::gui {

bool UtmToLonLat(int epsg, double x, double y, double& lon, double& lat) {
    const bool north = epsg > 32600 && epsg <= 32660, south = epsg > 32700 && epsg <= 32760;
    if (!north && !south) return false;
    const int zone = epsg % 100;
    // Inverse transverse Mercator (Snyder, USGS PP 1395, p. 63), WGS 84.
    const double a = 6378137.0, f = 1 / 298.257223563, k0 = 0.9996;
    const double e2 = f * (2 - f), ep2 = e2 / (1 - e2);
    const double xx = x - 500000.0, yy = south ? y - 10000000.0 : y;
    const double m = yy / k0;
    const double mu = m / (a * (1 - e2 / 4 - 3 * e2 * e2 / 64 - 5 * e2 * e2 * e2 / 256));
    const double e1 = (1 - std::sqrt(1 - e2)) / (1 + std::sqrt(1 - e2));
    const double phi1 = mu + (3 * e1 / 2 - 27 * std::pow(e1, 3) / 32) * std::sin(2 * mu) +
                        (21 * e1 * e1 / 16 - 55 * std::pow(e1, 4) / 32) * std::sin(4 * mu) +
                        (151 * std::pow(e1, 3) / 96) * std::sin(6 * mu);
    const double n1 = a / std::sqrt(1 - e2 * std::sin(phi1) * std::sin(phi1));
    const double t1 = std::tan(phi1) * std::tan(phi1);
    const double c1 = ep2 * std::cos(phi1) * std::cos(phi1);
    const double r1 = a * (1 - e2) / std::pow(1 - e2 * std::sin(phi1) * std::sin(phi1), 1.5);
    const double d = xx / (n1 * k0);
    const double phi =
        phi1 -
        (n1 * std::tan(phi1) / r1) *
            (d * d / 2 - (5 + 3 * t1 + 10 * c1 - 4 * c1 * c1 - 9 * ep2) * std::pow(d, 4) / 24 +
             (61 + 90 * t1 + 298 * c1 + 45 * t1 * t1 - 252 * ep2 - 3 * c1 * c1) * std::pow(d, 6) /
                 720);
    const double lambda =
        (d - (1 + 2 * t1 + c1) * std::pow(d, 3) / 6 +
         (5 - 2 * c1 + 28 * t1 - 3 * c1 * c1 + 8 * ep2 + 24 * t1 * t1) * std::pow(d, 5) / 120) /
        std::cos(phi1);
    const double pi = 3.14159265358979323846;
    lat = phi * 180 / pi;
    lon = (zone * 6 - 183) + lambda * 180 / pi;
    return true;
}

} // namespace cordon::gui
