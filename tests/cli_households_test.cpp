// The household ledger end to end (issue 14): made-up registers of the sample's buildings
// (tests/make_register.cpp) imported and matched through cordon-cli, measured against the
// truth the generator wrote; personal data looked for in the project's bytes; bad registers.

#include "cli_runner.hpp"

#include <cordon/geo/project_store.hpp>
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

} // namespace cordon::test
