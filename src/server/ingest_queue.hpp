#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "core/pipeline.hpp"

namespace llmscope::server {

// Hands probe samples from the scheduler's thread to the pipeline on a
// thread of its own, so that a slow disk never delays a probe. Samples are
// ingested in arrival order. On destruction the queue is drained first:
// every sample handed over is stored. Thread-safe.
class IngestQueue {
 public:
  using ErrorHandler = std::function<void(const Sample&, const StoreError&)>;

  IngestQueue(Pipeline& pipeline, ErrorHandler on_error);
  ~IngestQueue();

  void push(Sample sample);

  // Blocks until every sample pushed so far has been ingested.
  void flush();

 private:
  void run();

  Pipeline& pipeline_;
  ErrorHandler on_error_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<Sample> queue_;
  bool busy_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace llmscope::server
