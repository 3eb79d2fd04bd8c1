#pragma once

#include <cstdint>
#include <deque>
#include <optional>

namespace llmscope::spc {

// Limits of a proportion (p) chart for windows of n probes, from a
// baseline of `failures` out of `trials`:
//   p = failures / trials, sigma = sqrt(p (1 - p) / n), p +- 3 sigma.
// The LCL may be negative (a window cannot fall below it then). A baseline
// that never failed has p = 0 and sigma = 0: any failure then signals.
struct ProportionLimits {
  double center = 0;  // p-bar
  double sigma = 0;
  double ucl = 0;
  double lcl = 0;
  std::int64_t n = 0;        // probes per window
  std::int64_t windows = 0;  // windows in the baseline
  std::int64_t trials = 0;   // probes in the baseline
};

// nullopt when trials <= 0 or n <= 0.
std::optional<ProportionLimits> proportion_limits(std::int64_t failures, std::int64_t trials,
                                                  std::int64_t n);

// Test 1 of the p chart: the window's proportion strictly beyond a limit.
bool proportion_signal(double p, const ProportionLimits& limits);

// The trailing windows of probes from which the live p-chart limits come;
// O(1) per window added or expired. Times are caller-supplied ms.
class ProportionBaseline {
 public:
  explicit ProportionBaseline(std::int64_t window_ms) : window_ms_(window_ms) {}

  void add(std::int64_t t_ms, std::int64_t failures, std::int64_t trials);
  void expire(std::int64_t now_ms);  // drops windows with t < now - window
  std::size_t size() const { return windows_.size(); }
  std::optional<ProportionLimits> limits(std::int64_t n) const;

 private:
  struct Window {
    std::int64_t t_ms, failures, trials;
  };
  std::int64_t window_ms_;
  std::deque<Window> windows_;
  std::int64_t failures_ = 0;
  std::int64_t trials_ = 0;
};

}  // namespace llmscope::spc
