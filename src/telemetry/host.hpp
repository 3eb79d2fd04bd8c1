#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

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

// Samples the host every `period` on its own thread, so that a request for
// the current figures never blocks on /proc or on the GPU driver.
// Thread-safe.
class HostSampler {
 public:
  explicit HostSampler(std::chrono::milliseconds period = std::chrono::seconds(1));
  ~HostSampler();  // stops the thread

  HostSnapshot latest() const;

 private:
  void run();
  void sample_once();

  std::chrono::milliseconds period_;
  std::unique_ptr<Nvml> nvml_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  HostSnapshot latest_;
  std::optional<CpuTimes> last_cpu_;
  std::thread thread_;
};

}  // namespace llmscope::telemetry
