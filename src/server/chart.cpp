#include "server/chart.hpp"

#include <algorithm>
#include <cmath>

namespace llmscope::server {

double percentile(const std::vector<double>& sorted, double p) {
  double rank = p / 100.0 * static_cast<double>(sorted.size() - 1);
  auto lo = static_cast<std::size_t>(std::floor(rank));
  auto hi = std::min(lo + 1, sorted.size() - 1);
  double frac = rank - static_cast<double>(lo);
  return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
}

ChartSummary summarize(const std::vector<double>& values, std::size_t samples,
                       std::size_t errors) {
  ChartSummary s;
  s.count = values.size();
  s.errors = errors;
  s.error_rate = samples ? static_cast<double>(errors) / static_cast<double>(samples) : 0;
  if (values.empty()) return s;

  double sum = 0;
  for (double v : values) sum += v;
  s.mean = sum / static_cast<double>(values.size());
  double ss = 0;
  for (double v : values) ss += (v - s.mean) * (v - s.mean);
  s.std = values.size() > 1 ? std::sqrt(ss / static_cast<double>(values.size() - 1)) : 0;

  std::vector<double> sorted(values);
  std::sort(sorted.begin(), sorted.end());
  s.p50 = percentile(sorted, 50);
  s.p95 = percentile(sorted, 95);
  s.p99 = percentile(sorted, 99);
  return s;
}

}  // namespace llmscope::server
