// libFuzzer harness: project files from elsewhere (geo::read_project: metadata, schema
// validation, rows, geometry BLOBs). A valid project is written once at start; each input is a
// list of byte patches (3 bytes offset, 1 byte value) applied to a copy of it, so most of the
// SQLite structure survives and the fuzzer reaches Cordon's own reading. Any input must end in
// a District or an InputError naming the file; a crash, another exception, or UB is a finding.

#include "sample_district.hpp"

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
    write_project(cordon::fuzz::sample_district(), path, progress);
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
