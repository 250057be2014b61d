// libFuzzer harness: the checkpoint costs file given with `cordon-cli plan checkpoints --costs`
// (planner::read_checkpoint_costs: `CLASS = CREW` lines, CSV, or a JSON object). Any input must
// end in a table or an InputError; a crash, another exception, or UB is a finding.

#include <cordon/geo/error.hpp>
#include <cordon/planner/checkpoints.hpp>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = "/tmp/cordon-fuzz-costs-" + std::to_string(::getpid());
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        const auto costs = cordon::planner::read_checkpoint_costs(path, {"primary", "footway"});
        for (const auto& [cls, crew] : costs.crew)
            if (crew < 1 || crew > 1000) __builtin_trap(); // the documented range
        if (costs.other < 1 || costs.other > 1000) __builtin_trap();
    } catch (const cordon::InputError&) {
    }
    return 0;
}
