#include "probe/failure.hpp"

#include <curl/curl.h>

#include <nlohmann/json.hpp>

namespace llmscope::probe {
namespace {

constexpr std::size_t kMaxMessage = 200;

// OpenRouter wraps the upstream provider's words in error.metadata.raw;
// they are the useful part ("... is temporarily rate-limited upstream").
std::string upstream(const nlohmann::json& error) {
  auto meta = error.find("metadata");
  if (meta == error.end() || !meta->is_object()) return "";
  auto raw = meta->find("raw");
  return raw != meta->end() && raw->is_string() ? " (" + raw->get<std::string>() + ")" : "";
}

std::string body_message(std::string_view body) {
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_object()) {
    auto err = json.find("error");
    if (err != json.end() && err->is_string()) return err->get<std::string>();
    if (err != json.end() && err->is_object()) {
      auto msg = err->find("message");
      if (msg != err->end() && msg->is_string()) return msg->get<std::string>() + upstream(*err);
    }
  }
  std::string_view first_line = body.substr(0, body.find_first_of("\r\n"));
  return std::string(first_line);
}

}  // namespace

ErrorKind kind_for_http_status(int status) {
  if (status >= 200 && status < 300) return ErrorKind::none;
  if (status == 429) return ErrorKind::http_429;
  if (status == 529) return ErrorKind::overloaded;
  if (status >= 400 && status < 500) return ErrorKind::http_4xx;
  if (status >= 500 && status < 600) return ErrorKind::http_5xx;
  return ErrorKind::other;
}

ErrorKind kind_for_curl_error(int curl_code, const TransferProgress& progress) {
  switch (static_cast<CURLcode>(curl_code)) {
    case CURLE_OK:
      return ErrorKind::none;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return ErrorKind::dns;
    case CURLE_COULDNT_CONNECT:
      return ErrorKind::connect;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return ErrorKind::tls;
    case CURLE_OPERATION_TIMEDOUT:
      if (!progress.connected) return ErrorKind::timeout_connect;
      return progress.got_text ? ErrorKind::timeout_total : ErrorKind::timeout_first_token;
    default:
      // The server answered and then the body broke off (connection reset,
      // chunked encoding cut): the answer is truncated.
      return progress.got_status ? ErrorKind::truncated : ErrorKind::other;
  }
}

std::string http_error_message(int status, std::string_view body) {
  std::string msg = "HTTP " + std::to_string(status);
  std::string detail = body_message(body);
  if (detail.size() > kMaxMessage) detail = detail.substr(0, kMaxMessage) + "...";
  if (!detail.empty()) msg += ": " + detail;
  return msg;
}

}  // namespace llmscope::probe
