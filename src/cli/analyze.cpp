#include "cli/analyze.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "cli/csv.hpp"
#include "spc/nelson.hpp"

namespace llmscope::cli {

namespace {

using Unexpected = std::unexpected<AnalyzeError>;

Unexpected fail(AnalyzeErrorKind kind, std::string message) {
  return Unexpected(AnalyzeError{kind, std::move(message)});
}

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

struct Filter {
  std::size_t column;
  std::string value;
};

std::string list_columns(const std::vector<std::string>& header) {
  std::string out;
  for (const auto& name : header) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// Index of `name` in the header, or an error naming what it was for.
std::expected<std::size_t, AnalyzeError> find_column(const std::vector<std::string>& header,
                                                     std::string_view name,
                                                     AnalyzeErrorKind missing_kind,
                                                     std::string_view role,
                                                     const std::string& where) {
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] != name) continue;
    if (found) {
      return fail(AnalyzeErrorKind::kAmbiguousColumn,
                  std::string(role) + " " + in_quotes(name) +
                      " appears more than once in the header of " + where);
    }
    found = i;
  }
  if (!found) {
    return fail(missing_kind, std::string(role) + " " + in_quotes(name) +
                                  " is not in the header of " + where +
                                  " (columns: " + list_columns(header) + ")");
  }
  return *found;
}

std::expected<std::vector<Filter>, AnalyzeError> parse_filters(
    const std::vector<std::string>& specs, const std::vector<std::string>& header,
    const std::string& where) {
  std::vector<Filter> filters;
  for (const auto& spec : specs) {
    const auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0) {
      return fail(AnalyzeErrorKind::kMalformedFilter,
                  "filter " + in_quotes(spec) + " is not of the form COL=VALUE");
    }
    auto column = find_column(header, std::string_view(spec).substr(0, eq),
                              AnalyzeErrorKind::kUnknownFilterColumn, "filter column", where);
    if (!column) return Unexpected(column.error());
    filters.push_back({*column, spec.substr(eq + 1)});
  }
  return filters;
}

bool matches(const std::vector<std::string>& row, const std::vector<Filter>& filters) {
  for (const auto& f : filters) {
    if (row[f.column] != f.value) return false;
  }
  return true;
}

std::expected<std::string, AnalyzeError> read_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return fail(AnalyzeErrorKind::kUnreadableFile,
                "cannot read " + in_quotes(path) + ": a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(AnalyzeErrorKind::kUnreadableFile,
                "cannot open " + in_quotes(path) + ": " + std::generic_category().message(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return fail(AnalyzeErrorKind::kUnreadableFile, "cannot read " + in_quotes(path));
  return std::move(text).str();
}

}  // namespace

std::string_view to_string(AnalyzeErrorKind kind) {
  switch (kind) {
    case AnalyzeErrorKind::kUnreadableFile:
      return "unreadable_file";
    case AnalyzeErrorKind::kMalformedCsv:
      return "malformed_csv";
    case AnalyzeErrorKind::kMissingColumn:
      return "missing_column";
    case AnalyzeErrorKind::kAmbiguousColumn:
      return "ambiguous_column";
    case AnalyzeErrorKind::kMalformedFilter:
      return "malformed_filter";
    case AnalyzeErrorKind::kUnknownFilterColumn:
      return "unknown_filter_column";
    case AnalyzeErrorKind::kTooFewValues:
      return "too_few_values";
    case AnalyzeErrorKind::kValuesTooLarge:
      return "values_too_large";
    case AnalyzeErrorKind::kBadOption:
      return "bad_option";
  }
  return "unknown";
}

std::optional<double> parse_number(std::string_view cell) {
  const auto blank = [](char c) { return c == ' ' || c == '\t'; };
  while (!cell.empty() && blank(cell.front())) cell.remove_prefix(1);
  while (!cell.empty() && blank(cell.back())) cell.remove_suffix(1);
  // from_chars takes a minus sign but not a plus sign.
  if (cell.starts_with('+') && !cell.starts_with("+-")) cell.remove_prefix(1);
  if (cell.empty()) return std::nullopt;

  double value = 0;
  const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
  if (ec != std::errc() || end != cell.data() + cell.size()) return std::nullopt;
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

std::expected<AnalyzeReport, AnalyzeError> analyze_csv(const AnalyzeOptions& options) {
  auto text = read_file(options.path);
  if (!text) return Unexpected(text.error());
  return analyze_csv_text(*text, options);
}

std::expected<AnalyzeReport, AnalyzeError> analyze_csv_text(std::string_view text,
                                                            const AnalyzeOptions& options) {
  const std::string where = in_quotes(options.path);
  CsvReader reader(text);
  std::vector<std::string> header;
  auto got_header = reader.next(header);
  if (!got_header) {
    return fail(AnalyzeErrorKind::kMalformedCsv, where + ", " + got_header.error().message);
  }
  if (!*got_header) return fail(AnalyzeErrorKind::kMalformedCsv, where + " is empty (no header)");

  // Resolve the column and the filters against the header.
  auto column =
      find_column(header, options.column, AnalyzeErrorKind::kMissingColumn, "column", where);
  if (!column) return Unexpected(column.error());
  auto filters = parse_filters(options.filters, header, where);
  if (!filters) return Unexpected(filters.error());

  // Collect the series in file order.
  AnalyzeReport report;
  std::vector<std::string> row;
  while (true) {
    auto more = reader.next(row);
    if (!more) return fail(AnalyzeErrorKind::kMalformedCsv, where + ", " + more.error().message);
    if (!*more) break;
    if (!matches(row, *filters)) continue;
    ++report.rows_matched;
    if (auto x = parse_number(row[*column])) {
      report.values.push_back(*x);
    } else {
      ++report.skipped;
    }
  }

  const std::size_t unreadable = report.skipped;
  auto analyzed = analyze_values(report.values, options.detectors);
  if (!analyzed) {
    return fail(
        AnalyzeErrorKind::kTooFewValues,
        "only " + std::to_string(report.values.size()) + " numeric value(s) in column " +
            in_quotes(options.column) + " of " + where + ": " +
            std::to_string(report.rows_matched) + " row(s) matched the filters, " +
            std::to_string(report.skipped) + " skipped; at least 2 values are needed" +
            (options.detectors.transform == spc::Transform::log ? " (values <= 0 cannot be logged)"
                                                                : ""));
  }
  const spc::Limits& l = analyzed->limits;
  if (!std::isfinite(l.center) || !std::isfinite(l.sigma) || !std::isfinite(l.ucl) ||
      !std::isfinite(l.lcl))
    return fail(AnalyzeErrorKind::kValuesTooLarge,
                "values in column " + in_quotes(options.column) + " of " + where +
                    " are too large: their mean or moving range overflows");
  analyzed->rows_matched = report.rows_matched;
  analyzed->skipped += unreadable;
  report = std::move(*analyzed);
  return report;
}

int run_analyze(const AnalyzeOptions& options, std::string_view format, std::ostream& out,
                std::ostream& err) {
  if (format != "json" && format != "table") {
    err << "llmscope analyze: error: unknown format " << in_quotes(format)
        << " (use json or table)\n";
    return 2;
  }
  const auto report = analyze_csv(options);
  if (!report) {
    err << "llmscope analyze: error: " << report.error().message << "\n";
    return 2;
  }
  // Built whole before anything is written.
  const std::string text =
      format == "json" ? report_json(*report) + "\n" : report_table(*report, options);
  out << text << std::flush;
  return 0;
}

}  // namespace llmscope::cli
