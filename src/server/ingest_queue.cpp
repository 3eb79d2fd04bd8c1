#include "server/ingest_queue.hpp"

namespace llmscope::server {

IngestQueue::IngestQueue(Pipeline& pipeline, ErrorHandler on_error)
    : pipeline_(pipeline), on_error_(std::move(on_error)) {
  thread_ = std::thread([this] { run(); });
}

IngestQueue::~IngestQueue() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void IngestQueue::push(Sample sample) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(sample));
  }
  wake_.notify_one();
}

void IngestQueue::flush() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return queue_.empty() && !busy_; });
}

void IngestQueue::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and drained

    // Take everything queued: one transaction for a burst of probes.
    std::vector<Sample> batch(std::make_move_iterator(queue_.begin()),
                              std::make_move_iterator(queue_.end()));
    queue_.clear();
    busy_ = true;
    lock.unlock();
    auto result = pipeline_.ingest(batch);
    if (!result && on_error_)
      for (const Sample& s : batch) on_error_(s, result.error());
    lock.lock();
    busy_ = false;
    idle_.notify_all();
  }
}

}  // namespace llmscope::server
