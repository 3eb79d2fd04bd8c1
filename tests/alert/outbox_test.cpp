// The outbox end to end: a real series posted to a running LLMscope whose
// alerts go to real servers on loopback.
#include "alert_app.hpp"

namespace llmscope::alert_test {
namespace {

constexpr double kShiftMs = 600;  // about 8 sigma of this series

TEST_F(AlertAppTest, ASustainedShiftSendsOneEmailOneSlackMessageAndOneWebhook) {
  smtp_->start(smtp_port_, {});
  start();
  post_points(60, 0);
  ASSERT_TRUE(get_json("/api/violations").empty()) << "the calm series raised alarms";

  post_points(30, kShiftMs);
  ASSERT_TRUE(wait_until([&] {
    return smtp_->messages().size() >= 1 && slack_.count() >= 1 && webhook_.count() >= 1;
  }));
  ASSERT_TRUE(outbox_idle());

  auto violations = get_json("/api/violations");
  ASSERT_GE(violations.size(), 1u);
  std::size_t flagged = 0;
  for (const auto& v : violations) flagged += v["points"].get<std::size_t>();
  EXPECT_GT(flagged, 10u);                  // many flagged points...
  EXPECT_EQ(smtp_->messages().size(), 1u);  // ...one alert per channel
  EXPECT_EQ(slack_.count(), 1u);
  EXPECT_EQ(webhook_.count(), 1u);

  // The violation details show its deliveries, one attempt each.
  json alerted;
  for (const auto& v : violations) {
    auto details = get_json("/api/violations/" + std::to_string(v["id"].get<int>()));
    for (const auto& d : details["alerts"])
      if (d["status"] == "sent") alerted = details;
  }
  ASSERT_TRUE(alerted.is_object());
  ASSERT_EQ(alerted["alerts"].size(), 3u) << alerted.dump(1);
  for (const auto& d : alerted["alerts"]) {
    EXPECT_EQ(d["status"], "sent");
    EXPECT_EQ(d["attempts"].size(), 1u);
    EXPECT_EQ(d["attempts"][0]["ok"], true);
  }
  // The mail is about that episode and links to it.
  std::string text = smtp_->messages()[0]["parts"][0]["text"];
  EXPECT_NE(text.find("?violation=" + std::to_string(alerted["id"].get<int>())), std::string::npos);
}

TEST_F(AlertAppTest, RestartingInTheMiddleOfAShiftSendsNothingAgain) {
  smtp_->start(smtp_port_, {});
  start();
  post_points(60, 0);
  post_points(15, kShiftMs);
  ASSERT_TRUE(wait_until([&] {
    return smtp_->messages().size() >= 1 && slack_.count() >= 1 && webhook_.count() >= 1;
  }));
  ASSERT_TRUE(outbox_idle());

  stop();
  start();
  post_points(15, kShiftMs);
  ASSERT_TRUE(outbox_idle());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a few worker passes
  EXPECT_EQ(smtp_->messages().size(), 1u);
  EXPECT_EQ(slack_.count(), 1u);
  EXPECT_EQ(webhook_.count(), 1u);
}

TEST_F(AlertAppTest, ANewShiftAfterResolutionAlertsOnceMore) {
  smtp_->start(smtp_port_, {});
  start();
  auto resolve_all = [&] {
    for (const auto& v : get_json("/api/violations?resolved=false&limit=1000"))
      ASSERT_EQ(post("/api/violations/" + std::to_string(v["id"].get<int>()) + "/resolve",
                     {{"resolved_by", "ana"}})
                    ->status,
                200);
  };
  post_points(60, 0);
  post_points(20, kShiftMs);
  ASSERT_TRUE(wait_until([&] { return webhook_.count() >= 1; }));
  resolve_all();

  // Back to normal until the episodes close. The rolling baseline took in
  // the shift, so the return itself may be a (real) signal below the
  // center line; it is resolved too before the new shift.
  post_points(40, 0);
  ASSERT_TRUE(outbox_idle());
  resolve_all();
  std::size_t mails = smtp_->messages().size(), posts = slack_.count(), hooks = webhook_.count();

  post_points(20, 2 * kShiftMs);
  ASSERT_TRUE(wait_until([&] {
    return smtp_->messages().size() > mails && slack_.count() > posts && webhook_.count() > hooks;
  }));
  ASSERT_TRUE(outbox_idle());
  EXPECT_EQ(smtp_->messages().size(), mails + 1);
  EXPECT_EQ(slack_.count(), posts + 1);
  EXPECT_EQ(webhook_.count(), hooks + 1);
}

TEST_F(AlertAppTest, RemindersRunWhileOpenAndStopWhenAcknowledged) {
  smtp_->start(smtp_port_, {});
  start();
  // Every 6 ms of wall time: fast enough for a test.
  ASSERT_EQ(put("/api/settings/reminder_interval_minutes", {{"value", 0.0001}})->status, 200);
  post_points(60, 0);
  post_points(20, kShiftMs);
  ASSERT_TRUE(wait_until([&] { return sent("webhook", "reminder") >= 2; }));

  for (const auto& v : get_json("/api/violations?state=open"))
    ASSERT_EQ(post("/api/violations/" + std::to_string(v["id"].get<int>()) + "/acknowledge",
                   {{"acknowledged_by", "ana"}})
                  ->status,
              200);
  ASSERT_TRUE(outbox_idle());
  std::size_t after_ack = webhook_.count();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // many intervals
  ASSERT_TRUE(outbox_idle());
  EXPECT_EQ(webhook_.count(), after_ack);
  for (const auto& d : get_json("/api/alerts?limit=1000")) EXPECT_NE(d["status"], "pending");
}

TEST_F(AlertAppTest, AMutedModelIsRecordedNotSent) {
  smtp_->start(smtp_port_, {});
  start();
  auto bad = post("/api/mutes", {{"model", kModel}});
  EXPECT_EQ(bad->status, 400) << bad->body;  // no end
  auto r = post("/api/mutes", {{"model", kModel}, {"minutes", 60}, {"reason", "maintenance"}});
  ASSERT_EQ(r->status, 201) << r->body;
  auto mute = json::parse(r->body);
  EXPECT_EQ(get_json("/api/mutes").size(), 1u);

  post_points(60, 0);
  post_points(20, kShiftMs);
  ASSERT_FALSE(get_json("/api/violations").empty());
  ASSERT_TRUE(outbox_idle());
  auto alerts = get_json("/api/alerts");
  ASSERT_FALSE(alerts.empty());
  for (const auto& d : alerts) {
    EXPECT_EQ(d["status"], "muted");
    EXPECT_TRUE(d["attempts"].empty());
  }
  EXPECT_EQ(webhook_.count() + slack_.count() + smtp_->messages().size(), 0u);

  auto del = client_->Delete(("/api/mutes/" + std::to_string(mute["id"].get<int>())).c_str());
  EXPECT_EQ(del->status, 200);
  EXPECT_TRUE(get_json("/api/mutes").empty());
  EXPECT_EQ(client_->Delete("/api/mutes/999")->status, 404);
}

}  // namespace
}  // namespace llmscope::alert_test

