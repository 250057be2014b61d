#include "terminal_progress.hpp"

#include <cstdio>
#include <unistd.h>

namespace cordon::cli {

TerminalProgress::TerminalProgress() : tty_(::isatty(STDERR_FILENO) == 1) {}

TerminalProgress::~TerminalProgress() {
    if (drawn_) std::fputs("\n", stderr);
}

void TerminalProgress::on_progress(std::string_view stage, double fraction) {
    if (!tty_) return;
    const int percent = static_cast<int>(fraction * 100);
    const auto now = std::chrono::steady_clock::now();
    if (stage == stage_ && percent == last_percent_) return;
    if (stage == stage_ && now - last_draw_ < std::chrono::milliseconds(100) && percent < 100)
        return;
    last_draw_ = now;
    stage_ = stage;
    last_percent_ = percent;
    const int width = 30, filled = percent * width / 100;
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(width, '-');
    std::string label(stage.substr(0, 60));
    std::fprintf(stderr, "\r[%s] %3d%% %-60s", bar.c_str(), percent, label.c_str());
    std::fflush(stderr);
    drawn_ = true;
}

void TerminalProgress::on_warning(std::string_view message) {
    if (drawn_) std::fputs("\n", stderr);
    drawn_ = false;
    stage_.clear();
    std::fprintf(stderr, "cordon-cli: warning: %.*s\n", static_cast<int>(message.size()),
                 message.data());
}

} // namespace cordon::cli
