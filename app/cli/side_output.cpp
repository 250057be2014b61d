#include "side_output.hpp"

#include "commands.hpp"

#include <iostream>

namespace cordon::cli {

SideOutput::SideOutput(std::optional<std::string> path) : m_path(std::move(path)) {
    if (m_path && *m_path != "-") m_file = std::make_unique<geo::OutputFile>(*m_path);
}

void SideOutput::write(const std::string& text) {
    if (m_file) {
        m_file->write(text);
        m_file->finish();
    } else if (m_path) {
        m_stdout = text;
    }
}

void SideOutput::commit() {
    if (m_file) m_file->commit();
    if (m_path && *m_path == "-") std::cout << m_stdout;
}

void write_text(const std::string& path, const std::string& text) {
    if (path == "-") {
        std::cout << text;
        return;
    }
    geo::write_output(path, text);
}

} // namespace cordon::cli
