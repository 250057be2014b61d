// CGCS2000 Gauss–Krüger zones: the EPSG codes PROJ names as such, and the zone holding a
// longitude.

#include <cordon/geo/crs.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <set>

using namespace cordon::geo;

TEST(Crs, EveryCgcs2000GaussKrugerZoneIsTheCrsProjNamesSo) {
    const auto zones = cgcs2000_gauss_kruger_zones();
    ASSERT_EQ(zones.size(), 64u); // EPSG:4491–4554
    std::set<int> codes;
    for (const auto& z : zones) {
        codes.insert(z.epsg);
        const std::string name = crs_name(z.epsg);
        const std::string want = std::string("CGCS2000 / ") + (z.degrees == 3 ? "3-degree " : "") +
                                 "Gauss-Kruger " +
                                 (z.zone_prefix ? "zone " + std::to_string(z.zone)
                                                : "CM " + std::to_string(z.central_meridian) + "E");
        EXPECT_EQ(name, want) << "EPSG:" << z.epsg;
    }
    EXPECT_EQ(*codes.begin(), 4491);
    EXPECT_EQ(*codes.rbegin(), 4554);
    EXPECT_EQ(codes.size(), 64u);
}

TEST(Crs, TheZoneOfALongitude) {
    // Chengdu, 104.07°E: 3° zone 35 (CM 105°E), 6° zone 18 (CM 105°E).
    const auto z3 = cgcs2000_gauss_kruger_zone(104.07, 3);
    ASSERT_TRUE(z3);
    EXPECT_EQ(z3->epsg, 4523);
    EXPECT_EQ(z3->central_meridian, 105);
    EXPECT_EQ(cgcs2000_gauss_kruger_zone(104.07, 3, false)->epsg, 4544);
    const auto z6 = cgcs2000_gauss_kruger_zone(104.07, 6);
    ASSERT_TRUE(z6);
    EXPECT_EQ(z6->epsg, 4496);
    EXPECT_EQ(z6->zone, 18);
    EXPECT_EQ(cgcs2000_gauss_kruger_zone(104.07, 6, false)->epsg, 4507);
    // Edges: 103.4°E is in 3° zone 34 (CM 102°E), 101.9°E in 6° zone 17 (CM 99°E).
    EXPECT_EQ(cgcs2000_gauss_kruger_zone(103.4, 3)->zone, 34);
    EXPECT_EQ(cgcs2000_gauss_kruger_zone(101.9, 6)->zone, 17);
    // Beijing 116.4°E: 3° zone 39, 6° zone 20.
    EXPECT_EQ(cgcs2000_gauss_kruger_zone(116.4, 3)->epsg, 4527);
    EXPECT_EQ(cgcs2000_gauss_kruger_zone(116.4, 6)->epsg, 4498);
    // Liechtenstein, 9.5°E: no CGCS2000 zone.
    EXPECT_FALSE(cgcs2000_gauss_kruger_zone(9.5, 3));
    EXPECT_FALSE(cgcs2000_gauss_kruger_zone(9.5, 6));
}

TEST(Crs, LonLatOfAProjectPoint) {
    // The central meridian of UTM zone 48N (105°E) at the false easting.
    const Point p = lon_lat({500000, 3400000}, 32648);
    EXPECT_NEAR(p.x, 105.0, 1e-6);
    EXPECT_NEAR(p.y, 30.7, 0.1);
}
