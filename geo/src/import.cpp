// Import orchestration: open each source, read its layers in their roles, choose the project
// CRS, reproject, repair, estimate households, attach gates, number everything.

#include "geos_geometry.hpp"
#include "import_detail.hpp"
#include "osmconf.hpp"

#include <cordon/geo/checksum.hpp>
#include <cordon/geo/crs.hpp>
#include <cordon/geo/error.hpp>
#include <cordon/geo/import_setup.hpp>
#include <cordon/geo/polygon_index.hpp>
#include <cordon/geo/text_encoding.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <new>
#include <string>
#include <sys/resource.h>

namespace fs = std::filesystem;

namespace cordon::geo {

namespace detail {

namespace {

/// The GeoJSON reader's limit on one feature's parsed tree, in MB of GDAL's estimate (the tree
/// takes about 3.4 times that): 50 (about 300,000 vertices, 220 MB). Under an address-space
/// limit (ulimit -v) it is an eighth of what the limit leaves: json-c aborts the process when
/// an allocation fails (an assertion in json_object_array_add), so the tree must never be what
/// runs out; 0 when under 16 MB are left, too little to read GeoJSON at all.
long geojson_feature_limit_mb() {
    static const long mb = [] {
        long out = 50;
        rlimit limit{};
        if (::getrlimit(RLIMIT_AS, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return out;
        std::ifstream status("/proc/self/status");
        long used_kb = 0;
        for (std::string line; std::getline(status, line);)
            if (line.rfind("VmSize:", 0) == 0) used_kb = std::atol(line.c_str() + 7);
        const long left_mb = static_cast<long>(limit.rlim_cur / 1048576) - used_kb / 1024;
        return left_mb < 16 ? 0 : std::clamp(left_mb / 8, 1L, out);
    }();
    return mb;
}

} // namespace

void ensure_gdal() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        // The built-in OSM rules live in memory; GDAL reads them from /vsimem/.
        VSILFILE* f = VSIFileFromMemBuffer(
            "/vsimem/cordon/osmconf.ini", reinterpret_cast<GByte*>(const_cast<char*>(osmconf_ini)),
            static_cast<vsi_l_offset>(std::char_traits<char>::length(osmconf_ini)), FALSE);
        VSIFCloseL(f);
        // GDAL's GeoJSON reader holds each feature as a json-c tree of about 500 bytes a
        // vertex (a 1 M-vertex outline took 586 MB); past this estimate of the tree (about
        // 300,000 vertices, 220 MB at most) it refuses the file, read in bounded memory.
        // An OGR_GEOJSON_MAX_OBJ_SIZE set by the planner is kept.
        if (!CPLGetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", nullptr))
            CPLSetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE",
                               std::to_string(std::max(geojson_feature_limit_mb(), 1L)).c_str());
    });
}

namespace {
void check_on_earth(const std::vector<Point>& points, const LayerContext& ctx,
                    const std::string& id) {
    for (const Point& p : points)
        if (!std::isfinite(p.x) || !std::isfinite(p.y) || p.x < -180 || p.x > 180 || p.y < -90 ||
            p.y > 90)
            throw ParamTextError(ParamText()
                                 << ctx.where(id) +
                                        ": coordinates out of range after conversion to WGS 84 (" +
                                        std::to_string(p.x) + ", " + std::to_string(p.y) +
                                        "); is the source CRS right? ("
                                 << ParamMention{import_param::source_crs, ""} << ")");
}
void reproject_or_throw(bool ok, const LayerContext& ctx, const std::string& id) {
    if (!ok)
        throw ParamTextError(
            ParamText() << ctx.where(id) +
                               ": coordinates cannot be converted to WGS 84; is the source CRS "
                               "right? ("
                        << ParamMention{import_param::source_crs, ""} << ")");
}
} // namespace

void to_wgs84(std::vector<Point>& points, const LayerContext& ctx, const std::string& id) {
    reproject_or_throw(ctx.to_wgs84->apply(points), ctx, id);
    check_on_earth(points, ctx, id);
}
void to_wgs84(MultiPolygon& polygons, const LayerContext& ctx, const std::string& id) {
    for (Polygon& p : polygons)
        for (Ring& r : p.rings)
            to_wgs84(r, ctx, id);
}
void to_wgs84(Point& point, const LayerContext& ctx, const std::string& id) {
    std::vector<Point> one{point};
    to_wgs84(one, ctx, id);
    point = one.front();
}

GDALDatasetUniquePtr open_vector(const std::string& path,
                                 const std::vector<std::string>& open_options) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw InputError(path + ": no such file");
    if (fs::is_directory(path, ec)) throw InputError(path + ": is a folder, not a file");
    std::ifstream probe(path, std::ios::binary);
    if (!probe) throw InputError(path + ": cannot be read (permission denied?)");
    std::vector<const char*> options;
    for (const std::string& o : open_options)
        options.push_back(o.c_str());
    options.push_back(nullptr);
    QuietGdalErrors quiet;
    CPLErrorReset();
    if (geojson_feature_limit_mb() == 0) {
        const char* geojson[] = {"GeoJSON", nullptr};
        if (GDALIdentifyDriverEx(path.c_str(), GDAL_OF_VECTOR, geojson, nullptr))
            throw std::bad_alloc(); // said by the boundary: out of memory while importing
    }
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                              nullptr, options.data(), nullptr));
    if (!ds && quiet.failure().find("too complex/large") != std::string::npos) {
        std::string where = quiet.failure().substr(0, quiet.failure().find(':'));
        where[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(where[0])));
        const long mb = std::atol(CPLGetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "50"));
        throw InputError(path + ": a feature too large for the GeoJSON reader (" + where +
                         "; over " + std::to_string(mb) + " MB as parsed JSON, about " +
                         std::to_string(mb * 6000) + " vertices" +
                         (mb < 50 && mb == geojson_feature_limit_mb()
                              ? ", within this process's memory limit"
                              : "") +
                         "); simplify the outline, or save the layer as GeoPackage or "
                         "Shapefile, which Cordon reads in bounded memory");
    }
    if (!ds)
        throw InputError(path + ": not a readable vector file (" +
                         gdal_error_text("GDAL knows no driver for it") + ")");
    return ds;
}

