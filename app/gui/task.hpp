#pragma once
// Long work off the UI thread: a worker thread with cordon::Progress, a progress dialog with
// Cancel updated by a timer, and a completion call back on the UI thread.

#include <cordon/geo/progress.hpp>

#include <wx/string.h>
#include <wx/window.h>

#include <exception>
#include <functional>

namespace cordon::gui {

/// Runs `work` on a worker thread. With `dialog`, a progress dialog titled `title` shows the
/// stage and fraction and has a Cancel button (cancel_requested() turns true; the work
/// throws Cancelled at its next report). `done` runs on the UI thread afterwards with the
/// exception the work threw, if any. Only one task runs at a time: a task started while
/// another runs (a save asked for during an autosave) starts when that one is done.
void RunTask(wxWindow* parent, const wxString& title, std::function<void(Progress&)> work,
             std::function<void(std::exception_ptr)> done, bool dialog = true);

/// Whether a task is running (the test script waits for it).
bool TaskRunning();

/// A task's error in words ("Cancelled: nothing was changed." when it was cancelled).
wxString ErrorText(std::exception_ptr error);
bool IsCancelled(std::exception_ptr error);

} // namespace cordon::gui
