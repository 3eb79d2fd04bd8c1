#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "telemetry/history.hpp"

namespace llmscope::telemetry {

// Host utilisation at one moment, in percent (0..100).
struct HostSnapshot {
  double cpu_percent = 0;
  double memory_percent = 0;
  double gpu_percent = 0;         // 0 when no GPU is visible
  double gpu_memory_percent = 0;  // 0 when no GPU is visible
  bool gpu_available = false;
  std::string system;             // e.g. "Linux"
  std::string release;            // kernel release
};

// CPU counters from one read of /proc/stat ("cpu" line).
struct CpuTimes {
  unsigned long long busy = 0;
  unsigned long long total = 0;
};

// Parses the first line of /proc/stat; nullopt when malformed.
std::optional<CpuTimes> parse_proc_stat(const std::string& text);

// Percent of memory in use from /proc/meminfo (MemTotal - MemAvailable).
std::optional<double> parse_meminfo(const std::string& text);

// CPU percent between two readings; 0 when no time passed.
double cpu_percent_between(const CpuTimes& before, const CpuTimes& after);

// Reads GPU utilisation through NVML, loaded with dlopen at run time so
// that the program runs on machines without an NVIDIA driver.
class Nvml {
 public:
  Nvml();   // tries to load libnvidia-ml.so.1; never fails
  ~Nvml();
  bool available() const { return device_ != nullptr; }
  // Utilisation and memory of GPU 0; nullopt when unavailable.
  std::optional<std::pair<double, double>> read() const;

 private:
  void* lib_ = nullptr;
  void* device_ = nullptr;
  void* get_utilization_ = nullptr;
  void* get_memory_ = nullptr;
};

// Which readings a HostSampler keeps in its history. The defaults match the
// live stream's `system` event (every 2 s) and keep 30 minutes of it, so a
// page that opens late still has the recent past.
struct HistoryOptions {
  std::chrono::milliseconds every = std::chrono::seconds(2);
  std::size_t capacity = 900;
};

// Samples the host every `period` on its own thread, so that a request for
// the current figures never blocks on /proc or on the GPU driver. Keeps a
// reading about every `history.every` (at most one per sample) in a
// bounded history; the first reading kept is the second sample, the first
// with a CPU figure. Thread-safe.
class HostSampler {
 public:
  explicit HostSampler(std::chrono::milliseconds period = std::chrono::seconds(1),
                       HistoryOptions history = {});
  ~HostSampler();  // stops the thread

  HostSnapshot latest() const;

  // The readings kept, oldest first, and the newest of them (timestamp_ms 0
  // before the first).
  std::vector<HostReading> history() const { return history_.readings(); }
  HostReading newest_reading() const { return history_.newest(); }

 private:
  void run();
  void sample_once();
  void keep(const HostSnapshot& s);  // into the history, when one is due

  std::chrono::milliseconds period_;
  HistoryOptions history_options_;
  HostHistory history_;
  std::optional<std::chrono::steady_clock::time_point> last_kept_;  // sampler thread only
  std::unique_ptr<Nvml> nvml_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  HostSnapshot latest_;
  std::optional<CpuTimes> last_cpu_;
  std::thread thread_;
};

}  // namespace llmscope::telemetry
