// The plan steps' parameters, one table for both front ends: every value the command line
// accepts the app accepts (gui::PlanForm, which the plan panel reads its fields with), and
// every value one refuses the other refuses, each naming the parameter in its own words (the
// option on the command line, the field's label in the app). And `plan STEP --help` lists
// every parameter from its description.

#include "cli_runner.hpp"

#include <cordon/gui/plan_form.hpp>
#include <cordon/session/parameters.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

using cordon::test::cli;
using cordon::test::CliRun;
using cordon::test::q;
using cordon::test::TempDir;
using nlohmann::json;

namespace {

struct Row {
    const char* step;
    const char* name;
    /// What the command line gives: "--option VALUE", or "--flag" alone.
    const char* cli;
    /// What the app's field holds: a number field's number, a check box's true or false, a
    /// choice's or text field's text, a list's texts.
    json app;
    bool accepted;
};

const double nan = std::numeric_limits<double>::quiet_NaN();
const double inf = std::numeric_limits<double>::infinity();

const std::vector<Row>& table() {
    static const std::vector<Row> rows{
        {"classify", "unknown_mode", "--unknown-mode closed", "closed", true},
        {"classify", "unknown_mode", "--unknown-mode unknown", "unknown", true},
        {"classify", "unknown_mode", "--unknown-mode open", "open", false},
        {"classify", "untyped_outside", "--untyped-outside not-home", "not-home", true},
        {"classify", "untyped_outside", "--untyped-outside yes", "yes", false},
        {"gates", "gate_distance", "--gate-distance 0", 0, false},
        {"gates", "gate_distance", "--gate-distance 1", 1, true},
        {"gates", "gate_distance", "--gate-distance 100000", 100000, true},
        {"gates", "gate_distance", "--gate-distance 100001", 100001, false},
        {"gates", "gate_distance", "--gate-distance nan", nan, false},
        {"gates", "gate_distance", "--gate-distance 8h", "8h", false},
        {"gates", "vehicle_gate", "--no-vehicle-gate", false, true},
        {"gates", "vehicle_gate", "--no-vehicle-gate=yes", "yes", false},
        {"gates", "second_exit", "--second-exit", true, true},
        {"gates", "second_exit", "--second-exit=no", "no", false},
        {"gates", "gate_crew", "--gate-crew 0", 0, false},
        {"gates", "gate_crew", "--gate-crew 100", 100, true},
        {"gates", "gate_crew", "--gate-crew 101", 101, false},
        {"gates", "gate_crew", "--gate-crew 2.5", 2.5, false},
        {"gates", "guard_crew", "--guard-crew 1", 1, true},
        {"gates", "guard_crew", "--guard-crew 1.5", 1.5, false},
        {"zones", "zones", "--zones 0", 0, false},
        {"zones", "zones", "--zones 1", 1, true},
        {"zones", "zones", "--zones 10000000", 10000000, true},
        {"zones", "zones", "--zones 10000001", 10000001, false},
        {"zones", "zones", "--zones 2.5", 2.5, false},
        {"zones", "capacity", "--capacity 0", 0, false},
        {"zones", "capacity", "--capacity 400.5", 400.5, true},
        {"zones", "capacity", "--capacity 1e9", 1e9, true},
        {"zones", "capacity", "--capacity 1.5e9", 1.5e9, false},
        {"zones", "balance", "--balance -1", -1, false},
        {"zones", "balance", "--balance 0", 0, true},
        {"zones", "balance", "--balance 100", 100, true},
        {"zones", "balance", "--balance 101", 101, false},
        {"zones", "seed", "--seed -1", -1, false},
        {"zones", "seed", "--seed 0", 0, true},
        {"zones", "seed", "--seed 1.5", 1.5, false},
        {"zones", "seed", "--seed 1e15", 1e15, true},
        {"zones", "seed", "--seed 2e15", 2e15, false},
        {"zones", "balance_by", "--balance-by walk", "walk", true},
        {"zones", "balance_by", "--balance-by households", "households", true},
        {"zones", "balance_by", "--balance-by time", "time", false},
        {"zones", "balance_by", "--balance-by ''", "", false},
        {"routes", "speed", "--speed 0.1", 0.1, false},
        {"routes", "speed", "--speed 0.5", 0.5, true},
        {"routes", "speed", "--speed 30", 30, true},
        {"routes", "speed", "--speed 31", 31, false},
        {"routes", "route_effort", "--route-effort -1", -1, false},
        {"routes", "route_effort", "--route-effort 0", 0, true},
        {"routes", "route_effort", "--route-effort 1000", 1000, true},
        {"routes", "route_effort", "--route-effort 1e4", 1e4, false},
        {"staffing", "shift_hours", "--shift-hours 0", 0, false},
        {"staffing", "shift_hours", "--shift-hours 1", 1, true},
        {"staffing", "shift_hours", "--shift-hours 24", 24, true},
        {"staffing", "shift_hours", "--shift-hours 25", 25, false},
        {"staffing", "shift_hours", "--shift-hours inf", inf, false},
        {"staffing", "rounds", "--rounds 0", 0, false},
        {"staffing", "rounds", "--rounds 1", 1, true},
        {"staffing", "rounds", "--rounds 24", 24, true},
        {"staffing", "rounds", "--rounds 25", 25, false},
        {"staffing", "rounds", "--rounds 1.5", 1.5, false},
        {"staffing", "team_size", "--team-size 0", 0, false},
        {"staffing", "team_size", "--team-size 100", 100, true},
        {"staffing", "team_size", "--team-size 2.5", 2.5, false},
        {"staffing", "available", "--available volunteers=5", json::array({"volunteers=5"}), true},
        {"staffing", "available", "--available volunteers=-5", json::array({"volunteers=-5"}),
         false},
        {"staffing", "available", "--available boss=1", json::array({"boss=1"}), false},
        {"staffing", "available", "--available staff=12abc", json::array({"staff=12abc"}), false},
        {"checkpoints", "area", "--area district", json::array({"district"}), true},
        {"checkpoints", "area", "--area ''", json::array({""}), false},
        {"checkpoints", "margin", "--margin -3", -3, false},
        {"checkpoints", "margin", "--margin 0", 0, true},
        {"checkpoints", "margin", "--margin 100000", 100000, true},
        {"checkpoints", "margin", "--margin 100001", 100001, false},
        {"checkpoints", "margin", "--margin x", "x", false},
        {"checkpoints", "budget", "--budget 0", 0, false},
        {"checkpoints", "budget", "--budget 1", 1, true},
        {"checkpoints", "budget", "--budget 2.5", 2.5, false},
        {"checkpoints", "budget", "--budget 100001", 100001, false},
        {"checkpoints", "objective", "--objective fewest", "fewest", true},
        {"checkpoints", "objective", "--objective cheapest", "cheapest", false},
        {"checkpoints", "direction", "--direction both", "both", true},
        {"checkpoints", "direction", "--direction out", "out", false},
        {"checkpoints", "costs", "--costs costs.txt", "costs.txt", true},
        {"checkpoints", "drivable", "--drivable primary,secondary", "primary,secondary", true},
        {"checkpoints", "drivable", "--drivable ,", ",", false},
        {"checkpoints", "close", "--close 'Main Street'", json::array({"Main Street"}), true},
        {"checkpoints", "keep_open", "--keep-open id:12", json::array({"id:12"}), true},
        {"checkpoints", "choke_min_households", "--choke-min-households 0", 0, true},
        {"checkpoints", "choke_min_households", "--choke-min-households 200", 200, true},
        {"checkpoints", "choke_min_households", "--choke-min-households -1", -1, false},
        {"checkpoints", "hours", "--hours 07:00-22:00", "07:00-22:00", true},
        {"checkpoints", "hours", "--hours 07:99-22:00", "07:99-22:00", false},
        {"checkpoints", "hours", "--hours 7-25", "7-25", false},
        {"checkpoints", "periods", "--periods 07:00-10:00=3,17:00-07:00=1",
         "07:00-10:00=3,17:00-07:00=1", true},
        {"checkpoints", "periods", "--periods 07:00-10:00=3,09:00-11:00=2",
         "07:00-10:00=3,09:00-11:00=2", false},
        {"checkpoints", "periods", "--periods 07:00-10:00=0", "07:00-10:00=0", false},
        {"checkpoints", "periods", "--periods 07:00-10:00=101", "07:00-10:00=101", false},
        {"checkpoints", "periods", "--periods 07:00-10:00", "07:00-10:00", false},
        {"checkpoints", "algorithm", "--algorithm push-relabel", "push-relabel", true},
        {"checkpoints", "algorithm", "--algorithm dinic", "dinic", false},
        {"checkpoints", "barriers", "--barriers", true, true},
        {"checkpoints", "barriers", "--barriers=yes", "yes", false},
        {"checkpoints", "barrier_max_class", "--barrier-max-class secondary", "secondary", true},
        {"checkpoints", "barrier_max_class", "--barrier-max-class footway", "footway", false},
        {"checkpoints", "min_staffed", "--min-staffed 1", 1, true},
        {"checkpoints", "min_staffed", "--min-staffed 100", 100, true},
        {"checkpoints", "min_staffed", "--min-staffed 0", 0, false},
        {"checkpoints", "min_staffed", "--min-staffed 2.5", 2.5, false},
        {"checkpoints", "access_km", "--access-km 0.5", 0.5, true},
        {"checkpoints", "access_km", "--access-km 0", 0, false},
        {"checkpoints", "access_km", "--access-km 1001", 1001, false},
        {"checkpoints", "time_limit", "--time-limit 1", 1, true},
        {"checkpoints", "time_limit", "--time-limit 0.5", 0.5, false},
        {"checkpoints", "time_limit", "--time-limit 86401", 86401, false},
        {"checkpoints", "gap", "--gap 0", 0, true},
        {"checkpoints", "gap", "--gap 5", 5, true},
        {"checkpoints", "gap", "--gap -1", -1, false},
        {"checkpoints", "gap", "--gap 101", 101, false},
    };
    return rows;
}

/// The option of a row as the command line names it: "--gate-distance".
std::string option(const Row& row) {
    const std::string cli = row.cli;
    return cli.substr(0, cli.find_first_of(" ="));
}

} // namespace