bool is_shapefile(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    for (char& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".shp" || ext == ".dbf";
}

std::vector<std::string> source_open_options() {
    return {"CONFIG_FILE=/vsimem/cordon/osmconf.ini",
            "X_POSSIBLE_NAMES=lon,lng,long,longitude,x,经度",
            "Y_POSSIBLE_NAMES=lat,latitude,y,纬度",
            "GEOM_POSSIBLE_NAMES=wkt,geometry,geom,the_geom",
            "KEEP_GEOM_COLUMNS=NO",
            "AUTODETECT_TYPE=YES"};
}

std::string field_text(OGRFeature& feature, int index) {
    if (index < 0 || !feature.IsFieldSetAndNotNull(index)) return {};
    return feature.GetFieldAsString(index);
}

std::optional<double> field_number(OGRFeature& feature, int index) {
    if (index < 0 || !feature.IsFieldSetAndNotNull(index)) return std::nullopt;
    const std::string text = feature.GetFieldAsString(index);
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<bool> field_flag(OGRFeature& feature, int index) {
    std::string t = field_text(feature, index);
    for (char& c : t)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (t == "yes" || t == "true" || t == "1" || t == "y" || t == "t" || t == "是") return true;
    if (t == "no" || t == "false" || t == "0" || t == "n" || t == "f" || t == "否") return false;
    return std::nullopt;
}

} // namespace detail

using namespace detail;

LayerMap parse_layer_map(const std::string& text) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
        throw ParamError(import_param::map, text, "write ROLE=FILE[:LAYER]");
    LayerMap m{text.substr(0, eq), text.substr(eq + 1), {}};
    role_attributes(m.role); // validates the role
    // FILE:LAYER, but a Windows drive letter or a file that exists with ':' stays a path.
    const auto colon = m.file.rfind(':');
    std::error_code ec;
    if (colon != std::string::npos && colon > 1 && !fs::exists(m.file, ec)) {
        m.layer = m.file.substr(colon + 1);
        m.file = m.file.substr(0, colon);
    }
    return m;
}

