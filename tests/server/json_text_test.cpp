// The chart answer's JSON writer: what it writes must read back as the
// values given, and numbers must look as nlohmann::json writes them.
#include "server/json_text.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

namespace llmscope::server {
namespace {

TEST(JsonText, PlacesCommasBetweenMembersAndItems) {
  JsonText t;
  t.begin_object();
  t.key("a").begin_array().integer(1).integer(-2).begin_array().end_array().end_array();
  t.key("b").begin_object().end_object();
  t.key("c").null().key("d").value(nlohmann::json{{"x", true}});
  t.end_object();
  EXPECT_EQ(t.take(), R"({"a":[1,-2,[]],"b":{},"c":null,"d":{"x":true}})");
}

TEST(JsonText, WritesNumbersAsNlohmannDoes) {
  for (double v : {800.0, -0.0, 0.0, 1e21, 1e-7, 0.0001, 0.00012, 1e-5, 812.5, 0.1, 123456.0, -3.25,
                   1e15, 1e14, 123456789012345.0, 1.5e16, 5e-324, 1.7976931348623157e308}) {
    JsonText t;
    t.number(v);
    const std::string text = t.take();
    EXPECT_EQ(text, nlohmann::json(v).dump()) << v;
    EXPECT_TRUE(nlohmann::json::parse(text).is_number_float()) << v;
  }
}

TEST(JsonText, NumbersReadBackExactly) {
  std::mt19937_64 rng(20261205);
  std::uniform_real_distribution<double> unit(-1, 1);
  JsonText t;
  std::vector<double> given;
  t.begin_array();
  for (int i = 0; i < 20000; ++i) {
    const double v = unit(rng) * std::pow(10.0, static_cast<int>(rng() % 40) - 20);
    given.push_back(v);
    t.number(v);
  }
  t.end_array();
  const auto read = nlohmann::json::parse(t.take());
  ASSERT_EQ(read.size(), given.size());
  for (std::size_t i = 0; i < given.size(); ++i)
    ASSERT_EQ(read[i].get<double>(), given[i]) << i;  // bit for bit
}

TEST(JsonText, NonFiniteNumbersAreNull) {
  JsonText t;
  t.begin_array()
      .number(std::nan(""))
      .number(std::numeric_limits<double>::infinity())
      .number(-std::numeric_limits<double>::infinity())
      .end_array();
  EXPECT_EQ(t.take(), "[null,null,null]");
}

TEST(JsonText, EncodesTextOnceForRepeatedUse) {
  const std::string once = JsonText::encoded("llama3.2:1b \"q4\"\n\\ é");
  EXPECT_EQ(nlohmann::json::parse(once), "llama3.2:1b \"q4\"\n\\ é");
  // Invalid UTF-8 in stored text is replaced, not an error.
  EXPECT_EQ(nlohmann::json::parse(JsonText::encoded("a\xff"
                                                    "b")),
            "a\xef\xbf\xbd"
            "b");
  JsonText t;
  t.begin_array().raw(once).raw(once).end_array();
  EXPECT_EQ(nlohmann::json::parse(t.take()).size(), 2u);
}

}  // namespace
}  // namespace llmscope::server