namespace llmscope::alert_test {
namespace {

TEST_F(AlertAppTest, ClosingAndResolvingNotifyOnlyWhenAsked) {
  smtp_->start(smtp_port_, {});
  start();
  post_points(60, 0);
  post_points(20, 600);
  ASSERT_TRUE(wait_until([&] { return webhook_.count() >= 1; }));
  ASSERT_TRUE(outbox_idle());
  json first = json::parse(webhook_.requests()[0].body);
  std::string id = std::to_string(first["episode"]["id"].get<int>());

  // Resolving notifies once the setting is on (it is off by default).
  EXPECT_EQ(get_json("/api/settings")["notify_on_resolve"]["value"], false);
  ASSERT_EQ(put("/api/settings/notify_on_resolve", {{"value", true}})->status, 200);
  ASSERT_EQ(post("/api/violations/" + id + "/resolve", {{"resolved_by", "ana"}})->status, 200);
  ASSERT_TRUE(outbox_idle());
  ASSERT_EQ(webhook_.count(), 2u);
  json resolved = json::parse(webhook_.requests()[1].body);
  EXPECT_EQ(resolved["event"], "resolved");
  EXPECT_EQ(resolved["episode"]["resolved_by"], "ana");
  EXPECT_EQ(sent("email", "resolved"), 1u);

  // On: closing the episode notifies the channels its opening alert used.
  ASSERT_EQ(put("/api/settings/notify_on_close", {{"value", true}})->status, 200);
  post_points(40, 0);
  ASSERT_TRUE(wait_until([&] {
    for (const auto& r : webhook_.requests())
      if (json::parse(r.body)["event"] == "closed") return true;
    return false;
  }));
  ASSERT_TRUE(outbox_idle());
  EXPECT_GE(sent("email", "closed"), 1u);
  EXPECT_GE(sent("slack", "closed"), 1u);
}

}  // namespace
}  // namespace llmscope::alert_test
