#include <cordon/geo/clock.hpp>
#include <cordon/geo/error.hpp>
#include <cordon/geo/export.hpp>
#include <cordon/geo/output_file.hpp>
#include <cordon/geo/pg_store.hpp>
#include <cordon/session/handover.hpp>
#include <cordon/session/plan.hpp>
#include <cordon/session/project.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

namespace cordon::session {

namespace {

namespace fs = std::filesystem;

const char* k_contents = "CONTENTS.txt";

struct LayerText {
    const char* zh;
    const char* en;
};

const std::map<std::string, LayerText>& layer_texts() {
    static const std::map<std::string, LayerText> texts{
        {"district", {"行政区界", "the district's administrative boundary"}},
        {"communities", {"社区边界", "community boundaries"}},
        {"compounds", {"小区/院落及管控模式", "residential compounds with their control mode"}},
        {"buildings",
         {"楼栋（户数、管控方式、所属片区）", "buildings (households, control, zone)"}},
        {"gates", {"小区出入口（开放/关闭、值守人数）", "compound gates (open/closed, crew)"}},
        {"roads", {"道路", "roads"}},
        {"checkpoints", {"车辆卡口与登记点", "vehicle checkpoints and registration points"}},
        {"choke_points",
         {"天然咽喉点（桥梁、关节点）", "natural choke points (bridges, articulation points)"}},
        {"cordon_areas", {"卡口保护范围", "areas the checkpoints protect"}},
        {"zones", {"巡查片区", "patrol zones"}},
        {"routes", {"巡查路线", "patrol routes"}},
    };
    return texts;
}

std::size_t feature_count(const geo::District& d, const std::string& layer) {
    if (layer == "district") return d.boundary.size();
    if (layer == "communities") return d.communities.size();
    if (layer == "compounds") return d.compounds.size();
    if (layer == "buildings") return d.buildings.size();
    if (layer == "gates") return d.gates.size();
    if (layer == "roads") return d.roads.size();
    if (layer == "checkpoints") return d.checkpoints.size();
    if (layer == "choke_points") return d.choke_points.size();
    if (layer == "cordon_areas") return d.cordon_areas.size();
    if (layer == "zones") return d.zones.size();
    if (layer == "routes") return d.routes.size();
    return 0;
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string number(const nlohmann::json& v) {
    if (v.is_null()) return "";
    if (v.is_number()) {
        std::ostringstream s;
        s << v.get<double>();
        return s.str();
    }
    return v.is_string() ? v.get<std::string>() : v.dump();
}

/// The staffing figures as one long table: scope, section, item, people per day.
std::string staffing_csv(const nlohmann::json& s) {
    std::string out = "\xEF\xBB\xBF"; // BOM: Excel then reads the UTF-8 names right
    out += "scope,section,item,people_per_day\n";
    auto block = [&](const std::string& scope, const nlohmann::json& j) {
        for (const char* section : {"duties", "need", "available"})
            if (j.contains(section))
                for (const auto& [item, value] : j[section].items())
                    out += csv_field(scope) + "," + section + "," + csv_field(item) + "," +
                           number(value) + "\n";
        if (j.contains("people_per_day"))
            out += csv_field(scope) + ",total,people_per_day," + number(j["people_per_day"]) + "\n";
    };
    if (s.contains("district")) block("district", s["district"]);
    if (s.contains("communities"))
        for (const auto& [name, j] : s["communities"].items())
            block(name, j);
    if (s.contains("shortfall"))
        for (const auto& f : s["shortfall"])
            out += "district,shortfall," +
                   csv_field(f.is_object() && f.contains("pool") ? number(f["pool"]) : f.dump()) +
                   "," + (f.is_object() && f.contains("missing") ? number(f["missing"]) : "") +
                   "\n";
    return out;
}

void write_file(const fs::path& path, const std::string& text) {
    geo::write_output(path.string(), text);
}

bool is_zip(const std::string& path) {
    return path.size() > 4 && (path.ends_with(".zip") || path.ends_with(".ZIP"));
}

// ---- ZIP (stored) -----------------------------------------------------------------------

std::uint32_t crc32(const std::string& data) {
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    std::uint32_t c = 0xFFFFFFFFu;
    for (unsigned char b : data)
        c = table[(c ^ b) & 0xFFu] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

void put16(std::string& s, unsigned v) {
    s += static_cast<char>(v & 0xFF);
    s += static_cast<char>((v >> 8) & 0xFF);
}
void put32(std::string& s, std::uint32_t v) {
    put16(s, v & 0xFFFF);
    put16(s, v >> 16);
}

} // namespace

namespace {

/// The archive's bytes into `out` (not committed).
void write_zip_to(geo::OutputFile& out, const std::string& root,
                  const std::vector<std::string>& files) {
    const std::string& zip = out.target();
    std::tm local{};
    const std::time_t now = std::time(nullptr);
    localtime_r(&now, &local);
    const unsigned dos_time =
        static_cast<unsigned>((local.tm_hour << 11) | (local.tm_min << 5) | (local.tm_sec / 2));
    const unsigned dos_date = static_cast<unsigned>(((local.tm_year - 80) << 9) |
                                                    ((local.tm_mon + 1) << 5) | local.tm_mday);
    std::string central;
    std::uint32_t offset = 0;
    for (const auto& name : files) {
        std::ifstream in(fs::path(root) / name, std::ios::binary);
        const std::string data((std::istreambuf_iterator<char>(in)), {});
        if (!in.eof() && !in)
            throw InputError(zip + ": cannot read " + name + " (" + std::strerror(errno) + ")");
        if (data.size() >= 0xFFFFFFFFu || offset + data.size() + 1024 >= 0xFFFFFFFFu)
            throw InputError(zip + ": " + name + " is too large for a ZIP archive");
        const std::uint32_t crc = crc32(data), size = static_cast<std::uint32_t>(data.size());
        std::string head;
        put32(head, 0x04034b50);
        put16(head, 20);
        put16(head, 0x0800); // names are UTF-8
        put16(head, 0);      // stored
        put16(head, dos_time);
        put16(head, dos_date);
        put32(head, crc);
        put32(head, size);
        put32(head, size);
        put16(head, static_cast<unsigned>(name.size()));
        put16(head, 0);
        head += name;
        out.write(head);
        out.write(data);
        put32(central, 0x02014b50);
        put16(central, 20);
        put16(central, 20);
        put16(central, 0x0800);
        put16(central, 0);
        put16(central, dos_time);
        put16(central, dos_date);
        put32(central, crc);
        put32(central, size);
        put32(central, size);
        put16(central, static_cast<unsigned>(name.size()));
        put16(central, 0);
        put16(central, 0);
        put16(central, 0);
        put16(central, 0);
        put32(central, 0);
        put32(central, offset);
        central += name;
        offset += static_cast<std::uint32_t>(head.size()) + size;
    }
    std::string end;
    put32(end, 0x06054b50);
    put16(end, 0);
    put16(end, 0);
    put16(end, static_cast<unsigned>(files.size()));
    put16(end, static_cast<unsigned>(files.size()));
    put32(end, static_cast<std::uint32_t>(central.size()));
    put32(end, offset);
    put16(end, 0);
    out.write(central);
    out.write(end);
    out.finish();
}

/// What goes into a hand-over package as it is made: its files in order, a contents entry for
/// each, the layers left out as empty and the atlas's line.
struct Package {
    std::vector<std::string> files;
    nlohmann::json entries = nlohmann::json::array();
    nlohmann::json empty = nlohmann::json::array();
    std::string atlas_line;
};

/// Every non-empty layer exported in every format into `staging`/FORMAT/, then every file
/// the exports made (Shapefile sidecars included) listed in a stable order.
void export_layers(const std::string& project, const geo::District& district,
                   const fs::path& staging, const HandoverOptions& options, Progress& progress,
                   Package& package) {
    const std::size_t total = handover_layers.size() * handover_formats.size();
    std::size_t done = 0;
    for (const auto& format : handover_formats) {
        fs::create_directories(staging / format);
        for (const auto& layer : handover_layers) {
            progress.report("layers", done++, total);
            const std::size_t n = feature_count(district, layer);
            if (n == 0) {
                if (format == handover_formats.front()) package.empty.push_back(layer);
                continue;
            }
            geo::ExportOptions eo;
            eo.layer = layer;
            eo.format = format;
            eo.output = (staging / format / (layer + "." + format)).string();
            eo.encoding = options.shapefile_encoding;
            eo.crs = options.crs;
            SilentProgress quiet;
            const nlohmann::json r = geo::export_layer(project, eo, quiet);
            nlohmann::json entry = {{"file", format + "/" + layer + "." + format},
                                    {"layer", layer},
                                    {"format", format},
                                    {"features", r.value("features", 0)},
                                    {"crs", r.value("crs", std::string())}};
            if (r.contains("encoding")) entry["encoding"] = r["encoding"];
            if (format == "shp" && r.contains("fields")) entry["fields"] = r["fields"];
            package.entries.push_back(entry);
        }
    }
    progress.report("layers", 1.0);
    // Every file the exports made (Shapefile sidecars included), in a stable order.
    for (const auto& format : handover_formats)
        if (fs::exists(staging / format))
            for (const auto& f : fs::directory_iterator(staging / format))
                package.files.push_back(format + "/" + f.path().filename().string());
    std::sort(package.files.begin() + (options.write_atlas ? 1 : 0), package.files.end());
}

/// The contents file: what each file is, in Chinese and English.
std::string contents_text(const std::string& project, const geo::District& district,
                          const HandoverOptions& options, const Package& package) {
    const bool zh = options.language != "en";
    std::ostringstream c;
    c << (zh ? "Cordon 交接包 / hand-over package\n" : "Cordon hand-over package\n");
    c << (zh ? "项目 / project: " : "project: ")
      << (geo::is_database_url(project) ? geo::shown_url(project)
                                        : fs::path(project).filename().string())
      << "\n";
    c << (zh ? "生成时间 / written: " : "written: ") << geo::local_time_text("%Y-%m-%d %H:%M")
      << "\n";
    c << (zh ? "坐标系 / CRS: " : "CRS: ")
      << (options.crs.empty()
              ? "EPSG:" + std::to_string(district.meta.srid) + " " + district.meta.crs_name
              : options.crs)
      << (zh ? "（KML 为 WGS 84 经纬度 / KML is WGS 84 lon/lat）\n" : " (KML is WGS 84 lon/lat)\n");
    c << (zh ? "Shapefile 编码 / encoding: " : "Shapefile encoding: ")
      << (options.shapefile_encoding == geo::TextEncoding::gbk ? "GBK (CP936, .cpg)"
                                                               : "UTF-8 (.cpg)")
      << "\n\n";
    if (!package.atlas_line.empty())
        c << "atlas.pdf  " << (zh ? "巡查图册 / patrol atlas: " : "patrol atlas: ")
          << package.atlas_line << "\n";
    c << "staffing.csv  "
      << (zh ? "人员需求（每日人次）/ staffing, people per day\n\n"
             : "staffing, people per day\n\n");
    for (const auto& format : handover_formats) {
        c << format << "/\n";
        for (const auto& e : package.entries)
            if (e.value("format", "") == format) {
                const auto& t = layer_texts().at(e["layer"].get<std::string>());
                c << "  " << e["layer"].get<std::string>() << "." << format << "  "
                  << (zh ? std::string(t.zh) + " / " : std::string()) << t.en << ", "
                  << e["features"].get<std::size_t>() << (zh ? " 个要素\n" : " features\n");
            }
    }
    if (!package.empty.empty()) {
        c << (zh ? "\n空图层（未导出）/ empty layers, not written: "
                 : "\nempty layers, not written: ");
        for (std::size_t i = 0; i < package.empty.size(); ++i)
            c << (i ? ", " : "") << package.empty[i].get<std::string>();
        c << "\n";
    }
    c << (zh ? "\nShapefile 字段名不超过 10 字节，对照见 contents.json。\n"
               "Shapefile field names are at most 10 bytes; contents.json maps them.\n"
             : "\nShapefile field names are at most 10 bytes; contents.json maps them.\n");
    return c.str();
}

} // namespace

void write_zip(const std::string& root, const std::vector<std::string>& files,
               const std::string& zip) {
    geo::OutputFile out(zip);
    write_zip_to(out, root, files);
    out.commit();
}

nlohmann::json write_handover(const std::string& project, const HandoverOptions& options,
                              Progress& progress,
                              const std::function<void(const nlohmann::json&)>& before_commit) {
    const geo::District district = open_project(project, progress);
    const fs::path target(options.output);
    const bool zip = is_zip(options.output);
    std::error_code ec;
    if (!zip && fs::exists(target) && !fs::is_empty(target, ec) && !fs::exists(target / k_contents))
        throw InputError(options.output +
                         ": the folder exists and is not an earlier hand-over package; name a "
                         "new folder");
    // Everything is made in a folder beside the target (the path checked before any work)
    // and put in place only when complete: a failure leaves an earlier package as it was.
    std::optional<geo::OutputFile> zip_file;
    if (zip) zip_file.emplace(options.output);
    geo::StagingFolder staging_folder(options.output);
    const fs::path& staging = staging_folder.path();
    nlohmann::json report;
    {
        Package package;
        if (options.write_atlas) {
            progress.report("atlas", 0.0);
            package.atlas_line = options.write_atlas((staging / "atlas.pdf").string());
            package.files.push_back("atlas.pdf");
            package.entries.push_back({{"file", "atlas.pdf"}, {"what", package.atlas_line}});
        }
        {
            // From a database, the layers are exported from one project file of it.
            std::optional<geo::TemporaryProjectFile> from_database;
            if (geo::is_database_url(project)) {
                SilentProgress quiet;
                from_database.emplace(district, quiet);
            }
            export_layers(from_database ? from_database->path() : project, district, staging,
                          options, progress, package);
        }

        const nlohmann::json staffing = planner::plan_staffing(
            district, options.staffing ? *options.staffing : staffing_params(district));
        write_file(staging / "staffing.csv", staffing_csv(staffing));
        package.files.push_back("staffing.csv");
        package.entries.push_back({{"file", "staffing.csv"}, {"what", "staffing"}});

        write_file(staging / k_contents, contents_text(project, district, options, package));
        package.files.push_back(k_contents);
        report = {{"output", options.output},
                  {"files", package.entries},
                  {"empty_layers", package.empty},
                  {"staffing", staffing}};
        write_file(staging / "contents.json", report.dump(2) + "\n");
        package.files.push_back("contents.json");
        report["file_count"] = package.files.size();

        if (zip) {
            write_zip_to(*zip_file, staging.string(), package.files);
            if (before_commit) before_commit(report);
            zip_file->commit();
        } else {
            staging_folder.sync();
            if (before_commit) before_commit(report);
            staging_folder.commit_as(staging_folder.target_path());
        }
    }
    return report;
}

} // namespace cordon::session
