// NelsonDetector and NelsonConfig: presets, parameters, and the documented
// behaviour at sigma = 0 and with NaN input.

#include "spc/nelson.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace llmscope::spc {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

using Positions = std::vector<std::size_t>;

TEST(NelsonConfig, MinitabDefaults) {
  const auto c = NelsonConfig::minitab();
  const int lengths[8] = {1, 9, 6, 14, 2, 4, 15, 8};
  const double ks[8] = {3, 0, 0, 0, 2, 1, 1, 1};
  for (int t = 0; t < 8; ++t) {
    EXPECT_TRUE(c.tests[t].enabled) << t + 1;
    EXPECT_EQ(c.tests[t].length, lengths[t]) << t + 1;
    EXPECT_EQ(c.tests[t].k_sigma, ks[t]) << t + 1;
  }
}

TEST(NelsonConfig, WesternElectricIsTests1_5_6AndEightOnOneSide) {
  const auto c = NelsonConfig::western_electric();
  const bool enabled[8] = {true, true, false, false, true, true, false, false};
  for (int t = 0; t < 8; ++t) EXPECT_EQ(c.tests[t].enabled, enabled[t]) << t + 1;
  EXPECT_EQ(c.tests[1].length, 8);
  EXPECT_EQ(c.tests[4].length, 2);
  EXPECT_EQ(c.tests[4].k_sigma, 2);
  EXPECT_EQ(c.tests[5].length, 4);

  // 8 points above the line fire; 7 do not.
  const std::vector<double> xs(8, 0.5);
  EXPECT_EQ(nelson_flags(xs, 0, 1, c)[1], Positions{7});
  EXPECT_TRUE(nelson_flags(xs, 0, 1)[1].empty());
}

TEST(NelsonConfig, OnlyIgnoresNumbersOutOfRange) {
  const auto c = NelsonConfig::only(std::array{0, 3, 9, -1});
  for (int t = 0; t < 8; ++t) EXPECT_EQ(c.tests[t].enabled, t == 2) << t + 1;
}

TEST(NelsonConfig, WindowSizes) {
  const auto c = NelsonConfig::minitab();
  const std::size_t windows[8] = {1, 9, 6, 14, 3, 5, 15, 8};
  for (int t = 1; t <= 8; ++t) EXPECT_EQ(window_of(t, c.tests[t - 1]), windows[t - 1]);
  EXPECT_EQ(window_of(3, {true, 1, 0}), 0u);  // a trend needs a difference
  EXPECT_EQ(window_of(2, {false, 9, 0}), 0u);
  EXPECT_EQ(window_of(1, {true, 0, 3}), 1u);  // test 1 has no length
  EXPECT_EQ(window_of(9, {true, 9, 0}), 0u);
}

TEST(NelsonDetector, PushReturnsBitPerTest) {
  NelsonDetector d;
  EXPECT_EQ(d.push(0.0, 0, 1), 0);
  EXPECT_EQ(d.push(3.5, 0, 1), 0b1);
  // 2 of 3 beyond 2 sigma, last beyond 3 sigma: tests 1 and 5.
  EXPECT_EQ(d.push(-3.5, 0, 1), 0b1);
  EXPECT_EQ(d.push(-2.5, 0, 1), 0b10000);
}

TEST(NelsonDetector, CustomParametersChangeTheRule) {
  auto c = NelsonConfig::minitab();
  c.tests[0].k_sigma = 2;  // test 1 at 2 sigma
  c.tests[2].length = 3;   // trend of 3 points
  const std::vector<double> xs = {0, 0.1, 0.2, 2.5};
  const auto flags = nelson_flags(xs, 0, 1, c);
  EXPECT_EQ(flags[0], Positions{3});
  EXPECT_EQ(flags[2], (Positions{2, 3}));
}

TEST(NelsonDetector, ResetForgetsHistory) {
  NelsonDetector d(NelsonConfig::only(std::array{2}));
  for (int i = 0; i < 8; ++i) d.push(1, 0, 1);
  d.reset();
  EXPECT_EQ(d.push(1, 0, 1), 0);  // a 9th point, but the run restarted
}

TEST(NelsonDetector, LimitsMayChangeBetweenPoints) {
  // Each point keeps the zone it was judged in: points at 1.5 judged with
  // sigma 1 are beyond 1 sigma even though later limits are wider.
  NelsonDetector d(NelsonConfig::only(std::array{6}));
  d.push(1.5, 0, 1);
  d.push(1.5, 0, 1);
  d.push(1.5, 0, 1);
  d.push(0.0, 0, 1);
  EXPECT_EQ(d.push(15, 0, 10), 0b100000);
}

TEST(NelsonSigmaZero, PointOnCenterIsZoneZeroOthersAreInfinitelyFar) {
  const std::vector<double> xs = {5, 5, 5.001, 4.999, 5};
  const auto flags = nelson_flags(xs, 5, 0);
  EXPECT_EQ(flags[0], (Positions{2, 3}));  // test 1: off the line
  EXPECT_TRUE(flags[4].empty());           // 2 of 3, but on opposite sides
}

TEST(NelsonSigmaZero, FlatSeriesFiresOnlyTest7) {
  const std::vector<double> xs(16, 7.0);
  const auto flags = nelson_flags(xs, 7, 0);
  for (int t = 0; t < 8; ++t) {
    if (t == 6) {
      EXPECT_EQ(flags[t], (Positions{14, 15}));
    } else {
      EXPECT_TRUE(flags[t].empty()) << "test " << t + 1;
    }
  }
}

TEST(NelsonNaN, NaNPointIsNeverFlaggedAndBreaksRuns) {
  // Test 2 run of 9 broken by a NaN in the middle.
  std::vector<double> xs(9, 0.5);
  xs[4] = kNaN;
  EXPECT_TRUE(nelson_flags(xs, 0, 1)[1].empty());

  // A NaN among points beyond 3 sigma is not itself flagged.
  const std::vector<double> ys = {4, kNaN, 4};
  const auto flags = nelson_flags(ys, 0, 1);
  EXPECT_EQ(flags[0], (Positions{0, 2}));
  for (const auto& f : flags) {
    for (std::size_t p : f) EXPECT_NE(p, 1u);
  }
}

TEST(NelsonNaN, NaNBreaksTrendAndAlternation) {
  const std::vector<double> up = {1, 2, 3, kNaN, 4, 5, 6, 7, 8};
  const auto flags = nelson_flags(up, 0, 1);
  EXPECT_TRUE(flags[2].empty());  // only 5 increasing points after the NaN
}

TEST(NelsonNaN, UnusableLimitsSilenceZoneTestsOnly) {
  const std::vector<double> xs = {1, 2, 3, 4, 5, 6, 100};
  for (double sigma : {kNaN, -1.0}) {
    const auto flags = nelson_flags(xs, 0, sigma);
    EXPECT_TRUE(flags[0].empty());
    EXPECT_EQ(flags[2], (Positions{5, 6}));  // a trend needs no limits
  }
  EXPECT_TRUE(nelson_flags(xs, kNaN, 1)[0].empty());
}

TEST(NelsonFlags, EmptyAndShortSeriesFlagNothingButTest1) {
  EXPECT_EQ(nelson_flags({}, 0, 1), (std::array<Positions, 8>{}));
  const std::vector<double> one = {10};
  const auto flags = nelson_flags(one, 0, 1);
  EXPECT_EQ(flags[0], Positions{0});
  for (int t = 1; t < 8; ++t) EXPECT_TRUE(flags[t].empty());
}

}  // namespace
}  // namespace llmscope::spc
