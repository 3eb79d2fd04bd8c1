#include "telemetry/host.hpp"

#include <dlfcn.h>
#include <sys/utsname.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace llmscope::telemetry {
namespace {

std::string read_file(const char* path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The NVML C API, declared here as the few function types used.
using NvmlInit = int (*)();
using NvmlShutdown = int (*)();
using NvmlGetHandle = int (*)(unsigned, void**);
struct NvmlUtilization {
  unsigned gpu;
  unsigned memory;
};
struct NvmlMemory {
  unsigned long long total;
  unsigned long long free;
  unsigned long long used;
};
using NvmlGetUtilization = int (*)(void*, NvmlUtilization*);
using NvmlGetMemory = int (*)(void*, NvmlMemory*);

}  // namespace

std::optional<CpuTimes> parse_proc_stat(const std::string& text) {
  std::istringstream in(text);
  std::string label;
  in >> label;
  if (label != "cpu") return std::nullopt;
  unsigned long long v[8] = {};
  int n = 0;
  while (n < 8 && in >> v[n]) ++n;
  if (n < 4) return std::nullopt;
  // user nice system idle iowait irq softirq steal
  unsigned long long idle = v[3] + v[4];
  unsigned long long total = 0;
  for (int i = 0; i < n; ++i) total += v[i];
  return CpuTimes{total - idle, total};
}

std::optional<double> parse_meminfo(const std::string& text) {
  std::istringstream in(text);
  std::string key;
  unsigned long long value = 0, total = 0, available = 0;
  std::string unit;
  bool have_total = false, have_available = false;
  while (in >> key >> value) {
    std::getline(in, unit);
    if (key == "MemTotal:") total = value, have_total = true;
    if (key == "MemAvailable:") available = value, have_available = true;
  }
  if (!have_total || !have_available || total == 0) return std::nullopt;
  return 100.0 * static_cast<double>(total - available) / static_cast<double>(total);
}

double cpu_percent_between(const CpuTimes& before, const CpuTimes& after) {
  if (after.total <= before.total) return 0;
  double busy = static_cast<double>(after.busy - before.busy);
  return 100.0 * busy / static_cast<double>(after.total - before.total);
}

Nvml::Nvml() {
  lib_ = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!lib_) return;
  auto init = reinterpret_cast<NvmlInit>(dlsym(lib_, "nvmlInit_v2"));
  auto handle = reinterpret_cast<NvmlGetHandle>(
      dlsym(lib_, "nvmlDeviceGetHandleByIndex_v2"));
  get_utilization_ = dlsym(lib_, "nvmlDeviceGetUtilizationRates");
  get_memory_ = dlsym(lib_, "nvmlDeviceGetMemoryInfo");
  if (!init || !handle || !get_utilization_ || !get_memory_ || init() != 0 ||
      handle(0, &device_) != 0) {
    device_ = nullptr;
  }
}

Nvml::~Nvml() {
  if (!lib_) return;
  if (device_)
    if (auto shutdown = reinterpret_cast<NvmlShutdown>(dlsym(lib_, "nvmlShutdown")))
      shutdown();
  dlclose(lib_);
}

std::optional<std::pair<double, double>> Nvml::read() const {
  if (!device_) return std::nullopt;
  NvmlUtilization util{};
  NvmlMemory mem{};
  if (reinterpret_cast<NvmlGetUtilization>(get_utilization_)(device_, &util) != 0 ||
      reinterpret_cast<NvmlGetMemory>(get_memory_)(device_, &mem) != 0 ||
      mem.total == 0)
    return std::nullopt;
  return std::pair{double(util.gpu), 100.0 * double(mem.used) / double(mem.total)};
}

HostSampler::HostSampler(std::chrono::milliseconds period, HistoryOptions history)
    : period_(period),
      history_options_(history),
      history_(history.capacity),
      nvml_(std::make_unique<Nvml>()) {
  struct utsname u {};
  if (uname(&u) == 0) {
    latest_.system = u.sysname;
    latest_.release = u.release;
  }
  latest_.gpu_available = nvml_->available();
  sample_once();
  thread_ = std::thread([this] { run(); });
}

HostSampler::~HostSampler() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

HostSnapshot HostSampler::latest() const {
  std::lock_guard lock(mutex_);
  return latest_;
}

void HostSampler::run() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, period_, [this] { return stopping_; })) {
    lock.unlock();
    sample_once();
    lock.lock();
  }
}

void HostSampler::sample_once() {
  auto cpu = parse_proc_stat(read_file("/proc/stat"));
  auto mem = parse_meminfo(read_file("/proc/meminfo"));
  auto gpu = nvml_->read();

  HostSnapshot now;
  bool has_cpu = false;
  {
    std::lock_guard lock(mutex_);
    has_cpu = cpu && last_cpu_;
    if (has_cpu) latest_.cpu_percent = cpu_percent_between(*last_cpu_, *cpu);
    if (cpu) last_cpu_ = cpu;
    if (mem) latest_.memory_percent = *mem;
    latest_.gpu_percent = gpu ? gpu->first : 0;
    latest_.gpu_memory_percent = gpu ? gpu->second : 0;
    now = latest_;
  }
  if (has_cpu) keep(now);
}

void HostSampler::keep(const HostSnapshot& s) {
  // Samples come `period` apart or a little more; half a period of slack
  // keeps one reading per `every` instead of skipping to the next sample.
  auto steady = std::chrono::steady_clock::now();
  auto slack = std::min(period_, history_options_.every) / 2;
  if (last_kept_ && steady - *last_kept_ < history_options_.every - slack) return;
  last_kept_ = steady;

  auto wall = std::chrono::system_clock::now().time_since_epoch();
  history_.add({std::chrono::duration_cast<std::chrono::milliseconds>(wall).count(), s.cpu_percent,
                s.memory_percent, s.gpu_percent, s.gpu_memory_percent, s.gpu_available});
}

}  // namespace llmscope::telemetry
