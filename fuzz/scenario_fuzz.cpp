// libFuzzer harness: the JSON a project carries in its parameters and history tables — a
// scenario row (`scenario:NAME`), the closed roads row, a history entry's parameters — read by
// the session functions the CLI and the app call on a project (list_scenarios, find_scenario,
// compare_scenarios, restore_scenario, closed_roads, plan_figures, staffing_params).
//
// The district comes from the project reader: the sample is written and read back once at
// start, and the input goes into the text columns read_project fills; one input in 32 (by its
// hash) is also stored and read back through the project file itself. Any input must end in a
// result or an InputError; a crash, another exception, or UB is a finding. Once a scenario or
// the closed roads have been read without an error, everything the CLI and the app do with
// them must work without one.

#include "sample_district.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/project_store.hpp>
#include <cordon/session/edit.hpp>
#include <cordon/session/plan.hpp>
#include <cordon/session/scenario.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <unistd.h>

namespace {

using namespace cordon;

const std::string& scratch() {
    static const std::string path =
        "/tmp/cordon-fuzz-scenario-" + std::to_string(::getpid()) + ".cordon";
    return path;
}

geo::District& base() {
    static geo::District d;
    return d;
}

/// What the app does with a scenario it lists (ScenariosPanel::Update).
void show_in_list(const session::Scenario& s) {
    const auto& st = s.figures.value("staffing", nlohmann::json::object());
    if (st.contains("people_per_day")) (void)st["people_per_day"].get<double>();
}

/// What the app does with a comparison (MainFrame::CompareScenarios).
void highlight(const nlohmann::json& cmp) {
    const auto& diff = cmp["differences"];
    for (const char* layer : {"gates", "compounds", "buildings", "roads"})
        for (const auto& x : diff[layer])
            (void)x["id"].get<geo::Id>();
    for (const char* side : {"checkpoints_only_in_a", "checkpoints_only_in_b"})
        for (const auto& c : diff[side])
            (void)(c.value("x", 0.0) + c.value("y", 0.0));
}

void scenario_row(const geo::District& from, const std::string& text) {
    geo::District d = from;
    session::save_scenario(d, session::capture_scenario(d, "good"));
    d.meta.parameters["scenario:fuzz"] = text;
    std::vector<session::Scenario> list;
    try {
        list = session::list_scenarios(d);
    } catch (const InputError&) {
        return;
    }
    // Read without an error: listing, comparing both ways and writing back must work.
    const auto good = session::find_scenario(d, "good");
    if (!good) __builtin_trap();
    for (const session::Scenario& s : list) {
        show_in_list(s);
        highlight(session::compare_scenarios(*good, s));
        highlight(session::compare_scenarios(s, *good));
        const nlohmann::json again = session::Scenario::from_json(s.to_json()).to_json();
        if (again != s.to_json()) __builtin_trap();
    }
    // Restoring may be refused (a checkpoint outside the district, an unknown road), never
    // crash.
    for (const session::Scenario& s : list) {
        geo::District copy = d;
        try {
            session::restore_scenario(copy, s);
            (void)session::plan_figures(copy);
        } catch (const InputError&) {
        }
    }
}

void closed_roads_row(const geo::District& from, const std::string& text) {
    geo::District d = from;
    d.meta.parameters["closed_roads"] = text;
    try {
        (void)session::closed_roads(d);
    } catch (const InputError&) {
        return;
    }
    // Read without an error: the figures, reopening and closing road 1, and a scenario of it.
    (void)session::plan_figures(d);
    session::apply_edit(d, session::SetRoadClosed{1, false});
    session::apply_edit(d, session::SetRoadClosed{1, true});
    session::save_scenario(d, session::capture_scenario(d, "closed"));
    (void)session::list_scenarios(d);
}

void history_entry(const geo::District& from, const std::string& text) {
    geo::District d = from;
    d.meta.history.push_back({"", "staffing", text, "{}"});
    const planner::StaffingParams p = session::staffing_params(d);
    if (!(p.shift_hours >= 1 && p.shift_hours <= 24)) __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    SilentProgress progress;
    geo::write_project(fuzz::sample_district_planned(), scratch(), progress);
    base() = geo::read_project(scratch());
    ::unlink(scratch().c_str());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const geo::District* d = &base();
    geo::District stored;
    if (std::hash<std::string>{}(text) % 32 == 0) {
        // Through the project file: the text stored in each column and read back.
        geo::District with = base();
        with.meta.parameters["scenario:fuzz"] = text;
        with.meta.parameters["closed_roads"] = text;
        with.meta.history.push_back({"", "staffing", text, "{}"});
        SilentProgress progress;
        geo::write_project(with, scratch(), progress);
        stored = geo::read_project(scratch());
        ::unlink(scratch().c_str());
        if (stored.meta.parameters["scenario:fuzz"] != text ||
            stored.meta.parameters["closed_roads"] != text ||
            stored.meta.history.back().parameters != text)
            __builtin_trap(); // the project must keep the text as it was
        stored.meta.history.pop_back();
        stored.meta.parameters.erase("scenario:fuzz");
        stored.meta.parameters.erase("closed_roads");
        d = &stored;
    }
    scenario_row(*d, text);
    closed_roads_row(*d, text);
    history_entry(*d, text);
    return 0;
}
