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
  std::string tests = "nelson";
  std::string transform = "none";
  std::string ewma, cusum;
  CLI::Option* ewma_option = nullptr;
  CLI::Option* cusum_option = nullptr;
};

// The detector options from the command line; the error names the option.
std::expected<DetectorOptions, std::string> detectors_of(const AnalyzeCommandOptions& o) {
  auto d = parse_tests(o.tests);
  if (!d) return d;
  d->transform = *spc::transform_from_string(o.transform);
  if (o.ewma_option->count()) {
    auto e = parse_ewma(o.ewma);
    if (!e) return std::unexpected(e.error());
    d->ewma = *e;
  }
  if (o.cusum_option->count()) {
    auto c = parse_cusum(o.cusum);
    if (!c) return std::unexpected(c.error());
    d->cusum = *c;
  }
  return d;
}

}  // namespace

void add_analyze_command(CLI::App& root, Action& action) {
  auto opts = std::make_shared<AnalyzeCommandOptions>();
  CLI::App* cmd = root.add_subcommand(
      "analyze",
      "I-MR chart, Nelson tests, MR1, EWMA and CUSUM of one CSV column, the whole column being the "
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

  cmd->add_option("--tests", opts->tests,
                  "Nelson tests: comma list of 1-8 and MR1, or nelson (1-8), all (1-8, MR1), "
                  "we (Western Electric)")
      ->capture_default_str();
  cmd->add_option("--transform", opts->transform, "none, or log: judge ln(x)")
      ->check(CLI::IsMember({"none", "log"}))
      ->capture_default_str();
  opts->ewma_option =
      cmd->add_option("--ewma", opts->ewma, "EWMA chart, optionally LAMBDA,L (default 0.2,2.962)")
          ->expected(0, 1);
  opts->cusum_option = cmd->add_option("--cusum", opts->cusum,
                                       "tabular CUSUM, optionally K,H or K,H,fir (default 0.5,5)")
                           ->expected(0, 1);

  cmd->callback([opts, &action] {
    action = [opts] {
      auto detectors = detectors_of(*opts);
      if (!detectors) {
        std::cerr << "llmscope analyze: error: " << detectors.error() << "\n";
        return 2;
      }
      opts->analyze.detectors = *detectors;
      return run_analyze(opts->analyze, opts->format, std::cout, std::cerr);
    };
  });
}

}  // namespace llmscope::cli