TEST(Parameters, TheTableCoversEveryParameter) {
    for (const char* step : {"classify", "gates", "zones", "routes", "staffing", "checkpoints"})
        for (const auto& p : cordon::session::step_params(step)) {
            int accepted = 0, refused = 0;
            for (const Row& row : table())
                if (row.step == std::string(step) && row.name == p.name)
                    (row.accepted ? accepted : refused)++;
            EXPECT_GE(accepted, 1) << step << " " << p.name;
            // Every parameter that can be wrong has a value refused.
            if (p.name != "costs" && p.name != "close" && p.name != "keep_open") {
                EXPECT_GE(refused, 1) << step << " " << p.name;
            }
        }
}

TEST(Parameters, TheCommandLineAndTheAppAcceptAndRefuseTheSameValues) {
    TempDir dir;
    const std::string missing = q(dir / "missing.cordon");
    for (const Row& row : table()) {
        const std::string step = row.step;
        // The command line: a refused value is named by its option before the project is
        // read; an accepted one gets as far as the project, which does not exist.
        std::string args = "plan " + step + " " + missing + " " + row.cli;
        if (step == "checkpoints" && std::string(row.name) != "area") args += " --area district";
        const CliRun r = cli(args, dir);
        EXPECT_EQ(r.code, 2) << args << "\n" << r.err;
        const bool named = r.err.find(option(row)) != std::string::npos;
        const bool reached_project = r.err.find("missing.cordon") != std::string::npos;
        EXPECT_EQ(!named && reached_project, row.accepted) << args << "\n" << r.err;

        // The app: what its field holds, through the form the plan panel reads its fields
        // with; a refusal is said with the field's label, in English and in Chinese.
        const auto& param = cordon::session::find_param(step, row.name);
        cordon::gui::PlanForm form{cordon::session::PlanParams{}};
        bool app_accepted = true;
        try {
            form.take(step, row.name, row.app);
        } catch (const cordon::ParamError& e) {
            app_accepted = false;
            EXPECT_EQ(e.param(), row.name) << e.what();
            for (const bool zh : {false, true}) {
                const std::string said = cordon::gui::field_error_text(e, zh);
                EXPECT_EQ(said.rfind(zh ? param.label_zh : param.label_en, 0), 0u) << said;
            }
        }
        EXPECT_EQ(app_accepted, row.accepted) << step << " " << row.name << " " << row.app.dump();
    }
}

