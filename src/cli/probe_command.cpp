// `llmscope probe`: one probe of one endpoint, with its full timing
// breakdown, to debug an endpoint before monitoring it.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "core/target.hpp"
#include "probe/probe.hpp"
#include "probe/report.hpp"

namespace llmscope::cli {
namespace {

struct ProbeArgs {
  ProbeTarget target;
  std::vector<std::string> headers;  // "Name: value"
  bool json = false;
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

int run_probe_command(ProbeArgs& args) {
  for (const std::string& h : args.headers) {
    if (!add_header(h, args.target.headers)) {
      std::fprintf(stderr, "llmscope probe: --header wants \"Name: value\", got \"%s\"\n",
                   h.c_str());
      return 2;
    }
  }

  probe::ProbeOutcome outcome = probe::run_probe(args.target);
  std::string report = args.json ? probe::probe_report_json(args.target, outcome) + "\n"
                                 : probe::format_probe_report(args.target, outcome);
  std::fputs(report.c_str(), stdout);
  return outcome.sample.success ? 0 : 1;
}

}  // namespace

void add_probe_command(CLI::App& root, Action& action) {
  auto args = std::make_shared<ProbeArgs>();
  ProbeTarget& t = args->target;
  t.name = "cli";
  CLI::App* cmd = root.add_subcommand("probe",
                                      "Probe one endpoint once and print its timing breakdown "
                                      "(exit 0 ok, 1 probe failed, 2 usage error)");

  cmd->add_option("--provider", t.provider, "ollama or openai (OpenAI-compatible)")
      ->required()
      ->check(CLI::IsMember({"ollama", "openai"}));
  cmd->add_option("--url", t.base_url, "base URL, e.g. http://localhost:11434")->required();
  cmd->add_option("--model", t.model, "model name, e.g. llama3.2:1b")->required();
  cmd->add_option("--prompt", t.prompt, "prompt to send")->capture_default_str();
  cmd->add_option("--max-tokens", t.max_tokens, "most tokens to generate")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--timeout", t.timeout_s, "whole-request timeout in seconds")
      ->capture_default_str()
      ->check(CLI::Range(0.001, 86400.0));
  cmd->add_option("--api-key-env", t.api_key_env,
                  "environment variable holding the API key (sent as a Bearer token)");
  cmd->add_option("--header", args->headers, "extra request header \"Name: value\"");
  cmd->add_flag("--json", args->json, "print the result as JSON");

  cmd->parse_complete_callback(
      [&action, args] { action = [args] { return run_probe_command(*args); }; });
}

}  // namespace llmscope::cli
