// RollingBaseline against individuals_limits() of the same window, after
// many add/expire steps, and its edge behaviour.

#include "spc/rolling_baseline.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <deque>
#include <limits>
#include <random>
#include <vector>

#include "spc/individuals.hpp"

namespace llmscope::spc {
namespace {

// The window kept the obvious way, to compare against.
struct NaiveWindow {
  std::int64_t window_ms;
  std::deque<std::pair<std::int64_t, double>> points;

  void add(std::int64_t t, double x) {
    if (!points.empty() && t < points.back().first) t = points.back().first;
    points.emplace_back(t, x);
  }
  void expire(std::int64_t now) {
    std::erase_if(points, [&](const auto& p) { return p.first < now - window_ms; });
  }
  std::vector<double> values() const {
    std::vector<double> xs;
    for (const auto& p : points) xs.push_back(p.second);
    return xs;
  }
};

void expect_same_limits(const std::optional<Limits>& got, const std::vector<double>& window,
                        double tolerance) {
  const auto want = individuals_limits(window);
  ASSERT_EQ(got.has_value(), want.has_value()) << "window of " << window.size();
  if (!want) return;
  EXPECT_EQ(got->n, want->n);
  const double scale = std::max(1.0, std::fabs(want->center));
  EXPECT_NEAR(got->center, want->center, tolerance * scale);
  EXPECT_NEAR(got->mr_center, want->mr_center, tolerance * scale);
  EXPECT_NEAR(got->sigma, want->sigma, tolerance * scale);
  EXPECT_NEAR(got->ucl, want->ucl, tolerance * scale);
  EXPECT_NEAR(got->lcl, want->lcl, tolerance * scale);
  EXPECT_NEAR(got->mr_ucl, want->mr_ucl, tolerance * scale);
}

TEST(RollingBaseline, MatchesIndividualsLimitsAfterManyAddsAndExpiries) {
  std::mt19937_64 rng(99);
  std::lognormal_distribution<double> latency(0.0, 1.0);
  std::uniform_int_distribution<int> gap_ms(0, 3000);
  const std::int64_t window = 60'000;
  RollingBaseline rolling(window);
  NaiveWindow naive{window, {}};

  std::int64_t now = 1'700'000'000'000;
  for (int step = 0; step < 50'000; ++step) {
    now += gap_ms(rng);
    const double x = 1000 + 100 * latency(rng);
    rolling.add(now, x);
    naive.add(now, x);
    rolling.expire(now);
    naive.expire(now);
    ASSERT_EQ(rolling.size(), naive.points.size());
    if (step % 97 == 0) expect_same_limits(rolling.limits(), naive.values(), 1e-9);
  }
  expect_same_limits(rolling.limits(), naive.values(), 1e-9);
}

TEST(RollingBaseline, ResumBoundsDriftAfterHugeValuesLeave) {
  // Huge values absorb the small ones in a running sum; once they expire,
  // only an exact re-sum brings the limits back.
  RollingBaseline rolling(1000);
  NaiveWindow naive{1000, {}};
  for (int i = 0; i < 10; ++i) {
    rolling.add(i, 1e17 * (i + 1));
    naive.add(i, 1e17 * (i + 1));
  }
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> small(0, 1);
  for (std::int64_t t = 2000; t < 7000; ++t) {
    const double x = small(rng);
    rolling.add(t, x);
    naive.add(t, x);
    rolling.expire(t);
    naive.expire(t);
  }
  ASSERT_EQ(rolling.size(), 1001u);
  expect_same_limits(rolling.limits(), naive.values(), 1e-9);
}

TEST(RollingBaseline, FewerThanTwoPointsHaveNoLimits) {
  RollingBaseline rolling(100);
  EXPECT_FALSE(rolling.limits());
  rolling.add(0, 5);
  EXPECT_FALSE(rolling.limits());
  rolling.add(10, 7);
  ASSERT_TRUE(rolling.limits());
  EXPECT_DOUBLE_EQ(rolling.limits()->center, 6);
  EXPECT_DOUBLE_EQ(rolling.limits()->mr_center, 2);
  EXPECT_DOUBLE_EQ(rolling.limits()->sigma, 2 / kD2);
}

TEST(RollingBaseline, ExpireDropsPointsOlderThanTheWindow) {
  RollingBaseline rolling(100);
  rolling.add(0, 1);
  rolling.add(50, 2);
  rolling.add(100, 4);
  rolling.expire(150);  // keeps t >= 50
  EXPECT_EQ(rolling.size(), 2u);
  EXPECT_DOUBLE_EQ(rolling.limits()->center, 3);
  EXPECT_DOUBLE_EQ(rolling.limits()->mr_center, 2);
  rolling.expire(1000);
  EXPECT_EQ(rolling.size(), 0u);
  EXPECT_FALSE(rolling.limits());
  rolling.add(1000, 8);
  rolling.add(1001, 9);
  EXPECT_DOUBLE_EQ(rolling.limits()->center, 8.5);  // no residue of old sums
}

TEST(RollingBaseline, EarlierTimeCountsAsTheLastTime) {
  RollingBaseline rolling(100);
  rolling.add(500, 1);
  rolling.add(10, 3);  // late arrival: kept as if at t = 500
  rolling.expire(600);
  EXPECT_EQ(rolling.size(), 2u);
  rolling.expire(601);
  EXPECT_EQ(rolling.size(), 0u);
}

TEST(RollingBaseline, NonFiniteValuesAreIgnored) {
  RollingBaseline rolling(100);
  rolling.add(0, 1);
  rolling.add(1, std::numeric_limits<double>::quiet_NaN());
  rolling.add(2, std::numeric_limits<double>::infinity());
  rolling.add(3, 3);
  EXPECT_EQ(rolling.size(), 2u);
  EXPECT_DOUBLE_EQ(rolling.limits()->center, 2);
  EXPECT_DOUBLE_EQ(rolling.limits()->mr_center, 2);
}

TEST(RollingBaseline, ConstantWindowHasZeroSigma) {
  RollingBaseline rolling(10'000);
  for (int i = 0; i < 5000; ++i) {
    rolling.add(i, 0.1 * (i % 3));
    rolling.expire(i);
  }
  for (int i = 5000; i < 30'000; ++i) {
    rolling.add(i, 0.7);
    rolling.expire(i);
  }
  ASSERT_TRUE(rolling.limits());
  EXPECT_GE(rolling.limits()->sigma, 0.0);
  EXPECT_NEAR(rolling.limits()->sigma, 0.0, 1e-12);
  EXPECT_NEAR(rolling.limits()->center, 0.7, 1e-12);
}

}  // namespace
}  // namespace llmscope::spc
