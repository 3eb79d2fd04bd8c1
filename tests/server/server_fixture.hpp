#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "server/app.hpp"
#include "temp_dir.hpp"

namespace llmscope::server {

// A real `App` on a loopback port with a real SQLite file in a temporary
// folder, and an HTTP client that sends the key.
class ServerTest : public ::testing::Test {
 protected:
  static constexpr const char* kKey = "test-key-123";

  void SetUp() override { start(); }

  // Whether the app runs its probe scheduler; tests of probing say yes.
  virtual bool probes() const { return false; }
  // The dashboard files served; none unless a test brings its own.
  virtual std::span<const WebAsset> assets() const { return {}; }
  void TearDown() override { stop(); }

  void start() {
    AppOptions o;
    o.config.port = 0;
    o.config.database_path = dir_.file("data/llmscope.db");
    o.config.max_body_bytes = 1 << 20;
    o.api_key = kKey;
    o.probes = probes();
    o.assets = assets();
    auto app = App::create(o);
    ASSERT_TRUE(app) << app.error();
    app_ = std::move(*app);
    auto port = app_->bind();
    ASSERT_TRUE(port) << port.error();
    port_ = *port;
    thread_ = std::thread([this] { app_->listen(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_default_headers({{"Authorization", std::string("Bearer ") + kKey}});
    for (int i = 0; i < 200 && !client_->Get("/health"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }

  void stop() {
    if (!app_) return;
    app_->stop();
    thread_.join();
    app_.reset();
  }

  httplib::Result post(const std::string& path, const nlohmann::json& body) {
    return client_->Post(path.c_str(), body.dump(), "application/json");
  }
  nlohmann::json get_json(const std::string& path) {
    auto r = client_->Get(path.c_str());
    EXPECT_TRUE(r);
    EXPECT_EQ(r->status, 200) << path << ": " << r->body;
    return nlohmann::json::parse(r->body);
  }
  std::int64_t records() { return get_json("/api/stats")["records"].get<std::int64_t>(); }

  testing::TempDir dir_;
  std::unique_ptr<App> app_;
  int port_ = 0;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace llmscope::server