TEST(Parameters, AnAcceptedValueIsTheOneTheStepGets) {
    using cordon::session::find_param;
    using cordon::session::read_value;
    cordon::session::PlanParams p;
    cordon::session::set_value(p, find_param("zones", "balance"),
                               read_value(find_param("zones", "balance"), "12.5"));
    EXPECT_DOUBLE_EQ(p.zoning.balance_target, 0.125);
    cordon::session::set_value(p, find_param("gates", "vehicle_gate"), false);
    EXPECT_FALSE(p.gates.keep_vehicle_gate);
    cordon::session::set_value(p, find_param("staffing", "available"),
                               json::array({"volunteers=40", "staff=3"}));
    EXPECT_EQ(p.staffing.available.at("volunteers"), 40);
    EXPECT_EQ(p.staffing.available.at("staff"), 3);
    cordon::session::set_value(p, find_param("checkpoints", "budget"), 4);
    EXPECT_EQ(p.checkpoints.plan.budget, 4);
    cordon::session::set_value(p, find_param("checkpoints", "budget"), nullptr);
    EXPECT_FALSE(p.checkpoints.plan.budget);
    cordon::session::set_value(p, find_param("classify", "unknown_mode"), "guarded");
    EXPECT_EQ(p.classify.unknown_compounds_as, cordon::geo::CompoundMode::guarded);
    EXPECT_TRUE(p.reclassify);
    // Defaults are the planner's own.
    const cordon::session::PlanParams defaults;
    EXPECT_EQ(find_param("gates", "gate_distance").fallback, defaults.gates.max_walk);
    EXPECT_EQ(find_param("checkpoints", "margin").fallback, defaults.checkpoints.plan.margin);
    EXPECT_EQ(find_param("routes", "speed").fallback, defaults.routes.walking_speed_kmh);
    EXPECT_EQ(find_param("staffing", "shift_hours").fallback, defaults.staffing.shift_hours);
    EXPECT_EQ(find_param("zones", "balance").get(defaults),
              find_param("zones", "balance").fallback);
}

