#include <cordon/geo/error.hpp>
#include <cordon/gui/script.hpp>

#include <cstdio>
#include <exception>
#include <sstream>

namespace cordon::gui {

ScriptWords SplitScriptLine(const std::string& line) {
    std::istringstream in(line);
    ScriptWords words;
    for (std::string w; in >> w;)
        words.push_back(w);
    return words;
}

double ScriptNumber(const std::string& text) {
    try {
        return std::stod(text);
    } catch (const std::exception&) {
        throw InputError("script: '" + text + "' is not a number");
    }
}

ScriptRunner::ScriptRunner(Later later, std::function<bool()> busy)
    : m_later(std::move(later)), m_busy(std::move(busy)) {}

void ScriptRunner::Add(const std::string& name, std::size_t words, Command run) {
    m_commands[name] = Entry{words, std::move(run), {}};
}

void ScriptRunner::AddAsync(const std::string& name, std::size_t words, AsyncCommand run) {
    m_commands[name] = Entry{words, {}, std::move(run)};
}

void ScriptRunner::Load(std::istream& in) {
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] != '#') m_lines.push_back(line);
}

void ScriptRunner::Next() {
    if (m_busy && m_busy()) { // a plan or a save is running, or the table's filter
        m_later([this] { Next(); }, 50);
        return;
    }
    if (m_lines.empty()) return;
    const std::string line = m_lines.front();
    m_lines.pop_front();
    try {
        Run(line);
    } catch (const std::exception& e) {
        Fail("script line '" + line + "'", e.what());
    }
}

void ScriptRunner::Fail(const std::string& context, const std::string& message) {
    std::fprintf(stderr, "cordon: %s: %s\n", context.c_str(), message.c_str());
    m_failed = true;
    m_lines.clear();
    if (on_stop) on_stop();
}

ScriptRunner::Continue ScriptRunner::Resume() {
    return [this](bool ok) {
        if (!ok) m_failed = true;
        m_later([this] { Next(); }, 0);
    };
}

void ScriptRunner::Run(const std::string& line) {
    const ScriptWords words = SplitScriptLine(line);
    if (words.empty()) return Resume()(true);
    std::printf("script: %s\n", line.c_str());
    std::fflush(stdout);
    const auto it = m_commands.find(words[0]);
    if (it == m_commands.end()) throw InputError("script: unknown command '" + words[0] + "'");
    const Entry& command = it->second;
    if (words.size() < command.words) throw InputError("script: '" + line + "' needs more words");
    if (command.run_async) return command.run_async(words, Resume());
    const bool ok = command.run(words);
    Resume()(ok);
}

} // namespace cordon::gui
