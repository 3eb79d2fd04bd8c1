// The scheduler against a real loopback server. Timing is asserted only
// with generous bounds (a shared 2-core machine wakes threads late); the
// exact assertions are about counts: ticks, skips, overlaps.
#include "probe/scheduler.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "loopback_server.hpp"

namespace llmscope::probe {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// An Ollama-like server: each model answers after its configured delay,
// and the server records, per model, when requests arrived and how many
// ran at once.
class FakeOllama {
 public:
  FakeOllama() {
    server_.http().Post("/api/generate",
                        [this](const httplib::Request& req, httplib::Response& res) {
                          std::string model = nlohmann::json::parse(req.body)["model"];
                          auto delay = enter(model);
                          server_.stall_until(Clock::now() + delay);
                          leave(model);
                          res.set_content(R"({"response":"Hi","done":false})"
                                          "\n"
                                          R"({"response":"","done":true,"eval_count":1})"
                                          "\n",
                                          "application/x-ndjson");
                        });
    server_.start();
  }

  void set_delay(const std::string& model, Clock::duration d) {
    std::lock_guard lock(mu_);
    delay_[model] = d;
  }

  std::vector<Clock::time_point> arrivals(const std::string& model) {
    std::lock_guard lock(mu_);
    return arrivals_[model];
  }
  int max_concurrent(const std::string& model) {
    std::lock_guard lock(mu_);
    return max_running_[model];
  }
  int max_concurrent_overall() {
    std::lock_guard lock(mu_);
    return max_total_;
  }
  std::string url() const { return server_.url(); }
  void release() { server_.release(); }

 private:
  Clock::duration enter(const std::string& model) {
    std::lock_guard lock(mu_);
    arrivals_[model].push_back(Clock::now());
    max_running_[model] = std::max(max_running_[model], ++running_[model]);
    max_total_ = std::max(max_total_, ++total_);
    return delay_[model];
  }
  void leave(const std::string& model) {
    std::lock_guard lock(mu_);
    --running_[model];
    --total_;
  }

  std::mutex mu_;
  std::map<std::string, Clock::duration> delay_;
  std::map<std::string, std::vector<Clock::time_point>> arrivals_;
  std::map<std::string, int> running_, max_running_;
  int total_ = 0, max_total_ = 0;
  testing::LoopbackServer server_;  // last: stops before the maps go
};

// Collects what the sink receives, from the scheduler's thread.
struct Collected {
  std::mutex mu;
  std::vector<Sample> samples;

