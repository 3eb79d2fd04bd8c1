#include "server/app.hpp"

#include <spdlog/spdlog.h>

#include "server/alert_settings.hpp"
#include "server/http_guard.hpp"
#include "server/http_util.hpp"
#include "server/spc_settings.hpp"
#include "store/sqlite_store.hpp"

namespace llmscope::server {
namespace {

MonitorSettings monitor_settings(const config::Config& c) {
  MonitorSettings s;
  s.baseline_window_ms = static_cast<std::int64_t>(c.baseline_hours * 3600 * 1000);
  s.min_points = static_cast<std::size_t>(c.min_baseline_points);
  s.alert_rules = c.alert_on_rule;
  s.close_after_clean = c.episode_close_after;
  return s;
}

}  // namespace

App::App(AppOptions options) : options_(std::move(options)) {}

App::~App() {
  stop();
  scheduler_.reset();  // no more samples
  queue_.reset();      // drains what the probes delivered
  alerts_.reset();     // finishes the delivery in flight
}

std::expected<std::unique_ptr<App>, std::string> App::create(AppOptions options) {
  if (options.api_key.empty()) return std::unexpected("no API key");
  std::unique_ptr<App> app(new App(std::move(options)));
  if (auto r = app->init(); !r) return std::unexpected(r.error());
  return app;
}

std::expected<void, std::string> App::init() {
  database_lock_ = std::move(options_.database_lock);
  if (!database_lock_) {
    auto lock = store::DatabaseLock::acquire(options_.config.database_path);
    if (!lock) return std::unexpected(lock.error());
    database_lock_ = std::make_shared<store::DatabaseLock>(std::move(*lock));
  }
  auto store = store::SqliteStore::open(options_.config.database_path);
  if (!store) return std::unexpected(store.error().message);
  store_ = std::move(*store);

  settings_ = std::make_unique<Settings>(*store_, setting_specs(options_.config));
  auto monitor = monitor_settings(options_.config);
  monitor.alert_rules = *config::parse_rule_list(settings_->get("alert_on_rule"));
  monitor = spc_monitor_settings(monitor, *settings_);
  pipeline_ = std::make_unique<Pipeline>(*store_, monitor);
  install_spc_settings(*settings_, *pipeline_, monitor_settings(options_.config));
  settings_->on_change([this](const std::string& key, const nlohmann::json& value) {
    if (key == "alert_on_rule")
      pipeline_->set_alert_rules(*config::parse_rule_list(value.get<std::string>()));
    if (is_alert_setting(key))
      alerts_->set_settings(alert_settings_from(*settings_, options_.config));
    spdlog::info("setting {} changed", key);
  });
  alerts_ = std::make_unique<alert::AlertService>(*store_,
                                                  alert_settings_from(*settings_, options_.config),
                                                  retry_schedule_from(options_.config.alerts));
  pipeline_->on_episode_change(
      [this](const EpisodeChange& c) { return alerts_->episode_changed(c); });
  alerts_->on_attempt([](const AlertDelivery& d, const alert::SendResult& r) {
    if (r.ok)
      spdlog::info("alert {} ({} {}, violation {}) delivered after {} attempt(s)", d.id,
                   to_string(d.channel), to_string(d.event), d.violation_id, d.attempts);
    else if (d.status == AlertDelivery::Status::failed)
      spdlog::error("alert {} ({}, violation {}) failed after {} attempt(s): {}", d.id,
                    to_string(d.channel), d.violation_id, d.attempts, r.error);
    else
      spdlog::warn("alert {} ({}) attempt {} failed, retrying: {}", d.id, to_string(d.channel),
                   d.attempts, r.error);
  });
  if (auto r = pipeline_->restore(now_ms()); !r)
    return std::unexpected("restoring SPC state: " + r.error().message);
  pipeline_->on_violation([this](const Violation& v) {
    alerts_->wake();  // the outbox may hold a new delivery
    if (v.points == 1 && v.state == Violation::State::open)
      spdlog::info("violation {} opened: {} on {}/{} {} = {:.1f} ({:+.1f} sigma)", v.id, v.rule,
                   log_safe(v.provider), log_safe(v.model), to_string(v.metric), v.value,
                   v.deviation_sigma);
    else if (v.state == Violation::State::closed)
      spdlog::info("violation {} closed after {} flagged points", v.id, v.points);
  });

  alerts_->start();

  host_ = std::make_unique<telemetry::HostSampler>();
  queue_ = std::make_unique<IngestQueue>(*pipeline_, [](const Sample& s, const StoreError& e) {
    spdlog::error("probe sample of {}/{} not stored: {}", log_safe(s.provider), log_safe(s.model),
                  e.message);
  });
  if (auto r = seed_targets(); !r) return r;
  if (options_.probes) {
    scheduler_ = std::make_unique<probe::Scheduler>([this](Sample s) {
      attach_host(s);
      queue_->push(std::move(s));
    });
    reload_targets();
    scheduler_->start();
  }
  install_routes();
  return {};
}

// Targets of the configuration (the [[targets]] tables and the original's
// USE_OLLAMA switch) are written to the store by name, so that the
// configuration wins over edits made through the API for those names.
std::expected<void, std::string> App::seed_targets() {
  std::vector<ProbeTarget> wanted = options_.config.targets;
  const auto& c = options_.config;
  if (c.use_ollama) {
    ProbeTarget t;
    t.provider = "ollama";
    t.base_url = c.ollama_base_url;
    t.model = c.ollama_model;
    t.name = "ollama/" + c.ollama_model;
    t.interval_s = c.monitor_interval_s;
    wanted.push_back(t);
  }
  auto existing = store_->targets();
  if (!existing) return std::unexpected(existing.error().message);
  for (ProbeTarget& t : wanted) {
    auto same = std::find_if(existing->begin(), existing->end(),
                             [&](const ProbeTarget& e) { return e.name == t.name; });
    StoreResult<void> r;
    if (same == existing->end()) {
      auto id = store_->insert_target(t);
      if (!id) r = std::unexpected(id.error());
    } else {
      t.id = same->id;
      r = store_->update_target(t);
    }
    if (!r) return std::unexpected("target " + t.name + ": " + r.error().message);
    spdlog::info("target {} ({} {} at {}) from the configuration", log_safe(t.name), t.provider,
                 t.model, t.base_url);
  }
  return {};
}

void App::reload_targets() {
  if (!scheduler_) return;
  auto targets = store_->targets();
  if (!targets) {
    spdlog::error("cannot read targets: {}", targets.error().message);
    return;
  }
  scheduler_->set_targets(*targets);
}

void App::attach_host(Sample& s) const {
  auto h = host_->latest();
  if (!s.cpu_percent) s.cpu_percent = h.cpu_percent;
  if (!s.memory_percent) s.memory_percent = h.memory_percent;
  if (!s.gpu_percent) s.gpu_percent = h.gpu_percent;
  if (!s.gpu_memory_percent) s.gpu_memory_percent = h.gpu_memory_percent;
}

void App::install_routes() {
  HttpLimits limits;
  limits.max_body_bytes = options_.config.max_body_bytes;
  configure_http_server(http_, limits, content_security_policy(options_.assets));

  // Every /api route needs the key: 401 without one, 403 with a wrong one.
  http_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    normalize_request(req);
    return reject_request(req, res, options_.api_key) ? httplib::Server::HandlerResponse::Handled
                                                      : httplib::Server::HandlerResponse::Unhandled;
  });

  install_health_routes(http_, *this);
  install_stats_routes(http_, *this);
  install_baseline_routes(http_, *this);
  install_violation_routes(http_, *this);
  install_model_routes(http_, *this);
  install_settings_routes(http_, *this);
  install_alert_routes(http_, *this);
  install_stream_routes(http_, *this);
  install_export_routes(http_, *this);
  install_probe_now_routes(http_, *this);
  install_static_routes(http_, options_.assets);

  // Errors raised by the HTTP layer itself get a JSON body too.
  http_.set_error_handler([limits](const httplib::Request& req, httplib::Response& res) {
    describe_http_error(req, res, limits);
  });
  http_.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown";
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        spdlog::error("{} {} failed: {}", req.method, req.path, what);
        send_error(res, 500, "internal error");
      });
}

std::expected<int, std::string> App::bind() {
  const auto& c = options_.config;
  int port = c.port == 0 ? http_.bind_to_any_port(c.bind)
                         : (http_.bind_to_port(c.bind, c.port) ? c.port : -1);
  if (port < 0)
    return std::unexpected("cannot listen on " + c.bind + ":" + std::to_string(c.port) +
                           " (in use, or not an address of this machine)");
  return port;
}

void App::listen() { http_.listen_after_bind(); }

void App::stop() {
  if (http_.is_running()) http_.stop();
  if (scheduler_) scheduler_->stop();
}

}  // namespace llmscope::server
