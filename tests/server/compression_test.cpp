// Answers are compressed with gzip when the client accepts it, never with
// the library's slow Brotli (see normalize_request in server/http_guard.hpp).
#include "server/http_util.hpp"
#include "server_fixture.hpp"

namespace llmscope::server {
namespace {

class CompressionTest : public ServerTest {
 protected:
  // GET with the given Accept-Encoding, the body left as sent.
  httplib::Result raw_get(const std::string& path, const std::string& accept) {
    httplib::Client c("127.0.0.1", port_);
    c.set_decompress(false);
    httplib::Headers h = {{"Authorization", std::string("Bearer ") + kKey}};
    if (!accept.empty()) h.emplace("Accept-Encoding", accept);
    return c.Get(path.c_str(), h);
  }

  void add_samples() {
    nlohmann::json batch = nlohmann::json::array();
    for (int i = 0; i < 500; ++i)
      batch.push_back({{"provider", "p"},
                       {"model", "m"},
                       {"latency_ms", 100 + i % 7},
                       {"timestamp", format_iso8601(now_ms() - (500 - i) * 1000)}});
    ASSERT_EQ(post("/api/stats", batch)->status, 200);
  }
};

bool is_gzip(const std::string& body) {
  return body.size() > 2 && static_cast<unsigned char>(body[0]) == 0x1f &&
         static_cast<unsigned char>(body[1]) == 0x8b;
}

TEST_F(CompressionTest, BrowsersAcceptingBrotliGetGzip) {
  add_samples();
  const std::string path = "/api/stats/spc?model=m&hours=1";
  auto r = raw_get(path, "gzip, deflate, br, zstd");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Encoding"), "gzip");
  EXPECT_TRUE(is_gzip(r->body));

  // The same answer once unpacked (the client library does it).
  auto plain = get_json(path);
  auto unpacked = client_->Get(path.c_str(), {{"Accept-Encoding", "gzip, br"}});
  ASSERT_TRUE(unpacked);
  EXPECT_EQ(nlohmann::json::parse(unpacked->body)["values"], plain["values"]);
}

TEST_F(CompressionTest, BrotliAloneOrNothingMeansUncompressed) {
  add_samples();
  for (const std::string accept : {"br", "", "identity"}) {
    auto r = raw_get("/api/stats/spc?model=m&hours=1", accept);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << accept;
    EXPECT_FALSE(r->has_header("Content-Encoding")) << accept;
    EXPECT_EQ(nlohmann::json::parse(r->body)["values"].size(), 500u) << accept;
  }
}

TEST(AcceptsGzip, ReadsTheHeaderAsAList) {
  auto with = [](const std::string& accept) {
    httplib::Request req;
    req.headers.emplace("Accept-Encoding", accept);
    return accepts_gzip(req);
  };
  EXPECT_TRUE(with("gzip"));
  EXPECT_TRUE(with("deflate, gzip;q=0.5, br"));
  EXPECT_TRUE(with(" x-gzip "));
  EXPECT_FALSE(with("gzip;q=0"));
  EXPECT_FALSE(with("br, gzip; q=0.000"));
  EXPECT_FALSE(with("identity"));
  EXPECT_FALSE(with("notgzip, gzipped"));
  // Names are case-insensitive, parameters may come in any order, and
  // spaces may surround the separators.
  EXPECT_TRUE(with("GZIP"));
  EXPECT_TRUE(with("br;q=1, X-Gzip;q=0.5"));
  EXPECT_FALSE(with("gzip;q=0 , identity"));
  EXPECT_FALSE(with("gzip;Q=0"));
  EXPECT_FALSE(with("gzip;level=1;q=0"));
  EXPECT_FALSE(with("gzip ; q = 0"));
  EXPECT_FALSE(accepts_gzip(httplib::Request()));
}

// A large chart is compressed once (here, not again by the library): it
// unpacks to the same JSON as the uncompressed answer.
TEST_F(CompressionTest, ALargeChartIsCompressedOnce) {
  nlohmann::json batch = nlohmann::json::array();
  for (int i = 0; i < 5000; ++i)
    batch.push_back({{"provider", "p"},
                     {"model", "m"},
                     {"latency_ms", 100 + (i * 37) % 91},
                     {"timestamp", format_iso8601(now_ms() - (5000 - i) * 500)}});
  ASSERT_EQ(post("/api/stats", batch)->status, 200);
  const std::string path = "/api/stats/spc?model=m&hours=1";
  auto packed = raw_get(path, "gzip, deflate, br");
  ASSERT_TRUE(packed);
  EXPECT_EQ(packed->get_header_value_count("Content-Encoding"), 1u);
  EXPECT_EQ(packed->get_header_value("Content-Encoding"), "gzip");
  auto plain = raw_get(path, "");
  EXPECT_LT(packed->body.size() * 3, plain->body.size());
  auto unpacked = client_->Get(path.c_str(), {{"Accept-Encoding", "gzip"}});
  auto a = nlohmann::json::parse(unpacked->body), b = nlohmann::json::parse(plain->body);
  a.erase("since");  // "an hour back from now" moved between the two requests
  b.erase("since");
  EXPECT_EQ(a["values"].size(), 5000u);
  EXPECT_TRUE(a == b);  // (not EXPECT_EQ: it would print both answers)
}

TEST_F(CompressionTest, ARefusedGzipIsNeverSent) {
  add_samples();
  for (const std::string path : {"/api/stats/spc?model=m&hours=1", "/api/series", "/"}) {
    for (const std::string accept : {"gzip;q=0", "br, gzip;q=0", "gzip; q=0.0, deflate"}) {
      auto r = raw_get(path, accept);
      ASSERT_TRUE(r);
      EXPECT_EQ(r->status, 200) << path << " " << accept;
      EXPECT_FALSE(r->has_header("Content-Encoding")) << path << " " << accept;
      EXPECT_FALSE(is_gzip(r->body)) << path << " " << accept;
    }
  }
}

TEST_F(CompressionTest, CachesAreToldAnswersDependOnAcceptEncoding) {
  add_samples();
  for (const std::string path : {"/", "/violations", "/api/series", "/api/stats/spc?model=m"}) {
    auto r = raw_get(path, "gzip");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->get_header_value_count("Vary"), 1u) << path;
    EXPECT_EQ(r->get_header_value("Vary"), "Accept-Encoding") << path;
  }
}

TEST_F(CompressionTest, ApiAnswersIgnoreByteRanges) {
  add_samples();
  httplib::Client c("127.0.0.1", port_);
  c.set_decompress(false);
  auto whole =
      c.Get("/api/stats/spc?model=m&hours=1", {{"Authorization", std::string("Bearer ") + kKey}});
  auto ranged = c.Get("/api/stats/spc?model=m&hours=1",
                      {{"Authorization", std::string("Bearer ") + kKey}, {"Range", "bytes=0-99"}});
  ASSERT_TRUE(whole);
  ASSERT_TRUE(ranged);
  EXPECT_EQ(ranged->status, 200);
  EXPECT_FALSE(ranged->has_header("Content-Range"));
  EXPECT_EQ(nlohmann::json::parse(ranged->body)["values"],
            nlohmann::json::parse(whole->body)["values"]);
}

TEST_F(CompressionTest, DashboardFilesComeAsGzipToo) {
  auto r = raw_get("/", "gzip, deflate, br");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Encoding"), "gzip");
}

}  // namespace
}  // namespace llmscope::server
