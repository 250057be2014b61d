#include "task.hpp"

#include "format.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/gui/plan_form.hpp>

#include <wx/progdlg.h>
#include <wx/timer.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <thread>

namespace cordon::gui {

namespace {

class SharedProgress final : public Progress {
public:
    bool cancel_requested() const override { return cancel.load(); }
    std::pair<std::string, double> Get() const {
        std::lock_guard<std::mutex> lock(m_mutex);
        return {m_stage, m_fraction};
    }
    std::atomic<bool> cancel{false};

protected:
    void on_progress(std::string_view stage, double fraction) override {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stage.assign(stage);
        m_fraction = fraction;
    }

private:
    mutable std::mutex m_mutex;
    std::string m_stage;
    double m_fraction = 0;
};

class Runner : public wxTimer {
public:
    Runner(wxWindow* parent, const wxString& title, std::function<void(Progress&)> work,
           std::function<void(std::exception_ptr)> done, bool dialog)
        : m_done(std::move(done)), m_title(title) {
        if (dialog)
            m_dialog = new wxProgressDialog(title, _("Starting..."), 1000, parent,
                                            wxPD_APP_MODAL | wxPD_CAN_ABORT | wxPD_ELAPSED_TIME |
                                                wxPD_AUTO_HIDE);
        m_thread = std::thread([this, work = std::move(work)] {
            try {
                work(m_progress);
            } catch (const std::bad_alloc&) {
                m_out_of_memory.store(true); // said in words on the UI thread (below)
            } catch (...) {
                m_error = std::current_exception();
            }
            m_finished.store(true);
        });
        Start(50);
    }

    void Notify() override {
        if (m_finished.load()) {
            Stop();
            m_thread.join();
            if (m_dialog != nullptr) m_dialog->Destroy();
            auto done = std::move(m_done);
            auto error = m_error;
            if (m_out_of_memory.load())
                error = std::make_exception_ptr(
                    Error(wxString::Format(_("Out of memory while %s; the project is unchanged."),
                                           m_title.Lower())
                              .utf8_string()));
            s_running = nullptr;
            delete this; // a timer may delete itself in Notify once stopped
            done(error);
            StartWaiting();
            return;
        }
        if (m_dialog != nullptr && !m_progress.cancel.load()) {
            const auto [stage, fraction] = m_progress.Get();
            const int value = std::clamp(static_cast<int>(fraction * 1000), 0, 999);
            const wxString text = stage.empty() ? wxString(_("Working..."))
                                                : wxGetTranslation(wxString::FromUTF8(stage));
            if (!m_dialog->Update(value, text)) {
                m_progress.cancel.store(true);
                m_dialog->Update(value, _("Cancelling..."));
            }
        }
    }

    /// Starts the first waiting task unless one runs (`done` may have started one).
    static void StartWaiting() {
        if (s_running != nullptr || s_waiting.empty()) return;
        auto start = std::move(s_waiting.front());
        s_waiting.pop_front();
        start();
    }

    static inline Runner* s_running = nullptr;
    /// Tasks started while another ran (a save asked for during an autosave), in order.
    static inline std::deque<std::function<void()>> s_waiting;

private:
    SharedProgress m_progress;
    std::function<void(std::exception_ptr)> m_done;
    wxProgressDialog* m_dialog = nullptr;
    std::thread m_thread;
    std::atomic<bool> m_finished{false};
    std::atomic<bool> m_out_of_memory{false};
    std::exception_ptr m_error;
    wxString m_title;
};

} // namespace

void RunTask(wxWindow* parent, const wxString& title, std::function<void(Progress&)> work,
             std::function<void(std::exception_ptr)> done, bool dialog) {
    auto start = [=, work = std::move(work), done = std::move(done)]() mutable {
        Runner::s_running = new Runner(parent, title, std::move(work), std::move(done), dialog);
    };
    if (Runner::s_running != nullptr)
        Runner::s_waiting.push_back(std::move(start));
    else
        start();
}

wxString ErrorText(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const Cancelled&) {
        return _("Cancelled: nothing was changed.");
    } catch (const ParamError& e) { // said with the field's label
        return wxString::FromUTF8(field_error_text(e, CurrentLanguage() == UiLanguage::zh));
    } catch (const std::exception& e) {
        return wxString::FromUTF8(e.what());
    }
    return {};
}

bool IsCancelled(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const Cancelled&) {
        return true;
    } catch (...) {
    }
    return false;
}

bool TaskRunning() {
    return Runner::s_running != nullptr || !Runner::s_waiting.empty();
}

} // namespace cordon::gui
