#include "config/config.hpp"

#include "core/target_check.hpp"
#include "config/alert_toml.hpp"

#include <fmt/format.h>
#include <openssl/rand.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "core/violation.hpp"

extern char** environ;

namespace llmscope::config {
namespace {

namespace fs = std::filesystem;
using Error = std::string;

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::optional<bool> parse_bool(const std::string& text) {
  std::string t;
  for (char c : text) t += static_cast<char>(std::tolower(c));
  if (t == "1" || t == "true" || t == "yes" || t == "on") return true;
  if (t == "0" || t == "false" || t == "no" || t == "off" || t.empty())
    return false;
  return std::nullopt;
}

std::optional<double> parse_number(const std::string& text) {
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(v)) return std::nullopt;
  return v;
}

// --- TOML -----------------------------------------------------------------

// Reads typed values from one table, remembering which keys were used so
// that unknown (misspelt) keys can be reported.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string name)
      : table_(table), name_(std::move(name)) {}

  template <typename T>
  std::expected<void, Error> read(const char* key, T& out) {
    used_.insert(key);
    const toml::node* node = table_.get(key);
    if (!node) return {};
    std::optional<T> value;
    if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::string>) {
      value = node->value<T>();
    } else if constexpr (std::is_integral_v<T>) {
      if (auto v = node->value<std::int64_t>(); v && node->is_integer() && *v >= 0)
        value = static_cast<T>(*v);
    } else if (node->is_number()) {
      value = *node->value<double>();
    }
    if (!value)
      return std::unexpected(fmt::format("[{}] {}: wrong type or value", name_, key));
    out = *value;
    return {};
  }

  // Marks a key read by other means as known.
  void known(const char* key) { used_.insert(key); }

  std::expected<void, Error> reject_unknown() const {
    for (const auto& [key, node] : table_) {
      (void)node;
      if (!used_.contains(std::string(key.str())))
        return std::unexpected(
            fmt::format("[{}]: unknown key '{}'", name_, key.str()));
    }
    return {};
  }

 private:
  const toml::table& table_;
  std::string name_;
  std::set<std::string, std::less<>> used_;
};

#define LLMSCOPE_TRY(expr)                                   \
  do {                                                       \
    if (auto r_ = (expr); !r_) return std::unexpected(r_.error()); \
  } while (0)

std::expected<void, Error> read_server(const toml::table& t, Config& c) {
  TableReader r(t, "server");
  LLMSCOPE_TRY(r.read("bind", c.bind));
  LLMSCOPE_TRY(r.read("port", c.port));
  LLMSCOPE_TRY(r.read("api_key", c.api_key));
  LLMSCOPE_TRY(r.read("api_key_file", c.api_key_file));
  LLMSCOPE_TRY(r.read("max_body_bytes", c.max_body_bytes));
  LLMSCOPE_TRY(r.read("log_level", c.log_level));
  r.known("allowed_api_key_envs");
  if (const auto* names = t.get_as<toml::array>("allowed_api_key_envs")) {
    for (const auto& n : *names) {
      auto name = n.value<std::string>();
      if (!name) return std::unexpected("[server] allowed_api_key_envs: must be strings");
      c.allowed_api_key_envs.push_back(*name);
    }
  } else if (t.contains("allowed_api_key_envs")) {
    return std::unexpected("[server] allowed_api_key_envs: must be an array of strings");
  }
  return r.reject_unknown();
}

std::expected<void, Error> read_monitor(const toml::table& t, Config& c) {
  TableReader r(t, "monitor");
  LLMSCOPE_TRY(r.read("interval_s", c.monitor_interval_s));
  LLMSCOPE_TRY(r.read("use_ollama", c.use_ollama));
  LLMSCOPE_TRY(r.read("ollama_base_url", c.ollama_base_url));
  LLMSCOPE_TRY(r.read("ollama_model", c.ollama_model));
  return r.reject_unknown();
}

std::expected<void, Error> read_spc(const toml::table& t, Config& c) {
  TableReader r(t, "spc");
  std::string rules;
  LLMSCOPE_TRY(r.read("alert_on_rule", rules));
  if (!rules.empty()) {
    auto parsed = parse_rule_list(rules);
    if (!parsed) return std::unexpected("[spc] alert_on_rule: " + parsed.error());
    c.alert_on_rule = *parsed;
  }
  LLMSCOPE_TRY(r.read("baseline_hours", c.baseline_hours));
  LLMSCOPE_TRY(r.read("min_baseline_points", c.min_baseline_points));
  LLMSCOPE_TRY(r.read("episode_close_after", c.episode_close_after));
  return r.reject_unknown();
}

