// Registers in every format a community office sends (issue 14, item 1): ODS and XLS read as
// XLSX and CSV are, warnings and errors naming the file, sheet, row and column; ambiguous and
// unmatched rows listed end to end, never guessed, and one matched by hand.

#include "households.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>

namespace cordon::test {

namespace {

/// Writes `csv` (a UTF-8 register) as an XLS file through python3-xlwt (GDAL reads XLS but
/// does not write it): a notes sheet first, then 住户登记 with the title row merged across the
/// table, as offices make them.
int write_xls(const TempDir& dir, const std::string& csv, const std::string& xls) {
    write_file(dir / "to_xls.py", R"(import csv, sys, xlwt
src, out = sys.argv[1:3]
book = xlwt.Workbook(encoding="utf-8")
notes = book.add_sheet("填表说明")
notes.write(0, 0, "说明")
notes.write(1, 0, "本表为生成的测试数据")
sheet = book.add_sheet("住户登记")
with open(src, encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
sheet.write_merge(0, 0, 0, len(rows[1]) - 1, rows[0][0])
for r, row in enumerate(rows[1:], start=1):
    for c, v in enumerate(row):
        if v:
            sheet.write(r, c, v)
book.save(out)
)");
    // Debian's python3 (python3-xlwt), not one a user's PATH may put first.
    const std::string python =
        std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    const std::string command =
        python + " " + q(dir / "to_xls.py") + " " + q(csv) + " " + q(xls) + " >/dev/null";
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// The report of a generated register read from a spreadsheet written by `driver`: its sheet
/// 住户登记 (after the notes sheet), the header below the title row, `rows` rows.
void expect_register_sheet(const nlohmann::json& report, const std::string& driver, int rows) {
    EXPECT_EQ(report["encoding"], "UTF-8 (" + driver + ")");
    EXPECT_EQ(report["sheet"], "住户登记");
    EXPECT_EQ(report["header_row"], 2);
    EXPECT_EQ(report["skipped_rows"], nlohmann::json::array({1}));
    EXPECT_EQ(report["rows"], rows);
}

int run(const std::string& command) {
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace

TEST_F(Households, OdsRegisterIsReadAsTheXlsxOne) {
    // The XLSX register as an ODS, read without headers and written by GDAL's ODS driver: the
    // notes sheet first, the title row above the table.
    const std::string ods = dir / "register.ods";
    ASSERT_EQ(run("ogr2ogr --config OGR_XLSX_HEADERS DISABLE --config OGR_XLSX_FIELD_TYPES "
                  "STRING -f ODS " +
                  q(ods) + " " + q(*m_dir / "register.xlsx") + " >/dev/null"),
              0);
    const std::string p = project();
    expect_register_sheet(import(p, ods), "ODS", 1500);
    expect_matched(measure(p, *m_dir / "register.xlsx.truth.csv"), 1300);
}

TEST_F(Households, XlsRegisterWithAMergedTitleRow) {
    const std::string csv = dir / "register-utf8.csv", xls = dir / "register.xls";
    ASSERT_EQ(make("register " + q(*m_dir / "district.cordon") + " -o " + q(csv) +
                   " --rows 800 --seed 11 --utf8"),
              0);
    ASSERT_EQ(write_xls(dir, csv, xls), 0) << "python3-xlwt (Debian) writes the XLS";
    const std::string p = project();
    const nlohmann::json report = import(p, xls);
    expect_register_sheet(report, "XLS", 800);
    EXPECT_EQ(report["columns"]["compound"], "小区（院落）名称");
    expect_matched(measure(p, csv + ".truth.csv"), 700);
}

TEST_F(Households, SpreadsheetWarningsAndErrorsNameTheSheet) {
    const std::string long_cell(10000, 'x');
    write_file(dir / "broken.csv", "户编号,小区,楼栋,人数,登记日期\n"
                                   "B1,锦绣东方,1栋,三口人,2026-02-30\n"
                                   "B2," +
                                       long_cell + ",2栋,3,2026/11/5\n");
    const std::string xlsx = dir / "broken.xlsx";
    ASSERT_EQ(
        run("ogr2ogr -f XLSX -nln 登记表 " + q(xlsx) + " " + q(dir / "broken.csv") + " >/dev/null"),
        0);
    const std::string p = project();
    const nlohmann::json report = import(p, xlsx);
    const std::string warnings = report["warnings"].dump();
    for (const char* w :
         {"broken.xlsx, sheet '登记表', row 2, column '人数': '三口人' is not a number of members",
          "broken.xlsx, sheet '登记表', row 2, column '登记日期': '2026-02-30' is not a date",
          "broken.xlsx, sheet '登记表', row 3, column '小区': a cell of 10000 characters"})
        EXPECT_NE(warnings.find(w), std::string::npos) << w << "\n" << warnings;
    // A column mapped that the sheet lacks: refused, naming the sheet; the project unchanged.
    const std::string before = read_file(p);
    const CliRun r =
        cli("households import " + q(p) + " " + q(xlsx) + " --column compound=小区名", dir);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("broken.xlsx, sheet '登记表', row 1: no column '小区名'"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(read_file(p), before);
}

TEST_F(Households, AmbiguousAndUnmatchedRowsAreListedNeverGuessed) {
    // Two communities, a compound 幸福里 in each (building 1 in both, 2 in the second only),
    // and two buildings that share the address 华星路 16号 in the first.
    const auto square = [](double x, double y, double size) {
        return "[[[" + std::to_string(x) + "," + std::to_string(y) + "],[" +
               std::to_string(x + size) + "," + std::to_string(y) + "],[" +
               std::to_string(x + size) + "," + std::to_string(y + size) + "],[" +
               std::to_string(x) + "," + std::to_string(y + size) + "],[" + std::to_string(x) +
               "," + std::to_string(y) + "]]]";
    };
    const auto feature = [&](const std::string& properties, double x, double y, double size) {
        return R"({"type":"Feature","properties":{)" + properties +
               R"(},"geometry":{"type":"Polygon","coordinates":)" + square(x, y, size) + "}}";
    };
    const auto collection = [](const std::vector<std::string>& features) {
        std::string out = R"({"type":"FeatureCollection","features":[)";
        for (std::size_t i = 0; i < features.size(); ++i)
            out += (i ? "," : "") + features[i];
        return out + "]}";
    };
    write_file(dir / "communities.geojson",
               collection({feature(R"("name":"甲社区")", 104.0, 30.0, 0.01),
                           feature(R"("name":"乙社区")", 104.01, 30.0, 0.01)}));
    write_file(
        dir / "compounds.geojson",
        collection(
            {feature(R"("name":"幸福里","landuse":"residential")", 104.001, 30.001, 0.002),
             feature(R"("name":"幸福里","landuse":"residential")", 104.011, 30.001, 0.002)}));
    write_file(
        dir / "buildings.geojson",
        collection({feature(R"("name":"a","楼栋号":"1")", 104.0015, 30.0015, 0.0003),
                    feature(R"("name":"b","楼栋号":"1")", 104.0115, 30.0015, 0.0003),
                    feature(R"("name":"c","楼栋号":"2")", 104.0125, 30.0015, 0.0003),
                    feature(R"("name":"d","address":"华星路 16号")", 104.005, 30.005, 0.0003),
                    feature(R"("name":"e","address":"华星路 16号")", 104.006, 30.005, 0.0003)}));
    const std::string p = dir / "t.cordon";
    CliRun r = cli("import --map communities=" + q(dir / "communities.geojson") +
                       " --map compounds=" + q(dir / "compounds.geojson") +
                       " --map buildings=" + q(dir / "buildings.geojson") + " -o " + q(p),
                   dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const auto ids = sql_column(p, "SELECT id FROM buildings ORDER BY id");
    ASSERT_EQ(ids.size(), 5u);
    const std::string &a = ids[0], &b = ids[1], &c = ids[2], &d = ids[3], &e = ids[4];
    write_file(dir / "register.csv", "户编号,社区,小区,楼栋,地址\n"
                                     "K1,,幸福里,1栋,\n"
                                     "K2,甲社区,幸福里,1栋,\n"
                                     "K3,乙社区,幸福里小区,一栋,\n"
                                     "K4,,幸福里,2栋,\n"
                                     "K5,甲社区,幸福里,2栋,\n"
                                     "K6,甲社区,,,华星路16号\n"
                                     "K7,乙社区,,,華星路16號\n"
                                     "K8,,幸福里,9栋,\n");
    nlohmann::json report = import(p, dir / "register.csv");
    EXPECT_EQ(report["matched"], nlohmann::json({{"compound", 3}}));
    EXPECT_EQ(report["ambiguous"], 2);
    EXPECT_EQ(report["unmatched"], 3);
    EXPECT_EQ(report["per_community"]["(no community)"]["ambiguous"], 1);
    EXPECT_EQ(report["per_community"]["(no community)"]["unmatched"], 1);
    EXPECT_EQ(report["per_community"]["甲社区"]["ambiguous"], 1);

    // Every row on no building is listed with its reason; the others are on theirs.
    const auto listed = [&](const std::string& more) {
        const CliRun l =
            cli("households list " + q(p) + " " + more + " -o " + q(dir / "list.csv"), dir);
        EXPECT_EQ(l.code, 0) << l.err;
        std::map<std::string, std::map<std::string, std::string>> out;
        for (auto& row : read_table(dir / "list.csv"))
            out[row["key"]] = row;
        return out;
    };
    const std::map<std::string, std::string> why{
        {"K1",
         "ambiguous: 2 buildings fit compound '幸福里' building '1栋' (ids " + a + ", " + b + ")"},
        {"K5", "unmatched: compound '幸福里' has building '2栋' only outside community '甲社区'"},
        {"K6", "ambiguous: 2 buildings fit address '华星路16号' (ids " + d + ", " + e + ")"},
        {"K7", "unmatched: no building at '華星路16號'"},
        {"K8", "unmatched: compound '幸福里' has no building '9栋'"}};
    auto unmatched = listed("--unmatched");
    ASSERT_EQ(unmatched.size(), why.size());
    for (const auto& [key, reason] : why) {
        EXPECT_EQ(unmatched[key]["reason"], reason) << key;
        EXPECT_EQ(unmatched[key]["building_id"], "") << key;
    }
    auto all = listed("");
    ASSERT_EQ(all.size(), 8u);
    EXPECT_EQ(all["K2"]["building_id"], a);
    EXPECT_EQ(all["K3"]["building_id"], b);
    EXPECT_EQ(all["K4"]["building_id"], c);
    for (const char* key : {"K2", "K3", "K4"})
        EXPECT_EQ(all[key]["rule"], "compound") << key;

    // The planner settles K1 by hand: kept, and kept by the next import of the register.
    r = cli("households match " + q(p) + " --household K1 --building " + b, dir);
    ASSERT_EQ(r.code, 0) << r.err;
    report = import(p, dir / "register.csv");
    EXPECT_EQ(report["ambiguous"], 1);
    EXPECT_EQ(report["manual_matches_applied"], 1);
    all = listed("");
    EXPECT_EQ(all["K1"]["building_id"], b);
    EXPECT_EQ(all["K1"]["rule"], "manual");
    unmatched = listed("--unmatched");
    EXPECT_EQ(unmatched.count("K1"), 0u);
    EXPECT_EQ(unmatched.size(), 4u);
}

// `--column ROLE=` leaves a role its header would give unused (the register wizard's "(none)"):
// the head of household's column is then not read, even with --keep-personal.
TEST_F(Households, AnEmptyColumnLeavesAGuessedRoleUnused) {
    const std::string p = project();
    const nlohmann::json guessed = import(p, *m_dir / "register.csv", "--keep-personal");
    ASSERT_TRUE(guessed["columns"].contains("name")) << guessed["columns"].dump();
    EXPECT_FALSE(sql_column(p, "SELECT name FROM household_personal WHERE name <> ''").empty());
    const nlohmann::json r = import(p, *m_dir / "register.csv", "--keep-personal --column name=");
    EXPECT_FALSE(r["columns"].contains("name")) << r["columns"].dump();
    const std::string header = guessed["columns"]["name"];
    const auto unused = r["columns_not_used"].get<std::vector<std::string>>();
    EXPECT_NE(std::find(unused.begin(), unused.end(), header), unused.end()) << header;
    EXPECT_TRUE(sql_column(p, "SELECT name FROM household_personal WHERE name <> ''").empty());
    EXPECT_EQ(r["households"], guessed["households"]);
}

} // namespace cordon::test