std::pair<std::string, std::string> parse_field_map(const std::string& text) {
    const auto eq = text.find('=');
    const auto dot = text.find('.');
    if (eq == std::string::npos || dot == std::string::npos || dot > eq || eq + 1 == text.size())
        throw ParamError(import_param::field, text, "write ROLE.ATTRIBUTE=FIELD");
    const std::string role = text.substr(0, dot), attribute = text.substr(dot + 1, eq - dot - 1);
    const auto& known = role_attributes(role);
    if (std::find(known.begin(), known.end(), attribute) == known.end()) {
        std::string list;
        for (const auto& a : known)
            list += (list.empty() ? "" : ", ") + a;
        throw ParamError(import_param::field, text,
                         role + " has no attribute '" + attribute + "' (it has: " + list + ")");
    }
    return {role + "." + attribute, text.substr(eq + 1)};
}

void read_mapping_file(const std::string& path, ImportOptions& options) {
    std::ifstream in(path);
    if (!in) throw InputError(path + ": cannot read the mapping file");
    const fs::path base = fs::path(path).parent_path();
    std::string line;
    int number = 0;
    auto trim = [](std::string s) {
        const auto b = s.find_first_not_of(" \t\r");
        const auto e = s.find_last_not_of(" \t\r");
        return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
    };
    while (std::getline(in, line)) {
        ++number;
        line = trim(line.substr(0, line.find('#')));
        if (line.empty()) continue;
        const auto eq = line.find('=');
        if (eq == std::string::npos)
            throw InputError(path + ":" + std::to_string(number) + ": expected KEY = VALUE");
        const std::string key = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
        try {
            if (key.find('.') != std::string::npos) {
                options.fields.insert(parse_field_map(key + "=" + value));
            } else {
                LayerMap m = parse_layer_map(key + "=" + value);
                if (fs::path(m.file).is_relative()) m.file = (base / m.file).string();
                options.maps.push_back(m);
            }
        } catch (const ParamError& e) { // the line, not the parameter it would be
            throw InputError(path + ":" + std::to_string(number) + ": " + e.value() + ": " +
                             e.problem());
        } catch (const InputError& e) {
            throw InputError(path + ":" + std::to_string(number) + ": " + e.what());
        }
    }
}

namespace {

/// Where the raw bytes of a Shapefile's text first fail to decode, in each encoding.
struct TextCheck {
    std::optional<std::string> not_utf8; ///< e.g. "x.shp: layer 'x' feature x#3, field 'NAME'"
    std::optional<std::string> not_gbk;

