#pragma once

#include "alert/alert_settings.hpp"
#include "core/monitor.hpp"
#include "core/store.hpp"

namespace llmscope::alert {

// The alert policy: which deliveries an event writes to the outbox. These
// only write rows (no network); call them inside the transaction that
// records the event so that the alert exists exactly when the event does.
//
// - An episode that opens notifies every channel that is enabled and
//   configured and whose rules include the episode's rule. While a mute
//   window covers the model the delivery is written as `muted`; while
//   another open, unresolved episode of the same series and metric has
//   already alerted that channel (sent, sending, failed for good, or
//   cancelled by an acknowledgement) it is written as `suppressed`: one
//   alert per problem, not one per rule that sees it.
// - An episode that closes, or is resolved, notifies when asked to
//   (notify_on_close, notify_on_resolve), on the channels where its
//   opening alert went out or is going out.
// - Extending an episode writes nothing.
StoreResult<void> enqueue_change(Store& store, const EpisodeChange& change,
                                 const AlertSettings& settings, EpochMs now);
StoreResult<void> enqueue_resolved(Store& store, const Violation& violation,
                                   const AlertSettings& settings, EpochMs now);

// Writes a reminder for each open, unacknowledged, unresolved episode
// whose last alert on a channel is at least reminder_interval_ms old.
// Returns how many. Nothing when the interval is 0.
StoreResult<int> enqueue_reminders(Store& store, const AlertSettings& settings, EpochMs now);

// Whether a mute window covers the violation's model now or at the time
// of the point that opened it.
StoreResult<bool> is_muted(Store& store, const Violation& violation, EpochMs now);

// The rule id of a stored rule name ("R3" -> 3, "EWMA" -> kRuleEWMA); 0
// when unknown.
int rule_number(std::string_view rule);

}  // namespace llmscope::alert
