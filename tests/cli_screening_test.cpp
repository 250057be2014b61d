// Door-to-door screening end to end (issue 14, item 5): two days of visits imported on the
// sample's register and counted by hand per zone and community, the report's XLSX read again
// through GDAL, bad visits refused; the visit sheets in the atlas; the report as PDF.

#include "households.hpp"

#include <cordon/geo/project_store.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace cordon::test {

namespace {

/// A visit written into a visits sheet by a test.
struct TestVisit {
    std::string key, date, result;
};

std::string visits_csv(const std::vector<TestVisit>& visits) {
    std::string out = "户编号,走访日期,排查结果,备注\n";
    for (const auto& v : visits)
        out += v.key + "," + v.date + "," + v.result + ",\n";
    return out;
}

} // namespace

TEST_F(Households, ScreeningTwoDaysOfVisitsCountedPerZoneAndCommunity) {
    const std::string p = project();
    import(p, *m_dir / "register.csv");
    ASSERT_EQ(cli("plan zones " + q(p) + " --zones 12", dir).code, 0);
    const geo::District d = geo::read_project(p);
    std::map<geo::Id, std::string> zone_name, zone_of_building;
    for (const auto& z : d.zones)
        zone_name[z.id] = z.name;
    for (const auto& b : d.buildings)
        if (b.zone_id && (b.control.empty() || b.control == "patrol"))
            zone_of_building[b.id] = zone_name[*b.zone_id];
    // Day 1: every 3rd household met, every 3rd + 1 not met, every 7th vacant (English names
    // too); day 2: those not met on day 1 and at an even index met, the others away.
    std::vector<TestVisit> day1, day2;
    std::map<std::string, std::string> latest; // key → result as of day 2
    std::map<std::string, std::string> latest1;
    for (std::size_t i = 0; i < d.households.size(); ++i) {
        const std::string& key = d.households[i].key;
        if (key.find(',') != std::string::npos || key.find('"') != std::string::npos) continue;
        std::string r;
        if (i % 7 == 0)
            r = i % 2 ? "空置" : "vacant";
        else if (i % 3 == 0)
            r = i % 2 ? "已见面" : "met";
        else if (i % 3 == 1)
            r = i % 2 ? "未见面" : "not met";
        else
            continue; // not visited
        day1.push_back({key, "2026/12/01", r});
        const bool not_met = r == "未见面" || r == "not met";
        latest1[key] = not_met ? "not_met" : (r == "met" || r == "已见面") ? "met" : "vacant";
        latest[key] = latest1[key];
        if (not_met) {
            const std::string again = i % 2 == 0 ? "已见面" : "外出";
            day2.push_back({key, "2026年12月2日", again});
            latest[key] = i % 2 == 0 ? "met" : "away";
        }
    }
    write_file(dir / "day1.csv", visits_csv(day1));
    write_file(dir / "day2.csv", visits_csv(day2));
    for (const char* day : {"day1.csv", "day2.csv"}) {
        const CliRun r = cli("screening import " + q(p) + " " + q(dir / day), dir);
        ASSERT_EQ(r.code, 0) << r.err;
    }
    // Counts by hand, per zone and community, as of day 2 and as of day 1.
    struct Counts {
        int households = 0, visited = 0, met = 0, not_yet = 0, vacant = 0;
    };
    const auto by_hand = [&](const std::map<std::string, std::string>& status) {
        std::map<std::string, Counts> zones, communities;
        std::set<std::string> not_yet;
        for (const auto& h : d.households) {
            Counts* in[2] = {&communities[h.community], nullptr};
            if (h.building_id && zone_of_building.count(*h.building_id))
                in[1] = &zones[zone_of_building[*h.building_id]];
            const auto s = status.find(h.key);
            for (Counts* c : in) {
                if (!c) continue;
                ++c->households;
                if (s == status.end()) continue;
                ++c->visited;
                if (s->second == "met")
                    ++c->met;
                else if (s->second == "vacant")
                    ++c->vacant;
                else
                    ++c->not_yet;
            }
            if (s != status.end() && s->second != "met" && s->second != "vacant")
                not_yet.insert(h.key);
        }
        return std::tuple(zones, communities, not_yet);
    };
    for (const auto& [as_of, status] : {std::pair{std::string("2026-12-02"), latest},
                                        std::pair{std::string("2026-12-01"), latest1}}) {
        const std::string xlsx = dir / ("report-" + as_of + ".xlsx");
        const CliRun r = cli("screening report " + q(p) + " --as-of " + as_of + " -o " + q(xlsx) +
                                 " --json " + q(dir / "screening.json"),
                             dir);
        ASSERT_EQ(r.code, 0) << r.err;
        const auto [zones, communities, not_yet] = by_hand(status);
        const auto j = nlohmann::json::parse(read_file(dir / "screening.json"));
        ASSERT_EQ(j["zones"].size(), zones.size());
        for (const auto& z : j["zones"]) {
            const Counts& c = zones.at(z["zone"].get<std::string>());
            EXPECT_EQ(z["households"], c.households);
            EXPECT_EQ(z["visited"], c.visited);
            EXPECT_EQ(z["met"], c.met);
            EXPECT_EQ(z["not_yet_met"], c.not_yet);
            EXPECT_EQ(z["vacant"], c.vacant);
        }
        // The XLSX, read again through GDAL: the zones' sheet and the not-yet-met list.
        for (const char* sheet : {"片区", "社区", "未见面名单"}) {
            const std::string csv = dir / (std::string(sheet) + ".csv");
            std::filesystem::remove(csv);
            ASSERT_EQ(std::system(("ogr2ogr --config OGR_XLSX_HEADERS FORCE -f CSV " + q(csv) +
                                   " " + q(xlsx) + " " + q(sheet))
                                      .c_str()),
                      0);
            const auto rows = read_table(csv);
            if (std::string(sheet) == "未见面名单") {
                std::set<std::string> listed;
                for (auto row : rows)
                    listed.insert(row["户编号"]);
                EXPECT_EQ(listed, not_yet) << as_of;
                EXPECT_EQ(rows.size(), not_yet.size());
                continue;
            }
            const auto& want = std::string(sheet) == "片区" ? zones : communities;
            ASSERT_EQ(rows.size(), want.size() + 1) << sheet; // and the total
            for (auto row : rows) {
                const std::string name = row[sheet];
                if (name == "合计") continue;
                const Counts& c = want.at(name == "（未注明）" ? "" : name);
                EXPECT_EQ(row["户数"], std::to_string(c.households)) << sheet << " " << name;
                EXPECT_EQ(row["已走访"], std::to_string(c.visited)) << name;
                EXPECT_EQ(row["已见面"], std::to_string(c.met)) << name;
                EXPECT_EQ(row["未见面"], std::to_string(c.not_yet)) << name;
                EXPECT_EQ(row["空置"], std::to_string(c.vacant)) << name;
            }
        }
    }
}

