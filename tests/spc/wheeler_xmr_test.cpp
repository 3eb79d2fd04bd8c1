// Wheeler's XmR examples as ggQC computes them. ggQC uses Wheeler's
// constants (limits = mean +- 2.66 mR, mR UCL = 3.268 mR); LLMscope uses
// 3 mR / 1.128 and 3.267 mR. So the mean and mR must agree exactly, the
// limits agree once the constants are swapped, and our own limits match the
// recomputed ("computed_here") figures.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "spc/individuals.hpp"
#include "spc/nelson.hpp"
#include "spc/reference_data.hpp"

namespace llmscope::spc {
namespace {

using testdata::half_unit;

constexpr double kWheelerE2 = 2.66;
constexpr double kWheelerD4 = 3.268;

class WheelerXmr : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ref_ = testdata::load_json("spc/wheeler_xmr.json").at(GetParam());
    xs_ = ref_.at("data").get<std::vector<double>>();
    limits_ = individuals_limits(xs_).value();
  }
  nlohmann::json ref_;
  std::vector<double> xs_;
  Limits limits_;
};

TEST_P(WheelerXmr, MeanAndMovingRangeMatchGgqc) {
  const auto& gg = ref_.at("ggQC_reference_output");
  EXPECT_NEAR(limits_.center, gg.at("mean").get<double>(), 1e-9);
  EXPECT_NEAR(limits_.mr_center, gg.at("mR").get<double>(), 1e-9);
}

TEST_P(WheelerXmr, LimitsMatchGgqcWithWheelerConstants) {
  const auto& gg = ref_.at("ggQC_reference_output");
  const double m = limits_.center;
  const double mr = limits_.mr_center;
  EXPECT_NEAR(m + kWheelerE2 * mr, gg.at("UCL").get<double>(), 1e-9);
  EXPECT_NEAR(m - kWheelerE2 * mr, gg.at("LCL").get<double>(), 1e-9);
  EXPECT_NEAR(kWheelerD4 * mr, gg.at("mR_UCL").get<double>(), 1e-9);
  if (gg.contains("sigma")) {
    EXPECT_NEAR(kWheelerE2 * mr / 3, gg.at("sigma").get<double>(), 1e-9);
  }
}

TEST_P(WheelerXmr, OwnLimitsMatchRecomputedFigures) {
  const auto& here = ref_.at("computed_here");
  EXPECT_NEAR(limits_.sigma, here.at("sigma_1.128").get<double>(), half_unit(5));
  EXPECT_NEAR(limits_.ucl, here.at("UCL_3sigma_1.128").get<double>(), half_unit(6));
  EXPECT_NEAR(limits_.lcl, here.at("LCL_3sigma_1.128").get<double>(), half_unit(6));
  EXPECT_NEAR(limits_.mr_ucl, here.at("MR_UCL_3.267").get<double>(), half_unit(5));
  EXPECT_EQ(nelson_flags(xs_, limits_.center, limits_.sigma),
            testdata::flags_from_json(here.at("nelson_flags_1based"), 1));
}

INSTANTIATE_TEST_SUITE_P(Examples, WheelerXmr, ::testing::Values("wheeler49", "wheeler_emp15"));

TEST(WheelerXmrPublished, RoundedFiguresWithinGgqcTolerance) {
  const auto ref = testdata::load_json("spc/wheeler_xmr.json").at("wheeler49");
  const auto& pub = ref.at("published_rounded");
  const auto l = individuals_limits(ref.at("data").get<std::vector<double>>()).value();
  // ggQC's own test compares these rounded figures with tolerance 0.02.
  EXPECT_NEAR(l.center, pub.at("mean").get<double>(), 0.02);
  EXPECT_NEAR(l.mr_center, pub.at("mR").get<double>(), 0.02);
  EXPECT_NEAR(l.mr_ucl, pub.at("mR_UCL").get<double>(), 0.02);
  EXPECT_NEAR(l.lcl, pub.at("LCL").get<double>(), 0.02);
  EXPECT_NEAR(l.ucl, pub.at("UCL").get<double>(), 0.02);
}

TEST(WheelerXmrData, CsvFilesHoldTheSameSeries) {
  const auto ref = testdata::load_json("spc/wheeler_xmr.json");
  EXPECT_EQ(testdata::column("spc/wheeler49.csv", "x"),
            ref.at("wheeler49").at("data").get<std::vector<double>>());
  EXPECT_EQ(testdata::column("spc/wheeler_emp15.csv", "x"),
            ref.at("wheeler_emp15").at("data").get<std::vector<double>>());
}

}  // namespace
}  // namespace llmscope::spc
