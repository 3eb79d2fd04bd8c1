#include "telemetry/history.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "telemetry/host.hpp"

namespace llmscope::telemetry {
namespace {

HostReading at(std::int64_t t) { return {t, double(t), 40, 0, 0, false}; }

std::vector<std::int64_t> times(const std::vector<HostReading>& rs) {
  std::vector<std::int64_t> out;
  for (const auto& r : rs) out.push_back(r.timestamp_ms);
  return out;
}

TEST(HostHistory, StartsEmpty) {
  HostHistory h(3);
  EXPECT_EQ(h.size(), 0u);
  EXPECT_TRUE(h.readings().empty());
  EXPECT_EQ(h.newest().timestamp_ms, 0);
}

TEST(HostHistory, KeepsOldestFirstUntilFull) {
  HostHistory h(3);
  h.add(at(10));
  h.add(at(20));
  EXPECT_EQ(times(h.readings()), (std::vector<std::int64_t>{10, 20}));
  EXPECT_EQ(h.newest().timestamp_ms, 20);
  EXPECT_DOUBLE_EQ(h.readings()[1].cpu_percent, 20.0);
}

TEST(HostHistory, DropsTheOldestOnceFullAndNeverGrows) {
  HostHistory h(3);
  for (int t = 1; t <= 8; ++t) h.add(at(t));
  EXPECT_EQ(h.size(), 3u);
  EXPECT_EQ(h.capacity(), 3u);
  EXPECT_EQ(times(h.readings()), (std::vector<std::int64_t>{6, 7, 8}));
  EXPECT_EQ(h.newest().timestamp_ms, 8);
}

TEST(HostHistory, ACapacityOfOneKeepsTheNewest) {
  HostHistory h(1);
  h.add(at(1));
  h.add(at(2));
  EXPECT_EQ(times(h.readings()), (std::vector<std::int64_t>{2}));
}

TEST(HostSampler, KeepsAHistoryAtItsOwnPaceWithinItsBound) {
  // Sampled every 20 ms, kept every 40 ms, at most 5.
  HostSampler sampler(std::chrono::milliseconds(20), {std::chrono::milliseconds(40), 5});
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  auto rs = sampler.history();
  ASSERT_EQ(rs.size(), 5u);
  for (std::size_t i = 1; i < rs.size(); ++i) {
    // Oldest first, and not every sample: about 40 ms apart, never 20.
    EXPECT_GE(rs[i].timestamp_ms - rs[i - 1].timestamp_ms, 29) << i;
  }
  EXPECT_EQ(sampler.newest_reading().timestamp_ms, rs.back().timestamp_ms);
  EXPECT_GT(rs.back().memory_percent, 0);
}

}  // namespace
}  // namespace llmscope::telemetry