    bool valid(TextEncoding e) const { return e == TextEncoding::utf8 ? !not_utf8 : !not_gbk; }
    std::string where_invalid(TextEncoding e) const {
        return (e == TextEncoding::utf8 ? not_utf8 : not_gbk).value_or("");
    }
};

TextEncoding other_encoding(TextEncoding e) {
    return e == TextEncoding::utf8 ? TextEncoding::gbk : TextEncoding::utf8;
}
std::string display_name(TextEncoding e) {
    return e == TextEncoding::utf8 ? "UTF-8" : "GBK";
}
std::string option_name(TextEncoding e) {
    return e == TextEncoding::utf8 ? "utf8" : "gbk";
}

/// Reads the raw bytes (GDAL's ENCODING="") of every field name and text value of a Shapefile
/// and notes the first that is not UTF-8 and the first that is not GBK. A damaged file is not
/// an error here: reading its layer reports that.
TextCheck check_text(const std::string& path) {
    TextCheck check;
    auto raw = open_vector(path, {"ENCODING="});
    QuietGdalErrors quiet;
    for (int l = 0; l < raw->GetLayerCount(); ++l) {
        OGRLayer* layer = raw->GetLayer(l);
        const std::string layer_name = layer->GetName();
        OGRFeatureDefn* defn = layer->GetLayerDefn();
        // A field named in the message: its name when that reads as text, else its number.
        const auto field_label = [&](int i) {
            const char* name = defn->GetFieldDefn(i)->GetNameRef();
            if (is_valid_utf8(name)) return "field '" + std::string(name) + "'";
            if (is_valid_gbk(name)) return "field '" + gbk_to_utf8(name) + "'";
            return "field " + std::to_string(i + 1);
        };
        const auto test = [&](std::string_view text, const auto& where) {
            if (!check.not_utf8 && !is_valid_utf8(text)) check.not_utf8 = where();
            if (!check.not_gbk && !is_valid_gbk(text)) check.not_gbk = where();
            return check.not_utf8 && check.not_gbk;
        };
        const std::string in_layer = path + ": layer '" + layer_name + "'";
        for (int i = 0; i < defn->GetFieldCount(); ++i)
            if (test(defn->GetFieldDefn(i)->GetNameRef(),
                     [&] { return in_layer + ", name of field " + std::to_string(i + 1); }))
                return check;
        const char* ignored[] = {"OGR_GEOMETRY", nullptr};
        layer->SetIgnoredFields(ignored);
        layer->ResetReading();
        for (OGRFeatureUniquePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature()))
            for (int i = 0; i < f->GetFieldCount(); ++i)
                if (defn->GetFieldDefn(i)->GetType() == OFTString && f->IsFieldSetAndNotNull(i) &&
                    test(f->GetFieldAsString(i), [&] {
                        return in_layer + " feature " + layer_name + "#" +
                               std::to_string(f->GetFID()) + ", " + field_label(i);
                    }))
                    return check;
    }
    return check;
}

} // namespace

