#pragma once
// The one progress/cancel interface of long operations (see QgsFeedback, GEOS Interrupt).

#include <string>
#include <string_view>

namespace cordon {

/// Long operations call report() now and then; the CLI prints a bar, the GUI a dialog.
/// When the planner asks to stop, cancel_requested() turns true and the next report()
/// throws Cancelled, so the operation unwinds and writes nothing.
class Progress {
public:
    virtual ~Progress() = default;

    /// Reports that stage `stage` is `fraction` (0..1) done; throws Cancelled if asked to.
    void report(std::string_view stage, double fraction);
    /// Convenience: `done` of `total` items.
    void report(std::string_view stage, std::size_t done, std::size_t total) {
        report(stage, total == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total));
    }

    virtual bool cancel_requested() const { return false; }

    /// Tells the planner of something found wrong and worked around (a project's dangling
    /// ids read as none): the CLI prints it on stderr. Never throws.
    void warn(std::string_view message) { on_warning(message); }

protected:
    virtual void on_progress(std::string_view stage, double fraction) = 0;
    virtual void on_warning(std::string_view) {}
};

/// A Progress that shows nothing and never cancels.
class SilentProgress final : public Progress {
protected:
    void on_progress(std::string_view, double) override {}
};

} // namespace cordon
