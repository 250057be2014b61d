// cordon-make-district: a large, realistic synthetic district around Chengdu as a GeoPackage
// (EPSG:4326), for the import benchmark (bench/README.md).
//
// The district is a street grid. Lines of the grid are primary every 8th, secondary every 4th,
// tertiary every 2nd and residential otherwise. The blocks between tertiary (or bigger) roads
// come in groups of 2×2, and each group is one kind of neighbourhood: high-rise towers,
// six-storey slab blocks, low-rise old town or commercial. A group is one gated compound, two
// or four compounds, or open streets; inside a compound the middle streets are service roads.
// Buildings sit on a grid of lots inside each block, a rotated rectangle, L, U or cross shape
// (4–12 vertices) 10–60 m across that never leaves its lot.
//
// Output is the same for the same --seed and --buildings on every platform: the random numbers
// are splitmix64 and every block, line and group draws from its own stream.

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace {

const char* usage = R"(Usage: cordon-make-district -o FILE.gpkg [--buildings N] [--seed S]

Writes a synthetic district around Chengdu (104.06 E, 30.66 N) in WGS 84 with layers
buildings (N polygons, default 1000000; fields name, households, floors, category),
roads (street grid, fields highway, name) and compounds (fields name, mode).
The same seed (default 1) and N give the same file.
)";

constexpr double centre_lon = 104.06;
constexpr double centre_lat = 30.66;
constexpr double pi = 3.14159265358979323846;

// ---------------------------------------------------------------------------------------------
// Deterministic random numbers

std::uint64_t mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/// A splitmix64 stream keyed by the seed and a few integers (what it is for, row, column).
class Rng {
public:
    Rng(std::uint64_t seed, std::uint64_t a, std::int64_t b = 0, std::int64_t c = 0)
        : m_state(mix(mix(mix(seed ^ mix(a)) ^ static_cast<std::uint64_t>(b)) ^
                      static_cast<std::uint64_t>(c))) {}

    std::uint64_t next() {
        m_state += 0x9e3779b97f4a7c15ULL;
        return mix(m_state);
    }
    /// Uniform in [0, 1).
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * unit(); }
    /// Uniform integer in [lo, hi].
    int between(int lo, int hi) {
        return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1));
    }
    bool chance(double p) { return unit() < p; }
    template <typename T, std::size_t N> const T& pick(const std::array<T, N>& items) {
        return items[next() % N];
    }

private:
    std::uint64_t m_state;
};

enum Stream : std::uint64_t {
    line_stream = 1,
    group_stream = 2,
    block_stream = 3,
    name_stream = 4
};

// ---------------------------------------------------------------------------------------------
// Names

constexpr std::array<const char*, 40> compound_prefixes{
    "锦绣", "阳光", "翠苑", "金沙",   "蜀都", "锦江", "天府", "芙蓉",   "青羊", "武侯",
    "府河", "浣花", "玉林", "桐梓林", "紫荆", "望江", "百花", "龙湾",   "南苑", "丽景",
    "华府", "银杏", "水岸", "东方",   "盛世", "和美", "御景", "清水",   "碧云", "博雅",
    "锦城", "蓝光", "新城", "棕榭",   "泰和", "兴蓉", "川棉", "红牌楼", "万科", "中海"};
/// Suffixes that name different compounds: 花园 and 小区 are one (a register writes either, and
/// the ledger reads 锦绣花园 and 锦绣小区 as one compound), so the first holds both.
constexpr std::array<const char*, 9> compound_suffixes{"花园", "苑",   "家园", "新村", "公寓",
                                                       "名城", "雅居", "华庭", "府"};
/// The phases that name different compounds (一期 is the compound without one).
constexpr std::array<const char*, 3> phases{"", "二期", "三期"};
/// Names repeat only between compounds this many groups apart (rows, columns): a community
/// has no two compounds of one name, a city's district a few (different communities).
constexpr std::int64_t name_rows = 15, name_columns = 18;
static_assert(name_rows * name_columns * 4 ==
              compound_prefixes.size() * compound_suffixes.size() * phases.size());
