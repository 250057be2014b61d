#include <cordon/geo/error.hpp>
#include <cordon/geo/polygon_ops.hpp>
#include <cordon/geo/select.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <new>
#include <variant>

namespace cordon::geo {

namespace {

using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

template <class T> struct Field {
    const char* name;
    const char* type; ///< INTEGER, REAL or TEXT
    std::function<Value(const T&)> get;
};

Value optional_id(const std::optional<Id>& id) {
    return id ? Value(*id) : Value();
}

Value flag(bool b) {
    return std::int64_t{b ? 1 : 0};
}

/// Homes' households and buildings per compound (for expressions such as households > 100).
struct CompoundSums {
    std::map<Id, std::pair<double, std::int64_t>> by_compound;
    explicit CompoundSums(const District& d) {
        for (const auto& b : d.buildings)
            if (b.compound_id && b.control != "not_home") {
                by_compound[*b.compound_id].first += b.households;
                by_compound[*b.compound_id].second += 1;
            }
    }
};

std::vector<Field<Building>> building_fields() {
    return {
        {"id", "INTEGER", [](const Building& b) { return Value(b.id); }},
        {"source_id", "TEXT", [](const Building& b) { return Value(b.source_id); }},
        {"name", "TEXT", [](const Building& b) { return Value(b.name); }},
        {"address", "TEXT", [](const Building& b) { return Value(b.address); }},
        {"number", "TEXT", [](const Building& b) { return Value(b.number); }},
        {"category", "TEXT", [](const Building& b) { return Value(b.category); }},
        {"households", "REAL", [](const Building& b) { return Value(b.households); }},
        {"households_estimated", "INTEGER",
         [](const Building& b) { return flag(b.households_estimated); }},
        {"residents", "REAL", [](const Building& b) { return Value(b.residents); }},
        {"floors", "INTEGER", [](const Building& b) { return Value(std::int64_t{b.floors}); }},
        {"floors_estimated", "INTEGER", [](const Building& b) { return flag(b.floors_estimated); }},
        {"compound_id", "INTEGER", [](const Building& b) { return optional_id(b.compound_id); }},
        {"zone_id", "INTEGER", [](const Building& b) { return optional_id(b.zone_id); }},
        {"control", "TEXT", [](const Building& b) { return Value(b.control); }},
        {"home", "INTEGER", [](const Building& b) { return flag(b.control != "not_home"); }},
        {"area_m2", "REAL", [](const Building& b) { return Value(area(b.geom)); }}};
}

std::vector<Field<Compound>> compound_fields(std::shared_ptr<const CompoundSums> sums) {
    auto sum = [sums](Id id) {
        const auto it = sums->by_compound.find(id);
        return it == sums->by_compound.end() ? std::pair<double, std::int64_t>{0, 0} : it->second;
    };
    return {
        {"id", "INTEGER", [](const Compound& c) { return Value(c.id); }},
        {"source_id", "TEXT", [](const Compound& c) { return Value(c.source_id); }},
        {"name", "TEXT", [](const Compound& c) { return Value(c.name); }},
        {"mode", "TEXT", [](const Compound& c) { return Value(std::string(to_string(c.mode))); }},
        {"mode_assumed", "INTEGER",
         [](const Compound& c) { return Value(std::int64_t{c.mode_assumed ? 1 : 0}); }},
        {"manager", "TEXT", [](const Compound& c) { return Value(c.manager); }},
        {"community_id", "INTEGER", [](const Compound& c) { return optional_id(c.community_id); }},
        {"households", "REAL", [sum](const Compound& c) { return Value(sum(c.id).first); }},
        {"buildings", "INTEGER", [sum](const Compound& c) { return Value(sum(c.id).second); }},
        {"area_m2", "REAL", [](const Compound& c) { return Value(area(c.geom)); }}};
}

std::vector<Field<Gate>> gate_fields() {
    return {{"id", "INTEGER", [](const Gate& g) { return Value(g.id); }},
            {"source_id", "TEXT", [](const Gate& g) { return Value(g.source_id); }},
            {"name", "TEXT", [](const Gate& g) { return Value(g.name); }},
            {"kind", "TEXT", [](const Gate& g) { return Value(std::string(to_string(g.kind))); }},
            {"state", "TEXT", [](const Gate& g) { return Value(std::string(to_string(g.state))); }},
            {"crew", "INTEGER", [](const Gate& g) { return Value(std::int64_t{g.crew}); }},
            {"compound_id", "INTEGER", [](const Gate& g) { return optional_id(g.compound_id); }},
            {"reason", "TEXT", [](const Gate& g) { return Value(g.reason); }}};
}

std::vector<Field<Checkpoint>> checkpoint_fields() {
    return {
        {"id", "INTEGER", [](const Checkpoint& c) { return Value(c.id); }},
        {"kind", "TEXT", [](const Checkpoint& c) { return Value(std::string(to_string(c.kind))); }},
        {"hours", "TEXT", [](const Checkpoint& c) { return Value(c.hours); }},
        {"crew", "INTEGER", [](const Checkpoint& c) { return Value(std::int64_t{c.crew}); }},
        {"road_id", "INTEGER", [](const Checkpoint& c) { return optional_id(c.road_id); }},
        {"reason", "TEXT", [](const Checkpoint& c) { return Value(c.reason); }},
        {"placed_by", "TEXT", [](const Checkpoint& c) { return Value(c.placed_by); }},
        {"periods", "TEXT", [](const Checkpoint& c) { return Value(c.periods); }}};
}

std::vector<Field<Road>> road_fields() {
    return {{"id", "INTEGER", [](const Road& r) { return Value(r.id); }},
            {"source_id", "TEXT", [](const Road& r) { return Value(r.source_id); }},
            {"name", "TEXT", [](const Road& r) { return Value(r.name); }},
            {"class", "TEXT", [](const Road& r) { return Value(r.cls); }},
            {"oneway", "INTEGER", [](const Road& r) { return flag(r.oneway); }},
            {"walkable", "INTEGER", [](const Road& r) { return flag(r.walkable); }},
            {"drivable", "INTEGER", [](const Road& r) { return flag(r.drivable); }},
            {"bridge", "INTEGER", [](const Road& r) { return flag(r.bridge); }},
            {"tunnel", "INTEGER", [](const Road& r) { return flag(r.tunnel); }},
            {"layer", "INTEGER", [](const Road& r) { return Value(std::int64_t{r.layer}); }},
            {"length_m", "REAL", [](const Road& r) { return Value(length(r.geom)); }}};
}

std::vector<Field<Zone>> zone_fields() {
    return {
        {"id", "INTEGER", [](const Zone& z) { return Value(z.id); }},
        {"name", "TEXT", [](const Zone& z) { return Value(z.name); }},
        {"team", "TEXT", [](const Zone& z) { return Value(z.team); }},
        {"households", "REAL", [](const Zone& z) { return Value(z.households); }},
        {"buildings", "INTEGER", [](const Zone& z) { return Value(std::int64_t{z.buildings}); }},
        {"route_length", "REAL", [](const Zone& z) { return Value(z.route_length); }},
        {"community_id", "INTEGER", [](const Zone& z) { return optional_id(z.community_id); }},
        {"area_m2", "REAL", [](const Zone& z) { return Value(area(z.geom)); }}};
}

std::vector<Field<Community>> community_fields() {
    return {{"id", "INTEGER", [](const Community& c) { return Value(c.id); }},
            {"source_id", "TEXT", [](const Community& c) { return Value(c.source_id); }},
            {"name", "TEXT", [](const Community& c) { return Value(c.name); }},
            {"code", "TEXT", [](const Community& c) { return Value(c.code); }},
            {"area_m2", "REAL", [](const Community& c) { return Value(area(c.geom)); }}};
}

template <class T> std::vector<std::string> names_of(const std::vector<Field<T>>& fields) {
    std::vector<std::string> names;
    for (const auto& f : fields)
        names.push_back(f.name);
    return names;
}

std::string join(const std::vector<std::string>& words) {
    std::string text;
    for (const auto& w : words)
        text += (text.empty() ? "" : ", ") + w;
    return text;
}

void check_layer(const std::string& layer) {
    const auto& layers = selectable_layers();
    if (std::find(layers.begin(), layers.end(), layer) == layers.end())
        throw InputError("no layer '" + layer + "' to select from (" + join(layers) + ")");
}

struct CloseDb {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct Finalize {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using DbHandle = std::unique_ptr<sqlite3, CloseDb>;
using StmtHandle = std::unique_ptr<sqlite3_stmt, Finalize>;

void fail_if_out_of_memory(int rc) {
    if ((rc & 0xff) == SQLITE_NOMEM) throw std::bad_alloc();
}

StmtHandle prepare(sqlite3* db, const std::string& sql, const char** tail = nullptr) {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &raw, tail);
    StmtHandle s(raw);
    fail_if_out_of_memory(rc);
    if (rc != SQLITE_OK) throw InputError(sqlite3_errmsg(db));
    return s;
}

void exec(sqlite3* db, const std::string& sql) {
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    fail_if_out_of_memory(rc);
    if (rc != SQLITE_OK) throw Error(std::string("selection table: ") + sqlite3_errmsg(db));
}

/// The layer as a table `t` of an in-memory database.
template <class T>
DbHandle layer_table(const std::vector<Field<T>>& fields, const std::vector<T>& features) {
    sqlite3* raw = nullptr;
    const int rc =
        sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    DbHandle db(raw);
    if (rc != SQLITE_OK) {
        fail_if_out_of_memory(rc);
        throw Error("cannot open an in-memory table to select from");
    }
    sqlite3_db_config(db.get(), SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
    sqlite3_limit(db.get(), SQLITE_LIMIT_LENGTH, 1 << 20);
    std::string create = "CREATE TABLE t(", insert = "INSERT INTO t VALUES(";
    for (std::size_t i = 0; i < fields.size(); ++i) {
        create += std::string(i ? ", " : "") + "\"" + fields[i].name + "\" " + fields[i].type;
        insert += i ? ", ?" : "?";
    }
    exec(db.get(), create + ")");
    exec(db.get(), "BEGIN");
    StmtHandle ins = prepare(db.get(), insert + ")");
    for (const T& f : features) {
        for (std::size_t i = 0; i < fields.size(); ++i) {
            const Value v = fields[i].get(f);
            const int col = static_cast<int>(i + 1);
            if (const auto* n = std::get_if<std::int64_t>(&v))
                sqlite3_bind_int64(ins.get(), col, *n);
            else if (const auto* x = std::get_if<double>(&v))
                sqlite3_bind_double(ins.get(), col, *x);
            else if (const auto* s = std::get_if<std::string>(&v))
                sqlite3_bind_text(ins.get(), col, s->c_str(), static_cast<int>(s->size()),
                                  SQLITE_TRANSIENT);
            else
                sqlite3_bind_null(ins.get(), col);
        }
        const int step = sqlite3_step(ins.get());
        fail_if_out_of_memory(step);
        if (step != SQLITE_DONE)
            throw Error(std::string("selection table: ") + sqlite3_errmsg(db.get()));
        sqlite3_reset(ins.get());
    }
    exec(db.get(), "COMMIT");
    return db;
}

/// Lets the user's statement do nothing but read table t in one SELECT (no subqueries, so
/// no recursive queries that never end) and call SQLite's core functions.
int read_only(void* selects, int action, const char* table, const char*, const char*, const char*) {
    switch (action) {
    case SQLITE_SELECT:
        return ++*static_cast<int*>(selects) == 1 ? SQLITE_OK : SQLITE_DENY;
    case SQLITE_READ:
        return table != nullptr && std::string(table) == "t" ? SQLITE_OK : SQLITE_DENY;
    case SQLITE_FUNCTION:
        return SQLITE_OK;
    default:
        return SQLITE_DENY;
    }
}

bool blank(const char* text) {
    for (; text && *text; ++text)
        if (!std::isspace(static_cast<unsigned char>(*text))) return false;
    return true;
}

template <class T>
std::vector<Id> run_where(const std::vector<Field<T>>& fields, const std::vector<T>& features,
                          const std::string& layer, const std::string& expression) {
    const std::string what = layer + ": the expression \"" + expression + "\"";
    if (blank(expression.c_str())) throw InputError(layer + ": the expression is empty");
    DbHandle db = layer_table(fields, features);
    int selects = 0;
    sqlite3_set_authorizer(db.get(), read_only, &selects);
    const std::string sql = "SELECT id FROM t WHERE (" + expression + "\n) ORDER BY id";
    const char* tail = nullptr;
    StmtHandle s;
    try {
        s = prepare(db.get(), sql, &tail);
    } catch (const InputError& e) {
        std::string why = e.what();
        if (why == "not authorized")
            why = "it may only read the layer's fields (no subqueries, no other tables)";
        throw InputError(what + " cannot be read: " + why + " (fields: " + join(names_of(fields)) +
                         ")");
    }
    if (!s || !blank(tail))
        throw InputError(what + " cannot be read: it is more than one condition");
    std::vector<Id> ids;
    for (int rc; (rc = sqlite3_step(s.get())) != SQLITE_DONE;) {
        fail_if_out_of_memory(rc);
        if (rc != SQLITE_ROW)
            throw InputError(what + " failed: " + std::string(sqlite3_errmsg(db.get())));
        ids.push_back(sqlite3_column_int64(s.get(), 0));
    }
    return ids;
}

bool inside(const MultiPolygon& area, const Box& box, Point p) {
    if (!box.contains(p)) return false;
    return std::any_of(area.begin(), area.end(),
                       [&](const Polygon& poly) { return contains(poly, p); });
}

template <class T, class At>
std::vector<Id> ids_inside(const std::vector<T>& features, const MultiPolygon& area, At at) {
    const Box box = bounds(area);
    std::vector<Id> ids;
    for (const T& f : features)
        if (inside(area, box, at(f))) ids.push_back(f.id);
    std::sort(ids.begin(), ids.end());
    return ids;
}

template <class T>
const MultiPolygon& outline(const std::vector<T>& features, Id id, const char* what) {
    for (const T& f : features)
        if (f.id == id) return f.geom;
    throw InputError(std::string(what) + " " + std::to_string(id) + ": no such " + what);
}

} // namespace

const std::vector<std::string>& selectable_layers() {
    static const std::vector<std::string> layers{
        "buildings", "compounds", "gates", "checkpoints", "roads", "zones", "communities"};
    return layers;
}

std::vector<std::string> selectable_fields(const std::string& layer) {
    check_layer(layer);
    if (layer == "buildings") return names_of(building_fields());
    if (layer == "compounds") return names_of(compound_fields(nullptr));
    if (layer == "gates") return names_of(gate_fields());
    if (layer == "checkpoints") return names_of(checkpoint_fields());
    if (layer == "roads") return names_of(road_fields());
    if (layer == "zones") return names_of(zone_fields());
    return names_of(community_fields());
}

std::vector<Id> select_where(const District& d, const std::string& layer,
                             const std::string& expression) {
    check_layer(layer);
    if (layer == "buildings") return run_where(building_fields(), d.buildings, layer, expression);
    if (layer == "compounds")
        return run_where(compound_fields(std::make_shared<CompoundSums>(d)), d.compounds, layer,
                         expression);
    if (layer == "gates") return run_where(gate_fields(), d.gates, layer, expression);
    if (layer == "checkpoints")
        return run_where(checkpoint_fields(), d.checkpoints, layer, expression);
    if (layer == "roads") return run_where(road_fields(), d.roads, layer, expression);
    if (layer == "zones") return run_where(zone_fields(), d.zones, layer, expression);
    return run_where(community_fields(), d.communities, layer, expression);
}

std::vector<Id> select_inside(const District& d, const std::string& layer,
                              const MultiPolygon& area) {
    check_layer(layer);
    auto centroid = [](const auto& f) { return footprint_centroid(f.geom); };
    if (layer == "buildings") return ids_inside(d.buildings, area, centroid);
    if (layer == "compounds") return ids_inside(d.compounds, area, centroid);
    if (layer == "zones") return ids_inside(d.zones, area, centroid);
    if (layer == "communities") return ids_inside(d.communities, area, centroid);
    if (layer == "gates") return ids_inside(d.gates, area, [](const Gate& g) { return g.pos; });
    if (layer == "checkpoints")
        return ids_inside(d.checkpoints, area, [](const Checkpoint& c) { return c.pos; });
    return ids_inside(d.roads, area,
                      [](const Road& r) { return point_along(r.geom, length(r.geom) / 2); });
}

const MultiPolygon& zone_outline(const District& d, Id id) {
    return outline(d.zones, id, "zone");
}

const MultiPolygon& community_outline(const District& d, Id id) {
    return outline(d.communities, id, "community");
}

} // namespace cordon::geo
