// `llmscope probe`: a target found by name in the config file or in the
// database, or given on the command line, probed once against a loopback
// server replaying a recorded Anthropic stream; the breakdown is printed.
#include <gtest/gtest.h>
#include <httplib.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "cli/commands.hpp"
#include "store/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace llmscope::cli {
namespace {

class ProbeCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream in(std::string(LLMSCOPE_TEST_DATA) + "/api/anthropic_messages_stream_ping.sse");
    std::stringstream text;
    text << in.rdbuf();
    std::string sse = text.str();
    server_.Post("/v1/messages", [this, sse](const httplib::Request& req, httplib::Response& res) {
      key_seen_ = req.get_header_value("x-api-key");
      res.set_content(sse, "text/event-stream");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 500 && !server_.is_running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  void TearDown() override {
    server_.stop();
    thread_.join();
  }

  // Parses `args` as the command line and runs the command, capturing
  // what it prints.
  int run(std::vector<std::string> args, std::string& out) {
    CLI::App root("llmscope");
    Action action;
    add_probe_command(root, action);
    args.insert(args.begin(), "probe");
    std::vector<const char*> argv = {"llmscope"};
    for (const auto& a : args) argv.push_back(a.c_str());
    try {
      root.parse(static_cast<int>(argv.size()), const_cast<char**>(argv.data()));
    } catch (const CLI::ParseError& e) {
      return 2;
    }
    ::testing::internal::CaptureStdout();
    int code = action ? action() : 2;
    out = ::testing::internal::GetCapturedStdout();
    return code;
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  testing::TempDir dir_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::string key_seen_;
};

TEST_F(ProbeCommand, TargetFromTheConfigFile) {
  std::string config = dir_.file("c.toml");
  std::ofstream(config) << "[database]\npath = \"" << dir_.file("none.db") << "\"\n"
                        << "[[targets]]\nname = \"claude\"\nprovider = \"anthropic\"\n"
                        << "base_url = \"" << url() << "\"\nmodel = \"claude-x\"\n"
                        << "api_key = \"sk-from-config\"\n";
  std::string out;
  ASSERT_EQ(run({"--once", "--target", "claude", "--config", config}, out), 0) << out;
  EXPECT_NE(out.find("probe anthropic claude-x at " + url()), std::string::npos) << out;
  EXPECT_NE(out.find("first chunk"), std::string::npos);
  EXPECT_NE(out.find("tokens              10 (usage)"), std::string::npos) << out;
  EXPECT_NE(out.find("result              ok"), std::string::npos);
  EXPECT_EQ(out.find("sk-from-config"), std::string::npos);  // never printed
  EXPECT_EQ(key_seen_, "sk-from-config");
}

TEST_F(ProbeCommand, TargetFromTheDatabaseAsJson) {
  std::string db = dir_.file("llmscope.db");
  {
    auto store = std::move(*store::SqliteStore::open(db));
    ProbeTarget t;
    t.name = "stored";
    t.provider = "anthropic";
    t.base_url = url();
    t.model = "claude-y";
    t.api_key = "sk-stored";
    ASSERT_TRUE(store->insert_target(t));
  }
  std::string out;
  ASSERT_EQ(run({"--target", "stored", "--database", db, "--json"}, out), 0) << out;
  auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["model"], "claude-y");
  EXPECT_EQ(j["output_tokens_source"], "usage");
  EXPECT_TRUE(j["timing"]["first_chunk_ms"].is_number());
  EXPECT_EQ(key_seen_, "sk-stored");

  EXPECT_EQ(run({"--target", "missing", "--database", db}, out), 2);
}

TEST_F(ProbeCommand, EndpointOnTheCommandLineAndUsageErrors) {
  std::string out;
  EXPECT_EQ(run({"--provider", "anthropic", "--url", url(), "--model", "m"}, out), 0) << out;
  EXPECT_EQ(run({"--provider", "anthropic", "--url", url()}, out), 2);          // no model
  EXPECT_EQ(run({"--provider", "http", "--url", url() + "/nothing"}, out), 1);  // 404
  EXPECT_NE(out.find("http_4xx"), std::string::npos) << out;
}

}  // namespace
}  // namespace llmscope::cli
