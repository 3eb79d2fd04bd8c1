// Load benchmark of the probe scheduler (issue 4): N targets probed every
// interval against a local OpenAI-compatible streaming server for a fixed
// time, then a report of the schedule's jitter, the skipped ticks, the CPU
// the prober used, and the error between the measured and the served time
// to first token and end-to-end latency.
//
// The server runs in a child process (its CPU is not counted; a pipe
// brings back when it wrote each request's first and last text chunk,
// on the shared CLOCK_MONOTONIC that steady_clock reads). Loopback only;
// it stops by itself.
//
// usage: probe_scheduler_load [targets=500] [interval_s=1] [duration_s=180]
#include <httplib.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "probe/scheduler.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using llmscope::probe::SteadyTime;

struct ServedRecord {  // one request, as the server wrote it
  std::int32_t target;
  std::int64_t first_text_ns;  // steady clock
  std::int64_t last_text_ns;
};

std::int64_t ns(SteadyTime t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

std::string sse(const std::string& delta_json) {
  return "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":" +
         delta_json + "}]}\n\n";
}

// The child: a streaming chat server. Target i waits 20 + 5 * (i % 10) ms
// before its first token, then sends 6 text chunks 10 ms apart, usage and
// [DONE].
[[noreturn]] void run_server(int port_fd, int record_fd) {
  httplib::Server server;
  server.new_task_queue = [] { return new httplib::ThreadPool(160); };
  server.set_tcp_nodelay(true);
  server.Post(
      "/v1/chat/completions", [record_fd](const httplib::Request& req, httplib::Response& res) {
        auto start = Clock::now();
        std::string model = nlohmann::json::parse(req.body).value("model", "m0");
        int target = std::atoi(model.c_str() + 1);
        res.set_chunked_content_provider("text/event-stream", [=](size_t, httplib::DataSink& sink) {
          auto at = start + std::chrono::milliseconds(20 + 5 * (target % 10));
          std::string role = sse(R"({"role":"assistant","content":""})");
          sink.write(role.data(), role.size());
          ServedRecord rec{target, 0, 0};
          for (int i = 0; i < 6; ++i) {
            std::this_thread::sleep_until(at);
            std::string chunk = sse(R"({"content":"word )" + std::to_string(i) + "\"}");
            rec.last_text_ns = ns(Clock::now());
            if (i == 0) rec.first_text_ns = rec.last_text_ns;
            if (!sink.write(chunk.data(), chunk.size())) return false;
            at += std::chrono::milliseconds(10);
          }
          std::string tail =
              "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":6}}"
              "\n\ndata: [DONE]\n\n";
          sink.write(tail.data(), tail.size());
          sink.done();
          (void)!::write(record_fd, &rec, sizeof rec);  // atomic: < PIPE_BUF
          return true;
        });
      });
  int port = server.bind_to_any_port("127.0.0.1");
  (void)!::write(port_fd, &port, sizeof port);
  server.listen_after_bind();
  std::_Exit(0);
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  double rank = p * static_cast<double>(v.size() - 1);
  auto lo = static_cast<std::size_t>(rank);
  std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (rank - static_cast<double>(lo));
}

double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto s = [](timeval t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return s(ru.ru_utime) + s(ru.ru_stime);
}

struct Start {
  SteadyTime tick, t0;
};

struct Measured {
  bool success;
  double ttft_ms, e2e_ms;
};

}  // namespace