std::expected<ProbeTarget, Error> read_target(const toml::table& t,
                                              std::size_t index) {
  ProbeTarget target;
  TableReader r(t, fmt::format("targets.{}", index));
  LLMSCOPE_TRY(r.read("name", target.name));
  LLMSCOPE_TRY(r.read("provider", target.provider));
  LLMSCOPE_TRY(r.read("base_url", target.base_url));
  LLMSCOPE_TRY(r.read("model", target.model));
  LLMSCOPE_TRY(r.read("prompt", target.prompt));
  LLMSCOPE_TRY(r.read("max_tokens", target.max_tokens));
  LLMSCOPE_TRY(r.read("interval_s", target.interval_s));
  LLMSCOPE_TRY(r.read("timeout_s", target.timeout_s));
  LLMSCOPE_TRY(r.read("enabled", target.enabled));
  LLMSCOPE_TRY(r.read("api_key_env", target.api_key_env));
  LLMSCOPE_TRY(r.read("api_key", target.api_key));
  LLMSCOPE_TRY(r.read("connect_timeout_s", target.connect_timeout_s));
  LLMSCOPE_TRY(r.read("first_token_timeout_s", target.first_token_timeout_s));
  LLMSCOPE_TRY(r.read("ca_file", target.ca_file));
  LLMSCOPE_TRY(r.read("http_method", target.http_method));
  LLMSCOPE_TRY(r.read("expect_status", target.expect_status));
  LLMSCOPE_TRY(r.read("expect_body", target.expect_body));
  if (const auto* headers = t.get_as<toml::table>("headers")) {
    for (const auto& [k, v] : *headers) {
      auto value = v.value<std::string>();
      if (!value)
        return std::unexpected(fmt::format(
            "[targets.{}] headers.{}: must be a string", index, k.str()));
      target.headers[std::string(k.str())] = *value;
    }
  }
  r.known("headers");
  LLMSCOPE_TRY(r.reject_unknown());
  if (target.provider == "http" && target.model.empty()) target.model = target.base_url;
  if (target.model.empty() || target.base_url.empty())
    return std::unexpected(fmt::format(
        "[targets.{}]: 'model' and 'base_url' are required", index));
  if (target.name.empty()) target.name = target.provider + "/" + target.model;
  if (auto ok = check_target(target); !ok)
    return std::unexpected(fmt::format("[targets.{}] {}", index, ok.error()));
  return target;
}

std::expected<void, Error> apply_toml(const std::string& path, Config& c) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return std::unexpected(fmt::format(
        "{}:{}:{}: {}", path, e.source().begin.line, e.source().begin.column,
        e.description()));
  }
  for (const auto& [key, node] : root) {
    std::string k(key.str());
    std::expected<void, Error> r;
    if (k == "server" && node.is_table()) {
      r = read_server(*node.as_table(), c);
    } else if (k == "database" && node.is_table()) {
      TableReader db(*node.as_table(), "database");
      r = db.read("path", c.database_path);
      if (r) r = db.reject_unknown();
    } else if (k == "monitor" && node.is_table()) {
      r = read_monitor(*node.as_table(), c);
    } else if (k == "spc" && node.is_table()) {
      r = read_spc(*node.as_table(), c);
    } else if (k == "alerts" && node.is_table()) {
      r = read_alert_table(*node.as_table(), c.alerts);
    } else if (k == "targets" && node.is_array_of_tables()) {
      std::size_t i = 0;
      for (const auto& t : *node.as_array()) {
        auto target = read_target(*t.as_table(), i++);
        if (!target) return std::unexpected(path + ": " + target.error());
        c.targets.push_back(*target);
      }
    } else {
      r = std::unexpected("unknown section '" + k + "'");
    }
    if (!r) return std::unexpected(path + ": " + r.error());
  }
  return {};
}

// --- environment ----------------------------------------------------------

std::expected<void, Error> apply_env(const Environment& env, Config& c) {
  auto get = [&](const char* name) -> const std::string* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : &it->second;
  };
  if (auto v = get("LLMSCOPE_API_KEY"); v && !v->empty()) c.api_key = *v;
  if (auto v = get("DATABASE_PATH"); v && !v->empty()) c.database_path = *v;
  if (auto v = get("OLLAMA_BASE_URL"); v && !v->empty()) c.ollama_base_url = *v;
  if (auto v = get("OLLAMA_MODEL"); v && !v->empty()) c.ollama_model = *v;
  if (auto v = get("USE_OLLAMA")) {
    auto b = parse_bool(*v);
    if (!b) return std::unexpected("USE_OLLAMA: expected true or false, got '" + *v + "'");
    c.use_ollama = *b;
  }
  if (auto v = get("MONITOR_INTERVAL")) {
    auto n = parse_number(*v);
    if (!n || *n <= 0)
      return std::unexpected("MONITOR_INTERVAL: expected a positive number of seconds, got '" +
                             *v + "'");
    c.monitor_interval_s = *n;
  }
  if (auto r = apply_alert_env(env, c.alerts); !r) return r;
  if (auto v = get("ALERT_ON_RULE"); v && !v->empty()) {
    auto rules = parse_rule_list(*v);
    if (!rules) return std::unexpected("ALERT_ON_RULE: " + rules.error());
    c.alert_on_rule = *rules;
  }
  return {};
}

