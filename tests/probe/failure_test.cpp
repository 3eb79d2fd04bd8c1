#include "probe/failure.hpp"

#include <curl/curl.h>
#include <gtest/gtest.h>

#include "test_data.hpp"

namespace llmscope::probe {
namespace {

TEST(Failure, HttpStatusKinds) {
  EXPECT_EQ(kind_for_http_status(200), ErrorKind::none);
  EXPECT_EQ(kind_for_http_status(400), ErrorKind::http_4xx);
  EXPECT_EQ(kind_for_http_status(401), ErrorKind::http_4xx);
  EXPECT_EQ(kind_for_http_status(404), ErrorKind::http_4xx);
  EXPECT_EQ(kind_for_http_status(429), ErrorKind::http_429);
  EXPECT_EQ(kind_for_http_status(500), ErrorKind::http_5xx);
  EXPECT_EQ(kind_for_http_status(503), ErrorKind::http_5xx);
  EXPECT_EQ(kind_for_http_status(529), ErrorKind::overloaded);
  EXPECT_EQ(kind_for_http_status(302), ErrorKind::other);
}

TEST(Failure, CurlErrorKinds) {
  TransferProgress none;
  EXPECT_EQ(kind_for_curl_error(CURLE_COULDNT_RESOLVE_HOST, none), ErrorKind::dns);
  EXPECT_EQ(kind_for_curl_error(CURLE_COULDNT_CONNECT, none), ErrorKind::connect);
  EXPECT_EQ(kind_for_curl_error(CURLE_PEER_FAILED_VERIFICATION, none), ErrorKind::tls);
  EXPECT_EQ(kind_for_curl_error(CURLE_SSL_CONNECT_ERROR, none), ErrorKind::tls);
  EXPECT_EQ(kind_for_curl_error(CURLE_GOT_NOTHING, none), ErrorKind::other);
}

TEST(Failure, TimeoutKindFollowsHowFarTheRequestGot) {
  EXPECT_EQ(kind_for_curl_error(CURLE_OPERATION_TIMEDOUT, {false, false, false}),
            ErrorKind::timeout_connect);
  EXPECT_EQ(kind_for_curl_error(CURLE_OPERATION_TIMEDOUT, {true, false, false}),
            ErrorKind::timeout_first_token);
  EXPECT_EQ(kind_for_curl_error(CURLE_OPERATION_TIMEDOUT, {true, true, false}),
            ErrorKind::timeout_first_token);
  EXPECT_EQ(kind_for_curl_error(CURLE_OPERATION_TIMEDOUT, {true, true, true}),
            ErrorKind::timeout_total);
}

TEST(Failure, BodyCutAfterHeadersIsTruncated) {
  EXPECT_EQ(kind_for_curl_error(CURLE_PARTIAL_FILE, {true, true, true}), ErrorKind::truncated);
  EXPECT_EQ(kind_for_curl_error(CURLE_RECV_ERROR, {true, true, false}), ErrorKind::truncated);
}

TEST(Failure, MessagesFromRecordedErrorBodies) {
  EXPECT_TRUE(http_error_message(429, testing::read_data("api/openai_error_429_rate_limit.json"))
                  .starts_with("HTTP 429: Rate limit reached for 10KTPM-200RPM"));
  EXPECT_EQ(http_error_message(529, testing::read_data("api/anthropic_error_529_overloaded.json")),
            "HTTP 529: Overloaded");
  EXPECT_EQ(http_error_message(400, testing::read_data("api/ollama_error_model_required.json")),
            "HTTP 400: model is required");
  EXPECT_EQ(http_error_message(502, "<html>Bad gateway</html>\n<body>"),
            "HTTP 502: <html>Bad gateway</html>");
  EXPECT_EQ(http_error_message(503, ""), "HTTP 503");
}

TEST(Failure, LongMessagesAreCut) {
  std::string msg = http_error_message(500, std::string(5000, 'x'));
  EXPECT_LT(msg.size(), 260u);
  EXPECT_TRUE(msg.ends_with("..."));
}

}  // namespace
}  // namespace llmscope::probe
