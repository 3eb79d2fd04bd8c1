// EWMA and tabular CUSUM reproduce the published NIST and Montgomery
// examples (tests/data/spc) to the precision they were published with.

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "spc/cusum.hpp"
#include "spc/ewma.hpp"
#include "spc/reference_data.hpp"

namespace llmscope::spc {
namespace {

using testdata::column;
using testdata::half_unit;
using testdata::load_json;

std::vector<double> doubles(const nlohmann::json& j) { return j.get<std::vector<double>>(); }

TEST(EwmaNist, ReproducesPublishedStatisticAndLimits) {
  const auto ref = load_json("spc/nist_ewma.json");
  const auto xs = column("spc/nist_ewma.csv", "x");
  const auto published = doubles(ref.at("published").at("EWMA_t_1_to_20"));
  const auto exact_ucl = doubles(ref.at("computed_here").at("exact_time_varying_UCL"));
  ASSERT_EQ(xs.size(), published.size());

  EwmaDetector ewma({true, 0.3, 3.0});
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const EwmaPoint p = ewma.push(xs[i], 50.0, 2.0539);
    EXPECT_NEAR(p.z, published[i], half_unit(2)) << "t=" << i + 1;
    EXPECT_NEAR(p.ucl, exact_ucl[i], half_unit(5)) << "t=" << i + 1;
    EXPECT_NEAR(p.lcl, 100.0 - exact_ucl[i], half_unit(5)) << "t=" << i + 1;
    EXPECT_FALSE(p.signal) << "NIST lists no out-of-control point; t=" << i + 1;
  }
  // By t = 20 the exact limits have reached the published asymptotic ones.
  const EwmaPoint last = ewma.push(std::nan(""), 50.0, 2.0539);
  EXPECT_NEAR(last.z, published.back(), half_unit(2));
}

TEST(EwmaNist, ExactLimitsConvergeToPublishedAsymptote) {
  const auto pub = load_json("spc/nist_ewma.json").at("published");
  EwmaDetector ewma({true, 0.3, 3.0});
  EwmaPoint p;
  for (int i = 0; i < 60; ++i) p = ewma.push(50.0, 50.0, 2.0539);
  EXPECT_NEAR(p.ucl, pub.at("UCL").get<double>(), half_unit(4));
  // NIST prints 47.4115 for 47.41157: truncated, not rounded, so one unit
  // of the last place is allowed below.
  EXPECT_NEAR(p.lcl, pub.at("LCL").get<double>(), 1e-4);
  EXPECT_NEAR(p.lcl, 47.411568, half_unit(6));
}

TEST(EwmaMontgomery, Lambda01L27MatchesExactLimitsAndFirstSignal) {
  const auto ref = load_json("spc/montgomery_table9_1.json").at("computed_here");
  const auto xs = column("spc/montgomery_table9_1.csv", "x");
  const auto& rows = ref.at("ewma_lambda0.1_L2.7_exact_limits");
  ASSERT_EQ(rows.size(), xs.size());

  EwmaDetector ewma({true, 0.1, 2.7});
  std::optional<int> first_signal;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const EwmaPoint p = ewma.push(xs[i], 10.0, 1.0);
    EXPECT_NEAR(p.z, rows[i].at("z").get<double>(), half_unit(5)) << "i=" << i + 1;
    EXPECT_NEAR(p.ucl, rows[i].at("ucl").get<double>(), half_unit(5)) << "i=" << i + 1;
    EXPECT_NEAR(p.lcl, rows[i].at("lcl").get<double>(), half_unit(5)) << "i=" << i + 1;
    EXPECT_EQ(p.signal, rows[i].at("signal_exact").get<bool>()) << "i=" << i + 1;
    if (p.signal && !first_signal) first_signal = static_cast<int>(i + 1);
  }
  EXPECT_EQ(first_signal, ref.at("ewma_first_signal_exact_limits").get<int>());
}

TEST(EwmaMontgomery, DefaultParametersDoNotSignalOnTable91) {
  const auto xs = column("spc/montgomery_table9_1.csv", "x");
  EwmaDetector ewma;  // lambda 0.2, L 2.962: the reference finds no signal
  for (double x : xs) EXPECT_FALSE(ewma.push(x, 10.0, 1.0).signal);
}

