#include "server/stream_hub.hpp"

#include <algorithm>

namespace llmscope::server {

std::shared_ptr<StreamHub::Subscription> StreamHub::subscribe() {
  std::lock_guard lock(mutex_);
  if (closed_ || subs_.size() >= max_streams_) return nullptr;
  subs_.push_back(std::make_shared<Subscription>());
  return subs_.back();
}

void StreamHub::unsubscribe(const std::shared_ptr<Subscription>& sub) {
  std::lock_guard lock(mutex_);
  std::erase(subs_, sub);
}

void StreamHub::publish(const std::string& frame) {
  {
    std::lock_guard lock(mutex_);
    for (auto& sub : subs_) {
      sub->frames.push_back(frame);
      if (sub->frames.size() > max_backlog_) {
        sub->frames.pop_front();
        ++sub->dropped;
      }
    }
  }
  wake_.notify_all();
}

std::vector<std::string> StreamHub::wait(const std::shared_ptr<Subscription>& sub,
                                         std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, timeout, [&] { return closed_ || !sub->frames.empty(); });
  std::vector<std::string> out;
  if (closed_) return out;
  out.assign(std::make_move_iterator(sub->frames.begin()),
             std::make_move_iterator(sub->frames.end()));
  sub->frames.clear();
  return out;
}

void StreamHub::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  wake_.notify_all();
}

bool StreamHub::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

std::size_t StreamHub::open_streams() const {
  std::lock_guard lock(mutex_);
  return subs_.size();
}

std::string sse_frame(const std::string& event, const std::string& data) {
  return "event: " + event + "\ndata: " + data + "\n\n";
}

}  // namespace llmscope::server
