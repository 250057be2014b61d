#include "gdal_handles.hpp"
#include "geojson_writer.hpp"
#include "reproject.hpp"

#include <cordon/geo/crs.hpp>
#include <cordon/geo/error.hpp>
#include <cordon/geo/export.hpp>
#include <cordon/geo/field_names.hpp>
#include <cordon/geo/output_file.hpp>
#include <cordon/geo/param_error.hpp>
#include <cordon/geo/pg_store.hpp>
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

/// Refuses what is not a Cordon project or has no layer `layer`; tells what reading it set aside.
void check_layer(const std::string& project, const std::string& layer, Progress& progress) {
    // Validates it is a Cordon project, with a clear error otherwise; what it set aside is told.
    for (const std::string& warning : read_project(project).meta.warnings)
        progress.warn(warning);
    const auto& layers = stored_layers();
    if (std::none_of(layers.begin(), layers.end(),
                     [&](const StoredLayer& l) { return layer == l.table; })) {
        std::string list;
        for (const auto& l : layers)
            list += (list.empty() ? "" : ", ") + std::string(l.table);
        throw InputError(project + ": no layer '" + layer + "' (layers: " + list + ")");
    }
}

/// The CRS an export writes in, its name for the report, and the reprojection to it.
struct ExportCrs {
    explicit ExportCrs(const OGRSpatialReference& source) : srs(source) {}
    OGRSpatialReference srs;
    std::optional<Reprojector> reproject;
    std::string label = "project CRS";
};

/// Target CRS and the reprojection to it from `source` (the project's, which `crs` points to
/// and which must outlive it): the option's, KML's lon/lat, or the project's own.
void choose_crs(ExportCrs& crs, const OGRSpatialReference& source, const std::string& option,
                const Format& format) {
    std::string wanted = option;
    if (wanted.empty() && format.name == std::string("kml"))
        wanted = "EPSG:4326"; // KML is always lon/lat
    if (wanted.empty()) return;
    const CrsSpec spec = parse_crs(wanted, "crs");
    if (spec.kind == CrsSpec::Kind::proj) {
        crs.srs = OGRSpatialReference();
        crs.srs.SetFromUserInput(spec.definition.c_str());
        crs.srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        crs.reproject.emplace(&source, CrsSpec::Kind::proj, crs.srs);
        crs.label = wanted;
    } else {
        crs.srs = wgs84();
        crs.reproject.emplace(Reprojector::to_shifted(source, spec.kind));
        crs.label = spec.kind == CrsSpec::Kind::gcj02 ? "GCJ-02 (lon/lat, labelled WGS 84)"
                                                      : "BD-09 (lon/lat, labelled WGS 84)";
    }
}

/// A failed write as the error to throw: the system's reason when the driver's failure left
/// one, else GDAL's.
class WriteFailure {
public:
    WriteFailure(const std::string& output, const fs::path& target, const QuietGdalErrors& writing,
                 const std::optional<StreamToFile>& stream)
        : m_output(output), m_target(target), m_writing(writing), m_stream(stream) {}

    InputError operator()(const std::string& what) const {
        if (m_stream) m_stream->rethrow();
        std::string gdal = m_writing.failure().empty() ? gdal_error_text("") : m_writing.failure();
        if (gdal.size() > 200) gdal = gdal.substr(0, 200) + "…";
        // Drivers that meet a full disk do not always say so: ask the disk.
        // errno is kept only when it is a write's (the drivers do not clear it).
        int error = m_writing.failure_errno();
        if (error != ENOSPC && error != EFBIG && error != EDQUOT && error != EIO && error != EROFS)
            error = 0;
        struct statvfs disk {};
        if (error == 0 && ::statvfs(m_target.parent_path().c_str(), &disk) == 0 &&
            disk.f_bavail == 0)
            error = ENOSPC;
        std::string reason = error != 0 ? system_error_text(error) : std::string();
        if (!gdal.empty()) reason += (reason.empty() ? "" : "; GDAL: ") + gdal;
        if (reason.empty()) reason = "GDAL gave no reason";
        return InputError(m_output + ": " + what + " (" + reason + ")");
    }

private:
    const std::string& m_output;
    const fs::path& m_target;
    const QuietGdalErrors& m_writing;
    const std::optional<StreamToFile>& m_stream;
};

