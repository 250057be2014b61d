#include <cordon/gui/plan_form.hpp>

#include <gtest/gtest.h>

using namespace cordon;
using gui::PlanForm;
using session::find_param;

TEST(PlanForm, NumberFieldsTakeTheParametersRanges) {
    const gui::NumberRange walk = gui::number_range(find_param("gates", "gate_distance"));
    EXPECT_EQ(walk.min, 1);
    EXPECT_EQ(walk.max, 100000);
    // Zones and budget can be left out: their fields reach down to 0, which stands for none.
    EXPECT_EQ(gui::number_range(find_param("zones", "zones")).min, 0);
    EXPECT_EQ(gui::number_range(find_param("checkpoints", "budget")).min, 0);
    EXPECT_TRUE(gui::number_content(find_param("zones", "zones"), 0).is_null());
    EXPECT_TRUE(gui::number_content(find_param("checkpoints", "budget"), 0).is_null());
    EXPECT_EQ(gui::number_content(find_param("zones", "zones"), 8), 8);
    // A margin of 0 is a margin.
    EXPECT_EQ(gui::number_content(find_param("checkpoints", "margin"), 0), 0);
    // Start values: the project's, else the suggested one, else the default.
    EXPECT_EQ(gui::number_start(find_param("gates", "gate_distance"), 150), 150);
    EXPECT_EQ(gui::number_start(find_param("gates", "gate_distance"), nullptr), 300);
    EXPECT_EQ(gui::number_start(find_param("checkpoints", "budget"), nullptr), 0);
}

TEST(PlanForm, KeepsTakenValuesAndRefusesWrongOnes) {
    PlanForm form{session::PlanParams{}};
    form.take("gates", "gate_distance", 150);
    form.take("zones", "zones", nullptr);
    form.take("zones", "capacity", 250);
    form.take("checkpoints", "budget", nullptr);
    form.take("zones", "balance", 12.5);
    EXPECT_EQ(form.params().gates.max_walk, 150);
    EXPECT_FALSE(form.params().zoning.zones);
    EXPECT_EQ(form.params().zoning.capacity, 250);
    EXPECT_FALSE(form.params().checkpoints.plan.budget);
    EXPECT_DOUBLE_EQ(form.params().zoning.balance_target, 0.125);
    // A field holding the wrong kind of thing, a value out of range, a missing one.
    EXPECT_THROW(form.take("gates", "gate_distance", "300"), ParamError);
    EXPECT_THROW(form.take("gates", "vehicle_gate", 1), ParamError);
    EXPECT_THROW(form.take("gates", "gate_distance", nullptr), ParamError);
    EXPECT_THROW(form.take("staffing", "team_size", 101), ParamError);
    EXPECT_THROW(form.take("checkpoints", "area", nlohmann::json::array()), ParamError);
    EXPECT_EQ(form.params().gates.max_walk, 150); // nothing refused was kept
    try {
        form.take("checkpoints", "margin", -1);
        FAIL() << "a negative margin was taken";
    } catch (const ParamError& e) {
        EXPECT_EQ(e.param(), "margin");
        EXPECT_EQ(gui::field_error_text(e, false),
                  "Checkpoint margin -1: must be between 0 and 100000");
        EXPECT_EQ(gui::field_error_text(e, true), "卡口外延距离 -1：须在 0 到 100000 之间");
    }
}

TEST(PlanForm, ChoiceFieldsShowEveryValueInBothLanguages) {
    // Every choice of every step has a label in each language, the Chinese one without a
    // Latin letter except a named algorithm's (BK).
    for (const char* step : {"all", "checkpoints"})
        for (const session::Param& p : session::step_params(step)) {
            if (gui::field_kind(p) != gui::FieldKind::choice) continue;
            ASSERT_EQ(p.choice_labels_en.size(), p.choices.size()) << p.name;
            ASSERT_EQ(p.choice_labels_zh.size(), p.choices.size()) << p.name;
            for (const std::string& zh : gui::choice_labels(p, true)) {
                EXPECT_FALSE(zh.empty()) << p.name;
                if (p.name == "algorithm") continue;
                EXPECT_EQ(zh.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
                          std::string::npos)
                    << p.name << ": " << zh;
            }
        }
    const session::Param& by = find_param("zones", "balance_by");
    EXPECT_EQ(gui::choice_labels(by, false),
              (std::vector<std::string>{"households", "walking time"}));
    EXPECT_EQ(gui::choice_labels(by, true), (std::vector<std::string>{"户数", "步行时间"}));
    // The field starts at the project's value, else the default (households).
    EXPECT_EQ(gui::choice_start(by, "walk"), 1u);
    EXPECT_EQ(gui::choice_start(by, nullptr), 0u);
    EXPECT_EQ(gui::choice_start(find_param("classify", "unknown_mode"), nullptr), 0u); // unknown
    // What the field gives is taken as the parameter's value.
    PlanForm form{session::PlanParams{}};
    form.take("zones", "balance_by", by.choices[1]);
    EXPECT_EQ(form.params().zoning.balance_by, planner::BalanceBy::walk);
    EXPECT_THROW(form.take("zones", "balance_by", "minutes"), ParamError);
    EXPECT_EQ(form.params().zoning.balance_by, planner::BalanceBy::walk);
}
