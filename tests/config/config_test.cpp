#include "config/config.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "temp_dir.hpp"

namespace llmscope::config {
namespace {

std::string write(const testing::TempDir& dir, const std::string& name,
                  const std::string& text) {
  std::ofstream(dir.file(name)) << text;
  return dir.file(name);
}

TEST(Config, DefaultsAreTheOriginals) {
  auto c = load_config(std::nullopt, {});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->port, 8081);
  EXPECT_EQ(c->bind, "127.0.0.1");
  EXPECT_EQ(c->database_path, "./data/llmscope.db");
  EXPECT_EQ(c->alert_on_rule, (std::vector<int>{1, 2, 3}));
  EXPECT_DOUBLE_EQ(c->monitor_interval_s, 2.0);
  EXPECT_TRUE(c->api_key.empty());
}

TEST(Config, TomlFileThenEnvironment) {
  testing::TempDir dir;
  auto path = write(dir, "llmscope.toml", R"(
[server]
port = 9000
[database]
path = "/tmp/x.db"
[spc]
alert_on_rule = "R1,R5"
[[targets]]
provider = "openai"
base_url = "http://127.0.0.1:8080"
model = "qwen"
headers = { "X-Org" = "lab" }
)");
  auto c = load_config(path, {{"DATABASE_PATH", "/tmp/env.db"}, {"USE_OLLAMA", "true"},
                              {"MONITOR_INTERVAL", "5"}});
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->port, 9000);
  EXPECT_EQ(c->database_path, "/tmp/env.db");  // environment wins
  EXPECT_TRUE(c->use_ollama);
  EXPECT_DOUBLE_EQ(c->monitor_interval_s, 5);
  EXPECT_EQ(c->alert_on_rule, (std::vector<int>{1, 5}));
  ASSERT_EQ(c->targets.size(), 1u);
  EXPECT_EQ(c->targets[0].name, "openai/qwen");
  EXPECT_EQ(c->targets[0].headers.at("X-Org"), "lab");
}

TEST(Config, ErrorsNameTheProblem) {
  testing::TempDir dir;
  auto typo = write(dir, "typo.toml", "[server]\nprot = 1\n");
  EXPECT_NE(load_config(typo, {}).error().find("unknown key 'prot'"), std::string::npos);
  auto type = write(dir, "type.toml", "[server]\nport = \"x\"\n");
  EXPECT_NE(load_config(type, {}).error().find("port"), std::string::npos);
  auto syntax = write(dir, "syntax.toml", "[server\n");
  EXPECT_NE(load_config(syntax, {}).error().find("syntax.toml:1"), std::string::npos);
  EXPECT_NE(load_config(dir.file("missing.toml"), {}).error().find("not found"),
            std::string::npos);
  EXPECT_NE(load_config(std::nullopt, {{"USE_OLLAMA", "maybe"}}).error().find("USE_OLLAMA"),
            std::string::npos);
  EXPECT_NE(load_config(std::nullopt, {{"MONITOR_INTERVAL", "-2"}}).error().find(
                "MONITOR_INTERVAL"),
            std::string::npos);
  EXPECT_NE(load_config(std::nullopt, {{"ALERT_ON_RULE", "R9"}}).error().find("R9"),
            std::string::npos);
}

TEST(Dotenv, ParsesCommentsQuotesAndExport) {
  auto env = parse_dotenv("# comment\nexport A=1\nB = \"two words\"\nC='x=y'\nD=v # note\n\n");
  ASSERT_TRUE(env);
  EXPECT_EQ(env->at("A"), "1");
  EXPECT_EQ(env->at("B"), "two words");
  EXPECT_EQ(env->at("C"), "x=y");
  EXPECT_EQ(env->at("D"), "v");
  EXPECT_FALSE(parse_dotenv("just text\n"));
}

TEST(RuleList, ParsesAndFormats) {
  EXPECT_EQ(*parse_rule_list("R3, r1,2,R3"), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(format_rule_list({1, 2, 3}), "R1,R2,R3");
  EXPECT_FALSE(parse_rule_list("R0"));
  EXPECT_FALSE(parse_rule_list("R9"));
  EXPECT_FALSE(parse_rule_list("SPEED"));
}

TEST(ApiKey, GeneratedOnceStoredPrivatelyThenReused) {
  testing::TempDir dir;
  Config c;
  c.database_path = dir.file("data/llmscope.db");
  auto first = resolve_api_key(c);
  ASSERT_TRUE(first) << first.error();
  EXPECT_TRUE(first->generated);
  EXPECT_GE(first->key.size(), 40u);
  struct stat st {};
  ASSERT_EQ(stat(dir.file("data/api_key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);

  auto second = resolve_api_key(c);
  EXPECT_FALSE(second->generated);
  EXPECT_EQ(second->key, first->key);

  testing::TempDir other;
  c.database_path = other.file("llmscope.db");
  EXPECT_NE(resolve_api_key(c)->key, first->key);  // random, not a default
  c.api_key = "configured";
  EXPECT_EQ(resolve_api_key(c)->key, "configured");
}

}  // namespace
}  // namespace llmscope::config