  Scheduler::Sink sink() {
    return [this](Sample s) {
      std::lock_guard lock(mu);
      samples.push_back(std::move(s));
    };
  }
  std::size_t size() {
    std::lock_guard lock(mu);
    return samples.size();
  }
};

ProbeTarget target(std::int64_t id, const std::string& url, const std::string& model,
                   double interval_s) {
  ProbeTarget t;
  t.id = id;
  t.name = model;
  t.provider = "ollama";
  t.base_url = url;
  t.model = model;
  t.interval_s = interval_s;
  t.timeout_s = 5;
  return t;
}

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

TEST(Scheduler, SlowProbeSkipsTicksAndNeverRunsTwiceAtOnce) {
  FakeOllama server;
  server.set_delay("slow", 250ms);
  Collected got;
  Scheduler scheduler(got.sink());
  scheduler.set_targets({target(1, server.url(), "slow", 0.1)});

  auto started = Clock::now();
  scheduler.start();
  std::this_thread::sleep_for(1200ms);
  scheduler.stop();
  double elapsed_ticks = ms(Clock::now() - started) / 100.0;

  TargetCounters c = scheduler.counters().at(1);
  EXPECT_EQ(server.max_concurrent("slow"), 1);
  EXPECT_GE(c.probes, 2);
  EXPECT_GE(c.skipped, 3);
  EXPECT_EQ(c.skipped_capacity, 0);
  // Every tick either started a probe or was skipped: ticks kept the fixed
  // rate although each probe took 2.5 intervals.
  double ticks = static_cast<double>(c.probes + c.skipped);
  EXPECT_GE(ticks, elapsed_ticks - 3);
  EXPECT_LE(ticks, elapsed_ticks + 1);
  EXPECT_EQ(static_cast<std::int64_t>(got.size()), c.completed);
}

TEST(Scheduler, TicksDoNotDriftByTheProbeDuration) {
  FakeOllama server;
  server.set_delay("steady", 30ms);
  Collected got;
  Scheduler scheduler(got.sink());
  scheduler.set_targets({target(1, server.url(), "steady", 0.1)});

  scheduler.start();
  std::this_thread::sleep_for(1050ms);
  scheduler.stop();

  // Request k arrives near first + k * 100 ms; drifting by the probe's 30 ms
  // would put the tenth 270 ms late.
  auto arrivals = server.arrivals("steady");
  ASSERT_GE(arrivals.size(), 8u);
  for (std::size_t k = 1; k < arrivals.size(); ++k) {
    EXPECT_NEAR(ms(arrivals[k] - arrivals[0]), 100.0 * k, 60.0) << "request " << k;
  }
  EXPECT_EQ(scheduler.counters().at(1).skipped, 0);
}

TEST(Scheduler, SpreadsTargetsOverTheInterval) {
  FakeOllama server;
  Collected got;
  Scheduler scheduler(got.sink());
  std::vector<ProbeTarget> targets;
  for (int i = 0; i < 4; ++i) {
    targets.push_back(target(i + 1, server.url(), "m" + std::to_string(i), 0.4));
  }
  scheduler.set_targets(targets);

  scheduler.start();
  std::this_thread::sleep_for(500ms);
  scheduler.stop();

  // Phases 0, 100, 200, 300 ms: the first requests do not come together.
  std::vector<Clock::time_point> firsts;
  for (int i = 0; i < 4; ++i) {
    auto a = server.arrivals("m" + std::to_string(i));
    ASSERT_FALSE(a.empty()) << "target " << i;
    firsts.push_back(a.front());
  }
  EXPECT_TRUE(std::is_sorted(firsts.begin(), firsts.end()));
  EXPECT_GE(ms(firsts.back() - firsts.front()), 200.0);
  for (std::size_t i = 1; i < firsts.size(); ++i) {
    EXPECT_GE(ms(firsts[i] - firsts[i - 1]), 40.0) << "targets " << i - 1 << " and " << i;
  }
}

TEST(Scheduler, StopIsPromptWithALongProbeInFlight) {
  FakeOllama server;
  server.set_delay("stuck", 20s);
  Collected got;
  Scheduler scheduler(got.sink());
  ProbeTarget t = target(1, server.url(), "stuck", 0.1);
  t.timeout_s = 30;
  scheduler.set_targets({t});
  scheduler.start();

  for (int i = 0; i < 200 && server.arrivals("stuck").empty(); ++i) {
    std::this_thread::sleep_for(5ms);
  }
  ASSERT_FALSE(server.arrivals("stuck").empty());
  EXPECT_TRUE(scheduler.counters().at(1).in_flight);

  auto before = Clock::now();
  scheduler.stop();
  EXPECT_LT(Clock::now() - before, 1s);
  EXPECT_FALSE(scheduler.running());
  EXPECT_FALSE(scheduler.counters().at(1).in_flight);
  EXPECT_EQ(got.size(), 0u);  // an abandoned probe delivers no sample
  server.release();
}

TEST(Scheduler, SetTargetsKeepsKnownTargetsAndDropsRemovedOnes) {
  FakeOllama server;
  Collected got;
  Scheduler scheduler(got.sink());
  scheduler.set_targets({target(1, server.url(), "a", 0.1), target(2, server.url(), "b", 0.1)});
  scheduler.start();
  std::this_thread::sleep_for(420ms);
  std::int64_t a_before = scheduler.counters().at(1).probes;

  ProbeTarget a = target(1, server.url(), "a", 0.1);
  a.prompt = "a changed prompt";
  scheduler.set_targets({a, target(3, server.url(), "c", 0.1)});
  std::this_thread::sleep_for(420ms);
  scheduler.stop();

  auto counters = scheduler.counters();
  EXPECT_FALSE(counters.contains(2));
  ASSERT_TRUE(counters.contains(3));
  EXPECT_GE(counters.at(3).probes, 2);
  // Target 1 kept its counters and its phase: every request stays on the
  // grid of its first one.
  EXPECT_GE(counters.at(1).probes, a_before + 2);
  auto arrivals = server.arrivals("a");
  for (std::size_t k = 1; k < arrivals.size(); ++k) {
    double off = std::fmod(ms(arrivals[k] - arrivals[0]), 100.0);
    EXPECT_LT(std::min(off, 100.0 - off), 40.0) << "request " << k;
  }
}

TEST(Scheduler, CountsFailuresWithTheLastError) {
  std::string url = "http://127.0.0.1:" + std::to_string(testing::closed_loopback_port());

  Collected got;
  Scheduler scheduler(got.sink());
  scheduler.set_targets({target(7, url, "down", 0.1)});
  scheduler.start();
  std::this_thread::sleep_for(350ms);
  scheduler.stop();

  TargetCounters c = scheduler.counters().at(7);
  EXPECT_GE(c.failures, 2);
  EXPECT_EQ(c.failures, c.completed);
  EXPECT_EQ(c.last_error_kind, ErrorKind::connect);
  ASSERT_GE(got.size(), 2u);
  std::lock_guard lock(got.mu);
  EXPECT_FALSE(got.samples[0].success);
  EXPECT_FALSE(got.samples[0].latency_ms.has_value());
  EXPECT_EQ(got.samples[0].model, "down");
}

TEST(Scheduler, DeliversSamplesWithTargetIdentity) {
  FakeOllama server;
  Collected got;
  Scheduler scheduler(got.sink());
  ProbeTarget off = target(2, server.url(), "disabled", 0.1);
  off.enabled = false;
  scheduler.set_targets({target(1, server.url(), "llama3.2:1b", 0.1), off});
  scheduler.start();
  std::this_thread::sleep_for(350ms);
  scheduler.stop();

  EXPECT_FALSE(scheduler.counters().contains(2));
  EXPECT_TRUE(server.arrivals("disabled").empty());
  ASSERT_GE(got.size(), 2u);
  std::lock_guard lock(got.mu);
  for (const Sample& s : got.samples) {
    EXPECT_TRUE(s.success) << s.error.value_or("");
    EXPECT_EQ(s.provider, "ollama");
    EXPECT_EQ(s.model, "llama3.2:1b");
    EXPECT_TRUE(s.latency_ms.has_value());
    EXPECT_GT(s.timestamp_ms, 0);
  }
}

TEST(Scheduler, ConcurrencyBoundSkipsTicksInsteadOfQueueing) {
  FakeOllama server;
  SchedulerOptions options;
  options.max_concurrent = 1;
  std::vector<ProbeTarget> targets;
  for (int i = 0; i < 3; ++i) {
    std::string model = "m" + std::to_string(i);
    server.set_delay(model, 150ms);
    targets.push_back(target(i + 1, server.url(), model, 0.1));
  }
  Collected got;
  Scheduler scheduler(got.sink(), options);
  scheduler.set_targets(targets);
  scheduler.start();
  std::this_thread::sleep_for(800ms);
  scheduler.stop();

  EXPECT_EQ(server.max_concurrent_overall(), 1);
  std::int64_t capacity_skips = 0;
  for (const auto& [id, c] : scheduler.counters()) capacity_skips += c.skipped_capacity;
  EXPECT_GT(capacity_skips, 0);
}

TEST(Scheduler, RestartsAfterStop) {
  FakeOllama server;
  Collected got;
  Scheduler scheduler(got.sink());
  scheduler.set_targets({target(1, server.url(), "m", 0.1)});
  scheduler.start();
  std::this_thread::sleep_for(150ms);
  scheduler.stop();
  std::size_t first = got.size();
  scheduler.start();
  EXPECT_TRUE(scheduler.running());
  std::this_thread::sleep_for(250ms);
  scheduler.stop();
  EXPECT_GT(got.size(), first);
  EXPECT_FALSE(scheduler.loop_error().has_value());
}

}  // namespace
}  // namespace llmscope::probe
