// `llmscope probe`: one probe of one endpoint, with its full timing
// breakdown, to debug an endpoint before or while monitoring it. The
// endpoint is either given on the command line or a target found by name
// in the configuration file or the database.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "config/config.hpp"
#include "core/target.hpp"
#include "probe/probe.hpp"
#include "probe/report.hpp"
#include "store/sqlite_store.hpp"

namespace llmscope::cli {
namespace {

struct ProbeArgs {
  ProbeTarget target;
  std::vector<std::string> headers;  // "Name: value"
  std::optional<std::string> target_name;
  std::optional<std::string> config_path;
  std::optional<std::string> database;
  bool json = false;
  bool once = true;
};

// "Name: value" -> headers[Name] = value; false when there is no colon.
bool add_header(const std::string& line, std::map<std::string, std::string>& headers) {
  auto colon = line.find(':');
  if (colon == std::string::npos || colon == 0) return false;
  std::string value = line.substr(colon + 1);
  value.erase(0, value.find_first_not_of(' '));
  headers[line.substr(0, colon)] = value;
  return true;
}

// The target named `name`: the configuration file's [[targets]] first,
// then the database's (targets added through the API).
std::expected<ProbeTarget, std::string> find_named_target(const ProbeArgs& args,
                                                          const std::string& name) {
  auto env = config::read_environment(".env");
  if (!env) return std::unexpected(env.error());
  auto cfg = config::load_config(args.config_path, *env);
  if (!cfg) return std::unexpected(cfg.error());
  for (const ProbeTarget& t : cfg->targets)
    if (t.name == name) return t;

  std::string path = args.database.value_or(cfg->database_path);
  auto db = store::SqliteStore::open(path);
  if (!db) return std::unexpected(db.error().message);
  auto targets = (*db)->targets();
  if (!targets) return std::unexpected(targets.error().message);
  for (const ProbeTarget& t : *targets)
    if (t.name == name) return t;
  return std::unexpected("no target named '" + name + "' in " +
                         (args.config_path ? *args.config_path + " or " : std::string()) + path);
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "llmscope probe: %s\n", message.c_str());
  return 2;
}

int run_probe_command(ProbeArgs& args) {
  if (args.target_name) {
    auto found = find_named_target(args, *args.target_name);
    if (!found) return usage_error(found.error());
    args.target = *found;
  } else if (args.target.provider.empty() || args.target.base_url.empty() ||
             (args.target.model.empty() && args.target.provider != "http")) {
    return usage_error("give --target NAME, or --provider, --url and --model");
  }
  if (args.target.provider == "http" && args.target.model.empty()) {
    args.target.model = args.target.base_url;
  }
  for (const std::string& h : args.headers) {
    if (!add_header(h, args.target.headers)) {
      return usage_error("--header wants \"Name: value\", got \"" + h + "\"");
    }
  }

  probe::ProbeOutcome outcome = probe::run_probe(args.target);
  std::string report = args.json ? probe::probe_report_json(args.target, outcome) + "\n"
                                 : probe::format_probe_report(args.target, outcome);
  std::fputs(report.c_str(), stdout);
  return outcome.sample.success ? 0 : 1;
}

void add_target_options(CLI::App* cmd, ProbeArgs& args) {
  ProbeTarget& t = args.target;
  cmd->add_option("--target", args.target_name,
                  "probe the target of this name (from --config, else the database)");
  cmd->add_option("--config", args.config_path, "TOML configuration file")
      ->check(CLI::ExistingFile);
  cmd->add_option("--database", args.database, "SQLite database holding the targets");
  cmd->add_option("--provider", t.provider, "ollama, ollama-chat, openai, anthropic or http")
      ->check(CLI::IsMember({"ollama", "ollama-chat", "openai", "anthropic", "http"}));
  cmd->add_option("--url", t.base_url, "base URL, e.g. http://localhost:11434 (http: the URL)");
  cmd->add_option("--model", t.model, "model name, e.g. llama3.2:1b");
  cmd->add_option("--prompt", t.prompt, "prompt to send")->capture_default_str();
  cmd->add_option("--max-tokens", t.max_tokens, "most tokens to generate")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
}

void add_request_options(CLI::App* cmd, ProbeArgs& args) {
  ProbeTarget& t = args.target;
  cmd->add_option("--timeout", t.timeout_s, "whole-request timeout in seconds")
      ->capture_default_str()
      ->check(CLI::Range(0.001, 86400.0));
  cmd->add_option("--connect-timeout", t.connect_timeout_s, "connect timeout in seconds")
      ->check(CLI::Range(0.001, 3600.0));
  cmd->add_option("--first-token-timeout", t.first_token_timeout_s,
                  "time allowed until the first token, in seconds")
      ->check(CLI::Range(0.001, 3600.0));
  cmd->add_option("--ca-file", t.ca_file, "PEM file of the CAs to trust for https")
      ->check(CLI::ExistingFile);
  cmd->add_option("--api-key-env", t.api_key_env,
                  "environment variable holding the API key (Bearer, or x-api-key for anthropic)");
  cmd->add_option("--header", args.headers, "extra request header \"Name: value\"");
  cmd->add_option("--method", t.http_method, "http: request method")->capture_default_str();
  cmd->add_option("--expect-status", t.expect_status, "http: the status that means success")
      ->capture_default_str();
  cmd->add_option("--expect-body", t.expect_body, "http: text the body must contain");
  cmd->add_flag("--json", args.json, "print the result as JSON");
}

}  // namespace

void add_probe_command(CLI::App& root, Action& action) {
  auto args = std::make_shared<ProbeArgs>();
  args->target.name = "cli";
  CLI::App* cmd = root.add_subcommand("probe",
                                      "Probe one endpoint once and print its timing breakdown "
                                      "(exit 0 ok, 1 probe failed, 2 usage error)");
  add_target_options(cmd, *args);
  add_request_options(cmd, *args);
  cmd->add_flag("--once", args->once, "probe once (the only mode; accepted for clarity)");
  cmd->parse_complete_callback(
      [&action, args] { action = [args] { return run_probe_command(*args); }; });
}

}  // namespace llmscope::cli