constexpr std::array<const char*, 36> street_prefixes{
    "人民", "蜀都",   "春熙",   "红星",   "解放",   "建设",   "府青",   "玉林", "芳草",
    "紫荆", "科华",   "倪家桥", "桐梓林", "领事馆", "小关庙", "盐市口", "东大", "双林",
    "龙舟", "青华",   "光华",   "清江",   "金牛",   "抚琴",   "营门口", "沙湾", "星辉",
    "北星", "驷马桥", "猛追湾", "致民",   "望平",   "黉门",   "浆洗",   "草市", "锦华"};
constexpr std::array<const char*, 5> sections{"一段", "二段", "三段", "四段", "五段"};
constexpr std::array<const char*, 5> tower_names{"大厦", "广场", "商务中心", "中心", "国际"};

/// The name of part `part` (0–3) of the group at (`group_row`, `group_col`): a seeded shuffle of
/// the prefix × suffix × phase names over a window of name_rows × name_columns groups, so that
/// no two compounds within the window share a name.
std::string compound_name(std::uint64_t seed, std::int64_t group_row, std::int64_t group_col,
                          int part) {
    constexpr std::int64_t n = name_rows * name_columns * 4;
    const auto wrap = [](std::int64_t v, std::int64_t m) { return (v % m + m) % m; };
    const std::int64_t slot =
        (wrap(group_row, name_rows) * name_columns + wrap(group_col, name_columns)) * 4 + part;
    // slot → slot * a + b (mod n), a bijection for a prime to n (n = 2^3 * 3^3 * 5).
    constexpr std::array<std::int64_t, 8> steps{7, 11, 13, 17, 19, 23, 29, 31};
    Rng rng(seed, name_stream);
    const std::int64_t a = steps[rng.next() % steps.size()];
    const auto b = static_cast<std::int64_t>(rng.next() % static_cast<std::uint64_t>(n));
    std::int64_t k = (slot * a + b) % n;
    const auto pick = [&k](const auto& items) {
        const auto i = static_cast<std::size_t>(k % static_cast<std::int64_t>(items.size()));
        k /= static_cast<std::int64_t>(items.size());
        return std::string(items[i]);
    };
    const std::string prefix = pick(compound_prefixes);
    std::string suffix = pick(compound_suffixes);
    const std::string phase = pick(phases);
    // 花园 or 小区, as it comes (the same compound to the ledger).
    Rng either(seed, name_stream, group_row * 4 + part, group_col);
    if (suffix == compound_suffixes[0] && either.chance(0.5)) suffix = "小区";
    return prefix + suffix + phase;
}

/// The name of grid line `index` (vertical lines are 路 running north–south, horizontal 街).
std::string street_name(std::uint64_t seed, bool vertical, std::int64_t index, int section) {
    Rng rng(seed, name_stream + 100, vertical ? 1 : 2, index);
    std::string name = rng.pick(street_prefixes);
    name += vertical ? (index % 8 == 0 ? "大道" : "路") : (index % 8 == 0 ? "大街" : "街");
    if (index % 2 == 0) name += sections[static_cast<std::size_t>(section) % sections.size()];
    return name;
}

// ---------------------------------------------------------------------------------------------
// The grid

enum class RoadClass { primary, secondary, tertiary, residential, service };

const char* highway(RoadClass c) {
    switch (c) {
    case RoadClass::primary:
        return "primary";
    case RoadClass::secondary:
        return "secondary";
    case RoadClass::tertiary:
        return "tertiary";
    case RoadClass::residential:
        return "residential";
    case RoadClass::service:
        return "service";
    }
    return "road";
}

RoadClass line_class(std::int64_t index) {
    if (index % 8 == 0) return RoadClass::primary;
    if (index % 4 == 0) return RoadClass::secondary;
    if (index % 2 == 0) return RoadClass::tertiary;
    return RoadClass::residential;
}

