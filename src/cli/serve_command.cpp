// `llmscope serve`: the service.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/commands.hpp"
#include "cli/replay.hpp"
#include "config/config.hpp"
#include "server/app.hpp"
#include "server/web_assets.hpp"

namespace llmscope::cli {
namespace {

struct ServeOptions {
  std::optional<std::string> config_path;
  std::optional<int> port;
  std::optional<std::string> bind;
  std::optional<std::string> database;
  std::optional<std::string> replay_path;
  double replay_speed = 5;
  bool no_probes = false;
};

std::expected<config::Config, std::string> configure(const ServeOptions& o) {
  auto env = config::read_environment(".env");
  if (!env) return std::unexpected(env.error());
  auto c = config::load_config(o.config_path, *env);
  if (!c) return c;
  if (o.port) c->port = *o.port;
  if (o.bind) c->bind = *o.bind;
  if (o.database) c->database_path = *o.database;
  spdlog::set_level(spdlog::level::from_str(c->log_level));
  return c;
}

void announce_key(const config::ApiKey& key) {
  if (key.generated) {
    std::cout << "\nA new API key was generated and stored in " << key.source
              << " (it is shown only this once):\n\n    " << key.key
              << "\n\nSign in to the dashboard with it; send it as "
                 "'Authorization: Bearer <key>' to /api routes.\n\n"
              << std::flush;
  } else {
    spdlog::info("API key from {}", key.source);
  }
}

sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

// Blocks SIGINT and SIGTERM in this thread and every thread started after.
void block_stop_signals() {
  sigset_t set = stop_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

// Stops the app from a thread that waits for the stop signals, outside any
// signal handler.
std::thread signal_watcher(server::App& app) {
  return std::thread([&app, set = stop_signals()] {
    int sig = 0;
    sigwait(&set, &sig);
    if (sig != 0) spdlog::info("signal {}: stopping", sig);
    app.stop();
  });
}

int serve(const ServeOptions& o) {
  auto config = configure(o);
  if (!config) return std::cerr << "llmscope serve: " << config.error() << "\n", 2;
  // The database first: a start refused because another server has it
  // must not generate, show or remove that server's API key.
  auto lock = store::DatabaseLock::acquire(config->database_path);
  if (!lock) return std::cerr << "llmscope serve: " << lock.error() << "\n", 1;
  auto key = config::resolve_api_key(*config);
  if (!key) return std::cerr << "llmscope serve: " << key.error() << "\n", 2;

  std::optional<std::vector<TraceRun>> trace;
  server::AppOptions options{*config,
                             key->key,
                             server::web_assets(),
                             std::nullopt,
                             !o.no_probes && !o.replay_path,
                             std::make_shared<store::DatabaseLock>(std::move(*lock))};
  if (o.replay_path) {
    auto runs = load_trace(*o.replay_path);
    if (!runs) return std::cerr << "llmscope serve: " << runs.error() << "\n", 2;
    trace = std::move(*runs);
    options.replay = server::ReplayInfo{std::filesystem::path(*o.replay_path).filename().string(),
                                        o.replay_speed};
  }

  // Signals are blocked before the app starts its threads.
  block_stop_signals();

  // A key generated for a start that fails was never shown: forget it, so
  // that the next start generates and shows one.
  auto fail = [&key](const std::string& why) {
    if (key->generated) std::filesystem::remove(key->source);
    std::cerr << "llmscope serve: " << why << "\n";
    return 1;
  };
  auto app = server::App::create(std::move(options));
  if (!app) return fail(app.error());
  auto port = (*app)->bind();
  if (!port) return fail(port.error());
  announce_key(*key);

  std::thread watcher = signal_watcher(**app);
  std::optional<Replayer> replayer;
  if (trace) replayer.emplace((*app)->pipeline(), std::move(*trace), o.replay_speed);

  spdlog::info("LLMscope {} serving http://{}:{}/ (database {})", LLMSCOPE_VERSION, config->bind,
               *port, config->database_path);
  (*app)->listen();

  replayer.reset();
  pthread_kill(watcher.native_handle(), SIGTERM);  // wakes sigwait if still waiting
  watcher.join();
  app->reset();
  spdlog::info("stopped");
  return 0;
}

}  // namespace

void add_serve_command(CLI::App& root, Action& action) {
  auto opts = std::make_shared<ServeOptions>();
  CLI::App* cmd = root.add_subcommand("serve", "Run the service: probes, SPC, API and dashboard");
  cmd->add_option("--config", opts->config_path, "TOML configuration file")
      ->check(CLI::ExistingFile);
  cmd->add_option("--port", opts->port, "Port to listen on (default 8081; 0 = any free port)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--bind", opts->bind, "Address to listen on (default 127.0.0.1)");
  cmd->add_option("--database", opts->database,
                  "SQLite database file (default ./data/llmscope.db; env DATABASE_PATH)");
  cmd->add_option("--replay", opts->replay_path,
                  "Feed a recorded llmperf trace instead of probing (demo mode)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--replay-speed", opts->replay_speed,
                  "Replay speed: one request per 2 s divided by this (default 5)")
      ->check(CLI::Range(0.01, 1000.0));
  cmd->add_flag("--no-probes", opts->no_probes, "Do not probe targets; only accept samples");
  cmd->callback([opts, &action] { action = [opts] { return serve(*opts); }; });
}

}  // namespace llmscope::cli
