#include "telemetry/host.hpp"

#include <gtest/gtest.h>

namespace llmscope::telemetry {
namespace {

TEST(ProcStat, ParsesTheCpuLine) {
  auto t = parse_proc_stat("cpu  100 5 50 800 20 1 2 0 0 0\ncpu0 1 2 3 4\n");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->total, 978u);
  EXPECT_EQ(t->busy, 978u - 820u);
  EXPECT_FALSE(parse_proc_stat("intr 1 2 3"));
  EXPECT_FALSE(parse_proc_stat(""));
}

TEST(ProcStat, PercentBetweenReadings) {
  EXPECT_DOUBLE_EQ(cpu_percent_between({100, 1000}, {150, 1100}), 50.0);
  EXPECT_DOUBLE_EQ(cpu_percent_between({100, 1000}, {100, 1000}), 0.0);
}

TEST(Meminfo, UsesMemAvailable) {
  auto p = parse_meminfo("MemTotal: 1000 kB\nMemFree: 100 kB\nMemAvailable: 250 kB\n");
  ASSERT_TRUE(p);
  EXPECT_DOUBLE_EQ(*p, 75.0);
  EXPECT_FALSE(parse_meminfo("MemTotal: 1000 kB\n"));
}

TEST(HostSampler, ReadsThisMachineAndReportsNoGpuWithoutNvml) {
  HostSampler sampler(std::chrono::milliseconds(50));
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  auto h = sampler.latest();
  EXPECT_GT(h.memory_percent, 0);
  EXPECT_LE(h.memory_percent, 100);
  EXPECT_GE(h.cpu_percent, 0);
  EXPECT_LE(h.cpu_percent, 100);
  EXPECT_EQ(h.system, "Linux");
  Nvml nvml;
  if (!nvml.available()) {  // this machine has no NVIDIA driver
    EXPECT_FALSE(h.gpu_available);
    EXPECT_EQ(h.gpu_percent, 0);
  }
}

}  // namespace
}  // namespace llmscope::telemetry
