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

  // A bundle large enough to be worth compressing.
  static std::string bundle() {
    std::string js;
    for (int i = 0; js.size() < 40000; ++i)
      js += "export const f" + std::to_string(i) + " = () => 1;\n";
    return js;
  }
  // GET with the given Accept-Encoding (and headers), the body left as sent.
  httplib::Result raw_get(const std::string& path, const std::string& accept,
                          httplib::Headers more = {}) {
    httplib::Client c("127.0.0.1", port_);
    c.set_decompress(false);
    more.emplace("Accept-Encoding", accept);
    return c.Get(path.c_str(), more);
  }

  // Long enough to be worth compressing, as the real one is.
  std::string html_ = index_with(kHash) + "<body>" + std::string(4000, ' ') + "</body>";
  std::string bundle_ = bundle();
  WebAsset assets_[3] = {
      {"/index.html", html_}, {"/assets/app-1a2b.js", "run()"}, {"/assets/index-9z8y.js", bundle_}};
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

// Compressed once when the server starts, not for every request.
TEST_F(DashboardFilesTest, ABundleGoesGzippedAsPreparedAndUnpacksToItsBytes) {
  auto packed = raw_get("/assets/index-9z8y.js", "gzip, deflate, br");
  ASSERT_TRUE(packed);
  EXPECT_EQ(packed->status, 200);
  EXPECT_EQ(packed->get_header_value_count("Content-Encoding"), 1u);
  EXPECT_EQ(packed->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(packed->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(packed->get_header_value("Vary"), "Accept-Encoding");
  EXPECT_EQ(std::stoul(packed->get_header_value("Content-Length")), packed->body.size());
  EXPECT_LT(packed->body.size() * 4, bundle_.size());
  // The client library unpacks it to exactly the file.
  auto unpacked = client_->Get("/assets/index-9z8y.js", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(unpacked);
  EXPECT_TRUE(unpacked->body == bundle_);  // (not EXPECT_EQ: it would print 40 KB)
  // The same bytes again: prepared once.
  EXPECT_TRUE(raw_get("/assets/index-9z8y.js", "gzip")->body == packed->body);
}

TEST_F(DashboardFilesTest, WithoutGzipOrForARangeTheFileGoesAsItIs) {
  for (const std::string accept : {"", "identity", "br", "gzip;q=0"}) {
    auto r = raw_get("/assets/index-9z8y.js", accept);
    ASSERT_TRUE(r) << accept;
    EXPECT_FALSE(r->has_header("Content-Encoding")) << accept;
    EXPECT_TRUE(r->body == bundle_) << accept;
  }
  auto ranged = raw_get("/assets/index-9z8y.js", "gzip", {{"Range", "bytes=7-18"}});
  ASSERT_TRUE(ranged);
  EXPECT_EQ(ranged->status, 206);
  EXPECT_FALSE(ranged->has_header("Content-Encoding"));
  EXPECT_EQ(ranged->body, bundle_.substr(7, 12));
  // One range is served, checked against the file: its end clipped to the
  // file, the last bytes by a suffix, past the end refused.
  const std::string size = std::to_string(bundle_.size());
  auto clipped = raw_get("/assets/index-9z8y.js", "gzip", {{"Range", "bytes=10-99999999"}});
  ASSERT_TRUE(clipped);
  EXPECT_EQ(clipped->status, 206);
  EXPECT_EQ(clipped->get_header_value("Content-Range"),
            "bytes 10-" + std::to_string(bundle_.size() - 1) + "/" + size);
  EXPECT_TRUE(clipped->body == bundle_.substr(10));
  auto last = raw_get("/assets/index-9z8y.js", "identity", {{"Range", "bytes=-6"}});
  EXPECT_EQ(last->status, 206);
  EXPECT_EQ(last->body, bundle_.substr(bundle_.size() - 6));
  for (const std::string& past :
       {std::string("bytes=99999999-"), "bytes=" + size + "-", std::string("bytes=-0")}) {
    auto r = raw_get("/assets/index-9z8y.js", "gzip", {{"Range", past}});
    ASSERT_TRUE(r) << past;
    EXPECT_EQ(r->status, 416) << past;
    EXPECT_EQ(r->get_header_value("Content-Range"), "bytes */" + size) << past;
    EXPECT_EQ(r->body.find("run()"), std::string::npos) << past;
  }
}

// Several ranges (which the library would build in memory, however many)
// and an If-Range (which nothing of ours can match) get the whole file.
TEST_F(DashboardFilesTest, SeveralRangesOrAnIfRangeGetTheWholeFile) {
  std::string many = "bytes=0-";
  for (int i = 0; i < 2000; ++i) many += ",0-";
  for (const httplib::Headers& h :
       std::vector<httplib::Headers>{{{"Range", "bytes=0-4,10-14"}},
                                     {{"Range", many}},
                                     {{"Range", "bytes=0-9"}, {"If-Range", "\"x\""}}}) {
    auto r = raw_get("/assets/index-9z8y.js", "gzip", h);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_FALSE(r->has_header("Content-Range"));
    EXPECT_EQ(r->body.size(), bundle_.size());
    EXPECT_TRUE(r->body == bundle_);
  }
}

TEST_F(DashboardFilesTest, ASmallFileGoesAsItIs) {
  // Too small to be worth compressing: as it is, whatever the client takes.
  auto small = raw_get("/assets/app-1a2b.js", "gzip");
  EXPECT_FALSE(small->has_header("Content-Encoding"));
  EXPECT_EQ(small->body, "run()");
}

TEST_F(DashboardFilesTest, DashboardRoutesGetTheSameIndexGzipped) {
  auto plain = client_->Get("/");
  for (const char* path : {"/", "/index.html", "/violations"}) {
    auto packed = raw_get(path, "gzip");
    ASSERT_TRUE(packed) << path;
    EXPECT_EQ(packed->get_header_value("Content-Encoding"), "gzip") << path;
    EXPECT_EQ(packed->get_header_value("Cache-Control"), "no-cache") << path;
    auto unpacked = client_->Get(path, {{"Accept-Encoding", "gzip"}});
    EXPECT_EQ(unpacked->body, html_) << path;
  }
  EXPECT_EQ(plain->body, html_);
}

}  // namespace
}  // namespace llmscope::server
