#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <vector>

namespace llmscope::spc {

// Parameters of one Nelson test. `length` is the test's K (points in the
// run, or for tests 5 and 6 the count K of the last K+1 points); `k_sigma`
// is its sigma multiple (unused by tests 2 to 4).
struct NelsonTestParams {
  bool enabled = true;
  int length = 0;
  double k_sigma = 0;
};

// The eight Nelson tests; tests[0] is test 1. Defaults (minitab()) follow
// Minitab and Nelson's paper, as ../docs/STATISTICS.md defines them:
//   1: 1 point beyond 3 sigma          5: 2 of 3 beyond 2 sigma, same side
//   2: 9 in a row on one side of CL    6: 4 of 5 beyond 1 sigma, same side
//   3: 6 in a row strictly up or down  7: 15 in a row within 1 sigma
//   4: 14 in a row alternating         8: 8 in a row beyond 1 sigma, both sides
struct NelsonConfig {
  std::array<NelsonTestParams, 8> tests;

  static NelsonConfig minitab();           // all eight, default parameters
  static NelsonConfig western_electric();  // tests 1, 5, 6, and 8 on one side
  static NelsonConfig only(std::span<const int> test_numbers);  // 1-based
};

// Bit (t - 1) is set when test t fires.
using RuleMask = std::uint8_t;

// Judges a series point by point (the live engine). Each point is
// classified against the (center, sigma) it is pushed with, and keeps that
// classification for later windows. A point is flagged by a test when the
// window ending at it completes the test's pattern; windows must be full.
// Not thread-safe.
class NelsonDetector {
 public:
  explicit NelsonDetector(NelsonConfig config = NelsonConfig::minitab());

  RuleMask push(double x, double center, double sigma);
  void reset();
  const NelsonConfig& config() const { return config_; }

 private:
  struct Point {
    double x;
    double z;  // (x - center) / sigma at the time the point was judged
  };
  NelsonConfig config_;
  std::deque<Point> history_;  // the last max-window points
  std::size_t max_window_ = 1;
};

// Offline analysis: every point of xs judged against fixed limits.
// flags[t] lists the 0-based positions flagged by test t + 1, ascending.
// Equals pushing every point into a NelsonDetector with the same limits.
std::array<std::vector<std::size_t>, 8> nelson_flags(
    std::span<const double> xs, double center, double sigma,
    const NelsonConfig& config = NelsonConfig::minitab());

}  // namespace llmscope::spc
