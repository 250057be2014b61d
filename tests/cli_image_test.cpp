// End-to-end: images of the planned Chengdu sample (issue 6). PNGs at a chosen size and DPI
// from cordon-cli render, and atlas pages rasterised with pdftoppm compared with the reference
// images in tests/reference/ (see tests/reference/README.md to regenerate them).

#include "cli_runner.hpp"

#include <cordon/geo/project_store.hpp>
#include <cordon/render/style.hpp>

#include <cairo.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <regex>
#include <set>
#include <sstream>

using namespace cordon::test;

namespace {

/// An image as 0xAARRGGBB pixels.
struct Image {
    int width = 0;
    int height = 0;
    std::vector<std::uint32_t> pixels;

    static std::uint32_t channel(std::uint32_t p, int shift) { return (p >> shift) & 0xffU; }
};

Image from_surface(cairo_surface_t* s) {
    Image image;
    cairo_surface_flush(s);
    image.width = cairo_image_surface_get_width(s);
    image.height = cairo_image_surface_get_height(s);
    const int stride = cairo_image_surface_get_stride(s);
    const unsigned char* data = cairo_image_surface_get_data(s);
    image.pixels.resize(static_cast<std::size_t>(image.width) * image.height);
    for (int y = 0; y < image.height; ++y)
        std::memcpy(&image.pixels[static_cast<std::size_t>(y) * image.width], data + y * stride,
                    static_cast<std::size_t>(image.width) * 4);
    return image;
}

/// Reads a PNG through cairo; an empty image when it cannot.
Image load_png(const std::string& path) {
    cairo_surface_t* s = cairo_image_surface_create_from_png(path.c_str());
    Image image;
    if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
        // RGB24 and ARGB32 share the layout; opaque pages and maps need no unpremultiplying.
        image = from_surface(s);
    }
    cairo_surface_destroy(s);
    return image;
}

/// `image` scaled to `width` x `height` with cairo's box-filtering downscaler.
Image resized(const Image& image, int width, int height) {
    cairo_surface_t* src = cairo_image_surface_create_for_data(
        reinterpret_cast<unsigned char*>(const_cast<std::uint32_t*>(image.pixels.data())),
        CAIRO_FORMAT_ARGB32, image.width, image.height, image.width * 4);
    cairo_surface_t* dst = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
    cairo_t* cr = cairo_create(dst);
    cairo_scale(cr, static_cast<double>(width) / image.width,
                static_cast<double>(height) / image.height);
    cairo_set_source_surface(cr, src, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_paint(cr);
    cairo_destroy(cr);
    Image out = from_surface(dst);
    cairo_surface_destroy(dst);
    cairo_surface_destroy(src);
    return out;
}

/// How two images of one size differ: pixels whose largest channel difference exceeds the
/// fuzz, and the mean channel difference over the whole image (0..255).
struct Difference {
    std::size_t pixels = 0;
    double fraction = 1; ///< of all pixels
    double mean = 255;
};

Difference compare(const Image& a, const Image& b, std::uint32_t fuzz) {
    Difference d;
    if (a.width != b.width || a.height != b.height || a.pixels.empty()) return d;
    double sum = 0;
    for (std::size_t i = 0; i < a.pixels.size(); ++i) {
        std::uint32_t worst = 0;
        for (const int shift : {16, 8, 0}) {
            const std::uint32_t x = Image::channel(a.pixels[i], shift);
            const std::uint32_t y = Image::channel(b.pixels[i], shift);
            const std::uint32_t diff = x > y ? x - y : y - x;
            worst = std::max(worst, diff);
            sum += diff;
        }
        if (worst > fuzz) ++d.pixels;
    }
    d.fraction = static_cast<double>(d.pixels) / static_cast<double>(a.pixels.size());
    d.mean = sum / (3.0 * static_cast<double>(a.pixels.size()));
    return d;
}

/// Pixels within `tolerance` of `colour` in every channel.
std::size_t count_colour(const Image& image, const cordon::render::Rgba& colour, int tolerance) {
    const auto want = [](double v) { return static_cast<int>(std::lround(v * 255)); };
    const int r = want(colour.r), g = want(colour.g), b = want(colour.b);
    std::size_t n = 0;
    for (const std::uint32_t p : image.pixels)
        if (std::abs(static_cast<int>(Image::channel(p, 16)) - r) <= tolerance &&
            std::abs(static_cast<int>(Image::channel(p, 8)) - g) <= tolerance &&
            std::abs(static_cast<int>(Image::channel(p, 0)) - b) <= tolerance)
            ++n;
    return n;
}

std::uint32_t crc32(const unsigned char* data, std::size_t size) {
    std::uint32_t c = 0xffffffffU;
    for (std::size_t i = 0; i < size; ++i) {
        c ^= data[i];
        for (int k = 0; k < 8; ++k)
            c = (c & 1U) != 0 ? 0xedb88320U ^ (c >> 1) : c >> 1;
    }
    return c ^ 0xffffffffU;
}

std::uint32_t be32(const std::string& s, std::size_t at) {
    const auto u = [&](std::size_t i) {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + i]));
    };
    return (u(0) << 24) | (u(1) << 16) | (u(2) << 8) | u(3);
}

