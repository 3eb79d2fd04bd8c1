// The llmscope command line: `serve`, `analyze`, `probe`.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"LLMscope: latency monitoring of LLM endpoints with "
               "Statistical Process Control"};
  app.require_subcommand(1);
  app.set_version_flag("--version", LLMSCOPE_VERSION);

  llmscope::cli::Action action;
  llmscope::cli::add_serve_command(app, action);
  llmscope::cli::add_analyze_command(app, action);
  llmscope::cli::add_probe_command(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Usage errors exit with 2, like the analysis errors.
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    return action ? action() : 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "llmscope: %s\n", e.what());
    return 1;
  }
}
