#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "alert/alert_settings.hpp"
#include "alert/send_result.hpp"
#include "core/monitor.hpp"
#include "core/store.hpp"

namespace llmscope::alert {

// The alert service: writes the outbox through the policy (outbox.hpp) and
// runs the delivery worker, one thread that sends due deliveries one at a
// time, retries transient failures on `schedule`, and records every
// attempt. Everything it needs is in the store, so a restart loses and
// repeats nothing: a delivery is marked sent in the same store write that
// records its successful attempt. (A crash in the instant between the
// channel accepting a message and that write would send it once more; the
// delivery id in the webhook headers and the email's Message-ID let a
// receiver see the repeat.)
//
// Thread-safe. The hooks run on the caller's thread (inside its store
// transaction); sending runs on the worker thread, or the caller's for a
// test send.
// TODO(#5): one worker sends every channel in turn, so a mail server that
// answers slowly (up to the send timeout) delays Slack and webhooks too;
// a worker per channel would isolate them.
class AlertService {
 public:
  // Called after each attempt, for the service to log: never holds a secret.
  using AttemptListener = std::function<void(const AlertDelivery&, const SendResult&)>;

  AlertService(Store& store, AlertSettings settings, RetrySchedule schedule);
  ~AlertService();  // stops the worker

  AlertService(const AlertService&) = delete;
  AlertService& operator=(const AlertService&) = delete;

  void set_settings(AlertSettings settings);
  std::shared_ptr<const AlertSettings> settings() const;
  void on_attempt(AttemptListener listener) { on_attempt_ = std::move(listener); }

  // The pipeline's episode hook and the resolve route's: write deliveries
  // inside the caller's transaction. Call wake() after it commits.
  StoreResult<void> episode_changed(const EpisodeChange& change);
  StoreResult<void> violation_resolved(const Violation& violation);

  // Sends a test message on `channel` now, whether the channel is enabled
  // or not, and records nothing.
  SendResult send_test(AlertChannel channel);

  void start();
  void stop();
  void wake();

  // One pass of the worker: writes due reminders, then attempts every due
  // delivery. Returns the number of attempts. Used by the thread; public
  // so that tests can drive it.
  int run_once(EpochMs now);

 private:
  void loop();
  bool deliver(AlertDelivery delivery, const AlertSettings& settings, EpochMs now);
  void finish(AlertDelivery& delivery, const SendResult& result, EpochMs started,
              double duration_ms);

  Store& store_;
  RetrySchedule schedule_;
  mutable std::mutex mutex_;
  std::shared_ptr<const AlertSettings> settings_;
  AttemptListener on_attempt_;

  std::mutex wake_mutex_;
  std::condition_variable wake_;
  bool woken_ = false;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace llmscope::alert