/// The geometry of a source feature, taken from it (not copied) and reprojected in place.
std::unique_ptr<OGRGeometry> take_geometry(OGRFeature& f, ExportCrs& crs,
                                           const std::string& layer) {
    std::unique_ptr<OGRGeometry> geom{f.StealGeometry()};
    if (geom && crs.reproject) {
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
        visitor.r = &*crs.reproject;
        geom->accept(&visitor);
        if (!visitor.ok)
            throw Error(layer + " feature " + std::to_string(f.GetFID()) +
                        ": cannot be converted to " + crs.label);
    }
    if (geom) geom->assignSpatialReference(&crs.srs);
    return geom;
}

/// The layer's fields and the names they are written as (a Shapefile's fitted to its
/// 10-byte limit), also in the report.
struct ExportFields {
    std::vector<std::string> names, out_names;
};

ExportFields export_fields(OGRFeatureDefn& defn, const Format& format, const ExportOptions& options,
                           nlohmann::json& report) {
    ExportFields f;
    for (int i = 0; i < defn.GetFieldCount(); ++i)
        f.names.emplace_back(defn.GetFieldDefn(i)->GetNameRef());
    f.out_names =
        format.name == std::string("shp") ? fit_field_names(f.names, options.encoding) : f.names;
    for (std::size_t i = 0; i < f.names.size(); ++i)
        report["fields"].push_back({{"field", f.names[i]}, {"written_as", f.out_names[i]}});
    return f;
}

/// A layer written by a GDAL driver: the dataset, its layer, where each source field goes.
struct GdalOutput {
    GDALDatasetUniquePtr dataset;
    OGRLayer* layer = nullptr;
    std::vector<int> field_map;
    int id_field = -1;
    bool transaction = false;
};

GDALDriver& gdal_driver(const Format& format) {
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(format.driver);
    if (!driver) throw Error(std::string("GDAL has no ") + format.driver + " driver");
    return *driver;
}

/// Creates the dataset `path` with the layer `layer_name`: an `id` field first (the project's
/// id is the layer's FID in GDAL), then the source's fields under their written names.
void create_gdal_output(GdalOutput& out, GDALDriver& driver, const std::string& path,
                        const std::string& layer_name, const Format& format,
                        const ExportOptions& options, ExportCrs& crs, OGRLayer& in,
                        const ExportFields& fields, const WriteFailure& write_failure) {
    OGRFeatureDefn* defn = in.GetLayerDefn();
    out.field_map.resize(fields.names.size());
    out.dataset.reset(driver.Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!out.dataset) throw write_failure("cannot create");
    std::vector<std::string> lco;
    if (format.name == std::string("shp"))
        lco.push_back(std::string("ENCODING=") + gdal_encoding_name(options.encoding));
    if (format.name == std::string("csv")) lco.push_back("GEOMETRY=AS_WKT");
    std::vector<const char*> lco_c;
    for (const auto& o : lco)
        lco_c.push_back(o.c_str());
    lco_c.push_back(nullptr);
    out.layer = out.dataset->CreateLayer(layer_name.c_str(), &crs.srs, in.GetGeomType(),
                                         const_cast<char**>(lco_c.data()));
    if (!out.layer) throw write_failure("cannot create the layer");
    // The project's id is the layer's FID in GDAL: write it as a field of its own first.
    OGRFieldDefn id_field("id", OFTInteger64);
    if (out.layer->CreateField(&id_field, TRUE) != OGRERR_NONE)
        throw write_failure("cannot create field 'id'");
    for (std::size_t i = 0; i < fields.names.size(); ++i) {
        OGRFieldDefn field(defn->GetFieldDefn(static_cast<int>(i)));
        field.SetName(fields.out_names[i].c_str());
        if (out.layer->CreateField(&field, TRUE) != OGRERR_NONE)
            throw write_failure("cannot create field '" + fields.out_names[i] + "'");
    }
    // Drivers may order fields their own way (KML puts name first): map by name.
    OGRFeatureDefn* out_defn = out.layer->GetLayerDefn();
    out.id_field = out_defn->GetFieldIndex("id");
    for (std::size_t i = 0; i < out.field_map.size(); ++i)
        out.field_map[i] = out_defn->GetFieldIndex(fields.out_names[i].c_str());
    out.transaction = out.dataset->StartTransaction() == OGRERR_NONE;
    if (!out.transaction) CPLErrorReset();
}

