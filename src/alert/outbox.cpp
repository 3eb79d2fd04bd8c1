#include "alert/outbox.hpp"

namespace llmscope::alert {
namespace {

constexpr AlertChannel kChannels[] = {AlertChannel::email, AlertChannel::slack,
                                      AlertChannel::webhook};

bool live(AlertDelivery::Status s) {
  return s == AlertDelivery::Status::sent || s == AlertDelivery::Status::pending;
}

StoreResult<std::vector<AlertDelivery>> deliveries_of(Store& store, std::int64_t violation_id,
                                                      AlertChannel channel) {
  DeliveryQuery q;
  q.violation_id = violation_id;
  q.channel = channel;
  q.limit = 1000;
  return store.deliveries(q);
}

// Whether the opening alert of the episode went out (or is going out).
// With `or_handled`, one that failed or was cancelled by an acknowledgement
// counts too: the problem was reported, or someone is on it.
StoreResult<bool> opening_alerted(Store& store, std::int64_t violation_id, AlertChannel channel,
                                  bool or_handled = false) {
  auto list = deliveries_of(store, violation_id, channel);
  if (!list) return std::unexpected(list.error());
  for (const auto& d : *list) {
    bool handled =
        d.status == AlertDelivery::Status::failed || d.status == AlertDelivery::Status::cancelled;
    if (d.event == AlertEvent::opened && (live(d.status) || (or_handled && handled))) return true;
  }
  return false;
}

// Another open, unresolved episode of the same series and metric that has
// alerted `channel`; 0 when none.
StoreResult<std::int64_t> alerted_sibling(Store& store, const Violation& v, AlertChannel channel) {
  ViolationQuery q;
  q.provider = v.provider;
  q.model = v.model;
  q.metric = std::string(to_string(v.metric));
  q.state = Violation::State::open;
  q.resolved = false;
  q.limit = 100;
  auto open = store.violations(q);
  if (!open) return std::unexpected(open.error());
  for (const Violation& other : *open) {
    if (other.id == v.id) continue;
    auto alerted = opening_alerted(store, other.id, channel, true);
    if (!alerted) return std::unexpected(alerted.error());
    if (*alerted) return other.id;
  }
  return 0;
}

AlertDelivery pending(const Violation& v, AlertChannel channel, AlertEvent event, EpochMs now) {
  AlertDelivery d;
  d.violation_id = v.id;
  d.channel = channel;
  d.event = event;
  d.created_ms = now;
  d.next_attempt_ms = now;
  return d;
}

StoreResult<void> enqueue_opened(Store& store, const Violation& v, const AlertSettings& s,
                                 EpochMs now) {
  int rule = rule_number(v.rule);
  auto muted = is_muted(store, v, now);
  if (!muted) return std::unexpected(muted.error());
  for (AlertChannel channel : kChannels) {
    if (!s.notifies(channel, rule)) continue;
    AlertDelivery d = pending(v, channel, AlertEvent::opened, now);
    if (*muted) {
      d.status = AlertDelivery::Status::muted;
      d.last_error = "the model was muted";
    } else {
      auto sibling = alerted_sibling(store, v, channel);
      if (!sibling) return std::unexpected(sibling.error());
      if (*sibling) {
        d.status = AlertDelivery::Status::suppressed;
        d.last_error = "violation " + std::to_string(*sibling) +
                       " of the same series is open and already alerted";
      }
    }
    if (auto id = store.insert_delivery(d); !id) return std::unexpected(id.error());
  }
  return {};
}

// A follow-up (closed, resolved, reminder) on the channels that carried the
// opening alert.
StoreResult<int> enqueue_follow_up(Store& store, const Violation& v, AlertEvent event,
                                   const AlertSettings& s, EpochMs now) {
  int written = 0;
  for (AlertChannel channel : kChannels) {
    if (!s.notifies(channel, rule_number(v.rule))) continue;
    auto alerted = opening_alerted(store, v.id, channel);
    if (!alerted) return std::unexpected(alerted.error());
    if (!*alerted) continue;
    if (auto id = store.insert_delivery(pending(v, channel, event, now)); !id)
      return std::unexpected(id.error());
    ++written;
  }
  return written;
}

}  // namespace

int rule_number(std::string_view rule) { return rule_from_name(rule).value_or(0); }

StoreResult<bool> is_muted(Store& store, const Violation& v, EpochMs now) {
  auto mutes = store.mutes(std::min(now, v.timestamp_ms));
  if (!mutes) return std::unexpected(mutes.error());
  for (const AlertMute& m : *mutes)
    if (m.covers(v.provider, v.model, now) || m.covers(v.provider, v.model, v.timestamp_ms))
      return true;
  return false;
}

StoreResult<void> enqueue_change(Store& store, const EpisodeChange& change, const AlertSettings& s,
                                 EpochMs now) {
  switch (change.kind) {
    case EpisodeChange::Kind::opened:
      return enqueue_opened(store, change.violation, s, now);
    case EpisodeChange::Kind::closed:
      if (!s.notify_on_close) return {};
      if (auto r = enqueue_follow_up(store, change.violation, AlertEvent::closed, s, now); !r)
        return std::unexpected(r.error());
      return {};
    case EpisodeChange::Kind::extended:
      return {};
  }
  return {};
}

StoreResult<void> enqueue_resolved(Store& store, const Violation& v, const AlertSettings& s,
                                   EpochMs now) {
  if (!s.notify_on_resolve) return {};
  if (auto r = enqueue_follow_up(store, v, AlertEvent::resolved, s, now); !r)
    return std::unexpected(r.error());
  return {};
}

StoreResult<int> enqueue_reminders(Store& store, const AlertSettings& s, EpochMs now) {
  if (s.reminder_interval_ms <= 0) return 0;
  ViolationQuery q;
  q.state = Violation::State::open;
  q.acknowledged = false;
  q.resolved = false;
  q.limit = 1000;
  auto open = store.violations(q);
  if (!open) return std::unexpected(open.error());

  int written = 0;
  for (const Violation& v : *open) {
    auto muted = is_muted(store, v, now);
    if (!muted) return std::unexpected(muted.error());
    if (*muted) continue;
    for (AlertChannel channel : kChannels) {
      if (!s.notifies(channel, rule_number(v.rule))) continue;
      auto list = deliveries_of(store, v.id, channel);
      if (!list) return std::unexpected(list.error());
      // Remind after the interval since the last opening alert or reminder.
      std::optional<EpochMs> last;
      bool opened = false;
      for (const auto& d : *list) {
        if (d.event == AlertEvent::opened && live(d.status)) opened = true;
        // Any reminder counts, even a failed one, so that a channel that
        // refuses reminders is not asked again at every pass.
        if ((d.event == AlertEvent::opened && live(d.status)) || d.event == AlertEvent::reminder)
          last = std::max(last.value_or(d.created_ms), d.created_ms);
      }
      if (!opened || !last || now - *last < s.reminder_interval_ms) continue;
      if (auto id = store.insert_delivery(pending(v, channel, AlertEvent::reminder, now)); !id)
        return std::unexpected(id.error());
      ++written;
    }
  }
  return written;
}

}  // namespace llmscope::alert
