// Retries and refusals against real receivers, the test send, and secrets.
#include "alert_app.hpp"

namespace llmscope::alert_test {
namespace {

constexpr double kShiftMs = 600;

class DeliveryTest : public AlertAppTest {
 protected:
  // The deliveries of a channel, without those suppressed because another
  // episode of the same series had already alerted.
  json channel_alerts(const std::string& channel) {
    json out = json::array();
    for (const auto& d : get_json("/api/alerts?limit=1000&channel=" + channel)) {
      if (d["status"] != "suppressed")
        out.push_back(d);
      else
        EXPECT_TRUE(d["attempts"].empty());
    }
    return out;
  }
};

TEST_F(DeliveryTest, AWebhookAnswering503TwiceThen200GetsExactlyOneDeliveryAfterBackoff) {
  webhook_.script({503, 503});
  smtp_->start(smtp_port_, {});
  start();
  post_points(60, 0);
  post_points(20, kShiftMs);
  ASSERT_TRUE(wait_until([&] { return webhook_.accepted() >= 1; }));
  ASSERT_TRUE(outbox_idle());

  EXPECT_EQ(webhook_.count(), 3u);
  EXPECT_EQ(webhook_.accepted(), 1u);
  auto hooks = channel_alerts("webhook");
  ASSERT_EQ(hooks.size(), 1u);
  EXPECT_EQ(hooks[0]["status"], "sent");
  auto attempts = hooks[0]["attempts"];
  ASSERT_EQ(attempts.size(), 3u);
  EXPECT_EQ(attempts[0]["code"], 503);
  EXPECT_EQ(attempts[0]["permanent"], false);
  EXPECT_EQ(attempts[1]["code"], 503);
  EXPECT_EQ(attempts[2]["ok"], true);
  // Backoff: the second retry waited at least twice the first delay.
  auto at = [&](int i) { return *parse_iso8601(attempts[i]["attempted_at"].get<std::string>()); };
  EXPECT_GE(at(1) - at(0), 50);
  EXPECT_GE(at(2) - at(1), 100);
  // Every try carried the same delivery id, so a receiver can deduplicate.
  auto requests = webhook_.requests();
  for (const auto& r : requests)
    EXPECT_EQ(r.headers.find("X-LLMscope-Delivery")->second,
              std::to_string(hooks[0]["id"].get<int>()));
}

TEST_F(DeliveryTest, AWebhookAnswering404GetsOneAttemptMarkedFailed) {
  webhook_.script({404, 404, 404});
  smtp_->start(smtp_port_, {});
  start();
  post_points(60, 0);
  post_points(20, kShiftMs);
  ASSERT_TRUE(wait_until([&] { return webhook_.count() >= 1; }));
  ASSERT_TRUE(outbox_idle());
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // several backoffs long

  EXPECT_EQ(webhook_.count(), 1u);
  auto hooks = channel_alerts("webhook");
  ASSERT_EQ(hooks.size(), 1u);
  EXPECT_EQ(hooks[0]["status"], "failed");
  ASSERT_EQ(hooks[0]["attempts"].size(), 1u);
  EXPECT_EQ(hooks[0]["attempts"][0]["code"], 404);
  EXPECT_EQ(hooks[0]["attempts"][0]["permanent"], true);
  EXPECT_EQ(slack_.count(), 1u);  // the other channels are not held up
}

TEST_F(DeliveryTest, WithTheMailServerDownForAWhileThenUpTheMailArrivesOnce) {
  start();  // no mail server listening yet
  post_points(60, 0);
  post_points(20, kShiftMs);
  ASSERT_TRUE(wait_until([&] {
    auto mails = channel_alerts("email");
    return mails.size() == 1 && mails[0]["attempts"].size() >= 3;
  }));
  auto mails = channel_alerts("email");
  EXPECT_EQ(mails[0]["status"], "pending");
  EXPECT_EQ(mails[0]["attempts"][0]["permanent"], false);

  smtp_->start(smtp_port_, {});
  ASSERT_TRUE(wait_until([&] { return smtp_->messages().size() >= 1; }));
  ASSERT_TRUE(outbox_idle());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(smtp_->messages().size(), 1u);
  mails = channel_alerts("email");
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0]["status"], "sent");
  EXPECT_TRUE(mails[0]["attempts"].back()["ok"]);
}

TEST_F(DeliveryTest, ADeliveryStillPendingAtShutdownIsSentOnceAfterARestart) {
  webhook_.script(std::deque<int>(1000, 503));
  smtp_->start(smtp_port_, {});
  start();
  post_points(60, 0);
  post_points(20, kShiftMs);
  ASSERT_TRUE(wait_until([&] { return webhook_.count() >= 2; }));
  stop();
  ASSERT_EQ(webhook_.accepted(), 0u);

  webhook_.script({});  // the receiver is fixed while LLMscope is down
  start();
  ASSERT_TRUE(wait_until([&] { return webhook_.accepted() >= 1; }));
  ASSERT_TRUE(outbox_idle());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(webhook_.accepted(), 1u);
  auto hooks = channel_alerts("webhook");
  ASSERT_EQ(hooks.size(), 1u);
  EXPECT_EQ(hooks[0]["status"], "sent");
  EXPECT_EQ(hooks[0]["attempts"].size(), webhook_.count());  // every try recorded
  EXPECT_EQ(smtp_->messages().size(), 1u);
}

