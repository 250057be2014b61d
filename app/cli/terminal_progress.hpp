#pragma once
// The CLI's view of the one progress interface: a bar on stderr when it is a terminal.

#include <cordon/geo/progress.hpp>

#include <chrono>
#include <string>

namespace cordon::cli {

class TerminalProgress final : public Progress {
public:
    TerminalProgress();
    ~TerminalProgress() override;
    TerminalProgress(const TerminalProgress&) = delete;
    TerminalProgress& operator=(const TerminalProgress&) = delete;

protected:
    void on_progress(std::string_view stage, double fraction) override;
    void on_warning(std::string_view message) override;

private:
    bool m_tty;
    bool m_drawn = false;
    std::string m_stage;
    int m_last_percent = -1;
    std::chrono::steady_clock::time_point m_last_draw;
};

} // namespace cordon::cli