/// Metres from a road's centre line to the first building behind it.
double setback(RoadClass c) {
    switch (c) {
    case RoadClass::primary:
        return 24;
    case RoadClass::secondary:
        return 18;
    case RoadClass::tertiary:
        return 13;
    case RoadClass::residential:
        return 9;
    case RoadClass::service:
        return 7;
    }
    return 10;
}

/// Positions (metres) of the grid lines along one axis, grown on demand.
class Lines {
public:
    Lines(std::uint64_t seed, std::uint64_t axis) : m_seed(seed), m_axis(axis), m_at{0.0} {}
    double at(std::int64_t index) {
        while (static_cast<std::int64_t>(m_at.size()) <= index) {
            Rng rng(m_seed, line_stream + 10 * m_axis, static_cast<std::int64_t>(m_at.size()));
            m_at.push_back(m_at.back() + rng.uniform(170, 280));
        }
        return m_at[static_cast<std::size_t>(index)];
    }

private:
    std::uint64_t m_seed;
    std::uint64_t m_axis;
    std::vector<double> m_at;
};

enum class Neighbourhood { towers, slabs, old_town, commercial };
/// How a 2×2 group of blocks is split into compounds.
enum class Split { whole, columns, rows, blocks, open };

struct Group {
    Neighbourhood kind;
    Split split;
};

Group group_at(std::uint64_t seed, std::int64_t group_row, std::int64_t group_col) {
    Rng rng(seed, group_stream, group_row, group_col);
    const double k = rng.unit();
    const Neighbourhood kind = k < 0.35   ? Neighbourhood::towers
                               : k < 0.65 ? Neighbourhood::slabs
                               : k < 0.90 ? Neighbourhood::old_town
                                          : Neighbourhood::commercial;
    const double s = rng.unit();
    Split split = s < 0.45   ? Split::whole
                  : s < 0.60 ? Split::columns
                  : s < 0.75 ? Split::rows
                  : s < 0.90 ? Split::blocks
                             : Split::open;
    if (kind == Neighbourhood::commercial && split != Split::open) split = Split::blocks;
    return {kind, split};
}

/// Which compound of its group a block (given by its position in the group) belongs to, or -1.
int compound_part(Split split, int row_in_group, int col_in_group) {
    switch (split) {
    case Split::whole:
        return 0;
    case Split::columns:
        return col_in_group;
    case Split::rows:
        return row_in_group;
    case Split::blocks:
        return row_in_group * 2 + col_in_group;
    case Split::open:
        return -1;
    }
    return -1;
}

/// Whether the middle street of a group along the given direction runs inside a compound.
/// `vertical`: the middle vertical line (between the group's two columns).
bool middle_is_internal(Split split, bool vertical) {
    return split == Split::whole || (vertical ? split == Split::rows : split == Split::columns);
}

RoadClass segment_class(std::uint64_t seed, bool vertical, std::int64_t line, std::int64_t across) {
    const RoadClass c = line_class(line);
    if (c != RoadClass::residential) return c;
    // An odd line is the middle of the groups it crosses; `across` is the block row (vertical
    // line) or column (horizontal line) the segment borders.
    const Group g =
        vertical ? group_at(seed, across / 2, line / 2) : group_at(seed, line / 2, across / 2);
    return middle_is_internal(g.split, vertical) ? RoadClass::service : RoadClass::residential;
}

// ---------------------------------------------------------------------------------------------
// Buildings

struct Lot {
    double pitch_x, pitch_y; ///< lot size
    double min_w, max_w;     ///< footprint extent along x (before rotation)
    double min_h, max_h;     ///< and along y
    int min_floors, max_floors;
    double empty; ///< share of lots left empty (green space, parking)
};

Lot lot_for(Neighbourhood kind) {
    switch (kind) {
    case Neighbourhood::towers:
        return {48, 48, 18, 36, 14, 26, 18, 33, 0.10};
    case Neighbourhood::slabs:
        return {66, 30, 40, 60, 10, 14, 5, 7, 0.06};
    case Neighbourhood::old_town:
        return {23, 22, 10, 18, 10, 16, 1, 4, 0.08};
    case Neighbourhood::commercial:
        return {78, 74, 30, 60, 26, 58, 3, 30, 0.15};
    }
    return {40, 40, 10, 30, 10, 30, 1, 6, 0.1};
}