TEST_F(DeliveryTest, TheWebhookIsSignedSoThatAReceiverCanVerifyIt) {
  smtp_->start(smtp_port_, {});
  start();
  post_points(60, 0);
  post_points(20, kShiftMs);
  ASSERT_TRUE(wait_until([&] { return webhook_.count() >= 1; }));
  auto r = webhook_.requests()[0];
  std::string ts = r.headers.find("X-LLMscope-Timestamp")->second;
  std::string sig = r.headers.find("X-LLMscope-Signature")->second;
  EXPECT_NEAR(std::stoll(ts), now_ms() / 1000, 600);

  // Verified with the openssl command line, as a receiver's script might.
  std::string signed_file = dir_.file("signed.txt");
  std::ofstream(signed_file, std::ios::binary) << ts << "." << r.body;
  std::string cmd = "openssl dgst -sha256 -hmac shared-hook-secret -r '" + signed_file + "' > '" +
                    dir_.file("digest.txt") + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::string digest = read_text(dir_.file("digest.txt")).substr(0, 64);
  EXPECT_EQ(sig, "sha256=" + digest);

  auto body = json::parse(r.body);
  EXPECT_EQ(body["event"], "opened");
  EXPECT_EQ(body["series"]["model"], kModel);
  EXPECT_EQ(body["series"]["metric"], "latency_ms");
  EXPECT_TRUE(body["limits"]["ucl"].is_number());
  EXPECT_GT(body["value"].get<double>(), body["limits"]["center"].get<double>());
  EXPECT_TRUE(body["host"].is_object());
  EXPECT_EQ(body["link"],
            "http://127.0.0.1:8081/?violation=" + std::to_string(body["episode"]["id"].get<int>()));
}

TEST_F(DeliveryTest, ATestSendAnswersWithTheDeliveryResult) {
  smtp_->start(smtp_port_, {});
  start();
  auto r = post("/api/alerts/test", {{"channel", "slack"}});
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["ok"], true);
  ASSERT_EQ(slack_.count(), 1u);
  EXPECT_NE(slack_.requests()[0].body.find("TEST"), std::string::npos);

  r = post("/api/alerts/test", {{"channel", "email"}});
  ASSERT_EQ(r->status, 200) << r->body;
  ASSERT_EQ(smtp_->messages().size(), 1u);

  smtp_->stop();
  r = post("/api/alerts/test", {{"channel", "email"}});
  EXPECT_EQ(r->status, 502);
  auto result = json::parse(r->body);
  EXPECT_EQ(result["ok"], false);
  EXPECT_EQ(result["permanent"], false);
  EXPECT_FALSE(result["error"].get<std::string>().empty());

  EXPECT_EQ(post("/api/alerts/test", {{"channel", "pager"}})->status, 400);
  EXPECT_EQ(post("/api/alerts/test", json::object())->status, 400);
  EXPECT_TRUE(get_json("/api/alerts").empty());  // tests are not in the outbox
}

TEST_F(DeliveryTest, SecretsAreWriteOnlyAndPerChannelRulesApply) {
  start();
  auto settings = get_json("/api/settings");
  for (const char* key : {"smtp_password", "slack_webhook_url", "webhook_url", "webhook_secret"}) {
    EXPECT_EQ(settings[key]["value"], "********") << key;
    EXPECT_EQ(settings[key]["secret"], true) << key;
  }
  EXPECT_EQ(settings["enable_email_alerts"]["value"], true);  // configured: on
  EXPECT_EQ(settings["smtp_security"]["value"], "starttls");
  auto r = put("/api/settings/smtp_password", {{"value", "new secret"}});
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->body.find("new secret"), std::string::npos);
  EXPECT_EQ(put("/api/settings/alert_email_to", {{"value", "a@b.c\r\nBcc: x@y.z"}})->status, 400);
  EXPECT_EQ(put("/api/settings/slack_alert_rules", {{"value", "R9"}})->status, 400);

  // Slack only for R1: a shift seen by R2 does not post to Slack.
  ASSERT_EQ(put("/api/settings/slack_alert_rules", {{"value", "R1"}})->status, 200);
  ASSERT_EQ(put("/api/settings/enable_email_alerts", {{"value", false}})->status, 200);
  ASSERT_EQ(put("/api/settings/alert_on_rule", {{"value", "R2"}})->status, 200);
  post_points(60, 0);
  post_points(20, kShiftMs);
  ASSERT_TRUE(wait_until([&] { return webhook_.count() >= 1; }));
  ASSERT_TRUE(outbox_idle());
  EXPECT_EQ(slack_.count(), 0u);
  EXPECT_TRUE(get_json("/api/alerts?channel=slack").empty());
  EXPECT_TRUE(get_json("/api/alerts?channel=email").empty());
  EXPECT_EQ(client_->Get("/api/alerts?channel=pager")->status, 400);
}

}  // namespace
}  // namespace llmscope::alert_test
