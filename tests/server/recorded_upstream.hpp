#pragma once

#include <httplib.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>

namespace llmscope::server {

// A stand-in LLM endpoint on a loopback port that answers one POST route
// with a recorded response from tests/data/api, for tests of the service
// probing it. `on_request` sees each request first (to count keys, ...).
class RecordedUpstream {
 public:
  RecordedUpstream(const std::string& route, const std::string& recording,
                   const std::string& content_type,
                   std::function<void(const httplib::Request&)> on_request = {}) {
    std::ifstream in(std::string(LLMSCOPE_TEST_DATA) + "/api/" + recording);
    std::stringstream text;
    text << in.rdbuf();
    body_ = text.str();
    server_.Post(route, [this, content_type, on_request](const httplib::Request& req,
                                                          httplib::Response& res) {
      if (on_request) on_request(req);
      res.set_content(body_, content_type);
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~RecordedUpstream() {
    server_.stop();
    thread_.join();
  }
  RecordedUpstream(const RecordedUpstream&) = delete;
  RecordedUpstream& operator=(const RecordedUpstream&) = delete;

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  std::string body_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace llmscope::server
