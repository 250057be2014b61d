#include "basemap_loader.hpp"

#include <cordon/geo/basemap.hpp>
#include <cordon/geo/error.hpp>
#include <cordon/geo/progress.hpp>

#include <wx/app.h>

#include <algorithm>
#include <mutex>
#include <thread>

namespace cordon::gui {

namespace {

/// What of the basemaps changes their pictures or how they are drawn.
std::string Fingerprint(const geo::District& district) {
    std::string f = std::to_string(district.meta.srid);
    for (const auto& b : district.basemaps)
        f += "|" + std::to_string(b.id) + "," + b.source + "," + b.source_crs + "," +
             std::to_string(b.opacity) + "," + (b.grey ? "g" : "") + (b.visible ? "v" : "") + "," +
             std::to_string(b.order);
    return f;
}

bool DrawnBefore(const geo::Basemap& a, const geo::Basemap& b) {
    return a.order != b.order ? a.order < b.order : a.id < b.id;
}

} // namespace

struct BasemapLoader::Job {
    std::atomic<bool> cancel{false};
    std::thread thread;
};

namespace {

/// The worker's progress: cancelled when a newer view asks; warnings (a tile service drawn
/// from the offline cache) kept for the UI thread.
class JobProgress final : public Progress {
public:
    JobProgress(const std::atomic<bool>& cancel, std::vector<std::string>& warnings)
        : m_cancel(cancel), m_warnings(warnings) {}
    bool cancel_requested() const override { return m_cancel; }

protected:
    void on_progress(std::string_view, double) override {}
    void on_warning(std::string_view message) override { m_warnings.emplace_back(message); }

private:
    const std::atomic<bool>& m_cancel;
    std::vector<std::string>& m_warnings;
};

} // namespace

BasemapLoader::BasemapLoader() = default;

BasemapLoader::~BasemapLoader() {
    *m_alive = false;
    m_alive.reset();
    if (m_job) {
        m_job->cancel = true;
        // The worker stops at its next progress check (between chunks of a warp).
        if (m_job->thread.joinable()) m_job->thread.join();
    }
}

void BasemapLoader::Clear() {
    m_images.clear();
    m_warnings.clear();
    m_last.reset();
    m_last_fingerprint.clear();
    m_pending.reset();
    if (m_job) m_job->cancel = true;
}

void BasemapLoader::Request(std::shared_ptr<const geo::District> district, const render::View& view,
                            int width, int height) {
    if (district == nullptr || district->basemaps.empty() || width <= 0 || height <= 0) {
        if (!m_images.empty() || !m_warnings.empty() || m_last) Clear();
        return;
    }
    const std::string fingerprint = Fingerprint(*district);
    // The district may be the same object changed in place (the document's edits): what its
    // basemaps were is compared, not the pointer.
    if (m_last && m_last->width == width && m_last->height == height &&
        m_last->view.scale == view.scale && m_last->view.centre == view.centre &&
        m_last_fingerprint == fingerprint)
        return;
    Ask ask{district->meta, district->basemaps, view, width, height};
    m_last = ask;
    m_last_fingerprint = fingerprint;
    if (m_first_request == std::chrono::steady_clock::time_point{})
        m_first_request = std::chrono::steady_clock::now();
    if (m_running) {
        m_job->cancel = true;
        m_pending = std::move(ask);
        return;
    }
    Start(std::move(ask));
}

void BasemapLoader::Start(Ask ask) {
    if (m_job && m_job->thread.joinable()) m_job->thread.join(); // finished: it posted its last
    auto job = std::make_shared<Job>();
    m_job = job;
    m_running = true;
    m_incoming_warnings.clear();
    std::weak_ptr<bool> alive = m_alive;
    job->thread = std::thread([this, job, ask, alive] {
        // One basemap at a time in drawing order, each handed to the UI thread as it arrives.
        const std::vector<geo::Basemap> order = geo::basemaps_in_drawing_order(ask.basemaps);
        std::size_t i = 0;
        do {
            std::vector<render::BasemapImage> images;
            std::vector<std::string> warnings;
            bool stop = job->cancel;
            if (!stop && i < order.size()) {
                geo::District one;
                one.meta = ask.meta;
                one.basemaps = {order[i]};
                try {
                    JobProgress progress(job->cancel, warnings);
                    images = render::warp_basemaps(one, ask.view, ask.width, ask.height, 1.0,
                                                   progress, warnings);
                } catch (const Cancelled&) {
                    stop = true;
                } catch (const std::exception& e) {
                    warnings.push_back(e.what());
                }
            }
            ++i;
            const bool last = stop || i >= order.size();
            wxTheApp->CallAfter([this, alive, job, images = std::move(images),
                                 warnings = std::move(warnings), last]() mutable {
                if (alive.expired()) return;
                Arrived(job, std::move(images), std::move(warnings), last);
            });
            if (last) return;
        } while (true);
    });
}

void BasemapLoader::Arrived(const std::shared_ptr<Job>& job,
                            std::vector<render::BasemapImage> images,
                            std::vector<std::string> warnings, bool last) {
    if (job != m_job) return;
    if (!job->cancel) {
        for (auto& image : images) {
            // The newer picture of a basemap replaces its older one; the others stay drawn.
            std::erase_if(m_images, [&](const render::BasemapImage& old) {
                return old.basemap.id == image.basemap.id;
            });
            m_images.push_back(std::move(image));
            ++m_arrived;
            if (m_first_image_ms == 0)
                m_first_image_ms = std::chrono::duration<double, std::milli>(
                                       std::chrono::steady_clock::now() - m_first_request)
                                       .count();
        }
        for (auto& w : warnings)
            m_incoming_warnings.push_back(std::move(w));
        std::sort(m_images.begin(), m_images.end(),
                  [](const render::BasemapImage& a, const render::BasemapImage& b) {
                      return DrawnBefore(a.basemap, b.basemap);
                  });
    }
    if (last) {
        m_running = false;
        if (job->cancel) {
            ++m_cancelled;
        } else {
            m_warnings = std::move(m_incoming_warnings);
            // Basemaps removed or hidden since: their pictures go.
            std::erase_if(m_images, [&](const render::BasemapImage& image) {
                return m_last && std::none_of(m_last->basemaps.begin(), m_last->basemaps.end(),
                                              [&](const geo::Basemap& b) {
                                                  return b.id == image.basemap.id && b.visible;
                                              });
            });
        }
        m_incoming_warnings.clear();
        if (m_pending) {
            Ask next = std::move(*m_pending);
            m_pending.reset();
            Start(std::move(next));
        }
    }
    if (on_arrived) on_arrived();
}

} // namespace cordon::gui
