// [[targets]] with the probe settings of issue 4.
#include <gtest/gtest.h>

#include <fstream>

#include "config/config.hpp"
#include "temp_dir.hpp"

namespace llmscope::config {
namespace {

std::string write(const testing::TempDir& dir, const std::string& text) {
  std::string path = dir.file("c.toml");
  std::ofstream(path) << text;
  return path;
}

TEST(ProbeTargetsConfig, ReadsEveryProviderAndProbeSetting) {
  testing::TempDir dir;
  auto c = load_config(write(dir, R"(
[[targets]]
name = "claude"
provider = "anthropic"
base_url = "https://api.anthropic.com"
model = "claude-sonnet-4-5"
api_key_env = "ANTHROPIC_API_KEY"
connect_timeout_s = 3
first_token_timeout_s = 20
ca_file = "/etc/ssl/private-ca.pem"
headers = { "anthropic-beta" = "x" }

[[targets]]
provider = "ollama-chat"
base_url = "http://localhost:11434"
model = "llama3.2:1b"

[[targets]]
name = "gateway"
provider = "http"
base_url = "https://gw.internal/healthz"
http_method = "HEAD"
expect_status = 204
expect_body = ""
)"),
                       {});
  ASSERT_TRUE(c) << c.error();
  ASSERT_EQ(c->targets.size(), 3u);
  const auto& claude = c->targets[0];
  EXPECT_EQ(claude.provider, "anthropic");
  EXPECT_EQ(claude.connect_timeout_s, 3.0);
  EXPECT_EQ(claude.first_token_timeout_s, 20.0);
  EXPECT_EQ(claude.ca_file, "/etc/ssl/private-ca.pem");
  EXPECT_EQ(c->targets[1].name, "ollama-chat/llama3.2:1b");
  const auto& gw = c->targets[2];
  EXPECT_EQ(gw.model, "https://gw.internal/healthz");  // an HTTP check needs no model
  EXPECT_EQ(gw.http_method, "HEAD");
  EXPECT_EQ(gw.expect_status, 204);
}

TEST(ProbeTargetsConfig, UnknownProviderIsRefused) {
  testing::TempDir dir;
  auto c = load_config(write(dir, R"(
[[targets]]
provider = "mistral"
base_url = "http://h"
model = "m"
)"),
                       {});
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().find("provider"), std::string::npos) << c.error();
}

}  // namespace
}  // namespace llmscope::config
