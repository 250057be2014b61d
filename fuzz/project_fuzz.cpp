// libFuzzer harness: project files from elsewhere (geo::read_project: metadata, schema
// validation, rows, geometry BLOBs). A valid project is written once at start; each input is a
// list of byte patches (3 bytes offset, 1 byte value) applied to a copy of it, so most of the
// SQLite structure survives and the fuzzer reaches Cordon's own reading. Any input must end in
// a District or an InputError naming the file; a crash, another exception, or UB is a finding.

#include <cordon/geo/error.hpp>
#include <cordon/geo/project_store.hpp>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>

namespace {

using namespace cordon::geo;

MultiPolygon square(double x, double y, double size) {
    return {Polygon{{{{x, y}, {x + size, y}, {x + size, y + size}, {x, y + size}, {x, y}}}}};
}

District sample() {
    District d;
    d.meta.srid = 32648;
    d.meta.crs_name = "WGS 84 / UTM zone 48N";
    d.meta.history = {{"2026-11-28T10:00:00Z", "import", "{}", "{}"}};
    d.meta.parameters["zones"] = R"({"k":8})";
    d.communities.push_back({1, "c1", "玉林社区", "510107001", square(0, 0, 1000)});
    Compound c;
    c.id = 1, c.name = "锦绣花园", c.community_id = 1, c.geom = square(100, 100, 200);
    d.compounds.push_back(c);
    Building b;
    b.id = 1, b.name = "3栋", b.households = 48, b.floors = 6, b.compound_id = 1;
    b.geom = square(120, 120, 20);
    d.buildings.push_back(b);
    Gate g;
    g.id = 1, g.name = "南门", g.compound_id = 1, g.pos = {150, 100};
    d.gates.push_back(g);
    Road r;
    r.id = 1, r.name = "人民南路", r.cls = "primary", r.geom = {{0, 50}, {500, 50}};
    d.roads.push_back(r);
    d.checkpoints.push_back({1, 1, CheckpointKind::registration, "07-22", 3, "x", {250, 50}});
    d.network.nodes = {{1, 1, {0, 50}}, {2, 1, {500, 50}}};
    d.network.edges.push_back(
        {1, 1, 2, 1, "primary", 500, true, true, true, 1, {{0, 50}, {500, 50}}});
    return d;
}

std::string& seed() {
    static std::string bytes;
    return bytes;
}
const std::string& scratch() {
    static const std::string path = "/tmp/cordon-fuzz-project-" + std::to_string(::getpid());
    return path;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    cordon::SilentProgress progress;
    const std::string path = scratch() + ".seed.cordon";
    write_project(sample(), path, progress);
    std::ifstream in(path, std::ios::binary);
    seed().assign(std::istreambuf_iterator<char>(in), {});
    ::unlink(path.c_str());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string bytes = seed();
    for (std::size_t i = 0; i + 4 <= size; i += 4) {
        const std::size_t offset = (std::size_t(data[i]) << 16 | std::size_t(data[i + 1]) << 8 |
                                    std::size_t(data[i + 2])) %
                                   bytes.size();
        bytes[offset] = static_cast<char>(data[i + 3]);
    }
    const std::string path = scratch() + ".cordon";
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << bytes;
    }
    try {
        (void)read_project(path);
    } catch (const cordon::InputError&) {
    }
    // A migration (format_version patched lower) leaves a backup beside the file.
    for (int from = 0; from < cordon::geo::project_format_version; ++from)
        ::unlink((path + ".format" + std::to_string(from) + ".bak").c_str());
    return 0;
}
