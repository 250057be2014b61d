#include <cordon/gui/plan_form.hpp>
#include <cordon/gui/problem_text.hpp>

#include <gtest/gtest.h>

#include <regex>

using namespace cordon;

namespace {

/// The Latin words a Chinese problem may keep: what the planner types (road classes, pool
/// names, encodings, the ids: syntax), never a sentence.
bool only_allowed_latin(const std::string& text) {
    static const std::regex word("[A-Za-z_]+");
    static const std::regex allowed("gbk|utf8|ids|id|tertiary|secondary|primary|property|"
                                    "volunteers|social_workers|staff|BK");
    // Numbers as the parameters write them (1e+15) are numbers.
    // and what the planner wrote, quoted “so”, is theirs.
    std::string words = std::regex_replace(text, std::regex("[0-9.]+e[+-]?[0-9]+"), "0");
    words = std::regex_replace(words, std::regex("“[^”]*”"), "");
    for (auto it = std::sregex_iterator(words.begin(), words.end(), word);
         it != std::sregex_iterator(); ++it)
        if (!std::regex_match(it->str(), allowed)) return false;
    return true;
}

} // namespace

TEST(ProblemText, SaysKnownProblemsInChineseKeepingTheirNumbersAndNames) {
    EXPECT_EQ(gui::problem_in_chinese("must be between 0 and 100000"), "须在 0 到 100000 之间");
    EXPECT_EQ(gui::problem_in_chinese("must be a whole number"), "须为整数");
    EXPECT_EQ(gui::problem_in_chinese("the layer has no feature 42"), "该图层没有编号为 42 的要素");
    EXPECT_EQ(gui::problem_in_chinese("the project has no zone of that name (12 zones; did you "
                                      "mean 片区 1?)"),
              "项目中没有该名称的片区（共 12 个；是否指 片区 1？）");
    EXPECT_EQ(gui::problem_in_chinese("the project has no community of that name (1 community)"),
              "项目中没有该名称的社区（共 1 个）");
    EXPECT_EQ(gui::problem_in_chinese("periods 07:00-12:00 and 10:00-14:00 overlap (from 10:00)"),
              "时段 07:00-12:00 与 10:00-14:00 重叠（自 10:00 起）");
    EXPECT_EQ(gui::problem_in_chinese(
                  "the protected piece of 草市街社区 at (404000, 3395000) has only 1 way in from "
                  "beyond the margin (routes with no road in common); write at most 1"),
              "草市街社区 在 (404000, 3395000) 处的受保护部分只有 1 条外来入口（彼此不共用道路）"
              "；最多填 1");
    // A problem it does not know is not shown half in English.
    EXPECT_EQ(gui::problem_in_chinese("something new went wrong"), "不符合要求");
}

TEST(ProblemText, EveryRefusalOfThePlanFormIsSaidInChinese) {
    // Every parameter of every step given wrong contents and values: every refusal is a known
    // problem, and the Chinese text has no English word.
    const std::vector<nlohmann::json> contents{-1e9,
                                               -1,
                                               0,
                                               0.5,
                                               1e12,
                                               true,
                                               "x",
                                               "",
                                               "07:00-10:00",
                                               "07:00-12:00=2,10:00-14:00=1",
                                               "25:00-26:00=1",
                                               "07:00-10:00=0",
                                               "07:00-10:00=x",
                                               "nonsense",
                                               nlohmann::json::array(),
                                               nlohmann::json::array({"x"}),
                                               nullptr};
    int refusals = 0;
    for (const char* step : {"all", "checkpoints"})
        for (const session::Param& p : session::step_params(step))
            for (const nlohmann::json& content : contents) {
                gui::PlanForm form{session::PlanParams{}};
                try {
                    form.take(step, p.name, content);
                } catch (const ParamError& e) {
                    ++refusals;
                    // As the app says it, without the value given (the planner's own text).
                    std::string zh = gui::field_error_text(e, true);
                    zh = zh.substr(zh.find("：") + std::string("：").size());
                    EXPECT_NE(zh, "不符合要求")
                        << step << " " << p.name << " " << content.dump() << ": " << e.problem();
                    EXPECT_TRUE(only_allowed_latin(zh))
                        << step << " " << p.name << ": " << e.problem() << " -> " << zh;
                } catch (const std::exception& e) {
                    ADD_FAILURE() << step << " " << p.name << " " << content.dump()
                                  << " threw what is not a ParamError: " << e.what();
                }
            }
    EXPECT_GT(refusals, 50);
}
