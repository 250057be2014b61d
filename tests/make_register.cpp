// cordon-make-register: made-up household registers for a project's buildings (issue 14: no
// real register is public), with the variants community offices write, and the truth.
//
//   number   writes the project's district as a GeoPackage whose buildings carry a 楼栋号
//            (numbered within each compound, north to south, west to east) and whose scattered
//            buildings have an address (the nearest named road and a door number, or the one
//            the data gave), as a district's own building layer would.
//   register writes a register (GBK CSV, UTF-8 CSV or XLSX through GDAL) for the buildings of
//            a project imported from such a file, and beside it REGISTER.truth.csv: for every
//            row, the source id of the building it names (empty when none) and what kind of
//            row it is, so tests can measure the match rate.
//
// Rows name their building by compound + building number (in any of the variants: 小区/院/
// 院落/花园/一期 added or left out, spaces, brackets, Traditional script, full-width digits,
// Chinese numerals, 栋/幢/号楼/座), by road + door number, or by the building's code. A few
// percent name buildings that do not exist (a compound or road the district lacks, a building
// number past the highest of every compound of that name in its community, a code), repeat an
// earlier row, have broken cells, or leave out the community (1 % of the compound rows).
// The same seed gives the same file.

#include <cordon/geo/district.hpp>
#include <cordon/geo/error.hpp>
#include <cordon/geo/polygon_index.hpp>
#include <cordon/geo/polygon_ops.hpp>
#include <cordon/geo/project_store.hpp>
#include <cordon/geo/text_encoding.hpp>
#include <cordon/ledger/chinese_text.hpp>
#include <cordon/ledger/normalise.hpp>
#include <cordon/ledger/places.hpp>

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace {

using namespace cordon;

const char* usage = R"(Usage:
  cordon-make-register number PROJECT -o DISTRICT.gpkg [--seed S]
  cordon-make-register register PROJECT -o REGISTER.csv|REGISTER.xlsx [--rows N] [--seed S]
                       [--utf8] [--missing PERCENT]
A made-up household register for the project's buildings (see the comment at the top of
tests/make_register.cpp); the truth of every row goes to REGISTER.truth.csv.
)";

// --- Random numbers (splitmix64: the same on every platform) ------------------------------------

class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_state(seed * 0x9e3779b97f4a7c15ULL + 1) {}
    std::uint64_t next() {
        std::uint64_t x = (m_state += 0x9e3779b97f4a7c15ULL);
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
        return x ^ (x >> 31);
    }
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    int between(int lo, int hi) {
        return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1));
    }
    bool chance(double p) { return unit() < p; }
    template <typename C> const auto& pick(const C& items) {
        return items[static_cast<std::size_t>(next() % items.size())];
    }

private:
    std::uint64_t m_state;
};

// --- Communities
// ----------------------------------------------------------------------------------

/// The communities of a district without any: a 3 × 4 grid over the district's extent.
const std::array<std::string, 12> k_communities{
    "草市街社区", "人民北路社区", "西安路社区", "营门口社区", "茶店子社区", "抚琴社区",
    "驷马桥社区", "荷花池社区",   "九里堤社区", "沙湾社区",   "西华社区",   "五块石社区"};

/// The district's communities, or the grid's cells (reaching 1 km past the extent) named
/// k_communities.
std::vector<geo::Community> communities_of(const geo::District& d) {
    if (!d.communities.empty()) return d.communities;
    const geo::Box box = d.focus_extent();
    std::vector<geo::Community> out;
    for (std::size_t cell = 0; cell < k_communities.size(); ++cell) {
        const double col = static_cast<double>(cell % 3), row = static_cast<double>(cell / 3);
        const double w = box.width() / 3, h = box.height() / 4;
        const double x0 = col == 0 ? box.minx - 1000 : box.minx + col * w;
        const double x1 = col == 2 ? box.maxx + 1000 : box.minx + (col + 1) * w;
        const double y0 = row == 0 ? box.miny - 1000 : box.miny + row * h;
        const double y1 = row == 3 ? box.maxy + 1000 : box.miny + (row + 1) * h;
        geo::Polygon p;
        p.rings.push_back({{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}});
        geo::Community c;
        c.name = k_communities[cell];
        c.geom = {p};
        out.push_back(c);
    }
    return out;
}

// --- Text
// ------------------------------------------------------------------------------------------

