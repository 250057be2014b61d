#pragma once
// Writes test inputs with GDAL: one layer of WKT geometries and string fields.

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <string>
#include <utility>
#include <vector>

namespace cordon::test {

struct FeatureSpec {
    std::string wkt;
    std::vector<std::pair<std::string, std::string>> fields;
};

/// One layer written with GDAL (string fields; `epsg` 0: no CRS), into a new dataset, or
/// added to the existing one at `path` when `append`. Fails the test on any GDAL error.
inline void write_layer(const std::string& path, const std::string& driver_name,
                        const std::string& layer_name, OGRwkbGeometryType type, int epsg,
                        const std::vector<FeatureSpec>& features, std::vector<const char*> lco = {},
                        bool append = false) {
    GDALAllRegister();
    GDALDatasetUniquePtr ds;
    if (append) {
        ds.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    } else {
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
        ASSERT_NE(driver, nullptr);
        ds.reset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    }
    ASSERT_TRUE(ds);
    OGRSpatialReference srs;
    if (epsg) srs.importFromEPSG(epsg);
    lco.push_back(nullptr);
    OGRLayer* layer = ds->CreateLayer(layer_name.c_str(), epsg ? &srs : nullptr, type,
                                      const_cast<char**>(lco.data()));
    ASSERT_NE(layer, nullptr);
    if (!features.empty())
        for (const auto& [name, value] : features.front().fields) {
            OGRFieldDefn f(name.c_str(), OFTString);
            ASSERT_EQ(layer->CreateField(&f), OGRERR_NONE);
        }
    for (const auto& spec : features) {
        OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
        for (const auto& [name, value] : spec.fields)
            f->SetField(name.c_str(), value.c_str());
        OGRGeometry* g = nullptr;
        OGRGeometryFactory::createFromWkt(spec.wkt.c_str(), nullptr, &g);
        f->SetGeometryDirectly(g);
        ASSERT_EQ(layer->CreateFeature(f.get()), OGRERR_NONE);
    }
}

} // namespace cordon::test
