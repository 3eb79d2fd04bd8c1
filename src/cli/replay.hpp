#pragma once

#include <atomic>
#include <condition_variable>
#include <expected>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cli/llmperf_trace.hpp"
#include "core/pipeline.hpp"

namespace llmscope::cli {

// Reads an llmperf trace file (see llmperf_trace.hpp).
std::expected<std::vector<TraceRun>, std::string> load_trace(const std::string& path);

// Feeds a recorded trace into the pipeline as if it were being probed now:
// every `2 s / speed` each run contributes its next request, stamped with
// the current time; at the end of a run it starts over. Runs on its own
// thread until destroyed.
class Replayer {
 public:
  Replayer(Pipeline& pipeline, std::vector<TraceRun> runs, double speed);
  ~Replayer();

 private:
  void run();

  Pipeline& pipeline_;
  std::vector<TraceRun> runs_;
  std::chrono::microseconds period_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace llmscope::cli