std::vector<std::string> characters(const std::string& s) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = geo::utf8_char_size(std::string_view(s).substr(i));
        out.push_back(s.substr(i, std::max<std::size_t>(n, 1)));
        i += std::max<std::size_t>(n, 1);
    }
    return out;
}

std::string full_width_digits(const std::string& s) {
    std::string out;
    for (char c : s)
        if (c >= '0' && c <= '9') {
            const std::string fw = "０";
            std::string d = fw;
            d[2] = static_cast<char>(d[2] + (c - '0'));
            out += d;
        } else {
            out += c;
        }
    return out;
}

bool all_digits(const std::string& s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// A digit or Chinese numeral: a register never splits a number with a space or a bracket.
bool numeral(const std::string& c) {
    static const std::set<std::string> numerals{"〇", "零", "一", "二", "两", "三", "四", "五",
                                                "六", "七", "八", "九", "十", "百", "千"};
    return (c.size() == 1 && c[0] >= '0' && c[0] <= '9') || numerals.count(c) > 0;
}

/// A place between two characters of `chars` where no number is split, from `from` on.
std::optional<std::size_t> gap(const std::vector<std::string>& chars, std::size_t at) {
    for (std::size_t k = 0; k + 1 < chars.size(); ++k) {
        const std::size_t i = 1 + (at + k) % (chars.size() - 1);
        if (!(numeral(chars[i - 1]) && numeral(chars[i]))) return i;
    }
    return std::nullopt;
}

class Variants {
public:
    explicit Variants(Rng& rng)
        : m_rng(rng), m_traditional(ledger::ScriptConverter::Direction::to_traditional) {}

    std::string traditional(const std::string& s) const { return m_traditional(s); }

    /// A compound's name as a register might write it.
    std::string compound(const std::string& name) {
        static const std::array<std::string, 5> suffixes{"小区", "院", "院落", "花园", "一期"};
        std::string out = name;
        const double u = m_rng.unit();
        if (u < 0.35) return out;
        bool has_suffix = false;
        for (const auto& s : suffixes)
            if (ends_with(out, s) && out.size() > s.size() + 3) {
                has_suffix = true;
                if (m_rng.chance(0.5)) out.resize(out.size() - s.size());
                break;
            }
        if (!has_suffix && m_rng.chance(0.5)) out += m_rng.pick(suffixes);
        if (m_rng.chance(0.25)) { // a space somewhere inside
            auto chars = characters(out);
            const auto at =
                chars.size() > 2 ? gap(chars, m_rng.next() % chars.size()) : std::nullopt;
            if (at) {
                chars.insert(chars.begin() + static_cast<long>(*at), " ");
                out.clear();
                for (const auto& c : chars)
                    out += c;
            }
        }
        if (m_rng.chance(0.2)) { // brackets, either kind
            auto chars = characters(out);
            if (chars.size() > 3 &&
                !(numeral(chars[chars.size() - 3]) && numeral(chars[chars.size() - 2]))) {
                const bool wide = m_rng.chance(0.5);
                chars.insert(chars.end() - 2, wide ? "（" : "(");
                chars.push_back(wide ? "）" : ")");
                out.clear();
                for (const auto& c : chars)
                    out += c;
            }
        }
        if (m_rng.chance(0.15)) out = full_width_digits(out);
        if (m_rng.chance(0.2)) out = traditional(out);
        return out;
    }

    /// A building number (digits) as a register might write it.
    std::string building(const std::string& number) {
        if (!all_digits(number)) return number;
        const int n = std::atoi(number.c_str());
        static const std::array<std::string, 8> words{"栋", "幢", "号楼", "座",
                                                      "栋", "棟", "號樓", "幢"};
        const double u = m_rng.unit();
        std::string digits = number;
        if (u < 0.15)
            digits = ledger::chinese_number(n);
        else if (u < 0.25)
            digits = full_width_digits(number);
        return digits + m_rng.pick(words);
    }

    std::string unit(int n) {
        const double u = m_rng.unit();
        if (u < 0.2) return std::to_string(n);
        if (u < 0.35) return ledger::chinese_number(n) + "单元";
        if (u < 0.45) return std::to_string(n) + "單元";
        return std::to_string(n) + "单元";
    }

    /// A road and door number as a register's address column might write them.
    std::string address(const std::string& road, const std::string& door) {
        std::string out;
        if (m_rng.chance(0.3)) out += "成都市";
        if (m_rng.chance(0.3)) out += "金牛区";
        std::string r = road;
        if (m_rng.chance(0.2)) r = traditional(r);
        out += r;
        if (m_rng.chance(0.3)) out += " ";
        out += m_rng.chance(0.15) ? full_width_digits(door) : door;
        out += m_rng.chance(0.15) ? "號" : "号";
        return out;
    }

private:
    Rng& m_rng;
    ledger::ScriptConverter m_traditional;
};

// --- GDAL output
// ----------------------------------------------------------------------------------

[[noreturn]] void fail(const std::string& what) {
    throw Error(what + ": " + CPLGetLastErrorMsg());
}

OGRMultiPolygon to_ogr(const geo::MultiPolygon& mp) {
    OGRMultiPolygon out;
    for (const auto& p : mp) {
        OGRPolygon poly;
        for (const auto& ring : p.rings) {
            OGRLinearRing r;
            for (const auto& pt : ring)
                r.addPoint(pt.x, pt.y);
            poly.addRing(&r);
        }
        out.addGeometry(&poly);
    }
    return out;
}

// --- number --------------------------------------------------------------------------------------

/// Segments of the named roads in a grid of cells, for the nearest road of a building.
class RoadGrid {
public:
    RoadGrid(const geo::District& d, double cell) : m_d(d), m_cell(cell) {
        for (std::size_t r = 0; r < d.roads.size(); ++r) {
            if (characters(d.roads[r].name).size() < 2) continue; // unnamed, or "v"
            const auto& g = d.roads[r].geom;
            for (std::size_t i = 1; i < g.size(); ++i) {
                const geo::Box b{std::min(g[i - 1].x, g[i].x), std::min(g[i - 1].y, g[i].y),
                                 std::max(g[i - 1].x, g[i].x), std::max(g[i - 1].y, g[i].y)};
                for (long x = key(b.minx); x <= key(b.maxx); ++x)
                    for (long y = key(b.miny); y <= key(b.maxy); ++y)
                        m_cells[{x, y}].push_back({r, i});
            }
        }
    }
    /// The nearest named road within one cell's distance, if any.
    std::optional<std::size_t> nearest(geo::Point p) const {
        double best = m_cell;
        std::optional<std::size_t> out;
        for (long x = key(p.x) - 1; x <= key(p.x) + 1; ++x)
            for (long y = key(p.y) - 1; y <= key(p.y) + 1; ++y) {
                auto it = m_cells.find({x, y});
                if (it == m_cells.end()) continue;
                for (const auto& [r, i] : it->second) {
                    const auto& g = m_d.roads[r].geom;
                    const double dist = geo::segment_distance(p, g[i - 1], g[i]);
                    if (dist < best) best = dist, out = r;
                }
            }
        return out;
    }

private:
    long key(double v) const { return static_cast<long>(std::floor(v / m_cell)); }
    const geo::District& m_d;
    double m_cell;
    std::map<std::pair<long, long>, std::vector<std::pair<std::size_t, std::size_t>>> m_cells;
};

int write_numbered(const geo::District& d, const std::string& out, std::uint64_t seed) {
    Rng rng(seed);
    const ledger::Normaliser normalise;
    const auto holder = ledger::compound_of_buildings(d);
    std::vector<std::string> number(d.buildings.size()), address(d.buildings.size());
    std::map<std::size_t, std::vector<std::size_t>> inside;
    for (std::size_t i = 0; i < d.buildings.size(); ++i)
        if (holder[i]) inside[*holder[i]].push_back(i);
    for (auto& [c, list] : inside) {
        std::vector<std::pair<geo::Point, std::size_t>> at;
        for (std::size_t i : list)
            at.push_back({geo::footprint_centroid(d.buildings[i].geom), i});
        std::sort(at.begin(), at.end(), [](const auto& a, const auto& b) {
            const double ya = std::round(a.first.y / 15), yb = std::round(b.first.y / 15);
            return ya != yb ? ya > yb : a.first.x < b.first.x;
        });
        for (std::size_t k = 0; k < at.size(); ++k) {
            const std::string n = std::to_string(k + 1);
            const double u = rng.unit();
            number[at[k].second] = u < 0.6 ? n : u < 0.8 ? n + "栋" : n + "号楼";
        }
    }
    const RoadGrid roads(d, 150);
    // Door numbers the data gives, by road: a number made up for a building without one is
    // never one of them (a real street has no two houses of one number).
    std::map<std::string, std::set<std::string>> used;
    for (const geo::Building& b : d.buildings)
        if (const auto door = normalise.door(b.address)) used[door->road].insert(door->number);
    std::map<std::string, int> next_door; // by road name: a street is many road features
    for (std::size_t i = 0; i < d.buildings.size(); ++i) {
        const geo::Building& b = d.buildings[i];
        address[i] = b.address;
        if (holder[i]) continue;
        number[i] = b.number;
        if (normalise.door(b.address)) continue;
        if (auto r = roads.nearest(geo::footprint_centroid(b.geom))) {
            const std::string& road = d.roads[*r].name;
            const auto& taken = used[normalise.text(road)];
            int& door = next_door[road];
            door = door == 0 ? rng.between(1, 9) : door + 2;
            while (taken.count(std::to_string(door)))
                door += 2;
            address[i] = road + " " + std::to_string(door) + "号";
        }
    }

    GDALAllRegister();
    GDALDriver* gpkg = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDatasetUniquePtr ds(gpkg->Create(out.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) fail(out);
    OGRSpatialReference srs;
    srs.importFromEPSG(d.meta.srid);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    auto layer = [&](const char* name, OGRwkbGeometryType type,
                     const std::vector<const char*>& fields) {
        OGRLayer* l = ds->CreateLayer(name, &srs, type, nullptr);
        if (!l) fail(out + ": layer " + name);
        for (const char* f : fields) {
            OGRFieldDefn defn(f, OFTString);
            if (l->CreateField(&defn) != OGRERR_NONE) fail(out + ": field " + f);
        }
        return l;
    };
    ds->StartTransaction();
    OGRLayer* bl =
        layer("buildings", wkbMultiPolygon, {"name", "address", "category", "floors", "楼栋号"});
    for (std::size_t i = 0; i < d.buildings.size(); ++i) {
        const geo::Building& b = d.buildings[i];
        OGRFeature f(bl->GetLayerDefn());
        f.SetField("name", b.name.c_str());
        f.SetField("address", address[i].c_str());
        f.SetField("category", b.category.c_str());
        if (b.floors > 0 && !b.floors_estimated)
            f.SetField("floors", std::to_string(b.floors).c_str());
        f.SetField("楼栋号", number[i].c_str());
        OGRMultiPolygon g = to_ogr(b.geom);
        f.SetGeometry(&g);
        if (bl->CreateFeature(&f) != OGRERR_NONE) fail(out + ": building");
    }
    OGRLayer* cl = layer("compounds", wkbMultiPolygon, {"name", "mode"});
    for (const auto& c : d.compounds) {
        OGRFeature f(cl->GetLayerDefn());
        f.SetField("name", c.name.c_str());
        f.SetField("mode", geo::to_string(c.mode));
        OGRMultiPolygon g = to_ogr(c.geom);
        f.SetGeometry(&g);
        if (cl->CreateFeature(&f) != OGRERR_NONE) fail(out + ": compound");
    }
    // Communities (the district's, or a grid): registers name them, the matching narrows by them.
    OGRLayer* ml = layer("communities", wkbMultiPolygon, {"name"});
    for (const auto& c : communities_of(d)) {
        OGRFeature f(ml->GetLayerDefn());
        f.SetField("name", c.name.c_str());
        OGRMultiPolygon g = to_ogr(c.geom);
        f.SetGeometry(&g);
        if (ml->CreateFeature(&f) != OGRERR_NONE) fail(out + ": community");
    }
    OGRLayer* rl = layer("roads", wkbLineString, {"name", "highway"});
    for (const auto& r : d.roads) {
        OGRFeature f(rl->GetLayerDefn());
        f.SetField("name", r.name.c_str());
        f.SetField("highway", r.cls.c_str());
        OGRLineString g;
        for (const auto& p : r.geom)
            g.addPoint(p.x, p.y);
        f.SetGeometry(&g);
        if (rl->CreateFeature(&f) != OGRERR_NONE) fail(out + ": road");
    }
    if (ds->CommitTransaction() != OGRERR_NONE) fail(out);
    std::size_t numbered = 0, addressed = 0;
    for (std::size_t i = 0; i < d.buildings.size(); ++i) {
        numbered += number[i].empty() ? 0 : 1;
        addressed += address[i].empty() ? 0 : 1;
    }
    std::cout << out << ": " << d.buildings.size() << " buildings (" << numbered
              << " with a 楼栋号, " << addressed << " with an address), " << d.compounds.size()
              << " compounds, " << d.roads.size() << " roads\n";
    return 0;
}

// --- register ----------------------------------------------------------------------------------

const std::vector<std::string> columns{
    "序号",     "户编号", "社区", "网格",     "小区（院落）名称", "楼栋",
    "单元",     "房号",   "地址", "楼栋编码", "户主姓名",         "身份证号",
    "联系电话", "人数",   "类别", "是否空置", "登记日期"};
enum Col {
    SEQ,
    KEY,
    COMMUNITY,
    GRID,
    COMPOUND,
    BUILDING,
    UNIT,
    ROOM,
    ADDRESS,
    CODE,
    NAME,
    ID,
    PHONE,
    MEMBERS,
    CATEGORY,
    VACANT,
    DATE
};

struct Row {
    std::vector<std::string> cells = std::vector<std::string>(columns.size());
    std::string truth; ///< source id of the building it names; empty: none
    std::string kind;
};

std::string id_number(Rng& rng) {
    std::string id = "5101" + std::string(rng.chance(0.5) ? "06" : "05");
    id += std::to_string(rng.between(1950, 2005));
    char buf[40];
    std::snprintf(buf, sizeof buf, "%02d%02d", rng.between(1, 12), rng.between(1, 28));
    id += buf;
    std::snprintf(buf, sizeof buf, "%03d", rng.between(0, 999));
    id += buf;
    static const int weight[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; ++i)
        sum += (id[static_cast<std::size_t>(i)] - '0') * weight[i];
    id += "10X98765432"[sum % 11];
    return id;
}

std::string phone(Rng& rng) {
    static const std::array<std::string, 6> prefixes{"138", "139", "135", "186", "177", "159"};
    std::string p = rng.pick(prefixes);
    for (int i = 0; i < 8; ++i)
        p += static_cast<char>('0' + rng.between(0, 9));
    return p;
}

std::string person(Rng& rng) {
    static const std::array<std::string, 24> surnames{
        "张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙",
        "胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢"};
    static const std::array<std::string, 30> given{
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛",
        "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "萍", "红", "鹏", "琳", "晨"};
    std::string n = rng.pick(surnames) + rng.pick(given);
    if (rng.chance(0.7)) n += rng.pick(given);
    return n;
}

std::string csv_cell(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string to_gbk(const std::string& utf8) {
    try {
        return geo::utf8_to_gbk(utf8);
    } catch (const Error& e) {
        // A district whose names GBK cannot write (Liechtenstein's ä, ö): ask for UTF-8.
        throw Error("the register cannot be written in GBK (" + std::string(e.what()) +
                    "); write it with --utf8");
    }
}

void write_csv(const std::string& out, const std::string& title, const std::vector<Row>& rows,
               bool utf8) {
    std::ofstream f(out, std::ios::binary);
    auto line = [&](const std::vector<std::string>& cells) {
        std::string text;
        for (std::size_t i = 0; i < cells.size(); ++i)
            text += (i ? "," : "") + csv_cell(cells[i]);
        f << (utf8 ? text : to_gbk(text)) << "\r\n";
    };
    std::vector<std::string> heading(columns.size());
    heading[0] = title;
    line(heading);
    line(columns);
    for (const Row& r : rows)
        line(r.cells);
    if (!f.flush()) throw Error(out + ": cannot write");
}

void write_xlsx(const std::string& out, const std::string& title, const std::vector<Row>& rows) {
    GDALAllRegister();
    GDALDriver* xlsx = GetGDALDriverManager()->GetDriverByName("XLSX");
    GDALDatasetUniquePtr ds(xlsx->Create(out.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) fail(out);
    // A notes sheet first, as offices keep one; then the register under a title row. The
    // driver writes the field names as the sheet's first row: the title and blanks.
    OGRLayer* notes = ds->CreateLayer("填表说明", nullptr, wkbNone, nullptr);
    OGRFieldDefn note("说明", OFTString);
    if (notes->CreateField(&note) != OGRERR_NONE) fail(out + ": notes");
    OGRFeature n(notes->GetLayerDefn());
    n.SetField(0, "本表为生成的测试数据，人名、证件号与电话均为虚构。");
    if (notes->CreateFeature(&n) != OGRERR_NONE) fail(out + ": notes");
    OGRLayer* l = ds->CreateLayer("住户登记", nullptr, wkbNone, nullptr);
    for (std::size_t i = 0; i < columns.size(); ++i) {
        OGRFieldDefn defn(i == 0 ? title.c_str() : std::string(i, ' ').c_str(), OFTString);
        if (l->CreateField(&defn) != OGRERR_NONE) fail(out + ": column");
    }
    auto add = [&](const std::vector<std::string>& cells) {
        OGRFeature f(l->GetLayerDefn());
        for (std::size_t i = 0; i < cells.size(); ++i)
            if (!cells[i].empty()) f.SetField(static_cast<int>(i), cells[i].c_str());
        if (l->CreateFeature(&f) != OGRERR_NONE) fail(out + ": row");
    };
    add(columns);
    for (const Row& r : rows)
        add(r.cells);
    ds.reset();
    if (CPLGetLastErrorType() == CE_Failure) fail(out);
}

/// What names a building in a register: its compound and number, its road and door, or
/// (all empty) only its code.
struct Named {
    std::size_t building;
    std::string compound, number, road, door;
};

/// Every building's names, each compound's highest building number and the keys of the
/// compounds' names (so an invented compound is none of them).
struct BuildingNames {
    std::vector<Named> named;
    std::map<std::size_t, int> highest;              // compound → its highest building number
    std::map<std::size_t, std::size_t> first_inside; // compound → a building of it
    std::set<std::string> compound_keys;
};

BuildingNames building_names(const geo::District& d, const ledger::Normaliser& normalise) {
    const auto holder = ledger::compound_of_buildings(d);
    BuildingNames names;
    for (const auto& c : d.compounds)
        names.compound_keys.insert(normalise.compound(c.name));
    for (std::size_t i = 0; i < d.buildings.size(); ++i) {
        const geo::Building& b = d.buildings[i];
        Named n{i, "", "", "", ""};
        const std::string number = normalise.building_number(b.number);
        if (holder[i] && !d.compounds[*holder[i]].name.empty() && all_digits(number)) {
            n.compound = d.compounds[*holder[i]].name;
            n.number = number;
            names.first_inside.emplace(*holder[i], i);
            int& h = names.highest[*holder[i]];
            h = std::max(h, std::atoi(number.c_str()));
        } else if (!holder[i]) {
            if (const auto door = normalise.door(b.address)) {
                // The road as the data writes it: the address up to its door number.
                const std::string& a = b.address;
                std::size_t cut = a.rfind(door->number);
                while (cut != std::string::npos && cut > 0 && a[cut - 1] == ' ')
                    --cut;
                if (cut != std::string::npos && cut > 0) {
                    n.road = a.substr(0, cut);
                    n.door = door->number;
                }
            }
        }
        names.named.push_back(n);
    }
    return names;
}

/// The register's rows, drawn at random from the district: households of its buildings
/// named in the ways registers name them, some duplicated, some naming buildings that do
/// not exist, some naming nothing, a few with broken cells.
class RegisterRows {
public:
    RegisterRows(const geo::District& d, std::uint64_t seed, double missing)
        : m_d(d), m_rng(seed), m_variant(m_rng), m_names(building_names(d, m_normalise)),
          m_communities(communities_of(d)), m_community_index(shapes_of(m_communities)),
          m_missing(missing) {
        // Buildings in compounds hold more households than the rest: ten times the rows.
        for (std::size_t i = 0; i < m_names.named.size(); ++i)
            for (int k = 0; k < (m_names.named[i].compound.empty() ? 1 : 10); ++k)
                m_weighted.push_back(i);
    }

    std::vector<Row> make(std::size_t count) {
        std::vector<Row> rows;
        rows.reserve(count);
        for (std::size_t r = 0; rows.size() < count; ++r) {
            const double u = m_rng.unit();
            if (u < 0.01 && rows.size() > 10) { // a row entered twice
                Row dup = rows[static_cast<std::size_t>(
                    m_rng.between(0, static_cast<int>(rows.size()) - 1))];
                dup.kind = "duplicate";
                dup.cells[SEQ] = std::to_string(rows.size() + 1);
                rows.push_back(dup);
                continue;
            }
            rows.push_back(household(r, rows.size()));
        }
        return rows;
    }

private:
    static std::vector<const geo::MultiPolygon*>
    shapes_of(const std::vector<geo::Community>& communities) {
        std::vector<const geo::MultiPolygon*> shapes;
        for (const auto& c : communities)
            shapes.push_back(&c.geom);
        return shapes;
    }

    /// The community holding the building (the district's, or the grid's).
    std::string community_of(std::size_t b) const {
        const auto in =
            m_community_index.containing(geo::footprint_centroid(m_d.buildings[b].geom));
        return in.empty() ? std::string() : m_communities[in.front()].name;
    }

    /// Household `r`, the register's row after `before` others.
    Row household(std::size_t r, std::size_t before) {
        static const std::array<std::string, 4> categories{"安置房租住户", "商品房住户",
                                                           "自建房住户", "出租房住户"};
        Row row;
        const Named& n = m_names.named[m_rng.pick(m_weighted)];
        const geo::Building& b = m_d.buildings[n.building];
        row.cells[SEQ] = std::to_string(before + 1);
        char key[40];
        std::snprintf(key, sizeof key, "H%07zu", r + 1);
        row.cells[KEY] = key;
        row.cells[COMMUNITY] = community_of(n.building);
        row.cells[GRID] = "第" + std::to_string(m_rng.between(1, 9)) + "网格";
        const int unit = m_rng.between(1, 4),
                  floor = m_rng.between(1, std::max(2, b.floors > 0 ? b.floors : 6));
        row.cells[UNIT] = m_variant.unit(unit);
        row.cells[ROOM] = std::to_string(floor * 100 + m_rng.between(1, 4));
        row.cells[NAME] = person(m_rng);
        row.cells[ID] = id_number(m_rng);
        row.cells[PHONE] = phone(m_rng);
        const bool vacant = m_rng.chance(0.05);
        row.cells[VACANT] =
            vacant ? (m_rng.chance(0.5) ? "是" : "空置") : (m_rng.chance(0.5) ? "否" : "");
        row.cells[MEMBERS] = vacant ? "0" : std::to_string(m_rng.between(1, 6));
        row.cells[CATEGORY] = m_rng.pick(categories);
        char date[40];
        std::snprintf(date, sizeof date, "2026-11-%02d", m_rng.between(1, 30));
        row.cells[DATE] = date;
        row.truth = b.source_id;
        const double v = m_rng.unit();
        if (v < m_missing) { // a building that does not exist
            row.truth.clear();
            name_missing(row);
        } else if (v < m_missing + 0.005) { // a row that names nothing
            row.truth.clear();
            row.kind = "nothing";
        } else {
            name_building(row, n, b);
        }
        if (m_rng.chance(0.01)) { // broken cells: the row still names its building
            row.cells[MEMBERS] = m_rng.chance(0.5) ? "三口人" : "N/A";
            row.cells[DATE] = m_rng.chance(0.5) ? "2026-02-30" : "上周";
            row.kind += ", broken cells";
        }
        return row;
    }

    /// A row naming a building that does not exist: an invented compound, a number past a
    /// compound's highest, a door past a road's, or a code no building has.
    void name_missing(Row& row) {
        const int how = m_rng.between(0, 3);
        if (how == 0 || m_names.highest.empty()) {
            static const std::array<std::string, 6> a{"幸福", "和平", "光明",
                                                      "长乐", "金桂", "银杏"};
            static const std::array<std::string, 4> z{"里", "苑", "新村", "雅居"};
            std::string name = m_rng.pick(a) + m_rng.pick(z) + "小区";
            if (m_names.compound_keys.count(m_normalise.compound(name))) name = "不存在的" + name;
            row.cells[COMPOUND] = name;
            row.cells[BUILDING] = m_variant.building(std::to_string(m_rng.between(1, 20)));
            row.kind = "missing compound";
        } else if (how == 1) {
            // A number past the highest of every compound of that name, in the compound's own
            // community: a building that is nowhere.
            auto it = m_names.highest.begin();
            std::advance(it, static_cast<long>(m_rng.next() % m_names.highest.size()));
            const std::string same = m_normalise.compound(m_d.compounds[it->first].name);
            int past = 0;
            for (const auto& [c, h] : m_names.highest)
                if (m_normalise.compound(m_d.compounds[c].name) == same) past = std::max(past, h);
            row.cells[COMMUNITY] = community_of(m_names.first_inside.at(it->first));
            row.cells[COMPOUND] = m_variant.compound(m_d.compounds[it->first].name);
            row.cells[BUILDING] = m_variant.building(std::to_string(past + m_rng.between(5, 30)));
            row.kind = "missing building";
        } else if (how == 2) {
            const Named* with_door = nullptr;
            for (int tries = 0; tries < 50 && !with_door; ++tries)
                if (const Named& m = m_rng.pick(m_names.named); !m.road.empty()) with_door = &m;
            if (!with_door) {
                row.cells[CODE] = "way/9" + std::to_string(m_rng.between(10000000, 99999999));
                row.kind = "missing code";
            } else {
                row.cells[ADDRESS] =
                    m_variant.address(with_door->road, std::to_string(m_rng.between(8000, 9999)));
                row.kind = "missing door";
            }
        } else {
            row.cells[CODE] = "way/9" + std::to_string(m_rng.between(10000000, 99999999));
            row.kind = "missing code";
        }
    }

    /// A row naming building `b`: by compound and number, by address, or by code.
    void name_building(Row& row, const Named& n, const geo::Building& b) {
        if (!n.compound.empty() && !m_rng.chance(0.04)) {
            row.cells[COMPOUND] = m_variant.compound(n.compound);
            row.cells[BUILDING] = m_variant.building(n.number);
            row.kind = "compound";
            // Without its community, a compound whose name the district has twice (in two
            // communities) is ambiguous when both have the building: listed, never guessed.
            if (m_rng.chance(0.01)) {
                row.cells[COMMUNITY].clear();
                row.kind += ", no community";
            }
        } else if (!n.road.empty() && !m_rng.chance(0.04)) {
            row.cells[ADDRESS] = m_variant.address(n.road, n.door);
            if (m_rng.chance(0.3)) row.cells[ADDRESS] += row.cells[UNIT] + row.cells[ROOM];
            row.kind = "door";
        } else {
            const std::string& id = b.source_id;
            const auto slash = id.find('/');
            row.cells[CODE] =
                slash != std::string::npos && m_rng.chance(0.3) ? id.substr(slash + 1) : id;
            row.kind = "code";
        }
    }

    const geo::District& m_d;
    Rng m_rng;
    Variants m_variant;
    const ledger::Normaliser m_normalise;
    const BuildingNames m_names;
    std::vector<std::size_t> m_weighted;
    const std::vector<geo::Community> m_communities;
    const geo::PolygonIndex m_community_index;
    const double m_missing;
};

int write_register(const geo::District& d, const std::string& out, std::size_t count,
                   std::uint64_t seed, bool utf8, double missing) {
    const std::vector<Row> rows = RegisterRows(d, seed, missing).make(count);
    const std::string title = "住户登记台账（生成的测试数据）";
    if (ends_with(out, ".xlsx"))
        write_xlsx(out, title, rows);
    else
        write_csv(out, title, rows, utf8);
    std::ofstream truth(out + ".truth.csv", std::ios::binary);
    truth << "row,key,building,kind\n";
    // Sheet rows: the title is row 1, the header row 2, the first household row 3.
    for (std::size_t i = 0; i < rows.size(); ++i)
        truth << i + 3 << "," << rows[i].cells[KEY] << "," << rows[i].truth << ",\"" << rows[i].kind
              << "\"\n";
    if (!truth.flush()) throw Error(out + ".truth.csv: cannot write");
    std::map<std::string, std::size_t> kinds;
    for (const Row& r : rows)
        ++kinds[r.kind];
    std::cout << out << ": " << rows.size() << " rows";
    for (const auto& [k, c] : kinds)
        std::cout << ", " << c << " " << k;
    std::cout << "\n";
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    try {
        std::vector<std::string> args(argv + 1, argv + argc);
        if (args.size() < 2 || (args[0] != "number" && args[0] != "register")) {
            std::cerr << usage;
            return 2;
        }
        std::string out;
        std::uint64_t seed = 1;
        std::size_t rows = 2000;
        bool utf8 = false;
        double missing = 0.03;
        for (std::size_t i = 2; i < args.size(); ++i) {
            auto value = [&]() -> std::string {
                if (i + 1 >= args.size()) throw InputError(args[i] + " needs a value");
                return args[++i];
            };
            if (args[i] == "-o")
                out = value();
            else if (args[i] == "--seed")
                seed = std::stoull(value());
            else if (args[i] == "--rows")
                rows = std::stoul(value());
            else if (args[i] == "--missing")
                missing = std::stod(value()) / 100;
            else if (args[i] == "--utf8")
                utf8 = true;
            else
                throw InputError("unknown option " + args[i]);
        }
        if (out.empty()) throw InputError("-o FILE is needed");
        const geo::District d = geo::read_project(args[1]);
        return args[0] == "number" ? write_numbered(d, out, seed)
                                   : write_register(d, out, rows, seed, utf8, missing);
    } catch (const std::exception& e) {
        std::cerr << "cordon-make-register: " << e.what() << "\n";
        return 2;
    }
}
