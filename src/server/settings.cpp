#include "server/settings.hpp"

#include <cmath>

#include "server/spc_settings.hpp"

#include "server/alert_settings.hpp"

namespace llmscope::server {
namespace {

using nlohmann::json;

const char* type_name(SettingSpec::Type t) {
  switch (t) {
    case SettingSpec::Type::boolean: return "boolean";
    case SettingSpec::Type::integer: return "integer";
    case SettingSpec::Type::number: return "number";
    case SettingSpec::Type::string: return "string";
  }
  return "string";
}

bool has_type(const json& v, SettingSpec::Type t) {
  switch (t) {
    case SettingSpec::Type::boolean: return v.is_boolean();
    case SettingSpec::Type::integer: return v.is_number_integer();
    case SettingSpec::Type::number:
      return v.is_number() && std::isfinite(v.get<double>());
    case SettingSpec::Type::string: return v.is_string();
  }
  return false;
}

}  // namespace

std::vector<SettingSpec> setting_specs(const config::Config& config) {
  std::vector<SettingSpec> specs;
  specs.push_back({"alert_on_rule", SettingSpec::Type::string,
                   config::format_rule_list(config.alert_on_rule),
                   "Rules that open violations, e.g. \"R1,R2,R3\" (R1-R8: Nelson tests 1-8)",
                   false, [](const json& v) -> std::expected<void, std::string> {
                     auto rules = config::parse_rule_list(v.get<std::string>());
                     if (!rules) return std::unexpected(rules.error());
                     return {};
                   }});
  specs.push_back({"setup_completed",
                   SettingSpec::Type::boolean,
                   config.setup_completed,
                   "The dashboard's setup wizard was finished or skipped; while false it opens "
                   "by itself on a first run",
                   false,
                   {}});
  add_alert_setting_specs(specs, config);
  add_spc_setting_specs(specs, config);
  return specs;
}

Settings::Settings(Store& store, std::vector<SettingSpec> specs)
    : store_(store), specs_(std::move(specs)) {
  // Stored values that no longer parse or fit are ignored (the default
  // applies) rather than stopping the service.
  for (const auto& spec : specs_) {
    auto text = store_.setting(spec.key);
    if (!text || !*text) continue;
    auto v = json::parse(**text, nullptr, false);
    if (v.is_discarded() || !has_type(v, spec.type)) continue;
    if (spec.check && !spec.check(v)) continue;
    stored_[spec.key] = v;
  }
}

const SettingSpec* Settings::find(const std::string& key) const {
  for (const auto& s : specs_)
    if (s.key == key) return &s;
  return nullptr;
}

json Settings::get(const std::string& key) const {
  const SettingSpec* spec = find(key);
  if (!spec) throw std::out_of_range("unknown setting " + key);
  std::lock_guard lock(mutex_);
  auto it = stored_.find(key);
  return it == stored_.end() ? spec->default_value : it->second;
}

json Settings::describe() const {
  json out = json::object();
  for (const auto& spec : specs_) {
    json value = get(spec.key);
    if (spec.secret) {
      bool set = value.is_string() ? !value.get<std::string>().empty() : !value.is_null();
      value = set ? json(kMask) : json("");
    }
    out[spec.key] = {{"value", value},
                     {"default", spec.secret ? json(nullptr) : spec.default_value},
                     {"type", type_name(spec.type)},
                     {"description", spec.description},
                     {"secret", spec.secret}};
  }
  return out;
}

std::expected<json, Settings::Error> Settings::put(const std::string& key, const json& value) {
  const SettingSpec* spec = find(key);
  if (!spec) return std::unexpected(Error{404, "no setting '" + key + "'"});
  if (spec->secret && value == kMask) return json(kMask);  // the mask sent back: unchanged
  if (!has_type(value, spec->type))
    return std::unexpected(
        Error{400, "value: " + key + " must be a " + std::string(type_name(spec->type))});
  if (spec->check)
    if (auto ok = spec->check(value); !ok)
      return std::unexpected(Error{400, "value: " + ok.error()});

  std::vector<Listener> listeners;
  {
    std::lock_guard lock(mutex_);
    if (auto r = store_.put_setting(key, value.dump()); !r)
      return std::unexpected(Error{503, r.error().message});
    stored_[key] = value;
    listeners = listeners_;
  }
  for (const auto& l : listeners) l(key, value);
  return spec->secret ? json(kMask) : value;
}

void Settings::on_change(Listener listener) {
  std::lock_guard lock(mutex_);
  listeners_.push_back(std::move(listener));
}

}  // namespace llmscope::server
