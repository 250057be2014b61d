// End-to-end: the printed patrol atlas and the hand-over package (issue 6), through cordon-cli
// on the real Chengdu sample, checked with poppler (pdfinfo, pdftotext, pdffonts) and GDAL.

#include "cli_runner.hpp"

#include <cordon/geo/project_store.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <filesystem>
#include <regex>
#include <sstream>

using namespace cordon::test;

namespace {

int pdf_pages(const std::string& pdf) {
    std::smatch m;
    const std::string info = shell("pdfinfo " + q(pdf));
    return std::regex_search(info, m, std::regex("Pages:\\s+(\\d+)")) ? std::stoi(m[1]) : -1;
}

/// One planned sample for every test: import, three zones with routes, district checkpoints.
class Print : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        m_dir = new TempDir;
        m_project = new std::string(*m_dir / "p.cordon");
        m_empty = new std::string(*m_dir / "empty.cordon");
        ASSERT_EQ(cli("import " + q(sample_osm()) + " -o " + q(*m_project), *m_dir).code, 0);
        std::filesystem::copy_file(*m_project, *m_empty);
        plan_sample(*m_project, *m_dir);
    }
    static void TearDownTestSuite() {
        delete m_project;
        delete m_empty;
        delete m_dir;
    }
    nlohmann::json print(const std::string& args, const std::string& pdf) {
        const CliRun r =
            cli("print " + args + " -o " + q(pdf) + " --json " + q(*m_dir / "r.json"), *m_dir);
        EXPECT_EQ(r.code, 0) << r.err;
        return nlohmann::json::parse(read_file(*m_dir / "r.json"));
    }
    static TempDir* m_dir;
    static std::string* m_project;
    static std::string* m_empty;
};

TempDir* Print::m_dir = nullptr;
std::string* Print::m_project = nullptr;
std::string* Print::m_empty = nullptr;

} // namespace

TEST_F(Print, AtlasPagesTextAndFonts) {
    const std::string pdf = *m_dir / "atlas.pdf";
    const auto r = print(q(*m_project), pdf);
    const cordon::geo::District d = cordon::geo::read_project(*m_project);
    ASSERT_EQ(r["zones"].size(), d.zones.size());
    // Page count = overview + one page per zone + continuation pages of long lists.
    int expected = r["overview_pages"].get<int>();
    for (const auto& z : r["zones"]) {
        expected += z["pages"].get<int>();
        // About 370 buildings each on the sample: every list continues.
        EXPECT_GT(z["buildings"].get<int>(), 100);
        EXPECT_GT(z["pages"].get<int>(), 1) << z.dump();
        const double n = z["scale"].get<double>();
        EXPECT_GT(n, 0);
        // A round scale: 1, 1.5, 2, 2.5, 3, 4, 5 or 7.5 times a power of ten.
        const double m = n / std::pow(10.0, std::floor(std::log10(n)));
        EXPECT_TRUE(m == 1 || m == 1.5 || m == 2 || m == 2.5 || m == 3 || m == 4 || m == 5 ||
                    m == 7.5)
            << n;
    }
    EXPECT_EQ(pdf_pages(pdf), expected);
    EXPECT_EQ(r["pages"].get<int>(), expected);
    const std::string text = shell("pdftotext -enc UTF-8 " + q(pdf) + " -");
    for (const auto& z : d.zones)
        EXPECT_NE(text.find(z.name), std::string::npos) << z.name;
    for (const char* label : {"巡查图册", "图例", "巡查组", "组长", "比例尺", "路线起点",
                              "楼栋列表（续）", "车辆卡口", "户数"})
        EXPECT_NE(text.find(label), std::string::npos) << label;
    const std::string fonts = shell("pdffonts " + q(pdf));
    EXPECT_NE(fonts.find("WenQuanYiMicroHei"), std::string::npos) << fonts;
    // Every font is embedded: the "emb" column says yes on every row.
    std::istringstream lines(fonts);
    std::string line;
    int rows = 0;
    while (std::getline(lines, line)) {
        if (line.rfind("name", 0) == 0 || line.rfind("----", 0) == 0 || line.empty()) continue;
        ++rows;
        EXPECT_NE(line.find(" yes "), std::string::npos) << line;
    }
    EXPECT_GT(rows, 0);
}

TEST_F(Print, EnglishLandscapeA3AndChosenZones) {
    const cordon::geo::District d = cordon::geo::read_project(*m_project);
    const std::string pdf = *m_dir / "en.pdf";
    const auto r = print(q(*m_project) + " --lang en --paper A3 --orientation landscape --zones " +
                             q(d.zones.front().name),
                         pdf);
    ASSERT_EQ(r["zones"].size(), 1u);
    EXPECT_EQ(pdf_pages(pdf), r["overview_pages"].get<int>() + r["zones"][0]["pages"].get<int>());
    const std::string info = shell("pdfinfo " + q(pdf));
    EXPECT_NE(info.find("1190.55 x 841.89"), std::string::npos) << info;
    const std::string text = shell("pdftotext -enc UTF-8 " + q(pdf) + " -");
    for (const char* label : {"Patrol atlas", "Legend", "Leader", "Route start", "continued"})
        EXPECT_NE(text.find(label), std::string::npos) << label;
    EXPECT_NE(
        cli("print " + q(*m_project) + " -o " + q(*m_dir / "x.pdf") + " --zones nosuchzone", *m_dir)
            .code,
        0);
}

