#include "server/settings.hpp"

#include <gtest/gtest.h>

#include "server_fixture.hpp"
#include "store/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace llmscope::server {
namespace {

using nlohmann::json;

std::vector<SettingSpec> specs_with_secret() {
  auto specs = setting_specs(config::Config{});
  specs.push_back({"smtp_password", SettingSpec::Type::string, "", "SMTP password", true, {}});
  specs.push_back({"retries", SettingSpec::Type::integer, 3, "tries", false, {}});
  return specs;
}

TEST(Settings, SecretsAreStoredButNeverShown) {
  testing::TempDir dir;
  auto store = std::move(*store::SqliteStore::open(dir.file("db")));
  Settings settings(*store, specs_with_secret());
  EXPECT_EQ(settings.describe()["smtp_password"]["value"], "");
  auto r = settings.put("smtp_password", "hunter2");
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, Settings::kMask);
  EXPECT_EQ(settings.describe()["smtp_password"]["value"], Settings::kMask);
  EXPECT_EQ(settings.describe().dump().find("hunter2"), std::string::npos);
  EXPECT_EQ(settings.get("smtp_password"), "hunter2");  // for the mailer
  ASSERT_TRUE(settings.put("smtp_password", Settings::kMask));  // unchanged
  EXPECT_EQ(settings.get("smtp_password"), "hunter2");
}

TEST(Settings, TypesAreCheckedAndValuesPersist) {
  testing::TempDir dir;
  auto store = std::move(*store::SqliteStore::open(dir.file("db")));
  {
    Settings settings(*store, specs_with_secret());
    EXPECT_EQ(settings.put("retries", "5").error().status, 400);
    EXPECT_EQ(settings.put("retries", 2.5).error().status, 400);
    EXPECT_EQ(settings.put("nope", 1).error().status, 404);
    EXPECT_EQ(settings.put("alert_on_rule", "R9").error().status, 400);
    ASSERT_TRUE(settings.put("retries", 5));
  }
  Settings again(*store, specs_with_secret());
  EXPECT_EQ(again.get("retries"), 5);
  EXPECT_EQ(again.get("alert_on_rule"), "R1,R2,R3");
}

TEST_F(ServerTest, AlertRulesChangeAtRunTimeAndPersist) {
  auto all = get_json("/api/settings");
  EXPECT_EQ(all["alert_on_rule"]["value"], "R1,R2,R3");

  auto bad = client_->Put("/api/settings/alert_on_rule", R"({"value":"R12"})",
                          "application/json");
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(client_->Put("/api/settings/alert_on_rule", R"({"value":5})", "application/json")
                ->status,
            400);
  EXPECT_EQ(client_->Put("/api/settings/nothing", R"({"value":1})", "application/json")->status,
            404);
  EXPECT_EQ(client_->Put("/api/settings/alert_on_rule", R"({"v":"R1"})", "application/json")
                ->status,
            400);
  auto ok = client_->Put("/api/settings/alert_on_rule", R"({"value":"R2"})", "application/json");
  ASSERT_EQ(ok->status, 200) << ok->body;

  // A single spike (test 1) no longer opens a violation.
  json batch = json::array();
  for (int i = 0; i < 30; ++i) batch.push_back({{"model", "m"}, {"latency_ms", 100 + i % 3}});
  batch.push_back({{"model", "m"}, {"latency_ms", 5000}});
  auto r = post("/api/stats", batch);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(json::parse(r->body)["violations_opened"], 0);
  EXPECT_EQ(get_json("/api/violations").size(), 0u);

  stop();
  start();
  EXPECT_EQ(get_json("/api/settings")["alert_on_rule"]["value"], "R2");
}

TEST_F(ServerTest, SetupCompletedIsAFalseBooleanUntilSetAndSurvivesARestart) {
  auto all = get_json("/api/settings");
  EXPECT_EQ(all["setup_completed"]["value"], false);
  EXPECT_EQ(all["setup_completed"]["default"], false);
  EXPECT_EQ(all["setup_completed"]["type"], "boolean");

  // Only a JSON boolean: "true" or 1 are refused and change nothing.
  for (const char* bad : {R"({"value":"true"})", R"({"value":1})", R"({"value":null})"}) {
    auto r = client_->Put("/api/settings/setup_completed", bad, "application/json");
    EXPECT_EQ(r->status, 400) << bad;
    EXPECT_NE(json::parse(r->body)["error"].get<std::string>().find("setup_completed"),
              std::string::npos)
        << r->body;
  }
  EXPECT_EQ(get_json("/api/settings")["setup_completed"]["value"], false);

  auto ok = client_->Put("/api/settings/setup_completed", R"({"value":true})", "application/json");
  ASSERT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(json::parse(ok->body)["value"], true);

  stop();
  start();
  EXPECT_EQ(get_json("/api/settings")["setup_completed"]["value"], true);
}

}  // namespace
}  // namespace llmscope::server
