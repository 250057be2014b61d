// Basemap pixels: a raster GDAL reads, warped into the project CRS for one view (issue 18).

#include "basemap_source.hpp"
#include "gdal_handles.hpp"
#include "reproject.hpp"
#include "tile_service_gdal.hpp"

#include <cordon/geo/basemap_raster.hpp>
#include <cordon/geo/chinese_shift.hpp>
#include <cordon/geo/crs.hpp>
#include <cordon/geo/error.hpp>
#include <cordon/geo/param_text.hpp>

#include <gdal_alg.h>
#include <gdalwarper.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>

namespace cordon::geo {

using namespace detail;

namespace {
/// Tile services read from the disk cache only, on this thread (warp_basemap's second try).
thread_local bool t_tiles_offline = false;
} // namespace

namespace detail {

std::string basemap_label(const Basemap& basemap) {
    return "basemap '" + basemap.name + "' (" + basemap.source + ")";
}

GDALDatasetUniquePtr open_basemap_dataset(const Basemap& basemap, int overview) {
    ensure_gdal();
    const std::string label = basemap_label(basemap);
    if (is_basemap_url(basemap.source))
        // Tile services (XYZ/WMS/WMTS through GDAL's WMS driver, tile_service.hpp).
        return open_tile_basemap(basemap, overview, t_tiles_offline);
    std::error_code ec;
    const std::filesystem::path path(basemap.source);
    if (basemap.source.rfind("/vsi", 0) != 0) {
        if (!std::filesystem::exists(path, ec)) throw InputError(label + ": no such file");
        if (std::filesystem::is_directory(path, ec))
            throw InputError(label + ": is a folder, not a raster file");
    }
    QuietGdalErrors quiet;
    const std::string level = "OVERVIEW_LEVEL=" + std::to_string(overview);
    const char* options[] = {level.c_str(), nullptr};
    GDALDatasetUniquePtr ds(GDALDataset::Open(
        basemap.source.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR, nullptr,
        overview >= 0 ? options : nullptr, nullptr));
    if (!ds)
        throw InputError(label + ": not a raster GDAL can read" +
                         (quiet.failure().empty() ? std::string() : " (" + quiet.failure() + ")"));
    if (ds->GetRasterCount() < 1 || ds->GetRasterXSize() < 1 || ds->GetRasterYSize() < 1)
        throw InputError(label + ": holds no raster band (a vector file?)");
    return ds;
}

} // namespace detail

namespace {

/// What the raster's coordinates are: a CRS, and whether they are shifted (GCJ-02, BD-09).
struct SourceFrame {
    OGRSpatialReference srs;
    CrsSpec::Kind shift = CrsSpec::Kind::proj;
    std::array<double, 6> gt{}; ///< pixel → source coordinates
};

bool identity(const std::array<double, 6>& gt) {
    return gt[0] == 0 && gt[1] == 1 && gt[2] == 0 && gt[3] == 0 && gt[4] == 0 && gt[5] == 1;
}

SourceFrame frame_of(const Basemap& basemap, GDALDataset& ds) {
    const std::string label = basemap_label(basemap);
    SourceFrame f;
    if (ds.GetGeoTransform(f.gt.data()) != CE_None || identity(f.gt)) {
        if (ds.GetGCPCount() > 0)
            throw InputError(label +
                             ": the raster is georeferenced by control points only; warp it to "
                             "a grid first (gdalwarp)");
        throw InputError(label +
                         ": the raster has no georeferencing (no geotransform in the file, no "
                         "world file, no .aux.xml beside it); georeference it first");
    }
    if (f.gt[1] == 0 || f.gt[5] == 0 || !std::isfinite(f.gt[0]) || !std::isfinite(f.gt[3]))
        throw InputError(label + ": the raster's georeferencing is degenerate (zero pixel size)");
    const OGRSpatialReference* own = ds.GetSpatialRef();
    CrsSpec spec;
    if (!basemap.source_crs.empty()) spec = parse_crs(basemap.source_crs, "source_crs");
    if (spec.kind == CrsSpec::Kind::proj && !spec.definition.empty()) {
        QuietGdalErrors quiet;
        if (f.srs.SetFromUserInput(spec.definition.c_str()) != OGRERR_NONE)
            throw ParamError("source_crs", spec.definition, "not a CRS PROJ knows");
    } else if (own && !own->IsEmpty()) {
        f.srs = *own;
    } else if (spec.kind != CrsSpec::Kind::proj) {
        f.srs = wgs84(); // shifted longitude and latitude
    } else {
        throw ParamTextError(ParamText() << label + ": the raster declares no CRS; say which with "
                                         << ParamMention{"source_crs", ""});
    }
    f.srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    f.shift = spec.kind;
    return f;
}

/// Pixel of the destination grid ↔ pixel of the source raster, through the project CRS,
/// WGS 84 and the GCJ-02/BD-09 shift where the source is shifted. A GDAL transformer
/// (GDALTransformerInfo first, as GDAL's own are).
struct BasemapTransformer {
    GDALTransformerInfo info{};
    std::array<double, 6> dst_gt{}, dst_inv{}, src_gt{}, src_inv{};
    CrsSpec::Kind shift = CrsSpec::Kind::proj;
    // Unshifted: project ↔ source directly. Shifted: project ↔ WGS 84 and WGS 84 ↔ source.
    TransformPtr project_to_first, first_to_project;
    TransformPtr lonlat_to_source, source_to_lonlat;
};

void apply_gt(const std::array<double, 6>& gt, double& x, double& y) {
    const double px = x, py = y;
    x = gt[0] + px * gt[1] + py * gt[2];
    y = gt[3] + px * gt[4] + py * gt[5];
}

int basemap_transform(void* arg, int dst_to_src, int count, double* x, double* y, double* z,
                      int* ok) {
    auto* t = static_cast<BasemapTransformer*>(arg);
    const std::size_t n = static_cast<std::size_t>(count);
    for (std::size_t i = 0; i < n; ++i)
        ok[i] = TRUE;
    auto mark = [&](OGRCoordinateTransformation* ct) {
        std::vector<int> done(n, TRUE);
        ct->Transform(n, x, y, z, done.data());
        for (std::size_t i = 0; i < n; ++i)
            if (!done[i]) ok[i] = FALSE;
    };
    auto shift = [&](bool forward) {
        for (std::size_t i = 0; i < n; ++i) {
            if (!ok[i]) continue;
            Point p{x[i], y[i]};
            if (t->shift == CrsSpec::Kind::gcj02)
                p = forward ? wgs84_to_gcj02(p) : gcj02_to_wgs84(p);
            else
                p = forward ? wgs84_to_bd09(p) : bd09_to_wgs84(p);
            x[i] = p.x, y[i] = p.y;
        }
    };
    if (dst_to_src) {
        for (std::size_t i = 0; i < n; ++i)
            apply_gt(t->dst_gt, x[i], y[i]);
        mark(t->project_to_first.get());
        if (t->shift != CrsSpec::Kind::proj) {
            shift(true);
            mark(t->lonlat_to_source.get());
        }
        for (std::size_t i = 0; i < n; ++i)
            apply_gt(t->src_inv, x[i], y[i]);
    } else {
        for (std::size_t i = 0; i < n; ++i)
            apply_gt(t->src_gt, x[i], y[i]);
        if (t->shift != CrsSpec::Kind::proj) {
            mark(t->source_to_lonlat.get());
            shift(false);
        }
        mark(t->first_to_project.get());
        for (std::size_t i = 0; i < n; ++i)
            apply_gt(t->dst_inv, x[i], y[i]);
    }
    for (std::size_t i = 0; i < n; ++i)
        if (!std::isfinite(x[i]) || !std::isfinite(y[i])) ok[i] = FALSE;
    return TRUE;
}

TransformPtr transform(const OGRSpatialReference& from, const OGRSpatialReference& to) {
    OGRCoordinateTransformationOptions options;
    TransformPtr t(OGRCreateCoordinateTransformation(&from, &to, options));
    if (!t)
        throw Error("PROJ cannot transform " + std::string(from.GetName() ? from.GetName() : "?") +
                    " to " + (to.GetName() ? to.GetName() : "?"));
    return t;
}

/// A transformer between `dst_gt`'s grid in the project CRS and the source raster's pixels.
std::unique_ptr<BasemapTransformer> make_transformer(const SourceFrame& f,
                                                     const OGRSpatialReference& project,
                                                     const std::array<double, 6>& dst_gt,
                                                     const std::string& label) {
    auto t = std::make_unique<BasemapTransformer>();
    std::memcpy(t->info.abySignature, GDAL_GTI2_SIGNATURE, strlen(GDAL_GTI2_SIGNATURE));
    t->info.pszClassName = "CordonBasemapTransformer";
    t->info.pfnTransform = basemap_transform;
    t->dst_gt = dst_gt;
    t->src_gt = f.gt;
    if (!GDALInvGeoTransform(t->dst_gt.data(), t->dst_inv.data()) ||
        !GDALInvGeoTransform(t->src_gt.data(), t->src_inv.data()))
        throw InputError(label + ": the raster's georeferencing cannot be inverted");
    t->shift = f.shift;
    QuietGdalErrors quiet;
    try {
        if (f.shift == CrsSpec::Kind::proj) {
            t->project_to_first = transform(project, f.srs);
            t->first_to_project = transform(f.srs, project);
        } else {
            const OGRSpatialReference lonlat = wgs84();
            t->project_to_first = transform(project, lonlat);
            t->first_to_project = transform(lonlat, project);
            t->lonlat_to_source = transform(lonlat, f.srs);
            t->source_to_lonlat = transform(f.srs, lonlat);
        }
    } catch (const Error& e) {
        throw InputError(label + ": " + e.what());
    }
    return t;
}

/// The approximating wrapper GDAL's warper runs on (exact at chunk corners and centres,
/// linear between while within `max_error` pixels).
struct Approx {
    void* arg = nullptr;
    explicit Approx(BasemapTransformer& t, double max_error)
        : arg(GDALCreateApproxTransformer(basemap_transform, &t, max_error)) {}
    ~Approx() {
        if (arg) GDALDestroyApproxTransformer(arg);
    }
    Approx(const Approx&) = delete;
    Approx& operator=(const Approx&) = delete;
};

constexpr std::array<double, 6> k_identity{0, 1, 0, 0, 0, 1};

/// The source pixels' box in project coordinates, from points along its edges.
Box source_extent(BasemapTransformer& t, int width, int height) {
    Box box;
    constexpr int steps = 16;
    for (int side = 0; side < 4; ++side)
        for (int i = 0; i <= steps; ++i) {
            const double f = static_cast<double>(i) / steps;
            double x = side == 0 ? f * width : side == 1 ? width : side == 2 ? (1 - f) * width : 0;
            double y = side == 0   ? 0
                       : side == 1 ? f * height
                       : side == 2 ? height
                                   : (1 - f) * height;
            double z = 0;
            int ok = 0;
            basemap_transform(&t, FALSE, 1, &x, &y, &z, &ok);
            if (ok) box.expand(Box{x, y, x, y});
        }
    return box;
}

/// Reads a small picture of the whole raster through its overviews: a damaged file fails here
/// rather than at the first render.
void check_readable(GDALDataset& ds, const std::string& label) {
    QuietGdalErrors quiet;
    const int w = std::min(64, ds.GetRasterXSize()), h = std::min(64, ds.GetRasterYSize());
    std::vector<double> buffer(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
    for (int b = 1; b <= ds.GetRasterCount(); ++b) {
        GDALRasterBand* band = ds.GetRasterBand(b);
        if (band->RasterIO(GF_Read, 0, 0, ds.GetRasterXSize(), ds.GetRasterYSize(), buffer.data(),
                           w, h, GDT_Float64, 0, 0, nullptr) != CE_None ||
            !quiet.failure().empty())
            throw InputError(
                label + ": damaged raster, band " + std::to_string(b) + " cannot be read (" +
                (quiet.failure().empty() ? std::string("read failed") : quiet.failure()) + ")");
    }
}

std::string crs_name_of(const SourceFrame& f) {
    std::string name = f.srs.GetName() ? f.srs.GetName() : "unnamed CRS";
    if (f.shift == CrsSpec::Kind::gcj02) name += ", shifted GCJ-02";
    if (f.shift == CrsSpec::Kind::bd09) name += ", shifted BD-09";
    return name;
}

/// How the raster's bands make colours.
struct Bands {
    std::vector<int> colour; ///< 1 (grey or palette index) or 3 (red, green, blue)
    int alpha = 0;           ///< alpha band, 0: none
    const GDALColorTable* palette = nullptr;
    GDALDataType type = GDT_Byte;
};

Bands bands_of(GDALDataset& ds) {
    Bands out;
    int red = 0, green = 0, blue = 0, grey = 0;
    for (int b = 1; b <= ds.GetRasterCount(); ++b) {
        switch (ds.GetRasterBand(b)->GetColorInterpretation()) {
        case GCI_AlphaBand:
            out.alpha = out.alpha ? out.alpha : b;
            break;
        case GCI_RedBand:
            red = red ? red : b;
            break;
        case GCI_GreenBand:
            green = green ? green : b;
            break;
        case GCI_BlueBand:
            blue = blue ? blue : b;
            break;
        default:
            grey = grey ? grey : b;
            break;
        }
    }
    if (red && green && blue)
        out.colour = {red, green, blue};
    else if (ds.GetRasterCount() >= 3 && !out.alpha)
        out.colour = {1, 2, 3};
    else if (ds.GetRasterCount() >= 3)
        out.colour = {1, 2, 3};
    else
        out.colour = {grey ? grey : 1};
    if (ds.GetRasterCount() == 4 && !out.alpha && out.colour == std::vector<int>{1, 2, 3})
        out.alpha = 4;
    if (ds.GetRasterCount() == 2 && !out.alpha) out.alpha = out.colour[0] == 1 ? 2 : 1;
    GDALRasterBand* first = ds.GetRasterBand(out.colour[0]);
    out.type = first->GetRasterDataType();
    if (out.colour.size() == 1 && first->GetColorInterpretation() == GCI_PaletteIndex)
        out.palette = first->GetColorTable();
    return out;
}

/// Destination warp data: Byte as it is; any other type read as Float32 and stretched from
/// the band's (approximate) minimum and maximum.
struct Stretch {
    double offset = 0, scale = 1;
};

Stretch stretch_of(GDALDataset& ds, const Bands& bands) {
    if (bands.type == GDT_Byte || bands.palette) return {};
    double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
    for (int b : bands.colour) {
        double mm[2] = {0, 0};
        QuietGdalErrors quiet;
        if (GDALComputeRasterMinMax(ds.GetRasterBand(b), TRUE, mm) == CE_None) {
            lo = std::min(lo, mm[0]);
            hi = std::max(hi, mm[1]);
        }
    }
    if (!(hi > lo)) return {0, 1};
    return {lo, 255.0 / (hi - lo)};
}

/// Overview of `ds` to read for `ratio` source pixels per destination pixel: the coarsest
/// whose pixels are still no larger than the destination's; -1 for full resolution.
int overview_for(GDALDataset& ds, int band, double ratio, double coarser) {
    GDALRasterBand* b = ds.GetRasterBand(band);
    int best = -1;
    double best_factor = 1;
    for (int i = 0; i < b->GetOverviewCount(); ++i) {
        GDALRasterBand* o = b->GetOverview(i);
        if (!o || o->GetXSize() <= 0) continue;
        const double factor = static_cast<double>(ds.GetRasterXSize()) / o->GetXSize();
        // An overview up to `coarser` times coarser than the target is still fine.
        if (factor <= ratio * coarser && factor > best_factor) {
            best = i;
            best_factor = factor;
        }
    }
    return best;
}

/// Datasets this thread opened for earlier warps, kept open (at most 4) so that the blocks
/// GDAL decoded for one page's map serve the next page's: each thread has its own handles,
/// never shared. Keyed by source, overview level, and the file's time and size (a file
/// replaced on disk is opened again). Tile services are opened afresh on every call (their key
/// and offline mode may change; GDAL's disk cache keeps their tiles).
class OpenDatasets {
public:
    GDALDataset& get(const Basemap& basemap, int overview) {
        if (is_basemap_url(basemap.source)) {
            m_fresh.push_back(open_basemap_dataset(basemap, overview));
            return *m_fresh.back();
        }
        std::string key = basemap.source + '\n' + std::to_string(overview);
        std::error_code ec;
        const auto time = std::filesystem::last_write_time(basemap.source, ec);
        if (!ec) key += '\n' + std::to_string(time.time_since_epoch().count());
        const auto size = std::filesystem::file_size(basemap.source, ec);
        if (!ec) key += '/' + std::to_string(size);
        for (auto it = m_open.begin(); it != m_open.end(); ++it)
            if (it->first == key) {
                if (it != m_open.begin()) std::rotate(m_open.begin(), it, std::next(it));
                return *m_open.front().second;
            }
        GDALDatasetUniquePtr ds = open_basemap_dataset(basemap, overview);
        m_open.insert(m_open.begin(), {key, std::move(ds)});
        if (m_open.size() > 4) m_open.pop_back();
        return *m_open.front().second;
    }

    /// Closes the tile services' datasets of the call that ends.
    void end_call() { m_fresh.clear(); }

private:
    std::vector<std::pair<std::string, GDALDatasetUniquePtr>> m_open; // most recent first
    std::vector<GDALDatasetUniquePtr> m_fresh;
};

OpenDatasets& open_datasets() {
    thread_local OpenDatasets datasets;
    return datasets;
}

int CPL_STDCALL warp_progress(double fraction, const char*, void* arg) {
    auto* progress = static_cast<Progress*>(arg);
    if (progress->cancel_requested()) return FALSE;
    try {
        progress->report("basemap", fraction);
    } catch (...) {
        return FALSE;
    }
    return TRUE;
}

} // namespace

BasemapInfo inspect_basemap(const Basemap& basemap, int project_srid) {
    GDALDatasetUniquePtr ds = open_basemap_dataset(basemap);
    const std::string label = basemap_label(basemap);
    const SourceFrame f = frame_of(basemap, *ds);
    const OGRSpatialReference project = epsg_srs(project_srid);
    auto t = make_transformer(f, project, k_identity, label);
    BasemapInfo info;
    info.driver = ds->GetDriver() ? ds->GetDriver()->GetDescription() : "";
    info.width = ds->GetRasterXSize();
    info.height = ds->GetRasterYSize();
    info.bands = ds->GetRasterCount();
    info.overviews = ds->GetRasterBand(1)->GetOverviewCount();
    info.crs_name = crs_name_of(f);
    if (is_basemap_url(basemap.source)) {
        // A tile service covers the world (its corners do not project): asked for one tile
        // by `basemap add` instead of read here (probe_tile_service).
        info.extent = Box{-1e12, -1e12, 1e12, 1e12};
        info.pixel_m = 2 * 20037508.342789244 / info.width;
        return info;
    }
    info.extent = source_extent(*t, info.width, info.height);
    if (info.extent.empty())
        throw InputError(label + ": its corners cannot be placed in the project's CRS (" +
                         info.crs_name + ")");
    info.pixel_m = std::sqrt(info.extent.width() * info.extent.height() /
                             (static_cast<double>(info.width) * info.height));
    check_readable(*ds, label);
    return info;
}

namespace {

RgbaImage warp_basemap_once(const Basemap& basemap, int project_srid, const BasemapView& view,
                            Progress& progress) {
    // Declared first, so run last: a tile service's datasets of this call are closed.
    struct EndCall {
        ~EndCall() { open_datasets().end_call(); }
    } end_call;
    const std::string label = basemap_label(basemap);
    if (view.width <= 0 || view.height <= 0 || !(view.extent.width() > 0) ||
        !(view.extent.height() > 0))
        return {};
    GDALDataset* ds = &open_datasets().get(basemap, -1);
    const SourceFrame frame = frame_of(basemap, *ds);
    const OGRSpatialReference project = epsg_srs(project_srid);
    const std::array<double, 6> dst_gt{view.extent.minx,
                                       view.extent.width() / view.width,
                                       0,
                                       view.extent.maxy,
                                       0,
                                       -view.extent.height() / view.height};
    const Bands bands = bands_of(*ds);

    // Source pixels per destination pixel at the view's centre: which overview to read.
    double ratio = 1;
    {
        auto t = make_transformer(frame, project, dst_gt, label);
        double x[3] = {view.width / 2.0, view.width / 2.0 + 1, view.width / 2.0};
        double y[3] = {view.height / 2.0, view.height / 2.0, view.height / 2.0 + 1};
        double z[3] = {0, 0, 0};
        int ok[3] = {0, 0, 0};
        basemap_transform(t.get(), TRUE, 3, x, y, z, ok);
        if (ok[0] && ok[1] && ok[2])
            ratio = std::max(std::hypot(x[1] - x[0], y[1] - y[0]),
                             std::hypot(x[2] - x[0], y[2] - y[0]));
    }
    GDALDataset* source = ds;
    GDALDataset* overview = nullptr;
    SourceFrame read_frame = frame;
    if (ratio > 1.2) {
        // Files: up to 1.5x coarser (the faded picture on paper does not show it, and it is
        // read in a quarter of the time); tile services as gdalwarp does, 1.2x (the zoom
        // levels a service has).
        const int level =
            overview_for(*ds, bands.colour[0], ratio, is_basemap_url(basemap.source) ? 1.2 : 1.5);
        if (level >= 0) {
            // The overview as a dataset of its own, georeferenced by GDAL for its size.
            overview = &open_datasets().get(basemap, level);
            if (overview->GetRasterCount() == ds->GetRasterCount()) {
                source = overview;
                const std::array<double, 6> full = frame.gt;
                if (overview->GetGeoTransform(read_frame.gt.data()) != CE_None) {
                    const double fx = static_cast<double>(ds->GetRasterXSize()) /
                                      overview->GetRasterXSize(),
                                 fy = static_cast<double>(ds->GetRasterYSize()) /
                                      overview->GetRasterYSize();
                    read_frame.gt = full;
                    read_frame.gt[1] *= fx, read_frame.gt[2] *= fy;
                    read_frame.gt[4] *= fx, read_frame.gt[5] *= fy;
                }
                ratio *= static_cast<double>(overview->GetRasterXSize()) / ds->GetRasterXSize();
            }
        }
    }
    auto t = make_transformer(read_frame, project, dst_gt, label);
    Approx approx(*t, 0.125);

    // The destination: one band per colour band, then an alpha band the warp fills with the
    // source's coverage (its alpha, nodata and extent).
    const int colours = static_cast<int>(bands.colour.size());
    const GDALDataType dst_type = bands.type == GDT_Byte || bands.palette ? GDT_Byte : GDT_Float32;
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    if (!mem) throw Error("GDAL has no MEM driver");
    QuietGdalErrors quiet;
    const std::size_t pixels = static_cast<std::size_t>(view.width) * view.height;
    RgbaImage image;
    image.width = view.width;
    image.height = view.height;
    // RGB bytes (the usual orthophoto, MBTiles): warped straight into the image's interleaved
    // buffer (a MEM dataset over it), nothing copied afterwards.
    const bool in_place = dst_type == GDT_Byte && !bands.palette && colours == 3;
    GDALDatasetUniquePtr dst;
    if (in_place) {
        image.rgba.assign(pixels * 4, 0);
        char pointer[64];
        std::snprintf(pointer, sizeof pointer, "%p", static_cast<void*>(image.rgba.data()));
        const std::string name =
            std::string("MEM:::DATAPOINTER=") + pointer + ",PIXELS=" + std::to_string(view.width) +
            ",LINES=" + std::to_string(view.height) +
            ",BANDS=4,DATATYPE=Byte,PIXELOFFSET=4,LINEOFFSET=" +
            std::to_string(static_cast<std::size_t>(view.width) * 4) + ",BANDOFFSET=1";
        dst.reset(GDALDataset::Open(name.c_str(), GDAL_OF_RASTER | GDAL_OF_UPDATE));
    }
    if (!dst) dst.reset(mem->Create("", view.width, view.height, colours + 1, dst_type, nullptr));
    const bool direct = in_place && dst && dst->GetRasterCount() == 4 && dst->GetDriver() == mem &&
                        dst->GetDescription()[0] != '\0';
    if (!dst)
        throw Error(label + ": cannot make a " + std::to_string(view.width) + "x" +
                    std::to_string(view.height) + " image: " + gdal_error_text());
    std::array<double, 6> gt = dst_gt;
    dst->SetGeoTransform(gt.data());
    GDALWarpOptions* wo = GDALCreateWarpOptions();
    wo->hSrcDS = GDALDataset::ToHandle(source);
    wo->hDstDS = GDALDataset::ToHandle(dst.get());
    wo->nBandCount = colours;
    wo->panSrcBands = static_cast<int*>(CPLMalloc(sizeof(int) * colours));
    wo->panDstBands = static_cast<int*>(CPLMalloc(sizeof(int) * colours));
    for (int i = 0; i < colours; ++i) {
        wo->panSrcBands[i] = bands.colour[static_cast<std::size_t>(i)];
        wo->panDstBands[i] = i + 1;
    }
    wo->nSrcAlphaBand = bands.alpha;
    wo->nDstAlphaBand = colours + 1;
    int has_nodata = FALSE;
    const double nodata = source->GetRasterBand(bands.colour[0])->GetNoDataValue(&has_nodata);
    if (has_nodata && !bands.alpha) {
        wo->padfSrcNoDataReal = static_cast<double*>(CPLMalloc(sizeof(double) * colours));
        for (int i = 0; i < colours; ++i)
            wo->padfSrcNoDataReal[i] = nodata;
    }
    // From the overview nearest the view's resolution, nearest neighbour reads as well as
    // bilinear and takes half the time; bilinear when the view magnifies the pixels, and
    // averaging far below the coarsest overview.
    // Tile services as before the speed-up (bilinear, average below 1:2).
    const bool service = is_basemap_url(basemap.source);
    wo->eResampleAlg = bands.palette                ? GRA_NearestNeighbour
                       : service                    ? (ratio > 2 ? GRA_Average : GRA_Bilinear)
                       : ratio > 4                  ? GRA_Average
                       : ratio > 1.6 || ratio < 0.7 ? GRA_Bilinear
                                                    : GRA_NearestNeighbour;
    wo->eWorkingDataType = dst_type;
    wo->pfnTransformer = GDALApproxTransform;
    wo->pTransformerArg = approx.arg;
    wo->pfnProgress = warp_progress;
    wo->pProgressArg = &progress;
    wo->papszWarpOptions = CSLSetNameValue(wo->papszWarpOptions, "INIT_DEST", "0");
    CPLErr err = CE_Failure;
    {
        GDALWarpOperation op;
        if (op.Initialize(wo) == CE_None) err = op.ChunkAndWarpImage(0, 0, view.width, view.height);
    }
    wo->pTransformerArg = nullptr;
    GDALDestroyWarpOptions(wo);
    if (err != CE_None) {
        if (progress.cancel_requested()) throw Cancelled();
        if (is_basemap_url(basemap.source))
            throw InputError(label + ": " +
                             tile_service_problem(CPLGetLastErrorMsg(), tile_basemap_key(basemap)));
        throw InputError(label + ": cannot be read (" +
                         (quiet.failure().empty() ? std::string("warp failed") : quiet.failure()) +
                         ")");
    }

    // Into RGBA bytes.
    if (direct) return image;
    if (dst_type == GDT_Byte && !bands.palette) {
        // Straight into the interleaved buffer: colour bands, then the alpha band.
        image.rgba.assign(pixels * 4, 0);
        std::vector<int> band_map;
        for (int c = 1; c <= colours; ++c)
            band_map.push_back(c);
        const auto read = [&](int count, int* map, std::uint8_t* at) {
            if (dst->RasterIO(GF_Read, 0, 0, view.width, view.height, at, view.width, view.height,
                              GDT_Byte, count, map, 4, static_cast<GSpacing>(view.width) * 4, 1,
                              nullptr) != CE_None)
                throw Error(label + ": " + gdal_error_text());
        };
        read(colours, band_map.data(), image.rgba.data());
        int alpha_band = colours + 1;
        read(1, &alpha_band, image.rgba.data() + 3);
        if (colours == 1)
            for (std::size_t i = 0; i < pixels * 4; i += 4)
                image.rgba[i + 1] = image.rgba[i + 2] = image.rgba[i];
        return image;
    }
    std::vector<float> plane(pixels);
    std::vector<std::uint8_t> alpha(pixels);
    image.rgba.assign(pixels * 4, 0);
    if (dst->GetRasterBand(colours + 1)
            ->RasterIO(GF_Read, 0, 0, view.width, view.height, alpha.data(), view.width,
                       view.height, GDT_Byte, 0, 0, nullptr) != CE_None)
        throw Error(label + ": " + gdal_error_text());
    const Stretch stretch = stretch_of(*source, bands);
    for (int c = 0; c < colours; ++c) {
        if (dst->GetRasterBand(c + 1)->RasterIO(GF_Read, 0, 0, view.width, view.height,
                                                plane.data(), view.width, view.height, GDT_Float32,
                                                0, 0, nullptr) != CE_None)
            throw Error(label + ": " + gdal_error_text());
        for (std::size_t i = 0; i < pixels; ++i) {
            const double v = (plane[i] - stretch.offset) * stretch.scale;
            const auto byte = static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
            if (bands.palette) {
                const GDALColorEntry* e =
                    bands.palette->GetColorEntry(static_cast<int>(std::lround(plane[i])));
                std::uint8_t* p = &image.rgba[i * 4];
                if (e) {
                    p[0] = static_cast<std::uint8_t>(e->c1);
                    p[1] = static_cast<std::uint8_t>(e->c2);
                    p[2] = static_cast<std::uint8_t>(e->c3);
                    alpha[i] = static_cast<std::uint8_t>(alpha[i] * e->c4 / 255);
                }
            } else if (colours == 1) {
                image.rgba[i * 4] = image.rgba[i * 4 + 1] = image.rgba[i * 4 + 2] = byte;
            } else {
                image.rgba[i * 4 + static_cast<std::size_t>(c)] = byte;
            }
        }
    }
    for (std::size_t i = 0; i < pixels; ++i)
        image.rgba[i * 4 + 3] = alpha[i];
    return image;
}

} // namespace

RgbaImage warp_basemap(const Basemap& basemap, int project_srid, const BasemapView& view,
                       Progress& progress) {
    if (!is_basemap_url(basemap.source) || t_tiles_offline || offline_requested())
        return warp_basemap_once(basemap, project_srid, view, progress);
    try {
        return warp_basemap_once(basemap, project_srid, view, progress);
    } catch (const InputError& e) {
        // Offline first: what the disk cache holds is drawn, the rest left blank, and the
        // planner told why the service did not give the rest.
        const std::string problem = e.what();
        struct Offline {
            Offline() { t_tiles_offline = true; }
            ~Offline() { t_tiles_offline = false; }
        } offline;
        RgbaImage image = warp_basemap_once(basemap, project_srid, view, progress);
        progress.warn(problem + "; drawn from the offline cache, tiles not in it left blank");
        return image;
    }
}

std::string jpeg_bytes(const RgbaImage& image, bool grey, int quality) {
    if (image.empty()) return {};
    ensure_gdal();
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDriver* jpeg = GetGDALDriverManager()->GetDriverByName("JPEG");
    if (!mem || !jpeg) return {};
    const int bands = grey ? 1 : 3;
    QuietGdalErrors quiet;
    GDALDatasetUniquePtr ds(mem->Create("", image.width, image.height, bands, GDT_Byte, nullptr));
    if (!ds) return {};
    const std::size_t pixels = static_cast<std::size_t>(image.width) * image.height;
    if (grey) {
        std::vector<std::uint8_t> luma(pixels);
        for (std::size_t i = 0; i < pixels; ++i) {
            const std::uint8_t* p = &image.rgba[i * 4];
            luma[i] =
                static_cast<std::uint8_t>((306u * p[0] + 601u * p[1] + 117u * p[2] + 512u) >> 10);
        }
        if (ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, image.width, image.height, luma.data(),
                                           image.width, image.height, GDT_Byte, 0, 0,
                                           nullptr) != CE_None)
            return {};
    } else {
        int map[3] = {1, 2, 3};
        if (ds->RasterIO(GF_Write, 0, 0, image.width, image.height,
                         const_cast<std::uint8_t*>(image.rgba.data()), image.width, image.height,
                         GDT_Byte, 3, map, 4, static_cast<GSpacing>(image.width) * 4, 1,
                         nullptr) != CE_None)
            return {};
    }
    static std::atomic<unsigned> counter{0};
    const std::string path =
        "/vsimem/cordon-basemap-" + std::to_string(counter.fetch_add(1)) + ".jpg";
    const std::string q = "QUALITY=" + std::to_string(std::clamp(quality, 1, 100));
    const char* options[] = {q.c_str(), nullptr};
    {
        GDALDatasetUniquePtr out(jpeg->CreateCopy(path.c_str(), ds.get(), FALSE,
                                                  const_cast<char**>(options), nullptr, nullptr));
        if (!out) return {};
    }
    vsi_l_offset length = 0;
    GByte* data = VSIGetMemFileBuffer(path.c_str(), &length, TRUE);
    std::string bytes;
    if (data) bytes.assign(reinterpret_cast<const char*>(data), static_cast<std::size_t>(length));
    CPLFree(data);
    VSIUnlink((path + ".aux.xml").c_str());
    return bytes;
}

} // namespace cordon::geo
