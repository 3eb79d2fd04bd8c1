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

namespace {

// percentile() without sorting: `v` is partially reordered. Percentiles
// asked in ascending order only ever narrow the range left to search.
class PercentileSelector {
 public:
  explicit PercentileSelector(std::vector<double>& v) : v_(v) {}

  double operator()(double p) {
    const double rank = p / 100.0 * static_cast<double>(v_.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(rank));
    std::nth_element(v_.begin() + from_, v_.begin() + lo, v_.end());
    from_ = lo;
    const double low = v_[lo];
    if (lo + 1 >= v_.size()) return low;
    const double high = *std::min_element(v_.begin() + lo + 1, v_.end());
    return low + (rank - static_cast<double>(lo)) * (high - low);
  }

 private:
  std::vector<double>& v_;
  std::size_t from_ = 0;  // everything before is <= v_[from_]
};

}  // namespace

ChartSummary summarize(const std::vector<double>& values, std::size_t samples, std::size_t errors) {
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

  // Selection instead of a sort: a week of 2 s samples is 302,400 values.
  std::vector<double> work(values);
  PercentileSelector select(work);
  s.p50 = select(50);
  s.p95 = select(95);
  s.p99 = select(99);
  return s;
}

}  // namespace llmscope::server
