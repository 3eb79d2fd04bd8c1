#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

namespace llmscope::telemetry {

// One host reading kept in the history, in percent (0..100), stamped with
// the wall-clock time it was taken (ms since the Unix epoch, UTC).
struct HostReading {
  std::int64_t timestamp_ms = 0;
  double cpu_percent = 0;
  double memory_percent = 0;
  double gpu_percent = 0;
  double gpu_memory_percent = 0;
  bool gpu_available = false;
};

// The last `capacity` readings, oldest first: a fixed-size ring, so memory
// stays bounded however long the service runs (900 readings 2 s apart are
// 30 minutes, about 40 KB). Thread-safe: add() runs on the sampler's
// thread, readings() and newest() on HTTP workers.
class HostHistory {
 public:
  // `capacity` must be at least 1.
  explicit HostHistory(std::size_t capacity);

  // Appends `r`; once full, the oldest reading is dropped.
  void add(const HostReading& r);

  // Every reading held, oldest first (in the order they were added).
  std::vector<HostReading> readings() const;

  // The last reading added; timestamp_ms 0 when there is none yet.
  HostReading newest() const;

  std::size_t capacity() const { return ring_.size(); }
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::vector<HostReading> ring_;  // fixed size, `capacity`
  std::size_t next_ = 0;           // where the next reading goes
  std::size_t count_ = 0;          // readings held, up to capacity
};

}  // namespace llmscope::telemetry
