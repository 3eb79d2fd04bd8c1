#include "core/alert.hpp"

#include <array>
#include <utility>

namespace llmscope {
namespace {

constexpr std::array<std::pair<AlertChannel, std::string_view>, 3> kChannels{{
    {AlertChannel::email, "email"},
    {AlertChannel::slack, "slack"},
    {AlertChannel::webhook, "webhook"},
}};
constexpr std::array<std::pair<AlertEvent, std::string_view>, 4> kEvents{{
    {AlertEvent::opened, "opened"},
    {AlertEvent::closed, "closed"},
    {AlertEvent::resolved, "resolved"},
    {AlertEvent::reminder, "reminder"},
}};
using Status = AlertDelivery::Status;
constexpr std::array<std::pair<Status, std::string_view>, 6> kStatuses{{
    {Status::pending, "pending"},
    {Status::sent, "sent"},
    {Status::failed, "failed"},
    {Status::muted, "muted"},
    {Status::suppressed, "suppressed"},
    {Status::cancelled, "cancelled"},
}};

template <typename T, std::size_t N>
std::string_view name_of(const std::array<std::pair<T, std::string_view>, N>& table, T v) {
  for (const auto& [value, name] : table)
    if (value == v) return name;
  return "unknown";
}

template <typename T, std::size_t N>
std::optional<T> value_of(const std::array<std::pair<T, std::string_view>, N>& table,
                          std::string_view s) {
  for (const auto& [value, name] : table)
    if (name == s) return value;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(AlertChannel c) { return name_of(kChannels, c); }
std::string_view to_string(AlertEvent e) { return name_of(kEvents, e); }
std::string_view to_string(AlertDelivery::Status s) { return name_of(kStatuses, s); }

std::optional<AlertChannel> alert_channel_from_string(std::string_view s) {
  return value_of(kChannels, s);
}
std::optional<AlertEvent> alert_event_from_string(std::string_view s) {
  return value_of(kEvents, s);
}
std::optional<AlertDelivery::Status> delivery_status_from_string(std::string_view s) {
  return value_of(kStatuses, s);
}

}  // namespace llmscope

// --- the Store's defaults for the outbox ----------------------------------

#include "core/store.hpp"

namespace llmscope {
namespace {

StoreError unsupported(const char* what) {
  return {StoreError::Kind::io, std::string(what) + ": not supported by this store"};
}

}  // namespace

StoreResult<std::int64_t> Store::insert_delivery(const AlertDelivery&) {
  return std::unexpected(unsupported("insert delivery"));
}
StoreResult<std::vector<AlertDelivery>> Store::deliveries(const DeliveryQuery&) {
  return std::unexpected(unsupported("list deliveries"));
}
StoreResult<void> Store::record_attempt(const AlertAttempt&, const AlertDelivery&) {
  return std::unexpected(unsupported("record attempt"));
}
StoreResult<void> Store::set_delivery_status(std::int64_t, AlertDelivery::Status,
                                             const std::optional<std::string>&) {
  return std::unexpected(unsupported("set delivery status"));
}
StoreResult<std::vector<AlertAttempt>> Store::attempts(const std::vector<std::int64_t>&) {
  return std::unexpected(unsupported("list attempts"));
}
StoreResult<std::int64_t> Store::insert_mute(const AlertMute&) {
  return std::unexpected(unsupported("insert mute"));
}
StoreResult<std::vector<AlertMute>> Store::mutes(EpochMs) {
  return std::unexpected(unsupported("list mutes"));
}
StoreResult<void> Store::delete_mute(std::int64_t) {
  return std::unexpected(unsupported("delete mute"));
}

}  // namespace llmscope
