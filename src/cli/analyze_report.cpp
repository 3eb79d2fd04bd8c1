// Formatting of an AnalyzeReport: JSON for programs, a table for people.

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "cli/analyze.hpp"

namespace llmscope::cli {

namespace {

// What each test looks for, with the default parameters analyze uses.
constexpr std::array<std::string_view, 8> kTestNames = {
    "1 point beyond 3 sigma",
    "9 in a row on one side of CL",
    "6 in a row increasing or decreasing",
    "14 in a row alternating up and down",
    "2 of 3 beyond 2 sigma, same side",
    "4 of 5 beyond 1 sigma, same side",
    "15 in a row within 1 sigma",
    "8 in a row beyond 1 sigma, both sides",
};

constexpr std::size_t kPositionsShown = 10;

std::string first_positions(const std::vector<std::size_t>& positions) {
  if (positions.empty()) return "-";
  std::string out;
  for (std::size_t i = 0; i < positions.size() && i < kPositionsShown; ++i) {
    out += fmt::format("{}{}", i ? ", " : "", positions[i]);
  }
  if (positions.size() > kPositionsShown) out += ", ...";
  return out;
}

std::string filters_text(const AnalyzeOptions& options) {
  if (options.filters.empty()) return "none";
  std::string out;
  for (const auto& f : options.filters) out += (out.empty() ? "" : ", ") + f;
  return out;
}

nlohmann::ordered_json number_or_null(double x) {
  return std::isfinite(x) ? nlohmann::ordered_json(x) : nlohmann::ordered_json(nullptr);
}

void add_detectors(nlohmann::ordered_json& j, const AnalyzeReport& report) {
  if (report.mr_flags) j["flags"]["MR1"] = *report.mr_flags;
  if (report.transform == spc::Transform::log) {
    const auto shown = spc::to_original_scale(report.transform, report.limits);
    j["transform"] = "log";
    j["original_scale"] = {{"center", shown.center}, {"ucl", shown.ucl}, {"lcl", shown.lcl}};
  }
  if (report.ewma) {
    const auto& e = *report.ewma;
    j["ewma"] = {
        {"lambda", e.params.lambda}, {"L", e.params.L}, {"z", e.z}, {"ucl", e.ucl}, {"lcl", e.lcl},
        {"flags", e.flags}};
  }
  if (report.cusum) {
    const auto& c = *report.cusum;
    j["cusum"] = {{"k", c.params.k},  {"h", c.params.h},  {"fir", c.params.fir}, {"h_sigma", c.h},
                  {"upper", c.upper}, {"lower", c.lower}, {"flags", c.flags}};
  }
}

}  // namespace

std::string report_json(const AnalyzeReport& report) {
  const auto& l = report.limits;
  nlohmann::ordered_json j;
  j["n"] = report.values.size();
  j["skipped"] = report.skipped;
  j["center"] = l.center;
  j["sigma"] = l.sigma;
  j["ucl"] = l.ucl;
  j["lcl"] = l.lcl;
  j["mr_center"] = l.mr_center;
  j["mr_ucl"] = l.mr_ucl;
  j["lag1"] = number_or_null(report.lag1);
  auto& flags = j["flags"] = nlohmann::ordered_json::object();
  for (std::size_t t = 0; t < report.flags.size(); ++t) {
    flags[std::to_string(t + 1)] = report.flags[t];
  }
  add_detectors(j, report);
  return j.dump();
}

std::string report_table(const AnalyzeReport& report, const AnalyzeOptions& options) {
  const auto& l = report.limits;
  std::string out;
  auto line = [&out](std::string text) { out += text + "\n"; };

  line(fmt::format("file     {}", options.path));
  line(fmt::format("column   {}   filters: {}", options.column, filters_text(options)));
  line(fmt::format("points   {}   skipped: {} (empty or not a number)", report.values.size(),
                   report.skipped));
  line("");
  line(report.transform == spc::Transform::log
           ? "Individuals chart of ln(x) (the whole series is the baseline)"
           : "Individuals chart (the whole series is the baseline)");
  line(fmt::format("  center (mean)           {:.6g}", l.center));
  line(fmt::format("  sigma (mean MR / 1.128) {:.6g}", l.sigma));
  line(fmt::format("  UCL (center + 3 sigma)  {:.6g}", l.ucl));
  line(fmt::format("  LCL (center - 3 sigma)  {:.6g}", l.lcl));
  line("Moving range chart");
  line(fmt::format("  center (mean MR)        {:.6g}", l.mr_center));
  line(fmt::format("  UCL (3.267 x mean MR)   {:.6g}", l.mr_ucl));
  line("");
  line(fmt::format("Nelson tests {:<38} {:>5}  first positions (0-based)", "", "count"));
  for (std::size_t t = 0; t < report.flags.size(); ++t) {
    line(fmt::format("  {}  {:<46} {:>5}  {}", t + 1, kTestNames[t], report.flags[t].size(),
                     first_positions(report.flags[t])));
  }
  if (report.mr_flags)
    line(fmt::format("  MR1 {:<46} {:>5}  {}", "moving range above 3.267 x mean MR",
                     report.mr_flags->size(), first_positions(*report.mr_flags)));
  if (report.ewma)
    line(fmt::format("  EWMA (lambda {}, L {}) {:<25} {:>5}  {}", report.ewma->params.lambda,
                     report.ewma->params.L, "", report.ewma->flags.size(),
                     first_positions(report.ewma->flags)));
  if (report.cusum)
    line(fmt::format("  CUSUM (k {}, h {}{}) {:<27} {:>5}  {}", report.cusum->params.k,
                     report.cusum->params.h, report.cusum->params.fir ? ", FIR" : "", "",
                     report.cusum->flags.size(), first_positions(report.cusum->flags)));
  line(fmt::format("lag-1 autocorrelation {:.3f}{}", report.lag1,
                   report.lag1 > spc::kAutocorrelationWarning
                       ? "  (above 0.3: limits too narrow, expect false alarms)"
                       : ""));
  return out;
}

}  // namespace llmscope::cli
