#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace llmscope {

// Where an alert goes. Stored as text ("email", "slack", "webhook"); the
// meaning of a stored value never changes.
enum class AlertChannel { email, slack, webhook };

// Why an alert is sent. Stored as text.
enum class AlertEvent { opened, closed, resolved, reminder };

// One alert for one channel in the outbox. Written in the transaction that
// causes it; the delivery worker moves it from pending to sent or failed.
struct AlertDelivery {
  enum class Status {
    pending,     // waiting for its next attempt
    sent,        // the channel accepted it
    failed,      // a permanent failure, or retried until given up
    muted,       // recorded during a mute window, never sent
    suppressed,  // another open episode of the series already alerted
    cancelled,   // acknowledged before it could be sent
  };

  std::int64_t id = 0;  // assigned by the store
  std::int64_t violation_id = 0;
  AlertChannel channel = AlertChannel::email;
  AlertEvent event = AlertEvent::opened;
  Status status = Status::pending;
  EpochMs created_ms = 0;
  EpochMs next_attempt_ms = 0;  // when pending: not before this
  int attempts = 0;
  std::optional<std::string> last_error;
  std::optional<EpochMs> sent_ms;
};

// One try to deliver, kept for the record.
struct AlertAttempt {
  std::int64_t id = 0;
  std::int64_t delivery_id = 0;
  EpochMs attempted_ms = 0;
  double duration_ms = 0;
  bool ok = false;
  bool permanent = false;   // a failure that retrying cannot fix
  std::optional<int> code;  // HTTP status or SMTP reply code
  std::optional<std::string> error;
};

// A maintenance window: episodes of the model opened inside it are
// recorded, not sent. An empty provider matches every provider.
struct AlertMute {
  std::int64_t id = 0;
  std::string provider;
  std::string model;
  EpochMs starts_ms = 0;
  EpochMs ends_ms = 0;  // exclusive
  std::optional<std::string> reason;
  EpochMs created_ms = 0;

  bool covers(std::string_view p, std::string_view m, EpochMs t) const {
    return (provider.empty() || provider == p) && model == m && t >= starts_ms && t < ends_ms;
  }
};

struct DeliveryQuery {
  std::optional<std::int64_t> violation_id;
  std::optional<AlertChannel> channel;
  std::optional<AlertDelivery::Status> status;
  std::optional<EpochMs> due_by_ms;  // pending and next attempt <= this
  std::size_t limit = 100;           // newest first unless due_by_ms
  std::size_t offset = 0;
};

std::string_view to_string(AlertChannel c);
std::string_view to_string(AlertEvent e);
std::string_view to_string(AlertDelivery::Status s);
std::optional<AlertChannel> alert_channel_from_string(std::string_view s);
std::optional<AlertEvent> alert_event_from_string(std::string_view s);
std::optional<AlertDelivery::Status> delivery_status_from_string(std::string_view s);

}  // namespace llmscope
