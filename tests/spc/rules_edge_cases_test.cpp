// Every case of tests/data/spc/rules_edge_cases.json, looped over so that a
// new case in the file is checked without a code change; failures name the
// case.

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "spc/nelson.hpp"
#include "spc/reference_data.hpp"

namespace llmscope::spc {
namespace {

std::vector<std::size_t> one_based(const std::vector<std::size_t>& zero_based) {
  std::vector<std::size_t> out;
  for (std::size_t p : zero_based) out.push_back(p + 1);
  return out;
}

// A case judging one Nelson test at given limits, default parameters.
void check_rule_case(const nlohmann::json& c) {
  const auto name = c.at("name").get<std::string>();
  const int test = c.at("test").get<int>();
  const auto data = c.at("data").get<std::vector<double>>();
  const auto expected = c.at("expected_flags_1based").get<std::vector<std::size_t>>();

  const auto all = nelson_flags(data, c.at("CL"), c.at("sigma"));
  EXPECT_EQ(one_based(all[test - 1]), expected) << "case '" << name << "', test " << test;

  // The test alone gives the same answer: tests do not interact.
  const std::array<int, 1> only = {test};
  const auto alone = nelson_flags(data, c.at("CL"), c.at("sigma"), NelsonConfig::only(only));
  EXPECT_EQ(one_based(alone[test - 1]), expected) << "case '" << name << "' alone";
}

// The Samuelson case: limits from the window including the judged point
// (population SD) can never put that point beyond 3 sigma, so test 1
// cannot fire. Checks the arithmetic and that our strict rule agrees.
void check_method_case(const nlohmann::json& c) {
  const auto name = c.at("name").get<std::string>();
  const auto data = c.at("data").get<std::vector<double>>();
  const double n = static_cast<double>(data.size());
  double mean = 0;
  for (double x : data) mean += x / n;
  double var = 0;
  for (double x : data) var += (x - mean) * (x - mean) / n;
  const double sd = std::sqrt(var);

  const double z_last = (data.back() - mean) / sd;
  EXPECT_NEAR(z_last, c.at("z_of_last_point").get<double>(), 1e-12) << name;
  EXPECT_NEAR(std::sqrt(n - 1), c.at("bound").get<double>(), 1e-12) << name;

  const auto flags = nelson_flags(data, mean, sd, NelsonConfig::only(std::array{1}));
  EXPECT_EQ(one_based(flags[0]), c.at("expected_flags_1based").get<std::vector<std::size_t>>())
      << "case '" << name << "'";
}

TEST(NelsonRulesEdgeCases, EveryCaseFlagsExactlyTheExpectedPoints) {
  const auto ref = testdata::load_json("spc/rules_edge_cases.json");
  const auto& cases = ref.at("cases");
  ASSERT_GE(cases.size(), 24u);  // as many as the file had when written

  int rule_cases = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    if (c.contains("test")) {
      check_rule_case(c);
      ++rule_cases;
    } else {
      ASSERT_TRUE(c.contains("method")) << "case of an unknown kind";
      check_method_case(c);
    }
  }
  EXPECT_EQ(rule_cases + 1, static_cast<int>(cases.size()));
}

TEST(NelsonRulesEdgeCases, EveryTestIsExercisedByTheFile) {
  const auto ref = testdata::load_json("spc/rules_edge_cases.json");
  std::array<int, 8> per_test{};
  for (const auto& c : ref.at("cases")) {
    if (c.contains("test")) ++per_test.at(c.at("test").get<int>() - 1);
  }
  for (int t = 0; t < 8; ++t) EXPECT_GT(per_test[t], 0) << "test " << t + 1;
}

}  // namespace
}  // namespace llmscope::spc
