// The embedded dashboard's files, and the Content-Security-Policy that
// allows exactly its one inline script (web/src/preload).
#include "server/web_assets.hpp"
#include "server_fixture.hpp"

namespace llmscope::server {
namespace {

constexpr std::string_view kHash = "sha256-g/O8TV7y0sekPpYb++EXcYc/wBg5lxu9sBLdobBf4Es=";

std::string index_with(std::string_view meta_content) {
  return "<!doctype html><head><meta name=\"llmscope-script-hash\" content=\"" +
         std::string(meta_content) + "\" /><script>preload()</script></head>";
}

std::string script_src(const std::string& policy) {
  auto at = policy.find("script-src ");
  EXPECT_NE(at, std::string::npos) << policy;
  return policy.substr(at, policy.find(';', at) - at);
}

TEST(ContentSecurityPolicy, AllowsTheInlineScriptNamedByIndexHtml) {
  std::string html = index_with(kHash);
  WebAsset assets[] = {{"/assets/app.js", "x"}, {"/index.html", html}};
  std::string policy = content_security_policy(assets);
  EXPECT_EQ(script_src(policy), "script-src 'self' '" + std::string(kHash) + "'");
  EXPECT_EQ(policy.find("default-src 'self'"), 0u);
  EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos);
}

TEST(ContentSecurityPolicy, AllowsNoInlineScriptWithoutAWellFormedHash) {
  EXPECT_EQ(script_src(content_security_policy({})), "script-src 'self'");
  for (std::string_view bad : {
           "",
           "sha256-short",
           "sha384-g/O8TV7y0sekPpYb++EXcYc/wBg5lxu9sBLdobBf4Es=",
           // The right length, but it would widen the policy if copied.
           "sha256-g/O8TV7y0sekPpYb++EXcYc/' 'unsafe-inlineabc=",
       }) {
    std::string html = index_with(bad);
    WebAsset assets[] = {{"/index.html", html}};
    EXPECT_EQ(script_src(content_security_policy(assets)), "script-src 'self'") << bad;
  }
}

class DashboardFilesTest : public ServerTest {
 protected:
  std::span<const WebAsset> assets() const override { return assets_; }

  std::string html_ = index_with(kHash);
  WebAsset assets_[2] = {{"/index.html", html_}, {"/assets/app-1a2b.js", "run()"}};
};

TEST_F(DashboardFilesTest, EveryAnswerCarriesThePolicyWithTheScriptHash) {
  const std::string expected = content_security_policy(assets_);
  for (const char* path : {"/", "/index.html", "/assets/app-1a2b.js", "/api/stats", "/health"}) {
    auto r = client_->Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path;
    EXPECT_EQ(r->get_header_value("Content-Security-Policy"), expected) << path;
  }
  EXPECT_NE(expected.find(kHash), std::string::npos);
}

TEST_F(DashboardFilesTest, HashedFilesAreCachedAndIndexIsRevalidated) {
  auto index = client_->Get("/");
  EXPECT_EQ(index->body, html_);
  EXPECT_EQ(index->get_header_value("Cache-Control"), "no-cache");
  // A dashboard route on reload gets index.html too.
  EXPECT_EQ(client_->Get("/violations")->body, html_);
  auto app = client_->Get("/assets/app-1a2b.js");
  EXPECT_EQ(app->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(client_->Get("/assets/gone-0000.js")->status, 404);
}

}  // namespace
}  // namespace llmscope::server
