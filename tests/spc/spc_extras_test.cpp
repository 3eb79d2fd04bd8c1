// The proportion chart, the log transform and the lag-1 autocorrelation.

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "spc/individuals.hpp"
#include "spc/proportion.hpp"
#include "spc/rolling_baseline.hpp"
#include "spc/transform.hpp"

namespace llmscope::spc {
namespace {

TEST(ProportionChart, LimitsArePBarPlusMinusThreeBinomialSigmas) {
  auto l = proportion_limits(10, 200, 20);  // p = 0.05, windows of 20
  ASSERT_TRUE(l);
  EXPECT_DOUBLE_EQ(l->center, 0.05);
  EXPECT_NEAR(l->sigma, std::sqrt(0.05 * 0.95 / 20), 1e-15);
  EXPECT_NEAR(l->ucl, 0.05 + 3 * std::sqrt(0.05 * 0.95 / 20), 1e-15);
  EXPECT_LT(l->lcl, 0);
  EXPECT_FALSE(proportion_signal(0.15, *l));  // ucl = 0.196
  EXPECT_TRUE(proportion_signal(0.20, *l));
  EXPECT_FALSE(proportion_signal(0.0, *l));  // cannot go below a negative LCL
}

TEST(ProportionChart, ABaselineThatNeverFailedSignalsOnAnyFailure) {
  auto l = proportion_limits(0, 400, 20);
  ASSERT_TRUE(l);
  EXPECT_FALSE(proportion_signal(0.0, *l));
  EXPECT_TRUE(proportion_signal(0.05, *l));
  EXPECT_FALSE(proportion_limits(0, 0, 20));
  EXPECT_FALSE(proportion_limits(1, 10, 0));
}

TEST(ProportionBaseline, ExpiresOldWindowsAndKeepsSums) {
  ProportionBaseline b(1000);
  b.add(0, 5, 20);
  b.add(500, 1, 20);
  b.add(1500, 0, 20);
  b.expire(1500);  // drops t = 0 (older than 1500 - 1000)
  ASSERT_EQ(b.size(), 2u);
  auto l = b.limits(20);
  ASSERT_TRUE(l);
  EXPECT_DOUBLE_EQ(l->center, 1.0 / 40);
  EXPECT_EQ(l->windows, 2);
}

TEST(Transform, LogJudgesLnAndDrawsLimitsBack) {
  EXPECT_DOUBLE_EQ(apply(Transform::log, std::exp(2.0)), 2.0);
  EXPECT_TRUE(std::isnan(apply(Transform::log, 0.0)));
  EXPECT_TRUE(std::isnan(apply(Transform::log, -1.0)));
  EXPECT_DOUBLE_EQ(apply(Transform::none, -1.0), -1.0);
  Limits judged = limits_from(std::log(100.0), 0.1128, 30);  // sigma 0.1
  Limits shown = to_original_scale(Transform::log, judged);
  EXPECT_NEAR(shown.center, 100.0, 1e-9);
  EXPECT_NEAR(shown.ucl, 100.0 * std::exp(0.3), 1e-9);
  EXPECT_NEAR(shown.lcl, 100.0 * std::exp(-0.3), 1e-9);
  EXPECT_DOUBLE_EQ(shown.sigma, judged.sigma);
  EXPECT_EQ(transform_from_string("log"), Transform::log);
  EXPECT_EQ(transform_from_string("none"), Transform::none);
  EXPECT_FALSE(transform_from_string("ln"));
  EXPECT_EQ(to_string(Transform::log), "log");
}

TEST(Autocorrelation, Lag1OfKnownSeries) {
  // Alternating series: r1 = -(n-1)/n exactly for +-1 with mean 0.
  std::vector<double> alt;
  for (int i = 0; i < 10; ++i) alt.push_back(i % 2 ? 1.0 : -1.0);
  EXPECT_NEAR(lag1_autocorrelation(alt), -0.9, 1e-12);
  // A trend is strongly positively correlated.
  std::vector<double> trend = {1, 2, 3, 4, 5};
  // m = 3: pairs (-2)(-1) + (-1)(0) + 0*1 + 1*2 = 4; denominator 10.
  EXPECT_NEAR(lag1_autocorrelation(trend), 0.4, 1e-12);
  EXPECT_TRUE(std::isnan(lag1_autocorrelation(std::vector<double>{1, 2})));
  EXPECT_TRUE(std::isnan(lag1_autocorrelation(std::vector<double>{3, 3, 3})));
}

TEST(Autocorrelation, RollingBaselineMatchesDirectComputationAfterExpiry) {
  RollingBaseline b(100'000);
  std::mt19937_64 rng(3);
  std::normal_distribution<double> noise(800, 30);
  std::vector<double> all;
  double ar = 0;
  for (int i = 0; i < 3000; ++i) {
    ar = 0.6 * ar + noise(rng) - 800;  // AR(1), phi = 0.6
    all.push_back(800 + ar);
    b.add(i * 100, all.back());
    b.expire(i * 100);
  }
  // The window holds t >= 299900 - 100000: the last 1001 points.
  std::vector<double> window(all.end() - static_cast<long>(b.size()), all.end());
  EXPECT_NEAR(b.lag1_autocorrelation(), lag1_autocorrelation(window), 1e-9);
  EXPECT_GT(b.lag1_autocorrelation(), 0.45);
  EXPECT_LT(b.lag1_autocorrelation(), 0.75);
}

}  // namespace
}  // namespace llmscope::spc
