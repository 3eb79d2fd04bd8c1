// Names and texts full of quotes, line breaks, emoji and 5,000 characters
// still make valid Slack and webhook JSON and a valid email.
#include "alert/channels.hpp"
#include "alert/mime.hpp"
#include "alert/slack.hpp"
#include "loopback_servers.hpp"

namespace llmscope::alert {
namespace {

using namespace alert_test;

std::string hostile(std::size_t chars) {
  std::string unit = "\"quoted\" 'single' \\back\\slash\r\nnew line\t<b>&amp;</b> 🚀💥 ünï ";
  std::string out;
  while (out.size() < chars) out += unit;
  out.resize(chars);  // may cut an emoji in half: invalid UTF-8 too
  return out;
}

AlertMessage hostile_message() {
  AlertMessage m;
  m.delivery_id = 9;
  m.violation.id = 3;
  m.violation.provider = "prov\"ider\n";
  m.violation.model = hostile(5000);
  m.violation.rule = "R1";
  m.violation.note = "upstream error: " + hostile(5000);
  m.violation.value = 1e9;
  m.violation.deviation_sigma = 1e6;
  m.link = "http://127.0.0.1:8081/?violation=3";
  return m;
}

// Slack's documented limits for what we send.
void expect_within_slack_limits(const json& p) {
  EXPECT_LE(p["text"].get<std::string>().size(), 3000u * 4);
  const json& blocks = p["attachments"][0]["blocks"];
  auto chars = [](const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
  };
  EXPECT_LE(chars(p["text"]), 3000u);
  EXPECT_LE(chars(blocks[0]["text"]["text"]), 150u);
  EXPECT_LE(blocks[1]["fields"].size(), 10u);
  for (const auto& f : blocks[1]["fields"]) EXPECT_LE(chars(f["text"]), 2000u);
}

TEST(HostileTextTest, SlackAndWebhookBodiesAreValidJsonWithinLimits) {
  HttpReceiver slack, hook;
  AlertSettings s;
  s.slack.webhook_url = slack.url();
  s.webhook.url = hook.url();
  s.webhook.secret = "k";
  AlertMessage m = hostile_message();

  ASSERT_TRUE(send_message(AlertChannel::slack, m, s, now_ms()).ok);
  ASSERT_TRUE(send_message(AlertChannel::webhook, m, s, now_ms()).ok);

  json payload = json::parse(slack.requests().at(0).body);  // throws if invalid
  expect_within_slack_limits(payload);
  EXPECT_EQ(payload["attachments"][0]["color"], rule_colour("R1"));
  EXPECT_LT(slack.requests()[0].body.size(), 40'000u);

  json body = json::parse(hook.requests().at(0).body);
  std::string model = body["series"]["model"];
  EXPECT_EQ(model.substr(0, 100), m.violation.model.substr(0, 100));  // kept, not cut
  EXPECT_GE(model.size(), 4990u);
  EXPECT_NE(body["episode"]["note"].get<std::string>().find("\"quoted\""), std::string::npos);
}

TEST(HostileTextTest, TheEmailStaysValidAndItsHeadersCannotBeInjected) {
  testing::TempDir dir;
  Certificate cert = make_certificate(dir.path());
  SmtpServer server(dir.path() / "mail", cert);
  int port = free_port();
  server.start(port, {});
  AlertSettings s;
  s.email.enabled = true;
  s.email.server = "127.0.0.1";
  s.email.port = port;
  s.email.user = "alerts";
  s.email.password = "s3cret pässword";
  s.email.from = "llmscope@example.test";
  s.email.to = {"oncall@example.test"};
  s.email.ca_file = cert.cert;
  AlertMessage m = hostile_message();

  SendResult r = send_message(AlertChannel::email, m, s, now_ms());
  ASSERT_TRUE(r.ok) << r.error;
  auto mail = server.messages();
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0]["defects"], json::array());
  const json& h = mail[0]["headers"];
  EXPECT_FALSE(h.contains("new line")) << "a line of the model name became a header";
  std::string subject = h["Subject"];
  EXPECT_EQ(subject.rfind("[LLMscope] R1 opened on prov\"ider\n/\"quoted\" 'single'", 0), 0u)
      << subject;
  EXPECT_NE(subject.find("🚀💥"), std::string::npos);
  EXPECT_EQ(mail[0]["parts"].size(), 2u);
  std::string text = mail[0]["parts"][0]["text"];
  EXPECT_NE(text.find("upstream error: \"quoted\""), std::string::npos);
  std::string page = mail[0]["parts"][1]["text"];
  EXPECT_EQ(page.find("<b>&amp;</b>"), std::string::npos) << "HTML not escaped";
  EXPECT_NE(page.find("&lt;b&gt;&amp;amp;&lt;/b&gt;"), std::string::npos);

  // Every line of what went over the wire respects RFC 5322's 998 limit.
  std::string raw = server.raw(1);
  std::size_t start = 0, longest = 0;
  for (std::size_t nl; (nl = raw.find('\n', start)) != std::string::npos; start = nl + 1)
    longest = std::max(longest, nl - start);
  EXPECT_LE(longest, 998u);
}

TEST(MimeTest, EncodedWordsStayShortAndWholeCharacters) {
  std::string subject = "Latenz überschritten — 模型 " + std::string(200, 'x') + " 🚀";
  std::string encoded = encode_header_text(subject);
  std::size_t start = 0;
  for (std::size_t end; start < encoded.size(); start = end + 3) {
    end = encoded.find("\r\n ", start);
    if (end == std::string::npos) end = encoded.size();
    std::string word = encoded.substr(start, end - start);
    EXPECT_LE(word.size(), 75u) << word;
    EXPECT_EQ(word.rfind("=?UTF-8?B?", 0), 0u);
  }
  EXPECT_EQ(encode_header_text("plain ascii subject"), "plain ascii subject");
  EXPECT_NE(encode_header_text("a\r\nBcc: x@y.z").find("=?UTF-8?B?"), std::string::npos);
}

TEST(MimeTest, Base64MatchesRfc4648Vectors) {
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foo"), "Zm9v");
  EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64(std::string(60, 'a'), 76).find("\r\n"), 76u);
}

TEST(MimeTest, TruncationKeepsWholeCharactersAndMarksTheCut) {
  EXPECT_EQ(truncate_utf8("short", 10), "short");
  EXPECT_EQ(truncate_utf8("abcdef", 4), "abc…");
  EXPECT_EQ(truncate_utf8("ü🚀ü🚀", 3), "ü🚀…");
  EXPECT_EQ(truncate_utf8("a\xF0\x9F", 10), "a\xEF\xBF\xBD\xEF\xBF\xBD");  // cut emoji
}

}  // namespace
}  // namespace llmscope::alert