SourceEncoding source_encoding(const std::string& path, std::optional<TextEncoding> override) {
    ensure_gdal();
    SourceEncoding out;
    if (!is_shapefile(path)) {
        out.how = "UTF-8";
        return out;
    }
    const TextCheck check = check_text(path);
    TextEncoding& encoding = out.encoding;
    const fs::path cpg = fs::path(path).replace_extension(".cpg");
    std::error_code ec;
    std::string cpg_name; // what the .cpg says, trimmed
    std::optional<TextEncoding> declared;
    if (fs::exists(cpg, ec)) {
        std::ifstream in(cpg);
        std::getline(in, cpg_name);
        const auto space = cpg_name.find_last_not_of(" \t\r\n");
        cpg_name.erase(space == std::string::npos ? 0 : space + 1);
        declared = encoding_from_name(cpg_name);
    }
    if (override) {
        encoding = *override;
        if (!check.valid(encoding)) {
            out.problem << check.where_invalid(encoding) + ": not valid " + display_name(encoding) +
                               " text ("
                        << ParamMention{import_param::encoding, option_name(encoding)} << ")";
            const TextEncoding other = other_encoding(encoding);
            if (check.valid(other))
                out.problem << "; it reads as " + display_name(other) + ": try "
                            << ParamMention{import_param::encoding, option_name(other)};
        }
        out.how = std::string(gdal_encoding_name(encoding)) + " (chosen)";
    } else if (declared && check.valid(*declared)) {
        encoding = *declared;
        out.how = std::string(gdal_encoding_name(encoding)) + " (.cpg)";
    } else if (declared) {
        encoding = other_encoding(*declared);
        if (!check.valid(encoding)) {
            out.problem << check.where_invalid(*declared) + ": not valid " +
                               display_name(*declared) + " text, as " + cpg.filename().string() +
                               " declares, nor " + display_name(encoding) + "; say which with "
                        << ParamMention{import_param::encoding, "gbk|utf8"};
            out.how = std::string(gdal_encoding_name(encoding)) + " (detected)";
            return out;
        }
        out.how = std::string(gdal_encoding_name(encoding)) + " (detected; " +
                  cpg.filename().string() + " says " + cpg_name + ")";
        out.warnings.push_back(
            ParamText() << cpg.string() + " declares " + cpg_name + " but the text is " +
                               display_name(encoding) + " (" + check.where_invalid(*declared) +
                               " is not valid " + display_name(*declared) + "); read as " +
                               display_name(encoding) + "; use "
                        << ParamMention{import_param::encoding, ""} << " to override");
    } else {
        // No .cpg, or one naming an encoding Cordon does not know: decide from the bytes.
        if (check.valid(TextEncoding::utf8))
            encoding = TextEncoding::utf8;
        else if (check.valid(TextEncoding::gbk))
            encoding = TextEncoding::gbk;
        else
            out.problem << check.where_invalid(TextEncoding::utf8) +
                               ": not valid UTF-8 text, and " +
                               check.where_invalid(TextEncoding::gbk) +
                               " is not valid GBK; say which with "
                        << ParamMention{import_param::encoding, "gbk|utf8"};
        out.how = std::string(gdal_encoding_name(encoding)) + " (detected)";
        if (!cpg_name.empty())
            out.warnings.push_back(ParamText()
                                   << cpg.string() + " names an encoding Cordon does not know (" +
                                          cpg_name + "); the text reads as " +
                                          display_name(encoding) + "; use "
                                   << ParamMention{import_param::encoding, ""} << " to override");
    }
    return out;
}