TEST_F(Households, ScreeningRefusesABadVisitNamingRowAndColumn) {
    const std::string p = project();
    import(p, *m_dir / "register.csv");
    const geo::District d = geo::read_project(p);
    const std::string key = d.households.at(0).key;
    const std::string before = read_file(p);
    const auto refused = [&](const std::string& text, const std::string& message) {
        write_file(dir / "bad.csv", text);
        const CliRun r = cli("screening import " + q(p) + " " + q(dir / "bad.csv"), dir);
        EXPECT_EQ(r.code, 2) << text;
        EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
        EXPECT_EQ(read_file(p), before);
    };
    refused("户编号,走访日期,排查结果\n" + key + ",2026-12-01,已见面\n" + key +
                ",2026-12-01,见过了\n",
            "bad.csv, row 3, column '排查结果': '见过了' is not a result of a visit");
    refused("户编号,走访日期,排查结果\n" + key + ",2026-13-01,已见面\n",
            "bad.csv, row 2, column '走访日期': '2026-13-01' is not a date");
    refused("户编号,走访日期,排查结果\nnobody,2026-12-01,已见面\n",
            "bad.csv, row 2, column '户编号': the register has no household 'nobody'");
    refused("户编号,走访日期\n" + key + ",2026-12-01\n", "no column gives the result");
}

