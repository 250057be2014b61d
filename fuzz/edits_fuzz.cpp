// libFuzzer harness: the edits file of `cordon-cli edit --edits` (geo::read_json_file, then
// session::edits_from_json, then session::apply_edit on a small district) — the path the CLI
// takes, without the save. Any input must end in edits applied or an InputError; a crash,
// another exception, or UB is a finding. Properties: an edit read back from its own JSON is the
// same edit, and undoing every applied edit (their inverses, newest first) gives the figures
// back.

#include "sample_district.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/json_read.hpp>
#include <cordon/session/edit.hpp>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace cordon;
    static const std::string path = "/tmp/cordon-fuzz-edits-" + std::to_string(::getpid());
    static const geo::District sample = fuzz::sample_district_planned();
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    std::vector<session::Edit> edits;
    try {
        nlohmann::json j = geo::read_json_file(path);
        if (j.is_object()) j = nlohmann::json::array({j});
        edits = session::edits_from_json(j, path);
    } catch (const InputError&) {
        return 0;
    }
    for (const session::Edit& e : edits) {
        const nlohmann::json once = session::edit_to_json(e);
        if (session::edit_to_json(session::edit_from_json(once)) != once) __builtin_trap();
        (void)session::describe(e).size();
    }
    geo::District d = sample;
    const nlohmann::json before = session::plan_figures(d);
    std::vector<session::Edit> undo;
    for (const session::Edit& e : edits) {
        try {
            undo.push_back(session::apply_edit(d, e));
        } catch (const InputError&) {
            // Refused: the district is as it was before this edit.
        }
    }
    (void)session::plan_figures(d);
    for (auto it = undo.rbegin(); it != undo.rend(); ++it)
        session::apply_edit(d, *it); // an inverse must always apply
    if (session::plan_figures(d) != before) __builtin_trap();
    return 0;
}
