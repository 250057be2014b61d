#include <cordon/geo/error.hpp>
#include <cordon/ledger/chinese_text.hpp>
#include <cordon/ledger/dates.hpp>
#include <cordon/ledger/normalise.hpp>
#include <cordon/ledger/screening.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <tuple>
#include <unordered_map>

namespace cordon::ledger {

namespace {

/// Where a household lives, normalised, to find it by building + unit + room.
std::string place_key(const Normaliser& n, const std::string& community,
                      const std::string& compound, const std::string& building,
                      const std::string& unit, const std::string& room) {
    return n.text(community) + "|" + n.compound(compound) + "|" + n.building_number(building) +
           "|" + n.building_number(unit) + "|" + n.text(room);
}

std::string lower_half(const std::string& s) {
    std::string t = half_width(s);
    std::string out;
    for (char c : t)
        if (c != ' ' && c != '_' && c != '-')
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

} // namespace

const std::vector<VisitResultName>& visit_results() {
    static const std::vector<VisitResultName> results{{"met", "已见面", "met"},
                                                      {"not_met", "未见面", "not met"},
                                                      {"vacant", "空置", "vacant"},
                                                      {"away", "外出", "away"},
                                                      {"refused", "拒绝", "refused"}};
    return results;
}

std::optional<std::string> visit_result_from(const std::string& text) {
    const std::string t = lower_half(text);
    if (t.empty()) return std::nullopt;
    static const std::vector<std::pair<std::string, std::string>> also{
        {"见面", "met"},       {"已见", "met"},         {"未见", "not_met"},
        {"没见面", "not_met"}, {"空房", "vacant"},      {"空置房", "vacant"},
        {"拒访", "refused"},   {"拒绝入户", "refused"}, {"notmet", "not_met"}};
    for (const auto& r : visit_results())
        if (t == lower_half(r.key) || t == lower_half(r.zh) || t == lower_half(r.en)) return r.key;
    for (const auto& [word, key] : also)
        if (t == word) return key;
    return std::nullopt;
}

nlohmann::json import_visits(geo::District& d, const std::string& file,
                             const RegisterOptions& options, Progress& progress) {
    if (d.households.empty())
        throw InputError(file + ": the project has no register to put the visits on; import "
                                "the households first");
    progress.report("reading the visits", 0.0);
    const RegisterTable t = read_register(file, options);
    const auto has = [&](const char* role) { return t.roles.count(role) > 0; };
    const auto column = [&](const char* role) { return has(role) ? t.roles.at(role) : -1; };
    if (!has("result"))
        throw InputError(t.where(t.header_row, -1) +
                         ": no column gives the result of the visit (结果, 排查结果; roles: "
                         "result)");
    if (!has("date") && !has("registered"))
        throw InputError(t.where(t.header_row, -1) + ": no column gives the date of the visit "
                                                     "(走访日期, 日期; roles: date)");
    const char* date_role = has("date") ? "date" : "registered";
    if (!has("household") && !(has("building") && has("room")))
        throw InputError(t.where(t.header_row, -1) +
                         ": no column names the household: its key (户编号) or building, "
                         "unit and room (楼栋, 单元, 房号)");

    // The register's households by key and by place; a place two households share is no key.
    const Normaliser n;
    std::unordered_map<std::string, const geo::Household*> by_key;
    std::unordered_map<std::string, std::vector<const geo::Household*>> by_place, by_room;
    for (const auto& h : d.households) {
        by_key[h.key] = &h;
        by_place[place_key(n, h.community, h.compound, h.building, h.unit, h.room)].push_back(&h);
        by_room[place_key(n, "", "", h.building, h.unit, h.room)].push_back(&h);
    }

    std::vector<geo::Visit> added;
    std::map<std::string, int> per_result, per_date;
    std::vector<std::string> warnings = t.warnings;
    const std::string name = std::filesystem::path(file).filename().string();
    for (const RegisterTable::Row& row : t.rows) {
        const std::string& result_text = t.cell(row, "result");
        const auto result = visit_result_from(result_text);
        if (!result) {
            std::string names;
            for (const auto& r : visit_results())
                names += (names.empty() ? "" : ", ") + std::string(r.zh) + " (" + r.en + ")";
            throw InputError(t.where(row.sheet_row, column("result")) + ": '" + result_text +
                             "' is not a result of a visit (" + names + ")");
        }
        const std::string& date_text = t.cell(row, date_role);
        const auto date = iso_date(date_text);
        if (!date)
            throw InputError(t.where(row.sheet_row, column(date_role)) + ": '" + date_text +
                             "' is not a date");
        const geo::Household* h = nullptr;
        if (const std::string& key = t.cell(row, "household"); !key.empty()) {
            const auto it = by_key.find(key);
            if (it == by_key.end())
                throw InputError(t.where(row.sheet_row, column("household")) +
                                 ": the register has no household '" + key + "'");
            h = it->second;
        } else {
            const std::string where =
                t.cell(row, "building") + " " + t.cell(row, "unit") + " " + t.cell(row, "room");
            const bool narrowed = has("community") || has("compound");
            const auto& index = narrowed ? by_place : by_room;
            const auto it = index.find(place_key(n, t.cell(row, "community"),
                                                 t.cell(row, "compound"), t.cell(row, "building"),
                                                 t.cell(row, "unit"), t.cell(row, "room")));
            const int at = column("building");
            if (it == index.end())
                throw InputError(t.where(row.sheet_row, at) +
                                 ": no household of the register "
                                 "lives at '" +
                                 where + "'");
            if (it->second.size() > 1)
                throw InputError(t.where(row.sheet_row, at) + ": " +
                                 std::to_string(it->second.size()) +
                                 " households of the register live at '" + where +
                                 "'; name the household (户编号) or its compound");
            h = it->second.front();
        }
        geo::Visit v;
        v.household_key = h->key;
        v.date = *date;
        v.result = *result;
        v.note = t.cell(row, "note");
        v.file = name;
        v.source_row = row.sheet_row;
        ++per_result[v.result];
        ++per_date[v.date];
        added.push_back(std::move(v));
    }
    if (progress.cancel_requested()) throw Cancelled();
    const std::size_t before = d.visits.size();
    for (auto& v : added) {
        v.id = static_cast<geo::Id>(d.visits.size() + 1);
        d.visits.push_back(std::move(v));
    }
    nlohmann::json r;
    r["file"] = file;
    if (!t.sheet.empty()) r["sheet"] = t.sheet;
    r["rows"] = t.rows.size();
    r["visits_added"] = d.visits.size() - before;
    r["visits_total"] = d.visits.size();
    r["per_result"] = per_result;
    r["per_date"] = per_date;
    r["warnings"] = warnings;
    return r;
}

std::unordered_map<std::string, const geo::Visit*> latest_visits(const geo::District& d,
                                                                 const std::string& as_of) {
    std::unordered_map<std::string, const geo::Visit*> latest;
    for (const auto& v : d.visits) {
        if (!as_of.empty() && v.date > as_of) continue;
        auto& l = latest[v.household_key];
        // The later date wins; on the same date, the one imported last.
        if (!l || v.date >= l->date) l = &v;
    }
    return latest;
}

namespace {

void count(ScreeningCounts& c, const geo::Visit* latest) {
    ++c.households;
    if (!latest) return;
    ++c.visited;
    if (latest->result == "met")
        ++c.met;
    else if (latest->result == "vacant")
        ++c.vacant;
    else
        ++c.not_yet_met;
}

} // namespace

ScreeningReport screening_report(const geo::District& d, const std::string& as_of) {
    ScreeningReport r;
    r.as_of = as_of;
    const auto latest = latest_visits(d, as_of);
    std::unordered_map<geo::Id, const geo::Zone*> zone_of_building;
    {
        std::unordered_map<geo::Id, const geo::Zone*> zones;
        for (const auto& z : d.zones)
            zones[z.id] = &z;
        for (const auto& b : d.buildings)
            if (b.zone_id && zones.count(*b.zone_id)) zone_of_building[b.id] = zones[*b.zone_id];
    }
    std::unordered_map<std::string, int> visits_of;
    for (const auto& v : d.visits)
        if (as_of.empty() || v.date <= as_of) ++visits_of[v.household_key];
    std::map<geo::Id, ScreeningCounts> zones;
    std::map<std::string, ScreeningCounts> communities;
    for (const auto& h : d.households) {
        const auto it = latest.find(h.key);
        const geo::Visit* v = it == latest.end() ? nullptr : it->second;
        count(r.district, v);
        count(communities[h.community], v);
        const geo::Zone* z = nullptr;
        if (h.building_id)
            if (const auto zb = zone_of_building.find(*h.building_id); zb != zone_of_building.end())
                z = zb->second;
        if (z) count(zones[z->id], v);
        if (v && v->result != "met" && v->result != "vacant") {
            NotYetMet m{h.community, h.key,      h.compound,       h.building, h.unit,
                        h.room,      h.category, z ? z->name : "", v->date,    v->result};
            m.visits = visits_of[h.key];
            r.not_yet_met.push_back(std::move(m));
        }
    }
    for (const auto& z : d.zones)
        if (zones.count(z.id)) r.zones.emplace_back(z.name, zones[z.id]);
    for (const auto& [name, c] : communities)
        r.communities.emplace_back(name, c);
    std::stable_sort(r.not_yet_met.begin(), r.not_yet_met.end(), [](const auto& a, const auto& b) {
        return std::tie(a.community, a.compound, a.building, a.unit, a.room) <
               std::tie(b.community, b.compound, b.building, b.unit, b.room);
    });
    std::map<std::string, int> per_day;
    for (const auto& v : d.visits)
        if (as_of.empty() || v.date <= as_of) ++per_day[v.date];
    r.visits_per_day.assign(per_day.begin(), per_day.end());
    return r;
}

std::unordered_map<geo::Id, ScreeningCounts> screening_by_building(const geo::District& d,
                                                                   const std::string& as_of) {
    const auto latest = latest_visits(d, as_of);
    std::unordered_map<geo::Id, ScreeningCounts> out;
    for (const auto& h : d.households)
        if (h.building_id) {
            const auto it = latest.find(h.key);
            count(out[*h.building_id], it == latest.end() ? nullptr : it->second);
        }
    return out;
}

std::vector<std::pair<std::string, ScreeningCounts>> progress_by_day(const geo::District& d) {
    // The visits by date, each day's folded into the latest visits of the days before.
    std::vector<const geo::Visit*> visits;
    visits.reserve(d.visits.size());
    for (const auto& v : d.visits)
        visits.push_back(&v);
    std::stable_sort(visits.begin(), visits.end(),
                     [](const geo::Visit* a, const geo::Visit* b) { return a->date < b->date; });
    std::unordered_map<std::string, const geo::Visit*> latest;
    std::vector<std::pair<std::string, ScreeningCounts>> out;
    for (std::size_t i = 0; i < visits.size();) {
        const std::string& date = visits[i]->date;
        for (; i < visits.size() && visits[i]->date == date; ++i)
            latest[visits[i]->household_key] = visits[i]; // the one imported last wins
        ScreeningCounts c;
        for (const auto& h : d.households) {
            const auto it = latest.find(h.key);
            count(c, it == latest.end() ? nullptr : it->second);
        }
        out.emplace_back(date, c);
    }
    return out;
}

nlohmann::json to_json(const ScreeningReport& r) {
    const auto counts = [](const ScreeningCounts& c) {
        const auto pct = [&](int n) {
            return c.households ? std::round(1000.0 * n / c.households) / 10 : 0.0;
        };
        return nlohmann::json{
            {"households", c.households},   {"visited", c.visited}, {"met", c.met},
            {"not_yet_met", c.not_yet_met}, {"vacant", c.vacant},   {"visited_pct", pct(c.visited)},
            {"met_pct", pct(c.met)}};
    };
    nlohmann::json j;
    j["as_of"] = r.as_of;
    j["district"] = counts(r.district);
    j["zones"] = nlohmann::json::array();
    for (const auto& [name, c] : r.zones) {
        auto z = counts(c);
        z["zone"] = name;
        j["zones"].push_back(z);
    }
    j["communities"] = nlohmann::json::array();
    for (const auto& [name, c] : r.communities) {
        auto z = counts(c);
        z["community"] = name;
        j["communities"].push_back(z);
    }
    j["not_yet_met"] = nlohmann::json::array();
    for (const auto& m : r.not_yet_met)
        j["not_yet_met"].push_back({{"community", m.community},
                                    {"key", m.key},
                                    {"compound", m.compound},
                                    {"building", m.building},
                                    {"unit", m.unit},
                                    {"room", m.room},
                                    {"category", m.category},
                                    {"zone", m.zone},
                                    {"last_visit", m.last_date},
                                    {"last_result", m.last_result},
                                    {"visits", m.visits}});
    j["visits_per_day"] = nlohmann::json::object();
    for (const auto& [date, n] : r.visits_per_day)
        j["visits_per_day"][date] = n;
    return j;
}

std::vector<NamedTable> screening_tables(const ScreeningReport& r, bool zh) {
    const auto tr = [zh](const char* c, const char* e) { return std::string(zh ? c : e); };
    const auto pct = [](int n, int of) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%.1f", of ? 100.0 * n / of : 0.0);
        return std::string(buf);
    };
    const std::vector<std::string> figures{tr("户数", "households"), tr("已走访", "visited"),
                                           tr("已见面", "met"),      tr("未见面", "not yet met"),
                                           tr("空置", "vacant"),     tr("走访率%", "visited %"),
                                           tr("见面率%", "met %")};
    const auto row = [&](const std::string& name, const ScreeningCounts& c) {
        return std::vector<std::string>{name,
                                        std::to_string(c.households),
                                        std::to_string(c.visited),
                                        std::to_string(c.met),
                                        std::to_string(c.not_yet_met),
                                        std::to_string(c.vacant),
                                        pct(c.visited, c.households),
                                        pct(c.met, c.households)};
    };
    const auto progress = [&](const char* zh_name, const char* en_name,
                              const std::vector<std::pair<std::string, ScreeningCounts>>& of) {
        NamedTable t{tr(zh_name, en_name), {}};
        t.table.columns = {tr(zh_name, en_name)};
        t.table.columns.insert(t.table.columns.end(), figures.begin(), figures.end());
        for (const auto& [name, c] : of)
            t.table.rows.push_back(row(name.empty() ? tr("（未注明）", "(none)") : name, c));
        t.table.rows.push_back(row(tr("合计", "total"), r.district));
        return t;
    };
    std::vector<NamedTable> out;
    out.push_back(progress("片区", "zone", r.zones));
    out.push_back(progress("社区", "community", r.communities));
    NamedTable list{tr("未见面名单", "not yet met"), {}};
    list.table.columns = {
        tr("社区", "community"), tr("户编号", "household"), tr("小区", "compound"),
        tr("楼栋", "building"),  tr("单元", "unit"),        tr("房号", "room"),
        tr("类别", "category"),  tr("片区", "zone"),        tr("最近走访", "last visit"),
        tr("结果", "result"),    tr("走访次数", "visits")};
    for (const auto& m : r.not_yet_met) {
        std::string result = m.last_result;
        for (const auto& v : visit_results())
            if (m.last_result == v.key) result = zh ? v.zh : v.en;
        list.table.rows.push_back({m.community, m.key, m.compound, m.building, m.unit, m.room,
                                   m.category, m.zone, m.last_date, result,
                                   std::to_string(m.visits)});
    }
    out.push_back(std::move(list));
    NamedTable days{tr("每日走访", "visits per day"), {}};
    days.table.columns = {tr("日期", "date"), tr("走访户次", "visits")};
    for (const auto& [date, n] : r.visits_per_day)
        days.table.rows.push_back({date, std::to_string(n)});
    out.push_back(std::move(days));
    return out;
}

} // namespace cordon::ledger
