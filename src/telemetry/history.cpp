#include "telemetry/history.hpp"

#include <algorithm>

namespace llmscope::telemetry {

HostHistory::HostHistory(std::size_t capacity) : ring_(std::max<std::size_t>(capacity, 1)) {}

void HostHistory::add(const HostReading& r) {
  std::lock_guard lock(mutex_);
  ring_[next_] = r;
  next_ = (next_ + 1) % ring_.size();
  count_ = std::min(count_ + 1, ring_.size());
}

std::vector<HostReading> HostHistory::readings() const {
  std::lock_guard lock(mutex_);
  std::vector<HostReading> out;
  out.reserve(count_);
  // The oldest reading sits `count_` places behind the next free slot.
  std::size_t first = (next_ + ring_.size() - count_) % ring_.size();
  for (std::size_t i = 0; i < count_; ++i) out.push_back(ring_[(first + i) % ring_.size()]);
  return out;
}

HostReading HostHistory::newest() const {
  std::lock_guard lock(mutex_);
  if (count_ == 0) return {};
  return ring_[(next_ + ring_.size() - 1) % ring_.size()];
}

std::size_t HostHistory::size() const {
  std::lock_guard lock(mutex_);
  return count_;
}

}  // namespace llmscope::telemetry