TEST_F(Print, NoZonesGivesTheOverviewOnlyAndSaysSo) {
    const std::string pdf = *m_dir / "empty.pdf";
    const CliRun r = cli("print " + q(*m_empty) + " -o " + q(pdf), *m_dir);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("No patrol zones yet"), std::string::npos) << r.out;
    EXPECT_EQ(pdf_pages(pdf), 1);
    const std::string text = shell("pdftotext -enc UTF-8 " + q(pdf) + " -");
    EXPECT_NE(text.find("尚未划分巡查片区"), std::string::npos) << text;
}

TEST_F(Print, UnwritableOutputAndMissingFont) {
    const CliRun r = cli("print " + q(*m_project) + " -o /nonexistent-dir/atlas.pdf", *m_dir);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("/nonexistent-dir/atlas.pdf: cannot write"), std::string::npos) << r.err;
    const std::string command = "CORDON_ATLAS_FONT='No Such Font Zz' " + std::string(CORDON_CLI) +
                                " print " + q(*m_project) + " -o " + q(*m_dir / "nofont3.pdf") +
                                " 2>&1";
    const std::string out = shell(command);
    EXPECT_NE(out.find("fonts-wqy-microhei"), std::string::npos) << out;
    EXPECT_FALSE(std::filesystem::exists(*m_dir / "nofont3.pdf"));
}

TEST_F(Print, HandoverFolderAndZip) {
    const std::string out = *m_dir / "pkg";
    const CliRun r = cli("handover " + q(*m_project) + " -o " + q(out), *m_dir);
    ASSERT_EQ(r.code, 0) << r.err;
    const cordon::geo::District d = cordon::geo::read_project(*m_project);
    for (const char* f : {"atlas.pdf", "CONTENTS.txt", "contents.json", "staffing.csv",
                          "shp/zones.shp", "shp/zones.cpg", "shp/buildings.dbf", "gpkg/zones.gpkg",
                          "kml/routes.kml", "csv/checkpoints.csv", "gpkg/buildings.gpkg",
                          "gpkg/cordon_areas.gpkg", "shp/cordon_areas.shp"})
        EXPECT_TRUE(std::filesystem::exists(out + "/" + f)) << f;
    EXPECT_EQ(read_file(out + "/shp/zones.cpg").substr(0, 5), "CP936");
    // Re-read with GDAL: the zones and their Chinese names come back.
    const std::string info = shell("ogrinfo -ro -al " + q(out + "/shp/zones.shp"));
    EXPECT_NE(info.find("Feature Count: " + std::to_string(d.zones.size())), std::string::npos);
    EXPECT_NE(info.find(d.zones.front().name), std::string::npos) << info.substr(0, 2000);
    const std::string gpkg =
        shell("ogrinfo -ro -so " + q(out + "/gpkg/buildings.gpkg") + " buildings");
    EXPECT_NE(gpkg.find("Feature Count: " + std::to_string(d.buildings.size())), std::string::npos);
    EXPECT_NE(read_file(out + "/staffing.csv").find("people_per_day"), std::string::npos);
    // The checkpoint step's protected area (and its choke points, when it found any) too.
    ASSERT_EQ(d.cordon_areas.size(), 1u);
    EXPECT_NE(shell("ogrinfo -ro -so " + q(out + "/gpkg/cordon_areas.gpkg") + " cordon_areas")
                  .find("Feature Count: 1"),
              std::string::npos);
    EXPECT_EQ(std::filesystem::exists(out + "/csv/choke_points.csv"), !d.choke_points.empty());
    // Again into the same folder (an earlier package: replaced), then as a ZIP in UTF-8.
    EXPECT_EQ(cli("handover " + q(*m_project) + " -o " + q(out) + " --no-atlas", *m_dir).code, 0);
    EXPECT_FALSE(std::filesystem::exists(out + "/atlas.pdf"));
    const std::string zip = *m_dir / "pkg.zip";
    ASSERT_EQ(
        cli("handover " + q(*m_project) + " -o " + q(zip) + " --encoding utf8 --no-atlas", *m_dir)
            .code,
        0);
    const std::string z =
        shell("ogrinfo -ro -so " + q("/vsizip/" + zip + "/shp/zones.shp") + " zones");
    EXPECT_NE(z.find("Feature Count: " + std::to_string(d.zones.size())), std::string::npos) << z;
    // A folder that is not a package is never replaced.
    std::filesystem::create_directories(*m_dir / "mine");
    write_file(*m_dir / "mine/keep.txt", "mine");
    EXPECT_EQ(cli("handover " + q(*m_project) + " -o " + q(*m_dir / "mine"), *m_dir).code, 2);
    EXPECT_TRUE(std::filesystem::exists(*m_dir / "mine/keep.txt"));
}
