#include "terminal_progress.hpp"

#include <cstdio>
#include <unistd.h>

namespace cordon::cli {

TerminalProgress::TerminalProgress() : m_tty(::isatty(STDERR_FILENO) == 1) {}

TerminalProgress::~TerminalProgress() {
    if (m_drawn) std::fputs("\n", stderr);
}

void TerminalProgress::on_progress(std::string_view stage, double fraction) {
    if (!m_tty) return;
    const int percent = static_cast<int>(fraction * 100);
    const auto now = std::chrono::steady_clock::now();
    if (stage == m_stage && percent == m_last_percent) return;
    if (stage == m_stage && now - m_last_draw < std::chrono::milliseconds(100) && percent < 100)
        return;
    m_last_draw = now;
    m_stage = stage;
    m_last_percent = percent;
    const int width = 30, filled = percent * width / 100;
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(width, '-');
    std::string label(stage.substr(0, 60));
    std::fprintf(stderr, "\r[%s] %3d%% %-60s", bar.c_str(), percent, label.c_str());
    std::fflush(stderr);
    m_drawn = true;
}

void TerminalProgress::on_warning(std::string_view message) {
    if (m_drawn) std::fputs("\n", stderr);
    m_drawn = false;
    m_stage.clear();
    std::fprintf(stderr, "cordon-cli: warning: %.*s\n", static_cast<int>(message.size()),
                 message.data());
}

} // namespace cordon::cli
