// The household ledger end to end (issue 14): made-up registers of the sample's buildings
// (tests/make_register.cpp) imported and matched through cordon-cli, measured against the
// truth the generator wrote; personal data looked for in the project's bytes; bad registers.

#include "households.hpp"

#include <cordon/geo/project_store.hpp>
#include <cordon/geo/text_encoding.hpp>

#include <cpl_conv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string_view>
#include <unordered_map>

namespace cordon::test {

TEST_F(Households, GbkCsvRegisterMatchesTheRightBuildings) {
    const std::string p = project();
    const nlohmann::json report = import(p, *m_dir / "register.csv");
    EXPECT_EQ(report["encoding"], "GBK (detected)");
    EXPECT_EQ(report["header_row"], 2);
    EXPECT_EQ(report["skipped_rows"], nlohmann::json::array({1}));
    EXPECT_EQ(report["rows"], 3000);
    EXPECT_EQ(report["personal_data"], "not stored");
    EXPECT_GT(report["duplicates"].get<int>(), 0);
    for (const char* rule : {"compound", "door", "code"})
        EXPECT_GT(report["matched"].value(rule, 0), 0) << rule;
    EXPECT_EQ(report["columns"]["compound"], "小区（院落）名称");
    EXPECT_EQ(report["columns"]["name"], "户主姓名");
    const Measure m = measure(p, *m_dir / "register.csv.truth.csv");
    EXPECT_GT(m.existing, 2500u);
    EXPECT_GT(m.none, 30u);
    EXPECT_GE(m.right, m.existing * 98 / 100) << m.right << " of " << m.existing;
    EXPECT_EQ(m.wrong, 0u);
    EXPECT_EQ(m.none_matched, 0u);
    // Every household without a building is listed with its reason.
    const CliRun r =
        cli("households list " + q(p) + " --unmatched -o " + q(dir / "unmatched.xlsx"), dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string csv = dir / "unmatched.csv";
    ASSERT_EQ(std::system(("ogr2ogr --config OGR_XLSX_HEADERS FORCE -f CSV " + q(csv) + " " +
                           q(dir / "unmatched.xlsx"))
                              .c_str()),
              0);
    auto unmatched = read_table(csv);
    EXPECT_EQ(unmatched.size(),
              report["ambiguous"].get<std::size_t>() + report["unmatched"].get<std::size_t>());
    for (auto& row : unmatched) {
        EXPECT_TRUE(row["building_id"].empty());
        EXPECT_TRUE(row["reason"].rfind("ambiguous: ", 0) == 0 ||
                    row["reason"].rfind("unmatched: ", 0) == 0)
            << row["reason"];
    }
}

TEST_F(Households, XlsxRegisterBelowATitleOnItsSecondSheet) {
    const std::string p = project();
    const nlohmann::json report = import(p, *m_dir / "register.xlsx");
    EXPECT_EQ(report["sheet"], "住户登记");
    EXPECT_EQ(report["header_row"], 2);
    EXPECT_EQ(report["rows"], 1500);
    const Measure m = measure(p, *m_dir / "register.xlsx.truth.csv");
    EXPECT_GE(m.right, m.existing * 98 / 100) << m.right << " of " << m.existing;
    EXPECT_EQ(m.none_matched, 0u);
    // A sheet asked for that is not there.
    const CliRun r = cli(
        "households import " + q(p) + " " + q(*m_dir / "register.xlsx") + " --sheet 不存在", dir);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("no sheet '不存在' (sheets: '填表说明', '住户登记')"), std::string::npos)
        << r.err;
}

TEST_F(Households, TraditionalAndSimplifiedMatchEachOther) {
    // A district written in Traditional script, and a register in both.
    write_file(dir / "district.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"錦繡花園","landuse":"residential"},"geometry":{"type":"Polygon","coordinates":[[[104.0,30.0],[104.002,30.0],[104.002,30.002],[104.0,30.002],[104.0,30.0]]]}},
{"type":"Feature","properties":{"name":"幸福里小区","landuse":"residential"},"geometry":{"type":"Polygon","coordinates":[[[104.004,30.0],[104.006,30.0],[104.006,30.002],[104.004,30.002],[104.004,30.0]]]}}]})");
    write_file(dir / "buildings.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"a","楼栋号":"1棟"},"geometry":{"type":"Polygon","coordinates":[[[104.0005,30.0005],[104.0008,30.0005],[104.0008,30.0008],[104.0005,30.0008],[104.0005,30.0005]]]}},
{"type":"Feature","properties":{"name":"b","楼栋号":"12號樓"},"geometry":{"type":"Polygon","coordinates":[[[104.0012,30.0012],[104.0015,30.0012],[104.0015,30.0015],[104.0012,30.0015],[104.0012,30.0015],[104.0012,30.0012]]]}},
{"type":"Feature","properties":{"name":"c","楼栋号":"3"},"geometry":{"type":"Polygon","coordinates":[[[104.0045,30.0005],[104.0048,30.0005],[104.0048,30.0008],[104.0045,30.0008],[104.0045,30.0005]]]}}]})");
    const std::string p = dir / "t.cordon";
    CliRun r = cli("import --map compounds=" + q(dir / "district.geojson") +
                       " --map buildings=" + q(dir / "buildings.geojson") + " -o " + q(p),
                   dir);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(sql_column(p, "SELECT number FROM buildings ORDER BY id"),
              (std::vector<std::string>{"1棟", "12號樓", "3"}));
    write_file(dir / "register.csv", "户编号,小区,楼栋,房号\n"
                                     "A1,锦绣花园,1栋,101\n"
                                     "A2,錦繡花園,十二号楼,102\n"
                                     "A3,锦绣 花园小区,１２幢,103\n"
                                     "A4,幸福里,3號樓,104\n"
                                     "A5,幸福裡,三棟,105\n"
                                     "A6,幸福里,4栋,106\n");
    const nlohmann::json report = import(p, dir / "register.csv");
    EXPECT_EQ(report["matched"]["compound"], 5);
    EXPECT_EQ(report["unmatched"], 1);
    r = cli("households list " + q(p) + " -o " + q(dir / "list.csv"), dir);
    ASSERT_EQ(r.code, 0) << r.err;
    std::map<std::string, std::string> building_of;
    for (auto& row : read_table(dir / "list.csv"))
        building_of[row["key"]] = row["building_id"];
    EXPECT_EQ(building_of["A1"], "1");
    EXPECT_EQ(building_of["A2"], "2");
    EXPECT_EQ(building_of["A3"], "2");
    EXPECT_EQ(building_of["A4"], "3");
    EXPECT_EQ(building_of["A5"], "3");
    EXPECT_EQ(building_of["A6"], "");
}

