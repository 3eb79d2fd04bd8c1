#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace llmscope::server {

// Fans server-sent event frames out to the open /api/stream connections.
//
// Each connection holds a Subscription with its own queue of frames; a
// publisher appends to every queue and wakes the readers. A reader that
// falls more than `max_backlog` frames behind loses the oldest ones (a
// stalled browser must not grow the server's memory without bound).
// Thread-safe: publish() runs on ingest threads, wait() on HTTP workers.
class StreamHub {
 public:
  struct Subscription {
    std::deque<std::string> frames;  // guarded by the hub's mutex
    std::size_t dropped = 0;         // frames lost to the backlog bound
  };

  StreamHub(std::size_t max_streams, std::size_t max_backlog)
      : max_streams_(max_streams), max_backlog_(max_backlog) {}

  // A new subscription, or null when max_streams are open or the hub is
  // closed.
  std::shared_ptr<Subscription> subscribe();
  void unsubscribe(const std::shared_ptr<Subscription>& sub);

  // Appends one frame (already in SSE wire format) to every queue.
  void publish(const std::string& frame);

  // Waits up to `timeout` for frames and takes them all; empty on timeout
  // or once the hub is closed.
  std::vector<std::string> wait(const std::shared_ptr<Subscription>& sub,
                                std::chrono::milliseconds timeout);

  // Ends every stream: readers wake at once and see closed(). Called when
  // the server stops, so no HTTP worker stays inside a stream.
  void close();
  bool closed() const;

  std::size_t open_streams() const;
  std::size_t max_streams() const { return max_streams_; }

 private:
  const std::size_t max_streams_;
  const std::size_t max_backlog_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<std::shared_ptr<Subscription>> subs_;
  bool closed_ = false;
};

// One SSE frame: "event: <name>\ndata: <data>\n\n". `data` must be one line
// (compact JSON is).
std::string sse_frame(const std::string& event, const std::string& data);

}  // namespace llmscope::server
