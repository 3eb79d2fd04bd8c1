// Email through a real SMTP server (aiosmtpd) on loopback: STARTTLS with
// AUTH on a certificate the test trusts, implicit TLS, refusals.
#include "alert/channels.hpp"
#include "alert/message.hpp"
#include "loopback_servers.hpp"

namespace llmscope::alert {
namespace {

using namespace alert_test;

AlertMessage shift_message() {
  AlertMessage m;
  m.delivery_id = 41;
  Violation& v = m.violation;
  v.id = 7;
  v.provider = "groq";
  v.model = "llama2-70b — ünïcödé 模型 🚀";
  v.rule = "R2";
  v.value = 1312.5;
  v.center = 820.25;
  v.sigma = 71.5;
  v.ucl = 1034.75;
  v.lcl = 605.75;
  v.deviation_sigma = 6.89;
  v.timestamp_ms = v.first_timestamp_ms = v.last_timestamp_ms = 1'796'000'000'000;
  v.cpu_percent = 12.5;
  m.link = "http://127.0.0.1:8081/?violation=7";
  return m;
}

class SmtpTest : public ::testing::Test {
 protected:
  void SetUp() override { cert_ = make_certificate(dir_.path()); }

  EmailSettings email(int port) const {
    EmailSettings e;
    e.enabled = true;
    e.server = "127.0.0.1";
    e.port = port;
    e.user = "alerts";
    e.password = "s3cret pässword";
    e.from = "llmscope@example.test";
    e.to = {"oncall@example.test", "lead@example.test"};
    e.ca_file = cert_.cert;
    return e;
  }
  AlertSettings settings(const EmailSettings& e) const {
    AlertSettings s;
    s.email = e;
    s.send_timeout = std::chrono::seconds(20);
    return s;
  }

  testing::TempDir dir_;
  Certificate cert_;
};

TEST_F(SmtpTest, StartTlsWithAuthDeliversACorrectMessageToEveryRecipient) {
  SmtpServer server(dir_.path() / "mail", cert_);
  int port = free_port();
  server.start(port, {});
  AlertMessage m = shift_message();

  SendResult r = send_message(AlertChannel::email, m, settings(email(port)), now_ms());
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.code, 250);

  auto mail = server.messages();
  ASSERT_EQ(mail.size(), 1u);
  const json& got = mail[0];
  EXPECT_TRUE(got["tls"]);
  EXPECT_TRUE(got["authenticated"]);
  EXPECT_EQ(got["mail_from"], "llmscope@example.test");
  EXPECT_EQ(got["rcpt_tos"], json({"oncall@example.test", "lead@example.test"}));
  EXPECT_EQ(got["defects"], json::array());
  const json& h = got["headers"];
  EXPECT_EQ(h["Subject"], headline(m));  // non-ASCII intact after RFC 2047
  EXPECT_NE(h["Subject"].get<std::string>().find("模型 🚀"), std::string::npos);
  EXPECT_TRUE(h.contains("Date"));
  EXPECT_EQ(h["Message-ID"], "<llmscope.alert.41.7@example.test>");
  EXPECT_EQ(h["MIME-Version"], "1.0");
  EXPECT_NE(h["To"].get<std::string>().find("lead@example.test"), std::string::npos);
  EXPECT_EQ(got["content_type"], "multipart/alternative");

  ASSERT_EQ(got["parts"].size(), 2u);
  const json& text = got["parts"][0];
  const json& page = got["parts"][1];
  EXPECT_EQ(text["content_type"], "text/plain");
  EXPECT_EQ(text["charset"], "utf-8");
  EXPECT_EQ(page["content_type"], "text/html");
  std::string body = text["text"];
  EXPECT_NE(body.find("UCL 1034.75"), std::string::npos) << body;
  EXPECT_NE(body.find("Center line: 820.25"), std::string::npos);
  EXPECT_NE(body.find("http://127.0.0.1:8081/?violation=7"), std::string::npos);
  EXPECT_NE(page["text"].get<std::string>().find("href=\"http://127.0.0.1:8081/?violation=7\""),
            std::string::npos);
}

TEST_F(SmtpTest, RefusesToSendInClearWhenTheServerOffersNoTls) {
  SmtpServer server(dir_.path() / "mail", cert_);
  int port = free_port();
  SmtpServer::Options plain;
  plain.tls = false;
  plain.user.clear();
  server.start(port, plain);

  SendResult r =
      send_message(AlertChannel::email, shift_message(), settings(email(port)), now_ms());
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.permanent);
  EXPECT_NE(r.error.find("STARTTLS"), std::string::npos) << r.error;
  EXPECT_EQ(r.error.find("pässword"), std::string::npos);
  EXPECT_TRUE(server.messages().empty());
}

TEST_F(SmtpTest, ImplicitTlsAsOnPort465) {
  SmtpServer server(dir_.path() / "mail", cert_);
  int port = free_port();
  SmtpServer::Options o;
  o.implicit_tls = true;
  server.start(port, o);
  EmailSettings e = email(port);
  e.security = SmtpSecurity::tls;

  SendResult r = send_message(AlertChannel::email, shift_message(), settings(e), now_ms());
  ASSERT_TRUE(r.ok) << r.error;
  auto mail = server.messages();
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_TRUE(mail[0]["tls"]);
  EXPECT_TRUE(mail[0]["authenticated"]);
}

TEST_F(SmtpTest, AnUntrustedCertificateIsNotAccepted) {
  SmtpServer server(dir_.path() / "mail", cert_);
  int port = free_port();
  server.start(port, {});
  EmailSettings e = email(port);
  fs::create_directories(dir_.path() / "other");
  make_certificate(dir_.path() / "other");  // a different, unrelated one
  e.ca_file = (dir_.path() / "other" / "cert.pem").string();

  SendResult r = send_message(AlertChannel::email, shift_message(), settings(e), now_ms());
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(server.messages().empty());
}

TEST_F(SmtpTest, AWrongPasswordAndA5xxArePermanentARefusedConnectionIsNot) {
  SmtpServer server(dir_.path() / "mail", cert_);
  int port = free_port();
  server.start(port, {});
  EmailSettings e = email(port);
  e.password = "wrong";
  SendResult r = send_message(AlertChannel::email, shift_message(), settings(e), now_ms());
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.permanent) << r.error;
  EXPECT_EQ(r.error.find("wrong"), std::string::npos) << "the password leaked: " << r.error;

  SmtpServer::Options rejecting;
  rejecting.reject = 554;
  server.start(port, rejecting);
  r = send_message(AlertChannel::email, shift_message(), settings(email(port)), now_ms());
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.permanent);
  EXPECT_EQ(r.code, 554);

  server.stop();
  r = send_message(AlertChannel::email, shift_message(), settings(email(port)), now_ms());
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.permanent) << r.error;
  EXPECT_TRUE(server.messages().empty());
}

}  // namespace
}  // namespace llmscope::alert