/// The PNG's resolution from its pHYs chunk (checked CRC, before IDAT) in dots per inch;
/// 0 when there is none.
double png_dpi(const std::string& path) {
    const std::string png = read_file(path);
    if (png.size() < 8 || png.compare(1, 3, "PNG") != 0) return 0;
    for (std::size_t at = 8; at + 12 <= png.size();) {
        const std::uint32_t length = be32(png, at);
        const std::string type = png.substr(at + 4, 4);
        if (at + 12 + length > png.size() || type == "IDAT") return 0;
        if (type == "pHYs" && length == 9) {
            const auto* body = reinterpret_cast<const unsigned char*>(png.data() + at + 4);
            if (crc32(body, 4 + length) != be32(png, at + 8 + length)) return 0;
            const std::uint32_t x = be32(png, at + 8), y = be32(png, at + 12);
            if (x != y || png[at + 16] != 1) return 0; // square pixels, unit metre
            return x * 0.0254;
        }
        at += 12 + length;
    }
    return 0;
}

// The reference pages: A4 rasterised at this resolution. A pixel "differs" when a channel is
// more than k_fuzz off (anti-aliasing of another cairo or poppler release stays under it); a
// page matches when at most k_max_differing (0.01 %, 24 pixels) of its pixels differ. One more
// character in the title is 50 pixels, 0.02 % (see ReferenceComparisonCatchesSmallChanges).
constexpr int k_reference_dpi = 50;
constexpr std::uint32_t k_fuzz = 64;
constexpr double k_max_differing = 0.0001;

std::string reference_dir() {
    return std::string(CORDON_SOURCE_DIR) + "/tests/reference";
}

/// One planned sample: import, three zones with routes, district checkpoints (as in
/// cli_print_test.cpp, so the references show what the other atlas tests check).
class Images : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        m_dir = new TempDir;
        m_project = new std::string(*m_dir / "sample.cordon");
        ASSERT_EQ(cli("import " + q(sample_osm()) + " -o " + q(*m_project), *m_dir).code, 0);
        plan_sample(*m_project, *m_dir);
    }
    static void TearDownTestSuite() {
        delete m_project;
        delete m_dir;
    }

    /// Prints the atlas with a fixed date and plan name (what the references show).
    nlohmann::json print(const std::string& pdf, const std::string& more = {}) {
        const CliRun r = cli("print " + q(*m_project) + " -o " + q(pdf) +
                                 " --date 2026-01-01 --plan-name 成都样例 --json " +
                                 q(*m_dir / "r.json") + " " + more,
                             *m_dir);
        EXPECT_EQ(r.code, 0) << r.err;
        return nlohmann::json::parse(read_file(*m_dir / "r.json"));
    }

    /// Page `page` of `pdf` as pdftoppm draws it at the reference resolution.
    Image page(const std::string& pdf, int page, const std::string& name) {
        const std::string prefix = *m_dir / name;
        shell("pdftoppm -png -singlefile -r " + std::to_string(k_reference_dpi) + " -f " +
              std::to_string(page) + " -l " + std::to_string(page) + " " + q(pdf) + " " +
              q(prefix));
        return load_png(prefix + ".png");
    }

    static TempDir* m_dir;
    static std::string* m_project;
};

