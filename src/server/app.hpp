#pragma once

#include <httplib.h>

#include <expected>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "alert/service.hpp"
#include "config/config.hpp"
#include "core/pipeline.hpp"
#include "core/store.hpp"
#include "probe/scheduler.hpp"
#include "server/ingest_queue.hpp"
#include "server/settings.hpp"
#include "server/web_assets.hpp"
#include "store/database_lock.hpp"
#include "telemetry/host.hpp"

namespace llmscope::server {

// Shown by /health and the dashboard when the samples come from a replayed
// recording rather than live probes.
struct ReplayInfo {
  std::string source;  // file name of the recorded trace
  double speed = 1;    // how many times faster than recorded
};

struct AppOptions {
  config::Config config;
  std::string api_key;               // required, non-empty
  std::span<const WebAsset> assets;  // the dashboard; may be empty
  std::optional<ReplayInfo> replay;
  bool probes = true;  // run the probe scheduler
  // The database's lock, when the caller took it already (serve does,
  // before it reads or generates the API key); otherwise the App takes it.
  std::shared_ptr<store::DatabaseLock> database_lock;
};

// The service: store, SPC pipeline, probe scheduler, host telemetry and
// the HTTP API with the dashboard, wired together. Created once per
// process (or per test); listen() blocks until stop() is called from
// another thread or a signal handler.
class App {
 public:
  static std::expected<std::unique_ptr<App>, std::string> create(AppOptions options);
  ~App();

  // Binds to the configured address; port 0 picks a free port. Returns
  // the bound port.
  std::expected<int, std::string> bind();

  // Serves until stop(). Call after bind().
  void listen();
  void stop();

  Pipeline& pipeline() { return *pipeline_; }
  Store& store() { return *store_; }
  IngestQueue& ingest_queue() { return *queue_; }
  Settings& settings() { return *settings_; }
  alert::AlertService& alerts() { return *alerts_; }
  const AppOptions& options() const { return options_; }
  telemetry::HostSnapshot host() const { return host_->latest(); }
  // The host readings of the last minutes (every 2 s, 30 minutes at
  // most), oldest first, and the newest of them.
  std::vector<telemetry::HostReading> host_history() const { return host_->history(); }
  telemetry::HostReading host_reading() const { return host_->newest_reading(); }

  // Re-reads the targets from the store and hands them to the scheduler.
  void reload_targets();

  // The probe scheduler, for its counters; null when probes are off.
  const probe::Scheduler* scheduler() const { return scheduler_.get(); }

  // Fills a sample's missing host telemetry with the current figures.
  void attach_host(Sample& sample) const;

 private:
  explicit App(AppOptions options);
  std::expected<void, std::string> init();
  std::expected<void, std::string> seed_targets();
  void install_routes();

  AppOptions options_;
  // Declared before the store: released only after the store has closed.
  std::shared_ptr<store::DatabaseLock> database_lock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<Settings> settings_;
  std::unique_ptr<alert::AlertService> alerts_;
  std::unique_ptr<telemetry::HostSampler> host_;
  std::unique_ptr<IngestQueue> queue_;
  std::unique_ptr<probe::Scheduler> scheduler_;
  httplib::Server http_;
};

// Route groups, each in its own file; all answer JSON.
void install_health_routes(httplib::Server& http, App& app);
void install_stats_routes(httplib::Server& http, App& app);
void install_baseline_routes(httplib::Server& http, App& app);
void install_violation_routes(httplib::Server& http, App& app);
void install_model_routes(httplib::Server& http, App& app);
void install_settings_routes(httplib::Server& http, App& app);
void install_alert_routes(httplib::Server& http, App& app);
// The live stream (/api/stream); each open stream holds a worker thread.
void install_stream_routes(httplib::Server& http, App& app);
void install_export_routes(httplib::Server& http, App& app);     // samples CSV
void install_probe_now_routes(httplib::Server& http, App& app);  // probe once
void install_static_routes(httplib::Server& http, std::span<const WebAsset> assets);

}  // namespace llmscope::server