int main(int argc, char** argv) {
  int targets = argc > 1 ? std::atoi(argv[1]) : 500;
  double interval_s = argc > 2 ? std::atof(argv[2]) : 1.0;
  double duration_s = argc > 3 ? std::atof(argv[3]) : 180.0;

  // The server first, before this process has any thread.
  int port_pipe[2], record_pipe[2];
  if (::pipe(port_pipe) != 0 || ::pipe(record_pipe) != 0) return 1;
  pid_t child = ::fork();
  if (child == 0) {
    ::close(record_pipe[0]);
    run_server(port_pipe[1], record_pipe[1]);
  }
  ::close(record_pipe[1]);
  int port = 0;
  if (::read(port_pipe[0], &port, sizeof port) != sizeof port || port <= 0) return 1;

  std::map<int, std::vector<ServedRecord>> served;
  std::thread reader([&] {
    ServedRecord rec;
    while (::read(record_pipe[0], &rec, sizeof rec) == sizeof rec)
      served[rec.target].push_back(rec);
  });

  // The prober: one scheduler, every target on the same server.
  std::vector<std::vector<Start>> starts(targets);
  std::vector<std::vector<Measured>> measured(targets);
  std::map<std::string, int> failure_kinds;
  llmscope::probe::SchedulerOptions options;
  options.on_probe_start = [&](std::int64_t id, SteadyTime tick, SteadyTime t0) {
    starts[id].push_back({tick, t0});
  };
  llmscope::probe::Scheduler scheduler(
      [&](llmscope::Sample s) {
        int id = std::atoi(s.model.c_str() + 1);
        measured[id].push_back({s.success, s.ttft_ms.value_or(-1), s.latency_ms.value_or(-1)});
        if (!s.success) failure_kinds[std::string(llmscope::to_string(s.error_kind))]++;
      },
      options);
  std::vector<llmscope::ProbeTarget> list;
  for (int i = 0; i < targets; ++i) {
    llmscope::ProbeTarget t;
    t.id = i;
    t.name = "t" + std::to_string(i);
    t.provider = "openai";
    t.base_url = "http://127.0.0.1:" + std::to_string(port);
    t.model = "m" + std::to_string(i);
    t.interval_s = interval_s;
    t.timeout_s = 10;
    list.push_back(t);
  }
  scheduler.set_targets(list);

  std::printf("probing %d targets every %.3f s for %.0f s against 127.0.0.1:%d\n", targets,
              interval_s, duration_s, port);
  double cpu_before = cpu_seconds();
  auto wall_before = Clock::now();
  scheduler.start();
  std::this_thread::sleep_for(std::chrono::duration<double>(duration_s));
  scheduler.stop();
  double wall_s = std::chrono::duration<double>(Clock::now() - wall_before).count();
  double cpu_s = cpu_seconds() - cpu_before;

  // Stop the server and collect the last records.
  ::kill(child, SIGTERM);
  ::waitpid(child, nullptr, 0);
  reader.join();

  // Schedule: lateness of each start against its tick.
  std::vector<double> jitter_ms;
  std::int64_t skipped = 0, skipped_capacity = 0, probes = 0, failures = 0;
  for (auto& [id, c] : scheduler.counters()) {
    skipped += c.skipped;
    skipped_capacity += c.skipped_capacity;
    probes += c.probes;
    failures += c.failures;
  }
  for (const auto& per : starts)
    for (const Start& s : per)
      jitter_ms.push_back(std::chrono::duration<double, std::milli>(s.t0 - s.tick).count());

  // Accuracy: the k-th start, sample and served record of a target are the
  // same request (a target never has two probes in flight); only the last
  // probe, abandoned by stop(), may have a record without a sample. A
  // target with a failure is left out: its order could be off by one.
  std::vector<double> ttft_err, e2e_err;
  int unmatched = 0;
  for (int id = 0; id < targets; ++id) {
    const auto& m = measured[id];
    const auto& sv = served[id];
    const auto& st = starts[id];
    std::size_t n = std::min({m.size(), sv.size(), st.size()});
    bool clean = std::all_of(m.begin(), m.end(), [](const Measured& x) { return x.success; });
    if (!clean || sv.size() > m.size() + 1) {
      ++unmatched;
      continue;
    }
    for (std::size_t k = 0; k < n; ++k) {
      double t0 = static_cast<double>(ns(st[k].t0));
      ttft_err.push_back(std::abs(m[k].ttft_ms - (sv[k].first_text_ns - t0) / 1e6));
      e2e_err.push_back(std::abs(m[k].e2e_ms - (sv[k].last_text_ns - t0) / 1e6));
    }
  }

  std::printf("probes %lld, failures %lld, skipped ticks %lld (capacity %lld)\n",
              static_cast<long long>(probes), static_cast<long long>(failures),
              static_cast<long long>(skipped), static_cast<long long>(skipped_capacity));
  for (const auto& [kind, n] : failure_kinds) std::printf("  failures %s: %d\n", kind.c_str(), n);
  std::printf(
      "schedule jitter (start - tick): p50 %.3f ms, p99 %.3f ms, max %.3f ms (%zu starts)\n",
      percentile(jitter_ms, 0.5), percentile(jitter_ms, 0.99),
      jitter_ms.empty() ? 0.0 : *std::max_element(jitter_ms.begin(), jitter_ms.end()),
      jitter_ms.size());
  std::printf("cpu of the prober: %.2f s over %.1f s = %.3f cores\n", cpu_s, wall_s,
              cpu_s / wall_s);
  std::printf(
      "|measured - served| ttft: median %.3f ms, p99 %.3f ms; e2e: median %.3f ms, "
      "p99 %.3f ms (%zu samples, %d targets unmatched)\n",
      percentile(ttft_err, 0.5), percentile(ttft_err, 0.99), percentile(e2e_err, 0.5),
      percentile(e2e_err, 0.99), ttft_err.size(), unmatched);
  return 0;
}
