#include "alert/service.hpp"

#include <curl/curl.h>

#include <chrono>

#include "alert/channels.hpp"
#include "alert/message.hpp"
#include "alert/outbox.hpp"

namespace llmscope::alert {
namespace {

using Status = AlertDelivery::Status;
constexpr std::size_t kBatch = 50;

double elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since)
      .count();
}

}  // namespace

AlertService::AlertService(Store& store, AlertSettings settings, RetrySchedule schedule)
    : store_(store),
      schedule_(schedule),
      settings_(std::make_shared<const AlertSettings>(std::move(settings))) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
}

AlertService::~AlertService() {
  stop();
  curl_global_cleanup();
}

void AlertService::set_settings(AlertSettings settings) {
  auto next = std::make_shared<const AlertSettings>(std::move(settings));
  std::lock_guard lock(mutex_);
  settings_ = std::move(next);
}

std::shared_ptr<const AlertSettings> AlertService::settings() const {
  std::lock_guard lock(mutex_);
  return settings_;
}

StoreResult<void> AlertService::episode_changed(const EpisodeChange& change) {
  return enqueue_change(store_, change, *settings(), now_ms());
}

StoreResult<void> AlertService::violation_resolved(const Violation& violation) {
  return enqueue_resolved(store_, violation, *settings(), now_ms());
}

SendResult AlertService::send_test(AlertChannel channel) {
  auto s = settings();
  EpochMs now = now_ms();
  return send_message(channel, test_message(s->public_url, now), *s, now);
}

void AlertService::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void AlertService::stop() {
  stopping_ = true;
  wake();
  if (thread_.joinable()) thread_.join();
}

void AlertService::wake() {
  {
    std::lock_guard lock(wake_mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void AlertService::loop() {
  while (!stopping_) {
    try {
      run_once(now_ms());
    } catch (...) {
      // A pass that throws (out of memory, say) is retried at the next one.
    }
    std::unique_lock lock(wake_mutex_);
    wake_.wait_for(lock, schedule_.poll_interval, [this] { return woken_ || stopping_.load(); });
    woken_ = false;
  }
}

int AlertService::run_once(EpochMs now) {
  auto s = settings();
  enqueue_reminders(store_, *s, now);

  DeliveryQuery q;
  q.due_by_ms = now;
  q.limit = kBatch;
  auto due = store_.deliveries(q);
  if (!due) return 0;
  int attempts = 0;
  for (AlertDelivery& d : *due) {
    if (stopping_) break;
    attempts += deliver(d, *s, now_ms()) ? 1 : 0;
  }
  return attempts;
}

bool AlertService::deliver(AlertDelivery d, const AlertSettings& s, EpochMs now) {
  auto v = store_.violation(d.violation_id);
  if (!v) return false;  // the store is failing: try again at the next pass
  auto close_without_sending = [&](Status status, std::string reason) {
    store_.set_delivery_status(d.id, status, reason);
    return false;
  };
  if (!*v) return close_without_sending(Status::failed, "the violation no longer exists");

  // Nothing tells people about an episode someone already handles.
  bool nag = d.event == AlertEvent::opened || d.event == AlertEvent::reminder;
  if (nag && (*v)->is_acknowledged())
    return close_without_sending(Status::cancelled, "acknowledged before it was sent");
  if (auto muted = is_muted(store_, **v, now); muted && *muted && nag)
    return close_without_sending(Status::muted, "the model was muted");
  if (!s.notifies(d.channel, rule_number((*v)->rule)))
    return close_without_sending(Status::cancelled,
                                 "the channel is off or no longer alerts on this rule");

  AlertMessage m;
  m.event = d.event;
  m.violation = **v;
  m.delivery_id = d.id;
  m.link = violation_link(s.public_url, (*v)->id);
  auto started = std::chrono::steady_clock::now();
  SendResult result = send_message(d.channel, m, s, now);
  finish(d, result, now, elapsed_ms(started));
  return true;
}

void AlertService::finish(AlertDelivery& d, const SendResult& result, EpochMs started,
                          double duration_ms) {
  AlertAttempt a;
  a.delivery_id = d.id;
  a.attempted_ms = started;
  a.duration_ms = duration_ms;
  a.ok = result.ok;
  a.permanent = result.permanent;
  a.code = result.code;
  if (!result.ok) a.error = result.error;

  ++d.attempts;
  EpochMs now = now_ms();
  if (result.ok) {
    d.status = Status::sent;
    d.sent_ms = now;
    d.last_error.reset();
  } else {
    d.last_error = result.error;
    auto delay = schedule_.delay_after(d.attempts).count();
    if (result.permanent) {
      d.status = Status::failed;
    } else if (now + delay - d.created_ms > schedule_.give_up_after.count()) {
      d.status = Status::failed;
      d.last_error = "gave up after " + std::to_string(d.attempts) + " attempts: " + result.error;
    } else {
      d.next_attempt_ms = now + delay;
    }
  }
  store_.record_attempt(a, d);
  if (on_attempt_) on_attempt_(d, result);
}

}  // namespace llmscope::alert