using Ring = std::vector<std::pair<double, double>>;

/// A footprint centred on the origin, w × h, of the given shape: 0 rectangle (4 vertices),
/// 1 L (6), 2 U (8), 3 cross (12).
Ring footprint(int shape, double w, double h, Rng& rng) {
    const double x0 = -w / 2, x1 = w / 2, y0 = -h / 2, y1 = h / 2;
    switch (shape) {
    case 1: {
        const double a = h * rng.uniform(0.35, 0.6), b = w * rng.uniform(0.35, 0.6);
        return {{x0, y0}, {x1, y0}, {x1, y0 + a}, {x0 + b, y0 + a}, {x0 + b, y1}, {x0, y1}};
    }
    case 2: {
        const double c = w * rng.uniform(0.25, 0.35), d = h * rng.uniform(0.35, 0.55);
        return {{x0, y0},         {x1, y0},         {x1, y1},     {x1 - c, y1},
                {x1 - c, y0 + d}, {x0 + c, y0 + d}, {x0 + c, y1}, {x0, y1}};
    }
    case 3: {
        const double p = w * rng.uniform(0.15, 0.3), q = h * rng.uniform(0.15, 0.3);
        return {{x0 + p, y0},     {x1 - p, y0},     {x1 - p, y0 + q}, {x1, y0 + q},
                {x1, y1 - q},     {x1 - p, y1 - q}, {x1 - p, y1},     {x0 + p, y1},
                {x0 + p, y1 - q}, {x0, y1 - q},     {x0, y0 + q},     {x0 + p, y0 + q}};
    }
    default:
        return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
    }
}

int shape_for(Neighbourhood kind, Rng& rng) {
    const double s = rng.unit();
    switch (kind) {
    case Neighbourhood::towers:
        return s < 0.40 ? 0 : s < 0.55 ? 1 : s < 0.65 ? 2 : 3;
    case Neighbourhood::slabs:
        return s < 0.80 ? 0 : s < 0.95 ? 1 : 2;
    case Neighbourhood::old_town:
        return s < 0.70 ? 0 : 1;
    case Neighbourhood::commercial:
        return s < 0.50 ? 0 : s < 0.75 ? 1 : 2;
    }
    return 0;
}

// ---------------------------------------------------------------------------------------------
// GDAL output

/// Local metres (origin at the district's south-west corner) to WGS 84 degrees.
class Projection {
public:
    Projection(double width, double height) : m_width(width), m_height(height) {
        const double phi = centre_lat * pi / 180;
        m_per_lat = 111132.92 - 559.82 * std::cos(2 * phi) + 1.175 * std::cos(4 * phi);
        m_per_lon =
            111412.84 * std::cos(phi) - 93.5 * std::cos(3 * phi) + 0.118 * std::cos(5 * phi);
    }
    std::pair<double, double> operator()(double x, double y) const {
        return {centre_lon + (x - m_width / 2) / m_per_lon,
                centre_lat + (y - m_height / 2) / m_per_lat};
    }

private:
    double m_width, m_height, m_per_lat = 0, m_per_lon = 0;
};

struct DatasetCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};