TempDir* Images::m_dir = nullptr;
std::string* Images::m_project = nullptr;

} // namespace

TEST_F(Images, PngAtAChosenSizeAndDpi) {
    const cordon::geo::District d = cordon::geo::read_project(*m_project);
    ASSERT_FALSE(d.zones.empty());
    // A zone's view on 120 x 90 mm of paper at 300 dpi: 1417 x 1063 pixels.
    const std::string png = *m_dir / "zone300.png";
    const CliRun r = cli("render " + q(*m_project) + " -o " + q(png) + " --zone " +
                             q(d.zones.front().name) + " --size 120x90mm --dpi 300",
                         *m_dir);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("1417x1063 pixels, 300 dpi"), std::string::npos) << r.out;
    const Image image = load_png(png);
    EXPECT_EQ(image.width, 1417);
    EXPECT_EQ(image.height, 1063);
    EXPECT_NEAR(png_dpi(png), 300, 0.05); // stored as whole pixels per metre
    // Not blank: many colours, and much that is not the background.
    const std::set<std::uint32_t> colours(image.pixels.begin(), image.pixels.end());
    EXPECT_GT(colours.size(), 500u);
    const auto& style = cordon::render::map_style();
    EXPECT_LT(count_colour(image, style.background, 2), image.pixels.size() * 6 / 10);
    // The zone's outline in its colour.
    EXPECT_GT(count_colour(image, cordon::render::zone_colour(0), 24), image.pixels.size() / 500);

    // The district at 96 and at 300 dpi: the same map, only sharper. Scaled down to the
    // 96-dpi size, the 300-dpi image is much closer to the 96-dpi one than the same view
    // moved by a twentieth of its width is: widths, symbols and text grew with the resolution.
    const cordon::geo::Box e = d.focus_extent();
    const auto extent = [&](double shift) {
        const double dx = e.width() * shift;
        return std::to_string(e.minx + dx) + "," + std::to_string(e.miny) + "," +
               std::to_string(e.maxx + dx) + "," + std::to_string(e.maxy);
    };
    const std::string p96 = *m_dir / "d96.png", p300 = *m_dir / "d300.png";
    const std::string moved = *m_dir / "moved.png";
    const std::string base = "render " + q(*m_project) + " --size 480x360 --extent ";
    ASSERT_EQ(cli(base + extent(0) + " -o " + q(p96), *m_dir).code, 0);
    ASSERT_EQ(cli(base + extent(0) + " -o " + q(p300) + " --dpi 300", *m_dir).code, 0);
    ASSERT_EQ(cli(base + extent(0.05) + " -o " + q(moved), *m_dir).code, 0);
    const Image i96 = load_png(p96), i300 = load_png(p300), imoved = load_png(moved);
    EXPECT_NEAR(png_dpi(p96), 96, 0.05);
    ASSERT_EQ(i96.width, 480);
    ASSERT_EQ(i300.width, 1500);
    ASSERT_EQ(i300.height, 1125);
    for (std::size_t z = 0; z < d.zones.size(); ++z) {
        EXPECT_GT(count_colour(i96, cordon::render::zone_colour(z), 24), 200u) << z;
        EXPECT_GT(count_colour(i300, cordon::render::zone_colour(z), 24), 200u * 9) << z;
    }
    const Difference sharper = compare(resized(i300, 480, 360), i96, 255);
    const Difference shifted = compare(imoved, i96, 255);
    std::cout << "mean channel difference: 300 dpi scaled down " << sharper.mean << ", view moved "
              << shifted.mean << "\n";
    EXPECT_LT(sharper.mean, shifted.mean / 2);
}

