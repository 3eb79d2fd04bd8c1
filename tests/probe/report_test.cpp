#include "probe/report.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace llmscope::probe {
namespace {

ProbeTarget target() {
  ProbeTarget t;
  t.provider = "openai";
  t.base_url = "http://127.0.0.1:8080";
  t.model = "m";
  t.headers = {{"Authorization", "Bearer secret-key"}};
  return t;
}

ProbeOutcome ok_outcome() {
  ProbeOutcome o;
  o.sample.success = true;
  o.sample.http_status = 200;
  o.sample.ttft_ms = 89.5;
  o.sample.itl_ms = 23.25;
  o.sample.latency_ms = 251.0;
  o.sample.output_tokens = 8;
  o.sample.tokens_per_s = 31.87;
  o.timing = {0.03, 0.4, std::nullopt, 6.5, 89.5, 251.0, 373.7, 8, 3809};
  return o;
}

TEST(ProbeReport, TextListsEveryPhaseAndMarksTheMissingOnes) {
  std::string text = format_probe_report(target(), ok_outcome());
  EXPECT_NE(text.find("connect             0.400 ms"), std::string::npos) << text;
  EXPECT_NE(text.find("tls                 -"), std::string::npos) << text;
  EXPECT_NE(text.find("ttft                89.500 ms"), std::string::npos) << text;
  EXPECT_NE(text.find("itl                 23.250 ms"), std::string::npos) << text;
  EXPECT_NE(text.find("tokens/s            31.87"), std::string::npos) << text;
  EXPECT_NE(text.find("result              ok"), std::string::npos) << text;
  EXPECT_EQ(text.find("secret-key"), std::string::npos);
}

TEST(ProbeReport, TextOfAFailureNamesItsKind) {
  ProbeOutcome o;
  o.sample.success = false;
  o.sample.http_status = 429;
  o.sample.error_kind = ErrorKind::http_429;
  o.sample.error = "HTTP 429: Rate limit reached";
  std::string text = format_probe_report(target(), o);
  EXPECT_NE(text.find("result              http_429: HTTP 429: Rate limit reached"),
            std::string::npos)
      << text;
}

TEST(ProbeReport, JsonHasTheTimingsAndNullsForAbsentFigures) {
  auto j = nlohmann::json::parse(probe_report_json(target(), ok_outcome()));
  EXPECT_EQ(j["success"], true);
  EXPECT_TRUE(j["error_kind"].is_null());
  EXPECT_DOUBLE_EQ(j["timing"]["ttft_ms"].get<double>(), 89.5);
  EXPECT_DOUBLE_EQ(j["timing"]["itl_ms"].get<double>(), 23.25);
  EXPECT_TRUE(j["timing"]["tls_ms"].is_null());
  EXPECT_EQ(j["output_tokens"], 8);
  EXPECT_EQ(j["http_status"], 200);
  EXPECT_EQ(j.dump().find("secret-key"), std::string::npos);
}

}  // namespace
}  // namespace llmscope::probe