std::expected<void, Error> validate(const Config& c) {
  if (c.port < 0 || c.port > 65535)
    return std::unexpected(fmt::format("port {} is out of range", c.port));
  if (c.monitor_interval_s <= 0 || !std::isfinite(c.monitor_interval_s))
    return std::unexpected("monitor interval must be positive");
  if (c.baseline_hours <= 0)
    return std::unexpected("[spc] baseline_hours must be positive");
  if (c.min_baseline_points < 2)
    return std::unexpected("[spc] min_baseline_points must be at least 2");
  if (c.episode_close_after < 1)
    return std::unexpected("[spc] episode_close_after must be at least 1");
  if (c.database_path.empty()) return std::unexpected("database path is empty");
  if (auto r = validate_alerts(c.alerts); !r) return r;
  for (const auto& t : c.targets)
    if (!known_provider(t.provider))
      return std::unexpected("target '" + t.name +
                             "': provider must be ollama, ollama-chat, openai, anthropic or http");
  return {};
}

}  // namespace

std::expected<Environment, std::string> parse_dotenv(const std::string& text) {
  Environment env;
  std::istringstream in(text);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    if (t.rfind("export ", 0) == 0) t = trim(t.substr(7));
    auto eq = t.find('=');
    if (eq == std::string::npos || eq == 0)
      return std::unexpected(fmt::format(".env line {}: expected KEY=VALUE", number));
    std::string key = trim(t.substr(0, eq));
    std::string value = trim(t.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    } else if (auto hash = value.find(" #"); hash != std::string::npos) {
      value = trim(value.substr(0, hash));
    }
    env[key] = value;
  }
  return env;
}

std::expected<Environment, std::string> read_environment(
    const std::string& dotenv_path) {
  Environment env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    auto eq = entry.find('=');
    if (eq != std::string_view::npos)
      env.emplace(entry.substr(0, eq), entry.substr(eq + 1));
  }
  std::ifstream file(dotenv_path);
  if (!file) return env;
  std::stringstream text;
  text << file.rdbuf();
  auto dotenv = parse_dotenv(text.str());
  if (!dotenv) return std::unexpected(dotenv_path + ": " + dotenv.error());
  for (auto& [k, v] : *dotenv) env.emplace(k, v);  // process wins
  return env;
}

std::expected<Config, std::string> load_config(
    const std::optional<std::string>& toml_path, const Environment& env) {
  Config c;
  if (toml_path) {
    if (!fs::exists(*toml_path))
      return std::unexpected("config file not found: " + *toml_path);
    if (auto r = apply_toml(*toml_path, c); !r) return std::unexpected(r.error());
  }
  if (auto r = apply_env(env, c); !r) return std::unexpected(r.error());
  if (auto r = validate(c); !r) return std::unexpected(r.error());
  return c;
}

std::expected<std::vector<int>, std::string> parse_rule_list(
    const std::string& text) {
  std::vector<int> rules;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    std::string t = trim(item);
    if (t.empty()) continue;
    auto n = rule_from_name(t);
    if (!n)
      return std::unexpected("unknown rule '" + t +
                             "' (expected R1 to R8, MR1, EWMA, CUSUM or P1)");
    if (std::find(rules.begin(), rules.end(), *n) == rules.end()) rules.push_back(*n);
  }
  std::sort(rules.begin(), rules.end());
  return rules;
}

std::string format_rule_list(const std::vector<int>& rules) {
  std::string out;
  for (int r : rules) out += (out.empty() ? "" : ",") + rule_name(r);
  return out;
}

std::expected<ApiKey, std::string> resolve_api_key(const Config& config) {
  if (!config.api_key.empty()) return ApiKey{config.api_key, "configuration", false};
  fs::path file = config.api_key_file.empty()
                      ? fs::path(config.database_path).parent_path() / "api_key"
                      : fs::path(config.api_key_file);
  if (std::ifstream in(file); in) {
    std::string key;
    std::getline(in, key);
    key = trim(key);
    if (key.empty()) return std::unexpected(file.string() + " is empty");
    return ApiKey{key, file.string(), false};
  }

  unsigned char bytes[24];
  if (RAND_bytes(bytes, sizeof bytes) != 1)
    return std::unexpected("could not generate a random API key");
  std::string key = "lsk_";
  for (unsigned char b : bytes) key += fmt::format("{:02x}", b);

  std::error_code ec;
  if (file.has_parent_path()) fs::create_directories(file.parent_path(), ec);
  // Created with mode 0600 from the start, and never over a file that
  // appeared meanwhile (O_EXCL): nobody else may plant or read the key.
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return std::unexpected("cannot create the API key file " + file.string() + ": " +
                           std::strerror(errno));
  std::string line = key + "\n";
  bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::close(fd);
  if (!written) return std::unexpected("cannot write the API key file " + file.string());
  return ApiKey{key, file.string(), true};
}

}  // namespace llmscope::config
