#include "cli/replay.hpp"

#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

namespace llmscope::cli {

std::expected<std::vector<TraceRun>, std::string> load_trace(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  auto runs = read_llmperf_trace(text.str());
  if (!runs) return std::unexpected(path + ": " + runs.error());
  if (runs->empty()) return std::unexpected(path + ": no requests");
  return runs;
}

Replayer::Replayer(Pipeline& pipeline, std::vector<TraceRun> runs, double speed)
    : pipeline_(pipeline),
      runs_(std::move(runs)),
      period_(static_cast<std::int64_t>(2'000'000 / speed)) {
  spdlog::info("replaying {} recorded runs, one request each per {} ms", runs_.size(),
               period_.count() / 1000);
  thread_ = std::thread([this] { run(); });
}

Replayer::~Replayer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Replayer::run() {
  auto next = std::chrono::steady_clock::now();
  std::unique_lock lock(mutex_);
  for (std::size_t tick = 0; !stopping_; ++tick) {
    std::vector<Sample> batch;
    EpochMs now = now_ms();
    for (const TraceRun& r : runs_) {
      Sample s = r.samples[tick % r.samples.size()];
      s.timestamp_ms = now;
      batch.push_back(std::move(s));
    }
    lock.unlock();
    if (auto result = pipeline_.ingest(batch); !result)
      spdlog::error("replay: samples not stored: {}", result.error().message);
    lock.lock();
    next += period_;  // fixed rate: no drift by the ingest's own time
    wake_.wait_until(lock, next, [this] { return stopping_; });
  }
}

}  // namespace llmscope::cli
