// Published individuals-chart data sets (tests/data/spc) reproduced to the
// precision they were published with, and their Nelson flags.

#include "spc/reference_data.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "spc/individuals.hpp"
#include "spc/nelson.hpp"

namespace llmscope::spc {
namespace {

using testdata::column;
using testdata::flags_from_json;
using testdata::half_unit;
using testdata::load_json;

Limits limits_of(const std::vector<double>& xs) {
  auto limits = individuals_limits(xs);
  EXPECT_TRUE(limits.has_value());
  return limits.value_or(Limits{});
}

TEST(ReferenceNist, ReproducesPublishedIndividualsChart) {
  const auto ref = load_json("spc/nist_individuals.json");
  const auto& pub = ref.at("published");
  const auto xs = column("spc/nist_individuals.csv", "x");
  const Limits l = limits_of(xs);

  ASSERT_EQ(l.n, 10u);
  EXPECT_NEAR(l.center, pub.at("xbar").get<double>(), half_unit(2));
  EXPECT_NEAR(l.mr_center, pub.at("MRbar").get<double>(), half_unit(4));
  EXPECT_NEAR(l.ucl, pub.at("UCL").get<double>(), half_unit(4));
  EXPECT_NEAR(l.lcl, pub.at("LCL").get<double>(), half_unit(4));
  // Published as "3.267*MRbar (=6.1347)".
  const auto mr_ucl_text = pub.at("MR_UCL").get<std::string>();
  const double mr_ucl = std::stod(mr_ucl_text.substr(mr_ucl_text.find("(=") + 2));
  EXPECT_NEAR(l.mr_ucl, mr_ucl, half_unit(4));
  EXPECT_EQ(pub.at("MR_LCL").get<double>(), 0.0);
}

TEST(ReferenceNist, MatchesRecomputedFiguresAndFlags) {
  const auto ref = load_json("spc/nist_individuals.json");
  const auto& here = ref.at("computed_here");
  const auto xs = column("spc/nist_individuals.csv", "x");
  const Limits l = limits_of(xs);

  EXPECT_NEAR(l.sigma, here.at("sigma").get<double>(), half_unit(6));
  EXPECT_NEAR(l.ucl, here.at("UCL").get<double>(), half_unit(5));
  EXPECT_NEAR(l.lcl, here.at("LCL").get<double>(), half_unit(5));
  const auto mrs = here.at("moving_ranges").get<std::vector<double>>();
  ASSERT_EQ(mrs.size(), xs.size() - 1);
  for (std::size_t i = 1; i < xs.size(); ++i) {
    EXPECT_NEAR(std::fabs(xs[i] - xs[i - 1]), mrs[i - 1], 1e-9) << i;
  }
  EXPECT_EQ(nelson_flags(xs, l.center, l.sigma),
            flags_from_json(here.at("nelson_flags_0based"), 0));
}

TEST(ReferenceMontgomeryRunger, ReproducesPublishedIndividualsChart) {
  const auto ref = load_json("spc/montgomery_runger_concentration.json");
  const auto& pub = ref.at("published");
  const auto xs = column("spc/montgomery_runger_concentration.csv", "concentration");
  const Limits l = limits_of(xs);

  ASSERT_EQ(l.n, 20u);
  EXPECT_NEAR(l.center, pub.at("xbar").get<double>(), half_unit(1));
  EXPECT_NEAR(l.mr_center, pub.at("MRbar").get<double>(), half_unit(2));
  EXPECT_EQ(pub.at("d2").get<double>(), kD2);
  // The book computed its limits from the rounded xbar and MRbar; the same
  // formula on those figures gives its limits to the printed precision.
  const Limits book = limits_from(pub.at("xbar"), pub.at("MRbar"), 20);
  EXPECT_NEAR(book.ucl, pub.at("UCL").get<double>(), half_unit(2));
  EXPECT_NEAR(book.lcl, pub.at("LCL").get<double>(), half_unit(2));
  EXPECT_NEAR(book.center, pub.at("CL").get<double>(), half_unit(1));
  // And the full-precision limits are within the rounding of the inputs.
  EXPECT_NEAR(l.ucl, pub.at("UCL").get<double>(), 0.01);
  EXPECT_NEAR(l.lcl, pub.at("LCL").get<double>(), 0.01);
}

TEST(ReferenceMontgomeryRunger, MatchesRecomputedFiguresAndFlags) {
  const auto ref = load_json("spc/montgomery_runger_concentration.json");
  const auto& here = ref.at("computed_here");
  const auto xs = column("spc/montgomery_runger_concentration.csv", "concentration");
  const Limits l = limits_of(xs);

  EXPECT_NEAR(l.center, here.at("xbar").get<double>(), half_unit(3));
  EXPECT_NEAR(l.mr_center, here.at("MRbar").get<double>(), half_unit(6));
  EXPECT_NEAR(l.sigma, here.at("sigma").get<double>(), half_unit(6));
  EXPECT_NEAR(l.ucl, here.at("UCL").get<double>(), half_unit(6));
  EXPECT_NEAR(l.lcl, here.at("LCL").get<double>(), half_unit(6));
  EXPECT_NEAR(l.mr_ucl, here.at("MR_UCL").get<double>(), half_unit(6));
  // "No indication of an out-of-control condition."
  EXPECT_EQ(nelson_flags(xs, l.center, l.sigma),
            flags_from_json(here.at("nelson_flags_0based"), 0));
}

TEST(ReferenceMontgomeryTable91, NoRuleFiresWithKnownParameters) {
  const auto ref = load_json("spc/montgomery_table9_1.json");
  const auto& here = ref.at("computed_here");
  const auto xs = column("spc/montgomery_table9_1.csv", "x");
  ASSERT_EQ(xs.size(), 30u);

  // Known mu = 10, sigma = 1 (the book's setting), not estimated.
  const auto flags = nelson_flags(xs, 10.0, 1.0);
  EXPECT_EQ(flags, flags_from_json(here.at("nelson_known_mu10_sigma1_flags_1based"), 1));
  EXPECT_EQ(flags[0],
            here.at("shewhart_known_mu10_sigma1_test1_flags").get<std::vector<std::size_t>>());
}

// Not an individuals chart: an X-bar chart of subgroup means whose limits
// come from the mean range. It still checks the rules against a published
// verdict: SAS reports test 5 at sample 14 as the only signal of tests 1-5.
TEST(ReferenceSasXbar, RulesOnSubgroupMeansGiveSasVerdict) {
  const auto ref = load_json("spc/sas_parts_xbar.json");
  const auto& here = ref.at("computed_here");
  const auto means = column("spc/sas_parts_xbar.csv", "PartgapX");
  const auto ranges = column("spc/sas_parts_xbar.csv", "PartgapR");

  double sum_x = 0;
  double sum_r = 0;
  for (double x : means) sum_x += x;
  for (double r : ranges) sum_r += r;
  const double center = sum_x / static_cast<double>(means.size());
  const double d2_5 = here.at("d2_5").get<double>();
  const double sigma_xbar = sum_r / static_cast<double>(ranges.size()) / d2_5 / std::sqrt(5.0);
  EXPECT_NEAR(center, here.at("xbarbar").get<double>(), half_unit(6));
  EXPECT_NEAR(sigma_xbar, here.at("sigma_xbar").get<double>(), half_unit(6));

  const auto requested = ref.at("published").at("tests_requested").get<std::vector<int>>();
  const auto flags = nelson_flags(means, center, sigma_xbar, NelsonConfig::only(requested));
  EXPECT_EQ(flags, flags_from_json(here.at("flags_1based"), 1));
  EXPECT_EQ(flags[4], std::vector<std::size_t>{13});
}

}  // namespace
}  // namespace llmscope::spc
