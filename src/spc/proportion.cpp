#include "spc/proportion.hpp"

#include <cmath>

namespace llmscope::spc {

std::optional<ProportionLimits> proportion_limits(std::int64_t failures, std::int64_t trials,
                                                  std::int64_t n) {
  if (trials <= 0 || n <= 0) return std::nullopt;
  ProportionLimits l;
  l.center = static_cast<double>(failures) / static_cast<double>(trials);
  l.sigma = std::sqrt(l.center * (1 - l.center) / static_cast<double>(n));
  l.ucl = l.center + 3 * l.sigma;
  l.lcl = l.center - 3 * l.sigma;
  l.n = n;
  l.trials = trials;
  return l;
}

bool proportion_signal(double p, const ProportionLimits& limits) {
  return p > limits.ucl || p < limits.lcl;
}

void ProportionBaseline::add(std::int64_t t_ms, std::int64_t failures, std::int64_t trials) {
  windows_.push_back({t_ms, failures, trials});
  failures_ += failures;
  trials_ += trials;
}

void ProportionBaseline::expire(std::int64_t now_ms) {
  while (!windows_.empty() && now_ms - windows_.front().t_ms > window_ms_) {
    failures_ -= windows_.front().failures;
    trials_ -= windows_.front().trials;
    windows_.pop_front();
  }
}

std::optional<ProportionLimits> ProportionBaseline::limits(std::int64_t n) const {
  auto l = proportion_limits(failures_, trials_, n);
  if (l) l->windows = static_cast<std::int64_t>(windows_.size());
  return l;
}

}  // namespace llmscope::spc