namespace {

/// Opens a source. A Shapefile's text encoding is the one chosen, else its .cpg, else detected
/// from the raw bytes; text that is not valid in the encoding so chosen is never imported as
/// it is: a .cpg naming the wrong one is overruled (with a warning), else it is an error
/// naming the file, layer, feature and field.
GDALDatasetUniquePtr open_source(const std::string& path, const ImportOptions& options,
                                 SourceReport& report) {
    if (!is_shapefile(path)) {
        // Options for the OSM driver (our rules) and the CSV driver (coordinates in columns);
        // other drivers ignore them.
        auto ds = open_vector(path, source_open_options());
        report.driver = ds->GetDriverName();
        report.encoding = "UTF-8";
        return ds;
    }
    const SourceEncoding chosen = source_encoding(path, options.encoding);
    if (!chosen.problem.empty()) throw ParamTextError(chosen.problem);
    const TextEncoding encoding = chosen.encoding;
    report.encoding = chosen.how;
    report.warnings.insert(report.warnings.end(), chosen.warnings.begin(), chosen.warnings.end());
    auto ds = open_vector(path, {std::string("ENCODING=") + gdal_encoding_name(encoding)});
    report.driver = ds->GetDriverName();
    return ds;
}

/// A Shapefile's .dbf must hold one record for each shape of its .shp: GDAL reads as many
/// features as the smaller of the two holds and says nothing, so a .dbf of 400 records beside
/// a .shp of 800 shapes would import half the layer, and one of more records than shapes
/// pairs attributes with shapes that may not be theirs. Either is an error naming both files
/// and both counts; the planner saves the layer again from the program that made it.
void check_shapefile_records(const std::string& path, GDALDataset& ds) {
    if (ds.GetLayerCount() != 1) return;
    fs::path dbf = fs::path(path).replace_extension(".dbf");
    std::error_code ec;
    if (!fs::exists(dbf, ec)) dbf.replace_extension(".DBF");
    fs::path shp = fs::path(path).replace_extension(".shp");
    if (!fs::exists(shp, ec)) shp.replace_extension(".SHP");
    std::ifstream in(dbf, std::ios::binary);
    unsigned char header[8] = {};
    if (!fs::exists(shp, ec) || !in.read(reinterpret_cast<char*>(header), sizeof header)) return;
    // dBASE header: bytes 4-7 are the number of records, little-endian.
    const std::uint32_t records =
        header[4] | header[5] << 8 | header[6] << 16 | static_cast<std::uint32_t>(header[7]) << 24;
    const GIntBig shapes = ds.GetLayer(0)->GetFeatureCount(TRUE);
    if (shapes < 0 || static_cast<std::uint64_t>(shapes) == records) return;
    const auto smaller = std::min<std::uint64_t>(records, static_cast<std::uint64_t>(shapes));
    throw InputError(dbf.string() + ": " + std::to_string(records) + " records, but " +
                     shp.filename().string() + " holds " + std::to_string(shapes) +
                     " shapes: the attribute table does not belong to the shapes (was one "
                     "file replaced or cut?); only " +
                     std::to_string(smaller) +
                     " features could be read, so nothing is imported; save the layer again "
                     "from the program that made it");
}

OGRLayer* find_layer(GDALDataset& ds, const std::string& path, const std::string& name,
                     const std::string& role) {
    if (!name.empty()) {
        if (OGRLayer* l = ds.GetLayerByName(name.c_str())) return l;
    } else if (ds.GetLayerCount() == 1) {
        return ds.GetLayer(0);
    } else {
        for (int i = 0; i < ds.GetLayerCount(); ++i)
            if (guess_layer_role(ds.GetLayer(i)->GetName()) == role) return ds.GetLayer(i);
    }
    std::string list;
    for (int i = 0; i < ds.GetLayerCount(); ++i)
        list += (i ? ", " : "") + std::string(ds.GetLayer(i)->GetName());
    throw InputError(path + ": no layer '" + (name.empty() ? role : name) + "' (layers: " + list +
                     ")");
}

/// Households of a building the source gave none for: footprint × floors ÷ area per household.
void estimate(Building& b, const HouseholdRule& rule, LayerReport& report) {
    static const std::vector<std::string> not_homes{
        "commercial",  "retail",        "industrial",     "warehouse",  "office",  "school",
        "university",  "college",       "kindergarten",   "hospital",   "church",  "temple",
        "mosque",      "train_station", "transportation", "hangar",     "garage",  "garages",
        "parking",     "public",        "civic",          "government", "tower",   "stadium",
        "sports_hall", "hotel",         "supermarket",    "kiosk",      "service", "roof",
        "shed",        "construction",  "ruins",          "greenhouse", "barn",    "toilets"};
    const bool house = b.category == "house" || b.category == "detached" ||
                       b.category == "terrace" || b.category == "semidetached_house" ||
                       b.category == "bungalow";
    if (b.floors <= 0) {
        b.floors = house ? rule.default_house_floors : rule.default_floors;
        b.floors_estimated = true;
    }
    if (b.households >= 0) return;
    b.households_estimated = true;
    ++report.estimated;
    if (std::find(not_homes.begin(), not_homes.end(), b.category) != not_homes.end()) {
        b.households = 0;
        return;
    }
    const double floor_area = area(b.geom) * b.floors;
    b.households = std::max(1.0, std::round(floor_area / rule.floor_area_per_household));
    if (b.residents <= 0) b.residents = std::round(b.households * rule.persons_per_household);
}

/// Repairs the polygons of a layer, each within RepairLimits: a feature too tangled to repair
/// in bounded time and memory is dropped with the reason.
template <typename Feature>
void repair_polygons(std::vector<Feature>& features, const std::string& role, Collector& out,
                     Progress& progress) {
    static const RepairLimits limits;
    LayerReport& report = out.layer(role);
    std::vector<Feature> kept;
    kept.reserve(features.size());
    const std::string stage = "repairing " + role;
    for (std::size_t i = 0; i < features.size(); ++i) {
        if (i % 256 == 0) progress.report(stage, i, features.size());
        Feature& f = features[i];
        Repair r = make_valid(f.geom, &limits, &progress);
        if (r.refused) {
            out.drop(role, f.source_id, r.reason);
            continue;
        }
        if (r.polygons.empty()) {
            out.drop(role, f.source_id,
                     r.repaired ? "empty after repair (" + r.reason + ")" : "empty geometry");
            continue;
        }
        if (r.repaired) {
            ++report.repaired;
            report.repaired_ids[r.reason].push_back(f.source_id);
        }
        f.geom = std::move(r.polygons);
        kept.push_back(std::move(f));
    }
    features = std::move(kept);
}

template <typename Feature> void number(std::vector<Feature>& features, LayerReport& report) {
    Id next = 1;
    for (Feature& f : features)
        f.id = next++;
    report.imported = features.size();
}

/// One source file read into `out`: an OSM file by its own rules, the layers named by a
/// layer map in their roles, or else every layer whose name tells its role.
void read_source(const std::string& path, const ImportOptions& options, Collector& out,
                 Progress& progress) {
    SourceReport source;
    source.path = path;
    GDALDatasetUniquePtr ds = open_source(path, options, source);
    if (is_shapefile(path)) check_shapefile_records(path, *ds);
    out.district.meta.sources.push_back(
        {fs::absolute(path).string(), sha256_file(path), fs::file_size(path)});
    std::vector<LayerMap> mapped;
    for (const LayerMap& m : options.maps)
        if (m.file == path) mapped.push_back(m);
    if (source.driver == "OSM" && mapped.empty()) {
        source.crs = "WGS 84 (OpenStreetMap)";
        read_osm(*ds, path, options, out, source, progress);
    } else if (!mapped.empty()) {
        for (const LayerMap& m : mapped)
            read_layer(*find_layer(*ds, path, m.layer, m.role), m.role, path, options, out, source,
                       progress);
    } else {
        bool any = false;
        for (int i = 0; i < ds->GetLayerCount(); ++i) {
            OGRLayer* layer = ds->GetLayer(i);
            const auto role = guess_layer_role(layer->GetName());
            if (!role) {
                source
                    .left_out["layer '" + std::string(layer->GetName()) +
                              "': role unknown (name the role it plays to import it)"]
                    .push_back(layer->GetName());
                continue;
            }
            any = true;
            read_layer(*layer, *role, path, options, out, source, progress);
        }
        if (!any) {
            std::string list;
            for (int i = 0; i < ds->GetLayerCount(); ++i)
                list += (i ? ", " : "") + std::string(ds->GetLayer(i)->GetName());
            throw ParamTextError(
                ParamText() << path + ": cannot tell which role its layers play (layers: " + list +
                                   "); use "
                            << ParamMention{import_param::map, "ROLE=" + path + "[:LAYER]"});
        }
    }
    out.report.sources.push_back(std::move(source));
}

/// Every feature projected from WGS 84 to the project CRS `srid`.
void project_features(District& d, int srid, Progress& progress) {
    const auto wgs = wgs84();
    const Reprojector to_project(&wgs, CrsSpec::Kind::proj, epsg_srs(srid));
    auto fail = [](const std::string& what) {
        throw InputError(what + ": cannot be projected to the project CRS");
    };
    std::size_t done = 0;
    const std::size_t total =
        d.buildings.size() + d.compounds.size() + d.communities.size() + d.roads.size();
    auto step = [&] {
        if (++done % 4096 == 0) progress.report("projecting", done, total);
    };
    for (auto& f : d.buildings) {
        if (!to_project.apply(f.geom)) fail(f.source_id);
        step();
    }
    for (auto& f : d.compounds) {
        if (!to_project.apply(f.geom)) fail(f.source_id);
        step();
    }
    for (auto& f : d.communities) {
        if (!to_project.apply(f.geom)) fail(f.source_id);
        step();
    }
    for (auto& f : d.boundary)
        if (!to_project.apply(f.geom)) fail(f.source_id);
    for (auto& f : d.roads) {
        if (!to_project.apply(f.geom)) fail(f.source_id);
        step();
    }
    for (auto& f : d.gates)
        if (!to_project.apply(f.pos)) fail(f.source_id);
    for (auto& f : d.checkpoints)
        if (!to_project.apply(f.pos)) fail("checkpoint");
}

/// Gates belong to the compound whose boundary they lie on (within `tolerance` metres).
void assign_gates(Collector& out, double tolerance) {
    District& d = out.district;
    std::vector<const MultiPolygon*> outlines;
    for (const auto& c : d.compounds)
        outlines.push_back(&c.geom);
    const PolygonIndex compounds(outlines);
    for (Gate& g : d.gates) {
        if (g.compound_id) continue;
        if (const auto near = compounds.nearest_boundary(g.pos, tolerance)) {
            g.compound_id = d.compounds[near->index].id;
        } else {
            out.layer("gates")
                .notes["not within " + std::to_string(static_cast<int>(tolerance)) +
                       " m of a compound boundary: kept without a compound"]
                .push_back(g.source_id);
        }
    }
}

} // namespace

