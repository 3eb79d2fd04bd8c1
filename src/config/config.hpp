#pragma once

#include <cstddef>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/alert_config.hpp"
#include "core/target.hpp"

namespace llmscope::config {

// Everything the service is configured with. The defaults here are the
// service's defaults; each says why.
struct Config {
  // Loopback only unless asked: the API is keyed, but a monitor should not
  // be reachable from the network by accident.
  std::string bind = "127.0.0.1";
  int port = 8081;  // the original LLMscope's port

  // Bearer key for every /api route. Empty: read from (or generated into)
  // the file `api_key_file`; there is never a well-known default key.
  std::string api_key;
  std::string api_key_file;  // default: "api_key" beside the database

  std::string database_path = "./data/llmscope.db";  // DATABASE_PATH

  // The original's single-Ollama switch (USE_OLLAMA, OLLAMA_BASE_URL,
  // OLLAMA_MODEL); when on, a target "ollama/<model>" is probed.
  bool use_ollama = false;
  std::string ollama_base_url = "http://localhost:11434";
  std::string ollama_model = "llama3.2:1b";
  double monitor_interval_s = 2.0;  // MONITOR_INTERVAL: the original's 2 s

  // SPC: rules that open violations (the original's R1..R3 = Nelson 1..3),
  // the rolling baseline (24 h, no rule judged before 20 points: fewer give
  // limits too noisy to trust) and episodes (closed after 10 clean points).
  std::vector<int> alert_on_rule = {1, 2, 3};
  double baseline_hours = 24;
  int min_baseline_points = 20;
  int episode_close_after = 10;

  // Environment variables that targets created through the API may name
  // as api_key_env. Empty by default: through the API a key is sent as
  // api_key (stored, never returned); targets of the config file may name
  // any variable.
  std::vector<std::string> allowed_api_key_envs;

  // Largest request body accepted (a batch of ~50,000 samples).
  std::size_t max_body_bytes = 16 * 1024 * 1024;

  // Targets from the config file ([[targets]] tables).
  std::vector<ProbeTarget> targets;

  std::string log_level = "info";

  // Whether the dashboard's first-run setup wizard was finished or skipped
  // (run-time setting setup_completed). False: a new installation opens the
  // wizard in whichever browser comes first; once done it stays done.
  bool setup_completed = false;

  // Email, Slack and webhook alerts: see alert_config.hpp.
  AlertConfig alerts;
};

// Environment variables, the seam through which tests configure the
// service without touching the process environment.
using Environment = std::map<std::string, std::string>;

// The process environment, with the variables of `dotenv_path` (a .env
// file: KEY=VALUE lines, '#' comments, optional quotes and `export `)
// added where the process does not already set them. A missing file is
// not an error.
std::expected<Environment, std::string> read_environment(
    const std::string& dotenv_path = ".env");

// Parses .env text into variables.
std::expected<Environment, std::string> parse_dotenv(const std::string& text);

// Builds the configuration: defaults, then the TOML file (when given),
// then the environment variables of the original LLMscope. Errors name
// the file, key and problem.
std::expected<Config, std::string> load_config(
    const std::optional<std::string>& toml_path, const Environment& env);

// Parses "R1,R2,R3" (or "1,2,3") into test numbers 1..8.
std::expected<std::vector<int>, std::string> parse_rule_list(
    const std::string& text);

// Formats test numbers as "R1,R2,R3".
std::string format_rule_list(const std::vector<int>& rules);

// Returns the configured API key or the stored one, generating and storing
// a new random key on first start (`generated` is set then). The key file
// is created with mode 0600.
struct ApiKey {
  std::string key;
  std::string source;  // "configuration", or the key file's path
  bool generated = false;
};
std::expected<ApiKey, std::string> resolve_api_key(const Config& config);

}  // namespace llmscope::config