TEST_F(Households, ManualMatchesAreKeptForTheNextRegister) {
    const std::string p = project();
    nlohmann::json report = import(p, *m_dir / "register.csv");
    const auto unmatched =
        sql_column(p, "SELECT key FROM households WHERE building_id IS NULL ORDER BY id LIMIT 1");
    ASSERT_EQ(unmatched.size(), 1u);
    const std::string key = unmatched.front();
    const std::string building =
        sql_column(p, "SELECT source_id FROM buildings ORDER BY id LIMIT 1 OFFSET 5").front();
    CliRun r = cli(
        "households match " + q(p) + " --household " + q(key) + " --building " + q(building), dir);
    ASSERT_EQ(r.code, 0) << r.err;
    auto rule = sql_column(p, "SELECT rule || ' ' || building_id FROM households WHERE key = '" +
                                  key + "'");
    const std::string id =
        sql_column(p, "SELECT id FROM buildings WHERE source_id = '" + building + "'").front();
    EXPECT_EQ(rule, std::vector<std::string>{"manual " + id});
    // The next day's register: the match is applied again.
    report = import(p, *m_dir / "register.csv");
    EXPECT_EQ(report["manual_matches_applied"], 1);
    EXPECT_EQ(report["matched"]["manual"], 1);
    rule = sql_column(p, "SELECT rule || ' ' || building_id FROM households WHERE key = '" + key +
                             "'");
    EXPECT_EQ(rule, std::vector<std::string>{"manual " + id});
    // A building that is not there is refused, and the project is left as it was.
    const std::string before = read_file(p);
    r = cli("households match " + q(p) + " --household " + q(key) + " --building way/1", dir);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("no building has the id or source id 'way/1'"), std::string::npos)
        << r.err;
    EXPECT_EQ(read_file(p), before);
}

