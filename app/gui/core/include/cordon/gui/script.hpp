#pragma once
// The app's test script (`cordon --script FILE`): one command a line, run one after another
// from a table of commands. A command that starts work (open, plan, save) continues the
// script when that work is done, and no line starts while work runs. The runner knows no
// window: the app registers its commands and says how to run something later on its UI
// thread.

#include <cstddef>
#include <deque>
#include <functional>
#include <istream>
#include <map>
#include <string>
#include <vector>

namespace cordon::gui {

/// A script line split at blanks; the command is the first word.
using ScriptWords = std::vector<std::string>;
ScriptWords SplitScriptLine(const std::string& line);
/// A number written in a script; throws InputError "script: 'x' is not a number".
double ScriptNumber(const std::string& text);

class ScriptRunner {
public:
    /// Continues the script once a command's work is done; `ok` false marks the run failed
    /// (the exit code) and the script goes on.
    using Continue = std::function<void(bool ok)>;
    /// A command done when it returns: false marks the run failed and the script goes on;
    /// throwing stops the script (the message is printed, on_stop runs).
    using Command = std::function<bool(const ScriptWords& words)>;
    /// A command that starts work and calls `next` once when it is done.
    using AsyncCommand = std::function<void(const ScriptWords& words, Continue next)>;
    /// Runs `f` later on the UI thread: after `ms` milliseconds, or as soon as it may (0).
    using Later = std::function<void(std::function<void()> f, int ms)>;

    /// `busy`: whether work runs that the next line waits for (looked at every 50 ms).
    ScriptRunner(Later later, std::function<bool()> busy);

    /// Registers a command: `words` is how many words it needs at least, its name counted.
    void Add(const std::string& name, std::size_t words, Command run);
    void AddAsync(const std::string& name, std::size_t words, AsyncCommand run);
    bool Has(const std::string& name) const { return m_commands.count(name) > 0; }

    /// Appends the lines of `in`; blank lines and lines starting with '#' are skipped.
    void Load(std::istream& in);
    bool Empty() const { return m_lines.empty(); }
    /// Runs the next line (later, once no work runs); each line continues with the next.
    void Next();
    /// Drops the lines not run yet (quit).
    void Stop() { m_lines.clear(); }
    /// Stops the script because of `message` (printed as "cordon: CONTEXT: MESSAGE"): the
    /// run failed, the remaining lines are dropped, on_stop runs.
    void Fail(const std::string& context, const std::string& message);
    /// Runs `f` later on the UI thread (for commands that wait).
    void RunLater(std::function<void()> f, int ms) { m_later(std::move(f), ms); }
    /// Whether a line failed (the app exits with 1).
    bool Failed() const { return m_failed; }

    /// Called when a line threw or Fail was called (the app closes its window).
    std::function<void()> on_stop;

private:
    struct Entry {
        std::size_t words = 1;
        Command run;
        AsyncCommand run_async;
    };
    void Run(const std::string& line);
    Continue Resume();

    Later m_later;
    std::function<bool()> m_busy;
    std::map<std::string, Entry> m_commands;
    std::deque<std::string> m_lines;
    bool m_failed = false;
};

} // namespace cordon::gui
