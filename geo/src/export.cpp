#include "gdal_handles.hpp"
#include "geojson_writer.hpp"
#include "reproject.hpp"

#include <cordon/geo/crs.hpp>
#include <cordon/geo/error.hpp>
#include <cordon/geo/export.hpp>
#include <cordon/geo/field_names.hpp>
#include <cordon/geo/output_file.hpp>
#include <cordon/geo/param_error.hpp>
#include <cordon/geo/project_store.hpp>

#include <ogrsf_frmts.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <string_view>
#include <sys/statvfs.h>

namespace fs = std::filesystem;

namespace cordon::geo {

using namespace detail;

namespace {

struct Format {
    const char* name;
    const char* driver;
    const char* extension;
};

const std::vector<Format>& formats() {
    static const std::vector<Format> f{{"shp", "ESRI Shapefile", ".shp"},
                                       {"gpkg", "GPKG", ".gpkg"},
                                       {"kml", "KML", ".kml"},
                                       {"geojson", "GeoJSON", ".geojson"},
                                       {"csv", "CSV", ".csv"}};
    return f;
}

const Format& find_format(const std::string& name) {
    for (const Format& f : formats())
        if (name == f.name) return f;
    std::string list;
    for (const Format& f : formats())
        list += (list.empty() ? "" : ", ") + std::string(f.name);
    throw ParamError("format", name, "not a format Cordon exports (" + list + ")");
}

/// While alive, what GDAL writes to "/vsistdout/" goes to `file`; the first failed write is
/// kept and rethrown by rethrow(). One at a time in a process (the redirection is global).
class StreamToFile {
public:
    explicit StreamToFile(OutputFile& file) : m_lock(mutex()), m_file(file) {
        VSIStdoutSetRedirection(&StreamToFile::write, reinterpret_cast<FILE*>(this));
    }
    ~StreamToFile() { VSIStdoutSetRedirection(fwrite, stdout); }
    StreamToFile(const StreamToFile&) = delete;
    StreamToFile& operator=(const StreamToFile&) = delete;

    void rethrow() const {
        if (m_error) std::rethrow_exception(m_error);
    }

private:
    static std::mutex& mutex() {
        static std::mutex m;
        return m;
    }
    static size_t write(const void* data, size_t size, size_t count, FILE* stream) {
        auto* self = reinterpret_cast<StreamToFile*>(stream);
        if (self->m_error) return 0;
        try {
            self->m_file.write(std::string_view(static_cast<const char*>(data), size * count));
            return count;
        } catch (...) {
            self->m_error = std::current_exception();
            return 0;
        }
    }
    std::lock_guard<std::mutex> m_lock;
    OutputFile& m_file;
    std::exception_ptr m_error;
};

std::uint32_t read_u32(const std::string& h, std::size_t at, bool big_endian) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        const auto b = static_cast<std::uint32_t>(static_cast<unsigned char>(h[at + i]));
        v |= big_endian ? b << (8 * (3 - i)) : b << (8 * i);
    }
    return v;
}

std::uint64_t size_on_disk(const fs::path& p) {
    std::error_code ec;
    const auto n = fs::file_size(p, ec);
    return ec ? 0 : n;
}

std::string file_head(const fs::path& p, std::size_t n) {
    std::ifstream in(p, std::ios::binary);
    std::string h(n, '\0');
    in.read(h.data(), static_cast<std::streamsize>(n));
    return in ? h : std::string();
}