[[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error(what + ": " + CPLGetLastErrorMsg());
}

OGRLayer* create_layer(GDALDataset& ds, const char* name, OGRSpatialReference& srs,
                       OGRwkbGeometryType type,
                       const std::vector<std::pair<const char*, OGRFieldType>>& fields) {
    const char* options[] = {"GEOMETRY_NAME=geom", "FID=fid", "SPATIAL_INDEX=YES", nullptr};
    OGRLayer* layer = ds.CreateLayer(name, &srs, type, const_cast<char**>(options));
    if (!layer) fail(std::string("cannot create layer ") + name);
    for (const auto& [field, type_of] : fields) {
        OGRFieldDefn defn(field, type_of);
        if (layer->CreateField(&defn) != OGRERR_NONE)
            fail(std::string("cannot create field ") + field);
    }
    return layer;
}

/// Writes features in transactions of `batch` features.
class Writer {
public:
    explicit Writer(GDALDataset& ds) : m_ds(ds) {}
    void add(OGRLayer& layer, OGRFeature& f) {
        if (m_pending == 0 && m_ds.StartTransaction() != OGRERR_NONE)
            fail("cannot start a transaction");
        if (layer.CreateFeature(&f) != OGRERR_NONE)
            fail(std::string("cannot write to ") + layer.GetName());
        if (++m_pending == batch) flush();
    }
    void flush() {
        if (m_pending > 0 && m_ds.CommitTransaction() != OGRERR_NONE) fail("cannot commit");
        m_pending = 0;
    }

private:
    static constexpr int batch = 100000;
    GDALDataset& m_ds;
    int m_pending = 0;
};

struct Options {
    std::string output;
    std::int64_t buildings = 1000000;
    std::uint64_t seed = 1;
};

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
            return argv[++i];
        };
        if (a == "-h" || a == "--help") {
            std::cout << usage;
            std::exit(0);
        } else if (a == "-o" || a == "--output") {
            o.output = value();
        } else if (a == "--buildings") {
            o.buildings = std::stoll(value());
        } else if (a == "--seed") {
            o.seed = std::stoull(value());
        } else {
            throw std::invalid_argument("unknown argument " + a);
        }
    }
    if (o.output.empty()) throw std::invalid_argument("say where to write with -o FILE.gpkg");
    if (o.buildings < 1) throw std::invalid_argument("--buildings must be at least 1");
    return o;
}

/// One block of the grid: its lots and what is built on them.
struct Block {
    Group group{};
    Lot lot{};
    double x0 = 0, y0 = 0; ///< south-west corner of the first lot
    double px = 0, py = 0; ///< lot size, stretched to fill the block
    int nx = 0, ny = 0;    ///< lots across and up
};

Block block_at(std::uint64_t seed, Lines& xs, Lines& ys, std::int64_t r, std::int64_t c) {
    Block b;
    b.group = group_at(seed, r / 2, c / 2);
    b.lot = lot_for(b.group.kind);
    const double x0 = xs.at(c) + setback(segment_class(seed, true, c, r));
    const double x1 = xs.at(c + 1) - setback(segment_class(seed, true, c + 1, r));
    const double y0 = ys.at(r) + setback(segment_class(seed, false, r, c));
    const double y1 = ys.at(r + 1) - setback(segment_class(seed, false, r + 1, c));
    b.nx = std::max(0, static_cast<int>((x1 - x0) / b.lot.pitch_x));
    b.ny = std::max(0, static_cast<int>((y1 - y0) / b.lot.pitch_y));
    if (b.nx > 0 && b.ny > 0)
        b.x0 = x0, b.y0 = y0, b.px = (x1 - x0) / b.nx, b.py = (y1 - y0) / b.ny;
    return b;
}

/// Which lots of a block are built on: its own stream, so that counting is cheap.
Rng occupancy(std::uint64_t seed, std::int64_t r, std::int64_t c) {
    return Rng(seed, block_stream + 1, r, c);
}