TEST_F(Images, AtlasPagesMatchTheReferenceImages) {
    const std::string pdf = *m_dir / "atlas.pdf";
    const auto r = print(pdf);
    ASSERT_FALSE(r["zones"].empty());
    const bool update = std::getenv("CORDON_UPDATE_REFERENCES") != nullptr;
    const std::pair<int, std::string> pages[] = {
        {1, "atlas-overview"}, {r["zones"][0]["first_page"].get<int>(), "atlas-zone-1"}};
    for (const auto& [number, name] : pages) {
        const Image got = page(pdf, number, name);
        ASSERT_GT(got.width, 0) << name;
        const std::string reference = reference_dir() + "/" + name + ".png";
        if (update) {
            std::filesystem::copy_file(*m_dir / (name + ".png"), reference,
                                       std::filesystem::copy_options::overwrite_existing);
            std::cout << "updated " << reference << "\n";
            continue;
        }
        const Image want = load_png(reference);
        ASSERT_GT(want.width, 0) << reference << " is missing: see tests/reference/README.md";
        ASSERT_EQ(got.width, want.width) << name;
        ASSERT_EQ(got.height, want.height) << name;
        const Difference diff = compare(got, want, k_fuzz);
        std::cout << name << ": " << diff.pixels << " pixels (" << 100 * diff.fraction
                  << " %) differ, mean channel difference " << diff.mean << "\n";
        EXPECT_LE(diff.fraction, k_max_differing)
            << name << " differs from " << reference << "; look at " << *m_dir / (name + ".png")
            << " and see tests/reference/README.md";
    }
}

// Drawn on three threads (each into a PDF of its own, joined in page order), the atlas has
// the same pages as drawn on one: every page rasterised is the same, pixel for pixel, and
// holds the same words; the fonts stay embedded.
TEST_F(Images, AtlasOnThreadsHasTheSamePages) {
    const std::string one = *m_dir / "one-thread.pdf", three = *m_dir / "three-threads.pdf";
    const auto r1 = print(one, "--threads 1");
    const auto r3 = print(three, "--threads 3");
    const int pages = r1["pages"].get<int>();
    ASSERT_EQ(r3["pages"].get<int>(), pages);
    ASSERT_GT(pages, 4);
    for (int p = 1; p <= pages; ++p) {
        const Image a = page(one, p, "one-" + std::to_string(p));
        const Image b = page(three, p, "three-" + std::to_string(p));
        ASSERT_GT(a.width, 0) << p;
        ASSERT_EQ(a.width, b.width) << p;
        ASSERT_EQ(a.height, b.height) << p;
        EXPECT_EQ(compare(a, b, 0).pixels, 0u) << "page " << p;
        // The words, sorted: pdftotext's reading order between blocks depends on the fonts'
        // objects, which differ between the files.
        const auto text = [&](const std::string& pdf) {
            std::istringstream in(shell("pdftotext -enc UTF-8 -f " + std::to_string(p) + " -l " +
                                        std::to_string(p) + " " + q(pdf) + " -"));
            std::vector<std::string> words{std::istream_iterator<std::string>(in), {}};
            std::sort(words.begin(), words.end());
            return words;
        };
        EXPECT_EQ(text(one), text(three)) << "page " << p;
    }
    const std::string fonts = shell("pdffonts " + q(three));
    EXPECT_NE(fonts.find("WenQuanYiMicroHei"), std::string::npos) << fonts;
    EXPECT_EQ(fonts.find(" no "), std::string::npos) << fonts; // every font embedded
}

