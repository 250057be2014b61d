// The roles file and the notifications of the shared plan (issue 19, items 3 and 4); the SQL
// itself runs against a cluster in tests/pg_roles_test.sh and app/gui/tests/live.cmake.

#include <cordon/geo/error.hpp>
#include <cordon/geo/pg_live.hpp>

#include <gtest/gtest.h>

using namespace cordon;
using namespace cordon::geo;

namespace {

District two_communities() {
    District d;
    Community a;
    a.id = 1;
    a.name = "西社区";
    a.code = "W1";
    Community b;
    b.id = 7;
    b.name = "东社区";
    b.code = "E1";
    d.communities = {a, b};
    return d;
}

std::string error_of(const std::string& text) {
    try {
        pg::parse_roles(text, "roles.json", two_communities());
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

} // namespace

TEST(PgRoles, JsonNamesCommunitiesByIdNameOrCode) {
    const pg::Roles r = pg::parse_roles(
        R"({"district": "district_planner", "communities": {"west": ["西社区", 7], "east": "E1"}})",
        "roles.json", two_communities());
    ASSERT_EQ(r.district, std::vector<std::string>{"district_planner"});
    ASSERT_EQ(r.communities.size(), 2u);
    EXPECT_EQ(r.communities.at("west"), (std::vector<Id>{1, 7}));
    EXPECT_EQ(r.communities.at("east"), (std::vector<Id>{7}));
}

TEST(PgRoles, CsvWithHeaderAndTheDistrictAsStar) {
    const pg::Roles r = pg::parse_roles("role,community\nwest,西社区\nwest,1\neast,7\nboss,*\n",
                                        "roles.csv", two_communities());
    EXPECT_EQ(r.district, std::vector<std::string>{"boss"});
    EXPECT_EQ(r.communities.at("west"), (std::vector<Id>{1}));
    EXPECT_EQ(r.communities.at("east"), (std::vector<Id>{7}));
}

TEST(PgRoles, BadFilesAreRefusedNamingWhat) {
    EXPECT_EQ(error_of(R"({"communities": {"west": ["北社区"]}})"),
              "roles.json: role west: no community named '北社区' in the project");
    EXPECT_EQ(error_of(R"({"communities": {"west": [3]}})"),
              "roles.json: role west: no community 3 in the project (2 communities)");
    EXPECT_NE(error_of(R"({"communities": {"West Planner": [1]}})")
                  .find("not a plain PostgreSQL role name"),
              std::string::npos);
    EXPECT_NE(error_of(R"({"district": "pg_monitor"})").find("reserved"), std::string::npos);
    EXPECT_EQ(error_of(R"({"district": "a", "communities": {"a": [1]}})"),
              "roles.json: role 'a' is both the district's and a community's; give it one");
    EXPECT_EQ(error_of("{}"), "roles.json: names no role");
    EXPECT_EQ(error_of("west;1\n"), "roles.json: line 1: expected 'role,community', got 'west;1'");
    EXPECT_NE(error_of(R"({"roles": 1})").find("unknown key 'roles'"), std::string::npos);
}

TEST(PgRoles, SqlQuotesNamesAndSetsEveryPolicy) {
    pg::Roles r;
    r.district = {"boss"};
    r.communities["west"] = {1, 7};
    const std::string sql = pg::roles_sql("plan_a", r);
    EXPECT_NE(sql.find("INSERT INTO \"plan_a\".cordon_roles VALUES ('west', false, '{1,7}')"),
              std::string::npos);
    EXPECT_NE(sql.find("CREATE POLICY cordon_community_edit"), std::string::npos);
    EXPECT_NE(sql.find("CREATE TRIGGER cordon_guard"), std::string::npos);
    EXPECT_EQ(pg::quote_ident("a\"b"), "\"a\"\"b\"");
    EXPECT_EQ(pg::quote_literal("it's"), "'it''s'");
}

TEST(PgLive, NotificationsAreRead) {
    const pg::Notification n = pg::parse_notification(
        R"({"layer" : "gates", "op" : "update", "ids" : [1,2], "pid" : 42, "by" : "west",)"
        R"( "workstation" : "cordon@pc1", "at_ms" : 1796683614391})");
    EXPECT_EQ(n.layer, "gates");
    EXPECT_EQ(n.op, "update");
    EXPECT_EQ(n.ids, (std::vector<Id>{1, 2}));
    EXPECT_FALSE(n.all);
    EXPECT_EQ(n.pid, 42);
    EXPECT_EQ(n.by, "west");
    EXPECT_EQ(n.workstation, "cordon@pc1");
    EXPECT_EQ(n.at_ms, 1796683614391);
    const pg::Notification all = pg::parse_notification(
        R"({"layer" : "buildings", "op" : "update", "ids" : null, "count" : 60000})");
    EXPECT_TRUE(all.all);
    EXPECT_THROW(pg::parse_notification("not json"), Error);
    EXPECT_EQ(pg::channel("plan_a"), "cordon_plan_a");
    EXPECT_EQ(pg::channel(std::string(63, 'x')).size(), 63u);
}
