#include <cordon/geo/error.hpp>
#include <cordon/geo/household_tally.hpp>
#include <cordon/ledger/categories.hpp>
#include <cordon/ledger/dates.hpp>
#include <cordon/ledger/ledger.hpp>
#include <cordon/ledger/matching.hpp>
#include <cordon/ledger/personal.hpp>
#include <cordon/ledger/register_counts.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <future>
#include <map>
#include <unordered_map>
#include <utility>

namespace cordon::ledger {

namespace {

std::string now_utc() {
    const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

std::optional<bool> parse_vacant(const std::string& text) {
    static const std::vector<std::string> yes{"是", "空置", "空", "y", "yes", "true", "1", "√"};
    static const std::vector<std::string> no{"否",    "非空置", "不空置", "n", "no",
                                             "false", "0",      "×",      ""};
    std::string t;
    for (char c : text)
        t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& w : yes)
        if (t == w) return true;
    for (const auto& w : no)
        if (t == w) return false;
    return std::nullopt;
}

std::optional<std::int64_t> parse_members(const std::string& text) {
    std::string t = half_width(text);
    if (t.size() >= 3 && t.compare(t.size() - 3, 3, "人") == 0) t.resize(t.size() - 3);
    if (t.empty() || t.size() > 4 || t.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return std::stoll(t);
}

void add_figures(nlohmann::json& f, const geo::Household& h) {
    if (f.is_null()) f = nlohmann::json::object();
    f["households"] = f.value("households", 0) + 1;
    if (h.vacant) f["vacant"] = f.value("vacant", 0) + 1;
    if (!f.contains("matched")) f["matched"] = nlohmann::json::object();
    if (h.building_id)
        f["matched"][h.rule] = f["matched"].value(h.rule, 0) + 1;
    else if (h.reason.rfind("ambiguous", 0) == 0)
        f["ambiguous"] = f.value("ambiguous", 0) + 1;
    else
        f["unmatched"] = f.value("unmatched", 0) + 1;
}

void finish_figures(nlohmann::json& f) {
    if (!f.contains("matched")) f["matched"] = nlohmann::json::object();
    f["ambiguous"] = f.value("ambiguous", 0);
    f["unmatched"] = f.value("unmatched", 0);
    f["vacant"] = f.value("vacant", 0);
    int matched = 0;
    for (const auto& [rule, n] : f["matched"].items())
        matched += n.get<int>();
    f["matched_total"] = matched;
    const int households = f.value("households", 0);
    f["match_rate"] = households ? std::round(1000.0 * matched / households) / 10 : 0.0;
}

/// The list to count under: the one given, else the project's, else the default.
std::vector<std::string> category_list(const geo::District& d,
                                       const std::vector<std::string>& given) {
    if (!given.empty()) return given;
    std::vector<std::string> kept = geo::household_categories(d);
    return kept.empty() ? default_categories() : kept;
}

} // namespace

nlohmann::json ledger_figures(const geo::District& d) {
    nlohmann::json all = nlohmann::json::object(), per = nlohmann::json::object();
    for (const auto& h : d.households) {
        add_figures(all, h);
        add_figures(per[h.community.empty() ? "(no community)" : h.community], h);
    }
    all["households"] = all.value("households", 0);
    finish_figures(all);
    for (auto& [name, f] : per.items())
        finish_figures(f);
    all["per_community"] = per;
    return all;
}

nlohmann::json import_parameters(const std::string& file, const ImportRegisterOptions& options) {
    nlohmann::json p = {{"file", file}, {"keep_personal", options.keep_personal}};
    if (!options.read.sheet.empty()) p["sheet"] = options.read.sheet;
    if (options.read.encoding)
        p["encoding"] = *options.read.encoding == geo::TextEncoding::gbk ? "gbk" : "utf8";
    if (!options.read.columns.empty()) p["columns"] = options.read.columns;
    if (!options.categories.empty()) p["categories"] = options.categories;
    return p;
}

nlohmann::json import_register(geo::District& d, const std::string& file,
                               const ImportRegisterOptions& options, Progress& progress) {
    return import_register(
        d, file, [&] { return read_register(file, options.read); }, options, progress);
}

nlohmann::json import_register(geo::District& d, const std::string& file,
                               const std::function<RegisterTable()>& read,
                               const ImportRegisterOptions& options, Progress& progress) {
    if (d.buildings.empty())
        throw InputError(file + ": the project has no buildings to put the households on");
    progress.report("reading the register", 0.0);
    using Clock = std::chrono::steady_clock;
    const auto seconds_since = [](Clock::time_point t0) {
        return std::round(std::chrono::duration<double>(Clock::now() - t0).count() * 1000) / 1000;
    };
    const auto start = Clock::now();
    // The district's buildings indexed while the register is read (GEOS and OpenCC handles of
    // its own thread); waited for if reading throws.
    std::future<std::unique_ptr<Matcher>> indexing = std::async(
        std::launch::async, [&d] { return std::make_unique<Matcher>(std::as_const(d)); });
    RegisterTable t = read();
    const double read_seconds = seconds_since(start);
    const auto matching_start = Clock::now();
    std::vector<std::string> warnings = t.warnings;
    const auto has = [&](const char* role) { return t.roles.count(role) > 0; };
    if (!has("compound") && !has("building") && !has("address") && !has("building_code"))
        throw InputError(t.where(t.header_row, -1) +
                         ": no column says where a household lives (compound, building, "
                         "address or building_code)");

    progress.report("matching households", 0.1);
    const std::unique_ptr<Matcher> indexed = indexing.get();
    const Matcher& matcher = *indexed;
    const std::vector<std::string> categories = category_list(d, options.categories);
    const Normaliser normalise;
    std::map<std::string, std::size_t> unlisted; // categories the list lacks → households
    std::unordered_map<std::string, geo::Id> manual;
    std::unordered_map<geo::Id, bool> exists;
    for (const auto& b : d.buildings)
        exists[b.id] = true;
    for (const auto& m : d.household_matches)
        if (exists.count(m.building_id)) manual[m.key] = m.building_id;

    std::vector<geo::Household> households;
    households.reserve(t.rows.size());
    std::vector<geo::HouseholdPersonal> personal;
    std::unordered_map<std::string, int> first_row; // key → sheet row
    first_row.reserve(t.rows.size());
    std::size_t duplicates = 0;
    // The column of each role (-1: none), and its cell taken out of a row (each read once).
    const auto column = [&](const char* role) {
        const auto it = t.roles.find(role);
        return it == t.roles.end() ? -1 : it->second;
    };
    const int c_community = column("community"), c_grid = column("grid"),
              c_compound = column("compound"), c_building = column("building"),
              c_unit = column("unit"), c_room = column("room"), c_address = column("address"),
              c_category = column("category"), c_code = column("building_code"),
              c_key = column("household"), c_members = column("members"),
              c_vacant = column("vacant"), c_registered = column("registered"),
              c_name = column("name"), c_id_number = column("id_number"), c_phone = column("phone");
    const auto take = [](RegisterTable::Row& row, int c) {
        return c >= 0 && static_cast<std::size_t>(c) < row.cells.size()
                   ? std::move(row.cells[static_cast<std::size_t>(c)])
                   : std::string();
    };
    for (RegisterTable::Row& row : t.rows) {
        geo::Household h;
        h.source_row = row.sheet_row;
        h.community = take(row, c_community);
        h.grid = take(row, c_grid);
        h.compound = take(row, c_compound);
        h.building = take(row, c_building);
        h.unit = take(row, c_unit);
        h.room = take(row, c_room);
        h.address = take(row, c_address);
        h.category = take(row, c_category);
        if (const auto listed = list_category(normalise, categories, h.category))
            h.category = *listed;
        else if (!h.category.empty())
            ++unlisted[h.category];
        h.code = take(row, c_code);
        h.key = take(row, c_key);
        if (h.key.empty())
            h.key = h.community + "|" + h.compound + "|" + h.building + "|" + h.unit + "|" +
                    h.room + "|" + h.address + "|" + h.code;
        if (const std::string m = take(row, c_members); !m.empty()) {
            h.members = parse_members(m);
            if (!h.members)
                warnings.push_back(t.where(row.sheet_row, c_members) + ": '" + m +
                                   "' is not a number of members; left out");
        }
        if (c_vacant >= 0) {
            const std::string v = take(row, c_vacant);
            const auto vacant = parse_vacant(v);
            if (!vacant)
                warnings.push_back(t.where(row.sheet_row, c_vacant) + ": '" + v +
                                   "' says neither vacant (是) nor not (否); read as not vacant");
            h.vacant = vacant.value_or(false);
        }
        if (const std::string r = take(row, c_registered); !r.empty()) {
            if (const auto date = iso_date(r))
                h.registered = *date;
            else
                warnings.push_back(t.where(row.sheet_row, c_registered) + ": '" + r +
                                   "' is not a date; left out");
        }
        if (const auto [it, fresh] = first_row.emplace(h.key, row.sheet_row); !fresh) {
            ++duplicates;
            warnings.push_back(t.where(row.sheet_row, c_key) + ": the household of row " +
                               std::to_string(it->second) + " again; left out");
            continue;
        }
        h.id = static_cast<geo::Id>(households.size() + 1);
        if (options.keep_personal) {
            geo::HouseholdPersonal p;
            p.id = static_cast<geo::Id>(personal.size() + 1);
            p.household_id = h.id;
            p.name = mask_name(take(row, c_name));
            p.id_number = mask_id_number(take(row, c_id_number));
            p.phone = mask_phone(take(row, c_phone));
            if (!p.name.empty() || !p.id_number.empty() || !p.phone.empty())
                personal.push_back(std::move(p));
        }
        households.push_back(std::move(h));
    }
    // Matched all at once: the names normalised together first (one call of OpenCC).
    matcher.prepare(households);
    for (std::size_t i = 0; i < households.size(); ++i) {
        geo::Household& h = households[i];
        if (const auto m = manual.find(h.key); m != manual.end()) {
            h.building_id = m->second;
            h.rule = k_rule_manual;
        } else {
            MatchResult r = matcher.match(h);
            h.building_id = r.building;
            h.rule = r.building ? r.rule : "";
            h.reason = (r.ambiguous ? "ambiguous: " : r.building ? "" : "unmatched: ") + r.reason;
        }
        if ((i + 1) % 8192 == 0) progress.report("matching households", i + 1, households.size());
    }
    if (progress.cancel_requested()) throw Cancelled();

    d.households = std::move(households);
    d.household_personal = std::move(personal);
    d.meta.parameters[geo::k_household_categories] = nlohmann::json(categories).dump();
    for (const auto& [c, n] : unlisted)
        warnings.insert(warnings.begin(), file + ": category '" + c + "' (" + std::to_string(n) +
                                              " households) is not in the list of categories; "
                                              "counted as written");

    const double match_seconds = seconds_since(matching_start);
    const auto counting_start = Clock::now();
    const nlohmann::json counts = apply_register_counts(d);
    nlohmann::json report = ledger_figures(d);
    report["seconds"] = {{"read register", read_seconds},
                         {"match", match_seconds},
                         {"count", seconds_since(counting_start)}};
    report["buildings"] = counts;
    report["file"] = file;
    if (!t.sheet.empty()) report["sheet"] = t.sheet;
    report["encoding"] = t.encoding;
    report["header_row"] = t.header_row;
    report["skipped_rows"] = t.skipped_rows;
    report["rows"] = t.rows.size();
    report["duplicates"] = duplicates;
    nlohmann::json columns = nlohmann::json::object();
    for (const auto& [role, c] : t.roles)
        columns[role] = t.headers[static_cast<std::size_t>(c)];
    report["columns"] = columns;
    nlohmann::json unused = nlohmann::json::array();
    for (std::size_t c = 0; c < t.headers.size(); ++c) {
        bool used = false;
        for (const auto& [role, col] : t.roles)
            used = used || static_cast<std::size_t>(col) == c;
        if (!used && !t.headers[c].empty()) unused.push_back(t.headers[c]);
    }
    report["columns_not_used"] = unused;
    report["personal_data"] = options.keep_personal ? "kept, masked" : "not stored";
    report["manual_matches_applied"] = 0;
    for (const auto& h : d.households)
        if (h.rule == k_rule_manual)
            report["manual_matches_applied"] = report["manual_matches_applied"].get<int>() + 1;
    report["categories"] = geo::category_counts(d);
    report["warnings_total"] = warnings.size();
    if (warnings.size() > 200) warnings.resize(200);
    report["warnings"] = warnings;
    return report;
}

nlohmann::json match_household(geo::District& d, const std::string& key,
                               const std::string& building) {
    const geo::Building* found = nullptr;
    for (const auto& b : d.buildings)
        if (b.source_id == building || std::to_string(b.id) == building) {
            if (found && found->id != b.id)
                throw InputError("building '" + building + "' names two buildings (ids " +
                                 std::to_string(found->id) + ", " + std::to_string(b.id) +
                                 "); give its id");
            found = &b;
        }
    if (!found) throw InputError("no building has the id or source id '" + building + "'");
    if (key.empty()) throw InputError("the household key is empty");
    std::erase_if(d.household_matches, [&](const geo::HouseholdMatch& m) { return m.key == key; });
    geo::HouseholdMatch m;
    m.key = key;
    m.building_id = found->id;
    m.time = now_utc();
    d.household_matches.push_back(m);
    for (std::size_t i = 0; i < d.household_matches.size(); ++i)
        d.household_matches[i].id = static_cast<geo::Id>(i + 1);
    int households = 0;
    for (auto& h : d.households)
        if (h.key == key) {
            h.building_id = found->id;
            h.rule = k_rule_manual;
            h.reason.clear();
            ++households;
        }
    const nlohmann::json counts = apply_register_counts(d);
    return {{"key", key},
            {"building_id", found->id},
            {"building_source_id", found->source_id},
            {"households", households},
            {"manual_matches", d.household_matches.size()},
            {"buildings", counts}};
}

HouseholdListing list_households(const geo::District& d, ListFilter filter) {
    HouseholdListing out;
    out.columns = {"key",         "row",
                   "community",   "compound",
                   "building",    "unit",
                   "room",        "address",
                   "code",        "category",
                   "members",     "vacant",
                   "building_id", "building_source_id",
                   "rule",        "reason"};
    std::unordered_map<geo::Id, const geo::Building*> buildings;
    for (const auto& b : d.buildings)
        buildings[b.id] = &b;
    for (const auto& h : d.households) {
        if (filter == ListFilter::unmatched && h.building_id) continue;
        if (filter == ListFilter::vacant && !h.vacant) continue;
        const auto b = h.building_id ? buildings.find(*h.building_id) : buildings.end();
        out.rows.push_back({h.key, std::to_string(h.source_row), h.community, h.compound,
                            h.building, h.unit, h.room, h.address, h.code, h.category,
                            h.members ? std::to_string(*h.members) : "", h.vacant ? "yes" : "no",
                            h.building_id ? std::to_string(*h.building_id) : "",
                            b != buildings.end() ? b->second->source_id : "", h.rule, h.reason});
    }
    return out;
}

} // namespace cordon::ledger
