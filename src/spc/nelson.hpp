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
  // Western Electric: tests 1, 5 and 6, and test 2 with length 8 (8 in a
  // row on one side); tests 3, 4, 7 and 8 disabled.
  static NelsonConfig western_electric();
  // minitab() with only the listed tests enabled; numbers outside 1..8
  // are ignored.
  static NelsonConfig only(std::span<const int> test_numbers);  // 1-based
};

// Bit (t - 1) is set when test t fires.
using RuleMask = std::uint16_t;  // wide enough for the monitor's further rules

// Number of points a test looks at: its window. 1 for test 1 (whatever
// its length), K + 1 for tests 5 and 6, K for the others. 0 when the test
// is disabled or its length is below its minimum (1; 2 for tests 3 and 4),
// which makes it never fire. `test` is 1-based.
std::size_t window_of(int test, const NelsonTestParams& params);

namespace detail {
// One judged point: its value and its zone z = (x - center) / sigma.
struct JudgedPoint {
  double x;
  double z;
};
}  // namespace detail

// Judges a series point by point (the live engine). Each point is
// classified against the (center, sigma) it is pushed with, and keeps that
// classification for later windows. A point is flagged by a test when the
// window ending at it completes the test's pattern; windows must be full.
// This is the only implementation of the rules: nelson_flags() drives it.
// Not thread-safe.
//
// Conventions (docs/STATISTICS.md has the full definitions):
//   z = (x - center) / sigma; "beyond k" is z > k or z < -k (strict);
//   "within k" is |z| <= k. Tests 3 and 4 judge differences of x, not z.
//   Test 1 ignores `length` (it is always one point).
//   sigma == 0: z = 0 when x == center, +inf above it, -inf below it, so
//     any point off the center line fires test 1.
//   NaN x: z is NaN; the point is never flagged and breaks every run it
//     falls in (it is on neither side, neither beyond nor within, and its
//     differences have no sign). NaN center or a NaN or negative sigma
//     make z NaN too: the zone tests cannot fire, tests 3 and 4 still can.
class NelsonDetector {
 public:
  explicit NelsonDetector(NelsonConfig config = NelsonConfig::minitab());

  RuleMask push(double x, double center, double sigma);
  void reset();
  const NelsonConfig& config() const { return config_; }

 private:
  // z is (x - center) / sigma at the time the point was judged.
  using Point = detail::JudgedPoint;
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