// The comparison can fail: another page, and one changed word in a header, are caught.
TEST_F(Images, ReferenceComparisonCatchesSmallChanges) {
    const std::string pdf = *m_dir / "other.pdf";
    const auto r = print(pdf, "--title 巡查图册乙");
    ASSERT_FALSE(r["zones"].empty());
    const Image overview = page(pdf, 1, "other-overview");
    const Image zone = page(pdf, r["zones"][0]["first_page"].get<int>(), "other-zone");
    const Image want_overview = load_png(reference_dir() + "/atlas-overview.png");
    const Image want_zone = load_png(reference_dir() + "/atlas-zone-1.png");
    ASSERT_GT(want_overview.width, 0);
    // A zone page is not the overview.
    EXPECT_GT(compare(zone, want_overview, k_fuzz).fraction, 20 * k_max_differing);
    // The overview with a one-character longer title (about 50 pixels).
    const Difference title = compare(overview, want_overview, k_fuzz);
    std::cout << "changed title: " << title.pixels << " pixels (" << 100 * title.fraction
              << " %) differ\n";
    EXPECT_GT(title.fraction, k_max_differing);
    // Zone pages are headed by the zone's name, not the atlas title: that page still matches.
    EXPECT_LE(compare(zone, want_zone, k_fuzz).fraction, k_max_differing);
}

// Every building in a zone's list can be found on its map: pdftotext finds each number
// 1..N inside the map frame of the zone page or, for a zone whose numbers do not read on one
// page (about 370 buildings each here), on exactly one of its detail sheets (分图 A, B, ...).
TEST_F(Images, EveryBuildingNumberIsOnTheZoneMap) {
    const std::string pdf = *m_dir / "numbers.pdf";
    const auto r = print(pdf);
    ASSERT_FALSE(r["zones"].empty());
    // The numbers inside a frame (x, y, w, h in points) of page `page`, each as often as found.
    const auto numbers_on = [&](int page, double x0, double y0, double w, double h) {
        const std::string words = shell("pdftotext -bbox -f " + std::to_string(page) + " -l " +
                                        std::to_string(page) + " " + q(pdf) + " -");
        std::multiset<int> found;
        const std::regex word("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" "
                              "yMax=\"([0-9.]+)\">([^<]+)</word>");
        for (std::sregex_iterator it(words.begin(), words.end(), word), end; it != end; ++it) {
            const double x = std::stod((*it)[1]), y = std::stod((*it)[2]);
            const std::string text = (*it)[5];
            // Building numbers are set upright in 6.5 or 5 points: not the scale bar's figures
            // nor zone labels ("片区 2"), set larger, nor figures in road names set along them.
            const double height = std::stod((*it)[4]) - y;
            const double width = std::stod((*it)[3]) - x;
            const bool number_size =
                height < 7 && width / static_cast<double>(text.size()) < height;
            if (x >= x0 && x <= x0 + w && y >= y0 && y <= y0 + h && number_size &&
                std::regex_match(text, std::regex("[0-9]+")))
                found.insert(std::stoi(text));
        }
        return found;
    };
    int with_sheets = 0;
    for (const auto& z : r["zones"]) {
        EXPECT_EQ(z["numbers_skipped"].get<int>(), 0) << z.dump();
        const int n = z["buildings"].get<int>();
        const int sheets = z["sheets"].get<int>();
        std::multiset<int> found;
        if (sheets == 0) {
            // The map frame of an A4 portrait zone page, in points (atlas.cpp layout()).
            found = numbers_on(z["first_page"].get<int>(), 28, 86, 539.3, 442.6);
        } else {
            ++with_sheets;
            // The sheets follow the list's pages; each map fills its page under the header.
            const int first = z["first_page"].get<int>() + z["pages"].get<int>() -
                              z["visit_pages"].get<int>() - sheets;
            for (int s = 0; s < sheets; ++s)
                for (int i : numbers_on(first + s, 28, 86, 539.3, 713.9))
                    found.insert(i);
        }
        std::string missing, twice;
        for (int i = 1; i <= n; ++i) {
            if (!found.count(i)) missing += " " + std::to_string(i);
            if (found.count(i) > 1) twice += " " + std::to_string(i);
        }
        EXPECT_TRUE(missing.empty())
            << z["name"] << " (" << n << " buildings): not on the map:" << missing;
        EXPECT_TRUE(twice.empty()) << z["name"] << ": numbered twice:" << twice;
    }
    std::cout << with_sheets << " of " << r["zones"].size() << " zones have detail sheets\n";
}
