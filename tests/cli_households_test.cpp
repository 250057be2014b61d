// The household ledger end to end (issue 14): made-up registers of the sample's buildings
// (tests/make_register.cpp) imported and matched through cordon-cli, measured against the
// truth the generator wrote; personal data looked for in the project's bytes; bad registers.

#include "cli_runner.hpp"

#include <cordon/geo/text_encoding.hpp>

#include <cpl_conv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <filesystem>
#include <map>
#include <set>

namespace cordon::test {

namespace {

std::vector<std::string> split_csv_line(const std::string& line) {
    std::vector<std::string> cells(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"')
                cells.back() += '"', ++i;
            else if (c == '"')
                quoted = false;
            else
                cells.back() += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            cells.emplace_back();
        } else if (c != '\r') {
            cells.back() += c;
        }
    }
    return cells;
}

/// A CSV file as rows of cells (UTF-8; a BOM is dropped).
std::vector<std::vector<std::string>> read_csv(const std::string& path, bool gbk = false) {
    std::string text = read_file(path);
    if (gbk) text = geo::gbk_to_utf8(text);
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text = text.substr(3);
    std::vector<std::vector<std::string>> rows;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t end = text.find('\n', pos);
        rows.push_back(
            split_csv_line(text.substr(pos, end == std::string::npos ? end : end - pos)));
        pos = end == std::string::npos ? text.size() : end + 1;
    }
    return rows;
}

/// The rows of a CSV with a header, by the header's names.
std::vector<std::map<std::string, std::string>> read_table(const std::string& path) {
    const auto rows = read_csv(path);
    std::vector<std::map<std::string, std::string>> out;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        std::map<std::string, std::string> row;
        for (std::size_t c = 0; c < rows[0].size() && c < rows[r].size(); ++c)
            row[rows[0][c]] = rows[r][c];
        out.push_back(row);
    }
    return out;
}

std::vector<std::string> sql_column(const std::string& project, const std::string& sql) {
    sqlite3* db = nullptr;
    std::vector<std::string> out;
    if (sqlite3_open_v2(project.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK)
            while (sqlite3_step(s) == SQLITE_ROW) {
                const auto* t = sqlite3_column_text(s, 0);
                out.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
            }
        sqlite3_finalize(s);
    }
    sqlite3_close(db);
    return out;
}

} // namespace

class Households : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        m_dir = new TempDir;
        const TempDir& d = *m_dir;
        CliRun r = cli("import " + q(std::string(CORDON_SOURCE_DIR) + "/data/chengdu/chengdu.osm") +
                           " -o " + q(d / "osm.cordon"),
                       d);
        ASSERT_EQ(r.code, 0) << r.err;
        // The sample as a district's own building layer: 楼栋号 and addresses.
        ASSERT_EQ(make("number " + q(d / "osm.cordon") + " -o " + q(d / "numbered.gpkg")), 0);
        r = cli("import " + q(d / "numbered.gpkg") + " -o " + q(d / "district.cordon"), d);
        ASSERT_EQ(r.code, 0) << r.err;
        ASSERT_EQ(make("register " + q(d / "district.cordon") + " -o " + q(d / "register.csv") +
                       " --rows 3000 --seed 7"),
                  0);
        ASSERT_EQ(make("register " + q(d / "district.cordon") + " -o " + q(d / "register.xlsx") +
                       " --rows 1500 --seed 8"),
                  0);
    }
    static void TearDownTestSuite() {
        delete m_dir;
        m_dir = nullptr;
    }
    static int make(const std::string& args) {
        const std::string command = std::string(CORDON_MAKE_REGISTER) + " " + args + " >/dev/null";
        const int status = std::system(command.c_str());
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    /// A copy of the sample district for this test.
    std::string project() {
        const std::string p = dir / "project.cordon";
        std::filesystem::copy_file(*m_dir / "district.cordon", p,
                                   std::filesystem::copy_options::overwrite_existing);
        return p;
    }
    nlohmann::json import(const std::string& project, const std::string& file,
                          const std::string& more = "") {
        const CliRun r = cli("households import " + q(project) + " " + q(file) + " --json " +
                                 q(dir / "report.json") + " " + more,
                             dir);
        EXPECT_EQ(r.code, 0) << r.err;
        return nlohmann::json::parse(read_file(dir / "report.json"));
    }
    /// The register's truth against the project's matches: rows naming an existing building
    /// matched to it, rows naming none matched to anything.
    struct Measure {
        std::size_t existing = 0, right = 0, wrong = 0, none = 0, none_matched = 0;
    };
    Measure measure(const std::string& project, const std::string& truth) {
        const CliRun r = cli("households list " + q(project) + " -o " + q(dir / "list.csv"), dir);
        EXPECT_EQ(r.code, 0) << r.err;
        std::map<std::string, std::map<std::string, std::string>> listed;
        for (auto& row : read_table(dir / "list.csv"))
            listed[row["key"]] = row;
        Measure m;
        for (auto& t : read_table(truth)) {
            if (t["kind"] == "duplicate") continue;
            const auto it = listed.find(t["key"]);
            EXPECT_NE(it, listed.end()) << "row " << t["row"] << " not listed";
            if (it == listed.end()) continue;
            if (t["building"].empty()) {
                ++m.none;
                if (!it->second["building_id"].empty()) {
                    ++m.none_matched;
                    ADD_FAILURE() << "row " << t["row"] << " (" << t["kind"]
                                  << ") names no building but was matched to "
                                  << it->second["building_source_id"];
                }
            } else {
                ++m.existing;
                if (it->second["building_source_id"] == t["building"])
                    ++m.right;
                else if (!it->second["building_id"].empty())
                    ++m.wrong;
            }
        }
        return m;
    }

    TempDir dir;
    static TempDir* m_dir;
};

TempDir* Households::m_dir = nullptr;

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