/// Copies every feature, one at a time: its geometry is taken from the source feature,
/// written and freed before the next is read. Returns how many.
std::size_t copy_features(OGRLayer& in, std::optional<GeoJsonWriter>& geojson, GdalOutput& gdal,
                          const std::optional<StreamToFile>& stream, ExportCrs& crs,
                          const ExportFields& fields, const ExportOptions& options,
                          const WriteFailure& write_failure, Progress& progress) {
    const GIntBig total = in.GetFeatureCount();
    std::size_t count = 0;
    in.ResetReading();
    for (OGRFeatureUniquePtr f(in.GetNextFeature()); f; f.reset(in.GetNextFeature())) {
        if (geojson) {
            const std::unique_ptr<OGRGeometry> geom = take_geometry(*f, crs, options.layer);
            geojson->write(*f, fields.names, geom.get(), options.layer);
        } else {
            OGRFeatureUniquePtr g(OGRFeature::CreateFeature(gdal.layer->GetLayerDefn()));
            g->SetFieldsFrom(f.get(), gdal.field_map.data(), TRUE);
            if (gdal.id_field >= 0) g->SetField(gdal.id_field, static_cast<GIntBig>(f->GetFID()));
            g->SetGeometryDirectly(take_geometry(*f, crs, options.layer).release());
            g->SetFID(f->GetFID());
            if (gdal.layer->CreateFeature(g.get()) != OGRERR_NONE)
                throw write_failure("cannot write feature " + std::to_string(f->GetFID()));
            if (stream) stream->rethrow();
        }
        if (++count % 4096 == 0)
            progress.report("exporting " + options.layer, count,
                            static_cast<std::size_t>(std::max<GIntBig>(total, 1)));
    }
    return count;
}

/// Puts a complete output in place: the streamed file committed, or the staged files
/// checked (a Shapefile against its headers) and moved into place together.
void put_in_place(std::optional<OutputFile>& file, std::optional<StagingFolder>& staging,
                  std::optional<StreamToFile>& stream, const Format& format, const fs::path& target,
                  std::size_t count, const ExportOptions& options, const nlohmann::json& report,
                  const std::function<void(const nlohmann::json&)>& before_commit) {
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
    // A project in a database is exported from a project file of it (what GDAL reads here).
    std::optional<TemporaryProjectFile> from_database;
    if (is_database_url(project)) {
        SilentProgress quiet;
        from_database.emplace(read_project(project), quiet);
    }
    check_layer(from_database ? from_database->path() : project, options.layer, progress);

    QuietGdalErrors quiet;
    const char* open_options[] = {"LIST_ALL_TABLES=NO", nullptr};
    const std::string& source = from_database ? from_database->path() : project;
    GDALDatasetUniquePtr src(GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                               nullptr, open_options, nullptr));
    if (!src)
        throw InputError(project + ": GDAL cannot open the project (" + gdal_error_text() + ")");
    OGRLayer* in = src->GetLayerByName(options.layer.c_str());
    if (!in) throw InputError(project + ": GDAL sees no layer '" + options.layer + "'");

    OGRSpatialReference source_srs(*in->GetSpatialRef());
    source_srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    ExportCrs crs(source_srs);
    choose_crs(crs, source_srs, options.crs, format);

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
    report["crs"] = crs.label;
    if (format.name == std::string("shp"))
        report["encoding"] = gdal_encoding_name(options.encoding);
    std::optional<StreamToFile> stream;
    QuietGdalErrors writing;
    const WriteFailure write_failure(options.output, target, writing, stream);
    const ExportFields fields = export_fields(*in->GetLayerDefn(), format, options, report);
    const std::string layer_name = fs::path(options.output).stem().string();

    // GeoJSON: Cordon's own writer (geojson_writer.hpp: GDAL's holds a feature as a json-c
    // tree, 7 GB for a 10 M-vertex polygon). The others: GDAL's drivers.
    std::optional<GeoJsonWriter> geojson;
    GdalOutput gdal;
    if (format.name == std::string("geojson")) {
        geojson.emplace(*file, layer_name, crs.srs);
    } else {
        GDALDriver& driver = gdal_driver(format);
        if (file) stream.emplace(*file);
        const std::string temp =
            file ? std::string("/vsistdout/") : (staging->path() / target.filename()).string();
        create_gdal_output(gdal, driver, temp, layer_name, format, options, crs, *in, fields,
                           write_failure);
    }
    const std::size_t count =
        copy_features(*in, geojson, gdal, stream, crs, fields, options, write_failure, progress);
    if (geojson) geojson->finish();
    if (gdal.transaction && gdal.dataset->CommitTransaction() != OGRERR_NONE)
        throw write_failure("cannot write");
    gdal.dataset.reset(); // flush and close: the last bytes are written now (through the stream)
    if (!writing.failure().empty()) throw write_failure("cannot write");
    report["features"] = count;
    put_in_place(file, staging, stream, format, target, count, options, report, before_commit);
    return report;
}

} // namespace cordon::geo
