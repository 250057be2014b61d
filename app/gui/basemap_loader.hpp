#pragma once
// The map canvas's basemaps (issue 18): warped for the view on a worker thread (tiles fetched
// and decoded there, never on the UI thread), handed to the canvas as each basemap arrives;
// a newer view cancels the work for the older one. The images of the last view stay drawn
// (at their own place) while the next ones load, so panning shows the old picture at once.

#include <cordon/geo/district.hpp>
#include <cordon/render/basemap_layer.hpp>
#include <cordon/render/view.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cordon::gui {

class BasemapLoader {
public:
    BasemapLoader();
    ~BasemapLoader();
    BasemapLoader(const BasemapLoader&) = delete;
    BasemapLoader& operator=(const BasemapLoader&) = delete;

    /// Asks for the basemaps of `district` seen through `view` at `width` x `height` pixels.
    /// Nothing happens when that is what was last asked for; otherwise the running job is
    /// told to stop and a new one starts when it has (at most one worker at a time).
    void Request(std::shared_ptr<const geo::District> district, const render::View& view, int width,
                 int height);
    /// Forgets every image (another project, a basemap removed or changed).
    void Clear();

    /// The images to draw now (never null): of the last view that finished, or of this one.
    const std::vector<render::BasemapImage>* Images() const { return &m_images; }
    bool Loading() const { return m_running || m_pending.has_value(); }
    /// What could not be drawn, one message per basemap ("basemap 'NAME': ...").
    const std::vector<std::string>& Warnings() const { return m_warnings; }
    /// From the first request to the first image, in ms (0 before).
    double FirstImageMs() const { return m_first_image_ms; }
    int ImagesArrived() const { return m_arrived; }
    int JobsCancelled() const { return m_cancelled; }
    /// The view last asked for: centre x, y (m), metres per pixel, width, height (tests).
    std::vector<double> LastView() const {
        if (!m_last) return {};
        return {m_last->view.centre.x, m_last->view.centre.y, m_last->view.scale,
                static_cast<double>(m_last->width), static_cast<double>(m_last->height)};
    }

    /// Called on the UI thread when images or warnings arrived (the canvas redraws).
    std::function<void()> on_arrived;

private:
    struct Job;
    struct Ask {
        /// Copies, made on the UI thread: the document may change its district in place while
        /// the worker runs.
        geo::ProjectMeta meta;
        std::vector<geo::Basemap> basemaps;
        render::View view;
        int width = 0;
        int height = 0;
    };
    void Start(Ask ask);
    void Arrived(const std::shared_ptr<Job>& job, std::vector<render::BasemapImage> images,
                 std::vector<std::string> warnings, bool last);

    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
    std::shared_ptr<Job> m_job;
    bool m_running = false;
    std::optional<Ask> m_pending;
    std::optional<Ask> m_last;
    std::string m_last_fingerprint; ///< of m_last's basemaps when it was asked for
    std::vector<render::BasemapImage> m_images;
    std::vector<std::string> m_incoming_warnings; ///< of the running job, so far
    std::vector<std::string> m_warnings;
    std::chrono::steady_clock::time_point m_first_request{};
    double m_first_image_ms = 0;
    int m_arrived = 0;
    int m_cancelled = 0;
};

} // namespace cordon::gui
