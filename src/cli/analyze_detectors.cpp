// The detectors of `llmscope analyze`: option parsing (--tests, --ewma,
// --cusum) and the analysis of a collected series.

#include <cmath>
#include <sstream>

#include "cli/analyze.hpp"

namespace llmscope::cli {

namespace {

std::vector<std::string> split(std::string_view text) {
  std::vector<std::string> out;
  std::stringstream in{std::string(text)};
  std::string item;
  while (std::getline(in, item, ',')) {
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    out.push_back(item);
  }
  return out;
}

std::expected<std::vector<double>, std::string> numbers(std::string_view text,
                                                        std::string_view what) {
  std::vector<double> out;
  for (const auto& item : split(text)) {
    auto x = parse_number(item);
    if (!x) return std::unexpected(std::string(what) + ": '" + item + "' is not a number");
    out.push_back(*x);
  }
  return out;
}

}  // namespace

std::expected<DetectorOptions, std::string> parse_tests(std::string_view text,
                                                        DetectorOptions base) {
  if (text == "nelson" || text == "all") {
    base.nelson = spc::NelsonConfig::minitab();
    base.mr_test = text == "all";
    return base;
  }
  if (text == "we") {
    base.nelson = spc::NelsonConfig::western_electric();
    base.mr_test = false;
    return base;
  }
  std::vector<int> tests;
  base.mr_test = false;
  for (const auto& item : split(text)) {
    if (item == "MR1" || item == "mr1") {
      base.mr_test = true;
    } else if (item.size() == 1 && item[0] >= '1' && item[0] <= '8') {
      tests.push_back(item[0] - '0');
    } else {
      return std::unexpected("--tests: unknown test '" + item +
                             "' (use 1 to 8, MR1, or nelson, all, we)");
    }
  }
  if (tests.empty() && !base.mr_test) return std::unexpected("--tests: no test named");
  base.nelson = spc::NelsonConfig::only(tests);
  return base;
}

std::expected<spc::EwmaParams, std::string> parse_ewma(std::string_view text) {
  spc::EwmaParams p;
  if (text.empty()) return p;
  auto xs = numbers(text, "--ewma");
  if (!xs) return std::unexpected(xs.error());
  if (xs->size() != 2) return std::unexpected("--ewma: expected LAMBDA,L");
  p.lambda = (*xs)[0];
  p.L = (*xs)[1];
  if (!(p.lambda > 0 && p.lambda <= 1)) return std::unexpected("--ewma: lambda must be in (0, 1]");
  if (!(p.L > 0)) return std::unexpected("--ewma: L must be positive");
  return p;
}

std::expected<spc::CusumParams, std::string> parse_cusum(std::string_view text) {
  spc::CusumParams p;
  if (text.empty()) return p;
  auto items = split(text);
  if (items.size() == 3 && items[2] == "fir") {
    p.fir = true;
    items.pop_back();
  }
  if (items.size() != 2) return std::unexpected("--cusum: expected K,H or K,H,fir");
  auto k = parse_number(items[0]);
  auto h = parse_number(items[1]);
  if (!k || !h || *k < 0 || !(*h > 0))
    return std::unexpected("--cusum: K must be a number >= 0 and H a positive number");
  p.k = *k;
  p.h = *h;
  return p;
}

std::optional<AnalyzeReport> analyze_values(const std::vector<double>& values,
                                            const DetectorOptions& d) {
  AnalyzeReport r;
  r.transform = d.transform;
  std::vector<double> ys;
  for (double x : values) {
    const double y = spc::apply(d.transform, x);
    if (!std::isfinite(y)) {
      ++r.skipped;
      continue;
    }
    r.values.push_back(x);
    ys.push_back(y);
  }
  auto limits = spc::individuals_limits(ys);
  if (!limits) return std::nullopt;
  r.limits = *limits;
  r.lag1 = spc::lag1_autocorrelation(ys);
  r.flags = spc::nelson_flags(ys, limits->center, limits->sigma, d.nelson);

  // The further detectors, each point against the same fixed limits.
  if (d.mr_test) {
    r.mr_flags.emplace();
    for (std::size_t i = 1; i < ys.size(); ++i)
      if (std::fabs(ys[i] - ys[i - 1]) > limits->mr_ucl) r.mr_flags->push_back(i);
  }
  if (d.ewma) {
    EwmaSeries e{*d.ewma, {}, {}, {}, {}};
    spc::EwmaDetector ewma(*d.ewma);
    for (std::size_t i = 0; i < ys.size(); ++i) {
      const auto p = ewma.push(ys[i], limits->center, limits->sigma);
      e.z.push_back(p.z);
      e.ucl.push_back(p.ucl);
      e.lcl.push_back(p.lcl);
      if (p.signal) e.flags.push_back(i);
    }
    r.ewma = std::move(e);
  }
  if (d.cusum) {
    CusumSeries c{*d.cusum, d.cusum->h * limits->sigma, {}, {}, {}};
    spc::CusumDetector cusum(*d.cusum);
    for (std::size_t i = 0; i < ys.size(); ++i) {
      const auto p = cusum.push(ys[i], limits->center, limits->sigma);
      c.upper.push_back(p.upper);
      c.lower.push_back(p.lower);
      if (p.signal) c.flags.push_back(i);
    }
    r.cusum = std::move(c);
  }
  return r;
}

}  // namespace llmscope::cli