namespace {

/// The number of a unit as the register writes it (2, 2单元, 二单元, 2單元, 十二单元), to check
/// the order of a visit sheet; a big number when there is none.
int unit_number(const std::string& unit) {
    static const std::vector<std::pair<std::string, int>> numerals{
        {"一", 1}, {"二", 2}, {"两", 2}, {"三", 3}, {"四", 4}, {"五", 5},
        {"六", 6}, {"七", 7}, {"八", 8}, {"九", 9}, {"十", 10}};
    if (!unit.empty() && std::isdigit(static_cast<unsigned char>(unit[0])))
        return std::stoi(unit.substr(0, unit.find_first_not_of("0123456789")));
    int total = 0, digit = -1;
    bool any = false;
    for (std::size_t i = 0; i < unit.size();) {
        bool found = false;
        for (const auto& [text, value] : numerals)
            if (unit.compare(i, text.size(), text) == 0) {
                if (value == 10)
                    total += (digit < 0 ? 1 : digit) * 10, digit = -1;
                else
                    digit = value;
                i += text.size();
                found = any = true;
                break;
            }
        if (!found) break;
    }
    if (digit > 0) total += digit;
    return any ? total : 1 << 30;
}

std::vector<std::string> words(const std::string& line) {
    std::vector<std::string> out;
    std::istringstream in(line);
    for (std::string w; in >> w;)
        out.push_back(w);
    return out;
}

} // namespace