TEST(EwmaDetector, ZeroSigmaSignalsAnyPointOffCenterAndNanIsSkipped) {
  EwmaDetector ewma;
  EXPECT_FALSE(ewma.push(5.0, 5.0, 0.0).signal);
  EXPECT_FALSE(ewma.push(std::nan(""), 5.0, 0.0).signal);
  EXPECT_EQ(ewma.count(), 1u);
  EXPECT_TRUE(ewma.push(5.1, 5.0, 0.0).signal);
}

TEST(CusumMontgomery, ReproducesPublishedUpperSumAndSignal) {
  const auto ref = load_json("spc/montgomery_table9_1.json");
  const auto published = doubles(ref.at("published").at("cusum_upper_C_plus_periods_1_29"));
  const auto& rows = ref.at("computed_here").at("cusum");
  const auto xs = column("spc/montgomery_table9_1.csv", "x");

  CusumDetector cusum({true, 0.5, 5.0, false});
  std::optional<int> first_signal;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const CusumPoint p = cusum.push(xs[i], 10.0, 1.0);
    if (i < published.size())
      EXPECT_NEAR(p.upper, published[i], half_unit(2)) << "period " << i + 1;
    EXPECT_NEAR(p.lower, rows[i].at("c_minus").get<double>(), 1e-9) << "period " << i + 1;
    EXPECT_DOUBLE_EQ(p.h, 5.0);
    EXPECT_EQ(p.signal,
              rows[i].at("signal_up").get<bool>() || rows[i].at("signal_down").get<bool>());
    if (p.signal && !first_signal) first_signal = static_cast<int>(i + 1);
  }
  EXPECT_EQ(first_signal, ref.at("published").at("first_signal_period").get<int>());
}

TEST(CusumNist, SignalsExactlyThePublishedObservations) {
  const auto ref = load_json("spc/nist_cusum.json");
  const auto xs = column("spc/nist_cusum.csv", "xbar");
  const auto c_plus = doubles(ref.at("computed_here").at("c_plus"));
  const auto c_minus = doubles(ref.at("computed_here").at("c_minus"));
  const double sigma = 0.635;
  // NIST gives k and h in data units: k = 0.5 sigma, h = 4.1959.
  CusumDetector cusum({true, 0.3175 / sigma, 4.1959 / sigma, false});

  std::vector<int> signals;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const CusumPoint p = cusum.push(xs[i], 325.0, sigma);
    EXPECT_NEAR(p.upper, c_plus[i], half_unit(4)) << "t=" << i + 1;
    EXPECT_NEAR(p.lower, c_minus[i], half_unit(4)) << "t=" << i + 1;
    EXPECT_NEAR(p.h, 4.1959, 1e-12);
    if (p.signal) signals.push_back(static_cast<int>(i + 1));
  }
  EXPECT_EQ(signals, ref.at("published").at("out_of_control_observations").get<std::vector<int>>());
}

TEST(CusumDetector, FastInitialResponseStartsBothSumsAtHalfH) {
  CusumDetector fir({true, 0.5, 5.0, true});
  const CusumPoint p = fir.push(10.0, 10.0, 2.0);  // x on the center line
  EXPECT_DOUBLE_EQ(p.upper, 5.0 - 1.0);            // h sigma / 2 - k sigma
  EXPECT_DOUBLE_EQ(p.lower, 5.0 - 1.0);
  CusumDetector plain;
  EXPECT_DOUBLE_EQ(plain.push(10.0, 10.0, 2.0).upper, 0.0);
}

TEST(CusumDetector, SumsAreNotResetAfterASignal) {
  CusumDetector cusum;
  for (int i = 0; i < 6; ++i) cusum.push(2.0, 0.0, 1.0);  // +1.5 per point
  const CusumPoint p = cusum.push(2.0, 0.0, 1.0);
  EXPECT_TRUE(p.signal);
  EXPECT_DOUBLE_EQ(p.upper, 10.5);
}

}  // namespace
}  // namespace llmscope::spc
