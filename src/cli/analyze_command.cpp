// Registers `llmscope analyze FILE --column NAME [--filter COL=VALUE]...
// [--format json|table]`; the work is done by run_analyze (analyze.hpp).

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "cli/analyze.hpp"
#include "cli/commands.hpp"

namespace llmscope::cli {

namespace {

struct AnalyzeCommandOptions {
  AnalyzeOptions analyze;
  std::string format = "table";
};

}  // namespace

void add_analyze_command(CLI::App& root, Action& action) {
  auto opts = std::make_shared<AnalyzeCommandOptions>();
  CLI::App* cmd = root.add_subcommand(
      "analyze",
      "I-MR chart and Nelson tests 1-8 of one CSV column, the whole column being the "
      "baseline. Exits 2 on any error.");

  cmd->add_option("file", opts->analyze.path, "CSV file with a header row (RFC 4180)")->required();
  cmd->add_option("--column", opts->analyze.column,
                  "column to analyze; empty or non-numeric cells are skipped and counted")
      ->required();
  cmd->add_option("--filter", opts->analyze.filters,
                  "keep only rows whose COL is exactly VALUE; repeat to require several")
      ->type_name("COL=VALUE")
      ->allow_extra_args(false);
  cmd->add_option("--format", opts->format, "json (one object) or table (for people)")
      ->check(CLI::IsMember({"json", "table"}))
      ->capture_default_str();

  cmd->callback([opts, &action] {
    action = [opts] { return run_analyze(opts->analyze, opts->format, std::cout, std::cerr); };
  });
}

}  // namespace llmscope::cli