TEST(Parameters, HelpComesFromTheDescriptions) {
    TempDir dir;
    for (const char* step :
         {"classify", "gates", "zones", "routes", "staffing", "all", "checkpoints"}) {
        CliRun r = cli(std::string("plan ") + step + " --help", dir);
        ASSERT_EQ(r.code, 0) << step << "\n" << r.err;
        // Read as one line: the help text is wrapped.
        std::string flat;
        for (char c : r.out)
            if (!std::isspace(static_cast<unsigned char>(c)) ||
                (!flat.empty() && flat.back() != ' '))
                flat += std::isspace(static_cast<unsigned char>(c)) ? ' ' : c;
        r.out = flat;
        for (const auto& p : cordon::session::step_params(step)) {
            std::string name = p.name;
            std::replace(name.begin(), name.end(), '_', '-');
            if (p.type == cordon::session::ParamType::flag && p.fallback == true)
                name = "no-" + name;
            EXPECT_NE(r.out.find("--" + name), std::string::npos) << step << ": " << name;
            // The first words of its help, and its range.
            const std::string words = p.help.substr(0, p.help.find(' ', 20));
            EXPECT_NE(r.out.find(words), std::string::npos) << step << ": " << words;
            if (p.type == cordon::session::ParamType::number ||
                p.type == cordon::session::ParamType::whole) {
                EXPECT_NE(r.out.find(cordon::session::value_text(p.min) + " to " +
                                     cordon::session::value_text(p.max)),
                          std::string::npos)
                    << step << ": " << name;
            }
        }
    }
}
