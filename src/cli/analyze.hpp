#pragma once

// `llmscope analyze`: the I-MR chart and Nelson tests of one CSV column,
// the whole (filtered) column being the baseline, the way a statistics
// package draws an I chart. The analysis is a pure function of the options
// and the file, so it is tested without a process; the command wraps it.

#include <array>
#include <cstddef>
#include <expected>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spc/cusum.hpp"
#include "spc/ewma.hpp"
#include "spc/individuals.hpp"
#include "spc/nelson.hpp"
#include "spc/transform.hpp"

namespace llmscope::cli {

// Which detectors run and on which scale. Defaults: Nelson tests 1-8 with
// the Minitab parameters on the values themselves; MR1, EWMA and CUSUM off.
struct DetectorOptions {
  spc::NelsonConfig nelson = spc::NelsonConfig::minitab();
  bool mr_test = false;  // MR1: moving range above 3.267 x mean MR
  spc::Transform transform = spc::Transform::none;
  std::optional<spc::EwmaParams> ewma;
  std::optional<spc::CusumParams> cusum;
};

struct AnalyzeOptions {
  std::string path;                  // CSV file with a header row
  std::string column;                // header name of the column to chart
  std::vector<std::string> filters;  // "COL=VALUE": keep rows whose COL is
                                     // exactly VALUE; all must hold
  DetectorOptions detectors = {};
};

// --tests: a comma list of 1..8 and MR1, or a preset: "nelson" (1-8),
// "all" (1-8 and MR1), "we" (Western Electric: 1, 5, 6 and 8 on one side).
std::expected<DetectorOptions, std::string> parse_tests(std::string_view text,
                                                        DetectorOptions base = {});
// --ewma "LAMBDA,L" (empty: the defaults 0.2, 2.962).
std::expected<spc::EwmaParams, std::string> parse_ewma(std::string_view text);
// --cusum "K,H" or "K,H,fir" (empty: 0.5, 5, no head start).
std::expected<spc::CusumParams, std::string> parse_cusum(std::string_view text);

enum class AnalyzeErrorKind {
  kUnreadableFile,       // cannot open or read the file
  kMalformedCsv,         // see CsvErrorKind; also an empty file
  kMissingColumn,        // --column not in the header
  kAmbiguousColumn,      // a named column appears twice in the header
  kMalformedFilter,      // not COL=VALUE, or an empty COL
  kUnknownFilterColumn,  // a filter's COL not in the header
  kTooFewValues,         // fewer than 2 numeric values: no moving range
  kValuesTooLarge,       // the sums overflow a double: limits would be infinite
  kBadOption,            // --tests, --ewma, --cusum or --transform malformed
};

std::string_view to_string(AnalyzeErrorKind kind);

struct AnalyzeError {
  AnalyzeErrorKind kind;
  std::string message;  // for people: names the file, column or filter
};

// The EWMA and CUSUM series of the whole column against its limits.
struct EwmaSeries {
  spc::EwmaParams params;
  std::vector<double> z, ucl, lcl;
  std::vector<std::size_t> flags;  // positions where z is beyond a limit
};
struct CusumSeries {
  spc::CusumParams params;
  double h = 0;  // h sigma, judged scale
  std::vector<double> upper, lower;
  std::vector<std::size_t> flags;  // positions where a sum exceeds h sigma
};

struct AnalyzeReport {
  std::vector<double> values;    // the series, in file order (original scale)
  std::size_t rows_matched = 0;  // rows that passed every filter
  std::size_t skipped = 0;       // of those, cells empty or not a number
                                 // (or <= 0 under the log transform)
  spc::Transform transform = spc::Transform::none;
  spc::Limits limits;  // on the judged scale (ln x under log)
  double lag1 = 0;     // lag-1 autocorrelation, judged scale; NaN if none
  // flags[t]: 0-based positions in `values` flagged by Nelson test t + 1
  // (empty for a test not enabled), ascending.
  std::array<std::vector<std::size_t>, 8> flags;
  std::optional<std::vector<std::size_t>> mr_flags;  // MR1, when enabled
  std::optional<EwmaSeries> ewma;
  std::optional<CusumSeries> cusum;
};

// The analysis of values already collected (the whole series is the
// baseline): what analyze_csv does after reading. nullopt with fewer than 2
// values the transform can take; those it cannot take are dropped and
// counted in `skipped` (the report's values are those kept).
std::optional<AnalyzeReport> analyze_values(const std::vector<double>& values,
                                            const DetectorOptions& detectors);

// A cell as a number: optional surrounding blanks, optional sign, decimal
// or exponent notation. nullopt for empty text, other text, or a value that
// is not finite ("nan", "inf", overflow): such cells are skipped.
std::optional<double> parse_number(std::string_view cell);

// Reads the file and analyzes it. Errors are values; nothing is printed.
std::expected<AnalyzeReport, AnalyzeError> analyze_csv(const AnalyzeOptions& options);

// The same on CSV text already in memory (options.path only names it in
// messages).
std::expected<AnalyzeReport, AnalyzeError> analyze_csv_text(std::string_view text,
                                                            const AnalyzeOptions& options);

// {"n", "skipped", "center", "sigma", "ucl", "lcl", "mr_center", "mr_ucl",
//  "lag1", "flags": {"1": [...], ..., "8": [...]}} on one line, no newline;
// "flags" also has "MR1" when MR1 is on; "transform" and "original_scale"
// {"center","ucl","lcl"} appear under --transform log; "ewma" {"lambda",
// "L","z","ucl","lcl","flags"} and "cusum" {"k","h","fir","h_sigma",
// "upper","lower","flags"} when asked for.
std::string report_json(const AnalyzeReport& report);

// The report for people: limits, then per test its count and first
// positions.
std::string report_table(const AnalyzeReport& report, const AnalyzeOptions& options);

// Runs the command: prints the report in `format` ("json" or "table") to
// `out`, or one error line to `err`. Returns the exit code: 0, or 2 for any
// error. Nothing reaches `out` when there is an error.
int run_analyze(const AnalyzeOptions& options, std::string_view format, std::ostream& out,
                std::ostream& err);

}  // namespace llmscope::cli
