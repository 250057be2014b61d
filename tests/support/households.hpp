#pragma once
// The household ledger's end-to-end fixture (issue 14): the sample as a district's own building
// layer (楼栋号, addresses, communities), made-up registers of it (tests/make_register.cpp: a
// 3,000-row GBK CSV and a 1,500-row XLSX) and the truth they were made from; reading CSVs and
// project tables back.

#include "cli_runner.hpp"

#include <cordon/geo/text_encoding.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace cordon::test {

inline std::vector<std::string> split_csv_line(const std::string& line) {
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
inline std::vector<std::vector<std::string>> read_csv(const std::string& path, bool gbk = false) {
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
inline std::vector<std::map<std::string, std::string>> read_table(const std::string& path) {
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

inline std::vector<std::string> sql_column(const std::string& project, const std::string& sql) {
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

    /// At least 98 % of the (more than `at_least`) rows naming an existing building matched to
    /// it, none to another, and no row naming none matched.
    static void expect_matched(const Measure& m, std::size_t at_least) {
        EXPECT_GT(m.existing, at_least);
        EXPECT_GE(m.right, m.existing * 98 / 100) << m.right << " of " << m.existing;
        EXPECT_EQ(m.wrong, 0u);
        EXPECT_EQ(m.none_matched, 0u);
    }

    TempDir dir;
    inline static TempDir* m_dir = nullptr;
};

} // namespace cordon::test
