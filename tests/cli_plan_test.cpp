// End-to-end: the patrol plan on the real Chengdu sample, through cordon-cli.

#include "cli_runner.hpp"

#include <cordon/geo/checksum.hpp>
#include <cordon/geo/project_store.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

using namespace cordon::test;

namespace {

class Plan : public ::testing::Test {
protected:
    void SetUp() override {
        m_project = m_dir / "p.cordon";
        ASSERT_EQ(cli("import " + q(sample_osm()) + " -o " + q(m_project), m_dir).code, 0);
    }
    nlohmann::json run(const std::string& args) {
        const CliRun r = cli("plan " + args + " --json " + q(m_dir / "r.json"), m_dir);
        EXPECT_EQ(r.code, 0) << args << "\n" << r.err;
        return nlohmann::json::parse(read_file(m_dir / "r.json"));
    }
    TempDir m_dir;
    std::string m_project;
};

} // namespace

TEST_F(Plan, AllStepsOnTheSample) {
    const auto f =
        run("all " + q(m_project) + " --zones 8 --unknown-mode closed --available volunteers=100");
    const cordon::geo::District d = cordon::geo::read_project(m_project);
    // Classification: every building has a control; the report's counts add up.
    std::size_t counted = 0;
    for (const auto& [mode, t] : f["classify"]["district"].items())
        counted += t["buildings"].get<std::size_t>();
    EXPECT_EQ(counted, d.buildings.size());
    std::map<std::string, std::size_t> control;
    for (const auto& b : d.buildings)
        ++control[b.control];
    EXPECT_EQ(control["patrol"],
              f["classify"]["district"]["patrol"]["buildings"].get<std::size_t>());
    EXPECT_EQ(control[""], 0u);
    // Zones: eight, every patrol building in exactly one, balance within 5 %.
    ASSERT_EQ(d.zones.size(), 8u);
    std::set<cordon::geo::Id> zone_ids;
    for (const auto& z : d.zones)
        zone_ids.insert(z.id);
    for (const auto& b : d.buildings) {
        if (b.control == "patrol") {
            ASSERT_TRUE(b.zone_id.has_value()) << b.id;
            EXPECT_TRUE(zone_ids.count(*b.zone_id));
        } else {
            EXPECT_FALSE(b.zone_id.has_value()) << b.id;
        }
    }
    EXPECT_LE(f["zones"]["balance"]["largest_deviation"].get<double>(), 0.05);
    for (const auto& z : d.zones) {
        EXPECT_GT(z.households, 0);
        EXPECT_GT(z.buildings, 0);
        EXPECT_GT(z.area_m2, 0);
        EXPECT_GT(z.polsby_popper, 0);
    }
    // Routes: one closed walk per zone, its length on the zone.
    ASSERT_EQ(d.routes.size(), 8u);
    for (const auto& r : d.routes) {
        EXPECT_EQ(r.geom.front(), r.geom.back());
        EXPECT_NEAR(r.length_m, cordon::geo::length(r.geom), 1e-6);
        EXPECT_GT(r.minutes, 0);
    }
    // Staffing names the shortfall of volunteers it was given too few of.
    EXPECT_GT(f["staffing"]["district"]["people_per_day"].get<double>(), 0);
    // History holds the import and this step, with its parameters.
    ASSERT_GE(d.meta.history.size(), 2u);
    EXPECT_EQ(d.meta.history.back().step, "all");
    EXPECT_NE(d.meta.history.back().parameters.find("\"zones\":8"), std::string::npos);
}

