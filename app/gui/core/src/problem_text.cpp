#include <cordon/gui/problem_text.hpp>

#include <regex>
#include <utility>
#include <vector>

namespace cordon::gui {
namespace {

const std::string k_unknown = "不符合要求";

struct Rule {
    std::regex english;
    std::string chinese; ///< std::regex_replace format: $1, $2... the captured parts
};

std::string feature_kind(const std::string& kind) {
    if (kind == "community") return "社区";
    if (kind == "compound") return "小区";
    if (kind == "zone") return "片区";
    return "要素";
}

const std::vector<Rule>& rules() {
    // Whole problems only (regex_match): a text that is only partly known is not half
    // translated.
    static const std::vector<Rule> table = [] {
        const std::vector<std::pair<const char*, const char*>> rows{
            {R"(must be between (\S+) and (\S+))", "须在 $1 到 $2 之间"},
            {R"(must be a whole number)", "须为整数"},
            {R"(N must be a whole number from (\S+) to (\S+))", "人数须为 $1 到 $2 之间的整数"},
            {R"(is needed)", "必填"},
            {R"(is needed: .*)", "必填：选一个社区、小区、片区、若干要素、多边形文件或全辖区"},
            {R"(not a number)", "不是数字"},
            {R"(not a choice)", "不是可选的值"},
            {R"(not a text)", "不是文字"},
            {R"(not a list)", "不是列表"},
            {R"(tick or clear it)", "请勾选或取消勾选"},
            {R"(name an area)", "请指定区域"},
            {R"(write 1 or more)", "须为 1 或更大"},
            {R"(write metres, 0 or more)", "须为 0 或更大的米数"},
            {R"(write 0 or more households)", "须为 0 或更多户"},
            {R"(write (\S+) or (\S+))", "须为 $1 或 $2"},
            {R"(write gbk or utf8)", "须为 gbk 或 utf8"},
            {R"(write POOL=N with POOL .*)",
             "格式应为 人员类别=人数（类别：property 物业、volunteers 志愿者、social_workers "
             "社工、staff 干部）"},
            {R"(name road classes, e\.g\. (\S+))", "请写出道路等级，如 $1"},
            {R"(not a drivable road class .*)",
             "不是可通车的道路等级（如 tertiary、secondary、primary）"},
            {R"(name at least one period(, e\.g\. (\S+))?)", "请至少写一个时段，如 07:00-22:00=3"},
            {R"('([^']*)': write a period as RANGE=CREW, e\.g\. (\S+))",
             "“$1”：时段应写作 时间段=人数，如 $2"},
            {R"('([^']*)': '([^']*)' is not a time range \(write e\.g\. (\S+)\))",
             "“$1”：“$2”不是时间段（应写作如 $3）"},
            {R"('([^']*)': crew '([^']*)' must be a whole number from (\S+) to (\S+))",
             "“$1”：人数“$2”须为 $3 到 $4 之间的整数"},
            {R"(periods (\S+) and (\S+) overlap \(from (\S+)\))", "时段 $1 与 $2 重叠（自 $3 起）"},
            {R"((.+) (has|have) no crew, but the hours are (.+))",
             "$1 没有值守人数，但值守时间为 $3"},
            {R"((.+) (is|are) outside the hours (.+))", "$1 不在值守时间 $3 之内"},
            {R"(hour (\d+) is past 24)", "$1 时超过 24 时"},
            {R"(minute (\d+) is past 59)", "$1 分超过 59 分"},
            {R"(24:(\d+) is past midnight \(0:(\d+)\))", "24:$1 已过午夜（即 0:$2）"},
            {R"(cannot be combined with barriers .*)", "不能与路障同时使用（路障封闭所有入口）"},
            {R"(the layer has no feature (\d+))", "该图层没有编号为 $1 的要素"},
            {R"('([^']*)' is not a feature id \(1 or more\))", "“$1”不是要素编号（须为 1 或更大）"},
            {R"(unknown layer '([^']*)' .*)", "未知图层“$1”（可用：社区、小区、片区、建筑）"},
            {R"(write ids:LAYER:.*)", "格式应为 ids:图层:编号,编号,…"},
            {R"(write id:NUMBER)", "格式应为 id:编号"},
            {R"(the project has no road with that id)", "项目中没有该编号的道路"},
            {R"(the project has no road of that name)", "项目中没有该名称的道路"},
            {R"(the project has no district boundary .*)",
             "项目没有行政区界（可在导入时作为“行政区界”导入），建筑也太少，围不成区域"},
            {R"(the buildings enclose no area .*)",
             "这些建筑围不成区域（不足三个角点，或都在一条线上）"},
            {R"(the project has no CRS)", "项目没有坐标系"},
            {R"(the file holds no polygons)", "文件中没有多边形"},
            {R"(the named features have no polygons)", "所指要素没有多边形"},
            {R"(cannot read the file)", "无法读取文件"},
            {R"(the protected piece of (.+) at (\(\S+ \S+\)) has only (\d+) ways? in .*; write at most (\d+))",
             "$1 在 $2 处的受保护部分只有 $3 条外来入口（彼此不共用道路）；最多填 $4"},
        };
        std::vector<Rule> out;
        for (const auto& [english, chinese] : rows)
            out.push_back({std::regex(english), chinese});
        return out;
    }();
    return table;
}

} // namespace

std::string problem_in_chinese(const std::string& whole) {
    // "'07:00-25:00': PROBLEM (write e.g. 07:00-22:00)": the text it is about and the example
    // around a problem.
    static const std::regex about(R"('([^']*)': (.+))"), example(R"((.+) \(write e\.g\. (\S+)\))");
    std::smatch m;
    if (std::regex_match(whole, m, example)) {
        const std::string inner = problem_in_chinese(m[1]);
        return inner == k_unknown ? inner : inner + "（应写作如 " + m[2].str() + "）";
    }
    if (std::regex_match(whole, m, about)) {
        const std::string inner = problem_in_chinese(m[2]);
        if (inner != k_unknown) return "“" + m[1].str() + "”：" + inner;
    }
    const std::string& problem = whole;
    static const std::regex no_such(
        R"(the project has no (community|compound|zone) of that name \((\d+) \w+(; did you mean (.+)\?)?\))");
    if (std::regex_match(problem, m, no_such))
        return "项目中没有该名称的" + feature_kind(m[1]) + "（共 " + m[2].str() + " 个" +
               (m[4].matched ? "；是否指 " + m[4].str() + "？" : std::string()) + "）";
    for (const Rule& r : rules())
        if (std::regex_match(problem, r.english))
            return std::regex_replace(problem, r.english, r.chinese,
                                      std::regex_constants::format_first_only);
    return k_unknown;
}

} // namespace cordon::gui
