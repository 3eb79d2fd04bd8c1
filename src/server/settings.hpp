#pragma once

#include <expected>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/store.hpp"

namespace llmscope::server {

// One setting that people change at run time through GET/PUT
// /api/settings (and the dashboard). Its default comes from the
// configuration (file, then environment), so the configuration stays the
// one place of defaults; a value PUT through the API is stored in the
// database and wins over the configuration from then on.
struct SettingSpec {
  enum class Type { boolean, integer, number, string };

  std::string key;           // e.g. "alert_on_rule"
  Type type = Type::string;
  nlohmann::json default_value;
  std::string description;   // one line, for the API and the dashboard
  bool secret = false;       // never returned: GET shows "********" when set
  // Further checks beyond the type; returns the error message.
  std::function<std::expected<void, std::string>(const nlohmann::json&)> check;
};

// Every setting the service knows, with defaults from `config`. The one
// list of run-time settings: add new ones here.
std::vector<SettingSpec> setting_specs(const config::Config& config);

// The run-time settings: typed, validated, persisted in the store's
// settings table. Thread-safe. Listeners run after a change is stored, on
// the thread that made it.
class Settings {
 public:
  struct Error {
    int status;  // 404 unknown key, 400 wrong type or value, 503 store
    std::string message;
  };

  Settings(Store& store, std::vector<SettingSpec> specs);

  // The effective value: stored, else the default. Throws std::out_of_range
  // for an unknown key (a programming error).
  nlohmann::json get(const std::string& key) const;

  // Every setting as {"key": {"value", "default", "type", "description",
  // "secret"}}, secrets masked.
  nlohmann::json describe() const;

  // Validates and stores a new value; returns it as GET would show it
  // (masked for a secret). Sending the mask back for a secret changes nothing.
  std::expected<nlohmann::json, Error> put(const std::string& key, const nlohmann::json& value);

  using Listener = std::function<void(const std::string& key, const nlohmann::json& value)>;
  void on_change(Listener listener);

  static constexpr const char* kMask = "********";

 private:
  const SettingSpec* find(const std::string& key) const;

  Store& store_;
  std::vector<SettingSpec> specs_;
  mutable std::mutex mutex_;
  std::map<std::string, nlohmann::json> stored_;
  std::vector<Listener> listeners_;
};

}  // namespace llmscope::server