TEST_F(Households, ZoningOnRegisteredHouseholdsSumsTheRegister) {
    const std::string p = project();
    const geo::District before = geo::read_project(p);
    const nlohmann::json report = import(p, *m_dir / "register.csv");
    // The register's households per building, counted from the listing (vacant homes too).
    ASSERT_EQ(cli("households list " + q(p) + " -o " + q(dir / "all.csv"), dir).code, 0);
    std::map<geo::Id, int> on, vacant;
    std::map<geo::Id, double> members;
    std::size_t listed_vacant = 0;
    for (auto& row : read_table(dir / "all.csv")) {
        listed_vacant += row["vacant"] == "yes";
        if (row["building_id"].empty()) continue;
        const geo::Id b = std::stoll(row["building_id"]);
        ++on[b];
        vacant[b] += row["vacant"] == "yes";
        if (row["vacant"] != "yes" && !row["members"].empty())
            members[b] += std::stod(row["members"]);
    }
    ASSERT_GT(on.size(), 100u);
    EXPECT_EQ(report["vacant"].get<std::size_t>(), listed_vacant);
    EXPECT_GT(listed_vacant, 0u);

    ASSERT_EQ(cli("plan zones " + q(p) + " --zones 12", dir).code, 0); // one a community at least
    const geo::District d = geo::read_project(p);
    ASSERT_EQ(d.buildings.size(), before.buildings.size());
    ASSERT_EQ(d.zones.size(), 12u);
    std::map<geo::Id, double> zone_sum;
    double registered = 0, estimated = 0;
    std::size_t estimated_buildings = 0;
    for (std::size_t i = 0; i < d.buildings.size(); ++i) {
        const geo::Building& b = d.buildings[i];
        const geo::Building& was = before.buildings[i];
        ASSERT_EQ(b.id, was.id);
        if (on.count(b.id)) {
            EXPECT_TRUE(b.registered) << b.id;
            EXPECT_FALSE(b.households_estimated) << b.id;
            EXPECT_DOUBLE_EQ(b.households, on[b.id]) << b.id;
            EXPECT_EQ(b.vacant_homes, vacant[b.id]) << b.id;
            if (vacant[b.id] == on[b.id]) {
                EXPECT_DOUBLE_EQ(b.residents, 0) << b.id;
            }
            EXPECT_GE(b.residents, members[b.id]) << b.id; // plus any not given, at the mean
            registered += b.households;
        } else {
            EXPECT_FALSE(b.registered) << b.id;
            EXPECT_EQ(b.households_estimated, was.households_estimated) << b.id;
            EXPECT_DOUBLE_EQ(b.households, was.households) << b.id;
            if (b.households > 0 && b.households_estimated)
                ++estimated_buildings, estimated += b.households;
        }
        if (b.zone_id && (b.control.empty() || b.control == "patrol"))
            zone_sum[*b.zone_id] += b.households;
    }
    // The zones' households are the register's sums on their registered buildings plus the
    // estimates of those no row names.
    for (const auto& z : d.zones)
        EXPECT_DOUBLE_EQ(z.households, zone_sum[z.id]) << z.name;
    EXPECT_EQ(registered, report["matched_total"].get<double>());
    EXPECT_EQ(report["buildings"]["registered"]["households"].get<double>(), registered);
    EXPECT_EQ(report["buildings"]["estimated"]["buildings"].get<std::size_t>(),
              estimated_buildings);
    EXPECT_EQ(report["buildings"]["estimated"]["households"].get<double>(), estimated);
    // info says it the same way.
    CliRun r = cli("info " + q(p) + " --json", dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const auto info = nlohmann::json::parse(r.out);
    EXPECT_EQ(info["households"]["estimated"]["buildings"].get<std::size_t>(), estimated_buildings);
    EXPECT_EQ(info["households"]["registered"]["households"].get<double>(), registered);
    r = cli("info " + q(p), dir);
    EXPECT_NE(r.out.find("estimated: " + std::to_string(estimated_buildings) + " buildings"),
              std::string::npos)
        << r.out;
    // The vacant homes are listed, each once.
    r = cli("households list " + q(p) + " --vacant -o " + q(dir / "vacant.csv"), dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const auto vacant_rows = read_table(dir / "vacant.csv");
    EXPECT_EQ(vacant_rows.size(), listed_vacant);
    for (const auto& row : vacant_rows)
        EXPECT_EQ(row.at("vacant"), "yes");
}

TEST_F(Households, NoPersonalDataInTheProjectUnlessAskedThenMasked) {
    // Every name, ID number and phone of the register (GBK) ...
    const auto rows = read_csv(*m_dir / "register.csv", true);
    ASSERT_GT(rows.size(), 2u);
    std::vector<std::string> personal;
    for (std::size_t r = 2; r < rows.size(); ++r)
        for (std::size_t c : {10u, 11u, 12u})
            if (c < rows[r].size() && !rows[r][c].empty()) personal.push_back(rows[r][c]);
    ASSERT_GT(personal.size(), 8000u);
    // ... that the district does not hold already (a name may be a street's) ...
    const std::string baseline = read_file(*m_dir / "district.cordon");
    std::erase_if(personal,
                  [&](const std::string& s) { return baseline.find(s) != std::string::npos; });
    ASSERT_GT(personal.size(), 8000u);
    // ... is nowhere in the project's bytes after the import,
    const std::string p = project();
    import(p, *m_dir / "register.csv");
    std::string bytes = read_file(p);
    std::size_t found = 0;
    for (const auto& s : personal)
        found += bytes.find(s) != std::string::npos ? 1 : 0;
    EXPECT_EQ(found, 0u);
    EXPECT_TRUE(sql_column(p, "SELECT count(*) FROM household_personal") ==
                std::vector<std::string>{"0"});
    // nor in what the ledger lists,
    for (const char* list : {"list.csv"}) {
        ASSERT_EQ(cli("households list " + q(p) + " -o " + q(dir / list), dir).code, 0);
        const std::string listed = read_file(dir / list);
        for (const auto& s : personal)
            ASSERT_EQ(listed.find(s), std::string::npos) << s;
    }
    // and with --keep-personal they are there masked only.
    import(p, *m_dir / "register.csv", "--keep-personal");
    bytes = read_file(p);
    found = 0;
    for (const auto& s : personal)
        found += bytes.find(s) != std::string::npos ? 1 : 0;
    EXPECT_EQ(found, 0u);
    const auto phones = sql_column(p, "SELECT phone FROM household_personal ORDER BY id LIMIT 3");
    ASSERT_EQ(phones.size(), 3u);
    for (const auto& phone : phones)
        EXPECT_EQ(phone.substr(3, 4), "****") << phone;
    EXPECT_EQ(sql_column(p, "SELECT id_number FROM household_personal ORDER BY id LIMIT 1")
                  .front()
                  .substr(4, 10),
              "**********");
    EXPECT_EQ(sql_column(p, "SELECT name FROM household_personal ORDER BY id LIMIT 1").front(),
              // the first household's name, masked: its first character, then *
              [&] {
                  const std::string n = rows[2][10];
                  const std::size_t first = geo::utf8_char_size(n);
                  const std::size_t chars = n.size() / 3;
                  return chars == 2 ? n.substr(0, first) + "*"
                                    : n.substr(0, first) + "*" + n.substr(n.size() - 3);
              }());
    // The household tables are not layers: export refuses them.
    const CliRun r = cli("export " + q(p) + " --layer household_personal --format csv -o " +
                             q(dir / "personal.csv"),
                         dir);
    EXPECT_NE(r.code, 0);
    EXPECT_FALSE(std::filesystem::exists(dir / "personal.csv"));
}

namespace {

/// The first of `needles` (none shorter than 3 bytes) that `bytes` holds, or "": one pass over
/// the bytes, the needles looked up by their first bytes.
std::string first_of(const std::string& bytes, const std::vector<std::string>& needles) {
    std::size_t k = std::numeric_limits<std::size_t>::max();
    for (const auto& n : needles)
        k = std::min(k, n.size());
    std::unordered_map<std::string_view, std::vector<const std::string*>> by_start;
    for (const auto& n : needles)
        by_start[std::string_view(n).substr(0, k)].push_back(&n);
    const std::string_view all(bytes);
    for (std::size_t i = 0; i + k <= all.size(); ++i) {
        const auto it = by_start.find(all.substr(i, k));
        if (it == by_start.end()) continue;
        for (const std::string* n : it->second)
            if (all.substr(i, n->size()) == *n) return *n;
    }
    return "";
}

} // namespace

TEST_F(Households, NoPersonalDataInTheExportsOrTheAtlasEvenWhenKept) {
    // Every name, ID number and phone of the register, and their masks, that the district does
    // not hold already (a name may be a street's) ...
    const auto rows = read_csv(*m_dir / "register.csv", true);
    const std::string baseline = read_file(*m_dir / "district.cordon");
    std::vector<std::string> personal;
    for (std::size_t r = 2; r < rows.size(); ++r)
        for (std::size_t c : {10u, 11u, 12u})
            if (c < rows[r].size() && rows[r][c].size() >= 6 &&
                baseline.find(rows[r][c]) == std::string::npos)
                personal.push_back(rows[r][c]);
    ASSERT_GT(personal.size(), 8000u);
    // ... kept (masked) in the project, zones planned: the hand-over package (the atlas with
    // its visit sheets, every layer as Shapefile in GBK, GeoPackage, KML and CSV) holds none.
    const std::string p = project();
    import(p, *m_dir / "register.csv", "--keep-personal");
    const auto masked = sql_column(p, "SELECT name || char(10) || id_number || char(10) || phone "
                                      "FROM household_personal");
    ASSERT_GT(masked.size(), 2500u);
    for (const auto& m : masked) {
        std::istringstream lines(m);
        for (std::string line; std::getline(lines, line);)
            if (line.size() >= 6) personal.push_back(line); // 张*明, 5101**…, 138****5678
    }
    std::vector<std::string> needles = personal; // in UTF-8 and in GBK (the Shapefiles)
    for (const auto& s : personal)
        needles.push_back(geo::utf8_to_gbk(s));
    CliRun r = cli("plan zones " + q(p) + " --zones 12", dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string package = dir / "package";
    r = cli("handover " + q(p) + " -o " + q(package), dir);
    ASSERT_EQ(r.code, 0) << r.err;
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(package)) {
        if (!entry.is_regular_file()) continue;
        ++files;
        const std::string path = entry.path().string();
        std::string bytes = read_file(path);
        if (entry.path().extension() == ".pdf") {
            ASSERT_EQ(std::system(("pdftotext " + q(path) + " " + q(dir / "atlas.txt")).c_str()),
                      0);
            bytes = read_file(dir / "atlas.txt");
            ASSERT_NE(bytes.find("入户排查表"), std::string::npos); // the visit sheets are there
        }
        const std::string found = first_of(bytes, needles);
        EXPECT_EQ(found, "") << "in " << path;
    }
    EXPECT_GT(files, 10u);
}

TEST_F(Households, BadRegistersAreRefusedAndTheProjectIsUnchanged) {
    const std::string p = project();
    const std::string before = read_file(p);
    auto refused = [&](const std::string& args, const std::string& message) {
        const CliRun r = cli("households import " + q(p) + " " + args, dir);
        EXPECT_EQ(r.code, 2) << args << "\n" << r.err;
        EXPECT_NE(r.err.find(message), std::string::npos) << args << "\n" << r.err;
        EXPECT_EQ(read_file(p), before) << args;
    };
    // No recognisable columns.
    write_file(dir / "nothing.csv", "甲,乙,丙\n1,2,3\n4,5,6\n");
    refused(q(dir / "nothing.csv"), "nothing.csv: no recognisable register columns");
    // A column mapped that the register lacks.
    refused(q(*m_dir / "register.csv") + " --column compound=小区名",
            "register.csv, row 2: no column '小区名' (mapped to compound; columns: 序号, 户编号");
    // An unknown role.
    refused(q(*m_dir / "register.csv") + " --column floor=楼层", "unknown register role 'floor'");
    // An XLSX that is a ZIP of something else.
    {
        void* zip = CPLCreateZip((dir / "fake.xlsx").c_str(), nullptr);
        ASSERT_NE(zip, nullptr);
        ASSERT_EQ(CPLCreateFileInZip(zip, "readme.txt", nullptr), CE_None);
        const std::string text = "not a spreadsheet";
        ASSERT_EQ(CPLWriteFileInZip(zip, text.data(), static_cast<int>(text.size())), CE_None);
        CPLCloseFileInZip(zip);
        CPLCloseZip(zip);
    }
    refused(q(dir / "fake.xlsx"), "fake.xlsx: not a register Cordon can read");
    // A GBK register read as UTF-8.
    refused(q(*m_dir / "register.csv") + " --encoding utf8",
            "register.csv, row 1, column 1: not valid UTF-8 text, the encoding asked for; the "
            "file reads as GBK");
    // A file that is not there.
    refused(q(dir / "missing.csv"), "missing.csv: no such register file");
}

TEST_F(Households, BrokenCellsAreWarningsNamingRowAndColumn) {
    const std::string p = project();
    const std::string long_cell(10000, 'x');
    write_file(dir / "broken.csv", "户编号,小区,楼栋,人数,登记日期,是否空置,户主\n"
                                   "B1,锦绣东方,1栋,三口人,2026-02-30,也许," +
                                       long_cell +
                                       "\n"
                                       "B2,锦绣东方,2栋,3,上周,否,王五\n"
                                       "B3," +
                                       long_cell + ",2栋,3,2026/11/5,是,李四\n");
    const nlohmann::json report = import(p, dir / "broken.csv");
    const std::string warnings = report["warnings"].dump();
    for (const char* w : {"broken.csv, row 2, column '人数': '三口人' is not a number of members",
                          "broken.csv, row 2, column '登记日期': '2026-02-30' is not a date",
                          "broken.csv, row 2, column '是否空置': '也许' says neither",
                          "broken.csv, row 2, column '户主': a cell of 10000 characters",
                          "broken.csv, row 3, column '登记日期': '上周' is not a date",
                          "broken.csv, row 4, column '小区': a cell of 10000 characters"})
        EXPECT_NE(warnings.find(w), std::string::npos) << w << "\n" << warnings;
    EXPECT_EQ(warnings.find("王五"), std::string::npos); // names are never quoted
    EXPECT_EQ(report["rows"], 3);
    EXPECT_EQ(sql_column(p, "SELECT registered FROM households ORDER BY id"),
              (std::vector<std::string>{"", "", "2026-11-05"}));
    EXPECT_EQ(sql_column(p, "SELECT vacant FROM households ORDER BY id"),
              (std::vector<std::string>{"0", "0", "1"}));
}

TEST_F(Households, OsmHouseNumbersAreBuildingNumbers) {
    const auto numbers =
        sql_column(*m_dir / "osm.cordon", "SELECT number FROM buildings WHERE number <> ''");
    EXPECT_EQ(numbers.size(), 9u); // of the 11 addresses, 2 have a street only
    const auto addresses =
        sql_column(*m_dir / "osm.cordon", "SELECT address FROM buildings WHERE number <> ''");
    for (std::size_t i = 0; i < numbers.size(); ++i)
        EXPECT_NE(addresses[i].find(numbers[i]), std::string::npos) << addresses[i];
}

} // namespace cordon::test