/// A Shapefile whose files hold what their headers say: the .shp and .shx the length in
/// their header, the .dbf its header plus `features` records. Anything less is a write
/// that failed (a full disk) without the driver noticing.
void check_shapefile(const fs::path& shp, std::size_t features, const std::string& output) {
    auto short_file = [&](const fs::path& p, std::uint64_t want) {
        throw InputError(output + ": cannot write (" + p.filename().string() + " holds " +
                         std::to_string(size_on_disk(p)) + " bytes, its header says " +
                         std::to_string(want) + ")");
    };
    for (const char* ext : {".shp", ".shx"}) {
        const fs::path p = fs::path(shp).replace_extension(ext);
        const std::string h = file_head(p, 100);
        const std::uint64_t want = h.empty() ? 100 : 2ULL * read_u32(h, 24, true);
        if (h.empty() || size_on_disk(p) != want) short_file(p, want);
    }
    const fs::path dbf = fs::path(shp).replace_extension(".dbf");
    const std::string h = file_head(dbf, 32);
    if (h.empty()) short_file(dbf, 32);
    const std::uint64_t records = read_u32(h, 4, false);
    const std::uint64_t header = static_cast<unsigned char>(h[8]) |
                                 static_cast<unsigned>(static_cast<unsigned char>(h[9])) << 8;
    const std::uint64_t record = static_cast<unsigned char>(h[10]) |
                                 static_cast<unsigned>(static_cast<unsigned char>(h[11])) << 8;
    const std::uint64_t want = header + records * record;
    const std::uint64_t size = size_on_disk(dbf);
    if (records != features || size < want || size > want + 1) short_file(dbf, want);
}

} // namespace

const std::vector<std::string>& export_formats() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (const Format& f : formats())
            n.push_back(f.name);
        return n;
    }();
    return names;
}

