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
  o.timing.dns_ms = 0.03;
  o.timing.connect_ms = 0.4;
  o.timing.first_byte_ms = 6.5;
  o.timing.first_chunk_ms = 80.0;
  o.timing.ttft_ms = 89.5;
  o.timing.e2e_ms = 251.0;
  o.timing.total_ms = 373.7;
  o.timing.gap_p50_ms = 22.0;
  o.timing.gap_p95_ms = 30.5;
  o.timing.max_stall_ms = 31.0;
  o.timing.text_events = 8;
  o.timing.body_bytes = 3809;
  o.sample.output_tokens_source = "usage";
  o.sample.decode_tokens_per_s = 43.01;
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
  EXPECT_NE(text.find("first chunk         80.000 ms"), std::string::npos) << text;
  EXPECT_NE(text.find("gap p95             30.500 ms"), std::string::npos) << text;
  EXPECT_NE(text.find("longest stall       31.000 ms"), std::string::npos) << text;
  EXPECT_NE(text.find("tokens              8 (usage)"), std::string::npos) << text;
  EXPECT_NE(text.find("decode tokens/s     43.01"), std::string::npos) << text;
  EXPECT_EQ(text.find("first answer"), std::string::npos) << "no reasoning, no line";
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
  EXPECT_DOUBLE_EQ(j["timing"]["gap_p50_ms"].get<double>(), 22.0);
  EXPECT_TRUE(j["timing"]["first_answer_ms"].is_null());
  EXPECT_EQ(j["output_tokens_source"], "usage");
  EXPECT_EQ(j["output_tokens"], 8);
  EXPECT_EQ(j["http_status"], 200);
  EXPECT_EQ(j.dump().find("secret-key"), std::string::npos);
}

}  // namespace
}  // namespace llmscope::probe
