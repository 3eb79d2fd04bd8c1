// qcc's viscosity data (Montgomery): phase I limits as qcc publishes them,
// then phase II judged against frozen limits, with Nelson and Western
// Electric flags (tests/data/spc/qcc_viscosity.json).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "spc/individuals.hpp"
#include "spc/nelson.hpp"
#include "spc/reference_data.hpp"

namespace llmscope::spc {
namespace {

using testdata::half_unit;

struct Viscosity {
  std::vector<int> batch;
  std::vector<double> x;
  std::vector<bool> trial;  // phase I
};

Viscosity load_viscosity() {
  const char* file = "spc/qcc_viscosity.csv";
  Viscosity v;
  for (const auto& b : testdata::column_text(file, "batch")) v.batch.push_back(std::stoi(b));
  v.x = testdata::column(file, "viscosity");
  for (const auto& t : testdata::column_text(file, "trial")) v.trial.push_back(t == "TRUE");
  return v;
}

// Phase I values (optionally without one batch), then the phase II values
// if asked, with their batch numbers.
struct Series {
  std::vector<double> x;
  std::vector<int> batch;
};

Series select(const Viscosity& v, int drop_batch, bool with_phase2) {
  Series s;
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t i = 0; i < v.x.size(); ++i) {
      const bool wanted = pass == 0 ? v.trial[i] : (with_phase2 && !v.trial[i]);
      if (!wanted || v.batch[i] == drop_batch) continue;
      s.x.push_back(v.x[i]);
      s.batch.push_back(v.batch[i]);
    }
  }
  return s;
}

std::vector<int> batches_of(const std::vector<std::size_t>& positions, const Series& s) {
  std::vector<int> out;
  for (std::size_t p : positions) out.push_back(s.batch.at(p));
  return out;
}

void expect_qcc_limits(const Limits& l, const nlohmann::json& pub) {
  // qcc prints 7 significant digits.
  EXPECT_NEAR(l.center, pub.at("center").get<double>(), half_unit(5));
  EXPECT_NEAR(l.sigma, pub.at("std_dev").get<double>(), half_unit(7));
  EXPECT_NEAR(l.lcl, pub.at("LCL").get<double>(), half_unit(5));
  EXPECT_NEAR(l.ucl, pub.at("UCL").get<double>(), half_unit(5));
}

TEST(ReferenceQccViscosity, PhaseOneAllTwentyMatchesQcc) {
  const auto ref = testdata::load_json("spc/qcc_viscosity.json");
  const auto& pub = ref.at("published").at("phase1_all20");
  const Series s = select(load_viscosity(), /*drop_batch=*/0, false);
  const auto l = individuals_limits(s.x);
  ASSERT_TRUE(l);

  ASSERT_EQ(l->n, 20u);
  expect_qcc_limits(*l, pub);
  const auto& here = ref.at("computed_here").at("phase1_all20");
  EXPECT_NEAR(l->mr_center, here.at("MRbar").get<double>(), half_unit(6));
  EXPECT_NEAR(l->mr_ucl, here.at("MR_UCL_D4_3.267").get<double>(), half_unit(6));

  // qcc reports exactly one violation: batch 4.
  const auto flags = nelson_flags(s.x, l->center, l->sigma);
  EXPECT_EQ(flags[0].size(), pub.at("n_violations_test1").get<std::size_t>());
  EXPECT_EQ(batches_of(flags[0], s), here.at("test1_violators_batch").get<std::vector<int>>());
}

TEST(ReferenceQccViscosity, PhaseOneWithoutBatchFourMatchesQcc) {
  const auto ref = testdata::load_json("spc/qcc_viscosity.json");
  const auto& pub = ref.at("published").at("phase1_without_batch4");
  const Series s = select(load_viscosity(), /*drop_batch=*/4, false);
  const auto l = individuals_limits(s.x);
  ASSERT_TRUE(l);

  EXPECT_EQ(l->n, pub.at("n").get<std::size_t>());
  expect_qcc_limits(*l, pub);
  const auto& here = ref.at("computed_here").at("phase1_without_batch4");
  EXPECT_NEAR(l->mr_center, here.at("MRbar").get<double>(), half_unit(6));
}

// Phase II: limits frozen from phase I without batch 4, every point judged.
class QccPhaseTwo : public ::testing::Test {
 protected:
  void SetUp() override {
    ref_ = testdata::load_json("spc/qcc_viscosity.json")
               .at("computed_here")
               .at("phase2_against_frozen_limits_without_batch4");
    const Series phase1 = select(load_viscosity(), 4, false);
    limits_ = individuals_limits(phase1.x).value();
    series_ = select(load_viscosity(), 4, true);
  }
  nlohmann::json ref_;
  Limits limits_;
  Series series_;
};

TEST_F(QccPhaseTwo, NelsonFlagsMatchReference) {
  ASSERT_EQ(series_.x.size(), 34u);
  const auto flags = nelson_flags(series_.x, limits_.center, limits_.sigma);
  const auto& expected = ref_.at("nelson_flags_batch");
  for (int t = 1; t <= 8; ++t) {
    EXPECT_EQ(batches_of(flags[t - 1], series_),
              expected.at(std::to_string(t)).get<std::vector<int>>())
        << "test " << t;
  }
}

TEST_F(QccPhaseTwo, WesternElectricFlagsMatchReference) {
  const auto flags =
      nelson_flags(series_.x, limits_.center, limits_.sigma, NelsonConfig::western_electric());
  const auto& expected = ref_.at("western_electric_flags_batch");
  // WE1..WE4 are Nelson tests 1, 5, 6 and 2 (with 8 points).
  const std::vector<std::pair<std::string, int>> we = {
      {"WE1", 1}, {"WE2", 5}, {"WE3", 6}, {"WE4", 2}};
  for (const auto& [name, test] : we) {
    EXPECT_EQ(batches_of(flags[test - 1], series_), expected.at(name).get<std::vector<int>>())
        << name;
  }
  for (int off : {3, 4, 7, 8}) EXPECT_TRUE(flags[off - 1].empty()) << "test " << off;
}

}  // namespace
}  // namespace llmscope::spc
