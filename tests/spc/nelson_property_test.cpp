// Property tests over many seeded random series (noise, ties, values on
// the zone boundaries, steps, trends, alternation):
//  - the live engine (NelsonDetector fed point by point with frozen
//    limits) flags exactly what the offline analysis (nelson_flags) flags;
//  - an independent brute-force reference written here from the
//    definitions (scan the window ending at each point; no code shared
//    with src/spc) agrees with nelson_flags test by test.

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "spc/individuals.hpp"
#include "spc/nelson.hpp"

namespace llmscope::spc {
namespace {

using Flags = std::array<std::vector<std::size_t>, 8>;

// ---- Brute-force reference -------------------------------------------

struct Ref {
  const std::vector<double>& xs;
  double cl;
  double sd;
  double z(std::size_t j) const { return (xs[j] - cl) / sd; }
};

// Does the window of `w` points ending at i exist?
bool full(std::size_t i, std::size_t w) { return w >= 1 && i + 1 >= w; }

bool ref_test1(const Ref& r, std::size_t i, double k) { return r.z(i) > k || r.z(i) < -k; }

bool ref_test2(const Ref& r, std::size_t i, std::size_t n) {
  if (!full(i, n)) return false;
  bool all_above = true;
  bool all_below = true;
  for (std::size_t j = i + 1 - n; j <= i; ++j) {
    all_above = all_above && r.xs[j] > r.cl;
    all_below = all_below && r.xs[j] < r.cl;
  }
  return all_above || all_below;
}

bool ref_test3(const Ref& r, std::size_t i, std::size_t n) {
  if (n < 2 || !full(i, n)) return false;
  bool up = true;
  bool down = true;
  for (std::size_t j = i + 1 - n; j < i; ++j) {
    up = up && r.xs[j] < r.xs[j + 1];
    down = down && r.xs[j] > r.xs[j + 1];
  }
  return up || down;
}

bool ref_test4(const Ref& r, std::size_t i, std::size_t n) {
  if (n < 2 || !full(i, n)) return false;
  for (std::size_t j = i + 1 - n; j < i; ++j) {
    if (r.xs[j] == r.xs[j + 1]) return false;
    if (j + 1 < i) {
      const bool rise = r.xs[j + 1] > r.xs[j];
      const bool next_rise = r.xs[j + 2] > r.xs[j + 1];
      if (r.xs[j + 2] == r.xs[j + 1] || rise == next_rise) return false;
    }
  }
  return true;
}

// n of the last n + 1 beyond k on one side, point i one of them.
bool ref_n_of_n_plus_1(const Ref& r, std::size_t i, std::size_t n, double k) {
  if (!full(i, n + 1)) return false;
  std::size_t above = 0;
  std::size_t below = 0;
  for (std::size_t j = i - n; j <= i; ++j) {
    if (r.z(j) > k) ++above;
    if (r.z(j) < -k) ++below;
  }
  return (r.z(i) > k && above >= n) || (r.z(i) < -k && below >= n);
}

bool ref_test7(const Ref& r, std::size_t i, std::size_t n, double k) {
  if (!full(i, n)) return false;
  for (std::size_t j = i + 1 - n; j <= i; ++j) {
    if (std::fabs(r.z(j)) > k) return false;
  }
  return true;
}

bool ref_test8(const Ref& r, std::size_t i, std::size_t n, double k) {
  if (!full(i, n)) return false;
  std::size_t above = 0;
  std::size_t below = 0;
  for (std::size_t j = i + 1 - n; j <= i; ++j) {
    if (r.z(j) > k) ++above;
    if (r.z(j) < -k) ++below;
  }
  return above + below == n && above > 0 && below > 0;
}

Flags reference_flags(const std::vector<double>& xs, double cl, double sd, const NelsonConfig& c) {
  const Ref r{xs, cl, sd};
  Flags flags;
  auto len = [&](int t) { return static_cast<std::size_t>(c.tests[t - 1].length); };
  auto k = [&](int t) { return c.tests[t - 1].k_sigma; };
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const bool hit[8] = {ref_test1(r, i, k(1)),
                         ref_test2(r, i, len(2)),
                         ref_test3(r, i, len(3)),
                         ref_test4(r, i, len(4)),
                         ref_n_of_n_plus_1(r, i, len(5), k(5)),
                         ref_n_of_n_plus_1(r, i, len(6), k(6)),
                         ref_test7(r, i, len(7), k(7)),
                         ref_test8(r, i, len(8), k(8))};
    for (int t = 0; t < 8; ++t) {
      if (c.tests[t].enabled && hit[t]) flags[t].push_back(i);
    }
  }
  return flags;
}

// ---- Random series ---------------------------------------------------

// Values on a grid of quarter sigmas around CL = 10, sigma = 0.5, so that
// ties, points exactly on CL and exactly on 1, 2, 3 sigma are common and
// their zones are exact in binary.
double snap(double x) { return std::round(x * 8) / 8; }

std::vector<double> random_series(std::mt19937_64& rng) {
  std::uniform_int_distribution<int> kind(0, 5);
  std::uniform_int_distribution<int> seg_len(3, 25);
  std::normal_distribution<double> noise(0, 0.5);
  std::uniform_real_distribution<double> unit(-1, 1);
  std::vector<double> xs;
  const int segments = std::uniform_int_distribution<int>(1, 8)(rng);
  for (int s = 0; s < segments; ++s) {
    const int n = seg_len(rng);
    const int k = kind(rng);
    const double level = 10 + 1.5 * unit(rng);
    const double step = 0.3 * unit(rng);
    for (int i = 0; i < n; ++i) {
      double x = 10 + noise(rng);                                      // 0: noise
      if (k == 1) x = level + 0.3 * noise(rng);                        // 1: shifted level
      if (k == 2) x = level + step * i;                                // 2: clean trend
      if (k == 3) x = level + (i % 2 ? 1 : -1) * std::fabs(step) * 3;  // 3: alternation
      if (k == 4) x = 10 + 0.25 * std::round(4 * unit(rng) * 3);       // 4: on boundaries
      if (k == 5) x = xs.empty() ? 10 : xs.back();                     // 5: flat run (ties)
      xs.push_back(k == 2 || k == 3 ? x : snap(x));
    }
  }
  return xs;
}

NelsonConfig random_config(std::mt19937_64& rng) {
  auto c = NelsonConfig::minitab();
  std::uniform_int_distribution<int> coin(0, 3);
  const int min_len[8] = {1, 1, 2, 2, 1, 1, 1, 1};
  for (int t = 0; t < 8; ++t) {
    c.tests[t].enabled = coin(rng) != 0;
    c.tests[t].length = std::uniform_int_distribution<int>(min_len[t], 16)(rng);
    c.tests[t].k_sigma = 0.5 * std::uniform_int_distribution<int>(0, 7)(rng);
  }
  return c;
}

std::string describe(const std::vector<double>& xs) {
  std::string s;
  for (double x : xs) s += std::to_string(x) + " ";
  return s;
}

// ---- Properties -------------------------------------------------------

constexpr int kSeries = 3000;

TEST(NelsonProperty, LiveDetectorWithFrozenLimitsEqualsOfflineAnalysis) {
  std::mt19937_64 rng(20261204);
  for (int s = 0; s < kSeries; ++s) {
    const auto xs = random_series(rng);
    const auto limits = individuals_limits(xs).value();
    const NelsonConfig config = s % 2 ? NelsonConfig::minitab() : random_config(rng);

    Flags live;
    NelsonDetector detector(config);
    for (std::size_t i = 0; i < xs.size(); ++i) {
      const RuleMask mask = detector.push(xs[i], limits.center, limits.sigma);
      for (int t = 0; t < 8; ++t) {
        if (mask >> t & 1) live[t].push_back(i);
      }
    }
    ASSERT_EQ(live, nelson_flags(xs, limits.center, limits.sigma, config))
        << "series " << s << ": " << describe(xs);
  }
}

TEST(NelsonProperty, BruteForceReferenceAgreesTestByTest) {
  std::mt19937_64 rng(42);
  std::array<std::size_t, 8> fired{};
  for (int s = 0; s < kSeries; ++s) {
    const auto xs = random_series(rng);
    const auto config = s % 3 == 0   ? random_config(rng)
                        : s % 3 == 1 ? NelsonConfig::minitab()
                                     : NelsonConfig::western_electric();
    const double cl = 10;
    const double sd = 0.5;
    const auto got = nelson_flags(xs, cl, sd, config);
    const auto want = reference_flags(xs, cl, sd, config);
    for (int t = 0; t < 8; ++t) {
      ASSERT_EQ(got[t], want[t]) << "test " << t + 1 << ", series " << s << ": " << describe(xs);
      fired[t] += got[t].size();
    }
  }
  // The agreement means something only if every test fired often.
  for (int t = 0; t < 8; ++t) EXPECT_GT(fired[t], 100u) << "test " << t + 1;
}

TEST(NelsonProperty, BruteForceReferenceAgreesWithEstimatedLimits) {
  std::mt19937_64 rng(7);
  for (int s = 0; s < kSeries; ++s) {
    const auto xs = random_series(rng);
    const auto l = individuals_limits(xs).value();
    if (l.sigma == 0) continue;  // the reference divides by sigma
    const auto got = nelson_flags(xs, l.center, l.sigma);
    const auto want = reference_flags(xs, l.center, l.sigma, NelsonConfig::minitab());
    ASSERT_EQ(got, want) << "series " << s << ": " << describe(xs);
  }
}

}  // namespace
}  // namespace llmscope::spc
