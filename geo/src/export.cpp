#include "gdal_handles.hpp"
#include "reproject.hpp"

#include <cordon/geo/crs.hpp>
#include <cordon/geo/error.hpp>
#include <cordon/geo/export.hpp>
#include <cordon/geo/field_names.hpp>
#include <cordon/geo/project_store.hpp>

#include <ogrsf_frmts.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <unistd.h>

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
    throw InputError("--format " + name + ": not a format Cordon exports (" + list + ")");
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
                            Progress& progress) {
    ensure_gdal();
    const Format& format = find_format(options.format);
    read_project(project); // validates it is a Cordon project, with a clear error otherwise
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
        const CrsSpec spec = parse_crs(crs, "--crs");
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

    // Build the output in a fresh folder beside the target, then move it into place.
    const fs::path target = fs::absolute(options.output);
    std::error_code ec;
    if (!fs::is_directory(target.parent_path(), ec))
        throw InputError(options.output + ": folder " + target.parent_path().string() +
                         " does not exist");
    if (::access(target.parent_path().c_str(), W_OK) != 0)
        throw InputError(options.output + ": folder " + target.parent_path().string() +
                         " is not writable");
    const fs::path temp_dir =
        target.parent_path() / (".cordon-export-" + std::to_string(::getpid()));
    fs::remove_all(temp_dir, ec);
    fs::create_directory(temp_dir);
    const fs::path temp = temp_dir / target.filename();

    nlohmann::json report;
    try {
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(format.driver);
        if (!driver) throw Error(std::string("GDAL has no ") + format.driver + " driver");
        GDALDatasetUniquePtr out(driver->Create(temp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!out) throw Error(options.output + ": cannot create (" + gdal_error_text() + ")");
        std::vector<std::string> lco;
        if (format.name == std::string("shp"))
            lco.push_back(std::string("ENCODING=") + gdal_encoding_name(options.encoding));
        if (format.name == std::string("csv")) lco.push_back("GEOMETRY=AS_WKT");
        if (format.name == std::string("geojson")) lco.push_back("RFC7946=NO");
        std::vector<const char*> lco_c;
        for (const auto& o : lco)
            lco_c.push_back(o.c_str());
        lco_c.push_back(nullptr);
        OGRLayer* layer_out = out->CreateLayer(fs::path(options.output).stem().c_str(), &target_srs,
                                               in->GetGeomType(), const_cast<char**>(lco_c.data()));
        if (!layer_out)
            throw Error(options.output + ": cannot create the layer (" + gdal_error_text() + ")");

        OGRFeatureDefn* defn = in->GetLayerDefn();
        std::vector<std::string> names;
        for (int i = 0; i < defn->GetFieldCount(); ++i)
            names.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
        const std::vector<std::string> out_names =
            format.name == std::string("shp") ? fit_field_names(names, options.encoding) : names;
        // The project's id is the layer's FID in GDAL: write it as a field of its own first.
        OGRFieldDefn id_field("id", OFTInteger64);
        if (layer_out->CreateField(&id_field, TRUE) != OGRERR_NONE)
            throw Error(options.output + ": cannot create field 'id' (" + gdal_error_text() + ")");
        for (std::size_t i = 0; i < names.size(); ++i) {
            OGRFieldDefn field(defn->GetFieldDefn(static_cast<int>(i)));
            field.SetName(out_names[i].c_str());
            if (layer_out->CreateField(&field, TRUE) != OGRERR_NONE)
                throw Error(options.output + ": cannot create field '" + out_names[i] + "' (" +
                            gdal_error_text() + ")");
            report["fields"].push_back({{"field", names[i]}, {"written_as", out_names[i]}});
        }
        // Drivers may order fields their own way (KML puts name first): map by name.
        OGRFeatureDefn* out_defn = layer_out->GetLayerDefn();
        const int out_id = out_defn->GetFieldIndex("id");

        std::vector<int> field_map(names.size());
        for (std::size_t i = 0; i < field_map.size(); ++i)
            field_map[i] = out_defn->GetFieldIndex(out_names[i].c_str());
        const GIntBig total = in->GetFeatureCount();
        std::size_t count = 0;
        if (out->StartTransaction() != OGRERR_NONE) CPLErrorReset();
        in->ResetReading();
        for (OGRFeatureUniquePtr f(in->GetNextFeature()); f; f.reset(in->GetNextFeature())) {
            OGRFeatureUniquePtr g(OGRFeature::CreateFeature(layer_out->GetLayerDefn()));
            g->SetFieldsFrom(f.get(), field_map.data(), TRUE);
            if (out_id >= 0) g->SetField(out_id, static_cast<GIntBig>(f->GetFID()));
            if (OGRGeometry* geom = f->GetGeometryRef()) {
                std::unique_ptr<OGRGeometry> copy(geom->clone());
                if (reproject) {
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
                    copy->accept(&visitor);
                    if (!visitor.ok)
                        throw Error(options.layer + " feature " + std::to_string(f->GetFID()) +
                                    ": cannot be converted to " + crs_label);
                }
                copy->assignSpatialReference(&target_srs);
                g->SetGeometryDirectly(copy.release());
            }
            g->SetFID(f->GetFID());
            if (layer_out->CreateFeature(g.get()) != OGRERR_NONE)
                throw Error(options.output + ": cannot write feature " +
                            std::to_string(f->GetFID()) + " (" + gdal_error_text() + ")");
            if (++count % 4096 == 0)
                progress.report("exporting " + options.layer, count,
                                static_cast<std::size_t>(std::max<GIntBig>(total, 1)));
        }
        if (out->CommitTransaction() != OGRERR_NONE) CPLErrorReset();
        out.reset(); // flush and close before moving
        // Move every file of the output into place; the old ones are replaced.
        if (format.name == std::string("shp"))
            for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx"})
                fs::remove(fs::path(target).replace_extension(ext), ec);
        for (const auto& entry : fs::directory_iterator(temp_dir))
            fs::rename(entry.path(), target.parent_path() / entry.path().filename());
        fs::remove_all(temp_dir, ec);
        report["features"] = count;
    } catch (...) {
        fs::remove_all(temp_dir, ec);
        throw;
    }
    report["layer"] = options.layer;
    report["format"] = options.format;
    report["output"] = options.output;
    report["crs"] = crs_label;
    if (format.name == std::string("shp"))
        report["encoding"] = gdal_encoding_name(options.encoding);
    return report;
}

} // namespace cordon::geo
