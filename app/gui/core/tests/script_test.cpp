#include <cordon/geo/error.hpp>
#include <cordon/gui/script.hpp>

#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

using namespace cordon;
using gui::ScriptRunner;
using gui::ScriptWords;

namespace {

/// A runner whose "later" calls wait in a queue the test runs by hand, with a log of what the
/// commands saw.
struct Harness {
    std::deque<std::pair<std::function<void()>, int>> later;
    bool busy = false;
    std::vector<std::string> log;
    int stops = 0;
    ScriptRunner runner{[this](std::function<void()> f, int ms) { later.emplace_back(f, ms); },
                        [this] { return busy; }};

    Harness() {
        runner.on_stop = [this] { ++stops; };
        runner.Add("say", 2, [this](const ScriptWords& w) {
            log.push_back(w[1]);
            return true;
        });
        runner.Add("bad", 1, [this](const ScriptWords&) {
            log.push_back("bad");
            return false;
        });
    }
    void Load(const std::string& text) {
        std::istringstream in(text);
        runner.Load(in);
    }
    /// Runs what waits until nothing does (at most `limit` calls).
    void Drain(int limit = 100) {
        while (!later.empty() && limit-- > 0) {
            auto f = later.front().first;
            later.pop_front();
            f();
        }
    }
};

} // namespace

TEST(ScriptRunner, RunsLinesInOrderSkippingCommentsAndBlankLines) {
    Harness h;
    h.Load("say a\n\n# say hidden\nsay b   \n  say c\n");
    h.runner.Next();
    h.Drain();
    EXPECT_EQ(h.log, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_FALSE(h.runner.Failed());
    EXPECT_EQ(h.stops, 0);
    EXPECT_TRUE(h.runner.Empty());
}

TEST(ScriptRunner, AsyncCommandHoldsTheNextLineUntilItsWorkIsDone) {
    Harness h;
    ScriptRunner::Continue pending;
    h.runner.AddAsync("work", 1, [&](const ScriptWords&, ScriptRunner::Continue next) {
        h.log.push_back("work started");
        pending = next;
    });
    h.Load("work\nsay after\n");
    h.runner.Next();
    h.Drain();
    EXPECT_EQ(h.log, (std::vector<std::string>{"work started"}));
    ASSERT_TRUE(pending);
    pending(false); // the work failed: the run is marked, the script goes on
    h.Drain();
    EXPECT_EQ(h.log, (std::vector<std::string>{"work started", "after"}));
    EXPECT_TRUE(h.runner.Failed());
    EXPECT_EQ(h.stops, 0);
}

TEST(ScriptRunner, CommandReturningFalseMarksTheRunFailedAndGoesOn) {
    Harness h;
    h.Load("bad\nsay next\n");
    h.runner.Next();
    h.Drain();
    EXPECT_EQ(h.log, (std::vector<std::string>{"bad", "next"}));
    EXPECT_TRUE(h.runner.Failed());
}

TEST(ScriptRunner, UnknownCommandStopsTheScript) {
    Harness h;
    h.Load("say a\nfly away\nsay never\n");
    h.runner.Next();
    h.Drain();
    EXPECT_EQ(h.log, (std::vector<std::string>{"a"}));
    EXPECT_TRUE(h.runner.Failed());
    EXPECT_EQ(h.stops, 1);
    EXPECT_TRUE(h.runner.Empty());
}

TEST(ScriptRunner, TooFewWordsStopsTheScriptWithoutRunningTheCommand) {
    Harness h;
    h.Load("say\nsay never\n");
    testing::internal::CaptureStderr();
    h.runner.Next();
    h.Drain();
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_TRUE(h.log.empty());
    EXPECT_NE(err.find("script: 'say' needs more words"), std::string::npos) << err;
    EXPECT_EQ(h.stops, 1);
}

TEST(ScriptRunner, WaitsWhileBusy) {
    Harness h;
    h.Load("say a\n");
    h.busy = true;
    h.runner.Next();
    ASSERT_EQ(h.later.size(), 1u);
    EXPECT_EQ(h.later.front().second, 50); // looks again in 50 ms
    h.Drain(5);
    EXPECT_TRUE(h.log.empty());
    h.busy = false;
    h.Drain();
    EXPECT_EQ(h.log, (std::vector<std::string>{"a"}));
}

TEST(ScriptRunner, FailStopsAndDropsTheRest) {
    Harness h;
    h.runner.AddAsync("boom", 1, [&](const ScriptWords&, ScriptRunner::Continue) {
        h.runner.Fail("script boom", "it broke");
    });
    h.Load("boom\nsay never\n");
    h.runner.Next();
    h.Drain();
    EXPECT_TRUE(h.log.empty());
    EXPECT_TRUE(h.runner.Failed());
    EXPECT_EQ(h.stops, 1);
    EXPECT_TRUE(h.runner.Empty());
}

TEST(ScriptWords, SplitAndNumbers) {
    EXPECT_EQ(gui::SplitScriptLine("  gate 12\topen "), (ScriptWords{"gate", "12", "open"}));
    EXPECT_TRUE(gui::SplitScriptLine("   ").empty());
    EXPECT_DOUBLE_EQ(gui::ScriptNumber("2.5"), 2.5);
    EXPECT_DOUBLE_EQ(gui::ScriptNumber("-300"), -300);
    EXPECT_THROW(gui::ScriptNumber("x1"), InputError);
}