// Route minutes beside the team's shift: at 30 km/h the sample's three zones take 95–105
// minutes a round, so a 3-hour shift (180 min) holds one round but not two. Every zone whose
// two rounds do not fit is named, in the report, the JSON and the figures, with its teams.
TEST_F(Plan, ZonesThatCannotBeWalkedTwiceInAShiftAreNamedWithTheirTeams) {
    const std::string p = q(m_project);
    const auto f = run("all " + p + " --zones 3 --unknown-mode closed --speed 30 --shift-hours 3");
    const cordon::geo::District d = cordon::geo::read_project(m_project);
    std::map<cordon::geo::Id, double> minutes;
    for (const auto& r : d.routes)
        minutes[r.zone_id] = r.minutes;
    std::set<std::string> want;
    for (const auto& z : d.zones) {
        ASSERT_TRUE(minutes.count(z.id));
        ASSERT_LE(minutes[z.id], 180) << "one round should fit the shift";
        if (2 * minutes[z.id] > 180) want.insert(z.name);
    }
    ASSERT_FALSE(want.empty()) << "no zone over the shift: the test shows nothing";
    for (const char* step : {"routes", "staffing"}) {
        const auto& w = f[step]["workload"];
        EXPECT_EQ(w["shift_hours"], 3) << step;
        EXPECT_EQ(w["rounds_per_day"], 2) << step;
        std::set<std::string> named;
        for (const auto& z : w["over_shift"]) {
            named.insert(z["name"].get<std::string>());
            EXPECT_EQ(z["teams"], 2) << step; // one round in each of two shifts
            EXPECT_FALSE(z["fits"].get<bool>());
        }
        EXPECT_EQ(named, want) << step;
    }
    // Staffing counts the teams: two for a zone over the shift, one for the others.
    const double teams = static_cast<double>(d.zones.size() + want.size());
    EXPECT_EQ(f["staffing"]["district"]["need"]["social_workers"].get<double>(), teams);
    // The terminal names them too; a longer shift holds every zone's rounds.
    const CliRun r = cli("plan routes " + p + " --speed 30 --shift-hours 3", m_dir);
    ASSERT_EQ(r.code, 0) << r.err;
    for (const auto& name : want)
        EXPECT_NE(r.out.find("    " + name + ": "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("needs 2 teams"), std::string::npos) << r.out;
    const auto longer = run("routes " + p + " --speed 30 --shift-hours 8");
    EXPECT_TRUE(longer["workload"]["over_shift"].empty());
    // Three rounds in the 3-hour shift: every zone is over it.
    const auto three = run("routes " + p + " --speed 30 --shift-hours 3 --rounds 3");
    EXPECT_EQ(three["workload"]["over_shift"].size(), d.zones.size());
}

TEST_F(Plan, CapacityGivesTheFewestZonesThatFit) {
    const auto f = run("zones " + q(m_project) + " --capacity 20000");
    const cordon::geo::District d = cordon::geo::read_project(m_project);
    ASSERT_FALSE(d.zones.empty());
    for (const auto& z : d.zones)
        EXPECT_LE(z.households, 20000);
    EXPECT_TRUE(f["balance"]["capacity_met"].get<bool>());
}

TEST_F(Plan, BadRequestsAreRefusedAndTheProjectKept) {
    const std::string before = cordon::geo::sha256_file(m_project);
    auto refused = [&](const std::string& args, const std::string& named) {
        const CliRun r = cli("plan " + args, m_dir);
        EXPECT_EQ(r.code, 2) << args << "\n" << r.err;
        EXPECT_NE(r.err.find(named), std::string::npos) << r.err;
        EXPECT_EQ(cordon::geo::sha256_file(m_project), before);
    };
    refused("zones " + q(m_project) + " --zones 100000", "100000");
    refused("zones " + q(m_project) + " --capacity 3", "capacity");
    refused("zones " + q(m_project) + " --zones 8 --capacity 100", "not both");
    refused("routes " + q(m_project), "no patrol zones");
    refused("zones " + q(m_project) + " --zones 8 --unknown-mode open", "--unknown-mode");
    refused("dance " + q(m_project), "unknown step");
    refused("zones " + q(m_dir / "missing.cordon") + " --zones 8", "missing.cordon");
}

TEST_F(Plan, ParametersOutOfRangeAreRefusedNamingThemAndTheProjectKept) {
    ASSERT_EQ(cli("plan zones " + q(m_project) + " --zones 4", m_dir).code, 0);
    const std::string before = cordon::geo::sha256_file(m_project);
    auto refused = [&](const std::string& command, const std::string& named) {
        const CliRun r = cli(command, m_dir);
        EXPECT_EQ(r.code, 2) << command << "\n" << r.err;
        EXPECT_NE(r.err.find(named), std::string::npos) << command << "\n" << r.err;
        EXPECT_EQ(cordon::geo::sha256_file(m_project), before) << command;
    };
    const std::string p = q(m_project);
    // Staffing: hours, team size and people available.
    refused("plan staffing " + p + " --shift-hours 0", "--shift-hours 0: must be between 1 and 24");
    refused("plan staffing " + p + " --shift-hours 25", "--shift-hours 25: must be between");
    refused("plan staffing " + p + " --shift-hours nan", "--shift-hours nan: must be between");
    refused("plan all " + p + " --shift-hours inf", "--shift-hours inf: must be between");
    refused("plan staffing " + p + " --shift-hours 8h", "--shift-hours 8h: not a number");
    refused("plan staffing " + p + " --team-size 0", "--team-size 0: must be between 1 and 100");
    refused("plan staffing " + p + " --rounds 0", "--rounds 0: must be between 1 and 24");
    refused("plan routes " + p + " --rounds 25", "--rounds 25: must be between 1 and 24");
    refused("plan all " + p + " --rounds 1.5", "--rounds 1.5: must be a whole number");
    refused("plan routes " + p + " --rounds nan", "--rounds nan: must be between");
    refused("plan routes " + p + " --shift-hours 0.5", "--shift-hours 0.5: must be between 1");
    refused("plan staffing " + p + " --team-size 2.5", "--team-size 2.5: must be a whole number");
    refused("plan staffing " + p + " --available volunteers=-5", "--available volunteers=-5");
    refused("plan staffing " + p + " --available volunteers=99999999999",
            "N must be a whole number from 0 to 10000000");
    refused("plan staffing " + p + " --available staff=12abc", "--available staff=12abc");
    // Gates, zones, routes.
    refused("plan gates " + p + " --gate-distance 0", "--gate-distance 0: must be between 1");
    refused("plan gates " + p + " --gate-crew 101", "--gate-crew 101: must be between 1 and 100");
    refused("plan gates " + p + " --guard-crew 1.5", "--guard-crew 1.5: must be a whole number");
    refused("plan zones " + p + " --zones 0", "--zones 0: must be between 1");
    refused("plan zones " + p + " --zones 2.5", "--zones 2.5: must be a whole number");
    refused("plan zones " + p + " --capacity 0", "--capacity 0: must be between 1");
    refused("plan zones " + p + " --zones 4 --balance 101", "--balance 101: must be between 0");
    refused("plan zones " + p + " --zones 4 --seed -1", "--seed -1: must be between 0");
    refused("plan zones " + p + " --zones 4 --seed 1.5", "--seed 1.5: must be a whole number");
    refused("plan routes " + p + " --speed 0.1", "--speed 0.1: must be between 0.5 and 30");
    refused("plan routes " + p + " --route-effort -1", "--route-effort -1: must be between 0");
    refused("plan routes " + p + " --route-effort 1001", "--route-effort 1001: must be between");
    refused("plan routes " + p + " --route-effort nan", "--route-effort nan: must be between");
    refused("plan all " + p + " --route-effort 1e9", "--route-effort 1e9: must be between");
    refused("plan routes " + p + " --route-effort ten", "--route-effort ten: not a number");
    refused("plan zones " + p + " --zones 4 --balance-by time", "--balance-by time: write");
    refused("plan all " + p + " --zones 4 --balance-by ''",
            "--balance-by: write households or walk");
    refused("plan zones " + p + " --zones 4 --balance-by WALK", "--balance-by WALK: write");
    refused("plan zones " + p + " --capacity 400 --balance-by walk",
            "balancing by walking time needs a number of zones");
    // Checkpoint hours, on the command line and in an edits file.
    refused("plan checkpoints " + p + " --area district --hours 07:99-22:00",
            "--hours '07:99-22:00': minute 99 is past 59");
    refused("plan checkpoints " + p + " --area district --hours 7-25", "hour 25 is past 24");
    write_file(m_dir / "hours.json",
               R"([{"edit":"add_checkpoint","x":0,"y":0,"hours":"24:30-06:00"}])");
    refused("edit " + p + " --edits " + q(m_dir / "hours.json"), "24:30 is past midnight");
    write_file(m_dir / "crew.json", R"([{"edit":"add_checkpoint","x":0,"y":0,"crew":-3}])");
    refused("edit " + p + " --edits " + q(m_dir / "crew.json"),
            "crew -3 must be a whole number from 0 to 100");
    // Import parameters, importing over the existing project.
    const std::string import = "import " + q(sample_osm()) + " -o " + p;
    refused(import + " --floors 1e10", "--floors 1e10: must be more than 0 and at most 200");
    refused(import + " --floors 2.5", "--floors 2.5: must be a whole number");
    refused(import + " --snap nan", "--snap nan: must be more than 0");
    refused(import + " --gate-tolerance 5000", "--gate-tolerance 5000: must be more than 0");
    refused(import + " --floor-area 0", "--floor-area 0: must be more than 0");
}

TEST_F(Plan, NoScatteredBuildingsIsAClearError) {
    // Every building counts as not a home: nothing to zone.
    const CliRun r =
        cli("plan zones " + q(m_project) + " --zones 2 --untyped-outside not-home", m_dir);
    // Untyped buildings outside compounds are not homes now, but typed houses remain homes:
    // either zones come out or the error says there is nothing to zone.
    if (r.code != 0) {
        EXPECT_EQ(r.code, 2);
        EXPECT_NE(r.err.find("scattered"), std::string::npos) << r.err;
    }
}

TEST_F(Plan, EditsAndScenariosFromTheCommandLine) {
    run("all " + q(m_project) + " --zones 4 --unknown-mode closed");
    cordon::geo::District d = cordon::geo::read_project(m_project);
    ASSERT_FALSE(d.gates.empty());
    const auto gate = d.gates.front();
    const std::string flipped = gate.state == cordon::geo::GateState::open ? "closed" : "open";
    ASSERT_EQ(cli("scenario save " + q(m_project) + " before", m_dir).code, 0);
    write_file(m_dir / "edits.json", R"([{"edit":"gate","id":)" + std::to_string(gate.id) +
                                         R"(,"state":")" + flipped + R"("}])");
    const CliRun e = cli("edit " + q(m_project) + " --edits " + q(m_dir / "edits.json"), m_dir);
    ASSERT_EQ(e.code, 0) << e.err;
    d = cordon::geo::read_project(m_project);
    EXPECT_EQ(cordon::geo::to_string(d.gates.front().state), flipped);
    ASSERT_EQ(cli("scenario save " + q(m_project) + " after", m_dir).code, 0);
    const CliRun c = cli(
        "scenario compare " + q(m_project) + " before after --json " + q(m_dir / "c.json"), m_dir);
    ASSERT_EQ(c.code, 0) << c.err;
    EXPECT_NE(read_file(m_dir / "c.json").find(std::to_string(gate.id)), std::string::npos);
    // A bad edit is refused before anything is written.
    const std::string before = cordon::geo::sha256_file(m_project);
    write_file(m_dir / "bad.json", R"([{"edit":"gate","id":999999,"state":"closed"}])");
    const CliRun bad = cli("edit " + q(m_project) + " --edits " + q(m_dir / "bad.json"), m_dir);
    EXPECT_EQ(bad.code, 2) << bad.err;
    EXPECT_NE(bad.err.find("999999"), std::string::npos) << bad.err;
    EXPECT_EQ(cordon::geo::sha256_file(m_project), before);
}