void run(const Options& o) {
    const std::uint64_t seed = o.seed;
    Lines xs(seed, 0), ys(seed, 1);

    // Columns for a roughly square district, from the buildings per block in a sample; then
    // rows until every building has a lot (counting only: the projection needs the extent).
    std::int64_t sample = 0;
    for (std::int64_t r = 0; r < 16; ++r)
        for (std::int64_t c = 0; c < 16; ++c) {
            const Block b = block_at(seed, xs, ys, r, c);
            Rng occupied = occupancy(seed, r, c);
            for (int i = 0; i < b.nx * b.ny; ++i)
                sample += occupied.chance(b.lot.empty) ? 0 : 1;
        }
    const double per_block = std::max(1.0, static_cast<double>(sample) / 256);
    const auto columns = static_cast<std::int64_t>(
        std::max(2.0, std::ceil(std::sqrt(static_cast<double>(o.buildings) / per_block))));
    std::int64_t rows = 0;
    for (std::int64_t counted = 0; counted < o.buildings; ++rows)
        for (std::int64_t c = 0; c < columns && counted < o.buildings; ++c) {
            const Block b = block_at(seed, xs, ys, rows, c);
            Rng occupied = occupancy(seed, rows, c);
            for (int i = 0; i < b.nx * b.ny && counted < o.buildings; ++i)
                counted += occupied.chance(b.lot.empty) ? 0 : 1;
        }
    const double width = xs.at(columns), height = ys.at(rows);
    const Projection to_wgs84(width, height);

    GDALAllRegister();
    CPLSetConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF");
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!driver) throw std::runtime_error("GDAL has no GPKG driver");
    VSIUnlink(o.output.c_str());
    std::unique_ptr<GDALDataset, DatasetCloser> ds(
        driver->Create(o.output.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) fail("cannot create " + o.output);
    OGRSpatialReference srs;
    srs.importFromEPSG(4326);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    Writer writer(*ds);

    OGRLayer* buildings = create_layer(*ds, "buildings", srs, wkbPolygon,
                                       {{"name", OFTString},
                                        {"households", OFTInteger},
                                        {"floors", OFTInteger},
                                        {"category", OFTString}});
    OGRFeature f(buildings->GetLayerDefn());
    const int name_field = f.GetFieldIndex("name"),
              households_field = f.GetFieldIndex("households");
    std::map<std::tuple<std::int64_t, std::int64_t, int>, int>
        numbers; // compound → buildings named so far
    std::int64_t placed = 0;
    for (std::int64_t r = 0; r < rows; ++r) {
        for (std::int64_t c = 0; c < columns && placed < o.buildings; ++c) {
            const Block b = block_at(seed, xs, ys, r, c);
            const Group& g = b.group;
            const Lot& lot = b.lot;
            const int part =
                compound_part(g.split, static_cast<int>(r % 2), static_cast<int>(c % 2));
            const std::string compound =
                part >= 0 ? compound_name(seed, r / 2, c / 2, part) : std::string();
            Rng occupied = occupancy(seed, r, c);
            Rng rng(seed, block_stream, r, c);
            const double block_turn = rng.chance(0.2) ? rng.uniform(-20, 20) : 0.0;
            for (int i = 0; i < b.nx * b.ny && placed < o.buildings; ++i) {
                if (occupied.chance(lot.empty)) continue;
                ++placed;
                const double turn = (block_turn + rng.uniform(-6, 6)) * pi / 180;
                double w = rng.uniform(lot.min_w, lot.max_w);
                double h = rng.uniform(lot.min_h, lot.max_h);
                // Shrink until the turned footprint fits its lot with 4 m to spare, then move it
                // about in what room is left.
                const double cs = std::abs(std::cos(turn)), sn = std::abs(std::sin(turn));
                const double room_x = b.px - 4, room_y = b.py - 4;
                const double k =
                    std::min({1.0, room_x / (w * cs + h * sn), room_y / (w * sn + h * cs)});
                w *= k, h *= k;
                const double slack_x = std::max(0.0, room_x - (w * cs + h * sn)) / 2;
                const double slack_y = std::max(0.0, room_y - (w * sn + h * cs)) / 2;
                const double cx = b.x0 + b.px * (i % b.nx + 0.5) + rng.uniform(-slack_x, slack_x);
                const double cy = b.y0 + b.py * (i / b.nx + 0.5) + rng.uniform(-slack_y, slack_y);

                const Ring ring = footprint(shape_for(g.kind, rng), w, h, rng);
                auto* lr = new OGRLinearRing;
                lr->setNumPoints(static_cast<int>(ring.size()) + 1, FALSE);
                const double ct = std::cos(turn), st = std::sin(turn);
                for (std::size_t j = 0; j <= ring.size(); ++j) {
                    const auto& [lx, ly] = ring[j % ring.size()];
                    const auto [lon, lat] =
                        to_wgs84(cx + lx * ct - ly * st, cy + lx * st + ly * ct);
                    lr->setPoint(static_cast<int>(j), lon, lat);
                }
                auto* poly = new OGRPolygon;
                poly->addRingDirectly(lr);
                f.SetGeometryDirectly(poly);

                const int floors = rng.between(lot.min_floors, lot.max_floors);
                const double u_cat = rng.unit();
                const char* category = "yes";
                switch (g.kind) {
                case Neighbourhood::towers:
                    category = u_cat < 0.6 ? "residential" : "apartments";
                    break;
                case Neighbourhood::slabs:
                    category = u_cat < 0.7 ? "residential" : u_cat < 0.9 ? "apartments" : "yes";
                    break;
                case Neighbourhood::old_town:
                    category = u_cat < 0.5 ? "yes" : "residential";
                    break;
                case Neighbourhood::commercial:
                    category = u_cat < 0.85 ? "commercial" : "yes";
                    break;
                }
                f.SetField("floors", floors);
                f.SetField("category", category);
                const bool commercial = std::strcmp(category, "commercial") == 0;
                const double unknown = std::strcmp(category, "yes") == 0 ? 0.7
                                       : commercial                      ? 0.9
                                                                         : 0.2;
                if (rng.chance(unknown)) {
                    f.SetFieldNull(households_field);
                } else {
                    const int per_floor = g.kind == Neighbourhood::towers  ? rng.between(2, 6)
                                          : g.kind == Neighbourhood::slabs ? rng.between(2, 4)
                                                                           : rng.between(1, 2);
                    const double households =
                        commercial ? 0.0 : floors * per_floor * rng.uniform(0.8, 1.2);
                    f.SetField(households_field,
                               commercial ? 0 : std::max(1, static_cast<int>(households)));
                }
                const double u_name = rng.unit();
                if (!compound.empty() && u_name < 0.65) {
                    const int n = ++numbers[{r / 2, c / 2, part}];
                    f.SetField(name_field, (compound + std::to_string(n) + "栋").c_str());
                } else if (g.kind == Neighbourhood::commercial && u_name < 0.5) {
                    f.SetField(
                        name_field,
                        (std::string(rng.pick(compound_prefixes)) + rng.pick(tower_names)).c_str());
                } else {
                    f.SetFieldNull(name_field);
                }
                f.SetFID(OGRNullFID);
                writer.add(*buildings, f);
            }
        }
    }
    writer.flush();

    // Compounds: one polygon per compound of every group with built blocks, a few metres inside
    // the roads around it, the corners cut like a real wall.
    OGRLayer* compounds =
        create_layer(*ds, "compounds", srs, wkbPolygon, {{"name", OFTString}, {"mode", OFTString}});
    OGRFeature cf(compounds->GetLayerDefn());
    constexpr std::array<const char*, 6> modes{"closed", "closed",   "guarded",
                                               "patrol", "封闭管理", "值守"};
    std::int64_t compound_count = 0;
    for (std::int64_t gr = 0; gr * 2 < rows; ++gr) {
        for (std::int64_t gc = 0; gc * 2 < columns; ++gc) {
            const Group g = group_at(seed, gr, gc);
            if (g.split == Split::open) continue;
            const int parts = g.split == Split::whole ? 1 : g.split == Split::blocks ? 4 : 2;
            for (int part = 0; part < parts; ++part) {
                // Blocks (row, col offsets within the group) of this part.
                std::int64_t r0 = 0, r1 = 1, c0 = 0, c1 = 1;
                if (g.split == Split::columns) c0 = c1 = part;
                if (g.split == Split::rows) r0 = r1 = part;
                if (g.split == Split::blocks) r0 = r1 = part / 2, c0 = c1 = part % 2;
                const std::int64_t row0 = gr * 2 + r0, row1 = std::min(gr * 2 + r1, rows - 1);
                const std::int64_t col0 = gc * 2 + c0, col1 = std::min(gc * 2 + c1, columns - 1);
                if (row0 >= rows || col0 >= columns) continue;
                const double x0 = xs.at(col0) + setback(segment_class(seed, true, col0, row0)) - 3;
                const double x1 =
                    xs.at(col1 + 1) - setback(segment_class(seed, true, col1 + 1, row0)) + 3;
                const double y0 = ys.at(row0) + setback(segment_class(seed, false, row0, col0)) - 3;
                const double y1 =
                    ys.at(row1 + 1) - setback(segment_class(seed, false, row1 + 1, col0)) + 3;
                const double cut = 6;
                const Ring ring{{x0 + cut, y0}, {x1 - cut, y0}, {x1, y0 + cut}, {x1, y1 - cut},
                                {x1 - cut, y1}, {x0 + cut, y1}, {x0, y1 - cut}, {x0, y0 + cut}};
                auto* lr = new OGRLinearRing;
                for (std::size_t j = 0; j <= ring.size(); ++j) {
                    const auto [lon, lat] =
                        to_wgs84(ring[j % ring.size()].first, ring[j % ring.size()].second);
                    lr->addPoint(lon, lat);
                }
                auto* poly = new OGRPolygon;
                poly->addRingDirectly(lr);
                cf.SetGeometryDirectly(poly);
                cf.SetField("name", compound_name(seed, gr, gc, part).c_str());
                Rng rng(seed, group_stream + 50, gr * 4 + part, gc);
                cf.SetField("mode", rng.pick(modes));
                cf.SetFID(OGRNullFID);
                writer.add(*compounds, cf);
                ++compound_count;
            }
        }
    }
    writer.flush();

    // Roads: each grid line cut into ways where its class (or section) changes, with a vertex at
    // every crossing, like OpenStreetMap ways.
    OGRLayer* roads = create_layer(*ds, "roads", srs, wkbLineString,
                                   {{"highway", OFTString}, {"name", OFTString}});
    OGRFeature rf(roads->GetLayerDefn());
    std::int64_t road_count = 0;
    for (int vertical = 0; vertical < 2; ++vertical) {
        const std::int64_t lines = vertical ? columns + 1 : rows + 1;
        const std::int64_t segments = vertical ? rows : columns;
        for (std::int64_t line = 0; line < lines; ++line) {
            auto point = [&](std::int64_t along) {
                return vertical ? to_wgs84(xs.at(line), ys.at(along))
                                : to_wgs84(xs.at(along), ys.at(line));
            };
            std::int64_t start = 0;
            while (start < segments) {
                const RoadClass cls = segment_class(seed, vertical != 0, line, start);
                const int section = static_cast<int>(start / 16);
                std::int64_t end = start + 1;
                // Ways run up to 6 blocks, as long as the class and the section stay the same.
                while (end < segments && end - start < 6 &&
                       segment_class(seed, vertical != 0, line, end) == cls && end / 16 == section)
                    ++end;
                auto* ls = new OGRLineString;
                for (std::int64_t k = start; k <= end; ++k) {
                    const auto [lon, lat] = point(k);
                    ls->addPoint(lon, lat);
                }
                rf.SetGeometryDirectly(ls);
                rf.SetField("highway", highway(cls));
                if (cls == RoadClass::service)
                    rf.SetFieldNull(rf.GetFieldIndex("name"));
                else
                    rf.SetField("name", street_name(seed, vertical != 0, line, section).c_str());
                rf.SetFID(OGRNullFID);
                writer.add(*roads, rf);
                ++road_count;
                start = end;
            }
        }
    }
    writer.flush();
    ds.reset();
    std::cout << o.output << ": " << placed << " buildings, " << compound_count << " compounds, "
              << road_count << " roads; " << columns << " × " << rows << " blocks, "
              << std::lround(width) << " × " << std::lround(height) << " m around " << centre_lon
              << " E " << centre_lat << " N\n";
}

} // namespace

int main(int argc, char** argv) {
    try {
        run(parse(argc, argv));
        return 0;
    } catch (const std::invalid_argument& e) {
        std::cerr << "cordon-make-district: " << e.what() << "\n\n" << usage;
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "cordon-make-district: " << e.what() << "\n";
        return 1;
    }
}