nlohmann::json export_layer(const std::string& project, const ExportOptions& options,
                            Progress& progress,
                            const std::function<void(const nlohmann::json&)>& before_commit) {
    ensure_gdal();
    const Format& format = find_format(options.format);
    // Validates it is a Cordon project, with a clear error otherwise; what it set aside is told.
    for (const std::string& warning : read_project(project).meta.warnings)
        progress.warn(warning);
    const auto& layers = stored_layers();
    if (std::none_of(layers.begin(), layers.end(),
                     [&](const StoredLayer& l) { return options.layer == l.table; })) {
        std::string list;
        for (const auto& l : layers)
            list += (list.empty() ? "" : ", ") + std::string(l.table);
        throw InputError(project + ": no layer '" + options.layer + "' (layers: " + list + ")");
    }

    QuietGdalErrors quiet;
    const char* open_options[] = {"LIST_ALL_TABLES=NO", nullptr};
    GDALDatasetUniquePtr src(GDALDataset::Open(project.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                               nullptr, open_options, nullptr));
    if (!src)
        throw InputError(project + ": GDAL cannot open the project (" + gdal_error_text() + ")");
    OGRLayer* in = src->GetLayerByName(options.layer.c_str());
    if (!in) throw InputError(project + ": GDAL sees no layer '" + options.layer + "'");

    // Target CRS and the reprojection to it.
    OGRSpatialReference source_srs(*in->GetSpatialRef());
    source_srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference target_srs = source_srs;
    std::optional<Reprojector> reproject;
    std::string crs_label = "project CRS";
    std::string crs = options.crs;
    if (crs.empty() && format.name == std::string("kml"))
        crs = "EPSG:4326"; // KML is always lon/lat
    if (!crs.empty()) {
        const CrsSpec spec = parse_crs(crs, "crs");
        if (spec.kind == CrsSpec::Kind::proj) {
            target_srs = OGRSpatialReference();
            target_srs.SetFromUserInput(spec.definition.c_str());
            target_srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
            reproject.emplace(&source_srs, CrsSpec::Kind::proj, target_srs);
            crs_label = crs;
        } else {
            target_srs = wgs84();
            reproject.emplace(Reprojector::to_shifted(source_srs, spec.kind));
            crs_label = spec.kind == CrsSpec::Kind::gcj02 ? "GCJ-02 (lon/lat, labelled WGS 84)"
                                                          : "BD-09 (lon/lat, labelled WGS 84)";
        }
    }

    // The output is written beside the target and put in place only when complete.
    // GeoJSON, KML and CSV are written in one pass into an OutputFile (every byte counted,
    // a failed write caught with the system's reason): GeoJSON by geojson_writer, KML and CSV
    // by GDAL streaming to "/vsistdout/". Shapefile (five files) and GeoPackage (SQLite) are
    // made by name in a staging folder, checked, and moved into place together.
    const bool streamed = format.name != std::string("shp") && format.name != std::string("gpkg");
    std::optional<OutputFile> file;
    std::optional<StagingFolder> staging;
    if (streamed)
        file.emplace(options.output);
    else
        staging.emplace(options.output);
    const fs::path target = staging ? staging->target_path() : fs::absolute(options.output);

    nlohmann::json report;
    report["layer"] = options.layer;
    report["format"] = options.format;
    report["output"] = options.output;
    report["crs"] = crs_label;
    if (format.name == std::string("shp"))
        report["encoding"] = gdal_encoding_name(options.encoding);
    std::optional<StreamToFile> stream;
    QuietGdalErrors writing;
    // A failed write: the system's reason when the driver's failure left one, else GDAL's.
    auto write_failure = [&](const std::string& what) {
        if (stream) stream->rethrow();
        std::string gdal = writing.failure().empty() ? gdal_error_text("") : writing.failure();
        if (gdal.size() > 200) gdal = gdal.substr(0, 200) + "…";
        // Drivers that meet a full disk do not always say so: ask the disk.
        // errno is kept only when it is a write's (the drivers do not clear it).
        int error = writing.failure_errno();
        if (error != ENOSPC && error != EFBIG && error != EDQUOT && error != EIO && error != EROFS)
            error = 0;
        struct statvfs disk {};
        if (error == 0 && ::statvfs(target.parent_path().c_str(), &disk) == 0 && disk.f_bavail == 0)
            error = ENOSPC;
        std::string reason = error != 0 ? system_error_text(error) : std::string();
        if (!gdal.empty()) reason += (reason.empty() ? "" : "; GDAL: ") + gdal;
        if (reason.empty()) reason = "GDAL gave no reason";
        return InputError(options.output + ": " + what + " (" + reason + ")");
    };
    // The geometry of a source feature, taken from it (not copied) and reprojected in place.
    auto take_geometry = [&](OGRFeature& f) {
        std::unique_ptr<OGRGeometry> geom{f.StealGeometry()};
        if (geom && reproject) {
            // Reproject vertex by vertex through our pipeline (handles GCJ-02/BD-09 too).
            struct Visitor : public OGRDefaultGeometryVisitor {
                const Reprojector* r;
                bool ok = true;
                using OGRDefaultGeometryVisitor::visit;
                void visit(OGRPoint* p) override {
                    Point q{p->getX(), p->getY()};
                    ok = r->apply(q) && ok;
                    p->setX(q.x);
                    p->setY(q.y);
                }
            } visitor;
            visitor.r = &*reproject;
            geom->accept(&visitor);
            if (!visitor.ok)
                throw Error(options.layer + " feature " + std::to_string(f.GetFID()) +
                            ": cannot be converted to " + crs_label);
        }
        if (geom) geom->assignSpatialReference(&target_srs);
        return geom;
    };
    OGRFeatureDefn* defn = in->GetLayerDefn();
    std::vector<std::string> names;
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        names.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
    const std::vector<std::string> out_names =
        format.name == std::string("shp") ? fit_field_names(names, options.encoding) : names;
    for (std::size_t i = 0; i < names.size(); ++i)
        report["fields"].push_back({{"field", names[i]}, {"written_as", out_names[i]}});
    const std::string layer_name = fs::path(options.output).stem().string();

    // GeoJSON: Cordon's own writer (geojson_writer.hpp: GDAL's holds a feature as a json-c
    // tree, 7 GB for a 10 M-vertex polygon). The others: GDAL's drivers.
    std::optional<GeoJsonWriter> geojson;
    GDALDatasetUniquePtr out;
    OGRLayer* layer_out = nullptr;
    std::vector<int> field_map(names.size());
    int out_id = -1;
    bool transaction = false;
    if (format.name == std::string("geojson")) {
        geojson.emplace(*file, layer_name, target_srs);
    } else {
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(format.driver);
        if (!driver) throw Error(std::string("GDAL has no ") + format.driver + " driver");
        if (file) stream.emplace(*file);
        const std::string temp =
            file ? std::string("/vsistdout/") : (staging->path() / target.filename()).string();
        out.reset(driver->Create(temp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!out) throw write_failure("cannot create");
        std::vector<std::string> lco;
        if (format.name == std::string("shp"))
            lco.push_back(std::string("ENCODING=") + gdal_encoding_name(options.encoding));
        if (format.name == std::string("csv")) lco.push_back("GEOMETRY=AS_WKT");
        std::vector<const char*> lco_c;
        for (const auto& o : lco)
            lco_c.push_back(o.c_str());
        lco_c.push_back(nullptr);
        layer_out = out->CreateLayer(layer_name.c_str(), &target_srs, in->GetGeomType(),
                                     const_cast<char**>(lco_c.data()));
        if (!layer_out) throw write_failure("cannot create the layer");
        // The project's id is the layer's FID in GDAL: write it as a field of its own first.
        OGRFieldDefn id_field("id", OFTInteger64);
        if (layer_out->CreateField(&id_field, TRUE) != OGRERR_NONE)
            throw write_failure("cannot create field 'id'");
        for (std::size_t i = 0; i < names.size(); ++i) {
            OGRFieldDefn field(defn->GetFieldDefn(static_cast<int>(i)));
            field.SetName(out_names[i].c_str());
            if (layer_out->CreateField(&field, TRUE) != OGRERR_NONE)
                throw write_failure("cannot create field '" + out_names[i] + "'");
        }
        // Drivers may order fields their own way (KML puts name first): map by name.
        OGRFeatureDefn* out_defn = layer_out->GetLayerDefn();
        out_id = out_defn->GetFieldIndex("id");
        for (std::size_t i = 0; i < field_map.size(); ++i)
            field_map[i] = out_defn->GetFieldIndex(out_names[i].c_str());
        transaction = out->StartTransaction() == OGRERR_NONE;
        if (!transaction) CPLErrorReset();
    }
    const GIntBig total = in->GetFeatureCount();
    std::size_t count = 0;
    in->ResetReading();
    // One feature at a time: its geometry is taken from the source feature, written and
    // freed before the next is read.
    for (OGRFeatureUniquePtr f(in->GetNextFeature()); f; f.reset(in->GetNextFeature())) {
        if (geojson) {
            const std::unique_ptr<OGRGeometry> geom = take_geometry(*f);
            geojson->write(*f, names, geom.get(), options.layer);
        } else {
            OGRFeatureUniquePtr g(OGRFeature::CreateFeature(layer_out->GetLayerDefn()));
            g->SetFieldsFrom(f.get(), field_map.data(), TRUE);
            if (out_id >= 0) g->SetField(out_id, static_cast<GIntBig>(f->GetFID()));
            g->SetGeometryDirectly(take_geometry(*f).release());
            g->SetFID(f->GetFID());
            if (layer_out->CreateFeature(g.get()) != OGRERR_NONE)
                throw write_failure("cannot write feature " + std::to_string(f->GetFID()));
            if (stream) stream->rethrow();
        }
        if (++count % 4096 == 0)
            progress.report("exporting " + options.layer, count,
                            static_cast<std::size_t>(std::max<GIntBig>(total, 1)));
    }
    if (geojson) geojson->finish();
    if (transaction && out->CommitTransaction() != OGRERR_NONE) throw write_failure("cannot write");
    out.reset(); // flush and close: the last bytes are written now (through the stream)
    if (!writing.failure().empty()) throw write_failure("cannot write");
    report["features"] = count;
    if (file) {
        if (stream) stream->rethrow();
        stream.reset();
        file->finish();
        if (before_commit) before_commit(report);
        file->commit();
    } else {
        if (format.name == std::string("shp"))
            check_shapefile(staging->path() / target.filename(), count, options.output);
        staging->sync();
        if (before_commit) before_commit(report);
        // Every file of the output moves into place; sidecars of an earlier output that this
        // one does not have (a spatial index) are removed.
        std::vector<std::string> stale;
        if (format.name == std::string("shp"))
            for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx"})
                stale.push_back(fs::path(target.filename()).replace_extension(ext).string());
        staging->commit_files(target.parent_path(), stale);
    }
    return report;
}

} // namespace cordon::geo
