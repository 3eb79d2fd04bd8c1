#include "spc/rolling_baseline.hpp"

#include <algorithm>
#include <cmath>

namespace llmscope::spc {

namespace {

// Re-sum at least this often (in add/expire steps), and never more often
// than once per window length, so that the cost stays O(1) amortised.
constexpr std::size_t kMinResumInterval = 1024;

}  // namespace

RollingBaseline::RollingBaseline(std::int64_t window_ms)
    : window_ms_(std::max<std::int64_t>(window_ms, 0)) {}

void RollingBaseline::add(std::int64_t t_ms, double x) {
  // One non-finite value would poison the running sums for good.
  if (!std::isfinite(x)) return;

  if (!points_.empty()) {
    t_ms = std::max(t_ms, points_.back().t_ms);
    sum_mr_ += std::fabs(x - points_.back().x);
    sum_lag_ += x * points_.back().x;
  }
  points_.push_back({t_ms, x});
  sum_x_ += x;
  sum_sq_ += x * x;
  note_change();
}

void RollingBaseline::expire(std::int64_t now_ms) {
  // Same as t < now - window.
  while (!points_.empty() && now_ms - points_.front().t_ms > window_ms_) {
    const double x = points_.front().x;
    points_.pop_front();
    sum_x_ -= x;
    sum_sq_ -= x * x;
    if (!points_.empty()) {
      sum_mr_ -= std::fabs(points_.front().x - x);
      sum_lag_ -= points_.front().x * x;
    }
    note_change();
  }
  if (points_.empty()) sum_x_ = sum_mr_ = sum_sq_ = sum_lag_ = 0;
}

std::optional<Limits> RollingBaseline::limits() const {
  const std::size_t n = points_.size();
  if (n < 2) return std::nullopt;
  // Cancellation may leave a tiny negative sum of ranges that are all 0.
  const double sum_mr = std::max(sum_mr_, 0.0);
  return limits_from(sum_x_ / static_cast<double>(n), sum_mr / static_cast<double>(n - 1), n);
}

double RollingBaseline::lag1_autocorrelation() const {
  if (points_.size() < 3) return std::nan("");
  return lag1_from_sums(points_.size(), sum_x_, sum_sq_, sum_lag_, points_.front().x,
                        points_.back().x);
}

void RollingBaseline::note_change() {
  ++ops_since_resum_;
  if (ops_since_resum_ >= std::max(kMinResumInterval, points_.size())) {
    resum();
  }
}

void RollingBaseline::resum() {
  sum_x_ = sum_mr_ = sum_sq_ = sum_lag_ = 0;
  for (std::size_t i = 0; i < points_.size(); ++i) {
    sum_x_ += points_[i].x;
    sum_sq_ += points_[i].x * points_[i].x;
    if (i > 0) {
      sum_mr_ += std::fabs(points_[i].x - points_[i - 1].x);
      sum_lag_ += points_[i].x * points_[i - 1].x;
    }
  }
  ops_since_resum_ = 0;
}

}  // namespace llmscope::spc
