#include "core/target_check.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace llmscope {
namespace {

bool has_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

// RFC 9110 token characters.
bool is_token(std::string_view s) {
  static constexpr std::string_view kExtra = "!#$%&'*+-.^_`|~";
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) || kExtra.find(static_cast<char>(c)) != std::string_view::npos;
  });
}

std::expected<void, std::string> check_url(std::string_view url) {
  std::size_t scheme = url.rfind("https://", 0) == 0 ? 8 : url.rfind("http://", 0) == 0 ? 7 : 0;
  if (scheme == 0) return std::unexpected("base_url: must start with http:// or https://");
  if (has_control(url) || url.find(' ') != std::string_view::npos)
    return std::unexpected("base_url: must not contain spaces or control characters");
  std::string_view rest = url.substr(scheme);
  std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  if (host.empty() || host.front() == ':' || host.front() == '@')
    return std::unexpected("base_url: has no host");
  return {};
}

}  // namespace

std::expected<void, std::string> check_target(const ProbeTarget& t) {
  if (auto r = check_url(t.base_url); !r) return r;
  if (t.name.find_first_not_of(" \t") == std::string::npos)
    return std::unexpected("name: must not be blank");
  if (has_control(t.name)) return std::unexpected("name: must not contain control characters");
  if (has_control(t.model)) return std::unexpected("model: must not contain control characters");
  for (const auto& [name, value] : t.headers) {
    if (!is_token(name))
      return std::unexpected("headers: '" + name + "' is not a valid header name");
    if (value.find_first_of("\r\n") != std::string::npos || value.find('\0') != std::string::npos)
      return std::unexpected("headers." + name + ": must not contain line breaks");
  }
  if (!t.api_key_env.empty() && !is_token(t.api_key_env))
    return std::unexpected("api_key_env: not a variable name");
  return {};
}

}  // namespace llmscope
