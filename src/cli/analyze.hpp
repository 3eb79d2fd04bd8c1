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

#include "spc/individuals.hpp"

namespace llmscope::cli {

struct AnalyzeOptions {
  std::string path;                  // CSV file with a header row
  std::string column;                // header name of the column to chart
  std::vector<std::string> filters;  // "COL=VALUE": keep rows whose COL is
                                     // exactly VALUE; all must hold
};

enum class AnalyzeErrorKind {
  kUnreadableFile,       // cannot open or read the file
  kMalformedCsv,         // see CsvErrorKind; also an empty file
  kMissingColumn,        // --column not in the header
  kAmbiguousColumn,      // a named column appears twice in the header
  kMalformedFilter,      // not COL=VALUE, or an empty COL
  kUnknownFilterColumn,  // a filter's COL not in the header
  kTooFewValues,         // fewer than 2 numeric values: no moving range
};

std::string_view to_string(AnalyzeErrorKind kind);

struct AnalyzeError {
  AnalyzeErrorKind kind;
  std::string message;  // for people: names the file, column or filter
};

struct AnalyzeReport {
  std::vector<double> values;    // the series, in file order
  std::size_t rows_matched = 0;  // rows that passed every filter
  std::size_t skipped = 0;       // of those, cells empty or not a number
  spc::Limits limits;
  // flags[t]: 0-based positions in `values` flagged by Nelson test t + 1
  // with the default (Minitab) parameters, ascending.
  std::array<std::vector<std::size_t>, 8> flags;
};

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
//  "flags": {"1": [...], ..., "8": [...]}} on one line, no newline.
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