Imported import_district(const ImportOptions& options, Progress& progress) {
    ensure_gdal();
    Collector out;
    if (options.sources.empty() && options.maps.empty())
        throw ParamTextError(ParamText() << "nothing to import: name a source file or "
                                         << ParamMention{import_param::map, "ROLE=FILE"});
    if (!options.source_crs.empty()) parse_crs(options.source_crs, import_param::source_crs);

    // Every file once, in order: positional sources, then files only named by a layer map.
    std::vector<std::string> files = options.sources;
    for (const LayerMap& m : options.maps)
        if (std::find(files.begin(), files.end(), m.file) == files.end()) files.push_back(m.file);
    for (const std::string& path : files)
        read_source(path, options, out, progress);

    // The project CRS: the planner's, or the UTM zone of the data's centre.
    District& d = out.district;
    const Box extent = d.extent();
    if (extent.empty()) throw InputError("the sources hold no features with coordinates");
    const int srid = options.project_crs.empty()
                         ? utm_epsg(extent.centre())
                         : projected_epsg(options.project_crs, import_param::crs);
    d.meta.srid = srid;
    d.meta.crs_name = crs_name(srid);
    out.report.project_crs = "EPSG:" + std::to_string(srid) + " " + d.meta.crs_name;
    out.report.households = options.households;
    project_features(d, srid, progress);

    repair_polygons(d.buildings, "buildings", out, progress);
    repair_polygons(d.compounds, "compounds", out, progress);
    repair_polygons(d.communities, "communities", out, progress);
    repair_polygons(d.boundary, "district", out, progress);
    for (auto& b : d.buildings) {
        estimate(b, options.households, out.layer("buildings"));
        b.imported_households = b.households;
        b.imported_residents = b.residents;
        b.imported_estimated = b.households_estimated;
    }

    if (out.report.layers.count("district")) number(d.boundary, out.layer("district"));
    number(d.communities, out.layer("communities"));
    number(d.compounds, out.layer("compounds"));
    number(d.buildings, out.layer("buildings"));
    number(d.gates, out.layer("gates"));
    number(d.roads, out.layer("roads"));
    number(d.checkpoints, out.layer("checkpoints"));

    assign_gates(out, options.gate_tolerance);
    // Buildings' compound membership is the classify step's work (planner); communities of
    // compounds likewise.
    progress.report("import", 1.0);
    return Imported{std::move(out.district), std::move(out.report)};
}

} // namespace cordon::geo