TEST_F(Households, VisitSheetsAreInTheAtlasInRouteOrder) {
    const std::string p = project();
    import(p, *m_dir / "register.csv");
    for (const std::string& plan : {"plan zones " + q(p) + " --zones 12", "plan routes " + q(p)}) {
        const CliRun r = cli(plan, dir);
        ASSERT_EQ(r.code, 0) << r.err;
    }
    const std::string pdf = dir / "atlas.pdf";
    CliRun r = cli("print " + q(p) + " -o " + q(pdf) + " --json " + q(dir / "atlas.json"), dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const auto atlas = nlohmann::json::parse(read_file(dir / "atlas.json"));
    ASSERT_EQ(atlas["zones"].size(), 12u);
    int zones_with_sheets = 0;
    for (const auto& z : atlas["zones"]) {
        // The register's households on the zone's buildings: unit, room and category.
        const std::string id = std::to_string(z["id"].get<int>());
        const std::string of_zone = " FROM households h JOIN buildings b ON b.id = h.building_id "
                                    "WHERE b.zone_id = " +
                                    id + " ORDER BY h.id";
        std::multiset<std::string> expected;
        const auto units = sql_column(p, "SELECT h.unit" + of_zone);
        const auto rooms = sql_column(p, "SELECT h.room" + of_zone);
        const auto categories = sql_column(p, "SELECT h.category" + of_zone);
        for (std::size_t i = 0; i < units.size(); ++i)
            expected.insert(units[i] + " " + rooms[i] + " " + categories[i]);
        const int visit_pages = z["visit_pages"].get<int>();
        EXPECT_EQ(visit_pages > 0, !expected.empty()) << z["name"];
        if (visit_pages == 0) continue;
        ++zones_with_sheets;
        // Its visit sheet: the zone's last pages.
        const int last = z["first_page"].get<int>() + z["pages"].get<int>() - 1;
        const std::string text = dir / "visits.txt";
        ASSERT_EQ(std::system(("pdftotext -layout -f " + std::to_string(last - visit_pages + 1) +
                               " -l " + std::to_string(last) + " " + q(pdf) + " " + q(text))
                                  .c_str()),
                  0);
        std::multiset<std::string> listed;
        std::istringstream lines(read_file(text));
        int pages = 0, previous_number = 0, previous_unit = 0;
        std::string previous_room;
        for (std::string line; std::getline(lines, line);) {
            if (line.find(z["name"].get<std::string>() + " 入户排查表") != std::string::npos)
                ++pages;
            if (line.find("____/__/__") == std::string::npos || line.find("□") == std::string::npos)
                continue;
            // No. | building | unit | room | category | three boxes | date line
            const auto w = words(line);
            ASSERT_GE(w.size(), 8u) << line;
            const std::size_t n = w.size();
            const int number = std::stoi(w[0]);
            const std::string &unit = w[n - 7], &room = w[n - 6], &category = w[n - 5];
            listed.insert(unit + " " + room + " " + category);
            // In the order of the zone's list (the route's), by unit and room within a building.
            EXPECT_GE(number, previous_number) << line;
            if (number == previous_number) {
                EXPECT_GE(unit_number(unit), previous_unit) << line;
                if (unit_number(unit) == previous_unit) {
                    EXPECT_GE(std::stoi(room), std::stoi(previous_room)) << line;
                }
            }
            previous_number = number, previous_unit = unit_number(unit), previous_room = room;
        }
        EXPECT_EQ(pages, visit_pages) << z["name"];
        EXPECT_EQ(listed, expected) << z["name"];
    }
    EXPECT_GT(zones_with_sheets, 6);
}

TEST_F(Households, ScreeningReportAsPdfToPrint) {
    const std::string p = project();
    import(p, *m_dir / "register.csv");
    ASSERT_EQ(cli("plan zones " + q(p) + " --zones 12", dir).code, 0);
    const geo::District d = geo::read_project(p);
    std::vector<TestVisit> visits;
    const char* results[] = {"已见面", "未见面", "空置", "外出", "拒绝"};
    for (std::size_t i = 0; i < d.households.size(); i += 2)
        if (d.households[i].key.find_first_of(",\"") == std::string::npos)
            visits.push_back({d.households[i].key, "2026-12-01", results[i / 2 % 5]});
    write_file(dir / "visits.csv", visits_csv(visits));
    CliRun r = cli("screening import " + q(p) + " " + q(dir / "visits.csv"), dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string pdf = dir / "report.pdf";
    r = cli("screening report " + q(p) + " -o " + q(pdf) + " --json " + q(dir / "report.json"),
            dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = nlohmann::json::parse(read_file(dir / "report.json"));
    ASSERT_EQ(std::system(("pdftotext -layout " + q(pdf) + " " + q(dir / "report.txt")).c_str()),
              0);
    const std::string text = read_file(dir / "report.txt");
    for (const char* heading : {"入户排查进度", "片区", "社区", "未见面名单", "每日走访"})
        EXPECT_NE(text.find(heading), std::string::npos) << heading;
    EXPECT_NE(text.find("第2页"), std::string::npos); // numbered pages (pdftotext drops spaces)
    // Every zone's line, its counts in the order of the table's columns.
    std::map<std::string, std::vector<std::string>> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        auto w = words(line);
        if (w.size() >= 7) lines[w[0] + " " + w[1] + " " + w[2]] = w;
    }
    ASSERT_EQ(j["zones"].size(), 12u);
    for (const auto& z : j["zones"]) {
        const auto it = lines.find(z["zone"].get<std::string>());
        ASSERT_NE(it, lines.end()) << z["zone"];
        const auto& w = it->second;
        const std::vector<std::string> counts{w[3], w[4], w[5], w[6], w[7]};
        EXPECT_EQ(counts, (std::vector<std::string>{std::to_string(z["households"].get<int>()),
                                                    std::to_string(z["visited"].get<int>()),
                                                    std::to_string(z["met"].get<int>()),
                                                    std::to_string(z["not_yet_met"].get<int>()),
                                                    std::to_string(z["vacant"].get<int>())}))
            << z["zone"];
    }
    // Every household not yet met is listed, by its key.
    ASSERT_GT(j["not_yet_met"].size(), 500u);
    for (const auto& h : j["not_yet_met"])
        EXPECT_NE(text.find(h["key"].get<std::string>()), std::string::npos) << h["key"];
}

} // namespace cordon::test
