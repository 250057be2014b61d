#pragma once
// The door-to-door screening (全面排查，逐一登记): visits read from the community offices'
// sheets and appended to the project; a household's latest visit is its status; progress per
// zone and community, and the households not yet met, the list a community reports upward.

#include <cordon/geo/district.hpp>
#include <cordon/geo/progress.hpp>
#include <cordon/ledger/ledger.hpp>
#include <cordon/ledger/register_file.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace cordon::ledger {

/// The results of a visit: stored by key, read in Chinese or English.
struct VisitResultName {
    const char* key; ///< met, not_met, vacant, away, refused
    const char* zh;  ///< 已见面, 未见面, 空置, 外出, 拒绝
    const char* en;  ///< met, not met, vacant, away, refused
};
const std::vector<VisitResultName>& visit_results();

/// The result `text` names (已见面, 见面, 未见面, 空置, 外出, 拒绝, met, "not met", not_met…,
/// any case and width); none when it names none.
std::optional<std::string> visit_result_from(const std::string& text);

/// Reads a visits file (XLSX, XLS, ODS or CSV, as registers are read) and appends its visits to
/// the district's. A row names its household by the register's key (role household) or by
/// building + unit + room (with compound and community when given, to tell buildings of the
/// same number apart); date and result are required. All or nothing: throws InputError naming
/// the file, sheet, row and column for a result or date that is not one, a household the
/// register does not hold or names twice, or a file without the columns; the district is
/// then unchanged. Returns the figures: rows, visits added, per result, per date, warnings.
nlohmann::json import_visits(geo::District& district, const std::string& file,
                             const RegisterOptions& options, Progress& progress);

/// One household's screening status as of a date.
struct ScreeningCounts {
    int households = 0;
    int visited = 0;     ///< with any visit up to the date
    int met = 0;         ///< latest visit: met
    int not_yet_met = 0; ///< latest visit: not met, away or refused
    int vacant = 0;      ///< latest visit: vacant
};

struct NotYetMet {
    std::string community, key, compound, building, unit, room, category;
    std::string zone;        ///< the zone of its building; empty when none
    std::string last_date;   ///< of its latest visit
    std::string last_result; ///< key of visit_results()
    int visits = 0;
};

/// Progress of the screening as of `as_of` (ISO date; empty: every visit): per zone (of the
/// households' buildings, in the district's order), per community (the register's), the
/// district, and the households not yet met per community (by community, then compound,
/// building, unit and room).
struct ScreeningReport {
    std::string as_of;
    ScreeningCounts district;
    std::vector<std::pair<std::string, ScreeningCounts>> zones;
    std::vector<std::pair<std::string, ScreeningCounts>> communities;
    std::vector<NotYetMet> not_yet_met;
    std::vector<std::pair<std::string, int>> visits_per_day; ///< date → visits that day
};
ScreeningReport screening_report(const geo::District& district, const std::string& as_of);

/// The report as JSON (what --json writes).
nlohmann::json to_json(const ScreeningReport& report);

/// The report as the tables a community office sends on: progress per zone, per community
/// (households, visited, met, not yet met, vacant, %), the households not yet met, visits per
/// day; headers and results in Chinese (`chinese`) or English.
std::vector<NamedTable> screening_tables(const ScreeningReport& report, bool chinese);

/// The screening of each building that has register households, as of `as_of` (empty: every
/// visit): its households counted by their latest visit, as screening_report counts a zone.
std::unordered_map<geo::Id, ScreeningCounts> screening_by_building(const geo::District& district,
                                                                   const std::string& as_of);

/// The district's progress at the end of each day with visits, oldest first: (ISO date,
/// counts as of that date), as screening_report(district, date).district says it.
std::vector<std::pair<std::string, ScreeningCounts>> progress_by_day(const geo::District& district);

/// The latest visit of each household key up to `as_of` (empty: all), by key.
std::unordered_map<std::string, const geo::Visit*> latest_visits(const geo::District& district,
                                                                 const std::string& as_of);

} // namespace cordon::ledger
