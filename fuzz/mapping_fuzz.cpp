// libFuzzer harness: the import mapping files Cordon parses itself (read_mapping_file,
// parse_layer_map, parse_field_map). Any input must end in a result or an InputError; any other
// exception, crash, leak or undefined behaviour is a finding.

#include <cordon/geo/error.hpp>
#include <cordon/geo/import.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>

namespace {

const std::string& scratch_path() {
    static const std::string path =
        "/tmp/cordon-fuzz-mapping-" + std::to_string(::getpid()) + ".map";
    return path;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    using namespace cordon::geo;
    {
        std::ofstream out(scratch_path(), std::ios::binary | std::ios::trunc);
        out << text;
    }
    try {
        ImportOptions options;
        read_mapping_file(scratch_path(), options);
        for (const LayerMap& m : options.maps)
            if (m.role.empty()) __builtin_trap(); // a layer map always names its role
    } catch (const cordon::InputError&) {
    }
    // The first line as a --map and as a --field argument.
    const std::string line = text.substr(0, text.find('\n'));
    try {
        const LayerMap m = parse_layer_map(line);
        if (m.role.empty()) __builtin_trap();
    } catch (const cordon::InputError&) {
    }
    try {
        const auto [key, field] = parse_field_map(line);
        if (key.empty()) __builtin_trap();
    } catch (const cordon::InputError&) {
    }
    return 0;
}
